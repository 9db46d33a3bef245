package ctxmodel

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// ExtractDoc returns the documentation of analyzer name from the source
// of a doc.go file (embedded with //go:embed), as x/tools' passes do: the
// package comment, rendered as text, from its "# Analyzer name" heading
// to the end (or to the heading of another analyzer), the heading
// dropped. Its first line is the analyzer's title, "name: summary"
// (go/analysis's convention, which -help, -list-checks and SARIF rules
// rely on); the rest, with every later heading (# Reported, # Not
// reported...), is what ctxtimeout -explain prints. The text before the
// heading is godoc's package sentence and is not part of the Doc.
//
// It panics on a doc.go without that heading, or whose heading is not
// followed by the title line: a build-time mistake, caught by any test
// that loads the analyzer.
func ExtractDoc(src, name string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil || f.Doc == nil {
		panic("ctxmodel.ExtractDoc: doc.go of " + name + " has no package comment")
	}
	return extractDoc(f.Doc, name)
}

func extractDoc(cg *ast.CommentGroup, name string) string {
	text := cg.Text()
	heading := "# Analyzer " + name + "\n"
	i := -1
	if strings.HasPrefix(text, heading) {
		i = 0
	} else if j := strings.Index(text, "\n"+heading); j >= 0 {
		i = j + 1
	}
	if i < 0 {
		panic("ctxmodel.ExtractDoc: doc.go of " + name + " lacks the heading \"" + strings.TrimSpace(heading) + "\"")
	}
	body := text[i+len(heading):]
	if j := strings.Index(body, "\n# Analyzer "); j >= 0 {
		body = body[:j] // another analyzer's section
	}
	body = strings.TrimSpace(body)
	if title, _, _ := strings.Cut(body, "\n"); !strings.HasPrefix(title, name+": ") || strings.TrimSpace(title[len(name)+2:]) == "" {
		panic("ctxmodel.ExtractDoc: the heading \"" + strings.TrimSpace(heading) + "\" of doc.go is not followed by a \"" + name + ": summary\" line")
	}
	return body
}
