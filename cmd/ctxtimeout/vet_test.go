package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIsVetInvocation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"-V=full"}, true},
		{[]string{"-flags"}, true},
		{[]string{"-json", "-hardcodedtimeout.options=x", "/tmp/go-build1/b001/vet.cfg"}, true},
		{[]string{"./..."}, false},
		{[]string{"-f", "sarif", "./..."}, false},
		{[]string{"-explain", "hardcodedtimeout"}, false},
		{nil, false},
	} {
		assert.Equal(t, tc.want, isVetInvocation(tc.args), "%q", tc.args)
	}
}

// vetFindings parses go vet's text output (file:line:col: message),
// skipping related-information lines (file:line:col: <tab>message).
func vetFindings(t testing.TB, out string) []string {
	t.Helper()
	var fs []string
	for _, line := range strings.Split(out, "\n") {
		if line == "" || strings.HasPrefix(line, "#") || strings.Contains(line, ": \t") {
			continue
		}
		fs = append(fs, filepath.ToSlash(line))
	}
	sort.Strings(fs)
	return fs
}

// standaloneFindings is the standalone text output as "file:line:col: message",
// sorted, with //lint:ignore directives disabled (vet mode has none).
func standaloneFindings(t testing.TB, dir string, args ...string) []string {
	t.Helper()
	r := run(t, dir, nil, ctxtimeoutBin(t), append([]string{"-show-ignored"}, args...)...)
	require.Contains(t, []int{0, 1}, r.code, r.stderr)
	var fs []string
	for _, f := range parseText(t, r.stdout) {
		fs = append(fs, f.File+":"+itoa(f.Line)+":"+itoa(f.Column)+": "+f.Msg)
	}
	sort.Strings(fs)
	return fs
}

func itoa(n int) string { return strconv.Itoa(n) }

var (
	vetWarmOnce sync.Once
	vetWarm     result
)

// vetClifix runs go vet with our tool over the whole clifix fixture once
// per test binary. The first vet run analyses the standard library
// dependencies (net/http...) for facts; the go command caches that work,
// so the vet tests start with this run instead of repeating it in
// parallel.
func vetClifix(t testing.TB) result {
	t.Helper()
	bin := ctxtimeoutBin(t)
	vetWarmOnce.Do(func() {
		vetWarm = run(t, fixture(t, "clifix"), nil, "go", "vet", "-vettool="+bin, "./...")
	})
	return vetWarm
}

func TestVetModeMatchesStandalone(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "clifix")
	bin := ctxtimeoutBin(t)
	r := vetClifix(t)
	assert.Equal(t, 1, r.code, "go vet fails on findings")
	got := vetFindings(t, r.stderr)
	require.NotEmpty(t, got, r.stderr)
	assert.Equal(t, standaloneFindings(t, dir, "./..."), got)

	// -tags reaches vet's package loading.
	r = run(t, dir, nil, "go", "vet", "-tags=incident", "-vettool="+bin, "./tagged")
	assert.Equal(t, standaloneFindings(t, dir, "-tags=incident", "./tagged"), vetFindings(t, r.stderr))
}

func TestVetFlags(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "clifix")
	bin := ctxtimeoutBin(t)

	// The tool describes its flags to the go command as -CHECK.FLAG.
	r := run(t, dir, nil, bin, "-flags")
	require.Equal(t, 0, r.code, r.stderr)
	var flags []struct{ Name string }
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &flags))
	var names []string
	for _, f := range flags {
		names = append(names, f.Name)
	}
	assert.Contains(t, names, "hardcodedtimeout.options")

	r = run(t, dir, nil, "go", "vet", "-vettool="+bin, "./budget")
	assert.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, nil, "go", "vet", "-vettool="+bin, "-hardcodedtimeout.options=example.com/clifix/rpc.WithBudget", "./budget")
	assert.Equal(t, 1, r.code)
	assert.Equal(t, standaloneFindings(t, dir, "-hardcodedtimeout.options=example.com/clifix/rpc.WithBudget", "./budget"), vetFindings(t, r.stderr))
	assert.Contains(t, r.stderr, "rpc.WithBudget")

	// The version answer makes vet's cache key depend on the binary.
	r = run(t, dir, nil, bin, "-V=full")
	assert.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "buildID=")
}

func TestVetJSON(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "clifix")
	vetClifix(t)
	r := run(t, dir, nil, "go", "vet", "-vettool="+ctxtimeoutBin(t), "-json", "./mw")
	assert.Equal(t, 0, r.code, "go vet -json exits 0: %s", r.stderr)
	var out map[string]map[string][]struct {
		Posn           string `json:"posn"`
		Message        string `json:"message"`
		SuggestedFixes []struct {
			Message string `json:"message"`
		} `json:"suggested_fixes"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	ds := out["example.com/clifix/mw"]["deadlinereplace"]
	require.Len(t, ds, 1, r.stdout)
	assert.Equal(t, filepath.Join(dir, "mw", "mw.go")+":26:10", ds[0].Posn)
	require.NotEmpty(t, ds[0].SuggestedFixes)
}

func TestVetFix(t *testing.T) {
	t.Parallel()
	vetClifix(t)
	dir := copyDir(t, fixture(t, "clifix"))
	bin := ctxtimeoutBin(t)
	r := run(t, dir, nil, "go", "vet", "-vettool="+bin, "-fix", "./mw", "./svc")
	require.Equal(t, 0, r.code, r.stderr)

	mw, err := os.ReadFile(filepath.Join(dir, "mw", "mw.go"))
	require.NoError(t, err)
	assert.Contains(t, string(mw), "return next(ctx, method, req, opts...)")
	svc, err := os.ReadFile(filepath.Join(dir, "svc", "svc.go"))
	require.NoError(t, err)
	assert.Contains(t, string(svc), "if _, ok := ctx.Deadline(); !ok {")

	// The fixed code builds and has no findings left.
	r = run(t, dir, nil, "go", "build", "./...")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, nil, "go", "vet", "-vettool="+bin, "./mw", "./svc")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, vetFindings(t, r.stderr))
}

// TestVetFactsAcrossPackages checks timeoutflow's facts travel between
// packages through vet's .vetx files: the hazard is reported in package
// api, but the fixed 2s and the appending helper live in client and mid,
// which go vet analyses separately (and, when only ./api is named, for
// their facts alone).
func TestVetFactsAcrossPackages(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "flowfix")
	bin := ctxtimeoutBin(t)
	r := run(t, dir, nil, "go", "vet", "-vettool="+bin, "./api")
	assert.Equal(t, 1, r.code, r.stderr)
	got := vetFindings(t, r.stderr)
	require.Len(t, got, 1, r.stderr)
	assert.Regexp(t, `^api/api.go:26:\d+: ringing timeout req.RingingTimeout \(default 30s\) is replaced by 2s \(DefaultTimeout, client/client.go:11\) via api.Dial → mid.Call → mid.withDefault: `, got[0])
	// The path is also related information, one line per step.
	assert.Contains(t, r.stderr, "mid/mid.go:14:21: \tmid.withDefault: the timeout option placed after the caller's (change this line)")
	assert.Equal(t, standaloneFindings(t, dir, "./api"), got)

	// Vetting everything reports it once, like the standalone command.
	r = run(t, dir, nil, "go", "vet", "-vettool="+bin, "./...")
	assert.Equal(t, standaloneFindings(t, dir, "./..."), vetFindings(t, r.stderr))
}
