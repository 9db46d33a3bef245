//go:build incident

package rpc

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/trace/noop"
)

func TestIncidentAttemptOptionsReplaceCallerTimeout(t *testing.T) {
	t.Parallel()
	cfg := DefaultRetryConfig
	caller := []RequestOption{WithRequestTimeout(30 * time.Second)}

	got := resolveRequestOptions(RequestOptions{Timeout: DefaultClientTimeout}, attemptOptions(cfg, caller))
	assert.Equal(t, cfg.Timeout, got.Timeout, "the incident: the retry timeout is applied last and wins")
}

func TestIncidentSharedClientParamsReplaceCallerBudget(t *testing.T) {
	t.Parallel()
	addr := echoServer(t)
	c := NewClient(addr, SharedClientParams(noop.NewTracerProvider())...)
	var resp echoResp
	start := time.Now()
	require.NoError(t, c.Call(t.Context(), "Test.Echo", &echoReq{}, &resp, WithRequestTimeout(30*time.Second)))
	assert.WithinDuration(t, start.Add(DefaultRetryConfig.Timeout), resp.Deadline, 200*time.Millisecond,
		"the server sees a 3s expiry although the caller asked for 30s")
}
