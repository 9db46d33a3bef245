// Package twirp is a minimal stub of github.com/twitchtv/twirp for analyzer
// tests: only the API shapes ctxtimeout matches, with no behaviour.
package twirp

import (
	"context"
	"net/http"
)

// Method is a generic RPC method.
type Method func(ctx context.Context, request interface{}) (interface{}, error)

// Interceptor is a form of middleware for Twirp requests.
type Interceptor func(Method) Method

// ChainInterceptors chains interceptors; the first is outermost.
func ChainInterceptors(interceptors ...Interceptor) Interceptor {
	return func(next Method) Method { return next }
}

// ClientOptions are the client options.
type ClientOptions struct {
	Interceptors []Interceptor
}

// ClientOption is a functional option for clients.
type ClientOption func(*ClientOptions)

// WithClientInterceptors adds client interceptors.
func WithClientInterceptors(interceptors ...Interceptor) ClientOption {
	return func(o *ClientOptions) { o.Interceptors = append(o.Interceptors, interceptors...) }
}

// ServerOptions are the server options.
type ServerOptions struct {
	Interceptors []Interceptor
}

// ServerOption is a functional option for servers.
type ServerOption func(*ServerOptions)

// WithServerInterceptors adds server interceptors.
func WithServerInterceptors(interceptors ...Interceptor) ServerOption {
	return func(o *ServerOptions) { o.Interceptors = append(o.Interceptors, interceptors...) }
}

// HTTPClient is the interface generated clients use.
type HTTPClient interface {
	Do(req *http.Request) (*http.Response, error)
}
