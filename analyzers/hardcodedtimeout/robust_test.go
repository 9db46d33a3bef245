package hardcodedtimeout_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/ctxtimeout/ctxtimeout/analyzers/hardcodedtimeout"
)

// runSources type-checks files leniently (errors ignored, as a driver with
// RunDespiteErrors would) and runs the analyzer directly on the result.
func runSources(t *testing.T, a *analysis.Analyzer, srcs map[string]string) ([]string, error) {
	t.Helper()
	fset := token.NewFileSet()
	names := make([]string, 0, len(srcs))
	for n := range srcs {
		names = append(names, n)
	}
	sort.Strings(names)
	var files []*ast.File
	for _, n := range names {
		f, _ := parser.ParseFile(fset, n, srcs[n], parser.ParseComments)
		if f != nil {
			files = append(files, f)
		}
	}
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{},
		Implicits: map[ast.Node]types.Object{}, Scopes: map[ast.Node]*types.Scope{},
		Instances: map[*ast.Ident]types.Instance{},
	}
	conf := types.Config{Importer: importer.Default(), Error: func(error) {}}
	pkg, _ := conf.Check("p", fset, files, info)
	var out []string
	results := map[*analysis.Analyzer]any{inspect.Analyzer: inspector.New(files)}
	for _, req := range a.Requires {
		if req == inspect.Analyzer {
			continue
		}
		// The engine: no dependencies' facts in a single-package run.
		res, err := req.Run(&analysis.Pass{
			Analyzer: req, Fset: fset, Files: files, Pkg: pkg, TypesInfo: info,
			TypesSizes: types.SizesFor("gc", "amd64"), ResultOf: results,
			ImportObjectFact:  func(types.Object, analysis.Fact) bool { return false },
			ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
			ExportObjectFact:  func(types.Object, analysis.Fact) {},
			ExportPackageFact: func(analysis.Fact) {},
		})
		if err != nil {
			return nil, err
		}
		results[req] = res
	}
	pass := &analysis.Pass{
		Analyzer: a, Fset: fset, Files: files, Pkg: pkg, TypesInfo: info,
		TypesSizes: types.SizesFor("gc", "amd64"),
		ResultOf:   results,
		Report: func(d analysis.Diagnostic) {
			out = append(out, fmt.Sprintf("%s: %s", fset.Position(d.Pos), d.Message))
		},
	}
	_, err := a.Run(pass)
	return out, err
}

func TestTypeErrorsDoNotPanic(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"undefined duration": `package p
import ("context"; "time")
func f(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, undefinedTimeout*time.Second)
	defer cancel()
	_ = ctx
}`,
		"undefined context type": `package p
import "time"
func f(ctx Context) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	conn.SetDeadline(time.Now().Add(time.Second))
	_ = &http.Client{Timeout: time.Second}
}`,
		"syntax error": `package p
import ("context"; "time")
func f(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second
	defer cancel(
}`,
		"wrong arity": `package p
import "context"
func f(ctx context.Context) {
	context.WithTimeout(ctx)
	context.WithDeadline()
}`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			assert.NotPanics(t, func() {
				_, err := runSources(t, hardcodedtimeout.NewAnalyzer(), map[string]string{"p.go": src})
				assert.NoError(t, err)
			})
		})
	}
	t.Run("empty package", func(t *testing.T) {
		t.Parallel()
		out, err := runSources(t, hardcodedtimeout.NewAnalyzer(), nil)
		assert.NoError(t, err)
		assert.Empty(t, out)
	})
}

func TestBadOptionsFlag(t *testing.T) {
	t.Parallel()
	a := hardcodedtimeout.NewAnalyzer()
	require.NoError(t, a.Flags.Set("options", "NoPackage"))
	_, err := runSources(t, a, map[string]string{"p.go": "package p\n"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"NoPackage"`)
}

// TestDeterministic runs the analyzer twice over the basic fixtures and
// expects byte-identical output.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(analysistest.TestData(), "src", "hardcodedtimeout", "basic")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	srcs := map[string]string{}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".go") {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			require.NoError(t, err)
			srcs[e.Name()] = string(b)
		}
	}
	first, err := runSources(t, hardcodedtimeout.NewAnalyzer(), srcs)
	require.NoError(t, err)
	second, err := runSources(t, hardcodedtimeout.NewAnalyzer(), srcs)
	require.NoError(t, err)
	assert.Equal(t, strings.Join(first, "\n"), strings.Join(second, "\n"))
	assert.Len(t, first, 18) // basic.go: 11, callers.go: 3, guards.go: FarEnough, values.go: refresh, configured.go: Endpoint, detached.go: withDefault
}
