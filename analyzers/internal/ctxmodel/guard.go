package ctxmodel

import (
	"go/ast"
	"go/token"
	"go/types"
)

// MentionsDeadline reports whether n calls X.Deadline() or uses a
// variable assigned from one (the dl or ok result).
func (m *Package) MentionsDeadline(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		if found {
			return false
		}
		switch x := x.(type) {
		case *ast.CallExpr:
			if IsDeadlineCall(m.Info, x) {
				found = true
			}
		case *ast.Ident:
			if obj := m.Info.Uses[x]; obj != nil && m.deadlineVars[obj] {
				found = true
			}
		}
		return !found
	})
	return found
}

// Guarded reports whether the node at the end of stack (a path from the
// file down, as inspector.WithStack gives) runs under a decision on the
// caller's deadline:
//   - inside either branch of an if (or a case of a switch) whose
//     init/condition reads ctx.Deadline() or its results:
//     if _, ok := ctx.Deadline(); !ok { ... }
//     if dl, ok := ctx.Deadline(); ok { ... time.Until(dl) ... } else { ... }
//     if !ok || time.Until(dl) > d { ... }
//   - after such an if whose body ends the function or loop iteration
//     (early return when the caller set a deadline):
//     if _, ok := ctx.Deadline(); ok { return call(ctx) }
//
// The enclosing closures are crossed: a closure defined in a guarded
// branch is guarded.
func (m *Package) Guarded(stack []ast.Node) bool {
	for i := len(stack) - 2; i >= 0; i-- {
		child := stack[i+1]
		switch p := stack[i].(type) {
		case *ast.IfStmt:
			if (child == p.Body || child == p.Else) && (m.MentionsDeadline(p.Cond) || p.Init != nil && m.MentionsDeadline(p.Init)) {
				return true
			}
		case *ast.CaseClause:
			if i > 0 {
				if sw, ok := stack[i-1].(*ast.BlockStmt); ok && i > 1 {
					if s, ok := stack[i-2].(*ast.SwitchStmt); ok && sw == s.Body {
						if s.Tag != nil && m.MentionsDeadline(s.Tag) || s.Init != nil && m.MentionsDeadline(s.Init) {
							return true
						}
					}
				}
			}
			for _, e := range p.List {
				if m.MentionsDeadline(e) {
					return true
				}
			}
			if m.precededByGuard(p.Body, child) {
				return true
			}
		case *ast.BlockStmt:
			if m.precededByGuard(p.List, child) {
				return true
			}
		case *ast.CommClause:
			if m.precededByGuard(p.Body, child) {
				return true
			}
		}
	}
	return false
}

func (m *Package) precededByGuard(list []ast.Stmt, child ast.Node) bool {
	for _, s := range list {
		if s == child {
			return false
		}
		is, ok := s.(*ast.IfStmt)
		if !ok || !(m.MentionsDeadline(is.Cond) || is.Init != nil && m.MentionsDeadline(is.Init)) {
			continue
		}
		if terminates(is.Body) {
			return true
		}
	}
	return false
}

func terminates(b *ast.BlockStmt) bool {
	if b == nil || len(b.List) == 0 {
		return false
	}
	switch s := b.List[len(b.List)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok == token.CONTINUE || s.Tok == token.BREAK || s.Tok == token.GOTO
	case *ast.ExprStmt:
		if c, ok := s.X.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "panic" {
				return true
			}
		}
	}
	return false
}

// ReadsDeadline reports whether the function body (closures included)
// reads a context's deadline anywhere. Coarser than Guarded: use it when
// the question is whether the code is aware of the caller's budget.
func (m *Package) ReadsDeadline(body ast.Node) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && IsDeadlineCall(m.Info, c) {
			found = true
		}
		return !found
	})
	return found
}

var _ = types.Typ
