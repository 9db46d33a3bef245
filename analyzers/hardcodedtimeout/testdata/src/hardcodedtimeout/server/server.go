// Package server: a server rebuilding its handler deadline from the
// expiry it received is not reported.
package server

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// Request is an RPC request received from the wire.
type Request struct {
	Expiry int64 // unix nanos
	Body   []byte
}

type Handler interface {
	Serve(ctx context.Context, body []byte) error
}

type Server struct {
	h Handler
}

func (s *Server) HandleRPC(ctx context.Context, req *Request) error {
	ctx, cancel := context.WithDeadline(ctx, time.Unix(0, req.Expiry))
	defer cancel()
	return s.h.Serve(ctx, req.Body)
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if v := r.Header.Get("X-Expiry"); v != "" {
		expiry, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			http.Error(w, "bad expiry", http.StatusBadRequest)
			return
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, time.Unix(0, expiry))
		defer cancel()
	}
	_ = s.h.Serve(ctx, nil)
}

func (s *Server) HandleTimeout(ctx context.Context, req *Request, timeoutMillis int64) error {
	ctx, cancel := context.WithTimeout(ctx, time.Duration(timeoutMillis)*time.Millisecond)
	defer cancel()
	return s.h.Serve(ctx, req.Body)
}
