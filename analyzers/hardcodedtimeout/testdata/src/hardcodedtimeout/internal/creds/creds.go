// Package creds is a credentials cache and its contract with the
// providers that fetch credentials (in other packages).
package creds

import (
	"context"
	"errors"
	"time"
)

// Conn is an outbound connection.
type Conn interface {
	Invoke(ctx context.Context, method string, req, resp any) error
}

// Value is a set of credentials.
type Value struct{ Key string }

// Provider fetches credentials for the Cache. The cache calls it only on
// a suppressed context (below): a provider has no caller budget to cap.
type Provider interface {
	Retrieve(ctx context.Context) (Value, error)
}

// Fetcher is a contract whose dispatcher passes the caller's context on.
type Fetcher interface {
	Fetch(ctx context.Context) (Value, error)
}

// Cache shares one retrieval among its callers.
type Cache struct {
	P Provider
	F Fetcher
}

type result struct {
	v   Value
	err error
}

// Get waits on its own context; the retrieval it starts runs on a
// context with the caller's values but no deadline and no cancellation,
// so that one caller's expiry does not fail the others.
func (c *Cache) Get(ctx context.Context) (Value, error) {
	ch := make(chan result, 1)
	go func() {
		v, err := c.retrieve(&suppressed{ctx})
		ch <- result{v, err}
	}()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-ctx.Done():
		return Value{}, ctx.Err()
	}
}

func (c *Cache) retrieve(ctx context.Context) (Value, error) {
	return c.P.Retrieve(ctx)
}

// Lookup passes its caller's context to the fetcher.
func (c *Cache) Lookup(ctx context.Context) (Value, error) {
	return c.F.Fetch(&traced{ctx})
}

// Chain tries providers in turn, forwarding its own caller's context.
type Chain []Provider

// Retrieve implements Provider.
func (ch Chain) Retrieve(ctx context.Context) (Value, error) {
	for _, p := range ch {
		if v, err := p.Retrieve(ctx); err == nil {
			return v, nil
		}
	}
	return Value{}, errors.New("no provider")
}

// suppressed keeps the values of a context and drops its deadline and
// cancellation.
type suppressed struct {
	context.Context
}

func (*suppressed) Deadline() (time.Time, bool) { return time.Time{}, false }
func (*suppressed) Done() <-chan struct{}       { return nil }
func (*suppressed) Err() error                  { return nil }

// traced wraps a context and keeps its deadline (it overrides nothing).
type traced struct {
	context.Context
}
