// Package e2e drives end-to-end tests: its fault injector client is
// called only from the package's _test.go files, so a fixed timeout in it
// caps no caller of a product API (netclient.NewClient is the same shape
// in product code, and is reported). No finding.
package e2e

import (
	"context"
	"net/http"
	"time"
)

// FaultInjector controls the test infrastructure.
type FaultInjector struct {
	hc *http.Client
}

// NewFaultInjector builds the client with a fixed 30s timeout.
func NewFaultInjector() *FaultInjector {
	return &FaultInjector{hc: &http.Client{Timeout: 30 * time.Second}}
}

// Trigger asks the injector for a fault.
func (f *FaultInjector) Trigger(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
	if err != nil {
		return err
	}
	resp, err := f.hc.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
