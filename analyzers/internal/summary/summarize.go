package summary

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
)

// fnState accumulates the summary of one function.
type fnState struct {
	b   *builder
	fn  *ssa.Function
	ps  map[int]*ParamSummary
	sum *FuncSummary
}

func (st *fnState) param(i int) *ParamSummary {
	p := st.ps[i]
	if p == nil {
		role := Role(0)
		if i < len(st.fn.Params) {
			role = st.b.roleOf(st.fn.Params[i].Type())
		}
		p = &ParamSummary{Index: i, Role: role}
		st.ps[i] = p
	}
	return p
}

func (st *fnState) add(i int, effs []Effect, dyn []DynCall) {
	if i < 0 || i >= len(st.fn.Params) || (len(effs) == 0 && len(dyn) == 0) {
		return
	}
	p := st.param(i)
	p.Effects = append(p.Effects, effs...)
	p.Dyn = append(p.Dyn, dyn...)
}

// capContexts records a Cap by v, at pos, on each context parameter of
// the function: a bound on all of its sends (a client's or a connection's
// timeout).
func (st *fnState) capContexts(v Val, pos token.Pos) {
	for i, p := range st.fn.Params {
		if st.b.roleOf(p.Type()) == RoleCtx {
			st.add(i, []Effect{{Kind: Cap, Val: v, Path: []Step{st.b.step(st.fn, pos)}}}, nil)
		}
	}
}

// receiverValue reports whether v is (a field of) the receiver of method
// fn: the method's own configuration, not a caller's value.
func receiverValue(fn *ssa.Function, v Val) bool {
	return v.Kind == ctxmodel.Param && v.Index == 0 && fn.Signature.Recv() != nil
}

func skipFunc(fn *ssa.Function) bool {
	if fn == nil || len(fn.Blocks) == 0 {
		return true
	}
	return false
}

// summarize computes (once) the summary of a function of this package and,
// as a side effect, records its instances and entries.
func (b *builder) summarize(fn *ssa.Function) *FuncSummary {
	if s, ok := b.sums[fn]; ok {
		return s
	}
	if b.inProgress[fn] || skipFunc(fn) {
		return &FuncSummary{} // recursion: the cycle contributes nothing more
	}
	b.inProgress[fn] = true
	st := &fnState{b: b, fn: fn, ps: map[int]*ParamSummary{}, sum: &FuncSummary{Name: ctxmodel.NameOf(fn)}}
	for _, blk := range fn.Blocks {
		for _, in := range blk.Instrs {
			switch in := in.(type) {
			case *ssa.Call:
				b.visitCall(st, &in.Call, in)
			case *ssa.Return:
				b.visitReturn(st, in)
			case *ssa.ChangeType:
				if key := namedFuncKey(in.Type()); key != "" {
					if inst, ok := b.instanceOf(fn, in.X, key); ok {
						b.ownInsts = append(b.ownInsts, inst)
					}
				}
			case *ssa.MakeInterface:
				b.methodInstances(in.X.Type(), wiringPos(in))
			case *ssa.Store:
				// A function value stored into a func-typed field
				// (&S{fetch: f}, s.fetch = f): calls loading the field
				// resolve to it.
				if fa, ok := in.Addr.(*ssa.FieldAddr); ok {
					if key := fieldFuncKey(fa); key != "" {
						if inst, ok := b.instanceOf(fn, in.Val, key); ok {
							b.ownInsts = append(b.ownInsts, inst)
						}
					}
				}
			}
		}
	}
	// A client's or dialer's timeout set by its constructor bounds every
	// send of this method: a cap on each of its contexts.
	for _, cc := range b.e.ClientCaps(fn) {
		st.capContexts(cc.Val, cc.Send.Pos())
	}
	b.sinkDefaults(st)
	var params []ParamSummary
	for i := range fn.Params {
		if p := st.ps[i]; p != nil {
			params = append(params, *p)
		}
	}
	st.sum.Params = normParams(params)
	st.sum.Insts = normInsts(st.sum.Insts)
	delete(b.inProgress, fn)
	b.sums[fn] = st.sum
	return st.sum
}

func (b *builder) step(fn *ssa.Function, pos token.Pos) Step {
	if fn.Synthetic != "" {
		return Step{}
	}
	return Step{Func: ctxmodel.NameOf(fn), Pos: b.e.PosString(pos)}
}

// visitCall applies a call's effects to the caller's tracked parameters
// and records entries of user timeouts.
func (b *builder) visitCall(st *fnState, c *ssa.CallCommon, in ssa.Instruction) {
	fn := st.fn
	// A connection deadline now+fixed set in a function that takes a
	// caller's context bounds the I/O done for it: a cap on its contexts.
	if _, dl := ctxmodel.ConnDeadline(in.(ssa.CallInstruction)); dl != nil && ctxmodel.ReportsFailure(fn) && !b.e.Detached(fn) && !b.e.Guarded(fn, in) {
		if v := b.e.Local(fn, b.e.Deadline(fn, dl)); v.IsFixed() || v.IsDefaulted() {
			if v.Pos == "" {
				v.Pos = b.e.PosString(in.Pos())
			}
			st.capContexts(v, in.Pos())
		}
	}
	// Local caps: context.WithTimeout/WithDeadline(ctx-from-param, symbolic).
	if callee := c.StaticCallee(); callee != nil && isContextBound(callee) && len(c.Args) >= 2 {
		tr := b.traceCtx(fn, c.Args[0])
		if tr.base >= 0 && !b.e.Guarded(fn, in) {
			call := in.(*ssa.Call)
			d := b.boundValue(fn, call)
			if d.Kind == ctxmodel.Param && d.Path != "" && receiverValue(fn, d) {
				// A field of the receiver that the module's constructor
				// defaults (c.timeout, New sets 2s): the default, as the
				// local check counts it; a caller's struct is not
				// followed further.
				if l := b.e.Local(fn, d); l.IsDefaulted() {
					d = l
				}
			}
			switch {
			case d.Symbolic():
				st.add(tr.base, []Effect{{Kind: Cap, Val: d, Path: []Step{b.step(fn, in.Pos())}}}, nil)
			case d.Kind == ctxmodel.Unknown:
				// A bound computed from the caller's options (o :=
				// resolve(defaults, opts); WithTimeout(ctx, o.Timeout)):
				// the options are applied here, the caller's timeout
				// option wins over the default (the budget report's end of
				// a path that keeps the budget).
				for i, p := range fn.Params {
					if b.roleOf(p.Type()) == RoleOpts && dependsOn(c.Args[1], p, 0) {
						st.add(i, []Effect{{Kind: Apply, Val: d, Path: []Step{b.step(fn, in.Pos())}}}, nil)
					}
				}
			case (d.IsFixed() || d.IsDefaulted()) && b.e.BoundsCallerWork(fn, call):
				// A fixed (or module-defaulted) bound on the caller's
				// context, in scope for the local check too: callers that
				// bound the context by a user timeout first see it cut.
				if d.Pos == "" {
					d.Pos = b.e.PosString(b.argPos(call.Pos(), 1, c))
				}
				st.add(tr.base, []Effect{{Kind: Cap, Val: d, Path: []Step{b.step(fn, in.Pos())}}}, nil)
			}
		}
		return
	}
	if bi, ok := c.Value.(*ssa.Builtin); ok && bi != nil {
		return
	}
	var sum *FuncSummary
	var key string
	argShift := 0
	switch {
	case c.IsInvoke() && b.concreteMethod(c) != nil:
		// The interface value is made here from a known type: the call
		// is that type's method, not any implementation's.
		sum = b.calleeSummary(b.concreteMethod(c))
		if sum == nil {
			sum = &FuncSummary{}
		}
		argShift = 1
	case c.IsInvoke():
		key = methodKey(c.Method.Name(), c.Method.Type().(*types.Signature))
	case c.StaticCallee() != nil:
		sum = b.calleeSummary(c.StaticCallee())
		if sum == nil {
			sum = &FuncSummary{}
		}
		if len(sum.Insts) > 0 {
			for _, inst := range sum.Insts {
				b.ownInsts = append(b.ownInsts, b.substInstance(fn, inst, c))
			}
		}
	default:
		key = namedFuncKey(c.Value.Type())
		if key == "" {
			key = fieldFuncKey(loadedFieldFunc(c.Value))
		}
	}
	if sum == nil && key == "" {
		return
	}
	step := b.step(fn, in.Pos())
	// calleeParam returns the callee's summary for argument j.
	calleeParam := func(j int) ([]Effect, []DynCall) {
		if key != "" {
			role := b.roleOf(c.Args[j].Type())
			if c.IsInvoke() && role == RoleCtx && !ctxmodel.HasErrorResult(c.Signature()) {
				// Contexts flow into interface methods everywhere (loggers,
				// propagators, tracers): a context is followed through
				// interface dispatch only into methods that can fail the
				// caller (an error result), which keeps facts small.
				return nil, nil
			}
			return nil, []DynCall{{Key: key, Arg: j, Role: role, Path: []Step{step}}}
		}
		ps := sum.Param(j + argShift)
		if ps == nil {
			return nil, nil
		}
		if argShift != 0 {
			// The method's parameter indexes count its receiver: keep the
			// effects that do not depend on them (as interface dispatch does).
			q := *ps
			q.Effects = nil
			for _, e := range ps.Effects {
				if e.Val.Kind != ctxmodel.Param {
					q.Effects = append(q.Effects, e)
				}
			}
			ps = &q
		}
		return b.substEffects(fn, ps, c, step)
	}
	for j, arg := range c.Args {
		switch b.roleOf(arg.Type()) {
		case RoleCtx:
			tr := b.traceCtx(fn, arg)
			var applied *Effect // where the callee applies a budget stored in a context value
			if tr.user.Kind == ctxmodel.Unknown && sum != nil {
				tr.user, tr.userPos, applied = b.valueBudget(fn, arg, sum.Param(j+argShift))
			}
			if tr.base < 0 && tr.durParam < 0 && tr.user.Kind == ctxmodel.Unknown {
				continue
			}
			effs, dyn := calleeParam(j)
			if b.e.Guarded(fn, in) {
				// Called only when the caller set no deadline.
				effs, dyn = nil, nil
			}
			st.add(tr.base, effs, dyn)
			st.add(tr.durParam, effs, dyn)
			if tr.user.Kind != ctxmodel.Unknown && (len(effs) > 0 || len(dyn) > 0) {
				entryEffs := effs
				if applied != nil {
					// For the budget report: the user's value reaches the
					// bound that applies it (not a narrowing: timeoutflow
					// reports only the Replace, Drop and Cap effects).
					entryEffs = append(slices.Clip(effs), Effect{Kind: Apply, Val: tr.user, Path: prepend(b.step(fn, in.Pos()), applied.Path)})
				}
				b.entries = append(b.entries, Entry{Func: fn, Pos: tr.userPos, User: tr.user, Role: RoleCtx, CallPos: in.Pos(),
					Callee: ParamSummary{Index: j, Role: RoleCtx, Effects: entryEffs, Dyn: dyn}})
			}
		case RoleDur:
			v := b.e.Value(fn, arg)
			switch {
			case v.Kind == ctxmodel.Param && v.Path == "":
				effs, dyn := calleeParam(j)
				st.add(v.Index, effs, dyn)
			case isUserEntry(v):
				if effs, dyn := calleeParam(j); len(effs) > 0 || len(dyn) > 0 {
					b.entries = append(b.entries, Entry{Func: fn, Pos: b.argPos(in.Pos(), j, c), User: entryVal(v), Role: RoleDur,
						CallPos: in.Pos(), Callee: ParamSummary{Index: j, Role: RoleDur, Effects: effs, Dyn: dyn}})
				}
			}
		case RoleOpts:
			sh := b.e.OptList(fn, arg)
			if !sh.Known || sh.BaseFree >= 0 {
				continue
			}
			if sh.Base >= 0 {
				if n := len(sh.Suf); n > 0 {
					last := sh.Suf[n-1]
					local := last.Func == ctxmodel.NameOf(fn)
					if last.Val.Symbolic() || (!local && last.Val.IsFixed()) {
						path := []Step{step}
						if !local {
							path = append(path, Step{Func: last.Func, Pos: last.Pos})
						}
						st.add(sh.Base, []Effect{{Kind: Replace, Val: last.Val, Path: path}}, nil)
					}
					continue
				}
				effs, dyn := calleeParam(j)
				st.add(sh.Base, effs, dyn)
				continue
			}
			// No caller options in the slice.
			effs, dyn := calleeParam(j)
			if key == "" && sum != nil {
				// Dropped: the caller's own options are not passed on.
				if p := b.sameOptsParam(fn, arg.Type()); p >= 0 && len(sh.Elems) == 0 {
					var drops []Effect
					for _, e := range effs {
						if e.Kind == Apply {
							e.Kind = Drop
							drops = append(drops, e)
						}
					}
					st.add(p, drops, nil)
				}
			}
			if n := len(sh.Elems); n > 0 {
				last := sh.Elems[n-1]
				switch {
				case last.Val.Kind == ctxmodel.Param && last.Val.Path == "":
					st.add(last.Val.Index, effs, dyn)
				case isUserEntry(last.Val) && (len(effs) > 0 || len(dyn) > 0):
					b.entries = append(b.entries, Entry{Func: fn, Pos: entryPos(last, in.Pos()), User: entryVal(last.Val), Role: RoleOpts,
						CallPos: in.Pos(), Callee: ParamSummary{Index: j, Role: RoleOpts, Effects: effs, Dyn: dyn}})
				}
			}
		}
	}
}

// concreteMethod returns the method an interface call dispatches to when
// the interface value is made, in the calling function, from a concrete
// type (var g Getter = SQL{}; g.Get(ctx)), or nil.
func (b *builder) concreteMethod(c *ssa.CallCommon) *ssa.Function {
	mi, ok := c.Value.(*ssa.MakeInterface)
	if !ok || types.IsInterface(mi.X.Type()) {
		return nil
	}
	sel := b.pkg.Prog.MethodSets.MethodSet(mi.X.Type()).Lookup(c.Method.Pkg(), c.Method.Name())
	if sel == nil {
		return nil
	}
	return b.pkg.Prog.MethodValue(sel)
}

// dependsOn reports whether v is computed from parameter p: through
// loads, fields, conversions, arithmetic, phis and the arguments of calls.
func dependsOn(v ssa.Value, p *ssa.Parameter, depth int) bool {
	if depth > 8 || v == nil {
		return false
	}
	switch x := v.(type) {
	case *ssa.Parameter:
		return x == p
	case *ssa.UnOp:
		return dependsOn(x.X, p, depth+1)
	case *ssa.FieldAddr:
		return dependsOn(x.X, p, depth+1)
	case *ssa.Field:
		return dependsOn(x.X, p, depth+1)
	case *ssa.Extract:
		return dependsOn(x.Tuple, p, depth+1)
	case *ssa.Convert:
		return dependsOn(x.X, p, depth+1)
	case *ssa.ChangeType:
		return dependsOn(x.X, p, depth+1)
	case *ssa.BinOp:
		return dependsOn(x.X, p, depth+1) || dependsOn(x.Y, p, depth+1)
	case *ssa.Phi:
		for _, e := range x.Edges {
			if e != v && dependsOn(e, p, depth+1) {
				return true
			}
		}
	case *ssa.Call:
		for _, a := range x.Call.Args {
			if dependsOn(a, p, depth+1) {
				return true
			}
		}
	case *ssa.Alloc:
		// A local variable: what is stored into it.
		if refs := x.Referrers(); refs != nil {
			for _, r := range *refs {
				if st, ok := r.(*ssa.Store); ok && st.Addr == x && dependsOn(st.Val, p, depth+1) {
					return true
				}
			}
		}
	}
	return false
}

// entryPos is where a user timeout option was built (when built in this
// function), else the consuming call.
func entryPos(e OptElem, call token.Pos) token.Pos {
	if e.At().IsValid() {
		return e.At()
	}
	return call
}

func isUserEntry(v Val) bool {
	switch v.Kind {
	case ctxmodel.User:
		return true
	case ctxmodel.Param, ctxmodel.Free:
		// A field of a caller's request; not a caller's option (@) or
		// context value (%): those enter where the caller sets them.
		return v.Path != "" && !strings.HasPrefix(v.Path, "@") && !ctxmodel.IsCtxValue(v)
	}
	return false
}

func entryVal(v Val) Val {
	if v.Kind == ctxmodel.User {
		return v
	}
	return Val{Kind: ctxmodel.User, Origin: v.Origin, Known: v.Known, NS: v.NS}
}

// sameOptsParam returns the index of a parameter of fn with option slice
// type t, or -1.
func (b *builder) sameOptsParam(fn *ssa.Function, t types.Type) int {
	for i, p := range fn.Params {
		if b.roleOf(p.Type()) == RoleOpts && types.Identical(p.Type(), t) {
			return i
		}
	}
	return -1
}

func isContextBound(fn *ssa.Function) bool {
	obj, ok := fn.Object().(*types.Func)
	return ok && ctxmodel.IsPkgFunc(obj, "context", "WithTimeout", "WithTimeoutCause", "WithDeadline", "WithDeadlineCause")
}

// boundValue evaluates the duration of WithTimeout, or of WithDeadline's
// time.Now().Add(d), symbolically (the engine's values).
func (b *builder) boundValue(fn *ssa.Function, call *ssa.Call) Val {
	c := call.Common()
	if ctxmodel.CtxFuncOf(call).IsTimeout() {
		return b.e.ArgOrigin(b.e.Value(fn, c.Args[1]), c, 1)
	}
	add, ok := c.Args[1].(*ssa.Call)
	if !ok || len(add.Call.Args) != 2 {
		return Val{}
	}
	if now, ok := add.Call.Args[0].(*ssa.Call); !ok || ctxmodel.CalleeObj(now) == nil || !ctxmodel.IsPkgFunc(ctxmodel.CalleeObj(now), "time", "Now") {
		return Val{}
	}
	return b.e.ArgOrigin(b.e.Value(fn, add.Call.Args[1]), &add.Call, 1)
}

// ctxTrace is where a context value comes from.
type ctxTrace struct {
	base     int // ctx parameter it derives from, or -1
	durParam int // duration parameter bounding it, or -1
	user     Val // user timeout bounding it (entry), if any
	userPos  token.Pos
}

// traceCtx follows a context value of fn to the caller's context
// parameter it derives from (the engine's origins), with the nearest
// bound applied on the way when it is a parameter or a user timeout.
func (b *builder) traceCtx(fn *ssa.Function, v ssa.Value) ctxTrace {
	t := ctxTrace{base: -1, durParam: -1}
	for _, o := range b.e.Origins(fn, v) {
		if o.Kind == ctxmodel.FromRoot && o.Root != nil && o.Root.Parent() == fn {
			// A budget set on a fresh root: a command's -timeout flag
			// bounding context.Background().
			for _, bc := range o.Bounds {
				if bc.Parent() != fn {
					continue
				}
				// Not the receiver's own configuration (a client's
				// DialTimeout bounding its background work).
				d := b.boundValue(fn, bc)
				if isUserEntry(d) && !receiverValue(fn, d) {
					t.user, t.userPos = entryVal(d), b.e.CallStart(bc.Pos())
				}
				break
			}
			if t.user.Kind != ctxmodel.Unknown {
				return t
			}
			continue
		}
		if o.Kind != ctxmodel.FromCaller || o.ViaRequest || o.Param.Parent() != fn {
			continue
		}
		for i, p := range fn.Params {
			if p == o.Param {
				t.base = i
			}
		}
		for _, bc := range o.Bounds {
			if bc.Parent() != fn {
				continue
			}
			d := b.boundValue(fn, bc)
			switch {
			case d.Kind == ctxmodel.Param && d.Path == "":
				t.durParam = d.Index
			case isUserEntry(d):
				t.user, t.userPos = entryVal(d), b.e.CallStart(bc.Pos())
			default:
				continue
			}
			break
		}
		return t
	}
	return t
}

// valueBudget is the user's timeout that ctx carries in a context value
// (context.WithValue(ctx, key, req.Timeout) in fn) which the callee's
// summary ps reads and applies (an effect on the value), with where it
// is stored.
// The effect returned, when not nil, is the callee's that applies the
// value (none when the callee replaces it).
func (b *builder) valueBudget(fn *ssa.Function, ctx ssa.Value, ps *ParamSummary) (Val, token.Pos, *Effect) {
	if ps == nil {
		return Val{}, token.NoPos, nil
	}
	for k, e := range ps.Effects {
		path, applied := e.Value, (*Effect)(nil) // a value the callee replaces
		if e.Val.Index == ps.Index && ctxmodel.IsCtxValue(e.Val) && e.Val.Kind == ctxmodel.Param {
			path, applied = e.Val.Path, &ps.Effects[k] // a value the callee applies
		}
		if path == "" {
			continue
		}
		if u, call := b.e.CtxValueUser(fn, ctx, path); call != nil && isUserEntry(u) && !receiverValue(fn, u) {
			return entryVal(u), b.e.CallStart(call.Pos()), applied
		}
	}
	return Val{}, token.NoPos, nil
}

// visitReturn records option slices and function values returned.
func (b *builder) visitReturn(st *fnState, r *ssa.Return) {
	for _, res := range r.Results {
		if key := namedFuncKey(res.Type()); key != "" {
			b.returnedInstances(st, res, key, 0)
		}
	}
}

func (b *builder) returnedInstances(st *fnState, v ssa.Value, key string, depth int) {
	if depth > 4 {
		return
	}
	switch x := v.(type) {
	case *ssa.ChangeType:
		if inst, ok := b.instanceOf(st.fn, x.X, key); ok {
			st.sum.Insts = append(st.sum.Insts, inst)
		}
	case *ssa.MakeClosure, *ssa.Function:
		if inst, ok := b.instanceOf(st.fn, x, key); ok {
			st.sum.Insts = append(st.sum.Insts, inst)
		}
	case *ssa.Phi:
		for _, e := range x.Edges {
			b.returnedInstances(st, e, key, depth+1)
		}
	case *ssa.Call:
		if s := b.calleeSummary(x.Call.StaticCallee()); s != nil {
			for _, inst := range s.Insts {
				st.sum.Insts = append(st.sum.Insts, b.substInstance(st.fn, inst, &x.Call))
			}
		}
	}
}

// instanceOf builds the instance of a closure or function value v
// converted to the named func type key, in the frame of fn.
func (b *builder) instanceOf(fn *ssa.Function, v ssa.Value, key string) (Instance, bool) {
	var target *ssa.Function
	var bindings []ssa.Value
	switch x := v.(type) {
	case *ssa.MakeClosure:
		target, _ = x.Fn.(*ssa.Function)
		bindings = x.Bindings
	case *ssa.Function:
		target = x
	default:
		return Instance{}, false
	}
	shift := 0
	var s *FuncSummary
	if strings.HasPrefix(target.Synthetic, "bound method wrapper") {
		// A method value (c.invoke): the method's summary, its receiver
		// bound; its parameters move down by one.
		if obj, ok := target.Object().(*types.Func); ok {
			if m := ctxmodel.FuncOf(b.pkg.Prog, obj); m != nil {
				s, shift = b.calleeSummary(m), 1
			}
		}
	} else {
		s = b.calleeSummary(target)
	}
	if s == nil || len(s.Params) == 0 {
		return Instance{}, false
	}
	name := ctxmodel.NameOf(target)
	if target.Synthetic != "" {
		if obj, ok := target.Object().(*types.Func); ok && obj != nil {
			name = ctxmodel.ObjName(obj)
		}
	}
	inst := Instance{Key: key, Name: name}
	for _, p := range s.Params {
		if p.Index < shift {
			continue // the bound receiver
		}
		q := ParamSummary{Index: p.Index - shift, Role: p.Role, Dyn: p.Dyn}
		for _, e := range p.Effects {
			if shift > 0 && e.Val.Kind == ctxmodel.Param {
				continue // depends on the method's own parameters: unknown here
			}
			if e.Val.Kind == ctxmodel.Free {
				if e.Val.Index >= len(bindings) {
					continue
				}
				nv := b.e.ValueAt(fn, bindings[e.Val.Index], splitPath(e.Val.Path), e.Val.Addr)
				if nv.IsFixed() && nv.Origin == "" {
					nv.Origin = e.Val.Origin
				}
				e.Val = nv
			}
			q.Effects = append(q.Effects, e)
		}
		inst.Params = append(inst.Params, q)
	}
	return inst, true
}

// substInstance specialises a factory's returned instance to a call.
func (b *builder) substInstance(fn *ssa.Function, inst Instance, c *ssa.CallCommon) Instance {
	out := Instance{Key: inst.Key, Name: inst.Name}
	for _, p := range inst.Params {
		q := ParamSummary{Index: p.Index, Role: p.Role, Dyn: p.Dyn}
		for _, e := range p.Effects {
			if e.Val.Kind == ctxmodel.Param {
				e.Val = b.e.Subst(fn, e.Val, c)
			}
			q.Effects = append(q.Effects, e)
		}
		out.Params = append(out.Params, q)
	}
	return out
}

// methodInstances registers the methods of a concrete type converted to an
// interface, for interface dispatch.
// wiringPos is where a conversion to an interface happens: the explicit
// conversion, else the call or store that uses the converted value.
func wiringPos(mi *ssa.MakeInterface) token.Pos {
	if mi.Pos().IsValid() {
		return mi.Pos()
	}
	if refs := mi.Referrers(); refs != nil {
		for _, r := range *refs {
			if r.Pos().IsValid() {
				return r.Pos()
			}
		}
	}
	return token.NoPos
}

func (b *builder) methodInstances(t types.Type, at token.Pos) {
	if t == nil || types.IsInterface(t) {
		return
	}
	base := t
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		base = p.Elem()
	}
	named, ok := types.Unalias(base).(*types.Named)
	if !ok || named.TypeParams().Len() > 0 || named.TypeArgs().Len() > 0 {
		return
	}
	ms := types.NewMethodSet(t)
	for i := 0; i < ms.Len(); i++ {
		obj, ok := ms.At(i).Obj().(*types.Func)
		if !ok {
			continue
		}
		sig, ok := obj.Type().(*types.Signature)
		if !ok || !b.hasTrackedParam(sig) {
			continue
		}
		var s *FuncSummary
		if obj.Pkg() == b.pass.Pkg {
			if f := b.pkg.Prog.FuncValue(obj); f != nil {
				s = b.summarize(f)
			}
		} else {
			s = importSummary(b.pass, obj)
		}
		if s == nil || len(s.Params) == 0 {
			continue
		}
		inst := Instance{Key: methodKey(obj.Name(), sig), Name: ctxmodel.ObjName(obj)}
		for _, p := range s.Params {
			if p.Index == 0 {
				continue // receiver
			}
			q := p
			q.Index--
			q.Effects = nil
			for _, e := range p.Effects {
				if e.Val.Kind == ctxmodel.Param {
					continue // depends on the receiver or arguments: unknown here
				}
				q.Effects = append(q.Effects, e)
			}
			// Interface dispatch is followed only to methods with effects
			// of their own (delegating wrappers would only grow the facts).
			if len(q.Effects) > 0 {
				q.Dyn = nil
				inst.Params = append(inst.Params, q)
			}
		}
		if len(inst.Params) > 0 {
			b.ownInsts = append(b.ownInsts, inst)
			if old, ok := b.wiring[inst.Key]; at.IsValid() && (!ok || at < old) {
				if b.wiring == nil {
					b.wiring = map[string]token.Pos{}
				}
				b.wiring[inst.Key] = at
			}
		}
	}
}

func (b *builder) hasTrackedParam(sig *types.Signature) bool {
	for i := 0; i < sig.Params().Len(); i++ {
		if b.roleOf(sig.Params().At(i).Type()) != 0 {
			return true
		}
	}
	return false
}

// sinkDefaults finds where fn resolves its option list: a local options
// struct whose timeout field gets a default, passed to each option
// (for _, o := range opts { o(&cfg) }). The default is an Apply effect.
func (b *builder) sinkDefaults(st *fnState) {
	fn := st.fn
	for i, p := range fn.Params {
		if b.roleOf(p.Type()) != RoleOpts {
			continue
		}
		for _, blk := range fn.Blocks {
			for _, in := range blk.Instrs {
				call, ok := in.(*ssa.Call)
				if !ok || call.Call.IsInvoke() || call.Call.StaticCallee() != nil || len(call.Call.Args) != 1 {
					continue
				}
				if !elementOf(call.Call.Value, p) {
					continue
				}
				alloc, ok := call.Call.Args[0].(*ssa.Alloc)
				if !ok {
					continue
				}
				if d, pos, ok := b.allocTimeoutDefault(fn, alloc); ok {
					st.add(i, []Effect{{Kind: Apply, Val: d, Path: []Step{b.step(fn, pos)}}}, nil)
				}
			}
		}
	}
}

// elementOf reports whether v is loaded from an element of slice s.
func elementOf(v ssa.Value, s ssa.Value) bool {
	for i := 0; i < 4; i++ {
		switch x := v.(type) {
		case *ssa.UnOp:
			v = x.X
		case *ssa.IndexAddr:
			return x.X == s
		case *ssa.Index:
			return x.X == s
		default:
			return false
		}
	}
	return false
}

func (b *builder) allocTimeoutDefault(fn *ssa.Function, a *ssa.Alloc) (Val, token.Pos, bool) {
	refs := a.Referrers()
	if refs == nil {
		return Val{}, token.NoPos, false
	}
	for _, r := range *refs {
		// o := T{...} builds a temporary literal, then copies it: *o = *tmp.
		if st, ok := r.(*ssa.Store); ok && st.Addr == a {
			if ld, ok := st.Val.(*ssa.UnOp); ok && ld.Op == token.MUL {
				if tmp, ok := ld.X.(*ssa.Alloc); ok && tmp != a {
					if v, pos, ok := b.allocTimeoutDefault(fn, tmp); ok {
						return v, pos, true
					}
				}
			}
			continue
		}
		fa, ok := r.(*ssa.FieldAddr)
		if !ok || fa.Referrers() == nil {
			continue
		}
		name := ctxmodel.FieldName(a.Type(), fa.Field)
		if !ctxmodel.IsDuration(fa.Type().(*types.Pointer).Elem()) || !containsTimeout(name) {
			continue
		}
		for _, x := range *fa.Referrers() {
			if s, ok := x.(*ssa.Store); ok && s.Addr == fa {
				v := b.e.StoreOrigin(b.e.Value(fn, s.Val), s.Pos())
				if v.IsFixed() || v.Symbolic() {
					return v, s.Pos(), true
				}
			}
		}
	}
	return Val{}, token.NoPos, false
}

func containsTimeout(s string) bool {
	for i := 0; i+7 <= len(s); i++ {
		if eqFold(s[i:i+7], "timeout") {
			return true
		}
	}
	return false
}

func eqFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i]|0x20, b[i]|0x20
		if x != y {
			return false
		}
	}
	return true
}

// argPos returns the position of argument j of the call at lparen (the
// receiver of a static method call is not in the syntax's arguments).
func (b *builder) argPos(lparen token.Pos, j int, c *ssa.CallCommon) token.Pos {
	call := b.e.CallAt(lparen)
	if call == nil {
		return lparen
	}
	j = ctxmodel.SyntaxArg(c, j)
	if j >= 0 && j < len(call.Args) {
		return call.Args[j].Pos()
	}
	return call.Pos()
}

func splitPath(p string) []string {
	if p == "" {
		return nil
	}
	return strings.Split(p, ".")
}
