// Package timer waits for outbound work with timers: a select whose timer
// case fails the call caps the caller's deadline as WithTimeout does.
package timer

import (
	"context"
	"errors"
	"time"
)

// ErrTimeout is what the waits return when the timer fires.
var ErrTimeout = errors.New("timed out")

const ackWait = 2 * time.Second

func send(ctx context.Context, m string) <-chan error {
	ch := make(chan error, 1)
	go func() { ch <- errors.New(m) }()
	return ch
}

// Publish waits at most 2s for the ack, whatever the caller's deadline.
func Publish(ctx context.Context, m string) error {
	done := send(ctx, m)
	select {
	case err := <-done:
		return err
	case <-time.After(ackWait): // want `^caller's deadline may be capped by fixed 2s \(ackWait, timer/timer.go:\d+\) via time.After in Publish: `
		return ErrTimeout
	}
}

// PublishOrCancel also stops on the caller's cancellation: the 2s timer
// still fails a caller that allowed longer.
func PublishOrCancel(ctx context.Context, m string) error {
	done := send(ctx, m)
	t := time.NewTimer(ackWait) // want `^caller's deadline may be capped by fixed 2s \(ackWait, timer/timer.go:\d+\) via time.NewTimer in PublishOrCancel: `
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return ErrTimeout
	}
}

// Option configures a Put; Context carries the caller's context.
type Option func(*putOptions)

type putOptions struct {
	ctx context.Context
}

// Context sets the context of a Put.
func Context(ctx context.Context) Option { return func(o *putOptions) { o.ctx = ctx } }

// Put takes the caller's context as an option, and waits at most 2s.
func Put(m string, opts ...Option) error {
	o := putOptions{ctx: context.Background()}
	for _, opt := range opts {
		opt(&o)
	}
	done := send(o.ctx, m)
	select {
	case err := <-done:
		return err
	case <-time.After(ackWait): // want `^caller's deadline may be capped by fixed 2s \(ackWait, timer/timer.go:\d+\) via time.After in Put: `
		return ErrTimeout
	}
}

// Retry waits between attempts: the timer paces the work, it fails
// nothing.
func Retry(ctx context.Context, m string) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if err = <-send(ctx, m); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(ackWait):
		}
	}
	return err
}

// Flush has no caller context: its callers cannot ask for longer.
func Flush(m string) error {
	select {
	case err := <-send(context.Background(), m):
		return err
	case <-time.After(ackWait):
		return ErrTimeout
	}
}

// PublishRemaining waits as long as the caller's deadline allows.
func PublishRemaining(ctx context.Context, m string) error {
	wait := ackWait
	if dl, ok := ctx.Deadline(); ok {
		wait = time.Until(dl)
	}
	select {
	case err := <-send(ctx, m):
		return err
	case <-time.After(wait):
		return ErrTimeout
	}
}

// PublishGuarded uses its own wait only when the caller set no deadline.
func PublishGuarded(ctx context.Context, m string) error {
	done := send(ctx, m)
	if _, ok := ctx.Deadline(); ok {
		select {
		case err := <-done:
			return err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	select {
	case err := <-done:
		return err
	case <-time.After(ackWait):
		return ErrTimeout
	}
}

// PublishBestEffort gives up waiting quietly: the expiry fails nobody.
func PublishBestEffort(ctx context.Context, m string) error {
	select {
	case err := <-send(ctx, m):
		return err
	case <-time.After(ackWait):
		return nil
	}
}

// Sleep waits on the timer alone: a pause, not a bound on work.
func Sleep(ctx context.Context) error {
	<-time.After(ackWait)
	return ctx.Err()
}

// Conn waits for replies at most its options' wait, which Dial defaults;
// per-call options start from a copy of it.
type Conn struct {
	opts *connOptions
}

type connOptions struct {
	wait time.Duration
}

// Dial returns a connection with the default wait.
func Dial() *Conn { return &Conn{opts: &connOptions{wait: ackWait}} }

// CallOption configures one call.
type CallOption func(*connOptions)

// MaxWait sets a call's wait.
func MaxWait(d time.Duration) CallOption { return func(o *connOptions) { o.wait = d } }

// callOptions copies the connection's wait into a call's options when
// the call sets none: the field's own value, so its default stays the one
// Dial sets.
func (c *Conn) callOptions(opts ...CallOption) connOptions {
	var o connOptions
	for _, opt := range opts {
		opt(&o)
	}
	if o.wait == 0 {
		o.wait = c.opts.wait
	}
	return o
}

// Wait waits for the reply as long as the call's options say.
func (c *Conn) Wait(ctx context.Context, m string, opts ...CallOption) error {
	o := c.callOptions(opts...)
	select {
	case err := <-send(ctx, m):
		return err
	case <-time.After(o.wait):
		return ErrTimeout
	}
}

// Request waits at most the connection's wait for the reply.
func (c *Conn) Request(ctx context.Context, m string) error {
	select {
	case err := <-send(ctx, m):
		return err
	case <-time.After(c.opts.wait): // want `^caller's deadline may be capped by c.opts.wait \(default 2s, timer/timer.go:\d+\) via time.After in \(\*Conn\).Request: `
		return ErrTimeout
	}
}

// Session keeps one timer per call for reuse (gocql's exec): reset to the
// session's timeout, its channel read through a variable that stays nil
// when no timeout is set.
type Session struct {
	timeout time.Duration
	timer   *time.Timer
}

func NewSession() *Session { return &Session{timeout: 11 * time.Second} }

// Exec fails when the reset timer fires: the 11s cuts a caller that
// allowed longer, as time.After does.
func (s *Session) Exec(ctx context.Context, m string) error {
	var timeoutCh <-chan time.Time
	if s.timeout > 0 {
		if s.timer == nil {
			s.timer = time.NewTimer(0)
			<-s.timer.C
		}
		s.timer.Reset(s.timeout) // want `^caller's deadline may be capped by s\.timeout \(default 11s, timer/timer\.go:\d+\) via \(\*time\.Timer\)\.Reset in \(\*Session\)\.Exec: `
		timeoutCh = s.timer.C
	}
	select {
	case err := <-send(ctx, m):
		return err
	case <-timeoutCh:
		return ErrTimeout
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Poll resets the timer between polls: its case falls through to the
// next round and fails nothing.
func (s *Session) Poll(ctx context.Context, m string) error {
	for i := 0; i < 3; i++ {
		s.timer.Reset(s.timeout)
		select {
		case err := <-send(ctx, m):
			if err == nil {
				return nil
			}
		case <-s.timer.C:
		}
	}
	return ctx.Err()
}

// ExecQuiet gives up quietly when the reset timer fires: no finding.
func (s *Session) ExecQuiet(ctx context.Context, m string) error {
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	t.Reset(s.timeout)
	select {
	case err := <-send(ctx, m):
		return err
	case <-t.C:
		return nil
	}
}

// AwaitAgreement polls until the peers agree, pausing 200ms between
// rounds (gocql's awaitSchemaAgreement): the empty timer case fails
// nothing, although returns that fail follow the loop.
func (s *Session) AwaitAgreement(ctx context.Context, max time.Duration) (err error) {
	end := time.Now().Add(max)
	for time.Now().Before(end) {
		if err = <-send(ctx, "versions"); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	if err != nil {
		return err
	}
	return ErrTimeout
}
