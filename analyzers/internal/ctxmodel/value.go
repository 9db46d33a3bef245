package ctxmodel

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"strconv"
	"time"
)

// Kind classifies where a duration (or deadline) value comes from.
type Kind int

// Value kinds, from least to most caller-aware.
const (
	// Unknown: nothing is known about the value (precision first: checks
	// stay silent on Unknown).
	Unknown Kind = iota
	// Fixed: a compile-time constant, a package-level var/const never
	// changed in the package, or a field of a package-level default
	// config composite literal (DefaultRetryConfig.Timeout).
	Fixed
	// Config: a field of a configuration struct (a receiver field, a
	// field of a config-typed parameter or variable) not known constant.
	Config
	// User: supplied by the caller: a function parameter, a field of a
	// request-typed parameter, an option the caller passed.
	User
	// Remaining: derived from the caller's deadline (time.Until(dl),
	// dl.Sub(time.Now()), min(time.Until(dl)/2, 5*time.Second)).
	Remaining
	// Default: a never-changed package-level default (the engine's
	// lattice, see Val; the AST classifier reports these as Fixed).
	Default
	// Param and Free: symbolic, a parameter or free variable of the
	// function being evaluated (see Val).
	Param
	Free
)

// String returns the lower-case name of the kind.
func (k Kind) String() string {
	switch k {
	case Fixed:
		return "fixed"
	case Config:
		return "config"
	case User:
		return "user"
	case Remaining:
		return "remaining"
	case Default:
		return "default"
	case Param:
		return "param"
	case Free:
		return "free"
	}
	return "unknown"
}

// Value is the classification of a duration or deadline expression.
type Value struct {
	Kind Kind
	// Known reports whether Nanos holds the value (Fixed values mostly).
	Known bool
	// Nanos is the value as a time.Duration when Known.
	Nanos int64
	// Origin names where the value comes from: "DefaultTimeout",
	// "DefaultRetryConfig.Timeout", "req.RingingTimeout", "parameter d";
	// empty for a literal at the use site.
	Origin string
	// Pos is the position of the definition of the value (const or var
	// declaration, key of the composite literal field); NoPos for a
	// literal at the use site.
	Pos token.Pos
}

// Duration returns the known value as a time.Duration (0 when unknown).
func (v Value) Duration() time.Duration { return time.Duration(v.Nanos) }

// ValueString is the value as Go prints durations ("3s"), or "?" when
// not known.
func (v Value) ValueString() string {
	if !v.Known {
		return "?"
	}
	return time.Duration(v.Nanos).String()
}

// Describe returns a short human description: "3s",
// "3s (DefaultRetryConfig.Timeout, rpc/retry.go:12)", "req.Timeout".
func (m *Package) Describe(v Value) string {
	s := v.ValueString()
	if !v.Known {
		if v.Origin != "" {
			return v.Origin
		}
		return "an unknown value"
	}
	if v.Origin == "" && !v.Pos.IsValid() {
		return s
	}
	var paren string
	if v.Origin != "" {
		paren = v.Origin
	}
	if p := m.Position(v.Pos); p != "" {
		if paren != "" {
			paren += ", "
		}
		paren += p
	}
	return s + " (" + paren + ")"
}

// combine merges the values a variable may hold: Remaining wins (the
// code looked at the caller's budget), then User, then Config; Fixed only
// when every value is Fixed (the first one is kept); otherwise Unknown.
func combine(vals []Value) Value {
	if len(vals) == 0 {
		return Value{}
	}
	best := vals[0]
	allFixed := true
	for _, v := range vals {
		if v.Kind != Fixed {
			allFixed = false
		}
		if rank(v.Kind) > rank(best.Kind) {
			best = v
		}
	}
	if allFixed {
		return vals[0]
	}
	if best.Kind == Fixed {
		return Value{}
	}
	return best
}

func rank(k Kind) int {
	switch k {
	case Remaining:
		return 4
	case User:
		return 3
	case Config:
		return 2
	case Unknown:
		return 1
	}
	return 0
}

// Classify classifies a duration-valued expression (a time.Duration, or
// an integer converted to one) from syntax and types.
func (m *Package) Classify(e ast.Expr) Value { return m.classify(e, 0) }

// ClassifyDeadline classifies a time.Time-valued deadline expression:
// time.Now().Add(d) classifies as d; a deadline obtained from
// ctx.Deadline() (or derived from one, dl.Add(-margin)) is Remaining;
// time.Unix(0, req.Expiry) is User.
func (m *Package) ClassifyDeadline(e ast.Expr) Value { return m.classifyTime(e, 0) }

const maxDepth = 24

func (m *Package) classify(e ast.Expr, depth int) Value {
	if e == nil || depth > maxDepth {
		return Value{}
	}
	e = ast.Unparen(e)
	if tv, ok := m.Info.Types[e]; ok && tv.Value != nil {
		return m.constValue(e, tv.Value)
	}
	switch e := e.(type) {
	case *ast.Ident:
		return m.classifyVar(e, m.Info.ObjectOf(e), depth)
	case *ast.SelectorExpr:
		if sel := m.Info.Selections[e]; sel != nil && sel.Kind() == types.FieldVal {
			return m.classifyField(e, depth)
		}
		if sel := m.Info.Selections[e]; sel == nil {
			// Qualified identifier: an imported package-level variable
			// may be changed by any importer: unknown.
			return Value{Origin: exprString(e)}
		}
	case *ast.UnaryExpr:
		if e.Op == token.SUB || e.Op == token.ADD {
			v := m.classify(e.X, depth+1)
			if e.Op == token.SUB && v.Known {
				v.Nanos = -v.Nanos
			}
			return v
		}
	case *ast.BinaryExpr:
		x, y := m.classify(e.X, depth+1), m.classify(e.Y, depth+1)
		v := combine([]Value{x, y})
		if x.Kind == Fixed && y.Kind == Fixed {
			v = x
			if x.Origin == "" {
				v.Origin, v.Pos = y.Origin, y.Pos
			}
			v.Known = x.Known && y.Known
			if v.Known {
				n, ok := arith(e.Op, x.Nanos, y.Nanos)
				v.Known, v.Nanos = ok, n
			}
		}
		return v
	case *ast.CallExpr:
		return m.classifyCall(e, depth)
	}
	return Value{}
}

func arith(op token.Token, x, y int64) (int64, bool) {
	switch op {
	case token.ADD:
		return x + y, true
	case token.SUB:
		return x - y, true
	case token.MUL:
		return x * y, true
	case token.QUO:
		if y == 0 {
			return 0, false
		}
		return x / y, true
	}
	return 0, false
}

func (m *Package) constValue(e ast.Expr, cv constant.Value) Value {
	v := Value{Kind: Fixed}
	if iv := constant.ToInt(cv); iv.Kind() == constant.Int {
		if n, exact := constant.Int64Val(iv); exact {
			v.Known, v.Nanos = true, n
		}
	}
	// Name the first non-time constant the expression mentions.
	ast.Inspect(e, func(n ast.Node) bool {
		if v.Origin != "" {
			return false
		}
		var id *ast.Ident
		switch n := n.(type) {
		case *ast.Ident:
			id = n
		case *ast.SelectorExpr:
			if c, ok := m.Info.ObjectOf(n.Sel).(*types.Const); ok && c.Pkg() != nil && c.Pkg().Path() != "time" {
				v.Origin, v.Pos = exprString(n), c.Pos()
				return false
			}
			return true
		}
		if id != nil {
			if c, ok := m.Info.ObjectOf(id).(*types.Const); ok && c.Pkg() != nil && c.Pkg().Path() != "time" {
				v.Origin, v.Pos = id.Name, c.Pos()
			}
		}
		return true
	})
	return v
}

func (m *Package) classifyVar(id *ast.Ident, obj types.Object, depth int) Value {
	vr, ok := obj.(*types.Var)
	if !ok || vr.IsField() {
		return Value{}
	}
	if m.params[obj] {
		return Value{Kind: User, Origin: "parameter " + id.Name, Pos: obj.Pos()}
	}
	if m.recvs[obj] {
		return Value{Kind: Config, Origin: id.Name, Pos: obj.Pos()}
	}
	if m.isPkgLevel(obj) {
		if obj.Pkg() != m.Types || m.mutated[obj] {
			return Value{Origin: id.Name}
		}
		init, ok := m.pkgInit[obj]
		if !ok || m.visiting[obj] {
			return Value{Origin: id.Name}
		}
		m.visiting[obj] = true
		v := m.classify(init, depth+1)
		delete(m.visiting, obj)
		if v.Kind == Fixed {
			v.Origin, v.Pos = id.Name, obj.Pos()
		}
		return v
	}
	// Local variable.
	if m.mutated[obj] || m.visiting[obj] {
		return Value{Origin: id.Name}
	}
	as := m.assigns[obj]
	if len(as) == 0 {
		return Value{Origin: id.Name}
	}
	m.visiting[obj] = true
	defer delete(m.visiting, obj)
	vals := make([]Value, 0, len(as))
	for _, a := range as {
		switch {
		case a.rhs == nil:
			vals = append(vals, Value{})
		case a.index >= 0:
			vals = append(vals, m.classifyResult(a.rhs, a.index, depth+1))
		default:
			vals = append(vals, m.classify(a.rhs, depth+1))
		}
	}
	return combine(vals)
}

// classifyResult classifies the index-th result of a tuple-valued call.
func (m *Package) classifyResult(rhs ast.Expr, index int, depth int) Value {
	call, ok := ast.Unparen(rhs).(*ast.CallExpr)
	if !ok {
		return Value{}
	}
	if IsDeadlineCall(m.Info, call) && index == 0 {
		return Value{Kind: Remaining, Origin: "caller's deadline"}
	}
	return Value{}
}

// classifyField classifies x.f: a field of a constant default struct
// literal is Fixed; a receiver or config field is Config; a field of a
// request parameter is User.
func (m *Package) classifyField(e *ast.SelectorExpr, depth int) Value {
	if lit, name := m.StructLit(e.X, depth+1); lit != nil {
		for _, elt := range lit.Elts {
			kv, ok := elt.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			if k, ok := kv.Key.(*ast.Ident); ok && k.Name == e.Sel.Name {
				v := m.classify(kv.Value, depth+1)
				if v.Kind == Fixed {
					v.Origin, v.Pos = name+"."+e.Sel.Name, kv.Pos()
				}
				return v
			}
		}
		return Value{Origin: exprString(e)}
	}
	root := RootIdent(e.X)
	origin := exprString(e)
	if root == nil {
		return Value{Origin: origin}
	}
	obj := m.Info.ObjectOf(root)
	switch {
	case obj == nil:
		return Value{Origin: origin}
	case m.recvs[obj]:
		return Value{Kind: Config, Origin: origin, Pos: m.Info.ObjectOf(e.Sel).Pos()}
	case m.params[obj]:
		if isConfigType(TypeOf(m.Info, e.X)) {
			return Value{Kind: Config, Origin: origin, Pos: m.Info.ObjectOf(e.Sel).Pos()}
		}
		return Value{Kind: User, Origin: origin, Pos: m.Info.ObjectOf(e.Sel).Pos()}
	}
	if isConfigType(TypeOf(m.Info, e.X)) || m.isPkgLevel(obj) {
		return Value{Kind: Config, Origin: origin, Pos: m.Info.ObjectOf(e.Sel).Pos()}
	}
	// A local copied from somewhere else: classify its source's field.
	return Value{Origin: origin}
}

// isConfigType reports whether t's name says it configures something
// (Config, Conf, Options, Opts, Settings, Params) and does not say it is
// a request.
func isConfigType(t types.Type) bool {
	_, name := NamedOf(t)
	if name == "" || containsFold(name, "request", "req", "msg", "message", "input", "args") {
		return false
	}
	return containsFold(name, "config", "conf", "option", "opts", "setting", "params")
}

// StructLit resolves e to a composite literal whose value e is known to
// hold: a package-level variable (or &T{...}) never mutated in the
// package, a local copy of one, or a field of such a literal. It returns
// the literal and a name for it ("DefaultRetryConfig"), or nil.
func (m *Package) StructLit(e ast.Expr, depth int) (*ast.CompositeLit, string) {
	if depth > maxDepth {
		return nil, ""
	}
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.CompositeLit:
		return x, ""
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return m.StructLit(x.X, depth+1)
		}
	case *ast.StarExpr:
		return m.StructLit(x.X, depth+1)
	case *ast.Ident:
		obj, ok := m.Info.ObjectOf(x).(*types.Var)
		if !ok || m.mutated[obj] || m.visiting[obj] || m.params[obj] || m.recvs[obj] {
			return nil, ""
		}
		var src ast.Expr
		if m.isPkgLevel(obj) {
			if obj.Pkg() != m.Types {
				return nil, ""
			}
			src = m.pkgInit[obj]
		} else if as := m.assigns[obj]; len(as) == 1 && as[0].index < 0 {
			src = as[0].rhs
		}
		if src == nil {
			return nil, ""
		}
		m.visiting[obj] = true
		defer delete(m.visiting, obj)
		lit, name := m.StructLit(src, depth+1)
		if lit == nil {
			return nil, ""
		}
		if name == "" || !m.isPkgLevel(obj) && name != "" {
			if name == "" {
				name = x.Name
			}
		}
		return lit, name
	case *ast.SelectorExpr:
		if sel := m.Info.Selections[x]; sel == nil || sel.Kind() != types.FieldVal {
			return nil, ""
		}
		lit, name := m.StructLit(x.X, depth+1)
		if lit == nil {
			return nil, ""
		}
		for _, elt := range lit.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if k, ok := kv.Key.(*ast.Ident); ok && k.Name == x.Sel.Name {
					inner, _ := m.StructLit(kv.Value, depth+1)
					if inner == nil {
						return nil, ""
					}
					return inner, name + "." + x.Sel.Name
				}
			}
		}
	}
	return nil, ""
}

func (m *Package) classifyCall(call *ast.CallExpr, depth int) Value {
	// Conversions: time.Duration(x).
	if tv, ok := m.Info.Types[call.Fun]; ok && tv.IsType() && len(call.Args) == 1 {
		return m.classify(call.Args[0], depth+1)
	}
	// Builtins min/max.
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := m.Info.Uses[id].(*types.Builtin); ok && (b.Name() == "min" || b.Name() == "max") {
			vals := make([]Value, len(call.Args))
			for i, a := range call.Args {
				vals[i] = m.classify(a, depth+1)
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
	}
	fn := Callee(m.Info, call)
	switch {
	case IsPkgFunc(fn, "time", "Until") && len(call.Args) == 1:
		if t := m.classifyTime(call.Args[0], depth+1); t.Kind == Remaining || t.Kind == User {
			return t
		}
		return Value{}
	case IsMethodOf(fn, "time", "Time", "Sub") && len(call.Args) == 1:
		sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if sel != nil {
			if t := m.classifyTime(sel.X, depth+1); t.Kind == Remaining || t.Kind == User {
				return t
			}
		}
		return Value{}
	case IsPkgFunc(fn, "time", "ParseDuration"):
		return Value{}
	}
	// Getters on a parameter: req.GetTimeout(), req.GetTimeout().AsDuration().
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && fn != nil {
		if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
			if inner, ok := ast.Unparen(sel.X).(*ast.CallExpr); ok {
				if v := m.classifyCall(inner, depth+1); v.Kind == User || v.Kind == Config {
					v.Origin = exprString(call)
					return v
				}
				return Value{}
			}
			if root := RootIdent(sel.X); root != nil {
				obj := m.Info.ObjectOf(root)
				switch {
				case m.recvs[obj]:
					return Value{Kind: Config, Origin: exprString(call)}
				case m.params[obj] && isConfigType(TypeOf(m.Info, sel.X)):
					return Value{Kind: Config, Origin: exprString(call)}
				case m.params[obj]:
					return Value{Kind: User, Origin: exprString(call)}
				}
			}
		}
	}
	return Value{}
}

// classifyTime classifies a time.Time expression used as a deadline.
func (m *Package) classifyTime(e ast.Expr, depth int) Value {
	if e == nil || depth > maxDepth {
		return Value{}
	}
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.Ident:
		obj, ok := m.Info.ObjectOf(x).(*types.Var)
		if !ok {
			return Value{}
		}
		if m.params[obj] {
			return Value{Kind: User, Origin: "parameter " + x.Name, Pos: obj.Pos()}
		}
		if m.isPkgLevel(obj) || m.mutated[obj] || m.visiting[obj] {
			return Value{}
		}
		as := m.assigns[obj]
		if len(as) == 0 {
			return Value{}
		}
		m.visiting[obj] = true
		defer delete(m.visiting, obj)
		vals := make([]Value, 0, len(as))
		for _, a := range as {
			switch {
			case a.rhs == nil:
				vals = append(vals, Value{})
			case a.index >= 0:
				vals = append(vals, m.classifyResult(a.rhs, a.index, depth+1))
			default:
				vals = append(vals, m.classifyTime(a.rhs, depth+1))
			}
		}
		return combine(vals)
	case *ast.SelectorExpr:
		if sel := m.Info.Selections[x]; sel != nil && sel.Kind() == types.FieldVal {
			v := m.classifyField(x, depth+1)
			if v.Kind == Fixed {
				return Value{} // a fixed absolute time: not a budget
			}
			return v
		}
	case *ast.CallExpr:
		fn := Callee(m.Info, x)
		switch {
		case IsMethodOf(fn, "time", "Time", "Add") && len(x.Args) == 1:
			sel, _ := ast.Unparen(x.Fun).(*ast.SelectorExpr)
			if sel == nil {
				return Value{}
			}
			if IsPkgFunc(Callee(m.Info, asCall(sel.X)), "time", "Now") {
				return m.classify(x.Args[0], depth+1)
			}
			base := m.classifyTime(sel.X, depth+1)
			if base.Kind == Remaining || base.Kind == User {
				return base
			}
			return Value{}
		case IsPkgFunc(fn, "time", "Unix", "UnixMilli", "UnixMicro"):
			vals := make([]Value, len(x.Args))
			for i, a := range x.Args {
				vals[i] = m.classify(a, depth+1)
			}
			if v := combine(vals); v.Kind == User || v.Kind == Config || v.Kind == Remaining {
				return v
			}
			return Value{}
		}
	}
	return Value{}
}

func asCall(e ast.Expr) *ast.CallExpr {
	c, _ := ast.Unparen(e).(*ast.CallExpr)
	return c
}

func shortFile(name string) string {
	dir := filepath.Base(filepath.Dir(name))
	base := filepath.Base(name)
	if dir == "." || dir == string(filepath.Separator) || dir == "" {
		return base
	}
	return dir + "/" + base
}

func itoa(n int) string { return strconv.Itoa(n) }
