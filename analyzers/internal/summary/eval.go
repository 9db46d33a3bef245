package summary

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
)

// maxDepth bounds the recursion of value evaluation.
const maxDepth = 24

// evaluator evaluates SSA values of one function to symbolic Vals.
type evaluator struct {
	b      *builder
	fn     *ssa.Function
	visits map[ssa.Value]bool
}

func (b *builder) eval(fn *ssa.Function) *evaluator {
	return &evaluator{b: b, fn: fn, visits: map[ssa.Value]bool{}}
}

func splitPath(p string) []string {
	if p == "" {
		return nil
	}
	return strings.Split(p, ".")
}

func withPath(v Val, path []string) Val {
	for _, f := range path {
		v = v.Field(f)
	}
	return v
}

func fieldName(t types.Type, i int) string { return ctxmodel.FieldName(t, i) }

// value evaluates v, then selects path.
func (e *evaluator) value(v ssa.Value, path []string, depth int) Val {
	if v == nil || depth > maxDepth {
		return Val{}
	}
	switch v := v.(type) {
	case *ssa.Const:
		if len(path) > 0 || v.Value == nil || v.Value.Kind() != constant.Int {
			return Val{}
		}
		ns, ok := constant.Int64Val(v.Value)
		if !ok {
			return Val{}
		}
		return Val{Kind: Fixed, HasNS: true, NS: ns}
	case *ssa.Parameter:
		for i, p := range e.fn.Params {
			if p == v {
				return withPath(Val{Kind: Param, Index: i, Desc: p.Name()}, path)
			}
		}
	case *ssa.FreeVar:
		for i, fv := range e.fn.FreeVars {
			if fv == v {
				return withPath(Val{Kind: Free, Index: i, Desc: fv.Name()}, path)
			}
		}
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return e.addr(v.X, path, depth+1)
		}
		if v.Op == token.SUB && len(path) == 0 {
			return Val{}
		}
	case *ssa.Field:
		return e.value(v.X, append([]string{fieldName(v.X.Type(), v.Field)}, path...), depth+1)
	case *ssa.ChangeType:
		return e.value(v.X, path, depth+1)
	case *ssa.Convert:
		return e.value(v.X, path, depth+1)
	case *ssa.MakeInterface:
		return e.value(v.X, path, depth+1)
	case *ssa.Phi:
		if len(path) == 0 {
			return e.phi(v, depth)
		}
	case *ssa.BinOp:
		if len(path) == 0 {
			return e.binop(v, depth)
		}
	case *ssa.Extract:
		if call, ok := v.Tuple.(*ssa.Call); ok && len(path) == 0 {
			if r, ok := e.result(&call.Call, v.Index, depth); ok {
				return r
			}
			if ctxmodel.IsSSADeadlineCall(call) {
				return Val{Kind: Remaining}
			}
			if fn := call.Call.StaticCallee(); fn != nil && isFunc(fn, "time", "ParseDuration") && v.Index == 0 && len(call.Call.Args) == 1 {
				return userOf(e.value(call.Call.Args[0], nil, depth+1))
			}
		}
	case *ssa.Call:
		if len(path) == 0 {
			if r, ok := e.result(&v.Call, 0, depth); ok {
				return r
			}
			return e.call(v, depth)
		}
	}
	return Val{}
}

// result is the value of duration result i of a static call, from the
// callee's summary.
func (e *evaluator) result(c *ssa.CallCommon, i int, depth int) (Val, bool) {
	fn := c.StaticCallee()
	if fn == nil || depth > 8 {
		return Val{}, false
	}
	s := e.b.calleeSummary(fn)
	if s == nil {
		return Val{}, false
	}
	for _, r := range s.Results {
		if r.Index == i {
			return e.b.subst(e.fn, r.Val, c, depth+1), true
		}
	}
	return Val{}, false
}

// userOf turns a parameter field or user value into a user value (a
// parsed or converted request field).
func userOf(v Val) Val {
	switch v.Kind {
	case User:
		return Val{Kind: User, Desc: v.Desc}
	case Param, Free:
		if v.Path != "" {
			return Val{Kind: User, Desc: v.Desc}
		}
	}
	return Val{}
}

func (e *evaluator) call(call *ssa.Call, depth int) Val {
	c := &call.Call
	// time.Until(dl), dl.Sub(time.Now()) and the like: ctxmodel's value model.
	if e.b.cls.Classify(call).Kind == ctxmodel.Remaining {
		return Val{Kind: Remaining}
	}
	if b, ok := c.Value.(*ssa.Builtin); ok && (b.Name() == "min" || b.Name() == "max") {
		var out Val
		for i, a := range c.Args {
			av := e.value(a, nil, depth+1)
			if av.Kind == Remaining {
				return av
			}
			if i == 0 {
				out = av
			} else if out.Kind == Fixed && av.Kind == Fixed {
				if (b.Name() == "min") == (av.NS < out.NS) {
					out = av
				}
			} else {
				out = Val{}
			}
		}
		return out
	}
	return Val{}
}

func (e *evaluator) binop(v *ssa.BinOp, depth int) Val {
	x := e.value(v.X, nil, depth+1)
	y := e.value(v.Y, nil, depth+1)
	if x.Kind == Remaining || y.Kind == Remaining {
		return Val{Kind: Remaining}
	}
	switch v.Op {
	case token.MUL, token.QUO, token.ADD:
		if x.Kind == Fixed && y.Kind == Fixed {
			switch v.Op {
			case token.MUL:
				return Val{Kind: Fixed, HasNS: true, NS: x.NS * y.NS}
			case token.ADD:
				return Val{Kind: Fixed, HasNS: true, NS: x.NS + y.NS}
			case token.QUO:
				if y.NS != 0 {
					return Val{Kind: Fixed, HasNS: true, NS: x.NS / y.NS}
				}
			}
			return Val{}
		}
		// A request field scaled by a unit stays the caller's value.
		if x.Kind == Fixed {
			x, y = y, x
		}
		if y.Kind == Fixed {
			return userOf(x)
		}
	}
	return Val{}
}

// phi merges the values of a local assigned on several paths. A user value
// with a constant fallback (if req.T == 0 { t = Default }) is a user value
// with a known default.
func (e *evaluator) phi(p *ssa.Phi, depth int) Val {
	if e.visits[p] {
		return Val{Kind: Unknown}
	}
	e.visits[p] = true
	defer delete(e.visits, p)
	var fixed []Val
	var other []Val
	for _, ed := range p.Edges {
		if ed == p {
			continue
		}
		v := e.value(ed, nil, depth+1)
		switch v.Kind {
		case Fixed:
			fixed = append(fixed, v)
		case Unknown:
			// A zero constant edge (var declared, never set) says nothing.
			if c, ok := ed.(*ssa.Const); ok && c.IsNil() {
				continue
			}
			other = append(other, v)
		default:
			other = append(other, v)
		}
	}
	if len(other) == 0 {
		if len(fixed) > 0 {
			return fixed[0]
		}
		return Val{}
	}
	var pick Val
	for _, o := range other {
		if o.Kind == Remaining {
			return o
		}
		if pick.Kind == Unknown && o.Kind != Unknown {
			pick = o
		}
	}
	if pick.Kind == Unknown {
		return Val{}
	}
	if len(fixed) > 0 && (pick.Kind == User || pick.Kind == Param || pick.Kind == Free) {
		def := fixed[0]
		for _, f := range fixed[1:] {
			if f.NS != def.NS {
				return pick
			}
		}
		if def.NS != 0 {
			pick = userOf(pick)
			if pick.Kind == Unknown {
				pick = Val{Kind: User, Desc: other[0].Desc}
			}
			pick.HasNS, pick.NS = true, def.NS
		}
	}
	return pick
}

// addr evaluates the value stored at address a, then selects path.
func (e *evaluator) addr(a ssa.Value, path []string, depth int) Val {
	if depth > maxDepth {
		return Val{}
	}
	switch a := a.(type) {
	case *ssa.Global:
		if a.Pkg == nil {
			return Val{}
		}
		return e.b.global(a.Pkg.Pkg.Path(), a.Name(), path)
	case *ssa.FieldAddr:
		return e.addr(a.X, append([]string{fieldName(a.X.Type(), a.Field)}, path...), depth+1)
	case *ssa.Parameter, *ssa.FreeVar:
		v := e.value(a, path, depth+1)
		v.Addr = true
		return v
	case *ssa.Alloc:
		return e.alloc(a, path, depth)
	case *ssa.UnOp:
		if a.Op == token.MUL {
			// A pointer loaded from memory (a receiver field, a captured variable).
			v := e.addr(a.X, nil, depth+1)
			if v.Kind == Param || v.Kind == Free {
				return withPath(v, path)
			}
		}
	}
	return Val{}
}

// alloc evaluates a field of a local struct: the single value stored to
// it, or, for a struct filled by a call (json.Decode(&req)), a user value.
func (e *evaluator) alloc(a *ssa.Alloc, path []string, depth int) Val {
	refs := a.Referrers()
	if refs == nil {
		return Val{}
	}
	var stored []ssa.Value
	escapes := false
	optsApplied := false
	for _, r := range *refs {
		if c, ok := r.(ssa.CallInstruction); ok {
			cc := c.Common()
			if !cc.IsInvoke() && cc.StaticCallee() == nil {
				if _, isBuiltin := cc.Value.(*ssa.Builtin); !isBuiltin {
					// Passed to a function value (options applied): unknown.
					return Val{}
				}
			}
		}
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr == a {
				return e.value(r.Val, path, depth+1)
			}
		case *ssa.FieldAddr:
			if len(path) > 0 && fieldName(a.Type(), r.Field) == path[0] {
				if rr := r.Referrers(); rr != nil {
					for _, x := range *rr {
						if st, ok := x.(*ssa.Store); ok && st.Addr == r {
							stored = append(stored, st.Val)
						}
					}
				}
			}
		case ssa.CallInstruction:
			c := r.Common()
			if !c.IsInvoke() && c.StaticCallee() == nil {
				if _, isBuiltin := c.Value.(*ssa.Builtin); !isBuiltin {
					optsApplied = true
				}
			}
			escapes = true
		}
	}
	if optsApplied {
		return Val{}
	}
	if len(stored) == 1 {
		return e.value(stored[0], path[1:], depth+1)
	}
	if len(stored) == 0 && escapes && len(path) > 0 {
		name := a.Comment
		if name == "" || name == "complit" || name == "new" {
			name = "req"
		}
		return withPath(Val{Kind: User, Desc: name}, path)
	}
	return Val{}
}

func isFunc(fn *ssa.Function, pkg, name string) bool {
	if fn == nil || fn.Name() != name || fn.Signature.Recv() != nil {
		return false
	}
	if obj, ok := fn.Object().(*types.Func); ok && obj.Pkg() != nil {
		return obj.Pkg().Path() == pkg
	}
	return fn.Pkg != nil && fn.Pkg.Pkg.Path() == pkg
}

func isTimeMethod(fn *ssa.Function) bool {
	if fn.Signature.Recv() == nil {
		return false
	}
	return ctxmodel.IsTime(fn.Signature.Recv().Type())
}

// ---- AST origins of constants ----

// origin describes the expression e (a constant's name and declaration
// position, or the expression's text and position).
func (b *builder) origin(e ast.Expr) (string, string) {
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok && len(call.Args) == 1 {
		// time.Duration(x) conversions
		if tv, ok := b.pass.TypesInfo.Types[call.Fun]; ok && tv.IsType() {
			return b.origin(call.Args[0])
		}
	}
	if obj, ok := ctxmodel.ObjectOfExpr(b.pass.TypesInfo, e).(*types.Const); ok {
		return obj.Name(), b.posString(obj.Pos())
	}
	return types.ExprString(e), b.posString(e.Pos())
}

// constArg returns the Val of argument i of the call at lparen, with the
// origin of a constant taken from the syntax.
func (b *builder) constOrigin(v Val, lparen token.Pos, i int) Val {
	if v.Kind != Fixed || v.Desc != "" {
		return v
	}
	if call := b.callAt(lparen); call != nil && i >= 0 && i < len(call.Args) {
		v.Desc, v.Pos = b.origin(call.Args[i])
	}
	return v
}

func (b *builder) callAt(lparen token.Pos) *ast.CallExpr {
	b.indexSyntax()
	return b.calls[lparen]
}

func (b *builder) indexSyntax() {
	if b.calls != nil {
		return
	}
	b.calls = map[token.Pos]*ast.CallExpr{}
	b.kvs = map[token.Pos]*ast.KeyValueExpr{}
	for _, f := range b.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				b.calls[n.Lparen] = n
			case *ast.KeyValueExpr:
				b.kvs[n.Colon] = n
			}
			return true
		})
	}
}

// storeOrigin gives a Fixed value stored by a composite literal field its
// origin from the syntax.
func (b *builder) storeOrigin(v Val, pos token.Pos) Val {
	if v.Kind != Fixed || v.Desc != "" {
		return v
	}
	b.indexSyntax()
	if kv := b.kvs[pos]; kv != nil {
		v.Desc, v.Pos = b.origin(kv.Value)
	} else {
		v.Pos = b.posString(pos)
	}
	return v
}
