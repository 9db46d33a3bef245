// Package api wires the RPC client with the appending retry interceptor.
package api

import (
	"context"
	"time"

	"timeoutflow/rpc"
)

// DefaultRingingTimeout is the API's default ringing timeout.
const DefaultRingingTimeout = 30 * time.Second

// Request is the user's request.
type Request struct {
	RingingTimeout time.Duration
}

// Server holds the RPC client.
type Server struct {
	client *rpc.Client
}

// NewServer builds the client from shared parameters.
func NewServer() *Server {
	return &Server{client: rpc.NewClient(rpc.WithClientInterceptors(
		rpc.TracingInterceptor(),
		rpc.RetryInterceptor(rpc.DefaultRetryConfig),
	))}
}

// Create passes the user's ringing timeout as a context deadline and as a
// request option.
func (s *Server) Create(ctx context.Context, req *Request) error {
	ringing := DefaultRingingTimeout
	if req.RingingTimeout != 0 {
		ringing = req.RingingTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, ringing)
	defer cancel()
	return s.client.Call(ctx, "Dial", rpc.WithRequestTimeout(ringing)) // want `^ringing timeout req.RingingTimeout \(default 30s\) is replaced by 3s \(DefaultRetryConfig.Timeout, rpc/rpc.go:\d+\) via \(\*api.Server\).Create → \(\*rpc.Client\).Call → rpc.chainInterceptors \(closure\) → rpc.RetryInterceptor \(closure\) → rpc.attemptOptions: let the caller's option win \(prepend the default\) or guard with ctx.Deadline\(\)$`
}
