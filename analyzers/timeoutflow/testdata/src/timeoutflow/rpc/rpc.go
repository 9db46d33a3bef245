// Package rpc is a small RPC client framework: request options applied in
// order (last wins), a client interceptor chain (first is outermost) and a
// retry interceptor configured by a struct with a package-level default.
package rpc

import (
	"context"
	"errors"
	"time"
)

// DefaultClientTimeout is the client's default request timeout.
const DefaultClientTimeout = 3 * time.Second

// RequestOptions are the resolved per-request options.
type RequestOptions struct {
	Timeout time.Duration
}

// RequestOption sets a per-request option.
type RequestOption func(*RequestOptions)

// WithRequestTimeout sets the request timeout.
func WithRequestTimeout(d time.Duration) RequestOption {
	return func(o *RequestOptions) { o.Timeout = d }
}

// Invoker performs a call.
type Invoker func(ctx context.Context, method string, opts ...RequestOption) error

// ClientInterceptor wraps an Invoker.
type ClientInterceptor func(ctx context.Context, method string, next Invoker, opts ...RequestOption) error

type clientConfig struct {
	timeout      time.Duration
	interceptors []ClientInterceptor
}

// ClientOption configures a client.
type ClientOption func(*clientConfig)

// WithClientInterceptors installs interceptors (first is outermost).
func WithClientInterceptors(ics ...ClientInterceptor) ClientOption {
	return func(c *clientConfig) { c.interceptors = append(c.interceptors, ics...) }
}

// Client is an RPC client.
type Client struct {
	cfg     clientConfig
	invoker Invoker
}

// NewClient builds a client and its interceptor chain.
func NewClient(opts ...ClientOption) *Client {
	cfg := clientConfig{timeout: DefaultClientTimeout}
	for _, o := range opts {
		o(&cfg)
	}
	c := &Client{cfg: cfg}
	c.invoker = chainInterceptors(cfg.interceptors, c.invoke)
	return c
}

func chainInterceptors(ics []ClientInterceptor, final Invoker) Invoker {
	next := final
	for i := len(ics) - 1; i >= 0; i-- {
		ic, n := ics[i], next
		next = func(ctx context.Context, method string, opts ...RequestOption) error {
			return ic(ctx, method, n, opts...)
		}
	}
	return next
}

// Call runs the interceptor chain.
func (c *Client) Call(ctx context.Context, method string, opts ...RequestOption) error {
	return c.invoker(ctx, method, opts...)
}

func (c *Client) invoke(ctx context.Context, method string, opts ...RequestOption) error {
	o := RequestOptions{Timeout: c.cfg.timeout}
	for _, opt := range opts {
		opt(&o)
	}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	<-ctx.Done()
	return ctx.Err()
}

// RetryConfig configures retries.
type RetryConfig struct {
	MaxAttempts int
	Timeout     time.Duration
	Backoff     time.Duration
}

// DefaultRetryConfig is the package default.
var DefaultRetryConfig = RetryConfig{
	MaxAttempts: 3,
	Timeout:     3 * time.Second,
	Backoff:     2 * time.Second,
}

var errRetry = errors.New("retry")

// RetryInterceptor retries; each attempt gets the retry timeout appended
// after the caller's options (the incident).
func RetryInterceptor(cfg RetryConfig) ClientInterceptor {
	return func(ctx context.Context, method string, next Invoker, opts ...RequestOption) error {
		var err error
		for i := 0; i < cfg.MaxAttempts; i++ {
			if err = next(ctx, method, attemptOptions(cfg, opts)...); !errors.Is(err, errRetry) {
				return err
			}
		}
		return err
	}
}

func attemptOptions(cfg RetryConfig, opts []RequestOption) []RequestOption {
	return append(opts[:len(opts):len(opts)], WithRequestTimeout(cfg.Timeout))
}

// SafeRetryInterceptor puts its timeout first: the caller's option wins.
func SafeRetryInterceptor(cfg RetryConfig) ClientInterceptor {
	return func(ctx context.Context, method string, next Invoker, opts ...RequestOption) error {
		return next(ctx, method, defaultOptions(cfg, opts)...)
	}
}

func defaultOptions(cfg RetryConfig, opts []RequestOption) []RequestOption {
	return append([]RequestOption{WithRequestTimeout(cfg.Timeout)}, opts...)
}

// TracingInterceptor forwards everything.
func TracingInterceptor() ClientInterceptor {
	return func(ctx context.Context, method string, next Invoker, opts ...RequestOption) error {
		return next(ctx, method, opts...)
	}
}
