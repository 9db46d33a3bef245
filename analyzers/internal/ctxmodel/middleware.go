package ctxmodel

import (
	"go/ast"
	"go/types"
	"strings"
)

// Package paths of the RPC frameworks the model knows.
const (
	GRPCPath    = "google.golang.org/grpc"
	ConnectPath = "connectrpc.com/connect"
	TwirpPath   = "github.com/twitchtv/twirp"
)

// nextTypes are the named func types a middleware receives as "the rest
// of the chain".
var nextTypes = map[[2]string]string{
	{GRPCPath, "UnaryInvoker"}:            "gRPC unary client interceptor",
	{GRPCPath, "Streamer"}:                "gRPC stream client interceptor",
	{GRPCPath, "UnaryHandler"}:            "gRPC unary server interceptor",
	{GRPCPath, "StreamHandler"}:           "gRPC stream server interceptor",
	{ConnectPath, "UnaryFunc"}:            "connect interceptor",
	{ConnectPath, "StreamingClientFunc"}:  "connect streaming client interceptor",
	{ConnectPath, "StreamingHandlerFunc"}: "connect streaming handler interceptor",
	{TwirpPath, "Method"}:                 "twirp interceptor",
}

// MiddlewareShape names the middleware shape of fn (a *ast.FuncDecl or
// *ast.FuncLit) judged by its signature alone, or "":
//   - a parameter of a known chain type: grpc.UnaryInvoker/Streamer
//     (Unary/StreamClientInterceptor), grpc.UnaryHandler/StreamHandler
//     (Unary/StreamServerInterceptor), connect.UnaryFunc,
//     StreamingClientFunc, StreamingHandlerFunc (connect.Interceptor,
//     UnaryInterceptorFunc), twirp.Method (twirp.Interceptor);
//   - func(http.Handler) http.Handler (HTTP middleware);
//   - func(http.RoundTripper) http.RoundTripper, or a RoundTrip method
//     (RoundTripper wrapper).
func MiddlewareShape(info *types.Info, fn ast.Node) string {
	sig := Signature(info, fn)
	if sig == nil {
		return ""
	}
	params, results := sig.Params(), sig.Results()
	hasParam := func(pkg, name string) bool {
		for i := 0; i < params.Len(); i++ {
			if IsNamed(params.At(i).Type(), pkg, name) {
				return true
			}
		}
		return false
	}
	hasResult := func(pkg, name string) bool {
		for i := 0; i < results.Len(); i++ {
			if IsNamed(results.At(i).Type(), pkg, name) {
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
	if hasParam("net/http", "Handler") && (hasResult("net/http", "Handler") || hasResult("net/http", "HandlerFunc")) {
		return "HTTP middleware"
	}
	if hasParam("net/http", "RoundTripper") && hasResult("net/http", "RoundTripper") {
		return "http.RoundTripper wrapper"
	}
	if d, ok := fn.(*ast.FuncDecl); ok && d.Recv != nil && d.Name.Name == "RoundTrip" && params.Len() == 1 && IsHTTPRequest(params.At(0).Type()) {
		return "http.RoundTripper wrapper"
	}
	return ""
}

// IsNextCall reports whether call invokes the rest of a middleware chain:
//   - a function value (parameter, variable, captured variable or field)
//     of a known chain type (see MiddlewareShape), or of any func type
//     when the value is named next/invoker/handler/streamer (any case,
//     e.g. s.Next, h.handler), called with a context.Context first;
//   - http.Handler.ServeHTTP / http.HandlerFunc.ServeHTTP on a value, or
//     http.RoundTripper.RoundTrip on an interface value.
func IsNextCall(info *types.Info, call *ast.CallExpr) bool {
	if fn := Callee(info, call); fn != nil {
		name := fn.FullName()
		if name == "(net/http.Handler).ServeHTTP" || name == "(net/http.HandlerFunc).ServeHTTP" || name == "(net/http.RoundTripper).RoundTrip" {
			return true
		}
		if _, isVar := fn.Type().(*types.Signature); isVar {
			return false // a declared function or method, not a value
		}
	}
	fun := ast.Unparen(call.Fun)
	var obj types.Object
	switch f := fun.(type) {
	case *ast.Ident:
		obj = info.Uses[f]
	case *ast.SelectorExpr:
		obj = info.Uses[f.Sel]
	}
	v, ok := obj.(*types.Var)
	if !ok {
		return false
	}
	if _, ok := v.Type().Underlying().(*types.Signature); !ok {
		return false
	}
	if len(call.Args) == 0 || !IsContext(TypeOf(info, call.Args[0])) {
		return false
	}
	pkg, tname := NamedOf(v.Type())
	if _, ok := nextTypes[[2]string{pkg, tname}]; ok {
		return true
	}
	n := strings.ToLower(v.Name())
	return strings.Contains(n, "next") || strings.Contains(n, "invoker") || strings.Contains(n, "handler") || strings.Contains(n, "streamer")
}

// CallsNext reports whether the body of fn (closures included) calls the
// rest of a chain (see IsNextCall). Memoized per node.
func (m *Package) CallsNext(fn ast.Node) bool {
	if v, ok := m.nextMemo[fn]; ok {
		return v
	}
	found := false
	if body := FuncBody(fn); body != nil {
		ast.Inspect(body, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok && IsNextCall(m.Info, c) {
				found = true
			}
			return !found
		})
	}
	m.nextMemo[fn] = found
	return found
}

// InMiddleware reports whether the node at the end of stack is inside
// middleware: any enclosing function has a middleware shape
// (MiddlewareShape) or calls the rest of a chain (CallsNext). The two
// local checks split on this predicate: deadlinereplace reports inside
// middleware, hardcodedtimeout outside it.
func (m *Package) InMiddleware(stack []ast.Node) bool {
	return m.MiddlewareOf(stack) != ""
}

// MiddlewareOf is InMiddleware returning the shape's name ("gRPC unary
// client interceptor", "HTTP middleware", "wrapper calling next", ...),
// or "". A signature shape of any enclosing function wins over a
// next-call.
func (m *Package) MiddlewareOf(stack []ast.Node) string {
	fns := EnclosingFuncs(stack)
	for _, fn := range fns {
		if s := MiddlewareShape(m.Info, fn); s != "" {
			return s
		}
	}
	for _, fn := range fns {
		if m.CallsNext(fn) {
			return "wrapper calling next"
		}
	}
	return ""
}
