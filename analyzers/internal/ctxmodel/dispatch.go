package ctxmodel

import (
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Caller awareness across interface dispatch. An interface is often a
// package's own contract with its implementations: a credentials cache
// calls Provider.Retrieve(ctx) only from a singleflight with a detached
// context, and the providers live in other packages. A provider's
// Retrieve then has no caller budget to cap, although its own package
// cannot see a caller. DispatchFact carries what the interface's package
// knows to the implementations' packages.

// DispatchFact is exported for an interface method whose every call in
// the interface's package passes, as its context argument CtxArg, a
// context with no caller budget (a root, a detached context, or the
// context of a function that has none), or forwards the context of
// another implementation of the same method (a chain).
type DispatchFact struct {
	CtxArg int
}

// AFact implements analysis.Fact.
func (*DispatchFact) AFact() {}

func (*DispatchFact) String() string { return "dispatch(no caller budget)" }

// dispatchFacts computes the DispatchFacts of the package's interface
// methods, sorted by method name for a deterministic export.
func (e *Engine) dispatchFacts() map[*types.Func]*DispatchFact {
	type acc struct {
		arg        int
		ok, rooted bool
	}
	byMethod := map[*types.Func]*acc{}
	for _, fn := range e.Funcs {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				call, ok := in.(ssa.CallInstruction)
				if !ok || !call.Common().IsInvoke() || call.Common().Method.Pkg() != e.Types {
					continue
				}
				m := call.Common().Method
				if !packageLevelInterface(m) {
					continue
				}
				idx := -1
				for i, a := range call.Common().Args {
					if IsContext(a.Type()) {
						idx = i
						break
					}
				}
				if idx < 0 {
					continue
				}
				a := byMethod[m]
				if a == nil {
					a = &acc{arg: idx, ok: true}
					byMethod[m] = a
				}
				if !a.ok {
					continue
				}
				if _, isGo := in.(*ssa.Go); isGo || idx != a.arg {
					a.ok = false
					continue
				}
				os := e.Origins(call.Parent(), call.Common().Args[idx])
				if len(os) == 0 {
					a.ok = false
				}
				for _, o := range os {
					switch {
					case o.Kind == FromRoot || o.Kind == FromDetached:
						a.rooted = true
					case o.Kind == FromCaller && !o.ViaRequest && implementsMethod(o.Param.Parent(), m):
						// a chain forwarding its own caller's context
					case o.Kind == FromCaller && !o.ViaRequest && e.NoCallerBudget(o.Param):
						a.rooted = true
					default:
						a.ok = false
					}
				}
			}
		}
	}
	out := map[*types.Func]*DispatchFact{}
	for m, a := range byMethod {
		if a.ok && a.rooted {
			out[m] = &DispatchFact{CtxArg: a.arg}
		}
	}
	return out
}

// sortedMethods returns the keys of m in a deterministic order.
func sortedMethods(m map[*types.Func]*DispatchFact) []*types.Func {
	keys := make([]*types.Func, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].FullName() < keys[j].FullName() })
	return keys
}

// implementsMethod reports whether fn is a method with m's name whose
// receiver type implements m's interface.
func implementsMethod(fn *ssa.Function, m *types.Func) bool {
	if fn == nil || fn.Signature.Recv() == nil || fn.Name() != m.Name() {
		return false
	}
	it := interfaceOf(m)
	return it != nil && types.Implements(fn.Signature.Recv().Type(), it)
}

func interfaceOf(m *types.Func) *types.Interface {
	sig, ok := m.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	it, _ := sig.Recv().Type().Underlying().(*types.Interface)
	return it
}

// dispatchedWithoutBudget reports whether the method fn is reached only
// through an interface whose package calls it without a caller budget
// (DispatchFact), and outside code cannot call either directly: fn's
// package and the interface's are internal to their module.
func (e *Engine) dispatchedWithoutBudget(fn *ssa.Function) bool {
	if fn.Signature.Recv() == nil || !isInternal(e.Types.Path()) {
		return false
	}
	if e.dispatch == nil {
		e.dispatch = map[string][]*types.Func{}
		if own := e.ownDispatch; own != nil {
			for _, m := range sortedMethods(own) {
				e.dispatch[m.Name()] = append(e.dispatch[m.Name()], m)
			}
		}
		for _, imp := range e.Types.Imports() {
			if !isInternal(imp.Path()) {
				continue
			}
			scope := imp.Scope()
			for _, name := range scope.Names() {
				tn, ok := scope.Lookup(name).(*types.TypeName)
				if !ok {
					continue
				}
				it, ok := tn.Type().Underlying().(*types.Interface)
				if !ok {
					continue
				}
				for i := 0; i < it.NumExplicitMethods(); i++ {
					m := it.ExplicitMethod(i)
					var f DispatchFact
					if e.ImportFact(m, &f) {
						e.dispatch[m.Name()] = append(e.dispatch[m.Name()], m)
					}
				}
			}
		}
	}
	for _, m := range e.dispatch[fn.Name()] {
		if implementsMethod(fn, m) {
			return true
		}
	}
	return false
}

// isInternal reports whether a package path is importable only inside
// its module's tree (it has an internal element).
func isInternal(path string) bool {
	return path == "internal" || strings.HasPrefix(path, "internal/") ||
		strings.Contains(path, "/internal/") || strings.HasSuffix(path, "/internal")
}

// packageLevelInterface reports whether m is a method of a package-level
// named interface (an object other packages can name, so a fact on it
// can be exported).
func packageLevelInterface(m *types.Func) bool {
	sig, ok := m.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	named, ok := types.Unalias(sig.Recv().Type()).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Parent() == named.Obj().Pkg().Scope()
}
