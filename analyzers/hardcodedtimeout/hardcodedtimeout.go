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

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
)

// Analyzer is the hardcodedtimeout check.
var Analyzer = NewAnalyzer()

// NewAnalyzer returns a fresh hardcodedtimeout analyzer with its own
// flag set. Its only flag, -options, registers extra timeout option
// constructors by full name (comma-separated); the value is parsed into a
// per-run configuration at the start of every run.
func NewAnalyzer() *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     "hardcodedtimeout",
		Doc:      Doc,
		URL:      "https://github.com/ctxtimeout/ctxtimeout#hardcodedtimeout",
		Requires: []*analysis.Analyzer{inspect.Analyzer},
	}
	parseOptions := ctxmodel.RegisterOptionsFlag(&a.Flags)
	a.Run = func(pass *analysis.Pass) (any, error) {
		opts, err := parseOptions()
		if err != nil {
			return nil, err
		}
		return run(pass, opts)
	}
	return a
}

type checker struct {
	pass   *analysis.Pass
	m      *ctxmodel.Package
	exempt map[*ast.File]bool
}

func run(pass *analysis.Pass, opts *ctxmodel.Options) (any, error) {
	if pass.TypesInfo == nil || pass.Pkg == nil {
		return nil, nil
	}
	insp, ok := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	if !ok {
		return nil, nil
	}
	c := &checker{
		pass:   pass,
		m:      ctxmodel.New(pass.Fset, pass.Pkg, pass.TypesInfo, pass.Files, opts),
		exempt: map[*ast.File]bool{},
	}
	testSupport := ctxmodel.IsTestSupportPackage(pass.Fset, pass.Files)
	for _, f := range pass.Files {
		c.exempt[f] = testSupport || ctxmodel.IsExemptFile(pass.Fset, f)
	}
	types := []ast.Node{(*ast.CallExpr)(nil), (*ast.CompositeLit)(nil)}
	insp.WithStack(types, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push || len(stack) == 0 {
			return true
		}
		if f, ok := stack[0].(*ast.File); !ok || c.exempt[f] {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			c.call(n, stack)
		case *ast.CompositeLit:
			c.lit(n, stack)
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
// returns its context to the caller.
func (c *checker) inScope(stack []ast.Node) bool {
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
	if !ctxmodel.InCallerContext(m.Info, stack) ||
		ctxmodel.ReturnsContext(ctxmodel.Signature(m.Info, fns[0])) ||
		m.InMiddleware(stack) || m.Detached(stack) || m.InStream(stack) ||
		m.InPollLoop(stack) || m.Guarded(stack) ||
		ctxmodel.ExpectsExpiry(m.Info, ctxmodel.FuncBody(fns[0])) {
		return false
	}
	return true
}

func fixedPositive(v ctxmodel.Value) bool {
	return v.Kind == ctxmodel.Fixed && v.Known && v.Nanos > 0
}

const (
	adviceBound  = "apply it only when the caller set no deadline (ctx.Deadline()) or let the caller configure it"
	adviceOption = "pass the caller's remaining budget (time.Until of ctx.Deadline()) or let the caller configure it"
	adviceClient = "rely on the caller's context deadline, set it only when the caller set none, or let the caller configure it"
	adviceConn   = "use the caller's deadline (ctx.Deadline()) when set, or let the caller configure it"
)

func (c *checker) report(at ast.Expr, v ctxmodel.Value, via, advice string, stack []ast.Node, fixes []analysis.SuggestedFix) {
	msg := fmt.Sprintf("caller's deadline is capped by fixed %s via %s in %s: %s",
		c.m.Describe(v), via, ctxmodel.FuncName(stack), advice)
	c.pass.Report(analysis.Diagnostic{Pos: at.Pos(), End: at.End(), Message: msg, SuggestedFixes: fixes})
}

func (c *checker) call(call *ast.CallExpr, stack []ast.Node) {
	m := c.m
	// 1. context.WithTimeout/WithDeadline(+Cause) on the caller's context.
	if bc, ok := ctxmodel.AsBoundCall(m.Info, call); ok {
		var v ctxmodel.Value
		if bc.Func.IsTimeout() {
			v = m.Classify(bc.Bound)
		} else {
			v = m.ClassifyDeadline(bc.Bound)
		}
		if !fixedPositive(v) || m.StoredCancel(stack) {
			return
		}
		top := ctxmodel.TopDecl(stack)
		if top == nil || !m.Contexts(top).FromCaller(bc.Parent) || !c.passedOn(bc.Call, stack, top) || !c.inScope(stack) {
			return
		}
		c.report(bc.Bound, v, "context."+bc.Func.String(), adviceBound, stack, m.GuardFix(bc, stack))
		return
	}
	// 2. A fixed per-request timeout option passed to a call that does
	// the caller's work.
	if fn, dur := m.TimeoutOptionCall(call); fn != nil {
		v := m.Classify(dur)
		if !fixedPositive(v) || len(stack) < 2 {
			return
		}
		outer := c.receivingCall(call, stack)
		if outer == nil {
			return
		}
		top := ctxmodel.TopDecl(stack)
		if top == nil || !m.Contexts(top).CallerWork(outer) || !c.inScope(stack) {
			return
		}
		c.report(dur, v, "per-request option "+funcLabel(fn), adviceOption, stack, nil)
		return
	}
	// 3. conn.SetDeadline(time.Now().Add(fixed)) in a caller's function.
	if method, dl := ctxmodel.ConnDeadlineCall(m.Info, call); dl != nil {
		v := m.ClassifyDeadline(dl)
		if !fixedPositive(v) || !c.inScope(stack) {
			return
		}
		c.report(dl, v, "conn."+method, adviceConn, stack, nil)
	}
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
func (c *checker) lit(lit *ast.CompositeLit, stack []ast.Node) {
	m := c.m
	what, val := ctxmodel.ClientTimeoutField(m.Info, lit)
	if val == nil {
		return
	}
	v := m.Classify(val)
	if !fixedPositive(v) || !c.usedForOutbound(lit, stack) || !c.inScope(stack) {
		return
	}
	c.report(val, v, what, adviceClient, stack, nil)
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
