// Package wired builds servers from configuration files: fields the file
// leaves out take their tag defaults.
package wired

import (
	"time"

	"google.golang.org/grpc"

	"deadlinereplace/wired/interceptors"
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
