// Package sipnode is the SIP node: it serves the SIP.Dial RPC by calling the
// callee over SIP (INVITE, provisional responses, 200 OK and ACK, or CANCEL
// when the ringing timeout or the call's context ends).
package sipnode

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"

	"github.com/ctxtimeout/dialer-example/internal/siputil"

	"github.com/ctxtimeout/dialer-example/rpc"
	"github.com/ctxtimeout/dialer-example/sipclient"
)

// hangupTimeout bounds a BYE sent when nobody waits for its result.
const hangupTimeout = 5 * time.Second

// Config configures a Node.
type Config struct {
	// ListenAddr is the UDP address for SIP; "127.0.0.1:0" when empty.
	ListenAddr string
	Logger     *slog.Logger
}

// Node places outbound SIP calls.
type Node struct {
	log     *slog.Logger
	conn    net.PacketConn
	host    string
	ua      *sipgo.UserAgent
	dialogs *sipgo.DialogClientCache
	served  chan error
	closing atomic.Bool

	mu    sync.Mutex
	calls map[string]*sipgo.DialogClientSession // answered calls by dialog ID
}

// Listen starts a SIP node on cfg.ListenAddr.
func Listen(cfg Config) (*Node, error) {
	if cfg.ListenAddr == "" {
		cfg.ListenAddr = "127.0.0.1:0"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	conn, err := net.ListenPacket("udp", cfg.ListenAddr)
	if err != nil {
		return nil, fmt.Errorf("sipnode: listen: %w", err)
	}
	laddr := conn.LocalAddr().String()
	host, port, err := siputil.SplitHostPort(laddr)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("sipnode: %w", err)
	}

	ua, err := sipgo.NewUA(
		sipgo.WithUserAgent("dialer"),
		sipgo.WithUserAgentHostname(host),
		sipgo.WithUserAgentTransportLayerOptions(sip.WithTransportLayerLogger(cfg.Logger)),
		sipgo.WithUserAgentTransactionLayerOptions(sip.WithTransactionLayerLogger(cfg.Logger)),
	)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("sipnode: %w", err)
	}
	srv, err := sipgo.NewServer(ua, sipgo.WithServerLogger(cfg.Logger))
	if err != nil {
		ua.Close()
		conn.Close()
		return nil, fmt.Errorf("sipnode: %w", err)
	}
	// Send from the listening socket so that responses and in-dialog
	// requests (BYE from the callee) come back to it.
	cli, err := sipgo.NewClient(ua, sipgo.WithClientLogger(cfg.Logger), sipgo.WithClientConnectionAddr(laddr))
	if err != nil {
		ua.Close()
		conn.Close()
		return nil, fmt.Errorf("sipnode: %w", err)
	}

	n := &Node{
		log:  cfg.Logger.With("component", "sipnode"),
		conn: conn,
		host: host,
		ua:   ua,
		dialogs: sipgo.NewDialogClientCache(cli, sip.ContactHeader{
			Address: sip.Uri{Scheme: "sip", User: "dialer", Host: host, Port: port},
		}),
		served: make(chan error, 1),
		calls:  make(map[string]*sipgo.DialogClientSession),
	}
	srv.OnBye(n.onBye)
	srv.OnAck(func(*sip.Request, sip.ServerTransaction) {})
	go func() { n.served <- srv.ServeUDP(conn) }()
	if err := siputil.WaitListening(ua.TransportLayer(), conn.LocalAddr().String()); err != nil {
		_ = ua.Close()
		conn.Close()
		<-n.served
		return nil, fmt.Errorf("sipnode: %w", err)
	}
	return n, nil
}

// Addr returns the host:port of the node's SIP socket.
func (n *Node) Addr() string { return n.conn.LocalAddr().String() }

// Register serves the node's RPC methods on s.
func (n *Node) Register(s *rpc.Server) {
	rpc.Register(s, sipclient.DialMethod, n.Dial)
}

// ActiveCalls returns the number of answered calls still up.
func (n *Node) ActiveCalls() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.calls)
}

// Dial calls req.Number through the trunk and waits until the callee
// answers. The phone rings for at most req.RingingTimeout, and never past
// the deadline of ctx, which the RPC server derived from the caller's expiry.
func (n *Node) Dial(ctx context.Context, req *sipclient.DialRequest) (*sipclient.DialResponse, error) {
	host, port, err := validate(req)
	if err != nil {
		return nil, err
	}
	log := n.log.With("number", req.Number, "trunk", req.TrunkID, "room", req.RoomName)
	if dl, ok := ctx.Deadline(); ok {
		log = log.With("budget", time.Until(dl).Round(time.Millisecond))
	}

	ctx, cancel := context.WithTimeout(ctx, req.RingingTimeout)
	defer cancel()

	invite := sip.NewRequest(sip.INVITE, sip.Uri{Scheme: "sip", User: req.Number, Host: host, Port: port})
	invite.SetBody(siputil.SDP("dialer", n.host, 4002))
	invite.AppendHeader(sip.NewHeader("Content-Type", "application/sdp"))
	invite.AppendHeader(sip.NewHeader("X-Room-Name", req.RoomName))
	invite.AppendHeader(sip.NewHeader("X-Participant-Identity", req.ParticipantIdentity))

	start := time.Now()
	sess, err := n.dialogs.WriteInvite(ctx, invite)
	if err != nil {
		return nil, rpc.Errorf(rpc.CodeUnavailable, "send INVITE to %s: %w", req.TrunkAddress, err)
	}
	log.Info("INVITE sent", "ringing_timeout", req.RingingTimeout)

	err = sess.WaitAnswer(ctx, sipgo.AnswerOptions{
		OnResponse: func(res *sip.Response) error {
			if res.IsProvisional() {
				log.Debug("provisional response", "status", res.StatusCode)
			}
			return nil
		},
	})
	if err != nil {
		sess.Close()
		err = dialError(ctx, req, err, time.Since(start))
		log.Info("call not answered", "error", err)
		return nil, err
	}
	if err := sess.Ack(ctx); err != nil {
		sess.Close()
		return nil, rpc.Errorf(rpc.CodeInternal, "ACK to %s: %w", req.Number, err)
	}
	if ctx.Err() != nil {
		// The 200 OK crossed the end of the caller's budget: nobody will use
		// this call, so hang up instead of leaving the callee on the line.
		n.hangUpInBackground(ctx, sess, log)
		return nil, dialError(ctx, req, ctx.Err(), time.Since(start))
	}

	n.mu.Lock()
	if n.closing.Load() {
		n.mu.Unlock()
		n.hangUpInBackground(ctx, sess, log)
		return nil, rpc.Errorf(rpc.CodeUnavailable, "SIP node is shutting down")
	}
	n.calls[sess.ID] = sess
	n.mu.Unlock()
	answered := time.Now()
	log.Info("call answered", "after", answered.Sub(start).Round(time.Millisecond))
	return &sipclient.DialResponse{SIPCallID: sess.InviteRequest.CallID().Value(), AnsweredAt: answered}, nil
}

// hangUpInBackground ends an answered call that nobody will use. The BYE
// outlives ctx, which has ended or is about to, so it runs detached and
// bounded by hangupTimeout.
func (n *Node) hangUpInBackground(ctx context.Context, sess *sipgo.DialogClientSession, log *slog.Logger) {
	go func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), hangupTimeout)
		defer cancel()
		if err := sess.Bye(ctx); err != nil {
			log.Warn("hang up abandoned call", "error", err)
		}
	}()
}

// Close hangs up answered calls and stops the node. When ctx has no
// deadline, the hang-ups are bounded by hangupTimeout. Calls after the first
// return nil.
func (n *Node) Close(ctx context.Context) error {
	if !n.closing.CompareAndSwap(false, true) {
		return nil
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, hangupTimeout)
		defer cancel()
	}
	n.mu.Lock()
	calls := n.calls
	n.calls = make(map[string]*sipgo.DialogClientSession)
	n.mu.Unlock()

	var errs []error
	for id, sess := range calls {
		if err := sess.Bye(ctx); err != nil {
			errs = append(errs, fmt.Errorf("hang up %s: %w", id, err))
		}
	}
	errs = append(errs, n.ua.Close())
	n.conn.Close()
	<-n.served
	return errors.Join(errs...)
}

func (n *Node) onBye(req *sip.Request, tx sip.ServerTransaction) {
	sess, err := n.dialogs.MatchRequestDialog(req)
	if err != nil {
		_ = tx.Respond(sip.NewResponseFromRequest(req, sip.StatusCallTransactionDoesNotExists, "Call Does Not Exist", nil))
		return
	}
	if err := sess.ReadBye(req, tx); err != nil {
		n.log.Warn("BYE", "error", err)
	}
	sess.Close()
	n.mu.Lock()
	delete(n.calls, sess.ID)
	n.mu.Unlock()
	n.log.Info("callee hung up", "call_id", req.CallID().Value())
}

// dialError turns the outcome of an unanswered INVITE into an RPC error.
func dialError(ctx context.Context, req *sipclient.DialRequest, err error, elapsed time.Duration) error {
	switch ctxErr := ctx.Err(); {
	case errors.Is(ctxErr, context.DeadlineExceeded):
		return rpc.Errorf(rpc.CodeDeadlineExceeded, "%s did not answer within %s (ringing timeout %s)",
			req.Number, elapsed.Round(10*time.Millisecond), req.RingingTimeout)
	case ctxErr != nil:
		return rpc.Errorf(rpc.CodeCanceled, "call to %s cancelled after %s: %w",
			req.Number, elapsed.Round(10*time.Millisecond), ctxErr)
	}
	var rejected *sipgo.ErrDialogResponse
	if errors.As(err, &rejected) {
		res := rejected.Res
		return rpc.Errorf(rpc.CodeRejected, "%s rejected the call: %d %s", req.Number, res.StatusCode, res.Reason).
			WithMeta(sipclient.MetaSIPStatus, strconv.Itoa(res.StatusCode)).
			WithMeta(sipclient.MetaSIPReason, res.Reason)
	}
	return rpc.Errorf(rpc.CodeInternal, "call to %s failed: %w", req.Number, err)
}

func validate(req *sipclient.DialRequest) (string, int, error) {
	switch {
	case req.Number == "":
		return "", 0, rpc.Errorf(rpc.CodeInvalidArgument, "number is required")
	case req.RingingTimeout <= 0:
		return "", 0, rpc.Errorf(rpc.CodeInvalidArgument, "ringing timeout must be positive, got %s", req.RingingTimeout)
	}
	host, port, err := siputil.SplitHostPort(req.TrunkAddress)
	if err != nil {
		return "", 0, rpc.Errorf(rpc.CodeInvalidArgument, "trunk %q address: %v", req.TrunkID, err)
	}
	return host, port, nil
}
