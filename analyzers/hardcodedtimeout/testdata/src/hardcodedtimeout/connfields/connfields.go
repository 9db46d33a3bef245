// Package connfields: connection deadlines and timer waits whose timeout
// is a field a constructor fills from configuration, with the module's
// fallback (clickhouse-go, pulsar, kafka-go shapes), next to the places
// where the caller's deadline still wins or no caller waits.
package connfields

import (
	"context"
	"errors"
	"net"
	"time"
)

const defaultOperationTimeout = 30 * time.Second

// Options is what the program configures.
type Options struct {
	OperationTimeout time.Duration
	ReadTimeout      time.Duration
	UserTimeout      time.Duration // no fallback: only the program sets it
}

type client struct {
	operationTimeout time.Duration
	userTimeout      time.Duration
}

// NewClient falls back to 30s when the program configured no operation
// timeout.
func NewClient(o Options) *client {
	operationTimeout := o.OperationTimeout
	if operationTimeout == 0 {
		operationTimeout = defaultOperationTimeout
	}
	return &client{operationTimeout: operationTimeout, userTimeout: o.UserTimeout}
}

var ErrTimeout = errors.New("timed out")

// txn copies its timeout from the client that made it (pulsar's
// transaction: opTimeout: tc.client.operationTimeout).
type txn struct {
	done      chan error
	opTimeout time.Duration
	userWait  time.Duration
}

func (c *client) Begin() *txn {
	return &txn{done: make(chan error, 1), opTimeout: c.operationTimeout, userWait: c.userTimeout}
}

// Commit waits at most the client's operation timeout (30s unless
// configured), whatever the caller's deadline.
func (t *txn) Commit(ctx context.Context) error {
	select {
	case err := <-t.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(t.opTimeout): // want `^caller's deadline may be capped by t\.opTimeout \(default 30s, connfields/connfields\.go:\d+\) via time\.After in \(\*txn\)\.Commit: `
		return ErrTimeout
	}
}

// Abort waits as long as the program configured: no default in view,
// the program's choice: no finding.
func (t *txn) Abort(ctx context.Context) error {
	select {
	case err := <-t.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(t.userWait):
		return ErrTimeout
	}
}

// connect is one pooled connection (clickhouse-go's).
type connect struct {
	conn        net.Conn
	other       net.Conn
	readTimeout time.Duration
}

func dial(o Options, c net.Conn) *connect {
	readTimeout := o.ReadTimeout
	if readTimeout == 0 {
		readTimeout = 5 * time.Minute
	}
	return &connect{conn: c, readTimeout: readTimeout}
}

func (c *connect) Open(ctx context.Context, o Options, nc net.Conn) *connect { return dial(o, nc) }

// Exec sets the configured read deadline, then the caller's deadline in
// its place whenever the caller set one: no finding.
func (c *connect) Exec(ctx context.Context, q []byte) error {
	c.conn.SetReadDeadline(time.Now().Add(c.readTimeout))
	defer c.conn.SetReadDeadline(time.Time{})
	if deadline, ok := ctx.Deadline(); ok {
		c.conn.SetDeadline(deadline)
		defer c.conn.SetDeadline(time.Time{})
	}
	_, err := c.conn.Write(q)
	return err
}

// ExecWrite replaces only the write deadline with the caller's: the read
// deadline of 5m still cuts a caller that allowed longer.
func (c *connect) ExecWrite(ctx context.Context, q []byte) error {
	c.conn.SetReadDeadline(time.Now().Add(c.readTimeout)) // want `^caller's deadline may be capped by c\.readTimeout \(default 5m, connfields/connfields\.go:\d+\) via conn\.SetReadDeadline in \(\*connect\)\.ExecWrite: `
	if deadline, ok := ctx.Deadline(); ok {
		c.conn.SetWriteDeadline(deadline)
	}
	_, err := c.conn.Write(q)
	return err
}

// ExecOther sets the caller's deadline on another connection: this one
// keeps its 5m.
func (c *connect) ExecOther(ctx context.Context, q []byte) error {
	c.conn.SetReadDeadline(time.Now().Add(c.readTimeout)) // want `^caller's deadline may be capped by c\.readTimeout \(default 5m, connfields/connfields\.go:\d+\) via conn\.SetReadDeadline in \(\*connect\)\.ExecOther: `
	if deadline, ok := ctx.Deadline(); ok {
		c.other.SetDeadline(deadline)
	}
	_, err := c.conn.Write(q)
	return err
}

// Reader fetches partitions in goroutines of its own (kafka-go's
// partition readers): started with go func(ctx) on a context rooted at
// Background, nobody waits for them.
type Reader struct {
	conn    net.Conn
	maxWait time.Duration
	msgs    chan []byte
}

func NewReader(c net.Conn) *Reader {
	return &Reader{conn: c, maxWait: 10 * time.Second, msgs: make(chan []byte)}
}

func (r *Reader) Start(partitions []int) {
	ctx, cancel := context.WithCancel(context.Background())
	_ = cancel
	for _, p := range partitions {
		go func(ctx context.Context, p int) {
			(&partReader{conn: r.conn, maxWait: r.maxWait, msgs: r.msgs}).run(ctx)
		}(ctx, p)
	}
}

type partReader struct {
	conn    net.Conn
	maxWait time.Duration
	msgs    chan []byte
}

func (r *partReader) run(ctx context.Context) {
	for ctx.Err() == nil {
		b, err := r.read(ctx)
		if err != nil {
			continue
		}
		r.msgs <- b
	}
}

// read is reached only from the partition readers' own loop: no finding.
func (r *partReader) read(ctx context.Context) ([]byte, error) {
	r.conn.SetReadDeadline(time.Now().Add(r.maxWait))
	b := make([]byte, 512)
	n, err := r.conn.Read(b)
	return b[:n], err
}

// syncReader's read is also called for a caller: there the 10s cuts the
// caller's deadline.
type syncReader struct {
	conn    net.Conn
	maxWait time.Duration
}

func (r *Reader) Sync() *syncReader { return &syncReader{conn: r.conn, maxWait: r.maxWait} }

func (r *syncReader) run(ctx context.Context) {
	for ctx.Err() == nil {
		_, _ = r.read(ctx)
	}
}

func (r *Reader) StartSync() {
	ctx, cancel := context.WithCancel(context.Background())
	_ = cancel
	go func(ctx context.Context) { r.Sync().run(ctx) }(ctx)
}

// Fetch reads once for the caller.
func (r *syncReader) Fetch(ctx context.Context) ([]byte, error) { return r.read(ctx) }

func (r *syncReader) read(ctx context.Context) ([]byte, error) {
	r.conn.SetReadDeadline(time.Now().Add(r.maxWait)) // want `^caller's deadline may be capped by r\.maxWait \(default 10s, connfields/connfields\.go:\d+\) via conn\.SetReadDeadline in \(\*syncReader\)\.read`
	b := make([]byte, 512)
	n, err := r.conn.Read(b)
	return b[:n], err
}

// Conn takes its query timeout from its configuration once connected
// (gocql's c.timeout = c.cfg.Timeout, NewCluster's 11s unless
// configured).
type Config struct {
	Timeout time.Duration
}

func NewConfig() *Config { return &Config{Timeout: 11 * time.Second} }

type Conn struct {
	cfg     *Config
	timeout time.Duration
	wait    time.Duration
	resp    chan error
}

func (c *Conn) connected() { c.timeout = c.cfg.Timeout }

// SetWait is the program's choice of wait: no default in view.
func (c *Conn) SetWait(d time.Duration) { c.wait = d }

// Exec waits for the response at most c.timeout (11s unless configured).
func (c *Conn) Exec(ctx context.Context) error {
	select {
	case err := <-c.resp:
		return err
	case <-time.After(c.timeout): // want `^caller's deadline may be capped by c\.timeout \(default 11s, connfields/connfields\.go:\d+\) via time\.After in \(\*Conn\)\.Exec: `
		return ErrTimeout
	}
}

// Wait waits as long as the program set: no finding.
func (c *Conn) Wait(ctx context.Context) error {
	select {
	case err := <-c.resp:
		return err
	case <-time.After(c.wait):
		return ErrTimeout
	}
}

// Pool opens connections on the session's own context (gocql's pool
// fill: session.connect(session.ctx, ...)): the handshake's bound caps no
// request.
type Pool struct {
	ctx  context.Context
	conn *Conn
}

func (p *Pool) fill() error { return p.conn.handshake(p.ctx) }

func (c *Conn) handshake(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	return c.Exec(ctx)
}

// Redial also runs the handshake for a caller: there its 11s caps the
// caller's deadline.
type Dialer struct{ conn *Conn }

func (d *Dialer) redial(ctx context.Context) error { return d.conn.handshake2(ctx) }

func (d *Dialer) Redial(ctx context.Context) error { return d.redial(ctx) }

func (p *Pool) refill() error { return p.conn.handshake2(p.ctx) }

func (c *Conn) handshake2(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout) // want `^caller's deadline may be capped by c\.timeout \(default 11s, connfields/connfields\.go:\d+\) via context\.WithTimeout in \(\*Conn\)\.handshake2: `
	defer cancel()
	return c.Exec(ctx)
}
