// Package compileerrs does not compile: two errors here (one with
// continuation lines), one in its test file and one in a subpackage.
package compileerrs

import (
	"context"
	"time"
)

// Conn is implemented by nothing here.
type Conn interface {
	Invoke(ctx context.Context) error
}

type conn struct{}

func (conn) invoke(ctx context.Context) error { return nil }

var _ Conn = conn{}

// Call calls a function that is not declared.
func Call(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	return notDeclared(ctx)
}
