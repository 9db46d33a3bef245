package deadlinereplace_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/ctxtimeout/ctxtimeout/analyzers/deadlinereplace"
)

// TestAnalyzer checks every // want in the fixtures and every suggested fix
// against its .golden file.
func TestAnalyzer(t *testing.T) {
	t.Parallel()
	// -options registers an extra timeout option that the name rule misses.
	a := deadlinereplace.NewAnalyzer()
	require.NoError(t, a.Flags.Set("options", "deadlinereplace/options.WithBudget"))
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), a, "deadlinereplace/...")
}

// TestDeterministic runs the analyzer twice over the same loaded fixtures
// and compares the findings and fixes byte for byte.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	dir := analysistest.TestData()
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax,
		Dir:   filepath.Join(dir, "src"),
		Env:   append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOPROXY=off", "GOFLAGS="),
		Tests: true,
	}
	pkgs, err := packages.Load(cfg, "deadlinereplace/...")
	require.NoError(t, err)
	require.Zero(t, packages.PrintErrors(pkgs))
	render := func() string {
		a := deadlinereplace.NewAnalyzer()
		g, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
		require.NoError(t, err)
		var b strings.Builder
		for _, act := range g.Roots {
			require.NoError(t, act.Err)
			for _, d := range act.Diagnostics {
				fmt.Fprintf(&b, "%s: %s\n", act.Package.Fset.Position(d.Pos), d.Message)
				for _, f := range d.SuggestedFixes {
					for _, e := range f.TextEdits {
						fmt.Fprintf(&b, "\t%s %d-%d %q\n", f.Message, e.Pos, e.End, e.NewText)
					}
				}
			}
		}
		return b.String()
	}
	first := render()
	require.Contains(t, first, "caller's timeout option is replaced")
	require.Equal(t, first, render())
}
