// Package traps holds the specification's false-positive traps for
// timeoutflow: a user's budget enters each function, and the helper below
// bounds the context in a way that is not a cut of that budget.
package traps

import (
	"context"
	"errors"
	"time"
)

// Req is a user's request.
type Req struct {
	WaitTimeout time.Duration
}

// Stream is a server stream.
type Stream interface {
	Recv() (string, error)
}

func call(ctx context.Context, method string) error {
	<-ctx.Done()
	return errors.New(method)
}

// longPoll waits for changes in rounds of 55s until the caller's context
// ends: each round's bound is the poll's, not a cap on the work.
func longPoll(ctx context.Context) error {
	for ctx.Err() == nil {
		pctx, cancel := context.WithTimeout(ctx, 55*time.Second)
		_ = call(pctx, "/svc/Wait")
		cancel()
	}
	return ctx.Err()
}

// Poll: the user's wait bounds a long poll.
func Poll(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout)
	defer cancel()
	return longPoll(ctx)
}

// subscribe reads a stream, each round trip bounded by 5s.
func subscribe(ctx context.Context, s Stream) error {
	for {
		rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := call(rctx, "/svc/Ack")
		cancel()
		if err != nil {
			return err
		}
		if _, err := s.Recv(); err != nil {
			return err
		}
	}
}

// Subscribe: the user's wait bounds a stream.
func Subscribe(ctx context.Context, req *Req, s Stream) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout)
	defer cancel()
	return subscribe(ctx, s)
}

// queryContext returns a bounded context to its caller, who decides what
// runs under it.
func queryContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, 2*time.Second)
}

// Factory: the user's wait passes through a function that returns a
// context; nothing runs under the returned one here.
func Factory(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout)
	defer cancel()
	_, qcancel := queryContext(ctx)
	qcancel()
	return call(ctx, "/svc/Get")
}

// Session keeps a bounded context for its lifetime.
type Session struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// start bounds the session's own lifetime and keeps its cancel func: the
// bound is the session's, not a cap on this call.
func (s *Session) start(ctx context.Context) error {
	s.ctx, s.cancel = context.WithTimeout(ctx, 2*time.Second)
	return nil
}

// Open: the user's wait reaches a function that stores its cancel func.
func Open(ctx context.Context, req *Req, s *Session) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout)
	defer cancel()
	return s.start(ctx)
}

// query caps whatever deadline it is given at 2s: reported where a user's
// budget reaches it from hand-written code.
func query(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return call(ctx, "/svc/Query")
}

// Handle is the positive neighbour of the traps: the same budget, cut.
func Handle(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout) // want `^wait timeout req.WaitTimeout is capped at 2s \(traps/traps.go:\d+\) via traps.Handle → traps.query: `
	defer cancel()
	return query(ctx)
}
