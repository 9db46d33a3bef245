package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVersionLine(t *testing.T) {
	t.Parallel()
	vcs := func(rev, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}
	}
	const rev = "758eea64f6ee2c2e337c8b2417fa3fe30cba252c"
	for _, c := range []struct {
		name, version string
		settings      []debug.BuildSetting
		want          string
	}{
		{"go install @tag", "v0.1.0", nil, "ctxtimeout 0.1.0 (v0.1.0)"},
		{"go install @commit", "v0.0.0-20261203053719-758eea64f6ee", nil, "ctxtimeout 0.0.0-20261203053719-758eea64f6ee (v0.0.0-20261203053719-758eea64f6ee)"},
		{"clone, clean", "v0.0.0-20261203053719-758eea64f6ee", vcs(rev, "false"), "ctxtimeout devel +758eea6"},
		{"clone, dirty", "v0.0.0-20261203053719-758eea64f6ee+dirty", vcs(rev, "true"), "ctxtimeout devel +758eea6 (dirty)"},
		{"clone at a tag", "v0.1.0", vcs(rev, "false"), "ctxtimeout 0.1.0 (v0.1.0)"},
		{"clone at a tag, dirty", "v0.1.0+dirty", vcs(rev, "true"), "ctxtimeout devel +758eea6 (dirty)"},
		{"clone, old go command", "(devel)", vcs(rev, "true"), "ctxtimeout devel +758eea6 (dirty)"},
		{"no VCS stamp", "(devel)", nil, "ctxtimeout devel (no version: built outside a VCS checkout or with -buildvcs=false)"},
	} {
		bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/ctxtimeout/ctxtimeout", Version: c.version}, Settings: c.settings}
		assert.Equal(t, c.want, versionLine(bi), c.name)
	}
	assert.NotContains(t, versionLine(nil), "(no version)\n")
}

// TestVersionFromClone builds the command in this checkout with VCS
// stamping (the default outside this machine's GOFLAGS=-buildvcs=false) and
// checks that -version names the revision instead of "(no version)".
func TestVersionFromClone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	t.Parallel()
	head, err := exec.Command("git", "-C", repoRoot(t), "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "ctxtimeout")
	r := run(t, ".", nil, "go", "build", "-buildvcs=true", "-o", bin, ".")
	require.Equal(t, 0, r.code, "go build -buildvcs=true:\n%s", r.stderr)
	r = run(t, t.TempDir(), nil, bin, "-version")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `^ctxtimeout devel \+`+regexp.QuoteMeta(string(head[:7]))+`( \(dirty\))?\n$`, r.stdout)
}

// TestHelp checks that -help starts by saying what ctxtimeout is for (the
// hazard, the three checks, the ways to run it) and that lintcmd flags
// that do not apply are hidden or explained.
func TestHelp(t *testing.T) {
	t.Parallel()
	bin := ctxtimeoutBin(t)
	for _, arg := range []string{"-help", "-h", "--help"} {
		r := run(t, t.TempDir(), nil, bin, arg)
		require.Equal(t, 0, r.code, "%s: %s", arg, r.stderr)
		lines := strings.Split(r.stdout, "\n")
		require.Greater(t, len(lines), 15, r.stdout)
		head := strings.Join(lines[:15], "\n")
		// The first paragraph (up to the first blank line) explains the tool.
		para, _, ok := strings.Cut(head, "\n\n")
		require.True(t, ok, "no paragraph in the first 15 lines:\n%s", head)
		assert.True(t, strings.HasPrefix(para, "ctxtimeout finds context timeout hazards"), para)
		assert.Contains(t, para, "silently overrides or caps the deadline the caller asked for")
		for _, a := range allForTest() {
			title, _ := analyzerDoc(a)
			assert.Regexp(t, `(?m)^  `+a.Name+` +`+regexp.QuoteMeta(title)+`$`, para)
		}
		for _, route := range []string{"ctxtimeout ./...", "go vet -vettool=$(which ctxtimeout) ./...", "golangci-lint v2 module\nplugin", "gopls"} {
			assert.Contains(t, para, route)
		}
		assert.Contains(t, head, "Usage: ctxtimeout [flags] [packages]")

		// staticcheck's CI plumbing is hidden; -checks' "inherit" is explained.
		for _, hidden := range []string{"-merge", "-matrix", "binary", "  -help", "  -h\t", "-debug."} {
			assert.NotContains(t, r.stdout, hidden)
		}
		assert.Contains(t, r.stdout, `(default "inherit": all checks, unless a staticcheck.conf`)
		assert.NotContains(t, r.stdout, "Staticcheck")
		assert.Empty(t, r.stderr)
	}
	// A flag error still prints the usage, on standard error, with exit 2.
	r := run(t, t.TempDir(), nil, bin, "-no-such-flag")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "flag provided but not defined: -no-such-flag\nctxtimeout finds context timeout hazards")
	assert.Empty(t, r.stdout)
}

// TestNoPackagesMeansDot checks that a bare ctxtimeout behaves exactly like
// ctxtimeout . (same output, same exit status), in a module and in a
// directory with no module.
func TestNoPackagesMeansDot(t *testing.T) {
	t.Parallel()
	bin := ctxtimeoutBin(t)
	noModule := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(noModule, "x.go"), []byte("package x\n"), 0o644))
	for _, c := range []struct {
		name, dir string
		flags     []string
		code      int
		want      string
	}{
		{"no module", noModule, nil, 1, `warning: "." matched no packages`},
		{"no module, json", noModule, []string{"-f", "json"}, 1, `warning: "." matched no packages`},
		{"package with a finding", filepath.Join(fixture(t, "clifix"), "mw"), nil, 1, "mw.go:26:10: caller's options are dropped"},
		{"package with a finding, sarif", filepath.Join(fixture(t, "clifix"), "mw"), []string{"-f", "sarif"}, 1, `"ruleId": "deadlinereplace"`},
		{"clean package", filepath.Join(fixture(t, "clifix"), "backend"), nil, 0, ""},
	} {
		bare := run(t, c.dir, nil, bin, c.flags...)
		dot := run(t, c.dir, nil, bin, append(append([]string{}, c.flags...), ".")...)
		if strings.Contains(strings.Join(c.flags, " "), "sarif") {
			// The SARIF log records the command line, which differs by the ".".
			args := "\"arguments\": [" + sarifArgs(c.flags)
			require.Contains(t, dot.stdout, args+",\n            \".\"\n          ]")
			dot.stdout = strings.Replace(dot.stdout, args+",\n            \".\"\n", args+"\n", 1)
		}
		assert.Equal(t, dot, bare, c.name)
		assert.Equal(t, c.code, bare.code, "%s: %s%s", c.name, bare.stdout, bare.stderr)
		assert.Contains(t, bare.stdout+bare.stderr, c.want, c.name)
	}
}

// sarifArgs is how the SARIF log's invocation lists args, up to the last.
func sarifArgs(args []string) string {
	var b strings.Builder
	for i, a := range args {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n            \"" + a + "\"")
	}
	return b.String()
}
