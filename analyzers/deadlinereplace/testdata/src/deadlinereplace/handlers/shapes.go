package handlers

import (
	"context"
	"net/http"
	"time"
)

// Logger logs with a context for trace correlation; it cannot fail.
type Logger interface {
	Printf(ctx context.Context, format string, args ...any)
}

// Store is a dependency whose calls can fail.
type Store interface {
	Put(ctx context.Context, key string) error
	Peek(ctx context.Context, key string) string
}

// EventStream is a long-lived server stream.
type EventStream interface {
	Recv() (string, error)
}

// Events opens streams.
type Events interface {
	Subscribe(ctx context.Context, topic string) (EventStream, error)
}

// Scheduler runs jobs later under its own context.
type Scheduler interface {
	Schedule(job func(ctx context.Context))
}

// Retrier runs fn now, once per attempt, with the caller's context.
type Retrier interface {
	Do(ctx context.Context, fn func(ctx context.Context) error) error
}

// Worker owns side dependencies.
type Worker struct {
	log    Logger
	store  Store
	events Events
	sched  Scheduler
	retry  Retrier
	dialer Dialer
	cfg    Config
}

// Track logs on a root context: logging is not the request's work (it
// cannot fail and sends nothing the request waits for). No finding for
// Printf or Peek; Put can fail, so it is the request's work.
func (w *Worker) Track(ctx context.Context, key string) error {
	w.log.Printf(context.Background(), "tracking %s", key)
	_ = w.store.Peek(context.Background(), key)
	return w.store.Put(context.Background(), key) // want `^caller's context is replaced: w\.store\.Put receives a context rooted at context\.Background\(\) \(handlers/shapes\.go:\d+\) in \(\*Worker\)\.Track; derive it from the caller's ctx$`
}

// Watch opens a long-lived stream whose lifetime it owns: no finding for
// the stream; the unary call next to it is reported.
func (w *Worker) Watch(ctx context.Context, topic string) error {
	st, err := w.events.Subscribe(context.Background(), topic)
	if err != nil {
		return err
	}
	go func() {
		for {
			if _, err := st.Recv(); err != nil {
				return
			}
		}
	}()
	return w.store.Put(context.TODO(), topic) // want `^caller's context is replaced: w\.store\.Put receives a context rooted at context\.TODO\(\) .* in \(\*Worker\)\.Watch; derive it from the caller's ctx$`
}

// Invite waits for an answer; when the caller gives up it sends a CANCEL
// on a fresh context, because the caller's is already done: deliberate
// cleanup, no finding (inline or in a helper only called from there).
func (w *Worker) Invite(ctx context.Context, to string, answered <-chan struct{}) error {
	select {
	case <-answered:
		return nil
	case <-ctx.Done():
		_ = w.dialer.Dial(context.Background(), "cancel:"+to)
		return w.inviteCancel(ctx, to)
	}
}

func (w *Worker) inviteCancel(ctx context.Context, to string) error {
	if err := context.Cause(ctx); err == nil {
		return nil
	}
	return w.dialer.Dial(context.Background(), "cancel:"+to)
}

// Hangup sends a BYE once the caller's context has ended: no finding.
func (w *Worker) Hangup(ctx context.Context, to string) error {
	if ctx.Err() != nil {
		return w.dialer.Dial(context.Background(), "bye:"+to)
	}
	return w.dialer.Dial(ctx, "bye:"+to)
}

// Redial calls redial both after the caller gave up and on the request
// path, so redial's root context replaces the caller's.
func (w *Worker) Redial(ctx context.Context, to string) error {
	if ctx.Err() != nil {
		return w.redial(ctx, to)
	}
	return w.redial(ctx, to)
}

func (w *Worker) redial(ctx context.Context, to string) error {
	return w.dialer.Dial(context.Background(), to) // want `^caller's context is replaced: w\.dialer\.Dial receives a context rooted at context\.Background\(\) .* in \(\*Worker\)\.redial; derive it from the caller's ctx$`
}

// Compact schedules a job: its context is the scheduler's, not a
// caller's request, so the TODO inside is not a replacement. No finding.
func (w *Worker) Compact(key string) {
	w.sched.Schedule(func(ctx context.Context) {
		if ctx.Err() != nil {
			return
		}
		_ = w.store.Put(context.TODO(), key)
	})
}

// Save retries with the caller's context, but the attempt drops it.
func (w *Worker) Save(ctx context.Context, key string) error {
	return w.retry.Do(ctx, func(actx context.Context) error {
		return w.store.Put(context.TODO(), key) // want `^caller's context is replaced: w\.store\.Put receives a context rooted at context\.TODO\(\) .* in \(\*Worker\)\.Save \(closure\); derive it from the caller's actx$`
	})
}

// Routes registers a handler literal: it has a request, so its TODO is
// the request's work.
func (w *Worker) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/put", func(rw http.ResponseWriter, r *http.Request) {
		if err := w.store.Put(context.TODO(), r.URL.Path); err != nil { // want `^caller's context is replaced: w\.store\.Put receives a context rooted at context\.TODO\(\) .* in \(\*Worker\)\.Routes \(closure\); derive it from the caller's r\.Context\(\)$`
			http.Error(rw, err.Error(), http.StatusInternalServerError)
		}
	})
}

// ServeHTTP sets the first budget of a plain HTTP request (which carries
// no caller deadline) from configuration: no finding.
func (w *Worker) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(context.Background(), w.cfg.LookupTimeout)
	defer cancel()
	if err := w.store.Put(ctx, r.URL.Path); err != nil {
		http.Error(rw, err.Error(), http.StatusInternalServerError)
	}
}

// Process is an HTTP handler whose work runs unbounded on TODO: neither
// the client's cancellation nor any budget reaches it.
type Process struct{ w *Worker }

func (p Process) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	if err := p.w.store.Put(context.TODO(), r.URL.Path); err != nil { // want `^caller's context is replaced: p\.w\.store\.Put receives a context rooted at context\.TODO\(\) .* in Process\.ServeHTTP; derive it from the caller's r\.Context\(\)$`
		http.Error(rw, err.Error(), http.StatusInternalServerError)
	}
	_ = time.Second
}
