// Package async holds work that runs detached from the request of the
// function it is written in, next to the same work done on the request.
package async

import (
	"context"
	"time"
)

type Conn struct{ closed chan struct{} }

func (c *Conn) exec(ctx context.Context, q string) error { return ctx.Err() }

// Open starts the connection's keepalive: heartBeat is only ever started
// with go, on its own schedule: no finding.
func (c *Conn) Open(ctx context.Context) error {
	go c.heartBeat(ctx)
	return c.exec(ctx, "STARTUP")
}

func (c *Conn) heartBeat(ctx context.Context) {
	for {
		select {
		case <-c.closed:
			return
		case <-time.After(30 * time.Second):
		}
		_ = c.exec(context.Background(), "OPTIONS")
	}
}

// Query calls ping on the request: ping's Background replaces the
// caller's context.
func (c *Conn) Query(ctx context.Context, q string) error {
	c.ping(ctx)
	return c.exec(ctx, q)
}

func (c *Conn) ping(ctx context.Context) {
	_ = c.exec(context.Background(), "OPTIONS") // want `^caller's context is replaced: c\.exec receives a context rooted at context\.Background\(\) \(async/async\.go:\d+\) in \(\*Conn\)\.ping; derive it from the caller's ctx$`
}

// PoolConfig holds callbacks the pool runs later, on its own schedule.
type PoolConfig struct {
	Destructor func(c *Conn)
}

// NewPool builds a pool; the destructor closes connections long after
// NewPool returned: no finding.
func NewPool(ctx context.Context) (*PoolConfig, error) {
	cfg := &PoolConfig{
		Destructor: func(c *Conn) {
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			_ = c.exec(ctx, "CLOSE")
		},
	}
	return cfg, nil
}

// Handler is a gRPC-style unary handler.
type Handler func(ctx context.Context, req any) (any, error)

// TimeoutInterceptor runs the handler in a goroutine it waits for (go-zero's
// shape): the handler is on the request path, and the fixed timeout
// replaces the caller's deadline.
func TimeoutInterceptor(ctx context.Context, req any, handler Handler) (any, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second) // want `^caller's deadline is replaced: context\.WithTimeout\(ctx, 2\*time\.Second\) applies a fixed timeout of 2s unconditionally in TimeoutInterceptor before calling handler;`
	defer cancel()
	var resp any
	var err error
	done := make(chan struct{})
	go func() {
		resp, err = handler(ctx, req)
		close(done)
	}()
	select {
	case <-done:
		return resp, err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// FireAndForget hands the work to a goroutine nobody waits for: the work
// outlives the request, so its Background is deliberate: no finding.
func FireAndForget(ctx context.Context, c *Conn) {
	go func() {
		_ = c.exec(context.Background(), "AUDIT")
	}()
}

// Close finishes closing in the background but never holds the caller past
// its own deadline (go-elasticsearch's shape): no finding.
func (c *Conn) Close(ctx context.Context) error {
	if ctx == nil {
		ctx = context.Background()
	}
	done := make(chan error, 1)
	go func() {
		done <- c.exec(context.Background(), "CLOSE")
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Flush waits for the goroutine without watching the caller's context:
// the caller is held for work on Background.
func (c *Conn) Flush(ctx context.Context) error {
	done := make(chan error, 1)
	go func() {
		done <- c.exec(context.Background(), "FLUSH") // want `^caller's context is replaced: c\.exec receives a context rooted at context\.Background\(\) .* in \(\*Conn\)\.Flush \(closure\); derive it from the caller's ctx$`
	}()
	return <-done
}

// Poller refreshes items in a worker of its own (centrifuge's shared poll):
// the worker is started with go on a context rooted at Background, and the
// methods it calls bound the user's poll handler with the configured
// CallTimeout. The handler is a field whose name says handler, so refresh
// is taken for a wrapper calling the rest of a chain.
type Poller struct {
	CallTimeout time.Duration
	poll        func(ctx context.Context, keys []string) error
	notify      chan string
	hooks       *hooks
}

type hooks struct {
	pollHandler func(ctx context.Context, keys []string) error
}

func NewPoller(poll func(ctx context.Context, keys []string) error) *Poller {
	return &Poller{CallTimeout: 30 * time.Second, poll: poll, notify: make(chan string), hooks: &hooks{pollHandler: poll}}
}

// Start runs the worker on a context of its own: no caller budget reaches
// refresh, through the go statement or the batch closure: no finding.
func (p *Poller) Start() (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	go p.run(ctx)
	return cancel
}

func (p *Poller) run(ctx context.Context) {
	var batch []string
	fire := func() {
		p.refresh(ctx, batch)
		batch = nil
	}
	for {
		select {
		case <-ctx.Done():
			return
		case k := <-p.notify:
			batch = append(batch, k)
			if len(batch) > 10 {
				fire()
			}
			p.refresh(ctx, []string{k})
		}
	}
}

func (p *Poller) refresh(ctx context.Context, keys []string) {
	handler := p.hooks.pollHandler
	if handler == nil {
		return
	}
	callTimeout := p.CallTimeout
	if callTimeout <= 0 {
		callTimeout = 30 * time.Second
	}
	callCtx, cancel := context.WithTimeout(ctx, callTimeout)
	_ = handler(callCtx, keys)
	cancel()
}

// RefreshNow runs a refresh on the caller's request: the configured 30s
// replaces the caller's deadline for the callback.
func (p *Poller) RefreshNow(ctx context.Context, keys []string) error {
	ctx, cancel := context.WithTimeout(ctx, p.CallTimeout) // want `^caller's deadline is replaced: context\.WithTimeout\(ctx, p\.CallTimeout\) applies a configured timeout p\.CallTimeout \(default 30s, async/async\.go:\d+\) unconditionally in \(\*Poller\)\.RefreshNow before calling p\.poll;`
	defer cancel()
	return p.poll(ctx, keys)
}

// Syncer is Poller's shape with one more caller of its refresh: Sync runs
// it on the caller's request, so there the configured 30s replaces the
// caller's deadline, although the worker's own calls carry none.
type Syncer struct {
	CallTimeout time.Duration
	hooks       *hooks
	notify      chan string
}

func (s *Syncer) Start() (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	go s.run(ctx)
	return cancel
}

func (s *Syncer) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case k := <-s.notify:
			s.refresh(ctx, []string{k})
		}
	}
}

// Sync refreshes keys now, for the caller.
func (s *Syncer) Sync(ctx context.Context, keys []string) { s.refresh(ctx, keys) }

func (s *Syncer) refresh(ctx context.Context, keys []string) {
	handler := s.hooks.pollHandler
	if handler == nil {
		return
	}
	callTimeout := s.CallTimeout
	if callTimeout <= 0 {
		callTimeout = 30 * time.Second
	}
	callCtx, cancel := context.WithTimeout(ctx, callTimeout) // want `^caller's deadline is replaced: context\.WithTimeout\(ctx, callTimeout\) applies a configured timeout s\.CallTimeout \(default 30s\) unconditionally in \(\*Syncer\)\.refresh before calling handler;`
	_ = handler(callCtx, keys)
	cancel()
}
