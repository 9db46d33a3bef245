// Command tool is a CLI entry point: root contexts here are accepted.
package main

import (
	"context"
	"time"
)

// Invoker performs one call.
type Invoker func(ctx context.Context, req any, opts ...func()) error

var invoke Invoker = func(ctx context.Context, req any, opts ...func()) error { return ctx.Err() }

func init() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = invoke(ctx, "warmup")
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_ = invoke(ctx, "hello")
}
