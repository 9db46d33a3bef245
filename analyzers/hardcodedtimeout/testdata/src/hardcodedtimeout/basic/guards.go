package basic

import (
	"context"
	"time"
)

// Negative neighbours: the code read the caller's deadline.

func (c *Client) Guarded(ctx context.Context, req any) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
	return c.conn.Invoke(ctx, "/svc/Guarded", req, nil)
}

func (c *Client) GuardedOkVar(ctx context.Context, req any) error {
	_, hasDeadline := ctx.Deadline()
	cancel := func() {}
	if !hasDeadline {
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
	}
	defer cancel()
	return c.conn.Invoke(ctx, "/svc/GuardedOkVar", req, nil)
}

func (c *Client) EarlyReturn(ctx context.Context, req any) error {
	if _, ok := ctx.Deadline(); ok {
		return c.conn.Invoke(ctx, "/svc/EarlyReturn", req, nil)
	}
	ctx, cancel := context.WithTimeout(ctx, DefaultTimeout)
	defer cancel()
	return c.conn.Invoke(ctx, "/svc/EarlyReturn", req, nil)
}

func (c *Client) ElseBranch(ctx context.Context, req any) error {
	var cancel context.CancelFunc
	if dl, ok := ctx.Deadline(); ok {
		ctx, cancel = context.WithTimeout(ctx, time.Until(dl)/2)
	} else {
		ctx, cancel = context.WithTimeout(ctx, 5*time.Second)
	}
	defer cancel()
	return c.conn.Invoke(ctx, "/svc/ElseBranch", req, nil)
}

// FarEnough reads the caller's deadline only to cap it at the default: a
// caller's 30s budget still becomes 3s (WithTimeout takes the earlier
// deadline anyway), so reading ctx.Deadline() here is not a guard.
func (c *Client) FarEnough(ctx context.Context, req any) error {
	var cancel context.CancelFunc = func() {}
	if dl, ok := ctx.Deadline(); !ok || time.Until(dl) > DefaultTimeout {
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout) // want `^caller's deadline may be capped by fixed 3s \(DefaultTimeout, basic/basic.go:12\) via context.WithTimeout in \(\*Client\).FarEnough: `
	}
	defer cancel()
	return c.conn.Invoke(ctx, "/svc/FarEnough", req, nil)
}

// Remaining-budget bounds: per attempt, min(time.Until(dl)/2, 5s).

func (c *Client) PerAttempt(ctx context.Context, req any) error {
	dl, _ := ctx.Deadline()
	per := min(time.Until(dl)/2, 5*time.Second)
	actx, cancel := context.WithTimeout(ctx, per)
	defer cancel()
	return c.conn.Invoke(actx, "/svc/PerAttempt", req, nil)
}

func (c *Client) Budget(ctx context.Context, req any) error {
	d := 5 * time.Second
	if dl, ok := ctx.Deadline(); ok {
		d = dl.Sub(time.Now())
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return c.conn.Invoke(ctx, "/svc/Budget", req, nil)
}

func (c *Client) DeadlineMargin(ctx context.Context, req any) error {
	dl, ok := ctx.Deadline()
	if !ok {
		return c.conn.Invoke(ctx, "/svc/DeadlineMargin", req, nil)
	}
	ctx, cancel := context.WithDeadline(ctx, dl.Add(-100*time.Millisecond))
	defer cancel()
	return c.conn.Invoke(ctx, "/svc/DeadlineMargin", req, nil)
}
