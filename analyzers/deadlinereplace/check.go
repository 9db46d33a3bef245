package deadlinereplace

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
)

// Finding kinds, for de-duplication.
const (
	kindRoot = iota + 1
	kindBound
	kindAppend
	kindDrop
)

// checkFunc looks at every call in fn.
func (c *checker) checkFunc(fn *ssa.Function) {
	if fn == nil || len(fn.Blocks) == 0 {
		return
	}
	if tf := c.fileOf(fn.Pos()); tf == nil || c.skipFile[tf] {
		return
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok {
				c.checkCall(fn, call)
			}
		}
	}
}

// site is a call under examination with its syntax path.
type site struct {
	fn    *ssa.Function
	call  *ssa.Call
	syn   *ast.CallExpr
	stack []ast.Node // from the file down to syn
	next  bool       // the call invokes the rest of a middleware chain
}

func (c *checker) checkCall(fn *ssa.Function, call *ssa.Call) {
	syn := c.calls[call.Pos()]
	if syn == nil {
		return
	}
	if ctxmodel.ContextCall(c.pass.TypesInfo, syn) != ctxmodel.NotCtxFunc {
		return
	}
	s := &site{fn: fn, call: call, syn: syn, next: ctxmodel.IsNextCall(c.pass.TypesInfo, syn)}
	ctxArg, isReq := c.contextArg(s)
	if ctxArg == nil {
		return
	}
	if !s.next && (ctxmodel.ReturnsContext(call.Common().Signature()) ||
		ctxmodel.IsMethodOf(c.callee(call), "net/http", "Request", "WithContext", "Clone")) {
		return // derives a context: followed where the result is used
	}
	s.stack = c.stackOf(syn)
	if s.stack == nil || !c.onRequestPath(s.stack) {
		return
	}
	paths := c.ctxPaths(ctxArg, isReq)
	fromCallerSeen := false
	for _, p := range paths {
		if p.kind == fromCaller {
			fromCallerSeen = true
		}
	}
	for _, p := range paths {
		switch p.kind {
		case fromRoot:
			if !fromCallerSeen {
				c.checkRoot(s, p)
			}
		case fromCaller:
			if !p.httpServer {
				for _, b := range p.bounds {
					c.checkBound(s, b)
				}
			}
		}
	}
	if s.next {
		c.checkOptions(s)
	}
}

// contextArg returns the context a call hands to its callee: its
// context.Context argument, or (isReq) the *http.Request argument of a
// next call such as ServeHTTP or RoundTrip.
func (c *checker) contextArg(s *site) (v ssa.Value, isReq bool) {
	args := s.call.Common().Args
	if a := firstOfType(args, ctxmodel.IsContext); a != nil {
		return a, false
	}
	if s.next {
		if a := firstOfType(args, ctxmodel.IsHTTPRequest); a != nil {
			return a, true
		}
	}
	return nil, false
}

// onRequestPath reports whether the code at the end of stack runs for a
// caller's request: inside a function that received a caller's context,
// not in an entry point, not detached for cleanup or background work, and
// not in a function that hands a context back to its caller.
func (c *checker) onRequestPath(stack []ast.Node) bool {
	info := c.pass.TypesInfo
	if !ctxmodel.InCallerContext(info, stack) || c.model.Detached(stack) {
		return false
	}
	for _, fn := range ctxmodel.EnclosingFuncs(stack) {
		if ctxmodel.IsEntryPoint(info, c.pass.Pkg, fn) || ctxmodel.ReturnsContext(ctxmodel.Signature(info, fn)) {
			return false
		}
	}
	return true
}

// checkRoot reports a call that receives a context rooted at Background,
// TODO or WithoutCancel in place of the caller's.
func (c *checker) checkRoot(s *site, p ctxPath) {
	if !s.next && !c.handlerReplaces(s, p) {
		return
	}
	for _, b := range p.bounds {
		// A server rebuilding the caller's budget from the request it
		// received (a wire expiry, a request field) is an entry point, not
		// a replacement. Only a fixed or configured bound on a fresh root
		// is known to replace it.
		if v := c.boundValue(b); v.Kind != ctxmodel.Fixed && v.Kind != ctxmodel.Config {
			return
		}
	}
	msg := "caller's context is replaced: " + c.text(s.syn.Fun) + " receives a context rooted at " +
		c.text(p.root) + " (" + c.model.Position(p.root.Pos()) + ") in " + ctxmodel.FuncName(s.stack) +
		"; derive it from the caller's " + c.callerName(s.stack)
	c.report(kindRoot, s.syn, msg)
}

// handlerReplaces reports whether a request handler's call on a fresh
// root context (not a call of a middleware chain) replaces the request's
// budget. It does not when
//
//   - the root is WithoutCancel: handlers may detach deliberately;
//   - the call is not the request's work: it cannot fail and is not
//     outbound (logging, metrics, trace events);
//   - it opens a stream, whose lifetime its owner chooses;
//   - it runs only after the caller's context is done (cleanup such as
//     a CANCEL or BYE sent because the caller gave up);
//   - the context comes from a runner: a func(ctx) literal handed to a
//     scheduler or worker pool, in code that received no caller context;
//   - an HTTP server handler bounds the fresh root itself: plain HTTP
//     carries no caller deadline, so it sets the first budget.
func (c *checker) handlerReplaces(s *site, p ctxPath) bool {
	info := c.pass.TypesInfo
	if p.rootFn == ctxmodel.WithoutCancel || !ctxmodel.IsRequestWork(info, s.syn) ||
		ctxmodel.OpensStream(info, s.syn) || c.model.AfterDone(s.stack) ||
		ctxmodel.RunnerCallback(info, s.stack) {
		return false
	}
	if len(p.bounds) > 0 {
		for _, fn := range ctxmodel.EnclosingFuncs(s.stack) {
			sig := ctxmodel.Signature(info, fn)
			if ctxmodel.IsHTTPHandler(sig) {
				return false
			}
			if ctxmodel.ReceivesCallerContext(sig) {
				break
			}
		}
	}
	return true
}

// checkBound reports a fixed or configured WithTimeout/WithDeadline applied
// to the caller's context without regard to the caller's deadline.
func (c *checker) checkBound(s *site, b *ast.CallExpr) {
	bc, ok := ctxmodel.AsBoundCall(c.pass.TypesInfo, b)
	if !ok {
		return
	}
	stack := c.stackOf(b)
	if stack == nil || !c.model.InMiddleware(stack) || c.model.Guarded(stack) || c.model.StoredCancel(stack) ||
		c.model.InPollLoop(stack) || c.model.Detached(stack) {
		return
	}
	// Inside a stream handler a bound on side work covers one message or
	// one poll; a bound on the context handed to next covers the whole
	// call or stream the caller opened.
	if !s.next && c.model.InStream(stack) {
		return
	}
	v := c.boundValue(b)
	var what string
	switch v.Kind {
	case ctxmodel.Fixed:
		what = "a fixed timeout of " + c.model.Describe(v)
	case ctxmodel.Config:
		what = "a configured timeout " + v.Origin
		if p := c.model.Position(v.Pos); p != "" {
			what += " (" + p + ")"
		}
	default:
		return
	}
	parent := c.text(bc.Parent)
	msg := "caller's deadline is replaced: " + c.boundText(bc) + " applies " + what +
		" unconditionally in " + ctxmodel.FuncName(stack) + " before calling " + c.text(s.syn.Fun) +
		"; apply it only when the caller set no deadline (if _, ok := " + parent + ".Deadline(); !ok)"
	c.report(kindBound, b, msg, c.model.GuardFix(bc, stack)...)
}

// boundValue classifies the duration or deadline of a bound call. A
// parameter of a function enclosing the wrapper (a constructor's
// parameter) configures the wrapper: Config, not User.
func (c *checker) boundValue(b *ast.CallExpr) ctxmodel.Value {
	bc, ok := ctxmodel.AsBoundCall(c.pass.TypesInfo, b)
	if !ok {
		return ctxmodel.Value{}
	}
	var v ctxmodel.Value
	if bc.Func.IsTimeout() {
		v = c.model.Classify(bc.Bound)
	} else {
		v = c.model.ClassifyDeadline(bc.Bound)
	}
	if v.Kind != ctxmodel.User || !v.Pos.IsValid() {
		return v
	}
	// Which function declares the parameter behind the value?
	fns := ctxmodel.EnclosingFuncs(c.stackOf(b))
	for _, fn := range fns {
		sig := ctxmodel.Signature(c.pass.TypesInfo, fn)
		if !ctxmodel.ReceivesCallerContext(sig) {
			continue
		}
		if declaresParam(sig, v.Pos) {
			return v // a parameter of the wrapper itself: the caller's
		}
	}
	// Declared by an enclosing constructor: it configures the wrapper.
	for _, fn := range fns {
		if declaresParam(ctxmodel.Signature(c.pass.TypesInfo, fn), v.Pos) {
			v.Kind = ctxmodel.Config
			v.Origin = strings.Replace(v.Origin, "parameter ", "constructor parameter ", 1)
			return v
		}
	}
	return v
}

// declaresParam reports whether one of sig's parameters is declared at pos.
func declaresParam(sig *types.Signature, pos token.Pos) bool {
	if sig == nil {
		return false
	}
	for i := 0; i < sig.Params().Len(); i++ {
		if sig.Params().At(i).Pos() == pos {
			return true
		}
	}
	return false
}

// callerName names the caller's context in the innermost function that
// received one: its context parameter, or r.Context() of its request.
func (c *checker) callerName(stack []ast.Node) string {
	for _, fn := range ctxmodel.EnclosingFuncs(stack) {
		sig := ctxmodel.Signature(c.pass.TypesInfo, fn)
		if sig == nil {
			continue
		}
		reqName := ""
		for i := 0; i < sig.Params().Len(); i++ {
			p := sig.Params().At(i)
			switch {
			case p.Name() == "" || p.Name() == "_":
			case ctxmodel.IsContext(p.Type()):
				return p.Name()
			case ctxmodel.IsHTTPRequest(p.Type()) && reqName == "":
				reqName = p.Name() + ".Context()"
			}
		}
		if reqName != "" {
			return reqName
		}
	}
	return "context"
}

// boundText renders a bound call on one line, eliding a cause argument.
func (c *checker) boundText(bc ctxmodel.BoundCall) string {
	args := []string{c.text(bc.Parent), c.text(bc.Bound)}
	if len(bc.Call.Args) > 2 {
		args = append(args, "...")
	}
	return c.text(bc.Call.Fun) + "(" + strings.Join(args, ", ") + ")"
}

// checkOptions reports a next call that drops the caller's variadic
// options or gets a timeout option appended after them.
func (c *checker) checkOptions(s *site) {
	common := s.call.Common()
	sig := common.Signature()
	if sig == nil || !sig.Variadic() || common.IsInvoke() || len(common.Args) == 0 {
		return
	}
	last, ok := sig.Params().At(sig.Params().Len() - 1).Type().(*types.Slice)
	if !ok {
		return
	}
	opts := c.optsParam(s.fn, last.Elem())
	if opts == nil {
		return
	}
	fl := c.sliceFlow(common.Args[len(common.Args)-1], opts)
	optsName := opts.Name()
	for _, app := range fl.appended {
		c.checkAppend(app, optsName)
	}
	if fl.forwarded || fl.unknown {
		return
	}
	msg := "caller's options are dropped: " + c.text(s.syn.Fun) + " is called without " + optsName +
		"... in " + ctxmodel.FuncName(s.stack) +
		", so the caller's per-request timeout is lost and a default applies; forward " + optsName + "..."
	c.report(kindDrop, s.syn, msg, c.forwardFix(s, opts, sig)...)
}

// optsParam returns the variadic options parameter, of element type elem,
// of fn or of the functions enclosing it up to the one that received the
// caller's context.
func (c *checker) optsParam(fn *ssa.Function, elem types.Type) *ssa.Parameter {
	for f := fn; f != nil; f = f.Parent() {
		sig := f.Signature
		if sig.Variadic() && len(f.Params) > 0 {
			p := f.Params[len(f.Params)-1]
			if sl, ok := p.Type().(*types.Slice); ok && types.Identical(sl.Elem(), elem) {
				if p.Name() == "_" || p.Name() == "" {
					return nil
				}
				return p
			}
		}
		if ctxmodel.ReceivesCallerContext(sig) {
			return nil
		}
	}
	return nil
}

// checkAppend reports append(opts, ..., WithXTimeout(d), ...): the option
// comes after the caller's and wins over it.
func (c *checker) checkAppend(app *ast.CallExpr, optsName string) {
	if len(app.Args) < 2 || app.Ellipsis.IsValid() {
		return
	}
	var timeouts []ast.Expr
	var durs []ast.Expr
	for _, a := range app.Args[1:] {
		if call, ok := ast.Unparen(a).(*ast.CallExpr); ok {
			if fn, dur := c.model.TimeoutOptionCall(call); fn != nil {
				timeouts = append(timeouts, a)
				durs = append(durs, dur)
			}
		}
	}
	if len(timeouts) == 0 {
		return
	}
	stack := c.stackOf(app)
	if stack == nil || c.model.Guarded(stack) {
		return
	}
	what := c.text(timeouts[0])
	// Name a fixed value and where it is defined when the text does not
	// show it: WithRequestTimeout(DefaultTimeout) = 3s (DefaultTimeout, rpc/config.go:14).
	if v := c.model.Classify(durs[0]); v.Kind == ctxmodel.Fixed && (v.Origin != "" || v.Pos.IsValid()) {
		what += " = " + c.model.Describe(v)
	}
	msg := "caller's timeout option is replaced: " + what + " is appended after the caller's " +
		optsName + " in " + ctxmodel.FuncName(stack) + " (last option wins); prepend it so the caller's option wins"
	c.report(kindAppend, app, msg, c.prependFix(app)...)
}

// stackOf returns the syntax path from the file down to n, or nil.
func (c *checker) stackOf(n ast.Node) []ast.Node {
	f := c.model.File(n.Pos())
	if f == nil {
		return nil
	}
	path, _ := astutil.PathEnclosingInterval(f, n.Pos(), n.End())
	for l, r := 0, len(path)-1; l < r; l, r = l+1, r-1 {
		path[l], path[r] = path[r], path[l]
	}
	return path
}
