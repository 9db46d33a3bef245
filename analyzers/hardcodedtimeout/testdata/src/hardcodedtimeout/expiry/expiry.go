// Package expiry: a function whose fixed bound is what it exercises.
package expiry

import (
	"context"
	"errors"
	"time"
)

// Conn is an outbound connection.
type Conn interface {
	Invoke(ctx context.Context, method string, req, resp any) error
}

// TimeoutOnSleepingServer checks that a call to a sleeping server fails
// with DeadlineExceeded: the 1ms bound is the behaviour under test (the
// function expects it to expire), not an accidental cap. No finding.
func TimeoutOnSleepingServer(ctx context.Context, c Conn) error {
	ctx, cancel := context.WithTimeout(ctx, time.Millisecond)
	defer cancel()
	err := c.Invoke(ctx, "/svc/Sleep", nil, nil)
	if errors.Is(err, context.DeadlineExceeded) {
		return nil
	}
	return errors.New("want DeadlineExceeded")
}

// SleepCall is the same call without the expiry check: the fixed bound
// caps the caller's deadline.
func SleepCall(ctx context.Context, c Conn) error {
	ctx, cancel := context.WithTimeout(ctx, time.Millisecond) // want `^caller's deadline may be capped by fixed 1ms via context.WithTimeout in SleepCall: apply it only when the caller set no deadline \(ctx.Deadline\(\)\) or let the caller configure it$`
	defer cancel()
	return c.Invoke(ctx, "/svc/Sleep", nil, nil)
}

// ErrTimeout is this client's timeout error.
var ErrTimeout = errors.New("timeout")

// MappedCall maps the expiry of its fixed bound to its own error: the
// bound still caps the caller's deadline.
func MappedCall(ctx context.Context, c Conn) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second) // want `^caller's deadline may be capped by fixed 3s via context.WithTimeout in MappedCall: apply it only when the caller set no deadline \(ctx.Deadline\(\)\) or let the caller configure it$`
	defer cancel()
	err := c.Invoke(ctx, "/svc/Call", nil, nil)
	if errors.Is(err, context.DeadlineExceeded) {
		return ErrTimeout
	}
	return err
}
