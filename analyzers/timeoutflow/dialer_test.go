package timeoutflow_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The acceptance target: in dialer-example, -tags incident yields exactly
// one timeoutflow finding, at the API's ringing-timeout entry, naming the
// 3s retry default with its position and the path through the RPC client
// and the interceptor chain; the default build yields none. Both under go
// vet -vettool and standalone.
var incidentFinding = regexp.MustCompile(`^ringing timeout req\.RingingTimeout \(default 30s\) is replaced by 3s \(DefaultRetryConfig\.Timeout, rpc/retry\.go:\d+\) via \(\*api\.Server\)\.CreateSIPParticipant → \(\*sipclient\.Client\)\.Dial → \(\*rpc\.Client\)\.Call → rpc\.bindInterceptor \(closure\) → rpc\.RetryInterceptor \(closure\) → rpc\.attemptOptions: let the caller's option win \(prepend the default\) or guard with ctx\.Deadline\(\)$`)

func dialerDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "dialer-example"))
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(dir, "rpc", "retry_options_incident.go")); err != nil {
		t.Skip("dialer-example is not present")
	}
	if testing.Short() {
		t.Skip("runs go vet over the dialer-example")
	}
	return dir
}

// stableFindings runs a command over the dialer-example and parses its
// findings. A tree edited while go vet runs makes the tool see imports go
// list did not ("could not import"): such a run is repeated.
func stableFindings(t *testing.T, dir string, env []string, name string, args ...string) []finding {
	t.Helper()
	var out []byte
	for attempt := 0; attempt < 3; attempt++ {
		out = run(t, dir, env, name, args...)
		if !strings.Contains(string(out), "could not import") {
			break
		}
		t.Logf("retrying %s %v: %s", name, args, out)
	}
	return parseFindings(t, out, dir)
}

func TestDialerExample(t *testing.T) {
	t.Parallel()
	dir := dialerDir(t)
	tool := buildTool(t)
	for _, tc := range []struct {
		name string
		tags string
		want int
	}{
		{"default", "", 0},
		{"incident", "incident", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := []string{"GOWORK=off"}
			vetArgs := []string{"vet", "-vettool=" + tool}
			if tc.tags != "" {
				vetArgs = append(vetArgs, "-tags", tc.tags)
			}
			vet := stableFindings(t, dir, env, "go", append(vetArgs, "./...")...)
			// The standalone driver takes build tags through GOFLAGS.
			alone := stableFindings(t, dir, append(env, "GOFLAGS=-tags="+tc.tags), tool, "./...")
			assert.Equal(t, vet, alone, "go vet and standalone findings differ")
			require.Len(t, vet, tc.want, "findings: %v", vet)
			for _, f := range vet {
				assert.Equal(t, "api/api.go", f.File)
				assert.Regexp(t, incidentFinding, f.Message)
				t.Logf("%s:%s:%s: %s", f.File, f.Line, f.Col, f.Message)
			}
		})
	}
}

// TestDialerIncidentPath checks the incident finding's related positions
// in the checker's JSON output: every step of the path has a real column
// (not 1, including the closures and the files export data knows nothing
// of), and the last step is the append in rpc/retry_options_incident.go,
// the line to change.
func TestDialerIncidentPath(t *testing.T) {
	t.Parallel()
	dir := dialerDir(t)
	tool := buildTool(t)
	out := run(t, dir, []string{"GOWORK=off", "GOFLAGS=-tags=incident"}, tool, "-json", "./...")
	type diag struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
		Related []struct {
			Posn    string `json:"posn"`
			Message string `json:"message"`
		} `json:"related"`
	}
	// {"package": {"timeoutflow": [diag...]}}
	var byPkg map[string]map[string][]diag
	require.NoError(t, json.Unmarshal(out, &byPkg), "%s", out)
	var found []diag
	for _, checks := range byPkg {
		found = append(found, checks["timeoutflow"]...)
	}
	require.Len(t, found, 1, "%s", out)
	posn := regexp.MustCompile(`^(.+):(\d+):(\d+)$`)
	var steps []string
	for _, r := range found[0].Related {
		m := posn.FindStringSubmatch(r.Posn)
		require.NotNil(t, m, r.Posn)
		rel, err := filepath.Rel(dir, m[1])
		require.NoError(t, err)
		steps = append(steps, fmt.Sprintf("%s:%s:%s: %s", filepath.ToSlash(rel), m[2], m[3], r.Message))
		assert.NotEqual(t, "1", m[3], "step without a column: %s", steps[len(steps)-1])
	}
	src, err := os.ReadFile(filepath.Join(dir, "rpc", "retry_options_incident.go"))
	require.NoError(t, err)
	appendLine := 0
	for i, l := range strings.Split(string(src), "\n") {
		if strings.Contains(l, "append(") && strings.Contains(l, "WithRequestTimeout(") {
			appendLine = i + 1
		}
	}
	require.NotZero(t, appendLine, "no append of WithRequestTimeout in retry_options_incident.go")
	assert.Equal(t, []string{
		"api/api.go:205:25: (*api.Server).CreateSIPParticipant",
		"sipclient/client.go:58:22: (*sipclient.Client).Dial",
		"rpc/client.go:76:18: (*rpc.Client).Call",
		"rpc/interceptor.go:34:12: rpc.bindInterceptor (closure)",
		"rpc/retry.go:28:15: rpc.RetryInterceptor (closure)",
		fmt.Sprintf("rpc/retry_options_incident.go:%d:25: rpc.attemptOptions: the timeout option placed after the caller's (change this line)", appendLine),
		"rpc/retry.go:19:54: fixed timeout 3s",
	}, steps)
}
