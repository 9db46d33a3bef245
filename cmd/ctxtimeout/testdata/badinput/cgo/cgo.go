// Package cgo uses cgo and caps a caller's deadline: it must be analysed
// like any other package.
package cgo

/*
static int twice(int x) { return 2 * x; }
*/
import "C"

import (
	"context"
	"time"
)

// Conn sends requests.
type Conn interface {
	Invoke(ctx context.Context, method string) error
}

// Twice doubles x in C.
func Twice(x int) int { return int(C.twice(C.int(x))) }

// Call caps the caller's deadline at a fixed 3s.
func Call(ctx context.Context, c Conn) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	return c.Invoke(ctx, "/svc/Call")
}
