package deadlinereplace

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// text returns the source text of n on one line (runs of white space
// collapsed), falling back to the printer when the source is unavailable.
func (c *checker) text(n ast.Node) string {
	raw := c.rawText(n)
	return strings.Join(strings.Fields(raw), " ")
}

// rawText returns the source text of n as written.
func (c *checker) rawText(n ast.Node) string {
	if n == nil {
		return ""
	}
	if src := c.source(n.Pos()); src != nil {
		tf := c.pass.Fset.File(n.Pos())
		start, end := tf.Offset(n.Pos()), tf.Offset(n.End())
		if 0 <= start && start <= end && end <= len(src) {
			return string(src[start:end])
		}
	}
	var buf bytes.Buffer
	if err := format.Node(&buf, c.pass.Fset, n); err != nil {
		return ""
	}
	return buf.String()
}

// source returns the content of the file holding pos, or nil.
func (c *checker) source(pos token.Pos) []byte {
	tf := c.fileOf(pos)
	if tf == nil {
		return nil
	}
	name := tf.Name()
	if src, ok := c.sources[name]; ok {
		return src
	}
	var src []byte
	if c.pass.ReadFile != nil {
		if b, err := c.pass.ReadFile(name); err == nil && len(b) == tf.Size() {
			src = b
		}
	}
	c.sources[name] = src
	return src
}

// forwardFix adds the caller's opts... to a next call that has exactly its
// fixed arguments, when opts is in scope there.
func (c *checker) forwardFix(s *site, opts *ssa.Parameter, sig *types.Signature) []analysis.SuggestedFix {
	call := s.syn
	if call.Ellipsis.IsValid() || len(call.Args) != sig.Params().Len()-1 || len(call.Args) == 0 {
		return nil
	}
	if c.lookup(call.Rparen, opts.Name()) != opts.Object() {
		return nil
	}
	last := call.Args[len(call.Args)-1]
	return []analysis.SuggestedFix{{
		Message:   "Forward the caller's " + opts.Name() + "...",
		TextEdits: []analysis.TextEdit{{Pos: last.End(), End: last.End(), NewText: []byte(", " + opts.Name() + "...")}},
	}}
}

// lookup resolves name at pos in the package's scopes.
func (c *checker) lookup(pos token.Pos, name string) types.Object {
	inner := c.pass.Pkg.Scope().Innermost(pos)
	if inner == nil {
		return nil
	}
	_, obj := inner.LookupParent(name, pos)
	return obj
}

// prependFix rewrites append(opts, T1, X, T2) to
// append(append([]Opt{T1, T2}, opts...), X): the timeout options move
// before the caller's, the others keep their place after them.
func (c *checker) prependFix(app *ast.CallExpr) []analysis.SuggestedFix {
	st, ok := c.pass.TypesInfo.TypeOf(app).(*types.Slice)
	if !ok {
		return nil
	}
	qual, imported := c.qualifier(app.Pos())
	elem := types.TypeString(st.Elem(), qual)
	if !*imported {
		return nil
	}
	var timeouts, rest []string
	for _, a := range app.Args[1:] {
		call, isCall := ast.Unparen(a).(*ast.CallExpr)
		if isCall {
			if fn, _ := c.model.TimeoutOptionCall(call); fn != nil {
				timeouts = append(timeouts, c.rawText(a))
				continue
			}
		}
		rest = append(rest, c.rawText(a))
	}
	if len(timeouts) == 0 {
		return nil
	}
	base := c.rawText(app.Args[0])
	appendName := c.rawText(app.Fun)
	out := appendName + "([]" + elem + "{" + strings.Join(timeouts, ", ") + "}, " + base + "...)"
	if len(rest) > 0 {
		out = appendName + "(" + out + ", " + strings.Join(rest, ", ") + ")"
	}
	return []analysis.SuggestedFix{{
		Message:   "Prepend the timeout option so the caller's option wins",
		TextEdits: []analysis.TextEdit{{Pos: app.Pos(), End: app.End(), NewText: []byte(out)}},
	}}
}
