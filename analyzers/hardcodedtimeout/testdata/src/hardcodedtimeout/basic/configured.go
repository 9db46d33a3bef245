package basic

import (
	"context"
	"time"
)

// Publisher sends request-reply messages; its timeout is set by
// NewPublisher (10s by default) and PublisherTimeout, per publisher,
// never per call.
type Publisher struct {
	conn    MsgConn
	timeout time.Duration
}

// MsgConn sends a request and waits for the reply.
type MsgConn interface {
	Request(ctx context.Context, subject string, data []byte) ([]byte, error)
}

// PublisherOption configures a Publisher.
type PublisherOption func(*Publisher)

// PublisherTimeout sets the publisher's timeout.
func PublisherTimeout(d time.Duration) PublisherOption {
	return func(p *Publisher) { p.timeout = d }
}

// NewPublisher builds a publisher with a 10s default timeout.
func NewPublisher(conn MsgConn, opts ...PublisherOption) *Publisher {
	p := &Publisher{conn: conn, timeout: 10 * time.Second}
	for _, o := range opts {
		o(p)
	}
	return p
}

// Endpoint returns the publisher's endpoint: every request is bounded by
// the publisher's timeout, so a caller's 60s deadline becomes 10s unless
// the program configured the publisher otherwise.
func (p Publisher) Endpoint() func(ctx context.Context, req []byte) ([]byte, error) {
	return func(ctx context.Context, req []byte) ([]byte, error) {
		ctx, cancel := context.WithTimeout(ctx, p.timeout) // want `^caller's deadline may be capped by p\.timeout \(default 10s, basic/configured\.go:\d+\) via context\.WithTimeout in Publisher\.Endpoint \(closure\): `
		defer cancel()
		return p.conn.Request(ctx, "svc.request", req)
	}
}

// Send bounds the request by the publisher's timeout only when the
// caller set no deadline: no finding.
func (p *Publisher) Send(ctx context.Context, req []byte) ([]byte, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, p.timeout)
		defer cancel()
	}
	return p.conn.Request(ctx, "svc.request", req)
}

// Subscriber's timeout has no default: only the program that builds it
// chooses it (NewSubscriber's parameter). No finding.
type Subscriber struct {
	conn    MsgConn
	timeout time.Duration
}

// NewSubscriber builds a subscriber with the timeout its user chose.
func NewSubscriber(conn MsgConn, timeout time.Duration) *Subscriber {
	return &Subscriber{conn: conn, timeout: timeout}
}

// Ack bounds the ack by the user's chosen timeout: no finding.
func (s *Subscriber) Ack(ctx context.Context, id []byte) error {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	_, err := s.conn.Request(ctx, "svc.ack", id)
	return err
}
