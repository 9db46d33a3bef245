package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ctxtimeout/dialer-example/api"
	"github.com/ctxtimeout/dialer-example/callee"
	"github.com/ctxtimeout/dialer-example/internal/stack"
)

// startStack starts callee, SIP node and API on ephemeral loopback ports and
// shuts them down when the test ends.
func startStack(t *testing.T, cfg stack.Config) *stack.Stack {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = discardLogger()
	}
	st, err := stack.Start(cfg)
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		assert.NoError(t, st.Shutdown(ctx))
	})
	return st
}

// discardLogger keeps test output readable: components log a lot, and some
// of sipgo's goroutines log after a test has ended.
func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

func withCallee(b callee.Behavior) stack.Config {
	return stack.Config{Callee: callee.Config{Default: b}}
}

type result struct {
	status  int
	body    []byte
	elapsed time.Duration
}

func (r result) info(t *testing.T) api.SIPParticipantInfo {
	t.Helper()
	var info api.SIPParticipantInfo
	require.NoError(t, json.Unmarshal(r.body, &info), "body: %s", r.body)
	return info
}

func (r result) error(t *testing.T) api.ErrorResponse {
	t.Helper()
	var e api.ErrorResponse
	require.NoError(t, json.Unmarshal(r.body, &e), "body: %s", r.body)
	require.NotEmpty(t, e.Code, "body: %s", r.body)
	require.NotEmpty(t, e.Message, "body: %s", r.body)
	return e
}

// post sends body (marshalled unless it is a []byte) to CreateSIPParticipant.
func post(t *testing.T, st *stack.Stack, body any) result {
	t.Helper()
	data, ok := body.([]byte)
	if !ok {
		var err error
		data, err = json.Marshal(body)
		require.NoError(t, err)
	}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, st.APIURL+api.CreateSIPParticipantPath, bytes.NewReader(data))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return result{status: resp.StatusCode, body: raw, elapsed: time.Since(start)}
}

func syncCall(st *stack.Stack, number, ringing string) api.CreateSIPParticipantRequest {
	return api.CreateSIPParticipantRequest{
		SIPTrunkID:          st.TrunkID,
		SIPCallTo:           number,
		RoomName:            "support",
		ParticipantIdentity: "caller-" + number,
		WaitUntilAnswered:   true,
		RingingTimeout:      ringing,
	}
}

// assertElapsed checks that d is within [want-early, want+late].
func assertElapsed(t *testing.T, d, want, early, late time.Duration) {
	t.Helper()
	assert.GreaterOrEqual(t, d, want-early, "elapsed %s, want ≈%s", d, want)
	assert.LessOrEqual(t, d, want+late, "elapsed %s, want ≈%s", d, want)
}
