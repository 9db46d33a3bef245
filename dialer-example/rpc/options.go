package rpc

import "time"

// RequestOptions are the per-call settings resolved from a client's defaults
// and the RequestOption values passed to a call.
type RequestOptions struct {
	// Timeout bounds one attempt of the call. It becomes a context deadline on
	// the client and, through the wire expiry, on the server's handler.
	Timeout time.Duration
}

// RequestOption changes the options of one call. Options are applied in the
// order they are passed: when two options set the same field, the last one
// wins.
type RequestOption func(*RequestOptions)

// WithRequestTimeout sets the timeout of one call.
func WithRequestTimeout(d time.Duration) RequestOption {
	return func(o *RequestOptions) {
		o.Timeout = d
	}
}

// resolveRequestOptions starts from defaults and applies opts in order.
func resolveRequestOptions(defaults RequestOptions, opts []RequestOption) RequestOptions {
	o := defaults
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}
