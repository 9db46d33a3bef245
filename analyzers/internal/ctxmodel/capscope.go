package ctxmodel

import (
	"slices"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
)

// BoundsCallerWork reports whether the context.WithTimeout/WithDeadline
// call bound, in fn, caps work done for fn's caller: the bounded context
// is passed on to a call (not only waited on), and fn is not one of the
// places the specification leaves alone whatever the value (middleware,
// which is deadlinereplace's; detached or asynchronous work; a stream or
// a function that returns its context to the caller; a round of a long
// poll or endless loop; a bound under a ctx.Deadline() guard; work whose
// expiry cannot fail the caller; a bound on a value the receiver fills
// once for all its callers under their common lock, BoundsSharedFillOnly). It is
// the SSA form of hardcodedtimeout's scope, without the question whether
// the caller has a budget: summaries ask it for the callers that do.
func (e *Engine) BoundsCallerWork(fn *ssa.Function, bound *ssa.Call) bool {
	if fn == nil || bound == nil || e.Skip(bound.Pos()) {
		return false
	}
	if e.Middleware(fn) != "" || e.Detached(fn) || e.Guarded(fn, bound) ||
		!ReportsFailure(fn) || e.ExpiryExpected(fn) {
		return false
	}
	for f := fn; f != nil; f = f.Parent() {
		if ReturnsContext(f.Signature) {
			return false
		}
		for _, p := range f.Params {
			if IsStreamType(p.Type()) {
				return false
			}
		}
	}
	if body := FuncBody(fn.Syntax()); body != nil && e.Info != nil && ExpectsExpiry(e.Info, body) {
		return false
	}
	if f := e.File(bound.Pos()); f != nil && e.Info != nil {
		// A round of a long poll or of an endless loop (the local check's
		// InPollLoop): the bound paces the loop, it does not cap the work.
		path, _ := astutil.PathEnclosingInterval(f, bound.Pos(), bound.Pos())
		slices.Reverse(path)
		if inPollLoop(e.Info, path) {
			return false
		}
	}
	return boundCtxPassedOn(bound) && !e.BoundsSharedFillOnly(bound)
}

// boundCtxPassedOn reports whether the context result of a
// WithTimeout/WithDeadline call is passed to a call other than the
// context package's (the work it bounds), or captured by a closure,
// directly or through a phi.
func boundCtxPassedOn(bound *ssa.Call) bool {
	u := boundCtxUses(bound)
	return len(u.calls) > 0 || u.closure
}

// ctxUses are the uses of a bounded context: the calls that receive it
// (not the context package's own, nor its methods: ctx.Done() and
// ctx.Err() only wait on the bound), whether a closure captures it, and
// whether it goes anywhere else (a store, a conversion...).
type ctxUses struct {
	calls          []ssa.CallInstruction
	closure, other bool
}

// boundCtxUses collects the uses of the context result of the
// WithTimeout/WithDeadline call bound, through phis.
func boundCtxUses(bound *ssa.Call) ctxUses {
	var u ctxUses
	seen := map[ssa.Value]bool{}
	var walk func(v ssa.Value)
	walk = func(v ssa.Value) {
		if seen[v] {
			return
		}
		seen[v] = true
		refs := v.Referrers()
		if refs == nil {
			return
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.Phi:
				walk(r)
			case ssa.CallInstruction:
				if CtxFuncOf(r) != NotCtxFunc {
					continue
				}
				if c := r.Common(); c.IsInvoke() && c.Value == v {
					continue // ctx.Done(), ctx.Err(): the bound is only waited on
				}
				u.calls = append(u.calls, r)
			case *ssa.MakeClosure:
				u.closure = true
			case *ssa.DebugRef:
			default:
				u.other = true
			}
		}
	}
	if refs := bound.Referrers(); refs != nil {
		for _, r := range *refs {
			if ex, ok := r.(*ssa.Extract); ok && ex.Index == 0 {
				walk(ex)
			}
		}
	}
	return u
}
