package ctxmodel

import (
	"go/ast"
	"go/types"
	"golang.org/x/tools/go/ssa"
	"strings"
)

// OutboundKind reports whether call sends work out of the process (or to
// a chain that does) and names the kind: "HTTP request", "dial", "SQL
// query", "gRPC call", "connect call"; "" otherwise. Matching is by
// types: net/http Client methods, http.Get/Post/Head/PostForm,
// Transport.RoundTrip; net Dialer/Resolver methods, net.Dial*;
// database/sql *Context methods; grpc ClientConn(Interface).Invoke and
// NewStream and any method whose last parameter is ...grpc.CallOption
// (generated clients); connect.Client methods; methods of twirp-generated
// clients are covered by the generic rule in CallerWork.
func OutboundKind(info *types.Info, call *ast.CallExpr) string {
	fn := Callee(info, call)
	if fn == nil {
		return ""
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil {
		return ""
	}
	recvPkg, recvName := "", ""
	if sig.Recv() != nil {
		recvPkg, recvName = NamedOf(sig.Recv().Type())
	}
	name := fn.Name()
	switch {
	case recvPkg == "net/http" && recvName == "Client" && contains([]string{"Do", "Get", "Post", "PostForm", "Head"}, name),
		IsPkgFunc(fn, "net/http", "Get", "Post", "PostForm", "Head"),
		recvPkg == "net/http" && (recvName == "Transport" || recvName == "RoundTripper") && name == "RoundTrip":
		return "HTTP request"
	case recvPkg == "net" && (recvName == "Dialer" || recvName == "Resolver"),
		IsPkgFunc(fn, "net", "Dial", "DialTimeout", "DialTCP", "DialUDP"),
		recvPkg == "crypto/tls" && recvName == "Dialer":
		return "dial"
	case recvPkg == "database/sql" && strings.HasSuffix(name, "Context"):
		return "SQL query"
	case recvPkg == GRPCPath && (recvName == "ClientConn" || recvName == "ClientConnInterface") && (name == "Invoke" || name == "NewStream"):
		return "gRPC call"
	case recvPkg == ConnectPath && recvName == "Client":
		return "connect call"
	}
	if sig.Variadic() && sig.Params().Len() > 0 {
		last := sig.Params().At(sig.Params().Len() - 1).Type()
		if s, ok := last.(*types.Slice); ok && IsNamed(s.Elem(), GRPCPath, "CallOption") {
			return "gRPC call"
		}
	}
	return ""
}

// ClientTimeoutField returns the fixed-timeout field of a client or
// dialer composite literal: http.Client{Timeout: d} ("http.Client.Timeout")
// and net.Dialer{Timeout: d} ("net.Dialer.Timeout"); nil otherwise.
func ClientTimeoutField(info *types.Info, lit *ast.CompositeLit) (what string, value ast.Expr) {
	t := TypeOf(info, lit)
	var typ string
	switch {
	case IsNamed(t, "net/http", "Client"):
		typ = "http.Client.Timeout"
	case IsNamed(t, "net", "Dialer"):
		typ = "net.Dialer.Timeout"
	default:
		return "", nil
	}
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Timeout" {
				return typ, kv.Value
			}
		}
	}
	return "", nil
}

// ConnDeadlineCall matches X.SetDeadline/SetReadDeadline/SetWriteDeadline
// (t) with the net.Conn signature func(time.Time) error and returns the
// method name and the deadline argument.
func ConnDeadlineCall(info *types.Info, call *ast.CallExpr) (method string, deadline ast.Expr) {
	if fn := Callee(info, call); isConnDeadline(fn) && len(call.Args) == 1 {
		return fn.Name(), call.Args[0]
	}
	return "", nil
}

// ConnDeadline is ConnDeadlineCall on SSA: the method and the deadline
// argument of a call of a connection's deadline setter.
func ConnDeadline(call ssa.CallInstruction) (method string, deadline ssa.Value) {
	c := call.Common()
	if fn := calleeObj(call); isConnDeadline(fn) && len(c.Args) > 0 {
		return fn.Name(), c.Args[len(c.Args)-1]
	}
	return "", nil
}

// isConnDeadline reports whether fn is a method SetDeadline,
// SetReadDeadline or SetWriteDeadline taking one time.Time (net.Conn's).
func isConnDeadline(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	switch fn.Name() {
	case "SetDeadline", "SetReadDeadline", "SetWriteDeadline":
	default:
		return false
	}
	sig, _ := fn.Type().(*types.Signature)
	return sig != nil && sig.Recv() != nil && sig.Params().Len() == 1 && IsTime(sig.Params().At(0).Type())
}
