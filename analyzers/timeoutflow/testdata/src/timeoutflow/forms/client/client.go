// Package client is an outbound client whose bounds take the shapes real
// clients use: a per-attempt bound in a retry loop, and a timeout held in
// a struct field that a constructor defaults.
package client

import (
	"context"
	"errors"
	"net"
	"net/http"
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

// HTTP sends through an http.Client whose Timeout NewHTTP fixes: every
// request it sends fails at 2s, whatever the caller's context allows.
type HTTP struct {
	hc *http.Client
}

// NewHTTP builds the client with a fixed timeout.
func NewHTTP() *HTTP { return &HTTP{hc: &http.Client{Timeout: 2 * time.Second}} }

// Fetch sends one request on the caller's context.
func (h *HTTP) Fetch(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := h.hc.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// PlainHTTP sends through an http.Client without a timeout: the caller's
// context is the only bound.
type PlainHTTP struct {
	hc *http.Client
}

// NewPlainHTTP builds the client without a timeout.
func NewPlainHTTP() *PlainHTTP { return &PlainHTTP{hc: &http.Client{}} }

// Fetch sends one request on the caller's context.
func (h *PlainHTTP) Fetch(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := h.hc.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Dialer connects through a net.Dialer whose Timeout NewDialer fixes.
type Dialer struct {
	d *net.Dialer
}

// NewDialer builds the dialer with a fixed timeout.
func NewDialer() *Dialer { return &Dialer{d: &net.Dialer{Timeout: time.Second}} }

// Connect dials on the caller's context.
func (d *Dialer) Connect(ctx context.Context, addr string) error {
	conn, err := d.d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	return conn.Close()
}

// Wire writes on a connection whose deadline each send fixes at 2s.
type Wire struct {
	conn net.Conn
}

// Send bounds the write at 2s from now, whatever the caller's deadline.
func (w *Wire) Send(ctx context.Context, b []byte) error {
	if err := w.conn.SetDeadline(time.Now().Add(AttemptTimeout)); err != nil {
		return err
	}
	_, err := w.conn.Write(b)
	return err
}

// SendGuarded uses the caller's deadline when it has one.
func (w *Wire) SendGuarded(ctx context.Context, b []byte) error {
	dl, ok := ctx.Deadline()
	if !ok {
		dl = time.Now().Add(AttemptTimeout)
	}
	if err := w.conn.SetDeadline(dl); err != nil {
		return err
	}
	_, err := w.conn.Write(b)
	return err
}
