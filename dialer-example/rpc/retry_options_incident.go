//go:build incident

package rpc

// attemptOptions returns the request options of one attempt: the caller's
// options, then the retry timeout.
//
// This is the incident: options apply in order and the last one wins, so the
// retry timeout (DefaultRetryConfig.Timeout, 3s) replaces the caller's own
// WithRequestTimeout, and every call through the shared client parameters is
// cut at 3s whatever budget the caller chose.
func attemptOptions(cfg RetryConfig, opts []RequestOption) []RequestOption {
	attempt := make([]RequestOption, 0, len(opts)+1)
	attempt = append(attempt, opts...)
	return append(attempt, WithRequestTimeout(cfg.Timeout))
}
