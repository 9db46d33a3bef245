package rpc

import "context"

// Invoker performs a call. The innermost invoker of a Client sends the
// request over the wire; interceptors wrap it.
type Invoker func(ctx context.Context, method string, req, resp any, opts ...RequestOption) error

// ClientInterceptor runs around a call. It must call next to continue the
// call, passing on the caller's context (or one derived from it) and the
// caller's request options.
type ClientInterceptor func(ctx context.Context, method string, req, resp any, next Invoker, opts ...RequestOption) error

// WithClientInterceptors installs interceptors on a client. The first
// interceptor is the outermost: it sees the call first and the result last.
func WithClientInterceptors(ics ...ClientInterceptor) ClientOption {
	return func(c *clientConfig) {
		c.interceptors = append(c.interceptors, ics...)
	}
}

// chainInterceptors builds one invoker from ics around final, with ics[0]
// outermost.
func chainInterceptors(ics []ClientInterceptor, final Invoker) Invoker {
	next := final
	for i := len(ics) - 1; i >= 0; i-- {
		next = bindInterceptor(ics[i], next)
	}
	return next
}

func bindInterceptor(ic ClientInterceptor, next Invoker) Invoker {
	return func(ctx context.Context, method string, req, resp any, opts ...RequestOption) error {
		return ic(ctx, method, req, resp, next, opts...)
	}
}
