package deadlinereplace

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ast/inspector"
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
	if fn == nil || len(fn.Blocks) == 0 || c.e.Skip(fn.Pos()) || c.e.TestOnly(fn) {
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
	next  bool       // the call hands the work on to the rest of a chain
}

func (c *checker) checkCall(fn *ssa.Function, call *ssa.Call) {
	if ctxmodel.CtxFuncOf(call) != ctxmodel.NotCtxFunc {
		return
	}
	syn := c.e.CallAt(call.Pos())
	if syn == nil {
		return
	}
	c.checkWiring(fn, call, syn)
	s := &site{fn: fn, call: call, syn: syn, next: c.e.NextCall(fn, call)}
	s.stack = c.stackOf(syn)
	if s.stack == nil {
		return
	}
	if s.next {
		// Options travel with the call even without a context (a stream's
		// Send(msg, opts...) decorated by a retry wrapper).
		c.checkOptions(s)
	}
	ctxArg := c.contextArg(s)
	if ctxArg == nil {
		return
	}
	if !s.next && (ctxmodel.ReturnsContext(call.Common().Signature()) ||
		ctxmodel.IsMethodOf(ctxmodel.CalleeObj(call), "net/http", "Request", "WithContext", "Clone")) {
		return // derives a context: followed where the result is used
	}
	if !c.onRequestPath(s.fn, s.stack) {
		return
	}
	origins := c.e.Origins(fn, ctxArg)
	fromCaller := false
	for _, o := range origins {
		if o.Kind == ctxmodel.FromCaller {
			fromCaller = true
		}
	}
	for _, o := range origins {
		switch o.Kind {
		case ctxmodel.FromRoot, ctxmodel.FromDetached:
			if !fromCaller {
				c.checkRoot(s, o)
			}
		case ctxmodel.FromCaller:
			if !o.HTTPServer {
				for _, b := range o.Bounds {
					c.checkBound(s, b)
				}
			}
		}
	}
}

// contextArg returns the context a call hands to its callee: its
// context.Context argument, or the *http.Request argument of a next call
// such as ServeHTTP or RoundTrip.
func (c *checker) contextArg(s *site) ssa.Value {
	for _, a := range s.call.Common().Args {
		if ctxmodel.IsContext(a.Type()) {
			return a
		}
	}
	for _, a := range s.call.Common().Args {
		if ctxmodel.CarrierField(a.Type()) != "" {
			return a // a struct carrying the context it hands over
		}
	}
	if s.next {
		for _, a := range s.call.Common().Args {
			if ctxmodel.IsHTTPRequest(a.Type()) {
				return a
			}
		}
	}
	return nil
}

// onRequestPath reports whether the code at the end of stack runs for a
// caller's request: inside a function that received a caller's context,
// not in an entry point, not detached for cleanup or background work, and
// not in a function that hands a context back to its caller.
func (c *checker) onRequestPath(fn *ssa.Function, stack []ast.Node) bool {
	info := c.pass.TypesInfo
	if !ctxmodel.InCallerContext(info, stack) || c.e.Detached(fn) || !c.e.ReceivesBudget(fn) {
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
func (c *checker) checkRoot(s *site, o ctxmodel.Origin) {
	if !s.next && !c.handlerReplaces(s, o) || c.e.RacedWithCaller(s.fn) {
		// (In a goroutine raced against the caller's ctx.Done(), the
		// caller is never held past its deadline: the work may outlive it.)
		return
	}
	for _, b := range o.Bounds {
		// A server rebuilding the caller's budget from the request it
		// received (a wire expiry, a request field) is an entry point, not
		// a replacement. Only a fixed or configured bound on a fresh root
		// is known to replace it.
		if v := c.e.BoundDuration(b); !v.IsFixed() && v.Kind != ctxmodel.Config {
			return
		}
	}
	var what string
	var rootPos token.Pos
	switch {
	case o.Root != nil:
		root := c.e.CallAt(o.Root.Pos())
		if root == nil {
			return
		}
		rootPos = root.Pos()
		what = c.text(root)
		if !ctxmodel.IsContext(o.Root.Type()) {
			what += " (a request without a context: Background)"
		}
	case o.Detacher != nil && o.Detacher.Pos().IsValid():
		rootPos = o.Detacher.Pos()
		what = "a " + types.TypeString(o.Detacher.Type(), types.RelativeTo(c.pass.Pkg)) + " (no deadline, no cancellation)"
	default:
		return
	}
	msg := "caller's context is replaced: " + c.text(s.syn.Fun) + " receives a context rooted at " +
		what + " (" + c.model.Position(rootPos) + ") in " + ctxmodel.FuncName(s.stack) +
		"; derive it from the caller's " + c.callerName(s.stack)
	c.report(kindRoot, s.syn, msg)
}

// handlerReplaces reports whether a request handler's call on a fresh
// root context (not a call of a middleware chain) replaces the request's
// budget. It does not when
//
//   - the root is WithoutCancel: handlers may detach deliberately;
//   - the call is not the request's work: it cannot fail, now or through
//     its result (a row whose Scan returns the query's error), and is
//     not outbound (logging, metrics, trace events);
//   - it opens a stream, whose lifetime its owner chooses;
//   - it runs only after the caller's context is done (cleanup such as
//     a CANCEL or BYE sent because the caller gave up);
//   - the context comes from a runner: a func(ctx) literal handed to a
//     scheduler or worker pool, in code that received no caller context;
//   - an HTTP server handler bounds the fresh root itself: plain HTTP
//     carries no caller deadline, so it sets the first budget;
//   - the fresh root has a bound of its own and the call's results are
//     discarded: best-effort work deliberately detached from the caller
//     (a failure report sent when the caller's context may be done).
func (c *checker) handlerReplaces(s *site, o ctxmodel.Origin) bool {
	info := c.pass.TypesInfo
	if len(o.Bounds) > 0 && resultsDiscarded(s.call) {
		return false
	}
	if o.Kind == ctxmodel.FromDetached || !ctxmodel.IsRequestWork(info, s.syn) && !ctxmodel.FailsLater(s.call) ||
		ctxmodel.OpensStream(info, s.syn) || c.model.AfterDone(s.stack) ||
		ctxmodel.RunnerCallback(info, s.stack) {
		return false
	}
	if len(o.Bounds) > 0 {
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

// resultsDiscarded reports whether nothing uses what a call returns (_ =
// f(ctx), _, _ = f(ctx), or a call statement): for a call with results,
// its failure cannot reach the caller.
func resultsDiscarded(call *ssa.Call) bool {
	if call.Common().Signature().Results().Len() == 0 {
		return false // nothing to discard: the call is the work
	}
	refs := call.Referrers()
	if refs == nil {
		return true
	}
	for _, r := range *refs {
		ex, ok := r.(*ssa.Extract)
		if !ok {
			return false
		}
		if er := ex.Referrers(); er != nil && len(*er) > 0 {
			return false
		}
	}
	return true
}

// checkBound reports a fixed or configured WithTimeout/WithDeadline applied
// to the caller's context without regard to the caller's deadline.
func (c *checker) checkBound(s *site, b *ssa.Call) {
	syn := c.e.CallAt(b.Pos())
	if syn == nil {
		return
	}
	bc, ok := ctxmodel.AsBoundCall(c.pass.TypesInfo, syn)
	if !ok {
		return
	}
	bfn := b.Parent()
	stack := c.stackOf(syn)
	if stack == nil || c.e.Middleware(bfn) == "" || c.e.Guarded(bfn, b) || c.model.StoredCancel(stack) ||
		c.model.InPollLoop(stack) || c.e.Detached(bfn) {
		return
	}
	// Inside a stream handler a bound on side work covers one message or
	// one poll; a bound on the context handed to next covers the whole
	// call or stream the caller opened.
	if !s.next && c.model.InStream(stack) {
		return
	}
	v := c.e.BoundDuration(b)
	var what string
	switch {
	case v.IsFixed():
		what = "a fixed timeout of " + v.Describe()
	case v.IsDefaulted():
		// Configured with a default the module sets: whoever did not
		// configure it gets the default. A timeout that only the user
		// ever sets (a purpose-built timeout middleware's constructor
		// parameter, with no default in view) is the user's choice.
		what = "a configured timeout " + v.Cap()
	default:
		if !v.Known && (v.Kind == ctxmodel.Config || v.Kind == ctxmodel.Unknown) {
			c.exportTimeoutMiddleware(bfn, b, syn)
		}
		return
	}
	parent := c.text(bc.Parent)
	msg := "caller's deadline is replaced: " + c.boundText(bc) + " applies " + what +
		" unconditionally in " + ctxmodel.FuncName(stack) + " before calling " + c.text(s.syn.Fun) +
		"; apply it only when the caller set no deadline (if _, ok := " + parent + ".Deadline(); !ok)"
	c.report(kindBound, syn, msg, c.model.GuardFix(bc, stack)...)
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
			case reqName == "" && ctxmodel.EmbedsContext(p.Type()):
				reqName = p.Name() + "." + ctxmodel.CarrierField(p.Type()) // a struct embedding the context
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
// options, or gets a timeout option placed after them.
func (c *checker) checkOptions(s *site) {
	common := s.call.Common()
	sig := common.Signature()
	if sig == nil || !sig.Variadic() || len(common.Args) == 0 || c.e.Guarded(s.fn, s.call) {
		return
	}
	last, ok := sig.Params().At(sig.Params().Len() - 1).Type().(*types.Slice)
	if !ok || !c.e.IsOptionSlice(last) {
		return // options that cannot carry a timeout: dropping them cuts no budget
	}
	opts := c.optsParam(s.fn, last.Elem())
	if opts == nil {
		return
	}
	l, base := c.e.CallerList(s.fn, common.Args[len(common.Args)-1])
	if !l.Known {
		return
	}
	if base == opts {
		for _, el := range l.Suf {
			c.checkAppended(s, el, opts.Name())
		}
		return
	}
	if l.HasBase() || l.Filtered {
		return // other options of the caller's: not ours to judge
	}
	msg := "caller's options are dropped: " + c.text(s.syn.Fun) + " is called without " + opts.Name() +
		"... in " + ctxmodel.FuncName(s.stack) +
		", so a per-request timeout the caller passes is not applied and the callee's default is; forward " + opts.Name() + "..."
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

// checkAppended reports a timeout option placed after the caller's
// options: it wins over the caller's own (last option wins).
func (c *checker) checkAppended(s *site, el ctxmodel.OptElem, optsName string) {
	at := el.At()
	if !at.IsValid() {
		return // placed by a helper of another package: timeoutflow's path
	}
	if v := c.e.Local(s.fn, el.Val); v.Kind == ctxmodel.Remaining {
		return
	}
	path := c.pathAt(at)
	opt := innermostCall(path, at)
	if opt == nil {
		return
	}
	app := enclosingAppend(c.pass.TypesInfo, path, opt)
	stack := path
	what := c.text(opt)
	// Name a fixed value and where it is defined when the text does not
	// show it: WithRequestTimeout(DefaultTimeout) = 3s (DefaultTimeout, rpc/config.go:14).
	if el.Val.IsFixed() && (el.Val.Origin != "" || el.Val.Pos != "") {
		what += " = " + el.Val.Describe()
	}
	verb := "is placed after"
	var at2 ast.Node = opt
	if app != nil {
		verb, at2 = "is appended after", app
	}
	msg := "caller's timeout option is replaced: " + what + " " + verb + " the caller's " +
		optsName + " in " + ctxmodel.FuncName(stack) + " (last option wins); prepend it so the caller's option wins"
	var fixes []analysis.SuggestedFix
	if app != nil {
		fixes = c.prependFix(app)
	}
	c.report(kindAppend, at2, msg, fixes...)
	c.exportReplacingMiddleware(s.fn, el, at)
}

// pathAt returns the syntax path from the file down to the node at pos.
func (c *checker) pathAt(pos token.Pos) []ast.Node {
	f := c.model.File(pos)
	if f == nil {
		return nil
	}
	path, _ := astutil.PathEnclosingInterval(f, pos, pos)
	for l, r := 0, len(path)-1; l < r; l, r = l+1, r-1 {
		path[l], path[r] = path[r], path[l]
	}
	return path
}

// innermostCall returns the call expression starting at pos on path.
func innermostCall(path []ast.Node, pos token.Pos) *ast.CallExpr {
	for i := len(path) - 1; i >= 0; i-- {
		if call, ok := path[i].(*ast.CallExpr); ok && call.Pos() == pos {
			return call
		}
	}
	return nil
}

// enclosingAppend returns the append call whose arguments include opt.
func enclosingAppend(info *types.Info, path []ast.Node, opt *ast.CallExpr) *ast.CallExpr {
	for i := len(path) - 1; i >= 0; i-- {
		call, ok := path[i].(*ast.CallExpr)
		if !ok || call == opt {
			continue
		}
		id, ok := ast.Unparen(call.Fun).(*ast.Ident)
		if !ok {
			return nil
		}
		if b, ok := info.Uses[id].(*types.Builtin); !ok || b.Name() != "append" {
			return nil
		}
		for _, a := range call.Args[1:] {
			if ast.Unparen(a) == opt {
				return call
			}
		}
		return nil
	}
	return nil
}

// stackOf returns the syntax path from the file down to n, or nil. The
// paths of the package's calls are computed once, in one walk of its
// files (a search from the file's root per call is quadratic in the
// file's size).
func (c *checker) stackOf(n ast.Node) []ast.Node {
	if call, ok := n.(*ast.CallExpr); ok {
		if c.callStacks == nil {
			c.indexCallStacks()
		}
		if st, ok := c.callStacks[call]; ok {
			return st
		}
	}
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

// indexCallStacks records the syntax path of every call of the package's
// files, from the shared inspector's one walk.
func (c *checker) indexCallStacks() {
	c.callStacks = map[*ast.CallExpr][]ast.Node{}
	insp, ok := c.pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	if !ok {
		return
	}
	insp.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if push {
			c.callStacks[n.(*ast.CallExpr)] = slices.Clone(stack)
		}
		return true
	})
}

// TimeoutMiddlewareFact marks an exported constructor of purpose-built
// timeout middleware: the middleware it returns applies its parameter
// Param unconditionally to the caller's context (at Bound). It is not
// reported itself (its users choose the timeout); a package that installs
// it with a value the user did not choose (a constant, a configuration
// default) is reported at that call.
//
// Middleware that places a timeout option after the caller's options
// (Appends) is marked the same way: Field is the path of the timeout
// within the parameter ("Timeout" for RetryOptions.Timeout) and Bound the
// position of the option. Exported functions that pass their own
// parameter on to such a constructor (psrpc's WithRPCRetries around
// NewRPCRetryInterceptor) carry the fact too.
type TimeoutMiddlewareFact struct {
	Param   int
	Field   string // field path within the parameter, "" for the parameter
	Bound   string // "dir/file.go:line:col" of the WithTimeout or the option
	Appends bool   // the timeout is an option placed after the caller's
}

// AFact implements analysis.Fact.
func (*TimeoutMiddlewareFact) AFact() {}

func (f *TimeoutMiddlewareFact) String() string {
	p := strconv.Itoa(f.Param)
	if f.Field != "" {
		p += "." + f.Field
	}
	if f.Appends {
		return "replacing middleware(param " + p + ")"
	}
	return "timeout middleware(param " + p + ")"
}

// exportReplacingMiddleware marks the exported constructor whose
// parameter (or a field of it) is the timeout of an option that fn places
// after the caller's options.
func (c *checker) exportReplacingMiddleware(fn *ssa.Function, el ctxmodel.OptElem, at token.Pos) {
	ctor, idx, field, ok := c.e.ConstructorField(fn, el.Val)
	if !ok {
		return
	}
	c.exportMiddlewareFact(ctor, &TimeoutMiddlewareFact{Param: idx, Field: field, Bound: c.e.PosString(at), Appends: true})
}

// exportMiddlewareFact records f for ctor, a declared function of this
// package without one (the first in source order), and exports it when
// ctor is an exported function: other packages' wiring sites are
// reported with it. Unexported functions and methods keep theirs for the
// package's own wrappers (exportWrappers). It reports whether f was
// recorded.
func (c *checker) exportMiddlewareFact(ctor *ssa.Function, f *TimeoutMiddlewareFact) bool {
	if ctor.Pkg != c.e.SSA || ctor.Parent() != nil || c.localMW[ctor] != nil {
		return false
	}
	obj, ok := ctor.Object().(*types.Func)
	if !ok || obj.Pkg() != c.pass.Pkg {
		return false
	}
	c.localMW[ctor] = f
	if obj.Exported() && ctor.Signature.Recv() == nil {
		c.pass.ExportObjectFact(obj, f)
	}
	return true
}

// middlewareFact returns the TimeoutMiddlewareFact of a call's static
// callee, of any package.
func (c *checker) middlewareFact(call *ssa.Call) (*TimeoutMiddlewareFact, bool) {
	callee := c.e.Callee(call.Common())
	if callee == nil {
		return nil, false
	}
	if f := c.localMW[callee]; f != nil {
		return f, f.Param < len(call.Common().Args)
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg() == c.pass.Pkg {
		return nil, false
	}
	f := new(TimeoutMiddlewareFact)
	if !c.pass.ImportObjectFact(obj, f) || f.Param >= len(call.Common().Args) {
		return nil, false
	}
	return f, true
}

// exportWrappers marks the functions of this package that hand their own
// parameter on to a marked constructor (WithRetries(opt) { return
// WithInterceptors(NewRetryInterceptor(opt)) }), until nothing changes:
// their callers wire the same middleware. The parameter may be an option
// list whose timeout option configures it (NewClient(target, opts...)
// applying opts to a ClientOptions whose Timeout goes to the
// interceptor): the fact's Field is then "@" and the option's field.
func (c *checker) exportWrappers() {
	for changed := true; changed; {
		changed = false
		for _, fn := range c.e.Funcs {
			if fn.Parent() != nil {
				continue
			}
			for _, b := range fn.Blocks {
				for _, in := range b.Instrs {
					call, ok := in.(*ssa.Call)
					if !ok {
						continue
					}
					f, ok := c.middlewareFact(call)
					if !ok {
						continue
					}
					v, _ := c.wiredValue(fn, call, f)
					if lv := c.e.Local(fn, v); lv.IsFixed() || lv.IsDefaulted() {
						continue // a wiring site with a value of its own: reported here
					}
					ctor, idx, field, ok := c.e.ConstructorField(fn, v)
					if !ok || ctor != fn {
						continue
					}
					w := *f
					w.Param, w.Field = idx, field
					if c.exportMiddlewareFact(fn, &w) {
						changed = true
					}
				}
			}
		}
	}
}

func splitField(p string) []string {
	if p == "" {
		return nil
	}
	return strings.Split(p, ".")
}

// exportTimeoutMiddleware exports a TimeoutMiddlewareFact for the
// exported constructor whose parameter is the configured timeout of the
// unconditional bound b.
func (c *checker) exportTimeoutMiddleware(bfn *ssa.Function, b *ssa.Call, syn *ast.CallExpr) {
	f := ctxmodel.CtxFuncOf(b)
	if !f.IsTimeout() || len(b.Common().Args) < 2 {
		return
	}
	ctor, idx, ok := c.e.ConstructorParam(bfn, b.Common().Args[1])
	if !ok {
		return
	}
	c.exportMiddlewareFact(ctor, &TimeoutMiddlewareFact{Param: idx, Bound: c.e.PosString(syn.Pos())})
}

// checkWiring reports a call of another package's timeout middleware
// constructor (TimeoutMiddlewareFact) with a fixed timeout or a
// configured one with a default: the middleware then replaces the
// deadline of every caller who configured nothing.
func (c *checker) checkWiring(fn *ssa.Function, call *ssa.Call, syn *ast.CallExpr) {
	f, ok := c.middlewareFact(call)
	if !ok || c.e.Callee(call.Common()).Pkg == c.e.SSA {
		return
	}
	v, at := c.wiredValue(fn, call, f)
	v = c.e.Local(fn, v)
	if !v.IsFixed() && !v.IsDefaulted() {
		return
	}
	var node ast.Node = syn
	ctor, opt := c.text(syn.Fun), ""
	if at.IsValid() {
		// The timeout travels as an option of the list handed over:
		// the line to change builds that option.
		oc := innermostCall(c.pathAt(at), at)
		if oc == nil {
			return
		}
		node, opt = oc, c.text(oc.Fun)
	}
	stack := c.stackOf(node)
	if stack == nil {
		return
	}
	value := strings.TrimPrefix(v.Cap(), "fixed ")
	bound, in := ctxmodel.ShortPos(f.Bound), ctxmodel.FuncName(stack)
	if f.Appends {
		what := ctor + " installs an interceptor that places its timeout option after the caller's (" + bound + ") with " + value
		if opt != "" {
			what = opt + " sets the timeout of the interceptor " + ctor + " installs, which places it after the caller's options (" + bound + "), to " + value
		}
		c.report(kindAppend, node, "caller's timeout option is replaced: "+what+" in "+in+
			"; a per-request timeout the caller passes is overridden: install it without a default, or make the interceptor prepend its option or apply it only when ctx.Deadline() reports none")
		return
	}
	what := ctor + " installs middleware that applies its timeout unconditionally (" + bound + ") with " + value
	if opt != "" {
		what = opt + " sets the timeout of the middleware " + ctor + " installs, which applies it unconditionally (" + bound + "), to " + value
	}
	c.report(kindBound, node, "caller's deadline is replaced: "+what+" in "+in+
		"; install it only where the caller sets no deadline, or make the middleware apply it only when ctx.Deadline() reports none")
}

// wiredValue is the timeout a call of a marked constructor configures its
// middleware with: the argument (or its field f.Field) in terms of fn.
// For an option list ("@" fields) it is the timeout option the list
// carries: one placed after the caller's options, else, when the caller
// passes none, one placed before them (the default), with the position
// of that option's construction; or the caller's own (symbolic).
func (c *checker) wiredValue(fn *ssa.Function, call *ssa.Call, f *TimeoutMiddlewareFact) (ctxmodel.Val, token.Pos) {
	arg := call.Common().Args[f.Param]
	if !strings.HasPrefix(f.Field, "@") {
		if f.Field == "" {
			return c.e.ArgOrigin(c.e.Value(fn, arg), call.Common(), f.Param), token.NoPos
		}
		return c.e.ValueAt(fn, arg, splitField(f.Field), false), token.NoPos
	}
	l := c.e.OptList(fn, arg)
	var el []ctxmodel.OptElem
	switch {
	case !l.Known:
		return ctxmodel.Val{}, token.NoPos
	case len(l.Suf) > 0:
		el = l.Suf
	case l.HasBase() && len(l.Pre) > 0:
		el = l.Pre
	case l.HasBase():
		return l.CallerOption(f.Field), token.NoPos
	default:
		el = l.Elems
	}
	if len(el) == 0 {
		return ctxmodel.Val{}, token.NoPos
	}
	last := el[len(el)-1]
	return last.Val, last.At()
}
