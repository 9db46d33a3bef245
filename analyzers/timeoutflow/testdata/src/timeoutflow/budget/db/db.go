// Package db is the outbound layer: each query bounds the caller's
// context by a fixed timeout of its own.
package db

import (
	"context"
	"errors"
	"time"
)

// QueryTimeout is the driver's fixed per-query bound.
const QueryTimeout = 2 * time.Second

func roundTrip(ctx context.Context, q string) error {
	<-ctx.Done()
	return errors.New(q)
}

// Query caps the caller's deadline at QueryTimeout.
func Query(ctx context.Context, q string) error {
	ctx, cancel := context.WithTimeout(ctx, QueryTimeout)
	defer cancel()
	return roundTrip(ctx, q)
}

// QueryGuarded applies the bound only when the caller set no deadline.
func QueryGuarded(ctx context.Context, q string) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, QueryTimeout)
		defer cancel()
	}
	return roundTrip(ctx, q)
}

// QueryRemaining bounds each query by half the caller's remaining budget.
func QueryRemaining(ctx context.Context, q string) error {
	d := QueryTimeout
	if dl, ok := ctx.Deadline(); ok {
		d = min(time.Until(dl)/2, QueryTimeout)
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return roundTrip(ctx, q)
}

// Wait only waits on its bound: no work runs under it.
func Wait(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, QueryTimeout)
	defer cancel()
	<-ctx.Done()
	return ctx.Err()
}

// Warm is best effort: it has no error result, an expiry fails nobody.
func Warm(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, QueryTimeout)
	defer cancel()
	_ = roundTrip(ctx, "warm")
}

// Detached runs the query on a context that keeps the caller's values but
// not its deadline: the caller's budget is not what is bounded.
func Detached(ctx context.Context, q string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), QueryTimeout)
	defer cancel()
	return roundTrip(ctx, q)
}
