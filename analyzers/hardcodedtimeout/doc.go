// Package hardcodedtimeout defines an Analyzer that reports fixed
// timeouts capping a caller's deadline.
//
// # Analyzer hardcodedtimeout
//
// hardcodedtimeout: a fixed timeout caps the caller's deadline
//
// context.WithTimeout and context.WithDeadline never extend a deadline:
// the child's deadline is min(parent's, now+d). A fixed d applied to a
// caller's context therefore silently cuts whatever longer budget the
// caller chose. In a function that received a caller's context (a
// context.Context or *http.Request parameter, or a closure inside such a
// function), the check reports a fixed timeout (a constant, a package-level
// default never changed, or a field of a package-level default config
// literal) that bounds the caller's work without looking at the caller's
// deadline:
//
//   - context.WithTimeout/WithTimeoutCause with a fixed duration, and
//     context.WithDeadline/WithDeadlineCause with time.Now().Add(fixed),
//     applied to the caller's context;
//   - a fixed per-request timeout option (a constructor like
//     WithTimeout/WithRequestTimeout/WithCallTimeout returning an option
//     type, or one registered with -options) passed to a call that takes
//     the caller's context, directly or through append(opts, opt)... or
//     []Option{opt}...;
//   - http.Client{Timeout: fixed} or net.Dialer{Timeout: fixed} built in
//     the function and used there for an outbound call;
//   - conn.SetDeadline/SetReadDeadline/SetWriteDeadline(time.Now().Add(fixed)).
//
// Bad:
//
//	func (c *Client) Call(ctx context.Context, req *Request) error {
//		ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
//		defer cancel()
//		return c.conn.Invoke(ctx, "/svc/Call", req, nil)
//	}
//
// Good: apply the default only when the caller set no deadline
// (the suggested fix), take it from the caller, or compute it from the
// caller's remaining budget:
//
//	func (c *Client) Call(ctx context.Context, req *Request) error {
//		cancel := context.CancelFunc(func() {})
//		if _, ok := ctx.Deadline(); !ok {
//			ctx, cancel = context.WithTimeout(ctx, 3*time.Second)
//		}
//		defer cancel()
//		return c.conn.Invoke(ctx, "/svc/Call", req, nil)
//	}
//
// Not reported: durations from configuration (a receiver field, a config
// parameter), from the caller (parameters, request fields) or from the
// caller's remaining budget (time.Until(dl), min(time.Until(dl)/2, 5s));
// bounds inside a branch (or after an early return) that reads
// ctx.Deadline(); main, init, CLI commands, HTTP server handlers
// (func(http.ResponseWriter, *http.Request): plain HTTP carries no caller
// deadline, so the handler sets the first budget), tests, test support
// packages (a non-test file imports "testing") and generated files
// (cgo output excepted: it is the user's code); functions that expect
// their bound to expire (an if on context.DeadlineExceeded or
// codes.DeadlineExceeded whose body returns no error: a timeout test
// client exercising its own bound);
// contexts rooted at Background/TODO/WithoutCancel, and bounds in defer,
// go statements, Cleanup and AfterFunc callbacks (detached cleanup);
// deadlines rebuilt from a received expiry; streams and poll loops
// (for {} or loops on ctx.Err()); contexts stored in fields; functions
// that return the bounded context to their caller, guarded or not (the
// caller decides; an unguarded helper's cap only bites across a call,
// which is timeoutflow's business, not this local check's); bounds only
// waited on locally (<-ctx.Done()) and never passed on; and middleware
// (interceptors, func(http.Handler) http.Handler, RoundTripper wrappers,
// wrappers calling next/invoker/handler), which belongs to the
// deadlinereplace check. Imported package-level variables are not known
// to be fixed (any importer may change them) and are not reported.
//
// The message names the value, where it comes from (file:line), the
// function, and what to do, on one line:
//
//	caller's deadline is capped by fixed 3s (DefaultTimeout, rpc/client.go:12) via context.WithTimeout in (*Client).Call: apply it only when the caller set no deadline (ctx.Deadline()) or let the caller configure it
//
// Flags: -options=example.com/rpc.WithBudget,... registers extra
// timeout option constructors by full name.
package hardcodedtimeout

// Doc is the analyzer's documentation (first line: the summary).
const Doc = `hardcodedtimeout: a fixed timeout caps the caller's deadline

In a function that received a caller's context (a context.Context or
*http.Request parameter, or a closure inside one), reports a fixed timeout
(constant, package-level default, default config field) that bounds the
caller's work without regard for the caller's deadline:
context.WithTimeout/WithDeadline(+Cause) on the caller's context, fixed
per-request timeout options passed to a call taking the caller's context,
http.Client{Timeout}/net.Dialer{Timeout} used for an outbound call, and
net.Conn deadlines of time.Now().Add(fixed). WithTimeout never extends a
deadline, so the caller's longer budget is silently cut.

Fix: apply the default only when the caller set no deadline
(if _, ok := ctx.Deadline(); !ok { ... }), compute it from the caller's
remaining budget (time.Until(dl)), or let the caller configure it.
Middleware that replaces a deadline is reported by deadlinereplace.`
