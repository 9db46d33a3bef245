package ctxmodel

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Asynchronous and detached work, recognised by what the code does with a
// function, not by where it is written.

// Detached reports whether fn runs detached from the request of the
// function it is written in (or, for a declared function, of any caller):
//   - a closure started with go that its creator does not wait for (a
//     goroutine that closes or sends on a channel, or calls Done on a
//     WaitGroup, which the creator then receives from or Waits on, is
//     still on the request path);
//   - a closure run by defer (after the function returns: cleanup), or
//     registered with context.AfterFunc, time.AfterFunc or a Cleanup
//     method;
//   - a closure without a context parameter of its own that is stored
//     (in a struct field, a slice, a map, a global) or sent on a channel:
//     a callback run later by somebody else, whose context is not the
//     enclosing function's;
//   - an unexported function or method that the package only ever starts
//     with go.
//
// A closure inside a detached closure is detached.
func (e *Engine) Detached(fn *ssa.Function) bool {
	for f := fn; f != nil; f = f.Parent() {
		if v, ok := e.detached[f]; ok {
			if v {
				return true
			}
			continue
		}
		v := e.detached1(f)
		e.detached[f] = v
		if v {
			return true
		}
	}
	return false
}

func (e *Engine) detached1(f *ssa.Function) bool {
	if f.Parent() == nil {
		return e.onlyStartedWithGo(f)
	}
	var uses []ssa.Value
	for _, mc := range e.makeClosures(f) {
		uses = append(uses, mc)
	}
	if len(uses) == 0 {
		uses = append(uses, f)
	}
	ownCtx := receivesCallerContext(f)
	for _, u := range uses {
		if e.escapes(f, u, ownCtx, 0) {
			return true
		}
	}
	return false
}

// escapes reports whether the closure value u is run detached.
func (e *Engine) escapes(f *ssa.Function, u ssa.Value, ownCtx bool, depth int) bool {
	refs := u.Referrers()
	if refs == nil || depth > 4 {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Go:
			if r.Call.Value == u && !e.waited(r, f) {
				return true
			}
		case *ssa.Defer:
			if r.Call.Value == u {
				return true
			}
		case *ssa.Call:
			if r.Call.Value == u {
				continue // called in place
			}
			if obj := calleeObj(r); obj != nil {
				if IsPkgFunc(obj, "context", "AfterFunc") || IsPkgFunc(obj, "time", "AfterFunc") || obj.Name() == "Cleanup" {
					return true
				}
			}
		case *ssa.Store:
			if r.Val == u && !ownCtx {
				if _, local := r.Addr.(*ssa.Alloc); !local {
					return true // a callback kept for later
				}
			}
		case *ssa.Send:
			if r.X == u && !ownCtx {
				return true
			}
		case *ssa.ChangeType:
			if e.escapes(f, r, ownCtx, depth+1) {
				return true
			}
		}
	}
	return false
}

// waited reports whether the goroutine g started (running closure f) is
// waited for by the function that starts it: f closes or sends on a
// channel, or calls Done on a WaitGroup, that the starter then receives
// from (a receive or a select case) or Waits on.
func (e *Engine) waited(g *ssa.Go, f *ssa.Function) bool {
	signals := map[ssa.Value]bool{}
	for _, b := range f.Blocks {
		for _, in := range b.Instrs {
			switch in := in.(type) {
			case *ssa.Send:
				for _, v := range e.resolve(in.Chan) {
					signals[v] = true
				}
			case *ssa.Call:
				c := in.Common()
				if bi, ok := c.Value.(*ssa.Builtin); ok && bi.Name() == "close" && len(c.Args) == 1 {
					for _, v := range e.resolve(c.Args[0]) {
						signals[v] = true
					}
				}
				if obj := calleeObj(in); obj != nil && IsMethodOf(obj, "sync", "WaitGroup", "Done") && len(c.Args) == 1 {
					for _, v := range e.resolve(c.Args[0]) {
						signals[v] = true
					}
				}
			}
		}
	}
	if len(signals) == 0 {
		return false
	}
	starter := g.Parent()
	hit := func(v ssa.Value) bool {
		for _, r := range e.resolve(v) {
			if signals[r] {
				return true
			}
		}
		return false
	}
	for _, b := range starter.Blocks {
		for _, in := range b.Instrs {
			switch in := in.(type) {
			case *ssa.UnOp:
				if in.Op == token.ARROW && hit(in.X) {
					return true
				}
			case *ssa.Select:
				for _, st := range in.States {
					if st.Dir == types.RecvOnly && hit(st.Chan) {
						return true
					}
				}
			case *ssa.Call:
				if obj := calleeObj(in); obj != nil && IsMethodOf(obj, "sync", "WaitGroup", "Wait") && len(in.Call.Args) == 1 && hit(in.Call.Args[0]) {
					return true
				}
			}
		}
	}
	return false
}

// onlyStartedWithGo reports whether the package refers to the unexported
// declared function f only in go statements.
func (e *Engine) onlyStartedWithGo(f *ssa.Function) bool {
	obj, ok := f.Object().(*types.Func)
	if !ok || obj.Exported() && !isUnexportedRecv(obj) {
		return false
	}
	e.indexRefs()
	r := e.refs[f]
	return r != nil && r.goes > 0 && r.other == 0
}

func isUnexportedRecv(obj *types.Func) bool {
	sig, _ := obj.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return false
	}
	_, name := NamedOf(sig.Recv().Type())
	return name != "" && !token.IsExported(name)
}

// directCalls returns the package's calls (and defers) of fn, ok=false
// when there are none or fn is also referred to otherwise (as a value,
// which may be called anywhere). Starts with go are counted apart
// (funcRefs.goes).
func (e *Engine) directCalls(fn *ssa.Function) ([]ssa.CallInstruction, bool) {
	e.indexRefs()
	r := e.refs[fn]
	if r == nil || len(r.calls) == 0 || r.other > len(r.calls) {
		return nil, false
	}
	return r.calls, true
}

type funcRefs struct {
	goes, other int
	calls       []ssa.CallInstruction // direct calls and defers (counted in other too)
}

// indexRefs counts, once, how every function of the package is referred
// to: started with go, or anything else (calls, defers, values).
func (e *Engine) indexRefs() {
	if e.refs != nil {
		return
	}
	e.refs = map[*ssa.Function]*funcRefs{}
	get := func(f *ssa.Function) *funcRefs {
		r := e.refs[f]
		if r == nil {
			r = &funcRefs{}
			e.refs[f] = r
		}
		return r
	}
	for _, fn := range e.Funcs {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				if g, ok := in.(*ssa.Go); ok {
					if callee := g.Call.StaticCallee(); callee != nil {
						get(callee).goes++
					}
				}
				var ops []*ssa.Value
				for i, op := range in.Operands(ops) {
					if op == nil || *op == nil {
						continue
					}
					f, ok := (*op).(*ssa.Function)
					if !ok {
						continue
					}
					if g, isGo := in.(*ssa.Go); isGo && i == 0 && g.Call.Value == f {
						continue // counted above
					}
					get(f).other++
					if c, isCall := in.(ssa.CallInstruction); isCall && i == 0 && c.Common().Value == f {
						get(f).calls = append(get(f).calls, c)
					}
				}
			}
		}
	}
}

// RacedWithCaller reports whether fn runs in a goroutine whose starter
// waits for it in a select that also gives up when the caller's context
// is done (case <-ctx.Done()): the caller is never held past its own
// deadline, so work in the goroutine may deliberately outlive it (a Close
// that finishes in the background).
func (e *Engine) RacedWithCaller(fn *ssa.Function) bool {
	for f := fn; f != nil && f.Parent() != nil; f = f.Parent() {
		for _, mc := range e.makeClosures(f) {
			refs := mc.Referrers()
			if refs == nil {
				continue
			}
			for _, r := range *refs {
				if g, ok := r.(*ssa.Go); ok && g.Call.Value == mc && e.callerDoneSelect(g.Parent()) {
					return true
				}
			}
		}
	}
	return false
}

// callerDoneSelect reports whether fn has a select with a case receiving
// from the Done channel of a context that comes from fn's caller.
func (e *Engine) callerDoneSelect(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			sel, ok := in.(*ssa.Select)
			if !ok {
				continue
			}
			for _, st := range sel.States {
				call, ok := st.Chan.(*ssa.Call)
				if !ok || st.Dir != types.RecvOnly || !call.Call.IsInvoke() || call.Call.Method.Name() != "Done" || !IsContext(call.Call.Value.Type()) {
					continue
				}
				for _, o := range e.Origins(fn, call.Call.Value) {
					if o.Kind == FromCaller { // possibly with a nil fallback to Background
						return true
					}
				}
			}
		}
	}
	return false
}

// NoCallerBudget reports whether the context parameter p of an unexported
// function carries no caller's budget: the function runs detached (a
// worker started with go that nobody waits for, see Detached), or the
// package calls it only directly (never as a value) and every call
// passes a root (Background, TODO), a detached context (WithoutCancel), a
// stored one (a session's own context, loaded from a field), or a context
// parameter of a function that itself has no caller budget. Exported
// functions have callers outside the package: their users' contexts.
func (e *Engine) NoCallerBudget(p *ssa.Parameter) bool {
	return e.noCallerBudget(p, 0)
}

func (e *Engine) noCallerBudget(p *ssa.Parameter, depth int) bool {
	fn := p.Parent()
	if fn == nil || depth > 4 {
		return false
	}
	if e.Detached(fn) {
		// A worker started with go that nobody waits for (a declared
		// function the package only starts with go, or a go func(ctx)
		// literal) runs beside the request, not on it: whatever context
		// it is started with, the functions it calls do no request's
		// work for it (centrifuge's shared-poll worker, started on a
		// context of its own, bounds each poll of the user's handler;
		// kafka-go's partition readers fetch in a loop of their own).
		return true
	}
	if fn.Parent() != nil {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return false
	}
	if e.dispatchedWithoutBudget(fn) {
		return true
	}
	if obj.Exported() && !isUnexportedRecv(obj) {
		return false
	}
	idx := -1
	for i, q := range fn.Params {
		if q == p {
			idx = i
		}
	}
	calls, ok := e.directCalls(fn)
	if idx < 0 || !ok {
		return false
	}
	for _, c := range calls {
		if idx >= len(c.Common().Args) {
			return false
		}
		os := e.Origins(c.Parent(), c.Common().Args[idx])
		if len(os) == 0 {
			return false
		}
		for _, o := range os {
			switch o.Kind {
			case FromRoot, FromDetached, FromStored:
				// (A stored context lives as long as its owner: a
				// session's own context carries no request's budget.)
			case FromCaller:
				if o.ViaRequest || !e.noCallerBudget(o.Param, depth+1) {
					return false
				}
			default:
				return false
			}
		}
	}
	return true
}

// CallerBudget reports whether the context v of fn may carry a caller's
// budget: one of its origins is a caller's context parameter that is not
// known to receive only roots (NoCallerBudget).
func (e *Engine) CallerBudget(fn *ssa.Function, v ssa.Value) bool {
	for _, o := range e.Origins(fn, v) {
		if o.Kind == FromCaller && (o.ViaRequest || !e.NoCallerBudget(o.Param)) {
			return true
		}
	}
	return false
}

// ReceivesBudget reports whether fn, or a function enclosing it, takes a
// context parameter that may carry a caller's budget (see NoCallerBudget).
func (e *Engine) ReceivesBudget(fn *ssa.Function) bool {
	for f := fn; f != nil; f = f.Parent() {
		for _, p := range f.Params {
			if IsHTTPRequest(p.Type()) || EmbedsContext(p.Type()) || IsContext(p.Type()) && !e.NoCallerBudget(p) {
				return true
			}
		}
	}
	return false
}

// TestOnly reports whether fn runs only for tests: it is declared in a
// file the checks skip (a _test.go file, a test-support file or package),
// or it is an unexported function of this package whose every caller is
// test-only (the unexported helpers of a test harness whose entry points
// take a *testing.T, in files of their own). Exported API, functions used
// as values and functions without callers in view are not. Computed for
// the package at once, as the largest set closed under "every caller is
// in it", so the answer does not depend on the order of the questions.
func (e *Engine) TestOnly(fn *ssa.Function) bool {
	if e.testOnly == nil {
		e.computeTestOnly()
	}
	return e.testOnly[topFunc(fn)]
}

func (e *Engine) computeTestOnly() {
	e.testOnly = map[*ssa.Function]bool{}
	callers := map[*ssa.Function][]*ssa.Function{}
	var candidates []*ssa.Function
	for _, fn := range e.Funcs {
		if fn.Parent() != nil {
			continue
		}
		if e.Skip(fn.Pos()) {
			e.testOnly[fn] = true
			continue
		}
		if IsExportedAPI(fn) || fn.Name() == "init" || fn.Name() == "main" {
			continue
		}
		calls, ok := e.directCalls(fn)
		if !ok || len(calls) == 0 {
			continue
		}
		var cs []*ssa.Function
		for _, c := range calls {
			if c.Parent() == nil {
				cs = nil
				break
			}
			cs = append(cs, topFunc(c.Parent()))
		}
		if cs == nil {
			continue
		}
		callers[fn] = cs
		candidates = append(candidates, fn)
		e.testOnly[fn] = true
	}
	for changed := true; changed; {
		changed = false
		for _, fn := range candidates {
			if !e.testOnly[fn] {
				continue
			}
			for _, c := range callers[fn] {
				if !e.testOnly[c] {
					e.testOnly[fn] = false
					changed = true
					break
				}
			}
		}
	}
}
