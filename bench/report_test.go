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
	bench := 0
	for _, m := range mods {
		assert.True(t, strings.HasPrefix(m.Pattern, m.Path), "%s: pattern %s outside the module", m.Path, m.Pattern)
		if m.Role == "bench" {
			bench++
		}
	}
	assert.GreaterOrEqual(t, bench, 3, "issue 6: at least 3 bench modules")
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
	}
	text := rep.text()
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
