// Package grpc is a minimal stub of google.golang.org/grpc for analyzer
// tests: only the API shapes ctxtimeout matches, with no behaviour.
package grpc

import (
	"context"
	"time"
)

// CallOption configures a call.
type CallOption interface{ callOption() }

// EmptyCallOption does nothing; embed it to implement CallOption.
type EmptyCallOption struct{}

func (EmptyCallOption) callOption() {}

// WaitForReady is a call option.
func WaitForReady(waitForReady bool) CallOption { return EmptyCallOption{} }

// DialOption configures how we set up the connection.
type DialOption interface{ dialOption() }

type emptyDialOption struct{}

func (emptyDialOption) dialOption() {}

// WithTimeout is the deprecated dial timeout option.
func WithTimeout(d time.Duration) DialOption { return emptyDialOption{} }

// WithUnaryInterceptor installs a unary client interceptor.
func WithUnaryInterceptor(f UnaryClientInterceptor) DialOption { return emptyDialOption{} }

// WithChainUnaryInterceptor installs a chain of unary client interceptors.
func WithChainUnaryInterceptor(interceptors ...UnaryClientInterceptor) DialOption {
	return emptyDialOption{}
}

// WithStreamInterceptor installs a stream client interceptor.
func WithStreamInterceptor(f StreamClientInterceptor) DialOption { return emptyDialOption{} }

// WithChainStreamInterceptor installs a chain of stream client interceptors.
func WithChainStreamInterceptor(interceptors ...StreamClientInterceptor) DialOption {
	return emptyDialOption{}
}

// ClientConn is a client connection.
type ClientConn struct{}

// NewClient creates a client connection.
func NewClient(target string, opts ...DialOption) (*ClientConn, error) { return &ClientConn{}, nil }

// DialContext creates a client connection.
func DialContext(ctx context.Context, target string, opts ...DialOption) (*ClientConn, error) {
	return &ClientConn{}, nil
}

// Invoke performs a unary RPC.
func (cc *ClientConn) Invoke(ctx context.Context, method string, args, reply any, opts ...CallOption) error {
	return nil
}

// NewStream begins a streaming RPC.
func (cc *ClientConn) NewStream(ctx context.Context, desc *StreamDesc, method string, opts ...CallOption) (ClientStream, error) {
	return nil, nil
}

// Close closes the connection.
func (cc *ClientConn) Close() error { return nil }

// ClientConnInterface is what generated clients use.
type ClientConnInterface interface {
	Invoke(ctx context.Context, method string, args any, reply any, opts ...CallOption) error
	NewStream(ctx context.Context, desc *StreamDesc, method string, opts ...CallOption) (ClientStream, error)
}

// StreamDesc describes a stream.
type StreamDesc struct {
	StreamName    string
	ServerStreams bool
	ClientStreams bool
}

// ClientStream is the client side of a stream.
type ClientStream interface {
	Context() context.Context
	CloseSend() error
	SendMsg(m any) error
	RecvMsg(m any) error
}

// ServerStream is the server side of a stream.
type ServerStream interface {
	Context() context.Context
	SendMsg(m any) error
	RecvMsg(m any) error
}

// UnaryInvoker is called by a UnaryClientInterceptor to complete the RPC.
type UnaryInvoker func(ctx context.Context, method string, req, reply any, cc *ClientConn, opts ...CallOption) error

// UnaryClientInterceptor intercepts unary client calls.
type UnaryClientInterceptor func(ctx context.Context, method string, req, reply any, cc *ClientConn, invoker UnaryInvoker, opts ...CallOption) error

// Streamer is called by a StreamClientInterceptor to create a ClientStream.
type Streamer func(ctx context.Context, desc *StreamDesc, cc *ClientConn, method string, opts ...CallOption) (ClientStream, error)

// StreamClientInterceptor intercepts stream creation.
type StreamClientInterceptor func(ctx context.Context, desc *StreamDesc, cc *ClientConn, method string, streamer Streamer, opts ...CallOption) (ClientStream, error)

// UnaryServerInfo describes a unary RPC on the server.
type UnaryServerInfo struct {
	Server     any
	FullMethod string
}

// UnaryHandler is the handler a UnaryServerInterceptor calls.
type UnaryHandler func(ctx context.Context, req any) (any, error)

// UnaryServerInterceptor intercepts unary server calls.
type UnaryServerInterceptor func(ctx context.Context, req any, info *UnaryServerInfo, handler UnaryHandler) (resp any, err error)

// StreamServerInfo describes a streaming RPC on the server.
type StreamServerInfo struct {
	FullMethod     string
	IsClientStream bool
	IsServerStream bool
}

// StreamHandler is the handler a StreamServerInterceptor calls.
type StreamHandler func(srv any, stream ServerStream) error

// StreamServerInterceptor intercepts streams on the server.
type StreamServerInterceptor func(srv any, ss ServerStream, info *StreamServerInfo, handler StreamHandler) error

// ServerOption configures a server.
type ServerOption interface{ serverOption() }

type emptyServerOption struct{}

func (emptyServerOption) serverOption() {}

// UnaryInterceptor installs a unary server interceptor.
func UnaryInterceptor(i UnaryServerInterceptor) ServerOption { return emptyServerOption{} }

// ChainUnaryInterceptor installs unary server interceptors.
func ChainUnaryInterceptor(interceptors ...UnaryServerInterceptor) ServerOption {
	return emptyServerOption{}
}

// StreamInterceptor installs a stream server interceptor.
func StreamInterceptor(i StreamServerInterceptor) ServerOption { return emptyServerOption{} }

// Server is a gRPC server.
type Server struct{}

// NewServer creates a server.
func NewServer(opt ...ServerOption) *Server { return &Server{} }
