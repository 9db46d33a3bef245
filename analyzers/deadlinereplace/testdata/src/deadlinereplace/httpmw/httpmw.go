// Package httpmw holds HTTP server middleware, RoundTripper wrappers and
// HTTP handlers.
package httpmw

import (
	"context"
	"log"
	"net/http"
	"time"
)

// Timeout sets the first budget at the HTTP entry point: plain HTTP carries
// no caller deadline, so this is accepted. No finding.
func Timeout(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// Detach roots the request's work at a fresh context.
func Detach(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.Background())) // want `^caller's context is replaced: next\.ServeHTTP receives a context rooted at context\.Background\(\) \(httpmw/httpmw\.go:\d+\) in Detach \(closure\); derive it from the caller's r\.Context\(\)$`
	})
}

// Unlinked detaches with WithoutCancel and adds a timeout.
func Unlinked(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), time.Minute)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx)) // want `^caller's context is replaced: next\.ServeHTTP receives a context rooted at context\.WithoutCancel\(r\.Context\(\)\) \(httpmw/httpmw\.go:\d+\) in Unlinked \(closure\); `
	})
}

// timeoutTransport caps the caller's request context on the client side.
type timeoutTransport struct {
	base http.RoundTripper
}

// RoundTrip applies a fixed timeout to the caller's request.
func (t *timeoutTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(req.Context(), 5*time.Second) // want `^caller's deadline is replaced: context\.WithTimeout\(req\.Context\(\), 5\*time\.Second\) applies a fixed timeout of 5s unconditionally in \(\*timeoutTransport\)\.RoundTrip before calling t\.base\.RoundTrip; apply it only when the caller set no deadline \(if _, ok := req\.Context\(\)\.Deadline\(\); !ok\)$`
	_ = cancel
	return t.base.RoundTrip(req.WithContext(ctx))
}

// guardedTransport applies its default only when the caller set none: no finding.
type guardedTransport struct {
	base http.RoundTripper
}

// RoundTrip checks the caller's deadline first.
func (t guardedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, 5*time.Second)
		_ = cancel
	}
	return t.base.RoundTrip(req.WithContext(ctx))
}

// Store is an outbound dependency.
type Store interface {
	Get(ctx context.Context, key string) (string, error)
}

// Handler serves requests.
type Handler struct {
	store  Store
	client *http.Client
}

// ServeHTTP does the request's work on a fresh root context.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	v, err := h.store.Get(context.TODO(), r.URL.Query().Get("key")) // want `^caller's context is replaced: h\.store\.Get receives a context rooted at context\.TODO\(\) \(httpmw/httpmw\.go:\d+\) in \(\*Handler\)\.ServeHTTP; derive it from the caller's r\.Context\(\)$`
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	_, _ = w.Write([]byte(v))
}

// Proxy builds its outbound request on a fresh root context.
func (h *Handler) Proxy(w http.ResponseWriter, r *http.Request) {
	out, err := http.NewRequestWithContext(context.Background(), http.MethodGet, "http://backend/", nil) // want `^caller's context is replaced: http\.NewRequestWithContext receives a context rooted at context\.Background\(\) \(httpmw/httpmw\.go:\d+\) in \(\*Handler\)\.Proxy; `
	if err != nil {
		return
	}
	resp, err := h.client.Do(out)
	if err == nil {
		_ = resp.Body.Close()
	}
}

// Audit detaches deliberately for work that outlives the request, in a
// goroutine and in a defer: no finding.
func (h *Handler) Audit(w http.ResponseWriter, r *http.Request) {
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_, _ = h.store.Get(ctx, "audit-flush")
	}()
	go func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 30*time.Second)
		defer cancel()
		if _, err := h.store.Get(ctx, "audit"); err != nil {
			log.Print(err)
		}
	}()
	v, _ := h.store.Get(r.Context(), "key")
	_, _ = w.Write([]byte(v))
}

// RoundTripperFunc adapts a function to http.RoundTripper.
type RoundTripperFunc func(*http.Request) (*http.Response, error)

// RoundTrip calls f.
func (f RoundTripperFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// WithTimeout wraps a transport with a fixed cap on the caller's request.
func WithTimeout(next http.RoundTripper) http.RoundTripper {
	return RoundTripperFunc(func(req *http.Request) (*http.Response, error) {
		ctx, cancel := context.WithTimeout(req.Context(), 30*time.Second) // want `^caller's deadline is replaced: context\.WithTimeout\(req\.Context\(\), 30\*time\.Second\) applies a fixed timeout of 30s unconditionally in WithTimeout \(closure\) before calling next\.RoundTrip; `
		defer cancel()
		return next.RoundTrip(req.WithContext(ctx))
	})
}
