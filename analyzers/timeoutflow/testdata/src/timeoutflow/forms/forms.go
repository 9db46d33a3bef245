// Package forms is an API whose users' budgets meet the client's bounds.
package forms

import (
	"context"
	"time"

	"timeoutflow/forms/client"
)

// Req is what a user sends.
type Req struct {
	WaitTimeout time.Duration
}

// PerAttempt: the user's wait reaches a retry loop that bounds each
// attempt at 2s.
func PerAttempt(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout) // want `^wait timeout req.WaitTimeout is capped at 2s \(AttemptTimeout, client/client.go:\d+\) via forms.PerAttempt → client.Retry: `
	defer cancel()
	return client.Retry(ctx, "select 1")
}

// PerAttemptRemaining: the attempts share the user's remaining budget.
func PerAttemptRemaining(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout)
	defer cancel()
	return client.RetryRemaining(ctx, "select 1")
}

// Server is wired with its clients in NewServer.
type Server struct {
	cl    *client.Client
	h     *client.HTTP
	plain *client.PlainHTTP
	d     *client.Dialer
	w     *client.Wire
}

// NewServer wires the default clients.
func NewServer() *Server {
	return &Server{cl: client.New(), h: client.NewHTTP(), plain: client.NewPlainHTTP(), d: client.NewDialer()}
}

// Lookup: the user's wait reaches a client whose timeout field (2s unless
// configured) bounds the call.
func (s *Server) Lookup(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout) // want `^wait timeout req.WaitTimeout is capped at c.timeout \(default 2s, client/client.go:\d+\) via \(\*forms.Server\).Lookup → \(\*client.Client\).Get: `
	defer cancel()
	return s.cl.Get(ctx, "select 1")
}

// LookupGuarded: the client keeps its timeout for callers without a
// deadline.
func (s *Server) LookupGuarded(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout)
	defer cancel()
	return s.cl.GetGuarded(ctx, "select 1")
}

// Fetch: the user's wait reaches an HTTP client whose Timeout is 2s.
func (s *Server) Fetch(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout) // want `^wait timeout req.WaitTimeout is capped at 2s \(http.Client.Timeout, client/client.go:\d+\) via \(\*forms.Server\).Fetch → \(\*client.HTTP\).Fetch: `
	defer cancel()
	return s.h.Fetch(ctx, "http://backend/")
}

// FetchPlain: the client has no timeout of its own.
func (s *Server) FetchPlain(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout)
	defer cancel()
	return s.plain.Fetch(ctx, "http://backend/")
}

// Connect: the user's wait reaches a dialer whose Timeout is 1s.
func (s *Server) Connect(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout) // want `^wait timeout req.WaitTimeout is capped at 1s \(net.Dialer.Timeout, client/client.go:\d+\) via \(\*forms.Server\).Connect → \(\*client.Dialer\).Connect: `
	defer cancel()
	return s.d.Connect(ctx, "backend:5060")
}

// CallOptions are per-call options a caller fills.
type CallOptions struct {
	Timeout time.Duration
}

// WithOptions: the caller's per-call options struct carries the budget.
func WithOptions(ctx context.Context, key string, opts *CallOptions) error {
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout) // want `^user timeout opts.Timeout is capped at 2s \(AttemptTimeout, client/client.go:\d+\) via forms.WithOptions → client.Retry: `
	defer cancel()
	return client.Retry(ctx, key)
}

// WithOptionsValue: the same options passed by value.
func WithOptionsValue(ctx context.Context, key string, opts CallOptions) error {
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout) // want `^user timeout opts.Timeout is capped at 2s \(AttemptTimeout, client/client.go:\d+\) via forms.WithOptionsValue → client.Retry: `
	defer cancel()
	return client.Retry(ctx, key)
}

// Send: the user's wait reaches a write whose connection deadline is 2s
// from now.
func (s *Server) Send(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout) // want `^wait timeout req.WaitTimeout is capped at 2s \(AttemptTimeout, client/client.go:\d+\) via \(\*forms.Server\).Send → \(\*client.Wire\).Send: `
	defer cancel()
	return s.w.Send(ctx, []byte("x"))
}

// SendGuarded: the write takes the user's deadline.
func (s *Server) SendGuarded(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout)
	defer cancel()
	return s.w.SendGuarded(ctx, []byte("x"))
}
