package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An editor talks to build/bin/gopls over LSP and passes its settings as
// initializationOptions (VS Code's "gopls" block, nvim-lspconfig's
// settings.gopls). `gopls check` takes no settings, so these tests speak
// LSP to the server the way an editor does.

// lspClient is a minimal LSP client over a server's stdin/stdout: enough to
// initialize, open files, run a command and collect published diagnostics.
type lspClient struct {
	t     testing.TB
	cmd   *exec.Cmd
	stdin io.WriteCloser

	mu      sync.Mutex
	nextID  int
	pending map[int]chan lspMessage
	diags   map[string][]lspDiagnostic // by file URI; the last publication wins
	done    chan struct{}              // closed when the server's stdout ends
}

type lspMessage struct {
	ID     *json.RawMessage `json:"id,omitempty"`
	Method string           `json:"method,omitempty"`
	Params json.RawMessage  `json:"params,omitempty"`
	Result json.RawMessage  `json:"result,omitempty"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

type lspDiagnostic struct {
	Range struct {
		Start struct{ Line, Character int } `json:"start"`
	} `json:"range"`
	Severity int    `json:"severity"`
	Source   string `json:"source"`
	Message  string `json:"message"`
}

// startLSP starts bin in dir and initializes it with root dir and the given
// initializationOptions (nil for none).
func startLSP(t testing.TB, dir string, options map[string]any, bin string) *lspClient {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Dir = dir
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	c := &lspClient{
		t: t, cmd: cmd, stdin: stdin,
		pending: map[int]chan lspMessage{},
		diags:   map[string][]lspDiagnostic{},
		done:    make(chan struct{}),
	}
	go c.readLoop(bufio.NewReader(stdout))
	t.Cleanup(func() {
		c.shutdown()
		if t.Failed() && stderr.Len() > 0 {
			t.Logf("%s stderr:\n%s", filepath.Base(bin), stderr.String())
		}
	})
	params := map[string]any{
		"processId":    os.Getpid(),
		"rootUri":      fileURI(dir),
		"capabilities": map[string]any{},
		"workspaceFolders": []map[string]any{
			{"uri": fileURI(dir), "name": filepath.Base(dir)},
		},
	}
	if options != nil {
		params["initializationOptions"] = options
	}
	c.call("initialize", params)
	c.notify("initialized", map[string]any{})
	return c
}

func fileURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

func (c *lspClient) write(msg map[string]any) {
	msg["jsonrpc"] = "2.0"
	data, err := json.Marshal(msg)
	require.NoError(c.t, err)
	_, err = fmt.Fprintf(c.stdin, "Content-Length: %d\r\n\r\n%s", len(data), data)
	require.NoError(c.t, err)
}

func (c *lspClient) notify(method string, params any) {
	c.write(map[string]any{"method": method, "params": params})
}

// call sends a request and waits (at most two minutes) for its result.
func (c *lspClient) call(method string, params any) json.RawMessage {
	c.t.Helper()
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan lspMessage, 1)
	c.pending[id] = ch
	c.mu.Unlock()
	c.write(map[string]any{"id": id, "method": method, "params": params})
	select {
	case m := <-ch:
		if m.Error != nil {
			c.t.Fatalf("%s: error %d: %s", method, m.Error.Code, m.Error.Message)
		}
		return m.Result
	case <-c.done:
		c.t.Fatalf("%s: the server exited", method)
	case <-time.After(2 * time.Minute):
		c.t.Fatalf("%s: no response after 2 minutes", method)
	}
	return nil
}

func (c *lspClient) readLoop(r *bufio.Reader) {
	defer close(c.done)
	for {
		length := -1
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimSpace(line)
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				length, _ = strconv.Atoi(v)
			}
		}
		if length < 0 {
			return
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		var m lspMessage
		if json.Unmarshal(body, &m) != nil {
			continue
		}
		switch {
		case m.ID != nil && m.Method != "":
			// A request from the server (configuration, progress, registration):
			// answer with null, as a client with no such capabilities does.
			c.write(map[string]any{"id": m.ID, "result": nil})
		case m.ID != nil:
			id, err := strconv.Atoi(string(*m.ID))
			if err != nil {
				continue
			}
			c.mu.Lock()
			ch := c.pending[id]
			delete(c.pending, id)
			c.mu.Unlock()
			if ch != nil {
				ch <- m
			}
		case m.Method == "textDocument/publishDiagnostics":
			var p struct {
				URI         string          `json:"uri"`
				Diagnostics []lspDiagnostic `json:"diagnostics"`
			}
			if json.Unmarshal(m.Params, &p) == nil {
				c.mu.Lock()
				c.diags[p.URI] = p.Diagnostics
				c.mu.Unlock()
			}
		}
	}
}

// open sends didOpen for each file (relative to dir).
func (c *lspClient) open(dir string, files ...string) []string {
	var uris []string
	for _, f := range files {
		path := filepath.Join(dir, f)
		text, err := os.ReadFile(path)
		require.NoError(c.t, err)
		uri := fileURI(path)
		uris = append(uris, uri)
		c.notify("textDocument/didOpen", map[string]any{
			"textDocument": map[string]any{"uri": uri, "languageId": "go", "version": 1, "text": string(text)},
		})
	}
	return uris
}

// diagnostics returns the last published diagnostics of the given sources,
// as "relfile:line:col: message (source)", sorted.
func (c *lspClient) diagnostics(dir string, sources ...string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for uri, ds := range c.diags {
		u, err := url.Parse(uri)
		require.NoError(c.t, err)
		for _, d := range ds {
			if slices.Contains(sources, d.Source) {
				out = append(out, fmt.Sprintf("%s:%d:%d: %s (%s)", rel(c.t, dir, u.Path),
					d.Range.Start.Line+1, d.Range.Start.Character+1, d.Message, d.Source))
			}
		}
	}
	sort.Strings(out)
	return out
}

func (c *lspClient) shutdown() {
	select {
	case <-c.done:
	default:
		c.mu.Lock()
		c.nextID++
		id := c.nextID
		c.mu.Unlock()
		c.write(map[string]any{"id": id, "method": "shutdown"})
		c.notify("exit", nil)
	}
	_ = c.stdin.Close()
	timer := time.AfterFunc(30*time.Second, func() { _ = c.cmd.Process.Kill() })
	_ = c.cmd.Wait()
	timer.Stop()
}

// goplsLSPDiagnostics opens files in gopls with the given settings, asks
// gopls to diagnose them (gopls.diagnose_files, what `gopls check` uses: it
// returns after the diagnostics are published) and returns ours.
func goplsLSPDiagnostics(t *testing.T, dir string, settings map[string]any, files ...string) []string {
	t.Helper()
	c := startLSP(t, dir, settings, goplsBin(t))
	uris := c.open(dir, files...)
	c.call("workspace/executeCommand", map[string]any{
		"command":   "gopls.diagnose_files",
		"arguments": []any{map[string]any{"Files": uris}},
	})
	return c.diagnostics(dir, checkNames()...)
}

// TestGoplsSettings runs the editor settings the README gives for the gopls
// build: "analyses" turns a check off, "buildFlags" sets build tags.
func TestGoplsSettings(t *testing.T) {
	t.Parallel()
	clifix := fixture(t, "clifix")
	flowfix := fixture(t, "flowfix")
	dialer := filepath.Join(repoRoot(t), "dialer-example")
	const (
		svc  = "svc/svc.go:13:42: caller's deadline may be capped by fixed 3s via context.WithTimeout in Fetch: apply it only when the caller set no deadline (ctx.Deadline()) or let the caller configure it (hardcodedtimeout)"
		mw   = "mw/mw.go:26:10: caller's options are dropped: next is called without opts... in Tracing (closure), so a per-request timeout the caller passes is not applied and the callee's default is; forward opts... (deadlinereplace)"
		flow = "api/api.go:26:23: ringing timeout req.RingingTimeout (default 30s) is replaced by 2s (DefaultTimeout, client/client.go:11) via api.Dial → mid.Call → mid.withDefault: let the caller's option win (prepend the default) or guard with ctx.Deadline() (timeoutflow)"
	)
	for _, tc := range []struct {
		name     string
		dir      string
		settings map[string]any
		files    []string
		want     []string
	}{
		{"default", clifix, nil, []string{"svc/svc.go", "mw/mw.go"}, []string{mw, svc}},
		{"hardcodedtimeout off", clifix, map[string]any{"analyses": map[string]any{"hardcodedtimeout": false}},
			[]string{"svc/svc.go", "mw/mw.go"}, []string{mw}},
		{"timeoutflow on", flowfix, nil, []string{"api/api.go"}, []string{flow}},
		{"timeoutflow off", flowfix, map[string]any{"analyses": map[string]any{"timeoutflow": false}},
			[]string{"api/api.go"}, nil},
		{"dialer default build", dialer, nil, []string{"api/api.go"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := goplsLSPDiagnostics(t, tc.dir, tc.settings, tc.files...)
			assert.Equal(t, tc.want, got)
		})
	}

	// The incident build through "buildFlags", the setting the README gives.
	t.Run("dialer buildFlags incident", func(t *testing.T) {
		t.Parallel()
		got := goplsLSPDiagnostics(t, dialer,
			map[string]any{"buildFlags": []string{"-tags=incident"}}, "api/api.go")
		require.Len(t, got, 1)
		assert.Contains(t, got[0], "api/api.go:205:40: ringing timeout req.RingingTimeout (default 30s) is replaced by 3s (DefaultRetryConfig.Timeout, rpc/retry.go:19)")
		assert.True(t, strings.HasSuffix(got[0], "(timeoutflow)"), got[0])
	})
}

// TestNeovimGopls opens files in headless Neovim (`make neovim` installs it
// from Debian) with the gopls build attached through Neovim's built-in LSP
// client, and checks the editor receives our diagnostics: the dialer's
// incident, with build tags given as gopls settings, and a fixture finding.
func TestNeovimGopls(t *testing.T) {
	t.Parallel()
	madeByMake(t, "neovim", "")
	nvim, err := exec.LookPath("nvim")
	require.NoError(t, err, "make neovim did not install nvim")
	script, err := filepath.Abs(filepath.Join("testdata", "nvim", "diagnostics.lua"))
	require.NoError(t, err)
	gopls := goplsBin(t)
	dialer := filepath.Join(repoRoot(t), "dialer-example")
	for _, tc := range []struct {
		name, root, file, init, want string
	}{
		{"dialer incident", dialer, "api/api.go", `{"buildFlags": ["-tags=incident"]}`,
			"api/api.go:205:40: ringing timeout req.RingingTimeout (default 30s) is replaced by 3s (DefaultRetryConfig.Timeout, rpc/retry.go:19) via (*api.Server).CreateSIPParticipant → (*sipclient.Client).Dial → (*rpc.Client).Call → rpc.bindInterceptor (closure) → rpc.RetryInterceptor (closure) → rpc.attemptOptions: let the caller's option win (prepend the default) or guard with ctx.Deadline() (timeoutflow)"},
		{"fixture", fixture(t, "clifix"), "svc/svc.go", `{}`,
			"svc/svc.go:13:42: caller's deadline may be capped by fixed 3s via context.WithTimeout in Fetch: apply it only when the caller set no deadline (ctx.Deadline()) or let the caller configure it (hardcodedtimeout)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "diagnostics.txt")
			cmd := exec.Command(nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", "luafile "+script)
			cmd.Dir = tc.root
			cmd.Env = append(os.Environ(),
				"NVIM_TEST_GOPLS="+gopls, "NVIM_TEST_ROOT="+tc.root, "NVIM_TEST_FILE="+tc.file,
				"NVIM_TEST_INIT="+tc.init, "NVIM_TEST_OUT="+out)
			logs, err := cmd.CombinedOutput()
			require.NoError(t, err, "nvim: %s", logs)
			got, err := os.ReadFile(out)
			require.NoError(t, err, "nvim wrote no result: %s", logs)
			assert.Equal(t, tc.want, strings.TrimSpace(string(got)))
		})
	}
}
