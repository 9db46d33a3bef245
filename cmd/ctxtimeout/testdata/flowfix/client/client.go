// Package client is an RPC client whose per-request options apply in
// order: the last one wins.
package client

import (
	"context"
	"time"
)

// DefaultTimeout is the client's fixed default.
const DefaultTimeout = 2 * time.Second

// Options are the resolved per-request options.
type Options struct {
	Timeout time.Duration
}

// Option sets a request option.
type Option func(*Options)

// WithTimeout sets the request timeout.
func WithTimeout(d time.Duration) Option {
	return func(o *Options) { o.Timeout = d }
}

// Do resolves the options, starting from the default, and bounds the call.
func Do(ctx context.Context, opts ...Option) error {
	o := Options{Timeout: DefaultTimeout}
	for _, opt := range opts {
		opt(&o)
	}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	<-ctx.Done()
	return ctx.Err()
}
