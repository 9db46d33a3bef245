package ctxmodel

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// IsTestFile reports whether file is a _test.go file.
func IsTestFile(fset *token.FileSet, file *ast.File) bool {
	return strings.HasSuffix(fset.Position(file.Pos()).Filename, "_test.go")
}

// IsExemptFile reports whether no check should report in file: test
// files and generated files (ast.IsGenerated).
func IsExemptFile(fset *token.FileSet, file *ast.File) bool {
	return IsTestFile(fset, file) || ast.IsGenerated(file)
}

// IsEntryPoint reports whether fn (a *ast.FuncDecl or *ast.FuncLit) is a
// program or CLI entry point whose contexts are roots: main in package
// main, init, cobra-style commands (func(*cobra.Command, []string) for
// Run/RunE/PreRunE...), urfave/cli actions (func(*cli.Context) error),
// and testing.TB-taking functions.
func IsEntryPoint(info *types.Info, pkg *types.Package, fn ast.Node) bool {
	if d, ok := fn.(*ast.FuncDecl); ok && d.Recv == nil {
		if d.Name.Name == "init" || d.Name.Name == "main" && pkg != nil && pkg.Name() == "main" {
			return true
		}
	}
	sig := Signature(info, fn)
	if sig == nil {
		return false
	}
	params := sig.Params()
	for i := 0; i < params.Len(); i++ {
		path, name := NamedOf(params.At(i).Type())
		switch {
		case name == "Command" && strings.HasSuffix(path, "spf13/cobra"):
			return true
		case name == "Context" && strings.Contains(path, "urfave/cli"):
			return true
		case path == "testing" && (name == "T" || name == "B" || name == "F" || name == "TB"):
			return true
		}
	}
	return false
}

// IsHTTPHandler reports whether the signature is an HTTP server handler's
// (an http.ResponseWriter and a *http.Request parameter, like
// http.HandlerFunc and ServeHTTP). Plain HTTP carries no caller deadline:
// a handler setting a budget on r.Context() sets the first one.
func IsHTTPHandler(sig *types.Signature) bool {
	if sig == nil {
		return false
	}
	w, r := false, false
	for i := 0; i < sig.Params().Len(); i++ {
		t := sig.Params().At(i).Type()
		w = w || IsNamed(t, "net/http", "ResponseWriter")
		r = r || IsHTTPRequest(t)
	}
	return w && r
}

// ReturnsContext reports whether the function hands a context back to
// its caller (a context.Context result): the caller decides what to do
// with the bound, so the function itself is not a hazard.
func ReturnsContext(sig *types.Signature) bool {
	if sig == nil {
		return false
	}
	for i := 0; i < sig.Results().Len(); i++ {
		if IsContext(sig.Results().At(i).Type()) {
			return true
		}
	}
	return false
}

// Detached reports whether the node at the end of stack runs detached
// from the request path: inside a function literal run by a defer or go
// statement, or registered with t.Cleanup / (*testing.common).Cleanup or
// any Cleanup(func()) method, or context.AfterFunc.
func (m *Package) Detached(stack []ast.Node) bool {
	for i := len(stack) - 1; i > 0; i-- {
		lit, ok := stack[i].(*ast.FuncLit)
		if !ok {
			continue
		}
		switch p := stack[i-1].(type) {
		case *ast.CallExpr:
			if p.Fun == lit {
				if i >= 2 {
					switch stack[i-2].(type) {
					case *ast.DeferStmt, *ast.GoStmt:
						return true
					}
				}
				continue
			}
			if sel, ok := ast.Unparen(p.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Cleanup" {
				return true
			}
			if ContextCall(m.Info, p) == AfterFunc {
				return true
			}
		}
	}
	return false
}

// StoredCancel reports whether the results of the bound call at the end
// of stack are stored in a struct field or a package-level variable (a
// context with a lifetime of its own, e.g. s.ctx, s.cancel =
// context.WithTimeout(ctx, d)), or its cancel func is later stored in a
// field, a composite literal or returned, rather than bounding the
// current call.
func (m *Package) StoredCancel(stack []ast.Node) bool {
	if len(stack) < 2 {
		return false
	}
	as, ok := stack[len(stack)-2].(*ast.AssignStmt)
	if !ok {
		return false
	}
	for _, l := range as.Lhs {
		if m.isStorage(l) {
			return true
		}
	}
	// ctx, cancel := ...; s.cancel = cancel (or &T{cancel: cancel},
	// return cancel): the cancel func is kept beyond this call.
	if len(as.Lhs) != 2 {
		return false
	}
	id, ok := ast.Unparen(as.Lhs[1]).(*ast.Ident)
	if !ok || id.Name == "_" {
		return false
	}
	cancel := m.Info.ObjectOf(id)
	top := TopDecl(stack)
	if cancel == nil || top == nil {
		return false
	}
	isCancel := func(e ast.Expr) bool {
		x, ok := ast.Unparen(e).(*ast.Ident)
		return ok && m.Info.Uses[x] == cancel
	}
	stored := false
	ast.Inspect(top, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, r := range n.Rhs {
					if isCancel(r) && m.isStorage(n.Lhs[i]) {
						stored = true
					}
				}
			}
		case *ast.KeyValueExpr:
			stored = stored || isCancel(n.Value)
		case *ast.CompositeLit:
			for _, e := range n.Elts {
				stored = stored || isCancel(e)
			}
		case *ast.ReturnStmt:
			for _, r := range n.Results {
				stored = stored || isCancel(r)
			}
		}
		return !stored
	})
	return stored
}

// isStorage reports whether an lvalue outlives the current call: a field,
// an element, a pointee or a package-level variable.
func (m *Package) isStorage(l ast.Expr) bool {
	switch x := ast.Unparen(l).(type) {
	case *ast.SelectorExpr, *ast.IndexExpr, *ast.StarExpr:
		return true
	case *ast.Ident:
		return m.isPkgLevel(m.Info.ObjectOf(x))
	}
	return false
}

// IsStreamType reports whether t is a stream: a type (or pointer to one)
// whose method set has RecvMsg/SendMsg (gRPC streams) or Receive/Send or
// Recv/Send (connect, generated stream clients), or whose name contains
// "Stream".
func IsStreamType(t types.Type) bool {
	if t == nil {
		return false
	}
	_, name := NamedOf(t)
	if strings.Contains(name, "Stream") {
		return true
	}
	ms := types.NewMethodSet(t)
	if _, ok := types.Unalias(t).(*types.Pointer); !ok {
		if _, isIface := t.Underlying().(*types.Interface); !isIface {
			ms = types.NewMethodSet(types.NewPointer(t))
		}
	}
	has := func(n string) bool {
		for i := 0; i < ms.Len(); i++ {
			if ms.At(i).Obj().Name() == n {
				return true
			}
		}
		return false
	}
	return has("RecvMsg") && has("SendMsg") || has("Send") && (has("Receive") || has("Recv"))
}

// InStream reports whether any function on stack takes a stream
// parameter (see IsStreamType): budgets inside a stream handler bound one
// message or one poll, not the caller's request.
func (m *Package) InStream(stack []ast.Node) bool {
	for _, fn := range EnclosingFuncs(stack) {
		sig := Signature(m.Info, fn)
		if sig == nil {
			continue
		}
		for i := 0; i < sig.Params().Len(); i++ {
			if IsStreamType(sig.Params().At(i).Type()) {
				return true
			}
		}
	}
	return false
}

// InPollLoop reports whether the node at the end of stack is inside a
// loop of the innermost function that runs until stopped: for {} or a
// loop whose condition checks a context (ctx.Err() == nil). A fixed bound
// there is a per-poll or keepalive interval, not the caller's budget.
func (m *Package) InPollLoop(stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return false
		case *ast.ForStmt:
			if n.Cond == nil {
				return true
			}
			poll := false
			ast.Inspect(n.Cond, func(x ast.Node) bool {
				if c, ok := x.(*ast.CallExpr); ok && (IsContextMethodCall(m.Info, c, "Err") || IsContextMethodCall(m.Info, c, "Done")) {
					poll = true
				}
				return !poll
			})
			if poll {
				return true
			}
		}
	}
	return false
}
