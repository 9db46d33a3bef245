package sipnode_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ctxtimeout/dialer-example/callee"
	"github.com/ctxtimeout/dialer-example/rpc"
	"github.com/ctxtimeout/dialer-example/sipclient"
	"github.com/ctxtimeout/dialer-example/sipnode"
)

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// setup starts a callee with the given per-number behaviours and a SIP node.
func setup(t *testing.T, numbers map[string]callee.Behavior) (*sipnode.Node, *callee.Callee) {
	t.Helper()
	c, err := callee.Listen(callee.Config{Numbers: numbers, Default: callee.Behavior{Mode: callee.NoAnswer}, Logger: discard()})
	require.NoError(t, err)
	n, err := sipnode.Listen(sipnode.Config{Logger: discard()})
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		assert.NoError(t, n.Close(ctx))
		assert.NoError(t, c.Close())
	})
	return n, c
}

func dialReq(c *callee.Callee, number string, ringing time.Duration) *sipclient.DialRequest {
	return &sipclient.DialRequest{
		TrunkID: "ST_test", TrunkAddress: c.Addr(), Number: number,
		RoomName: "room", ParticipantIdentity: "id", RingingTimeout: ringing,
	}
}

func TestDialAnsweredThenHangupOnClose(t *testing.T) {
	t.Parallel()
	n, c := setup(t, map[string]callee.Behavior{"100": {Mode: callee.Answer, PickupDelay: 200 * time.Millisecond}})

	start := time.Now()
	resp, err := n.Dial(t.Context(), dialReq(c, "100", 10*time.Second))
	require.NoError(t, err)
	assert.NotEmpty(t, resp.SIPCallID)
	assert.GreaterOrEqual(t, time.Since(start), 200*time.Millisecond)
	assert.Equal(t, 1, n.ActiveCalls())

	require.NoError(t, n.Close(t.Context()))
	assert.Equal(t, 0, n.ActiveCalls())
	assert.Eventually(t, func() bool { return c.Stats().Hangups == 1 }, 10*time.Second, 10*time.Millisecond,
		"closing the node sends BYE to answered calls")
}

func TestDialRejections(t *testing.T) {
	t.Parallel()
	n, c := setup(t, map[string]callee.Behavior{
		"486": {Mode: callee.Busy},
		"603": {Mode: callee.Decline, PickupDelay: 100 * time.Millisecond},
	})
	for _, status := range []int{486, 603} {
		number := map[int]string{486: "486", 603: "603"}[status]
		_, err := n.Dial(t.Context(), dialReq(c, number, 5*time.Second))
		require.Error(t, err)
		assert.Equal(t, rpc.CodeRejected, rpc.CodeOf(err))
		assert.Equal(t, status, sipclient.SIPStatus(err))
	}
	assert.Zero(t, n.ActiveCalls())
}

func TestDialCancelsAtRingingTimeout(t *testing.T) {
	t.Parallel()
	n, c := setup(t, nil)

	start := time.Now()
	_, err := n.Dial(t.Context(), dialReq(c, "555", 700*time.Millisecond))
	elapsed := time.Since(start)
	require.Error(t, err)
	assert.Equal(t, rpc.CodeDeadlineExceeded, rpc.CodeOf(err))
	assert.Contains(t, err.Error(), "ringing timeout 700ms")
	assert.InDelta(t, 700*time.Millisecond, elapsed, float64(400*time.Millisecond))
	assert.Eventually(t, func() bool { return c.Stats().Canceled == 1 }, 10*time.Second, 10*time.Millisecond,
		"the callee saw CANCEL")
}

func TestDialCancelsAtCallerDeadline(t *testing.T) {
	t.Parallel()
	n, c := setup(t, nil)

	ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := n.Dial(ctx, dialReq(c, "555", 30*time.Second))
	require.Error(t, err)
	assert.Equal(t, rpc.CodeDeadlineExceeded, rpc.CodeOf(err), "the ringing timeout never extends the call's deadline")
	assert.Less(t, time.Since(start), 1500*time.Millisecond)
	assert.Eventually(t, func() bool { return c.Stats().Canceled == 1 }, 10*time.Second, 10*time.Millisecond)
}

func TestDialCallerCancels(t *testing.T) {
	t.Parallel()
	n, c := setup(t, nil)

	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(300*time.Millisecond, cancel)
	_, err := n.Dial(ctx, dialReq(c, "555", 30*time.Second))
	assert.Equal(t, rpc.CodeCanceled, rpc.CodeOf(err))
	assert.Eventually(t, func() bool { return c.Stats().Canceled == 1 }, 10*time.Second, 10*time.Millisecond)
}

func TestDialInvalidRequestSendsNothing(t *testing.T) {
	t.Parallel()
	n, c := setup(t, nil)
	for name, req := range map[string]*sipclient.DialRequest{
		"no number":        dialReq(c, "", time.Second),
		"no ringing":       dialReq(c, "555", 0),
		"negative ringing": dialReq(c, "555", -time.Second),
		"bad trunk":        {TrunkAddress: "nowhere", Number: "555", RingingTimeout: time.Second},
	} {
		_, err := n.Dial(t.Context(), req)
		assert.Equal(t, rpc.CodeInvalidArgument, rpc.CodeOf(err), name)
	}
	assert.Never(t, func() bool { return c.Stats().Invites > 0 }, 200*time.Millisecond, 20*time.Millisecond)
}

func TestDialOverRPC(t *testing.T) {
	t.Parallel()
	n, c := setup(t, map[string]callee.Behavior{"100": {Mode: callee.Answer}})
	srv := rpc.NewServer(rpc.WithServerLogger(discard()))
	n.Register(srv)
	ln := listen(t)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })

	client := sipclient.New(rpc.NewClient(ln.Addr().String()))
	resp, err := client.Dial(t.Context(), dialReq(c, "100", 5*time.Second), rpc.WithRequestTimeout(5*time.Second))
	require.NoError(t, err)
	assert.NotEmpty(t, resp.SIPCallID)
	assert.WithinDuration(t, time.Now(), resp.AnsweredAt, time.Second)
}
