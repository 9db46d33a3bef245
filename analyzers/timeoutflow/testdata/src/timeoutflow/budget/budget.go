// Package budget receives user budgets and applies them as context
// deadlines (the most common form of a user timeout in Go).
package budget

import (
	"context"
	"time"

	"timeoutflow/budget/db"
	"timeoutflow/budget/store"
)

// Req is a user's request.
type Req struct {
	Key         string
	WaitTimeout time.Duration // the user's budget, e.g. 60s
	QuickWait   time.Duration
}

// query caps whatever deadline it is given at 2s.
func query(ctx context.Context, key string) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return db.QueryGuarded(ctx, key)
}

// Handle is the example: the user's wait is cut to 2s one call
// down, in the same package.
func Handle(ctx context.Context, req *Req) error {
	wait := req.WaitTimeout
	ctx, cancel := context.WithTimeout(ctx, wait) // want `^wait timeout req.WaitTimeout is capped at 2s \(budget/budget.go:\d+\) via budget.Handle → budget.query: apply the fixed timeout only when the caller set no deadline \(ctx.Deadline\(\)\) or let the caller choose it$`
	defer cancel()
	return query(ctx, req.Key)
}

// Deadline: the same budget as an absolute deadline, cut three packages
// away.
func Deadline(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithDeadline(ctx, time.Now().Add(req.WaitTimeout)) // want `^wait timeout req.WaitTimeout is capped at 2s \(QueryTimeout, db/db.go:\d+\) via budget.Deadline → store.Get → db.Query: `
	defer cancel()
	return store.Get(ctx, req.Key)
}

// Server is wired by NewServer.
type Server struct {
	store store.Getter
	fetch func(ctx context.Context, key string) error
}

// NewServer wires the implementations: the interface and the func-valued
// field both end in db.Query.
func NewServer() *Server {
	return &Server{store: store.New(), fetch: store.Get}
}

// ViaInterface reaches the cap through interface dispatch.
func (s *Server) ViaInterface(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout) // want `^wait timeout req.WaitTimeout is capped at 2s \(QueryTimeout, db/db.go:\d+\) via \(\*budget.Server\).ViaInterface → \(store.SQL\).Get → db.Query: `
	defer cancel()
	return s.store.Get(ctx, req.Key)
}

// ViaField reaches the cap through a func-valued field.
func (s *Server) ViaField(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout) // want `^wait timeout req.WaitTimeout is capped at 2s \(QueryTimeout, db/db.go:\d+\) via \(\*budget.Server\).ViaField → store.Get → db.Query: `
	defer cancel()
	return s.fetch(ctx, req.Key)
}

// Guarded: the query applies its bound only without a deadline.
func Guarded(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout)
	defer cancel()
	return store.GetGuarded(ctx, req.Key)
}

// GuardedImpl: the same through an implementation that guards.
func GuardedImpl(ctx context.Context, req *Req) error {
	var g store.Getter = store.Guarded{}
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout)
	defer cancel()
	return g.Get(ctx, req.Key)
}

// Remaining: the query bounds by the remaining budget.
func Remaining(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout)
	defer cancel()
	return store.GetRemaining(ctx, req.Key)
}

// Shorter: the user's wait (at most 1s) is never longer than the 2s cap.
func Shorter(ctx context.Context, req *Req) error {
	t := time.Second
	if req.QuickWait > 0 && req.QuickWait < time.Second {
		t = req.QuickWait
	}
	ctx, cancel := context.WithTimeout(ctx, t)
	defer cancel()
	return store.Get(ctx, req.Key)
}

// Waits: the helper only waits on its bound.
func Waits(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout)
	defer cancel()
	return db.Wait(ctx)
}

// BestEffort: the helper's expiry fails nobody.
func BestEffort(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout)
	defer cancel()
	db.Warm(ctx)
	return store.GetGuarded(ctx, req.Key)
}

// Background: the query is started with go, not followed.
func Background(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout)
	go func() {
		defer cancel()
		_ = store.Get(ctx, req.Key)
	}()
	return nil
}

// DetachedQuery: the helper detaches from the caller's deadline.
func DetachedQuery(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout)
	defer cancel()
	return db.Detached(ctx, req.Key)
}

// FixedBudget: a fixed value is no user budget.
func FixedBudget(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	return store.Get(ctx, req.Key)
}
