package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/ctxtimeout/ctxtimeout/analyzers/all"
)

// workerResult is what one corpus-worker process reports for one target.
type workerResult struct {
	Target    string
	Packages  int
	IllTyped  int
	Findings  []string       // "path:line:col: [analyzer] message", sorted, de-duplicated
	ByCheck   map[string]int // findings per analyzer
	Fixes     int            // suggested fixes applied and type-checked
	FixErrors []string       // fixes that did not apply or broke type-checking
	Skipped   int            // fixes in packages that did not type-check before the fix
	Errors    []string       // analyzer errors (not panics)
	Seconds   float64
}

func corpusMain(args []string) error {
	fl := flag.NewFlagSet("corpus", flag.ExitOnError)
	runs := fl.Int("runs", 3, "runs whose output must be identical")
	out := fl.String("out", "build/corpus", "output folder")
	bin := fl.String("bin", "", "ctxtimeout binary to run once over every target as well (empty: skip)")
	tests := fl.Bool("tests", true, "analyse test variants too (about twice the work)")
	only := fl.String("only", "", "comma-separated targets to run (default: std and every pinned module)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	outDir, err := filepath.Abs(*out)
	if err != nil {
		return err
	}
	pins, err := loadPinned()
	if err != nil {
		return err
	}
	var mods []pinned
	for _, m := range pins {
		if m.Role != "cold" { // measured cold by make bench only
			mods = append(mods, m)
		}
	}
	modDir := filepath.Join(outDir, "mod")
	if err := prepareModule(modDir, mods); err != nil {
		return err
	}
	targets := append([]string{"std"}, patterns(mods)...)
	if *only != "" {
		targets = strings.Split(*only, ",")
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}

	results := make([][]workerResult, *runs)
	panics := 0
	for r := 0; r < *runs; r++ {
		// One worker per run over every target: dependencies shared by
		// the targets (std, x/net, grpc...) are analysed once per run.
		args := []string{"corpus-worker", "-targets", strings.Join(targets, ","), fmt.Sprintf("-tests=%v", *tests)}
		if r == 0 {
			args = append(args, "-fixes")
		}
		cmd := exec.Command(self, args...)
		cmd.Dir = modDir
		var stdout, stderr bytes.Buffer
		cmd.Stdout = &stdout
		cmd.Stderr = &stderr
		start := time.Now()
		runErr := cmd.Run()
		var res []workerResult
		if runErr != nil || json.Unmarshal(stdout.Bytes(), &res) != nil || len(res) != len(targets) {
			if isPanic(stderr.Bytes()) {
				panics++
			}
			log := filepath.Join(outDir, fmt.Sprintf("crash-run%d.txt", r+1))
			_ = os.WriteFile(log, stderr.Bytes(), 0o644)
			res = make([]workerResult, len(targets))
			for i, t := range targets {
				res[i] = workerResult{Target: t, Errors: []string{fmt.Sprintf("worker failed (%v); stderr in %s", runErr, log)}}
			}
		}
		n := 0
		for _, w := range res {
			n += len(w.Findings)
		}
		fmt.Fprintf(os.Stderr, "run %d: %d targets, %d findings, %.0fs\n", r+1, len(res), n, time.Since(start).Seconds())
		results[r] = res
	}

	// The binary once over every target: exercises the front end too.
	binPanics := 0
	var binLines []string
	if *bin != "" {
		binPath, _ := filepath.Abs(*bin)
		if _, err := os.Stat(binPath); err != nil {
			return fmt.Errorf("%s: %v (make build)", binPath, err)
		}
		for _, t := range targets {
			cmd := exec.Command(binPath, t)
			cmd.Dir = modDir
			cmd.Env = envWith("CTXTIMEOUT_CACHE=" + filepath.Join(outDir, "cache"))
			outb, _ := cmd.CombinedOutput()
			code := -1
			if cmd.ProcessState != nil {
				code = cmd.ProcessState.ExitCode()
			}
			p := isPanic(outb)
			if p {
				binPanics++
				_ = os.WriteFile(filepath.Join(outDir, "crash-bin-"+slug(t)+".txt"), outb, 0o644)
			}
			binLines = append(binLines, fmt.Sprintf("%-40s exit %d, %d output lines, panic: %v", t, code, bytes.Count(outb, []byte("\n")), p))
		}
	}

	// Findings file from the first run.
	var f bytes.Buffer
	fmt.Fprintf(&f, "# ctxtimeout corpus findings, %s, %s\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"), runtime.Version())
	for _, res := range results[0] {
		fmt.Fprintf(&f, "\n## %s (%d packages, %d findings)\n", res.Target, res.Packages, len(res.Findings))
		for _, l := range res.Findings {
			fmt.Fprintln(&f, l)
		}
		for _, l := range res.FixErrors {
			fmt.Fprintln(&f, "BAD FIX: "+l)
		}
		for _, l := range res.Errors {
			fmt.Fprintln(&f, "ERROR: "+l)
		}
	}
	if err := os.WriteFile(filepath.Join(outDir, "findings.txt"), f.Bytes(), 0o644); err != nil {
		return err
	}

	// Summary table.
	var checks []string
	seen := map[string]bool{}
	for _, a := range all.Analyzers() {
		if !seen[a.Name] {
			seen[a.Name] = true
			checks = append(checks, a.Name)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "ctxtimeout corpus, %s, %s, %d runs, tests included: %v, checks: %s\n\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"),
		runtime.Version(), *runs, *tests, strings.Join(checks, ", "))
	fmt.Fprintf(&b, "%-42s %6s %6s %8s", "target", "pkgs", "ill", "findings")
	for _, c := range checks {
		fmt.Fprintf(&b, " %*s", max(len(c), 4), c)
	}
	fmt.Fprintf(&b, " %6s %7s %8s %9s\n", "fixes", "badfix", "errors", "identical")
	identicalAll := true
	var tot workerResult
	tot.ByCheck = map[string]int{}
	badFixes, errs := 0, 0
	for i, res := range results[0] {
		same := true
		for r := 1; r < *runs; r++ {
			if !sameResult(res, results[r][i]) {
				same = false
				identicalAll = false
			}
		}
		fmt.Fprintf(&b, "%-42s %6d %6d %8d", res.Target, res.Packages, res.IllTyped, len(res.Findings))
		for _, c := range checks {
			fmt.Fprintf(&b, " %*d", max(len(c), 4), res.ByCheck[c])
			tot.ByCheck[c] += res.ByCheck[c]
		}
		fmt.Fprintf(&b, " %6d %7d %8d %9v\n", res.Fixes, len(res.FixErrors), len(res.Errors), same)
		tot.Packages += res.Packages
		tot.IllTyped += res.IllTyped
		tot.Findings = append(tot.Findings, res.Findings...)
		tot.Fixes += res.Fixes
		tot.Seconds = res.Seconds
		badFixes += len(res.FixErrors)
		errs += len(res.Errors)
	}
	fmt.Fprintf(&b, "%-42s %6d %6d %8d", "TOTAL", tot.Packages, tot.IllTyped, len(tot.Findings))
	for _, c := range checks {
		fmt.Fprintf(&b, " %*d", max(len(c), 4), tot.ByCheck[c])
	}
	fmt.Fprintf(&b, " %6d %7d %8d %9v\n", tot.Fixes, badFixes, errs, identicalAll)
	fmt.Fprintf(&b, "\npanics: %d in analyzers (registry, %d runs), %d in the ctxtimeout binary\n", panics, *runs, binPanics)
	fmt.Fprintf(&b, "suggested fixes applied and type-checked: %d, broken: %d\n", tot.Fixes, badFixes)
	fmt.Fprintf(&b, "%d runs identical: %v; first run (load + analysis + fix checks): %.0fs\n", *runs, identicalAll, tot.Seconds)
	if len(binLines) > 0 {
		fmt.Fprintf(&b, "\nctxtimeout binary, once per target:\n")
		for _, l := range binLines {
			fmt.Fprintln(&b, "  "+l)
		}
	}
	fmt.Fprintf(&b, "\nall findings: %s\n", filepath.Join(outDir, "findings.txt"))
	fmt.Print(b.String())
	if err := os.WriteFile(filepath.Join(outDir, "summary.txt"), []byte(b.String()), 0o644); err != nil {
		return err
	}
	if panics > 0 || binPanics > 0 || badFixes > 0 || !identicalAll || errs > 0 {
		return fmt.Errorf("corpus failed: %d panics, %d binary panics, %d broken fixes, %d errors, identical=%v",
			panics, binPanics, badFixes, errs, identicalAll)
	}
	return nil
}

func isPanic(b []byte) bool {
	return bytes.Contains(b, []byte("panic: ")) || bytes.Contains(b, []byte("\ngoroutine "))
}

func sameResult(a, b workerResult) bool {
	return a.Target == b.Target && a.Packages == b.Packages && slices.Equal(a.Findings, b.Findings) &&
		slices.Equal(a.Errors, b.Errors)
}

// corpusWorker analyses one target with every registered analyzer and
// prints a workerResult as JSON. It runs in its own process so a panic
// is isolated and reported by the parent.
func corpusWorker(args []string) error {
	fl := flag.NewFlagSet("corpus-worker", flag.ExitOnError)
	targetList := fl.String("targets", "", "comma-separated package patterns (std or <module>/...)")
	fixes := fl.Bool("fixes", false, "apply every suggested fix and type-check the result")
	tests := fl.Bool("tests", true, "analyse test variants too")
	if err := fl.Parse(args); err != nil {
		return err
	}
	targets := strings.Split(*targetList, ",")
	start := time.Now()
	pkgs, graph, rel, err := analyse(targets, *tests)
	if err != nil {
		return err
	}
	results := make([]workerResult, len(targets))
	byTarget := map[string]*workerResult{}
	for i, t := range targets {
		results[i] = workerResult{Target: t, ByCheck: map[string]int{}}
		byTarget[strings.TrimSuffix(t, "/...")] = &results[i]
	}
	// targetOf attributes a package to its module's target ("std" for the
	// standard library, which has no module).
	targetOf := func(p *packages.Package) *workerResult {
		if p.Module == nil {
			if r, ok := byTarget["std"]; ok {
				return r
			}
		} else if r, ok := byTarget[p.Module.Path]; ok {
			return r
		}
		return &workerResult{ByCheck: map[string]int{}} // e.g. a generated test main
	}
	for _, p := range pkgs {
		r := targetOf(p)
		r.Packages++
		if p.IllTyped {
			r.IllTyped++
		}
	}
	seen := map[string]bool{}
	fixSeen := map[string]bool{}
	for _, act := range graph.Roots {
		res := targetOf(act.Package)
		if act.Err != nil {
			if !act.Package.IllTyped {
				res.Errors = append(res.Errors, fmt.Sprintf("%s on %s: %v", act.Analyzer.Name, act.Package.ID, act.Err))
			}
			continue
		}
		for _, d := range act.Diagnostics {
			pos := act.Package.Fset.Position(d.Pos)
			line := fmt.Sprintf("%s:%d:%d: [%s] %s", rel(pos.Filename), pos.Line, pos.Column, act.Analyzer.Name, d.Message)
			if seen[line] {
				continue // the same file in a package and its test variant
			}
			seen[line] = true
			res.Findings = append(res.Findings, line)
			res.ByCheck[act.Analyzer.Name]++
			if !*fixes {
				continue
			}
			for _, fix := range d.SuggestedFixes {
				key := line + "\x00" + fix.Message
				if fixSeen[key] {
					continue
				}
				fixSeen[key] = true
				switch err := checkFix(act.Package, fix); {
				case err == errSkip:
					res.Skipped++
				case err != nil:
					res.FixErrors = append(res.FixErrors, fmt.Sprintf("%s: fix %q: %v", line, fix.Message, err))
				default:
					res.Fixes++
				}
			}
		}
	}
	for i := range results {
		sort.Strings(results[i].Findings)
		sort.Strings(results[i].Errors)
		sort.Strings(results[i].FixErrors)
		results[i].Seconds = time.Since(start).Seconds()
	}
	return json.NewEncoder(os.Stdout).Encode(results)
}

// analyse loads the packages matching patterns (with syntax, from source)
// and runs every registered analyzer over them, facts and sanity checks
// included. rel shortens a file name to $GOROOT/src/... or
// module@version/... (relative to the module cache).
func analyse(patterns []string, tests bool) ([]*packages.Package, *checker.Graph, func(string) string, error) {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Tests: tests}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, nil, nil, err
	}
	graph, err := checker.Analyze(all.Analyzers(), pkgs, &checker.Options{SanityCheck: true})
	if err != nil {
		return nil, nil, nil, err
	}
	goroot := strings.TrimSpace(goEnv("GOROOT"))
	modcache := strings.TrimSpace(goEnv("GOMODCACHE"))
	rel := func(name string) string {
		if r, ok := strings.CutPrefix(name, filepath.Join(goroot, "src")+string(filepath.Separator)); ok {
			return "$GOROOT/src/" + r
		}
		if r, ok := strings.CutPrefix(name, modcache+string(filepath.Separator)); ok {
			return r
		}
		return name
	}
	return pkgs, graph, rel, nil
}

func goEnv(k string) string {
	out, _ := exec.Command("go", "env", k).Output()
	return string(out)
}

var errSkip = fmt.Errorf("package did not type-check before the fix")

// checkFix applies one suggested fix to a copy of the package's files and
// type-checks the package again with the same imports.
func checkFix(pkg *packages.Package, fix analysis.SuggestedFix) error {
	if pkg.IllTyped || len(pkg.Errors) > 0 {
		return errSkip
	}
	type edit struct {
		start, end int
		text       []byte
	}
	byFile := map[string][]edit{}
	for _, e := range fix.TextEdits {
		tf := pkg.Fset.File(e.Pos)
		if tf == nil {
			return fmt.Errorf("edit position %d has no file", e.Pos)
		}
		end := e.End
		if !end.IsValid() {
			end = e.Pos
		}
		if tf.Base() > int(end) || int(end) > tf.Base()+tf.Size() {
			return fmt.Errorf("edit end outside %s", tf.Name())
		}
		byFile[tf.Name()] = append(byFile[tf.Name()], edit{tf.Offset(e.Pos), tf.Offset(end), e.NewText})
	}
	newSrc := map[string][]byte{}
	for name, edits := range byFile {
		src, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		sort.SliceStable(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
		var out []byte
		last := 0
		for _, e := range edits {
			if e.start < last || e.end < e.start || e.end > len(src) {
				return fmt.Errorf("overlapping or out-of-range edits in %s", name)
			}
			out = append(out, src[last:e.start]...)
			out = append(out, e.text...)
			last = e.end
		}
		newSrc[name] = append(out, src[last:]...)
	}
	// The unmodified package must type-check the same way first, so a
	// failure below is the fix's fault, not this re-type-check's.
	if err := typecheck(pkg, nil); err != nil {
		return errSkip
	}
	if err := typecheck(pkg, newSrc); err != nil {
		return fmt.Errorf("fixed package does not type-check: %v", err)
	}
	return nil
}

// typecheck parses the package's files (with replaced contents from
// newSrc) and type-checks them against the already loaded imports.
func typecheck(pkg *packages.Package, newSrc map[string][]byte) error {
	fset := token.NewFileSet()
	var files []*ast.File
	for _, f := range pkg.Syntax {
		name := pkg.Fset.File(f.Pos()).Name()
		src, ok := newSrc[name]
		if !ok {
			var err error
			if src, err = os.ReadFile(name); err != nil {
				return err
			}
		}
		nf, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return fmt.Errorf("does not parse: %v", err)
		}
		files = append(files, nf)
	}
	fallback := importer.ForCompiler(fset, "gc", nil)
	conf := types.Config{
		Sizes: pkg.TypesSizes,
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			if p, ok := pkg.Imports[path]; ok && p.Types != nil {
				return p.Types, nil
			}
			return fallback.Import(path) // an import the fix added
		}),
		FakeImportC: true,
	}
	var errs []string
	conf.Error = func(err error) { errs = append(errs, err.Error()) }
	_, _ = conf.Check(pkg.PkgPath, fset, files, nil)
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs[:min(3, len(errs))], "; "))
	}
	return nil
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
