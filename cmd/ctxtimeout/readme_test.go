package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readmeSection returns the README section under the "## title" heading,
// up to the next "## " heading.
func readmeSection(t testing.TB, title string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	require.NoError(t, err)
	s := string(data)
	i := strings.Index(s, "\n## "+title+"\n")
	require.GreaterOrEqual(t, i, 0, "README has no section %q", title)
	s = s[i+1:]
	if j := strings.Index(s[3:], "\n## "); j >= 0 {
		s = s[:j+3]
	}
	return s
}

var fencedYAML = regexp.MustCompile("(?s)```yaml\n(.*?)```")

// TestREADMEWorkflows lints the README's GitHub Actions recipes with
// actionlint (`make actionlint`): workflow syntax, runner labels, action
// inputs, permissions and expressions.
func TestREADMEWorkflows(t *testing.T) {
	t.Parallel()
	actionlint := madeByMake(t, "actionlint", "build/bin/actionlint")
	blocks := fencedYAML.FindAllStringSubmatch(readmeSection(t, "CI (GitHub Actions)"), -1)
	require.Len(t, blocks, 2, "the vet workflow and the SARIF workflow")

	dir := t.TempDir() // actionlint looks for a repository with .github/workflows
	require.NoError(t, exec.Command("git", "init", "-q", dir).Run())
	wf := filepath.Join(dir, ".github", "workflows")
	require.NoError(t, os.MkdirAll(wf, 0o755))
	for i, b := range blocks {
		require.NoError(t, os.WriteFile(filepath.Join(wf, "readme"+itoa(i)+".yml"), []byte(b[1]), 0o644))
	}
	r := run(t, dir, nil, actionlint, "-shellcheck=", "-pyflakes=")
	assert.Equal(t, 0, r.code, "actionlint:\n%s%s", r.stdout, r.stderr)

	// Each recipe runs our command as the README documents it.
	assert.Contains(t, blocks[0][1], `go vet -vettool="$(go env GOPATH)/bin/ctxtimeout" ./...`)
	assert.Contains(t, blocks[1][1], "ctxtimeout -f sarif ./... > ctxtimeout.sarif")
	assert.Contains(t, blocks[1][1], "github/codeql-action/upload-sarif")
	assert.Contains(t, blocks[1][1], "security-events: write")
}

// TestREADMEGolangciConfig checks the README's .golangci.yml with the
// custom golangci-lint's own `config verify` (its JSON schema) and that it
// enables exactly our checks.
func TestREADMEGolangciConfig(t *testing.T) {
	t.Parallel()
	gcl := madeByMake(t, "golangci", "build/bin/custom-gcl")
	var cfg string
	for _, b := range fencedYAML.FindAllStringSubmatch(readmeSection(t, "golangci-lint (v2 module plugin)"), -1) {
		if strings.HasPrefix(b[1], "# .golangci.yml\n") {
			cfg = b[1]
		}
	}
	require.NotEmpty(t, cfg, "README has a .golangci.yml block")
	for _, n := range checkNames() {
		assert.Contains(t, cfg, "    - "+n+"\n")
		assert.Contains(t, cfg, "      "+n+":\n")
	}
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".golangci.yml"), []byte(cfg), 0o644))
	r := run(t, dir, nil, gcl, "config", "verify")
	assert.Equal(t, 0, r.code, "config verify:\n%s%s", r.stdout, r.stderr)

	// A misspelt key is caught the same way, so the check is not vacuous.
	bad := strings.Replace(cfg, "original-url:", "original_url:", 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".golangci.yml"), []byte(bad), 0o644))
	r = run(t, dir, nil, gcl, "config", "verify")
	assert.NotEqual(t, 0, r.code, "config verify accepted a misspelt key")
}
