// Package a receives user timeouts in requests.
package a

import (
	"context"
	"time"

	"timeoutflow/b"
	"timeoutflow/c"
)

// DefaultRingingTimeout is the API's default.
const DefaultRingingTimeout = 30 * time.Second

// Request is what a user sends.
type Request struct {
	RingingTimeout time.Duration
	QuickTimeout   time.Duration
}

func ringing(req *Request) time.Duration {
	return req.RingingTimeout
}

// Appended: the user's option is replaced three packages away.
func Appended(ctx context.Context, req *Request) error {
	t := DefaultRingingTimeout
	if req.RingingTimeout > 0 {
		t = req.RingingTimeout
	}
	return b.Append(ctx, c.WithTimeout(t)) // want `ringing timeout req.RingingTimeout \(default 30s\) is replaced by 2s \(DefaultTimeout, c/c.go:\d+\) via a.Appended → b.Append → b.withDefault: let the caller's option win \(prepend the default\) or guard with ctx.Deadline\(\)`
}

// Forwarded: fine.
func Forwarded(ctx context.Context, req *Request) error {
	return b.Forward(ctx, c.WithTimeout(req.RingingTimeout))
}

// Prepended: fine, the caller's option comes last.
func Prepended(ctx context.Context, req *Request) error {
	return b.Prepend(ctx, c.WithTimeout(req.RingingTimeout))
}

// Dropped: b.Drop forgets the options.
func Dropped(ctx context.Context, req *Request) error {
	return b.Drop(ctx, c.WithTimeout(req.RingingTimeout)) // want `ringing timeout req.RingingTimeout is dropped \(options not forwarded\) and replaced by the default 2s \(DefaultTimeout, c/c.go:\d+\) via a.Dropped → b.Drop → c.Do: forward the caller's options`
}

// Capped: the user's deadline is capped by a fixed value passed to a helper.
func Capped(ctx context.Context, req *Request) error {
	ctx, cancel := context.WithTimeout(ctx, req.RingingTimeout) // want `ringing timeout req.RingingTimeout is capped at 2s \(DefaultTimeout, c/c.go:\d+\) via a.Capped → b.CapFixed → c.Bounded: apply the fixed timeout only when the caller set no deadline`
	defer cancel()
	return b.CapFixed(ctx)
}

// GuardedCap: the helper consults the deadline first.
func GuardedCap(ctx context.Context, req *Request) error {
	ctx, cancel := context.WithTimeout(ctx, req.RingingTimeout)
	defer cancel()
	return b.Guarded(ctx)
}

// GuardedOpts: the appended default only applies without a deadline.
func GuardedOpts(ctx context.Context, req *Request) error {
	return b.GuardedOptions(ctx, c.WithTimeout(req.RingingTimeout))
}

// RemainingBudget: the helper bounds by the remaining budget.
func RemainingBudget(ctx context.Context, req *Request) error {
	ctx, cancel := context.WithTimeout(ctx, req.RingingTimeout)
	defer cancel()
	return b.Remaining(ctx)
}

// Shorter: the user's value (default 1s) is shorter than the fixed 2s.
func Shorter(ctx context.Context, req *Request) error {
	t := time.Second
	if req.QuickTimeout > 0 && req.QuickTimeout < time.Second {
		t = req.QuickTimeout
	}
	return b.Append(ctx, c.WithTimeout(t))
}

// Method: through a method on a concrete type.
func Method(ctx context.Context, s *b.Svc, req *Request) error {
	return s.Call(ctx, c.WithTimeout(req.RingingTimeout)) // want `ringing timeout req.RingingTimeout is replaced by 2s \(DefaultTimeout, c/c.go:\d+\) via a.Method → \(\*b.Svc\).Call → b.Append → b.withDefault`
}

// Budget: the user's value travels as a duration parameter first.
func Budget(ctx context.Context, req *Request) error {
	return b.WithBudget(ctx, req.RingingTimeout) // want `ringing timeout req.RingingTimeout is replaced by 2s \(DefaultTimeout, c/c.go:\d+\) via a.Budget → b.WithBudget → b.Append → b.withDefault`
}

// FuncField: through a func value stored in a struct field.
func FuncField(ctx context.Context, req *Request) error {
	cl := &b.Client{Do: b.Append}
	return cl.Do(ctx, c.WithTimeout(req.RingingTimeout)) // want `ringing timeout req.RingingTimeout is replaced by 2s \(DefaultTimeout, c/c.go:\d+\) via a.FuncField → b.Append → b.withDefault`
}

// Interface: through interface dispatch to b.SlowDialer.
func Interface(ctx context.Context, req *Request) error {
	var d b.Dialer = b.SlowDialer{}
	return d.Dial(ctx, c.WithTimeout(req.RingingTimeout)) // want `ringing timeout req.RingingTimeout is replaced by 2s \(DefaultTimeout, c/c.go:\d+\) via a.Interface → \(b.SlowDialer\).Dial → b.withDefault`
}

// FixedOption: the caller's own value is fixed: not a user timeout.
func FixedOption(ctx context.Context) error {
	return b.Append(ctx, c.WithTimeout(time.Minute))
}

// Param: a parameter is followed through its callers, not reported here.
func Param(ctx context.Context, d time.Duration) error {
	return b.Append(ctx, c.WithTimeout(d))
}

var _ = ringing

// NotAGuard: reading the deadline is not enough, the append must depend on it.
func NotAGuard(ctx context.Context, req *Request) error {
	return b.LogsDeadline(ctx, c.WithTimeout(req.RingingTimeout)) // want `ringing timeout req.RingingTimeout is replaced by 2s \(DefaultTimeout, c/c.go:\d+\) via a.NotAGuard → b.LogsDeadline → b.withDefault`
}

// TruncatedParam: a user value stays the user's through a parameter and
// time.Duration.Truncate (whose summary is built in: package time exports
// no facts).
func TruncatedParam(ctx context.Context, req *Request) error {
	return truncated(ctx, req.RingingTimeout) // want `ringing timeout req.RingingTimeout is replaced by 2s \(DefaultTimeout, c/c.go:\d+\) via a.TruncatedParam → a.truncated → b.Append → b.withDefault`
}

func truncated(ctx context.Context, d time.Duration) error {
	return b.Append(ctx, c.WithTimeout(d.Truncate(time.Millisecond)))
}
