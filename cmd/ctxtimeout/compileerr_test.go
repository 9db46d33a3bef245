package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// compileFinding is a compile error as one output format reports it: an
// absolute file, the error's line and column, and its message with the
// continuation lines' indentation trimmed (stylish re-aligns them).
type compileFinding struct {
	File         string
	Line, Column int
	Msg          string
}

// normMsg trims the indentation of a message's continuation lines.
func normMsg(msg string) string {
	lines := strings.Split(msg, "\n")
	for i := range lines[1:] {
		lines[i+1] = strings.TrimSpace(lines[i+1])
	}
	return strings.Join(lines, "\n")
}

var (
	textCompileLine    = regexp.MustCompile(`^(.+?):(\d+):(\d+): (.*)$`)
	stylishCompileLine = regexp.MustCompile(`^  \((\d+), (\d+)\)\s+compile\s+(.*)$`)
	stylishSummary     = regexp.MustCompile(`^ ✖ (\d+) problems \((\d+) errors, 0 warnings, 0 ignored\)$`)
)

// compileFindings parses the output of one format (all of it compile
// errors) run in dir.
func compileFindings(t *testing.T, format, dir, out string) []compileFinding {
	t.Helper()
	var fs []compileFinding
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	switch format {
	case "text":
		for _, line := range lines {
			if strings.HasPrefix(line, "\t") {
				require.NotEmpty(t, fs, "continuation line first: %q", line)
				fs[len(fs)-1].Msg += "\n" + line
				continue
			}
			m := textCompileLine.FindStringSubmatch(line)
			require.NotNil(t, m, "not a text finding: %q", line)
			fs = append(fs, compileFinding{File: filepath.Join(dir, m[1]), Line: atoi(t, m[2]), Column: atoi(t, m[3]), Msg: m[4]})
		}
		for i := range fs {
			msg, ok := strings.CutSuffix(fs[i].Msg, " (compile)")
			require.True(t, ok, "a text compile error ends in (compile): %q", fs[i].Msg)
			fs[i].Msg = msg
		}
	case "stylish":
		file := ""
		require.Regexp(t, stylishSummary, lines[len(lines)-1])
		m := stylishSummary.FindStringSubmatch(lines[len(lines)-1])
		for _, line := range lines[:len(lines)-1] {
			switch m := stylishCompileLine.FindStringSubmatch(line); {
			case line == "":
				file = ""
			case file == "":
				file = line
				require.True(t, filepath.IsAbs(file), "stylish names files by absolute path: %q", line)
			case m != nil:
				fs = append(fs, compileFinding{File: file, Line: atoi(t, m[1]), Column: atoi(t, m[2]), Msg: m[3]})
			default:
				require.True(t, strings.HasPrefix(line, "  ") && len(fs) > 0, "not a stylish line: %q", line)
				fs[len(fs)-1].Msg += "\n" + line
			}
		}
		assert.Equal(t, len(fs), atoi(t, m[1]), "the summary counts each error")
		assert.Equal(t, len(fs), atoi(t, m[2]))
	case "json":
		for _, line := range lines {
			var d jsonDiagnostic
			require.NoError(t, json.Unmarshal([]byte(line), &d), line)
			assert.Equal(t, "compile", d.Code)
			assert.Equal(t, "error", d.Severity)
			assert.True(t, filepath.IsAbs(d.Location.File), "json files are absolute, as for other findings: %q", d.Location.File)
			assert.Equal(t, jsonLocation{}, d.End, "no end, as lintcmd's other compile errors")
			fs = append(fs, compileFinding{File: d.Location.File, Line: d.Location.Line, Column: d.Location.Column, Msg: d.Message})
		}
	case "sarif":
		var log sarifLog
		require.NoError(t, json.Unmarshal([]byte(out), &log))
		require.Len(t, log.Runs, 1)
		for _, res := range log.Runs[0].Results {
			assert.Equal(t, "compile", res.RuleID)
			assert.Equal(t, "error", res.Level)
			require.Len(t, res.Locations, 1)
			loc := res.Locations[0].PhysicalLocation
			assert.Equal(t, "%SRCROOT%", loc.ArtifactLocation.URIBaseID, "relative to the working directory, as other results")
			fs = append(fs, compileFinding{
				File: filepath.Join(dir, filepath.FromSlash(loc.ArtifactLocation.URI)),
				Line: loc.Region.StartLine, Column: loc.Region.StartColumn, Msg: res.Message.Text,
			})
		}
	}
	for i := range fs {
		fs[i].Msg = normMsg(fs[i].Msg)
	}
	return fs
}

// TestCompileErrorPositions: each error of a package that does not compile
// is one finding, in every format, at the error's file, line and column,
// with the compiler's message without "# importpath" or the position; the
// errors a test variant repeats are reported once (with -tests; by default
// test files are not loaded, so their errors are not reported). The files
// are in the form the format gives other findings: relative in text and
// SARIF, also outside the working directory (../), absolute in stylish and
// json.
func TestCompileErrorPositions(t *testing.T) {
	t.Parallel()
	bin := ctxtimeoutBin(t)
	root := badFixture(t, "compileerrs")
	want := []compileFinding{
		{filepath.Join(root, "compileerrs.go"), 19, 14, "cannot use conn{} (value of struct type conn) as Conn value in variable declaration: " +
			"conn does not implement Conn (missing method Invoke)\nhave invoke(context.Context) error\nwant Invoke(context.Context) error"},
		{filepath.Join(root, "compileerrs.go"), 25, 9, "undefined: notDeclared"},
		{filepath.Join(root, "compileerrs_test.go"), 6, 17, "cannot use 1 (untyped int constant) as string value in variable declaration"},
		{filepath.Join(root, "sub", "sub.go"), 5, 13, `cannot use "x" (untyped string constant) as int value in variable declaration`},
	}
	noTests := append(want[:2:2], want[3])
	t.Run("without tests", func(t *testing.T) {
		t.Parallel()
		r := run(t, root, nil, bin, "-f", "json", "./...")
		assert.Equal(t, 1, r.code, "compile errors fail the run; stderr:\n%s", r.stderr)
		assert.Equal(t, noTests, compileFindings(t, "json", root, r.stdout), "output:\n%s", r.stdout)
	})
	for _, tc := range []struct {
		format, dir, pattern string
	}{
		{"text", ".", "./..."},
		{"stylish", ".", "./..."},
		{"json", ".", "./..."},
		{"sarif", ".", "./..."},
		{"text", "sub", "../..."},
		{"sarif", "sub", "../..."},
	} {
		t.Run(tc.format+"/"+tc.dir, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(root, tc.dir)
			r := run(t, dir, nil, bin, "-f", tc.format, "-tests", tc.pattern)
			assert.Equal(t, 1, r.code, "compile errors fail the run; stderr:\n%s", r.stderr)
			assert.Empty(t, r.stderr)
			assert.NotContains(t, r.stdout, "# example.com/")
			assert.Equal(t, want, compileFindings(t, tc.format, dir, r.stdout), "output:\n%s", r.stdout)
			switch tc.format {
			case "json":
				// The continuation lines are the compiler's, tabs included.
				assert.Contains(t, r.stdout, `(missing method Invoke)\n\t\thave invoke(context.Context) error\n\t\twant Invoke(context.Context) error"}`)
			case "text":
				if tc.dir == "sub" {
					assert.Contains(t, r.stdout, "\n../compileerrs.go:25:9: undefined: notDeclared (compile)\n")
					assert.True(t, strings.HasPrefix(r.stdout, "../compileerrs.go:19:14: "), r.stdout)
				}
			}
		})
	}
}

// TestParseCompileErrors covers the forms of go build output the splitting
// accepts and the ones it leaves to lintcmd's message.
func TestParseCompileErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.go"), filepath.Join(dir, "b.go")
	for _, f := range []string{a, b} {
		require.NoError(t, os.WriteFile(f, []byte("package a\n"), 0o644))
	}
	for _, tc := range []struct {
		name string
		msg  string
		want []compileError // nil: not split
	}{
		{"one error", "# example.com/a\n" + a + ":3:4: undefined: x", []compileError{{a, 3, 4, "undefined: x"}}},
		{"several, with continuation lines", "# example.com/a [example.com/a.test]\n" + a + ":3:4: x redeclared in this block\n\t" + b + ":1:6: other declaration of x\n" + b + ":9:2: undefined: y\n",
			[]compileError{{a, 3, 4, "x redeclared in this block\n\t" + b + ":1:6: other declaration of x"}, {b, 9, 2, "undefined: y"}}},
		{"no column", "# example.com/a\n" + a + ":7: too many errors", []compileError{{a, 7, 0, "too many errors"}}},
		{"no header", a + ":3:4: undefined: x", nil},
		{"header only", "# example.com/a", nil},
		{"no position (cgo)", "# example.com/a\ncgo: C compiler \"gcc\" not found: exec: \"gcc\": executable file not found in $PATH", nil},
		{"a line without a position", "# example.com/a\n" + a + ":3:4: undefined: x\nnote: module requires Go 1.99", nil},
		{"a file that does not exist", "# example.com/a\n" + filepath.Join(dir, "nosuch.go") + ":3:4: undefined: x", nil},
		{"a package error", "no Go files in " + dir, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseCompileErrors(tc.msg)
			assert.Equal(t, tc.want != nil, ok)
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestStylishCompileFilter: in stylish, the findings without a position
// that are not split (a package without Go files) stay under "-", the
// errors go under their files, before the other files, and the summary
// counts each error.
func TestStylishCompileFilter(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.go"), filepath.Join(dir, "b.go")
	for _, f := range []string{a, b} {
		require.NoError(t, os.WriteFile(f, []byte("package a\n"), 0o644))
	}
	in := "-\n" +
		"  (0, 0)  compile  # example.com/a\n" +
		b + ":9:2: undefined: y\n" +
		a + ":3:4: x redeclared in this block\n" +
		"  " + b + ":1:6: other declaration of x\n" +
		"  (0, 0)  compile  # example.com/a [example.com/a.test]\n" +
		b + ":9:2: undefined: y\n" +
		"  (0, 0)  compile  no Go files in /x/nofiles\n" +
		"\n" +
		"/z/c.go\n" +
		"  (1, 2)  hardcodedtimeout  capped\n" +
		"\n" +
		" ✖ 4 problems (4 errors, 0 warnings, 0 ignored)\n"
	want := "-\n" +
		"  (0, 0)  compile  no Go files in /x/nofiles\n" +
		"\n" +
		a + "\n" +
		"  (3, 4)  compile  x redeclared in this block\n" +
		"  " + b + ":1:6: other declaration of x\n" +
		"\n" +
		b + "\n" +
		"  (9, 2)  compile  undefined: y\n" +
		"\n" +
		"/z/c.go\n" +
		"  (1, 2)  hardcodedtimeout  capped\n" +
		"\n" +
		" ✖ 4 problems (4 errors, 0 warnings, 0 ignored)\n"
	filter := compileFilter("stylish")
	var got strings.Builder
	for _, line := range strings.SplitAfter(in, "\n") {
		got.WriteString(filter(line)) // the last, "", is filterLines' end
	}
	assert.Equal(t, want, got.String())

	// Without a test variant repeating an error, the split adds problems.
	in2 := strings.Replace(in, "  (0, 0)  compile  # example.com/a [example.com/a.test]\n"+b+":9:2: undefined: y\n", "", 1)
	in2 = strings.Replace(in2, " ✖ 4 problems (4 errors,", " ✖ 3 problems (3 errors,", 1)
	filter = compileFilter("stylish")
	got.Reset()
	for _, line := range strings.SplitAfter(in2, "\n") {
		got.WriteString(filter(line))
	}
	assert.Equal(t, want, got.String())
}

// TestLoadErrors: when go list fails (a go.mod that needs a newer Go, a
// malformed go.mod, no go command), every format prints one line on
// standard error, nothing on standard output, and exits 1.
func TestLoadErrors(t *testing.T) {
	t.Parallel()
	bin := ctxtimeoutBin(t)
	for _, tc := range []struct {
		name  string
		gomod string
		env   []string
		want  *regexp.Regexp
	}{
		{
			name: "newer go", gomod: "module example.com/newer\n\ngo 1.99\n",
			want: regexp.MustCompile(`^ctxtimeout: cannot load packages: go: go.mod requires go >= 1\.99 \(running go [^;)]+; GOTOOLCHAIN=local\)\n$`),
		},
		{
			name: "malformed go.mod", gomod: "module example.com/malformed\n\ngo 1.26.0\n\nrequire (\n",
			want: regexp.MustCompile(`^ctxtimeout: cannot load packages: go: errors parsing go.mod: \S*go.mod:\d+: syntax error \(unterminated block started at \S*go.mod:5:1\)\n$`),
		},
		{
			name: "no go command", gomod: "module example.com/nogo\n\ngo 1.26.0\n", env: []string{"PATH=" + t.TempDir()},
			want: regexp.MustCompile(`^ctxtimeout: cannot load packages: go command required, not found: exec: "go": executable file not found in \$PATH\n$`),
		},
	} {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(tc.gomod), 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "a.go"), []byte("package a\n"), 0o644))
		for _, format := range []string{"text", "stylish", "json", "sarif"} {
			t.Run(tc.name+"/"+format, func(t *testing.T) {
				t.Parallel()
				// GOTOOLCHAIN=local: the go command must not fetch Go 1.99.
				r := run(t, dir, append([]string{"GOTOOLCHAIN=local"}, tc.env...), bin, "-f", format, "./...")
				assert.Equal(t, 1, r.code, "stderr:\n%s", r.stderr)
				assert.Empty(t, r.stdout)
				assert.Regexp(t, tc.want, r.stderr)
			})
		}
	}
}

// TestLoadErrorLine covers the lines lintcmd prints for a go command that
// failed and the one line they become.
func TestLoadErrorLine(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		lines []string // as lintcmd prints them, newlines included
		want  string   // "": not a load error
	}{
		{"one line", []string{"err: exit status 1: stderr: go: go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)\n", "\n"},
			"go: go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)"},
		{"lines after a colon", []string{"err: exit status 1: stderr: go: errors parsing go.mod:\n", "go.mod:5: syntax error (unterminated block started at /m/go.mod:4:1)\n", "\n"},
			"go: errors parsing go.mod: go.mod:5: syntax error (unterminated block started at /m/go.mod:4:1)"},
		{"progress and tabs", []string{"err: exit status 1: stderr: go: downloading example.com/x v1.0.0\n", "go: updates to go.mod needed; to update it:\n", "\tgo mod tidy\n", "go: other\n", "\n"},
			"go: updates to go.mod needed; to update it: go mod tidy; go: other"},
		{"empty stderr", []string{"err: exit status 2: stderr: \n"}, "the go command failed with exit status 2"},
		{"go missing", []string{"err: go command required, not found: exec: \"go\": executable file not found in $PATH: stderr: \n"},
			`go command required, not found: exec: "go": executable file not found in $PATH`},
		{"driver", []string{"'go list' driver requires 'go', but executable file not found in $PATH\n"},
			"'go list' driver requires 'go', but executable file not found in $PATH"},
		{"a warning", []string{"warning: \"./...\" matched no packages\n"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := parseLoadError(tc.lines[0])
			if tc.want == "" {
				assert.Nil(t, l)
				return
			}
			require.NotNil(t, l)
			l.lines = append(l.lines, tc.lines[1:]...)
			assert.Equal(t, tc.want, l.String())
		})
	}
}
