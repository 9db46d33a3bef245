package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

// TestGoInstallLatest checks the README's install command,
// `go install github.com/ctxtimeout/ctxtimeout/cmd/ctxtimeout@latest`, as
// it will run once a version is published: the module at HEAD is served as
// v0.1.0 from a local file proxy (in front of the usual one, for the
// dependencies), installed with @latest, and run. This catches what only
// breaks for users: replace directives, files a module zip refuses, a
// binary that needs the repository around it.
func TestGoInstallLatest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command from a module zip")
	}
	t.Parallel()
	const mod, version = "github.com/ctxtimeout/ctxtimeout", "v0.1.0"
	root := repoRoot(t)
	proxy := t.TempDir()
	dir := filepath.Join(proxy, mod, "@v")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	f, err := os.Create(filepath.Join(dir, version+".zip"))
	require.NoError(t, err)
	// The committed tree, as the module proxy would serve a tag of it.
	require.NoError(t, modzip.CreateFromVCS(f, module.Version{Path: mod, Version: version}, root, "HEAD", ""))
	require.NoError(t, f.Close())
	gomod, err := exec.Command("git", "-C", root, "show", "HEAD:go.mod").Output()
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, version+".mod"), gomod, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, version+".info"), []byte(`{"Version":"`+version+`","Time":"2026-01-01T00:00:00Z"}`), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "list"), []byte(version+"\n"), 0o644))

	upstream, err := exec.Command("go", "env", "GOPROXY").Output()
	require.NoError(t, err)
	gobin := t.TempDir()
	env := []string{
		"GOPROXY=file://" + filepath.ToSlash(proxy) + "," + strings.TrimSpace(string(upstream)),
		"GONOSUMDB=" + mod, "GOFLAGS=-modcacherw", "GOBIN=" + gobin,
		// A private, writable (so removable) module cache: the fake v0.1.0
		// must not be cached for real use, and one cached by an earlier run
		// must not be used.
		"GOMODCACHE=" + t.TempDir(),
	}
	r := run(t, t.TempDir(), env, "go", "install", mod+"/cmd/ctxtimeout@latest")
	require.Equal(t, 0, r.code, "go install:\n%s", r.stderr)
	bin := filepath.Join(gobin, "ctxtimeout")

	r = run(t, t.TempDir(), nil, bin, "-version")
	assert.Equal(t, "ctxtimeout 0.1.0 (v0.1.0)\n", r.stdout)
	r = run(t, filepath.Join(root, "dialer-example"), nil, bin, "-tags", "incident", "./...")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stdout, "api/api.go:205:40: ringing timeout req.RingingTimeout (default 30s) is replaced by 3s")
}
