// Package api receives requests whose timeout it passes on in the
// context, as a value.
package api

import (
	"context"
	"time"

	"timeoutflow/ctxvalue/client"
	"timeoutflow/ctxvalue/reqopts"
	"timeoutflow/ctxvalue/svc"
)

// Req is what a user sends.
type Req struct {
	Timeout time.Duration
	TTL     time.Duration
}

type ttlKey struct{}

// HandleLookup: the user's timeout, carried in the context, is cut by
// svc.Lookup's 2s.
func HandleLookup(ctx context.Context, req *Req) error {
	ctx = reqopts.WithTimeout(ctx, req.Timeout) // want `^user timeout req.Timeout is capped at 2s \(LookupTimeout, svc/svc.go:\d+\) via api.HandleLookup → svc.Lookup: `
	return svc.Lookup(ctx)
}

// HandleFetch: svc.Fetch replaces it with 3s.
func HandleFetch(ctx context.Context, req *Req) error {
	ctx = reqopts.WithTimeout(ctx, req.Timeout) // want `^user timeout req.Timeout is replaced by 3s \(FetchTimeout, svc/svc.go:\d+\) via api.HandleFetch → svc.Fetch → client.Call: store the value only when the context carries none`
	return svc.Fetch(ctx)
}

// HandleDirect stores the value itself, with context.WithValue on the
// client's key through the client's helper, options struct form.
func HandleDirect(ctx context.Context, req *Req) error {
	ctx = client.WithOptions(ctx, &client.Options{Timeout: req.Timeout}) // want `^user timeout req.Timeout is capped at 2s \(LookupTimeout, svc/svc.go:\d+\) via api.HandleDirect → svc.Query: `
	return svc.Query(ctx)
}

// HandleFetchDefault: svc.FetchDefault applies its 3s only when the
// request carries no timeout.
func HandleFetchDefault(ctx context.Context, req *Req) error {
	ctx = reqopts.WithTimeout(ctx, req.Timeout)
	return svc.FetchDefault(ctx)
}

// HandleGet: nothing cuts the user's timeout.
func HandleGet(ctx context.Context, req *Req) error {
	ctx = reqopts.WithTimeout(ctx, req.Timeout)
	if err := svc.Get(ctx); err != nil {
		return err
	}
	return svc.QueryAll(client.WithOptions(ctx, &client.Options{Timeout: req.Timeout}))
}

// HandleTTL stores a user duration that nothing applies as a bound (a
// cache TTL): not a budget, whatever svc.Lookup caps.
func HandleTTL(ctx context.Context, req *Req) error {
	ctx = context.WithValue(ctx, ttlKey{}, req.TTL)
	return svc.Lookup(ctx)
}
