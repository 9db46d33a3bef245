// Package client builds RPC clients from a configuration with a package
// default, the way livekit/protocol builds its psrpc clients: the retry
// interceptor it installs carries the configured (by default 3s) attempt
// timeout, and that interceptor places it after each caller's options.
package client

import (
	"time"

	"deadlinereplace/retry"
)

// Config configures every client.
type Config struct {
	MaxAttempts int
	Timeout     time.Duration
}

// DefaultConfig is what a deployment gets when it configures nothing.
var DefaultConfig = Config{MaxAttempts: 3, Timeout: 3 * time.Second}

// Params are a client's construction parameters.
type Params struct {
	Config
	Name string
}

// Options wires the retry interceptor with the configured timeout (3s by
// default): a caller's 30s request timeout becomes 3s per attempt.
func (p *Params) Options() []retry.ClientOption {
	opts := make([]retry.ClientOption, 0, 2)
	if p.MaxAttempts != 0 || p.Timeout != 0 {
		opts = append(opts, retry.WithRetries(retry.RetryOptions{ // want `^caller's timeout option is replaced: retry\.WithRetries installs an interceptor that places its timeout option after the caller's \(retry/retry\.go:\d+\) with p\.Config\.Timeout \(default 3s, client/client\.go:\d+\) in \(\*Params\)\.Options; a per-request timeout the caller passes is overridden: `
			MaxAttempts: p.MaxAttempts,
			Timeout:     p.Timeout,
		}))
	}
	return opts
}

// FixedOptions wires the interceptor itself with a constant.
func FixedOptions() []retry.Interceptor {
	return []retry.Interceptor{retry.NewRetryInterceptor(retry.RetryOptions{MaxAttempts: 2, Timeout: 2 * time.Second})} // want `^caller's timeout option is replaced: retry\.NewRetryInterceptor installs an interceptor that places its timeout option after the caller's \(retry/retry\.go:\d+\) with 2s in FixedOptions; `
}

// UserParams carry a timeout only the user sets (no default in view): the
// user's choice, no finding.
type UserParams struct {
	Timeout time.Duration
}

// Options installs the interceptor with the user's timeout.
func (p *UserParams) Options() []retry.ClientOption {
	return []retry.ClientOption{retry.WithRetries(retry.RetryOptions{Timeout: p.Timeout})}
}

// GuardedOptions installs the guarded interceptor with the default: it
// applies its timeout only when the caller set none. No finding.
func (p *Params) GuardedOptions() []retry.ClientOption {
	return []retry.ClientOption{retry.WithGuardedRetries(retry.RetryOptions{Timeout: p.Timeout})}
}
