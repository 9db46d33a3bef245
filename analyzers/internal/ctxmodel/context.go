package ctxmodel

import (
	"go/ast"
	"go/types"
)

// CtxFunc identifies a function of package context.
type CtxFunc int

// The context functions the model knows.
const (
	NotCtxFunc CtxFunc = iota
	Background
	TODO
	WithCancel
	WithCancelCause
	WithTimeout
	WithTimeoutCause
	WithDeadline
	WithDeadlineCause
	WithoutCancel
	WithValue
	AfterFunc
)

var ctxFuncNames = map[string]CtxFunc{
	"Background":        Background,
	"TODO":              TODO,
	"WithCancel":        WithCancel,
	"WithCancelCause":   WithCancelCause,
	"WithTimeout":       WithTimeout,
	"WithTimeoutCause":  WithTimeoutCause,
	"WithDeadline":      WithDeadline,
	"WithDeadlineCause": WithDeadlineCause,
	"WithoutCancel":     WithoutCancel,
	"WithValue":         WithValue,
	"AfterFunc":         AfterFunc,
}

// String returns the function's name in package context.
func (f CtxFunc) String() string {
	for n, k := range ctxFuncNames {
		if k == f {
			return n
		}
	}
	return "not a context function"
}

// IsRoot reports whether the function returns a context that does not
// carry the caller's deadline (Background, TODO, WithoutCancel).
func (f CtxFunc) IsRoot() bool { return f == Background || f == TODO || f == WithoutCancel }

// IsBound reports whether the function bounds a context by a timeout or a
// deadline (WithTimeout, WithDeadline and their Cause variants).
func (f CtxFunc) IsBound() bool {
	return f == WithTimeout || f == WithTimeoutCause || f == WithDeadline || f == WithDeadlineCause
}

// KeepsValues reports whether the function returns a context derived from
// its first argument that carries that context's values: every one but
// the roots Background and TODO (WithoutCancel keeps the values) and
// AfterFunc (which returns no context).
func (f CtxFunc) KeepsValues() bool {
	return f != NotCtxFunc && f != Background && f != TODO && f != AfterFunc
}

// IsTimeout reports whether the bound is a duration (WithTimeout*), as
// opposed to an absolute deadline (WithDeadline*).
func (f CtxFunc) IsTimeout() bool { return f == WithTimeout || f == WithTimeoutCause }

// ContextCall reports which context package function call calls (matched
// by package path and name), or NotCtxFunc.
func ContextCall(info *types.Info, call *ast.CallExpr) CtxFunc {
	fn := Callee(info, call)
	if !IsPkgFunc(fn, "context") {
		return NotCtxFunc
	}
	return ctxFuncNames[fn.Name()]
}

// BoundCall describes a WithTimeout/WithDeadline(+Cause) call.
type BoundCall struct {
	Call   *ast.CallExpr
	Func   CtxFunc
	Parent ast.Expr // the parent context argument
	Bound  ast.Expr // the duration (WithTimeout*) or deadline (WithDeadline*) argument
}

// AsBoundCall returns the BoundCall for call, or ok=false when call is not
// one of context.WithTimeout, WithTimeoutCause, WithDeadline,
// WithDeadlineCause.
func AsBoundCall(info *types.Info, call *ast.CallExpr) (BoundCall, bool) {
	f := ContextCall(info, call)
	if !f.IsBound() || len(call.Args) < 2 {
		return BoundCall{}, false
	}
	return BoundCall{Call: call, Func: f, Parent: call.Args[0], Bound: call.Args[1]}, true
}

// IsDeadlineCall reports whether call is X.Deadline() with the signature
// of context.Context.Deadline: func() (time.Time, bool). It matches
// context.Context values and any type implementing the method.
func IsDeadlineCall(info *types.Info, call *ast.CallExpr) bool {
	if call == nil || len(call.Args) != 0 {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Deadline" {
		return false
	}
	fn := Callee(info, call)
	if fn == nil {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || sig.Params().Len() != 0 || sig.Results().Len() != 2 {
		return false
	}
	return IsTime(sig.Results().At(0).Type()) &&
		types.Identical(sig.Results().At(1).Type(), types.Typ[types.Bool])
}

// IsContextMethodCall reports whether call is X.name() on a value whose
// static type is context.Context (Done, Err, Deadline, Value).
func IsContextMethodCall(info *types.Info, call *ast.CallExpr, name string) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return false
	}
	return IsContext(TypeOf(info, sel.X))
}
