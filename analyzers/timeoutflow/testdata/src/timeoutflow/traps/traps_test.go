package traps

import (
	"context"
	"testing"
	"time"
)

// A test's budget cut by query is the test's business.
func TestHandle(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	_ = query(ctx)
	_ = Handle(t.Context(), &Req{WaitTimeout: time.Minute})
}

func testBudget(ctx context.Context, req *Req) error {
	ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout)
	defer cancel()
	return query(ctx)
}
