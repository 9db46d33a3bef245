package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"

	"github.com/ctxtimeout/ctxtimeout/analyzers/all"
)

// finding is one reported diagnostic, front-end independent.
type finding struct {
	File   string // slash path relative to the module root
	Line   int
	Column int
	Check  string
	Msg    string
}

var textLine = regexp.MustCompile(`^(.+?):(\d+):(\d+): (.*) \(([a-z]+)\)$`)

// parseText parses lintcmd's text format (file:line:col: message (check)),
// skipping the tab-indented related-information lines.
func parseText(t testing.TB, out string) []finding {
	t.Helper()
	var fs []finding
	for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if line == "" || strings.HasPrefix(line, "\t") {
			continue
		}
		m := textLine.FindStringSubmatch(line)
		require.NotNil(t, m, "unexpected text line %q", line)
		fs = append(fs, finding{File: filepath.ToSlash(m[1]), Line: atoi(t, m[2]), Column: atoi(t, m[3]), Check: m[5], Msg: m[4]})
	}
	return fs
}

func atoi(t testing.TB, s string) int {
	t.Helper()
	n := 0
	for _, c := range s {
		require.True(t, c >= '0' && c <= '9', "not a number: %q", s)
		n = n*10 + int(c-'0')
	}
	return n
}

func checkNames() []string {
	var names []string
	for _, a := range all.Analyzers() {
		names = append(names, a.Name)
	}
	return names
}

func TestTextGolden(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "clifix")
	r := run(t, dir, nil, ctxtimeoutBin(t), "./...")
	assert.Equal(t, 1, r.code, "findings exit 1; stderr:\n%s", r.stderr)
	golden(t, "clifix.txt", r.stdout)

	// The output is sorted and identical on a second (cached) run.
	r2 := run(t, dir, nil, ctxtimeoutBin(t), "./...")
	assert.Equal(t, r.stdout, r2.stdout)
}

func TestStylishFormat(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "clifix")
	text := parseText(t, run(t, dir, nil, ctxtimeoutBin(t), "./...").stdout)
	r := run(t, dir, nil, ctxtimeoutBin(t), "-f", "stylish", "./...")
	assert.Equal(t, 1, r.code)
	// stylish groups by file and ends with a summary line.
	for _, f := range text {
		assert.Contains(t, r.stdout, f.File)
		assert.Contains(t, r.stdout, f.Msg)
	}
	assert.Regexp(t, `✖ \d+ problems? \(\d+ errors?, 0 warnings?, \d+ ignored\)`, r.stdout)
}

func TestJSONGolden(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "clifix")
	r := run(t, dir, nil, ctxtimeoutBin(t), "-f", "json", "./...")
	assert.Equal(t, 1, r.code, r.stderr)
	// Absolute paths differ per checkout.
	golden(t, "clifix.json", strings.ReplaceAll(r.stdout, dir+string(filepath.Separator), "$DIR/"))

	// -json is shorthand for -f json.
	r2 := run(t, dir, nil, ctxtimeoutBin(t), "-json", "./...")
	assert.Equal(t, r.stdout, r2.stdout)

	// Every line is a JSON object with the check as code.
	text := parseText(t, run(t, dir, nil, ctxtimeoutBin(t), "./...").stdout)
	var got []finding
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var d struct {
			Code     string `json:"code"`
			Severity string `json:"severity"`
			Location struct {
				File   string `json:"file"`
				Line   int    `json:"line"`
				Column int    `json:"column"`
			} `json:"location"`
			Message string `json:"message"`
		}
		require.NoError(t, json.Unmarshal([]byte(line), &d), line)
		assert.Equal(t, "error", d.Severity)
		rel, err := filepath.Rel(dir, d.Location.File)
		require.NoError(t, err)
		got = append(got, finding{File: filepath.ToSlash(rel), Line: d.Location.Line, Column: d.Location.Column, Check: d.Code, Msg: d.Message})
	}
	assert.Equal(t, text, got, "json and text report the same findings")
}

// sarifLog is the part of SARIF 2.1.0 the tests check.
type sarifLog struct {
	Version string `json:"version"`
	Schema  string `json:"$schema"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name           string `json:"name"`
				InformationURI string `json:"informationUri"`
				Rules          []struct {
					ID               string `json:"id"`
					HelpURI          string `json:"helpUri"`
					ShortDescription struct {
						Text string `json:"text"`
					} `json:"shortDescription"`
					FullDescription struct {
						Text string `json:"text"`
					} `json:"fullDescription"`
					Help struct {
						Text string `json:"text"`
					} `json:"help"`
					DefaultConfiguration struct {
						Enabled bool   `json:"enabled"`
						Level   string `json:"level"`
					} `json:"defaultConfiguration"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID  string `json:"ruleId"`
			Level   string `json:"level"`
			Message struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine   int `json:"startLine"`
						StartColumn int `json:"startColumn"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			Suppressions []any `json:"suppressions"`
		} `json:"results"`
	} `json:"runs"`
}

func TestSARIF(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "clifix")
	text := parseText(t, run(t, dir, nil, ctxtimeoutBin(t), "./...").stdout)
	require.NotEmpty(t, text)

	r := run(t, dir, nil, ctxtimeoutBin(t), "-f", "sarif", "./...")
	first := r.stdout
	assert.Equal(t, 1, r.code, "sarif exits like the other formats (unlike staticcheck); stderr:\n%s", r.stderr)
	assert.NotContains(t, r.stdout, "staticcheck.dev")
	var log sarifLog
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &log))
	assert.Equal(t, "2.1.0", log.Version)
	assert.Contains(t, log.Schema, "sarif")
	require.Len(t, log.Runs, 1)
	run0 := log.Runs[0]
	assert.Equal(t, "ctxtimeout", run0.Tool.Driver.Name)
	assert.Equal(t, repoURL, run0.Tool.Driver.InformationURI)

	// One rule per check, sorted, with our help text and URL.
	var ids []string
	for _, rule := range run0.Tool.Driver.Rules {
		ids = append(ids, rule.ID)
	}
	want := checkNames()
	sort.Strings(want)
	assert.Equal(t, want, ids)
	for _, a := range all.Analyzers() {
		for _, rule := range run0.Tool.Driver.Rules {
			if rule.ID != a.Name {
				continue
			}
			title, _ := analyzerDoc(a)
			assert.Equal(t, docURL(a), rule.HelpURI)
			assert.True(t, strings.HasPrefix(rule.HelpURI, "https://github.com/ctxtimeout/ctxtimeout"), rule.HelpURI)
			assert.Equal(t, title, rule.ShortDescription.Text)
			_, text := analyzerDoc(a)
			first, _, _ := strings.Cut(text, "\n\n")
			assert.Equal(t, strings.Join(strings.Fields(first), " "), rule.FullDescription.Text, "GitHub requires a fullDescription")
			assert.NotEmpty(t, rule.Help.Text)
			assert.True(t, rule.DefaultConfiguration.Enabled)
			assert.Equal(t, "warning", rule.DefaultConfiguration.Level)
		}
	}

	// The results are the text findings, at relative URIs.
	var got []finding
	for _, res := range run0.Results {
		require.Len(t, res.Locations, 1)
		loc := res.Locations[0].PhysicalLocation
		assert.Equal(t, "%SRCROOT%", loc.ArtifactLocation.URIBaseID)
		assert.False(t, filepath.IsAbs(loc.ArtifactLocation.URI), loc.ArtifactLocation.URI)
		assert.NotContains(t, loc.ArtifactLocation.URI, "file:")
		_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(loc.ArtifactLocation.URI)))
		assert.NoError(t, err, "URI resolves against the working directory")
		assert.Equal(t, "error", res.Level, "failing findings are errors")
		assert.NotNil(t, res.Suppressions)
		assert.Empty(t, res.Suppressions)
		msg, _, _ := strings.Cut(res.Message.Text, "\n")
		got = append(got, finding{File: loc.ArtifactLocation.URI, Line: loc.Region.StartLine, Column: loc.Region.StartColumn, Check: res.RuleID, Msg: msg})
	}
	assert.Equal(t, text, got)

	// With -fail= nothing fails: exit 0, results are warnings.
	r = run(t, dir, nil, ctxtimeoutBin(t), "-f", "sarif", "-fail=", "./...")
	assert.Equal(t, 0, r.code, r.stderr)
	var log2 sarifLog
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &log2))
	require.Len(t, log2.Runs, 1)
	require.Len(t, log2.Runs[0].Results, len(text))
	for _, res := range log2.Runs[0].Results {
		assert.Equal(t, "warning", res.Level)
	}

	// Deterministic: a second run prints the same log.
	r3 := run(t, dir, nil, ctxtimeoutBin(t), "-f", "sarif", "./...")
	assert.Equal(t, first, r3.stdout)
}

func TestIgnoreDirectives(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "clifix")
	r := run(t, dir, nil, ctxtimeoutBin(t), "./ignored")
	assert.Equal(t, 0, r.code, "ignored findings do not fail; stderr:\n%s", r.stderr)
	assert.Empty(t, r.stdout, "both directives silence their findings, and both were used")

	r = run(t, dir, nil, ctxtimeoutBin(t), "-show-ignored", "./ignored")
	fs := parseText(t, r.stdout)
	require.Len(t, fs, 2, r.stdout)
	assert.Equal(t, "ignored/fileignored.go", fs[0].File)
	assert.Equal(t, "ignored/ignored.go", fs[1].File)
	for _, f := range fs {
		assert.Equal(t, "hardcodedtimeout", f.Check)
	}
}

// clifixWithStaleDirective is a copy of the clifix fixture plus
// ignored/stale.go, whose //lint:ignore (line 11, column 2) silences
// nothing.
func clifixWithStaleDirective(t *testing.T) string {
	t.Helper()
	dir := copyDir(t, fixture(t, "clifix"))
	stale := `package ignored

import (
	"context"

	"example.com/clifix/backend"
)

// Get no longer caps the caller; the directive is stale.
func Get(ctx context.Context, c *backend.Client, key string) (string, error) {
	//lint:ignore hardcodedtimeout the backend's contract is 3s
	return c.Get(ctx, key)
}
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "ignored", "stale.go"), []byte(stale), 0o644))
	return dir
}

// TestStaleDirective checks that a //lint:ignore that silences nothing is
// reported, fails the run, and is labelled ctxtimeout (lintcmd says
// "staticcheck") in every format.
func TestStaleDirective(t *testing.T) {
	t.Parallel()
	dir := clifixWithStaleDirective(t)
	bin := ctxtimeoutBin(t)
	const msg = "this linter directive didn't match anything; should it be removed?"
	for _, tc := range []struct{ format, want string }{
		{"text", "ignored/stale.go:11:2: " + msg + " (ctxtimeout)\n"},
		{"json", `{"code":"ctxtimeout","severity":"error","location":{"file":"` + filepath.Join(dir, "ignored", "stale.go") + `","line":11,"column":2}`},
		{"stylish", "  (11, 2)  ctxtimeout   " + msg + "\n"},
		{"sarif", `"ruleId": "ctxtimeout"`},
	} {
		r := run(t, dir, nil, bin, "-f", tc.format, "./ignored")
		assert.Equal(t, 1, r.code, "%s: a stale directive fails the run; stderr:\n%s", tc.format, r.stderr)
		assert.Contains(t, r.stdout, tc.want, tc.format)
		assert.NotContains(t, r.stdout, "staticcheck", tc.format)
	}
	r := run(t, dir, nil, bin, "-f", "text", "-show-ignored", "./ignored")
	assert.Len(t, strings.Split(strings.TrimSpace(r.stdout), "\n"), 3, "two silenced findings and the stale directive:\n%s", r.stdout)
}

func TestChecksFailAndTags(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "clifix")
	bin := ctxtimeoutBin(t)
	base := parseText(t, run(t, dir, nil, bin, "./...").stdout)
	byCheck := map[string]int{}
	for _, f := range base {
		byCheck[f.Check]++
	}
	require.NotZero(t, byCheck["hardcodedtimeout"])
	require.NotZero(t, byCheck["deadlinereplace"])

	// -checks disables a check.
	r := run(t, dir, nil, bin, "-checks=all,-hardcodedtimeout", "./...")
	for _, f := range parseText(t, r.stdout) {
		assert.NotEqual(t, "hardcodedtimeout", f.Check)
	}
	assert.Len(t, parseText(t, r.stdout), len(base)-byCheck["hardcodedtimeout"])

	// -fail selects which checks set the exit status.
	r = run(t, dir, nil, bin, "-fail=deadlinereplace", "./svc")
	assert.Equal(t, 0, r.code, "svc only has hardcodedtimeout findings: %s", r.stdout)
	assert.NotEmpty(t, r.stdout)
	r = run(t, dir, nil, bin, "-fail=-hardcodedtimeout,all", "./svc")
	assert.Equal(t, 1, r.code, "lintcmd applies -fail entries in order: the later all wins")
	r = run(t, dir, nil, bin, "-fail=all,-hardcodedtimeout", "./svc")
	assert.Equal(t, 0, r.code)
	r = run(t, dir, nil, bin, "-fail=HardCodedTimeout", "./svc")
	assert.Equal(t, 1, r.code, "check names are case-insensitive")

	// -tags includes build-tagged files.
	r = run(t, dir, nil, bin, "./tagged")
	assert.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.Empty(t, r.stdout)
	r = run(t, dir, nil, bin, "-tags", "incident", "./tagged")
	assert.Equal(t, 1, r.code, r.stderr)
	fs := parseText(t, r.stdout)
	require.Len(t, fs, 1, r.stdout)
	assert.Equal(t, "tagged/incident.go", fs[0].File)
	assert.Equal(t, "hardcodedtimeout", fs[0].Check)
}

func TestListChecksAndExplain(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "clifix")
	bin := ctxtimeoutBin(t)
	r := run(t, dir, nil, bin, "-list-checks")
	assert.Equal(t, 0, r.code)
	var want []string
	for _, a := range all.Analyzers() {
		title, _ := analyzerDoc(a)
		want = append(want, a.Name+" "+title)
	}
	sort.Strings(want)
	assert.Equal(t, strings.Join(want, "\n")+"\n", r.stdout)

	for _, a := range all.Analyzers() {
		r := run(t, dir, nil, bin, "-explain", strings.ToUpper(a.Name))
		assert.Equal(t, 0, r.code, r.stderr)
		title, text := analyzerDoc(a)
		assert.True(t, strings.HasPrefix(r.stdout, a.Name+": "+title+"\n"), r.stdout)
		assert.Contains(t, r.stdout, text)
		assert.Contains(t, r.stdout, "Online documentation\n    "+docURL(a)+"\n")
		assert.NotContains(t, r.stdout, "staticcheck")
		for _, af := range analyzerFlags([]*analysis.Analyzer{a}) {
			if strings.HasPrefix(af.name, a.Name+".") {
				assert.Contains(t, r.stdout, "-"+af.name)
			}
		}
	}
	r = run(t, dir, nil, bin, "-explain", "SA1000")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, `unknown check "SA1000"`)
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "clifix")
	bin := ctxtimeoutBin(t)
	r := run(t, dir, nil, bin, "-f", "xml", "./...")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `unsupported output format "xml"`)
	r = run(t, dir, nil, bin, "-no-such-flag", "./...")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "flag provided but not defined")
	// A pattern that matches nothing fails instead of passing unchecked.
	empty := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(empty, "go.mod"), []byte("module example.com/empty\n\ngo 1.26.0\n"), 0o644))
	r = run(t, empty, nil, bin, "./...")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, `warning: "./..." matched no packages`)
	assert.Contains(t, r.stderr, "ctxtimeout: nothing was checked")
	r = run(t, empty, nil, bin, "-f", "sarif", "./...")
	assert.Equal(t, 1, r.code)

	r = run(t, dir, []string{"CTXTIMEOUT_CACHE=relative/dir"}, bin, "./...")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "not an absolute path")
}
