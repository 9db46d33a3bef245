package ctxmodel

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// ExtractDoc returns the documentation of analyzer name from the source
// of a doc.go file (embedded with //go:embed): the package comment from
// its "# Analyzer name" heading on, the heading dropped, so its first line
// is the analyzer's title (as x/tools' passes do). It panics on a doc.go
// without that heading: a build-time mistake.
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
	i := strings.Index(text, heading)
	if i < 0 {
		panic("ctxmodel.ExtractDoc: doc.go of " + name + " lacks the heading \"" + strings.TrimSpace(heading) + "\"")
	}
	return strings.TrimSpace(text[i+len(heading):])
}
