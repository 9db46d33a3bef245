// Package origins exercises the engine's context origins: each useCtx(x)
// is reported with where x comes from and the bounds applied on the way.
package origins

import (
	"context"
	"net/http"
	"time"
)

func useCtx(any) {}

type key struct{}

type Server struct{ ctx context.Context }

func (s *Server) Handle(ctx context.Context, r *http.Request) {
	useCtx(ctx)                              // want `origins caller ctx`
	useCtx(context.Background())             // want `origins root Background`
	useCtx(context.WithoutCancel(ctx))       // want `origins detached`
	useCtx(context.WithValue(ctx, key{}, 1)) // want `origins caller ctx`
	tctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	useCtx(tctx)        // want `origins caller ctx \+context.WithTimeout`
	useCtx(r.Context()) // want `origins caller r`
	useCtx(s.ctx)       // want `origins stored`
	var c context.Context = ctx
	if r != nil {
		c = context.TODO()
	}
	useCtx(c) // want `origins caller ctx; root TODO`
	req, _ := http.NewRequest("GET", "http://x", nil)
	useCtx(req) // want `origins root Background`
	req2, _ := http.NewRequestWithContext(tctx, "GET", "http://x", nil)
	useCtx(req2)        // want `origins caller ctx \+context.WithTimeout`
	useCtx(derive(ctx)) // want `origins caller ctx`
	go func() {
		useCtx(ctx) // want `origins caller ctx`
	}()
}

func derive(ctx context.Context) context.Context { return ctx }

func ServeHTTP(w http.ResponseWriter, r *http.Request) {
	useCtx(r.Context()) // want `origins caller r \(http server\)`
}
