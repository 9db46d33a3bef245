// Package deadlinereplace defines an Analyzer that reports code standing
// between a caller and the work that replaces, rather than narrows, the
// caller's deadline.
//
// # Analyzer deadlinereplace
//
// deadlinereplace: middleware or a handler replaces the caller's deadline
//
// context.WithTimeout and context.WithDeadline never extend a deadline:
// the child's deadline is the earlier of the parent's and the new one. A
// wrapper that applies a fixed or configured timeout to every call it
// forwards therefore silently caps whatever longer budget the caller chose,
// and a wrapper that roots the call at context.Background() drops the
// caller's deadline and cancellation altogether. Per-request options are
// usually applied in order, so a timeout option appended after the
// caller's options wins over the caller's; and a wrapper that does not
// forward the caller's options lets a client default apply instead.
//
// The check looks at middleware and wrappers: gRPC unary and stream,
// client and server interceptors; connect interceptors (UnaryFunc
// wrappers and connect.Interceptor implementations); twirp interceptors;
// HTTP func(http.Handler) http.Handler middleware; http.RoundTripper
// wrappers; and any function that calls a next/invoker/handler function
// value (a parameter, a captured variable or a field, recognised by its
// type: a func whose first parameter is a context.Context) with the
// caller's context. Such a wrapper is reported when it
//
//   - passes on a context rooted at context.Background(), context.TODO()
//     or context.WithoutCancel(ctx) instead of the caller's context;
//   - applies a fixed or configured timeout to the caller's context with
//     WithTimeout, WithDeadline or their Cause variants, without first
//     checking ctx.Deadline() and without bounding it by the caller's
//     remaining budget;
//   - appends a timeout option (a function returning an option type that
//     takes a time.Duration and whose name contains Timeout) after the
//     caller's options;
//   - calls next without forwarding the caller's variadic options.
//
// Request handlers that received a caller's context (a context.Context
// parameter or an *http.Request) are reported when they pass a context
// rooted at context.Background() or context.TODO() to the request's work:
// a call that can fail (one of its results is an error) or an outbound
// call. Not the request's work, and not reported: calls that cannot fail
// (logging, metrics, trace events); calls that open a stream, whose
// lifetime its owner chooses; work done only once the caller's context
// is done (in a "case <-ctx.Done():" clause, under "if ctx.Err() != nil",
// or in an unexported function called only from such places: a CANCEL or
// BYE sent because the caller gave up); a func(ctx) literal handed to a
// scheduler or worker pool from code that received no caller context
// (its context is the runner's); and an HTTP server handler that bounds
// the fresh root itself (plain HTTP carries no caller deadline, so the
// handler sets the first budget; an unbounded Background/TODO there is
// still reported).
//
// Bad:
//
//	func RetryInterceptor(cfg RetryConfig) Interceptor {
//		return func(ctx context.Context, req any, next Invoker, opts ...Option) error {
//			// The configured 3s replaces the caller's per-request timeout.
//			return next(ctx, req, append(opts, WithRequestTimeout(cfg.Timeout))...)
//		}
//	}
//
//	func Tracing(ctx context.Context, req any, next Invoker, opts ...Option) error {
//		return next(ctx, req) // the caller's timeout option is dropped
//	}
//
//	func CapServer(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
//		ctx, cancel := context.WithTimeout(ctx, 5*time.Second) // caps the caller's deadline
//		defer cancel()
//		return h(ctx, req)
//	}
//
// Good:
//
//	return next(ctx, req, append([]Option{WithRequestTimeout(cfg.Timeout)}, opts...)...)
//
//	return next(ctx, req, opts...)
//
//	if _, ok := ctx.Deadline(); !ok {
//		var cancel context.CancelFunc
//		ctx, cancel = context.WithTimeout(ctx, 5*time.Second)
//		defer cancel()
//	}
//	return h(ctx, req)
//
// Accepted, not reported: defaults applied only when the caller set no
// deadline; timeouts computed from the caller's remaining budget
// (time.Until of ctx.Deadline()); prepended options, so the caller's
// wins; HTTP server middleware that sets the first budget on r.Context()
// (plain HTTP carries no caller deadline); server entry points that
// rebuild a context from the expiry the caller sent; detachment for
// cleanup or background work in a defer, t.Cleanup or a goroutine;
// functions that return a context to their caller; main, init, tests,
// test support packages (a non-test file imports "testing") and generated
// files (cgo output is the user's code and is analysed). A fixed timeout outside middleware is hardcodedtimeout's
// finding, not this one's: a finding belongs to exactly one check.
//
// The check is local to one function and its closures, and it is precise
// rather than complete: it follows the context and the option slice
// handed to next through variables, closures, phis and append, and stays
// silent where a value comes from elsewhere (a helper that builds the
// options, a context kept in a field, a duration it cannot classify).
// Flows across functions and packages are timeoutflow's.
//
// Suggested fixes: forward opts... when they are dropped; move an appended
// timeout option before the caller's options
// (append(opts, WithTimeout(d)) becomes append([]Option{WithTimeout(d)},
// opts...)); and turn an unconditional
//
//	ctx, cancel := context.WithTimeout(ctx, d)
//
// into
//
//	cancel := context.CancelFunc(func() {})
//	if _, ok := ctx.Deadline(); !ok {
//		ctx, cancel = context.WithTimeout(ctx, d)
//	}
//
// Flags: -options takes comma-separated full names of extra timeout option
// constructors (example.com/rpc.WithBudget) for options whose names do not
// say Timeout.
package deadlinereplace

import (
	_ "embed"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
)

//go:embed doc.go
var docSource string

// Doc is the analyzer's documentation: doc.go's package comment from its
// "# Analyzer deadlinereplace" heading on (first line: the title).
var Doc = ctxmodel.ExtractDoc(docSource, "deadlinereplace")
