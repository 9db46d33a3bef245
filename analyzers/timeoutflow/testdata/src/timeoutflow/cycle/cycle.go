// Package cycle has recursive and mutually recursive forwarding.
package cycle

import (
	"context"
	"time"

	"timeoutflow/b"
	"timeoutflow/c"
)

// Loop forwards to itself and then replaces the option through b.
func Loop(ctx context.Context, n int, opts ...c.Option) error {
	if n > 0 {
		return Loop(ctx, n-1, opts...)
	}
	return ping(ctx, n, opts...)
}

func ping(ctx context.Context, n int, opts ...c.Option) error {
	if n > 10 {
		return pong(ctx, n-1, opts...)
	}
	return b.Forward(ctx, opts...)
}

func pong(ctx context.Context, n int, opts ...c.Option) error {
	if n > 5 {
		return ping(ctx, n-1, opts...)
	}
	return b.Append(ctx, opts...)
}

// Request is the user's request.
type Request struct {
	DialTimeout time.Duration
}

// Handle enters the cycle.
func Handle(ctx context.Context, req *Request) error {
	return Loop(ctx, 3, c.WithTimeout(req.DialTimeout)) // want `dial timeout req.DialTimeout is replaced by 2s \(DefaultTimeout, c/c.go:\d+\) via cycle.Handle → cycle.Loop → cycle.ping → cycle.pong → b.Append → b.withDefault`
}
