// Package svc calls a backend for its callers.
package svc

import (
	"context"
	"time"

	"example.com/clifix/backend"
)

// Fetch gets key for the caller but caps the caller's budget at 3s.
func Fetch(ctx context.Context, c *backend.Client, key string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	return c.Get(ctx, key)
}

// FetchDefault applies its 3s only when the caller set no deadline.
func FetchDefault(ctx context.Context, c *backend.Client, key string) (string, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
	}
	return c.Get(ctx, key)
}
