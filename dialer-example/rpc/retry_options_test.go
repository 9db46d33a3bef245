//go:build !incident

package rpc

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/trace/noop"
)

func TestAttemptOptionsCallerWins(t *testing.T) {
	t.Parallel()
	cfg := DefaultRetryConfig
	caller := []RequestOption{WithRequestTimeout(30 * time.Second)}

	got := resolveRequestOptions(RequestOptions{Timeout: DefaultClientTimeout}, attemptOptions(cfg, caller))
	assert.Equal(t, 30*time.Second, got.Timeout, "the caller's timeout wins over the retry default")

	got = resolveRequestOptions(RequestOptions{Timeout: time.Hour}, attemptOptions(cfg, nil))
	assert.Equal(t, cfg.Timeout, got.Timeout, "the retry timeout applies when the caller set none")

	withCap := make([]RequestOption, 1, 8)
	withCap[0] = WithRequestTimeout(time.Minute)
	_ = attemptOptions(cfg, withCap)
	assert.Nil(t, withCap[:2][1], "attemptOptions must not write into the caller's spare capacity")
}

func TestSharedClientParamsKeepCallerBudget(t *testing.T) {
	t.Parallel()
	addr := echoServer(t)
	c := NewClient(addr, SharedClientParams(noop.NewTracerProvider())...)
	var resp echoResp
	start := time.Now()
	require.NoError(t, c.Call(t.Context(), "Test.Echo", &echoReq{}, &resp, WithRequestTimeout(30*time.Second)))
	assert.WithinDuration(t, start.Add(30*time.Second), resp.Deadline, 200*time.Millisecond)
}
