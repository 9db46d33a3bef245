// Package providers implements the credentials cache's providers.
package providers

import (
	"context"
	"time"

	"hardcodedtimeout/internal/creds"
)

// Env fetches credentials from a metadata service.
type Env struct{ C creds.Conn }

// Retrieve is called only by the cache, on a context with no deadline
// (creds.Provider's DispatchFact): its 10s bound caps no caller. No
// finding.
func (p *Env) Retrieve(ctx context.Context) (creds.Value, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	var v creds.Value
	return v, p.C.Invoke(ctx, "/meta/Credentials", nil, &v)
}

// Fetch is called with the caller's context (creds.Cache.Lookup): the
// bound caps it.
func (p *Env) Fetch(ctx context.Context) (creds.Value, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second) // want `^caller's deadline may be capped by fixed 10s via context.WithTimeout in \(\*Env\).Fetch: `
	defer cancel()
	var v creds.Value
	return v, p.C.Invoke(ctx, "/meta/Fetch", nil, &v)
}

// token is an unexported step of Retrieve's: no caller budget either.
func (p *Env) token(ctx context.Context) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	var t string
	return t, p.C.Invoke(ctx, "/meta/Token", nil, &t)
}

// Chained is a provider whose Retrieve has an unexported step.
type Chained struct{ Env }

// Retrieve implements creds.Provider.
func (p *Chained) Retrieve(ctx context.Context) (creds.Value, error) {
	t, err := p.token(ctx)
	if err != nil {
		return creds.Value{}, err
	}
	return creds.Value{Key: t}, nil
}
