package hardcodedtimeout

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
)

// Analyzer is the hardcodedtimeout check.
var Analyzer = newAnalyzer(ctxmodel.Analyzer)

// NewAnalyzer returns a fresh hardcodedtimeout analyzer with an engine of its own
// (ctxmodel.NewAnalyzer), so its -options flag is its own: for tests and
// tools that configure checks separately. The registry's checks share one
// engine (Analyzer).
func NewAnalyzer() *analysis.Analyzer { return newAnalyzer(ctxmodel.NewAnalyzer()) }

// newAnalyzer builds the check on engine. Its only flag, -options,
// registers extra timeout option constructors by full name
// (comma-separated); it is the engine's flag, shared by every check on it.
func newAnalyzer(engine *analysis.Analyzer) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     "hardcodedtimeout",
		Doc:      Doc,
		URL:      "https://github.com/ctxtimeout/ctxtimeout#hardcodedtimeout",
		Requires: []*analysis.Analyzer{inspect.Analyzer, engine},
	}
	a.Run = func(pass *analysis.Pass) (any, error) {
		e := ctxmodel.View(pass, engine)
		if e == nil {
			return nil, nil
		}
		return run(pass, e)
	}
	ctxmodel.ShareOptionsFlag(&a.Flags, engine)
	return a
}

type checker struct {
	pass  *analysis.Pass
	e     *ctxmodel.Engine
	m     *ctxmodel.Package // syntax-level exemptions and fixes
	fn    *ssa.Function     // the function being checked
	instr ssa.Instruction   // the instruction being checked
	calls map[token.Pos]*ssa.Call
	store map[token.Pos]*ssa.Store
}

func run(pass *analysis.Pass, e *ctxmodel.Engine) (any, error) {
	if e.SSA == nil || pass.TypesInfo == nil {
		return nil, nil
	}
	insp, ok := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	if !ok {
		return nil, nil
	}
	c := &checker{
		pass:  pass,
		e:     e,
		m:     ctxmodel.New(pass.Fset, pass.Pkg, pass.TypesInfo, pass.Files, e.Options),
		calls: map[token.Pos]*ssa.Call{},
		store: map[token.Pos]*ssa.Store{},
	}
	// SSA calls and composite-literal stores by position, with the
	// function they are in.
	fnOf := map[token.Pos]*ssa.Function{}
	for _, fn := range e.Funcs {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				switch in := in.(type) {
				case *ssa.Call:
					c.calls[in.Pos()] = in
					fnOf[in.Pos()] = fn
				case *ssa.Store:
					if in.Pos().IsValid() {
						c.store[in.Pos()] = in
						fnOf[in.Pos()] = fn
					}
				}
			}
		}
	}
	types := []ast.Node{(*ast.CallExpr)(nil), (*ast.CompositeLit)(nil)}
	insp.WithStack(types, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push || len(stack) == 0 || e.Skip(n.Pos()) {
			return push && !e.Skip(n.Pos())
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if call := c.calls[n.Lparen]; call != nil && !e.TestOnly(fnOf[n.Lparen]) {
				c.fn = fnOf[n.Lparen]
				c.call(n, call, stack)
			}
		case *ast.CompositeLit:
			c.lit(n, stack, fnOf)
		}
		return true
	})
	return nil, nil
}

// inScope reports whether a fixed bound at the end of stack is this
// check's business: a function that received a caller context, not an
// entry point or HTTP server handler (plain HTTP carries no caller
// deadline: a handler sets the first budget), not middleware (deadlinereplace's), not detached, not a
// stream or poll loop, not guarded by ctx.Deadline(), not a function that
// returns its context to the caller, not work whose expiry cannot fail
// the caller's (no error result; an expiry handled as an expected answer:
// see ctxmodel.ReportsFailure and Engine.ExpiryExpected).
func (c *checker) inScope(stack []ast.Node) bool {
	return c.scoped(stack, ctxmodel.InCallerContext(c.m.Info, stack))
}

// scoped is inScope for a function that received a caller context
// (receives) by a way of its own.
func (c *checker) scoped(stack []ast.Node, receives bool) bool {
	m := c.m
	fns := ctxmodel.EnclosingFuncs(stack)
	if len(fns) == 0 {
		return false
	}
	for _, fn := range fns {
		if ctxmodel.IsEntryPoint(m.Info, m.Types, fn) || ctxmodel.IsHTTPHandler(ctxmodel.Signature(m.Info, fn)) {
			return false
		}
	}
	if !receives ||
		ctxmodel.ReturnsContext(ctxmodel.Signature(m.Info, fns[0])) ||
		c.e.Middleware(c.fn) != "" || c.e.Detached(c.fn) || m.InStream(stack) ||
		m.InPollLoop(stack) || c.e.Guarded(c.fn, c.instr) ||
		ctxmodel.ExpectsExpiry(m.Info, ctxmodel.FuncBody(fns[0])) ||
		!ctxmodel.ReportsFailure(c.fn) || c.e.ExpiryExpected(c.fn) {
		return false
	}
	return true
}

// fixedPositive reports whether v is a cap this check reports: a fixed
// positive duration, or a configured one with a fixed default the module
// sets (a client's timeout field that its constructor defaults).
func fixedPositive(v ctxmodel.Val) bool { return v.IsFixed() || v.IsDefaulted() }

const (
	adviceBound  = "apply it only when the caller set no deadline (ctx.Deadline()) or let the caller configure it"
	adviceOption = "pass the caller's remaining budget (time.Until of ctx.Deadline()) or let the caller configure it"
	adviceClient = "rely on the caller's context deadline, set it only when the caller set none, or let the caller configure it"
	adviceConn   = "use the caller's deadline (ctx.Deadline()) when set, or let the caller configure it"
	adviceTimer  = "wait on the caller's ctx.Done() instead, or use the caller's deadline (ctx.Deadline()) when set"
)

func (c *checker) report(at ast.Expr, v ctxmodel.Val, via, advice string, stack []ast.Node, fixes []analysis.SuggestedFix) {
	verb, callers := c.callerClause(c.fn, v.NS, "its")
	msg := fmt.Sprintf("caller's deadline %s %s via %s in %s%s: %s",
		verb, v.Cap(), via, ctxmodel.FuncName(stack), callers, advice)
	c.pass.Report(analysis.Diagnostic{Pos: at.Pos(), End: at.End(), Message: msg, SuggestedFixes: fixes})
}

// callerClause says what is known about the callers of fn for a cap of
// capNS: one in the package passing a longer (or user) deadline is named
// and the deadline "is" capped; without one (exported API, or callers
// whose deadlines are not in view) it "may" be. whose is "its" or
// "their".
func (c *checker) callerClause(fn *ssa.Function, capNS int64, whose string) (verb, callers string) {
	if who, ok := c.e.CallerDeadline(fn, capNS); ok {
		return "is capped by", ", cutting any longer deadline of " + whose + " callers (e.g. " + who + ")"
	}
	return "may be capped by", ""
}

// fromCaller reports whether every known origin of the context (or
// request) v is the caller's.
func (c *checker) fromCaller(v ssa.Value) bool { return c.e.FromCallerOnly(c.fn, v) }

func (c *checker) call(call *ast.CallExpr, sc *ssa.Call, stack []ast.Node) {
	m := c.m
	c.instr = sc
	args := sc.Common().Args
	// 1. context.WithTimeout/WithDeadline(+Cause) on the caller's context.
	if f := ctxmodel.CtxFuncOf(sc); f.IsBound() && len(args) >= 2 {
		bc, ok := ctxmodel.AsBoundCall(m.Info, call)
		if !ok {
			return
		}
		if ctxmodel.ReturnsContext(c.fn.Signature) {
			c.factory(bc, sc, stack)
			return
		}
		v := c.e.BoundDuration(sc)
		if !fixedPositive(v) || m.StoredCancel(stack) {
			return
		}
		top := ctxmodel.TopDecl(stack)
		if top == nil || !c.fromCaller(args[0]) || !c.e.CallerBudget(c.fn, args[0]) || !c.passedOn(bc.Call, stack, top) ||
			c.e.BoundsSharedFillOnly(sc) || !c.inScope(stack) {
			return
		}
		c.report(bc.Bound, v, "context."+f.String(), adviceBound, stack, m.GuardFix(bc, stack))
		return
	}
	// 2. A fixed per-request timeout option passed to a call that does
	// the caller's work.
	if fn, dur, ok := c.e.TimeoutOptionCall(sc.Common()); ok {
		j := 0
		for i, a := range args {
			if a == dur {
				j = i
			}
		}
		v := c.e.Local(c.fn, c.e.ArgOrigin(c.e.Value(c.fn, dur), sc.Common(), j))
		if !fixedPositive(v) || len(stack) < 2 {
			return
		}
		outer := c.receivingCall(call, stack)
		if outer == nil || !c.callerWork(outer) || !c.inScope(stack) {
			return
		}
		c.report(call.Args[ctxmodel.SyntaxArg(sc.Common(), j)], v, "per-request option "+funcLabel(fn), adviceOption, stack, nil)
		return
	}
	// 3. A timer whose expiry fails the call: a select waiting for the
	// work with case <-time.After(fixed): return ErrTimeout (or a timer
	// started or reset with the fixed duration, its C received).
	if what, dur, ok := ctxmodel.TimerStart(sc); ok {
		j := len(args) - 1
		v := c.e.Local(c.fn, c.e.ArgOrigin(c.e.Value(c.fn, dur), sc.Common(), j))
		if !fixedPositive(v) || !c.e.TimerFails(c.fn, sc) {
			return
		}
		receives := ctxmodel.InCallerContext(m.Info, stack) && c.e.ReceivesBudget(c.fn)
		for _, fn := range ctxmodel.EnclosingFuncs(stack) {
			receives = receives || ctxmodel.OptionsCarryContext(ctxmodel.Signature(m.Info, fn))
		}
		if !c.scoped(stack, receives) {
			return
		}
		c.report(call, v, what, adviceTimer, stack, nil)
		return
	}
	// 4. conn.SetDeadline(time.Now().Add(fixed)) in a caller's function.
	if method, dl := ctxmodel.ConnDeadlineCall(m.Info, call); dl != nil && len(args) > 0 {
		v := c.e.Local(c.fn, c.e.Deadline(c.fn, args[len(args)-1]))
		if !fixedPositive(v) || !c.e.ReceivesBudget(c.fn) || !c.inScope(stack) {
			return
		}
		c.report(dl, v, "conn."+method, adviceConn, stack, nil)
	}
}

// factory reports a bound in a function that returns the bounded context
// (a context factory): not a hazard by itself, the caller decides; but
// the package's own callers that pass their caller's context in and send
// on the result are capped by it. Reported once, at the bound, naming
// them.
func (c *checker) factory(bc ctxmodel.BoundCall, sc *ssa.Call, stack []ast.Node) {
	m := c.m
	if c.e.Detached(c.fn) || m.InStream(stack) || m.InPollLoop(stack) || c.e.Guarded(c.fn, sc) || m.KeptCancel(stack) {
		return
	}
	var uses []ctxmodel.FactoryUse
	for _, u := range c.e.FactoryUses(sc) {
		if fixedPositive(u.Dur) && c.userInScope(u) {
			uses = append(uses, u)
		}
	}
	if len(uses) == 0 {
		return
	}
	first := uses[0]
	verb, callers := c.callerClause(first.User, first.Dur.NS, "their")
	users, which := ctxmodel.LocalName(first.User), "which sends on it with its caller's context"
	if len(uses) > 1 {
		users += fmt.Sprintf(" and %d more", len(uses)-1)
		which = "which send on it with their caller's context"
	}
	through := ""
	if len(first.Via) > 1 {
		through = " through " + ctxmodel.FactoryChain(first.Via[1:])
	}
	f := ctxmodel.CtxFuncOf(sc)
	msg := fmt.Sprintf("caller's deadline %s %s via context.%s in %s, whose context is returned%s to %s, %s%s: %s",
		verb, first.Dur.Cap(), f.String(), ctxmodel.FuncName(stack), through, users, which, callers, adviceBound)
	c.pass.Report(analysis.Diagnostic{Pos: bc.Bound.Pos(), End: bc.Bound.End(), Message: msg})
}

// userInScope reports whether a factory's user is this check's business,
// as inScope does for a bound of the function's own: not an entry point
// or HTTP server handler, not middleware, not detached, and failing its
// caller when the bound expires.
func (c *checker) userInScope(u ctxmodel.FactoryUse) bool {
	fn := u.User
	for f := fn; f != nil; f = f.Parent() {
		if syn := f.Syntax(); syn != nil {
			if ctxmodel.IsEntryPoint(c.m.Info, c.m.Types, syn) || ctxmodel.IsHTTPHandler(f.Signature) {
				return false
			}
		}
	}
	return c.e.Middleware(fn) == "" && !c.e.Detached(fn) && !c.e.TestOnly(fn) && ctxmodel.ReportsFailure(fn) && !c.e.ExpiryExpected(fn)
}

// callerWork reports whether the call does the caller's work: it passes a
// context or request that comes from the caller.
func (c *checker) callerWork(call *ast.CallExpr) bool {
	sc := c.calls[call.Lparen]
	if sc == nil || ctxmodel.CtxFuncOf(sc) != ctxmodel.NotCtxFunc {
		return false
	}
	for _, a := range sc.Common().Args {
		if (ctxmodel.IsContext(a.Type()) || ctxmodel.IsHTTPRequest(a.Type())) && c.fromCaller(a) {
			return true
		}
	}
	return false
}

// passedOn reports whether the bounded context is handed to other code
// (the work it bounds): the bound call is itself an argument, or the
// variable it is assigned to is an argument of a call (other than a
// context package function) somewhere in the declaration. A bound that is
// only waited on locally (<-ctx.Done()) is not an outbound path.
func (c *checker) passedOn(call *ast.CallExpr, stack []ast.Node, top ast.Node) bool {
	if len(stack) < 2 {
		return false
	}
	var obj types.Object
	switch p := stack[len(stack)-2].(type) {
	case *ast.CallExpr:
		return slices.Contains(p.Args, ast.Expr(call))
	case *ast.AssignStmt:
		if len(p.Lhs) > 0 && len(p.Rhs) == 1 {
			if id, ok := p.Lhs[0].(*ast.Ident); ok {
				obj = c.m.Info.ObjectOf(id)
			}
		}
	case *ast.ValueSpec:
		if len(p.Names) > 0 && len(p.Values) == 1 {
			obj = c.m.Info.ObjectOf(p.Names[0])
		}
	}
	if obj == nil {
		return false
	}
	found := false
	ast.Inspect(top, func(n ast.Node) bool {
		cl, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		if ctxmodel.ContextCall(c.m.Info, cl) != ctxmodel.NotCtxFunc {
			return true
		}
		for _, a := range cl.Args {
			if id, ok := ast.Unparen(a).(*ast.Ident); ok && c.m.Info.ObjectOf(id) == obj {
				found = true
			}
		}
		return !found
	})
	return found
}

// receivingCall returns the call an option value is passed to: directly
// as an argument, or as an element of append(opts, opt) or of a slice
// literal []Option{opt} that is itself passed (opts...). Nil otherwise.
func (c *checker) receivingCall(opt *ast.CallExpr, stack []ast.Node) *ast.CallExpr {
	var e ast.Expr = opt
	for i := len(stack) - 2; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.ParenExpr:
			e = p
			continue
		case *ast.CompositeLit:
			e = p
			continue
		case *ast.CallExpr:
			if !slices.Contains(p.Args, e) {
				return nil
			}
			if id, ok := ast.Unparen(p.Fun).(*ast.Ident); ok {
				if b, ok := c.m.Info.Uses[id].(*types.Builtin); ok && b.Name() == "append" {
					e = p
					continue
				}
			}
			return p
		}
		return nil
	}
	return nil
}

func funcLabel(fn *types.Func) string {
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() == nil && fn.Pkg() != nil {
		return fn.Pkg().Name() + "." + fn.Name()
	}
	return fn.Name()
}

// lit reports http.Client{Timeout: fixed} / net.Dialer{Timeout: fixed}
// built in a caller's function and used there for outbound work.
func (c *checker) lit(lit *ast.CompositeLit, stack []ast.Node, fnOf map[token.Pos]*ssa.Function) {
	m := c.m
	what, val := ctxmodel.ClientTimeoutField(m.Info, lit)
	if val == nil {
		return
	}
	var kv *ast.KeyValueExpr
	for _, elt := range lit.Elts {
		if x, ok := elt.(*ast.KeyValueExpr); ok && x.Value == val {
			kv = x
		}
	}
	st := c.store[kv.Colon]
	if st == nil || c.e.TestOnly(fnOf[kv.Colon]) {
		return
	}
	c.fn, c.instr = fnOf[kv.Colon], st
	v := c.e.Local(c.fn, c.e.StoreOrigin(c.e.Value(c.fn, st.Val), st.Pos()))
	if c.usedForOutbound(lit, stack) {
		if fixedPositive(v) && c.inScope(stack) {
			c.report(val, v, what, adviceClient, stack, nil)
		}
		return
	}
	// Built by a constructor and kept in a field: its timeout bounds
	// every request that the type's methods send through it for their
	// callers, whatever deadline they set. The constructor's own options
	// configure it (a default they override is the client's default).
	fa, ok := st.Addr.(*ssa.FieldAddr)
	if !ok {
		return
	}
	if v.Kind == ctxmodel.User && v.Known {
		v.Kind = ctxmodel.Config
		v.Origin = types.ExprString(val)
		if sel, ok := ast.Unparen(val).(*ast.SelectorExpr); ok {
			if d, ok := c.e.DefaultOf(c.pass.TypesInfo.TypeOf(sel.X), sel.Sel.Name); ok && d.NS == v.NS {
				v.Pos = d.Pos // where the default is set
			}
		}
	}
	if !fixedPositive(v) {
		return
	}
	field, users := c.e.ClientUsers(fa.X)
	if len(users) == 0 || c.e.Detached(c.fn) {
		return
	}
	names := make([]string, 0, len(users))
	for _, u := range users {
		name := u.Name()
		if recv := u.Signature.Recv(); recv != nil {
			name = "(" + types.TypeString(recv.Type(), types.RelativeTo(c.pass.Pkg)) + ")." + name
		}
		names = append(names, name)
	}
	slices.Sort(names)
	via := fmt.Sprintf("%s of the client in field %s, used by %s", what, field, names[0])
	if len(names) > 1 {
		via += fmt.Sprintf(" and %d more", len(names)-1)
	}
	c.report(val, v, via, adviceClient, stack, nil)
}

// usedForOutbound reports whether the literal (or &literal) is the
// receiver of an outbound call directly, or is bound to a local variable
// that is the receiver of an outbound call in the same declaration.
func (c *checker) usedForOutbound(lit *ast.CompositeLit, stack []ast.Node) bool {
	i := len(stack) - 2
	var holder ast.Expr = lit
	for i >= 0 {
		switch p := stack[i].(type) {
		case *ast.ParenExpr:
			holder = p
			i--
			continue
		case *ast.UnaryExpr:
			if p.Op == token.AND {
				holder = p
				i--
				continue
			}
		}
		break
	}
	if i < 0 {
		return false
	}
	var obj types.Object
	switch p := stack[i].(type) {
	case *ast.SelectorExpr:
		if p.X == holder && i > 0 {
			if call, ok := stack[i-1].(*ast.CallExpr); ok && call.Fun == p {
				return ctxmodel.OutboundKind(c.m.Info, call) != ""
			}
		}
		return false
	case *ast.AssignStmt:
		for j, r := range p.Rhs {
			if r == holder && j < len(p.Lhs) && len(p.Lhs) == len(p.Rhs) {
				if id, ok := p.Lhs[j].(*ast.Ident); ok {
					obj = c.m.Info.ObjectOf(id)
				}
			}
		}
	case *ast.ValueSpec:
		for j, r := range p.Values {
			if r == holder && j < len(p.Names) {
				obj = c.m.Info.ObjectOf(p.Names[j])
			}
		}
	}
	if obj == nil {
		return false
	}
	top := ctxmodel.TopDecl(stack)
	if top == nil {
		return false
	}
	found := false
	ast.Inspect(top, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && c.m.Info.ObjectOf(id) == obj && ctxmodel.OutboundKind(c.m.Info, call) != "" {
				found = true
			}
		}
		return !found
	})
	return found
}
