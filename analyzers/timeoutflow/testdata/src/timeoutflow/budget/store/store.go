// Package store sits between the API and the database.
package store

import (
	"context"

	"timeoutflow/budget/db"
)

// Getter is what the API needs from a store.
type Getter interface {
	Get(ctx context.Context, key string) error
}

// SQL implements Getter on the database.
type SQL struct{}

// Get runs one query.
func (SQL) Get(ctx context.Context, key string) error {
	return db.Query(ctx, "select "+key)
}

// Guarded implements Getter with a query that respects the caller's
// deadline.
type Guarded struct{}

// Get runs one guarded query.
func (Guarded) Get(ctx context.Context, key string) error {
	return db.QueryGuarded(ctx, "select "+key)
}

// New returns the store the API is wired with.
func New() Getter { return SQL{} }

// Get is a plain function around the query.
func Get(ctx context.Context, key string) error {
	return db.Query(ctx, "select "+key)
}

// GetGuarded is a plain function around the guarded query.
func GetGuarded(ctx context.Context, key string) error {
	return db.QueryGuarded(ctx, "select "+key)
}

// GetRemaining is a plain function around the remaining-budget query.
func GetRemaining(ctx context.Context, key string) error {
	return db.QueryRemaining(ctx, "select "+key)
}
