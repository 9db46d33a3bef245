// Package api takes its store as an interface: which implementation it
// calls, and so whether the user's budget is cut, is decided where the
// program is wired (cmd/server), not here.
package api

import (
	"context"
	"time"
)

// Store is what the API needs.
type Store interface {
	Get(ctx context.Context, key string) error
}

// Req is what a user sends.
type Req struct {
	WaitTimeout time.Duration
}

// Server serves requests from a store.
type Server struct {
	st Store
}

// NewServer wires a store.
func NewServer(st Store) *Server { return &Server{st: st} }

// Handle bounds the request by the user's wait and reads the store.
func (s *Server) Handle(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout)
	defer cancel()
	return s.st.Get(ctx, "key")
}
