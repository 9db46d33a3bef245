package summary_test

import (
	"bytes"
	"encoding/gob"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/fixture"
	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/summary"
)

// encoded is what one package's facts weigh when gob-encoded together, as
// go vet's .vetx does (one encoder per package).
type encoded struct {
	Funcs []*summary.FuncSummary
	Pkg   []*summary.PackageSummary
}

// factBytes runs the summary analyzer over the loaded packages and all
// their dependencies and returns the gob size of each package's own facts.
func factBytes(t *testing.T, cfg *packages.Config, patterns ...string) map[string]int {
	t.Helper()
	cfg.Mode = packages.LoadAllSyntax
	pkgs, err := packages.Load(cfg, patterns...)
	require.NoError(t, err)
	require.NotEmpty(t, pkgs)
	g, err := checker.Analyze([]*analysis.Analyzer{summary.Analyzer}, pkgs, nil)
	require.NoError(t, err)
	sizes := map[string]int{}
	for act := range g.All() {
		if act.Analyzer != summary.Analyzer || act.Package == nil {
			continue
		}
		var e encoded
		for _, f := range act.AllObjectFacts() {
			if f.Object.Pkg() == act.Package.Types {
				e.Funcs = append(e.Funcs, f.Fact.(*summary.FuncSummary))
			}
		}
		for _, f := range act.AllPackageFacts() {
			if f.Package == act.Package.Types {
				e.Pkg = append(e.Pkg, f.Fact.(*summary.PackageSummary))
			}
		}
		if len(e.Funcs) == 0 && len(e.Pkg) == 0 {
			sizes[act.Package.PkgPath] = 0
			continue
		}
		var buf bytes.Buffer
		require.NoError(t, gob.NewEncoder(&buf).Encode(e))
		sizes[act.Package.PkgPath] = buf.Len()
	}
	return sizes
}

func report(t *testing.T, sizes map[string]int, prefix string) (own, total int) {
	t.Helper()
	keys := make([]string, 0, len(sizes))
	for k := range sizes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		total += sizes[k]
		if strings.HasPrefix(k, prefix) {
			own += sizes[k]
			t.Logf("%-50s %6d bytes", k, sizes[k])
		}
	}
	t.Logf("own packages: %d bytes; all %d packages incl. dependencies: %d bytes", own, len(sizes), total)
	return own, total
}

func TestFactSizesFixtures(t *testing.T) {
	t.Parallel()
	cfg := &packages.Config{
		Dir: fixture.Dir("timeoutflow"),
		Env: fixture.Env(),
	}
	sizes := factBytes(t, cfg, "timeoutflow/...")
	own, _ := report(t, sizes, "timeoutflow/")
	assert.Positive(t, own)
	for pkg, n := range sizes {
		if strings.HasPrefix(pkg, "timeoutflow/") {
			assert.Less(t, n, 8<<10, "facts of %s", pkg)
		}
	}
}

func TestFactSizesDialer(t *testing.T) {
	t.Parallel()
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "dialer-example"))
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Skip("dialer-example not present")
	}
	if testing.Short() {
		t.Skip("loads the dialer-example and its dependencies")
	}
	for _, tags := range []string{"", "incident"} {
		cfg := &packages.Config{Dir: dir, Env: append(os.Environ(), "GOFLAGS=-tags="+tags, "GOWORK=off")}
		sizes := factBytes(t, cfg, "./...")
		t.Logf("tags=%q", tags)
		own, total := report(t, sizes, "github.com/ctxtimeout/dialer-example")
		assert.Less(t, own, 64<<10)
		assert.Less(t, total, 1<<20)
	}
}
