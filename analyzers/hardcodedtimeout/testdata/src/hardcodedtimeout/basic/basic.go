// Package basic: fixed context bounds on a caller's context.
package basic

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// DefaultTimeout is the client's default call timeout.
const DefaultTimeout = 3 * time.Second

var defaultDialTimeout = 2 * time.Second

// RetryConfig configures retries.
type RetryConfig struct {
	MaxAttempts int
	Timeout     time.Duration
	Backoff     time.Duration
}

// DefaultRetryConfig is the package default.
var DefaultRetryConfig = RetryConfig{
	MaxAttempts: 3,
	Timeout:     3 * time.Second,
	Backoff:     2 * time.Second,
}

type Conn interface {
	Invoke(ctx context.Context, method string, req, resp any) error
}

type Client struct {
	conn Conn
}

func (c *Client) Call(ctx context.Context, req any) error {
	ctx, cancel := context.WithTimeout(ctx, DefaultTimeout) // want `^caller's deadline may be capped by fixed 3s \(DefaultTimeout, basic/basic.go:12\) via context.WithTimeout in \(\*Client\).Call: apply it only when the caller set no deadline \(ctx.Deadline\(\)\) or let the caller configure it$`
	defer cancel()
	return c.conn.Invoke(ctx, "/svc/Call", req, nil)
}

func (c *Client) Literal(ctx context.Context, req any) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second) // want `^caller's deadline may be capped by fixed 3s via context.WithTimeout in \(\*Client\).Literal: apply it only when the caller set no deadline \(ctx.Deadline\(\)\) or let the caller configure it$`
	defer cancel()
	return c.conn.Invoke(ctx, "/svc/Literal", req, nil)
}

func (c *Client) Retry(ctx context.Context, req any) error {
	var err error
	for i := 0; i < DefaultRetryConfig.MaxAttempts; i++ {
		actx, cancel := context.WithTimeout(ctx, DefaultRetryConfig.Timeout) // want `^caller's deadline may be capped by fixed 3s \(DefaultRetryConfig.Timeout, basic/basic.go:26\) via context.WithTimeout in \(\*Client\).Retry: apply it only when the caller set no deadline \(ctx.Deadline\(\)\) or let the caller configure it$`
		err = c.conn.Invoke(actx, "/svc/Retry", req, nil)
		cancel()
		if err == nil {
			return nil
		}
	}
	return err
}

func (c *Client) LocalCopy(ctx context.Context, req any) error {
	cfg := DefaultRetryConfig
	tctx, cancel := context.WithTimeout(ctx, cfg.Timeout) // want `fixed 3s \(DefaultRetryConfig.Timeout, basic/basic.go:26\) via context.WithTimeout in \(\*Client\).LocalCopy`
	defer cancel()
	return c.conn.Invoke(tctx, "/svc/LocalCopy", req, nil)
}

func (c *Client) PkgVar(ctx context.Context, req any) error {
	d := defaultDialTimeout * 2
	ctx, cancel := context.WithTimeoutCause(ctx, d, errors.New("slow")) // want `^caller's deadline may be capped by fixed 4s \(defaultDialTimeout, basic/basic.go:14\) via context.WithTimeoutCause in \(\*Client\).PkgVar: apply it only when the caller set no deadline \(ctx.Deadline\(\)\) or let the caller configure it$`
	defer cancel()
	return c.conn.Invoke(ctx, "/svc/PkgVar", req, nil)
}

func (c *Client) Deadline(ctx context.Context, req any) error {
	ctx, cancel := context.WithDeadline(ctx, time.Now().Add(5*time.Second)) // want `^caller's deadline may be capped by fixed 5s via context.WithDeadline in \(\*Client\).Deadline: apply it only when the caller set no deadline \(ctx.Deadline\(\)\) or let the caller configure it$`
	defer cancel()
	return c.conn.Invoke(ctx, "/svc/Deadline", req, nil)
}

func (c *Client) DeadlineCause(ctx context.Context, req any) error {
	ctx, cancel := context.WithDeadlineCause(ctx, time.Now().Add(DefaultTimeout), errors.New("slow")) // want `^caller's deadline may be capped by fixed 3s \(DefaultTimeout, basic/basic.go:12\) via context.WithDeadlineCause in \(\*Client\).DeadlineCause: apply it only when the caller set no deadline \(ctx.Deadline\(\)\) or let the caller configure it$`
	defer cancel()
	return c.conn.Invoke(ctx, "/svc/DeadlineCause", req, nil)
}

// Handle is an HTTP server handler: plain HTTP carries no caller
// deadline, so the handler sets the first budget (not reported).
func Handle(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	defer cancel()
	_ = ctx
}

// send bounds an outbound request it was given: the request's context is
// the caller's.
func send(c *http.Client, req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(req.Context(), 10*time.Second) // want `^caller's deadline may be capped by fixed 10s via context.WithTimeout in send: apply it only when the caller set no deadline \(ctx.Deadline\(\)\) or let the caller configure it$`
	defer cancel()
	return c.Do(req.WithContext(ctx))
}

// Derived: a value derived from the caller's context still carries its deadline.
func (c *Client) Derived(ctx context.Context, req any) error {
	type key struct{}
	vctx := context.WithValue(ctx, key{}, "v")
	tctx, cancel := context.WithTimeout(vctx, time.Second) // want `fixed 1s via context.WithTimeout in \(\*Client\).Derived`
	defer cancel()
	return c.conn.Invoke(tctx, "/svc/Derived", req, nil)
}

// Closure: the message names the enclosing function, never f$1.
func (c *Client) Fanout(ctx context.Context, reqs []any) error {
	run := func(req any) error {
		ctx, cancel := context.WithTimeout(ctx, 2*time.Second) // want `^caller's deadline may be capped by fixed 2s via context.WithTimeout in \(\*Client\).Fanout \(closure\): apply it only when the caller set no deadline \(ctx.Deadline\(\)\) or let the caller configure it$`
		defer cancel()
		return c.conn.Invoke(ctx, "/svc/Fanout", req, nil)
	}
	for _, r := range reqs {
		if err := run(r); err != nil {
			return err
		}
	}
	return nil
}

// Assigned with = to an existing variable.
func (c *Client) Reassign(ctx context.Context, req any) error {
	var cancel context.CancelFunc
	ctx, cancel = context.WithTimeout(ctx, DefaultTimeout) // want `fixed 3s \(DefaultTimeout, basic/basic.go:12\) via context.WithTimeout in \(\*Client\).Reassign`
	defer cancel()
	return c.conn.Invoke(ctx, "/svc/Reassign", req, nil)
}
