package ctxmodel

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Context origins: the one function that says where a context comes from.

// OriginKind says where a context value comes from.
type OriginKind int

// Origin kinds.
const (
	// FromCaller: a context.Context parameter, or the context of an
	// *http.Request parameter, of the function or of a function enclosing
	// it (a closure sees its enclosing function's context).
	FromCaller OriginKind = iota + 1
	// FromRoot: context.Background() or context.TODO(), or the implicit
	// Background of a request built without one (http.NewRequest).
	FromRoot
	// FromDetached: context.WithoutCancel(...).
	FromDetached
	// FromStored: a context loaded from a struct field, a global or a
	// container: its lifetime is its owner's.
	FromStored
)

// Origin is one way a context value is built: where it starts and the
// WithTimeout/WithDeadline calls applied on the way (innermost first: the
// call nearest the use comes first).
type Origin struct {
	Kind OriginKind
	// Param is the caller's context or request parameter (FromCaller).
	Param *ssa.Parameter
	// ViaRequest: through the context of an *http.Request parameter;
	// HTTPServer: that request is an HTTP handler's (a ResponseWriter
	// beside it): plain HTTP carries no caller deadline.
	ViaRequest, HTTPServer bool
	// Root is the Background/TODO/WithoutCancel call, nil for an implicit
	// root; RootFunc names it.
	Root     *ssa.Call
	RootFunc CtxFunc
	// Detacher is the value of the package's own detaching context type
	// (FromDetached without a Root: &suppressed{ctx}).
	Detacher *ssa.Alloc
	// Bounds are the bounding calls applied on the way.
	Bounds []*ssa.Call
}

// RootPos returns the position of the root call (the request
// constructor for an implicit root), or NoPos.
func (o Origin) RootPos(e *Engine) token.Pos {
	if o.Root != nil {
		return e.CallStart(o.Root.Pos())
	}
	return token.NoPos
}

// CtxFuncOf says which function of package context call calls.
func CtxFuncOf(call ssa.CallInstruction) CtxFunc {
	fn := call.Common().StaticCallee()
	if fn == nil || fn.Signature.Recv() != nil {
		return NotCtxFunc
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != "context" {
		return NotCtxFunc
	}
	return ctxFuncNames[obj.Name()]
}

// Origins returns the known origins of the context value v of fn (of the
// context of the request v when v is an *http.Request). Origins the
// engine cannot follow (interface results without a context argument,
// channel receives) are left out.
func (e *Engine) Origins(fn *ssa.Function, v ssa.Value) []Origin {
	v = unwrapInterface(v)
	w := &originWalker{e: e, visiting: map[ssa.Value]bool{}}
	w.walk(v, IsHTTPRequest(v.Type()), nil, 0)
	return w.out
}

// FromCallerOnly reports whether every known origin of v is the
// caller's, and there is one.
func (e *Engine) FromCallerOnly(fn *ssa.Function, v ssa.Value) bool {
	os := e.Origins(fn, v)
	for _, o := range os {
		if o.Kind != FromCaller {
			return false
		}
	}
	return len(os) > 0
}

type originWalker struct {
	e        *Engine
	visiting map[ssa.Value]bool
	out      []Origin
}

const originDepth = 64

// resolve returns the values v may hold, looking through phis, loads of
// local and captured variables, free variables and interface or type
// conversions.
func (e *Engine) resolve(v ssa.Value) []ssa.Value {
	var out []ssa.Value
	seen := map[ssa.Value]bool{}
	var walk func(v ssa.Value, depth int)
	walk = func(v ssa.Value, depth int) {
		if v == nil || seen[v] || depth > originDepth {
			return
		}
		seen[v] = true
		switch x := v.(type) {
		case *ssa.Phi:
			for _, ed := range x.Edges {
				walk(ed, depth+1)
			}
		case *ssa.ChangeInterface:
			walk(x.X, depth+1)
		case *ssa.MakeInterface:
			walk(x.X, depth+1)
		case *ssa.ChangeType:
			walk(x.X, depth+1)
		case *ssa.TypeAssert:
			if !x.CommaOk {
				walk(x.X, depth+1)
				return
			}
			out = append(out, v)
		case *ssa.UnOp:
			if x.Op != token.MUL {
				out = append(out, v)
				return
			}
			stored, ok := e.storedTo(x.X)
			if !ok {
				out = append(out, v)
				return
			}
			for _, s := range stored {
				walk(s, depth+1)
			}
		case *ssa.FreeVar:
			bs := e.Bindings(x)
			if len(bs) == 0 {
				out = append(out, v)
			}
			for _, b := range bs {
				walk(b, depth+1)
			}
		default:
			out = append(out, v)
		}
	}
	walk(v, 0)
	return out
}

// storedTo returns the values stored to a local variable (an Alloc,
// possibly reached through the free variables of closures), or ok=false
// when addr is not such a variable.
func (e *Engine) storedTo(addr ssa.Value) ([]ssa.Value, bool) {
	switch a := addr.(type) {
	case *ssa.FreeVar:
		bs := e.Bindings(a)
		if len(bs) == 0 {
			return nil, false
		}
		var out []ssa.Value
		for _, b := range bs {
			s, ok := e.storedTo(b)
			if !ok {
				return nil, false
			}
			out = append(out, s...)
		}
		return out, true
	case *ssa.Alloc:
		var out []ssa.Value
		if refs := a.Referrers(); refs != nil {
			for _, r := range *refs {
				if st, ok := r.(*ssa.Store); ok && st.Addr == a {
					out = append(out, st.Val)
				}
			}
		}
		return out, true
	}
	return nil, false
}

func (w *originWalker) walk(v ssa.Value, isReq bool, bounds []*ssa.Call, depth int) {
	if depth > originDepth {
		return
	}
	if f := CarrierField(v.Type()); f != "" && !isReq {
		w.carrier(v, f, bounds, depth)
		return
	}
	for _, d := range w.e.resolve(v) {
		if w.visiting[d] {
			continue
		}
		w.visiting[d] = true
		var call *ssa.Call
		switch x := d.(type) {
		case *ssa.Parameter:
			switch {
			case !isReq && IsContext(x.Type()):
				w.out = append(w.out, Origin{Kind: FromCaller, Param: x, Bounds: bounds})
			case isReq && IsHTTPRequest(x.Type()):
				w.out = append(w.out, Origin{Kind: FromCaller, Param: x, Bounds: bounds, ViaRequest: true, HTTPServer: takesResponseWriter(x.Parent())})
			}
		case *ssa.Extract:
			call, _ = x.Tuple.(*ssa.Call)
		case *ssa.Call:
			call = x
		case *ssa.UnOp, *ssa.Field, *ssa.Lookup, *ssa.Index:
			w.out = append(w.out, Origin{Kind: FromStored, Bounds: bounds})
		case *ssa.Alloc:
			if !isReq {
				w.ctxFromAlloc(x, bounds, depth)
			}
		}
		if call != nil {
			if isReq {
				w.reqFromCall(call, bounds, depth)
			} else {
				w.ctxFromCall(call, bounds, depth)
			}
		}
		delete(w.visiting, d)
	}
}

// carrier follows a context carrier (a struct holding the context in
// field) to the context it holds: a parameter is the caller's; a local
// value, a captured variable or &T{...} built here holds the context
// stored to its field (or copied in with the whole struct).
func (w *originWalker) carrier(v ssa.Value, field string, bounds []*ssa.Call, depth int) {
	seen := map[ssa.Value]bool{}
	var visit func(v ssa.Value, d int)
	visit = func(v ssa.Value, d int) {
		if v == nil || seen[v] || d > originDepth {
			return
		}
		seen[v] = true
		switch x := v.(type) {
		case *ssa.Parameter:
			w.out = append(w.out, Origin{Kind: FromCaller, Param: x, Bounds: bounds})
		case *ssa.Phi:
			for _, ed := range x.Edges {
				visit(ed, d+1)
			}
		case *ssa.MakeInterface:
			visit(x.X, d+1)
		case *ssa.FreeVar:
			for _, b := range w.e.Bindings(x) {
				visit(b, d+1)
			}
		case *ssa.UnOp:
			if x.Op != token.MUL {
				w.out = append(w.out, Origin{Kind: FromStored, Bounds: bounds})
				return
			}
			switch a := x.X.(type) {
			case *ssa.Alloc, *ssa.FreeVar:
				visit(a, d+1)
			default:
				w.out = append(w.out, Origin{Kind: FromStored, Bounds: bounds})
			}
		case *ssa.Alloc:
			// The fields stored to it, and whole values copied into it.
			for _, sv := range w.e.storedField(x, field) {
				w.walk(sv, false, bounds, depth+1)
			}
			if refs := x.Referrers(); refs != nil {
				for _, r := range *refs {
					if st, ok := r.(*ssa.Store); ok && st.Addr == x {
						visit(st.Val, d+1)
					}
				}
			}
		default:
			w.out = append(w.out, Origin{Kind: FromStored, Bounds: bounds})
		}
	}
	visit(v, 0)
}

// reqFromCall follows a call that produced a request to the context it
// carries: NewRequestWithContext(ctx, ...), r.WithContext(ctx),
// r.Clone(ctx); http.NewRequest carries Background.
func (w *originWalker) reqFromCall(call *ssa.Call, bounds []*ssa.Call, depth int) {
	fn := calleeObj(call)
	switch {
	case IsPkgFunc(fn, "net/http", "NewRequest"):
		w.out = append(w.out, Origin{Kind: FromRoot, Root: call, RootFunc: Background, Bounds: bounds})
	case IsPkgFunc(fn, "net/http", "NewRequestWithContext"),
		IsMethodOf(fn, "net/http", "Request", "WithContext", "Clone"):
		if a := firstOfType(call.Common().Args, IsContext); a != nil {
			w.walk(a, false, bounds, depth+1)
		}
	}
}

// ctxFromCall follows a call that produced a context.
func (w *originWalker) ctxFromCall(call *ssa.Call, bounds []*ssa.Call, depth int) {
	args := call.Common().Args
	if f := CtxFuncOf(call); f != NotCtxFunc {
		switch {
		case f == WithoutCancel:
			w.out = append(w.out, Origin{Kind: FromDetached, Root: call, RootFunc: f, Bounds: bounds})
		case f.IsRoot():
			w.out = append(w.out, Origin{Kind: FromRoot, Root: call, RootFunc: f, Bounds: bounds})
		case f.IsBound():
			if len(args) > 0 {
				nb := append(append([]*ssa.Call(nil), bounds...), call)
				w.walk(args[0], false, nb, depth+1)
			}
		case len(args) > 0 && IsContext(args[0].Type()):
			w.walk(args[0], false, bounds, depth+1)
		}
		return
	}
	if IsMethodOf(calleeObj(call), "net/http", "Request", "Context") {
		if len(args) > 0 {
			w.walk(args[0], true, bounds, depth+1)
		}
		return
	}
	// Any other function (or interface method) that takes a context and
	// returns one derives from it (metadata.NewOutgoingContext,
	// tracer.Start, errgroup.WithContext, a propagator's Extract).
	if a := firstOfType(args, IsContext); a != nil {
		w.walk(a, false, bounds, depth+1)
		return
	}
	if a := firstOfType(args, IsHTTPRequest); a != nil && !call.Common().IsInvoke() {
		w.walk(a, true, bounds, depth+1)
	}
}

// calleeObj returns the function or method a call statically names (the
// interface method for dynamic dispatch), or nil.
func calleeObj(call ssa.CallInstruction) *types.Func {
	common := call.Common()
	if common.IsInvoke() {
		return common.Method
	}
	if fn := common.StaticCallee(); fn != nil {
		if obj, ok := fn.Object().(*types.Func); ok {
			return obj.Origin()
		}
	}
	return nil
}

// CalleeObj is calleeObj for the checks.
func CalleeObj(call ssa.CallInstruction) *types.Func { return calleeObj(call) }

func firstOfType(vs []ssa.Value, is func(types.Type) bool) ssa.Value {
	for _, v := range vs {
		if v != nil && is(v.Type()) {
			return v
		}
	}
	return nil
}

// takesResponseWriter reports whether fn takes an http.ResponseWriter: it
// serves a plain HTTP request.
func takesResponseWriter(fn *ssa.Function) bool {
	if fn == nil {
		return false
	}
	for _, p := range fn.Params {
		if IsNamed(p.Type(), "net/http", "ResponseWriter") {
			return true
		}
	}
	return false
}

// ctxFromAlloc follows a context built as a value of a package type that
// implements context.Context (&suppressed{ctx}): a type whose own
// Deadline reports none and whose Done is nil is detached from what it
// wraps (it passes on values only, like WithoutCancel); any other such
// type wraps the context stored in its embedded context.Context field.
func (w *originWalker) ctxFromAlloc(a *ssa.Alloc, bounds []*ssa.Call, depth int) {
	named, ok := deref(a.Type()).(*types.Named)
	it := w.e.contextIface()
	if !ok || it == nil || !types.Implements(types.NewPointer(named), it) {
		return
	}
	if w.e.detachedType(named) {
		w.out = append(w.out, Origin{Kind: FromDetached, Detacher: a, Bounds: bounds})
		return
	}
	st, ok := named.Underlying().(*types.Struct)
	if !ok {
		return
	}
	for i := 0; i < st.NumFields(); i++ {
		if f := st.Field(i); !f.Embedded() || !IsContext(f.Type()) {
			continue
		}
		if refs := a.Referrers(); refs != nil {
			for _, r := range *refs {
				fa, ok := r.(*ssa.FieldAddr)
				if !ok || fa.X != a || fa.Field != i || fa.Referrers() == nil {
					continue
				}
				for _, u := range *fa.Referrers() {
					if s, ok := u.(*ssa.Store); ok && s.Addr == fa {
						w.walk(s.Val, false, bounds, depth+1)
					}
				}
			}
		}
	}
}

// deref returns t, or what t points to, with aliases resolved.
func deref(t types.Type) types.Type {
	t = types.Unalias(t)
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return types.Unalias(p.Elem())
	}
	return t
}

// contextIface returns context.Context's interface type, nil when the
// package does not import context.
func (e *Engine) contextIface() *types.Interface {
	for _, p := range e.Types.Imports() {
		if p.Path() == "context" {
			if obj := p.Scope().Lookup("Context"); obj != nil {
				it, _ := obj.Type().Underlying().(*types.Interface)
				return it
			}
		}
	}
	return nil
}

// detachedType reports whether values of the package's type named (or
// *named) implement a context with no deadline and no cancellation: its
// own Deadline method returns false for ok and its own Done returns nil.
func (e *Engine) detachedType(named *types.Named) bool {
	if e.SSA == nil || named.Obj().Pkg() != e.Types {
		return false
	}
	ms := e.SSA.Prog.MethodSets.MethodSet(types.NewPointer(named))
	deadline, done := ms.Lookup(nil, "Deadline"), ms.Lookup(nil, "Done")
	if deadline == nil || done == nil || len(deadline.Index()) != 1 || len(done.Index()) != 1 {
		return false // promoted from the wrapped context
	}
	declared := func(sel *types.Selection) *ssa.Function {
		f, _ := sel.Obj().(*types.Func)
		if f == nil {
			return nil
		}
		return e.SSA.Prog.FuncValue(f) // the method itself, not a pointer wrapper
	}
	return returnsOnly(declared(deadline), 1, isFalse) &&
		returnsOnly(declared(done), 0, isNilConst)
}

// returnsOnly reports whether every return of fn yields a result i that
// satisfies ok, and fn returns.
func returnsOnly(fn *ssa.Function, i int, ok func(ssa.Value) bool) bool {
	if fn == nil || len(fn.Blocks) == 0 {
		return false
	}
	n := 0
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if r, isRet := in.(*ssa.Return); isRet {
				if i >= len(r.Results) || !ok(r.Results[i]) {
					return false
				}
				n++
			}
		}
	}
	return n > 0
}

func isFalse(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.Value != nil && c.Value.String() == "false"
}

func isNilConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}
