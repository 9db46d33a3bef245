// Package middleware: fixed bounds inside middleware belong to
// deadlinereplace; hardcodedtimeout stays silent here.
package middleware

import (
	"context"
	"net/http"
	"time"

	"connectrpc.com/connect"
	"github.com/twitchtv/twirp"
	"google.golang.org/grpc"
)

func UnaryClient(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	return invoker(ctx, method, req, reply, cc, opts...)
}

func StreamClient(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	_ = cancel
	return streamer(ctx, desc, cc, method, opts...)
}

func UnaryServer(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	return handler(ctx, req)
}

func Retry(attempts int) grpc.UnaryClientInterceptor {
	return func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		var err error
		for i := 0; i < attempts; i++ {
			actx, cancel := context.WithTimeout(ctx, 3*time.Second)
			err = invoker(actx, method, req, reply, cc, opts...)
			cancel()
		}
		return err
	}
}

func Timeout(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

type transport struct{ base http.RoundTripper }

func (t *transport) RoundTrip(r *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	return t.base.RoundTrip(r.WithContext(ctx))
}

func ConnectTimeout() connect.UnaryInterceptorFunc {
	return func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
			defer cancel()
			return next(ctx, req)
		}
	}
}

func TwirpTimeout(next twirp.Method) twirp.Method {
	return func(ctx context.Context, req interface{}) (interface{}, error) {
		ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		return next(ctx, req)
	}
}

// Wrapper is a generic wrapper calling a next-like field.
type Wrapper struct {
	next func(ctx context.Context, req any) error
}

func (w *Wrapper) Do(ctx context.Context, req any) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	return w.next(ctx, req)
}
