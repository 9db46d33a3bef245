package ctxmodel

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Context factories: functions that return a context built from one of
// their parameters (newGRPCContext(ctx, timeout) returning
// context.WithTimeout(ctx, timeout), possibly through a builder whose
// field holds the parent: b := &builder{Parent: ctx, Timeout: d};
// return b.Build()). A factory is not a hazard by itself (its caller
// decides what to do with the context); the bounds it applies cap the
// callers that pass their caller's context in and send on the result.

// ctxFlow is one way a function's context result (or a context value in
// it) is built: from parameter param (-1: a root, Background, TODO or
// WithoutCancel), or from the context held in field of that parameter,
// through the bounds applied on the way, nearest the result first.
type ctxFlow struct {
	param  int
	field  string
	bounds []flowBound
}

// flowBound is a WithTimeout/WithDeadline(+Cause) call on a flow, with
// its duration in terms of the function the flow is computed for, and
// the factories the context was returned through on the way (innermost
// first).
type flowBound struct {
	call *ssa.Call
	dur  Val
	via  []*ssa.Function
}

// FactoryUse is a caller that gets a bounded context from a factory of
// this package with its caller's context and sends on it.
type FactoryUse struct {
	User *ssa.Function   // the caller
	Call *ssa.Call       // its call of the outermost factory
	Via  []*ssa.Function // the factories the bounded context is returned through, innermost first
	Dur  Val             // the bound's duration, as the caller sees it (Local)
}

// returnsCtx reports whether fn's first result is a context.
func returnsCtx(fn *ssa.Function) bool { return firstResultCtx(fn.Signature) }

// firstResultCtx reports whether the first result of sig is a context.
func firstResultCtx(sig *types.Signature) bool {
	r := sig.Results()
	return r.Len() > 0 && IsContext(r.At(0).Type())
}

// ctxFlows returns the flows of fn's context result (its first result),
// computed once; nil for a function that returns no context, or one on a
// cycle of factories.
func (e *Engine) ctxFlows(fn *ssa.Function) []ctxFlow {
	if fs, ok := e.factories[fn]; ok {
		return fs
	}
	e.factories[fn] = nil // a cycle ends here
	if !returnsCtx(fn) || fn.Pkg != e.SSA || len(fn.Blocks) == 0 {
		return nil
	}
	var out []ctxFlow
	for _, b := range fn.Blocks {
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && len(ret.Results) > 0 {
			out = append(out, e.flowsOf(fn, ret.Results[0], 0)...)
		}
	}
	e.factories[fn] = out
	return out
}

const maxFlows = 32

// flowsOf returns the flows of the context value v of fn.
func (e *Engine) flowsOf(fn *ssa.Function, v ssa.Value, depth int) []ctxFlow {
	if depth > originDepth {
		return nil
	}
	var out []ctxFlow
	for _, d := range e.resolve(v) {
		switch x := d.(type) {
		case *ssa.Parameter:
			if i := paramIndex(fn, x); i >= 0 && IsContext(x.Type()) {
				out = append(out, ctxFlow{param: i})
			}
		case *ssa.UnOp:
			// The context held in a field of a parameter (a builder's
			// parent: cb.ParentContext).
			if fa, ok := x.X.(*ssa.FieldAddr); ok && x.Op == token.MUL {
				if p, ok := fa.X.(*ssa.Parameter); ok {
					if i := paramIndex(fn, p); i >= 0 {
						out = append(out, ctxFlow{param: i, field: FieldName(fa.X.Type(), fa.Field)})
					}
				}
			}
		case *ssa.Extract:
			if call, ok := x.Tuple.(*ssa.Call); ok && x.Index == 0 {
				out = append(out, e.flowsOfCall(fn, call, depth)...)
			}
		case *ssa.Call:
			out = append(out, e.flowsOfCall(fn, x, depth)...)
		}
		out = dedupFlows(out)
		if len(out) > maxFlows {
			return out[:maxFlows]
		}
	}
	return out
}

// dedupFlows drops flows that repeat an earlier one (the same start and
// bounds: paths through branches that only add values or headers).
func dedupFlows(fs []ctxFlow) []ctxFlow {
	if len(fs) < 2 {
		return fs
	}
	key := func(f ctxFlow) string {
		var b strings.Builder
		b.WriteString(strconv.Itoa(f.param))
		b.WriteString("." + f.field)
		for _, x := range f.bounds {
			fmt.Fprintf(&b, "|%p/%d/%d/%v/%s", x.call, x.dur.Kind, x.dur.NS, x.dur.Known, x.dur.Path)
		}
		return b.String()
	}
	seen := map[string]bool{}
	out := fs[:0:0]
	for _, f := range fs {
		if k := key(f); !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	return out
}

func paramIndex(fn *ssa.Function, p *ssa.Parameter) int {
	for i, q := range fn.Params {
		if q == p {
			return i
		}
	}
	return -1
}

// flowsOfCall returns the flows of the context a call in fn returns.
func (e *Engine) flowsOfCall(fn *ssa.Function, call *ssa.Call, depth int) []ctxFlow {
	args := call.Common().Args
	if f := CtxFuncOf(call); f != NotCtxFunc {
		switch {
		case f == WithoutCancel || f.IsRoot():
			return []ctxFlow{{param: -1}}
		case f.IsBound() && len(args) > 0:
			subs := e.flowsOf(fn, args[0], depth+1)
			if e.Guarded(fn, call) {
				return subs // applied only when the caller set no deadline
			}
			b := flowBound{call: call, dur: e.boundDurSym(call)}
			for i := range subs {
				subs[i].bounds = append([]flowBound{b}, subs[i].bounds...)
			}
			return subs
		case len(args) > 0 && IsContext(args[0].Type()):
			return e.flowsOf(fn, args[0], depth+1)
		}
		return nil
	}
	callee := e.Callee(call.Common())
	if callee != nil && callee != fn && callee.Pkg == e.SSA && returnsCtx(callee) {
		var out []ctxFlow
		for _, cf := range e.ctxFlows(callee) {
			if cf.param < 0 || cf.param >= len(args) {
				out = append(out, ctxFlow{param: -1})
				continue
			}
			var subs []ctxFlow
			if cf.field == "" {
				subs = e.flowsOf(fn, args[cf.param], depth+1)
			} else {
				for _, sv := range e.storedField(args[cf.param], cf.field) {
					subs = append(subs, e.flowsOf(fn, sv, depth+1)...)
				}
			}
			mapped := make([]flowBound, len(cf.bounds))
			for i, b := range cf.bounds {
				mapped[i] = flowBound{call: b.call, dur: e.Subst(fn, b.dur, call.Common()), via: append(append([]*ssa.Function(nil), b.via...), callee)}
			}
			for _, s := range subs {
				s.bounds = append(append([]flowBound(nil), mapped...), s.bounds...)
				out = append(out, s)
			}
		}
		return out
	}
	// Any other function that takes a context and returns one derives
	// from it (metadata.NewOutgoingContext, a tracer's Start).
	if a := firstOfType(args, IsContext); a != nil {
		return e.flowsOf(fn, a, depth+1)
	}
	return nil
}

// storedField returns the values stored to field name of the local
// struct v points to (&T{Parent: ctx}, or a variable's fields set one by
// one).
func (e *Engine) storedField(v ssa.Value, name string) []ssa.Value {
	var out []ssa.Value
	for _, d := range e.resolve(v) {
		a, ok := d.(*ssa.Alloc)
		if !ok || a.Referrers() == nil {
			continue
		}
		for _, r := range *a.Referrers() {
			fa, ok := r.(*ssa.FieldAddr)
			if !ok || FieldName(a.Type(), fa.Field) != name || fa.Referrers() == nil {
				continue
			}
			for _, x := range *fa.Referrers() {
				if st, ok := x.(*ssa.Store); ok && st.Addr == fa {
					out = append(out, st.Val)
				}
			}
		}
	}
	return out
}

// boundDurSym is the duration of bound call bc in terms of its function,
// still symbolic in its parameters (BoundDuration without Local).
func (e *Engine) boundDurSym(bc *ssa.Call) Val {
	f := CtxFuncOf(bc)
	args := bc.Common().Args
	if !f.IsBound() || len(args) < 2 {
		return Val{}
	}
	fn := bc.Parent()
	if f.IsTimeout() {
		return e.ArgOrigin(e.Value(fn, args[1]), bc.Common(), 1)
	}
	return e.Deadline(fn, args[1])
}

// FactoryUses returns the callers that a bound call bc of a context
// factory caps: functions of this package that do not return a context
// themselves, call a factory whose result carries bc with a context
// that may carry their caller's budget, and send on the result; with the
// bound's duration as each sees it. Sorted by caller name. Computed for
// the whole package once.
func (e *Engine) FactoryUses(bc *ssa.Call) []FactoryUse {
	if e.factoryUses == nil {
		e.factoryUses = map[*ssa.Call][]FactoryUse{}
		for _, u := range e.Funcs {
			if returnsCtx(u) || e.Skip(u.Pos()) {
				continue
			}
			for _, b := range u.Blocks {
				for _, in := range b.Instrs {
					call, ok := in.(*ssa.Call)
					if !ok {
						continue
					}
					callee := e.Callee(call.Common())
					if callee == nil || callee.Pkg != e.SSA || !returnsCtx(callee) || !sendsResult(call) || e.Guarded(u, call) {
						continue
					}
					for _, f := range e.flowsOfCall(u, call, 0) {
						if f.param < 0 || f.field != "" || !e.CallerBudget(u, u.Params[f.param]) {
							continue
						}
						for _, fb := range f.bounds {
							if fb.call.Parent() == u {
								continue // a bound of its own: reported where it is
							}
							e.factoryUses[fb.call] = append(e.factoryUses[fb.call], FactoryUse{User: u, Call: call, Via: fb.via, Dur: e.Local(u, fb.dur)})
						}
					}
				}
			}
		}
		for k, us := range e.factoryUses {
			sort.SliceStable(us, func(i, j int) bool {
				if a, b := NameOf(us[i].User), NameOf(us[j].User); a != b {
					return a < b
				}
				return us[i].User.Pos() < us[j].User.Pos()
			})
			e.factoryUses[k] = dedupUses(us)
		}
	}
	return e.factoryUses[bc]
}

// dedupUses keeps one use per caller (its first), of uses sorted by
// caller.
func dedupUses(us []FactoryUse) []FactoryUse {
	var out []FactoryUse
	for _, u := range us {
		if len(out) > 0 && out[len(out)-1].User == u.User {
			continue
		}
		out = append(out, u)
	}
	return out
}

// sendsResult reports whether the context a call returns is handed to
// another call (the work it bounds), directly or through contexts derived
// from it; a context only waited on (<-ctx.Done()) or returned is not.
func sendsResult(call *ssa.Call) bool {
	var ctx ssa.Value = call
	if _, ok := call.Type().(*types.Tuple); ok {
		ctx = nil
		for _, r := range *call.Referrers() {
			if ex, ok := r.(*ssa.Extract); ok && ex.Index == 0 {
				ctx = ex
			}
		}
	}
	if ctx == nil {
		return false
	}
	seen := map[ssa.Value]bool{}
	var sends func(v ssa.Value, depth int) bool
	sends = func(v ssa.Value, depth int) bool {
		if seen[v] || depth > 8 || v.Referrers() == nil {
			return false
		}
		seen[v] = true
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.Phi:
				if sends(r, depth+1) {
					return true
				}
			case *ssa.MakeInterface:
				if sends(r, depth+1) {
					return true
				}
			case *ssa.Call:
				if r.Common().Value == v {
					continue // a method call on the context (Done, Err)
				}
				if CtxFuncOf(r) != NotCtxFunc || firstResultCtx(r.Common().Signature()) {
					if sends(r, depth+1) || sendsExtract(r, sends, depth) {
						return true
					}
					continue
				}
				return true
			}
		}
		return false
	}
	return sends(ctx, 0)
}

func sendsExtract(c *ssa.Call, sends func(ssa.Value, int) bool, depth int) bool {
	if c.Referrers() == nil {
		return false
	}
	for _, r := range *c.Referrers() {
		if ex, ok := r.(*ssa.Extract); ok && ex.Index == 0 && sends(ex, depth+1) {
			return true
		}
	}
	return false
}

// FactoryChain names the factories of a use, innermost first, joined for
// a message: "(*builder).Build → newRPCContext".
func FactoryChain(via []*ssa.Function) string {
	names := make([]string, len(via))
	for i, f := range via {
		names[i] = LocalName(f)
	}
	return strings.Join(names, " → ")
}
