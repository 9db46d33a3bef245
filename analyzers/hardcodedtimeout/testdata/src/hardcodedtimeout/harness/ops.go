package harness

import (
	"context"
	"time"
)

// Conn is the connection under test.
type Conn interface {
	Invoke(ctx context.Context, method string) error
}

// Client wraps the connection.
type Client struct{ conn Conn }

// runOp is called only by the runner: test-only, not reported.
func runOp(ctx context.Context, c *Client, op string) error {
	ctx, cancel := context.WithTimeout(ctx, 11*time.Second)
	defer cancel()
	return waitForEvent(ctx, c, op)
}

// waitForEvent is called only by runOp: test-only too.
func waitForEvent(ctx context.Context, c *Client, op string) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return c.conn.Invoke(ctx, op)
}

// Ping is exported API: its callers are anybody's. Reported.
func (c *Client) Ping(ctx context.Context) error {
	return ping(ctx, c)
}

// ping is called by the runner's helpers and by Ping: not test-only.
func ping(ctx context.Context, c *Client) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second) // want `^caller's deadline may be capped by fixed 2s via context\.WithTimeout in ping`
	defer cancel()
	return c.conn.Invoke(ctx, "ping")
}

// pingFromRunner is only the runner's way to ping.
func pingFromRunner(ctx context.Context, c *Client) error { return ping(ctx, c) }

var _ = pingFromRunner
