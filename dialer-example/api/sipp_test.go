//go:build !incident

package api_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ctxtimeout/dialer-example/internal/stack"
)

// TestSIPpCalleeAnswers runs the real sipp as the callee: the dialer's SIP
// stack must interoperate with it (INVITE, 100/180, 200 OK with SDP, ACK, and
// BYE when the SIP node shuts down).
func TestSIPpCalleeAnswers(t *testing.T) {
	t.Parallel()
	sipp, err := exec.LookPath("sipp")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("sipp is required in CI (Debian package sip-tester): %v", err)
		}
		t.Skip("sipp not on PATH; install the Debian package sip-tester")
	}
	scenario, err := filepath.Abs(filepath.Join("..", "testdata", "sipp", "uas.xml"))
	require.NoError(t, err)
	port := freeUDPPort(t)

	const ring = 1500 * time.Millisecond
	var out lockedBuffer
	cmd := exec.CommandContext(t.Context(), sipp,
		"-sf", scenario,
		"-i", "127.0.0.1", "-p", strconv.Itoa(port),
		"-m", "1", // exit after one call
		"-d", strconv.FormatInt(ring.Milliseconds(), 10),
		"-nostdin", "-nd",
		"-timeout", "30s", "-timeout_error",
		"-trace_err", "-error_file", filepath.Join(t.TempDir(), "sipp_errors.log"),
	)
	cmd.Stdout = &out
	cmd.Stderr = &out
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	waitUDPBound(t, port)

	st, err := stack.Start(stack.Config{CalleeAddr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), Logger: discardLogger()})
	require.NoError(t, err)
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = st.Shutdown(ctx)
		}
	})

	res := post(t, st, syncCall(st, "+15550400", "30s"))
	t.Logf("sipp callee, ringing_timeout 30s, pickup after %s: HTTP %d after %s", ring, res.status, res.elapsed.Round(time.Millisecond))
	require.Equal(t, 200, res.status, "body: %s\nsipp:\n%s", res.body, out.String())
	assert.Equal(t, "answered", res.info(t).Status)
	assertElapsed(t, res.elapsed, ring, 50*time.Millisecond, 1500*time.Millisecond)
	require.Equal(t, 1, st.Node.ActiveCalls())

	// Shutting the node down hangs up with BYE; sipp answers it and exits 0
	// after its one call.
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	stopped = true
	require.NoError(t, st.Shutdown(ctx))

	select {
	case err := <-exited:
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			t.Fatalf("sipp exited with %d:\n%s", exitErr.ExitCode(), out.String())
		}
		require.NoError(t, err, "sipp output:\n%s", out.String())
	case <-ctx.Done():
		t.Fatalf("sipp did not finish its scenario:\n%s", out.String())
	}
}

// waitUDPBound waits until some process (sipp) has bound the UDP port, so
// that the measured ringing time does not include sipp's start-up. Without
// /proc it returns at once: the INVITE is retransmitted until sipp listens.
func waitUDPBound(t *testing.T, port int) {
	t.Helper()
	needle := fmt.Sprintf(":%04X ", port)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		data, err := os.ReadFile("/proc/net/udp")
		if err != nil {
			return
		}
		for _, line := range strings.Split(string(data), "\n")[1:] {
			if fields := strings.Fields(line); len(fields) > 1 && strings.HasSuffix(fields[1]+" ", needle) {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("sipp did not bind udp port %d", port)
}

// lockedBuffer collects sipp's output while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// freeUDPPort returns a loopback UDP port that was free a moment ago. sipp
// needs a port number up front; a collision only makes sipp fail to bind.
func freeUDPPort(t *testing.T) int {
	t.Helper()
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	port := c.LocalAddr().(*net.UDPAddr).Port
	require.NoError(t, c.Close())
	return port
}
