// Package connectint holds connect interceptors.
package connectint

import (
	"context"
	"time"

	"connectrpc.com/connect"
)

// NewTimeout caps every unary call at a fixed timeout. The closure's finding
// names NewTimeout.
func NewTimeout() connect.UnaryInterceptorFunc {
	return func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			ctx, cancel := context.WithTimeout(ctx, 2*time.Second) // want `^caller's deadline is replaced: context\.WithTimeout\(ctx, 2\*time\.Second\) applies a fixed timeout of 2s unconditionally in NewTimeout \(closure\) before calling next; apply it only when the caller set no deadline \(if _, ok := ctx\.Deadline\(\); !ok\)$`
			defer cancel()
			return next(ctx, req)
		}
	}
}

// NewGuarded applies its default only when the caller set none: no finding.
func NewGuarded(d time.Duration) connect.UnaryInterceptorFunc {
	return func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			if _, ok := ctx.Deadline(); !ok {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, d)
				defer cancel()
			}
			return next(ctx, req)
		}
	}
}

// detachInterceptor implements connect.Interceptor.
type detachInterceptor struct{}

// WrapUnary detaches the call from the caller.
func (detachInterceptor) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		return next(context.WithoutCancel(ctx), req) // want `^caller's context is replaced: next receives a context rooted at context\.WithoutCancel\(ctx\) \(connectint/connectint\.go:\d+\) in detachInterceptor\.WrapUnary \(closure\); derive it from the caller's ctx$`
	}
}

// WrapStreamingClient passes streams through: no finding.
func (detachInterceptor) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return func(ctx context.Context, spec connect.Spec) connect.StreamingClientConn {
		return next(ctx, spec)
	}
}

// WrapStreamingHandler passes streams through: no finding.
func (detachInterceptor) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return func(ctx context.Context, conn connect.StreamingHandlerConn) error {
		return next(ctx, conn)
	}
}

var _ connect.Interceptor = detachInterceptor{}
