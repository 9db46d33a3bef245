// Package override configures the appending retry interceptor with a
// timeout longer than any user value: nothing is lost.
package override

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

// NewServer overrides the retry default.
func NewServer() *Server {
	return &Server{client: rpc.NewClient(rpc.WithClientInterceptors(
		rpc.RetryInterceptor(rpc.RetryConfig{MaxAttempts: 2, Timeout: 2 * time.Minute}),
	))}
}

// Create: the user's value (default 30s) is shorter than the 2m cap.
func (s *Server) Create(ctx context.Context, req *Request) error {
	t := 30 * time.Second
	if req.RingingTimeout > 0 && req.RingingTimeout < time.Minute {
		t = req.RingingTimeout
	}
	return s.client.Call(ctx, "Dial", rpc.WithRequestTimeout(t))
}
