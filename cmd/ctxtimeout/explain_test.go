package main

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// notReported is, per check, a sentence of its doc.go's "Not reported"
// section: the decisions a user must be able to read in -explain.
var notReported = map[string][]string{
	"hardcodedtimeout": {
		"a bound in a function with no error result (and, for a closure, when no enclosing function has one either)",
		"Mapping the expiry to an error of one's own (return ErrTimeout) is still a failure and is reported.",
		"a package whose import path has an element e2e, testutil, testutils, testhelper, testhelpers, testsupport or testing",
	},
	"deadlinereplace": {
		"a configured timeout that only the middleware's users set (no default in view: the user's choice of a cap)",
		"a handler's own WithoutCancel or detaching type (handlers may detach deliberately; in middleware it is reported)",
	},
	"timeoutflow": {
		"for user values used in goroutines (a go statement is not followed: detached background work)",
	},
}

// TestExplainPrintsWholeDoc checks that -explain CHECK prints the check's
// whole doc.go (its package comment as text, from the "# Analyzer CHECK"
// heading on), its "Not reported" section included, and that the
// Analyzer's Doc is that text.
func TestExplainPrintsWholeDoc(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "clifix")
	bin := ctxtimeoutBin(t)
	flat := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	for _, a := range allForTest() {
		sentences, ok := notReported[a.Name]
		require.True(t, ok, "no Not-reported sentence for %s", a.Name)

		path := filepath.Join(repoRoot(t), "analyzers", a.Name, "doc.go")
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments|parser.PackageClauseOnly)
		require.NoError(t, err)
		require.NotNil(t, f.Doc, path)
		_, doc, ok := strings.Cut(f.Doc.Text(), "# Analyzer "+a.Name+"\n")
		require.True(t, ok, "%s has no \"# Analyzer %s\" heading", path, a.Name)
		doc = strings.TrimSpace(doc)
		assert.Equal(t, doc, strings.TrimSpace(a.Doc), "%s: the Analyzer's Doc is doc.go's text", a.Name)

		r := run(t, dir, nil, bin, "-explain", a.Name)
		require.Equal(t, 0, r.code, r.stderr)
		// The title line, then the whole text verbatim.
		assert.True(t, strings.HasPrefix(r.stdout, doc+"\n"), "%s: -explain does not start with doc.go's text:\n%s", a.Name, r.stdout)
		assert.Contains(t, r.stdout, "\n# Not reported\n", a.Name)
		assert.Contains(t, r.stdout, "\nSpecification: docs/hazards.md in the repository.\n", a.Name)
		for _, s := range sentences {
			assert.Contains(t, flat(r.stdout), flat(s), "%s: -explain lacks a sentence of its Not reported section", a.Name)
			_, notRep, _ := strings.Cut(flat(doc), "# Not reported")
			notRep, _, _ = strings.Cut(notRep, "# ")
			assert.Contains(t, notRep, flat(s), "%s: the sentence is not in doc.go's Not reported section", a.Name)
		}
	}
}
