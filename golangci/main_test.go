package golangci

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var (
	testTmp string // removed after the tests

	gclOnce sync.Once
	gclPath string
	gclErr  error

	ctxOnce sync.Once
	ctxPath string
	ctxErr  error
)

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "ctxtimeout-golangci-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testTmp = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// repoRoot is the root of the ctxtimeout repository.
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// customGCL returns build/bin/custom-gcl, built by `make golangci` (which
// skips the build when the binary is up to date, and serialises concurrent
// builds), once per test binary.
func customGCL(t testing.TB) string {
	t.Helper()
	gclOnce.Do(func() {
		root := repoRoot(t)
		out, err := exec.Command("make", "-C", root, "--no-print-directory", "golangci").CombinedOutput()
		if err != nil {
			gclErr = fmt.Errorf("make golangci: %v\n%s", err, out)
			return
		}
		gclPath = filepath.Join(root, "build", "bin", "custom-gcl")
	})
	if gclErr != nil {
		t.Fatal(gclErr)
	}
	return gclPath
}

// ctxtimeoutBin builds the standalone command once per test binary.
func ctxtimeoutBin(t testing.TB) string {
	t.Helper()
	ctxOnce.Do(func() {
		ctxPath = filepath.Join(testTmp, "bin", "ctxtimeout")
		out, err := exec.Command("go", "build", "-o", ctxPath, filepath.Join(repoRoot(t), "cmd", "ctxtimeout")).CombinedOutput()
		if err != nil {
			ctxErr = fmt.Errorf("go build ctxtimeout: %v\n%s", err, out)
		}
	})
	if ctxErr != nil {
		t.Fatal(ctxErr)
	}
	return ctxPath
}

// result is what a command printed and how it exited.
type result struct {
	stdout, stderr string
	code           int
}

// run runs name with args in dir with the test's environment plus env.
// golangci-lint and ctxtimeout get caches of their own under the test's
// temporary directory.
func run(t testing.TB, dir string, env []string, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GOLANGCI_LINT_CACHE="+filepath.Join(testTmp, "golangci-cache"),
		"CTXTIMEOUT_CACHE="+filepath.Join(testTmp, "ctxtimeout-cache"),
	)
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("running %s %s: %v", name, strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	return result{stdout: stdout.String(), stderr: stderr.String(), code: code}
}

// copyDir copies the tree src into a fresh temporary directory.
func copyDir(t testing.TB, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}
