// Package handlers holds request handlers that receive a caller's context.
package handlers

import (
	"context"
	"time"
)

// Dialer is an outbound dependency.
type Dialer interface {
	Dial(ctx context.Context, to string) error
}

// Config holds service settings.
type Config struct {
	LookupTimeout time.Duration
}

// Service handles requests.
type Service struct {
	dialer Dialer
	cfg    Config
	cancel context.CancelFunc
	done   chan struct{}
}

// Request is an incoming request.
type Request struct {
	To             string
	RingingTimeout time.Duration
}

// CreateParticipant dials on a fresh root context: the caller's deadline
// and cancellation no longer reach the dial.
func (s *Service) CreateParticipant(ctx context.Context, req *Request) error {
	return s.dialer.Dial(context.Background(), req.To) // want `^caller's context is replaced: s\.dialer\.Dial receives a context rooted at context\.Background\(\) \(handlers/handlers\.go:\d+\) in \(\*Service\)\.CreateParticipant; derive it from the caller's ctx$`
}

// Ring uses the user's own ringing timeout on the caller's context: no finding.
func (s *Service) Ring(ctx context.Context, req *Request) error {
	ctx, cancel := context.WithTimeout(ctx, req.RingingTimeout)
	defer cancel()
	return s.dialer.Dial(ctx, req.To)
}

// Lookup bounds an outbound call by a configured timeout. That is not
// middleware, so it is not this check's finding.
func (s *Service) Lookup(ctx context.Context, req *Request) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.LookupTimeout)
	defer cancel()
	return s.dialer.Dial(ctx, req.To)
}

// Start starts a worker that outlives the request; its cancel func is kept
// in a field: no finding.
func (s *Service) Start(ctx context.Context) {
	wctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.done = make(chan struct{})
	go s.run(wctx)
}

func (s *Service) run(ctx context.Context) {
	defer close(s.done)
	<-ctx.Done()
}

// Hangup sends the BYE after returning, detached for cleanup: no finding.
func (s *Service) Hangup(ctx context.Context, req *Request) error {
	defer func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		_ = s.dialer.Dial(cctx, "bye:"+req.To)
	}()
	return s.dialer.Dial(ctx, req.To)
}

// NewCallContext returns a context to its caller, which owns it: no finding.
func (s *Service) NewCallContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 30*time.Second)
}

// Notify queues a notification that outlives the request: no finding.
func (s *Service) Notify(ctx context.Context, req *Request) {
	go func() {
		_ = s.dialer.Dial(context.Background(), "notify:"+req.To)
	}()
}

// Poll is a long poll that keeps the caller's context: no finding.
func (s *Service) Poll(ctx context.Context, req *Request) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
			if err := s.dialer.Dial(ctx, req.To); err == nil {
				return nil
			}
		}
	}
}

// ReportFailure tells the server about a failure, best effort, on a
// bounded root of its own: the caller's context may already be done, and
// the result is discarded. Deliberately detached: no finding.
func (s *Service) ReportFailure(ctx context.Context, req *Request) error {
	if err := s.dialer.Dial(ctx, req.To); err != nil {
		fctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = s.dialer.Dial(fctx, "failed:"+req.To)
		return err
	}
	return nil
}

// ReportAndWait sends the same report on the same bounded root but
// returns its error: the caller waits for it with its own deadline and
// cancellation replaced.
func (s *Service) ReportAndWait(ctx context.Context, req *Request) error {
	fctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return s.dialer.Dial(fctx, "failed:"+req.To) // want `^caller's context is replaced: s\.dialer\.Dial receives a context rooted at context\.Background\(\) \(handlers/handlers\.go:\d+\) in \(\*Service\)\.ReportAndWait; derive it from the caller's ctx$`
}
