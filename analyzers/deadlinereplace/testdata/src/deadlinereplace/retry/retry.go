// Package retry holds retry interceptors in the shapes real RPC frameworks
// write them (psrpc, etcd, go-grpc-middleware), each positive next to the
// negative neighbour that the same framework's fixed release uses.
package retry

import (
	"context"
	"slices"
	"time"
)

type RequestOpts struct {
	Timeout time.Duration
}

// RequestOption is last-wins.
type RequestOption func(*RequestOpts)

func WithRequestTimeout(d time.Duration) RequestOption {
	return func(o *RequestOpts) { o.Timeout = d }
}

type StreamOpts struct{ Timeout time.Duration }

type StreamOption func(*StreamOpts)

func WithTimeout(d time.Duration) StreamOption { return func(o *StreamOpts) { o.Timeout = d } }

// Handler is the rest of the client chain.
type Handler func(ctx context.Context, req any, opts ...RequestOption) (any, error)

// Interceptor wraps a Handler.
type Interceptor func(next Handler) Handler

type RetryOptions struct {
	MaxAttempts int
	Timeout     time.Duration
}

func retry(opt RetryOptions, fn func(timeout time.Duration) error) error {
	timeout := opt.Timeout
	var err error
	for i := 0; i < opt.MaxAttempts; i++ {
		if err = fn(timeout); err == nil {
			return nil
		}
	}
	return err
}

// NewRetryInterceptor is psrpc v0.8.0's: make + copy + index store puts the
// attempt timeout after the caller's options, so it wins.
func NewRetryInterceptor(opt RetryOptions) Interceptor { // want NewRetryInterceptor:`replacing middleware\(param 0.Timeout\)`
	return func(next Handler) Handler {
		return func(ctx context.Context, req any, opts ...RequestOption) (res any, err error) {
			err = retry(opt, func(timeout time.Duration) error {
				nextOpts := opts
				if timeout > 0 {
					nextOpts = make([]RequestOption, len(opts)+1)
					copy(nextOpts, opts)
					nextOpts[len(opts)] = WithRequestTimeout(timeout) // want `^caller's timeout option is replaced: WithRequestTimeout\(timeout\) is placed after the caller's opts in NewRetryInterceptor \(closure\) \(last option wins\); prepend it so the caller's option wins$`
				}
				res, err = next(ctx, req, nextOpts...)
				return err
			})
			return
		}
	}
}

// callerTimeout is the timeout the caller's own options set.
func callerTimeout(opts []RequestOption) time.Duration {
	o := &RequestOpts{}
	for _, f := range opts {
		f(o)
	}
	return o.Timeout
}

// NewGuardedRetryInterceptor is psrpc v0.8.2's: the attempt timeout is
// appended only when the caller set none: no finding.
func NewGuardedRetryInterceptor(opt RetryOptions) Interceptor {
	return func(next Handler) Handler {
		return func(ctx context.Context, req any, opts ...RequestOption) (res any, err error) {
			caller := callerTimeout(opts)
			err = retry(opt, func(timeout time.Duration) error {
				nextOpts := opts
				if timeout > 0 && caller == 0 {
					nextOpts = append(slices.Clip(opts), WithRequestTimeout(timeout))
				}
				res, err = next(ctx, req, nextOpts...)
				return err
			})
			return
		}
	}
}

// ConcatInterceptor places its default after the caller's with slices.Concat.
func ConcatInterceptor(next Handler) Handler {
	return func(ctx context.Context, req any, opts ...RequestOption) (any, error) {
		return next(ctx, req, slices.Concat(opts, []RequestOption{WithRequestTimeout(time.Second)})...) // want `^caller's timeout option is replaced: WithRequestTimeout\(time\.Second\) is placed after the caller's opts in ConcatInterceptor \(closure\)`
	}
}

// ConcatFirst puts the default first: the caller's wins: no finding.
func ConcatFirst(next Handler) Handler {
	return func(ctx context.Context, req any, opts ...RequestOption) (any, error) {
		return next(ctx, req, slices.Concat([]RequestOption{WithRequestTimeout(time.Second)}, opts)...)
	}
}

// LoopAppend adds per-attempt timeouts in a loop after the caller's.
func LoopAppend(next Handler) Handler {
	return func(ctx context.Context, req any, opts ...RequestOption) (any, error) {
		all := opts
		for _, d := range []time.Duration{time.Second, 2 * time.Second} {
			all = append(all, WithRequestTimeout(d)) // want `^caller's timeout option is replaced: WithRequestTimeout\(d\) is appended after the caller's opts in LoopAppend \(closure\)`
		}
		return next(ctx, req, all...)
	}
}

// Filtered forwards the caller's options minus its own (etcd's
// filterCallOptions): nothing is dropped: no finding.
func Filtered(next Handler) Handler {
	return func(ctx context.Context, req any, opts ...RequestOption) (any, error) {
		return next(ctx, req, keep(opts)...)
	}
}

func keep(opts []RequestOption) []RequestOption {
	var out []RequestOption
	for _, o := range opts {
		if o != nil {
			out = append(out, o)
		}
	}
	return out
}

// AttemptOptions builds the attempt's list in a helper: the default after
// the caller's options.
func attemptOptions(opts []RequestOption) []RequestOption {
	return append(slices.Clone(opts), WithRequestTimeout(3*time.Second))
}

func HelperAppend(next Handler) Handler {
	return func(ctx context.Context, req any, opts ...RequestOption) (any, error) {
		return next(ctx, req, attemptOptions(opts)...) // timeoutflow's finding (the helper's append is in another function)
	}
}

// Stream is the stream handler a stream retry wrapper decorates.
type Stream interface {
	Send(msg any, opts ...StreamOption) error
}

type streamRetry struct {
	Stream
	opt RetryOptions
}

// Send is psrpc v0.8.0's stream wrapper: the decorated Send gets the
// attempt timeout after the caller's options.
func (s *streamRetry) Send(msg any, opts ...StreamOption) error {
	return retry(s.opt, func(timeout time.Duration) error {
		next := make([]StreamOption, len(opts)+1)
		copy(next, opts)
		next[len(opts)] = WithTimeout(timeout) // want `^caller's timeout option is replaced: WithTimeout\(timeout\) is placed after the caller's opts in \(\*streamRetry\)\.Send \(closure\)`
		return s.Stream.Send(msg, next...)
	})
}

type streamRetryFixed struct {
	Stream
	opt RetryOptions
}

// Send is psrpc v0.8.2's: the attempt timeout first, the caller's win: no finding.
func (s *streamRetryFixed) Send(msg any, opts ...StreamOption) error {
	return retry(s.opt, func(timeout time.Duration) error {
		return s.Stream.Send(msg, append([]StreamOption{WithTimeout(timeout)}, opts...)...)
	})
}

// NotifyOption cannot carry a timeout: dropping it cuts no budget: no finding.
type NotifyOption func(*struct{ secret string })

type Notifier interface {
	Notify(ctx context.Context, event string, opts ...NotifyOption) error
}

type fanout struct{ notifiers []Notifier }

func (f *fanout) Notify(ctx context.Context, event string, opts ...NotifyOption) error {
	for _, n := range f.notifiers {
		if err := n.Notify(ctx, event); err != nil {
			return err
		}
	}
	return nil
}

// A decorator that drops options that can carry a timeout is reported.
type Invoker interface {
	Invoke(ctx context.Context, req any, opts ...RequestOption) error
}

type logging struct{ next Invoker }

func (l *logging) Invoke(ctx context.Context, req any, opts ...RequestOption) error {
	return l.next.Invoke(ctx, req) // want `^caller's options are dropped: l\.next\.Invoke is called without opts\.\.\. in \(\*logging\)\.Invoke,`
}

// ClientOptions are what a client is built with.
type ClientOptions struct {
	Interceptors []Interceptor
}

// ClientOption configures a client.
type ClientOption func(*ClientOptions)

// WithInterceptors installs client interceptors.
func WithInterceptors(ics ...Interceptor) ClientOption {
	return func(o *ClientOptions) { o.Interceptors = append(o.Interceptors, ics...) }
}

// WithRetries is psrpc's WithRPCRetries: it installs NewRetryInterceptor
// with the options it is given, so its callers choose the timeout that
// replaces their callers' own.
func WithRetries(opt RetryOptions) ClientOption { // want WithRetries:`replacing middleware\(param 0.Timeout\)`
	return WithInterceptors(NewRetryInterceptor(opt))
}

// WithGuardedRetries installs the guarded interceptor: nothing to carry.
func WithGuardedRetries(opt RetryOptions) ClientOption {
	return WithInterceptors(NewGuardedRetryInterceptor(opt))
}
