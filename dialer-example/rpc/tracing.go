package rpc

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

const instrumentationName = "github.com/ctxtimeout/dialer-example/rpc"

// TracingInterceptor records a client span for each call. It passes the
// caller's context (with the span) and request options on unchanged.
func TracingInterceptor(tp trace.TracerProvider) ClientInterceptor {
	tracer := tp.Tracer(instrumentationName)
	return func(ctx context.Context, method string, req, resp any, next Invoker, opts ...RequestOption) error {
		ctx, span := tracer.Start(ctx, method,
			trace.WithSpanKind(trace.SpanKindClient),
			trace.WithAttributes(attribute.String("rpc.method", method)),
		)
		defer span.End()

		err := next(ctx, method, req, resp, opts...)
		if err != nil {
			span.RecordError(err)
			span.SetStatus(codes.Error, err.Error())
			span.SetAttributes(attribute.String("rpc.code", string(CodeOf(err))))
		}
		return err
	}
}
