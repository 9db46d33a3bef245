package timeoutflow_test

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis/analysistest"
)

// The tool under test: timeoutflow alone in a multichecker, which serves
// both standalone runs and go vet -vettool (facts through .vetx files).
var (
	toolOnce sync.Once
	toolPath string
	toolErr  error
	toolOut  []byte
	toolDir  string
)

func buildTool(t *testing.T) string {
	t.Helper()
	toolOnce.Do(func() {
		toolDir, toolErr = os.MkdirTemp("", "timeoutflow-tool")
		if toolErr != nil {
			return
		}
		toolPath = filepath.Join(toolDir, "tfcheck")
		cmd := exec.Command("go", "build", "-o", toolPath, "./internal/vetcheck")
		toolOut, toolErr = cmd.CombinedOutput()
	})
	require.NoError(t, toolErr, "building the tool: %s", toolOut)
	return toolPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if toolDir != "" {
		_ = os.RemoveAll(toolDir)
	}
	os.Exit(code)
}

// finding is one diagnostic as printed: file relative to the module root,
// line, column and message (related lines, printed indented, are skipped).
type finding struct {
	File    string
	Line    string
	Col     string
	Message string
}

var diagLine = regexp.MustCompile(`^(\S+\.go):(\d+):(\d+): (.+)$`)

func parseFindings(t *testing.T, out []byte, root string) []finding {
	t.Helper()
	var fs []finding
	seen := map[finding]bool{}
	for _, line := range strings.Split(string(out), "\n") {
		m := diagLine.FindStringSubmatch(line)
		if m == nil || strings.HasPrefix(m[4], "\t") {
			continue
		}
		file := m[1]
		if filepath.IsAbs(file) {
			if rel, err := filepath.Rel(root, file); err == nil {
				file = rel
			}
		}
		f := finding{File: filepath.ToSlash(file), Line: m[2], Col: m[3], Message: m[4]}
		if !seen[f] {
			seen[f] = true
			fs = append(fs, f)
		}
	}
	sort.Slice(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Message < b.Message
	})
	return fs
}

func run(t *testing.T, dir string, env []string, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if _, isExit := err.(*exec.ExitError); err != nil && !isExit {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return out.Bytes()
}

// fixtureModule copies the GOPATH fixtures into a module named
// timeoutflow, so that their import paths stay valid for go vet.
func fixtureModule(t *testing.T) string {
	t.Helper()
	src := filepath.Join(analysistest.TestData(), "src", "timeoutflow")
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dst, "go.mod"), []byte("module timeoutflow\n\ngo 1.26.0\n"), 0o644))
	return dst
}

// wantCount counts the // want comments of the fixtures.
func wantCount(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		n += strings.Count(string(data), "// want `")
		return err
	}))
	return n
}

// TestVetMatchesStandalone runs the fixtures through go vet -vettool (each
// package analysed in its own process, facts passed through .vetx files)
// and through the standalone driver (one process), and compares.
func TestVetMatchesStandalone(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds a tool and runs go vet")
	}
	tool := buildTool(t)
	mod := fixtureModule(t)
	env := []string{"GOWORK=off", "GOFLAGS=-mod=mod"}
	vet := parseFindings(t, run(t, mod, env, "go", "vet", "-vettool="+tool, "./..."), mod)
	alone := parseFindings(t, run(t, mod, env, tool, "./..."), mod)
	assert.Equal(t, vet, alone, "go vet and standalone findings differ")
	assert.Len(t, vet, wantCount(t, mod), "one finding per // want in the fixtures")
	for _, f := range vet {
		assert.NotContains(t, f.Message, "$", "SSA names must not leak into messages")
	}
}
