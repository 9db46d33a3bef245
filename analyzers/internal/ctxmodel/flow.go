package ctxmodel

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// FieldName returns the name of field i of the struct t (or of the struct
// t points to), or "?".
func FieldName(t types.Type, i int) string {
	t = types.Unalias(t)
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if s, ok := t.Underlying().(*types.Struct); ok && i >= 0 && i < s.NumFields() {
		return s.Field(i).Name()
	}
	return "?"
}

// IsSSADeadlineCall reports whether call is X.Deadline() returning
// (time.Time, bool): a context's deadline, or any type's method so named.
func IsSSADeadlineCall(call *ssa.Call) bool { return isSSADeadlineCall(call) }

func isSSADeadlineCall(call *ssa.Call) bool {
	cc := call.Common()
	var name string
	var sig *types.Signature
	if cc.IsInvoke() {
		name, sig = cc.Method.Name(), cc.Method.Type().(*types.Signature)
	} else if f := cc.StaticCallee(); f != nil {
		name, sig = f.Name(), f.Signature
	}
	return name == "Deadline" && sig != nil && sig.Results().Len() == 2 && IsTime(sig.Results().At(0).Type())
}

// TopDecl returns the outermost declaration on stack: the *ast.FuncDecl,
// or the *ast.GenDecl of a package-level function literal; nil when stack
// holds neither.
func TopDecl(stack []ast.Node) ast.Node {
	for _, n := range stack {
		switch n.(type) {
		case *ast.FuncDecl, *ast.GenDecl:
			return n
		}
	}
	return nil
}
