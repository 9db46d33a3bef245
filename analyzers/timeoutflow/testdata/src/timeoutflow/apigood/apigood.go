// Package apigood wires the retry interceptor that prepends its timeout.
package apigood

import (
	"context"
	"time"

	"timeoutflow/rpc"
)

// Request is the user's request.
type Request struct {
	RingingTimeout time.Duration
}

// Server holds the RPC client.
type Server struct {
	client *rpc.Client
}

// NewServer builds the client.
func NewServer() *Server {
	return &Server{client: rpc.NewClient(rpc.WithClientInterceptors(
		rpc.TracingInterceptor(),
		rpc.SafeRetryInterceptor(rpc.DefaultRetryConfig),
	))}
}

// Create is fine: the retry timeout is only a default.
func (s *Server) Create(ctx context.Context, req *Request) error {
	return s.client.Call(ctx, "Dial", rpc.WithRequestTimeout(req.RingingTimeout))
}
