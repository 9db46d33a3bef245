package ctxmodel

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Contexts tracks, within one top-level declaration (and the closures in
// it), which variables hold a context derived from a caller's context:
// context.Context parameters, r.Context() of *http.Request parameters, and
// anything derived from those (WithTimeout, WithValue, metadata
// wrappers, tracer.Start, errgroup.WithContext, r.WithContext...). A value
// rooted at Background, TODO or WithoutCancel is not derived. The
// analysis is flow-insensitive: a variable is derived when any value
// assigned to it is.
type Contexts struct {
	m       *Package
	derived map[types.Object]bool // context.Context and *http.Request variables
}

// Contexts returns the caller-derived contexts of the top-level
// declaration root (a *ast.FuncDecl, or any node enclosing the code of
// interest). Results are memoized per root.
func (m *Package) Contexts(root ast.Node) *Contexts {
	if c := m.ctxsMemo[root]; c != nil {
		return c
	}
	c := &Contexts{m: m, derived: map[types.Object]bool{}}
	m.ctxsMemo[root] = c
	// Seeds: context and request parameters of every function in root.
	ast.Inspect(root, func(n ast.Node) bool {
		var ft *ast.FuncType
		switch f := n.(type) {
		case *ast.FuncDecl:
			ft = f.Type
		case *ast.FuncLit:
			ft = f.Type
		default:
			return true
		}
		if ft.Params != nil {
			for _, fld := range ft.Params.List {
				for _, name := range fld.Names {
					obj := m.Info.Defs[name]
					if obj != nil && (IsContext(obj.Type()) || IsHTTPRequest(obj.Type())) {
						c.derived[obj] = true
					}
				}
			}
		}
		return true
	})
	// Propagate through assignments until nothing changes.
	for changed := true; changed; {
		changed = false
		ast.Inspect(root, func(n ast.Node) bool {
			var lhs, rhs []ast.Expr
			switch s := n.(type) {
			case *ast.AssignStmt:
				lhs, rhs = s.Lhs, s.Rhs
			case *ast.ValueSpec:
				for _, id := range s.Names {
					lhs = append(lhs, id)
				}
				rhs = s.Values
			default:
				return true
			}
			mark := func(l ast.Expr) {
				obj := m.defObj(l)
				if obj != nil && !c.derived[obj] && (IsContext(obj.Type()) || IsHTTPRequest(obj.Type())) {
					c.derived[obj] = true
					changed = true
				}
			}
			switch {
			case len(lhs) == len(rhs):
				for i := range lhs {
					if c.FromCaller(rhs[i]) {
						mark(lhs[i])
					}
				}
			case len(rhs) == 1:
				if call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr); ok && c.derivedCall(call) {
					for _, l := range lhs {
						mark(l)
					}
				}
			}
			return true
		})
	}
	return c
}

// FromCaller reports whether e (a context.Context or *http.Request
// expression) carries the caller's deadline.
func (c *Contexts) FromCaller(e ast.Expr) bool {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.Ident:
		return c.derived[c.m.Info.ObjectOf(x)]
	case *ast.CallExpr:
		return c.derivedCall(x)
	case *ast.SelectorExpr:
		// A request or context stored in a field is not the caller's.
		return false
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return c.FromCaller(x.X)
		}
	}
	return false
}

// derivedCall reports whether a call returns (among its results) a
// context or request derived from the caller's: r.Context() on a caller
// request, or any call with a context/request result that takes a
// caller-derived context or request argument (except WithoutCancel).
func (c *Contexts) derivedCall(call *ast.CallExpr) bool {
	info := c.m.Info
	if f := ContextCall(info, call); f.IsRoot() {
		return false
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Context" && IsHTTPRequest(TypeOf(info, sel.X)) {
		return c.FromCaller(sel.X)
	}
	if !returnsContextOrRequest(TypeOf(info, call)) {
		return false
	}
	args := call.Args
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
			if IsHTTPRequest(TypeOf(info, sel.X)) && (sel.Sel.Name == "WithContext" || sel.Sel.Name == "Clone") {
				// r.WithContext(ctx) carries ctx, not r's context.
				return len(args) == 1 && c.FromCaller(args[0])
			}
			args = append([]ast.Expr{sel.X}, args...)
		}
	}
	for _, a := range args {
		t := TypeOf(info, a)
		if (IsContext(t) || IsHTTPRequest(t)) && c.FromCaller(a) {
			return true
		}
	}
	return false
}

func returnsContextOrRequest(t types.Type) bool {
	if t == nil {
		return false
	}
	if tup, ok := t.(*types.Tuple); ok {
		for i := 0; i < tup.Len(); i++ {
			if IsContext(tup.At(i).Type()) || IsHTTPRequest(tup.At(i).Type()) {
				return true
			}
		}
		return false
	}
	return IsContext(t) || IsHTTPRequest(t)
}

// Derived reports whether obj holds a caller-derived context or request.
func (c *Contexts) Derived(obj types.Object) bool { return c.derived[obj] }

// TopDecl returns the outermost declaration on stack (the root for
// Contexts): the *ast.FuncDecl, or the *ast.GenDecl of a package-level
// function literal; nil when stack holds neither.
func TopDecl(stack []ast.Node) ast.Node {
	for _, n := range stack {
		switch n.(type) {
		case *ast.FuncDecl, *ast.GenDecl:
			return n
		}
	}
	return nil
}
