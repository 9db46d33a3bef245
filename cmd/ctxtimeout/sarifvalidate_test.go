package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSARIFValidates runs Microsoft's SARIF Multitool (`make
// sarif-validator`, from npm) over our SARIF: the 2.1.0 schema, the SARIF
// rules and GitHub code scanning's ingestion rules (GHxxxx, e.g. GH2012: a
// rule needs a fullDescription) report no error and no warning.
func TestSARIFValidates(t *testing.T) {
	t.Parallel()
	mt := sarifMultitool(t)

	// The fixtures with a stale directive: results of every check, ignored
	// findings (suppressions), fixes and ctxtimeout's own rule.
	clifix := clifixWithStaleDirective(t)
	dialer := filepath.Join(repoRoot(t), "dialer-example")
	for _, tc := range []struct {
		name string
		dir  string
		args []string
	}{
		{"clifix", clifix, []string{"./..."}},
		{"dialer-incident", dialer, []string{"-tags", "incident", "./..."}},
		{"dialer-default", dialer, []string{"./..."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := run(t, tc.dir, nil, ctxtimeoutBin(t), append([]string{"-f", "sarif"}, tc.args...)...)
			require.Contains(t, []int{0, 1}, r.code, r.stderr)
			in := filepath.Join(t.TempDir(), tc.name+".sarif")
			require.NoError(t, os.WriteFile(in, []byte(r.stdout), 0o644))
			out := filepath.Join(t.TempDir(), "validation.sarif")
			cmd := exec.Command(mt, "validate", "--rule-kind", "Gh;Sarif", "--level", "Error;Warning", "-o", out, in)
			cmd.Env = append(os.Environ(), "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1", "DOTNET_CLI_TELEMETRY_OPTOUT=1")
			report, err := cmd.CombinedOutput()
			require.NoError(t, err, "%s", report)
			require.Contains(t, string(report), "Analysis completed successfully", "%s", report)
			// The Multitool exits 0 whatever it finds; its findings are lines
			// "file(line,col): error|warning RULE: message".
			assert.Empty(t, validatorFinding.FindAllString(string(report), -1), "%s", report)
		})
	}
}

var validatorFinding = regexp.MustCompile(`(?m)^.*\(\d+,\d+\): (error|warning) [A-Z]+\d+: .*$`)

// sarifMultitool builds (once) and returns the Multitool's path.
func sarifMultitool(t testing.TB) string {
	t.Helper()
	return madeByMake(t, "sarif-validator", "build/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool")
}
