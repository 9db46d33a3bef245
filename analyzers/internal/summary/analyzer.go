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
// together with those of all dependencies (go vet passes package facts only
// from direct imports, so they are re-exported), already specialised to
// their bindings (RetryInterceptor(DefaultRetryConfig) yields an instance
// whose timeout is the default config's field).
package summary

import (
	"reflect"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
)

// Analyzer produces FuncSummary and PackageSummary facts and a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "timeoutsummary",
	Doc:        "computes per-function timeout-flow summaries (facts) for timeoutflow",
	Run:        run,
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	FactTypes:  []analysis.Fact{new(FuncSummary), new(PackageSummary)},
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// Result is the query API over one package's summaries.
type Result struct {
	// Entries are the places where user timeouts are passed to calls with
	// effects, in source order.
	Entries []Entry

	insts map[string][]Instance
	sums  map[*ssa.Function]*FuncSummary
}

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
	ssaRes := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	b := &builder{
		pass:       pass,
		pkg:        ssaRes.Pkg,
		sums:       map[*ssa.Function]*FuncSummary{},
		inProgress: map[*ssa.Function]bool{},
		guards:     map[*ssa.Function]map[*ssa.BasicBlock]bool{},
		depDefs:    map[string]map[string]Val{},
		optTypes:   map[string]bool{},
		cls:        ctxmodel.NewSSAClassifier(pass.Fset),
	}
	// Dependencies' package facts (direct imports; they re-export theirs).
	imports := pass.Pkg.Imports()
	sort.Slice(imports, func(i, j int) bool { return imports[i].Path() < imports[j].Path() })
	for _, imp := range imports {
		var ps PackageSummary
		if !pass.ImportPackageFact(imp, &ps) {
			continue
		}
		b.depInsts = append(b.depInsts, ps.Insts...)
		m := map[string]Val{}
		for _, d := range ps.Defaults {
			m[d.Name] = d.Val
		}
		b.depDefs[imp.Path()] = m
	}
	funcs := ssaRes.SrcFuncs
	b.computeDefaults(funcs)
	for _, fn := range funcs {
		b.summarize(fn)
	}
	// Export object facts for declared functions and methods.
	for _, fn := range funcs {
		s := b.sums[fn]
		if s == nil || s.empty() || fn.Parent() != nil {
			continue
		}
		if obj := fn.Object(); obj != nil && obj.Pkg() == pass.Pkg {
			pass.ExportObjectFact(obj, s)
		}
	}
	all := normInsts(append(append([]Instance(nil), b.depInsts...), b.ownInsts...))
	pkgFact := &PackageSummary{Insts: all}
	keys := make([]string, 0, len(b.defaults))
	for k := range b.defaults {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		pkgFact.Defaults = append(pkgFact.Defaults, GlobalDefault{Name: k, Val: b.defaults[k]})
	}
	if len(pkgFact.Insts) > 0 || len(pkgFact.Defaults) > 0 {
		pass.ExportPackageFact(pkgFact)
	}
	res := &Result{insts: map[string][]Instance{}, sums: b.sums}
	for _, in := range all {
		res.insts[in.Key] = append(res.insts[in.Key], in)
	}
	sort.SliceStable(b.entries, func(i, j int) bool { return b.entries[i].Pos < b.entries[j].Pos })
	res.Entries = b.entries
	return res, nil
}
