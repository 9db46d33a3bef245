// Package generic: paths through generic functions and methods of generic
// types are followed like any other (through their instances).
package generic

import (
	"context"
	"time"

	"timeoutflow/b"
	"timeoutflow/c"
)

// Forward is generic.
func Forward[T any](ctx context.Context, v T, opts ...c.Option) error {
	return b.Append(ctx, opts...)
}

// ForwardPrepend is generic and lets the caller's option win.
func ForwardPrepend[T any](ctx context.Context, v T, opts ...c.Option) error {
	return b.Prepend(ctx, opts...)
}

// Box has a method on a generic type.
type Box[T any] struct{ V T }

// Call replaces the caller's option through b.Append.
func (x *Box[T]) Call(ctx context.Context, opts ...c.Option) error {
	return b.Append(ctx, opts...)
}

// Request is the user's request.
type Request struct {
	DialTimeout time.Duration
}

// Use calls a generic function with a user timeout.
func Use(ctx context.Context, req *Request) error {
	return Forward(ctx, 1, c.WithTimeout(req.DialTimeout)) // want `^dial timeout req.DialTimeout is replaced by 2s \(DefaultTimeout, c/c.go:\d+\) via generic.Use → generic.Forward → b.Append → b.withDefault: `
}

// UseMethod calls a method of a generic type.
func UseMethod(ctx context.Context, req *Request) error {
	box := &Box[string]{V: "x"}
	return box.Call(ctx, c.WithTimeout(req.DialTimeout)) // want `^dial timeout req.DialTimeout is replaced by 2s \(DefaultTimeout, c/c.go:\d+\) via generic.UseMethod → \(\*generic.Box\[T\]\).Call → b.Append → b.withDefault: `
}

// UsePrepend: the default goes first, nothing is replaced.
func UsePrepend(ctx context.Context, req *Request) error {
	return ForwardPrepend(ctx, "x", c.WithTimeout(req.DialTimeout))
}
