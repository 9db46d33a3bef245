package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVetDogfood runs ctxtimeout as a go vet tool over this repository's
// own module: the linter's code must be clean by its own rules.
func TestVetDogfood(t *testing.T) {
	t.Parallel()
	bin := ctxtimeoutBin(t)
	cmd := exec.Command("go", "vet", "-vettool="+bin, "./...")
	cmd.Dir = repoRoot(t)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go vet -vettool over the repository:\n%s", out)
	assert.Empty(t, strings.TrimSpace(string(out)))
}

// wantRE matches an analysistest diagnostic expectation comment (a
// quoted pattern; fact expectations, want Name:"...", are not findings).
var wantRE = regexp.MustCompile("//\\s*want\\s+[\"`]")

// vetLineRE matches "src/<file>.go:<line>:<col>: message" as printed by
// go vet in GOPATH mode (paths relative to the working directory); related
// positions, printed below a finding with a tab-indented message, do not match.
var vetLineRE = regexp.MustCompile(`^(?:\./)?(src/[^:]+\.go):(\d+):\d+: [^\t]`)

// TestVetFixturesMatchWant runs ctxtimeout as a go vet tool over each
// check's analysistest fixtures (analyzers/<check>/testdata/src/<check>, GOPATH layout with
// third-party stubs), with that check alone and the flags its analysistest
// uses, and checks that it reports on exactly the lines that carry a
// // want comment: the same findings as analysistest, through the vet
// driver and its .vetx facts.
func TestVetFixturesMatchWant(t *testing.T) {
	t.Parallel()
	bin := ctxtimeoutBin(t)
	for _, tc := range []struct {
		check string
		flags []string
	}{
		{"hardcodedtimeout", []string{"-hardcodedtimeout.options=hardcodedtimeout/options.WithBudget"}},
		{"deadlinereplace", []string{"-deadlinereplace.options=deadlinereplace/options.WithBudget"}},
		{"timeoutflow", nil},
	} {
		t.Run(tc.check, func(t *testing.T) {
			t.Parallel()
			gopath := filepath.Join(repoRoot(t), "analyzers", tc.check, "testdata")
			want := wantLines(t, gopath, tc.check)
			require.NotEmpty(t, want)

			args := append([]string{"vet", "-vettool=" + bin, "-" + tc.check}, tc.flags...)
			cmd := exec.Command("go", append(args, tc.check+"/...")...)
			cmd.Dir = gopath
			cmd.Env = append(os.Environ(), "GO111MODULE=off", "GOPATH="+gopath, "GOFLAGS=", "GOWORK=off")
			out, _ := cmd.CombinedOutput() // exit 1: there are findings
			require.NotContains(t, string(out), "panic:", "%s", out)

			got := map[string]bool{}
			for _, line := range strings.Split(string(out), "\n") {
				if m := vetLineRE.FindStringSubmatch(line); m != nil {
					got[m[1]+":"+m[2]] = true
				}
			}
			assert.Equal(t, sorted(want), sorted(got), "go vet -vettool output:\n%s", out)
		})
	}
}

// wantLines returns "src/<file>:<line>" for every line under
// <gopath>/src/<check> that carries a // want comment.
func wantLines(t *testing.T, gopath, check string) map[string]bool {
	t.Helper()
	want := map[string]bool{}
	err := filepath.WalkDir(filepath.Join(gopath, "src", check), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		rel, _ := filepath.Rel(gopath, path)
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			if wantRE.MatchString(sc.Text()) {
				want[rel+":"+strconv.Itoa(n)] = true
			}
		}
		return sc.Err()
	})
	require.NoError(t, err)
	return want
}

func sorted(m map[string]bool) []string {
	s := make([]string, 0, len(m))
	for k := range m {
		s = append(s, k)
	}
	sort.Strings(s)
	return s
}
