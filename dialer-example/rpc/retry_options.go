//go:build !incident

package rpc

// attemptOptions returns the request options of one attempt: the retry
// timeout as a default, then the caller's options, which win.
func attemptOptions(cfg RetryConfig, opts []RequestOption) []RequestOption {
	return append([]RequestOption{WithRequestTimeout(cfg.Timeout)}, opts...)
}
