package timeoutflow

import (
	"fmt"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/summary"
)

// Analyzer reports user timeouts that flow, across functions and
// packages, to a place where a shorter fixed timeout replaces or caps them.
var Analyzer = &analysis.Analyzer{
	Name:     "timeoutflow",
	Doc:      Doc,
	URL:      "https://github.com/ctxtimeout/ctxtimeout#timeoutflow",
	Run:      run,
	Requires: []*analysis.Analyzer{summary.Analyzer},
}

// -options: the engine's list of extra timeout option constructors,
// shared with the other checks.
func init() { ctxmodel.ShareOptionsFlag(&Analyzer.Flags, ctxmodel.Analyzer) }

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[summary.Analyzer].(*summary.Result)
	reported := map[string]bool{}
	for _, en := range res.Entries {
		if !en.Pos.IsValid() || isTestFile(pass, en.Pos) {
			continue
		}
		eff, ok := hazard(en.User, res.Expand(en.Callee))
		if !ok {
			continue
		}
		// One finding per hazard: per entry function and replacing site.
		site := en.Func.String() + "|" + eff.Val.Pos
		if len(eff.Path) > 0 {
			site += "|" + eff.Path[len(eff.Path)-1].Pos
		}
		if reported[site] {
			continue
		}
		reported[site] = true
		d := analysis.Diagnostic{Pos: en.Pos, Category: "timeoutflow", Message: message(en, eff)}
		for _, s := range eff.Path {
			if p := findPos(pass, s.Pos); p.IsValid() {
				d.Related = append(d.Related, analysis.RelatedInformation{Pos: p, Message: s.Func})
			}
		}
		if p := findPos(pass, eff.Val.Pos); p.IsValid() {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: p, Message: "fixed timeout " + eff.Val.String()})
		}
		pass.Report(d)
	}
	return nil, nil
}

// hazard picks the first effect (shortest path) that replaces, drops or
// caps the user's value with a shorter fixed value.
func hazard(user summary.Val, effs []summary.Effect) (summary.Effect, bool) {
	for _, e := range effs {
		if e.Kind != summary.Replace && e.Kind != summary.Drop && e.Kind != summary.Cap {
			continue
		}
		if !e.Val.IsFixed() {
			continue
		}
		if user.Known && e.Val.NS >= user.NS {
			continue // not shorter than the known user value
		}
		return e, true
	}
	return summary.Effect{}, false
}

func message(en summary.Entry, e summary.Effect) string {
	var b strings.Builder
	b.WriteString(humanName(en.User.Origin))
	b.WriteByte(' ')
	b.WriteString(en.User.String())
	switch e.Kind {
	case summary.Replace:
		b.WriteString(" is replaced by ")
	case summary.Drop:
		b.WriteString(" is dropped (options not forwarded) and replaced by the default ")
	case summary.Cap:
		b.WriteString(" is capped at ")
	}
	b.WriteString(e.Val.String())
	origin := e.Val.Origin
	if e.Val.Pos != "" {
		if origin != "" {
			origin += ", "
		}
		origin += ctxmodel.ShortPos(e.Val.Pos)
	}
	if origin != "" {
		fmt.Fprintf(&b, " (%s)", origin)
	}
	b.WriteString(" via ")
	var names []string
	for _, s := range e.Path {
		if len(names) > 0 && names[len(names)-1] == s.Func {
			continue
		}
		names = append(names, s.Func)
	}
	b.WriteString(strings.Join(names, " → "))
	switch e.Kind {
	case summary.Replace:
		b.WriteString(": let the caller's option win (prepend the default) or guard with ctx.Deadline()")
	case summary.Drop:
		b.WriteString(": forward the caller's options (opts...)")
	case summary.Cap:
		b.WriteString(": apply the fixed timeout only when the caller set no deadline (ctx.Deadline()) or let the caller choose it")
	}
	return b.String()
}

// humanName turns "req.RingingTimeout" into "ringing timeout".
func humanName(desc string) string {
	last := desc
	if i := strings.LastIndexByte(desc, '.'); i >= 0 {
		last = desc[i+1:]
	}
	if !strings.Contains(strings.ToLower(last), "timeout") {
		return "user timeout"
	}
	var words []string
	start := 0
	rs := []rune(last)
	for i := 1; i <= len(rs); i++ {
		if i == len(rs) || (unicode.IsUpper(rs[i]) && !unicode.IsUpper(rs[i-1])) || rs[i] == '_' {
			w := strings.Trim(string(rs[start:i]), "_")
			if w != "" {
				words = append(words, strings.ToLower(w))
			}
			start = i
		}
	}
	if len(words) == 0 || (len(words) == 1 && words[0] == "timeout") {
		return "user timeout"
	}
	return strings.Join(words, " ")
}

func isTestFile(pass *analysis.Pass, pos token.Pos) bool {
	return strings.HasSuffix(pass.Fset.Position(pos).Filename, "_test.go")
}

// findPos maps "dir/file.go:line[:col]" back to a position in the file
// set, when the file is known to it.
func findPos(pass *analysis.Pass, s string) token.Pos {
	col := 0
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		if j := strings.LastIndexByte(s[:i], ':'); j >= 0 {
			if c, err := strconv.Atoi(s[i+1:]); err == nil {
				col, s = c, s[:i]
			}
		}
	}
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return token.NoPos
	}
	line, err := strconv.Atoi(s[i+1:])
	if err != nil || line <= 0 {
		return token.NoPos
	}
	// "dir/file.go" can name files of several packages loaded into one
	// file set (two packages called options): prefer this package's own
	// file, else the first matching name, never the file set's order
	// (which a parallel loader decides).
	suffix := string(filepath.Separator) + filepath.FromSlash(s[:i])
	own := map[*token.File]bool{}
	for _, f := range pass.Files {
		if tf := pass.Fset.File(f.Pos()); tf != nil {
			own[tf] = true
		}
	}
	var best *token.File
	pass.Fset.Iterate(func(f *token.File) bool {
		if !strings.HasSuffix(f.Name(), suffix) || line > f.LineCount() {
			return true
		}
		switch {
		case best == nil, own[f] && !own[best], own[f] == own[best] && f.Name() < best.Name():
			best = f
		}
		return true
	})
	if best == nil {
		return token.NoPos
	}
	found := best.LineStart(line)
	if col > 1 {
		next := best.Pos(best.Size())
		if line < best.LineCount() {
			next = best.LineStart(line + 1)
		}
		if p := found + token.Pos(col-1); p < next {
			found = p
		}
	}
	return found
}
