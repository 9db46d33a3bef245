package ctxmodel

import (
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Local says what a symbolic value of fn is to fn itself, for the local
// checks: a parameter is the caller's (User) or, for the receiver or a
// config-typed parameter, configuration (Config); a timeout read from the
// caller's option list is the caller's; a closure's captured variable is
// what its enclosing function bound (a parameter of a constructor that
// builds the closure configures it: Config); a parameter of a closure
// handed to another function is what that function passes it (a retry
// loop's attempt timeout). Non-symbolic values are returned as they are.
func (e *Engine) Local(fn *ssa.Function, v Val) Val {
	return e.local(fn, v, 0)
}

// LocalValue is Local(fn, Value(fn, v)).
func (e *Engine) LocalValue(fn *ssa.Function, v ssa.Value) Val {
	return e.local(fn, e.Value(fn, v), 0)
}

func (e *Engine) local(fn *ssa.Function, v Val, depth int) Val {
	if depth > 6 || fn == nil {
		return Val{}
	}
	switch v.Kind {
	case Param:
		if v.Index >= len(fn.Params) {
			return Val{}
		}
		p := fn.Params[v.Index]
		if strings.HasPrefix(v.Path, "@") {
			return Val{Kind: User, Known: v.Known, NS: v.NS, Path: v.Path, Origin: "the caller's timeout option (" + p.Name() + ")", Pos: e.PosString(p.Pos())}
		}
		if fn.Parent() != nil && v.Path == "" {
			if r, ok := e.closureArg(fn, v.Index, depth); ok {
				return r
			}
		}
		origin := p.Name()
		if v.Path != "" {
			origin += "." + v.Path
		} else {
			origin = "parameter " + origin
		}
		kind := User
		if fn.Signature.Recv() != nil && v.Index == 0 || isConfigType(p.Type()) {
			kind = Config
		}
		pos := v.Pos // a tag default's field
		if pos == "" && !v.Known {
			// The parameter's own position; not for a value with a
			// default, whose position would read as the default's.
			pos = e.PosString(p.Pos())
		}
		out := Val{Kind: kind, Known: v.Known, NS: v.NS, Origin: origin, Pos: pos}
		if kind == Config {
			out = e.withFieldDefault(out, p.Type(), v.Path)
		}
		return out
	case Free:
		if v.Index >= len(fn.FreeVars) {
			return Val{}
		}
		fv := fn.FreeVars[v.Index]
		parent := fn.Parent()
		var vals []Val
		for _, b := range e.Bindings(fv) {
			pv := e.ValueAt(parent, b, splitPath(v.Path), v.Addr)
			if pv.Kind == Param && !receivesCallerContext(parent) && !strings.HasPrefix(pv.Path, "@") {
				// A constructor's parameter configures the closure it
				// builds; an unexported constructor's callers say with what.
				lv := e.local(parent, pv, depth+1)
				lv.Kind = Config
				lv.Origin = strings.Replace(lv.Origin, "parameter ", "constructor parameter ", 1)
				if !lv.Known {
					if w, ok := e.constructorArgs(parent, pv.Index, splitPath(pv.Path), pv.Addr, depth); ok && w.Known && w.NS > 0 {
						lv.Known, lv.NS = true, w.NS
						if w.Pos != "" {
							lv.Pos = w.Pos // where the default is set
						}
					}
				}
				vals = append(vals, lv)
				continue
			}
			vals = append(vals, e.local(parent, pv, depth+1))
		}
		if len(vals) == 0 {
			return Val{Origin: fv.Name()}
		}
		return join(vals)
	}
	return v
}

// closureArg evaluates parameter i of closure fn from the calls that run
// it: fn (or a closure of it) handed as argument j to a static function g
// of this package, which calls its parameter j. Returns ok=false when no
// such call is seen.
func (e *Engine) closureArg(fn *ssa.Function, i, depth int) (Val, bool) {
	uses := e.closureValues(fn)
	if len(uses) == 0 {
		uses = append(uses, fn)
	}
	hs, _ := e.handoffs(uses)
	var vals []Val
	for _, h := range hs {
		for _, c := range h.calls {
			if i < len(c.Args) {
				vals = append(vals, e.local(h.g, e.Value(h.g, c.Args[i]), depth+1))
			}
		}
	}
	if len(vals) == 0 {
		return Val{}, false
	}
	return join(vals), true
}

// closureValues are the values closure fn is made as (one per
// MakeClosure; none for a function without free variables, which is
// referred to as itself).
func (e *Engine) closureValues(fn *ssa.Function) []ssa.Value {
	var uses []ssa.Value
	for _, mc := range e.makeClosures(fn) {
		uses = append(uses, mc)
	}
	return uses
}

// handoff is a function value handed as an argument to a static function
// g of this package: the handing call, g, and g's calls of that parameter.
type handoff struct {
	call  ssa.CallInstruction
	g     *ssa.Function
	calls []*ssa.CallCommon
}

// handoffs returns where the function values uses are handed, as an
// argument, to a static function of this package. ok is false when one
// is also handed to a call the engine cannot follow (a dynamic call or
// another package's function); those are left out.
func (e *Engine) handoffs(uses []ssa.Value) (hs []handoff, ok bool) {
	ok = true
	for _, u := range uses {
		refs := u.Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			call, isCall := r.(ssa.CallInstruction)
			if !isCall || call.Common().Value == u {
				continue
			}
			g := call.Common().StaticCallee()
			if g == nil || g.Pkg != e.SSA || len(g.Blocks) == 0 {
				ok = false
				continue
			}
			for j, a := range call.Common().Args {
				if a == u && j < len(g.Params) {
					hs = append(hs, handoff{call: call, g: g, calls: e.callsOf(g, g.Params[j])})
				}
			}
		}
	}
	return hs, ok
}

// callsOf returns the calls in g of the function value f.
func (e *Engine) callsOf(g *ssa.Function, f ssa.Value) []*ssa.CallCommon {
	var out []*ssa.CallCommon
	for _, b := range g.Blocks {
		for _, in := range b.Instrs {
			if c, ok := in.(ssa.CallInstruction); ok && c.Common().Value == f {
				out = append(out, c.Common())
			}
		}
	}
	return out
}

// receivesCallerContext reports whether fn takes a context.Context or an
// *http.Request parameter.
func receivesCallerContext(fn *ssa.Function) bool {
	return fn != nil && ReceivesCallerContext(fn.Signature)
}

// Deadline evaluates a time.Time value used as a deadline: time.Now().Add(d)
// is d's value; a deadline from ctx.Deadline() (or derived from one,
// dl.Add(-margin)) is Remaining; time.Unix(0, req.Expiry) is the caller's;
// a fixed absolute time is Unknown (not a budget).
func (e *Engine) Deadline(fn *ssa.Function, v ssa.Value) Val {
	return (&evaluator{e: e, fn: fn, visits: map[ssa.Value]bool{}}).deadline(v, 0)
}

func (ev *evaluator) deadline(v ssa.Value, depth int) Val {
	if depth > evalDepth {
		return Val{}
	}
	switch x := v.(type) {
	case *ssa.Extract:
		if call, ok := x.Tuple.(*ssa.Call); ok && x.Index == 0 && isSSADeadlineCall(call) {
			return Val{Kind: Remaining, Origin: "caller's deadline"}
		}
	case *ssa.Phi:
		if ev.visits[x] {
			return Val{}
		}
		ev.visits[x] = true
		defer delete(ev.visits, x)
		var vals []Val
		for _, ed := range x.Edges {
			if c, ok := ed.(*ssa.Const); ok && c.IsNil() {
				continue
			}
			vals = append(vals, ev.deadline(ed, depth+1))
		}
		return join(vals)
	case *ssa.Call:
		fn := x.Call.StaticCallee()
		args := x.Call.Args
		switch {
		case fn == nil:
		case isTimeMethod(fn, "Add") && len(args) == 2:
			if now, ok := args[0].(*ssa.Call); ok && isFunc(now.Call.StaticCallee(), "time", "Now") {
				return ev.e.ArgOrigin(ev.value(args[1], nil, depth+1), &x.Call, 1)
			}
			return timeBudget(ev.deadline(args[0], depth+1))
		case isFunc(fn, "time", "Unix") || isFunc(fn, "time", "UnixMilli") || isFunc(fn, "time", "UnixMicro"):
			var vals []Val
			for _, a := range args {
				vals = append(vals, ev.value(a, nil, depth+1))
			}
			switch j := join(vals); j.Kind {
			case User, Config, Remaining, Param, Free:
				j.Known = false
				return j
			}
			return Val{}
		}
	}
	out := ev.value(v, nil, depth+1)
	if out.Kind == Fixed || out.Kind == Default {
		return Val{}
	}
	return out
}
