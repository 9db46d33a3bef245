package ctxmodel

import (
	"go/constant"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/ssa"
)

// SSAClassifier classifies SSA values of type time.Duration in the same
// value model as Package.Classify. Create one per analysis run; it
// memoizes package-level variable analysis and is not safe for concurrent
// use.
type SSAClassifier struct {
	fset    *token.FileSet
	globals map[*ssa.Global]*globalInfo
	indexed map[*ssa.Package]bool
}

type globalInfo struct {
	mutated bool
	value   ssa.Value         // whole-value initializer store, if any
	fields  map[int]fieldInit // field initializer stores in the package initializer
}

type fieldInit struct {
	val ssa.Value
	pos token.Pos
}

// NewSSAClassifier returns a classifier; fset resolves positions for
// Describe-like output (it may be nil).
func NewSSAClassifier(fset *token.FileSet) *SSAClassifier {
	return &SSAClassifier{fset: fset, globals: map[*ssa.Global]*globalInfo{}, indexed: map[*ssa.Package]bool{}}
}

// Classify classifies v:
//   - *ssa.Const: Fixed;
//   - loads of a package-level variable (or of a field of one) that only
//     the package initializer writes: Fixed with the initializer's value,
//     Origin "Name" or "Name.Field";
//   - *ssa.Parameter: User (the receiver: Config); a field loaded from a
//     parameter: User, or Config when the parameter's type is named like
//     a configuration or it is the receiver;
//   - time.Until(dl) and dl.Sub(time.Now()) where dl comes from
//     X.Deadline(): Remaining; arithmetic, min/max, conversions and phis
//     combine as in Package.Classify;
//   - anything else: Unknown.
func (c *SSAClassifier) Classify(v ssa.Value) Value {
	return c.classify(v, map[ssa.Value]bool{}, 0)
}

func (c *SSAClassifier) classify(v ssa.Value, seen map[ssa.Value]bool, depth int) Value {
	if v == nil || depth > maxDepth || seen[v] {
		return Value{}
	}
	seen[v] = true
	defer delete(seen, v)
	switch x := v.(type) {
	case *ssa.Const:
		out := Value{Kind: Fixed}
		if x.Value != nil {
			if iv := constant.ToInt(x.Value); iv.Kind() == constant.Int {
				if n, ok := constant.Int64Val(iv); ok {
					out.Known, out.Nanos = true, n
				}
			}
		} else {
			out.Known = true // zero value
		}
		return out
	case *ssa.Parameter:
		if fn := x.Parent(); fn != nil && fn.Signature.Recv() != nil && len(fn.Params) > 0 && fn.Params[0] == x {
			return Value{Kind: Config, Origin: x.Name(), Pos: x.Pos()}
		}
		return Value{Kind: User, Origin: "parameter " + x.Name(), Pos: x.Pos()}
	case *ssa.FreeVar:
		return Value{Origin: x.Name()}
	case *ssa.ChangeType:
		return c.classify(x.X, seen, depth+1)
	case *ssa.Convert:
		return c.classify(x.X, seen, depth+1)
	case *ssa.UnOp:
		switch x.Op {
		case token.MUL: // load
			return c.classifyLoad(x.X, seen, depth+1)
		case token.SUB:
			r := c.classify(x.X, seen, depth+1)
			r.Nanos = -r.Nanos
			return r
		}
	case *ssa.Field:
		return c.classifyFieldOf(x.X, x.Field, seen, depth+1)
	case *ssa.BinOp:
		a, b := c.classify(x.X, seen, depth+1), c.classify(x.Y, seen, depth+1)
		out := combine([]Value{a, b})
		if a.Kind == Fixed && b.Kind == Fixed {
			out = a
			if a.Origin == "" {
				out.Origin, out.Pos = b.Origin, b.Pos
			}
			out.Known = a.Known && b.Known
			if out.Known {
				out.Nanos, out.Known = arith(x.Op, a.Nanos, b.Nanos)
			}
		}
		return out
	case *ssa.Phi:
		vals := make([]Value, 0, len(x.Edges))
		for _, e := range x.Edges {
			vals = append(vals, c.classify(e, seen, depth+1))
		}
		return combine(vals)
	case *ssa.Extract:
		if call, ok := x.Tuple.(*ssa.Call); ok && x.Index == 0 && isSSADeadlineCall(call) {
			return Value{Kind: Remaining, Origin: "caller's deadline"}
		}
	case *ssa.Call:
		return c.classifyCall(x, seen, depth+1)
	}
	return Value{}
}

func isSSADeadlineCall(call *ssa.Call) bool {
	cc := call.Common()
	var name string
	var sig *types.Signature
	if cc.IsInvoke() {
		name, sig = cc.Method.Name(), cc.Method.Type().(*types.Signature)
	} else if f := cc.StaticCallee(); f != nil {
		name, sig = f.Name(), f.Signature
	}
	return name == "Deadline" && sig != nil && sig.Results().Len() == 2 && IsTime(sig.Results().At(0).Type())
}

func (c *SSAClassifier) classifyCall(call *ssa.Call, seen map[ssa.Value]bool, depth int) Value {
	cc := call.Common()
	if b, ok := cc.Value.(*ssa.Builtin); ok && (b.Name() == "min" || b.Name() == "max") {
		vals := make([]Value, len(cc.Args))
		for i, a := range cc.Args {
			vals[i] = c.classify(a, seen, depth)
		}
		v := combine(vals)
		if v.Kind == Fixed {
			for _, x := range vals[1:] {
				if !x.Known || !v.Known {
					v.Known = false
					break
				}
				if (b.Name() == "min") == (x.Nanos < v.Nanos) {
					v = x
				}
			}
		}
		return v
	}
	f := cc.StaticCallee()
	if f == nil || f.Object() == nil {
		return Value{}
	}
	fn, _ := f.Object().(*types.Func)
	switch {
	case IsPkgFunc(fn, "time", "Until") && len(cc.Args) == 1:
		return c.remainingTime(cc.Args[0], seen, depth)
	case IsMethodOf(fn, "time", "Time", "Sub") && len(cc.Args) == 2:
		return c.remainingTime(cc.Args[0], seen, depth)
	}
	return Value{}
}

// remainingTime returns Remaining when t is (derived from) a deadline
// obtained from X.Deadline().
func (c *SSAClassifier) remainingTime(t ssa.Value, seen map[ssa.Value]bool, depth int) Value {
	if depth > maxDepth {
		return Value{}
	}
	switch x := t.(type) {
	case *ssa.Extract:
		if call, ok := x.Tuple.(*ssa.Call); ok && x.Index == 0 && isSSADeadlineCall(call) {
			return Value{Kind: Remaining, Origin: "caller's deadline"}
		}
	case *ssa.Phi:
		vals := make([]Value, 0, len(x.Edges))
		for _, e := range x.Edges {
			if seen[e] {
				continue
			}
			seen[e] = true
			vals = append(vals, c.remainingTime(e, seen, depth+1))
			delete(seen, e)
		}
		return combine(vals)
	case *ssa.Call:
		if f := x.Common().StaticCallee(); f != nil {
			if fn, _ := f.Object().(*types.Func); IsMethodOf(fn, "time", "Time", "Add") && len(x.Common().Args) == 2 {
				return c.remainingTime(x.Common().Args[0], seen, depth+1)
			}
		}
	case *ssa.Parameter:
		return Value{Kind: User, Origin: "parameter " + x.Name(), Pos: x.Pos()}
	}
	return Value{}
}

// classifyLoad classifies *addr.
func (c *SSAClassifier) classifyLoad(addr ssa.Value, seen map[ssa.Value]bool, depth int) Value {
	switch a := addr.(type) {
	case *ssa.Global:
		gi := c.global(a)
		if gi.mutated || gi.value == nil {
			return Value{Origin: a.Name()}
		}
		v := c.classify(gi.value, seen, depth)
		if v.Kind == Fixed {
			v.Origin, v.Pos = a.Name(), a.Pos()
		}
		return v
	case *ssa.FieldAddr:
		if g, ok := a.X.(*ssa.Global); ok {
			gi := c.global(g)
			name := g.Name() + "." + fieldName(a.X.Type(), a.Field)
			if gi.mutated {
				return Value{Kind: Config, Origin: name}
			}
			fi, ok := gi.fields[a.Field]
			if !ok {
				return Value{Origin: name}
			}
			v := c.classify(fi.val, seen, depth)
			if v.Kind == Fixed {
				v.Origin, v.Pos = name, fi.pos
				if !v.Pos.IsValid() {
					v.Pos = g.Pos()
				}
			}
			return v
		}
		return c.classifyFieldOf(a.X, a.Field, seen, depth)
	}
	return Value{}
}

// classifyFieldOf classifies a field read from base (a struct value or a
// pointer to one) that is not a package-level default.
func (c *SSAClassifier) classifyFieldOf(base ssa.Value, field int, seen map[ssa.Value]bool, depth int) Value {
	name := fieldName(base.Type(), field)
	root := base
	for i := 0; i < maxDepth; i++ {
		switch r := root.(type) {
		case *ssa.UnOp:
			if r.Op == token.MUL {
				root = r.X
				continue
			}
		case *ssa.FieldAddr:
			root = r.X
			continue
		case *ssa.Field:
			root = r.X
			continue
		case *ssa.Alloc:
			// A parameter spilled to the stack: local T (p); *t0 = p.
			if p := spilledParam(r); p != nil {
				root = p
				continue
			}
		}
		break
	}
	p, ok := root.(*ssa.Parameter)
	if !ok {
		if g, ok := root.(*ssa.Global); ok {
			return Value{Kind: Config, Origin: g.Name() + "." + name}
		}
		return Value{Origin: name}
	}
	origin := p.Name() + "." + name
	if fn := p.Parent(); fn != nil && fn.Signature.Recv() != nil && len(fn.Params) > 0 && fn.Params[0] == p {
		return Value{Kind: Config, Origin: origin}
	}
	if isConfigType(base.Type()) {
		return Value{Kind: Config, Origin: origin}
	}
	return Value{Kind: User, Origin: origin}
}

func fieldName(t types.Type, i int) string {
	t = types.Unalias(t)
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if s, ok := t.Underlying().(*types.Struct); ok && i >= 0 && i < s.NumFields() {
		return s.Field(i).Name()
	}
	return "?"
}

// global analyses writes to a package-level variable: stores from the
// package initializer give its value (whole or per field); any other
// write, or an escaping address, marks it mutated. ssa.Global has no
// referrers, so the first query indexes every function of the package.
func (c *SSAClassifier) global(g *ssa.Global) *globalInfo {
	if gi := c.globals[g]; gi != nil {
		return gi
	}
	if g.Pkg == nil || c.indexed[g.Pkg] {
		gi := &globalInfo{mutated: true}
		c.globals[g] = gi
		return gi
	}
	c.indexed[g.Pkg] = true
	c.indexPackage(g.Pkg)
	if gi := c.globals[g]; gi != nil {
		return gi
	}
	gi := &globalInfo{mutated: true}
	c.globals[g] = gi
	return gi
}

func (c *SSAClassifier) info(g *ssa.Global) *globalInfo {
	gi := c.globals[g]
	if gi == nil {
		gi = &globalInfo{fields: map[int]fieldInit{}}
		c.globals[g] = gi
	}
	return gi
}

func (c *SSAClassifier) indexPackage(pkg *ssa.Package) {
	for _, mem := range pkg.Members {
		if g, ok := mem.(*ssa.Global); ok {
			c.info(g)
		}
	}
	var fns []*ssa.Function
	var add func(f *ssa.Function)
	add = func(f *ssa.Function) {
		if f == nil {
			return
		}
		fns = append(fns, f)
		for _, a := range f.AnonFuncs {
			add(a)
		}
	}
	names := make([]string, 0, len(pkg.Members))
	for n := range pkg.Members {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		switch mem := pkg.Members[n].(type) {
		case *ssa.Function:
			add(mem)
		case *ssa.Type:
			for _, t := range []types.Type{mem.Type(), types.NewPointer(mem.Type())} {
				ms := pkg.Prog.MethodSets.MethodSet(t)
				for i := 0; i < ms.Len(); i++ {
					if f := pkg.Prog.MethodValue(ms.At(i)); f != nil && f.Pkg == pkg && f.Synthetic == "" {
						add(f)
					}
				}
			}
		}
	}
	seen := map[*ssa.Function]bool{}
	for _, fn := range fns {
		if seen[fn] {
			continue
		}
		seen[fn] = true
		inInit := fn.Synthetic == "package initializer"
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				c.indexInstr(instr, inInit)
			}
		}
	}
}

func (c *SSAClassifier) indexInstr(instr ssa.Instruction, inInit bool) {
	switch x := instr.(type) {
	case *ssa.UnOp:
		return // loads
	case *ssa.Store:
		if g, ok := x.Addr.(*ssa.Global); ok {
			gi := c.info(g)
			if !inInit {
				gi.mutated = true
			} else {
				gi.value = x.Val
				c.collectAllocFields(x.Val, gi)
			}
		}
		if g, ok := x.Val.(*ssa.Global); ok {
			c.info(g).mutated = true // address escapes
		}
		return
	case *ssa.FieldAddr:
		g, ok := x.X.(*ssa.Global)
		if !ok {
			return
		}
		gi := c.info(g)
		if x.Referrers() == nil {
			return
		}
		for _, r := range *x.Referrers() {
			switch r := r.(type) {
			case *ssa.UnOp:
			case *ssa.Store:
				if r.Addr == x && inInit {
					gi.fields[x.Field] = fieldInit{val: r.Val, pos: r.Pos()}
				} else {
					gi.mutated = true
				}
			default:
				gi.mutated = true
			}
		}
		return
	}
	// Any other use of a global's address (call argument, method call on
	// it, conversion) may write to it.
	var ops []*ssa.Value
	for _, op := range instr.Operands(ops) {
		if op == nil {
			continue
		}
		if g, ok := (*op).(*ssa.Global); ok {
			c.info(g).mutated = true
		}
	}
}

// collectAllocFields records the field stores of a struct built in an
// Alloc and then copied into a global (*g = *t0).
func (c *SSAClassifier) collectAllocFields(v ssa.Value, gi *globalInfo) {
	ld, ok := v.(*ssa.UnOp)
	if !ok || ld.Op != token.MUL {
		return
	}
	alloc, ok := ld.X.(*ssa.Alloc)
	if !ok || alloc.Referrers() == nil {
		return
	}
	for _, r := range *alloc.Referrers() {
		fa, ok := r.(*ssa.FieldAddr)
		if !ok || fa.Referrers() == nil {
			continue
		}
		for _, fr := range *fa.Referrers() {
			if st, ok := fr.(*ssa.Store); ok && st.Addr == fa {
				gi.fields[fa.Field] = fieldInit{val: st.Val, pos: st.Pos()}
			}
		}
	}
}

// spilledParam returns the parameter an Alloc holds when its only store
// is of a parameter.
func spilledParam(a *ssa.Alloc) *ssa.Parameter {
	if a.Referrers() == nil {
		return nil
	}
	var p *ssa.Parameter
	for _, r := range *a.Referrers() {
		st, ok := r.(*ssa.Store)
		if !ok || st.Addr != a {
			continue
		}
		sp, ok := st.Val.(*ssa.Parameter)
		if !ok || p != nil {
			return nil
		}
		p = sp
	}
	return p
}
