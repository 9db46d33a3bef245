// Command dialer runs the dialer example on loopback, or places a call
// through a running one.
//
//	dialer [-api-addr 127.0.0.1:8080] [-pickup 5s]   start callee, SIP node and API
//	dialer dial -to +15550100 -ringing 30s -wait     place a call, print status and elapsed time
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/ctxtimeout/dialer-example/api"
	"github.com/ctxtimeout/dialer-example/callee"
	"github.com/ctxtimeout/dialer-example/internal/stack"
)

// shutdownTimeout bounds the graceful shutdown after a signal.
const shutdownTimeout = 10 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var err error
	if len(os.Args) > 1 && os.Args[1] == "dial" {
		err = dial(ctx, os.Args[2:], os.Stdout, os.Stderr)
	} else {
		err = serve(ctx, os.Args[1:], os.Stdout, os.Stderr)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "dialer:", err)
		stop()
		os.Exit(1)
	}
}

// Numbers the bundled callee treats specially; any other number rings for
// -pickup and answers.
var demoNumbers = map[string]callee.Behavior{
	"+15550486": {Mode: callee.Busy, PickupDelay: time.Second},
	"+15550603": {Mode: callee.Decline, PickupDelay: time.Second},
	"+15550408": {Mode: callee.NoAnswer},
	"+15550001": {Mode: callee.Answer, PickupDelay: time.Second},
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dialer", flag.ContinueOnError)
	fs.SetOutput(stderr)
	apiAddr := fs.String("api-addr", "127.0.0.1:8080", "TCP address of the API")
	pickup := fs.Duration("pickup", 5*time.Second, "how long the callee rings before it answers")
	verbose := fs.Bool("v", false, "log every component at debug level")
	if err := fs.Parse(args); err != nil {
		return err
	}

	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	tp := sdktrace.NewTracerProvider()

	st, err := stack.Start(stack.Config{
		APIAddr: *apiAddr,
		Callee: callee.Config{
			Default: callee.Behavior{Mode: callee.Answer, PickupDelay: *pickup},
			Numbers: demoNumbers,
		},
		TracerProvider: tp,
		Logger:         log,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, `dialer running on loopback
  API       %s%s
  SIP node  udp %s
  callee    udp %s (answers after %s; +15550001 after 1s, +15550486 busy, +15550603 declines, +15550408 never answers)
  trunk     %s

place a call:
  go run ./cmd/dialer dial -api %s -to +15550100 -ringing 30s -wait
or:
  curl -s -X POST %s%s -d '{"sip_trunk_id":"%s","sip_call_to":"+15550100","room_name":"demo","wait_until_answered":true,"ringing_timeout":"30s"}'

Ctrl-C stops.
`, st.APIURL, api.CreateSIPParticipantPath, st.Node.Addr(), st.Callee.Addr(), *pickup, st.TrunkID,
		st.APIURL, st.APIURL, api.CreateSIPParticipantPath, st.TrunkID)

	<-ctx.Done()
	log.Info("shutting down")
	// ctx is cancelled by now: shut down on a detached copy with a fresh bound.
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	return errors.Join(st.Shutdown(shutdownCtx), tp.Shutdown(shutdownCtx))
}

func dial(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dialer dial", flag.ContinueOnError)
	fs.SetOutput(stderr)
	apiURL := fs.String("api", "http://127.0.0.1:8080", "base URL of the API")
	trunk := fs.String("trunk", stack.DefaultTrunkID, "SIP trunk ID")
	to := fs.String("to", "+15550100", "number to call")
	room := fs.String("room", "demo", "room to join the callee to")
	identity := fs.String("identity", "", "participant identity (default sip_<number>)")
	ringing := fs.Duration("ringing", api.DefaultRingingTimeout, "ringing timeout")
	wait := fs.Bool("wait", false, "wait until the call is answered (sync mode)")
	if err := fs.Parse(args); err != nil {
		return err
	}

	body, err := json.Marshal(api.CreateSIPParticipantRequest{
		SIPTrunkID:          *trunk,
		SIPCallTo:           *to,
		RoomName:            *room,
		ParticipantIdentity: *identity,
		WaitUntilAnswered:   *wait,
		RingingTimeout:      ringing.String(),
	})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, *apiURL+api.CreateSIPParticipantPath, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")

	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s after %s\n%s", resp.Status, time.Since(start).Round(time.Millisecond), out)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("call failed: %s", resp.Status)
	}
	return nil
}
