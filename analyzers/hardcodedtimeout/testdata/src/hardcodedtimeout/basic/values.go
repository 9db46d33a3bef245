package basic

import (
	"context"
	"time"
)

// Negative neighbours: the duration is not fixed.

// Options configures a Service; the caller sets it.
type Options struct {
	CallTimeout time.Duration
}

type Service struct {
	conn    Conn
	timeout time.Duration
	opts    Options
}

// Config-derived: a field of a config parameter.
func CallWithConfig(ctx context.Context, conn Conn, cfg Options, req any) error {
	ctx, cancel := context.WithTimeout(ctx, cfg.CallTimeout)
	defer cancel()
	return conn.Invoke(ctx, "/svc/Config", req, nil)
}

// Config-derived: a receiver field set at construction.
func (s *Service) Call(ctx context.Context, req any) error {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	if err := s.conn.Invoke(ctx, "/svc/Call", req, nil); err != nil {
		return err
	}
	ctx2, cancel2 := context.WithTimeout(ctx, s.opts.CallTimeout)
	defer cancel2()
	return s.conn.Invoke(ctx2, "/svc/Call2", req, nil)
}

// User-supplied: a parameter.
func CallWithin(ctx context.Context, conn Conn, d time.Duration, req any) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return conn.Invoke(ctx, "/svc/Within", req, nil)
}

// DialRequest is a request message.
type DialRequest struct {
	RingingTimeout time.Duration
}

// User-supplied: a request field, with a default applied when unset.
func Dial(ctx context.Context, conn Conn, req *DialRequest) error {
	timeout := 30 * time.Second
	if req.RingingTimeout > 0 {
		timeout = req.RingingTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return conn.Invoke(ctx, "/sip/Dial", req, nil)
}

var mutableTimeout = 3 * time.Second

// SetTimeout changes the package default: it is configuration, not fixed.
func SetTimeout(d time.Duration) { mutableTimeout = d }

func CallMutable(ctx context.Context, conn Conn, req any) error {
	ctx, cancel := context.WithTimeout(ctx, mutableTimeout)
	defer cancel()
	return conn.Invoke(ctx, "/svc/Mutable", req, nil)
}

// Zero means no timeout in many APIs, and WithTimeout(ctx, 0) is not a cap
// a caller's budget silently loses to: left alone.
func CallZero(ctx context.Context, conn Conn, req any) error {
	ctx, cancel := context.WithTimeout(ctx, 0)
	defer cancel()
	return conn.Invoke(ctx, "/svc/Zero", req, nil)
}

// A bound only waited on locally is not an outbound path.
func WaitReady(ctx context.Context, ready <-chan struct{}) bool {
	ctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	select {
	case <-ready:
		return true
	case <-ctx.Done():
		return false
	}
}

// Pool warms itself up on contexts of its own: every call of warm passes
// a root or a detached context, so there is no caller budget to cap: no
// finding (pgxpool's createIdleResources).
type Pool struct{ conn Conn }

func NewPool(ctx context.Context, conn Conn) *Pool {
	p := &Pool{conn: conn}
	go func() {
		_ = p.warm(context.WithoutCancel(ctx))
	}()
	return p
}

func (p *Pool) Check() error { return p.warm(context.Background()) }

func (p *Pool) warm(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	return p.conn.Invoke(ctx, "/pool/Warm", nil, nil)
}

// refresh is also called with a caller's context: its cap is reported.
func (p *Pool) Refresh(ctx context.Context) error { return p.refresh(ctx) }

func (p *Pool) Maintain() error { return p.refresh(context.Background()) }

func (p *Pool) refresh(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute) // want `^caller's deadline may be capped by fixed 1m via context.WithTimeout in \(\*Pool\).refresh: `
	defer cancel()
	return p.conn.Invoke(ctx, "/pool/Refresh", nil, nil)
}
