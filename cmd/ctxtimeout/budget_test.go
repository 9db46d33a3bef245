package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBudgetDialer runs the deadline budget report over the dialer in
// both builds: the ringing budget holds end to end by default and is cut
// to 3s by the retry interceptor in the incident build.
func TestBudgetDialer(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("loads the dialer-example")
	}
	bin := ctxtimeoutBin(t)
	dir := filepath.Join(repoRoot(t), "dialer-example")
	type report []struct {
		Package string `json:"package"`
		Entries []struct {
			Func   string `json:"func"`
			Pos    string `json:"pos"`
			Budget struct {
				Text string `json:"text"`
				NS   int64  `json:"ns"`
			} `json:"budget"`
			Outbound []struct {
				Func      string `json:"func"`
				Pos       string `json:"pos"`
				Effective struct {
					Text string `json:"text"`
					NS   int64  `json:"ns"`
				} `json:"effective"`
				Cut bool `json:"cut"`
			} `json:"outbound"`
			Narrowings []struct {
				Kind  string `json:"kind"`
				Value struct {
					Text  string `json:"text"`
					Where string `json:"where"`
				} `json:"value"`
				Steps []struct {
					Func string `json:"func"`
					Pos  string `json:"pos"`
				} `json:"steps"`
			} `json:"narrowings"`
		} `json:"entries"`
	}
	for _, tc := range []struct {
		name, tags    string
		effective     string
		cut           bool
		narrowings    int
		textFragments []string
	}{
		{"default", "", "req.RingingTimeout (default 30s)", false, 0, []string{
			"(*api.Server).CreateSIPParticipant  api/api.go:205:40\n  budget: req.RingingTimeout (default 30s)\n",
			"  outbound (*rpc.Client).invoke  rpc/client.go:84:36: effective req.RingingTimeout (default 30s) (the budget holds)\n",
		}},
		{"incident", "incident", "3s", true, 1, []string{
			"  outbound (*rpc.Client).invoke  rpc/client.go:84:36: effective 3s (CUT: shorter than the budget)\n",
			"  replaced by 3s (DefaultRetryConfig.Timeout, rpc/retry.go:19) at rpc.attemptOptions  rpc/retry_options_incident.go:15:25\n",
			"→ rpc.RetryInterceptor (closure) (rpc/retry.go:28:15) → rpc.attemptOptions (rpc/retry_options_incident.go:15:25)\n",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := []string{"-budget"}
			if tc.tags != "" {
				args = append(args, "-tags", tc.tags)
			}
			text := run(t, dir, nil, bin, append(args, "./...")...)
			require.Equal(t, 0, text.code, text.stderr)
			for _, f := range tc.textFragments {
				assert.Contains(t, text.stdout, f)
			}

			js := run(t, dir, nil, bin, append(args, "-f", "json", "./...")...)
			require.Equal(t, 0, js.code, js.stderr)
			var rep report
			require.NoError(t, json.Unmarshal([]byte(js.stdout), &rep), js.stdout)
			// The API's entry; in the incident build the RPC client's and
			// the SIP client's exported methods are entries too (their
			// callers' timeout options are replaced as well).
			api := -1
			for i, p := range rep {
				if p.Package == "github.com/ctxtimeout/dialer-example/api" {
					api = i
				}
			}
			require.NotEqual(t, -1, api, js.stdout)
			if !tc.cut {
				require.Len(t, rep, 1, js.stdout)
			}
			require.Len(t, rep[api].Entries, 1)
			en := rep[api].Entries[0]
			assert.Equal(t, "(*api.Server).CreateSIPParticipant", en.Func)
			assert.Equal(t, "api/api.go:205:40", en.Pos)
			assert.Equal(t, int64(30e9), en.Budget.NS)
			require.Len(t, en.Outbound, 1)
			assert.Equal(t, "(*rpc.Client).invoke", en.Outbound[0].Func)
			assert.Equal(t, tc.effective, en.Outbound[0].Effective.Text)
			assert.Equal(t, tc.cut, en.Outbound[0].Cut)
			require.Len(t, en.Narrowings, tc.narrowings)
			if tc.narrowings > 0 {
				n := en.Narrowings[0]
				assert.Equal(t, "replaced", n.Kind)
				assert.Equal(t, "DefaultRetryConfig.Timeout", n.Value.Where)
				assert.Equal(t, "rpc/retry_options_incident.go:15:25", n.Steps[len(n.Steps)-1].Pos)
			}

			dot := run(t, dir, nil, bin, append(args, "-f", "dot", "./...")...)
			require.Equal(t, 0, dot.code, dot.stderr)
			assert.True(t, strings.HasPrefix(dot.stdout, "digraph budget {"), dot.stdout)
			color := "palegreen"
			if tc.cut {
				color = "salmon"
			}
			assert.Contains(t, dot.stdout, "fillcolor="+color)
			if _, err := exec.LookPath("dot"); err == nil {
				svg := run(t, dir, nil, bin, append(args, "-f", "svg", "./...")...)
				require.Equal(t, 0, svg.code, svg.stderr)
				assert.Contains(t, svg.stdout, "<svg")
			}
		})
	}
}

// TestBudgetErrors: bad formats are command-line errors; load errors are
// one line and exit 1.
func TestBudgetErrors(t *testing.T) {
	t.Parallel()
	bin := ctxtimeoutBin(t)
	r := run(t, t.TempDir(), nil, bin, "-budget", "-f", "sarif", "./...")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `unsupported -budget format "sarif"`)
	r = run(t, t.TempDir(), nil, bin, "-budget", "./...")
	assert.Equal(t, 1, r.code)
	assert.Equal(t, 1, strings.Count(strings.TrimSpace(r.stderr), "\n")+1, r.stderr)
	assert.True(t, strings.HasPrefix(r.stderr, "ctxtimeout: "), r.stderr)

	// A go list failure: the go command's error alone, as the lint mode
	// prints it.
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module x\n\ngo 1.99\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "x.go"), []byte("package x\n"), 0o644))
	r = run(t, dir, []string{"GOTOOLCHAIN=local"}, bin, "-budget", "./...")
	assert.Equal(t, 1, r.code)
	assert.Regexp(t, `^ctxtimeout: cannot load packages: go: go\.mod requires go >= 1\.99 \(running go [^)]*\)\n$`, r.stderr)
	assert.Empty(t, r.stdout)
}
