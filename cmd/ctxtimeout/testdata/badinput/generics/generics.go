// Package generics caps a caller's deadline inside generic code: it must
// be analysed like any other package.
package generics

import (
	"context"
	"time"
)

// Conn sends requests.
type Conn[Req, Resp any] interface {
	Invoke(ctx context.Context, req Req) (Resp, error)
}

// Client wraps a Conn.
type Client[Req, Resp any] struct {
	conn Conn[Req, Resp]
}

// Call caps the caller's deadline at a fixed 3s.
func (c *Client[Req, Resp]) Call(ctx context.Context, req Req) (Resp, error) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	return c.conn.Invoke(ctx, req)
}

// Map applies f to every element.
func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}
