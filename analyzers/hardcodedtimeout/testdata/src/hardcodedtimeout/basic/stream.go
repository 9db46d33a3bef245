package basic

import (
	"context"
	"time"
)

// Negative neighbours: streams and long polls.

// EventStream is a server stream.
type EventStream interface {
	Context() context.Context
	Send(ev string) error
	Recv() (string, error)
}

func (c *Client) Subscribe(ctx context.Context, stream EventStream) error {
	for {
		pctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		err := c.conn.Invoke(pctx, "/svc/Poll", nil, nil)
		cancel()
		if err != nil {
			return err
		}
	}
}

func (c *Client) LongPoll(ctx context.Context) error {
	for ctx.Err() == nil {
		pctx, cancel := context.WithTimeout(ctx, 55*time.Second)
		_ = c.conn.Invoke(pctx, "/svc/Wait", nil, nil)
		cancel()
	}
	return ctx.Err()
}

func (c *Client) Forward(ctx context.Context, stream EventStream) error {
	sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return c.conn.Invoke(sctx, "/svc/Forward", nil, nil)
}
