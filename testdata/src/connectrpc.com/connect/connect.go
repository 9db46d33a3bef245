// Package connect is a minimal stub of connectrpc.com/connect for analyzer
// tests: only the API shapes ctxtimeout matches, with no behaviour.
package connect

import (
	"context"
	"net/http"
)

// StreamType describes whether the client, server, neither, or both is streaming.
type StreamType uint8

// Spec is a description of a client call or a handler invocation.
type Spec struct {
	StreamType StreamType
	Procedure  string
	IsClient   bool
}

// AnyRequest is the common method set of every Request.
type AnyRequest interface {
	Any() any
	Spec() Spec
	Header() http.Header
}

// AnyResponse is the common method set of every Response.
type AnyResponse interface {
	Any() any
	Header() http.Header
}

// Request is a request message with headers.
type Request[T any] struct {
	Msg    *T
	header http.Header
}

// NewRequest wraps a message.
func NewRequest[T any](message *T) *Request[T] { return &Request[T]{Msg: message} }

// Any returns the message.
func (r *Request[T]) Any() any { return r.Msg }

// Spec returns the Spec.
func (r *Request[T]) Spec() Spec { return Spec{} }

// Header returns the request headers.
func (r *Request[T]) Header() http.Header { return r.header }

// Response is a response message with headers.
type Response[T any] struct {
	Msg    *T
	header http.Header
}

// NewResponse wraps a message.
func NewResponse[T any](message *T) *Response[T] { return &Response[T]{Msg: message} }

// Any returns the message.
func (r *Response[T]) Any() any { return r.Msg }

// Header returns the response headers.
func (r *Response[T]) Header() http.Header { return r.header }

// UnaryFunc is the generic signature of a unary RPC.
type UnaryFunc func(context.Context, AnyRequest) (AnyResponse, error)

// StreamingClientConn is the client side of a stream.
type StreamingClientConn interface {
	Spec() Spec
	Send(any) error
	Receive(any) error
	CloseRequest() error
	CloseResponse() error
}

// StreamingHandlerConn is the server side of a stream.
type StreamingHandlerConn interface {
	Spec() Spec
	Receive(any) error
	Send(any) error
}

// StreamingClientFunc is the generic signature of a streaming RPC from the client.
type StreamingClientFunc func(context.Context, Spec) StreamingClientConn

// StreamingHandlerFunc is the generic signature of a streaming RPC from the handler.
type StreamingHandlerFunc func(context.Context, StreamingHandlerConn) error

// Interceptor wraps unary and streaming RPCs.
type Interceptor interface {
	WrapUnary(UnaryFunc) UnaryFunc
	WrapStreamingClient(StreamingClientFunc) StreamingClientFunc
	WrapStreamingHandler(StreamingHandlerFunc) StreamingHandlerFunc
}

// UnaryInterceptorFunc is a simple Interceptor for unary RPCs.
type UnaryInterceptorFunc func(UnaryFunc) UnaryFunc

// WrapUnary implements Interceptor.
func (f UnaryInterceptorFunc) WrapUnary(next UnaryFunc) UnaryFunc { return f(next) }

// WrapStreamingClient implements Interceptor.
func (f UnaryInterceptorFunc) WrapStreamingClient(next StreamingClientFunc) StreamingClientFunc {
	return next
}

// WrapStreamingHandler implements Interceptor.
func (f UnaryInterceptorFunc) WrapStreamingHandler(next StreamingHandlerFunc) StreamingHandlerFunc {
	return next
}

// HTTPClient is the interface connect expects HTTP clients to implement.
type HTTPClient interface {
	Do(*http.Request) (*http.Response, error)
}

// ClientOption configures a client.
type ClientOption interface{ applyToClient() }

// HandlerOption configures a handler.
type HandlerOption interface{ applyToHandler() }

// Option implements both ClientOption and HandlerOption.
type Option interface {
	ClientOption
	HandlerOption
}

type interceptorsOption struct{}

func (interceptorsOption) applyToClient()  {}
func (interceptorsOption) applyToHandler() {}

// WithInterceptors configures interceptors.
func WithInterceptors(interceptors ...Interceptor) Option { return interceptorsOption{} }

// Client is a reusable, concurrency-safe client for a single procedure.
type Client[Req, Res any] struct{}

// NewClient constructs a new Client.
func NewClient[Req, Res any](httpClient HTTPClient, url string, options ...ClientOption) *Client[Req, Res] {
	return &Client[Req, Res]{}
}

// CallUnary calls a request-response procedure.
func (c *Client[Req, Res]) CallUnary(ctx context.Context, request *Request[Req]) (*Response[Res], error) {
	return nil, nil
}
