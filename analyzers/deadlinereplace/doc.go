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
// wrapper that applies a fixed or defaulted timeout to every call it
// forwards therefore silently caps whatever longer budget the caller chose,
// and a wrapper that roots the call at context.Background() drops the
// caller's deadline and cancellation altogether. Per-request options are
// usually applied in order, so a timeout option appended after the
// caller's options wins over the caller's; and a wrapper that does not
// forward the caller's options lets a client default apply instead.
//
// Specification: docs/hazards.md in the repository.
//
// # Reported
//
// The check looks at middleware and wrappers: gRPC unary and stream,
// client and server interceptors; connect interceptors (UnaryFunc
// wrappers and connect.Interceptor implementations); twirp interceptors;
// HTTP func(http.Handler) http.Handler middleware; http.RoundTripper
// wrappers; and any function that calls the rest of a chain with the
// caller's context: a next/invoker/handler function value (a parameter, a
// captured variable or a field, recognised by its type: a func whose first
// parameter is a context.Context), a decorator calling what it wraps with
// its own signature, or a callback parameter. Such a wrapper is reported
// when it
//
//   - passes on a context rooted at context.Background(), context.TODO()
//     or context.WithoutCancel(ctx), or a value of the package's own
//     detaching context type (a type implementing context.Context whose
//     Deadline returns false and whose Done returns nil, like
//     &valuesOnly{ctx}: it keeps the values and drops the deadline), instead
//     of the caller's context;
//   - applies a fixed timeout, or a configured one whose default the module
//     sets, to the caller's context with WithTimeout, WithDeadline or their
//     Cause variants, without first checking ctx.Deadline() and without
//     bounding it by the caller's remaining budget;
//   - appends a timeout option (a function returning an option type that
//     takes a time.Duration and whose name contains Timeout, or one
//     registered with -options) after the caller's options;
//   - calls next without forwarding the caller's variadic options (options
//     that can carry a timeout).
//
// Fixed and defaulted values are the engine's, shared with
// hardcodedtimeout: a constant, a never-assigned package variable or a
// field of a package-level default config literal is fixed; a configured
// value counts when the module sets its default: a field its constructors
// fill with one constant, a field of a config type whose package-level
// default sets it (twirpint.Timeout(cfg) with DefaultConfig.Timeout = 3s),
// a config field whose struct tag declares a default for a configuration
// loader (default:"2s", envDefault:"2s", go-zero's json:",default=2000",
// scaled where the code scales it: time.Duration(c.Timeout)*time.Millisecond),
// or a parameter of the constructor that built the middleware when the
// package wires that constructor itself with a constant. The message then
// names the default and where it is set:
//
//	caller's deadline is replaced: context.WithTimeout(ctx, d) applies a configured timeout constructor parameter d (default 2s, options/options.go:151) unconditionally in newDefaultTimeout (closure) before calling next; apply it only when the caller set no deadline (if _, ok := ctx.Deadline(); !ok)
//
// A purpose-built timeout middleware whose timeout only its users set (a
// constructor parameter with no default in view, like go-grpc-middleware's
// timeout.UnaryClientInterceptor(d)) is not reported: installing it is the
// user's choice of a cap. It is reported where it is wired with a value the
// user did not choose: by its own package (at the bound, as above), and,
// when its constructor is exported, at a call in another package that
// passes a fixed timeout or a configured one with a default (the
// constructor carries a fact, TimeoutMiddlewareFact, to its importers):
//
//	caller's deadline is replaced: interceptors.UnaryTimeout installs middleware that applies its timeout unconditionally (interceptors/timeout.go:29) with c.Timeout (default 2s, wired/wired.go:17) in Interceptors; install it only where the caller sets no deadline, or make the middleware apply it only when ctx.Deadline() reports none
//
// Interceptors that place a timeout option after the caller's options are
// reported at their own append (above) and, like timeout middleware, where
// another package wires them with a constant or a default: the fact then
// names the field of the constructor's parameter that becomes the option
// (RetryOptions.Timeout, followed through the retry loop that feeds the
// attempt closure), and exported functions that only pass their parameter
// on (psrpc's WithRPCRetries around NewRPCRetryInterceptor) carry it too.
// This is the incident's wiring in livekit/protocol:
//
//	caller's timeout option is replaced: middleware.WithRPCRetries installs an interceptor that places its timeout option after the caller's (middleware/retry.go:46) with p.PSRPCConfig.Timeout (default 3s, rpc/typed_api.go:54) in (*ClientParams).Options; a per-request timeout the caller passes is overridden: install it without a default, or make the interceptor prepend its option or apply it only when ctx.Deadline() reports none
//
// The timeout may also reach the middleware as a functional option: a
// client constructor that applies its options to an options struct and
// hands that struct's Timeout to the interceptor it installs (go-zero's
// zrpc/internal.NewClient, through unexported methods) carries the fact
// for its option list, and the line that places a defaulted or constant
// timeout option in that list is reported, also when the option
// constructor is called through a package-level alias that nothing
// reassigns (var WithTimeout = internal.WithTimeout):
//
//	caller's deadline is replaced: WithTimeout sets the timeout of the middleware internal.NewClient installs, which applies it unconditionally (clientinterceptors/timeoutinterceptor.go:25), to c.Timeout (default 2s, zrpc/config.go:31) in NewClient; install it only where the caller sets no deadline, or make the middleware apply it only when ctx.Deadline() reports none
//
// The two cases side by side, in one package:
//
//	// Not reported: the user chooses d.
//	func NewTimeoutInterceptor(d time.Duration) Interceptor {
//		return func(ctx context.Context, req any, next Invoker, opts ...Option) error {
//			ctx, cancel := context.WithTimeout(ctx, d)
//			defer cancel()
//			return next(ctx, req, opts...)
//		}
//	}
//
//	// Reported (default 2s): every client that configures nothing gets it.
//	func DefaultChain() []Interceptor {
//		return []Interceptor{newDefaultTimeout(2 * time.Second)}
//	}
//
// Request handlers that received a caller's context (a context.Context
// parameter or an *http.Request) are reported when they pass a context
// rooted at context.Background() or context.TODO() to the request's work:
// a call that can fail (one of its results is an error, or its result has
// a method returning an error that the handler calls: the row of
// db.QueryRow(ctx, q) reports the query's failure in Scan) or an outbound
// call:
//
//	// Reported: the request's cancellation no longer reaches the query.
//	err := u.db.QueryRow(context.Background(), q, id).Scan(&url)
//
//	// Good:
//	err := u.db.QueryRow(r.Context(), q, id).Scan(&url)
//
// The context may travel inside a struct: a caller's context embedded in
// a parameter (the temporal API's proxy.VisitPayloadsContext is one), and
// a call's argument that holds the context it hands over in its one
// exported context field (StorageDriverRetrieveContext{Context: ctx}).
// A fresh root chosen on purpose to keep the caller's values out is
// reported too: it also drops the caller's deadline and cancellation,
// which users want kept; a context that forwards Deadline, Done and Err
// but not Value does both (the temporal SDK's external-storage reads,
// extstore/internal_extstore.go:399, run on
// errgroup.WithContext(context.Background()) for that reason).
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
// # Not reported
//
// Accepted, not reported: defaults applied only when the caller set no
// deadline (or, for options, when the caller's own options set no
// timeout); timeouts computed from the caller's remaining budget
// (time.Until of ctx.Deadline()); prepended options, so the caller's
// wins; a configured timeout that only the middleware's users set (no
// default in view: the user's choice of a cap); HTTP server middleware
// that sets the first budget on r.Context() (plain HTTP carries no caller
// deadline; a gRPC server interceptor does receive one, and capping it is
// reported); server entry points that rebuild a context from the expiry
// the caller sent (a fresh root bounded by a value from the received
// request; only a fixed or configured bound on a fresh root replaces the
// caller's budget); detachment for cleanup or background work in a defer,
// t.Cleanup or a goroutine, including a goroutine whose starter waits for
// it in a select that also returns on the caller's ctx.Done() (the caller
// is never held past its deadline), and best-effort work on a fresh root
// with a bound of its own whose results the code discards (a failure
// report sent when the caller's context may already be done: _ =
// svc.RespondFailed(fctx, req)); functions that return a context to
// their caller; code whose context carries no caller budget (an unexported
// function the package calls only with roots or detached contexts, or
// only from a worker it starts with go: centrifuge's shared-poll worker
// bounding each poll of the user's handler, fixture
// testdata/src/deadlinereplace/async/async.go, Poller not reported,
// Syncer reported where Sync calls the same refresh for a caller; or an
// internal package's method reached only through an interface whose
// package calls it that way); main, init, tests, test support (a package
// whose import path has an element e2e, testutil, testutils, testhelper,
// testhelpers, testsupport or testing, any non-test file importing
// "testing" (the rest of such a file's package is analysed), and the
// unexported functions only test support calls: fixture
// testdata/src/deadlinereplace/harness/ops.go, execute not reported,
// Rename reported) and
// generated files (cgo output is the user's code and is analysed). A fixed
// timeout outside middleware is hardcodedtimeout's finding, not this one's:
// a finding belongs to exactly one check.
//
// In request handlers, not the request's work, and not reported: calls
// that cannot fail, now or through their result (logging, metrics, trace
// events: a span that is only ended); calls that open a stream, whose
// lifetime its owner chooses; work done only once the caller's context is
// done (in a "case <-ctx.Done():" clause, under "if ctx.Err() != nil", or in
// an unexported function called only from such places: a CANCEL or BYE
// sent because the caller gave up); a func(ctx) literal handed to a
// scheduler or worker pool from code that received no caller context (its
// context is the runner's); a handler's own WithoutCancel or detaching
// type (handlers may detach deliberately; in middleware it is reported);
// and an HTTP server handler that bounds the fresh root itself (plain HTTP
// carries no caller deadline, so the handler sets the first budget; an
// unbounded Background/TODO there is still reported).
//
// # False-positive traps and their fixtures
//
// The specification's traps, with the fixtures (testdata/src/...) whose
// negative cases cover them in this check:
//
//   - main, init and cobra-style entry points:
//     testdata/src/deadlinereplace/cmd/tool/main.go (main and init; no
//     cobra command in this check's fixtures);
//   - _test.go files and t.Context():
//     testdata/src/deadlinereplace/testsonly/testsonly_test.go; test-support
//     packages: testdata/src/deadlinereplace/testsupport/fake.go (imports
//     "testing"), testdata/src/deadlinereplace/internal/testutil/testutil.go
//     (test support by its path; handlers.CreateParticipant is its
//     reported twin);
//   - guards on ctx.Deadline(): testdata/src/deadlinereplace/options/options.go
//     (GuardedDefault, DeadlineAwareAppend),
//     testdata/src/deadlinereplace/grpcint/grpcint.go (GuardedClient),
//     testdata/src/deadlinereplace/httpmw/httpmw.go (guardedTransport),
//     testdata/src/deadlinereplace/connectint/connectint.go (NewGuarded) and,
//     guarding on the caller's own timeout option,
//     testdata/src/deadlinereplace/retry/retry.go (NewGuardedRetryInterceptor);
//   - bounds from the caller's remaining budget:
//     testdata/src/deadlinereplace/options/options.go (PerAttemptBudget) and
//     testdata/src/deadlinereplace/twirpint/twirpint.go (Budget);
//   - detachment in defer, cleanup and background goroutines:
//     testdata/src/deadlinereplace/handlers/handlers.go (Hangup, Notify,
//     ReportFailure; ReportAndWait, which returns the error, is reported),
//     testdata/src/deadlinereplace/httpmw/httpmw.go (Audit) and
//     testdata/src/deadlinereplace/async/async.go (heartBeat, NewPool,
//     FireAndForget, Close);
//   - server entry points rebuilding a context from a received expiry:
//     testdata/src/deadlinereplace/handlers/server.go (serveMessage) and
//     testdata/src/deadlinereplace/grpcint/grpcint.go (ExpiryServer,
//     ExpiryRootServer);
//   - streams and long polls: testdata/src/deadlinereplace/grpcint/grpcint.go
//     (StreamClient, StreamServer),
//     testdata/src/deadlinereplace/connectint/connectint.go
//     (WrapStreamingClient, WrapStreamingHandler),
//     testdata/src/deadlinereplace/handlers/handlers.go (Poll) and
//     testdata/src/deadlinereplace/handlers/shapes.go (Watch);
//   - generated code: testdata/src/deadlinereplace/generated/generated.go;
//   - functions that return a context to their caller:
//     testdata/src/deadlinereplace/options/options.go (StartCall) and
//     testdata/src/deadlinereplace/handlers/handlers.go (NewCallContext);
//   - cancel funcs stored in fields: testdata/src/deadlinereplace/options/options.go
//     (Session.Open) and testdata/src/deadlinereplace/handlers/handlers.go
//     (Start);
//   - closures named after their enclosing function, never f$1 (a message
//     check rather than a negative): testdata/src/deadlinereplace/options/options.go
//     (RetryInterceptor, RetryWithClosure, LoggingInterceptor) and
//     testdata/src/deadlinereplace/connectint/connectint.go (NewTimeout).
//
// The rules added beyond the specification's list: the package's own
// detaching type in testdata/src/deadlinereplace/options/detach.go
// (DetachValues reported, WrapValues not); configured timeouts with and
// without a default in testdata/src/deadlinereplace/options/options.go
// (CallConfigured and newDefaultTimeout reported, NewTimeoutInterceptor
// not) and testdata/src/deadlinereplace/twirpint/twirpint.go (Timeout);
// the wiring of another package's timeout middleware in
// testdata/src/deadlinereplace/wired/wired.go (Interceptors reported with a
// tag default, ClientInterceptors not), its constructor in
// testdata/src/deadlinereplace/wired/interceptors/timeout.go; the wiring
// of a replacing retry interceptor in
// testdata/src/deadlinereplace/wired/client/client.go ((*Params).Options
// with a package default and FixedOptions with a constant reported;
// (*UserParams).Options and the guarded GuardedOptions not), its
// constructor and wrapper in testdata/src/deadlinereplace/retry/retry.go
// (NewRetryInterceptor, WithRetries); the wiring through an option list in
// testdata/src/deadlinereplace/wired/wired.go (NewRPCClient with a tag
// default through an alias and NewFixedClient with a constant reported;
// NewUserClient, NewPlainClient and NewSwappableClient, whose alias is
// reassigned, not), the client that installs it in
// testdata/src/deadlinereplace/wired/rpcclient/rpcclient.go;
// a query whose row fails later in
// testdata/src/deadlinereplace/handlers/rows.go (Get reported, Visit not).
// No fixture of this check covers interface dispatch without a caller
// budget (hardcodedtimeout's internal/providers fixture does).
//
// Contexts carried in structs have fixtures of their own:
// testdata/src/deadlinereplace/handlers/carrier.go (Visit reported;
// VisitForward, VisitSelf, VisitPair, with two contexts, and NewWorker,
// whose options merely hold a context, not).
//
// # How, fixes and flags
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
