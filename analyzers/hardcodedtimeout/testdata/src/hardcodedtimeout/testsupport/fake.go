// Package testsupport is test support code: a non-test file imports
// "testing", so the package is held to the rules of _test.go files and
// its fixed timeouts (fakes waiting for a test's response) are not
// reported.
package testsupport

import (
	"context"
	"time"
)

// DefaultRecvTimeout bounds a fake's wait for a pushed response.
const DefaultRecvTimeout = 10 * time.Second

// Backend is what the fake stands in front of.
type Backend interface {
	Receive(ctx context.Context) (any, error)
}

// FakeClient answers with responses a test pushes to its backend.
type FakeClient struct {
	B Backend
}

// Do waits a fixed time for the response: no finding in test support.
func (f *FakeClient) Do(ctx context.Context) (any, error) {
	ctx, cancel := context.WithTimeout(ctx, DefaultRecvTimeout)
	defer cancel()
	return f.B.Receive(ctx)
}
