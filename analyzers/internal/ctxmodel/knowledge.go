package ctxmodel

// Framework knowledge, keyed by import path, in one place (staticcheck's
// knowledge/ style). Adding a framework touches this table and its
// fixtures, nothing else.

// Package paths of the RPC frameworks the model knows.
const (
	GRPCPath    = "google.golang.org/grpc"
	ConnectPath = "connectrpc.com/connect"
	TwirpPath   = "github.com/twitchtv/twirp"
)

// nextTypes are the named func types a middleware receives as "the rest
// of the chain", with the middleware kind they make.
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

// timeoutCarriers are option types that carry per-call timeouts built by
// other packages (so their own package has no timeout constructor):
// gRPC call options carry go-zero's zrpc.WithCallTimeout and similar
// interceptor options, which a chain resolves further down.
var timeoutCarriers = map[[2]string]bool{
	{GRPCPath, "CallOption"}: true,
}
