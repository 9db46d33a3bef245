// Package rpc is a tiny RPC client with functional per-call options.
package rpc

import (
	"context"
	"time"
)

// Option configures one call.
type Option func(*settings)

type settings struct{ budget time.Duration }

// WithBudget bounds one call. Its name does not say "timeout", so
// hardcodedtimeout knows it only through -hardcodedtimeout.options.
func WithBudget(d time.Duration) Option {
	return func(s *settings) { s.budget = d }
}

// Client calls a remote service.
type Client struct{}

// Call performs method with the caller's context.
func (c *Client) Call(ctx context.Context, method string, opts ...Option) error {
	var s settings
	for _, o := range opts {
		o(&s)
	}
	if s.budget > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.budget)
		defer cancel()
	}
	return ctx.Err()
}
