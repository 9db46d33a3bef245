// Package summary computes per-function timeout-flow summaries as analysis
// facts (staticcheck style: this analyzer produces facts and a query API,
// timeoutflow reports).
//
// For every function and method, and for every context, option-slice or
// duration parameter, a summary says which effects the function may have
// on the caller's budget (Replace: a timeout option placed after the
// caller's; Drop: the caller's options not passed on so a default applies;
// Cap: a timeout applied to the caller's context; Apply: where an option
// list is resolved, with its default), with the value (possibly still
// symbolic in the function's parameters or a closure's free variables),
// the path by function names and "dir/file.go:line" positions, and the
// calls through dynamic values (named func types, interface methods) that
// callers must resolve.
//
// Instances of named func types (closures, functions, bound methods) and
// methods of types converted to interfaces are recorded in a package fact
// together with those of the dependencies that matter (go vet passes
// package facts only from direct imports, so they are re-exported when
// they have effects or reach an instance that has), already specialised to
// their bindings (RetryInterceptor(DefaultRetryConfig) yields an instance
// whose timeout is the default config's field).
//
// Values, option lists, context origins and guards are the deadline
// engine's (ctxmodel.Analyzer, which also builds the SSA, once per
// package, and only for packages that mention a context or a duration).
// Object facts are encoded compactly (encode.go).
package summary

import (
	"fmt"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
)

// Analyzer produces FuncSummary and PackageSummary facts and a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "timeoutsummary",
	Doc:        "computes per-function timeout-flow summaries (facts) for timeoutflow",
	Run:        run,
	Requires:   []*analysis.Analyzer{ctxmodel.Analyzer},
	FactTypes:  []analysis.Fact{new(FuncSummary), new(PackageSummary)},
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// Result is the query API over one package's summaries.
type Result struct {
	// Entries are the places where user timeouts are passed to calls with
	// effects, in source order.
	Entries []Entry

	// Wired are the entries of direct imports that waited for an
	// interface implementation (PackageSummary.Pending) which this package
	// wires, with the effects they now reach: reported here, at At.
	Wired []Wired

	insts map[string][]Instance
	sums  map[*ssa.Function]*FuncSummary
	e     *ctxmodel.Engine
}

// Wired is an imported pending entry resolved where its interface's
// implementation is wired.
type Wired struct {
	PendingEntry
	At      token.Pos // the conversion of the implementation to the interface
	Effects []Effect  // what the entry's call now reaches, shortest first
}

// SSA returns the package's SSA form and its source functions in source
// order (the engine's; nil for a package that mentions no context or
// duration).
func (r *Result) SSA() (*ssa.Package, []*ssa.Function) { return r.e.SSA, r.e.Funcs }

// Engine returns the deadline engine of the package.
func (r *Result) Engine() *ctxmodel.Engine { return r.e }

// Summary returns the summary computed for a function of this package.
func (r *Result) Summary(fn *ssa.Function) *FuncSummary { return r.sums[fn] }

// Instances returns the instances of a named func type or interface method
// key visible from this package (its own and its dependencies').
func (r *Result) Instances(key string) []Instance { return r.insts[key] }

// Expand resolves the dynamic calls of ps against the visible instances and
// returns all effects, shortest paths first. Recursion through instances
// that reach themselves (interceptor chains calling next) terminates.
func (r *Result) Expand(ps ParamSummary) []Effect {
	var out []Effect
	seen := map[string]bool{}
	var walk func(ps ParamSummary, prefix []Step, depth int)
	walk = func(ps ParamSummary, prefix []Step, depth int) {
		for _, e := range ps.Effects {
			e.Path = append(append([]Step(nil), prefix...), e.Path...)
			out = append(out, e)
		}
		if depth > 8 {
			return
		}
		for _, d := range ps.Dyn {
			for _, inst := range r.insts[d.Key] {
				k := instKey(inst) + "#" + string(rune('0'+d.Arg))
				if seen[k] {
					continue
				}
				for _, p := range inst.Params {
					if p.Index != d.Arg {
						continue
					}
					seen[k] = true
					walk(p, append(append([]Step(nil), prefix...), d.Path...), depth+1)
					delete(seen, k)
				}
			}
		}
	}
	walk(ps, nil, 0)
	return normEffects(out)
}

func run(pass *analysis.Pass) (any, error) {
	e := ctxmodel.View(pass, ctxmodel.Analyzer)
	if e == nil {
		return nil, fmt.Errorf("summary: no deadline engine for %s", pass.Pkg.Path())
	}
	// Dependencies' package facts (direct imports; they re-export what
	// importers may need).
	var depFacts []*PackageSummary
	// A copy: Imports returns the package's own slice, which the sort
	// below must not reorder under other analyzers reading it concurrently.
	imports := append([]*types.Package(nil), pass.Pkg.Imports()...)
	sort.Slice(imports, func(i, j int) bool { return imports[i].Path() < imports[j].Path() })
	for _, imp := range imports {
		ps := new(PackageSummary)
		if pass.ImportPackageFact(imp, ps) {
			depFacts = append(depFacts, ps)
		}
	}
	if e.SSA == nil {
		// Nothing here can carry a context, a deadline or a duration:
		// no summaries, no facts. Instances of dependencies are not
		// re-exported: an importer can only reach them through types
		// this package never mentions, or by importing their package.
		return &Result{insts: depInstMap(depFacts), e: e}, nil
	}
	funcs := e.Funcs
	b := &builder{
		pass:       pass,
		e:          e,
		pkg:        e.SSA,
		sums:       map[*ssa.Function]*FuncSummary{},
		inProgress: map[*ssa.Function]bool{},
	}
	for _, ps := range depFacts {
		b.depInsts = append(b.depInsts, ps.Insts...)
	}
	for _, fn := range funcs {
		b.summarize(fn)
	}
	// Contexts passed to interface methods, and calls through func-typed
	// fields, are only worth a fact when an implementation with effects
	// is visible here (its own or a dependency's): otherwise every
	// function handing its context to a store, a client interface or a
	// hook would carry, and pass up to all its callers, calls that
	// resolve to nothing (on grpc they were a third of all fact bytes).
	visible := map[string]bool{}
	for _, in := range b.depInsts {
		visible[in.Key] = true
	}
	for _, in := range b.ownInsts {
		visible[in.Key] = true
	}
	for _, s := range b.sums {
		pruneCtxDispatch(s, visible)
	}
	// Export object facts for declared functions and methods.
	for _, fn := range funcs {
		s := b.sums[fn]
		if s == nil || s.empty() || fn.Parent() != nil {
			continue
		}
		if obj, ok := fn.Object().(*types.Func); ok && obj.Pkg() == pass.Pkg && !noFact(obj) {
			pass.ExportObjectFact(obj, compactSummary(s, ctxmodel.ObjName(obj), pass.Pkg.Path()))
		}
	}
	all := normInsts(append(append([]Instance(nil), b.depInsts...), b.ownInsts...))
	res := &Result{insts: map[string][]Instance{}, sums: b.sums, e: e}
	for _, in := range all {
		res.insts[in.Key] = append(res.insts[in.Key], in)
	}
	sort.SliceStable(b.entries, func(i, j int) bool { return b.entries[i].Pos < b.entries[j].Pos })
	res.Entries = b.entries
	pkgFact := &PackageSummary{
		Insts:   exportInsts(normInsts(b.depInsts), normInsts(b.ownInsts)),
		Pending: res.pending(b.entries),
	}
	if len(pkgFact.Insts) > 0 || len(pkgFact.Pending) > 0 {
		pass.ExportPackageFact(pkgFact)
	}
	res.Wired = res.wire(depFacts, b.wiring)
	return res, nil
}

// pending returns the entries whose call reaches an interface method that
// no instance visible here implements.
func (r *Result) pending(entries []Entry) []PendingEntry {
	var out []PendingEntry
	for _, en := range entries {
		unresolved := false
		for _, d := range en.Callee.Dyn {
			if strings.HasPrefix(d.Key, "m:") && len(r.insts[d.Key]) == 0 {
				unresolved = true
			}
		}
		if !unresolved || !en.Pos.IsValid() {
			continue
		}
		out = append(out, PendingEntry{Func: ctxmodel.NameOf(en.Func), Pos: r.e.PosString(en.Pos), User: en.User, Callee: en.Callee})
	}
	// By position as text: a fact's bytes must not depend on the order in
	// which the driver added files to the file set.
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Pos != out[j].Pos {
			return out[i].Pos < out[j].Pos
		}
		return out[i].Func < out[j].Func
	})
	return out
}

// wire resolves the direct imports' pending entries against the
// implementations this package converts to their interfaces.
func (r *Result) wire(deps []*PackageSummary, wiring map[string]token.Pos) []Wired {
	var out []Wired
	for _, ps := range deps {
		for _, pe := range ps.Pending {
			at := token.NoPos
			for _, d := range pe.Callee.Dyn {
				if p, ok := wiring[d.Key]; ok && (!at.IsValid() || p < at) {
					at = p
				}
			}
			if !at.IsValid() {
				continue
			}
			if effs := r.Expand(pe.Callee); len(effs) > 0 {
				out = append(out, Wired{PendingEntry: pe, At: at, Effects: effs})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At < out[j].At })
	return out
}

// pruneCtxDispatch drops, in place, the context arguments of
// interface-method calls (keys "m:...") and the calls through func-typed
// struct fields (keys "f:...", hooks and callbacks everywhere) that no
// visible instance resolves: a field's functions are stored where the
// struct is built, which for the package's own fields is this package.
func pruneCtxDispatch(s *FuncSummary, visible map[string]bool) {
	if s == nil {
		return
	}
	var params []ParamSummary
	for _, p := range s.Params {
		var dyn []DynCall
		for _, d := range p.Dyn {
			if (d.Role == RoleCtx && strings.HasPrefix(d.Key, "m:") || strings.HasPrefix(d.Key, "f:")) && !visible[d.Key] {
				continue
			}
			dyn = append(dyn, d)
		}
		p.Dyn = dyn
		if len(p.Effects) > 0 || len(p.Dyn) > 0 {
			params = append(params, p)
		}
	}
	s.Params = params
}

// depInstMap indexes the instances re-exported by direct imports.
func depInstMap(deps []*PackageSummary) map[string][]Instance {
	var all []Instance
	for _, ps := range deps {
		all = append(all, ps.Insts...)
	}
	m := map[string][]Instance{}
	for _, in := range normInsts(all) {
		m[in.Key] = append(m[in.Key], in)
	}
	return m
}

// exportInsts selects the instances of the package fact. The package's
// own instances are all exported (an importer may add instances their
// dynamic calls reach). Dependencies' instances are re-exported (go vet
// passes package facts only from direct imports) only when they matter:
// they have effects, or their dynamic calls reach, through instances
// visible here, one that has. Without this pruning every package would
// carry the instances of all its transitive dependencies.
func exportInsts(dep, own []Instance) []Instance {
	all := append(append([]Instance(nil), dep...), own...)
	useful := map[string]bool{} // keys with a useful instance
	isUseful := func(in Instance) bool {
		for _, p := range in.Params {
			if len(p.Effects) > 0 {
				return true
			}
			for _, d := range p.Dyn {
				if useful[d.Key] {
					return true
				}
			}
		}
		return false
	}
	for changed := true; changed; {
		changed = false
		for _, in := range all {
			if !useful[in.Key] && isUseful(in) {
				useful[in.Key] = true
				changed = true
			}
		}
	}
	out := append([]Instance(nil), own...)
	for _, in := range dep {
		if isUseful(in) {
			out = append(out, in)
		}
	}
	return normInsts(out)
}
