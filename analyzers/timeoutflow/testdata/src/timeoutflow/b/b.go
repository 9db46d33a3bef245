// Package b sits between the callers (package a) and the client (package c).
package b

import (
	"context"
	"time"

	"timeoutflow/c"
)

// Forward passes the caller's options on unchanged.
func Forward(ctx context.Context, opts ...c.Option) error {
	return c.Do(ctx, opts...)
}

// withDefault appends the default after the caller's options: last wins.
func withDefault(opts []c.Option) []c.Option {
	out := make([]c.Option, 0, len(opts)+1)
	out = append(out, opts...)
	return append(out, c.WithTimeout(c.DefaultTimeout))
}

// Append replaces the caller's timeout option through a helper.
func Append(ctx context.Context, opts ...c.Option) error {
	return c.Do(ctx, withDefault(opts)...)
}

// withFallback prepends the default: the caller's options still win.
func withFallback(opts []c.Option) []c.Option {
	return append([]c.Option{c.WithTimeout(c.DefaultTimeout)}, opts...)
}

// Prepend is fine.
func Prepend(ctx context.Context, opts ...c.Option) error {
	return c.Do(ctx, withFallback(opts)...)
}

// Drop forgets the caller's options: the client's default applies.
func Drop(ctx context.Context, opts ...c.Option) error {
	return c.Do(ctx)
}

// CapFixed caps the caller's context with a fixed value via a helper.
func CapFixed(ctx context.Context) error {
	return c.Bounded(ctx, c.DefaultTimeout)
}

// Guarded applies the default only when the caller set no deadline.
func Guarded(ctx context.Context) error {
	if _, ok := ctx.Deadline(); !ok {
		return c.Bounded(ctx, c.DefaultTimeout)
	}
	return c.Do(ctx)
}

// GuardedOptions appends the default only when the caller set no deadline.
func GuardedOptions(ctx context.Context, opts ...c.Option) error {
	if _, ok := ctx.Deadline(); !ok {
		opts = withDefault(opts)
	}
	return c.Do(ctx, opts...)
}

// Remaining bounds each attempt by the caller's remaining budget.
func Remaining(ctx context.Context) error {
	dl, ok := ctx.Deadline()
	if !ok {
		return c.Do(ctx)
	}
	return c.Bounded(ctx, min(time.Until(dl)/2, c.DefaultTimeout))
}

// Svc is a concrete type whose method replaces the caller's option.
type Svc struct{ Name string }

// Call goes through Append.
func (s *Svc) Call(ctx context.Context, opts ...c.Option) error {
	return Append(ctx, opts...)
}

// WithBudget passes a caller-chosen duration down as an option.
func WithBudget(ctx context.Context, d time.Duration) error {
	return Append(ctx, c.WithTimeout(d))
}

// DoFunc is a function value stored in a struct.
type DoFunc func(ctx context.Context, opts ...c.Option) error

// Client holds a DoFunc.
type Client struct {
	Do DoFunc
}

// Dialer is dispatched dynamically.
type Dialer interface {
	Dial(ctx context.Context, opts ...c.Option) error
}

// SlowDialer replaces the caller's option.
type SlowDialer struct{}

// Dial appends the default after the caller's options (through a helper).
func (SlowDialer) Dial(ctx context.Context, opts ...c.Option) error {
	return c.Do(ctx, withDefault(opts)...)
}

// LogsDeadline reads the deadline but replaces the option regardless.
func LogsDeadline(ctx context.Context, opts ...c.Option) error {
	if _, ok := ctx.Deadline(); ok {
		println("caller has a deadline")
	}
	return c.Do(ctx, withDefault(opts)...)
}
