// Package testsupport holds test fakes: a non-test file imports "testing",
// so the package is held to the rules of _test.go files. The fake client
// waits for a test's pushed response on its own context: no finding.
package testsupport

import (
	"context"
	"net/http"
	"time"
)

// DefaultRecvTimeout bounds the wait for a pushed response.
const DefaultRecvTimeout = 10 * time.Second

// Channel is a test channel with a context-aware receive.
type Channel interface {
	Receive(ctx context.Context) (any, error)
}

// FakeHTTPClient answers requests with responses a test pushes.
type FakeHTTPClient struct {
	Resp        Channel
	RecvTimeout time.Duration
}

// Do returns the next pushed response.
func (fc *FakeHTTPClient) Do(req *http.Request) (*http.Response, error) {
	timeout := fc.RecvTimeout
	if timeout == 0 {
		timeout = DefaultRecvTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	v, err := fc.Resp.Receive(ctx)
	if err != nil {
		return nil, err
	}
	return v.(*http.Response), nil
}
