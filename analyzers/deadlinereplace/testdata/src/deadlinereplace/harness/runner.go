// Package harness is a test runner shipped as a package (mongo-driver's
// unified runner): its entry point takes a *testing.T in a file that
// imports testing; the operations are unexported helpers elsewhere.
package harness

import (
	"context"
	"testing"
)

// Run runs the operations of a test.
func Run(t *testing.T, db DB, ops []string) {
	for _, op := range ops {
		if err := execute(context.Background(), db, op); err != nil {
			t.Fatal(err)
		}
	}
}
