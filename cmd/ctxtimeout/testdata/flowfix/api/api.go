// Package api receives the user's ringing timeout.
package api

import (
	"context"
	"time"

	"example.com/flowfix/client"
	"example.com/flowfix/mid"
)

// DefaultRingingTimeout is the API's default.
const DefaultRingingTimeout = 30 * time.Second

// Request is what a user sends.
type Request struct {
	RingingTimeout time.Duration
}

// Dial passes the user's timeout as a request option; mid replaces it.
func Dial(ctx context.Context, req *Request) error {
	t := DefaultRingingTimeout
	if req.RingingTimeout > 0 {
		t = req.RingingTimeout
	}
	return mid.Call(ctx, client.WithTimeout(t))
}
