// Package harness is a test runner shipped as a package, the way
// mongo-driver's unified test runner is: its entry point takes a
// *testing.T in a file that imports testing, and the operations it runs
// are unexported helpers in files of their own.
package harness

import (
	"context"
	"testing"
)

// Run runs every operation of a test file.
func Run(t *testing.T, c *Client, ops []string) {
	for _, op := range ops {
		if err := runOp(context.Background(), c, op); err != nil {
			t.Fatal(err)
		}
	}
}
