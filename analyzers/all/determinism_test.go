package all_test

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"go/token"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/ctxtimeout/ctxtimeout/analyzers/all"
	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/fixture"
)

// analyzeFixtures loads the fixtures afresh and runs every registered
// analyzer over them, in parallel, returning everything a driver could
// print or store: diagnostics with related positions and suggested fixes
// in report order, errors, and every fact in its serialized form.
func analyzeFixtures(t *testing.T) []byte {
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax,
		Tests: true,
		Dir:   fixture.Root(),
		Env:   fixture.Env(),
	}
	pkgs, err := packages.Load(cfg, fixture.Patterns()...)
	require.NoError(t, err)
	require.NotEmpty(t, pkgs)

	graph, err := checker.Analyze(all.Analyzers(), pkgs, &checker.Options{SanityCheck: true})
	require.NoError(t, err)

	var out bytes.Buffer
	pos := func(fset *token.FileSet, p token.Pos) string {
		position := fset.Position(p)
		position.Filename = fixture.Rel(position.Filename)
		return position.String()
	}
	for _, act := range graph.Roots {
		fset := act.Package.Fset
		if act.Err != nil {
			fmt.Fprintf(&out, "%s %s: error: %v\n", act.Analyzer.Name, act.Package.ID, act.Err)
		}
		for _, d := range act.Diagnostics {
			fmt.Fprintf(&out, "%s: [%s] %s (%s)\n", pos(fset, d.Pos), act.Analyzer.Name, d.Message, d.Category)
			for _, r := range d.Related {
				fmt.Fprintf(&out, "\trelated %s: %s\n", pos(fset, r.Pos), r.Message)
			}
			for _, f := range d.SuggestedFixes {
				fmt.Fprintf(&out, "\tfix %q\n", f.Message)
				for _, e := range f.TextEdits {
					fmt.Fprintf(&out, "\t\t%s-%s %q\n", pos(fset, e.Pos), pos(fset, e.End), e.NewText)
				}
			}
		}
	}

	// Facts: their gob encoding is what go vet stores in .vetx files and
	// hashes into its cache keys, so it must be byte-stable too.
	var facts []string
	for act := range graph.All() {
		for _, f := range act.AllObjectFacts() {
			if f.Object.Pkg() != act.Package.Types {
				continue // inherited from a dependency: listed there
			}
			facts = append(facts, fmt.Sprintf("%s %s %s: %s", act.Analyzer.Name, act.Package.ID,
				pos(act.Package.Fset, f.Object.Pos()), encodeFact(t, f.Fact)))
		}
		for _, f := range act.AllPackageFacts() {
			if f.Package != act.Package.Types {
				continue
			}
			facts = append(facts, fmt.Sprintf("%s %s package: %s", act.Analyzer.Name, act.Package.ID, encodeFact(t, f.Fact)))
		}
	}
	sort.Strings(facts) // the graph runs in parallel; the set must be the same, not the order
	for _, f := range facts {
		fmt.Fprintln(&out, f)
	}
	return out.Bytes()
}

func encodeFact(t *testing.T, f analysis.Fact) string {
	var buf bytes.Buffer
	require.NoError(t, gob.NewEncoder(&buf).Encode(f), "gob-encoding fact %T", f)
	return fmt.Sprintf("%T %x", f, buf.Bytes())
}

// TestDeterminism runs every analyzer twice over all fixtures (fresh
// loads, parallel execution) and requires byte-identical output.
func TestDeterminism(t *testing.T) {
	if testing.Short() {
		t.Skip("loads every fixture twice")
	}
	t.Parallel()
	first := analyzeFixtures(t)
	second := analyzeFixtures(t)
	require.NotEmpty(t, first)
	require.True(t, bytes.Contains(first, []byte("] ")), "fixtures produced no diagnostics at all:\n%s", first)
	require.Equal(t, string(first), string(second), "two runs over the fixtures differ")
}
