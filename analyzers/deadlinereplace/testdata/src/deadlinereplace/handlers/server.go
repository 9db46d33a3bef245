package handlers

import (
	"context"
	"time"
)

// Message is a request as read off the wire, with the caller's expiry.
type Message struct {
	ExpiryUnixNano int64
	Body           []byte
}

// RPCServer is a small RPC server.
type RPCServer struct {
	handle func(ctx context.Context, body []byte) error
}

// serveMessage rebuilds the handler's context from the expiry the caller put
// on the wire: a server entry point deriving its deadline from the request it
// received. No finding.
func (s *RPCServer) serveMessage(connCtx context.Context, m *Message) error {
	hctx, cancel := context.WithDeadline(context.Background(), time.Unix(0, m.ExpiryUnixNano))
	defer cancel()
	return s.handle(hctx, m.Body)
}

// serveFixed ignores the wire expiry and gives every request 3s on a fresh
// root context.
func (s *RPCServer) serveFixed(connCtx context.Context, m *Message) error {
	hctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return s.handle(hctx, m.Body) // want `^caller's context is replaced: s\.handle receives a context rooted at context\.Background\(\) \(handlers/server\.go:\d+\) in \(\*RPCServer\)\.serveFixed; derive it from the caller's connCtx$`
}
