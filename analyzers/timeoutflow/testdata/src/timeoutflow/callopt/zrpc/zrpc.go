// Package zrpc carries per-call timeouts in gRPC call options, as
// go-zero's zrpc.WithCallTimeout does; its client adds its default.
package zrpc

import (
	"context"
	"time"

	"google.golang.org/grpc"
)

// DefaultCallTimeout is the client's per-call timeout.
const DefaultCallTimeout = 2 * time.Second

type callTimeout struct {
	grpc.EmptyCallOption
	d time.Duration
}

// WithCallTimeout sets a call's timeout; the last one wins.
func WithCallTimeout(d time.Duration) grpc.CallOption { return callTimeout{d: d} }

// Client calls a gRPC connection.
type Client struct {
	cc *grpc.ClientConn
}

// withDefault places the default after the caller's options: it wins.
func withDefault(opts []grpc.CallOption) []grpc.CallOption {
	return append(opts, WithCallTimeout(DefaultCallTimeout))
}

// Call sends with the default option last.
func (c *Client) Call(ctx context.Context, method string, opts ...grpc.CallOption) error {
	return c.cc.Invoke(ctx, method, nil, nil, withDefault(opts)...)
}

// CallDefault places the default first: the caller's option wins.
func (c *Client) CallDefault(ctx context.Context, method string, opts ...grpc.CallOption) error {
	opts = append([]grpc.CallOption{WithCallTimeout(DefaultCallTimeout)}, opts...)
	return c.cc.Invoke(ctx, method, nil, nil, opts...)
}
