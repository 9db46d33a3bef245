// Package grpcint holds gRPC client and server interceptors.
package grpcint

import (
	"context"
	"strconv"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

const callTimeout = 2 * time.Second

// CapClient caps every outgoing call at a fixed timeout.
func CapClient(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	ctx, cancel := context.WithTimeout(ctx, callTimeout) // want `^caller's deadline is replaced: context\.WithTimeout\(ctx, callTimeout\) applies a fixed timeout of 2s \(callTimeout, grpcint/grpcint\.go:\d+\) unconditionally in CapClient before calling invoker; apply it only when the caller set no deadline \(if _, ok := ctx\.Deadline\(\); !ok\)$`
	defer cancel()
	return invoker(ctx, method, req, reply, cc, opts...)
}

// LoggingClient drops the caller's call options.
func LoggingClient(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	return invoker(ctx, method, req, reply, cc) // want `^caller's options are dropped: invoker is called without opts\.\.\. in LoggingClient, so a per-request timeout the caller passes is not applied and the callee's default is; forward opts\.\.\.$`
}

// ReadyClient appends an option that is not a timeout: no finding.
func ReadyClient(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	return invoker(ctx, method, req, reply, cc, append(opts, grpc.WaitForReady(true))...)
}

// GuardedClient applies a default only when the caller set no deadline: no finding.
func GuardedClient(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	if _, ok := ctx.Deadline(); ok {
		return invoker(ctx, method, req, reply, cc, opts...)
	}
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	return invoker(ctx, method, req, reply, cc, opts...)
}

// StreamClient passes streams through untouched: no finding.
func StreamClient(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	return streamer(ctx, desc, cc, method, opts...)
}

// StreamClientCap caps the whole stream the caller opens at a fixed
// timeout.
func StreamClientCap(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second) // want `^caller's deadline is replaced: context\.WithTimeout\(ctx, 10\*time\.Second\) applies a fixed timeout of 10s unconditionally in StreamClientCap before calling streamer; `
	_ = cancel
	return streamer(ctx, desc, cc, method, opts...)
}

// StreamClientDrop drops the caller's options on a stream.
func StreamClientDrop(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	return streamer(ctx, desc, cc, method) // want `^caller's options are dropped: streamer is called without opts\.\.\. in StreamClientDrop`
}

// CapServer caps the deadline the gRPC caller sent: gRPC carries the
// caller's deadline, so this is a replacement.
func CapServer(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second) // want `^caller's deadline is replaced: context\.WithTimeout\(ctx, 5\*time\.Second\) applies a fixed timeout of 5s unconditionally in CapServer before calling handler; `
	defer cancel()
	return handler(ctx, req)
}

// BackgroundServer runs the handler on a fresh root context.
func BackgroundServer(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	return handler(context.Background(), req) // want `^caller's context is replaced: handler receives a context rooted at context\.Background\(\) \(grpcint/grpcint\.go:\d+\) in BackgroundServer; derive it from the caller's ctx$`
}

// ExpiryServer rebuilds the handler deadline from the expiry the caller put
// on the wire: a server entry point deriving from the received request, no
// finding.
func ExpiryServer(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	if v := md["x-expiry-unix-nano"]; len(v) == 1 {
		if n, err := strconv.ParseInt(v[0], 10, 64); err == nil {
			var cancel context.CancelFunc
			ctx, cancel = context.WithDeadline(ctx, time.Unix(0, n))
			defer cancel()
		}
	}
	return handler(ctx, req)
}

// ExpiryRootServer rebuilds the handler context from the wire expiry on a
// fresh root, as an RPC server entry point does: no finding.
func ExpiryRootServer(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	v := md["x-expiry-unix-nano"]
	if len(v) != 1 {
		return handler(ctx, req)
	}
	n, err := strconv.ParseInt(v[0], 10, 64)
	if err != nil {
		return nil, err
	}
	hctx, cancel := context.WithDeadline(context.Background(), time.Unix(0, n))
	defer cancel()
	return handler(hctx, req)
}

// OutgoingRoot sends the call with fresh metadata on a fresh root context.
func OutgoingRoot(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	out := metadata.NewOutgoingContext(context.Background(), metadata.Pairs("k", "v"))
	return invoker(out, method, req, reply, cc, opts...) // want `^caller's context is replaced: invoker receives a context rooted at context\.Background\(\) \(grpcint/grpcint\.go:\d+\) in OutgoingRoot; derive it from the caller's ctx$`
}

// StreamServer passes the stream through, long polls included: no finding.
func StreamServer(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	return handler(srv, ss)
}

// Options builds the client interceptor chain; it forwards everything.
func Options() []grpc.DialOption {
	return []grpc.DialOption{
		grpc.WithChainUnaryInterceptor(GuardedClient, ReadyClient),
		grpc.WithChainStreamInterceptor(StreamClient),
	}
}
