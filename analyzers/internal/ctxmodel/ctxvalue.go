package ctxmodel

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Budgets carried in context values: ctx = context.WithValue(ctx, key, d)
// and, further down, d, _ := ctx.Value(key).(time.Duration) applied as a
// bound (or an options struct stored and read the same way). A read of a
// caller's context is symbolic, like a parameter: Param with the path
// "%key" (then the field path), which a call site resolves against the
// context it passes (Subst): the value its own WithValue stores under the
// key, or its own caller's, or nothing set (zero) at a root.

// ctxValuePrefix starts a Param path naming a context value.
const ctxValuePrefix = "%"

// ValueKey identifies the key of a context value by meaning: a constant of
// a key type (ctxKey{} or a typed constant), or a package-level variable.
// "" when the key is not one of those (a key computed at run time).
func ValueKey(v ssa.Value) string {
	var k string
	switch x := unwrapInterface(v).(type) {
	case *ssa.Const:
		k = types.TypeString(x.Type(), nil)
		if x.Value != nil {
			k += "(" + x.Value.ExactString() + ")"
		}
	case *ssa.UnOp:
		g, ok := x.X.(*ssa.Global)
		if !ok {
			return ""
		}
		k = "var " + g.Pkg.Pkg.Path() + "." + g.Name()
	case *ssa.Global:
		k = "&" + x.Pkg.Pkg.Path() + "." + x.Name()
	default:
		return ""
	}
	// Paths split on dots: keep the key in one element.
	return strings.NewReplacer(".", "~", " ", "_").Replace(k)
}

// unwrapInterface is the value converted to an interface (any number of
// times) to give v, or v.
func unwrapInterface(v ssa.Value) ssa.Value {
	for {
		mi, ok := v.(*ssa.MakeInterface)
		if !ok {
			return v
		}
		v = mi.X
	}
}

// CtxValuePath is the path of the context value under key, then path.
func CtxValuePath(key string, path []string) string {
	return strings.Join(append([]string{ctxValuePrefix + key}, path...), ".")
}

// splitCtxValuePath undoes CtxValuePath.
func splitCtxValuePath(p string) (key string, path []string, ok bool) {
	if !strings.HasPrefix(p, ctxValuePrefix) {
		return "", nil, false
	}
	parts := strings.Split(p[len(ctxValuePrefix):], ".")
	return parts[0], parts[1:], true
}

// ValueRead reports the context and key of a ctx.Value(key) call: the
// method of context.Context, called on the interface or on a concrete
// context type.
func ValueRead(c *ssa.CallCommon) (ctx, key ssa.Value, ok bool) {
	if c.IsInvoke() {
		if c.Method.Name() == "Value" && IsContext(c.Value.Type()) && len(c.Args) == 1 {
			return c.Value, c.Args[0], true
		}
		return nil, nil, false
	}
	fn := c.StaticCallee()
	if fn == nil || fn.Name() != "Value" || fn.Signature.Recv() == nil || len(c.Args) != 2 || !IsContext(fn.Signature.Recv().Type()) {
		return nil, nil, false
	}
	return c.Args[0], c.Args[1], true
}

// ctxValue evaluates the value stored under key (then path) in context
// ctx of the evaluator's function, walking back through the context's
// derivations: the nearest WithValue with the same key, else the
// caller's (symbolic), else zero (a root: nothing set).
func (ev *evaluator) ctxValue(ctx ssa.Value, key string, path []string, depth int) Val {
	if key == "" || depth > evalDepth {
		return Val{}
	}
	var vals []Val
	for _, x := range ev.e.resolve(ctx) {
		vals = append(vals, ev.ctxValueOf(x, key, path, depth+1))
	}
	if len(vals) == 0 {
		return Val{}
	}
	return join(vals)
}

// ctxCall is the call that returns context x: the call itself, or the
// call whose first result x is (ctx, cancel := context.WithTimeout(...)).
func ctxCall(x ssa.Value) ssa.Value {
	if ex, ok := x.(*ssa.Extract); ok && ex.Index == 0 {
		if c, ok := ex.Tuple.(*ssa.Call); ok {
			return c
		}
	}
	return x
}

func (ev *evaluator) ctxValueOf(x ssa.Value, key string, path []string, depth int) Val {
	switch x := ctxCall(x).(type) {
	case *ssa.Parameter:
		for i, p := range ev.fn.Params {
			if p == x {
				return Val{Kind: Param, Index: i, Path: CtxValuePath(key, path), Origin: "the caller's context value"}
			}
		}
	case *ssa.FreeVar:
		for i, fv := range ev.fn.FreeVars {
			if fv == x {
				return Val{Kind: Free, Index: i, Path: CtxValuePath(key, path), Origin: "the caller's context value"}
			}
		}
	case *ssa.Call:
		if len(x.Call.Args) == 0 {
			return Val{}
		}
		switch f := CtxFuncOf(x); {
		case f == NotCtxFunc:
			// A helper returning a context with values set.
			v, ok, next := ev.e.helperValue(ev.fn, x, key, path)
			if ok {
				ev.noteStore(x, v)
				return v
			}
			if next != nil {
				return ev.ctxValue(next, key, path, depth+1)
			}
		case f == Background || f == TODO:
			return Val{Kind: Fixed, Known: true} // nothing set
		case f == WithValue && len(x.Call.Args) == 3:
			if ValueKey(x.Call.Args[1]) != key {
				return ev.ctxValue(x.Call.Args[0], key, path, depth+1)
			}
			stored := unwrapInterface(x.Call.Args[2])
			var v Val
			if _, ptr := stored.Type().Underlying().(*types.Pointer); ptr && len(path) > 0 {
				v = ev.addr(stored, path, depth+1)
			} else {
				v = ev.value(stored, path, depth+1)
			}
			ev.noteStore(x, v)
			return v
		case f.KeepsValues():
			return ev.ctxValue(x.Call.Args[0], key, path, depth+1)
		}
	}
	return Val{}
}

// ctxValueRead evaluates a value read from a context (ctx.Value(key),
// then path below it), or reports that call is not such a read.
func (ev *evaluator) ctxValueRead(c *ssa.CallCommon, path []string, depth int) (Val, bool) {
	ctx, key, ok := ValueRead(c)
	if !ok {
		return Val{}, false
	}
	return ev.ctxValue(ctx, ValueKey(key), path, depth+1), true
}

// CtxValueUser is the value a context of fn carries under a context
// value path (CtxValuePath: a request's timeout stored by WithValue on
// the way, or a field of an options struct stored so), with the WithValue
// call (or the helper call) that stores it: the first store the walk back
// through the context's derivations meets; a zero Val and nil when fn
// stores none.
func (e *Engine) CtxValueUser(fn *ssa.Function, ctx ssa.Value, valuePath string) (Val, *ssa.Call) {
	key, path, ok := splitCtxValuePath(valuePath)
	if !ok {
		return Val{}, nil
	}
	ev := &evaluator{e: e, fn: fn, visits: map[ssa.Value]bool{}}
	ev.ctxValue(ctx, key, path, 0)
	return ev.storeVal, ev.store
}

// noteStore records the first store of the looked-up context value that
// the walk meets (for CtxValueUser).
func (ev *evaluator) noteStore(call *ssa.Call, v Val) {
	if ev.store == nil {
		ev.store, ev.storeVal = call, v
	}
}

// IsCtxValue reports whether v is a caller's context value (a Param or
// Free value whose path names one).
func IsCtxValue(v Val) bool {
	_, _, ok := splitCtxValuePath(v.Path)
	return ok && v.Symbolic()
}

// ctxValuesSet describes a context fn returns: the parameter it derives
// from and the values it sets on the way (nearest first), or nil when it
// does not derive from a parameter with values set.
func (e *Engine) ctxValuesSet(fn *ssa.Function, res ssa.Value) []CtxValueSet {
	var sets []CtxValueSet
	v := res
	for depth := 0; depth < evalDepth; depth++ {
		xs := e.resolve(v)
		if len(xs) != 1 {
			return nil
		}
		switch x := ctxCall(xs[0]).(type) {
		case *ssa.Parameter:
			if len(sets) == 0 {
				return nil
			}
			for i, p := range fn.Params {
				if p == x {
					for k := range sets {
						sets[k].Base = i
					}
					return sets
				}
			}
			return nil
		case *ssa.Call:
			if len(x.Call.Args) == 0 {
				return nil
			}
			if f := CtxFuncOf(x); f != NotCtxFunc {
				if !f.KeepsValues() {
					return nil
				}
				if f == WithValue && len(x.Call.Args) == 3 {
					if key := ValueKey(x.Call.Args[1]); key != "" && !hasKey(sets, key) {
						sets = append(sets, CtxValueSet{Key: key, Val: e.storedValue(fn, x.Call.Args[2])})
					}
				}
				v = x.Call.Args[0]
				continue
			}
			// A helper of the same kind.
			h := e.helperOf(x.Call.StaticCallee())
			if h == nil {
				return nil
			}
			base := -1
			for _, cv := range h.Values {
				if cv.Result != 0 {
					continue
				}
				base = cv.Base
				if !hasKey(sets, cv.Key) {
					sets = append(sets, CtxValueSet{Key: cv.Key, Val: e.Subst(fn, cv.Val, &x.Call)})
				}
			}
			if base < 0 || base >= len(x.Call.Args) {
				return nil
			}
			v = x.Call.Args[base]
		default:
			return nil
		}
	}
	return nil
}

func hasKey(sets []CtxValueSet, key string) bool {
	for _, s := range sets {
		if s.Key == key {
			return true
		}
	}
	return false
}

// storedValue is the value stored in a context: a duration's value, or a
// parameter (a pointer to an options struct, read later at a path).
func (e *Engine) storedValue(fn *ssa.Function, v ssa.Value) Val {
	v = unwrapInterface(v)
	if IsDuration(v.Type()) {
		return e.Value(fn, v)
	}
	if p, ok := v.(*ssa.Parameter); ok {
		for i, q := range fn.Params {
			if q == p {
				_, ptr := p.Type().Underlying().(*types.Pointer)
				return Val{Kind: Param, Index: i, Origin: p.Name(), Addr: ptr}
			}
		}
	}
	return Val{}
}

// helperValue is what a call of a helper returning a context (ctx derived
// from one of its parameters with values set) stores under key at path:
// ok false when the helper sets no value under key; next is then the
// argument the context derives from, if known.
func (e *Engine) helperValue(fn *ssa.Function, call *ssa.Call, key string, path []string) (v Val, ok bool, next ssa.Value) {
	callee := call.Call.StaticCallee()
	if callee == nil {
		return Val{}, false, nil
	}
	h := e.helperOf(callee)
	if h == nil {
		return Val{}, false, nil
	}
	base := -1
	for _, cv := range h.Values {
		if cv.Result != 0 {
			continue
		}
		base = cv.Base
		if cv.Key == key {
			val := cv.Val
			if len(path) > 0 {
				if !val.Symbolic() {
					return Val{}, true, nil
				}
				val = val.withPath(path)
			}
			return e.Subst(fn, val, &call.Call), true, nil
		}
	}
	if base >= 0 && base < len(call.Call.Args) {
		return Val{}, false, call.Call.Args[base]
	}
	return Val{}, false, nil
}
