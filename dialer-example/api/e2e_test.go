//go:build !incident

package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ctxtimeout/dialer-example/callee"
)

// Expectations of the correct (default) build: the caller's ringing timeout
// is the budget of the whole call path.

func TestSyncPickupAfter5sIsAnswered(t *testing.T) {
	t.Parallel()
	st := startStack(t, withCallee(callee.Behavior{Mode: callee.Answer, PickupDelay: 5 * time.Second}))

	res := post(t, st, syncCall(st, "+15550200", "30s"))
	t.Logf("sync call, ringing_timeout 30s, pickup after 5s: HTTP %d after %s", res.status, res.elapsed.Round(time.Millisecond))

	require.Equal(t, http.StatusOK, res.status, "body: %s", res.body)
	assert.Equal(t, "answered", res.info(t).Status)
	assertElapsed(t, res.elapsed, 5*time.Second, 50*time.Millisecond, 1500*time.Millisecond)
	assert.Eventually(t, func() bool { return st.Callee.Stats().Answered == 1 }, 10*time.Second, 10*time.Millisecond)
	assert.Zero(t, st.Callee.Stats().Canceled)
}

func TestSyncNeverAnsweredTimesOutAtRingingTimeout(t *testing.T) {
	t.Parallel()
	st := startStack(t, withCallee(callee.Behavior{Mode: callee.NoAnswer}))

	res := post(t, st, syncCall(st, "+15550201", "4s"))
	t.Logf("sync call, ringing_timeout 4s, never answered: HTTP %d after %s", res.status, res.elapsed.Round(time.Millisecond))

	require.Equal(t, http.StatusRequestTimeout, res.status, "body: %s", res.body)
	e := res.error(t)
	assert.Equal(t, "no_answer", e.Code)
	assert.Contains(t, e.Message, "ringing_timeout 4s")
	assertElapsed(t, res.elapsed, 4*time.Second, 50*time.Millisecond, 1500*time.Millisecond)
	assert.Eventually(t, func() bool { return st.Callee.Stats().Canceled == 1 }, 3*time.Second, 20*time.Millisecond,
		"the SIP node cancels the ringing INVITE")
}
