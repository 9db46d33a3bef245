package basic

import (
	"context"
	"time"
)

// WaitRequest carries the user's budget for a wait.
type WaitRequest struct {
	Timeout time.Duration
}

// Wait applies the user's budget, then looks up under a fixed 2s: the
// finding names the caller whose longer budget is cut.
func (c *Client) Wait(ctx context.Context, req *WaitRequest) error {
	ctx, cancel := context.WithTimeout(ctx, req.Timeout)
	defer cancel()
	return c.lookup(ctx)
}

// Quick passes a budget shorter than the cap: not named.
func (c *Client) Quick(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second) // want `^caller's deadline may be capped by fixed 1s via context.WithTimeout in \(\*Client\).Quick: `
	defer cancel()
	return c.lookup(ctx)
}

func (c *Client) lookup(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second) // want `^caller's deadline is capped by fixed 2s via context.WithTimeout in \(\*Client\).lookup, cutting any longer deadline of its callers \(e.g. \(\*Client\).Wait passes req.Timeout\): apply it only when the caller set no deadline`
	defer cancel()
	return c.conn.Invoke(ctx, "/svc/Lookup", nil, nil)
}

// Pass passes its caller's context on unchanged: the helper below is
// reported without a named caller (its callers' deadlines are not in view).
func (c *Client) Pass(ctx context.Context) error {
	return c.fetch(ctx)
}

func (c *Client) fetch(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second) // want `^caller's deadline may be capped by fixed 2s via context.WithTimeout in \(\*Client\).fetch: apply it only when the caller set no deadline`
	defer cancel()
	return c.conn.Invoke(ctx, "/svc/Fetch", nil, nil)
}
