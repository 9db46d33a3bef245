// Package c is the leaf of the fixture: a client whose requests take
// functional options, applied in order (last wins).
package c

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

// Bounded bounds ctx by d: whoever passes a fixed d caps the caller.
func Bounded(ctx context.Context, d time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return Do(ctx)
}

// Config configures retries; DefaultConfig is the package default.
type Config struct {
	Attempts int
	Timeout  time.Duration
}

// DefaultConfig is never changed by the package.
var DefaultConfig = Config{
	Attempts: 3,
	Timeout:  2 * time.Second,
}
