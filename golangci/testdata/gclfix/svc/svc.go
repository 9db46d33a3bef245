// Package svc calls a backend for its callers.
package svc

import (
	"context"
	"time"

	"example.com/gclfix/backend"
)

// Fetch gets key for the caller but caps the caller's budget at 3s.
func Fetch(ctx context.Context, c *backend.Client, key string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	return c.Get(ctx, key)
}

// FetchAccepted caps the budget on purpose; the finding is silenced.
func FetchAccepted(ctx context.Context, c *backend.Client, key string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second) //nolint:hardcodedtimeout // the backend's contract is 5s
	defer cancel()
	return c.Get(ctx, key)
}

// FetchOtherNolint is silenced for another linter only: still reported.
func FetchOtherNolint(ctx context.Context, c *backend.Client, key string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 7*time.Second) //nolint:deadlinereplace // wrong check name
	defer cancel()
	return c.Get(ctx, key)
}
