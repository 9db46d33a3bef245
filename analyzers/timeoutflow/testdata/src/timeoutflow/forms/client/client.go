// Package client is an outbound client whose bounds take the shapes real
// clients use: a per-attempt bound in a retry loop, and a timeout held in
// a struct field that a constructor defaults.
package client

import (
	"context"
	"errors"
	"time"
)

// AttemptTimeout bounds one attempt.
const AttemptTimeout = 2 * time.Second

func roundTrip(ctx context.Context, q string) error {
	<-ctx.Done()
	return errors.New(q)
}

// Retry bounds every attempt at AttemptTimeout: a caller's longer budget
// is cut into attempts of 2s, and the last one fails at 2s whatever is
// left of it.
func Retry(ctx context.Context, q string) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		actx, cancel := context.WithTimeout(ctx, AttemptTimeout)
		err = roundTrip(actx, q)
		cancel()
		if err == nil {
			return nil
		}
	}
	return err
}

// RetryRemaining splits the caller's remaining budget over the attempts:
// the bound is derived from the caller's deadline.
func RetryRemaining(ctx context.Context, q string) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		d := AttemptTimeout
		if dl, ok := ctx.Deadline(); ok {
			d = time.Until(dl) / time.Duration(3-attempt)
		}
		actx, cancel := context.WithTimeout(ctx, d)
		err = roundTrip(actx, q)
		cancel()
		if err == nil {
			return nil
		}
	}
	return err
}

// Client bounds every call by its timeout field, which New defaults.
type Client struct {
	timeout time.Duration
}

// New returns a client with the default timeout.
func New() *Client { return &Client{timeout: 2 * time.Second} }

// Get bounds the caller's context by the client's timeout.
func (c *Client) Get(ctx context.Context, q string) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	return roundTrip(ctx, q)
}

// GetGuarded applies the client's timeout only when the caller set no
// deadline.
func (c *Client) GetGuarded(ctx context.Context, q string) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	return roundTrip(ctx, q)
}

// Ping bounds its own background check by the client's configuration:
// a root context bounded by a receiver's field is nobody's request.
func (c *Client) Ping() error {
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	return Retry(ctx, "ping")
}
