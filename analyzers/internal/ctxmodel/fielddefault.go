package ctxmodel

import (
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"
	"time"

	"golang.org/x/tools/go/ssa"
)

// Defaults that constructors set. A client or server built by a
// constructor that fills a duration field with a constant
// (&Server{timeout: 1 * time.Second}, then options) has that constant as
// its default: a method that bounds the caller's context by s.timeout
// caps it at 1s unless the program configured otherwise, and no caller
// can change it per call.

// fieldDefault is the default of one duration field of one of the
// package's struct types.
type fieldDefault struct {
	val Val
	ok  bool
}

// FieldDefault returns the default of the duration field of the
// package's struct type named: every composite value of the type built
// in the package (a local struct or &T{...}) that sets the field, and
// every other store of a fixed or defaulted value into it (a method
// setting it once connected), sets it to the same fixed value; stores of
// other values into existing values (options, setters) configure it. ok
// is false when a composite value sets it otherwise (a constructor
// parameter: configured by the caller of the constructor) or none sets
// it.
func (e *Engine) FieldDefault(named *types.Named, field string) (Val, bool) {
	if e.SSA == nil || named == nil || named.Obj().Pkg() != e.Types {
		return Val{}, false
	}
	key := named.Obj().Name() + "." + field
	if d, ok := e.fieldDefaults[key]; ok {
		return d.val, d.ok
	}
	if e.fieldDefaults == nil {
		e.fieldDefaults = map[string]fieldDefault{}
	}
	e.fieldDefaults[key] = fieldDefault{} // a cycle through Value ends here
	var vals []Val
	e.eachFieldStore(field, func(fn *ssa.Function, st *ssa.Store, fa *ssa.FieldAddr) {
		if !sameNamed(fa.X.Type(), named) {
			return
		}
		_, built := fa.X.(*ssa.Alloc) // a composite value built here
		if copiesField(st.Val, named, fa.Field) {
			return // o.wait = defs.wait: the field's own value, from another of its kind
		}
		v := e.Value(fn, st.Val)
		if v.Kind == Fixed && v.Origin == "" {
			v = e.StoreOrigin(v, st.Pos())
		}
		if !v.IsFixed() {
			v = e.configuredDefault(fn, st.Val, v)
		}
		if !built && !v.IsFixed() {
			// A store into an existing value (an option, a setter)
			// configures it; one that sets a fixed or defaulted value
			// (gocql's c.timeout = c.cfg.Timeout, 11s unless configured,
			// once connected) is a default like a constructor's.
			return
		}
		if v.Pos == "" {
			v.Pos = e.PosString(st.Pos())
		}
		vals = append(vals, v)
	})
	d := fieldDefault{}
	for i, v := range vals {
		if !v.IsFixed() || i > 0 && v.NS != vals[0].NS {
			d = fieldDefault{}
			break
		}
		d = fieldDefault{val: vals[0], ok: true}
	}
	e.fieldDefaults[key] = d
	return d.val, d.ok
}

// configuredDefault is the default of a value a constructor stores that
// is configured rather than fixed: the field of another of the package's
// struct types it is copied from, with that field's default
// (opTimeout: tc.client.operationTimeout, where the client's constructor
// defaults operationTimeout), or a configured value with the module's
// fallback (options.OperationTimeout, or 30s when unset). The result
// carries the default as a fixed value (a field set to it unless the
// program configures otherwise); v itself when neither applies.
func (e *Engine) configuredDefault(fn *ssa.Function, stored ssa.Value, v Val) Val {
	if ld, ok := stored.(*ssa.UnOp); ok && ld.Op == token.MUL {
		if fa, ok := ld.X.(*ssa.FieldAddr); ok {
			if n, ok := deref(fa.X.Type()).(*types.Named); ok && n.Obj().Pkg() == e.Types {
				if d, ok := e.FieldDefault(n, FieldName(n, fa.Field)); ok {
					return d
				}
			}
		}
	}
	if lv := e.Local(fn, v); lv.Known && lv.NS > 0 && (lv.Kind == Config || lv.Kind == User) {
		return Val{Kind: Fixed, Known: true, NS: lv.NS, Origin: lv.Origin, Pos: lv.Pos}
	}
	return v
}

// eachFieldStore calls f for every store, in the package's functions, to
// a struct field named field.
func (e *Engine) eachFieldStore(field string, f func(fn *ssa.Function, st *ssa.Store, fa *ssa.FieldAddr)) {
	for _, fn := range e.Funcs {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				st, ok := in.(*ssa.Store)
				if !ok {
					continue
				}
				if fa, ok := st.Addr.(*ssa.FieldAddr); ok && FieldName(fa.X.Type(), fa.Field) == field {
					f(fn, st, fa)
				}
			}
		}
	}
}

// copiesField reports whether v loads field idx of another value of type
// named (or *named).
func copiesField(v ssa.Value, named *types.Named, idx int) bool {
	ld, ok := v.(*ssa.UnOp)
	if !ok || ld.Op != token.MUL {
		return false
	}
	fa, ok := ld.X.(*ssa.FieldAddr)
	return ok && fa.Field == idx && sameNamed(fa.X.Type(), named)
}

func sameNamed(t types.Type, named *types.Named) bool {
	n, ok := deref(t).(*types.Named)
	return ok && n.Origin() == named.Origin()
}

// fieldAt walks path (field names) down from a value of type t, through
// pointers: the last field, the named struct type that declares it, and
// its tag. ok is false when a step is not a field of a struct.
func fieldAt(t types.Type, path []string) (field *types.Var, owner *types.Named, tag string, ok bool) {
	for _, f := range path {
		t = deref(t)
		owner, _ = t.(*types.Named)
		st, isStruct := t.Underlying().(*types.Struct)
		if !isStruct {
			return nil, nil, "", false
		}
		field = nil
		for i := 0; i < st.NumFields(); i++ {
			if st.Field(i).Name() == f {
				field, tag = st.Field(i), st.Tag(i)
			}
		}
		if field == nil {
			return nil, nil, "", false
		}
		t = field.Type()
	}
	return field, owner, tag, field != nil
}

// withFieldDefault gives a configured value read at path (fields below
// a value of type t) the default of its last field: the constant the
// package's constructors set (FieldDefault), or the field of a
// package-level default of the struct type (DefaultRetryConfig.Timeout
// for a RetryConfig's Timeout).
func (e *Engine) withFieldDefault(v Val, t types.Type, path string) Val {
	if v.Known || path == "" {
		return v
	}
	field, owner, _, ok := fieldAt(t, splitPath(path))
	if !ok || owner == nil {
		return v
	}
	last := field.Name()
	if d, ok := e.FieldDefault(owner, last); ok {
		v.Known, v.NS, v.Pos = true, d.NS, d.Pos
	} else if d, ok := e.typeDefault(owner, last); ok {
		v.Known, v.NS, v.Pos = true, d.NS, d.Pos
	}
	return v
}

// DefaultOf returns the default of field of struct type t (or *t): its
// constructors' constant (FieldDefault) or its package default's field.
func (e *Engine) DefaultOf(t types.Type, field string) (Val, bool) {
	v := e.withFieldDefault(Val{Kind: Config}, t, field)
	return v, v.Known
}

// typeDefault returns field of the package-level default variable of
// type named (or *named) declared in named's package, from the engine's
// defaults (own package) or the package's DefaultsFact; the first such
// variable in name order.
func (e *Engine) typeDefault(named *types.Named, field string) (Val, bool) {
	pkg := named.Obj().Pkg()
	if pkg == nil {
		return Val{}, false
	}
	defs := e.defaults
	if pkg != e.Types {
		defs = e.depDefs[pkg.Path()]
	}
	names := pkg.Scope().Names() // sorted
	for _, name := range names {
		obj, ok := pkg.Scope().Lookup(name).(*types.Var)
		if !ok || !sameNamed(obj.Type(), named) {
			continue
		}
		if d, ok := defs[name+"."+field]; ok && d.IsFixed() {
			if d.Origin == "" {
				d.Origin = name + "." + field
			}
			return d, true
		}
	}
	return Val{}, false
}

// constructorArgs evaluates parameter idx of the constructor parent at
// the package's calls of it (the wiring in view): the values its callers
// pass, to them. ok is false when the package never calls it, or uses
// it other than by calling it. An exported constructor's other callers
// are its users, who configure their own.
func (e *Engine) constructorArgs(parent *ssa.Function, idx int, path []string, addr bool, depth int) (Val, bool) {
	if _, ok := parent.Object().(*types.Func); !ok || parent.Parent() != nil {
		return Val{}, false
	}
	calls, ok := e.directCalls(parent)
	if !ok {
		return Val{}, false
	}
	var vals []Val
	for _, c := range calls {
		if idx >= len(c.Common().Args) {
			return Val{}, false
		}
		caller := c.Parent()
		v := e.ValueAt(caller, c.Common().Args[idx], path, addr)
		if v.Kind == Fixed && v.Origin == "" && len(path) == 0 {
			v = e.ArgOrigin(v, c.Common(), idx)
		}
		if v.Pos == "" && (v.Kind == Fixed || v.Kind == Default) {
			v.Pos = e.PosString(c.Pos()) // the wiring call
		}
		lv := e.local(caller, v, depth+1)
		if u, ok := c.Common().Args[idx].(*ssa.UnOp); ok && lv.Known && lv.Kind != Fixed && lv.Kind != Default && len(path) == 0 {
			// options.timeout of a local struct: where its default is set.
			if fa, ok := u.X.(*ssa.FieldAddr); ok {
				if d, ok := e.DefaultOf(fa.X.Type(), FieldName(fa.X.Type(), fa.Field)); ok && d.NS == lv.NS {
					lv.Pos = d.Pos
				}
			}
		}
		vals = append(vals, lv)
	}
	return join(vals), true
}

// ClientUsers returns, for a client or dialer value (an http.Client or
// net.Dialer allocation) that its constructor stores in field F of one of
// the package's struct types, the field's name and the methods of that
// type that send through it (Do/Get/Post/PostForm/Head, Dial*) while
// taking a context that may carry a caller's budget, or a request (its
// context is its sender's): the client's
// timeouts bound those callers' requests. Sorted by function name.
func (e *Engine) ClientUsers(client ssa.Value) (field string, users []*ssa.Function) {
	field, users, _ = e.clientUsers(client)
	return field, users
}

// clientUsers is ClientUsers with each user's send through the field.
func (e *Engine) clientUsers(client ssa.Value) (field string, users []*ssa.Function, sends []*ssa.Call) {
	owner, idx := clientOwner(e, client)
	if owner == nil {
		return "", nil, nil
	}
	for _, fn := range e.Funcs {
		if fn.Parent() != nil || fn.Signature.Recv() == nil || !sameNamed(fn.Signature.Recv().Type(), owner) {
			continue
		}
		budget := false // a context or request that may carry a caller's deadline
		for _, p := range fn.Params {
			if IsContext(p.Type()) && !e.NoCallerBudget(p) || IsHTTPRequest(p.Type()) {
				budget = true
			}
		}
		if !budget || e.Detached(fn) {
			continue
		}
		if send := sendThroughField(fn, owner, idx); send != nil {
			users = append(users, fn)
			sends = append(sends, send)
		}
	}
	return FieldName(owner, idx), users, sends
}

// sendThroughField returns the first call in fn (or a closure of it) of
// a sending method of http.Client or net.Dialer on field idx of a value
// of type owner, or nil.
func sendThroughField(fn *ssa.Function, owner *types.Named, idx int) *ssa.Call {
	fns := append([]*ssa.Function{fn}, fn.AnonFuncs...)
	for _, f := range fns {
		for _, b := range f.Blocks {
			for _, in := range b.Instrs {
				call, ok := in.(*ssa.Call)
				if !ok || call.Common().IsInvoke() {
					continue
				}
				callee := calleeObj(call)
				if callee == nil || len(call.Common().Args) == 0 {
					continue
				}
				switch {
				case IsMethodOf(callee, "net/http", "Client", "Do", "Get", "Post", "PostForm", "Head"),
					IsMethodOf(callee, "net", "Dialer", "Dial", "DialContext"):
				default:
					continue
				}
				recv := call.Common().Args[0]
				if u, ok := recv.(*ssa.UnOp); ok && u.Op == token.MUL {
					recv = u.X
				}
				if fa, ok := recv.(*ssa.FieldAddr); ok && fa.Field == idx && sameNamed(fa.X.Type(), owner) {
					return call
				}
			}
		}
	}
	return nil
}

// tagDefault gives a symbolic value read at path below a value of type t
// the default its struct tag declares, when the config loaders' tag says
// one: default:"2s" (creasty/defaults, envconfig), envDefault:"2s"
// (caarlos0/env), or go-zero's json:",default=2000". A number without a
// unit is the field's raw value (scaled where the code scales it).
func (e *Engine) tagDefault(v Val, t types.Type, path []string) Val {
	if v.Known || len(path) == 0 {
		return v
	}
	field, _, tag, ok := fieldAt(t, path)
	if !ok {
		return v
	}
	st := reflect.StructTag(tag)
	var raw string
	for _, key := range []string{"default", "envDefault"} {
		if d, ok := st.Lookup(key); ok {
			raw = d
		}
	}
	if raw == "" {
		if js, ok := st.Lookup("json"); ok {
			for _, opt := range strings.Split(js, ",")[1:] {
				if d, ok := strings.CutPrefix(opt, "default="); ok {
					raw = d
				}
			}
		}
	}
	if raw == "" {
		return v
	}
	if d, err := time.ParseDuration(raw); err == nil && d > 0 {
		v.Known, v.NS = true, int64(d)
	} else if n, err := strconv.ParseInt(raw, 10, 64); err == nil && n > 0 {
		v.Known, v.NS = true, n
	} else {
		return v
	}
	v.Pos = e.PosString(field.Pos()) // the field whose tag says it
	return v
}

// ConstructorParam reports whether the duration x of closure fn is a
// parameter of the top-level function that builds fn (through its
// captured variables, and helpers that return it): ctor and its
// parameter index.
func (e *Engine) ConstructorParam(fn *ssa.Function, x ssa.Value) (ctor *ssa.Function, idx int, ok bool) {
	if call, isCall := x.(*ssa.Call); isCall {
		// A helper that returns one of its parameters on some path
		// (the method's own timeout if configured, else the default).
		if g := call.Common().StaticCallee(); g != nil && g.Pkg == e.SSA {
			for _, j := range returnedParams(g) {
				if j < len(call.Common().Args) {
					if ctor, idx, ok := e.ConstructorParam(fn, call.Common().Args[j]); ok {
						return ctor, idx, true
					}
				}
			}
		}
	}
	v := e.Value(fn, x)
	for depth := 0; v.Kind == Free && v.Path == "" && fn.Parent() != nil && depth < 4; depth++ {
		if v.Index >= len(fn.FreeVars) {
			return nil, 0, false
		}
		bs := e.Bindings(fn.FreeVars[v.Index])
		if len(bs) != 1 {
			return nil, 0, false
		}
		fn = fn.Parent()
		v = e.ValueAt(fn, bs[0], nil, v.Addr)
	}
	if v.Kind != Param || v.Path != "" || fn.Parent() != nil || v.Index >= len(fn.Params) {
		return nil, 0, false
	}
	return fn, v.Index, true
}

// returnedParams returns the indices of g's parameters that g returns
// as its first result on some path.
func returnedParams(g *ssa.Function) []int {
	var out []int
	for _, b := range g.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || len(ret.Results) == 0 {
			continue
		}
		if p, ok := ret.Results[0].(*ssa.Parameter); ok {
			for i, q := range g.Params {
				if q == p {
					out = append(out, i)
				}
			}
		}
	}
	return out
}

// ConstructorField follows a symbolic value v of fn (a closure's
// parameter or captured variable, possibly a field of one) out through the
// functions that build the closure to a parameter of a top-level function,
// a constructor: a captured variable is what the enclosing function bound;
// a closure's parameter is what the higher-order function it is handed to
// passes it (retry(opt, func(timeout) {...}) calls fn(opt.Timeout)), in
// terms of that call's arguments. It returns the constructor, the
// parameter's index and the field path within it ("Timeout" for
// opt.Timeout).
func (e *Engine) ConstructorField(fn *ssa.Function, v Val) (ctor *ssa.Function, idx int, path string, ok bool) {
	for depth := 0; fn != nil && depth < 8; depth++ {
		switch v.Kind {
		case Param:
			if v.Index >= len(fn.Params) || strings.HasPrefix(v.Path, "@") && fn.Parent() != nil {
				return nil, 0, "", false // an option of a closure's list: not followed
			}
			if fn.Parent() == nil {
				return fn, v.Index, v.Path, true
			}
			nv, parent, found := e.handedArg(fn, v)
			if !found {
				return nil, 0, "", false
			}
			fn, v = parent, nv
		case Free:
			if v.Index >= len(fn.FreeVars) || fn.Parent() == nil {
				return nil, 0, "", false
			}
			bs := e.Bindings(fn.FreeVars[v.Index])
			if len(bs) != 1 {
				return nil, 0, "", false
			}
			fn, v = fn.Parent(), e.ValueAt(fn.Parent(), bs[0], splitPath(v.Path), v.Addr)
		default:
			return nil, 0, "", false
		}
	}
	return nil, 0, "", false
}

// handedArg evaluates parameter v of closure fn where fn is handed, once,
// to a static function g of this package that calls it with a value of
// one of g's own parameters: the result is that parameter's argument, in
// the function making the call.
func (e *Engine) handedArg(fn *ssa.Function, v Val) (Val, *ssa.Function, bool) {
	hs, ok := e.handoffs(e.closureValues(fn))
	if !ok {
		return Val{}, nil, false
	}
	var out Val
	var at *ssa.Function
	n := 0
	for _, h := range hs {
		args := h.call.Common().Args
		for _, c := range h.calls {
			if v.Index >= len(c.Args) {
				continue
			}
			gv := e.Value(h.g, c.Args[v.Index])
			if gv.Kind != Param || gv.Index >= len(args) {
				return Val{}, nil, false
			}
			path := splitPath(gv.Path)
			if v.Path != "" {
				path = append(path, splitPath(v.Path)...)
			}
			out, at = e.ValueAt(h.call.Parent(), args[gv.Index], path, gv.Addr), h.call.Parent()
			n++
		}
	}
	return out, at, n == 1
}

// ClientCap is a client's or dialer's timeout that bounds the sends of a
// method taking a caller's context (see ClientUsers): Val is the timeout
// (fixed, or defaulted by the module; its Origin names the field when the
// value has no name of its own, "http.Client.Timeout"), Send the send
// call.
type ClientCap struct {
	Val  Val
	Send *ssa.Call
}

// ClientCaps returns the caps of a method of the package that sends
// through a client or dialer its constructor built with a fixed or
// defaulted Timeout.
func (e *Engine) ClientCaps(fn *ssa.Function) []ClientCap { return e.clientCaps[fn] }

// computeClientCaps finds them, once per package.
func (e *Engine) computeClientCaps() {
	e.eachFieldStore("Timeout", func(fn *ssa.Function, st *ssa.Store, fa *ssa.FieldAddr) {
		what := ""
		switch {
		case IsNamed(fa.X.Type(), "net/http", "Client"):
			what = "http.Client.Timeout"
		case IsNamed(fa.X.Type(), "net", "Dialer"):
			what = "net.Dialer.Timeout"
		default:
			return
		}
		v := e.LocalValue(fn, st.Val)
		if !v.IsFixed() && !v.IsDefaulted() {
			return
		}
		if v.Pos == "" {
			v.Pos = e.PosString(st.Pos())
		}
		if v.Origin == "" {
			v.Origin = what
		}
		_, users, sends := e.clientUsers(fa.X)
		for i, u := range users {
			e.clientCaps[u] = append(e.clientCaps[u], ClientCap{Val: v, Send: sends[i]})
		}
	})
}

// clientOwner returns the package's struct type and field a client value
// is stored in by its constructor, as ClientUsers finds them.
func clientOwner(e *Engine, client ssa.Value) (*types.Named, int) {
	refs := client.Referrers()
	if refs == nil {
		return nil, -1
	}
	var owner *types.Named
	idx := -1
	for _, r := range *refs {
		st, ok := r.(*ssa.Store)
		if !ok || st.Val != client {
			continue
		}
		if fa, ok := st.Addr.(*ssa.FieldAddr); ok {
			if n, ok := deref(fa.X.Type()).(*types.Named); ok && n.Obj().Pkg() == e.Types {
				owner, idx = n, fa.Field
			}
		}
	}
	return owner, idx
}
