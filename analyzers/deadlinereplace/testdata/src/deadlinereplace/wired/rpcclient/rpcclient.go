// Package rpcclient builds gRPC clients from functional options, the way
// go-zero's zrpc/internal does: the timeout option lands in a
// ClientOptions field that the client hands to the timeout interceptor
// it installs. Nothing is reported here (the caller of NewClient chooses
// the timeout); NewClient carries the fact, so a package that passes it
// a default or a constant is reported there (package wired).
package rpcclient

import (
	"time"

	"google.golang.org/grpc"

	"deadlinereplace/wired/interceptors"
)

// ClientOptions collect what the options set.
type ClientOptions struct {
	Timeout     time.Duration
	DialOptions []grpc.DialOption
}

// ClientOption customises ClientOptions.
type ClientOption func(*ClientOptions)

// WithTimeout sets the timeout of every call of the client.
func WithTimeout(d time.Duration) ClientOption {
	return func(o *ClientOptions) { o.Timeout = d }
}

// WithDialOption adds a dial option.
func WithDialOption(opt grpc.DialOption) ClientOption {
	return func(o *ClientOptions) { o.DialOptions = append(o.DialOptions, opt) }
}

type client struct {
	conn  *grpc.ClientConn
	trace bool
}

// NewClient dials target with opts applied.
func NewClient(target string, opts ...ClientOption) (*grpc.ClientConn, error) { // want NewClient:`timeout middleware\(param 1.@Timeout\)`
	c := client{}
	if err := c.dial(target, opts...); err != nil {
		return nil, err
	}
	return c.conn, nil
}

func (c *client) dial(target string, opts ...ClientOption) error {
	conn, err := grpc.NewClient(target, c.buildDialOptions(opts...)...)
	c.conn = conn
	return err
}

func (c *client) buildDialOptions(opts ...ClientOption) []grpc.DialOption {
	var co ClientOptions
	for _, o := range opts {
		o(&co)
	}
	return append(co.DialOptions, grpc.WithChainUnaryInterceptor(c.interceptors(co.Timeout)...))
}

func (c *client) interceptors(timeout time.Duration) []grpc.UnaryClientInterceptor {
	var out []grpc.UnaryClientInterceptor
	if c.trace {
		out = append(out, trace)
	}
	if timeout > 0 {
		out = append(out, interceptors.UnaryClientTimeout(timeout))
	}
	return out
}

var trace grpc.UnaryClientInterceptor
