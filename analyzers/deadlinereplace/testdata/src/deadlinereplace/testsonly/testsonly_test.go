package testsonly

import (
	"context"
	"testing"
	"time"
)

func intercept(ctx context.Context, req any, next Invoker, opts ...Option) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return next(ctx, req)
}

func TestIntercept(t *testing.T) {
	next := func(ctx context.Context, req any, opts ...Option) error { return nil }
	t.Cleanup(func() {
		_ = next(context.Background(), "cleanup")
	})
	if err := intercept(t.Context(), "x", next); err != nil {
		t.Fatal(err)
	}
}
