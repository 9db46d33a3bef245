package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ctxtimeout/dialer-example/api"
	"github.com/ctxtimeout/dialer-example/callee"
)

// Expectations that hold in both builds: calls answered within 3s, async
// calls, rejections and bad input never reach the incident's 3s cut.

func TestAsyncReturnsAtOnceAndDialsInBackground(t *testing.T) {
	t.Parallel()
	st := startStack(t, withCallee(callee.Behavior{Mode: callee.Answer, PickupDelay: 500 * time.Millisecond}))

	req := syncCall(st, "+15550100", "30s")
	req.WaitUntilAnswered = false
	res := post(t, st, req)

	require.Equal(t, http.StatusOK, res.status, "body: %s", res.body)
	assert.Less(t, res.elapsed, 400*time.Millisecond, "async mode must not wait for the callee")
	info := res.info(t)
	assert.Equal(t, "dialing", info.Status)
	assert.Equal(t, "caller-+15550100", info.ParticipantIdentity)
	assert.NotEmpty(t, info.ParticipantID)
	assert.Eventually(t, func() bool { return st.Callee.Stats().Answered == 1 }, 5*time.Second, 20*time.Millisecond,
		"the background call is answered after the response")
}

func TestSyncAnsweredQuickly(t *testing.T) {
	t.Parallel()
	st := startStack(t, withCallee(callee.Behavior{Mode: callee.Answer, PickupDelay: 300 * time.Millisecond}))

	res := post(t, st, syncCall(st, "+15550101", ""))

	require.Equal(t, http.StatusOK, res.status, "body: %s", res.body)
	info := res.info(t)
	assert.Equal(t, "answered", info.Status)
	assert.NotEmpty(t, info.SIPCallID)
	assertElapsed(t, res.elapsed, 300*time.Millisecond, 50*time.Millisecond, time.Second)
	assert.Equal(t, 1, st.Node.ActiveCalls())
}

func TestRejectedCallsAreMapped(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		mode      callee.Mode
		code      string
		sipStatus int
	}{
		{"busy", callee.Busy, "busy", 486},
		{"declined", callee.Decline, "declined", 603},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			st := startStack(t, withCallee(callee.Behavior{Mode: tc.mode, PickupDelay: 200 * time.Millisecond}))

			res := post(t, st, syncCall(st, "+15550102", "30s"))

			require.Equal(t, http.StatusConflict, res.status, "body: %s", res.body)
			e := res.error(t)
			assert.Equal(t, tc.code, e.Code)
			assert.Equal(t, tc.sipStatus, e.SIPStatus)
			assert.Contains(t, e.Message, "rejected the call")
			assert.Less(t, res.elapsed, 2*time.Second)
			assert.EqualValues(t, 1, st.Callee.Stats().Rejected)
		})
	}
}

func TestBadInputDialsNothing(t *testing.T) {
	t.Parallel()
	st := startStack(t, withCallee(callee.Behavior{Mode: callee.Answer}))
	valid := func() api.CreateSIPParticipantRequest { return syncCall(st, "+15550103", "30s") }

	cases := []struct {
		name   string
		body   any
		status int
		code   string
		msg    string
	}{
		{"malformed JSON", []byte(`{"sip_call_to": "+1555`), http.StatusBadRequest, "invalid_request", "invalid JSON"},
		{"not an object", []byte(`[1, 2]`), http.StatusBadRequest, "invalid_request", "invalid JSON"},
		{"ringing timeout as number", []byte(`{"sip_trunk_id":"` + st.TrunkID + `","sip_call_to":"+15550103","room_name":"r","ringing_timeout":30}`),
			http.StatusBadRequest, "invalid_request", "invalid JSON"},
		{"missing number", func() any { r := valid(); r.SIPCallTo = ""; return r }(), http.StatusBadRequest, "invalid_request", "sip_call_to is required"},
		{"not a number", func() any { r := valid(); r.SIPCallTo = "alice"; return r }(), http.StatusBadRequest, "invalid_request", "not a phone number"},
		{"missing room", func() any { r := valid(); r.RoomName = ""; return r }(), http.StatusBadRequest, "invalid_request", "room_name is required"},
		{"missing trunk", func() any { r := valid(); r.SIPTrunkID = ""; return r }(), http.StatusBadRequest, "invalid_request", "sip_trunk_id is required"},
		{"zero ringing timeout", func() any { r := valid(); r.RingingTimeout = "0s"; return r }(), http.StatusBadRequest, "invalid_request", "out of range"},
		{"negative ringing timeout", func() any { r := valid(); r.RingingTimeout = "-5s"; return r }(), http.StatusBadRequest, "invalid_request", "out of range"},
		{"absurd ringing timeout", func() any { r := valid(); r.RingingTimeout = "1000h"; return r }(), http.StatusBadRequest, "invalid_request", "out of range"},
		{"unparsable ringing timeout", func() any { r := valid(); r.RingingTimeout = "soon"; return r }(), http.StatusBadRequest, "invalid_request", "not a duration"},
		{"async with bad timeout", func() any { r := valid(); r.WaitUntilAnswered = false; r.RingingTimeout = "-1s"; return r }(), http.StatusBadRequest, "invalid_request", "out of range"},
		{"unknown trunk", func() any { r := valid(); r.SIPTrunkID = "ST_nope"; return r }(), http.StatusNotFound, "unknown_trunk", "ST_nope"},
		{"unknown trunk async", func() any { r := valid(); r.SIPTrunkID = "ST_nope"; r.WaitUntilAnswered = false; return r }(), http.StatusNotFound, "unknown_trunk", "ST_nope"},
	}
	t.Run("cases", func(t *testing.T) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				res := post(t, st, tc.body)
				assert.Equal(t, tc.status, res.status, "body: %s", res.body)
				e := res.error(t)
				assert.Equal(t, tc.code, e.Code)
				assert.Contains(t, e.Message, tc.msg)
			})
		}
	})
	assert.Never(t, func() bool { return st.Callee.Stats().Invites > 0 }, 300*time.Millisecond, 20*time.Millisecond,
		"bad input must not dial")
	assert.Zero(t, st.Callee.Stats().Invites)
}
