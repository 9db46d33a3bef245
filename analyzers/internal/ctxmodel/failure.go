package ctxmodel

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// A cap is a hazard when its expiry fails the caller's work: the caller
// asked for 30s, the call fails after 3s. Two kinds of code bound work
// whose expiry cannot fail the caller's work, and the checks leave them
// alone:
//
//   - best-effort steps with no error to report: the function (and, for a
//     closure, the function it is declared in) has no error result, so a
//     bounded call that expires is a soft failure (an OCSP responder that
//     does not answer in 5s means "no answer") or ends the program
//     (test drivers that log.Fatal);
//   - probes whose expiry is an expected answer: the function, or every
//     caller of an unexported function, tests the error for
//     context.DeadlineExceeded and goes on (an IMDSv2 token probe whose
//     expiry means "fall back to IMDSv1").

// ReportsFailure reports whether fn can hand the failure of the work it
// bounds to its caller: it has an error result, or it is a closure
// declared in a function that has one.
func ReportsFailure(fn *ssa.Function) bool {
	for f := fn; f != nil; f = f.Parent() {
		if hasErrorResult(f.Signature) {
			return true
		}
	}
	return false
}

// HasErrorResult reports whether one of sig's results is an error: a
// call of it can fail its caller.
func HasErrorResult(sig *types.Signature) bool { return hasErrorResult(sig) }

// hasErrorResult reports whether one of sig's results is an error.
func hasErrorResult(sig *types.Signature) bool {
	errType := types.Universe.Lookup("error").Type()
	for i := 0; i < sig.Results().Len(); i++ {
		if types.Identical(sig.Results().At(i).Type(), errType) {
			return true
		}
	}
	return false
}

// ExpiryExpected reports whether the expiry of a bound in fn is an
// expected outcome rather than a failure: fn's declaration tests an error
// for a deadline and goes on (ExpectsExpiry), or fn is unexported, only
// called directly in the package, and every caller does so.
func (e *Engine) ExpiryExpected(fn *ssa.Function) bool {
	top := topFunc(fn)
	if ExpectsExpiry(e.Info, FuncBody(top.Syntax())) {
		return true
	}
	obj, ok := top.Object().(*types.Func)
	if !ok || obj.Exported() && !isUnexportedRecv(obj) {
		return false
	}
	calls, ok := e.directCalls(top)
	if !ok || e.refs[top].goes > 0 {
		return false
	}
	for _, c := range calls {
		if !ExpectsExpiry(e.Info, FuncBody(topFunc(c.Parent()).Syntax())) {
			return false
		}
	}
	return true
}

// FailsLater reports whether the result of call is something whose
// failure surfaces later: a method that returns an error is called on it
// (db.QueryRow(ctx, q).Scan(&v): the row's Scan reports the query's
// failure), so the call is the request's work although it returns no
// error itself.
func FailsLater(call *ssa.Call) bool {
	var vals []ssa.Value
	if call.Common().Signature().Results().Len() == 1 {
		vals = []ssa.Value{call}
	} else if refs := call.Referrers(); refs != nil {
		for _, r := range *refs {
			if x, ok := r.(*ssa.Extract); ok {
				vals = append(vals, x)
			}
		}
	}
	for _, v := range vals {
		refs := v.Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			c, ok := r.(ssa.CallInstruction)
			if !ok {
				continue
			}
			com := c.Common()
			recv := com.IsInvoke() && com.Value == v ||
				!com.IsInvoke() && com.Signature().Recv() != nil && len(com.Args) > 0 && com.Args[0] == v
			if !recv {
				continue
			}
			if hasErrorResult(com.Signature()) {
				return true
			}
		}
	}
	return false
}
