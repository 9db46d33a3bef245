package ctxmodel

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
)

// IsRequestWork reports whether call does work whose outcome the request
// depends on: the callee can fail (one of its results is an error) or it
// is an outbound call (OutboundKind). Calls that return nothing or no
// error (logging, metrics, trace events) are side effects, not the
// request's work: a root context handed to them replaces no budget the
// request relies on.
func IsRequestWork(info *types.Info, call *ast.CallExpr) bool {
	if OutboundKind(info, call) != "" {
		return true
	}
	sig, _ := types.Unalias(TypeOf(info, call.Fun)).(*types.Signature)
	return sig != nil && hasErrorResult(sig)
}

// OpensStream reports whether call returns a stream (IsStreamType): a
// long-lived stream's lifetime is chosen by its owner, not bounded by the
// request that happens to open it.
func OpensStream(info *types.Info, call *ast.CallExpr) bool {
	sig, _ := types.Unalias(TypeOf(info, call.Fun)).(*types.Signature)
	if sig == nil {
		return false
	}
	for i := 0; i < sig.Results().Len(); i++ {
		if IsStreamType(sig.Results().At(i).Type()) {
			return true
		}
	}
	return false
}

// RunnerCallback reports whether the code at the end of stack receives
// its context only from a runner: the innermost function that received a
// caller context is a function literal handed to a call as an argument
// (not called in place), whose only parameter is a context.Context, and
// no function enclosing it received a caller context. Such a literal is
// a task for a scheduler, worker pool or timer; the context it gets is
// the runner's lifecycle context, not a caller's request (a request
// handler literal has a request parameter).
func RunnerCallback(info *types.Info, stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		var fn ast.Node
		switch n := stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			fn = n
		default:
			continue
		}
		sig := Signature(info, fn)
		if !ReceivesCallerContext(sig) {
			continue
		}
		lit, ok := fn.(*ast.FuncLit)
		if !ok || i == 0 || sig.Params().Len() != 1 || !IsContext(sig.Params().At(0).Type()) {
			return false
		}
		parent, ok := stack[i-1].(*ast.CallExpr)
		if !ok || !slices.Contains(parent.Args, ast.Expr(lit)) {
			return false
		}
		return !InCallerContext(info, stack[:i])
	}
	return false
}

// AfterDone reports whether the code at the end of stack runs only once
// the caller's context is done, where work on a fresh root context is
// deliberate cleanup (the caller's context can no longer carry it): in a
// "case <-ctx.Done():" clause of a select, in the body of
// "if ctx.Err() != nil", or in an unexported function all of whose calls
// in this package are in such places.
func (m *Package) AfterDone(stack []ast.Node) bool {
	if m.inDoneBranch(stack) {
		return true
	}
	decl, ok := TopDecl(stack).(*ast.FuncDecl)
	if !ok || decl.Name == nil || ast.IsExported(decl.Name.Name) {
		return false
	}
	fn, _ := m.Info.Defs[decl.Name].(*types.Func)
	if fn == nil {
		return false
	}
	calls := 0
	ok = true
	for _, f := range m.Files {
		inspectWithStack(f, func(n ast.Node, st []ast.Node) bool {
			if !ok {
				return false
			}
			switch n := n.(type) {
			case *ast.CallExpr:
				if Callee(m.Info, n) == fn {
					calls++
					if !m.inDoneBranch(st) {
						ok = false
					}
				}
			case *ast.Ident:
				// A use other than a call (a method value, a func value
				// handed elsewhere) may run at any time.
				if m.Info.Uses[n] == fn && len(st) >= 2 && !isCalledFun(st, n) {
					ok = false
				}
			}
			return true
		})
		if !ok {
			return false
		}
	}
	return calls > 0
}

// isCalledFun reports whether id (at the end of stack) is the function
// part of a call: f(...) or x.f(...).
func isCalledFun(stack []ast.Node, id *ast.Ident) bool {
	var e ast.Node = id
	i := len(stack) - 2
	if sel, ok := stack[i].(*ast.SelectorExpr); ok && sel.Sel == id {
		e = sel
		i--
	}
	if i < 0 {
		return false
	}
	call, ok := stack[i].(*ast.CallExpr)
	return ok && call.Fun == e
}

// inspectWithStack walks n calling f with each node and the path from n
// down to it (inclusive).
func inspectWithStack(n ast.Node, f func(ast.Node, []ast.Node) bool) {
	var stack []ast.Node
	ast.Inspect(n, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		if !f(n, stack) {
			stack = stack[:len(stack)-1]
			return false
		}
		return true
	})
}

// inDoneBranch reports whether the end of stack is inside a select case
// receiving from X.Done() of a context, or the body of an if whose
// condition is X.Err() != nil, within the innermost function.
func (m *Package) inDoneBranch(stack []ast.Node) bool {
	for i := len(stack) - 1; i > 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return false
		case *ast.CommClause:
			if m.receivesDone(n.Comm) {
				return true
			}
		case *ast.BlockStmt:
			if ifs, ok := stack[i-1].(*ast.IfStmt); ok && ifs.Body == n && m.errNotNil(ifs.Cond) {
				return true
			}
		}
	}
	return false
}

// receivesDone matches "<-ctx.Done()" and "v := <-ctx.Done()".
func (m *Package) receivesDone(s ast.Stmt) bool {
	call, ok := ast.Unparen(RecvChan(s)).(*ast.CallExpr)
	return ok && IsContextMethodCall(m.Info, call, "Done")
}

// RecvChan returns the channel a statement receives from ("<-ch",
// "v := <-ch", "v, ok = <-ch": a select case's), or nil.
func RecvChan(s ast.Stmt) ast.Expr {
	var e ast.Expr
	switch s := s.(type) {
	case *ast.ExprStmt:
		e = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			e = s.Rhs[0]
		}
	}
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return u.X
	}
	return nil
}

// errNotNil matches "X.Err() != nil" (either operand order), for a
// context X, possibly joined with && or ||... only as the whole condition
// or the left operand of &&.
func (m *Package) errNotNil(cond ast.Expr) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	if b.Op == token.LAND {
		return m.errNotNil(b.X) || m.errNotNil(b.Y)
	}
	if b.Op != token.NEQ {
		return false
	}
	for _, pair := range [][2]ast.Expr{{b.X, b.Y}, {b.Y, b.X}} {
		call, ok := ast.Unparen(pair[0]).(*ast.CallExpr)
		if ok && IsContextMethodCall(m.Info, call, "Err") && isNil(m.Info, pair[1]) {
			return true
		}
	}
	return false
}

func isNil(info *types.Info, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	_, isNil := info.Uses[id].(*types.Nil)
	return isNil
}

// IsTestSupportFile reports whether f, not a _test.go file, imports
// "testing": test support (fakes, helpers, a test environment shipped
// beside production code, as the temporal SDK's workflow_testsuite.go),
// held to the same rules as _test.go files. The rest of its package is
// analysed: a production package may carry its test environment in one
// file.
func IsTestSupportFile(fset *token.FileSet, f *ast.File) bool {
	if IsTestFile(fset, f) {
		return false
	}
	for _, imp := range f.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err == nil && p == "testing" {
			return true
		}
	}
	return false
}

// IsTestSupportPath reports whether an import path names test support
// by the conventions Go modules use for it: an element "e2e", "testutil",
// "testutils", "testhelper", "testhelpers", "testsupport" or "testing"
// (end-to-end drivers and fault injectors called only from _test.go
// files, which a package's own analysis cannot see).
func IsTestSupportPath(path string) bool {
	for _, el := range strings.Split(path, "/") {
		switch el {
		case "e2e", "testutil", "testutils", "testhelper", "testhelpers", "testsupport", "testing":
			return true
		}
	}
	return false
}

// ExpectsExpiry reports whether body treats an expired deadline as the
// expected outcome: an if statement whose condition refers to
// context.DeadlineExceeded, os.ErrDeadlineExceeded, gRPC's
// codes.DeadlineExceeded or connect's CodeDeadlineExceeded and whose body
// returns without an error (a bare return, or nil for every error
// result). Such a function exercises its own bound (a timeout test
// client), so the bound is its purpose rather than an accidental cap.
// Mapping the expiry to an error (return ErrTimeout) is not this shape.
// The negated form, where only errors other than the expiry return
// (if !errors.Is(err, context.DeadlineExceeded) { return err }) and the
// expiry falls through to the code after the if, is.
func ExpectsExpiry(info *types.Info, body *ast.BlockStmt) bool {
	if body == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		ifs, ok := n.(*ast.IfStmt)
		if !ok || ifs.Body == nil || len(ifs.Body.List) == 0 || !refersToExpiry(info, ifs.Cond) {
			return true
		}
		if negatesExpiry(info, ifs.Cond) {
			// if !errors.Is(err, context.DeadlineExceeded) { return err }:
			// every other error fails, the expiry falls through.
			if ifs.Else == nil {
				found = true
				return false
			}
			return true
		}
		ret, ok := ifs.Body.List[len(ifs.Body.List)-1].(*ast.ReturnStmt)
		if !ok {
			return true
		}
		errType := types.Universe.Lookup("error").Type()
		for _, r := range ret.Results {
			if t := TypeOf(info, r); t != nil && types.Implements(t, errType.Underlying().(*types.Interface)) && !isNil(info, r) {
				return true // returns an error: the expiry is a failure
			}
		}
		found = true
		return false
	})
	return found
}

// refersToExpiry reports whether e mentions a deadline-expired value.
// negatesExpiry reports whether cond holds only when the error is not an
// expiry: !X where X refers to it, or a conjunction with such a term.
func negatesExpiry(info *types.Info, cond ast.Expr) bool {
	switch c := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		return c.Op == token.NOT && refersToExpiry(info, c.X)
	case *ast.BinaryExpr:
		if c.Op == token.LAND {
			return negatesExpiry(info, c.X) || negatesExpiry(info, c.Y)
		}
		if c.Op == token.NEQ {
			return refersToExpiry(info, c.X) || refersToExpiry(info, c.Y)
		}
	}
	return false
}

func refersToExpiry(info *types.Info, e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || found {
			return !found
		}
		obj := info.Uses[id]
		if obj == nil || obj.Pkg() == nil {
			return true
		}
		switch path := obj.Pkg().Path(); {
		case path == "context" && obj.Name() == "DeadlineExceeded",
			path == "os" && obj.Name() == "ErrDeadlineExceeded",
			path == "google.golang.org/grpc/codes" && obj.Name() == "DeadlineExceeded",
			path == "connectrpc.com/connect" && obj.Name() == "CodeDeadlineExceeded":
			found = true
		}
		return true
	})
	return found
}
