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
		if !en.Pos.IsValid() || isTestFile(pass, en.Pos) || res.Engine().Skip(en.Pos) {
			continue // tests, test support and generated code: the shared filter
		}
		eff, ok := hazard(en.User, res.Expand(en.Callee))
		if !ok {
			continue
		}
		// One finding per hazard: per entry function and replacing site.
		site := siteKey(en.Func.String(), eff)
		if reported[site] {
			continue
		}
		reported[site] = true
		d := analysis.Diagnostic{Pos: en.Pos, Category: "timeoutflow", Message: message(en.User, eff, "")}
		d.Related = related(pass, eff)
		pass.Report(d)
	}
	// Entries of imported packages whose interface calls this package
	// resolves by wiring the implementation (a main): reported at the
	// wiring, naming the entry (HAZARDS.md).
	for _, w := range res.Wired {
		eff, ok := hazard(w.User, w.Effects)
		if !ok {
			continue
		}
		at, where := w.At, fmt.Sprintf(", with the implementation wired here (the budget enters at %s)", ctxmodel.ShortPos(w.Pos))
		var injector analysis.RelatedInformation
		if eng := res.Engine(); isTestFile(pass, at) || eng.Skip(at) {
			// Wired in a generated injector (wire, fx, dig): reported
			// where the program's own code calls it. Never in tests or
			// test support.
			call, inj := eng.HandWrittenCall(at)
			if !call.IsValid() {
				continue
			}
			at = call
			where = fmt.Sprintf(", with the implementation wired by the generated %s (%s), called here (the budget enters at %s)",
				ctxmodel.LocalName(inj), ctxmodel.ShortPos(eng.PosString(w.At)), ctxmodel.ShortPos(w.Pos))
			injector = analysis.RelatedInformation{Pos: w.At, Message: ctxmodel.LocalName(inj) + ": the generated wiring"}
		}
		site := siteKey(w.Func, eff)
		if reported[site] {
			continue
		}
		reported[site] = true
		d := analysis.Diagnostic{Pos: at, Category: "timeoutflow", Message: message(w.User, eff, where)}
		if injector.Pos.IsValid() {
			d.Related = append(d.Related, injector)
		}
		if p := findPos(pass, w.Pos); p.IsValid() {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: p, Message: w.Func + ": the user's timeout enters"})
		}
		d.Related = append(d.Related, related(pass, eff)...)
		pass.Report(d)
	}
	return nil, nil
}

// siteKey identifies a hazard: the entry and the replacing or capping
// site (the fixed value's definition and the path's last step).
func siteKey(entry string, eff summary.Effect) string {
	site := entry + "|" + eff.Val.Pos
	if len(eff.Path) > 0 {
		site += "|" + eff.Path[len(eff.Path)-1].Pos
	}
	return site
}

// related lists every step of the effect's path, ending at the line to
// change, and the fixed value's definition.
func related(pass *analysis.Pass, eff summary.Effect) []analysis.RelatedInformation {
	var out []analysis.RelatedInformation
	for i, s := range eff.Path {
		if p := findPos(pass, s.Pos); p.IsValid() {
			msg := s.Func
			if i == len(eff.Path)-1 {
				msg += lastStep[eff.Kind]
			}
			out = append(out, analysis.RelatedInformation{Pos: p, Message: msg})
		}
	}
	if p := findPos(pass, eff.Val.Pos); p.IsValid() {
		label := "fixed timeout "
		if eff.Val.IsDefaulted() {
			label = "default timeout "
		}
		out = append(out, analysis.RelatedInformation{Pos: p, Message: label + eff.Val.String()})
	}
	return out
}

// lastStep labels the path's last step: the line to change.
var lastStep = map[summary.EffectKind]string{
	summary.Replace: ": the timeout option placed after the caller's (change this line)",
	summary.Drop:    ": where the callee's default applies instead of the caller's options",
	summary.Cap:     ": the fixed bound on the caller's context (change this line)",
}

// hazard picks the first effect (shortest path) that replaces, drops or
// caps the user's value with a shorter fixed value, or with a configured
// one whose default the module fixes (a client's timeout field that its
// constructor defaults: whoever configures nothing gets it), as
// hardcodedtimeout counts them.
func hazard(user summary.Val, effs []summary.Effect) (summary.Effect, bool) {
	for _, e := range effs {
		if e.Kind != summary.Replace && e.Kind != summary.Drop && e.Kind != summary.Cap {
			continue
		}
		if !e.Val.IsFixed() && !e.Val.IsDefaulted() {
			continue // a cap the module's defaults do not fix
		}
		if user.Known && e.Val.NS >= user.NS {
			continue // not shorter than the known user value
		}
		return e, true
	}
	return summary.Effect{}, false
}

// message renders a finding: the user's value, what happens to it, the
// path, where (for a finding at a wiring site), and what to do.
func message(user summary.Val, e summary.Effect, where string) string {
	var b strings.Builder
	if strings.HasSuffix(user.Origin, " flag") {
		b.WriteString("the ") // the -timeout flag (default 30s)
	} else {
		b.WriteString(humanName(user.Origin))
		b.WriteByte(' ')
	}
	b.WriteString(user.String())
	switch e.Kind {
	case summary.Replace:
		b.WriteString(" is replaced by ")
	case summary.Drop:
		b.WriteString(" is dropped (options not forwarded) and replaced by the default ")
	case summary.Cap:
		b.WriteString(" is capped at ")
	}
	if e.Val.IsDefaulted() {
		b.WriteString(e.Val.Cap()) // c.timeout (default 2s, client/client.go:31)
	} else {
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
	b.WriteString(where)
	switch {
	case e.Kind == summary.Replace && e.Value != "":
		b.WriteString(": store the value only when the context carries none (read ctx.Value first) or let the caller choose it")
	case e.Kind == summary.Replace:
		b.WriteString(": let the caller's option win (prepend the default) or guard with ctx.Deadline()")
	case e.Kind == summary.Drop:
		b.WriteString(": forward the caller's options (opts...)")
	case e.Kind == summary.Cap:
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
// set, with its column. A file the file set knows with its real line
// table (this package's, or one parsed for the run) is used as it is.
// Otherwise (a dependency loaded from export data, whose file set entry
// has no columns or no entry at all) the file's directory is taken from a
// file of the same directory the file set knows, and the position is
// given a small file of its own in the file set, with the real name and a
// line table that puts it at its line and column: related positions then
// print as file:line:col in every driver, without reading any source.
func findPos(pass *analysis.Pass, s string) token.Pos {
	rel, line, col, ok := splitPos(s)
	if !ok {
		return token.NoPos
	}
	// "dir/file.go" can name files of several packages loaded into one
	// file set (two packages called options): prefer this package's own
	// file, else the first matching name, never the file set's order
	// (which a parallel loader decides).
	suffix := string(filepath.Separator) + filepath.FromSlash(rel)
	dirSuffix := string(filepath.Separator) + filepath.FromSlash(filepath.Dir(rel))
	own := map[*token.File]bool{}
	for _, f := range pass.Files {
		if tf := pass.Fset.File(f.Pos()); tf != nil {
			own[tf] = true
		}
	}
	better := func(f, best *token.File) bool {
		return best == nil || own[f] && !own[best] || own[f] == own[best] && f.Name() < best.Name()
	}
	var exact, sameDir *token.File
	pass.Fset.Iterate(func(f *token.File) bool {
		switch {
		case strings.HasSuffix(f.Name(), suffix):
			if fits(f, line, col) && better(f, exact) {
				exact = f
			}
			if better(f, sameDir) {
				sameDir = f
			}
		case strings.HasSuffix(filepath.Dir(f.Name()), dirSuffix):
			if better(f, sameDir) {
				sameDir = f
			}
		}
		return true
	})
	if exact != nil {
		found := exact.LineStart(line)
		if col > 1 {
			found += token.Pos(col - 1)
		}
		return found
	}
	if sameDir == nil {
		return token.NoPos
	}
	name := filepath.Join(filepath.Dir(sameDir.Name()), filepath.Base(rel))
	if col < 1 {
		col = 1
	}
	// Line k (1-based) starts at offset k-1; the last line is col bytes long.
	tf := pass.Fset.AddFile(name, -1, line-1+col)
	lines := make([]int, line)
	for k := range lines {
		lines[k] = k
	}
	if !tf.SetLines(lines) {
		return token.NoPos
	}
	return tf.Pos(line - 1 + col - 1)
}

// splitPos parses "dir/file.go:line[:col]".
func splitPos(s string) (rel string, line, col int, ok bool) {
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		if j := strings.LastIndexByte(s[:i], ':'); j >= 0 {
			if c, err := strconv.Atoi(s[i+1:]); err == nil {
				col, s = c, s[:i]
			}
		}
	}
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return "", 0, 0, false
	}
	line, err := strconv.Atoi(s[i+1:])
	if err != nil || line <= 0 {
		return "", 0, 0, false
	}
	return s[:i], line, col, true
}

// fits reports whether f's line table holds line with at least col
// columns: a file parsed from source, not export data's column-less one.
func fits(f *token.File, line, col int) bool {
	if line > f.LineCount() {
		return false
	}
	next := f.Size()
	if line < f.LineCount() {
		next = f.Offset(f.LineStart(line + 1))
	}
	return f.Offset(f.LineStart(line))+max(col-1, 0) < next
}
