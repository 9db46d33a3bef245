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
	u := boundCtxUses(bound)
	if len(u.calls) == 0 || u.closure || u.other {
		return false
	}
	for _, c := range u.calls {
		callee := c.Common().StaticCallee()
		if callee == nil || !e.SharedFill(callee) {
			return false
		}
	}
	return true
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
	returned := map[int]bool{} // fields whose loaded value is returned
	stored := map[int]bool{}   // fields assigned
	for _, b := range fn.Blocks {
		for i, in := range b.Instrs {
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
			case *ssa.Return:
				for _, r := range in.Results {
					if f, ok := loadedField(resultValue(b.Instrs[:i], r)); ok {
						returned[f] = true
					}
				}
			}
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
