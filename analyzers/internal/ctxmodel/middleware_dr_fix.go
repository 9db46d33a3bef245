package ctxmodel

import (
	"bytes"
	"go/ast"
	"go/printer"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// GuardFixMessage is the title of the fix GuardFix builds.
const GuardFixMessage = "Apply the timeout only when the caller set no deadline"

// GuardFix returns the suggested fix that applies a bound only when the
// caller set no deadline, rewriting
//
//	ctx, cancel := context.WithTimeout(parent, d)
//
// into
//
//	ctx, cancel := parent, context.CancelFunc(func() {})
//	if _, ok := parent.Deadline(); !ok {
//		ctx, cancel = context.WithTimeout(parent, d)
//	}
//
// (just "cancel := context.CancelFunc(func() {})" first when ctx is parent
// and only cancel is new)
// so a following defer cancel() still type-checks (a parent that is not a
// plain variable, such as r.Context(), is read once into ctx). stack is the path from
// the file down to bc.Call (inspector.WithStack order). The fix is offered
// only for a two-variable assignment (:= or =) whose single right-hand
// side is the call, directly in a statement list, with the callee
// qualified by the context package name, and when the arguments do not
// mention a variable named ok; otherwise nil.
func (m *Package) GuardFix(bc BoundCall, stack []ast.Node) []analysis.SuggestedFix {
	if len(stack) < 3 || stack[len(stack)-1] != ast.Node(bc.Call) {
		return nil
	}
	as, ok := stack[len(stack)-2].(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 || ast.Unparen(as.Rhs[0]) != bc.Call {
		return nil
	}
	switch stack[len(stack)-3].(type) {
	case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
	default:
		return nil
	}
	sel, ok := ast.Unparen(bc.Call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	pkgID, ok := sel.X.(*ast.Ident)
	if !ok {
		return nil
	}
	if _, isPkg := m.Info.Uses[pkgID].(*types.PkgName); !isPkg {
		return nil
	}
	var names [2]string
	for i, l := range as.Lhs {
		id, ok := l.(*ast.Ident)
		if !ok || id.Name == "_" {
			return nil
		}
		names[i] = id.Name
	}
	for _, a := range bc.Call.Args {
		if mentionsIdent(a, "ok") {
			return nil
		}
	}
	print := func(n ast.Node) (string, bool) {
		var b bytes.Buffer
		if err := printer.Fprint(&b, m.Fset, n); err != nil {
			return "", false
		}
		return b.String(), true
	}
	parent, ok1 := print(bc.Parent)
	call, ok2 := print(bc.Call)
	if !ok1 || !ok2 {
		return nil
	}
	// The guard reads the parent's deadline. A parent that is not a plain
	// variable (r.Context()) is evaluated once: the guard and the call use
	// names[0], which holds it.
	guarded := parent
	if _, isIdent := ast.Unparen(bc.Parent).(*ast.Ident); !isIdent {
		guarded = names[0]
		fun, ok := print(bc.Call.Fun)
		if !ok {
			return nil
		}
		args := []string{names[0]}
		for _, a := range bc.Call.Args[1:] {
			s, ok := print(a)
			if !ok {
				return nil
			}
			args = append(args, s)
		}
		call = fun + "(" + strings.Join(args, ", ") + ")"
	}
	noop := pkgID.Name + ".CancelFunc(func() {})"
	isNew := func(e ast.Expr) bool { return m.Info.Defs[e.(*ast.Ident)] != nil }
	var first string
	switch {
	case as.Tok == token.DEFINE && names[0] == parent && !isNew(as.Lhs[0]) && isNew(as.Lhs[1]):
		first = names[1] + " := " + noop // ctx is reused, cancel is new
	case as.Tok == token.DEFINE:
		first = names[0] + ", " + names[1] + " := " + parent + ", " + noop
	case names[0] == parent:
		first = names[1] + " = " + noop
	default:
		first = names[0] + ", " + names[1] + " = " + parent + ", " + noop
	}
	indent := strings.Repeat("\t", max(m.Fset.Position(as.Pos()).Column-1, 0))
	text := first + "\n" +
		indent + "if _, ok := " + guarded + ".Deadline(); !ok {\n" +
		indent + "\t" + names[0] + ", " + names[1] + " = " + call + "\n" +
		indent + "}"
	return []analysis.SuggestedFix{{
		Message:   GuardFixMessage,
		TextEdits: []analysis.TextEdit{{Pos: as.Pos(), End: as.End(), NewText: []byte(text)}},
	}}
}

// mentionsIdent reports whether n uses an identifier spelled name.
func mentionsIdent(n ast.Node, name string) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		if id, ok := x.(*ast.Ident); ok && id.Name == name {
			found = true
		}
		return !found
	})
	return found
}
