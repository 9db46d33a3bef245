// Package roles exercises the engine's middleware roles: each where()
// is reported with the role of its function ("" when none), recognised by
// what the code does, not by names.
package roles

import (
	"context"
	"net/http"
	"time"
)

func where() {}

func Mw(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		where() // want `role HTTP middleware`
		next.ServeHTTP(w, r)
	})
}

// A struct field holding the next handler, any name.
type wrapper struct {
	inner func(context.Context, string) error
}

func (w *wrapper) Call(ctx context.Context, s string) error {
	where() // want `role wrapper`
	return w.inner(ctx, s)
}

// An interface decorator: the same method on what it wraps.
type Store interface {
	Get(ctx context.Context, key string) (string, error)
}

type cached struct{ backend Store }

func (c *cached) Get(ctx context.Context, key string) (string, error) {
	where() // want `role wrapper`
	return c.backend.Get(ctx, key)
}

// A callback parameter of any name that receives the derived context.
func WithBudget(ctx context.Context, work func(context.Context) error) error {
	where() // want `role wrapper`
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return work(ctx)
}

// A service calling a dependency through an interface is not middleware.
type Service struct{ store Store }

func (s *Service) Lookup(ctx context.Context, id int) (string, error) {
	where() // want `role none`
	return s.store.Get(ctx, "k")
}

func Plain(ctx context.Context) {
	where() // want `role none`
}
