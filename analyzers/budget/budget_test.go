package budget_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/ctxtimeout/ctxtimeout/analyzers/budget"
	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/fixture"
)

// report runs the analyzer over timeoutflow's fixtures and renders each
// entry as one line per outbound place and narrowing.
func report(t *testing.T, pkg string) map[string][]string {
	t.Helper()
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: fixture.Dir("timeoutflow"), Env: fixture.Env()}
	pkgs, err := packages.Load(cfg, pkg)
	require.NoError(t, err)
	require.Zero(t, packages.PrintErrors(pkgs))
	g, err := checker.Analyze([]*analysis.Analyzer{budget.Analyzer}, pkgs, nil)
	require.NoError(t, err)
	out := map[string][]string{}
	for _, act := range g.Roots {
		require.NoError(t, act.Err)
		for _, en := range act.Result.(*budget.Report).Entries {
			var lines []string
			for _, o := range en.Outbound {
				lines = append(lines, fmt.Sprintf("outbound %s: %s cut=%t", o.Func, o.Effective.Text, o.Cut))
			}
			for _, n := range en.Narrowings {
				var fns []string
				for _, s := range n.Steps {
					fns = append(fns, s.Func)
				}
				lines = append(lines, fmt.Sprintf("%s by %s via %s", n.Kind, n.Value.Text, strings.Join(fns, " → ")))
			}
			out[en.Func+" "+en.Budget.Text] = lines
		}
	}
	return out
}

func TestDeadlineBudgets(t *testing.T) {
	t.Parallel()
	got := report(t, "timeoutflow/budget")
	// The budgets cut by a fixed bound below.
	assert.Equal(t, []string{
		"outbound budget.query: 2s cut=true",
		"capped by 2s via budget.Handle → budget.query",
	}, got["budget.Handle req.WaitTimeout"])
	assert.Equal(t, []string{
		"outbound db.Query: 2s cut=true",
		"capped by 2s via (*budget.Server).ViaInterface → (store.SQL).Get → db.Query",
	}, got["(*budget.Server).ViaInterface req.WaitTimeout"])
	// A budget of at most 1s under a 2s cap: shown, and it holds.
	assert.Equal(t, []string{
		"outbound db.Query: req.QuickWait (default 1s) cut=false",
		"capped by 2s via budget.Shorter → store.Get → db.Query",
	}, got["budget.Shorter req.QuickWait (default 1s)"])
	// Guarded, remaining-budget, detached and wait-only paths have no
	// narrowing: nothing to report about them.
	for _, fn := range []string{"Guarded", "GuardedImpl", "Remaining", "DetachedQuery", "Waits", "Background", "FixedBudget"} {
		for k := range got {
			assert.False(t, strings.HasPrefix(k, "budget."+fn+" req."), "%s: %v", k, got[k])
		}
	}
}

func TestOptionBudgets(t *testing.T) {
	t.Parallel()
	got := report(t, "timeoutflow/a")
	// A replaced option: the cut, and where.
	lines := got["a.Appended req.RingingTimeout (default 30s)"]
	require.NotEmpty(t, lines, "%v", got)
	assert.Contains(t, lines, "replaced by 2s via a.Appended → b.Append → b.withDefault")
	for _, l := range lines {
		if strings.HasPrefix(l, "outbound ") {
			assert.True(t, strings.HasSuffix(l, ": 2s cut=true"), l)
		}
	}
	// A shorter user value (default 1s) is not cut by a 2s default.
	for k, v := range got {
		if k == "a.Shorter req.QuickTimeout (default 1s)" {
			for _, l := range v {
				assert.False(t, strings.HasSuffix(l, "cut=true"), "%s: %s", k, l)
			}
		}
	}
}

// TestContextValueBudgets: a timeout carried in a context value ends
// where the client applies it, cut, replaced or intact.
func TestContextValueBudgets(t *testing.T) {
	t.Parallel()
	got := report(t, "timeoutflow/ctxvalue/api")
	assert.Equal(t, []string{
		"outbound client.Call: 2s cut=true",
		"capped by 2s via api.HandleLookup → svc.Lookup",
	}, got["api.HandleLookup req.Timeout"])
	assert.Equal(t, []string{
		"outbound client.Call: 3s cut=true",
		"replaced by 3s via api.HandleFetch → svc.Fetch → client.Call",
	}, got["api.HandleFetch req.Timeout"])
	assert.Equal(t, []string{
		"outbound client.Call: req.Timeout cut=false",
	}, got["api.HandleFetchDefault req.Timeout"], "a default only when the request carries none")
	assert.NotContains(t, got, "api.HandleTTL req.TTL", "a value nothing applies as a bound is no budget")
}
