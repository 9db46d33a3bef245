// Package twirpint holds twirp interceptors.
package twirpint

import (
	"context"
	"time"

	"github.com/twitchtv/twirp"
)

// Config configures the service.
type Config struct {
	Timeout time.Duration
}

// DefaultConfig is the package-level default.
var DefaultConfig = Config{Timeout: 3 * time.Second}

// Timeout caps every call at the configured default.
func Timeout(cfg Config) twirp.Interceptor {
	return func(next twirp.Method) twirp.Method {
		return func(ctx context.Context, req interface{}) (interface{}, error) {
			ctx, cancel := context.WithTimeout(ctx, cfg.Timeout) // want `^caller's deadline is replaced: context\.WithTimeout\(ctx, cfg\.Timeout\) applies a configured timeout cfg\.Timeout \(default 3s, twirpint/twirpint\.go:\d+\) unconditionally in Timeout \(closure\) before calling next; `
			defer cancel()
			return next(ctx, req)
		}
	}
}

// Budget bounds each call by the caller's remaining budget: no finding.
func Budget(next twirp.Method) twirp.Method {
	return func(ctx context.Context, req interface{}) (interface{}, error) {
		if dl, ok := ctx.Deadline(); ok {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, min(time.Until(dl)/2, 5*time.Second))
			defer cancel()
		}
		return next(ctx, req)
	}
}

// Hooks wires the interceptors; it runs no request itself.
func Hooks() twirp.ServerOption {
	return twirp.WithServerInterceptors(Budget, Timeout(DefaultConfig))
}
