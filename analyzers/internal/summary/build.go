package summary

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
)

// builder computes the summaries of one package.
type builder struct {
	pass *analysis.Pass
	e    *ctxmodel.Engine
	pkg  *ssa.Package

	sums       map[*ssa.Function]*FuncSummary
	inProgress map[*ssa.Function]bool

	ownInsts []Instance
	depInsts []Instance
	entries  []Entry
	// wiring is, per interface method key, the first conversion in this
	// package of a concrete type whose method has effects to an interface
	// (where the implementation is wired).
	wiring map[string]token.Pos
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

// fieldFuncKey returns the key of a func-typed struct field, for a func
// value loaded from it (s.fetch(ctx)) or stored into it (&S{fetch: f}):
// "f:pkg/path.S.fetch". Named func types have their own key.
func fieldFuncKey(fa *ssa.FieldAddr) string {
	if fa == nil {
		return ""
	}
	if _, ok := fa.Type().(*types.Pointer).Elem().Underlying().(*types.Signature); !ok {
		return ""
	}
	ptr, ok := types.Unalias(fa.X.Type()).(*types.Pointer)
	if !ok {
		return ""
	}
	n, ok := types.Unalias(ptr.Elem()).(*types.Named)
	if !ok || n.TypeArgs().Len() > 0 {
		return ""
	}
	return "f:" + typeKey(n) + "." + ctxmodel.FieldName(ptr, fa.Field)
}

// loadedFieldFunc returns the field a func value is loaded from, or nil.
func loadedFieldFunc(v ssa.Value) *ssa.FieldAddr {
	if ld, ok := v.(*ssa.UnOp); ok && ld.Op == token.MUL {
		fa, _ := ld.X.(*ssa.FieldAddr)
		return fa
	}
	return nil
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
// only when they can carry a timeout (the engine's IsOptionSlice): other
// option lists cannot, and following them would only make facts bigger.
func (b *builder) roleOf(t types.Type) Role {
	switch {
	case ctxmodel.IsContext(t):
		return RoleCtx
	case ctxmodel.IsDuration(t):
		return RoleDur
	case b.e.IsOptionSlice(t):
		return RoleOpts
	}
	return 0
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

func (b *builder) substEffects(fn *ssa.Function, ps *ParamSummary, c *ssa.CallCommon, step Step) ([]Effect, []DynCall) {
	var effs []Effect
	for _, e := range ps.Effects {
		orig := e.Val
		e.Val = b.e.Subst(fn, e.Val, c)
		if e.Val.Kind == ctxmodel.Unknown || e.Val.Kind == ctxmodel.Remaining || e.Val.Kind == ctxmodel.User {
			continue
		}
		if ctxmodel.IsCtxValue(orig) && !e.Val.Symbolic() {
			if e.Val.Kind == ctxmodel.Fixed && e.Val.Known && e.Val.NS == 0 {
				continue // nothing stored under the key: the callee's own default, if any, is its business
			}
			if e.Kind == Cap {
				// This function stores the value the callee applies
				// (context.WithValue(ctx, key, 3*time.Second)): any value
				// its caller stored under the key is replaced.
				e.Kind = Replace
				e.Value = orig.Path
			}
			if orig.Kind == ctxmodel.Param && orig.Index < len(c.Args) && e.Val.Pos == "" {
				if _, call := b.e.CtxValueUser(fn, c.Args[orig.Index], orig.Path); call != nil {
					e.Val.Pos = b.e.PosString(b.argPos(call.Pos(), 2, &call.Call))
				}
			}
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
