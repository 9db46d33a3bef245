// Package netclient: fixed client, dialer and connection timeouts used
// for a caller's request.
package netclient

import (
	"context"
	"net"
	"net/http"
	"time"
)

const fetchTimeout = 5 * time.Second

func Fetch(ctx context.Context, url string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	client := &http.Client{Timeout: fetchTimeout} // want `^caller's deadline may be capped by fixed 5s \(fetchTimeout, netclient/netclient.go:12\) via http.Client.Timeout in Fetch: rely on the caller's context deadline, set it only when the caller set none, or let the caller configure it$`
	return client.Do(req)
}

func Proxy(ctx context.Context, url string) error {
	resp, err := (&http.Client{Timeout: 2 * time.Second}).Get(url) // want `fixed 2s via http.Client.Timeout in Proxy`
	if err == nil {
		resp.Body.Close()
	}
	return err
}

// ProxyHandler is an HTTP server handler: it sets the first budget.
func ProxyHandler(w http.ResponseWriter, r *http.Request) {
	resp, err := (&http.Client{Timeout: 2 * time.Second}).Get("http://backend/")
	if err == nil {
		resp.Body.Close()
	}
}

func Connect(ctx context.Context, addr string) (net.Conn, error) {
	d := net.Dialer{Timeout: time.Second} // want `^caller's deadline may be capped by fixed 1s via net.Dialer.Timeout in Connect: rely on the caller's context deadline, set it only when the caller set none, or let the caller configure it$`
	return d.DialContext(ctx, "tcp", addr)
}

func Exchange(ctx context.Context, conn net.Conn, msg []byte) error {
	if err := conn.SetDeadline(time.Now().Add(10 * time.Second)); err != nil { // want `^caller's deadline may be capped by fixed 10s via conn.SetDeadline in Exchange: use the caller's deadline \(ctx.Deadline\(\)\) when set, or let the caller configure it$`
		return err
	}
	_, err := conn.Write(msg)
	return err
}

func ExchangeTCP(ctx context.Context, conn *net.TCPConn, msg []byte) error {
	_ = conn.SetWriteDeadline(time.Now().Add(fetchTimeout)) // want `fixed 5s \(fetchTimeout, netclient/netclient.go:12\) via conn.SetWriteDeadline in ExchangeTCP`
	_, err := conn.Write(msg)
	return err
}

// Client is built once by NewClient, outside any request, but its 30s
// Timeout bounds every request Get sends for its callers: a caller's 60s
// deadline becomes 30s.
type Client struct {
	http *http.Client
}

func NewClient() *Client {
	return &Client{http: &http.Client{Timeout: 30 * time.Second}} // want `^caller's deadline may be capped by fixed 30s via http\.Client\.Timeout of the client in field http, used by \(\*Client\)\.Get in NewClient: `
}

func (c *Client) Get(ctx context.Context, url string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	return c.http.Do(req)
}

// Options configure an APIClient.
type Options struct{ Timeout time.Duration }

// Option sets an option.
type Option func(*Options)

// WithTimeout sets the client's timeout.
func WithTimeout(d time.Duration) Option { return func(o *Options) { o.Timeout = d } }

// APIClient's timeout is 2s unless its builder configures another.
type APIClient struct {
	hc *http.Client
}

// NewAPIClient applies its options over a 2s default.
func NewAPIClient(opts ...Option) *APIClient {
	o := Options{Timeout: 2 * time.Second}
	for _, opt := range opts {
		opt(&o)
	}
	return &APIClient{hc: &http.Client{Timeout: o.Timeout}} // want `^caller's deadline may be capped by o\.Timeout \(default 2s, netclient/netclient\.go:\d+\) via http\.Client\.Timeout of the client in field hc, used by \(\*APIClient\)\.Invoke in NewAPIClient: `
}

// Invoke sends the caller's request through the client.
func (c *APIClient) Invoke(ctx context.Context, req *http.Request) (*http.Response, error) {
	return c.hc.Do(req.WithContext(ctx))
}

// Negative neighbours.

// UserClient's timeout is whatever its builder passes: no default here,
// the user chose the cap. No finding.
type UserClient struct {
	hc *http.Client
}

func NewUserClient(timeout time.Duration) *UserClient {
	return &UserClient{hc: &http.Client{Timeout: timeout}}
}

func (c *UserClient) Invoke(ctx context.Context, req *http.Request) (*http.Response, error) {
	return c.hc.Do(req.WithContext(ctx))
}

// Pinger's client is used only by a method that takes no context: no
// caller deadline to cap. No finding.
type Pinger struct {
	hc *http.Client
}

func NewPinger() *Pinger {
	return &Pinger{hc: &http.Client{Timeout: 5 * time.Second}}
}

func (p *Pinger) Ping(url string) error {
	resp, err := p.hc.Get(url)
	if err == nil {
		resp.Body.Close()
	}
	return err
}

func ExchangeGuarded(ctx context.Context, conn net.Conn, msg []byte) error {
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	} else {
		_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	}
	_, err := conn.Write(msg)
	return err
}

// ReadLoop refreshes a keepalive read deadline: not a request budget.
func ReadLoop(ctx context.Context, conn net.Conn, pongWait time.Duration) error {
	buf := make([]byte, 512)
	for {
		_ = conn.SetReadDeadline(time.Now().Add(60 * time.Second))
		if _, err := conn.Read(buf); err != nil {
			return err
		}
	}
}

func ConfiguredDialer(ctx context.Context, addr string, timeout time.Duration) (net.Conn, error) {
	d := net.Dialer{Timeout: timeout}
	return d.DialContext(ctx, "tcp", addr)
}

// DialerFor returns a dialer to its caller.
func DialerFor(ctx context.Context) *net.Dialer {
	return &net.Dialer{Timeout: time.Second}
}
