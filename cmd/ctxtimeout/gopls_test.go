package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests run build/bin/gopls: gopls v0.23.0 with ctxtimeout's checks
// registered, built by `make gopls` (skipped when up to date).

func goplsBin(t testing.TB) string {
	t.Helper()
	return madeByMake(t, "gopls", "build/bin/gopls")
}

// made holds, per make target, the result of building it once per test
// binary.
var made sync.Map // target -> *madeTarget

type madeTarget struct {
	once sync.Once
	path string
	err  error
}

// madeByMake runs `make target` once per test binary (make skips it when
// up to date) and returns the absolute path of what it builds, path
// relative to the repository root ("" for a target that installs a system
// package).
func madeByMake(t testing.TB, target, path string) string {
	t.Helper()
	v, _ := made.LoadOrStore(target, &madeTarget{})
	m := v.(*madeTarget)
	m.once.Do(func() {
		root := repoRoot(t)
		out, err := exec.Command("make", "-C", root, "--no-print-directory", target).CombinedOutput()
		if err != nil {
			m.err = fmt.Errorf("make %s: %v\n%s", target, err, out)
			return
		}
		if path != "" {
			m.path = filepath.Join(root, filepath.FromSlash(path))
		}
	})
	if m.err != nil {
		t.Fatal(m.err)
	}
	return m.path
}

// goplsLine is gopls check's file:line:col-endcol: message.
var goplsLine = regexp.MustCompile(`^(.+?):(\d+):(\d+)(?:-[\d:]+)?: (.*)$`)

// goplsRelated is a related-information line: file:line: - message.
var goplsRelated = regexp.MustCompile(`^.+?:\d+: - `)

// goplsCheck runs `gopls check` on files (relative to dir) and returns
// "relfile:line:col: message" lines, sorted.
func goplsCheck(t testing.TB, dir string, env []string, files ...string) []string {
	t.Helper()
	r := run(t, dir, env, goplsBin(t), append([]string{"check"}, files...)...)
	require.Equal(t, 0, r.code, r.stderr)
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		if line == "" || goplsRelated.MatchString(line) {
			continue
		}
		m := goplsLine.FindStringSubmatch(line)
		require.NotNil(t, m, "unexpected gopls line %q", line)
		got = append(got, rel(t, dir, m[1])+":"+m[2]+":"+m[3]+": "+m[4])
	}
	sort.Strings(got)
	return got
}

func rel(t testing.TB, dir, path string) string {
	t.Helper()
	r, err := filepath.Rel(dir, path)
	require.NoError(t, err)
	return filepath.ToSlash(r)
}

// inFiles keeps the "file:line:col: message" entries of the given files.
func inFiles(fs []string, files ...string) []string {
	var out []string
	for _, f := range fs {
		for _, file := range files {
			if strings.HasPrefix(f, file+":") {
				out = append(out, f)
			}
		}
	}
	sort.Strings(out)
	return out
}

func TestGoplsCheck(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "clifix")
	files := []string{"svc/svc.go", "mw/mw.go", "ignored/ignored.go"}
	got := goplsCheck(t, dir, nil, files...)
	// gopls has no //lint:ignore, so it reports what -show-ignored shows.
	want := inFiles(standaloneFindings(t, dir, "./..."), files...)
	require.Len(t, want, 3)
	assert.Equal(t, want, got)
}

// TestGoplsDialerExample checks gopls reports, for the dialer's incident
// build, the same findings as the standalone command.
func TestGoplsDialerExample(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "dialer-example")
	want := standaloneFindings(t, dir, "-tags", "incident", "./...")
	files := map[string]bool{"api/api.go": true} // the API entry point, where the incident enters
	for _, f := range want {
		file, _, _ := strings.Cut(f, ":")
		if !strings.HasSuffix(file, "_test.go") {
			files[file] = true
		}
	}
	var list []string
	for f := range files {
		list = append(list, f)
	}
	sort.Strings(list)
	got := goplsCheck(t, dir, []string{"GOFLAGS=-tags=incident"}, list...)
	assert.Equal(t, inFiles(want, list...), got)
}

func TestGoplsQuickFix(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "clifix")
	bin := goplsBin(t)
	for _, tc := range []struct {
		pos, title, added string
	}{
		{"mw/mw.go:26:10", "Forward the caller's opts...", "+\t\treturn next(ctx, method, req, opts...)"},
		{"svc/svc.go:13:42", "Apply the timeout only when the caller set no deadline", "+\tif _, ok := ctx.Deadline(); !ok {"},
	} {
		r := run(t, dir, nil, bin, "codeaction", "-kind=quickfix", tc.pos)
		require.Equal(t, 0, r.code, r.stderr)
		assert.Contains(t, r.stdout, "edit\t"+strconv.Quote(tc.title)+" [quickfix]", tc.pos)

		// Executing it prints the fix as a diff (the file is not written).
		r = run(t, dir, nil, bin, "codeaction", "-kind=quickfix", "-title="+regexp.QuoteMeta(tc.title), "-exec", "-diff", tc.pos)
		require.Equal(t, 0, r.code, r.stderr)
		assert.Contains(t, r.stdout, tc.added, r.stdout)
	}
}
