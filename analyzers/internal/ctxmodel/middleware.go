package ctxmodel

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// ---- the engine's middleware roles, on SSA ----

// SigShape names the middleware shape of a function by its signature
// (see MiddlewareShape); isRoundTrip says it is a method named RoundTrip.
func SigShape(sig *types.Signature, isRoundTrip bool) string {
	if sig == nil {
		return ""
	}
	params, results := sig.Params(), sig.Results()
	has := func(tup *types.Tuple, pkg, name string) bool {
		for i := 0; i < tup.Len(); i++ {
			if IsNamed(tup.At(i).Type(), pkg, name) {
				return true
			}
		}
		return false
	}
	for i := 0; i < params.Len(); i++ {
		pkg, name := NamedOf(params.At(i).Type())
		if kind, ok := nextTypes[[2]string{pkg, name}]; ok {
			return kind
		}
	}
	if has(params, "net/http", "Handler") && (has(results, "net/http", "Handler") || has(results, "net/http", "HandlerFunc")) {
		return "HTTP middleware"
	}
	if has(params, "net/http", "RoundTripper") && has(results, "net/http", "RoundTripper") {
		return "http.RoundTripper wrapper"
	}
	if isRoundTrip && params.Len() == 1 && IsHTTPRequest(params.At(0).Type()) {
		return "http.RoundTripper wrapper"
	}
	return ""
}

// NextCall reports whether call, in fn, hands the work on to the rest of
// a chain, recognised by its role rather than a name or a spelling:
//   - a value of a known chain type (grpc.UnaryInvoker, connect.UnaryFunc,
//     twirp.Method...), http.Handler.ServeHTTP, RoundTripper.RoundTrip;
//   - a decorator: a dynamic call (a func value or an interface method)
//     whose signature is that of fn or of a function enclosing it (the
//     wrapper calls what it wraps: m.next.Get(ctx, k) inside Get; next(ctx,
//     req) inside the func(ctx, req) a func(next Handler) Handler returns);
//   - a callback: a func-typed parameter of fn or of an enclosing function
//     called with a context (func Do(ctx, fn func(context.Context) error)).
//
// A value named next/invoker/handler/streamer called with a context still
// counts (frameworks whose chain type is a plain func).
func (e *Engine) NextCall(fn *ssa.Function, call ssa.CallInstruction) bool {
	c := call.Common()
	if obj := calleeObj(call); obj != nil {
		switch obj.FullName() {
		case "(net/http.Handler).ServeHTTP", "(net/http.HandlerFunc).ServeHTTP", "(net/http.RoundTripper).RoundTrip":
			return true
		}
	}
	var sig *types.Signature
	switch {
	case c.IsInvoke():
		sig = c.Method.Type().(*types.Signature)
	case c.StaticCallee() == nil:
		if _, isBuiltin := c.Value.(*ssa.Builtin); isBuiltin {
			return false
		}
		sig, _ = c.Value.Type().Underlying().(*types.Signature)
		pkg, name := NamedOf(c.Value.Type())
		if _, ok := nextTypes[[2]string{pkg, name}]; ok {
			return true
		}
	default:
		return false
	}
	if sig == nil || sig.Params().Len() == 0 {
		return false // a func() hands on no context, request or options (a cancel func)
	}
	// Decorator: the same signature as the wrapper (or one enclosing it).
	for f := fn; f != nil; f = f.Parent() {
		if identicalSig(f.Signature, sig) && (!c.IsInvoke() || c.Method.Name() == topName(f)) {
			return true
		}
	}
	if c.IsInvoke() {
		return false
	}
	withCtx := firstOfType(c.Args, IsContext) != nil
	// Callback: a func-typed parameter (of fn or an enclosing function).
	if withCtx {
		for _, v := range e.resolve(c.Value) {
			if p, ok := v.(*ssa.Parameter); ok {
				if _, isSig := p.Type().Underlying().(*types.Signature); isSig {
					return true
				}
			}
		}
	}
	// Names frameworks give a plain func chain.
	if withCtx {
		if n := valueName(c.Value); n != "" {
			n = strings.ToLower(n)
			return strings.Contains(n, "next") || strings.Contains(n, "invoker") || strings.Contains(n, "handler") || strings.Contains(n, "streamer")
		}
	}
	return false
}

// topName is the name of the declared function (or method) fn is or is
// a closure of.
func topName(fn *ssa.Function) string { return topFunc(fn).Name() }

// topFunc is the declared function (or method) fn is or is a closure of.
func topFunc(fn *ssa.Function) *ssa.Function {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn
}

// identicalSig compares parameters and results, not receivers.
func identicalSig(a, b *types.Signature) bool {
	return a.Variadic() == b.Variadic() && types.Identical(a.Params(), b.Params()) && types.Identical(a.Results(), b.Results())
}

// valueName names a func value: a parameter, a captured variable, a field.
func valueName(v ssa.Value) string {
	switch x := v.(type) {
	case *ssa.Parameter:
		return x.Name()
	case *ssa.FreeVar:
		return x.Name()
	case *ssa.UnOp:
		if fa, ok := x.X.(*ssa.FieldAddr); ok {
			return FieldName(fa.X.Type(), fa.Field)
		}
		return valueName(x.X)
	case *ssa.Field:
		return FieldName(x.X.Type(), x.Field)
	}
	return ""
}

// Middleware names the middleware role of fn ("gRPC unary client
// interceptor", "HTTP middleware", "wrapper") or "": fn or a function
// enclosing it has a middleware signature, or calls the rest of a chain
// (NextCall) in its own body or its closures.
func (e *Engine) Middleware(fn *ssa.Function) string {
	for f := fn; f != nil; f = f.Parent() {
		if s := SigShape(f.Signature, f.Name() == "RoundTrip" && f.Signature.Recv() != nil); s != "" {
			return s
		}
	}
	for f := fn; f != nil; f = f.Parent() {
		if e.callsNext(f) {
			return "wrapper"
		}
	}
	return ""
}

func (e *Engine) callsNext(fn *ssa.Function) bool {
	var walk func(f *ssa.Function, depth int) bool
	walk = func(f *ssa.Function, depth int) bool {
		if depth > 4 {
			return false
		}
		for _, b := range f.Blocks {
			for _, in := range b.Instrs {
				if c, ok := in.(ssa.CallInstruction); ok && e.NextCall(f, c) {
					return true
				}
			}
		}
		for _, a := range f.AnonFuncs {
			if walk(a, depth+1) {
				return true
			}
		}
		return false
	}
	return walk(fn, 0)
}
