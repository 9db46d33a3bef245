// Package callee is a SIP user agent server that plays the phone being
// called: it rings, then answers, rejects, or keeps ringing, as configured per
// dialed number.
package callee

import (
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"

	"github.com/ctxtimeout/dialer-example/internal/siputil"
)

// Mode is what the callee does after it starts ringing.
type Mode int

// Modes.
const (
	// Answer picks up after Behavior.PickupDelay.
	Answer Mode = iota
	// Busy rejects with 486 Busy Here.
	Busy
	// Decline rejects with 603 Decline.
	Decline
	// NoAnswer rings until the caller cancels.
	NoAnswer
)

func (m Mode) String() string {
	switch m {
	case Answer:
		return "answer"
	case Busy:
		return "busy"
	case Decline:
		return "decline"
	case NoAnswer:
		return "no-answer"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// statusDecline is SIP 603 Decline (RFC 3261 21.6.2).
const statusDecline = 603

// Behavior is how the callee treats a call.
type Behavior struct {
	Mode Mode
	// PickupDelay is how long the phone rings before it is answered (Answer)
	// or rejected (Busy, Decline).
	PickupDelay time.Duration
}

// Config configures a Callee.
type Config struct {
	// ListenAddr is the UDP address to listen on; "127.0.0.1:0" when empty.
	ListenAddr string
	// Default applies to numbers without an entry in Numbers.
	Default Behavior
	// Numbers overrides Default per dialed number (the user part of the
	// request URI).
	Numbers map[string]Behavior
	Logger  *slog.Logger
}

// Stats counts what the callee saw.
type Stats struct {
	Invites  int64 // INVITEs received
	Answered int64 // calls picked up (answered with 200 OK)
	Rejected int64 // calls rejected with a final error response
	Canceled int64 // calls the caller cancelled while ringing
	Hangups  int64 // answered calls ended by the caller's BYE
}

// Callee is a running SIP UAS.
type Callee struct {
	cfg     Config
	log     *slog.Logger
	conn    net.PacketConn
	host    string
	ua      *sipgo.UserAgent
	dialogs *sipgo.DialogServerCache
	closed  chan struct{}
	once    sync.Once
	served  chan error

	invites, answered, rejected, canceled, hangups atomic.Int64
}

// Listen starts a callee on cfg.ListenAddr.
func Listen(cfg Config) (*Callee, error) {
	if cfg.ListenAddr == "" {
		cfg.ListenAddr = "127.0.0.1:0"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	conn, err := net.ListenPacket("udp", cfg.ListenAddr)
	if err != nil {
		return nil, fmt.Errorf("callee: listen: %w", err)
	}
	host, port, err := siputil.SplitHostPort(conn.LocalAddr().String())
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("callee: %w", err)
	}

	ua, err := sipgo.NewUA(
		sipgo.WithUserAgent("callee"),
		sipgo.WithUserAgentHostname(host),
		sipgo.WithUserAgentTransportLayerOptions(sip.WithTransportLayerLogger(cfg.Logger)),
		sipgo.WithUserAgentTransactionLayerOptions(sip.WithTransactionLayerLogger(cfg.Logger)),
	)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("callee: %w", err)
	}
	srv, err := sipgo.NewServer(ua, sipgo.WithServerLogger(cfg.Logger))
	if err != nil {
		ua.Close()
		conn.Close()
		return nil, fmt.Errorf("callee: %w", err)
	}
	cli, err := sipgo.NewClient(ua, sipgo.WithClientLogger(cfg.Logger), sipgo.WithClientConnectionAddr(conn.LocalAddr().String()))
	if err != nil {
		ua.Close()
		conn.Close()
		return nil, fmt.Errorf("callee: %w", err)
	}

	c := &Callee{
		cfg:  cfg,
		log:  cfg.Logger.With("component", "callee"),
		conn: conn,
		host: host,
		ua:   ua,
		dialogs: sipgo.NewDialogServerCache(cli, sip.ContactHeader{
			Address: sip.Uri{Scheme: "sip", User: "callee", Host: host, Port: port},
		}),
		closed: make(chan struct{}),
		served: make(chan error, 1),
	}
	srv.OnInvite(c.onInvite)
	srv.OnAck(c.onAck)
	srv.OnBye(c.onBye)
	go func() { c.served <- srv.ServeUDP(conn) }()
	if err := siputil.WaitListening(ua.TransportLayer(), conn.LocalAddr().String()); err != nil {
		_ = ua.Close()
		conn.Close()
		<-c.served
		return nil, fmt.Errorf("callee: %w", err)
	}
	return c, nil
}

// Addr returns the host:port the callee listens on.
func (c *Callee) Addr() string { return c.conn.LocalAddr().String() }

// Stats returns what the callee has seen so far.
func (c *Callee) Stats() Stats {
	return Stats{
		Invites:  c.invites.Load(),
		Answered: c.answered.Load(),
		Rejected: c.rejected.Load(),
		Canceled: c.canceled.Load(),
		Hangups:  c.hangups.Load(),
	}
}

// Close stops the callee; ringing calls stop ringing. Calls after the first
// return nil.
func (c *Callee) Close() error {
	var err error
	c.once.Do(func() {
		close(c.closed)
		err = c.ua.Close()
		c.conn.Close()
		<-c.served
	})
	return err
}

func (c *Callee) behavior(number string) Behavior {
	if b, ok := c.cfg.Numbers[number]; ok {
		return b
	}
	return c.cfg.Default
}

func (c *Callee) onInvite(req *sip.Request, tx sip.ServerTransaction) {
	c.invites.Add(1)
	number := req.Recipient.User
	log := c.log.With("number", number, "call_id", callID(req))

	dlg, err := c.dialogs.ReadInvite(req, tx)
	if err != nil {
		log.Warn("bad INVITE", "error", err)
		_ = tx.Respond(sip.NewResponseFromRequest(req, sip.StatusBadRequest, err.Error(), nil))
		return
	}
	defer dlg.Close()

	if err := dlg.Respond(sip.StatusTrying, "Trying", nil); err != nil {
		log.Warn("respond 100", "error", err)
		return
	}
	if err := dlg.Respond(sip.StatusRinging, "Ringing", nil); err != nil {
		log.Warn("respond 180", "error", err)
		return
	}
	b := c.behavior(number)
	log.Info("ringing", "mode", b.Mode, "pickup_delay", b.PickupDelay)

	var pickup <-chan time.Time
	if b.Mode != NoAnswer {
		t := time.NewTimer(b.PickupDelay)
		defer t.Stop()
		pickup = t.C
	}
	select {
	case <-dlg.Context().Done():
		c.canceled.Add(1)
		log.Info("caller cancelled while ringing")
		return
	case <-c.closed:
		_ = dlg.Respond(sip.StatusTemporarilyUnavailable, "Shutting Down", nil)
		return
	case <-pickup:
	}

	switch b.Mode {
	case Busy:
		c.rejected.Add(1)
		_ = dlg.Respond(sip.StatusBusyHere, "Busy Here", nil)
		log.Info("rejected", "status", sip.StatusBusyHere)
		return
	case Decline:
		c.rejected.Add(1)
		_ = dlg.Respond(statusDecline, "Decline", nil)
		log.Info("rejected", "status", statusDecline)
		return
	}

	c.answered.Add(1)
	log.Info("answered")
	if err := dlg.RespondSDP(siputil.SDP("callee", c.host, 4000)); err != nil {
		if dlg.LoadState() == sip.DialogStateEnded || dlg.Context().Err() != nil {
			// sipgo handles each message on its own goroutine, so a BYE
			// sent right after the ACK can overtake it (the dialog's state
			// and its context are updated one after the other).
			c.hangups.Add(1)
			log.Info("call ended right after the answer")
			return
		}
		log.Warn("respond 200", "error", err)
		return
	}

	select {
	case <-dlg.Context().Done():
		c.hangups.Add(1)
		log.Info("call ended")
	case <-c.closed:
	}
}

func (c *Callee) onAck(req *sip.Request, tx sip.ServerTransaction) {
	if err := c.dialogs.ReadAck(req, tx); err != nil {
		c.log.Debug("ACK outside a dialog", "error", err)
	}
}

func (c *Callee) onBye(req *sip.Request, tx sip.ServerTransaction) {
	if err := c.dialogs.ReadBye(req, tx); err != nil {
		_ = tx.Respond(sip.NewResponseFromRequest(req, sip.StatusCallTransactionDoesNotExists, err.Error(), nil))
	}
}

func callID(req *sip.Request) string {
	if h := req.CallID(); h != nil {
		return h.Value()
	}
	return ""
}
