package rpc

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

type echoReq struct {
	Text string `json:"text"`
}

type echoResp struct {
	Text     string    `json:"text"`
	Deadline time.Time `json:"deadline"`
	HasDL    bool      `json:"has_deadline"`
}

// startServer serves s on an ephemeral loopback port until the test ends.
func startServer(t *testing.T, s *Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	served := make(chan error, 1)
	go func() { served <- s.Serve(ln) }()
	t.Cleanup(func() {
		// Clients share http.DefaultTransport, which may hold a connection
		// it dialled but never sent a request on; the server counts it as
		// new, and Shutdown closes new connections only after 5s. Closing
		// the clients' idle connections lets Shutdown finish at once.
		http.DefaultTransport.(*http.Transport).CloseIdleConnections()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		assert.NoError(t, s.Shutdown(ctx))
		assert.True(t, IsServerClosed(<-served))
	})
	return ln.Addr().String()
}

// echoServer answers Test.Echo with the deadline its handler context got.
func echoServer(t *testing.T, opts ...ServerOption) string {
	t.Helper()
	s := newTestServer(opts...)
	Register(s, "Test.Echo", func(ctx context.Context, req *echoReq) (*echoResp, error) {
		dl, ok := ctx.Deadline()
		return &echoResp{Text: req.Text, Deadline: dl, HasDL: ok}, nil
	})
	return startServer(t, s)
}

func TestRequestOptionsLastWins(t *testing.T) {
	t.Parallel()
	defaults := RequestOptions{Timeout: DefaultClientTimeout}
	for _, tc := range []struct {
		name string
		opts []RequestOption
		want time.Duration
	}{
		{"none keeps the default", nil, DefaultClientTimeout},
		{"one option", []RequestOption{WithRequestTimeout(30 * time.Second)}, 30 * time.Second},
		{"last of two wins", []RequestOption{WithRequestTimeout(30 * time.Second), WithRequestTimeout(time.Second)}, time.Second},
		{"later default loses to nothing", []RequestOption{WithRequestTimeout(time.Second), WithRequestTimeout(45 * time.Second)}, 45 * time.Second},
		{"nil options are skipped", []RequestOption{nil, WithRequestTimeout(7 * time.Second), nil}, 7 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, resolveRequestOptions(defaults, tc.opts).Timeout)
		})
	}
}

func TestChainFirstInterceptorIsOutermost(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var events []string
	record := func(e string) {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, e)
	}
	named := func(name string) ClientInterceptor {
		return func(ctx context.Context, method string, req, resp any, next Invoker, opts ...RequestOption) error {
			record(name + " in")
			err := next(ctx, method, req, resp, opts...)
			record(name + " out")
			return err
		}
	}
	final := func(ctx context.Context, method string, req, resp any, opts ...RequestOption) error {
		record("invoke " + method + " " + resolveRequestOptions(RequestOptions{}, opts).Timeout.String())
		return nil
	}

	inv := chainInterceptors([]ClientInterceptor{named("a"), named("b"), named("c")}, final)
	require.NoError(t, inv(t.Context(), "M", nil, nil, WithRequestTimeout(9*time.Second)))
	assert.Equal(t, []string{"a in", "b in", "c in", "invoke M 9s", "c out", "b out", "a out"}, events)

	assert.NoError(t, chainInterceptors(nil, final)(t.Context(), "N", nil, nil))
}

func TestExpiryTravelsOnTheWire(t *testing.T) {
	t.Parallel()
	addr := echoServer(t)

	t.Run("request timeout", func(t *testing.T) {
		t.Parallel()
		c := NewClient(addr)
		var resp echoResp
		start := time.Now()
		require.NoError(t, c.Call(t.Context(), "Test.Echo", &echoReq{Text: "hi"}, &resp, WithRequestTimeout(7*time.Second)))
		assert.Equal(t, "hi", resp.Text)
		require.True(t, resp.HasDL)
		assert.WithinDuration(t, start.Add(7*time.Second), resp.Deadline, 200*time.Millisecond)
	})
	t.Run("client default", func(t *testing.T) {
		t.Parallel()
		c := NewClient(addr)
		var resp echoResp
		start := time.Now()
		require.NoError(t, c.Call(t.Context(), "Test.Echo", &echoReq{}, &resp))
		assert.WithinDuration(t, start.Add(DefaultClientTimeout), resp.Deadline, 200*time.Millisecond)
	})
	t.Run("caller deadline shorter than the option", func(t *testing.T) {
		t.Parallel()
		c := NewClient(addr, WithDefaultRequestTimeout(time.Minute))
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
		defer cancel()
		callerDL, _ := ctx.Deadline()
		var resp echoResp
		require.NoError(t, c.Call(ctx, "Test.Echo", &echoReq{}, &resp, WithRequestTimeout(time.Minute)))
		assert.WithinDuration(t, callerDL, resp.Deadline, time.Millisecond, "a timeout never extends the caller's deadline")
	})
}

func TestServerDerivesDeadlineFromExpiry(t *testing.T) {
	t.Parallel()
	addr := echoServer(t)
	post := func(t *testing.T, expiry string) (*http.Response, echoResp) {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, "http://"+addr+"/rpc/Test.Echo", strings.NewReader(`{"text":"raw"}`))
		require.NoError(t, err)
		if expiry != "" {
			req.Header.Set(headerExpiry, expiry)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		t.Cleanup(func() { resp.Body.Close() })
		var out echoResp
		if resp.StatusCode == http.StatusOK {
			require.NoError(t, decodeJSON(resp, &out))
		}
		return resp, out
	}

	t.Run("exact expiry", func(t *testing.T) {
		t.Parallel()
		expiry := time.Now().Add(42 * time.Second).Truncate(time.Microsecond)
		resp, out := post(t, strconv.FormatInt(expiry.UnixNano(), 10))
		require.Equal(t, http.StatusOK, resp.StatusCode)
		require.True(t, out.HasDL)
		assert.True(t, expiry.Equal(out.Deadline), "want %s, got %s", expiry, out.Deadline)
	})
	t.Run("no expiry means no deadline", func(t *testing.T) {
		t.Parallel()
		resp, out := post(t, "")
		require.Equal(t, http.StatusOK, resp.StatusCode)
		assert.False(t, out.HasDL)
	})
	t.Run("malformed expiry", func(t *testing.T) {
		t.Parallel()
		resp, _ := post(t, "soon")
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
		err := decodeError("Test.Echo", resp.StatusCode, readAll(t, resp))
		assert.Equal(t, CodeInvalidArgument, CodeOf(err))
	})
}

func TestHandlerContextEndsAtExpiry(t *testing.T) {
	t.Parallel()
	handlerDone := make(chan time.Duration, 1)
	s := newTestServer()
	Register(s, "Test.Wait", func(ctx context.Context, _ *echoReq) (*echoResp, error) {
		start := time.Now()
		<-ctx.Done()
		handlerDone <- time.Since(start)
		return nil, Errorf(CodeDeadlineExceeded, "handler: %w", ctx.Err())
	})
	c := NewClient(startServer(t, s))
	err := c.Call(t.Context(), "Test.Wait", &echoReq{}, nil, WithRequestTimeout(300*time.Millisecond))
	require.Error(t, err)
	assert.Equal(t, CodeDeadlineExceeded, CodeOf(err))
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	select {
	case d := <-handlerDone:
		assert.InDelta(t, 300*time.Millisecond, d, float64(100*time.Millisecond), "the handler's context ends at the wire expiry")
	case <-time.After(2 * time.Second):
		t.Fatal("handler context never ended")
	}
}

func TestClientDeadlineNamesTheTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	s := newTestServer()
	Register(s, "Test.Stuck", func(ctx context.Context, _ *echoReq) (*echoResp, error) {
		<-release // ignores ctx: the client must give up on its own
		return &echoResp{}, nil
	})
	addr := startServer(t, s)
	t.Cleanup(func() { close(release) })

	start := time.Now()
	err := NewClient(addr).Call(t.Context(), "Test.Stuck", &echoReq{}, nil, WithRequestTimeout(200*time.Millisecond))
	assert.Equal(t, CodeDeadlineExceeded, CodeOf(err))
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.EqualError(t, err, "deadline_exceeded: Test.Stuck: context deadline exceeded (request timeout 200ms)")
	assert.InDelta(t, 200*time.Millisecond, time.Since(start), float64(150*time.Millisecond))
}

func TestErrorsKeepCodeAndMeta(t *testing.T) {
	t.Parallel()
	s := newTestServer()
	Register(s, "Test.Reject", func(ctx context.Context, req *echoReq) (*echoResp, error) {
		return nil, Errorf(CodeRejected, "no thanks").WithMeta("sip_status", "486")
	})
	c := NewClient(startServer(t, s))

	err := c.Call(t.Context(), "Test.Reject", &echoReq{}, nil)
	assert.Equal(t, CodeRejected, CodeOf(err))
	assert.Equal(t, "486", MetaOf(err, "sip_status"))
	assert.EqualError(t, err, "rejected: no thanks")

	err = c.Call(t.Context(), "Test.Missing", &echoReq{}, nil)
	assert.Equal(t, CodeNotFound, CodeOf(err))

	err = c.Call(t.Context(), "Test.Reject", make(chan int), nil)
	assert.Equal(t, CodeInvalidArgument, CodeOf(err), "an unencodable request fails before the wire")
}

// flakyServer fails the first failures calls with CodeUnavailable.
func flakyServer(t *testing.T, failures int32, code Code) (string, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	s := newTestServer()
	Register(s, "Test.Flaky", func(ctx context.Context, req *echoReq) (*echoResp, error) {
		if calls.Add(1) <= failures {
			return nil, Errorf(code, "try again")
		}
		return &echoResp{Text: req.Text}, nil
	})
	return startServer(t, s), &calls
}

func TestRetryRetriesUnavailable(t *testing.T) {
	t.Parallel()
	addr, calls := flakyServer(t, 2, CodeUnavailable)
	c := NewClient(addr, WithClientInterceptors(RetryInterceptor(RetryConfig{MaxAttempts: 3, Timeout: time.Second, Backoff: 10 * time.Millisecond})))
	var resp echoResp
	require.NoError(t, c.Call(t.Context(), "Test.Flaky", &echoReq{Text: "third time"}, &resp))
	assert.Equal(t, "third time", resp.Text)
	assert.EqualValues(t, 3, calls.Load())
}

func TestRetryGivesUpAfterMaxAttempts(t *testing.T) {
	t.Parallel()
	addr, calls := flakyServer(t, 100, CodeUnavailable)
	c := NewClient(addr, WithClientInterceptors(RetryInterceptor(RetryConfig{MaxAttempts: 3, Timeout: time.Second, Backoff: 10 * time.Millisecond})))
	err := c.Call(t.Context(), "Test.Flaky", &echoReq{}, nil)
	assert.Equal(t, CodeUnavailable, CodeOf(err))
	assert.EqualValues(t, 3, calls.Load())
}

func TestRetryDoesNotRetryDefinitiveErrors(t *testing.T) {
	t.Parallel()
	for _, code := range []Code{CodeDeadlineExceeded, CodeInvalidArgument, CodeRejected} {
		t.Run(string(code), func(t *testing.T) {
			t.Parallel()
			addr, calls := flakyServer(t, 100, code)
			c := NewClient(addr, WithClientInterceptors(RetryInterceptor(RetryConfig{MaxAttempts: 3, Timeout: time.Second, Backoff: time.Millisecond})))
			err := c.Call(t.Context(), "Test.Flaky", &echoReq{}, nil)
			assert.Equal(t, code, CodeOf(err))
			assert.EqualValues(t, 1, calls.Load())
		})
	}
}

func TestRetryRespectsCallerContext(t *testing.T) {
	t.Parallel()
	cfg := RetryConfig{MaxAttempts: 5, Timeout: time.Second, Backoff: 2 * time.Second}

	t.Run("cancelled during backoff", func(t *testing.T) {
		t.Parallel()
		addr, calls := flakyServer(t, 100, CodeUnavailable)
		c := NewClient(addr, WithClientInterceptors(RetryInterceptor(cfg)))
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(100*time.Millisecond, cancel)
		start := time.Now()
		err := c.Call(ctx, "Test.Flaky", &echoReq{}, nil)
		assert.Equal(t, CodeUnavailable, CodeOf(err))
		assert.Less(t, time.Since(start), time.Second, "the backoff ends with the caller's context")
		assert.EqualValues(t, 1, calls.Load())
	})
	t.Run("budget shorter than backoff", func(t *testing.T) {
		t.Parallel()
		addr, calls := flakyServer(t, 100, CodeUnavailable)
		c := NewClient(addr, WithClientInterceptors(RetryInterceptor(cfg)))
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		start := time.Now()
		err := c.Call(ctx, "Test.Flaky", &echoReq{}, nil)
		assert.Equal(t, CodeUnavailable, CodeOf(err))
		assert.Less(t, time.Since(start), 500*time.Millisecond, "no backoff the budget cannot cover")
		assert.EqualValues(t, 1, calls.Load())
	})
	t.Run("unreachable server", func(t *testing.T) {
		t.Parallel()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := ln.Addr().String()
		require.NoError(t, ln.Close())
		var attempts atomic.Int32
		count := func(ctx context.Context, method string, req, resp any, next Invoker, opts ...RequestOption) error {
			attempts.Add(1)
			return next(ctx, method, req, resp, opts...)
		}
		c := NewClient(addr, WithClientInterceptors(
			RetryInterceptor(RetryConfig{MaxAttempts: 2, Timeout: time.Second, Backoff: time.Millisecond}), count))
		err = c.Call(t.Context(), "Test.Echo", &echoReq{}, nil)
		assert.Equal(t, CodeUnavailable, CodeOf(err))
		assert.True(t, IsRetryable(err))
		assert.EqualValues(t, 2, attempts.Load())
	})
}

func TestTracingSpans(t *testing.T) {
	t.Parallel()
	exporter := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter))
	t.Cleanup(func() { assert.NoError(t, tp.Shutdown(context.Background())) })

	s := newTestServer(WithServerTracerProvider(tp))
	Register(s, "Test.Echo", func(ctx context.Context, req *echoReq) (*echoResp, error) {
		return &echoResp{Text: req.Text}, nil
	})
	Register(s, "Test.Fail", func(ctx context.Context, req *echoReq) (*echoResp, error) {
		return nil, Errorf(CodeRejected, "nope")
	})
	c := NewClient(startServer(t, s), WithClientInterceptors(TracingInterceptor(tp)))

	require.NoError(t, c.Call(t.Context(), "Test.Echo", &echoReq{Text: "x"}, &echoResp{}, WithRequestTimeout(12*time.Second)))
	require.Error(t, c.Call(t.Context(), "Test.Fail", &echoReq{}, nil))

	spans := exporter.GetSpans()
	byName := func(name string, kind trace.SpanKind) tracetest.SpanStub {
		t.Helper()
		for _, s := range spans {
			if s.Name == name && s.SpanKind == kind {
				return s
			}
		}
		t.Fatalf("no %s span %q in %d spans", kind, name, len(spans))
		return tracetest.SpanStub{}
	}
	require.Len(t, spans, 4)

	client := byName("Test.Echo", trace.SpanKindClient)
	server := byName("Test.Echo", trace.SpanKindServer)
	assert.Equal(t, client.SpanContext.TraceID(), server.SpanContext.TraceID(), "trace context crosses the wire")
	assert.Equal(t, client.SpanContext.SpanID(), server.Parent.SpanID())
	attrs := map[string]any{}
	for _, kv := range client.Attributes {
		attrs[string(kv.Key)] = kv.Value.AsInterface()
	}
	assert.Equal(t, "Test.Echo", attrs["rpc.method"])
	assert.EqualValues(t, 12000, attrs["rpc.request_timeout_ms"], "the caller's timeout reached the invoker")

	failed := byName("Test.Fail", trace.SpanKindClient)
	assert.Equal(t, "Error", failed.Status.Code.String())
	assert.Contains(t, failed.Status.Description, "nope")
	require.NotEmpty(t, failed.Events, "the error is recorded")
	assert.Equal(t, "Error", byName("Test.Fail", trace.SpanKindServer).Status.Code.String())
}

func TestCodeOf(t *testing.T) {
	t.Parallel()
	assert.Equal(t, Code(""), CodeOf(nil))
	assert.Equal(t, CodeDeadlineExceeded, CodeOf(context.DeadlineExceeded))
	assert.Equal(t, CodeCanceled, CodeOf(context.Canceled))
	assert.Equal(t, CodeUnknown, CodeOf(errors.New("boom")))
	wrapped := Errorf(CodeUnavailable, "dial: %w", context.Canceled)
	assert.Equal(t, CodeUnavailable, CodeOf(wrapped))
	assert.ErrorIs(t, wrapped, context.Canceled)
	assert.False(t, IsRetryable(wrapped), "a cancelled call is not retried")
}
