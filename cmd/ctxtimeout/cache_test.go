package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCacheKeyIncludesFlags proves that lintcmd's result cache cannot serve
// results computed with other analyzer flag values: lintcmd's own cache key
// ignores them, so ctxtimeout keys the cache directory on them.
func TestCacheKeyIncludesFlags(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "clifix")
	bin := ctxtimeoutBin(t)
	cache := t.TempDir()
	env := []string{"CTXTIMEOUT_CACHE=" + cache}
	const flagArg = "-hardcodedtimeout.options=example.com/clifix/rpc.WithBudget"

	budgetFindings := func(r result) int {
		n := 0
		for _, f := range parseText(t, r.stdout) {
			if f.File == "budget/budget.go" {
				n++
			}
		}
		return n
	}

	// 1. Default flags: rpc.WithBudget is not a known timeout option. This
	// run fills the cache for ./budget.
	r := run(t, dir, env, bin, "./budget")
	assert.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.Zero(t, budgetFindings(r))

	// 2. The flag names it: the finding appears although the source and
	// the binary are unchanged (lintcmd alone would replay run 1).
	r = run(t, dir, env, bin, flagArg, "./budget")
	assert.Equal(t, 1, r.code, r.stderr)
	require.Equal(t, 1, budgetFindings(r), r.stdout)
	assert.Contains(t, r.stdout, "rpc.WithBudget")

	// 3. Back to the defaults, and again with the flag: each flag setting
	// replays its own cached results.
	r = run(t, dir, env, bin, "./budget")
	assert.Zero(t, budgetFindings(r), r.stdout)
	r = run(t, dir, env, bin, flagArg, "./budget")
	assert.Equal(t, 1, budgetFindings(r), r.stdout)

	// One cache directory per flag setting, under CTXTIMEOUT_CACHE.
	entries, err := os.ReadDir(cache)
	require.NoError(t, err)
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), "flags-") {
			dirs = append(dirs, e.Name())
		}
	}
	assert.Len(t, dirs, 2, "cache dirs: %v", dirs)
	for _, d := range dirs {
		_, err := os.Stat(filepath.Join(cache, d, "README"))
		assert.NoError(t, err, "lintcmd initialised %s", d)
	}
}

func TestFlagsKey(t *testing.T) {
	t.Parallel()
	afs := analyzerFlags(allForTest())
	require.NotEmpty(t, afs, "the checks have flags")
	k1 := flagsKey(afs)
	assert.Equal(t, k1, flagsKey(afs), "stable")
	assert.Len(t, k1, 16)
	// A different value gives a different key; analyzerFlags returns the
	// live flags, so compare against a copy with a changed value.
	changed := make([]analyzerFlag, len(afs))
	copy(changed, afs)
	fake := *changed[0].flag
	fake.Value = constValue("something-else")
	changed[0].flag = &fake
	assert.NotEqual(t, k1, flagsKey(changed))
}

type constValue string

func (v constValue) String() string   { return string(v) }
func (v constValue) Set(string) error { return nil }
