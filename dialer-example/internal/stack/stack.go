// Package stack starts the whole dialer on loopback: a callee, the SIP node
// with its RPC server, and the API. cmd/dialer and the end-to-end tests use
// it.
package stack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/ctxtimeout/dialer-example/api"
	"github.com/ctxtimeout/dialer-example/callee"
	"github.com/ctxtimeout/dialer-example/rpc"
	"github.com/ctxtimeout/dialer-example/sipnode"
)

// DefaultTrunkID is the ID of the trunk that points at the callee.
const DefaultTrunkID = "ST_loopback"

// Config configures a Stack. The zero value starts everything on ephemeral
// loopback ports with a callee that answers at once.
type Config struct {
	// APIAddr is the TCP address of the API; "127.0.0.1:0" when empty.
	APIAddr string
	// Callee configures the bundled callee. Ignored when CalleeAddr is set.
	Callee callee.Config
	// CalleeAddr, when set, is the host:port of an external SIP callee (for
	// example sipp) used instead of the bundled one.
	CalleeAddr     string
	TracerProvider trace.TracerProvider
	Logger         *slog.Logger
}

// Stack is a running dialer.
type Stack struct {
	Callee *callee.Callee // nil with an external callee
	Node   *sipnode.Node
	API    *api.Server
	// APIURL is the base URL of the API, e.g. http://127.0.0.1:41234.
	APIURL  string
	TrunkID string

	log     *slog.Logger
	rpc     *rpc.Server
	apiHTTP *http.Server
	served  chan error
}

// Start starts a stack.
func Start(cfg Config) (st *Stack, err error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.APIAddr == "" {
		cfg.APIAddr = "127.0.0.1:0"
	}
	st = &Stack{TrunkID: DefaultTrunkID, log: cfg.Logger, served: make(chan error, 2)}
	var closers []func() error
	defer func() {
		if err != nil {
			for i := len(closers) - 1; i >= 0; i-- {
				_ = closers[i]()
			}
		}
	}()

	calleeAddr := cfg.CalleeAddr
	if calleeAddr == "" {
		if cfg.Callee.Logger == nil {
			cfg.Callee.Logger = cfg.Logger
		}
		st.Callee, err = callee.Listen(cfg.Callee)
		if err != nil {
			return nil, err
		}
		closers = append(closers, st.Callee.Close)
		calleeAddr = st.Callee.Addr()
	}

	st.Node, err = sipnode.Listen(sipnode.Config{Logger: cfg.Logger})
	if err != nil {
		return nil, err
	}
	closers = append(closers, func() error { return st.Node.Close(context.Background()) })

	rpcOpts := []rpc.ServerOption{rpc.WithServerLogger(cfg.Logger)}
	if cfg.TracerProvider != nil {
		rpcOpts = append(rpcOpts, rpc.WithServerTracerProvider(cfg.TracerProvider))
	}
	st.rpc = rpc.NewServer(rpcOpts...)
	st.Node.Register(st.rpc)
	rpcLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("rpc listen: %w", err)
	}
	closers = append(closers, rpcLn.Close)

	apiLn, err := net.Listen("tcp", cfg.APIAddr)
	if err != nil {
		return nil, fmt.Errorf("api listen: %w", err)
	}
	st.API = api.NewServer(api.Config{
		SIPNodeAddr:    rpcLn.Addr().String(),
		Trunks:         []api.Trunk{{ID: st.TrunkID, Address: calleeAddr}},
		TracerProvider: cfg.TracerProvider,
		Logger:         cfg.Logger,
	})
	st.apiHTTP = &http.Server{
		Handler:           st.API.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelWarn),
	}
	st.APIURL = "http://" + apiLn.Addr().String()

	go func() { st.served <- st.rpc.Serve(rpcLn) }()
	go func() { st.served <- st.apiHTTP.Serve(apiLn) }()
	return st, nil
}

// Shutdown stops the API, waits for in-flight and background calls, then
// stops the SIP node and the callee. It gives up waiting when ctx ends and
// closes what is left.
func (st *Stack) Shutdown(ctx context.Context) error {
	var errs []error
	if err := st.apiHTTP.Shutdown(ctx); err != nil {
		errs = append(errs, fmt.Errorf("api: %w", err), st.apiHTTP.Close())
	}
	if err := st.API.Wait(ctx); err != nil {
		errs = append(errs, err)
	}
	if err := st.rpc.Shutdown(ctx); err != nil {
		errs = append(errs, fmt.Errorf("rpc: %w", err), st.rpc.Close())
	}
	for range 2 {
		if err := <-st.served; err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	if err := st.Node.Close(ctx); err != nil {
		errs = append(errs, fmt.Errorf("sip node: %w", err))
	}
	if st.Callee != nil {
		if err := st.Callee.Close(); err != nil {
			errs = append(errs, fmt.Errorf("callee: %w", err))
		}
	}
	return errors.Join(errs...)
}
