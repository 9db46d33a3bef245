// Package client applies the timeout a request carries in its context.
package client

import (
	"context"
	"errors"
	"time"

	"timeoutflow/ctxvalue/reqopts"
)

func send(ctx context.Context, m string) error {
	<-ctx.Done()
	return errors.New(m)
}

// Call bounds the call by the request timeout its context carries.
func Call(ctx context.Context, m string) error {
	if d := reqopts.Timeout(ctx); d > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	return send(ctx, m)
}

// Options are per-call options carried in the context.
type Options struct {
	Timeout time.Duration
	Retries int
}

type optionsKey struct{}

// WithOptions returns ctx carrying the call options o.
func WithOptions(ctx context.Context, o *Options) context.Context {
	return context.WithValue(ctx, optionsKey{}, o)
}

// Do bounds the call by the options' timeout.
func Do(ctx context.Context, m string) error {
	if o, ok := ctx.Value(optionsKey{}).(*Options); ok && o.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.Timeout)
		defer cancel()
	}
	return send(ctx, m)
}
