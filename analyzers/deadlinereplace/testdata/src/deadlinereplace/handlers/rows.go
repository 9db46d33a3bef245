package handlers

import (
	"context"
	"net/http"
	"time"
)

// Row is a query result whose Scan reports the query's failure.
type Row interface {
	Scan(dest ...any) error
}

// DB runs queries.
type DB interface {
	QueryRow(ctx context.Context, sql string, args ...any) Row
}

// Span is a trace span; End cannot fail, Flush can.
type Span interface {
	End()
	Flush() error
}

// Tracer starts spans.
type Tracer interface {
	Start(ctx context.Context, name string) Span
}

// URLs serves stored URLs.
type URLs struct {
	db     DB
	tracer Tracer
}

// Get queries on a fresh root: QueryRow returns no error, but the row's
// Scan fails when the query does, so the query is the request's work and
// the request's cancellation no longer reaches it.
func (u *URLs) Get(w http.ResponseWriter, r *http.Request) {
	var url string
	err := u.db.QueryRow(context.Background(), "select url from urls where id=$1", r.URL.Path).Scan(&url) // want `^caller's context is replaced: u\.db\.QueryRow receives a context rooted at context\.Background\(\) \(handlers/rows\.go:\d+\) in \(\*URLs\)\.Get; derive it from the caller's r\.Context\(\)$`
	if err != nil {
		http.NotFound(w, r)
		return
	}
	http.Redirect(w, r, url, http.StatusFound)
}

// Visit starts a span on a fresh root and only ends it: no method of the
// span that can fail is called, so the span is not the request's work.
// No finding.
func (u *URLs) Visit(w http.ResponseWriter, r *http.Request) {
	span := u.tracer.Start(context.Background(), "visit")
	defer span.End()
	w.WriteHeader(http.StatusNoContent)
}

// Lookup bounds its query in a func() closure: the closure is not
// middleware (its deferred cancel() is not a next call), so the fixed
// bound is hardcodedtimeout's. No deadlinereplace finding.
func (u *URLs) Lookup(ctx context.Context, id string) (string, error) {
	var url string
	var err error
	run := func() {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		err = u.db.QueryRow(ctx, "select url from urls where id=$1", id).Scan(&url)
	}
	run()
	return url, err
}
