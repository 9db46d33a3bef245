package ctxmodel

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// BoundsSharedFillOnly reports whether every call that receives the
// context bounded by bound (a WithTimeout/WithDeadline call) fills a value
// that the receiver keeps for all of its callers, under a lock they all
// take (see SharedFill): a lazily fetched credential, a cached discovery
// document. The bound is the shared value's policy, not a cap on one
// request: while the fill runs, every other caller waits on the lock, so a
// fixed bound keeps one caller's long deadline from holding them all, and
// a caller's shorter deadline still cuts it. mongo-driver's OIDC machine
// callback (oidc.go: WithTimeout(ctx, machineCallbackTimeout) handed only
// to getAccessToken, which returns oa.accessToken when set and otherwise
// runs the callback and stores it, under oa.mu) is one; a bound that also
// covers the request's own work (the SASL conversation after the token)
// is not.
func (e *Engine) BoundsSharedFillOnly(bound *ssa.Call) bool {
	refs := bound.Referrers()
	if refs == nil {
		return false
	}
	var calls []ssa.CallInstruction
	for _, r := range *refs {
		ex, ok := r.(*ssa.Extract)
		if !ok || ex.Index != 0 {
			continue
		}
		cs, ok := ctxCalls(ex, map[ssa.Value]bool{})
		if !ok {
			return false
		}
		calls = append(calls, cs...)
	}
	if len(calls) == 0 {
		return false
	}
	for _, c := range calls {
		callee := c.Common().StaticCallee()
		if callee == nil || !e.SharedFill(callee) {
			return false
		}
	}
	return true
}

// ctxCalls returns the calls that receive the context v as an argument
// (through phis), ok=false when v also goes where calls cannot be listed
// (a closure's binding, a store, an interface method it is the receiver
// of is only waited on and skipped).
func ctxCalls(v ssa.Value, seen map[ssa.Value]bool) (calls []ssa.CallInstruction, ok bool) {
	if seen[v] {
		return nil, true
	}
	seen[v] = true
	refs := v.Referrers()
	if refs == nil {
		return nil, true
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Phi:
			cs, ok := ctxCalls(r, seen)
			if !ok {
				return nil, false
			}
			calls = append(calls, cs...)
		case ssa.CallInstruction:
			if CtxFuncOf(r) != NotCtxFunc {
				continue
			}
			c := r.Common()
			if c.IsInvoke() && c.Value == v {
				continue // ctx.Done(), ctx.Err(): waited on
			}
			calls = append(calls, r)
		case *ssa.DebugRef:
		default:
			return nil, false
		}
	}
	return calls, true
}

// SharedFill reports whether the method fn fills a value its receiver
// keeps for every caller: under a lock of the receiver (a sync.Mutex or
// RWMutex field locked for writing), it returns a field of the receiver
// when that is already set, and otherwise computes it and stores it in
// the same field for the next callers.
func (e *Engine) SharedFill(fn *ssa.Function) bool {
	if fn.Signature.Recv() == nil || len(fn.Params) == 0 || len(fn.Blocks) == 0 {
		return false
	}
	recv := fn.Params[0]
	recvField := func(v ssa.Value) (int, bool) {
		fa, ok := v.(*ssa.FieldAddr)
		if !ok || fa.X != recv {
			return 0, false
		}
		return fa.Field, true
	}
	// loadedField: the receiver's field whose value v is (a load of it).
	loadedField := func(v ssa.Value) (int, bool) {
		if ld, ok := v.(*ssa.UnOp); ok && ld.Op == token.MUL {
			return recvField(ld.X)
		}
		return 0, false
	}
	locked := false
	returned := map[int]bool{}     // fields whose loaded value is returned
	stored := map[int]bool{}       // fields assigned
	slots := map[*ssa.Alloc]bool{} // result slots (a function with defers returns through them)
	var slotStores []*ssa.Store
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			switch in := in.(type) {
			case *ssa.Call:
				if obj := calleeObj(in); obj != nil && (IsMethodOf(obj, "sync", "Mutex", "Lock") || IsMethodOf(obj, "sync", "RWMutex", "Lock")) && len(in.Call.Args) == 1 {
					if _, ok := recvField(in.Call.Args[0]); ok {
						locked = true
					}
				}
			case *ssa.Store:
				if f, ok := recvField(in.Addr); ok {
					stored[f] = true
				}
				if _, ok := in.Addr.(*ssa.Alloc); ok {
					slotStores = append(slotStores, in)
				}
			case *ssa.Return:
				for _, r := range in.Results {
					if f, ok := loadedField(r); ok {
						returned[f] = true
					}
					if ld, ok := r.(*ssa.UnOp); ok && ld.Op == token.MUL {
						if a, ok := ld.X.(*ssa.Alloc); ok {
							slots[a] = true
						}
					}
				}
			}
		}
	}
	for _, st := range slotStores {
		if f, ok := loadedField(st.Val); ok && slots[st.Addr.(*ssa.Alloc)] {
			returned[f] = true
		}
	}
	if !locked {
		return false
	}
	for f := range returned {
		if stored[f] {
			return true
		}
	}
	return false
}
