package ctxmodel

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// ---- helper summaries: what a function returns, for its callers ----

// helperOf returns the helper summary of a statically called function:
// computed here for this package's functions, imported as a fact for
// others, nil when nothing is known.
func (e *Engine) helperOf(fn *ssa.Function) *HelperFact {
	if fn == nil {
		return nil
	}
	if e.SSA != nil && (fn.Pkg == e.SSA || fn.Pkg == nil && len(fn.Blocks) > 0) {
		return e.helper(fn)
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj == nil {
		return nil
	}
	obj = obj.Origin()
	if obj.Pkg() == e.Types {
		if e.SSA != nil {
			if f := e.SSA.Prog.FuncValue(obj); f != nil && f != fn {
				return e.helper(f)
			}
		}
		return nil
	}
	if noHelperFact(obj) {
		return nil
	}
	var h HelperFact
	if !e.ImportFact(obj, &h) {
		return nil
	}
	return &h
}

// noHelperFact: standard-library functions whose results the evaluator
// knows (time.Duration.Truncate...) or that never matter (package
// testing); go vet copies method facts into every importer, so facts of
// widely imported packages are paid for many times over.
func noHelperFact(obj *types.Func) bool {
	if obj.Pkg() == nil {
		return true
	}
	switch obj.Pkg().Path() {
	case "time", "testing", "context":
		return true
	}
	return false
}

// helper computes (once) the helper summary of a function of this
// package. Recursion contributes nothing.
func (e *Engine) helper(fn *ssa.Function) *HelperFact {
	if h, ok := e.helpers[fn]; ok {
		return h
	}
	if e.inProgress[fn] || len(fn.Blocks) == 0 || fn.TypeParams().Len() > 0 {
		return nil
	}
	e.inProgress[fn] = true
	defer delete(e.inProgress, fn)
	h := &HelperFact{}
	results := fn.Signature.Results()
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		for i, res := range ret.Results {
			t := results.At(i).Type()
			switch {
			case IsDuration(t):
				h.addResult(i, e.resultValue(fn, res))
			case IsContext(t):
				h.addValues(i, e.ctxValuesSet(fn, res))
			case e.IsOptionSlice(t) && h.List == nil:
				if l := e.OptList(fn, res); l.Known && (l.Base >= 0 || l.BaseFree < 0 && len(l.Elems) > 0) {
					h.List = l.shape()
					h.List.Result = i
				}
			}
		}
	}
	sort.Slice(h.Results, func(i, j int) bool { return h.Results[i].Index < h.Results[j].Index })
	var keep []ResultVal
	for _, r := range h.Results {
		if r.Val.Kind != Unknown {
			keep = append(keep, r)
		}
	}
	h.Results = keep
	sort.Slice(h.Values, func(i, j int) bool {
		a, b := h.Values[i], h.Values[j]
		if a.Result != b.Result {
			return a.Result < b.Result
		}
		return a.Key < b.Key
	})
	e.helpers[fn] = h
	return h
}

// resultValue is what one return statement gives a duration result; a
// zero constant (an error path) says nothing.
func (e *Engine) resultValue(fn *ssa.Function, res ssa.Value) Val {
	if c, ok := res.(*ssa.Const); ok && (c.Value == nil || c.Int64() == 0) {
		return Val{Kind: Fixed, Known: true} // marker: zero
	}
	return e.Value(fn, res)
}

// addResult joins the value a return gives result i with the others.
func (h *HelperFact) addResult(i int, v Val) {
	for k := range h.Results {
		if h.Results[k].Index != i {
			continue
		}
		old := h.Results[k].Val
		switch {
		case isZero(v):
		case isZero(old):
			h.Results[k].Val = v
		case old.Kind == Unknown || v.Kind == Unknown:
			h.Results[k].Val = Val{}
		default:
			h.Results[k].Val = join([]Val{old, v})
		}
		return
	}
	h.Results = append(h.Results, ResultVal{Index: i, Val: v})
	if isZero(v) {
		h.Results[len(h.Results)-1].Val = Val{} // until a non-zero path says more
		h.Results[len(h.Results)-1].Val.Kind = zeroMarker
	}
}

// zeroMarker is a transient kind: only zero was returned so far.
const zeroMarker Kind = 100

func isZero(v Val) bool {
	return v.Kind == zeroMarker || v.Kind == Fixed && v.Known && v.NS == 0
}

// ---- package-level defaults ----

// global evaluates a load from package-level variable g at path.
func (e *Engine) global(g *ssa.Global, path []string) Val {
	if g.Pkg == nil {
		return Val{}
	}
	key := globalKey(g, path)
	if g.Pkg == e.SSA {
		if v, ok := e.flagVars[key]; ok {
			return v
		}
		if v, ok := e.defaults[key]; ok {
			return v
		}
		if e.mutatedGlobal(key) {
			return Val{Kind: Config, Origin: key}
		}
		return Val{Origin: key}
	}
	if v, ok := e.depDefs[g.Pkg.Pkg.Path()][key]; ok {
		return v
	}
	return Val{Origin: key}
}

func (e *Engine) mutatedGlobal(key string) bool {
	// Recorded as a default unless written: a key without a default that
	// belongs to a known global was written somewhere.
	for k := range e.defaults {
		if strings.HasPrefix(k, key+".") {
			return false
		}
	}
	return false
}

// globalKey names a package-level variable, or a field path below it,
// as defaults and flags are keyed: "DefaultConfig.Timeout".
func globalKey(g *ssa.Global, path []string) string {
	if len(path) == 0 {
		return g.Name()
	}
	return g.Name() + "." + strings.Join(path, ".")
}

// rootGlobal returns the package-level variable an address is in, with
// the field path below it (&cfg.Dial.Timeout: cfg, [Dial Timeout]).
func rootGlobal(a ssa.Value) (*ssa.Global, []string) {
	var path []string
	for {
		switch x := a.(type) {
		case *ssa.Global:
			return x, path
		case *ssa.FieldAddr:
			path = append([]string{FieldName(x.X.Type(), x.Field)}, path...)
			a = x.X
		default:
			return nil, nil
		}
	}
}

// computeDefaults records package-level durations (and duration fields of
// package-level struct variables) initialised to constants and never
// written, nor their address handed out, outside the package initialiser.
func (e *Engine) computeDefaults() {
	initFn := e.SSA.Func("init")
	if initFn == nil {
		return
	}
	for _, blk := range initFn.Blocks {
		for _, in := range blk.Instrs {
			st, ok := in.(*ssa.Store)
			if !ok {
				continue
			}
			g, path := rootGlobal(st.Addr)
			if g == nil || g.Pkg != e.SSA {
				continue
			}
			e.collectDefault(initFn, g, path, st.Val, st.Pos(), 0)
		}
	}
	if len(e.defaults) == 0 {
		return
	}
	// Anything written, or whose address escapes, outside init is not a
	// default: every function of the package, methods and closures too.
	mutated := map[string]bool{}
	for _, fn := range e.allFuncs(initFn) {
		if fn == initFn {
			continue
		}
		for _, blk := range fn.Blocks {
			for _, in := range blk.Instrs {
				e.noteMutations(in, mutated)
			}
		}
	}
	for k := range e.defaults {
		for m := range mutated {
			if k == m || strings.HasPrefix(k, m+".") || strings.HasPrefix(m, k+".") {
				delete(e.defaults, k)
			}
		}
	}
}

// allFuncs returns every function of the package once: the declared
// ones and their closures, the package members (synthetic wrappers
// included), the initialiser initFn and the closures of all of them.
func (e *Engine) allFuncs(initFn *ssa.Function) []*ssa.Function {
	var out []*ssa.Function
	seen := map[*ssa.Function]bool{}
	var visit func(fn *ssa.Function)
	visit = func(fn *ssa.Function) {
		if fn == nil || seen[fn] {
			return
		}
		seen[fn] = true
		out = append(out, fn)
		for _, a := range fn.AnonFuncs {
			visit(a)
		}
	}
	for _, fn := range e.Funcs {
		visit(fn)
	}
	visit(initFn)
	for _, mem := range e.SSA.Members {
		if f, ok := mem.(*ssa.Function); ok {
			visit(f)
		}
	}
	return out
}

// noteMutations records the globals an instruction may write: stores to
// them or their fields, and any use of their address other than a load
// (a call argument, a method call, a stored pointer).
func (e *Engine) noteMutations(in ssa.Instruction, mutated map[string]bool) {
	mark := func(a ssa.Value) {
		if g, path := rootGlobal(a); g != nil && g.Pkg == e.SSA {
			k := g.Name()
			if len(path) > 0 {
				k += "." + strings.Join(path, ".")
			}
			mutated[k] = true
		}
	}
	switch in := in.(type) {
	case *ssa.Store:
		mark(in.Addr)
		mark(in.Val)
		return
	case *ssa.UnOp, *ssa.FieldAddr:
		return // loads and address arithmetic
	}
	var ops []*ssa.Value
	for _, op := range in.Operands(ops) {
		if op != nil && *op != nil {
			mark(*op)
		}
	}
}

// collectDefault records the constant durations in v (a value, or a
// struct literal copied from a temporary) stored to g.path in init.
func (e *Engine) collectDefault(initFn *ssa.Function, g *ssa.Global, path []string, v ssa.Value, pos token.Pos, depth int) {
	if depth > 4 {
		return
	}
	if ld, ok := v.(*ssa.UnOp); ok && ld.Op == token.MUL {
		if a, ok := ld.X.(*ssa.Alloc); ok && a.Referrers() != nil {
			for _, r := range *a.Referrers() {
				fa, ok := r.(*ssa.FieldAddr)
				if !ok || fa.Referrers() == nil {
					continue
				}
				for _, x := range *fa.Referrers() {
					if st, ok := x.(*ssa.Store); ok && st.Addr == fa {
						sub := append(append([]string(nil), path...), FieldName(a.Type(), fa.Field))
						e.collectDefault(initFn, g, sub, st.Val, st.Pos(), depth+1)
					}
				}
			}
			return
		}
	}
	if !IsDuration(v.Type()) {
		return
	}
	val := e.Value(initFn, v)
	if val.Kind != Fixed && val.Kind != Default || !val.Known {
		return
	}
	name := g.Name()
	if len(path) > 0 {
		name += "." + strings.Join(path, ".")
	}
	// The position of the composite literal's key, or of the variable.
	p := e.PosString(pos)
	e.indexSyntax()
	if kv := e.kvs[pos]; kv != nil {
		p = e.PosString(kv.Pos())
	}
	if p == "" || len(path) == 0 {
		p = e.PosString(g.Pos())
	}
	e.defaults[name] = Val{Kind: Default, Known: true, NS: val.NS, Origin: name, Pos: p}
}

// ---- origins of constants, from the syntax ----

// exprOrigin names a constant expression: the first non-time constant it
// mentions and its declaration's position ("DefaultTimeout",
// "rpc/config.go:14:2"), or nothing for a literal (3 * time.Second).
func (e *Engine) exprOrigin(x ast.Expr) (string, string) {
	var name, pos string
	ast.Inspect(x, func(n ast.Node) bool {
		if name != "" {
			return false
		}
		var id *ast.Ident
		switch n := n.(type) {
		case *ast.SelectorExpr:
			id = n.Sel
		case *ast.Ident:
			id = n
		default:
			return true
		}
		if c, ok := e.Info.ObjectOf(id).(*types.Const); ok && c.Pkg() != nil && c.Pkg().Path() != "time" {
			name, pos = c.Name(), e.PosString(c.Pos())
			return false
		}
		return true
	})
	return name, pos
}

// addValues joins what one return statement says of context result i
// with the others: a return that sets no value, or derives from another
// parameter, leaves the result undescribed.
func (h *HelperFact) addValues(i int, sets []CtxValueSet) {
	var others []CtxValueSet
	var old []CtxValueSet
	for _, cv := range h.Values {
		if cv.Result == i {
			old = append(old, cv)
		} else {
			others = append(others, cv)
		}
	}
	if h.valuesSeen == nil {
		h.valuesSeen = map[int]bool{}
	}
	first := !h.valuesSeen[i]
	h.valuesSeen[i] = true
	switch {
	case first:
		for _, s := range sets {
			s.Result = i
			others = append(others, s)
		}
	case len(sets) == 0 || len(old) == 0 || sets[0].Base != old[0].Base:
		// dropped: the returns disagree
	default:
		for _, o := range old {
			for _, s := range sets {
				if s.Key == o.Key {
					if s.Val != o.Val {
						o.Val = join([]Val{o.Val, s.Val})
					}
					others = append(others, o)
				}
			}
		}
	}
	h.Values = others
}
