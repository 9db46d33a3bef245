// Package timeoutflow defines an Analyzer that reports user-supplied
// timeouts that, across functions and packages, reach a place where a
// shorter fixed timeout replaces or caps them.
//
// # Analyzer timeoutflow
//
// timeoutflow: a user timeout is replaced or capped by a shorter fixed timeout in another function
//
// A user-supplied timeout (a request field, a caller's option) enters a call
// and, across functions and packages (static calls, methods, interface
// dispatch, func values in fields and slices, interceptor chains, functional
// options), reaches a place where a shorter fixed timeout replaces it (an
// option appended after the caller's, so last wins), where the caller's
// options are dropped so a fixed default applies, or where a fixed timeout
// caps the context. Reported once, where the user's timeout enters, with the
// path and the fixed value's origin.
//
// Specification: docs/hazards.md in the repository.
//
// # Reported
//
// A user timeout (a request field such as req.RingingTimeout, possibly with
// a known default: `if req.T == 0 { t = DefaultT }`, or returned by a
// validation helper) is passed to a call as a timeout option
// (rpc.WithRequestTimeout(t)), as a duration argument, or as the deadline
// of a context (context.WithTimeout(ctx, t)). Somewhere below that call:
//
//   - a timeout option is placed after the caller's options (last wins), in
//     a helper or with a value that is only known to be fixed through the
//     call chain (RetryInterceptor(DefaultRetryConfig) → attemptOptions
//     appends WithRequestTimeout(cfg.Timeout));
//   - the caller's options are not passed on (a static call without
//     opts...), so the fixed default of the place that resolves the options
//     applies;
//   - the caller's context is bounded by a fixed value that reaches
//     context.WithTimeout/WithDeadline through parameters;
//   - the caller's context is bounded by a fixed (or module-defaulted)
//     WithTimeout/WithDeadline further down, where the bound is in
//     hardcodedtimeout's scope (the bounded context is passed on to work;
//     not middleware, detached or asynchronous work, a stream, a function
//     returning its context, a guarded bound, or work whose expiry cannot
//     fail the caller).
//
// The last is the most common Go form of a user budget:
//
//	func Handle(ctx context.Context, req *Req) error {
//		ctx, cancel := context.WithTimeout(ctx, req.WaitTimeout) // reported here
//		defer cancel()
//		return query(ctx) // query: context.WithTimeout(ctx, 2*time.Second)
//	}
//
// reported as "wait timeout req.WaitTimeout is capped at 2s
// (budget/budget.go:22) via budget.Handle → budget.query: apply the fixed
// timeout only when the caller set no deadline (ctx.Deadline()) or let the
// caller choose it". hardcodedtimeout reports the cap itself, at its line,
// without the user budget it cuts; this check names the budget and the
// path.
//
// The cap may be a bound on every attempt of a retry loop (each attempt
// gets 2s whatever is left of the budget; splitting the remaining budget
// over the attempts is not reported), a timeout field of a client that
// its constructor defaults ("is capped at c.timeout (default 2s,
// client/client.go:61)"), as hardcodedtimeout counts it, or the Timeout
// of an http.Client or net.Dialer that a constructor builds with a fixed
// or defaulted value and stores in a field that the method sends or dials
// through ("is capped at 2s (http.Client.Timeout, client/client.go:98)");
// a client without a Timeout is not reported; or a connection deadline
// set to now plus a fixed value (conn.SetDeadline(time.Now().Add(2s)))
// in a method that takes the caller's context, unless it takes the
// caller's deadline when there is one. The user's value may also be a
// field of a per-call options struct the caller passes (opts.Timeout,
// by pointer or by value), or a timeout carried in a gRPC call option
// (go-zero's zrpc.WithCallTimeout(req.CallTimeout), replaced by a
// client's default appended after it: testdata/src/timeoutflow/callopt).
//
// A command's duration flag is a user budget too: the person running the
// command chose it (flag.Duration, flag.DurationVar, a FlagSet's, pflag's
// and so cobra's, bounding context.Background()):
//
//	var timeout = flag.Duration("timeout", 30*time.Second, "...")
//
//	func run() error {
//		ctx, cancel := context.WithTimeout(context.Background(), *timeout) // reported here
//		defer cancel()
//		return client.Retry(ctx, "select 1") // each attempt: WithTimeout(ctx, 2*time.Second)
//	}
//
// reported as "the -timeout flag (default 30s) is capped at 2s
// (AttemptTimeout, client/client.go:13) via main.run → client.Retry: ...".
// Flags are followed when they are package-level variables of the
// package that uses them (flag.Duration's pointer or DurationVar's
// target), or the pointer a FlagSet returns in the function; a flag
// target inside a local options struct (cobra's o := &options{};
// cmd.Flags().DurationVar(&o.timeout, ...)) is not followed.
//
// When the entry calls an interface whose implementation its package
// cannot see (a Store the API takes in NewServer), the entry waits: a
// package that imports the entry's and converts an implementation to the
// interface (a main, a hand-written wiring package) resolves it, and the
// finding is reported there, at the conversion, naming where the budget
// enters (a conversion in a test or a test-support package is not
// reported, as nothing there is):
//
//	srv := api.NewServer(store.SQL{}) // reported here
//
// as "wait timeout req.WaitTimeout is capped at 2s (QueryTimeout,
// db/db.go:12) via (*api.Server).Handle → (store.SQL).Get → db.Query,
// with the implementation wired here (the budget enters at
// api/api.go:31): ..." (testdata/src/timeoutflow/wired: cmd/server;
// cmd/guarded wires an implementation that respects the caller's
// deadline and is not reported).
//
// When the conversion is in generated code (a wire_gen.go injector; fx
// and dig providers generated the same way), nothing there can be
// edited: the finding is reported where the program's own code calls the
// generated injector (directly or through other generated functions),
// "..., with the implementation wired by the generated InitializeServer
// (wireapp/wire_gen.go:16), called here (the budget enters at
// api/api.go:31)", with the conversion as a Related position. An injector
// that only tests call is not reported (testdata/src/timeoutflow/wired:
// cmd/wireapp, wiretest).
//
// A user timeout may also travel in a context value, as some RPC stacks
// carry call options: the entry stores it (context.WithValue(ctx, key,
// req.Timeout), directly or through a helper such as
// reqopts.WithTimeout(ctx, req.Timeout), or an options struct holding
// it), and a function further down reads it (ctx.Value(key).(time.Duration),
// directly or through a helper) and applies it as the deadline. Keys are
// matched by meaning: the constant of a key type (timeoutKey{}) or a
// package-level variable. Reported when, between the store and the
// read, a fixed bound caps the context ("is capped at 2s") or another
// store under the same key replaces the user's value ("is replaced by 3s
// (FetchTimeout, svc/svc.go:18)"); a store applied only when the request
// carries none, a user duration stored under a key that nothing applies
// as a bound (a cache TTL), and a value kept all the way down are not
// (testdata/src/timeoutflow/ctxvalue).
//
// The finding is reported once, where the user's timeout enters, e.g.
//
//	ringing timeout req.RingingTimeout (default 30s) is replaced by 3s
//	(DefaultRetryConfig.Timeout, rpc/retry.go:19) via
//	(*api.Server).CreateSIPParticipant → (*sipclient.Client).Dial →
//	(*rpc.Client).Call → rpc.bindInterceptor (closure) →
//	rpc.RetryInterceptor (closure) → rpc.attemptOptions: let the caller's
//	option win (prepend the default) or guard with ctx.Deadline()
//
// (one line), with every step of the path also as a Related position
// with its line and column (the call through which the budget travels in
// each function, closures and interceptors included), ending at the line
// to change: the append that places the timeout option last, or the fixed
// bound. A step in a file the driver loaded only from export data gets a
// position of its own in the file set, with the file's real name, line and
// column (no source is read). Closures are named after their
// enclosing function, never by SSA names.
//
// Bad (three packages apart; no single function is wrong on its face):
//
//	// api: the user's budget enters
//	s.sip.Dial(ctx, dialReq, rpc.WithRequestTimeout(ringing)) // ringing defaults to 30s
//
//	// rpc: the retry interceptor's helper, installed by SharedClientParams
//	func attemptOptions(cfg RetryConfig, opts []RequestOption) []RequestOption {
//		attempt := make([]RequestOption, 0, len(opts)+1)
//		attempt = append(attempt, opts...)
//		return append(attempt, WithRequestTimeout(cfg.Timeout)) // 3s wins
//	}
//
// Good: append([]RequestOption{WithRequestTimeout(cfg.Timeout)}, opts...),
// so the caller's option comes last and wins.
//
// # Not reported
//
// No finding when the fixed value is not shorter than the user value's
// known default, when the replacement only happens under a condition
// computed from ctx.Deadline() (a guard; reading the deadline without the
// replacement depending on it is not one), when the value comes from the
// caller's remaining budget (time.Until(dl), min(time.Until(dl)/2, d)),
// when the timeout option is placed before the caller's options (a
// default), when the caller's own value is fixed (not a user timeout), for
// user values used in goroutines (a go statement is not followed: detached
// background work), and in _test.go files. A
// fixed value applied in the very function that receives the caller's
// context or options (WithTimeout(ctx, 3*time.Second),
// append(opts, WithTimeout(3*time.Second)) passed to next) is reported by
// the local checks (hardcodedtimeout, deadlinereplace), not here: a finding
// belongs to one check. A deadline budget (WithTimeout(ctx, user)) is
// not reported when the helper below only waits on its bound, detaches
// from the caller's context (WithoutCancel), has no error result, or is
// started with go.
//
// A deadline the caller's context already carries when it enters an
// exported API function (func (c *Client) Get(ctx context.Context, ...))
// is a user budget of unknown value: every fixed cap below it cuts it
// when it is longer. That cap is hardcodedtimeout's finding, at the cap's
// line, in the package that applies it ("may cap a caller's deadline",
// naming a known caller's value when one is in view); it is not reported
// here a second time from every exported function above it. The whole
// path from each exported entry to its outbound calls, with the
// effective bound at each, is what `ctxtimeout -budget` prints.
//
// # False-positive traps and their fixtures
//
// timeoutflow reports only where a user-supplied timeout (a request field,
// a parameter's value traced to its callers, a caller's option) enters a
// call, so most of the specification's traps are about contexts this check
// does not start from. With the fixtures (testdata/src/...) that cover
// them:
//
//   - main, init and cobra-style entry points: a root context in main is
//     no budget by itself; one bounded by a fixed value is nobody's
//     choice (testdata/src/timeoutflow/forms/cmd/fetch: runFixed), one
//     bounded by a flag is the user's (run, runVar, runLocal, reported;
//     probe, whose 1s flag is within the 2s bound, and runRemaining are
//     not; forms/cmd/pfetch for pflag and cobra);
//   - _test.go files and t.Context(): testdata/src/timeoutflow/traps/traps_test.go
//     (a test bounding its context by a minute, and a test helper whose
//     budget query cuts); entries in tests, test-support files and
//     generated code are skipped by the filter all checks share;
//   - guards on ctx.Deadline(): testdata/src/timeoutflow/a/a.go (GuardedCap,
//     GuardedOpts, and NotAGuard, reported) with the helpers in
//     testdata/src/timeoutflow/b/b.go (Guarded, GuardedOptions,
//     LogsDeadline);
//   - bounds from the caller's remaining budget:
//     testdata/src/timeoutflow/a/a.go (RemainingBudget, through b.Remaining)
//     and testdata/src/timeoutflow/budget/budget.go (Remaining);
//   - detachment in defer, cleanup and background goroutines:
//     testdata/src/timeoutflow/budget/budget.go (Background: go is not
//     followed; DetachedQuery: WithoutCancel below);
//   - guards for deadline budgets: testdata/src/timeoutflow/budget/budget.go
//     (Guarded, GuardedImpl: an interface value made from a known type
//     dispatches to that type's method only) next to the reported Handle,
//     Deadline, ViaInterface and ViaField;
//   - server entry points rebuilding a context from a received expiry:
//     not a trap here: the received expiry is the user's budget, and a
//     shorter fixed cap below it is this check's finding (the entries of
//     testdata/src/timeoutflow/budget);
//   - streams and long polls: testdata/src/timeoutflow/traps/traps.go
//     (Poll: rounds of a long poll; Subscribe: a stream's round trips),
//     next to the reported Handle;
//   - generated code: testdata/src/timeoutflow/traps/traps_gen.go
//     (GeneratedHandle, Handle's twin);
//   - functions that return a context to their caller:
//     testdata/src/timeoutflow/traps/traps.go (Factory; hardcodedtimeout
//     reports a factory whose callers send on its context);
//   - cancel funcs stored in fields: testdata/src/timeoutflow/traps/traps.go
//     (Open: a session's lifetime bound);
//   - closures named after their enclosing function, never f$1:
//     testdata/src/timeoutflow/api/api.go (rpc.chainInterceptors (closure) →
//     rpc.RetryInterceptor (closure) in the path).
//
// Other negatives: a prepended default in testdata/src/timeoutflow/apigood/apigood.go
// and testdata/src/timeoutflow/a/a.go (Prepended, Forwarded), a fixed value
// longer than the user's in testdata/src/timeoutflow/override/override.go
// and testdata/src/timeoutflow/a/a.go (Shorter), a generic function that
// prepends in testdata/src/timeoutflow/generic/generic.go (UsePrepend, next
// to the reported Use and UseMethod), and recursion in
// testdata/src/timeoutflow/cycle/cycle.go.
//
// # How
//
// The fact-producing analyzer (internal/summary) builds, on SSA, one
// summary per function, method and closure: for each
// context, option-slice and duration parameter, the effects on the caller's
// budget (Replace, Drop, Cap, and Apply for where option lists are
// resolved) with symbolic values (a parameter or a closure's free variable,
// with a field path) that callers substitute; which helpers return option
// slices built from their parameters (prefix/suffix timeouts); which
// duration results carry user values; which function values of named func
// types a factory returns. Summaries are object facts on functions and
// methods.
//
// Dynamic calls are resolved by type, restricted to values constructed in
// the analysed program: a call through a value of a named func type T
// (rpc.Invoker, rpc.ClientInterceptor, an option type) resolves to the
// closures, functions and bound methods converted to T anywhere in the
// package or its dependencies, each specialised to its bindings (the
// instance built by RetryInterceptor(DefaultRetryConfig) in
// rpc.SharedClientParams carries 3s). Calls through interface methods
// resolve to the methods of concrete types converted to that interface,
// when those methods have effects of their own. The instances are a
// package fact that re-exports those of the dependencies that matter
// (with effects, or reaching an instance with effects; go vet passes
// package facts only from direct imports), so resolution happens where the
// user's timeout enters, with everything below it visible. Interceptor
// chains are therefore followed through the chain closure
// (bindInterceptor) to every interceptor instance, and recursion through
// `next` terminates (each instance is entered once per path).
//
// # Limits (precision first: when in doubt it says nothing)
//
//   - Type-based resolution merges all instances of a func type visible at
//     the entry: two clients in one program, one with a replacing
//     interceptor, both look replaced. Values are not tracked through
//     struct fields on the heap (a receiver's configured timeout counts
//     only with its constructor's default; what a caller configures is
//     not followed), nor through maps, channels or reflection.
//   - Calls through unnamed func types are followed only when the func
//     value is loaded from a struct field (resolved to the functions stored
//     into that field). Contexts are followed into interface methods only
//     when the method has an error result (loggers and tracers do not).
//     An implementation wired in a package that does not import the
//     entry's package directly (go vet passes package facts from direct
//     imports only) is not seen; interceptors wired with a default are
//     reported at the wiring call by deadlinereplace instead.
//   - Option lists are modelled as the caller's options plus the timeout
//     options placed before and after them (append, slice literals,
//     helpers returning such slices); copy() into a fresh slice and
//     loop-built lists are not modelled. First-wins option lists are not
//     distinguished from last-wins.
//   - Generic functions and methods of generic types are summarized once,
//     on their generic body (through the instantiation wrappers calls
//     reach): a value whose type is a type parameter is not followed.
//     Code in cycles of calls sees what the cycle has computed so far.
//   - Option types count only when their package declares a timeout option
//     constructor (func WithXTimeout(time.Duration) T; ctxmodel's
//     recognizer without extra names: the analyzer has no flags).
//
// # Cost
//
// The summary analyzer runs on every dependency (it has facts), so it
// builds SSA itself (not through buildssa, which would then run on every
// dependency) and only for packages where some expression or declaration
// has a type mentioning a context type or time.Duration (through
// signatures, pointers, containers, interface methods or an exported
// struct field): other packages cannot carry a caller's budget, build no
// SSA and export no facts. Object facts are exported only for functions
// with effects, dynamic calls, option-slice shapes, factories or
// user-valued duration results, in a compact form (no names, steps in the
// function itself and keys of its own package abbreviated).
//
// Facts are small: a few kilobytes per package on the fixtures and the
// dialer-example (see TestFactSizes* in internal/summary).
package timeoutflow

import (
	_ "embed"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
)

//go:embed doc.go
var docSource string

// Doc is the analyzer's documentation: doc.go's package comment from its
// "# Analyzer timeoutflow" heading on (first line: the title).
var Doc = ctxmodel.ExtractDoc(docSource, "timeoutflow")
