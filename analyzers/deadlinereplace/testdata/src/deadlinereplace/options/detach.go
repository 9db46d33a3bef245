package options

import (
	"context"
	"time"
)

// valuesOnly keeps a context's values and drops its deadline and
// cancellation, like context.WithoutCancel.
type valuesOnly struct{ context.Context }

func (valuesOnly) Deadline() (time.Time, bool) { return time.Time{}, false }
func (valuesOnly) Done() <-chan struct{}       { return nil }
func (valuesOnly) Err() error                  { return nil }

// keepValues wraps a context and keeps its deadline (it overrides
// nothing).
type keepValues struct{ context.Context }

// DetachValues hands next a context of its own detaching type: the
// caller's deadline no longer reaches the call.
func DetachValues(ctx context.Context, req any, next Invoker, opts ...Option) error {
	return next(&valuesOnly{ctx}, req, opts...) // want `^caller's context is replaced: next receives a context rooted at a \*valuesOnly \(no deadline, no cancellation\) \(options/detach\.go:\d+\) in DetachValues; derive it from the caller's ctx$`
}

// WrapValues hands next a wrapper that keeps the caller's deadline: no
// finding.
func WrapValues(ctx context.Context, req any, next Invoker, opts ...Option) error {
	return next(&keepValues{ctx}, req, opts...)
}
