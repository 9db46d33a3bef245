package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"golang.org/x/mod/module"
	"golang.org/x/tools/go/analysis"
	"honnef.co/go/tools/analysis/lint"
	"honnef.co/go/tools/lintcmd"
	"honnef.co/go/tools/sarif"

	"github.com/ctxtimeout/ctxtimeout/analyzers/all"
)

// repoURL is the project's home; check documentation lives next to each
// check's code.
const repoURL = "https://github.com/ctxtimeout/ctxtimeout"

// docURL is the online documentation of a check: the analyzer's own URL
// when it sets one, else its doc.go in the repository.
func docURL(a *analysis.Analyzer) string {
	if a.URL != "" {
		return a.URL
	}
	return repoURL + "/blob/main/analyzers/" + a.Name + "/doc.go"
}

// splitDoc splits an analyzer's Doc into its title (the first paragraph,
// by the go/analysis convention) and the rest.
func splitDoc(doc string) (title, text string) {
	doc = strings.TrimSpace(doc)
	if i := strings.Index(doc, "\n\n"); i >= 0 {
		return strings.TrimSpace(doc[:i]), strings.TrimSpace(doc[i+2:])
	}
	if i := strings.IndexByte(doc, '\n'); i >= 0 {
		return strings.TrimSpace(doc[:i]), strings.TrimSpace(doc[i+1:])
	}
	return doc, ""
}

// analyzerDoc is a check's title and text, without the "name: " prefix
// that go/analysis docs put before the title.
func analyzerDoc(a *analysis.Analyzer) (title, text string) {
	title, text = splitDoc(a.Doc)
	title = strings.TrimSpace(strings.TrimPrefix(title, a.Name+":"))
	return title, text
}

// lintAnalyzers wraps the checks for lintcmd with our own documentation
// (lint.InitializeAnalyzer would point at staticcheck.dev).
func lintAnalyzers(as []*analysis.Analyzer) []*lint.Analyzer {
	out := make([]*lint.Analyzer, 0, len(as))
	for _, a := range as {
		title, text := analyzerDoc(a)
		out = append(out, &lint.Analyzer{
			Analyzer: a,
			Doc: &lint.RawDocumentation{
				Title:    title,
				Text:     text,
				Severity: lint.SeverityWarning,
				MergeIf:  lint.MergeIfAny,
			},
		})
	}
	return out
}

// analyzerFlag is one analyzer flag exposed on the command line as
// -ANALYZER.FLAG.
type analyzerFlag struct {
	name string // qualified: analyzer.flag
	flag *flag.Flag
}

// analyzerFlags lists the flags of the checks and of the analyzers they
// require, sorted by qualified name.
func analyzerFlags(as []*analysis.Analyzer) []analyzerFlag {
	var out []analyzerFlag
	seen := map[*analysis.Analyzer]bool{}
	// The checks expose the engine's -options as their own; the engine
	// analyzer's own name for it is not listed again.
	checks := map[flag.Value]bool{}
	for _, a := range as {
		a.Flags.VisitAll(func(f *flag.Flag) { checks[f.Value] = true })
	}
	var visit func([]*analysis.Analyzer, bool)
	visit = func(as []*analysis.Analyzer, required bool) {
		for _, a := range as {
			if seen[a] {
				continue
			}
			seen[a] = true
			a.Flags.VisitAll(func(f *flag.Flag) {
				if !required || !checks[f.Value] {
					out = append(out, analyzerFlag{name: a.Name + "." + f.Name, flag: f})
				}
			})
			visit(a.Requires, true)
		}
	}
	visit(as, false)
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// runStandalone runs the lintcmd-based command line and returns the exit
// status.
func runStandalone(args []string) int {
	as := all.Analyzers()
	cmd := lintcmd.NewCommand("ctxtimeout")
	if v := moduleVersion(); v != "" {
		// -version: "ctxtimeout 1.2.3 (v1.2.3)" rather than "(devel, v1.2.3)".
		cmd.SetVersion(toolVersion(), v)
	}
	cmd.AddAnalyzers(lintAnalyzers(as)...)

	fs := cmd.FlagSet()
	// No check reports in test files (tests run on root contexts by
	// design), so loading them would only compile every package's test
	// variant and the test-only dependencies: -tests is off unless asked
	// for. -tests=true also checks the test files' compile errors and
	// //lint:ignore directives.
	tests := fs.Lookup("tests")
	tests.DefValue = "false"
	tests.Usage = "Also load test files (no check reports in them; their compile errors and directives are then checked)"
	_ = tests.Value.Set("false")
	aflags := analyzerFlags(as)
	for _, af := range aflags {
		fs.Var(af.flag.Value, af.name, af.flag.Usage)
	}
	jsonOut := fs.Bool("json", false, "Shorthand for -f json")
	// -help and -h print the usage on standard output and exit 0 (the flag
	// package's own -help writes to standard error).
	help := fs.Bool("help", false, "Print this help")
	fs.BoolVar(help, "h", false, "Print this help")
	fs.Lookup("f").Usage = "Output `format` (valid choices are 'text', 'stylish', 'json' and 'sarif')"
	fs.Lookup("fail").Usage = "Comma-separated list of `checks` that can cause a non-zero exit status, in every format including sarif; empty: none"
	fs.Lookup("explain").Usage = "Print the description, flags and online documentation of `check`"
	fs.Lookup("checks").Usage = "Comma-separated list of `checks` to run: all, CHECK, -CHECK to leave one out " +
		"(default \"inherit\": all checks, unless a staticcheck.conf in the package's directory or a parent sets checks = [...])"
	fs.Lookup("go").Usage = "Go language `version` the packages are type-checked with, as '1.x', or 'module' for each module's go directive"
	fs.Usage = func() { usage(fs.Output(), as, fs) }

	cmd.ParseFlags(args)
	if *help {
		usage(os.Stdout, as, fs)
		return 0
	}
	if *jsonOut {
		if err := fs.Set("f", "json"); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
	}
	if boolFlag(fs, "version") && !boolFlag(fs, "list-checks") && !boolFlag(fs, "debug.version") {
		bi, _ := debug.ReadBuildInfo()
		fmt.Println(versionLine(bi))
		return 0
	}
	if name := fs.Lookup("explain").Value.String(); name != "" {
		return explain(os.Stdout, os.Stderr, as, aflags, name)
	}
	if fs.NArg() == 0 && !boolFlag(fs, "list-checks") && !boolFlag(fs, "merge") && !boolFlag(fs, "debug.version") {
		// No packages means the current directory, exactly as if "." had
		// been named (lintcmd alone checks nothing and exits 0 outside a
		// module). Parse keeps the flags already set.
		_ = fs.Parse([]string{"."})
	}

	dir, err := cacheDir(aflags)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ctxtimeout:", err)
		return 1
	}
	if err := os.Setenv("STATICCHECK_CACHE", dir); err != nil {
		fmt.Fprintln(os.Stderr, "ctxtimeout:", err)
		return 1
	}
	// lintcmd stores its results in GOCACHEPROG when that is set, where
	// they could not be keyed on our flags: use our directory instead.
	os.Unsetenv("GOCACHEPROG")

	if fs.Lookup("f").Value.String() == "sarif" {
		return failOnLoadErrors(func() int {
			return runSARIF(cmd, as, listFlag(fs.Lookup("fail").Value.String()))
		})
	}
	format := fs.Lookup("f").Value.String()
	return failOnLoadErrors(func() int { return rebrand(format, cmd.Execute) })
}

// selfCategory is the category of findings about ctxtimeout's own
// directives (a //lint:ignore that silences nothing). lintcmd labels them
// "staticcheck", which would send users to the wrong tool.
const selfCategory = "ctxtimeout"

// rebrand runs execute with its standard output passed through
// rebrandLine and, for the packages that did not compile, the format's
// compile-error filter (one finding per error, at its position).
func rebrand(format string, execute func() int) int {
	split := compileFilter(format)
	return filterLines(&os.Stdout, func(line string) string { return split(rebrandLine(format, line)) }, execute)
}

// filterLines runs execute with *stream redirected through a pipe whose
// lines are passed through filter on their way to the original stream.
func filterLines(stream **os.File, filter func(line string) string, execute func() int) int {
	r, w, err := os.Pipe()
	if err != nil {
		return execute()
	}
	orig := *stream
	*stream = w
	done := make(chan struct{})
	go func() {
		defer close(done)
		br := bufio.NewReader(r)
		for {
			line, err := br.ReadString('\n')
			_, _ = io.WriteString(orig, filter(line))
			if err != nil {
				return
			}
		}
	}()
	code := execute()
	*stream = orig
	w.Close()
	<-done
	r.Close()
	return code
}

var stylishCategory = regexp.MustCompile(`^(\s+\(\d+, \d+\)\s+)staticcheck(\s)`)

// rebrandLine relabels lintcmd's "staticcheck" category as ctxtimeout's in
// one line of text, stylish or json output.
func rebrandLine(format, line string) string {
	switch format {
	case "text":
		// file:line:col: message (staticcheck)
		if !strings.HasPrefix(line, "\t") {
			body, nl := strings.CutSuffix(line, "\n")
			if b, ok := strings.CutSuffix(body, " (staticcheck)"); ok {
				line = b + " (" + selfCategory + ")"
				if nl {
					line += "\n"
				}
			}
		}
	case "stylish":
		// "  (L, C)  staticcheck  message": one space more keeps the
		// message column aligned.
		line = stylishCategory.ReplaceAllString(line, "${1}"+selfCategory+" ${2}")
	case "json":
		// A JSON string cannot hold an unescaped quote, so this matches the
		// "code" field only.
		line = strings.Replace(line, `{"code":"staticcheck",`, `{"code":"`+selfCategory+`",`, 1)
	}
	return line
}

// compileError is one error in a package that did not compile.
type compileError struct {
	file         string // absolute
	line, column int
	// msg is the error without its position; its continuation lines
	// (have/want, "other declaration of x") follow after newlines, as the
	// compiler printed them.
	msg string
}

// compilePosition is the position that starts an error line in go build's
// output: file:line:col: or file:line:. The file does not start with a
// space: indented lines continue the error above.
var compilePosition = regexp.MustCompile(`^((?:[A-Za-z]:)?[^:\s][^:]*):(\d+):(?:(\d+):)? (.*)$`)

// parseCompileErrors splits the message lintcmd gives a package that go
// list could not build, which has no position of its own: go build's
// output, "# importpath" and then one "file:line:col: message" line per
// error, each followed by its indented continuation lines. The go command
// prints paths relative to the working directory (ours: lintcmd runs go
// list there). ok is false for any other message (an error without a
// position, such as a missing C compiler, or a position in a file that does
// not exist here), which is then left as lintcmd printed it.
func parseCompileErrors(msg string) (errs []compileError, ok bool) {
	lines := strings.Split(strings.TrimRight(msg, "\n"), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "# ") {
		return nil, false
	}
	for _, line := range lines[1:] {
		if line != "" && (line[0] == ' ' || line[0] == '\t') && len(errs) > 0 {
			errs[len(errs)-1].msg += "\n" + line
			continue
		}
		m := compilePosition.FindStringSubmatch(line)
		if m == nil {
			return nil, false
		}
		file, err := filepath.Abs(m[1])
		if err != nil {
			return nil, false
		}
		if _, err := os.Stat(file); err != nil {
			return nil, false
		}
		e := compileError{file: file, msg: m[4]}
		e.line, _ = strconv.Atoi(m[2])
		e.column, _ = strconv.Atoi(m[3])
		errs = append(errs, e)
	}
	return errs, true
}

// compileErrors parses the compile errors of one lintcmd diagnostic and
// drops those already reported: a package's test variant repeats the
// errors of its non-test files.
type compileErrors map[compileError]bool

func (seen compileErrors) parse(msg string) ([]compileError, bool) {
	errs, ok := parseCompileErrors(msg)
	if !ok {
		return nil, false
	}
	out := errs[:0]
	for _, e := range errs {
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out, true
}

// shortPath is a path as lintcmd's text and SARIF formats print it:
// relative to the working directory when that is shorter.
func shortPath(path string) string {
	cwd, err := os.Getwd()
	if err != nil {
		return path
	}
	if rel, err := filepath.Rel(cwd, path); err == nil && len(rel) < len(path) {
		return rel
	}
	return path
}

// compileFilter returns the standard-output filter of a format (text,
// stylish or json) that replaces lintcmd's diagnostic for a package that
// did not compile (no position, "# importpath" and go build's output as
// the message) with one finding per error, at the error's file, line and
// column and with the error's own text as the message, printed as lintcmd
// prints compile errors that have a position. The filter is stateful: it
// reads the output line by line and flushes at the end (a line without a
// newline, as filterLines gives last).
func compileFilter(format string) func(line string) string {
	seen := compileErrors{}
	switch format {
	case "text":
		return textCompileFilter(seen)
	case "stylish":
		return (&stylishCompileFilter{seen: seen}).line
	case "json":
		return jsonCompileFilter(seen)
	}
	return func(line string) string { return line }
}

// sortCompileErrors sorts errors as lintcmd sorts findings: by file, line
// and column. The packages' compile diagnostics come first in lintcmd's
// output (they have no file), so their errors, split and sorted, stay
// first in every format.
func sortCompileErrors(errs []compileError) {
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].file != errs[j].file {
			return errs[i].file < errs[j].file
		}
		if errs[i].line != errs[j].line {
			return errs[i].line < errs[j].line
		}
		return errs[i].column < errs[j].column
	})
}

// textCompileFilter: lintcmd prints "-: # importpath\n" and the rest of the
// message over the next lines, the last ending in " (compile)"; each error
// becomes "file:line:col: message (compile)", the errors of consecutive
// such diagnostics sorted together.
func textCompileFilter(seen compileErrors) func(line string) string {
	var buf []string // the diagnostic's lines so far
	var pending []compileError
	flush := func() string {
		sortCompileErrors(pending)
		var b strings.Builder
		for _, e := range pending {
			fmt.Fprintf(&b, "%s:%d:%d: %s (compile)\n", shortPath(e.file), e.line, e.column, e.msg)
		}
		pending = nil
		return b.String()
	}
	return func(line string) string {
		if buf == nil && !strings.HasPrefix(line, "-: # ") {
			return flush() + line
		}
		buf = append(buf, line)
		end := strings.HasSuffix(line, " (compile)\n")
		if !end && strings.HasSuffix(line, "\n") {
			return ""
		}
		raw := strings.Join(buf, "")
		buf = nil
		if !end {
			return flush() + raw // the output ended inside it
		}
		errs, ok := seen.parse(strings.TrimSuffix(strings.TrimPrefix(raw, "-: "), " (compile)\n"))
		if !ok {
			return flush() + raw
		}
		pending = append(pending, errs...)
		return ""
	}
}

// jsonDiagnostic is one line of lintcmd's json format, its fields in
// lintcmd's order.
type jsonDiagnostic struct {
	Code     string          `json:"code"`
	Severity string          `json:"severity,omitempty"`
	Location jsonLocation    `json:"location"`
	End      jsonLocation    `json:"end"`
	Message  string          `json:"message"`
	Related  json.RawMessage `json:"related,omitempty"`
}

type jsonLocation struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

// jsonCompileFilter replaces each json compile diagnostic without a file by
// one line per error, at its absolute path and with no end, as lintcmd
// prints the compile errors it has a position for; the errors of
// consecutive such diagnostics are sorted together.
func jsonCompileFilter(seen compileErrors) func(line string) string {
	var pending []compileError
	severity := map[compileError]string{} // lintcmd's: "error", or "warning" with -fail=
	flush := func() string {
		sortCompileErrors(pending)
		var b strings.Builder
		enc := json.NewEncoder(&b) // escapes HTML like lintcmd's encoder
		for _, e := range pending {
			_ = enc.Encode(jsonDiagnostic{
				Code:     "compile",
				Severity: severity[e],
				Location: jsonLocation{File: e.file, Line: e.line, Column: e.column},
				Message:  e.msg,
			})
		}
		pending = nil
		return b.String()
	}
	return func(line string) string {
		if !strings.HasPrefix(line, `{"code":"compile",`) {
			return flush() + line
		}
		var d jsonDiagnostic
		if err := json.Unmarshal([]byte(line), &d); err != nil || d.Location.File != "" || len(d.Related) > 0 {
			return flush() + line
		}
		errs, ok := seen.parse(d.Message)
		if !ok {
			return flush() + line
		}
		for _, e := range errs {
			severity[e] = d.Severity
		}
		pending = append(pending, errs...)
		return ""
	}
}

// stylishEntry starts a finding without a position in lintcmd's stylish
// format: "  (0, 0)  category  message", aligned by a tabwriter.
var stylishEntry = regexp.MustCompile(`^  \(0, 0\) {2,}(\S+) {2,}(.*)$`)

// stylishCount is the summary line of lintcmd's stylish format.
var stylishCount = regexp.MustCompile(`^ ✖ (\d+) problems \((\d+) errors, `)

// stylishCompileFilter rewrites lintcmd's stylish output. Findings without
// a position come first, under the file name "-"; the compile diagnostics
// among them are replaced by their errors, grouped under their files (in
// lintcmd's order: by file, line and column) right after that group, and
// the summary counts each error as a problem.
type stylishCompileFilter struct {
	seen  compileErrors
	state int      // 0: first line; 1: in the "-" group; 2: after it
	group []string // the "-" group's lines so far
	extra int      // problems added by splitting
}

func (f *stylishCompileFilter) line(line string) string {
	switch f.state {
	case 0:
		f.state = 2
		if line == "-\n" {
			f.state = 1
			f.group = []string{line}
			return ""
		}
	case 1:
		f.group = append(f.group, line)
		if line == "\n" {
			f.state = 2
			return f.rewriteGroup()
		}
		if !strings.HasSuffix(line, "\n") {
			return strings.Join(f.group, "") // the output ended inside it
		}
		return ""
	}
	if f.extra != 0 {
		if m := stylishCount.FindStringSubmatchIndex(line); m != nil {
			total, _ := strconv.Atoi(line[m[2]:m[3]])
			errors, _ := strconv.Atoi(line[m[4]:m[5]])
			line = fmt.Sprintf(" ✖ %d problems (%d errors, ", total+f.extra, errors+f.extra) + line[m[1]:]
		}
	}
	return line
}

// rewriteGroup rewrites the "-" group (its header, entries and the blank
// line that ends it).
func (f *stylishCompileFilter) rewriteGroup() string {
	type entry struct {
		lines []string // as lintcmd printed them
		cat   string
		msg   string // the message, continuation lines included
	}
	var entries []*entry
	for _, line := range f.group[1 : len(f.group)-1] {
		if m := stylishEntry.FindStringSubmatch(strings.TrimSuffix(line, "\n")); m != nil {
			entries = append(entries, &entry{lines: []string{line}, cat: m[1], msg: m[2]})
			continue
		}
		if len(entries) == 0 {
			return strings.Join(f.group, "")
		}
		e := entries[len(entries)-1]
		e.lines = append(e.lines, line)
		e.msg += "\n" + strings.TrimSuffix(line, "\n")
	}
	var kept []string
	var errs []compileError
	for _, e := range entries {
		if e.cat == "compile" {
			if split, ok := f.seen.parse(e.msg); ok {
				errs = append(errs, split...)
				f.extra += len(split) - 1
				continue
			}
		}
		kept = append(kept, e.lines...)
	}
	var b strings.Builder
	if len(kept) > 0 {
		b.WriteString("-\n")
		for _, line := range kept {
			b.WriteString(line)
		}
		b.WriteString("\n")
	}
	sortCompileErrors(errs)
	var tw *tabwriter.Writer
	for i, e := range errs {
		if i == 0 || e.file != errs[i-1].file {
			if tw != nil {
				tw.Flush()
				b.WriteString("\n")
			}
			b.WriteString(e.file + "\n")
			tw = tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		}
		fmt.Fprintf(tw, "  (%d, %d)\t%s\t%s\n", e.line, e.column, "compile", e.msg)
	}
	if tw != nil {
		tw.Flush()
		b.WriteString("\n")
	}
	return b.String()
}

// splitCompileResults replaces the SARIF results of packages that did not
// compile (rule compile, no artifact URI, line 0) by one result per error,
// at the error's file, line and column as lintcmd locates the compile
// errors it has a position for. They come first, as lintcmd sorts results
// without a file, and are sorted by position.
func splitCompileResults(results []sarif.Result) []sarif.Result {
	seen := compileErrors{}
	var errs []compileError
	proto := map[compileError]sarif.Result{}
	first := -1 // where the split results go
	var rest []sarif.Result
	for _, res := range results {
		if res.RuleID == "compile" && len(res.Locations) == 1 && len(res.RelatedLocations) == 0 &&
			res.Locations[0].PhysicalLocation.ArtifactLocation.URI == "" && res.Locations[0].PhysicalLocation.Region.StartLine == 0 {
			if split, ok := seen.parse(res.Message.Text); ok {
				if first < 0 {
					first = len(rest)
				}
				for _, e := range split {
					proto[e] = res
				}
				errs = append(errs, split...)
				continue
			}
		}
		rest = append(rest, res)
	}
	if first < 0 {
		return append([]sarif.Result{}, results...)
	}
	sortCompileErrors(errs)
	out := make([]sarif.Result, 0, len(rest)+len(errs))
	out = append(out, rest[:first]...)
	for _, e := range errs {
		r := proto[e]
		r.Message = sarif.Message{Text: e.msg}
		r.Locations = []sarif.Location{{
			PhysicalLocation: sarif.PhysicalLocation{
				ArtifactLocation: sarifArtifactLocation(e.file),
				Region:           sarif.Region{StartLine: e.line, StartColumn: e.column},
			},
		}}
		out = append(out, r)
	}
	return append(out, rest[first:]...)
}

// sarifArtifactLocation is a file's location exactly as lintcmd's SARIF
// gives its other results': relative to %SRCROOT% (the working directory)
// when that is shorter, else a file URI.
func sarifArtifactLocation(path string) sarif.ArtifactLocation {
	path = shortPath(path)
	if filepath.IsAbs(path) {
		return sarif.ArtifactLocation{URI: (&url.URL{Scheme: "file", Path: path}).String()}
	}
	return sarif.ArtifactLocation{URI: (&url.URL{Path: path}).EscapedPath(), URIBaseID: "%SRCROOT%"}
}

// failOnLoadErrors runs lintcmd, passing its standard error through, and
// handles two ways lintcmd reports that it could not load the packages:
//
//   - its "pattern matched no packages" warning becomes exit status 1:
//     lintcmd exits 0 then, so a typo in a CI pattern would check nothing
//     and pass;
//   - a go command that failed (go list with a go.mod it cannot read or
//     that needs a newer Go, ...) is one line, "ctxtimeout: cannot load
//     packages: go: ...", and exit status 1, in every format: lintcmd
//     prints go/packages' "err: exit status 1: stderr: ..." and the go
//     command's standard error as they are, over several lines. Nothing is
//     printed on standard output then.
func failOnLoadErrors(execute func() int) int {
	// Written by filterLines' reader, read after it ends.
	noPackages := false
	var load *loadError
	code := filterLines(&os.Stderr, func(line string) string {
		if load != nil {
			// lintcmd returns as soon as it has printed the error: the
			// lines that follow are the rest of the go command's stderr.
			load.lines = append(load.lines, line)
			return ""
		}
		if l := parseLoadError(line); l != nil {
			load = l
			return ""
		}
		if strings.HasPrefix(line, "warning: ") && strings.HasSuffix(strings.TrimSpace(line), " matched no packages") {
			noPackages = true
		}
		return line
	}, execute)
	if load != nil {
		fmt.Fprintln(os.Stderr, "ctxtimeout: cannot load packages: "+load.String())
		return 1
	}
	if noPackages && code == 0 {
		fmt.Fprintln(os.Stderr, "ctxtimeout: nothing was checked: a package pattern matched no packages")
		return 1
	}
	return code
}

// goCommandFailed is how go/packages reports a go command that failed:
// "err: " the exit status or the reason it did not run, then "stderr: " and
// the go command's standard error, which goes on over the next lines.
var goCommandFailed = regexp.MustCompile(`^err: (.*?): stderr: (.*)$`)

// loadError is a package loading failure lintcmd printed on standard
// error.
type loadError struct {
	status string   // "exit status 1"
	lines  []string // the go command's stderr (or go/packages' message)
}

// parseLoadError recognises the first line of a loading failure: a go
// command that failed, or that could not be run.
func parseLoadError(line string) *loadError {
	body := strings.TrimRight(line, "\r\n")
	if m := goCommandFailed.FindStringSubmatch(body); m != nil {
		return &loadError{status: m[1], lines: []string{m[2]}}
	}
	if strings.HasPrefix(body, "'go list' driver requires 'go'") || strings.HasPrefix(body, "couldn't run 'go': ") {
		return &loadError{lines: []string{body}}
	}
	return nil
}

// String is the error on one line: the go command's stderr lines, trimmed,
// joined with a space after a line ending in ':' ("go: errors parsing
// go.mod: go.mod:5: ...") and "; " otherwise; its progress lines ("go:
// downloading ...") are dropped. A go command that printed nothing is
// described by its exit status, or by why it did not run.
func (l *loadError) String() string {
	var b strings.Builder
	for _, line := range l.lines {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "go: downloading ") || strings.HasPrefix(line, "go: finding ") {
			continue
		}
		if b.Len() > 0 {
			if strings.HasSuffix(b.String(), ":") {
				b.WriteString(" ")
			} else {
				b.WriteString("; ")
			}
		}
		b.WriteString(line)
	}
	if b.Len() == 0 {
		if strings.HasPrefix(l.status, "exit status ") {
			return "the go command failed with " + l.status
		}
		return l.status // the go command did not run: "go command required, not found: ..."
	}
	return b.String()
}

// loadErrorLine renders a loading error go/packages returned, or a
// package's load error, on one line as loadError does.
func loadErrorLine(msg string) string {
	lines := strings.Split(msg, "\n")
	if l := parseLoadError(lines[0]); l != nil {
		l.lines = append(l.lines, lines[1:]...)
		return l.String()
	}
	return (&loadError{lines: lines}).String()
}

// explain prints a check's documentation, its flags and its URL.
func explain(stdout, stderr io.Writer, as []*analysis.Analyzer, aflags []analyzerFlag, name string) int {
	for _, a := range as {
		if !strings.EqualFold(a.Name, name) {
			continue
		}
		title, text := analyzerDoc(a)
		fmt.Fprintf(stdout, "%s: %s\n", a.Name, title)
		if text != "" {
			fmt.Fprintf(stdout, "\n%s\n", text)
		}
		var own []analyzerFlag
		for _, af := range aflags {
			if strings.HasPrefix(af.name, a.Name+".") {
				own = append(own, af)
			}
		}
		if len(own) > 0 {
			fmt.Fprintln(stdout, "\nFlags")
			for _, af := range own {
				fmt.Fprintf(stdout, "    -%s (default %q)\n        %s\n", af.name, af.flag.DefValue, af.flag.Usage)
			}
		}
		fmt.Fprintf(stdout, "\nOnline documentation\n    %s\n", docURL(a))
		return 0
	}
	names := make([]string, 0, len(as))
	for _, a := range as {
		names = append(names, a.Name)
	}
	fmt.Fprintf(stderr, "ctxtimeout: unknown check %q (checks: %s)\n", name, strings.Join(names, ", "))
	return 1
}

// cacheDir is the directory lintcmd caches results in. lintcmd's cache key
// covers the binary and the source but not analyzer flag values, so the
// directory is keyed on them: runs with different flag values never share
// results. The base is $CTXTIMEOUT_CACHE, else <user cache dir>/ctxtimeout.
func cacheDir(aflags []analyzerFlag) (string, error) {
	base := os.Getenv("CTXTIMEOUT_CACHE")
	if base == "" {
		ucd, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("CTXTIMEOUT_CACHE is not set and %v", err)
		}
		base = filepath.Join(ucd, "ctxtimeout")
	} else if !filepath.IsAbs(base) {
		return "", fmt.Errorf("CTXTIMEOUT_CACHE=%q is not an absolute path", base)
	}
	return filepath.Join(base, "flags-"+flagsKey(aflags)), nil
}

// flagsKey hashes the current values of all analyzer flags.
func flagsKey(aflags []analyzerFlag) string {
	h := sha256.New()
	for _, af := range aflags {
		fmt.Fprintf(h, "%s=%q\n", af.name, af.flag.Value.String())
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// listFlag parses the String form of lintcmd's list flags ("a,b" quoted).
func listFlag(s string) []string {
	s = strings.Trim(s, `"`)
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// failSet resolves a -fail selection the way lintcmd does (case-insensitive
// names, "all" or "*", "-name" to exclude, "name*" globs) and adds the
// categories lintcmd always fails on.
func failSet(names []string, selection []string) map[string]bool {
	out := map[string]bool{}
	for _, sel := range selection {
		sel = strings.ToLower(sel)
		on := true
		if len(sel) > 1 && sel[0] == '-' {
			on = false
			sel = sel[1:]
		}
		switch {
		case sel == "all" || sel == "*":
			for _, n := range names {
				out[strings.ToLower(n)] = on
			}
		case strings.HasSuffix(sel, "*"):
			prefix := strings.TrimSuffix(sel, "*")
			for _, n := range names {
				n = strings.ToLower(n)
				// lintcmd compares a digit-free glob with the check's
				// category, which for our digit-free names is the name.
				if n == prefix {
					out[n] = on
				}
			}
		default:
			out[sel] = on
		}
	}
	for _, c := range []string{"compile", "config", selfCategory} {
		out[c] = true
	}
	return out
}

// runSARIF runs lintcmd with -f sarif, capturing its output, and rewrites
// the log: our helpUri and informationUri instead of staticcheck.dev,
// rules and fix changes in a stable order, each result's level from -fail.
// Unlike lintcmd it exits 1 when a failing finding was reported.
func runSARIF(cmd *lintcmd.Command, as []*analysis.Analyzer, fail []string) int {
	var data bytes.Buffer
	code := filterLines(&os.Stdout, func(line string) string {
		data.WriteString(line)
		return ""
	}, cmd.Execute)
	if data.Len() == 0 {
		return code // lintcmd failed before printing; it said why on stderr
	}
	var log sarif.Log
	if err := json.Unmarshal(data.Bytes(), &log); err != nil {
		fmt.Fprintln(os.Stderr, "ctxtimeout: reading SARIF from lintcmd:", err)
		return 1
	}
	out, failing := rewriteSARIF(&log, as, fail)
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "ctxtimeout: writing SARIF:", err)
		return 1
	}
	if code != 0 {
		return code
	}
	if failing > 0 {
		return 1
	}
	return 0
}

// The SARIF log we print: lintcmd's, plus what GitHub code scanning
// requires and honnef.co/go/tools/sarif has no field for (a rule's
// fullDescription). An outer field hides the embedded one of the same name.
type (
	sarifLogOut struct {
		sarif.Log
		Runs []sarifRunOut `json:"runs"`
	}
	sarifRunOut struct {
		Tool sarifToolOut `json:"tool"`
		// GitHub requires a results array, empty when there are none.
		Results []sarif.Result `json:"results"`
		sarif.Run
	}
	sarifToolOut struct {
		Driver sarifDriverOut `json:"driver"`
	}
	sarifDriverOut struct {
		sarif.ToolComponent
		Rules []sarifRuleOut `json:"rules,omitempty"`
	}
	sarifRuleOut struct {
		sarif.ReportingDescriptor
		FullDescription sarif.Message `json:"fullDescription"`
	}
)

// toolVersion is the SARIF driver version: the module version without its
// "v" when the binary was built from a module version (go install
// ...@v1.2.3), else 0.0.0-devel (SARIF asks for a version that starts with
// a number).
func toolVersion() string {
	if v := moduleVersion(); v != "" {
		return strings.TrimPrefix(v, "v")
	}
	return "0.0.0-devel"
}

// versionLine is what -version prints. After go install ...@VERSION it is
// "ctxtimeout 1.2.3 (v1.2.3)"; a build from a clone (whose module version
// the go command derives from the checkout) gives the revision instead,
// "ctxtimeout devel +abc1234" with " (dirty)" when the tree had
// uncommitted changes, unless the checkout is exactly at a tag.
func versionLine(bi *debug.BuildInfo) string {
	if bi == nil {
		return "ctxtimeout devel (no build information)"
	}
	var rev string
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	v := bi.Main.Version
	tagged := strings.HasPrefix(v, "v") && !module.IsPseudoVersion(v) && !strings.HasSuffix(v, "+dirty")
	if strings.HasPrefix(v, "v") && (rev == "" || tagged) {
		return "ctxtimeout " + strings.TrimPrefix(v, "v") + " (" + v + ")"
	}
	if rev != "" {
		if len(rev) > 7 {
			rev = rev[:7]
		}
		line := "ctxtimeout devel +" + rev
		if dirty {
			line += " (dirty)"
		}
		return line
	}
	return "ctxtimeout devel (no version: built outside a VCS checkout or with -buildvcs=false)"
}

// boolFlag reports whether the boolean flag name is set to true.
func boolFlag(fs *flag.FlagSet, name string) bool {
	f := fs.Lookup(name)
	return f != nil && f.Value.String() == "true"
}

// hiddenFlags are lintcmd flags that -help does not list: -merge and
// -matrix (and -f binary, which feeds -merge) are staticcheck's CI
// plumbing, and -help and -h are -help itself. They still work.
var hiddenFlags = map[string]bool{"merge": true, "matrix": true, "help": true, "h": true}

// usage prints what ctxtimeout is for, the checks, the ways to run it and
// the flags.
func usage(w io.Writer, as []*analysis.Analyzer, fs *flag.FlagSet) {
	fmt.Fprintln(w, "ctxtimeout finds context timeout hazards in Go code: a fixed timeout that")
	fmt.Fprintln(w, "silently overrides or caps the deadline the caller asked for. Its checks:")
	for _, a := range as {
		title, _ := analyzerDoc(a)
		fmt.Fprintf(w, "  %-17s %s\n", a.Name, title)
	}
	fmt.Fprintln(w, "Run it standalone (ctxtimeout ./...), with go vet")
	fmt.Fprintln(w, "(go vet -vettool=$(which ctxtimeout) ./...), as a golangci-lint v2 module")
	fmt.Fprintln(w, "plugin (github.com/ctxtimeout/ctxtimeout/golangci) or inside gopls (make")
	fmt.Fprintln(w, "gopls builds one); see "+repoURL+".")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: ctxtimeout [flags] [packages]   (no packages: the current directory, .)")
	fmt.Fprintln(w, "       ctxtimeout -list-checks | -explain CHECK | -version")
	fmt.Fprintln(w, "       ctxtimeout -budget [-f text|json|dot|svg] [-tags TAGS] [packages]   (the deadline budget report)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Flags:")
	fs.VisitAll(func(f *flag.Flag) {
		if hiddenFlags[f.Name] || strings.HasPrefix(f.Name, "debug.") {
			return
		}
		// As flag.PrintDefaults, without the defaults a usage already
		// explains.
		var b strings.Builder
		fmt.Fprintf(&b, "  -%s", f.Name)
		name, text := flag.UnquoteUsage(f)
		if name != "" {
			b.WriteString(" " + name)
		}
		if b.Len() <= 4 {
			b.WriteString("\t")
		} else {
			b.WriteString("\n    \t")
		}
		b.WriteString(strings.ReplaceAll(text, "\n", "\n    \t"))
		if !strings.Contains(text, "(default") && f.DefValue != "" && f.DefValue != "false" && f.DefValue != `""` {
			fmt.Fprintf(&b, " (default %s)", f.DefValue)
		}
		fmt.Fprintln(w, b.String())
	})
	fmt.Fprintln(w)
	fmt.Fprintln(w, "For help about specifying packages, see 'go help packages'.")
}

// moduleVersion is the version of the module the binary was built from
// (v1.2.3 after go install ...@v1.2.3), or "" for a build in a work tree.
func moduleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && strings.HasPrefix(bi.Main.Version, "v") {
		return bi.Main.Version
	}
	return ""
}

// rewriteSARIF turns lintcmd's SARIF log into ours and returns it with the
// number of unsuppressed results that fail the run: our helpUri and
// informationUri instead of staticcheck.dev, a fullDescription per rule
// (GitHub requires it), a rule for ctxtimeout's own findings (stale
// directives; lintcmd files them under "staticcheck"), rules and fix
// changes in a stable order, and each result's level from -fail.
func rewriteSARIF(in *sarif.Log, as []*analysis.Analyzer, fail []string) (*sarifLogOut, int) {
	byName := map[string]*analysis.Analyzer{}
	names := make([]string, 0, len(as))
	for _, a := range as {
		byName[a.Name] = a
		names = append(names, a.Name)
	}
	fails := failSet(names, fail)
	failing := 0
	out := &sarifLogOut{Log: *in}
	out.Log.Runs = nil
	for _, run := range in.Runs {
		r := sarifRunOut{Run: run, Results: splitCompileResults(run.Results)}
		r.Run.Tool = sarif.Tool{}
		r.Run.Results = nil
		d := &r.Tool.Driver
		d.ToolComponent = run.Tool.Driver
		d.ToolComponent.Rules = nil
		d.InformationURI = repoURL
		d.Version = toolVersion()
		d.SemanticVersion = d.Version
		self := false
		for j := range r.Results {
			res := &r.Results[j]
			if res.RuleID == "staticcheck" {
				res.RuleID = selfCategory
			}
			if res.RuleID == selfCategory {
				self = true
			}
			if fails[strings.ToLower(res.RuleID)] {
				res.Level = "error"
				if len(res.Suppressions) == 0 {
					failing++
				}
			} else {
				res.Level = "warning"
			}
			for k := range res.Fixes {
				changes := res.Fixes[k].ArtifactChanges
				sort.SliceStable(changes, func(x, y int) bool {
					return changes[x].ArtifactLocation.URI < changes[y].ArtifactLocation.URI
				})
			}
		}
		for _, rule := range run.Tool.Driver.Rules {
			ro := sarifRuleOut{ReportingDescriptor: rule, FullDescription: rule.ShortDescription}
			ro.HelpURI = repoURL
			if a, ok := byName[rule.ID]; ok {
				ro.HelpURI = docURL(a)
				_, text := analyzerDoc(a)
				if first, _, _ := strings.Cut(text, "\n\n"); first != "" {
					first = strings.Join(strings.Fields(first), " ")
					ro.FullDescription = sarif.Message{Text: first, Markdown: first}
				}
			}
			d.Rules = append(d.Rules, ro)
		}
		if self {
			const short = "a //lint:ignore directive that silences nothing"
			const full = "A //lint:ignore directive matched no finding of its check on its line: the code was fixed or the directive names the wrong check. Remove or correct it."
			d.Rules = append(d.Rules, sarifRuleOut{
				ReportingDescriptor: sarif.ReportingDescriptor{
					ID:                   selfCategory,
					ShortDescription:     sarif.Message{Text: short, Markdown: short},
					Help:                 sarif.Message{Text: full, Markdown: full},
					HelpURI:              repoURL + "#standalone-command",
					DefaultConfiguration: sarif.ReportingConfiguration{Enabled: true, Level: "error"},
				},
				FullDescription: sarif.Message{Text: full, Markdown: full},
			})
		}
		sort.Slice(d.Rules, func(x, y int) bool { return d.Rules[x].ID < d.Rules[y].ID })
		out.Runs = append(out.Runs, r)
	}
	return out, failing
}
