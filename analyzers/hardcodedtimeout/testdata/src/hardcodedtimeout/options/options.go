// Package options: fixed per-request timeout options.
package options

import (
	"context"
	"time"

	"google.golang.org/grpc"
)

type callOptions struct {
	timeout time.Duration
	budget  time.Duration
}

// CallOption configures one call.
type CallOption func(*callOptions)

// WithRequestTimeout bounds one request.
func WithRequestTimeout(d time.Duration) CallOption {
	return func(o *callOptions) { o.timeout = d }
}

// WithBudget bounds one request; its name does not say Timeout, so it is
// registered with -options in the test.
func WithBudget(d time.Duration) CallOption {
	return func(o *callOptions) { o.budget = d }
}

// WithRetries is not a timeout option.
func WithRetries(n int) CallOption { return func(o *callOptions) {} }

// DefaultRequestTimeout is the package default.
const DefaultRequestTimeout = 3 * time.Second

type Client struct{}

func (c *Client) Call(ctx context.Context, method string, req any, opts ...CallOption) error {
	return nil
}

type API struct {
	client  *Client
	timeout time.Duration
}

func (a *API) Fixed(ctx context.Context, req any) error {
	return a.client.Call(ctx, "/sip/Dial", req, WithRequestTimeout(DefaultRequestTimeout)) // want `^caller's deadline may be capped by fixed 3s \(DefaultRequestTimeout, options/options.go:34\) via per-request option options.WithRequestTimeout in \(\*API\).Fixed: pass the caller's remaining budget \(time.Until of ctx.Deadline\(\)\) or let the caller configure it$`
}

func (a *API) Registered(ctx context.Context, req any) error {
	return a.client.Call(ctx, "/sip/Dial", req, WithRetries(3), WithBudget(5*time.Second)) // want `^caller's deadline may be capped by fixed 5s via per-request option options.WithBudget in \(\*API\).Registered: pass the caller's remaining budget \(time.Until of ctx.Deadline\(\)\) or let the caller configure it$`
}

func (a *API) Appended(ctx context.Context, req any, opts ...CallOption) error {
	return a.client.Call(ctx, "/sip/Dial", req, append(opts, WithRequestTimeout(2*time.Second))...) // want `^caller's deadline may be capped by fixed 2s via per-request option options.WithRequestTimeout in \(\*API\).Appended: pass the caller's remaining budget \(time.Until of ctx.Deadline\(\)\) or let the caller configure it$`
}

func (a *API) SliceLit(ctx context.Context, req any) error {
	return a.client.Call(ctx, "/sip/Dial", req, []CallOption{WithRetries(1), WithRequestTimeout(DefaultRequestTimeout)}...) // want `fixed 3s \(DefaultRequestTimeout, options/options.go:34\) via per-request option options.WithRequestTimeout in \(\*API\).SliceLit`
}

func (a *API) GRPCDial(ctx context.Context, target string) error {
	_, err := grpc.DialContext(ctx, target, grpc.WithTimeout(10*time.Second)) // want `fixed 10s via per-request option grpc.WithTimeout in \(\*API\).GRPCDial`
	return err
}

// Negative neighbours.

// DialRequest carries the user's budget.
type DialRequest struct {
	RingingTimeout time.Duration
}

func (a *API) UserTimeout(ctx context.Context, req *DialRequest) error {
	return a.client.Call(ctx, "/sip/Dial", req, WithRequestTimeout(req.RingingTimeout))
}

func (a *API) Remaining(ctx context.Context, req any) error {
	opts := []CallOption{}
	if dl, ok := ctx.Deadline(); ok {
		return a.client.Call(ctx, "/sip/Dial", req, WithRequestTimeout(time.Until(dl)))
	}
	return a.client.Call(ctx, "/sip/Dial", req, append(opts, WithRequestTimeout(DefaultRequestTimeout))...)
}

func (a *API) Configured(ctx context.Context, req any) error {
	return a.client.Call(ctx, "/sip/Dial", req, WithRequestTimeout(a.timeout))
}

func (a *API) NotCallerWork(req any) error {
	return a.client.Call(context.Background(), "/sip/Dial", req, WithRequestTimeout(time.Second))
}

// NewDefaultOptions builds defaults outside any caller's request.
func NewDefaultOptions() []CallOption {
	return []CallOption{WithRequestTimeout(DefaultRequestTimeout)}
}
