// Package budget dials through rpc with a fixed per-call budget.
package budget

import (
	"context"
	"time"

	"example.com/clifix/rpc"
)

// Dial replaces the caller's budget with a fixed 4s call option.
func Dial(ctx context.Context, c *rpc.Client) error {
	return c.Call(ctx, "Dial", rpc.WithBudget(4*time.Second))
}
