// Package hardcodedtimeout defines an Analyzer that reports fixed
// timeouts capping a caller's deadline.
//
// # Analyzer hardcodedtimeout
//
// hardcodedtimeout: a fixed timeout caps the caller's deadline
//
// In a function that received a caller's context (a context.Context or
// *http.Request parameter, or a closure inside such a function), the check
// reports a fixed timeout, or a configured one whose default the module
// itself sets, that bounds the caller's outbound work without looking at
// the caller's deadline: context.WithTimeout/WithDeadline (and their Cause
// variants), per-request timeout options, http.Client and net.Dialer
// timeouts, and net.Conn deadlines. WithTimeout never extends a deadline,
// so a caller's longer budget is silently cut to the fixed value.
//
// Specification: docs/hazards.md in the repository.
//
// # Reported
//
// A context bound counts when it is applied to the caller's own context
// (every origin of the context is the caller's, through any derivation)
// and the bounded context is passed on to other code. The shapes:
//
//   - context.WithTimeout/WithTimeoutCause with a fixed duration, and
//     context.WithDeadline/WithDeadlineCause with time.Now().Add(fixed);
//   - a fixed per-request timeout option (a constructor such as
//     WithTimeout/WithRequestTimeout/WithCallTimeout returning an option
//     type, or one registered with -options) passed to a call that takes
//     the caller's context, directly or through append(opts, opt)... or
//     []Option{opt}...;
//   - http.Client{Timeout: fixed} or net.Dialer{Timeout: fixed} built in
//     the function and used there for an outbound call;
//   - an http.Client{Timeout} or net.Dialer{Timeout} that a constructor
//     builds and keeps in a struct field, when methods of that type that
//     take a caller's context (or an *http.Request, whose context is its
//     sender's) send through that field (Do, Get, Post, PostForm, Head,
//     Dial, DialContext): the client's timeout bounds every such caller's
//     request, whatever deadline it set. Reported at the Timeout in the
//     constructor, naming the field and the methods;
//   - conn.SetDeadline/SetReadDeadline/SetWriteDeadline(time.Now().Add(fixed));
//   - a timer whose expiry fails the call: time.After(fixed), or a timer
//     started by time.NewTimer(fixed) or reset by t.Reset(fixed) whose t.C
//     is received (directly, or through a variable that holds it: gocql's
//     reused per-call timer, timeoutCh = call.timer.C), in a select case
//     that returns a non-nil error (case <-time.After(wait): return
//     ErrTimeout), in a function with an error result. An empty case
//     (a pause between rounds) fails nothing, whatever follows the
//     select. The caller's
//     longer deadline is cut as by WithTimeout, even when the select also
//     waits on ctx.Done(). The caller's context may also come as an
//     option: a variadic option type that sets a context field of an
//     options struct (nats' ObjectStore.Put(meta, r, nats.Context(ctx))
//     waits for the acks with time.After(js.opts.wait), 5s by default).
//
// A value is fixed when it is a constant, a package-level variable the
// package never assigns, or a field of a package-level default config
// literal (DefaultRetryConfig.Timeout). A configured value counts too when
// the module sets its default, so that everyone who configures nothing
// gets it and no caller can change it per call:
//
//   - a struct field that the package's constructors fill with one
//     constant (every composite value of the type built in the package
//     that sets the field sets it to the same value, a copy of the field
//     from another value of the type aside; options may override it
//     later): p.timeout below. The constant may be the module's fallback
//     for a configured value (timeout := o.Timeout; if timeout == 0 {
//     timeout = 30 * time.Second }), or the default of a field of another
//     of the package's types that the field is copied from (pulsar's
//     transaction: opTimeout: tc.client.operationTimeout, which newClient
//     defaults to 30s): fixture testdata/src/hardcodedtimeout/connfields,
//     (*txn).Commit reported, Abort (copied from a field nobody defaults)
//     not;
//   - a field of a configuration value (the receiver, a config-typed
//     parameter) whose type has a package-level default variable setting
//     it: cfg.Timeout of a RetryConfig, whose DefaultRetryConfig says 3s;
//   - a field of a configuration value whose struct tag declares a
//     default for a configuration loader (default:"2s", envDefault:"2s",
//     go-zero's json:",default=2000", scaled where the code scales it);
//   - a local options struct with a constant default that the caller's
//     options may override (o := Options{Timeout: 2 * time.Second}, the
//     options applied, then http.Client{Timeout: o.Timeout});
//   - a parameter of the constructor that built the closure, when the
//     package's own calls of that constructor pass a constant.
//
// Bad: a publisher whose constructor defaults its timeout to 10s and whose
// endpoint bounds every request by it:
//
//	func NewPublisher(conn MsgConn, opts ...PublisherOption) *Publisher {
//		p := &Publisher{conn: conn, timeout: 10 * time.Second}
//		for _, o := range opts {
//			o(p)
//		}
//		return p
//	}
//
//	func (p *Publisher) Request(ctx context.Context, req []byte) ([]byte, error) {
//		ctx, cancel := context.WithTimeout(ctx, p.timeout) // a caller's 60s becomes 10s
//		defer cancel()
//		return p.conn.Request(ctx, "svc.request", req)
//	}
//
// reported as
//
//	caller's deadline may be capped by p.timeout (default 10s, nats/publisher.go:35) via context.WithTimeout in (*Publisher).Request: apply it only when the caller set no deadline (ctx.Deadline()) or let the caller configure it
//
// Good: apply the default only when the caller set no deadline (the
// suggested fix), take the bound from the caller, or compute it from the
// caller's remaining budget:
//
//	func (p *Publisher) Request(ctx context.Context, req []byte) ([]byte, error) {
//		cancel := context.CancelFunc(func() {})
//		if _, ok := ctx.Deadline(); !ok {
//			ctx, cancel = context.WithTimeout(ctx, p.timeout)
//		}
//		defer cancel()
//		return p.conn.Request(ctx, "svc.request", req)
//	}
//
// Bad: a client built once, outside any request, whose 30s Timeout bounds
// every request its methods send for their callers:
//
//	func NewClient() *Client {
//		return &Client{cc: &http.Client{Timeout: 30 * time.Second}}
//	}
//
//	func (c *Client) do(ctx context.Context, req *http.Request) (*http.Response, error) {
//		return c.cc.Do(req.WithContext(ctx))
//	}
//
// reported at the Timeout as
//
//	caller's deadline may be capped by fixed 30s via http.Client.Timeout of the client in field cc, used by (*Client).do in NewClient: rely on the caller's context deadline, set it only when the caller set none, or let the caller configure it
//
// Good: leave the client's Timeout unset and let the caller's context
// bound each request (with a default applied only when the caller set no
// deadline), or let the program that builds the client choose it
// (NewClient(timeout), with no default in the package).
//
// # Not reported
//
// Values that are not fixed:
//
//   - timers that fail nothing: a pause between attempts (the timer case
//     falls through), a wait that gives up quietly (return nil), a bare
//     <-time.After(d) (a sleep), and timers in functions without a
//     caller's context or an error result
//     (testdata/src/hardcodedtimeout/timer: Retry, PublishBestEffort,
//     Sleep, Flush; PublishRemaining and PublishGuarded wait by the
//     caller's deadline; Wait by a per-call option);
//   - a timeout only the user ever sets: a receiver field or a config
//     field with no default in view, and a constructor parameter that only
//     the package's users pass (NewSubscriber(conn, timeout) storing it in
//     s.timeout; an exported constructor the package never calls itself);
//   - values from the caller (parameters, request fields, even with a fixed
//     fallback: if req.T > 0 { t = req.T }), package-level variables the
//     package assigns (SetTimeout), imported package-level variables (any
//     importer may change them), and zero durations;
//   - bounds computed from the caller's remaining budget (time.Until(dl),
//     min(time.Until(dl)/2, 5*time.Second), dl.Add(-margin)).
//
// Bounds that respect the caller: inside a branch (or after an early
// return) that reads ctx.Deadline() and applies the bound only when the
// caller set none; a connection deadline that the caller's deadline
// replaces whenever the caller set one (the same connection's SetDeadline,
// or the same Set*Deadline, with ctx.Deadline()'s value, after it:
// clickhouse-go's exec; fixture connfields, (*connect).Exec not reported,
// ExecWrite and ExecOther, which replace another direction or another
// connection's, reported). Reading the deadline only to compare it with the fixed
// bound (if !ok || time.Until(dl) > d) is not a guard and is reported.
//
// Bounds whose expiry cannot fail the caller's work:
//
//   - a bound in a function with no error result (and, for a closure, when
//     no enclosing function has one either): a best-effort or soft-fail
//     step (an OCSP query whose silence means "no answer") or a test
//     driver that ends the program with log.Fatal;
//   - a probe whose expiry is an expected answer: the function, or every
//     in-package caller of an unexported function, tests the error for
//     context.DeadlineExceeded (or os.ErrDeadlineExceeded, gRPC's
//     codes.DeadlineExceeded, connect's CodeDeadlineExceeded) and goes on:
//     an if on it whose body returns no error, or the negated form
//     if !errors.Is(err, context.DeadlineExceeded) { return err }, where
//     only the other errors fail. Mapping the expiry to an error of one's
//     own (return ErrTimeout) is still a failure and is reported.
//
// For example, a token probe whose expiry means "use the fallback":
//
//	func fetchToken(ctx context.Context, c Conn) (string, error) {
//		ctx, cancel := context.WithTimeout(ctx, time.Second) // not reported
//		defer cancel()
//		...
//	}
//
//	func Credentials(ctx context.Context, c Conn) (string, error) {
//		tok, err := fetchToken(ctx, c)
//		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
//			return "", err
//		}
//		...
//	}
//
// The same probe is reported when a caller returns every error of it.
//
// Contexts that carry no caller's budget:
//
//   - contexts rooted at context.Background/TODO/WithoutCancel (a root in
//     a handler is deadlinereplace's finding), contexts loaded from struct
//     fields (a session's own lifetime), and bounds whose cancel func is
//     stored in a field or returned;
//   - an unexported function whose every call in the package passes a root
//     or detached context (a pool warming itself up), or the context of a
//     worker started with go that nobody waits for (kafka-go's partition
//     readers, go func(ctx context.Context, ...) { ...run(ctx) }(ctx, ...),
//     setting a read deadline of MaxWait on each fetch; fixture
//     connfields, (*partReader).read not reported, (*syncReader).read,
//     also called by Fetch for a caller, reported), or a context loaded
//     from a field (a session's own context: gocql's pool opens its
//     connections on session.ctx; fixture connfields, (*Conn).handshake
//     not reported, handshake2, also reached from Redial, reported);
//   - an exported method of an internal package that implements an
//     interface whose own package calls it only with a root or detached
//     context, or with a context of the package's own detaching type (a
//     type implementing context.Context whose Deadline reports none and
//     whose Done is nil). A credentials cache that calls Provider.Retrieve
//     on such a context, from a shared retrieval, gives its providers no
//     caller budget to cap. The interface's package records this as a
//     fact (ctxmodel.DispatchFact) that the implementations' packages read;
//     outside internal packages, any user may call the method with any
//     context, and it is reported.
//
// Code that sets, rather than caps, a budget, or that is not the product's
// request path: main, init, cobra and urfave/cli commands, functions taking
// a testing.TB, and HTTP server handlers (func(http.ResponseWriter,
// *http.Request): plain HTTP carries no caller deadline, so the handler
// sets the first budget); deadlines rebuilt from a received expiry
// (time.Unix(0, req.Expiry)); _test.go files, generated files (cgo's output
// excepted: it is the user's code), and test support: a package whose
// import path has an element e2e, testutil, testutils, testhelper,
// testhelpers, testsupport or testing (end-to-end drivers called only from
// tests), and any non-test file that imports "testing" (fakes, helpers, a
// test environment shipped beside production code; the rest of its
// package is analysed: the temporal SDK keeps its workflow test suite in
// the package of its client), with the unexported functions that only
// test support calls, directly or through other such functions (the
// operations of a test runner whose entry point takes a *testing.T, as
// mongo-driver's unified runner).
//
// Bounds with a lifetime of their own: in defer, go statements, Cleanup and
// AfterFunc callbacks (detached cleanup and background work); in streams
// (a function with a stream parameter) and poll loops (for {} or a loop on
// ctx.Err()/ctx.Done()); functions that return the bounded context to
// their caller (context factories), unless the package's own callers pass
// their caller's context in and send on the result (below); bounds only
// waited on locally (<-ctx.Done()) and never passed on.
//
// Bounds on a value shared by every caller: when the bounded context goes
// only to a method that fills a value its receiver keeps for all callers,
// under a lock of the receiver they all take (it returns the kept field
// when set; otherwise it computes it and stores it there), the bound is
// the shared value's policy, not a cap on one request. While the fill
// runs every other caller waits on the lock, so a fixed bound keeps one
// caller's long deadline from holding them all, and a shorter caller
// deadline still cuts it. mongo-driver's OIDC machine callback is one:
//
//	// Not reported: only the token fetch, kept in oa.accessToken under
//	// oa.mu for every connection, is bounded; the conversation that
//	// follows runs on the caller's ctx.
//	subCtx, cancel := context.WithTimeout(ctx, machineCallbackTimeout)
//	accessToken, err := oa.getAccessToken(subCtx, ...)
//	cancel()
//	...
//	return ConductSaslConversation(ctx, cfg, ...)
//
//	// Reported: the same bound also covers the request's own work.
//	subCtx, cancel := context.WithTimeout(ctx, humanCallbackTimeout)
//	defer cancel()
//	accessToken, err := oa.getAccessToken(subCtx, ...)
//	...
//	return ConductSaslConversation(subCtx, cfg, ...)
//
// A fetch under the lock that keeps nothing for the next caller, and a
// kept value filled without a lock, are reported (fixture
// testdata/src/hardcodedtimeout/sharedfill: Login not reported; LoginAll,
// Fetch and Unlocked reported).
//
// A context factory is not a hazard by itself: its caller decides what to
// do with the context. When callers in the same package pass it their
// caller's context and send on the result, its bound caps every one of
// them, so it is reported once, at the bound, naming them. The factory may
// reach the bound through a builder whose fields hold the parent context
// and the timeout, and through other factories (the temporal SDK's
// newGRPCContext and grpcContextBuilder.Build, which give every client
// call a 10s default):
//
//	caller's deadline may be capped by wc.rpcTimeout (default 10s) via context.WithTimeout in (*grpcContextBuilder).Build, whose context is returned through newGRPCContext to (*WorkflowClient).CountActivities and 67 more, which send on it with their caller's context: apply it only when the caller set no deadline (ctx.Deadline()) or let the caller configure it
//
// Callers that guard the call with ctx.Deadline(), give the factory a
// root, only wait on the result, or pass a duration that is theirs (a
// parameter, the remaining budget) are not its users.
//
// Middleware (interceptors, func(http.Handler) http.Handler, RoundTripper
// wrappers, wrappers calling next/invoker/handler) belongs to the
// deadlinereplace check: a finding belongs to exactly one check.
//
// # False-positive traps and their fixtures
//
// The specification's traps, with the fixtures (testdata/src/...) whose
// negative cases cover them in this check:
//
//   - main, init and cobra-style entry points:
//     testdata/src/hardcodedtimeout/entry/main.go (main, init, a cobra RunE
//     literal and a func(*cobra.Command, []string));
//   - _test.go files and t.Context(): testdata/src/hardcodedtimeout/basic/basic_test.go;
//     test-support packages: testdata/src/hardcodedtimeout/testsupport/fake.go
//     (imports "testing"), testdata/src/hardcodedtimeout/e2e/injector.go
//     (path element e2e) and testdata/src/hardcodedtimeout/factory/testenv.go
//     (a file importing "testing" in a production package, whose other
//     file is reported) and testdata/src/hardcodedtimeout/harness/ops.go
//     (runOp and waitForEvent, called only by the runner; ping, also
//     called through exported API, is reported);
//   - guards on ctx.Deadline(): testdata/src/hardcodedtimeout/basic/guards.go
//     (Guarded, GuardedOkVar, EarlyReturn, ElseBranch; FarEnough is the
//     reported non-guard), testdata/src/hardcodedtimeout/basic/configured.go
//     (Send) and testdata/src/hardcodedtimeout/netclient/netclient.go
//     (ExchangeGuarded);
//   - bounds from the caller's remaining budget:
//     testdata/src/hardcodedtimeout/basic/guards.go (PerAttempt, Budget,
//     DeadlineMargin) and testdata/src/hardcodedtimeout/options/options.go
//     (Remaining);
//   - detachment in defer, cleanup and background goroutines:
//     testdata/src/hardcodedtimeout/basic/detached.go (Cleanup, Async,
//     AfterFunc, Registered);
//   - server entry points rebuilding a context from a received expiry:
//     testdata/src/hardcodedtimeout/server/server.go;
//   - streams and long polls: testdata/src/hardcodedtimeout/basic/stream.go,
//     testdata/src/hardcodedtimeout/rpc/rpc.go (Watch, Tail) and
//     testdata/src/hardcodedtimeout/netclient/netclient.go (ReadLoop);
//   - generated code: testdata/src/hardcodedtimeout/gen/gen.go;
//   - functions that return a context to their caller:
//     testdata/src/hardcodedtimeout/basic/detached.go (WithDefault, used by
//     nobody in its package; pollContext, given only a root; waitContext,
//     whose caller only waits) and
//     testdata/src/hardcodedtimeout/factory/factory.go (remainingContext,
//     userContext, GuardedDescribe); their positive neighbours,
//     withDefault and (*builder).Build, are reported through their users;
//   - cancel funcs stored in fields: testdata/src/hardcodedtimeout/basic/detached.go
//     (Session.Start, Session.Run);
//   - closures named after their enclosing function, never f$1 (a message
//     check rather than a negative): testdata/src/hardcodedtimeout/basic/basic.go
//     (Fanout) and testdata/src/hardcodedtimeout/basic/configured.go
//     (Endpoint).
//
// The rules added beyond the specification's list have their fixtures
// too: no error result and expected expiry in
// testdata/src/hardcodedtimeout/expiry/probe.go and
// testdata/src/hardcodedtimeout/expiry/expiry.go; interface dispatch
// without a caller budget in
// testdata/src/hardcodedtimeout/internal/providers/providers.go (with the
// contract in testdata/src/hardcodedtimeout/internal/creds/creds.go, and the
// reported public implementation in
// testdata/src/hardcodedtimeout/provpublic/provpublic.go); constructor
// defaults in testdata/src/hardcodedtimeout/basic/configured.go and
// testdata/src/hardcodedtimeout/netclient/netclient.go (NewClient,
// NewAPIClient; NewUserClient and NewPinger are not reported). No fixture
// of this check covers a closure built by a constructor whose parameter the
// package passes as a constant (deadlinereplace's options fixture does).
//
// # Message, fix and flags
//
// The message names the cap, where its value comes from (file:line), the
// function (a closure by its enclosing function's name), and what to do,
// on one line:
//
//	caller's deadline may be capped by fixed 3s (DefaultTimeout, rpc/client.go:12) via context.WithTimeout in (*Client).Call: apply it only when the caller set no deadline (ctx.Deadline()) or let the caller configure it
//
// The message says what is known about the callers. When a caller in the
// package passes a longer deadline, or one the user chooses, it is named:
//
//	caller's deadline is capped by fixed 2s via context.WithTimeout in (*Client).lookup, cutting any longer deadline of its callers (e.g. (*Client).Wait passes req.Timeout): apply it only when the caller set no deadline (ctx.Deadline()) or let the caller configure it
//
// Without such a caller in view the deadline "may" be capped: exported
// API's callers are the module's users, who choose the deadline (as
// above), and an unexported function whose callers pass their own
// caller's context on caps whatever deadline that carries, which the
// package does not show (testdata/src/hardcodedtimeout/basic/callers.go:
// Wait, Quick, lookup, fetch).
//
// For WithTimeout and WithDeadline the suggested fix wraps the bound in
// if _, ok := ctx.Deadline(); !ok { ... }.
//
// Flags: -options=example.com/rpc.WithBudget,... registers extra timeout
// option constructors by full name (shared with the other checks).
package hardcodedtimeout

import (
	_ "embed"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
)

//go:embed doc.go
var docSource string

// Doc is the analyzer's documentation: doc.go's package comment from its
// "# Analyzer hardcodedtimeout" heading on (first line: the title).
var Doc = ctxmodel.ExtractDoc(docSource, "hardcodedtimeout")
