package basic

import (
	"context"
	"time"
)

// Negative neighbours: roots, detachment, stored contexts, returned contexts.

func (c *Client) Background(ctx context.Context, req any) error {
	// A context rooted at Background is deadlinereplace's business.
	bctx, cancel := context.WithTimeout(context.Background(), DefaultTimeout)
	defer cancel()
	return c.conn.Invoke(bctx, "/svc/Background", req, nil)
}

func (c *Client) Cleanup(ctx context.Context, req any) error {
	defer func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = c.conn.Invoke(cctx, "/svc/Release", req, nil)
	}()
	defer func() {
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		_ = c.conn.Invoke(cctx, "/svc/Flush", req, nil)
	}()
	return c.conn.Invoke(ctx, "/svc/Cleanup", req, nil)
}

func (c *Client) Async(ctx context.Context, req any) error {
	go func() {
		actx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		_ = c.conn.Invoke(actx, "/svc/Audit", req, nil)
	}()
	detached := context.WithoutCancel(ctx)
	dctx, cancel := context.WithTimeout(detached, time.Minute)
	defer cancel()
	return c.conn.Invoke(dctx, "/svc/Async", req, nil)
}

func (c *Client) AfterFunc(ctx context.Context, req any) error {
	stop := context.AfterFunc(ctx, func() {
		cctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		_ = c.conn.Invoke(cctx, "/svc/Abort", req, nil)
	})
	defer stop()
	return c.conn.Invoke(ctx, "/svc/AfterFunc", req, nil)
}

// Session owns a context with a lifetime of its own.
type Session struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func (s *Session) Start(ctx context.Context) {
	s.ctx, s.cancel = context.WithTimeout(ctx, 10*time.Minute)
}

// Run keeps the cancel func: the context lives as long as the session.
func (s *Session) Run(ctx context.Context, c *Client) {
	ctx, cancel := context.WithTimeout(ctx, time.Hour)
	s.cancel = cancel
	go func() { _ = c.conn.Invoke(ctx, "/svc/Session", nil, nil) }()
}

// withDefault returns the bounded context to its caller, who decides:
// not a hazard by itself, but UseDefault passes its caller's context in
// and sends on the result, so the bound caps UseDefault's callers.
func withDefault(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, DefaultTimeout) // want `^caller's deadline may be capped by fixed 3s \(DefaultTimeout, basic/basic\.go:\d+\) via context\.WithTimeout in withDefault, whose context is returned to \(\*Client\)\.UseDefault, which sends on it with its caller's context: apply it only when`
}

// WithDefault is the same factory, exported and used by nobody in the
// package: its callers decide. No finding.
func WithDefault(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, DefaultTimeout)
}

// pollContext is a factory whose only caller gives it a root: no
// caller's budget to cap. No finding.
func pollContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, 2*time.Second)
}

// Poll polls on its own root.
func (c *Client) Poll() error {
	ctx, cancel := pollContext(context.Background())
	defer cancel()
	return c.conn.Invoke(ctx, "/svc/Poll", nil, nil)
}

// waitContext is a factory whose caller only waits on the result. No
// finding.
func waitContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, 2*time.Second)
}

// Settle waits at most 2s for the caller's context.
func Settle(ctx context.Context) error {
	ctx, cancel := waitContext(ctx)
	defer cancel()
	<-ctx.Done()
	return ctx.Err()
}

func (c *Client) UseDefault(ctx context.Context, req any) error {
	ctx, cancel := withDefault(ctx)
	defer cancel()
	return c.conn.Invoke(ctx, "/svc/UseDefault", req, nil)
}

// No caller context: a function that makes its own root.
func Ping(conn Conn) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	return conn.Invoke(ctx, "/svc/Ping", nil, nil)
}

// A context stored in a struct field is not the caller's.
type Job struct {
	ctx  context.Context
	conn Conn
}

func (j *Job) Run(req any) error {
	ctx, cancel := context.WithTimeout(j.ctx, time.Second)
	defer cancel()
	return j.conn.Invoke(ctx, "/svc/Job", req, nil)
}

// Lifecycle registers cleanup callbacks run after the request.
type Lifecycle interface {
	Cleanup(func())
}

func (c *Client) Registered(ctx context.Context, lc Lifecycle, req any) error {
	lc.Cleanup(func() {
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		_ = c.conn.Invoke(cctx, "/svc/Close", req, nil)
	})
	return c.conn.Invoke(ctx, "/svc/Registered", req, nil)
}
