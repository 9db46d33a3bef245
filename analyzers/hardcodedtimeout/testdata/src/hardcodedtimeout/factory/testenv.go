package factory

import (
	"context"
	"testing"
	"time"
)

// TestEnv is a test environment shipped beside the client, as the
// temporal SDK ships its workflow test suite: this file imports testing,
// so it is test support and its bounds are not reported; the rest of the
// package is analysed (the factory's bound is).
type TestEnv struct {
	T   testing.TB
	svc Service
}

// Describe caps the fake's calls at 1s.
func (e *TestEnv) Describe(ctx context.Context, id string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	resp, err := e.svc.DescribeExecution(ctx, &Request{ID: id})
	if err != nil {
		return "", err
	}
	return resp.Status, nil
}
