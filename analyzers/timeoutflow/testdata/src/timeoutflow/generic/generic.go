// Package generic checks that generic code is skipped without panics.
package generic

import (
	"context"
	"time"

	"timeoutflow/b"
	"timeoutflow/c"
)

// Forward is generic: skipped (precision first).
func Forward[T any](ctx context.Context, v T, opts ...c.Option) error {
	return b.Append(ctx, opts...)
}

// Box has a method on a generic type.
type Box[T any] struct{ V T }

// Call is skipped too.
func (x *Box[T]) Call(ctx context.Context, opts ...c.Option) error {
	return b.Append(ctx, opts...)
}

// Request is the user's request.
type Request struct {
	DialTimeout time.Duration
}

// Use calls generic code with a user timeout: nothing is reported.
func Use(ctx context.Context, req *Request) error {
	if err := Forward(ctx, 1, c.WithTimeout(req.DialTimeout)); err != nil {
		return err
	}
	box := &Box[string]{V: "x"}
	return box.Call(ctx, c.WithTimeout(req.DialTimeout))
}
