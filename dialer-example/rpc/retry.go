package rpc

import (
	"context"
	"time"
)

// RetryConfig configures RetryInterceptor.
type RetryConfig struct {
	// MaxAttempts is the number of attempts including the first.
	MaxAttempts int
	// Timeout is the timeout of one attempt when the caller set none.
	Timeout time.Duration
	// Backoff is the pause between attempts.
	Backoff time.Duration
}

// DefaultRetryConfig is the retry policy of the shared client parameters.
var DefaultRetryConfig = RetryConfig{MaxAttempts: 3, Timeout: 3 * time.Second, Backoff: 2 * time.Second}

// RetryInterceptor retries calls that failed with a retryable error (see
// IsRetryable), up to cfg.MaxAttempts attempts. It never waits past the
// caller's context.
func RetryInterceptor(cfg RetryConfig) ClientInterceptor {
	attempts := max(cfg.MaxAttempts, 1)
	return func(ctx context.Context, method string, req, resp any, next Invoker, opts ...RequestOption) error {
		for attempt := 1; ; attempt++ {
			err := next(ctx, method, req, resp, attemptOptions(cfg, opts)...)
			if err == nil || attempt >= attempts || !IsRetryable(err) {
				return err
			}
			// Do not start a backoff the caller's remaining budget cannot cover.
			if dl, ok := ctx.Deadline(); ok && time.Until(dl) <= cfg.Backoff {
				return err
			}
			t := time.NewTimer(cfg.Backoff)
			select {
			case <-ctx.Done():
				t.Stop()
				return err
			case <-t.C:
			}
		}
	}
}
