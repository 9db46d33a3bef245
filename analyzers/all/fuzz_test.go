package all_test

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/ctxtimeout/ctxtimeout/analyzers/all"
	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/fixture"
)

// fuzzEnv type-checks fuzz inputs: the standard library comes from the
// build cache's export data, third-party stubs from the repository's testdata/src are
// type-checked from source. Everything shares one FileSet, so positions of
// imported objects resolve to files (analyzers print them in messages);
// each input's file is removed again after its run.
type fuzzEnv struct {
	mu    sync.Mutex
	fset  *token.FileSet
	std   types.Importer
	src   string // testdata/src
	stubs map[string]*types.Package
	// stdPkgs are the standard library's import paths (go list std): a
	// mutated import path fails at once instead of costing a go list.
	stdPkgs map[string]bool
	failed  map[string]error
}

var (
	fuzzOnce sync.Once
	theEnv   *fuzzEnv
)

func getFuzzEnv(t testing.TB) *fuzzEnv {
	fuzzOnce.Do(func() {
		fset := token.NewFileSet()
		theEnv = &fuzzEnv{
			fset:    fset,
			std:     importer.ForCompiler(fset, "gc", nil),
			src:     fixture.Stubs(),
			stubs:   map[string]*types.Package{},
			stdPkgs: map[string]bool{},
			failed:  map[string]error{},
		}
		out, err := exec.Command("go", "list", "std").Output()
		if err != nil {
			t.Fatalf("go list std: %v", err)
		}
		for _, p := range strings.Fields(string(out)) {
			theEnv.stdPkgs[p] = true
		}
	})
	return theEnv
}

// Import implements types.Importer; e.mu is held by the caller.
func (e *fuzzEnv) Import(path string) (*types.Package, error) {
	if p, ok := e.stubs[path]; ok {
		if p == nil {
			return nil, fmt.Errorf("import cycle through %s", path)
		}
		return p, nil
	}
	if err, ok := e.failed[path]; ok {
		return nil, err
	}
	if path == "" || strings.HasPrefix(path, "/") || strings.HasPrefix(path, ".") || strings.Contains(path, "..") || strings.Contains(path, "\\") {
		err := fmt.Errorf("bad import path %q", path)
		e.failed[path] = err
		return nil, err
	}
	dir := filepath.Join(e.src, filepath.FromSlash(path))
	entries, err := os.ReadDir(dir)
	if err != nil { // standard library
		if !e.stdPkgs[path] {
			err := fmt.Errorf("package %q not found", path)
			e.failed[path] = err
			return nil, err
		}
		p, err := e.std.Import(path)
		if err != nil {
			e.failed[path] = err
		}
		return p, err
	}
	e.stubs[path] = nil // cycle marker
	var files []*ast.File
	for _, ent := range entries {
		name := ent.Name()
		if ent.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(e.fset, filepath.Join(dir, name), nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	conf := types.Config{Importer: e, GoVersion: "go1.26"}
	p, err := conf.Check(path, e.fset, files, nil)
	if err != nil {
		delete(e.stubs, path)
		return nil, err
	}
	e.stubs[path] = p
	return p, nil
}

// analyzeSource parses and type-checks src as one package and runs every
// registered analyzer over it the way a driver does (analyzers that do not
// set RunDespiteErrors are skipped when the input has errors). It returns
// the diagnostics as text and fails t on any malformed diagnostic or fix.
// A panic in an analyzer propagates: that is what fuzzing looks for.
func analyzeSource(t testing.TB, name string, src []byte) string {
	e := getFuzzEnv(t)
	e.mu.Lock()
	defer e.mu.Unlock()

	f, parseErr := parser.ParseFile(e.fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if f == nil || f.Name == nil || f.Name.Name == "" || f.Name.Name == "_" {
		return ""
	}
	tf := e.fset.File(f.FileStart)
	defer e.fset.RemoveFile(tf)
	if parseErr != nil {
		// Drivers do not analyse files with syntax errors (the package is
		// ill-typed); nothing below would run.
		return ""
	}

	info := &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
	var typeErrs []types.Error
	conf := types.Config{
		Importer:  e,
		GoVersion: "go1.26",
		Sizes:     types.SizesFor("gc", "amd64"),
		Error:     func(err error) { typeErrs = append(typeErrs, err.(types.Error)) },
	}
	path := "fuzz/" + f.Name.Name
	tpkg, _ := conf.Check(path, e.fset, []*ast.File{f}, info)
	pkg := &packages.Package{
		ID:         path,
		Name:       f.Name.Name,
		PkgPath:    path,
		GoFiles:    []string{name},
		Fset:       e.fset,
		Syntax:     []*ast.File{f},
		Types:      tpkg,
		TypesInfo:  info,
		TypesSizes: conf.Sizes,
		TypeErrors: typeErrs,
		IllTyped:   len(typeErrs) > 0,
		// No Imports: facts from dependencies are not computed here.
	}
	for _, te := range typeErrs {
		pkg.Errors = append(pkg.Errors, packages.Error{Msg: te.Msg, Kind: packages.TypeError})
	}
	graph, err := checker.Analyze(all.Analyzers(), []*packages.Package{pkg}, &checker.Options{Sequential: true, SanityCheck: true})
	if err != nil {
		t.Fatalf("checker: %v", err)
	}

	var out bytes.Buffer
	for _, act := range graph.Roots {
		if act.Err != nil {
			if pkg.IllTyped {
				continue // skipped (directly or through a prerequisite) like in every driver
			}
			t.Fatalf("%s: analysis error: %v", act.Analyzer.Name, act.Err)
		}
		for _, d := range act.Diagnostics {
			checkDiagnostic(t, e.fset, tf, src, act.Analyzer, d, !pkg.IllTyped)
			fmt.Fprintf(&out, "%s: [%s] %s\n", e.fset.Position(d.Pos), act.Analyzer.Name, d.Message)
		}
	}
	return out.String()
}

// checkDiagnostic asserts what every front end relies on: a position in
// the analysed file, a one-line message without SSA names, and suggested
// fixes that apply cleanly and still parse (and type-check when the input
// did).
func checkDiagnostic(t testing.TB, fset *token.FileSet, tf *token.File, src []byte, a *analysis.Analyzer, d analysis.Diagnostic, typed bool) {
	if !d.Pos.IsValid() || fset.File(d.Pos) == nil {
		t.Fatalf("%s: diagnostic %q has no position", a.Name, d.Message)
	}
	if d.Message == "" || strings.ContainsAny(d.Message, "\n\r") {
		t.Fatalf("%s: message must be one non-empty line: %q", a.Name, d.Message)
	}
	if strings.Contains(d.Message, "$") {
		t.Fatalf("%s: message names an SSA function (want the enclosing function): %q", a.Name, d.Message)
	}
	for _, fix := range d.SuggestedFixes {
		type edit struct {
			start, end int
			text       []byte
		}
		var edits []edit
		for _, te := range fix.TextEdits {
			if fset.File(te.Pos) != tf {
				t.Fatalf("%s: fix %q edits outside the analysed file", a.Name, fix.Message)
			}
			end := te.End
			if !end.IsValid() {
				end = te.Pos
			}
			edits = append(edits, edit{tf.Offset(te.Pos), tf.Offset(end), te.NewText})
		}
		sort.SliceStable(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
		var fixed []byte
		last := 0
		for _, ed := range edits {
			if ed.start < last || ed.end < ed.start || ed.end > len(src) {
				t.Fatalf("%s: fix %q has overlapping or out-of-range edits", a.Name, fix.Message)
			}
			fixed = append(append(fixed, src[last:ed.start]...), ed.text...)
			last = ed.end
		}
		fixed = append(fixed, src[last:]...)
		fs2 := token.NewFileSet()
		ff, err := parser.ParseFile(fs2, "fixed.go", fixed, parser.SkipObjectResolution)
		if err != nil {
			t.Fatalf("%s: fix %q yields code that does not parse: %v\n%s", a.Name, fix.Message, err, fixed)
		}
		if typed {
			conf := types.Config{Importer: importerFunc(func(p string) (*types.Package, error) {
				// fs2 positions are not used for imported objects here.
				return getFuzzEnv(t).Import(p)
			}), GoVersion: "go1.26"}
			if _, err := conf.Check("fuzz/fixed", fs2, []*ast.File{ff}, nil); err != nil {
				t.Fatalf("%s: fix %q yields code that does not type-check: %v\n%s", a.Name, fix.Message, err, fixed)
			}
		}
	}
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// fuzzSeeds returns every Go file of the fixtures (not the third-party
// stubs), sorted by path.
func fuzzSeeds(t testing.TB) map[string][]byte {
	seeds := map[string][]byte{}
	for _, check := range fixture.Checks {
		src := filepath.Join(fixture.Dir(check), "src")
		err := filepath.WalkDir(filepath.Join(src, check), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(path, ".go") {
				b, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				rel, _ := filepath.Rel(src, path)
				seeds[filepath.ToSlash(rel)] = b
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(seeds) == 0 {
		t.Fatal("no fixture files")
	}
	return seeds
}

// FuzzAnalyzers feeds mutated Go source to every registered analyzer. The
// seed corpus is every fixture file; `go test` runs the seeds as a normal
// test, `go test -fuzz=FuzzAnalyzers ./analyzers/all` mutates them.
func FuzzAnalyzers(f *testing.F) {
	seeds := fuzzSeeds(f)
	names := make([]string, 0, len(seeds))
	for n := range seeds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		f.Add(seeds[n])
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		analyzeSource(t, "fuzz.go", src)
	})
}

// TestFuzzSeedsFindSomething guards the fuzz harness itself: over the seed
// files (each analysed alone) the analyzers must report something, or the
// harness would be fuzzing code paths that never reach a check.
func TestFuzzSeedsFindSomething(t *testing.T) {
	seeds := fuzzSeeds(t)
	names := make([]string, 0, len(seeds))
	for n := range seeds {
		names = append(names, n)
	}
	sort.Strings(names)
	found := 0
	for _, n := range names {
		if analyzeSource(t, n, seeds[n]) != "" {
			found++
		}
	}
	if found == 0 {
		t.Fatalf("no seed file produced a diagnostic: the fuzz harness does not reach the checks")
	}
	t.Logf("%d of %d seed files produce diagnostics when analysed alone", found, len(names))
}
