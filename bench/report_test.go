package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStat(t *testing.T) {
	lo, med := stat([]float64{3, 1, 2})
	assert.Equal(t, 1.0, lo)
	assert.Equal(t, 2.0, med)
	lo, med = stat([]float64{4, 1, 2, 3})
	assert.Equal(t, 1.0, lo)
	assert.Equal(t, 2.5, med)
}

func TestLoadPinned(t *testing.T) {
	mods, err := loadPinned()
	require.NoError(t, err)
	bench, cold := 0, 0
	for _, m := range mods {
		assert.True(t, strings.HasPrefix(m.Pattern, m.Path), "%s: pattern %s outside the module", m.Path, m.Pattern)
		if m.Role == "bench" {
			bench++
		}
		if m.Role == "cold" {
			cold++
		}
	}
	assert.GreaterOrEqual(t, bench, 3, "issue 6: at least 3 bench modules")
	assert.Equal(t, 1, cold, "issue 10: the incident framework's module, measured from a cold build cache")
	assert.GreaterOrEqual(t, len(mods), 10, "issue 6: at least 10 corpus modules")
}

func TestReport(t *testing.T) {
	mk := func(name string, wall, cpu float64, rss int64) *toolResult {
		r := &toolResult{Tool: benchTool{Name: name}}
		for i := 0; i < 3; i++ {
			r.Samples = append(r.Samples, sample{
				Wall:   time.Duration((wall + float64(i)) * float64(time.Second)),
				CPU:    time.Duration(cpu * float64(time.Second)),
				MaxRSS: rss << 20,
			})
		}
		return r
	}
	rep := report{
		Date: "2026-11-28 18:00 UTC", Machine: "test", Modules: []string{"m@v1"}, Packages: 10, Runs: 3,
		Results: []*toolResult{
			mk("ctxtimeout", 4, 8, 500), mk("ctxtimeout (go vet -vettool)", 6, 9, 100),
			mk("go vet", 5, 10, 80), mk("staticcheck", 20, 30, 900),
		},
		CtxFacts: 5, VetFacts: 100,
		Cold:        []*toolResult{mk("ctxtimeout", 52, 90, 1100), mk("go vet", 47, 80, 1200)},
		ColdModules: []string{"github.com/livekit/psrpc@v0.8.0"},
		Dialer:      []*toolResult{mk("vet -vettool, hardcodedtimeout only", 1, 1, 50), mk("vet -vettool, deadlinereplace only", 1.5, 1, 50)},
	}
	text := rep.text()
	assert.Regexp(t, `cold cache: standalone wall <= 1.0x go vet\s+MISSED\s+\(53.0s vs 48.0s = 1.10x\)`, text)
	assert.Regexp(t, `dialer: deadlinereplace <= 2x hardcodedtimeout\s+MET\s+\(2.50s vs 2.00s = 1.25x\)`, text)
	assert.Contains(t, text, "on github.com/livekit/psrpc@v0.8.0")
	assert.Contains(t, text, "0.83x") // ctxtimeout wall median 5 / go vet 6
	assert.Regexp(t, `standalone wall <= 1.0x go vet\s+MET`, text)
	assert.Regexp(t, `standalone wall <= 0.5x staticcheck\s+MET`, text)
	assert.Regexp(t, `standalone peak RSS <= staticcheck\s+MET`, text)
	assert.Regexp(t, `fact bytes <= 10% of vet's\s+MET`, text)

	b := rep.png()
	img, err := png.Decode(bytes.NewReader(b))
	require.NoError(t, err)
	assert.Greater(t, img.Bounds().Dx(), 500)
	if dir := os.Getenv("BENCH_PNG_DIR"); dir != "" {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "test.png"), b, 0o644))
	}
}

func TestLoadRealworld(t *testing.T) {
	mods, err := loadRealworld()
	require.NoError(t, err)
	assert.GreaterOrEqual(t, len(mods), 25, "issue 10: at least 25 real-world modules")
	seen := map[string]bool{}
	for _, m := range mods {
		assert.False(t, seen[m.Path], "%s listed twice", m.Path)
		seen[m.Path] = true
		for _, p := range m.Patterns {
			assert.True(t, strings.HasPrefix(p, m.Path), "%s: pattern %s outside the module", m.Path, p)
		}
	}
	for _, want := range []string{"github.com/livekit/psrpc", "github.com/livekit/protocol", "google.golang.org/grpc", "github.com/jackc/pgx/v5"} {
		assert.True(t, seen[want], "corpus lacks %s", want)
	}
}

func TestRealworldExpectationsParse(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("realworld", "expect.txt"))
	require.NoError(t, err)
	exps, err := parseExpectations(string(src))
	require.NoError(t, err)
	for _, e := range exps {
		assert.NotEqual(t, verdictTODO, e.Verdict, "expect.txt line %d: untriaged", e.Line)
	}
	_, err = parseExpectations("TP hardcodedtimeout m@v1/a.go:3\n")
	assert.ErrorContains(t, err, "reason")
	_, err = parseExpectations("OK hardcodedtimeout m@v1/a.go:3 why\n")
	assert.ErrorContains(t, err, "unknown verdict")
	_, err = parseExpectations("TP hardcodedtimeout m@v1/a.go:3 why\nFP hardcodedtimeout m@v1/a.go:3 again\n")
	assert.ErrorContains(t, err, "already on line 1")
}

func TestCompare(t *testing.T) {
	exps, err := parseExpectations(`
TP   hardcodedtimeout m@v1/a.go:10 caps the caller
TP   deadlinereplace  m@v1/b.go:20 lost now
MISS timeoutflow      m@v1/c.go:30 found by reading, now reported
MISS timeoutflow      m@v1/c.go:31 found by reading, still missed
FP   hardcodedtimeout m@v1/d.go:40 cleanup path
FP   hardcodedtimeout m@v1/d.go:41 fixed since
DESIGN deadlinereplace m@v1/e.go:50 documented in doc.go
`)
	require.NoError(t, err)
	f := func(check, loc string) rwFinding { return rwFinding{Check: check, Loc: loc, Col: 1, Message: "msg"} }
	c := compare([]rwFinding{
		f("hardcodedtimeout", "m@v1/a.go:10"), f("hardcodedtimeout", "m@v1/a.go:10"), // twice on one line: once
		f("timeoutflow", "m@v1/c.go:30"),
		f("hardcodedtimeout", "m@v1/d.go:40"),
		f("deadlinereplace", "m@v1/e.go:50"),
		f("hardcodedtimeout", "m@v1/z.go:1"), // not triaged
		f("deadlinereplace", "m@v1/a.go:10"), // another check on a TP line: not the same finding
	}, exps)
	assert.Len(t, c.TP, 1)
	assert.Len(t, c.NowFound, 1)
	assert.Len(t, c.FP, 1)
	assert.Len(t, c.Design, 1)
	assert.Len(t, c.Unexpected, 2)
	require.Len(t, c.Lost, 1)
	assert.Equal(t, "m@v1/b.go:20", c.Lost[0].Loc)
	assert.Len(t, c.Missed, 1)
	assert.Len(t, c.Gone, 1)
	assert.True(t, c.failed())
	text := c.text(1, 1)
	assert.Contains(t, text, "recall    50.0% (2 of 4 real hazards reported)")
	assert.Contains(t, text, "precision 66.7% (2 TP, 1 FP; 1 accepted by design, 2 untriaged)")
	assert.Contains(t, text, "FAIL: expected findings no longer reported (1)")

	ok := compare([]rwFinding{f("hardcodedtimeout", "m@v1/a.go:10")}, exps[:1])
	assert.False(t, ok.failed())
}
