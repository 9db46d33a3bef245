// Package wired builds servers from configuration files: fields the file
// leaves out take their tag defaults.
package wired

import (
	"time"

	"google.golang.org/grpc"

	"deadlinereplace/wired/interceptors"
	"deadlinereplace/wired/rpcclient"
)

// ServerConf is loaded from the server's configuration file.
type ServerConf struct {
	ListenOn string
	// Timeout in milliseconds; 0 means none.
	Timeout int64 `json:",default=2000"`
	// Methods override Timeout per method.
	Methods []interceptors.MethodTimeout `json:",optional"`
}

// ClientConf configures clients; its timeout has no default.
type ClientConf struct {
	Timeout int64 `json:",optional"`
}

// Interceptors returns the server's interceptors: every server gets the
// timeout interceptor with the configured timeout, 2s when the file says
// nothing, which caps a client's longer grpc-timeout.
func Interceptors(c ServerConf) []grpc.UnaryServerInterceptor {
	var out []grpc.UnaryServerInterceptor
	if c.Timeout > 0 {
		out = append(out, interceptors.UnaryTimeout(time.Duration(c.Timeout)*time.Millisecond, c.Methods...)) // want `^caller's deadline is replaced: interceptors\.UnaryTimeout installs middleware that applies its timeout unconditionally \(interceptors/timeout\.go:\d+\) with c\.Timeout \(default 2s, wired/wired\.go:\d+\) in Interceptors; install it only where the caller sets no deadline, or make the middleware apply it only when ctx\.Deadline\(\) reports none$`
	}
	return out
}

// ClientInterceptors installs the same interceptor with a timeout only
// the configuration file sets (no default): the user's choice. No
// finding.
func ClientInterceptors(c ClientConf) []grpc.UnaryServerInterceptor { // want ClientInterceptors:`timeout middleware\(param 0.Timeout\)`
	if c.Timeout == 0 {
		return nil
	}
	return []grpc.UnaryServerInterceptor{interceptors.UnaryTimeout(time.Duration(c.Timeout) * time.Millisecond)}
}

// WithTimeout is rpcclient's option under this package's name, as zrpc
// re-exports its internal options.
var WithTimeout = rpcclient.WithTimeout

// RPCClientConf configures a client from a file: 2s when it says nothing.
type RPCClientConf struct {
	Target  string
	Timeout int64 `json:",default=2000"`
}

// NewRPCClient passes the configured timeout (2s by default) as an
// option that rpcclient hands to its timeout interceptor: a caller's 30s
// context deadline becomes 2s on every call that passes no per-call
// timeout.
func NewRPCClient(c RPCClientConf, options ...rpcclient.ClientOption) (*grpc.ClientConn, error) {
	var opts []rpcclient.ClientOption
	if c.Timeout > 0 {
		opts = append(opts, WithTimeout(time.Duration(c.Timeout)*time.Millisecond)) // want `^caller's deadline is replaced: WithTimeout sets the timeout of the middleware rpcclient\.NewClient installs, which applies it unconditionally \(interceptors/timeout\.go:\d+\), to c\.Timeout \(default 2s, wired/wired\.go:\d+\) in NewRPCClient; install it only where the caller sets no deadline, `
	}
	opts = append(opts, options...)
	return rpcclient.NewClient(c.Target, opts...)
}

// NewFixedClient wires the same interceptor with a constant.
func NewFixedClient(target string) (*grpc.ClientConn, error) {
	return rpcclient.NewClient(target, rpcclient.WithTimeout(3*time.Second)) // want `^caller's deadline is replaced: rpcclient\.WithTimeout sets the timeout of the middleware rpcclient\.NewClient installs, which applies it unconditionally \(interceptors/timeout\.go:\d+\), to 3s in NewFixedClient; `
}

// NewUserClient passes a timeout only the configuration file sets (no
// default): the user's choice. No finding.
func NewUserClient(c ClientConf, target string) (*grpc.ClientConn, error) { // want NewUserClient:`timeout middleware\(param 0.Timeout\)`
	return rpcclient.NewClient(target, rpcclient.WithTimeout(time.Duration(c.Timeout)*time.Millisecond))
}

// NewPlainClient passes no timeout option: the interceptor is not
// installed. No finding.
func NewPlainClient(target string, dial grpc.DialOption) (*grpc.ClientConn, error) {
	return rpcclient.NewClient(target, rpcclient.WithDialOption(dial))
}

// SwappableTimeout is an option constructor the program may replace
// (SetTimeoutOption): a call through it is not known to be rpcclient's.
var SwappableTimeout = rpcclient.WithTimeout

// SetTimeoutOption replaces SwappableTimeout.
func SetTimeoutOption(f func(time.Duration) rpcclient.ClientOption) { SwappableTimeout = f }

// NewSwappableClient passes the default through SwappableTimeout: what
// it builds is not known. No finding.
func NewSwappableClient(c RPCClientConf) (*grpc.ClientConn, error) {
	return rpcclient.NewClient(c.Target, SwappableTimeout(time.Duration(c.Timeout)*time.Millisecond))
}
