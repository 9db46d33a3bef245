// Package lists exercises the engine's option-list model: each
// useList(x) is reported with the caller's options it carries (base) and
// the timeout options placed before (pre) and after (suf) them.
package lists

import (
	"context"
	"slices"
	"time"
)

type callOpts struct {
	Timeout time.Duration
	Retries int
}

// Option is a functional request option; the last one wins.
type Option func(*callOpts)

func WithTimeout(d time.Duration) Option { return func(o *callOpts) { o.Timeout = d } }

func WithRetries(n int) Option { return func(o *callOpts) { o.Retries = n } }

const DefaultTimeout = 3 * time.Second

func useList(...Option) {}

func use(time.Duration) {}

func bound() {}

func Shapes(ctx context.Context, opts ...Option) {
	useList(opts...)                                                // want `list base=param opts pre=\[\] suf=\[\] elems=\[\]`
	useList(append(opts, WithTimeout(DefaultTimeout))...)           // want `list base=param opts pre=\[\] suf=\[fixed 3s DefaultTimeout\] elems=\[\]`
	useList(append([]Option{WithTimeout(time.Second)}, opts...)...) // want `list base=param opts pre=\[fixed 1s\] suf=\[\] elems=\[\]`
	useList(WithRetries(2))                                         // want `list base=none pre=\[\] suf=\[\] elems=\[\]`
	useList()                                                       // want `list base=none pre=\[\] suf=\[\] elems=\[\]`

	// make + copy + index store: the psrpc v0.8.0 retry interceptor.
	next := make([]Option, len(opts)+1)
	copy(next, opts)
	next[len(opts)] = WithTimeout(DefaultTimeout)
	useList(next...) // want `list base=param opts pre=\[\] suf=\[fixed 3s DefaultTimeout\] elems=\[\]`

	// ... and the default placed first: the caller's wins.
	first := make([]Option, len(opts)+1)
	first[0] = WithTimeout(DefaultTimeout)
	copy(first[1:], opts)
	useList(first...) // want `list base=param opts pre=\[fixed 3s DefaultTimeout\] suf=\[\] elems=\[\]`

	useList(slices.Concat(opts, []Option{WithTimeout(2 * time.Second)})...) // want `list base=param opts pre=\[\] suf=\[fixed 2s\] elems=\[\]`
	useList(slices.Concat([]Option{WithTimeout(2 * time.Second)}, opts)...) // want `list base=param opts pre=\[fixed 2s\] suf=\[\] elems=\[\]`
	useList(append(slices.Clip(opts), WithTimeout(time.Second))...)         // want `list base=param opts pre=\[\] suf=\[fixed 1s\] elems=\[\]`

	// append in a loop.
	all := opts
	for _, d := range []time.Duration{time.Second} {
		all = append(all, WithTimeout(d))
	}
	useList(all...) // want `list base=param opts pre=\[\] suf=\[unknown\] elems=\[\]`

	useList(withDefault(opts)...)  // want `list base=param opts pre=\[\] suf=\[fixed 3s DefaultTimeout\] elems=\[\]`
	useList(defaultFirst(opts)...) // want `list base=param opts pre=\[fixed 3s DefaultTimeout\] suf=\[\] elems=\[\]`
	useList(filtered(opts)...)     // want `list base=param opts filtered pre=\[\] suf=\[\] elems=\[\]`
}

// withDefault is a helper returning the list: the default after the caller's.
func withDefault(opts []Option) []Option {
	out := make([]Option, 0, len(opts)+1)
	out = append(out, opts...)
	return append(out, WithTimeout(DefaultTimeout))
}

func defaultFirst(opts []Option) []Option {
	return append([]Option{WithTimeout(DefaultTimeout)}, opts...)
}

// filtered keeps the caller's options that pass a test: it forwards them.
func filtered(opts []Option) []Option {
	var out []Option
	for _, o := range opts {
		if o != nil {
			out = append(out, o)
		}
	}
	return out
}

// requestTimeout is the timeout the caller's options set.
func requestTimeout(opts []Option) time.Duration {
	o := &callOpts{}
	for _, f := range opts {
		f(o)
	}
	return o.Timeout
}

// Guards: the psrpc v0.8.2 retry interceptor appends its timeout only
// when the caller's options set none.
func Guarded(ctx context.Context, timeout time.Duration, opts ...Option) {
	callerTimeout := requestTimeout(opts)
	use(callerTimeout) // want `user \? the caller's timeout option \(opts\)`
	next := opts
	if timeout > 0 && callerTimeout == 0 {
		next = append(slices.Clip(opts), WithTimeout(timeout))
		bound() // want `guarded`
	}
	useList(next...) // want `list base=param opts pre=\[\] suf=\[\] elems=\[\]`
	if callerTimeout > 0 {
		bound() // want `unguarded`
	}
	if _, ok := ctx.Deadline(); !ok {
		bound() // want `guarded`
	}
	_, has := ctx.Deadline()
	if has {
		return
	}
	bound() // want `guarded`
}

func FarEnough(ctx context.Context) {
	if dl, ok := ctx.Deadline(); !ok || time.Until(dl) > DefaultTimeout {
		bound() // want `unguarded`
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < DefaultTimeout {
		return
	}
	bound() // want `unguarded`
}
