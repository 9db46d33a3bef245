// Package options is a small RPC framework in the style of the incident's
// internal RPC: per-request options applied in order (last one wins), a
// client interceptor chain, and a retry interceptor configured by a struct
// with a package-level default.
package options

import (
	"context"
	"time"
)

// CallOptions is the resolved set of per-request options.
type CallOptions struct {
	Timeout time.Duration
	Retries int
}

// Option sets one per-request option. Options apply in order: the last
// timeout wins.
type Option func(*CallOptions)

// WithRequestTimeout sets the per-request timeout.
func WithRequestTimeout(d time.Duration) Option {
	return func(o *CallOptions) { o.Timeout = d }
}

// WithRetries sets the number of attempts; it is not a timeout option.
func WithRetries(n int) Option {
	return func(o *CallOptions) { o.Retries = n }
}

// Invoker performs one call.
type Invoker func(ctx context.Context, req any, opts ...Option) error

// Interceptor stands between the caller and the invoker.
type Interceptor func(ctx context.Context, req any, next Invoker, opts ...Option) error

// RetryConfig configures the retry interceptor.
type RetryConfig struct {
	MaxAttempts int
	Timeout     time.Duration
	Backoff     time.Duration
}

// DefaultRetryConfig is the package-level default.
var DefaultRetryConfig = RetryConfig{MaxAttempts: 3, Timeout: 3 * time.Second, Backoff: 2 * time.Second}

// Chain composes interceptors, first is outermost. It forwards the caller's
// context and options untouched: no finding.
func Chain(next Invoker, ints ...Interceptor) Invoker {
	for i := len(ints) - 1; i >= 0; i-- {
		in, inner := ints[i], next
		next = func(ctx context.Context, req any, opts ...Option) error {
			return in(ctx, req, inner, opts...)
		}
	}
	return next
}

// RetryInterceptor is the incident: the configured timeout is appended after
// the caller's options, so it replaces the caller's per-request timeout.
func RetryInterceptor(cfg RetryConfig) Interceptor { // want RetryInterceptor:`replacing middleware\(param 0.Timeout\)`
	return func(ctx context.Context, req any, next Invoker, opts ...Option) error {
		var err error
		for attempt := 0; attempt < cfg.MaxAttempts; attempt++ {
			err = next(ctx, req, append(opts, WithRequestTimeout(cfg.Timeout))...) // want `^caller's timeout option is replaced: WithRequestTimeout\(cfg\.Timeout\) is appended after the caller's opts in RetryInterceptor \(closure\) \(last option wins\); prepend it so the caller's option wins$`
			if err == nil {
				return nil
			}
		}
		return err
	}
}

// AppendThenCall appends a fixed timeout option to the slice it later passes.
func AppendThenCall(ctx context.Context, req any, next Invoker, opts ...Option) error {
	opts = append(opts, WithRetries(2), WithRequestTimeout(3*time.Second)) // want `^caller's timeout option is replaced: WithRequestTimeout\(3\*time\.Second\) is appended after the caller's opts in AppendThenCall \(last option wins\); prepend it so the caller's option wins$`
	return next(ctx, req, opts...)
}

// PrependDefault puts its default first, so the caller's option wins: no finding.
func PrependDefault(ctx context.Context, req any, next Invoker, opts ...Option) error {
	return next(ctx, req, append([]Option{WithRequestTimeout(DefaultRetryConfig.Timeout)}, opts...)...)
}

// AppendNonTimeout appends an option that is not a timeout: no finding.
func AppendNonTimeout(ctx context.Context, req any, next Invoker, opts ...Option) error {
	return next(ctx, req, append(opts, WithRetries(5))...)
}

// Forward passes everything on: no finding.
func Forward(ctx context.Context, req any, next Invoker, opts ...Option) error {
	return next(ctx, req, opts...)
}

// TracingInterceptor drops the caller's options: its per-request timeout is
// lost and the client default applies.
func TracingInterceptor(ctx context.Context, req any, next Invoker, opts ...Option) error {
	return next(ctx, req) // want `^caller's options are dropped: next is called without opts\.\.\. in TracingInterceptor, so a per-request timeout the caller passes is not applied and the callee's default is; forward opts\.\.\.$`
}

// DropForOwn passes its own options instead of the caller's.
func DropForOwn(ctx context.Context, req any, next Invoker, opts ...Option) error {
	return next(ctx, req, WithRetries(1)) // want `^caller's options are dropped: next is called without opts\.\.\. in DropForOwn`
}

// Client holds its invoker in a field.
type Client struct {
	invoker Invoker
	cfg     RetryConfig
}

// Call drops the caller's options through a field-held invoker.
func (c *Client) Call(ctx context.Context, req any, opts ...Option) error {
	return c.invoker(ctx, req) // want `^caller's options are dropped: c\.invoker is called without opts\.\.\. in \(\*Client\)\.Call,`
}

// CallConfigured caps the caller's context with a configured timeout,
// whatever deadline the caller set.
func (c *Client) CallConfigured(ctx context.Context, req any, opts ...Option) error {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout) // want `^caller's deadline is replaced: context\.WithTimeout\(ctx, c\.cfg\.Timeout\) applies a configured timeout c\.cfg\.Timeout \(default 3s, options/options\.go:\d+\) unconditionally in \(\*Client\)\.CallConfigured before calling c\.invoker; apply it only when the caller set no deadline \(if _, ok := ctx\.Deadline\(\); !ok\)$`
	defer cancel()
	return c.invoker(ctx, req, opts...)
}

// NewTimeoutInterceptor is a purpose-built timeout interceptor: its one
// setting is the timeout, which only its user passes (no default here).
// Installing it is the user's choice of a cap. No finding.
func NewTimeoutInterceptor(d time.Duration) Interceptor { // want NewTimeoutInterceptor:`timeout middleware\(param 0\)`
	return func(ctx context.Context, req any, next Invoker, opts ...Option) error {
		ctx, cancel := context.WithTimeout(ctx, d)
		defer cancel()
		return next(ctx, req, opts...)
	}
}

// newDefaultTimeout is the same interceptor, but the package installs it
// itself with a fixed timeout (DefaultChain): callers who configured
// nothing get their deadline replaced by 2s. The finding names the
// enclosing function, never a closure name.
func newDefaultTimeout(d time.Duration) Interceptor {
	return func(ctx context.Context, req any, next Invoker, opts ...Option) error {
		ctx, cancel := context.WithTimeout(ctx, d) // want `^caller's deadline is replaced: context\.WithTimeout\(ctx, d\) applies a configured timeout constructor parameter d \(default 2s, options/options\.go:\d+\) unconditionally in newDefaultTimeout \(closure\) before calling next; .*$`
		defer cancel()
		return next(ctx, req, opts...)
	}
}

// DefaultChain is the interceptor chain clients get by default.
func DefaultChain() []Interceptor {
	return []Interceptor{newDefaultTimeout(2 * time.Second)}
}

// FixedDeadline caps with a fixed deadline.
func FixedDeadline(ctx context.Context, req any, next Invoker, opts ...Option) error {
	ctx, cancel := context.WithDeadlineCause(ctx, time.Now().Add(2*time.Second), context.DeadlineExceeded) // want `^caller's deadline is replaced: context\.WithDeadlineCause\(ctx, time\.Now\(\)\.Add\(2\*time\.Second\), \.\.\.\) applies a fixed timeout of 2s unconditionally in FixedDeadline before calling next; `
	defer cancel()
	return next(ctx, req, opts...)
}

// GuardedDefault applies its default only when the caller set no deadline:
// no finding.
func GuardedDefault(ctx context.Context, req any, next Invoker, opts ...Option) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultRetryConfig.Timeout)
		defer cancel()
	}
	return next(ctx, req, opts...)
}

// PerAttemptBudget bounds each attempt by the caller's remaining budget: no
// finding.
func PerAttemptBudget(ctx context.Context, req any, next Invoker, opts ...Option) error {
	per := 5 * time.Second
	if dl, ok := ctx.Deadline(); ok {
		per = min(time.Until(dl)/2, 5*time.Second)
	}
	actx, cancel := context.WithTimeout(ctx, per)
	defer cancel()
	return next(actx, req, opts...)
}

// Detached passes on a context that no longer depends on the caller's.
func Detached(ctx context.Context, req any, next Invoker, opts ...Option) error {
	return next(context.WithoutCancel(ctx), req, opts...) // want `^caller's context is replaced: next receives a context rooted at context\.WithoutCancel\(ctx\) \(options/options\.go:\d+\) in Detached; derive it from the caller's ctx$`
}

// Rooted passes on a fresh root context with its own timeout.
func Rooted(ctx context.Context, req any, next Invoker, opts ...Option) error {
	bg, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return next(bg, req, opts...) // want `^caller's context is replaced: next receives a context rooted at context\.Background\(\) \(options/options\.go:\d+\) in Rooted; derive it from the caller's ctx$`
}

// RetryWithClosure calls next inside a closure: the finding names the
// enclosing function.
func RetryWithClosure(ctx context.Context, req any, next Invoker, opts ...Option) error {
	attempt := func() error {
		return next(ctx, req) // want `^caller's options are dropped: next is called without opts\.\.\. in RetryWithClosure \(closure\), `
	}
	return attempt()
}

// StartCall returns a context to its caller, which owns it: no finding.
func StartCall(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, 3*time.Second)
}

// ConditionalAppend appends its configured timeout whenever one is
// configured: the condition is about the config, not the caller's budget.
func ConditionalAppend(cfg RetryConfig) Interceptor { // want ConditionalAppend:`replacing middleware\(param 0.Timeout\)`
	return func(ctx context.Context, req any, next Invoker, opts ...Option) error {
		if cfg.Timeout > 0 {
			opts = append(opts, WithRequestTimeout(cfg.Timeout)) // want `^caller's timeout option is replaced: WithRequestTimeout\(cfg\.Timeout\) is appended after the caller's opts in ConditionalAppend \(closure\)`
		}
		return next(ctx, req, opts...)
	}
}

// DeadlineAwareAppend adds its option only when the caller set no
// deadline: no finding.
func DeadlineAwareAppend(ctx context.Context, req any, next Invoker, opts ...Option) error {
	if _, ok := ctx.Deadline(); !ok {
		opts = append(opts, WithRequestTimeout(DefaultRetryConfig.Timeout))
	}
	return next(ctx, req, opts...)
}

// LoggingInterceptor is a package-level function literal: the finding
// names the variable.
var LoggingInterceptor Interceptor = func(ctx context.Context, req any, next Invoker, opts ...Option) error {
	return next(ctx, req) // want `^caller's options are dropped: next is called without opts\.\.\. in LoggingInterceptor \(closure\), `
}

// Session keeps a context with a lifetime of its own, and its cancel func,
// in fields: no finding.
type Session struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// Open starts the session's context and runs the first call in it.
func (s *Session) Open(ctx context.Context, req any, next Invoker, opts ...Option) error {
	s.ctx, s.cancel = context.WithTimeout(ctx, time.Hour)
	return next(s.ctx, req, opts...)
}

// NilFallback substitutes Background only for a nil context: no finding.
func NilFallback(ctx context.Context, req any, next Invoker, opts ...Option) error {
	if ctx == nil {
		ctx = context.Background()
	}
	return next(ctx, req, opts...)
}

// CopyThenAppend is the incident's attempt options written inline: a copy
// of the caller's options, then the retry timeout.
func CopyThenAppend(cfg RetryConfig) Interceptor { // want CopyThenAppend:`replacing middleware\(param 0.Timeout\)`
	return func(ctx context.Context, req any, next Invoker, opts ...Option) error {
		attempt := make([]Option, 0, len(opts)+1)
		attempt = append(attempt, opts...)
		return next(ctx, req, append(attempt, WithRequestTimeout(cfg.Timeout))...) // want `^caller's timeout option is replaced: WithRequestTimeout\(cfg\.Timeout\) is appended after the caller's opts in CopyThenAppend \(closure\)`
	}
}

// WithBudget sets the per-request timeout under a name the built-in rule
// does not know; the test registers it with -options.
func WithBudget(d time.Duration) Option {
	return func(o *CallOptions) { o.Timeout = d }
}

// BudgetInterceptor appends a registered timeout option after the caller's.
func BudgetInterceptor(ctx context.Context, req any, next Invoker, opts ...Option) error {
	return next(ctx, req, append(opts, WithBudget(time.Second))...) // want `^caller's timeout option is replaced: WithBudget\(time\.Second\) is appended after the caller's opts in BudgetInterceptor`
}

// Wrap is a generic wrapper: its closure roots next at Background.
func Wrap[T any](next func(context.Context, T) error) func(context.Context, T) error {
	return func(ctx context.Context, v T) error {
		return next(context.TODO(), v) // want `^caller's context is replaced: next receives a context rooted at context\.TODO\(\) \(options/options\.go:\d+\) in Wrap \(closure\); derive it from the caller's ctx$`
	}
}

// Method values of a generic type work too: no finding when forwarded.
type Pipeline[T any] struct {
	next func(context.Context, T, ...Option) error
}

// Do forwards everything.
func (p *Pipeline[T]) Do(ctx context.Context, v T, opts ...Option) error {
	return p.next(ctx, v, opts...)
}

// DoDropped drops the caller's options.
func (p *Pipeline[T]) DoDropped(ctx context.Context, v T, opts ...Option) error {
	return p.next(ctx, v) // want `^caller's options are dropped: p\.next is called without opts\.\.\. in \(\*Pipeline\)\.DoDropped, `
}

// AppendDefault appends the package default after the caller's options.
func AppendDefault(ctx context.Context, req any, next Invoker, opts ...Option) error {
	return next(ctx, req, append(opts, WithRequestTimeout(DefaultRetryConfig.Timeout))...) // want `^caller's timeout option is replaced: WithRequestTimeout\(DefaultRetryConfig\.Timeout\) = 3s \(DefaultRetryConfig\.Timeout, options/options\.go:\d+\) is appended after the caller's opts in AppendDefault \(last option wins\); prepend it so the caller's option wins$`
}
