// Package sharedfill: bounds on work whose result the receiver keeps for
// every caller, under a lock they all take (mongo-driver's OIDC token
// fetch), next to bounds on a request's own work.
package sharedfill

import (
	"context"
	"sync"
	"time"
)

const tokenTimeout = time.Minute

type Callback func(ctx context.Context) (string, error)

type Conn struct{}

func (c *Conn) Send(ctx context.Context, token string) error { return ctx.Err() }

type Auth struct {
	mu       sync.Mutex
	token    string
	lastUsed time.Time
	callback Callback
}

// getToken returns the cached token, or fetches it and keeps it for every
// later caller: a fill of shared state under the lock all callers take.
func (a *Auth) getToken(ctx context.Context) (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.token != "" {
		return a.token, nil
	}
	tok, err := a.callback(ctx)
	if err != nil {
		return "", err
	}
	a.token = tok
	return tok, nil
}

// Login bounds only the shared fill (the token every caller reuses),
// then talks to the server on the caller's own context: no finding.
func (a *Auth) Login(ctx context.Context, c *Conn) error {
	sub, cancel := context.WithTimeout(ctx, tokenTimeout)
	tok, err := a.getToken(sub)
	cancel()
	if err != nil {
		return err
	}
	return c.Send(ctx, tok)
}

// LoginAll bounds the fill and the conversation that follows: the
// request's own work is capped.
func (a *Auth) LoginAll(ctx context.Context, c *Conn) error {
	sub, cancel := context.WithTimeout(ctx, 5*tokenTimeout) // want `^caller's deadline may be capped by fixed 5m \(tokenTimeout, sharedfill/sharedfill\.go:\d+\) via context\.WithTimeout in \(\*Auth\)\.LoginAll: apply it only when the caller set no deadline`
	defer cancel()
	tok, err := a.getToken(sub)
	if err != nil {
		return err
	}
	return c.Send(sub, tok)
}

// fetch runs the callback under the lock and records when, but keeps no
// result for the next caller: every call does its own work.
func (a *Auth) fetch(ctx context.Context) (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.lastUsed = time.Now()
	return a.callback(ctx)
}

// Fetch bounds a fetch nobody shares: the caller's request is capped.
func (a *Auth) Fetch(ctx context.Context) (string, error) {
	sub, cancel := context.WithTimeout(ctx, tokenTimeout) // want `^caller's deadline may be capped by fixed 1m \(tokenTimeout, sharedfill/sharedfill\.go:\d+\) via context\.WithTimeout in \(\*Auth\)\.Fetch: apply it only when the caller set no deadline`
	defer cancel()
	return a.fetch(sub)
}

// cached returns the kept token, or fetches one and keeps it, without a
// lock: nobody waits for the fill, so nothing makes its bound the shared
// value's policy.
func (a *Auth) cached(ctx context.Context) (string, error) {
	if a.token != "" {
		return a.token, nil
	}
	tok, err := a.callback(ctx)
	a.token = tok
	return tok, err
}

// Unlocked bounds an unlocked fill: reported.
func (a *Auth) Unlocked(ctx context.Context) (string, error) {
	sub, cancel := context.WithTimeout(ctx, tokenTimeout) // want `^caller's deadline may be capped by fixed 1m \(tokenTimeout, sharedfill/sharedfill\.go:\d+\) via context\.WithTimeout in \(\*Auth\)\.Unlocked: apply it only when the caller set no deadline`
	defer cancel()
	return a.cached(sub)
}
