package golangci

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests run the custom golangci-lint built by `make golangci`
// (build/bin/custom-gcl, golangci-lint v2.15.0 with this plugin).

// config is a .golangci.yml that enables exactly ctxtimeout's checks.
// settings maps a check to extra YAML lines under its settings key.
func config(settings map[string]string) string {
	var b strings.Builder
	// The tests run several golangci-lint processes at once.
	b.WriteString("version: \"2\"\nrun:\n  allow-parallel-runners: true\nlinters:\n  default: none\n  enable:\n")
	for _, n := range Names() {
		b.WriteString("    - " + n + "\n")
	}
	b.WriteString("  settings:\n    custom:\n")
	for _, n := range Names() {
		b.WriteString("      " + n + ":\n        type: module\n        original-url: github.com/ctxtimeout/ctxtimeout\n")
		if s, ok := settings[n]; ok {
			b.WriteString("        settings:\n          " + s + "\n")
		}
	}
	b.WriteString("issues:\n  max-issues-per-linter: 0\n  max-same-issues: 0\n")
	return b.String()
}

func writeConfig(t testing.TB, dir string, settings map[string]string) string {
	t.Helper()
	path := filepath.Join(dir, ".golangci.yml")
	require.NoError(t, os.WriteFile(path, []byte(config(settings)), 0o644))
	return path
}

// issue is one finding, front-end independent.
type issue struct {
	File   string // slash path relative to the linted module
	Line   int
	Column int
	Check  string
	Text   string
}

func sortIssues(is []issue) {
	sort.Slice(is, func(i, j int) bool {
		a, b := is[i], is[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Check < b.Check
	})
}

func rel(t testing.TB, dir, path string) string {
	t.Helper()
	r, err := filepath.Rel(dir, path)
	require.NoError(t, err)
	return filepath.ToSlash(r)
}

// gclIssues parses golangci-lint's JSON output (run with --path-mode=abs).
func gclIssues(t testing.TB, dir, out string) []issue {
	t.Helper()
	var report struct {
		Issues []struct {
			FromLinter string
			Text       string
			Pos        struct {
				Filename string
				Line     int
				Column   int
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &report), out)
	is := []issue{}
	for _, i := range report.Issues {
		is = append(is, issue{File: rel(t, dir, i.Pos.Filename), Line: i.Pos.Line, Column: i.Pos.Column, Check: i.FromLinter, Text: i.Text})
	}
	sortIssues(is)
	return is
}

// standalone runs ctxtimeout -f json in dir.
func standalone(t testing.TB, dir string, args ...string) []issue {
	t.Helper()
	r := run(t, dir, nil, ctxtimeoutBin(t), append([]string{"-f", "json"}, args...)...)
	require.Contains(t, []int{0, 1}, r.code, r.stderr)
	is := []issue{}
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		if line == "" {
			continue
		}
		var d struct {
			Code     string
			Location struct {
				File   string
				Line   int
				Column int
			}
			Message string
		}
		require.NoError(t, json.Unmarshal([]byte(line), &d), line)
		is = append(is, issue{File: rel(t, dir, d.Location.File), Line: d.Location.Line, Column: d.Location.Column, Check: d.Code, Text: d.Message})
	}
	sortIssues(is)
	return is
}

func gclRun(t testing.TB, dir string, args ...string) result {
	t.Helper()
	base := []string{"run", "--path-mode=abs", "--show-stats=false", "--output.json.path=stdout", "--output.text.path=stderr"}
	return run(t, dir, nil, customGCL(t), append(base, args...)...)
}

// TestDialerExampleIncident runs the custom golangci-lint over the bundled
// dialer's incident build and checks it reports exactly what the
// standalone command reports on the same code.
func TestDialerExampleIncident(t *testing.T) {
	t.Parallel()
	dialer := filepath.Join(repoRoot(t), "dialer-example")
	cfg := writeConfig(t, t.TempDir(), nil)

	want := standalone(t, dialer, "-tags", "incident", "./...")
	r := gclRun(t, dialer, "-c", cfg, "--build-tags", "incident", "./...")
	got := gclIssues(t, dialer, r.stdout)
	assert.Equal(t, want, got, "golangci-lint and ctxtimeout agree; golangci stderr:\n%s", r.stderr)
	if len(got) > 0 {
		assert.Equal(t, 1, r.code, "issues exit 1")
	}
	// The incident is found when the cross-function check is registered.
	for _, n := range Names() {
		if n == "timeoutflow" {
			var flows []issue
			for _, i := range got {
				if i.Check == "timeoutflow" {
					flows = append(flows, i)
				}
			}
			assert.NotEmpty(t, flows, "the incident's timeoutflow finding")
		}
	}

	// The default build is clean in both.
	want = standalone(t, dialer, "./...")
	r = gclRun(t, dialer, "-c", cfg, "./...")
	assert.Equal(t, want, gclIssues(t, dialer, r.stdout), r.stderr)
}

// TestFixtureFindingsNolintAndFix checks findings, //nolint:<check> and
// --fix on a temporary copy of testdata/gclfix.
func TestFixtureFindingsNolintAndFix(t *testing.T) {
	t.Parallel()
	dir := copyDir(t, filepath.Join("testdata", "gclfix"))
	writeConfig(t, dir, nil)

	r := gclRun(t, dir, "./...")
	assert.Equal(t, 1, r.code, r.stderr)
	got := gclIssues(t, dir, r.stdout)
	var where []string
	for _, i := range got {
		where = append(where, i.File+":"+itoa(i.Line)+":"+itoa(i.Column)+" "+i.Check)
	}
	assert.Equal(t, []string{
		"mw/mw.go:26:10 deadlinereplace",
		"svc/svc.go:13:42 hardcodedtimeout",
		// svc.go:20 is silenced by //nolint:hardcodedtimeout;
		// svc.go:27 has //nolint:deadlinereplace, another check.
		"svc/svc.go:27:42 hardcodedtimeout",
	}, where)

	// Same findings as the standalone command, minus the //nolint one.
	var want []issue
	for _, i := range standalone(t, dir, "./...") {
		if !(i.File == "svc/svc.go" && i.Line == 20) {
			want = append(want, i)
		}
	}
	assert.Equal(t, want, got)

	// --fix applies the suggested fixes; the result builds and is clean.
	r = gclRun(t, dir, "--fix", "./...")
	require.NotEqual(t, 3, r.code, r.stderr)
	mw, err := os.ReadFile(filepath.Join(dir, "mw", "mw.go"))
	require.NoError(t, err)
	assert.Contains(t, string(mw), "return next(ctx, method, req, opts...)")
	svc, err := os.ReadFile(filepath.Join(dir, "svc", "svc.go"))
	require.NoError(t, err)
	assert.Equal(t, 2, strings.Count(string(svc), "if _, ok := ctx.Deadline(); !ok {"), string(svc))
	assert.Contains(t, string(svc), "context.WithTimeout(ctx, 5*time.Second) //nolint:hardcodedtimeout", "the silenced line is left alone")
	r = run(t, dir, nil, "go", "build", "./...")
	require.Equal(t, 0, r.code, r.stderr)
	r = gclRun(t, dir, "./...")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, gclIssues(t, dir, r.stdout))
}

// TestSettingsAndUnknownKeys checks .golangci.yml settings reach the
// check's flags, and unknown keys stop the run with a clear error.
func TestSettingsAndUnknownKeys(t *testing.T) {
	t.Parallel()
	dir := copyDir(t, filepath.Join("testdata", "gclfix"))
	writeConfig(t, dir, map[string]string{"hardcodedtimeout": "options: [example.com/gclfix/rpc.WithBudget]"})
	r := gclRun(t, dir, "./budget")
	got := gclIssues(t, dir, r.stdout)
	require.Len(t, got, 1, r.stderr)
	assert.Equal(t, "budget/budget.go", got[0].File)
	assert.Contains(t, got[0].Text, "rpc.WithBudget")
	assert.Equal(t, standalone(t, dir, "-hardcodedtimeout.options=example.com/gclfix/rpc.WithBudget", "./budget"), got)

	writeConfig(t, dir, map[string]string{"hardcodedtimeout": "option: [example.com/gclfix/rpc.WithBudget]"})
	r = gclRun(t, dir, "./budget")
	assert.NotEqual(t, 0, r.code)
	assert.Contains(t, r.stderr, `ctxtimeout linter "hardcodedtimeout": unknown setting "option" (known settings: options)`)
}

// TestVSCodeFlags runs the custom binary exactly as vscode-go runs
// golangci-lint v2 ("go.lintTool": "golangci-lint-v2" with
// "go.alternateTools"): in the package's directory, finding .golangci.yml
// by itself, with these flags.
func TestVSCodeFlags(t *testing.T) {
	t.Parallel()
	dir := copyDir(t, filepath.Join("testdata", "gclfix"))
	writeConfig(t, dir, nil)
	pkg := filepath.Join(dir, "svc")
	r := run(t, pkg, nil, customGCL(t), "run",
		"--output.text.print-issued-lines=false", "--show-stats=false",
		"--output.text.path=stdout", "--path-mode=abs", "--issues-exit-code=0")
	assert.Equal(t, 0, r.code, r.stderr)
	svc := filepath.Join(pkg, "svc.go")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, lines, 2, r.stdout)
	// vscode-go parses file:line:col: message, with an absolute file.
	assert.True(t, strings.HasPrefix(lines[0], svc+":13:42: caller's deadline may be capped by fixed 3s"), lines[0])
	assert.True(t, strings.HasSuffix(lines[0], "(hardcodedtimeout)"), lines[0])
	assert.True(t, strings.HasPrefix(lines[1], svc+":27:42: "), lines[1])
	assert.NotContains(t, r.stdout, "issues:", "no stats")
}

// TestLangserverCommand runs the custom binary the way
// golangci-lint-langserver (the README's Neovim recipe) does when a file is
// opened or saved: the command from init_options plus the file's directory
// (with a trailing slash), in the workspace root. The langserver reads
// stdout only when the exit status is non-zero, parses it as golangci-lint
// JSON, and keeps the issues whose Pos.Filename equals the file's path
// relative to the root. (The langserver itself is not served by the module
// proxy here, so its side of the exchange is spelled out in this test.)
func TestLangserverCommand(t *testing.T) {
	t.Parallel()
	root := copyDir(t, filepath.Join("testdata", "gclfix"))
	writeConfig(t, root, nil)
	// init_options.command from the README, with the custom binary.
	command := []string{customGCL(t), "run", "--output.json.path=stdout", "--show-stats=false"}
	path := filepath.Join(root, "svc", "svc.go") // the opened file
	dir, _ := filepath.Split(path)
	r := run(t, root, nil, command[0], append(command[1:], dir)...)
	require.NotEqual(t, 0, r.code, "the langserver ignores the output of a run that exits 0; stderr:\n%s", r.stderr)

	var result struct {
		Issues []struct {
			FromLinter string
			Text       string
			Severity   string
			Pos        struct {
				Filename     string
				Line, Column int
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &result), "stdout must be JSON only: %q", r.stdout)
	file, err := filepath.Rel(root, path)
	require.NoError(t, err)
	var got []string
	for _, i := range result.Issues {
		if i.Pos.Filename != file {
			continue // what the langserver drops
		}
		// The langserver's diagnostic: 0-based position, "linter: text".
		got = append(got, fmt.Sprintf("%d:%d %s: %s", i.Pos.Line-1, i.Pos.Column-1, i.FromLinter, i.Text))
	}
	require.Len(t, got, 2, r.stdout)
	assert.True(t, strings.HasPrefix(got[0], "12:41 hardcodedtimeout: caller's deadline may be capped by fixed 3s via context.WithTimeout in Fetch"), got[0])
	assert.True(t, strings.HasPrefix(got[1], "26:41 "), got[1])
}

// TestSARIFRules checks golangci-lint's SARIF has one rule per check.
func TestSARIFRules(t *testing.T) {
	t.Parallel()
	dir := copyDir(t, filepath.Join("testdata", "gclfix"))
	writeConfig(t, dir, nil)
	r := run(t, dir, nil, customGCL(t), "run", "--show-stats=false", "--output.sarif.path=stdout", "./...")
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &log), r.stdout+r.stderr)
	require.Len(t, log.Runs, 1)
	rules := map[string]int{}
	for _, res := range log.Runs[0].Results {
		rules[res.RuleID]++
	}
	assert.Equal(t, map[string]int{"deadlinereplace": 1, "hardcodedtimeout": 2}, rules)
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
