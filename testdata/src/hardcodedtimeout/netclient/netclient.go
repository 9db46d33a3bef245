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
	client := &http.Client{Timeout: fetchTimeout} // want `^caller's deadline is capped by fixed 5s \(fetchTimeout, netclient/netclient.go:12\) via http.Client.Timeout in Fetch: rely on the caller's context deadline, set it only when the caller set none, or let the caller configure it$`
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
	d := net.Dialer{Timeout: time.Second} // want `^caller's deadline is capped by fixed 1s via net.Dialer.Timeout in Connect: rely on the caller's context deadline, set it only when the caller set none, or let the caller configure it$`
	return d.DialContext(ctx, "tcp", addr)
}

func Exchange(ctx context.Context, conn net.Conn, msg []byte) error {
	if err := conn.SetDeadline(time.Now().Add(10 * time.Second)); err != nil { // want `^caller's deadline is capped by fixed 10s via conn.SetDeadline in Exchange: use the caller's deadline \(ctx.Deadline\(\)\) when set, or let the caller configure it$`
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

// Negative neighbours.

// Client is built once, outside any request.
type Client struct {
	http *http.Client
}

func NewClient() *Client {
	return &Client{http: &http.Client{Timeout: 30 * time.Second}}
}

func (c *Client) Get(ctx context.Context, url string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	return c.http.Do(req)
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
