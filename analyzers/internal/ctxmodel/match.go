package ctxmodel

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Callee returns the function or method statically named by call.Fun
// (including interface methods and generic instantiations, reported as
// their origin), or nil for calls of function values, conversions and
// builtins. It never panics on missing type information.
func Callee(info *types.Info, call *ast.CallExpr) *types.Func {
	if info == nil || call == nil {
		return nil
	}
	fun := ast.Unparen(call.Fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = f.X
	case *ast.IndexListExpr:
		fun = f.X
	}
	var id *ast.Ident
	switch f := fun.(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	}
	if id == nil {
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

// IsPkgFunc reports whether fn is a package-level function of the package
// with import path pkgPath whose name is one of names.
func IsPkgFunc(fn *types.Func, pkgPath string, names ...string) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != pkgPath {
		return false
	}
	if sig, ok := fn.Type().(*types.Signature); !ok || sig.Recv() != nil {
		return false
	}
	return len(names) == 0 || contains(names, fn.Name())
}

// IsMethodOf reports whether fn is a method named one of names whose
// receiver's named type (pointer or not, or the interface declaring it) is
// pkgPath.typeName.
func IsMethodOf(fn *types.Func, pkgPath, typeName string, names ...string) bool {
	if fn == nil {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	if len(names) > 0 && !contains(names, fn.Name()) {
		return false
	}
	return IsNamed(sig.Recv().Type(), pkgPath, typeName)
}

// IsNamed reports whether t (or the type t points to) is the named type
// pkgPath.name. Aliases are resolved.
func IsNamed(t types.Type, pkgPath, name string) bool {
	pkg, n := NamedOf(t)
	return n == name && pkg == pkgPath
}

// NamedOf returns the package path and name of the named type t, or of
// the named type t points to; empty strings when t is not named.
func NamedOf(t types.Type) (pkgPath, name string) {
	if t == nil {
		return "", ""
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	switch n := t.(type) {
	case *types.Named:
		obj := n.Obj()
		if obj.Pkg() != nil {
			pkgPath = obj.Pkg().Path()
		}
		return pkgPath, obj.Name()
	case *types.Basic:
		return "", n.Name()
	}
	return "", ""
}

// IsContext reports whether t is context.Context.
func IsContext(t types.Type) bool {
	if t == nil {
		return false
	}
	if _, ok := types.Unalias(t).(*types.Pointer); ok {
		return false
	}
	return IsNamed(t, "context", "Context")
}

// CarrierField returns the name of the context.Context field of a
// context carrier: a named struct type (or a pointer to one) that embeds
// a context.Context, and so is a context itself with more beside it (the
// temporal API's proxy.VisitPayloadsContext), or that has exactly one
// field of type context.Context, the context of the operation it
// describes (a storage driver's StorageDriverRetrieveContext{Context:
// ctx, Limiter: l}). "" for any other type.
func CarrierField(t types.Type) string {
	f, _ := carrierField(t)
	return f
}

// EmbedsContext reports whether t is a context carrier that embeds its
// context (and so is a context): a parameter of such a type is a caller's
// context. A struct that only holds one in a field may be configuration
// (WorkerOptions{BackgroundActivityContext: ...}), not a caller's.
func EmbedsContext(t types.Type) bool {
	_, embedded := carrierField(t)
	return embedded
}

// carrierField is CarrierField, and whether the field is embedded.
func carrierField(t types.Type) (string, bool) {
	if t == nil || IsContext(t) {
		return "", false
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	if _, ok := t.(*types.Named); !ok {
		return "", false
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return "", false
	}
	field, n, embedded := "", 0, false
	for i := 0; i < st.NumFields(); i++ {
		if f := st.Field(i); IsContext(f.Type()) {
			field, embedded = f.Name(), f.Embedded()
			n++
		}
	}
	// One exported context field (an *http.Request's unexported ctx is
	// the request's own business, followed through r.Context()).
	if n != 1 || !token.IsExported(field) {
		return "", false
	}
	if !embedded {
		return field, false
	}
	// A type that declares its own Deadline or Done is a context of its
	// own making (a detaching wrapper such as &suppressed{ctx}), not a
	// carrier of the embedded one.
	ms := types.NewMethodSet(types.NewPointer(t))
	for _, name := range []string{"Deadline", "Done"} {
		if sel := ms.Lookup(nil, name); sel != nil && len(sel.Index()) == 1 {
			return "", false
		}
	}
	return field, true
}

// IsDuration reports whether t is time.Duration.
func IsDuration(t types.Type) bool {
	if t == nil {
		return false
	}
	if _, ok := types.Unalias(t).(*types.Pointer); ok {
		return false
	}
	return IsNamed(t, "time", "Duration")
}

// IsTime reports whether t is time.Time.
func IsTime(t types.Type) bool {
	if t == nil {
		return false
	}
	if _, ok := types.Unalias(t).(*types.Pointer); ok {
		return false
	}
	return IsNamed(t, "time", "Time")
}

// IsHTTPRequest reports whether t is *net/http.Request.
func IsHTTPRequest(t types.Type) bool {
	if t == nil {
		return false
	}
	if _, ok := types.Unalias(t).(*types.Pointer); !ok {
		return false
	}
	return IsNamed(t, "net/http", "Request")
}

// TypeOf returns the type of e recorded in info, or nil.
func TypeOf(info *types.Info, e ast.Expr) types.Type {
	if info == nil || e == nil {
		return nil
	}
	if tv, ok := info.Types[e]; ok {
		return tv.Type
	}
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		if obj := info.ObjectOf(id); obj != nil {
			return obj.Type()
		}
	}
	return nil
}

// ObjectOfExpr returns the object an identifier or selector expression
// refers to (the field or package-level object for a selector), or nil.
func ObjectOfExpr(info *types.Info, e ast.Expr) types.Object {
	if info == nil {
		return nil
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return info.ObjectOf(e)
	case *ast.SelectorExpr:
		return info.ObjectOf(e.Sel)
	}
	return nil
}

// RootIdent returns the identifier at the root of a selector, index,
// star or paren chain (cfg in cfg.Retry.Timeout), or nil.
func RootIdent(e ast.Expr) *ast.Ident {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.UnaryExpr:
			if x.Op.String() != "&" {
				return nil
			}
			e = x.X
		default:
			return nil
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func containsFold(s string, subs ...string) bool {
	ls := strings.ToLower(s)
	for _, sub := range subs {
		if strings.Contains(ls, strings.ToLower(sub)) {
			return true
		}
	}
	return false
}
