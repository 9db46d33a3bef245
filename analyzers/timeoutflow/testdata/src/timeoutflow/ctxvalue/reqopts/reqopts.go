// Package reqopts carries a request's timeout in its context, the way
// some RPC stacks carry call options: a budget that travels in a context
// value rather than as a deadline.
package reqopts

import (
	"context"
	"time"
)

type timeoutKey struct{}

// WithTimeout returns ctx carrying the request timeout d.
func WithTimeout(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, timeoutKey{}, d)
}

// Timeout is the request timeout ctx carries, or zero.
func Timeout(ctx context.Context) time.Duration {
	d, _ := ctx.Value(timeoutKey{}).(time.Duration)
	return d
}
