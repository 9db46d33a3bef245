package main

import (
	"fmt"
	"strings"
)

type report struct {
	Date, Machine string
	Modules       []string
	Packages      int
	Runs          int
	Results       []*toolResult
	// Cold holds standalone ctxtimeout and go vet from an empty build
	// cache on ColdModules; Dialer holds the local checks one at a time
	// under go vet on the bundled dialer.
	Cold        []*toolResult
	ColdModules []string
	Dialer      []*toolResult

	CtxFacts, VetFacts         int64
	CtxFactFiles, VetFactFiles int
}

// summary holds min/median of the three measures of one tool.
type summary struct {
	WallMin, WallMed float64 // seconds
	CPUMin, CPUMed   float64 // seconds
	RSSMin, RSSMed   float64 // MiB
	Exit             int
}

func (r *toolResult) summary() summary {
	var wall, cpu, rss []float64
	for _, s := range r.Samples {
		wall = append(wall, s.Wall.Seconds())
		cpu = append(cpu, s.CPU.Seconds())
		rss = append(rss, float64(s.MaxRSS)/(1<<20))
	}
	var m summary
	m.WallMin, m.WallMed = stat(wall)
	m.CPUMin, m.CPUMed = stat(cpu)
	m.RSSMin, m.RSSMed = stat(rss)
	if len(r.Samples) > 0 {
		m.Exit = r.Samples[0].Exit
	}
	return m
}

func byName(results []*toolResult, name string) summary {
	for _, r := range results {
		if r.Tool.Name == name {
			return r.summary()
		}
	}
	return summary{}
}

func (rep *report) byName(name string) summary { return byName(rep.Results, name) }

func ratio(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx", a/b)
}

func (rep *report) text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "ctxtimeout bench, %s\n", rep.Date)
	fmt.Fprintf(&b, "machine: %s\n", rep.Machine)
	fmt.Fprintf(&b, "packages: %d (+ their tests) in %s\n", rep.Packages, strings.Join(rep.Modules, ", "))
	fmt.Fprintf(&b, "method: %d runs per tool, order rotated; each run starts from a copy of one build cache in which every\n", rep.Runs)
	fmt.Fprintf(&b, "        dependency is compiled, with no analysis results cached (vet's, staticcheck's, ctxtimeout's)\n")
	fmt.Fprintf(&b, "        CPU = user+sys of the process tree; RSS = peak of the largest single process\n\n")
	vet, sc := rep.byName("go vet"), rep.byName("staticcheck")
	fmt.Fprintf(&b, "%-30s %9s %9s %9s %9s %9s | %-17s | %-17s | %-17s\n",
		"tool", "wall min", "wall med", "cpu med", "rss med", "exit", "wall / vet / sc", "cpu / vet / sc", "rss / vet / sc")
	for _, r := range rep.Results {
		s := r.summary()
		fmt.Fprintf(&b, "%-30s %8.1fs %8.1fs %8.1fs %6.0fMiB %9d | %8s %8s | %8s %8s | %8s %8s\n",
			r.Tool.Name, s.WallMin, s.WallMed, s.CPUMed, s.RSSMed, s.Exit,
			ratio(s.WallMed, vet.WallMed), ratio(s.WallMed, sc.WallMed),
			ratio(s.CPUMed, vet.CPUMed), ratio(s.CPUMed, sc.CPUMed),
			ratio(s.RSSMed, vet.RSSMed), ratio(s.RSSMed, sc.RSSMed))
	}
	fmt.Fprintf(&b, "\nfacts (.vetx written by go vet): ctxtimeout %d bytes in %d files; go vet default %d bytes in %d files; ratio %s\n",
		rep.CtxFacts, rep.CtxFactFiles, rep.VetFacts, rep.VetFactFiles, pct(rep.CtxFacts, rep.VetFacts))

	ct := rep.byName("ctxtimeout")
	if all, only, local := rep.byName("ctxtimeout (go vet -vettool)"), rep.byName("vet -vettool, timeoutflow only"), rep.byName("vet -vettool, local checks only"); all.WallMed > 0 && only.WallMed > 0 && local.WallMed > 0 {
		fmt.Fprintf(&b, "timeoutflow's cost (go vet -vettool): all checks %.1fs, the local checks alone %.1fs, timeoutflow alone %.1fs: timeoutflow adds %.1fs wall (%s of the run) and %.1fs CPU\n",
			all.WallMed, local.WallMed, only.WallMed, all.WallMed-local.WallMed, pctF(all.WallMed-local.WallMed, all.WallMed), all.CPUMed-local.CPUMed)
	}
	coldCt, coldVet := byName(rep.Cold, "ctxtimeout"), byName(rep.Cold, "go vet")
	if len(rep.Cold) > 0 {
		fmt.Fprintf(&b, "\ncold build cache (each run starts from an empty GOCACHE and compiles every dependency) on %s:\n", strings.Join(rep.ColdModules, ", "))
		for _, r := range rep.Cold {
			s := r.summary()
			fmt.Fprintf(&b, "  %-28s wall min %6.1fs med %6.1fs  cpu med %6.1fs  rss med %5.0fMiB  wall / vet %s\n",
				r.Tool.Name, s.WallMin, s.WallMed, s.CPUMed, s.RSSMed, ratio(s.WallMed, coldVet.WallMed))
		}
	}
	dHT, dDR := byName(rep.Dialer, "vet -vettool, hardcodedtimeout only"), byName(rep.Dialer, "vet -vettool, deadlinereplace only")
	if len(rep.Dialer) > 0 {
		fmt.Fprintf(&b, "\ndialer-example (go vet -vettool, one check enabled, warm build cache):\n")
		for _, r := range rep.Dialer {
			s := r.summary()
			fmt.Fprintf(&b, "  %-36s wall min %5.2fs med %5.2fs  cpu med %5.2fs  / hardcodedtimeout %s\n",
				r.Tool.Name, s.WallMin, s.WallMed, s.CPUMed, ratio(s.WallMed, dHT.WallMed))
		}
	}
	fmt.Fprintf(&b, "\ntargets:\n")
	target := func(name string, ok bool, detail string) {
		verdict := "MET"
		if !ok {
			verdict = "MISSED"
		}
		fmt.Fprintf(&b, "  %-44s %-7s %s\n", name, verdict, detail)
	}
	target("standalone wall <= 1.0x go vet", ct.WallMed <= vet.WallMed,
		fmt.Sprintf("(%.1fs vs %.1fs = %s)", ct.WallMed, vet.WallMed, ratio(ct.WallMed, vet.WallMed)))
	target("standalone wall <= 0.5x staticcheck", ct.WallMed <= 0.5*sc.WallMed,
		fmt.Sprintf("(%.1fs vs %.1fs = %s)", ct.WallMed, sc.WallMed, ratio(ct.WallMed, sc.WallMed)))
	target("standalone peak RSS <= staticcheck", ct.RSSMed <= sc.RSSMed,
		fmt.Sprintf("(%.0f MiB vs %.0f MiB)", ct.RSSMed, sc.RSSMed))
	if len(rep.Cold) > 0 {
		target("cold cache: standalone wall <= 1.0x go vet", coldCt.WallMed <= coldVet.WallMed,
			fmt.Sprintf("(%.1fs vs %.1fs = %s)", coldCt.WallMed, coldVet.WallMed, ratio(coldCt.WallMed, coldVet.WallMed)))
	}
	if len(rep.Dialer) > 0 {
		target("dialer: deadlinereplace <= 2x hardcodedtimeout", dDR.WallMed <= 2*dHT.WallMed,
			fmt.Sprintf("(%.2fs vs %.2fs = %s)", dDR.WallMed, dHT.WallMed, ratio(dDR.WallMed, dHT.WallMed)))
	}
	target("fact bytes <= 10% of vet's", rep.VetFacts > 0 && rep.CtxFacts*10 <= rep.VetFacts,
		fmt.Sprintf("(%d vs %d bytes = %s)", rep.CtxFacts, rep.VetFacts, pct(rep.CtxFacts, rep.VetFacts)))
	return b.String()
}

func pctF(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*a/b)
}

func pct(a, b int64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(b))
}
