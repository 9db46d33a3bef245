// Package values exercises the engine's value lattice: each use(x) is
// reported with what x is to its function (kind, value, origin).
package values

import (
	"context"
	"time"
)

const C = 3 * time.Second

var V = 2 * time.Second

var M = time.Second

func SetM() { M = 0 }

type RetryConfig struct{ Timeout time.Duration }

var Default = RetryConfig{Timeout: 4 * time.Second}

type Options struct{ T time.Duration }

type Req struct {
	T       time.Duration
	Seconds int64
}

func (r *Req) GetT() time.Duration {
	if r != nil {
		return r.T
	}
	return 0
}

type S struct{ t time.Duration }

func use(time.Duration) {}

func (s *S) f(ctx context.Context, d time.Duration, o Options, r *Req) {
	use(C)                        // want `fixed 3s C`
	use(V * 2)                    // want `default 4s V`
	use(M)                        // want `unknown`
	use(Default.Timeout)          // want `default 4s Default.Timeout`
	use(s.t)                      // want `config \? s.t`
	use(o.T)                      // want `config \? o.T`
	use(r.T)                      // want `user \? r.T`
	use(d)                        // want `user \? parameter d`
	use(r.GetT())                 // want `user \? r.T`
	dl, _ := ctx.Deadline()       //
	use(time.Until(dl))           // want `remaining`
	use(min(time.Until(dl)/2, C)) // want `remaining`
	x := C
	if d > 0 {
		x = d
	}
	use(x)                              // want `user 3s parameter d`
	use(time.Duration(5) * time.Second) // want `fixed 5s`
	y := V
	use(y)                                      // want `default 2s V`
	use(dl.Sub(time.Now()))                     // want `remaining`
	use(time.Duration(r.Seconds) * time.Second) // want `user \? r.Seconds`
	use(min(d, 10*time.Second))                 // want `user \? parameter d`
	use(timeoutOr(d))                           // want `user 5s parameter d`
	use(timeoutOr(0))                           // want `fixed 5s`
}

// timeoutOr is a helper: the caller's value if set, else a default.
func timeoutOr(d time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return 5 * time.Second
}

// Closures: a constructor's parameter configures the closure it builds.
func NewInterceptor(timeout time.Duration) func(ctx context.Context) {
	return func(ctx context.Context) {
		use(timeout) // want `config \? constructor parameter timeout`
	}
}

// In a function that received a caller context, a captured parameter is
// still the caller's.
func Handle(ctx context.Context, d time.Duration) {
	go func() {
		use(d) // want `user \? parameter d`
	}()
}

// A closure parameter fed by a retry loop: the loop's attempt timeout.
type RetryOptions struct{ Timeout time.Duration }

func retry(opt RetryOptions, fn func(timeout time.Duration) error) error {
	timeout := opt.Timeout
	for {
		if err := fn(timeout); err == nil {
			return nil
		}
	}
}

func WithRetries(opt RetryOptions) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		return retry(opt, func(timeout time.Duration) error {
			use(timeout) // want `config \? opt.Timeout`
			return nil
		})
	}
}
