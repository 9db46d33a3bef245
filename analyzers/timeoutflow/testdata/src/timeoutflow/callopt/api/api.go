// Package api passes its users' timeouts as gRPC call options.
package api

import (
	"context"
	"time"

	"timeoutflow/callopt/zrpc"
)

// Req is what a user sends.
type Req struct {
	CallTimeout time.Duration
}

// Server calls a backend for each request.
type Server struct {
	cl *zrpc.Client
}

// Get: the user's call option is replaced by the client's 2s default.
func (s *Server) Get(ctx context.Context, req *Req) error {
	return s.cl.Call(ctx, "/svc/Get", zrpc.WithCallTimeout(req.CallTimeout)) // want `^call timeout req.CallTimeout is replaced by 2s \(DefaultCallTimeout, zrpc/zrpc.go:\d+\) via \(\*api.Server\).Get → \(\*zrpc.Client\).Call → zrpc.withDefault: `
}

// GetDefault: the client's default comes first; the user's option wins.
func (s *Server) GetDefault(ctx context.Context, req *Req) error {
	return s.cl.CallDefault(ctx, "/svc/Get", zrpc.WithCallTimeout(req.CallTimeout))
}
