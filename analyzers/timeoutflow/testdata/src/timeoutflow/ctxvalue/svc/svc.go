// Package svc stands between the API and the client.
package svc

import (
	"context"
	"time"

	"timeoutflow/ctxvalue/client"
	"timeoutflow/ctxvalue/reqopts"
)

// LookupTimeout bounds every lookup.
const LookupTimeout = 2 * time.Second

// FetchTimeout is the request timeout fetches run with.
const FetchTimeout = 3 * time.Second

// Lookup caps the context at 2s, whatever timeout the request carries.
func Lookup(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, LookupTimeout)
	defer cancel()
	return client.Call(ctx, "lookup")
}

// Fetch replaces the request's timeout with its own.
func Fetch(ctx context.Context) error {
	return client.Call(reqopts.WithTimeout(ctx, FetchTimeout), "fetch")
}

// FetchDefault sets its timeout only when the request carries none.
func FetchDefault(ctx context.Context) error {
	if reqopts.Timeout(ctx) == 0 {
		ctx = reqopts.WithTimeout(ctx, FetchTimeout)
	}
	return client.Call(ctx, "fetch")
}

// Get keeps the request's timeout.
func Get(ctx context.Context) error {
	return client.Call(ctx, "get")
}

// Query caps the options' timeout at 2s.
func Query(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, LookupTimeout)
	defer cancel()
	return client.Do(ctx, "query")
}

// QueryAll keeps it.
func QueryAll(ctx context.Context) error {
	return client.Do(ctx, "query-all")
}
