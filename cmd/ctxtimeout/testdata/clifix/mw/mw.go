// Package mw is a small RPC client middleware chain.
package mw

import (
	"context"
	"time"
)

// Option configures one call; options apply in order, the last one wins.
type Option func(*CallOptions)

// CallOptions are the resolved per-call settings.
type CallOptions struct{ Timeout time.Duration }

// WithRequestTimeout sets the call's timeout.
func WithRequestTimeout(d time.Duration) Option {
	return func(o *CallOptions) { o.Timeout = d }
}

// Invoker performs a call.
type Invoker func(ctx context.Context, method string, req any, opts ...Option) error

// Tracing wraps next but does not forward the caller's options.
func Tracing(next Invoker) Invoker {
	return func(ctx context.Context, method string, req any, opts ...Option) error {
		return next(ctx, method, req)
	}
}

// Logging wraps next and forwards everything.
func Logging(next Invoker) Invoker {
	return func(ctx context.Context, method string, req any, opts ...Option) error {
		return next(ctx, method, req, opts...)
	}
}
