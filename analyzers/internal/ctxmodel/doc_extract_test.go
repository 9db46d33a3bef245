package ctxmodel_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
)

const docSrc = `// Package demo defines an Analyzer that demonstrates.
//
// # Analyzer demo
//
// demo: a short title
//
// The first paragraph.
//
// # Not reported
//
// A list:
//
//   - one;
//   - two.
//
// Code:
//
//	x := 1
//
// # Analyzer other
//
// other: not demo's
package demo
`

func TestExtractDoc(t *testing.T) {
	t.Parallel()
	got := ctxmodel.ExtractDoc(docSrc, "demo")
	assert.True(t, strings.HasPrefix(got, "demo: a short title\n\nThe first paragraph.\n"), got)
	assert.NotContains(t, got, "Package demo", "godoc's package sentence is not part of the Doc")
	assert.NotContains(t, got, "# Analyzer", "the heading is dropped")
	assert.Contains(t, got, "\n# Not reported\n\nA list:\n\n  - one;\n  - two.\n", "later headings and lists are kept")
	assert.Contains(t, got, "\n\tx := 1", "code blocks are kept")
	assert.NotContains(t, got, "other", "another analyzer's section is not this one's")
	assert.Equal(t, "other: not demo's", ctxmodel.ExtractDoc(docSrc, "other"))
}

func TestExtractDocMistakes(t *testing.T) {
	t.Parallel()
	assert.PanicsWithValue(t, "ctxmodel.ExtractDoc: doc.go of demo has no package comment", func() {
		ctxmodel.ExtractDoc("package demo\n", "demo")
	})
	assert.PanicsWithValue(t, `ctxmodel.ExtractDoc: doc.go of nosuch lacks the heading "# Analyzer nosuch"`, func() {
		ctxmodel.ExtractDoc(docSrc, "nosuch")
	})
	assert.PanicsWithValue(t, `ctxmodel.ExtractDoc: the heading "# Analyzer demo" of doc.go is not followed by a "demo: summary" line`, func() {
		ctxmodel.ExtractDoc("// # Analyzer demo\n//\n// A text without a title.\npackage demo\n", "demo")
	})
	// "# Analyzer demolition" is not demo's heading.
	assert.Panics(t, func() { ctxmodel.ExtractDoc("// # Analyzer demolition\n//\n// demolition: x\npackage demo\n", "demo") })
}

var fixtureRef = regexp.MustCompile(`testdata/src/[A-Za-z0-9_./-]+\.go`)

// TestChecksDocs checks the three checks' doc.go files: each extracts
// (its Doc is this text), points to the specification, has the sections
// the -explain output promises, and every fixture it names exists.
func TestChecksDocs(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..", "..")
	for _, name := range []string{"hardcodedtimeout", "deadlinereplace", "timeoutflow"} {
		src, err := os.ReadFile(filepath.Join(root, "analyzers", name, "doc.go"))
		require.NoError(t, err)
		doc := ctxmodel.ExtractDoc(string(src), name)
		assert.True(t, strings.Contains(doc, "\nSpecification: docs/hazards.md in the repository.\n"), "%s: no Specification line", name)
		for _, h := range []string{"# Reported", "# Not reported", "# False-positive traps and their fixtures"} {
			assert.True(t, strings.Contains(doc, "\n"+h+"\n"), "%s: no section %q", name, h)
		}
		refs := fixtureRef.FindAllString(doc, -1)
		assert.NotEmpty(t, refs, name)
		for _, ref := range refs {
			_, err := os.Stat(filepath.Join(root, "analyzers", name, filepath.FromSlash(ref)))
			assert.NoError(t, err, "%s names a fixture that does not exist", name)
		}
	}
	_, err := os.Stat(filepath.Join(root, "docs", "hazards.md"))
	assert.NoError(t, err, "the specification the docs point to")
}
