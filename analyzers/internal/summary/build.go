package summary

import (
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
)

// builder computes the summaries of one package.
type builder struct {
	pass *analysis.Pass
	pkg  *ssa.Package

	sums       map[*ssa.Function]*FuncSummary
	inProgress map[*ssa.Function]bool
	guards     map[*ssa.Function]map[*ssa.BasicBlock]bool

	defaults map[string]Val // own package's never-changed defaults
	depDefs  map[string]map[string]Val

	ownInsts []Instance
	depInsts []Instance
	entries  []Entry

	optTypes map[string]bool // option types with a timeout option constructor
	cls      *ctxmodel.SSAClassifier

	calls map[token.Pos]*ast.CallExpr
	kvs   map[token.Pos]*ast.KeyValueExpr
}

// Entry is a place where a user timeout enters a call whose callee may
// replace or cap it.
type Entry struct {
	Func    *ssa.Function
	Pos     token.Pos // where the user's timeout is passed (option or deadline)
	User    Val
	Role    Role
	CallPos token.Pos
	Callee  ParamSummary // effects relative to the call (paths start at the caller)
}

func (b *builder) posString(pos token.Pos) string {
	if !pos.IsValid() {
		return ""
	}
	p := b.pass.Fset.Position(pos)
	if p.Filename == "" {
		return ""
	}
	return filepath.Base(filepath.Dir(p.Filename)) + "/" + filepath.Base(p.Filename) + ":" + strconv.Itoa(p.Line)
}

// ---- names ----

func qual(p *types.Package) string { return p.Name() }

// FuncName names fn for messages: pkg.F, (*pkg.T).M, "pkg.F (closure)".
func FuncName(fn *ssa.Function) string {
	if fn == nil {
		return "?"
	}
	if fn.Parent() != nil {
		top := fn
		for top.Parent() != nil {
			top = top.Parent()
		}
		return FuncName(top) + " (closure)"
	}
	if obj, ok := fn.Object().(*types.Func); ok && obj != nil {
		return objName(obj)
	}
	name := fn.Name()
	if i := strings.IndexByte(name, '$'); i >= 0 {
		name = name[:i]
	}
	return name
}

func objName(obj *types.Func) string {
	sig, _ := obj.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil {
		return "(" + types.TypeString(sig.Recv().Type(), qual) + ")." + obj.Name()
	}
	if obj.Pkg() != nil {
		return obj.Pkg().Name() + "." + obj.Name()
	}
	return obj.Name()
}

func typeKey(t types.Type) string { return types.TypeString(t, nil) }

// namedFuncKey returns the key of a named func type, or "".
func namedFuncKey(t types.Type) string {
	t = types.Unalias(t)
	n, ok := t.(*types.Named)
	if !ok {
		return ""
	}
	if _, ok := n.Underlying().(*types.Signature); !ok {
		return ""
	}
	return typeKey(n)
}

func methodKey(name string, sig *types.Signature) string {
	var b strings.Builder
	b.WriteString("m:")
	b.WriteString(name)
	b.WriteByte('(')
	for i := 0; i < sig.Params().Len(); i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(typeKey(sig.Params().At(i).Type()))
	}
	b.WriteByte(')')
	for i := 0; i < sig.Results().Len(); i++ {
		b.WriteByte(' ')
		b.WriteString(typeKey(sig.Results().At(i).Type()))
	}
	return b.String()
}

// roleOf classifies a parameter or argument type. Option slices count
// only when their element type has a timeout option constructor in its
// package (func WithXTimeout(time.Duration) T): other option lists cannot
// carry a timeout, and following them would only make facts bigger.
func (b *builder) roleOf(t types.Type) Role {
	switch {
	case ctxmodel.IsContext(t):
		return RoleCtx
	case ctxmodel.IsDuration(t):
		return RoleDur
	}
	s, ok := types.Unalias(t).Underlying().(*types.Slice)
	if !ok {
		return 0
	}
	n, ok := types.Unalias(s.Elem()).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return 0
	}
	switch n.Underlying().(type) {
	case *types.Signature, *types.Interface:
	default:
		return 0
	}
	key := typeKey(n)
	has, ok := b.optTypes[key]
	if !ok {
		scope := n.Obj().Pkg().Scope()
		for _, name := range scope.Names() {
			fn, ok := scope.Lookup(name).(*types.Func)
			if !ok {
				continue
			}
			if i, ok := (*ctxmodel.Options)(nil).TimeoutOption(fn); ok && i == 0 {
				if types.Identical(fn.Type().(*types.Signature).Results().At(0).Type(), n) {
					has = true
					break
				}
			}
		}
		b.optTypes[key] = has
	}
	if has {
		return RoleOpts
	}
	return 0
}

// isTimeoutOption reports whether call builds a functional timeout
// option (ctxmodel's recognizer; built-in names only: the analyzer is
// flag-free) with its duration as the only argument.
func isTimeoutOption(c *ssa.CallCommon) bool {
	fn := c.StaticCallee()
	if fn == nil || fn.Parent() != nil || len(c.Args) != 1 {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return false
	}
	i, ok := (*ctxmodel.Options)(nil).TimeoutOption(obj)
	return ok && i == 0
}

// ---- defaults ----

func (b *builder) global(pkgPath, name string, path []string) Val {
	key := pkgPath + "." + name
	if len(path) > 0 {
		key += "." + strings.Join(path, ".")
	}
	var m map[string]Val
	if b.pass.Pkg.Path() == pkgPath {
		m = b.defaults
	} else {
		m = b.depDefs[pkgPath]
	}
	if v, ok := m[key]; ok {
		return v
	}
	return Val{}
}

func rootGlobal(a ssa.Value) (*ssa.Global, []string) {
	var path []string
	for {
		switch x := a.(type) {
		case *ssa.Global:
			return x, path
		case *ssa.FieldAddr:
			path = append([]string{fieldName(x.X.Type(), x.Field)}, path...)
			a = x.X
		default:
			return nil, nil
		}
	}
}

// computeDefaults records package-level durations (and duration fields of
// package-level struct variables) initialised to constants and never
// written or address-taken outside the package initialiser.
func (b *builder) computeDefaults(funcs []*ssa.Function) {
	b.defaults = map[string]Val{}
	initFn := b.pkg.Func("init")
	if initFn == nil {
		return
	}
	ev := b.eval(initFn)
	for _, blk := range initFn.Blocks {
		for _, in := range blk.Instrs {
			st, ok := in.(*ssa.Store)
			if !ok {
				continue
			}
			g, path := rootGlobal(st.Addr)
			if g == nil || g.Pkg != b.pkg {
				continue
			}
			b.collectDefault(ev, g, path, st.Val, st.Pos(), 0)
		}
	}
	// Anything written or whose address escapes outside init is not a default.
	mutated := map[string]bool{}
	for _, fn := range funcs {
		if fn == initFn {
			continue
		}
		for _, blk := range fn.Blocks {
			for _, in := range blk.Instrs {
				var addrs []ssa.Value
				switch in := in.(type) {
				case *ssa.Store:
					addrs = append(addrs, in.Addr)
				case ssa.CallInstruction:
					addrs = append(addrs, in.Common().Args...)
				}
				for _, a := range addrs {
					if g, _ := rootGlobal(a); g != nil && g.Pkg == b.pkg {
						mutated[b.pkg.Pkg.Path()+"."+g.Name()] = true
					}
				}
			}
		}
	}
	for k := range b.defaults {
		for m := range mutated {
			if k == m || strings.HasPrefix(k, m+".") {
				delete(b.defaults, k)
			}
		}
	}
}

// collectDefault records the constant durations in v (a value or a
// struct literal copied from a temporary) stored to g.path in init.
func (b *builder) collectDefault(ev *evaluator, g *ssa.Global, path []string, v ssa.Value, pos token.Pos, depth int) {
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
						sub := append(append([]string(nil), path...), fieldName(a.Type(), fa.Field))
						b.collectDefault(ev, g, sub, st.Val, st.Pos(), depth+1)
					}
				}
			}
			return
		}
	}
	val := ev.value(v, nil, 0)
	if val.Kind != Fixed {
		return
	}
	desc := g.Name()
	if len(path) > 0 {
		desc += "." + strings.Join(path, ".")
	}
	if !pos.IsValid() {
		pos = g.Pos()
	}
	val.Desc, val.Pos = desc, b.posString(pos)
	b.defaults[b.pkg.Pkg.Path()+"."+desc] = val
}

// ---- guards ----

// guarded reports whether in runs only under a condition computed from a
// ctx.Deadline() result (the caller's deadline was consulted).
func (b *builder) guarded(fn *ssa.Function, in ssa.Instruction) bool {
	g, ok := b.guards[fn]
	if !ok {
		g = map[*ssa.BasicBlock]bool{}
		for _, blk := range fn.Blocks {
			if len(blk.Instrs) == 0 {
				continue
			}
			if iff, ok := blk.Instrs[len(blk.Instrs)-1].(*ssa.If); ok && fromDeadline(iff.Cond, 0, map[ssa.Value]bool{}) {
				for _, s := range blk.Succs {
					// A branch, not the join after an if without else.
					if len(s.Preds) == 1 {
						g[s] = true
					}
				}
			}
		}
		b.guards[fn] = g
	}
	blk := in.Block()
	if blk == nil {
		return false
	}
	for root := range g {
		if root.Dominates(blk) {
			return true
		}
	}
	return false
}

func fromDeadline(v ssa.Value, depth int, seen map[ssa.Value]bool) bool {
	if depth > 12 || seen[v] {
		return false
	}
	seen[v] = true
	switch v := v.(type) {
	case *ssa.Extract:
		if c, ok := v.Tuple.(*ssa.Call); ok {
			return ctxmodel.IsSSADeadlineCall(c)
		}
	case *ssa.UnOp:
		return fromDeadline(v.X, depth+1, seen)
	case *ssa.BinOp:
		return fromDeadline(v.X, depth+1, seen) || fromDeadline(v.Y, depth+1, seen)
	case *ssa.Phi:
		for _, e := range v.Edges {
			if fromDeadline(e, depth+1, seen) {
				return true
			}
		}
	case *ssa.Call:
		for _, a := range v.Call.Args {
			if fromDeadline(a, depth+1, seen) {
				return true
			}
		}
	}
	return false
}

// ---- summaries of callees ----

// calleeSummary returns the summary of a statically called function:
// computed here for this package's functions, imported as a fact otherwise.
func (b *builder) calleeSummary(fn *ssa.Function) *FuncSummary {
	if fn == nil {
		return nil
	}
	if fn.Pkg == b.pkg || (fn.Pkg == nil && fn.Blocks != nil) {
		return b.summarize(fn)
	}
	if len(fn.Blocks) > 0 && fn.Synthetic != "" {
		return b.summarize(fn)
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj == nil {
		return nil
	}
	obj = obj.Origin()
	if obj.Pkg() == b.pass.Pkg {
		if f := b.pkg.Prog.FuncValue(obj); f != nil && f != fn {
			return b.summarize(f)
		}
		return nil
	}
	return importSummary(b.pass, obj)
}

// ---- option slices ----

// shape of an option slice value in the current function.
type shape struct {
	known bool
	base  int // parameter index holding the caller's options, or -1
	pre   []OptElem
	suf   []OptElem
	elems []OptElem // timeout options when base < 0
}

func (b *builder) slice(fn *ssa.Function, v ssa.Value, depth int) shape {
	if depth > maxDepth {
		return shape{}
	}
	switch v := v.(type) {
	case *ssa.Parameter:
		for i, p := range fn.Params {
			if p == v {
				return shape{known: true, base: i}
			}
		}
	case *ssa.Const:
		return shape{known: true, base: -1}
	case *ssa.MakeSlice:
		return shape{known: true, base: -1}
	case *ssa.Slice:
		if alloc, ok := v.X.(*ssa.Alloc); ok {
			return b.arrayElems(fn, alloc)
		}
		return b.slice(fn, v.X, depth+1)
	case *ssa.ChangeType:
		return b.slice(fn, v.X, depth+1)
	case *ssa.Phi:
		var first shape
		for i, e := range v.Edges {
			if e == v {
				continue
			}
			s := b.slice(fn, e, depth+4)
			if s.known && s.base >= 0 && len(s.suf) > 0 {
				return s
			}
			if i == 0 || (!first.known && s.known) || (first.base < 0 && s.base >= 0) {
				first = s
			}
		}
		return first
	case *ssa.Call:
		if bi, ok := v.Call.Value.(*ssa.Builtin); ok && bi.Name() == "append" && len(v.Call.Args) == 2 {
			x := b.slice(fn, v.Call.Args[0], depth+1)
			y := b.slice(fn, v.Call.Args[1], depth+1)
			if !x.known || !y.known {
				return shape{}
			}
			switch {
			case x.base >= 0 && y.base < 0:
				x.suf = append(append([]OptElem(nil), x.suf...), y.elems...)
				return x
			case x.base < 0 && y.base >= 0:
				y.pre = append(append([]OptElem(nil), x.elems...), y.pre...)
				return y
			case x.base < 0 && y.base < 0:
				x.elems = append(append([]OptElem(nil), x.elems...), y.elems...)
				return x
			}
			return shape{}
		}
		callee := v.Call.StaticCallee()
		s := b.calleeSummary(callee)
		if s == nil || s.Returns == nil {
			return shape{}
		}
		r := s.Returns
		out := shape{known: true, base: -1}
		if r.Base >= 0 && r.Base < len(v.Call.Args) {
			out = b.slice(fn, v.Call.Args[r.Base], depth+1)
			if !out.known {
				return shape{}
			}
		}
		if b.guarded(fn, v) {
			return out
		}
		sub := func(es []OptElem) []OptElem {
			var o []OptElem
			for _, e := range es {
				e.Val = b.subst(fn, e.Val, &v.Call, depth+1)
				o = append(o, e)
			}
			return o
		}
		if out.base >= 0 {
			out.pre = append(sub(r.Pre), out.pre...)
			out.suf = append(append([]OptElem(nil), out.suf...), sub(r.Suf)...)
		} else {
			out.elems = append(append(sub(r.Pre), out.elems...), sub(r.Suf)...)
		}
		return out
	}
	return shape{}
}

// arrayElems reads the timeout options stored into a variadic/literal array.
func (b *builder) arrayElems(fn *ssa.Function, alloc *ssa.Alloc) shape {
	out := shape{known: true, base: -1}
	refs := alloc.Referrers()
	if refs == nil {
		return out
	}
	type idxElem struct {
		i int64
		e OptElem
	}
	var got []idxElem
	for _, r := range *refs {
		ia, ok := r.(*ssa.IndexAddr)
		if !ok || ia.Referrers() == nil {
			continue
		}
		idx := int64(-1)
		if c, ok := ia.Index.(*ssa.Const); ok {
			if n, ok := constInt(c); ok {
				idx = n
			}
		}
		for _, x := range *ia.Referrers() {
			st, ok := x.(*ssa.Store)
			if !ok || st.Addr != ia {
				continue
			}
			if e, ok := b.timeoutElem(fn, st.Val); ok {
				got = append(got, idxElem{idx, e})
			}
		}
	}
	sort.SliceStable(got, func(i, j int) bool { return got[i].i < got[j].i })
	for _, g := range got {
		out.elems = append(out.elems, g.e)
	}
	return out
}

func constInt(c *ssa.Const) (int64, bool) {
	if c.Value == nil {
		return 0, false
	}
	return c.Int64(), true
}

// timeoutElem recognises v as a timeout option built by a call.
func (b *builder) timeoutElem(fn *ssa.Function, v ssa.Value) (OptElem, bool) {
	for {
		if ct, ok := v.(*ssa.ChangeType); ok {
			v = ct.X
			continue
		}
		if mi, ok := v.(*ssa.MakeInterface); ok {
			v = mi.X
			continue
		}
		break
	}
	call, ok := v.(*ssa.Call)
	if !ok || !isTimeoutOption(&call.Call) {
		return OptElem{}, false
	}
	if b.guarded(fn, call) {
		return OptElem{}, false
	}
	val := b.eval(fn).value(call.Call.Args[0], nil, 0)
	val = b.constOrigin(val, call.Pos(), 0)
	at := b.callStart(call.Pos())
	return OptElem{Val: val, Pos: b.posString(at), Func: FuncName(fn), at: at}, true
}

// callStart returns the start of the call expression with this lparen.
func (b *builder) callStart(lparen token.Pos) token.Pos {
	if c := b.callAt(lparen); c != nil {
		return c.Pos()
	}
	return lparen
}

// ---- substitution ----

// subst rewrites a callee's symbolic value in terms of the caller: a
// parameter becomes the call's argument, a closure's free variable its
// binding (for a statically called closure).
func (b *builder) subst(fn *ssa.Function, v Val, c *ssa.CallCommon, depth int) Val {
	switch v.Kind {
	case Param:
		if v.Index >= len(c.Args) {
			return Val{}
		}
		out := b.evalArg(fn, c.Args[v.Index], v, depth)
		if out.Kind == Fixed && out.Desc == "" && v.Path == "" {
			out = b.constOrigin(out, c.Pos(), b.syntaxArg(c, v.Index))
		}
		return out
	case Free:
		if mc, ok := c.Value.(*ssa.MakeClosure); ok && v.Index < len(mc.Bindings) {
			return b.evalArg(fn, mc.Bindings[v.Index], v, depth)
		}
		return Val{}
	}
	return v
}

func (b *builder) evalArg(fn *ssa.Function, arg ssa.Value, v Val, depth int) Val {
	ev := b.eval(fn)
	var out Val
	if v.Addr {
		out = ev.addr(arg, splitPath(v.Path), depth+1)
	} else {
		out = ev.value(arg, splitPath(v.Path), depth+1)
	}
	return out
}

// syntaxArg maps an SSA argument index to the index in the call syntax
// (a static method call has its receiver as Args[0]).
func (b *builder) syntaxArg(c *ssa.CallCommon, j int) int {
	if !c.IsInvoke() {
		if fn := c.StaticCallee(); fn != nil && fn.Signature.Recv() != nil {
			return j - 1
		}
	}
	return j
}

func (b *builder) substEffects(fn *ssa.Function, ps *ParamSummary, c *ssa.CallCommon, step Step) ([]Effect, []DynCall) {
	var effs []Effect
	for _, e := range ps.Effects {
		e.Val = b.subst(fn, e.Val, c, 0)
		if e.Val.Kind == Unknown || e.Val.Kind == Remaining || e.Val.Kind == User {
			continue
		}
		e.Path = prepend(step, e.Path)
		effs = append(effs, e)
	}
	var dyn []DynCall
	for _, d := range ps.Dyn {
		d.Path = prepend(step, d.Path)
		dyn = append(dyn, d)
	}
	return effs, dyn
}

func prepend(s Step, p []Step) []Step {
	if s.Func == "" {
		return p
	}
	out := make([]Step, 0, len(p)+1)
	out = append(out, s)
	return append(out, p...)
}
