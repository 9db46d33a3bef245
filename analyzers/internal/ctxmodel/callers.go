package ctxmodel

import (
	"go/types"
	"sort"

	"golang.org/x/tools/go/ssa"
)

// CallerDeadline names a caller in this package that calls fn (or the
// function declaring the closure fn) with a context bounded by a deadline
// that is not known to be shorter than capNS: "budget.Handle passes
// req.WaitTimeout", "(*api.Server).Create passes 30s". ok is false when no
// such caller is in view; the first caller in name order wins.
func (e *Engine) CallerDeadline(fn *ssa.Function, capNS int64) (string, bool) {
	top := topFunc(fn)
	calls, _ := e.directCalls(top)
	var found []string
	for _, call := range calls {
		caller := call.Parent()
		if caller == nil || e.Skip(call.Pos()) {
			continue
		}
		for _, a := range call.Common().Args {
			if !IsContext(a.Type()) {
				continue
			}
			for _, o := range e.Origins(caller, a) {
				for _, bc := range o.Bounds {
					if bc.Parent() != caller {
						continue
					}
					v := e.BoundDuration(bc)
					if v.Kind == Unknown || v.Kind == Remaining || v.Known && v.NS <= capNS {
						continue
					}
					// A caller in this package, named as the message names fn.
					found = append(found, LocalName(caller)+" passes "+v.String())
				}
			}
		}
	}
	if len(found) == 0 {
		return "", false
	}
	sort.Strings(found)
	return found[0], true
}

// BoundDuration is the duration a context.WithTimeout/WithDeadline(+Cause)
// call applies, to the function making it (Local: WithDeadline(ctx,
// time.Now().Add(d)) is d's value; a parameter is the caller's or
// configuration); Unknown for any other call.
func (e *Engine) BoundDuration(bc *ssa.Call) Val {
	if !CtxFuncOf(bc).IsBound() {
		return Val{}
	}
	return e.Local(bc.Parent(), e.boundDurSym(bc))
}

// IsExportedAPI reports whether fn (or the function declaring the closure
// fn) can be called from outside its package: an exported function, or an
// exported method (of an exported type, or of an unexported one, which
// outside callers reach through an interface: clickhouse-go's Open returns
// its *clickhouse as a driver.Conn).
func IsExportedAPI(fn *ssa.Function) bool {
	top := topFunc(fn)
	obj, ok := top.Object().(*types.Func)
	return ok && obj.Exported()
}
