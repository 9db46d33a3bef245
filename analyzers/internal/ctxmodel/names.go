package ctxmodel

import (
	"go/ast"
	"go/types"
)

func exprString(e ast.Expr) string { return types.ExprString(e) }

// FuncDeclName returns a human name for a declared function: "Handle",
// "(*Server).Handle" for pointer receivers, "Server.Handle" for value
// receivers (generic receivers lose their type parameters).
func FuncDeclName(decl *ast.FuncDecl) string {
	if decl == nil {
		return ""
	}
	if decl.Recv == nil || len(decl.Recv.List) == 0 {
		return decl.Name.Name
	}
	t := decl.Recv.List[0].Type
	ptr := false
	if s, ok := t.(*ast.StarExpr); ok {
		ptr, t = true, s.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	recv := exprString(t)
	if ptr {
		return "(*" + recv + ")." + decl.Name.Name
	}
	return recv + "." + decl.Name.Name
}

// EnclosingFuncs returns the function nodes (*ast.FuncDecl, *ast.FuncLit)
// on stack, innermost first. stack is a path from the file down to a node,
// as given by inspector.WithStack or astutil.PathEnclosingInterval
// (reversed order is accepted: the result is always innermost first).
func EnclosingFuncs(stack []ast.Node) []ast.Node {
	var out []ast.Node
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			out = append(out, stack[i])
		}
	}
	if len(stack) > 0 {
		if _, ok := stack[0].(*ast.File); !ok {
			// Path given innermost first: reverse our reversal.
			for l, r := 0, len(out)-1; l < r; l, r = l+1, r-1 {
				out[l], out[r] = out[r], out[l]
			}
		}
	}
	return out
}

// FuncName names the innermost function on stack for messages, never
// with SSA-style names: "(*Server).Handle" for a declaration,
// "(*Server).Handle (closure)" for a literal inside it, "handler (closure)"
// for a literal initialising a package-level variable handler.
func FuncName(stack []ast.Node) string {
	fns := EnclosingFuncs(stack)
	if len(fns) == 0 {
		return "package initialization"
	}
	if d, ok := fns[len(fns)-1].(*ast.FuncDecl); ok {
		if len(fns) == 1 {
			return FuncDeclName(d)
		}
		return FuncDeclName(d) + " (closure)"
	}
	// Literal outside any declaration: name the variable it initialises.
	for i := len(stack) - 1; i >= 0; i-- {
		if vs, ok := stack[i].(*ast.ValueSpec); ok && len(vs.Names) > 0 {
			return vs.Names[0].Name + " (closure)"
		}
	}
	return "function literal"
}

// Signature returns the signature of a *ast.FuncDecl or *ast.FuncLit, or
// nil when type information is missing.
func Signature(info *types.Info, fn ast.Node) *types.Signature {
	switch f := fn.(type) {
	case *ast.FuncDecl:
		if obj, ok := info.Defs[f.Name].(*types.Func); ok {
			sig, _ := obj.Type().(*types.Signature)
			return sig
		}
	case *ast.FuncLit:
		sig, _ := TypeOf(info, f).(*types.Signature)
		return sig
	}
	return nil
}

// FuncBody returns the body of a *ast.FuncDecl or *ast.FuncLit (nil for
// declarations without body).
func FuncBody(fn ast.Node) *ast.BlockStmt {
	switch f := fn.(type) {
	case *ast.FuncDecl:
		return f.Body
	case *ast.FuncLit:
		return f.Body
	}
	return nil
}

// ReceivesCallerContext reports whether the signature takes a caller's
// context: a context.Context or *http.Request parameter.
func ReceivesCallerContext(sig *types.Signature) bool {
	if sig == nil {
		return false
	}
	for i := 0; i < sig.Params().Len(); i++ {
		t := sig.Params().At(i).Type()
		if IsContext(t) || IsHTTPRequest(t) || EmbedsContext(t) {
			return true
		}
	}
	return false
}

// InCallerContext reports whether the innermost function on stack, or any
// function enclosing it (a closure sees its enclosing function's context),
// received a caller's context (see ReceivesCallerContext).
func InCallerContext(info *types.Info, stack []ast.Node) bool {
	for _, fn := range EnclosingFuncs(stack) {
		if ReceivesCallerContext(Signature(info, fn)) {
			return true
		}
	}
	return false
}

// OptionsCarryContext reports whether a function's variadic options can
// carry its caller's context: each option sets the fields of an options
// struct that holds a context.Context, as a func taking a pointer to it
// or an interface whose method takes one (nats' ObjectOpt, whose
// Context(ctx) option sets objOpts.ctx). Such a function receives its
// caller's context as surely as one with a ctx parameter.
func OptionsCarryContext(sig *types.Signature) bool {
	if sig == nil || !sig.Variadic() || sig.Params().Len() == 0 {
		return false
	}
	sl, ok := sig.Params().At(sig.Params().Len() - 1).Type().Underlying().(*types.Slice)
	if !ok {
		return false
	}
	if _, ok := types.Unalias(sl.Elem()).(*types.Named); !ok {
		return false
	}
	var sigs []*types.Signature
	switch u := sl.Elem().Underlying().(type) {
	case *types.Signature:
		sigs = append(sigs, u)
	case *types.Interface:
		for i := 0; i < u.NumMethods(); i++ {
			sigs = append(sigs, u.Method(i).Signature())
		}
	}
	for _, s := range sigs {
		for i := 0; i < s.Params().Len(); i++ {
			if pointsToContextHolder(s.Params().At(i).Type()) {
				return true
			}
		}
	}
	return false
}

// pointsToContextHolder reports whether t points to a struct with a
// context.Context field.
func pointsToContextHolder(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	st, ok := p.Elem().Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		if IsContext(st.Field(i).Type()) {
			return true
		}
	}
	return false
}
