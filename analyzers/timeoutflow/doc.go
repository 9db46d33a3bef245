// Package timeoutflow reports user-supplied timeouts that, across
// functions and packages, reach a place where a shorter fixed timeout
// replaces or caps them.
//
// # What it reports
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
//     context.WithTimeout/WithDeadline through parameters.
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
// (one line), with the path also as Related positions (where the file set
// knows the files: all of them standalone, the current package's and the
// ones export data mentions under go vet). Closures are named after their
// enclosing function, never by SSA names.
//
// No finding when the fixed value is not shorter than the user value's
// known default, when the replacement only happens under a condition
// computed from ctx.Deadline() (a guard), when the value comes from the
// caller's remaining budget (time.Until(dl), min(time.Until(dl)/2, d)),
// when the timeout option is placed before the caller's options (a
// default), for user values used in goroutines (detached background work),
// and in _test.go files. A fixed value applied in the very function that
// receives the caller's context or options (WithTimeout(ctx, 3*time.Second),
// append(opts, WithTimeout(3*time.Second)) passed to next) is reported by
// the local checks (hardcodedtimeout, deadlinereplace), not here: a finding
// belongs to one check.
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
//     struct fields on the heap (a receiver's configured timeout is
//     unknown), nor through maps, channels or reflection.
//   - Calls through unnamed func types, and contexts passed to interface
//     methods, are not followed. An implementation wired only in a main
//     package that the entry's package does not import is not seen (the
//     spec's "report at the wiring site" is not implemented).
//   - Option lists are modelled as the caller's options plus the timeout
//     options placed before and after them (append, slice literals,
//     helpers returning such slices); copy() into a fresh slice and
//     loop-built lists are not modelled. First-wins option lists are not
//     distinguished from last-wins.
//   - Generic functions are skipped; code in cycles of calls sees what the
//     cycle has computed so far.
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
