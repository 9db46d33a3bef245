//go:build incident

package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ctxtimeout/dialer-example/callee"
	"github.com/ctxtimeout/dialer-example/rpc"
)

// Expectations of the incident build (-tags incident): the retry interceptor
// appends its 3s timeout after the caller's options, so every sync call is
// cut at 3s whatever ringing_timeout the user chose.

func TestIncidentPickupAfter5sTimesOutAt3s(t *testing.T) {
	t.Parallel()
	st := startStack(t, withCallee(callee.Behavior{Mode: callee.Answer, PickupDelay: 5 * time.Second}))

	res := post(t, st, syncCall(st, "+15550300", "30s"))
	t.Logf("INCIDENT: sync call, ringing_timeout 30s, pickup after 5s: HTTP %d after %s: %s",
		res.status, res.elapsed.Round(time.Millisecond), res.body)

	require.Equal(t, http.StatusRequestTimeout, res.status, "body: %s", res.body)
	e := res.error(t)
	assert.Equal(t, "no_answer", e.Code)
	assert.Contains(t, e.Message, "ringing_timeout 30s")
	assertElapsed(t, res.elapsed, rpc.DefaultRetryConfig.Timeout, 50*time.Millisecond, 1500*time.Millisecond)
	assert.Eventually(t, func() bool { return st.Callee.Stats().Canceled == 1 }, 3*time.Second, 20*time.Millisecond,
		"the SIP node cancels the ringing phone at the 3s wire expiry")
	assert.Zero(t, st.Callee.Stats().Answered)
}

func TestIncidentPickupAfter1sIsAnswered(t *testing.T) {
	t.Parallel()
	st := startStack(t, withCallee(callee.Behavior{Mode: callee.Answer, PickupDelay: time.Second}))

	res := post(t, st, syncCall(st, "+15550301", "30s"))
	t.Logf("INCIDENT: sync call, ringing_timeout 30s, pickup after 1s: HTTP %d after %s",
		res.status, res.elapsed.Round(time.Millisecond))

	require.Equal(t, http.StatusOK, res.status, "a quick-answer bot never sees the incident; body: %s", res.body)
	assertElapsed(t, res.elapsed, time.Second, 50*time.Millisecond, 1500*time.Millisecond)
}

func TestIncidentAsyncStillReturns200(t *testing.T) {
	t.Parallel()
	st := startStack(t, withCallee(callee.Behavior{Mode: callee.Answer, PickupDelay: 5 * time.Second}))

	req := syncCall(st, "+15550302", "30s")
	req.WaitUntilAnswered = false
	res := post(t, st, req)
	t.Logf("INCIDENT: async call: HTTP %d after %s", res.status, res.elapsed.Round(time.Millisecond))

	require.Equal(t, http.StatusOK, res.status, "body: %s", res.body)
	assert.Less(t, res.elapsed, 400*time.Millisecond)
	// The background call is cut at 3s as well, invisibly to the API's caller.
	assert.Eventually(t, func() bool { return st.Callee.Stats().Canceled == 1 }, 6*time.Second, 20*time.Millisecond)
}
