package ctxmodel

import (
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Value evaluation: what a duration-typed SSA value is, in the lattice of
// Val, symbolic in the parameters and free variables of its function.
//
// Followed: constants; conversions; arithmetic (a fixed value scaled or
// offset by fixed values stays fixed, a caller's value scaled by a unit
// stays the caller's); min/max; phis (join: Remaining wins, a caller's
// value with a fixed fallback keeps the fallback as its default); loads of
// locals, of fields of parameters and of package-level defaults; results
// of helpers (this package's computed on demand, other packages' from
// their HelperFact); time.Until(dl) and dl.Sub(time.Now()) of a deadline
// from ctx.Deadline() (Remaining); time.ParseDuration of a caller's value;
// getters on a parameter.

const evalDepth = 24

type evaluator struct {
	e      *Engine
	fn     *ssa.Function
	visits map[ssa.Value]bool

	// The first store of a context value met by ctxValue, and its value.
	store    *ssa.Call
	storeVal Val
}

// Value evaluates the duration v of function fn, symbolically: a
// parameter is Param, a captured variable Free (see Local for what they
// are to fn itself).
func (e *Engine) Value(fn *ssa.Function, v ssa.Value) Val {
	if r, ok := e.values[v]; ok {
		return r
	}
	if e.nest > maxNest {
		return Val{}
	}
	e.nest++
	defer func() { e.nest-- }()
	r := (&evaluator{e: e, fn: fn, visits: map[ssa.Value]bool{}}).value(v, nil, 0)
	e.values[v] = r
	return r
}

// ValueAt evaluates v at path (a field path below a struct value); addr:
// v is the address of the value.
func (e *Engine) ValueAt(fn *ssa.Function, v ssa.Value, path []string, addr bool) Val {
	// Evaluations nest through helpers' results and closures' bindings; a
	// cycle between them (mutually recursive helpers) ends here.
	if e.nest > maxNest {
		return Val{}
	}
	e.nest++
	defer func() { e.nest-- }()
	ev := &evaluator{e: e, fn: fn, visits: map[ssa.Value]bool{}}
	if addr {
		return ev.addr(v, path, 0)
	}
	return ev.value(v, path, 0)
}

// maxNest bounds evaluations nested through calls.
const maxNest = 12

func splitPath(p string) []string {
	if p == "" {
		return nil
	}
	return strings.Split(p, ".")
}

func (ev *evaluator) value(v ssa.Value, path []string, depth int) Val {
	if v == nil || depth > evalDepth {
		return Val{}
	}
	switch v := v.(type) {
	case *ssa.Const:
		if len(path) > 0 {
			return Val{}
		}
		if v.Value == nil {
			return Val{Kind: Fixed, Known: true} // the zero value
		}
		if iv := constant.ToInt(v.Value); iv.Kind() == constant.Int {
			if ns, ok := constant.Int64Val(iv); ok {
				return Val{Kind: Fixed, Known: true, NS: ns}
			}
		}
		return Val{Kind: Fixed}
	case *ssa.Parameter:
		for i, p := range ev.fn.Params {
			if p == v {
				return ev.e.tagDefault(Val{Kind: Param, Index: i, Origin: p.Name()}.withPath(path), p.Type(), path)
			}
		}
	case *ssa.FreeVar:
		for i, fv := range ev.fn.FreeVars {
			if fv == v {
				return Val{Kind: Free, Index: i, Origin: fv.Name()}.withPath(path)
			}
		}
	case *ssa.UnOp:
		switch v.Op {
		case token.MUL:
			return ev.addr(v.X, path, depth+1)
		case token.SUB:
			if len(path) == 0 {
				x := ev.value(v.X, nil, depth+1)
				if x.Kind == Fixed || x.Kind == Default {
					x.NS = -x.NS
					return x
				}
			}
		}
	case *ssa.Field:
		return ev.value(v.X, append([]string{FieldName(v.X.Type(), v.Field)}, path...), depth+1)
	case *ssa.ChangeType:
		return ev.value(v.X, path, depth+1)
	case *ssa.Convert:
		return ev.value(v.X, path, depth+1)
	case *ssa.MakeInterface:
		return ev.value(v.X, path, depth+1)
	case *ssa.TypeAssert:
		// A duration carried in a context value or an interface: the
		// caller's when the interface is.
		if len(path) == 0 && !v.CommaOk {
			return userOf(ev.value(v.X, nil, depth+1))
		}
		if call, ok := v.X.(*ssa.Call); ok && len(path) > 0 && !v.CommaOk {
			if r, ok := ev.ctxValueRead(&call.Call, path, depth); ok {
				return r // an options struct stored in a context value
			}
		}
	case *ssa.Phi:
		if len(path) == 0 {
			return ev.phi(v, depth)
		}
	case *ssa.BinOp:
		if len(path) == 0 {
			return ev.binop(v, depth)
		}
	case *ssa.Extract:
		if call, ok := v.Tuple.(*ssa.Call); ok && len(path) == 0 {
			if r, ok := ev.result(&call.Call, v.Index, depth); ok {
				return r
			}
			if isSSADeadlineCall(call) && v.Index == 0 {
				return Val{Kind: Remaining, Origin: "caller's deadline"}
			}
			if fn := call.Call.StaticCallee(); fn != nil && isFunc(fn, "time", "ParseDuration") && v.Index == 0 && len(call.Call.Args) == 1 {
				return userOf(ev.value(call.Call.Args[0], nil, depth+1))
			}
			if ta, ok := v.Tuple.(*ssa.TypeAssert); ok && v.Index == 0 {
				return userOf(ev.value(ta.X, nil, depth+1))
			}
		}
		if ta, ok := v.Tuple.(*ssa.TypeAssert); ok && v.Index == 0 && len(path) == 0 {
			return userOf(ev.value(ta.X, nil, depth+1))
		}
	case *ssa.Call:
		if r, ok := ev.ctxValueRead(&v.Call, path, depth); ok {
			return r
		}
		if len(path) == 0 {
			if r, ok := ev.result(&v.Call, 0, depth); ok {
				return r
			}
			return ev.call(v, depth)
		}
		// A struct returned by a getter of a parameter.
		return ev.getter(&v.Call, path, depth)
	}
	return Val{}
}

// userOf turns a caller's value read through a conversion, a parse or a
// type assertion into a User value (its origin kept).
func userOf(v Val) Val {
	switch v.Kind {
	case User:
		return Val{Kind: User, Origin: v.Origin, Pos: v.Pos}
	case Param, Free:
		return v // still symbolic: the caller decides
	}
	return Val{}
}

// result is the value of duration result i of a static call, from the
// callee's helper summary, in terms of this function.
func (ev *evaluator) result(c *ssa.CallCommon, i int, depth int) (Val, bool) {
	callee := c.StaticCallee()
	if callee == nil || depth > evalDepth/2 {
		return Val{}, false
	}
	h := ev.e.helperOf(callee)
	if h == nil {
		return Val{}, false
	}
	for _, r := range h.Results {
		if r.Index == i {
			return ev.e.Subst(ev.fn, r.Val, c), true
		}
	}
	return Val{}, false
}

// getter evaluates a method call on a parameter with no helper summary
// (generated getters: req.GetTimeout(), req.GetTimeout().AsDuration()):
// the parameter's value at a path naming the getter.
func (ev *evaluator) getter(c *ssa.CallCommon, path []string, depth int) Val {
	fn := c.StaticCallee()
	if fn == nil || fn.Signature.Recv() == nil || len(c.Args) != 1 {
		return Val{}
	}
	recv := ev.value(c.Args[0], nil, depth+1)
	if recv.Kind == Unknown {
		recv = ev.addr(c.Args[0], nil, depth+1)
	}
	switch recv.Kind {
	case Param, Free, User, Config:
		return recv.Field(fn.Name() + "()").withPath(path)
	}
	return Val{}
}

func (ev *evaluator) call(call *ssa.Call, depth int) Val {
	c := &call.Call
	if b, ok := c.Value.(*ssa.Builtin); ok && (b.Name() == "min" || b.Name() == "max") {
		vals := make([]Val, len(c.Args))
		for i, a := range c.Args {
			vals[i] = ev.value(a, nil, depth+1)
			if vals[i].Kind == Remaining {
				return vals[i]
			}
		}
		out := vals[0]
		for _, av := range vals[1:] {
			switch {
			case (out.Kind == Fixed || out.Kind == Default) && (av.Kind == Fixed || av.Kind == Default) && out.Known && av.Known:
				if (b.Name() == "min") == (av.NS < out.NS) {
					out = av
				}
			case av.Kind == Fixed || av.Kind == Default:
				// min(user, 5s): the caller's value, bounded.
			case out.Kind == Fixed || out.Kind == Default:
				out = av
			default:
				out = join([]Val{out, av})
			}
		}
		return out
	}
	fn := c.StaticCallee()
	if fn == nil {
		return Val{}
	}
	switch {
	case isFunc(fn, "time", "Until") && len(c.Args) == 1:
		return timeBudget(ev.deadline(c.Args[0], depth+1))
	case isTimeMethod(fn, "Sub") && len(c.Args) == 2:
		return timeBudget(ev.deadline(c.Args[0], depth+1))
	case isDurationMethod(fn, "Truncate", "Round", "Abs") && len(c.Args) >= 1:
		return ev.value(c.Args[0], nil, depth+1)
	}
	if fn.Signature.Recv() != nil && len(c.Args) == 1 && IsDuration(fn.Signature.Results().At(0).Type()) {
		return ev.getter(c, nil, depth)
	}
	return Val{}
}

func timeBudget(t Val) Val {
	switch t.Kind {
	case Remaining, User, Param, Free:
		return t
	}
	return Val{}
}

func (ev *evaluator) binop(v *ssa.BinOp, depth int) Val {
	x := ev.value(v.X, nil, depth+1)
	y := ev.value(v.Y, nil, depth+1)
	if x.Kind == Remaining || y.Kind == Remaining {
		return Val{Kind: Remaining, Origin: "caller's deadline"}
	}
	isFixed := func(a Val) bool { return a.Kind == Fixed || a.Kind == Default }
	switch v.Op {
	case token.MUL, token.QUO, token.ADD, token.SUB:
	default:
		return Val{}
	}
	if isFixed(x) && isFixed(y) {
		out := x
		if x.Kind == Fixed && y.Kind == Default || x.Origin == "" {
			out.Kind, out.Origin, out.Pos = y.Kind, y.Origin, y.Pos
			if x.Kind == Default {
				out.Kind = Default
			}
		}
		out.Known = x.Known && y.Known
		if out.Known {
			out.NS, out.Known = arith(v.Op, x.NS, y.NS)
		}
		return out
	}
	// A caller's or configured value scaled or offset by a fixed one
	// (req.TimeoutSeconds * time.Second) stays what it was.
	if isFixed(x) {
		x, y = y, x
	}
	if isFixed(y) {
		switch x.Kind {
		case User, Config, Param, Free:
			// A known default scales with its unit
			// (time.Duration(c.TimeoutMs) * time.Millisecond).
			if x.Known && y.Known && v.Op == token.MUL {
				x.NS, x.Known = arith(v.Op, x.NS, y.NS)
				return x
			}
			x.Known = false
			return x
		}
	}
	return Val{}
}

func (ev *evaluator) phi(p *ssa.Phi, depth int) Val {
	if ev.visits[p] {
		return Val{}
	}
	ev.visits[p] = true
	defer delete(ev.visits, p)
	var vals []Val
	for _, ed := range p.Edges {
		if ed == p {
			continue
		}
		v := ev.value(ed, nil, depth+1)
		if v.Kind == Unknown {
			if c, ok := ed.(*ssa.Const); ok && c.IsNil() {
				continue // a variable declared and not yet set
			}
		}
		if v.Kind == Fixed && v.Known && v.NS == 0 && len(p.Edges) > 1 {
			continue // zero: "not set" on that path
		}
		vals = append(vals, v)
	}
	if len(vals) == 0 {
		return Val{}
	}
	// An unknown path next to a caller's value does not hide it.
	var known []Val
	for _, v := range vals {
		if v.Kind != Unknown {
			known = append(known, v)
		}
	}
	if len(known) < len(vals) {
		for _, v := range known {
			if v.Kind != Fixed && v.Kind != Default {
				return join(known)
			}
		}
		return Val{}
	}
	return join(vals)
}

// addr evaluates the value stored at address a, then selects path.
func (ev *evaluator) addr(a ssa.Value, path []string, depth int) Val {
	if depth > evalDepth {
		return Val{}
	}
	switch a := a.(type) {
	case *ssa.Global:
		return ev.e.global(a, path)
	case *ssa.FieldAddr:
		return ev.addr(a.X, append([]string{FieldName(a.X.Type(), a.Field)}, path...), depth+1)
	case *ssa.Parameter, *ssa.FreeVar:
		v := ev.value(a, path, depth+1)
		if v.Symbolic() {
			v.Addr = true
		}
		return v
	case *ssa.Alloc:
		return ev.alloc(a, path, depth)
	case *ssa.UnOp:
		if a.Op == token.MUL {
			if v, ok := ev.e.flagPointee(a); ok && len(path) == 0 {
				return v // *timeout, timeout = flag.Duration(...)
			}
			// A pointer loaded from memory (a receiver field, a captured variable).
			v := ev.addr(a.X, nil, depth+1)
			if v.Symbolic() {
				return v.withPath(path)
			}
		}
	case *ssa.TypeAssert, *ssa.Extract:
		// A pointer to an options struct read from a context value
		// (o, _ := ctx.Value(optsKey{}).(*Options); o.Timeout).
		ta, ok := a.(*ssa.TypeAssert)
		if ex, isEx := a.(*ssa.Extract); isEx && ex.Index == 0 {
			ta, ok = ex.Tuple.(*ssa.TypeAssert)
		}
		if ok {
			if call, isCall := ta.X.(*ssa.Call); isCall {
				if r, ok := ev.ctxValueRead(&call.Call, path, depth); ok {
					return r
				}
			}
		}
	case *ssa.Call:
		if v, ok := ev.e.flagPointee(a); ok && len(path) == 0 {
			return v // *flag.Duration(...)
		}
		// A pointer returned by a getter of a parameter (req.GetOpts().Timeout).
		return ev.getter(&a.Call, path, depth)
	}
	return Val{}
}

// alloc evaluates a local variable or a field of a local struct: the
// values stored to it (joined), or, for a struct filled by a call
// (json.Decode(&req)), a caller's value.
func (ev *evaluator) alloc(a *ssa.Alloc, path []string, depth int) Val {
	refs := a.Referrers()
	if refs == nil || ev.visits[a] {
		return Val{} // a variable whose value depends on itself (x = x + d)
	}
	ev.visits[a] = true
	defer delete(ev.visits, a)
	var stored []Val
	var applied []ssa.Value
	escapes := false
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr == a {
				stored = append(stored, ev.value(r.Val, path, depth+1))
			}
		case *ssa.FieldAddr:
			if len(path) > 0 && FieldName(a.Type(), r.Field) == path[0] {
				if rr := r.Referrers(); rr != nil {
					for _, x := range *rr {
						if st, ok := x.(*ssa.Store); ok && st.Addr == r {
							v := ev.value(st.Val, path[1:], depth+1)
							if v.Kind == Fixed && v.Origin == "" {
								v = ev.e.StoreOrigin(v, st.Pos())
							}
							stored = append(stored, v)
						}
					}
				}
			}
		case ssa.CallInstruction:
			c := r.Common()
			if !c.IsInvoke() && c.StaticCallee() == nil {
				if _, isBuiltin := c.Value.(*ssa.Builtin); !isBuiltin {
					// Handed to a function value: options applied to it.
					// Its timeout field is then the one the caller's
					// options set (for _, o := range opts { o(&cfg) }).
					applied = append(applied, c.Value)
					continue
				}
			}
			escapes = true
		}
	}
	if len(applied) > 0 {
		if len(path) == 0 || !containsFold(path[0], "timeout") {
			return Val{}
		}
		for _, f := range applied {
			from, ok := (&listWalker{e: ev.e, fn: ev.fn, visiting: map[ssa.Value]bool{}}).callerElem(f)
			if !ok {
				return Val{}
			}
			caller := Val{Kind: Param, Index: from.Base, Path: "@" + path[0], Origin: "the caller's timeout option"}
			if from.Base < 0 {
				caller.Kind, caller.Index = Free, from.BaseFree
			}
			stored = append(stored, caller)
		}
		return join(stored)
	}
	if len(stored) > 0 {
		return join(stored)
	}
	if escapes && len(path) > 0 {
		name := a.Comment
		if name == "" || name == "complit" || name == "new" {
			name = "req"
		}
		return Val{Kind: User, Origin: name}.withPath(path)
	}
	return Val{}
}

// StoreOrigin gives a fixed value stored by a composite literal field
// (T{Timeout: 3 * time.Second}) its origin from the syntax.
func (e *Engine) StoreOrigin(v Val, pos token.Pos) Val {
	if v.Kind != Fixed || v.Origin != "" {
		return v
	}
	e.indexSyntax()
	if kv := e.kvs[pos]; kv != nil {
		v.Origin, v.Pos = e.exprOrigin(kv.Value)
	} else if v.Pos == "" {
		v.Pos = e.PosString(pos)
	}
	return v
}

// ---- substitution ----

// Subst rewrites a callee's symbolic value in terms of the caller fn at
// call c: a parameter becomes the argument, a closure's free variable its
// binding (for a closure called in place).
func (e *Engine) Subst(fn *ssa.Function, v Val, c *ssa.CallCommon) Val {
	switch v.Kind {
	case Param:
		if v.Index >= len(c.Args) {
			return Val{}
		}
		if strings.HasPrefix(v.Path, "@") {
			return e.optionTimeout(fn, c.Args[v.Index], v.Path)
		}
		if key, path, ok := splitCtxValuePath(v.Path); ok {
			ev := &evaluator{e: e, fn: fn, visits: map[ssa.Value]bool{}}
			return ev.ctxValue(c.Args[v.Index], key, path, 0)
		}
		out := e.ValueAt(fn, c.Args[v.Index], splitPath(v.Path), v.Addr)
		if v.Known {
			// "The parameter if set, else the default."
			switch {
			case isZero(out):
				return Val{Kind: Fixed, Known: true, NS: v.NS}
			case !out.Known && (out.Kind == User || out.Kind == Config || out.Symbolic()):
				out.Known, out.NS = true, v.NS
				out.Pos = v.Pos // where the default is set, if known (not where the value is read)
			}
		}
		if out.Kind == Fixed && out.Origin == "" && v.Path == "" {
			out = e.ArgOrigin(out, c, v.Index)
		}
		return out
	case Free:
		if mc, ok := c.Value.(*ssa.MakeClosure); ok && v.Index < len(mc.Bindings) {
			if key, path, ok := splitCtxValuePath(v.Path); ok {
				ev := &evaluator{e: e, fn: fn, visits: map[ssa.Value]bool{}}
				return ev.ctxValue(mc.Bindings[v.Index], key, path, 0)
			}
			return e.ValueAt(fn, mc.Bindings[v.Index], splitPath(v.Path), v.Addr)
		}
		return Val{}
	}
	return v
}

// optionTimeout is the timeout an option list sets: its last timeout
// option after the caller's, the caller's own (symbolic), or zero (unset).
func (e *Engine) optionTimeout(fn *ssa.Function, list ssa.Value, path string) Val {
	l := e.OptList(fn, list)
	switch {
	case !l.Known:
		return Val{}
	case len(l.Suf) > 0:
		return l.Suf[len(l.Suf)-1].Val
	case l.HasBase():
		return l.CallerOption(path)
	case len(l.Pre) > 0:
		return l.Pre[len(l.Pre)-1].Val
	case len(l.Elems) > 0:
		return l.Elems[len(l.Elems)-1].Val
	}
	return Val{Kind: Fixed, Known: true}
}

// CallerOption is the timeout option at path among the caller's options
// that a list carries (HasBase), symbolic in the parameter or free
// variable holding them.
func (l OptList) CallerOption(path string) Val {
	if l.Base >= 0 {
		return Val{Kind: Param, Index: l.Base, Path: path, Origin: "the caller's timeout option"}
	}
	return Val{Kind: Free, Index: l.BaseFree, Path: path, Origin: "the caller's timeout option"}
}

// SyntaxArg maps an SSA argument index of c to the index in the call's
// syntax (a static method call has its receiver as Args[0]).
func SyntaxArg(c *ssa.CallCommon, j int) int {
	if !c.IsInvoke() {
		if fn := c.StaticCallee(); fn != nil && fn.Signature.Recv() != nil {
			return j - 1
		}
	}
	return j
}

// ArgValue is what argument j of call c in fn is to fn: its value (with
// the constant's name from the syntax) as Local sees it.
func (e *Engine) ArgValue(fn *ssa.Function, c *ssa.CallCommon, j int) Val {
	return e.Local(fn, e.ArgOrigin(e.Value(fn, c.Args[j]), c, j))
}

// ArgOrigin gives a fixed value passed as argument j of call c the name
// and position of the constant the syntax spells (DefaultTimeout), or the
// argument's own position.
func (e *Engine) ArgOrigin(v Val, c *ssa.CallCommon, j int) Val {
	if v.Kind != Fixed || v.Origin != "" {
		return v
	}
	call := e.CallAt(c.Pos())
	if call == nil {
		return v
	}
	if k := SyntaxArg(c, j); k >= 0 && k < len(call.Args) {
		v.Origin, v.Pos = e.exprOrigin(call.Args[k])
	}
	return v
}

func isFunc(fn *ssa.Function, pkg, name string) bool {
	if fn == nil || fn.Name() != name || fn.Signature.Recv() != nil {
		return false
	}
	if obj, ok := fn.Object().(*types.Func); ok && obj.Pkg() != nil {
		return obj.Pkg().Path() == pkg
	}
	return fn.Pkg != nil && fn.Pkg.Pkg.Path() == pkg
}

func isTimeMethod(fn *ssa.Function, name string) bool {
	return fn.Name() == name && fn.Signature.Recv() != nil && IsTime(fn.Signature.Recv().Type())
}

func isDurationMethod(fn *ssa.Function, names ...string) bool {
	return fn.Signature.Recv() != nil && IsDuration(fn.Signature.Recv().Type()) && contains(names, fn.Name())
}
