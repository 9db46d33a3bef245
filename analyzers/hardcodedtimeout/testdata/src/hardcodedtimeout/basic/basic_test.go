package basic

import (
	"context"
	"testing"
	"time"
)

// Tests are not reported: their deadlines are the test's own.

func callInTest(ctx context.Context, c *Client) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return c.conn.Invoke(ctx, "/svc/Test", nil, nil)
}

func TestCall(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	_ = callInTest(ctx, &Client{})
}
