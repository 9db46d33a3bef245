package main

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"golang.org/x/mod/module"
)

// The real-world corpus (`make realworld`): every check over pinned public
// modules, compared with a triaged expectations file. See
// bench/realworld/README.md for the method.

//go:embed realworld/modules.txt
var realworldTxt string

// rwModule is one line of realworld/modules.txt.
type rwModule struct {
	Group, Path, Version string
	Patterns             []string
}

func loadRealworld() ([]rwModule, error) {
	var mods []rwModule
	sc := bufio.NewScanner(strings.NewReader(realworldTxt))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 4 {
			return nil, fmt.Errorf("realworld/modules.txt: bad line %q", line)
		}
		mods = append(mods, rwModule{Group: f[0], Path: f[1], Version: f[2], Patterns: strings.Split(f[3], ",")})
	}
	return mods, sc.Err()
}

// Verdicts of the expectations file.
const (
	verdictTP     = "TP"     // a real hazard, reported
	verdictMiss   = "MISS"   // a real hazard found by reading, not (yet) reported
	verdictFP     = "FP"     // reported, but not a hazard
	verdictDesign = "DESIGN" // reported deliberate cap whose reporting the check's doc.go justifies
	verdictTODO   = "TODO"   // reported, not triaged yet (written by -update)
)

// expectation is one triaged line: "VERDICT check module@version/file.go:line reason".
type expectation struct {
	Verdict, Check, Loc, Reason string
	Line                        int // line number in the expectations file
}

func (e expectation) key() string { return e.Check + " " + e.Loc }

func parseExpectations(src string) ([]expectation, error) {
	var out []expectation
	seen := map[string]int{}
	for i, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 3 {
			return nil, fmt.Errorf("expectations line %d: want VERDICT CHECK LOCATION REASON, got %q", i+1, line)
		}
		e := expectation{Verdict: f[0], Check: f[1], Loc: f[2], Line: i + 1}
		if len(f) > 3 {
			e.Reason = strings.Join(f[3:], " ")
		}
		switch e.Verdict {
		case verdictTP, verdictMiss, verdictFP, verdictDesign, verdictTODO:
		default:
			return nil, fmt.Errorf("expectations line %d: unknown verdict %q", i+1, e.Verdict)
		}
		if e.Verdict != verdictTODO && e.Reason == "" {
			return nil, fmt.Errorf("expectations line %d: %s needs a one-line reason", i+1, e.Verdict)
		}
		if !strings.Contains(e.Loc, "@") || strings.Count(e.Loc, ":") != 1 {
			return nil, fmt.Errorf("expectations line %d: location %q: want module@version/file.go:line", i+1, e.Loc)
		}
		if prev, dup := seen[e.key()]; dup {
			return nil, fmt.Errorf("expectations line %d: %s already on line %d", i+1, e.key(), prev)
		}
		seen[e.key()] = i + 1
		out = append(out, e)
	}
	return out, nil
}

// rwFinding is one reported diagnostic, keyed by check and file:line.
type rwFinding struct {
	Check   string
	Loc     string // module@version/dir/file.go:line
	Col     int
	Message string
}

func (f rwFinding) key() string { return f.Check + " " + f.Loc }

// comparison is the outcome of one run against the expectations.
type comparison struct {
	TP, FP, Design, NowFound []rwFinding   // reported and triaged (NowFound: triaged MISS, now reported)
	Unexpected               []rwFinding   // reported, not in the file (or TODO)
	Lost                     []expectation // TP no longer reported
	Missed                   []expectation // MISS still not reported
	Gone                     []expectation // FP or DESIGN no longer reported
	ByCheck                  map[string]*rwStats
}

type rwStats struct{ TP, FP, Design, Miss int }

func (c *comparison) stats(check string) *rwStats {
	s := c.ByCheck[check]
	if s == nil {
		s = &rwStats{}
		c.ByCheck[check] = s
	}
	return s
}

// compare matches findings with expectations. Several findings of one
// check on one line count once.
func compare(findings []rwFinding, exps []expectation) *comparison {
	c := &comparison{ByCheck: map[string]*rwStats{}}
	byKey := map[string]expectation{}
	for _, e := range exps {
		byKey[e.key()] = e
	}
	found := map[string]bool{}
	for _, f := range findings {
		if found[f.key()] {
			continue
		}
		found[f.key()] = true
		e, ok := byKey[f.key()]
		switch {
		case !ok || e.Verdict == verdictTODO:
			c.Unexpected = append(c.Unexpected, f)
		case e.Verdict == verdictTP:
			c.TP = append(c.TP, f)
			c.stats(f.Check).TP++
		case e.Verdict == verdictMiss:
			c.NowFound = append(c.NowFound, f)
			c.stats(f.Check).TP++
		case e.Verdict == verdictFP:
			c.FP = append(c.FP, f)
			c.stats(f.Check).FP++
		case e.Verdict == verdictDesign:
			c.Design = append(c.Design, f)
			c.stats(f.Check).Design++
		}
	}
	for _, e := range exps {
		if found[e.key()] {
			continue
		}
		switch e.Verdict {
		case verdictTP:
			c.Lost = append(c.Lost, e)
			c.stats(e.Check).Miss++
		case verdictMiss:
			c.Missed = append(c.Missed, e)
			c.stats(e.Check).Miss++
		case verdictFP, verdictDesign:
			c.Gone = append(c.Gone, e)
		}
	}
	return c
}

// failed reports whether the run contradicts the expectations: an expected
// finding disappeared or an untriaged one appeared.
func (c *comparison) failed() bool { return len(c.Lost) > 0 || len(c.Unexpected) > 0 }

// text renders the summary: recall, precision (overall and per check) and
// every change since the expectations file.
func (c *comparison) text(modules, groups int) string {
	var b strings.Builder
	tp := len(c.TP) + len(c.NowFound)
	hazards := tp + len(c.Lost) + len(c.Missed)
	fmt.Fprintf(&b, "real-world corpus: %d modules in %d groups\n", modules, groups)
	fmt.Fprintf(&b, "recall    %s (%d of %d real hazards reported)\n", pct(int64(tp), int64(hazards)), tp, hazards)
	fmt.Fprintf(&b, "precision %s (%d TP, %d FP; %d accepted by design, %d untriaged)\n",
		pct(int64(tp), int64(tp+len(c.FP))), tp, len(c.FP), len(c.Design), len(c.Unexpected))
	checks := make([]string, 0, len(c.ByCheck))
	for k := range c.ByCheck {
		checks = append(checks, k)
	}
	sort.Strings(checks)
	for _, k := range checks {
		s := c.ByCheck[k]
		fmt.Fprintf(&b, "  %-17s recall %6s  precision %6s  (TP %d, FP %d, design %d, missed %d)\n",
			k, pct(int64(s.TP), int64(s.TP+s.Miss)), pct(int64(s.TP), int64(s.TP+s.FP)), s.TP, s.FP, s.Design, s.Miss)
	}
	section := func(title string, lines []string) {
		if len(lines) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s (%d):\n", title, len(lines))
		for _, l := range lines {
			fmt.Fprintf(&b, "  %s\n", l)
		}
	}
	fl := func(fs []rwFinding) []string {
		var out []string
		for _, f := range fs {
			out = append(out, fmt.Sprintf("%s %s:%d: %s", f.Check, f.Loc, f.Col, f.Message))
		}
		return out
	}
	el := func(es []expectation) []string {
		var out []string
		for _, e := range es {
			out = append(out, fmt.Sprintf("%s %s %s (expectations line %d: %s)", e.Verdict, e.Check, e.Loc, e.Line, e.Reason))
		}
		return out
	}
	section("FAIL: expected findings no longer reported", el(c.Lost))
	section("FAIL: new findings not in the expectations file (triage them: run with -update, then replace TODO)", fl(c.Unexpected))
	section("improved: hazards found by reading now reported (change MISS to TP)", fl(c.NowFound))
	section("changed: FP/DESIGN findings no longer reported (delete their lines)", el(c.Gone))
	section("known false positives still reported", fl(c.FP))
	section("hazards found by reading, still not reported", el(c.Missed))
	return b.String()
}

func realworldMain(args []string) error {
	fl := flag.NewFlagSet("realworld", flag.ExitOnError)
	out := fl.String("out", "build/realworld", "output folder (throwaway modules, findings, report)")
	expectFile := fl.String("expect", "bench/realworld/expect.txt", "triaged expectations file")
	update := fl.Bool("update", false, "append untriaged findings to the expectations file as TODO lines")
	only := fl.String("only", "", "comma-separated groups to run (default: all; the comparison then covers only their modules)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	outDir, err := filepath.Abs(*out)
	if err != nil {
		return err
	}
	mods, err := loadRealworld()
	if err != nil {
		return err
	}
	var groups []string
	byGroup := map[string][]rwModule{}
	for _, m := range mods {
		if _, ok := byGroup[m.Group]; !ok {
			groups = append(groups, m.Group)
		}
		byGroup[m.Group] = append(byGroup[m.Group], m)
	}
	if *only != "" {
		groups = strings.Split(*only, ",")
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	var findings []rwFinding
	var inScope []string // module@version prefixes of the groups run
	nmods := 0
	for _, g := range groups {
		gm := byGroup[g]
		if len(gm) == 0 {
			return fmt.Errorf("no group %q in realworld/modules.txt", g)
		}
		nmods += len(gm)
		var pins []pinned
		var pats []string
		for _, m := range gm {
			// Findings are named by their path in the module cache,
			// where upper case is escaped (github.com/!click!house).
			esc, err := module.EscapePath(m.Path)
			if err != nil {
				return fmt.Errorf("modules: %s: %v", m.Path, err)
			}
			inScope = append(inScope, esc+"@"+m.Version+"/")
			for _, p := range m.Patterns {
				pins = append(pins, pinned{Role: "realworld", Path: m.Path, Version: m.Version, Pattern: p})
				pats = append(pats, p)
			}
		}
		dir := filepath.Join(outDir, g)
		if err := prepareModule(dir, pins); err != nil {
			return fmt.Errorf("group %s: %v", g, err)
		}
		start := time.Now()
		cmd := exec.Command(self, "realworld-worker", "-patterns", strings.Join(pats, ","))
		cmd.Dir = dir
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			log := filepath.Join(outDir, g+"-worker.log")
			_ = os.WriteFile(log, stderr.Bytes(), 0o644)
			return fmt.Errorf("group %s: worker failed (%v); stderr in %s", g, err, log)
		}
		var res rwWorkerResult
		if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
			return fmt.Errorf("group %s: worker output: %v", g, err)
		}
		if len(res.Errors) > 0 {
			return fmt.Errorf("group %s: analyzer errors:\n  %s", g, strings.Join(res.Errors, "\n  "))
		}
		fmt.Fprintf(os.Stderr, "group %-8s %d modules, %d packages (%d ill-typed), %d findings, %.0fs\n",
			g, len(gm), res.Packages, res.IllTyped, len(res.Findings), time.Since(start).Seconds())
		findings = append(findings, res.Findings...)
	}
	sort.Slice(findings, func(i, j int) bool {
		if findings[i].Loc != findings[j].Loc {
			return findings[i].Loc < findings[j].Loc
		}
		if findings[i].Col != findings[j].Col {
			return findings[i].Col < findings[j].Col
		}
		return findings[i].Check < findings[j].Check
	})
	src, err := os.ReadFile(*expectFile)
	if err != nil {
		return err
	}
	exps, err := parseExpectations(string(src))
	if err != nil {
		return fmt.Errorf("%s: %v", *expectFile, err)
	}
	// With -only, compare only the expectations of the modules run.
	var scoped []expectation
	for _, e := range exps {
		for _, p := range inScope {
			if strings.HasPrefix(e.Loc, p) {
				scoped = append(scoped, e)
				break
			}
		}
	}
	c := compare(findings, scoped)
	var all strings.Builder
	for _, f := range findings {
		fmt.Fprintf(&all, "%s:%d: [%s] %s\n", f.Loc, f.Col, f.Check, f.Message)
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(outDir, "findings.txt"), []byte(all.String()), 0o644); err != nil {
		return err
	}
	report := c.text(nmods, len(groups))
	fmt.Print(report)
	if err := os.WriteFile(filepath.Join(outDir, "report.txt"), []byte(report), 0o644); err != nil {
		return err
	}
	if *update && len(c.Unexpected) > 0 {
		var add strings.Builder
		for _, f := range c.Unexpected {
			if e, ok := findExp(exps, f.key()); ok && e.Verdict == verdictTODO {
				continue
			}
			fmt.Fprintf(&add, "TODO %s %s %s\n", f.Check, f.Loc, f.Message)
		}
		fh, err := os.OpenFile(*expectFile, os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		_, werr := fh.WriteString(add.String())
		if cerr := fh.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return werr
		}
		fmt.Fprintf(os.Stderr, "appended %d TODO lines to %s\n", strings.Count(add.String(), "\n"), *expectFile)
	}
	if c.failed() {
		return fmt.Errorf("%d expected findings lost, %d untriaged findings (see above)", len(c.Lost), len(c.Unexpected))
	}
	return nil
}

func findExp(exps []expectation, key string) (expectation, bool) {
	for _, e := range exps {
		if e.key() == key {
			return e, true
		}
	}
	return expectation{}, false
}

type rwWorkerResult struct {
	Packages, IllTyped int
	Findings           []rwFinding
	Errors             []string
}

// realworldWorker analyses the patterns of one group (no test variants:
// no check reports in tests) and prints an rwWorkerResult as JSON.
func realworldWorker(args []string) error {
	fl := flag.NewFlagSet("realworld-worker", flag.ExitOnError)
	patterns := fl.String("patterns", "", "comma-separated package patterns")
	if err := fl.Parse(args); err != nil {
		return err
	}
	pkgs, graph, rel, err := analyse(strings.Split(*patterns, ","), false)
	if err != nil {
		return err
	}
	var res rwWorkerResult
	for _, p := range pkgs {
		res.Packages++
		if p.IllTyped {
			res.IllTyped++
		}
	}
	seen := map[string]bool{}
	for _, act := range graph.Roots {
		if act.Err != nil {
			if !act.Package.IllTyped {
				res.Errors = append(res.Errors, fmt.Sprintf("%s on %s: %v", act.Analyzer.Name, act.Package.ID, act.Err))
			}
			continue
		}
		for _, d := range act.Diagnostics {
			pos := act.Package.Fset.Position(d.Pos)
			f := rwFinding{Check: act.Analyzer.Name, Loc: fmt.Sprintf("%s:%d", rel(pos.Filename), pos.Line), Col: pos.Column, Message: d.Message}
			k := fmt.Sprintf("%s:%d %s", f.key(), f.Col, f.Message)
			if seen[k] {
				continue
			}
			seen[k] = true
			res.Findings = append(res.Findings, f)
		}
	}
	sort.Strings(res.Errors)
	return json.NewEncoder(os.Stdout).Encode(res)
}
