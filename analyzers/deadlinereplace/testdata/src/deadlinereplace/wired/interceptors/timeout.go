// Package interceptors holds a purpose-built server timeout interceptor:
// its one setting is the timeout. By itself it reports nothing (whoever
// installs it chooses the cap); a package that installs it with a value
// the user did not choose is reported there (package wired).
package interceptors

import (
	"context"
	"time"

	"google.golang.org/grpc"
)

// MethodTimeout overrides the timeout of one method.
type MethodTimeout struct {
	FullMethod string
	Timeout    time.Duration
}

// UnaryTimeout caps every call at timeout, or at its method's own; the
// handler runs in a goroutine the interceptor waits for.
func UnaryTimeout(timeout time.Duration, methods ...MethodTimeout) grpc.UnaryServerInterceptor { // want UnaryTimeout:`timeout middleware\(param 0\)`
	byMethod := map[string]time.Duration{}
	for _, m := range methods {
		byMethod[m.FullMethod] = m.Timeout
	}
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		t := timeoutOf(info.FullMethod, byMethod, timeout)
		ctx, cancel := context.WithTimeout(ctx, t)
		defer cancel()
		type result struct {
			resp any
			err  error
		}
		done := make(chan result, 1)
		go func() {
			resp, err := handler(ctx, req)
			done <- result{resp, err}
		}()
		select {
		case r := <-done:
			return r.resp, r.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func timeoutOf(method string, byMethod map[string]time.Duration, def time.Duration) time.Duration {
	if t, ok := byMethod[method]; ok {
		return t
	}
	return def
}

// CallTimeout is a call option that sets one call's timeout.
type CallTimeout struct {
	grpc.CallOption
	Timeout time.Duration
}

// UnaryClientTimeout caps every outgoing call at timeout unless the call
// passes a CallTimeout: a caller's longer context deadline is cut.
func UnaryClientTimeout(timeout time.Duration) grpc.UnaryClientInterceptor { // want UnaryClientTimeout:`timeout middleware\(param 0\)`
	return func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		t := callTimeout(opts, timeout)
		if t <= 0 {
			return invoker(ctx, method, req, reply, cc, opts...)
		}
		ctx, cancel := context.WithTimeout(ctx, t)
		defer cancel()
		return invoker(ctx, method, req, reply, cc, opts...)
	}
}

func callTimeout(opts []grpc.CallOption, def time.Duration) time.Duration {
	for _, o := range opts {
		if ct, ok := o.(CallTimeout); ok {
			return ct.Timeout
		}
	}
	return def
}
