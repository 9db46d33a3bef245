package rpc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// DefaultClientTimeout is the timeout of a call that sets none with
// WithRequestTimeout.
const DefaultClientTimeout = 3 * time.Second

// ClientOption configures a Client.
type ClientOption func(*clientConfig)

type clientConfig struct {
	timeout      time.Duration
	interceptors []ClientInterceptor
	httpClient   *http.Client
}

// WithDefaultRequestTimeout replaces DefaultClientTimeout for calls that set
// no timeout of their own.
func WithDefaultRequestTimeout(d time.Duration) ClientOption {
	return func(c *clientConfig) {
		c.timeout = d
	}
}

// WithHTTPClient sets the HTTP client used as the transport. Its Timeout
// should be zero: call deadlines come from the request options.
func WithHTTPClient(hc *http.Client) ClientOption {
	return func(c *clientConfig) {
		c.httpClient = hc
	}
}

// Client calls methods on a Server.
type Client struct {
	baseURL  string
	cfg      clientConfig
	invoker  Invoker
	defaults RequestOptions
}

// NewClient returns a client for the server listening on addr (host:port).
func NewClient(addr string, opts ...ClientOption) *Client {
	cfg := clientConfig{
		timeout:    DefaultClientTimeout,
		httpClient: &http.Client{},
	}
	for _, opt := range opts {
		opt(&cfg)
	}
	c := &Client{
		baseURL:  "http://" + addr + pathPrefix,
		cfg:      cfg,
		defaults: RequestOptions{Timeout: cfg.timeout},
	}
	c.invoker = chainInterceptors(cfg.interceptors, c.invoke)
	return c
}

// Call invokes method with req and decodes the result into resp. It runs the
// client's interceptors, outermost first.
func (c *Client) Call(ctx context.Context, method string, req, resp any, opts ...RequestOption) error {
	return c.invoker(ctx, method, req, resp, opts...)
}

// invoke is the innermost invoker: it resolves the request options, bounds
// the call by the resolved timeout and sends the resulting expiry on the
// wire.
func (c *Client) invoke(ctx context.Context, method string, req, resp any, opts ...RequestOption) error {
	o := resolveRequestOptions(c.defaults, opts)
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	expiry, _ := ctx.Deadline()

	span := trace.SpanFromContext(ctx)
	span.SetAttributes(
		attribute.Int64("rpc.request_timeout_ms", o.Timeout.Milliseconds()),
		attribute.Int64("rpc.budget_ms", time.Until(expiry).Milliseconds()),
	)

	body, err := json.Marshal(req)
	if err != nil {
		return Errorf(CodeInvalidArgument, "%s: encode request: %w", method, err)
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, c.baseURL+method, bytes.NewReader(body))
	if err != nil {
		return Errorf(CodeInternal, "%s: %w", method, err)
	}
	hreq.Header.Set("Content-Type", "application/json")
	hreq.Header.Set(headerExpiry, strconv.FormatInt(expiry.UnixNano(), 10))
	propagator.Inject(ctx, propagation.HeaderCarrier(hreq.Header))

	hresp, err := c.cfg.httpClient.Do(hreq)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return Errorf(CodeOf(ctxErr), "%s: %w (request timeout %s)", method, ctxErr, o.Timeout)
		}
		return Errorf(CodeUnavailable, "%s: %w", method, err)
	}
	defer hresp.Body.Close()

	data, err := io.ReadAll(io.LimitReader(hresp.Body, maxBodyBytes))
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return Errorf(CodeOf(ctxErr), "%s: %w (request timeout %s)", method, ctxErr, o.Timeout)
		}
		return Errorf(CodeUnavailable, "%s: read response: %w", method, err)
	}
	if hresp.StatusCode != http.StatusOK {
		return decodeError(method, hresp.StatusCode, data)
	}
	if resp == nil {
		return nil
	}
	if err := json.Unmarshal(data, resp); err != nil {
		return Errorf(CodeInternal, "%s: decode response: %w", method, err)
	}
	return nil
}

func decodeError(method string, status int, data []byte) error {
	var re Error
	if err := json.Unmarshal(data, &re); err != nil || re.Code == "" {
		code := CodeInternal
		if status == http.StatusServiceUnavailable || status == http.StatusBadGateway {
			code = CodeUnavailable
		}
		return Errorf(code, "%s: HTTP %d: %s", method, status, bytes.TrimSpace(data))
	}
	if re.Code == CodeDeadlineExceeded {
		re.cause = context.DeadlineExceeded
	}
	return &re
}

// IsRetryable reports whether a failed call may be sent again: the server
// was not reached or asked to be retried later.
func IsRetryable(err error) bool {
	return CodeOf(err) == CodeUnavailable && !errors.Is(err, context.Canceled)
}
