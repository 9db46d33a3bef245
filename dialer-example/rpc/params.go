package rpc

import "go.opentelemetry.io/otel/trace"

// SharedClientParams returns the client options every internal client is
// built with: tracing (outermost) and retries with DefaultRetryConfig.
func SharedClientParams(tp trace.TracerProvider) []ClientOption {
	return []ClientOption{
		WithClientInterceptors(TracingInterceptor(tp), RetryInterceptor(DefaultRetryConfig)),
	}
}
