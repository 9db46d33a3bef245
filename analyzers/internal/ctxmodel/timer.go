package ctxmodel

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Timers whose expiry fails the call, recognised by what the code does
// with the timer's channel, not by how the timer is spelled.

// TimerStart reports whether call starts a timer: time.After(d),
// time.NewTimer(d) or t.Reset(d) of a *time.Timer (a timer kept for
// reuse). what names the call for messages; dur is d.
func TimerStart(call *ssa.Call) (what string, dur ssa.Value, ok bool) {
	obj := calleeObj(call)
	args := call.Call.Args
	switch {
	case IsPkgFunc(obj, "time", "After") && len(args) == 1:
		return "time.After", args[0], true
	case IsPkgFunc(obj, "time", "NewTimer") && len(args) == 1:
		return "time.NewTimer", args[0], true
	case IsMethodOf(obj, "time", "Timer", "Reset") && len(args) == 2:
		return "(*time.Timer).Reset", args[1], true
	}
	return "", nil, false
}

// TimerFails reports whether the timer that call (a TimerStart) starts
// ends fn with an error when it fires: a select case of fn receiving from
// the timer's channel (the result of time.After, or the C field of the
// timer, read directly or through a variable that holds it) returns with
// a last result that is not nil, and fn has an error result. A timer
// case that falls through (a pause between attempts) or returns nil
// (giving up quietly) fails nobody.
func (e *Engine) TimerFails(fn *ssa.Function, call *ssa.Call) bool {
	if fn == nil || !hasErrorResult(fn.Signature) {
		return false
	}
	what, _, ok := TimerStart(call)
	if !ok {
		return false
	}
	chans := map[ssa.Value]bool{}
	if what == "time.After" {
		chans[call] = true
	} else {
		timer := ssa.Value(call)
		if what == "(*time.Timer).Reset" {
			timer = call.Call.Args[0]
		}
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				ld, ok := in.(*ssa.UnOp)
				if !ok || ld.Op != token.MUL {
					continue
				}
				fa, ok := ld.X.(*ssa.FieldAddr)
				if ok && IsNamed(fa.X.Type(), "time", "Timer") && FieldName(fa.X.Type(), fa.Field) == "C" && sameRef(fa.X, timer) {
					chans[ld] = true
				}
			}
		}
	}
	if len(chans) == 0 {
		return false
	}
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			sel, ok := in.(*ssa.Select)
			if !ok {
				continue
			}
			for i, st := range sel.States {
				if st.Dir != types.RecvOnly || !e.anyOf(st.Chan, chans) {
					continue
				}
				if body := selectCase(sel, i); body != nil && returnsErrorFrom(fn, body) {
					return true
				}
			}
		}
	}
	return false
}

// anyOf reports whether v may hold one of vals (through phis and local
// variables).
func (e *Engine) anyOf(v ssa.Value, vals map[ssa.Value]bool) bool {
	for _, r := range e.resolve(v) {
		if vals[r] {
			return true
		}
	}
	return vals[v]
}

// selectCase returns the block that starts case i of sel: the successor
// of the branch on "index == i" of the select's result; nil when the case
// is empty (the branch goes straight to the code after the select, a
// block with other predecessors).
func selectCase(sel *ssa.Select, i int) *ssa.BasicBlock {
	refs := sel.Referrers()
	if refs == nil {
		return nil
	}
	for _, r := range *refs {
		ex, ok := r.(*ssa.Extract)
		if !ok || ex.Index != 0 || ex.Referrers() == nil {
			continue
		}
		for _, r2 := range *ex.Referrers() {
			eq, ok := r2.(*ssa.BinOp)
			if !ok || eq.Op != token.EQL {
				continue
			}
			c, ok := eq.Y.(*ssa.Const)
			if !ok || eq.X != ex || c.Value == nil || c.Value.Kind() != constant.Int {
				continue
			}
			if n, exact := constant.Int64Val(c.Value); !exact || n != int64(i) {
				continue
			}
			for _, r3 := range *eq.Referrers() {
				if iff, ok := r3.(*ssa.If); ok && iff.Cond == eq {
					if succ := iff.Block().Succs[0]; len(succ.Preds) == 1 {
						return succ
					}
					return nil // an empty case: it jumps to the code after the select
				}
			}
		}
	}
	return nil
}

// returnsErrorFrom reports whether a return of fn in a block that body
// dominates (the case's own code) has a last result that is not nil.
func returnsErrorFrom(fn *ssa.Function, body *ssa.BasicBlock) bool {
	for _, b := range fn.Blocks {
		if !body.Dominates(b) {
			continue
		}
		for i, in := range b.Instrs {
			ret, ok := in.(*ssa.Return)
			if !ok || len(ret.Results) == 0 {
				continue
			}
			if !isNilConst(resultValue(b.Instrs[:i], ret.Results[len(ret.Results)-1])) {
				return true
			}
		}
	}
	return false
}

// resultValue is the value a returned v stands for: in a function with
// defers results are returned through local slots, so a load of a slot is
// the value last stored into it before the return.
func resultValue(before []ssa.Instruction, v ssa.Value) ssa.Value {
	ld, ok := v.(*ssa.UnOp)
	if !ok || ld.Op != token.MUL {
		return v
	}
	slot, ok := ld.X.(*ssa.Alloc)
	if !ok {
		return v
	}
	for i := len(before) - 1; i >= 0; i-- {
		if st, ok := before[i].(*ssa.Store); ok && st.Addr == slot {
			return st.Val
		}
	}
	return v
}
