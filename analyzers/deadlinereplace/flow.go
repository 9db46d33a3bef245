package deadlinereplace

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
)

// maxDepth bounds every walk over SSA values.
const maxDepth = 64

// resolve returns the values v may hold, looking through phis, loads of
// local and captured variables, free variables and interface or type
// conversions. Values it cannot see through are returned as they are.
func (c *checker) resolve(v ssa.Value) []ssa.Value {
	var out []ssa.Value
	seen := map[ssa.Value]bool{}
	var walk func(v ssa.Value, depth int)
	walk = func(v ssa.Value, depth int) {
		if v == nil || seen[v] || depth > maxDepth {
			return
		}
		seen[v] = true
		switch x := v.(type) {
		case *ssa.Phi:
			for _, e := range x.Edges {
				walk(e, depth+1)
			}
		case *ssa.ChangeInterface:
			walk(x.X, depth+1)
		case *ssa.MakeInterface:
			walk(x.X, depth+1)
		case *ssa.ChangeType:
			walk(x.X, depth+1)
		case *ssa.UnOp:
			if x.Op != token.MUL {
				out = append(out, v)
				return
			}
			stored, ok := c.stored(x.X)
			if !ok {
				out = append(out, v)
				return
			}
			for _, s := range stored {
				walk(s, depth+1)
			}
		case *ssa.FreeVar:
			bs := c.bindings(x)
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

// stored returns the values stored to a local variable (an Alloc, possibly
// reached through the free variables of closures), or ok=false when addr is
// not such a variable.
func (c *checker) stored(addr ssa.Value) ([]ssa.Value, bool) {
	switch a := addr.(type) {
	case *ssa.FreeVar:
		bs := c.bindings(a)
		if len(bs) == 0 {
			return nil, false
		}
		var out []ssa.Value
		for _, b := range bs {
			s, ok := c.stored(b)
			if !ok {
				return nil, false
			}
			out = append(out, s...)
		}
		return out, true
	case *ssa.Alloc:
		var out []ssa.Value
		refs := a.Referrers()
		if refs == nil {
			return nil, true
		}
		for _, r := range *refs {
			if st, ok := r.(*ssa.Store); ok && st.Addr == a {
				out = append(out, st.Val)
			}
		}
		return out, true
	}
	return nil, false
}

// bindings returns the values captured for fv by the closures that create
// its function.
func (c *checker) bindings(fv *ssa.FreeVar) []ssa.Value {
	fn := fv.Parent()
	if fn == nil || fn.Parent() == nil {
		return nil
	}
	idx := -1
	for i, f := range fn.FreeVars {
		if f == fv {
			idx = i
		}
	}
	if idx < 0 {
		return nil
	}
	mcs, ok := c.closures[fn]
	if !ok {
		for _, b := range fn.Parent().Blocks {
			for _, instr := range b.Instrs {
				if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn {
					mcs = append(mcs, mc)
				}
			}
		}
		c.closures[fn] = mcs
	}
	var out []ssa.Value
	for _, mc := range mcs {
		if idx < len(mc.Bindings) {
			out = append(out, mc.Bindings[idx])
		}
	}
	return out
}

// pathKind says where a context value comes from.
type pathKind int

const (
	fromCaller pathKind = iota + 1 // a context parameter or the request's context
	fromRoot                       // Background, TODO or WithoutCancel
)

// ctxPath is one way a context value is built: its origin and the
// WithTimeout/WithDeadline calls applied on the way.
type ctxPath struct {
	kind pathKind
	root *ast.CallExpr // fromRoot: the Background/TODO/WithoutCancel call
	// httpServer: fromCaller through the request of an HTTP handler
	// (a ResponseWriter beside it), where plain HTTP carries no caller
	// deadline and the first budget may be set.
	httpServer bool
	rootFn     ctxmodel.CtxFunc
	bounds     []*ast.CallExpr
}

// ctxPaths returns the known origins of the context value v (of the
// context of the request v when isReq). Origins the model cannot follow
// are left out.
func (c *checker) ctxPaths(v ssa.Value, isReq bool) []ctxPath {
	w := &ctxWalker{c: c, visiting: map[ssa.Value]bool{}}
	w.walk(v, isReq, nil, 0)
	return w.out
}

// ctxWalker follows a context (or request) value back to its origins.
type ctxWalker struct {
	c        *checker
	visiting map[ssa.Value]bool
	out      []ctxPath
}

func (w *ctxWalker) walk(v ssa.Value, isReq bool, bounds []*ast.CallExpr, depth int) {
	if depth > maxDepth {
		return
	}
	for _, d := range w.c.resolve(v) {
		if w.visiting[d] {
			continue
		}
		w.visiting[d] = true
		var call *ssa.Call
		switch x := d.(type) {
		case *ssa.Parameter:
			switch {
			case !isReq && ctxmodel.IsContext(x.Type()):
				w.out = append(w.out, ctxPath{kind: fromCaller, bounds: bounds})
			case isReq && ctxmodel.IsHTTPRequest(x.Type()):
				w.out = append(w.out, ctxPath{kind: fromCaller, bounds: bounds, httpServer: isHTTPHandler(x.Parent())})
			}
		case *ssa.Extract:
			if x.Index == 0 {
				call, _ = x.Tuple.(*ssa.Call)
			}
		case *ssa.Call:
			call = x
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

// reqFromCall follows a call that produced a request to the context it
// carries: NewRequestWithContext(ctx, ...), r.WithContext(ctx),
// r.Clone(ctx).
func (w *ctxWalker) reqFromCall(call *ssa.Call, bounds []*ast.CallExpr, depth int) {
	fn := w.c.callee(call)
	if ctxmodel.IsPkgFunc(fn, "net/http", "NewRequestWithContext") ||
		ctxmodel.IsMethodOf(fn, "net/http", "Request", "WithContext", "Clone") {
		if a := firstOfType(call.Common().Args, ctxmodel.IsContext); a != nil {
			w.walk(a, false, bounds, depth+1)
		}
	}
}

// ctxFromCall follows a call that produced a context.
func (w *ctxWalker) ctxFromCall(call *ssa.Call, bounds []*ast.CallExpr, depth int) {
	syn := w.c.calls[call.Pos()]
	if syn == nil {
		return
	}
	common := call.Common()
	args := common.Args
	if f := ctxmodel.ContextCall(w.c.pass.TypesInfo, syn); f != ctxmodel.NotCtxFunc {
		switch {
		case f.IsRoot():
			w.out = append(w.out, ctxPath{kind: fromRoot, root: syn, rootFn: f, bounds: bounds})
		case f.IsBound():
			if len(args) > 0 {
				nb := append(append([]*ast.CallExpr(nil), bounds...), syn)
				w.walk(args[0], false, nb, depth+1)
			}
		case f == ctxmodel.WithCancel || f == ctxmodel.WithCancelCause || f == ctxmodel.WithValue:
			if len(args) > 0 {
				w.walk(args[0], false, bounds, depth+1)
			}
		}
		return
	}
	if ctxmodel.IsMethodOf(w.c.callee(call), "net/http", "Request", "Context") {
		if len(args) > 0 {
			w.walk(args[0], true, bounds, depth+1)
		}
		return
	}
	// Any other function that takes a context and returns one derives from
	// it (metadata.NewOutgoingContext, tracer.Start, ...).
	if common.IsInvoke() {
		return
	}
	if a := firstOfType(args, ctxmodel.IsContext); a != nil {
		w.walk(a, false, bounds, depth+1)
	}
}

// callee returns the function or method a call statically names (the
// interface method for dynamic dispatch), or nil.
func (c *checker) callee(call ssa.CallInstruction) *types.Func {
	common := call.Common()
	if common.IsInvoke() {
		return common.Method
	}
	if fn := common.StaticCallee(); fn != nil {
		if obj, ok := fn.Object().(*types.Func); ok {
			return obj.Origin()
		}
	}
	if syn := c.calls[call.Pos()]; syn != nil {
		return ctxmodel.Callee(c.pass.TypesInfo, syn)
	}
	return nil
}

func firstOfType(vs []ssa.Value, is func(types.Type) bool) ssa.Value {
	for _, v := range vs {
		if v != nil && is(v.Type()) {
			return v
		}
	}
	return nil
}

// optsFlow is what a wrapper does with the caller's variadic options on
// the way to next.
type optsFlow struct {
	forwarded bool            // some path passes the caller's options on
	unknown   bool            // some path the model cannot follow
	appended  []*ast.CallExpr // append(opts, X...) calls on the way
}

// sliceFlow follows the option slice passed to next back to opts.
func (c *checker) sliceFlow(v ssa.Value, opts *ssa.Parameter) optsFlow {
	var fl optsFlow
	for _, d := range c.resolve(v) {
		switch x := d.(type) {
		case *ssa.Parameter:
			if x == opts {
				fl.forwarded = true
			} else {
				fl.unknown = true
			}
		case *ssa.Const:
			// nil: no options at all.
		case *ssa.Slice:
			if _, ok := x.X.(*ssa.Alloc); ok {
				continue // a fresh variadic list
			}
			if c.derives(x.X, opts, 0) {
				fl.forwarded = true
			} else {
				fl.unknown = true
			}
		case *ssa.Call:
			if b, ok := x.Common().Value.(*ssa.Builtin); ok && b.Name() == "append" && len(x.Common().Args) == 2 {
				args := x.Common().Args
				switch {
				case c.derives(args[0], opts, 0):
					fl.forwarded = true
					c.appendsAfter(x, opts, 0, &fl.appended)
				case c.derives(args[1], opts, 0):
					fl.forwarded = true // prepended defaults: the caller's wins
				}
				continue
			}
			fl.unknown = true
		default:
			fl.unknown = true
		}
	}
	return fl
}

// appendsAfter collects the append calls on the way from the slice v back
// to opts whose first argument already holds opts: what they add comes
// after the caller's options.
func (c *checker) appendsAfter(v ssa.Value, opts *ssa.Parameter, depth int, into *[]*ast.CallExpr) {
	if depth > maxDepth {
		return
	}
	for _, d := range c.resolve(v) {
		x, ok := d.(*ssa.Call)
		if !ok {
			continue
		}
		b, ok := x.Common().Value.(*ssa.Builtin)
		if !ok || b.Name() != "append" || len(x.Common().Args) != 2 {
			continue
		}
		if !c.derives(x.Common().Args[0], opts, depth+1) {
			continue
		}
		if syn := c.calls[x.Pos()]; syn != nil {
			*into = append(*into, syn)
		}
		c.appendsAfter(x.Common().Args[0], opts, depth+1, into)
	}
}

// derives reports whether the slice v holds the caller's options opts.
func (c *checker) derives(v ssa.Value, opts *ssa.Parameter, depth int) bool {
	if depth > maxDepth {
		return false
	}
	for _, d := range c.resolve(v) {
		switch x := d.(type) {
		case *ssa.Parameter:
			if x == opts {
				return true
			}
		case *ssa.Slice:
			if c.derives(x.X, opts, depth+1) {
				return true
			}
		case *ssa.Call:
			if b, ok := x.Common().Value.(*ssa.Builtin); ok && b.Name() == "append" {
				for _, a := range x.Common().Args {
					if c.derives(a, opts, depth+1) {
						return true
					}
				}
			}
		}
	}
	return false
}

// isHTTPHandler reports whether fn takes an http.ResponseWriter: it serves
// a plain HTTP request.
func isHTTPHandler(fn *ssa.Function) bool {
	if fn == nil {
		return false
	}
	for _, p := range fn.Params {
		if ctxmodel.IsNamed(p.Type(), "net/http", "ResponseWriter") {
			return true
		}
	}
	return false
}
