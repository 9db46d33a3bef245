package ctxmodel

import (
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/ssa"
)

// Option lists: the ordered model of a slice of functional options
// (last wins) as built by a function, in terms of its parameters.
//
// Seen by meaning, not spelling: append (of single options, of slices,
// in a loop), make + copy + index stores, slice literals, slices.Concat,
// slices.Clip/Clone, sub-slices, a helper returning the list (this
// package's computed on demand, others' from their HelperFact), and a
// filtered copy of the caller's options (a loop appending the caller's
// elements that pass a test forwards them).

// OptElem is a timeout option in a list: its duration (symbolic) and
// where it was built.
type OptElem struct {
	Val  Val
	Pos  string // "dir/file.go:line:col" of the option's construction
	Func string // the function that built it (for paths)

	at token.Pos // where it was built, in this package's file set (not encoded)
}

// At returns the position of the option's construction in this
// package's file set, or NoPos for an element imported with a fact.
func (o OptElem) At() token.Pos { return o.at }

// ListShape is an option list returned by a helper, in terms of its
// parameters: Base is the parameter holding the caller's options (-1:
// none), Pre/Suf the timeout options before/after them (with no base,
// Pre holds them all). Result is the result index that returns it.
type ListShape struct {
	Result   int
	Base     int
	Filtered bool
	Pre      []OptElem
	Suf      []OptElem
}

// OptList is the shape of an option slice value in one function.
type OptList struct {
	Known bool
	// Base and BaseFree: the parameter (or the closure's free variable)
	// holding the caller's options that the list carries, -1 for none.
	Base, BaseFree int
	// Filtered: the caller's options are forwarded through a filter (a
	// copy keeping some of them).
	Filtered bool
	// Pre and Suf: timeout options placed before and after the caller's.
	Pre, Suf []OptElem
	// Elems: the timeout options of a list that carries no caller options.
	Elems []OptElem

	self bool // the list itself, reached again around a loop
}

// HasBase reports whether the list carries caller options.
func (l OptList) HasBase() bool { return l.Base >= 0 || l.BaseFree >= 0 }

func (l OptList) shape() *ListShape {
	if l.Base >= 0 {
		return &ListShape{Base: l.Base, Filtered: l.Filtered, Pre: l.Pre, Suf: l.Suf}
	}
	return &ListShape{Base: -1, Pre: l.Elems}
}

func noList() OptList { return OptList{Known: true, Base: -1, BaseFree: -1} }

// IsOptionSlice reports whether t is a slice of functional options that
// can carry a timeout: its element type (a named func or interface type)
// has a timeout option constructor in its package (func
// WithXTimeout(time.Duration) T), or one registered with -options.
func (e *Engine) IsOptionSlice(t types.Type) bool {
	s, ok := types.Unalias(t).Underlying().(*types.Slice)
	if !ok {
		return false
	}
	n, ok := types.Unalias(s.Elem()).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	switch n.Underlying().(type) {
	case *types.Signature, *types.Interface:
	default:
		return false
	}
	if has, ok := e.optTypes[n]; ok {
		return has
	}
	if timeoutCarriers[[2]string{n.Obj().Pkg().Path(), n.Obj().Name()}] {
		e.optTypes[n] = true
		return true
	}
	has := false
	scope := n.Obj().Pkg().Scope()
	for _, name := range scope.Names() {
		fn, ok := scope.Lookup(name).(*types.Func)
		if !ok {
			continue
		}
		if _, ok := e.Options.TimeoutOption(fn); ok && types.Identical(fn.Type().(*types.Signature).Results().At(0).Type(), n) {
			has = true
			break
		}
	}
	e.optTypes[n] = has
	return has
}

// TimeoutOptionCall returns the duration argument when c constructs a
// functional timeout option (see Options.TimeoutOption).
func (e *Engine) TimeoutOptionCall(c *ssa.CallCommon) (*types.Func, ssa.Value, bool) {
	fn := e.Callee(c)
	if fn == nil || fn.Parent() != nil {
		return nil, nil, false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return nil, nil, false
	}
	i, ok := e.Options.TimeoutOption(obj)
	if !ok {
		return nil, nil, false
	}
	i = i + len(c.Args) - obj.Type().(*types.Signature).Params().Len() // a method's receiver
	if i < 0 || i >= len(c.Args) {
		return nil, nil, false
	}
	return obj, c.Args[i], true
}

// OptList returns the shape of the option slice v in fn.
func (e *Engine) OptList(fn *ssa.Function, v ssa.Value) OptList {
	if l, ok := e.lists[v]; ok {
		return l
	}
	w := &listWalker{e: e, fn: fn, visiting: map[ssa.Value]bool{}}
	l := w.list(v, 0)
	e.lists[v] = l
	return l
}

type listWalker struct {
	e        *Engine
	fn       *ssa.Function
	visiting map[ssa.Value]bool
}

func (w *listWalker) list(v ssa.Value, depth int) OptList {
	if depth > evalDepth*2 || v == nil {
		return OptList{}
	}
	switch v := v.(type) {
	case *ssa.Parameter:
		for i, p := range w.fn.Params {
			if p == v {
				l := noList()
				l.Base = i
				return l
			}
		}
	case *ssa.FreeVar:
		for i, fv := range w.fn.FreeVars {
			if fv == v {
				l := noList()
				l.BaseFree = i
				return l
			}
		}
	case *ssa.Const:
		return noList()
	case *ssa.MakeSlice:
		return w.madeSlice(v, depth)
	case *ssa.Slice:
		if alloc, ok := v.X.(*ssa.Alloc); ok {
			return w.arrayElems(alloc)
		}
		return w.list(v.X, depth+1)
	case *ssa.ChangeType:
		return w.list(v.X, depth+1)
	case *ssa.UnOp:
		if v.Op == token.MUL {
			// A local variable (captured by a closure): the values stored.
			if alloc, ok := v.X.(*ssa.Alloc); ok {
				return w.stored(alloc, depth)
			}
			if fv, ok := v.X.(*ssa.FreeVar); ok {
				for i, f := range w.fn.FreeVars {
					if f == fv {
						l := noList()
						l.BaseFree = i
						return l
					}
				}
			}
		}
	case *ssa.Phi:
		return w.phi(v, depth)
	case *ssa.Extract:
		if call, ok := v.Tuple.(*ssa.Call); ok {
			return w.helperList(call, v.Index, depth)
		}
	case *ssa.Call:
		return w.call(v, depth)
	}
	return OptList{}
}

func (w *listWalker) phi(p *ssa.Phi, depth int) OptList {
	if w.visiting[p] {
		l := noList()
		l.self = true
		return l
	}
	w.visiting[p] = true
	defer delete(w.visiting, p)
	var entry []OptList
	var grown []OptList // edges that extend the phi itself
	for _, ed := range p.Edges {
		l := w.list(ed, depth+1)
		switch {
		case !l.Known:
			return OptList{}
		case l.self:
			grown = append(grown, l)
		default:
			entry = append(entry, l)
		}
	}
	if len(entry) == 0 {
		return OptList{}
	}
	// A path that places a timeout after the caller's options decides.
	pick := entry[0]
	for _, l := range entry {
		if l.HasBase() && len(l.Suf) > 0 {
			pick = l
			break
		}
		if !pick.HasBase() && l.HasBase() {
			pick = l
			continue
		}
		// Likewise a path that sets a timeout at all (opts = append(opts,
		// WithTimeout(d)) under if d > 0).
		if pick.HasBase() == l.HasBase() && len(pick.Pre)+len(pick.Elems) == 0 && len(l.Pre)+len(l.Elems) > 0 {
			pick = l
		}
	}
	for _, g := range grown {
		// What a loop appends after the list itself comes after its
		// contents; the caller's elements appended one by one are a
		// filtered copy of the caller's options.
		if g.HasBase() && !pick.HasBase() {
			pick.Base, pick.BaseFree, pick.Filtered = g.Base, g.BaseFree, true
			pick.Pre, pick.Elems = pick.Elems, nil
		}
		if pick.HasBase() {
			pick.Suf = append(append([]OptElem(nil), pick.Suf...), g.Suf...)
		} else {
			pick.Elems = append(append([]OptElem(nil), pick.Elems...), g.Suf...)
		}
	}
	return pick
}

// concat places b after a.
func concat(a, b OptList) OptList {
	if !a.Known || !b.Known {
		return OptList{}
	}
	switch {
	case a.self: // the list itself, grown around a loop: b comes after
		out := a
		out.Suf = append(append(append(append([]OptElem(nil), a.Suf...), b.Pre...), b.Elems...), b.Suf...)
		if b.HasBase() && !a.HasBase() {
			out.Base, out.BaseFree = b.Base, b.BaseFree
		}
		return out
	case a.HasBase() && !b.HasBase():
		a.Suf = append(append(append([]OptElem(nil), a.Suf...), b.Pre...), b.Elems...)
		a.Filtered = a.Filtered || b.Filtered
		return a
	case !a.HasBase() && b.HasBase():
		b.Pre = append(append([]OptElem(nil), a.Elems...), b.Pre...)
		b.Filtered = b.Filtered || a.Filtered
		return b
	case !a.HasBase() && !b.HasBase():
		a.Elems = append(append([]OptElem(nil), a.Elems...), b.Elems...)
		a.Filtered = a.Filtered || b.Filtered
		return a
	}
	// Caller's options twice: keep the first base, everything after it
	// is its suffix.
	a.Suf = append(append(append([]OptElem(nil), a.Suf...), b.Pre...), b.Suf...)
	return a
}

func (w *listWalker) call(v *ssa.Call, depth int) OptList {
	c := &v.Call
	if b, ok := c.Value.(*ssa.Builtin); ok {
		if b.Name() == "append" && len(c.Args) == 2 {
			return concat(w.list(c.Args[0], depth+1), w.list(c.Args[1], depth+1))
		}
		return OptList{}
	}
	callee := c.StaticCallee()
	if callee == nil {
		return OptList{}
	}
	if obj, ok := callee.Object().(*types.Func); ok && obj.Pkg() != nil && obj.Pkg().Path() == "slices" {
		switch obj.Name() {
		case "Clip", "Clone", "Grow":
			if len(c.Args) > 0 {
				return w.list(c.Args[0], depth+1)
			}
		case "Concat":
			return w.concatArgs(c, depth)
		}
		return OptList{}
	}
	return w.helperList(v, 0, depth)
}

// concatArgs models slices.Concat(a, b, ...): its variadic array's
// elements in order.
func (w *listWalker) concatArgs(c *ssa.CallCommon, depth int) OptList {
	if len(c.Args) != 1 {
		return OptList{}
	}
	sl, ok := c.Args[0].(*ssa.Slice)
	if !ok {
		return OptList{}
	}
	alloc, ok := sl.X.(*ssa.Alloc)
	if !ok || alloc.Referrers() == nil {
		return OptList{}
	}
	vals := w.indexedStores(alloc)
	out := noList()
	for _, iv := range vals {
		out = concat(out, w.list(iv.val, depth+1))
	}
	return out
}

type indexedVal struct {
	i   int64
	val ssa.Value
	pos token.Pos
}

// indexedStores returns the values stored at constant indexes of an
// array (a variadic or literal array), in index order.
func (w *listWalker) indexedStores(alloc *ssa.Alloc) []indexedVal {
	var out []indexedVal
	for _, r := range *alloc.Referrers() {
		ia, ok := r.(*ssa.IndexAddr)
		if !ok || ia.Referrers() == nil {
			continue
		}
		idx := int64(-1)
		if c, ok := ia.Index.(*ssa.Const); ok && c.Value != nil {
			idx = c.Int64()
		}
		for _, x := range *ia.Referrers() {
			if st, ok := x.(*ssa.Store); ok && st.Addr == ia {
				out = append(out, indexedVal{idx, st.Val, st.Pos()})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].i < out[j].i })
	return out
}

// arrayElems reads a variadic or literal array: its timeout options, and
// whether it holds elements of the caller's options (a filtered copy).
func (w *listWalker) arrayElems(alloc *ssa.Alloc) OptList {
	out := noList()
	if alloc.Referrers() == nil {
		return out
	}
	for _, iv := range w.indexedStores(alloc) {
		if el, ok := w.timeoutElem(iv.val); ok {
			out.Elems = append(out.Elems, el)
		} else if from, ok := w.callerElem(iv.val); ok && !out.HasBase() {
			out.Base, out.BaseFree, out.Filtered = from.Base, from.BaseFree, true
		}
	}
	return out
}

// callerElem reports whether v is an element loaded from a list that
// carries the caller's options (the body of a filtering loop), and that
// list.
func (w *listWalker) callerElem(v ssa.Value) (OptList, bool) {
	for i := 0; i < 4; i++ {
		var from ssa.Value
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return OptList{}, false
			}
			v = x.X
			continue
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.IndexAddr:
			from = x.X
		case *ssa.Index:
			from = x.X
		default:
			return OptList{}, false
		}
		l := w.list(from, evalDepth)
		return l, l.Known && l.HasBase()
	}
	return OptList{}, false
}

// madeSlice models make([]T, n[, cap]) followed by copy and index stores:
// copy(s[lo:], opts) places the caller's options from lo; a store at
// index len(opts)+k (or a constant index past the copy) comes after them,
// one at a constant index before lo before them.
func (w *listWalker) madeSlice(ms *ssa.MakeSlice, depth int) OptList {
	out := noList()
	refs := ms.Referrers()
	if refs == nil {
		return out
	}
	var base OptList
	baseAt := int64(-1)
	type store struct {
		idx  ssa.Value
		elem OptElem
	}
	var stores []store
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Call:
			if b, ok := r.Call.Value.(*ssa.Builtin); ok && b.Name() == "copy" && len(r.Call.Args) == 2 {
				dst, lo := r.Call.Args[0], int64(0)
				if sl, ok := dst.(*ssa.Slice); ok && sl.X == ms {
					if c, ok := sl.Low.(*ssa.Const); ok && c.Value != nil {
						lo = c.Int64()
					}
				}
				if l := w.list(r.Call.Args[1], depth+1); l.Known && l.HasBase() {
					base, baseAt = l, lo
				}
			}
		case *ssa.Slice:
			// copy(ms[lo:], src): the Slice's referrer is the copy.
			if r.Referrers() == nil {
				continue
			}
			for _, rr := range *r.Referrers() {
				if c, ok := rr.(*ssa.Call); ok {
					if b, ok := c.Call.Value.(*ssa.Builtin); ok && b.Name() == "copy" && len(c.Call.Args) == 2 && c.Call.Args[0] == r {
						lo := int64(0)
						if k, ok := r.Low.(*ssa.Const); ok && k.Value != nil {
							lo = k.Int64()
						}
						if l := w.list(c.Call.Args[1], depth+1); l.Known && l.HasBase() {
							base, baseAt = l, lo
						}
					}
				}
			}
		case *ssa.IndexAddr:
			if r.Referrers() == nil {
				continue
			}
			for _, x := range *r.Referrers() {
				if st, ok := x.(*ssa.Store); ok && st.Addr == r {
					if el, ok := w.timeoutElem(st.Val); ok {
						stores = append(stores, store{r.Index, el})
					}
				}
			}
		}
	}
	if baseAt < 0 {
		for _, s := range stores {
			out.Elems = append(out.Elems, s.elem)
		}
		return out
	}
	out = base
	out.Pre = append([]OptElem(nil), base.Pre...)
	out.Suf = append([]OptElem(nil), base.Suf...)
	for _, s := range stores {
		if c, ok := s.idx.(*ssa.Const); ok && c.Value != nil && c.Int64() < baseAt {
			out.Pre = append(out.Pre, s.elem)
			continue
		}
		// len(opts)+k, a variable index, or a constant past the copy: after.
		out.Suf = append(out.Suf, s.elem)
	}
	return out
}

// stored models a local slice variable: the values stored to it.
func (w *listWalker) stored(alloc *ssa.Alloc, depth int) OptList {
	if alloc.Referrers() == nil {
		return OptList{}
	}
	var vals []ssa.Value
	for _, r := range *alloc.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == alloc {
			vals = append(vals, st.Val)
		}
	}
	if len(vals) == 0 {
		return OptList{}
	}
	pick := OptList{}
	for _, v := range vals {
		l := w.list(v, depth+1)
		if !l.Known {
			return OptList{}
		}
		if !pick.Known || l.HasBase() && len(l.Suf) > 0 || !pick.HasBase() && l.HasBase() {
			pick = l
		}
	}
	return pick
}

// helperList applies the list shape a helper returns (result index i).
func (w *listWalker) helperList(call *ssa.Call, i int, depth int) OptList {
	h := w.e.helperOf(call.Call.StaticCallee())
	if h == nil || h.List == nil || h.List.Result != i {
		return OptList{}
	}
	r := h.List
	out := noList()
	if r.Base >= 0 {
		if r.Base >= len(call.Call.Args) {
			return OptList{}
		}
		out = w.list(call.Call.Args[r.Base], depth+1)
		if !out.Known {
			return OptList{}
		}
		out.Filtered = out.Filtered || r.Filtered
	}
	if w.e.Guarded(w.fn, call) {
		return out
	}
	sub := func(es []OptElem) []OptElem {
		var o []OptElem
		for _, el := range es {
			el.Val = w.e.Subst(w.fn, el.Val, &call.Call)
			el.at = token.NoPos
			o = append(o, el)
		}
		return o
	}
	if out.HasBase() {
		out.Pre = append(sub(r.Pre), out.Pre...)
		out.Suf = append(append([]OptElem(nil), out.Suf...), sub(r.Suf)...)
	} else {
		out.Elems = append(append(sub(r.Pre), out.Elems...), sub(r.Suf)...)
	}
	return out
}

// timeoutElem recognises v as a timeout option built by a call that is
// not guarded by the caller's deadline.
func (w *listWalker) timeoutElem(v ssa.Value) (OptElem, bool) {
	for {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.MakeInterface:
			v = x.X
			continue
		}
		break
	}
	call, ok := v.(*ssa.Call)
	if !ok {
		return OptElem{}, false
	}
	_, dur, ok := w.e.TimeoutOptionCall(&call.Call)
	if !ok || w.e.Guarded(w.fn, call) {
		return OptElem{}, false
	}
	val := w.e.Value(w.fn, dur)
	for j, a := range call.Call.Args {
		if a == dur {
			val = w.e.ArgOrigin(val, &call.Call, j)
		}
	}
	at := w.e.CallStart(call.Pos())
	return OptElem{Val: val, Pos: w.e.PosString(at), Func: NameOf(w.fn), at: at}, true
}

// CallerList is OptList with the caller's options followed out of
// closures: a list built on a captured variable is placed inside the list
// the enclosing function bound to it, up to the parameter that holds the
// caller's options (returned; nil when the list carries none or the
// binding is not known).
func (e *Engine) CallerList(fn *ssa.Function, v ssa.Value) (OptList, *ssa.Parameter) {
	l := e.OptList(fn, v)
	for depth := 0; l.Known && l.BaseFree >= 0 && depth < 8; depth++ {
		if l.BaseFree >= len(fn.FreeVars) || fn.Parent() == nil {
			return l, nil
		}
		bs := e.Bindings(fn.FreeVars[l.BaseFree])
		if len(bs) != 1 {
			return l, nil
		}
		parent := fn.Parent()
		w := &listWalker{e: e, fn: parent, visiting: map[ssa.Value]bool{}}
		var outer OptList
		if alloc, ok := bs[0].(*ssa.Alloc); ok {
			outer = w.stored(alloc, 0)
		} else {
			outer = w.list(bs[0], 0)
		}
		if !outer.Known {
			return OptList{}, nil
		}
		merged := outer
		merged.Filtered = outer.Filtered || l.Filtered
		if outer.HasBase() {
			merged.Pre = append(append([]OptElem(nil), outer.Pre...), l.Pre...)
			merged.Suf = append(append([]OptElem(nil), outer.Suf...), l.Suf...)
		} else {
			merged.Elems = append(append(append(append([]OptElem(nil), outer.Elems...), l.Pre...), l.Suf...), l.Elems...)
		}
		fn, l = parent, merged
	}
	if l.Known && l.Base >= 0 && l.Base < len(fn.Params) {
		return l, fn.Params[l.Base]
	}
	return l, nil
}
