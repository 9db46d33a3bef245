// Package ctxmodel is ctxtimeout's shared knowledge of contexts, timeouts
// and the code shapes around them. It is used by hardcodedtimeout,
// deadlinereplace and timeoutflow. Everything is matched by types
// (package path + object name), never by a variable's spelling, except
// where stated (names of next-like function values). Nothing here holds
// global mutable state; missing type information never panics (it makes
// values Unknown and predicates false).
//
// # Per-run model
//
//	m := ctxmodel.New(pass.Fset, pass.Pkg, pass.TypesInfo, pass.Files, opts)
//
// New indexes the package once (assignments to every variable, parameters,
// receivers, mutations, variables assigned from ctx.Deadline()). opts
// comes from ParseOptions(flagValue) (the analyzers' "options" flag:
// comma-separated full names of extra timeout option constructors such as
// "example.com/rpc.WithBudget"); nil means none.
//
// # Context functions
//
//   - ContextCall(info, call) CtxFunc: Background, TODO, WithCancel,
//     WithTimeout, WithTimeoutCause, WithDeadline, WithDeadlineCause,
//     WithoutCancel, WithValue, AfterFunc; CtxFunc.IsRoot (Background,
//     TODO, WithoutCancel), IsBound (the four bounding functions),
//     IsTimeout.
//   - AsBoundCall(info, call) (BoundCall{Call, Func, Parent, Bound}, ok).
//   - IsDeadlineCall(info, call): X.Deadline() with the (time.Time, bool)
//     signature; IsContextMethodCall(info, call, "Err").
//   - Callee, IsPkgFunc, IsMethodOf, IsNamed, NamedOf, IsContext,
//     IsDuration, IsTime, IsHTTPRequest, TypeOf, RootIdent: type matchers.
//
// # Deadline guards
//
//   - m.Guarded(stack): the node at the end of stack (inspector.WithStack
//     path, file first) is inside a branch of an if/switch that reads
//     ctx.Deadline() or its dl/ok results, or after such an if whose body
//     returns (early return when the caller set a deadline).
//   - m.MentionsDeadline(node), m.ReadsDeadline(body), m.IsDeadlineVar(obj).
//
// # Duration values
//
//	v := m.Classify(expr)          // a time.Duration expression
//	v := m.ClassifyDeadline(expr)  // a time.Time deadline: time.Now().Add(d) is d
//
// Value{Kind, Known, Nanos, Origin, Pos}; Kind is one of
//
//   - Fixed: constant expression, package-level const/var of this package
//     never changed in it, a field of a package-level default config
//     composite literal (DefaultRetryConfig.Timeout), a local copy of any
//     of these; arithmetic and min/max of Fixed values.
//   - Config: a receiver field (s.timeout), a field of a parameter whose
//     type is named like a configuration (Config, Options, Settings,
//     Params), a field of a mutable package-level struct.
//   - User: a parameter (d time.Duration), a field or getter of another
//     parameter (req.RingingTimeout, req.GetTimeout()), time.Unix(0,
//     req.Expiry) as a deadline.
//   - Remaining: derived from ctx.Deadline(): time.Until(dl),
//     dl.Sub(time.Now()), time.Until(dl)/2, min(time.Until(dl)/2, 5s).
//   - Unknown: anything else, including imported package-level variables
//     (any importer may change them). Checks stay silent on Unknown.
//
// Variables assigned several values combine: Remaining > User > Config >
// Unknown; Fixed only when all values are Fixed. m.Describe(v) renders
// "3s", "3s (DefaultRetryConfig.Timeout, rpc/retry.go:12)" or the origin
// for non-constant values. m.StructLit(expr, 0) resolves an expression to
// the default composite literal it is known to hold.
//
// The SSA entry point, for value-flow checks, uses the same model:
//
//	sc := ctxmodel.NewSSAClassifier(fset)
//	v := sc.Classify(ssaValue)
//
// # Timeout options
//
//   - m.Options.TimeoutOption(fn) (durParam, ok): a constructor with one
//     result of a named func or interface type, a time.Duration parameter
//     and "Timeout" in its name (WithTimeout, WithRequestTimeout,
//     WithCallTimeout...), or a name registered in Options.
//   - m.TimeoutOptionCall(call) (fn, durationArg).
//   - RegisterOptionsFlag(&analyzer.Flags) adds the -options flag and
//     returns the per-run parser (call it at the start of each run).
//
// # Suggested fix
//
//   - m.GuardFix(boundCall, stack): rewrites an unconditional
//     "ctx, cancel := context.WithTimeout(ctx, d)" so the bound applies
//     only when the caller set no deadline; shared by the local checks.
//
// # Caller contexts and outbound work
//
//   - ReceivesCallerContext(sig): a context.Context or *http.Request
//     parameter; InCallerContext(info, stack) also looks at enclosing
//     functions (closures).
//   - m.Contexts(TopDecl(stack)) *Contexts: FromCaller(expr) tells
//     whether a context/request expression carries the caller's deadline
//     (parameters, r.Context(), and anything derived from them except
//     through Background/TODO/WithoutCancel); CallerWork(call) tells
//     whether a call receives such a context.
//   - OutboundKind(info, call): net/http, net, database/sql, grpc
//     (ClientConn.Invoke/NewStream and any ...grpc.CallOption method),
//     connect clients. ClientTimeoutField(info, lit):
//     http.Client{Timeout}/net.Dialer{Timeout}. ConnDeadlineCall(info,
//     call): SetDeadline/SetReadDeadline/SetWriteDeadline(time.Time).
//
// # Names for messages
//
//   - FuncName(stack): "(*Server).Handle", "(*Server).Handle (closure)",
//     "handler (closure)"; never SSA names like f$1. FuncDeclName(decl),
//     EnclosingFuncs(stack) (innermost first), Signature, FuncBody.
//   - m.Position(pos): "dir/file.go:12".
//
// # Exemptions (false-positive traps)
//
//   - IsExemptFile(fset, file): _test.go files and generated files, except
//     cmd/cgo output (IsCgoOutput), which is the user's code.
//   - IsTestSupportPackage(fset, files): a non-test file imports "testing".
//   - ExpectsExpiry(info, body): an if on a DeadlineExceeded value whose
//     body returns no error: the function exercises its own bound.
//   - IsHTTPHandler(sig): (http.ResponseWriter, *http.Request): plain HTTP
//     carries no caller deadline, a handler sets the first budget.
//   - IsEntryPoint(info, pkg, fn): main (package main), init, cobra
//     func(*cobra.Command, []string), urfave/cli actions, functions taking
//     *testing.T/B/F/TB.
//   - ReturnsContext(sig): a function returning a context hands the bound
//     to its caller.
//   - m.Detached(stack): inside a func literal run by defer or go, or
//     registered with Cleanup(...) or context.AfterFunc.
//   - m.StoredCancel(stack): the bound call's results are stored in a
//     field, element or package-level variable, or its cancel func is kept
//     (stored in a field, put in a composite literal, returned).
//   - m.InStream(stack), IsStreamType(t): stream handlers and clients.
//   - m.InPollLoop(stack): for {} or a loop conditioned on ctx.Err()/Done().
//
// # The request's work (deadlinereplace's handler rule)
//
//   - IsRequestWork(info, call): the callee can fail (an error result) or
//     OutboundKind names it; logging and metrics calls are not.
//   - OpensStream(info, call): the call returns a stream.
//   - m.AfterDone(stack): in a "case <-ctx.Done():" clause, under
//     "if ctx.Err() != nil", or in an unexported function whose every call
//     in the package is in such a place (cleanup after the caller gave up).
//   - RunnerCallback(info, stack): a func(ctx) literal handed to a call as
//     an argument, in code that received no caller context: a scheduler's
//     or worker pool's task, whose context is the runner's.
//
// # Middleware
//
//   - MiddlewareShape(info, fn): by signature: gRPC client/server
//     unary/stream interceptors (a grpc.UnaryInvoker, Streamer,
//     UnaryHandler or StreamHandler parameter), connect interceptors
//     (connect.UnaryFunc, StreamingClientFunc, StreamingHandlerFunc),
//     twirp interceptors (twirp.Method), func(http.Handler) http.Handler,
//     RoundTripper wrappers.
//   - IsNextCall(info, call): a call of the rest of the chain (a chain-
//     typed value, or a func value named next/invoker/handler/streamer,
//     called with a context; http.Handler.ServeHTTP;
//     RoundTripper.RoundTrip).
//   - m.CallsNext(fn), m.InMiddleware(stack), m.MiddlewareOf(stack): the
//     single predicate splitting the local checks: deadlinereplace
//     reports inside middleware, hardcodedtimeout outside it.
package ctxmodel
