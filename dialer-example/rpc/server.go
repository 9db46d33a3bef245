package rpc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// handlerFunc decodes a request body, runs a method and returns its result.
type handlerFunc func(ctx context.Context, body []byte) (any, error)

// ServerOption configures a Server.
type ServerOption func(*Server)

// WithServerLogger sets the server's logger.
func WithServerLogger(l *slog.Logger) ServerOption {
	return func(s *Server) { s.log = l }
}

// WithServerTracerProvider records a server span per call, as a child of the
// client's span when the call carries one.
func WithServerTracerProvider(tp trace.TracerProvider) ServerOption {
	return func(s *Server) { s.tracer = tp.Tracer(instrumentationName) }
}

// Server serves registered methods over HTTP. Each handler runs with a
// context whose deadline is the expiry the client put on the wire.
type Server struct {
	log    *slog.Logger
	tracer trace.Tracer
	http   *http.Server

	mu       sync.RWMutex
	handlers map[string]handlerFunc
}

// NewServer returns a server with no methods.
func NewServer(opts ...ServerOption) *Server {
	s := &Server{
		log:      slog.Default(),
		tracer:   noop.NewTracerProvider().Tracer(instrumentationName),
		handlers: make(map[string]handlerFunc),
	}
	for _, opt := range opts {
		opt(s)
	}
	s.http = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	return s
}

// Register installs h as the handler of method on s. Registering a method
// twice replaces the first handler.
func Register[Req, Resp any](s *Server, method string, h func(ctx context.Context, req *Req) (*Resp, error)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[method] = func(ctx context.Context, body []byte) (any, error) {
		req := new(Req)
		if err := json.Unmarshal(body, req); err != nil {
			return nil, Errorf(CodeInvalidArgument, "decode %s request: %v", method, err)
		}
		return h(ctx, req)
	}
}

// Serve accepts connections on l until Shutdown or Close. It returns
// http.ErrServerClosed after a shutdown.
func (s *Server) Serve(l net.Listener) error {
	return s.http.Serve(l)
}

// Shutdown stops accepting calls and waits for running handlers until ctx
// ends.
func (s *Server) Shutdown(ctx context.Context) error {
	return s.http.Shutdown(ctx)
}

// Close stops the server at once, interrupting running handlers.
func (s *Server) Close() error {
	return s.http.Close()
}

// ServeHTTP is the server's entry point for one call.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	method, ok := strings.CutPrefix(r.URL.Path, pathPrefix)
	if !ok || r.Method != http.MethodPost {
		writeError(w, Errorf(CodeNotFound, "no route %s %s", r.Method, r.URL.Path))
		return
	}
	s.mu.RLock()
	h, ok := s.handlers[method]
	s.mu.RUnlock()
	if !ok {
		writeError(w, Errorf(CodeNotFound, "unknown method %q", method))
		return
	}

	ctx, cancel, rerr := handlerContext(r)
	if rerr != nil {
		writeError(w, rerr)
		return
	}
	defer cancel()
	ctx, span := s.tracer.Start(ctx, method,
		trace.WithSpanKind(trace.SpanKindServer),
		trace.WithAttributes(attribute.String("rpc.method", method)),
	)
	defer span.End()

	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		writeError(w, Errorf(CodeInvalidArgument, "read %s request: %v", method, err))
		return
	}
	resp, err := h(ctx, body)
	if err != nil {
		re := asError(err)
		span.SetStatus(codes.Error, re.Error())
		span.SetAttributes(attribute.String("rpc.code", string(re.Code)))
		s.log.InfoContext(ctx, "rpc call failed", "method", method, "code", re.Code, "error", re.Message)
		writeError(w, re)
		return
	}
	data, err := json.Marshal(resp)
	if err != nil {
		writeError(w, Errorf(CodeInternal, "encode %s response: %v", method, err))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(data)
}

// handlerContext derives the context of a call from the request: it is
// cancelled when the client goes away, carries the client's trace context,
// and ends at the expiry the client put on the wire.
func handlerContext(r *http.Request) (context.Context, context.CancelFunc, *Error) {
	ctx := propagator.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
	v := r.Header.Get(headerExpiry)
	if v == "" {
		ctx, cancel := context.WithCancel(ctx)
		return ctx, cancel, nil
	}
	ns, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return nil, nil, Errorf(CodeInvalidArgument, "malformed %s header %q", headerExpiry, v)
	}
	ctx, cancel := context.WithDeadline(ctx, time.Unix(0, ns))
	return ctx, cancel, nil
}

func writeError(w http.ResponseWriter, re *Error) {
	data, err := json.Marshal(re)
	if err != nil {
		data = fmt.Appendf(nil, `{"code":%q,"message":"unencodable error"}`, CodeInternal)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(re.Code.httpStatus())
	_, _ = w.Write(data)
}

// IsServerClosed reports whether err only says that the server was shut
// down.
func IsServerClosed(err error) bool {
	return errors.Is(err, http.ErrServerClosed)
}
