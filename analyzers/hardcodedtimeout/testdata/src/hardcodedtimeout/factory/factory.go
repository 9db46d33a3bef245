// Package factory builds every RPC's context in one helper, the way the
// temporal SDK's newGRPCContext does: a builder holds the parent context
// and the timeout, and its Build method applies the timeout. The helpers
// return the context to their callers; the client's methods pass their
// caller's context in and send on the result, so the default caps every
// call whose caller set a longer deadline.
package factory

import (
	"context"
	"time"
)

const defaultRPCTimeout = 10 * time.Second

// Service is the remote API, as a gRPC client stub has it.
type Service interface {
	DescribeExecution(ctx context.Context, req *Request) (*Response, error)
	RequestCancelExecution(ctx context.Context, req *Request) (*Response, error)
	PollQueue(ctx context.Context, req *Request) (*Response, error)
}

// Request and Response are the service's messages.
type (
	Request  struct{ ID string }
	Response struct{ Status string }
)

type builder struct {
	Timeout time.Duration
	// Parent is the context the new one derives from; Background when
	// nil.
	Parent context.Context
	Header map[string]string
}

func (b *builder) Build() (context.Context, context.CancelFunc) {
	ctx := b.Parent
	if ctx == nil {
		ctx = context.Background()
	}
	if b.Header != nil {
		ctx = context.WithValue(ctx, headerKey{}, b.Header)
	}
	cancel := context.CancelFunc(func() {})
	if b.Timeout != 0 {
		ctx, cancel = context.WithTimeout(ctx, b.Timeout) // want `^caller's deadline may be capped by c\.rpcTimeout \(default 10s\) via context\.WithTimeout in \(\*builder\)\.Build, whose context is returned through newRPCContext to \(\*Client\)\.Cancel and 1 more, which send on it with their caller's context: apply it only when the caller set no deadline`
	}
	return ctx, cancel
}

type headerKey struct{}

// newRPCContext is every call's context: the client's timeout, 10s when
// none is configured.
func newRPCContext(ctx context.Context, timeout time.Duration) (context.Context, context.CancelFunc) {
	if timeout == 0 {
		timeout = defaultRPCTimeout
	}
	b := &builder{Parent: ctx, Timeout: timeout, Header: map[string]string{"client": "factory"}}
	return b.Build()
}

// Client calls the service.
type Client struct {
	svc        Service
	rpcTimeout time.Duration
}

// Describe sends on the factory's context.
func (c *Client) Describe(ctx context.Context, id string) (string, error) {
	ctx, cancel := newRPCContext(ctx, c.rpcTimeout)
	defer cancel()
	resp, err := c.svc.DescribeExecution(ctx, &Request{ID: id})
	if err != nil {
		return "", err
	}
	return resp.Status, nil
}

// Cancel sends on the factory's context too.
func (c *Client) Cancel(ctx context.Context, id string) error {
	grpcCtx, cancel := newRPCContext(ctx, c.rpcTimeout)
	defer cancel()
	_, err := c.svc.RequestCancelExecution(grpcCtx, &Request{ID: id})
	return err
}

// GuardedDescribe applies the factory only when its caller set no
// deadline. Not a user.
func (c *Client) GuardedDescribe(ctx context.Context, id string) (string, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = newRPCContext(ctx, c.rpcTimeout)
		defer cancel()
	}
	resp, err := c.svc.DescribeExecution(ctx, &Request{ID: id})
	if err != nil {
		return "", err
	}
	return resp.Status, nil
}

// pollLoop polls on its own root: not a user.
func (c *Client) pollLoop(queue string) (string, error) {
	ctx, cancel := newRPCContext(context.Background(), time.Minute)
	defer cancel()
	resp, err := c.svc.PollQueue(ctx, &Request{ID: queue})
	if err != nil {
		return "", err
	}
	return resp.Status, nil
}

// remainingContext bounds by the caller's remaining budget: no cap.
func remainingContext(ctx context.Context) (context.Context, context.CancelFunc) {
	dl, ok := ctx.Deadline()
	if !ok {
		return context.WithCancel(ctx)
	}
	b := &builder{Parent: ctx, Timeout: time.Until(dl) / 2}
	return b.Build()
}

// Half sends with half the caller's remaining budget. Not a user of a
// cap.
func (c *Client) Half(ctx context.Context, id string) error {
	ctx, cancel := remainingContext(ctx)
	defer cancel()
	_, err := c.svc.RequestCancelExecution(ctx, &Request{ID: id})
	return err
}

// userContext bounds by the caller's own timeout: no cap either.
func userContext(ctx context.Context, timeout time.Duration) (context.Context, context.CancelFunc) {
	b := &builder{Parent: ctx, Timeout: timeout}
	return b.Build()
}

// WithTimeoutDescribe sends with the timeout its caller passes.
func (c *Client) WithTimeoutDescribe(ctx context.Context, id string, timeout time.Duration) (string, error) {
	ctx, cancel := userContext(ctx, timeout)
	defer cancel()
	resp, err := c.svc.DescribeExecution(ctx, &Request{ID: id})
	if err != nil {
		return "", err
	}
	return resp.Status, nil
}
