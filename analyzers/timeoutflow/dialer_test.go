package timeoutflow_test

import (
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
