package rpc

import "go.opentelemetry.io/otel/propagation"

const (
	// pathPrefix is the URL path under which methods are served.
	pathPrefix = "/rpc/"
	// headerExpiry carries the absolute deadline of a call, in Unix
	// nanoseconds. The server derives the handler's context from it.
	headerExpiry = "Rpc-Expiry"
	// maxBodyBytes bounds request and response bodies.
	maxBodyBytes = 1 << 20
)

// propagator carries the trace context of a call to the server.
var propagator = propagation.TraceContext{}
