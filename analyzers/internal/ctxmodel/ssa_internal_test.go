package ctxmodel

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

func typeCheck(t *testing.T, src string) (*token.FileSet, *ast.File, *types.Package, *types.Info) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	require.NoError(t, err)
	info := &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, info)
	require.NoError(t, err)
	return fset, f, pkg, info
}

func TestRelevant(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		src  string
		want bool
	}{
		{"no time or context", `package p; import "strconv"; func F(i int) string { return strconv.Itoa(i) }`, false},
		{"time.Time only", `package p; import "time"; func F() int64 { return time.Now().Unix() }`, false},
		{"duration", `package p; import "time"; func F() { time.Sleep(3 * time.Second) }`, true},
		{"context param", `package p; import "context"; func F(ctx context.Context) error { return ctx.Err() }`, true},
		{"config struct field", `package p; import "net/http"; func F(c *http.Client) *http.Client { return c }`, true},
		{"struct two levels down", `package p; type T struct{ C struct{ X int } }; func F(t T) int { return t.C.X }`, false},
		{"recursive types", `package p; type L struct{ Next *L; V int }; func F(l *L) int { return l.Next.V }`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, _, _, info := typeCheck(t, tc.src)
			assert.Equal(t, tc.want, relevant(info))
		})
	}
}

func TestBuildSSA(t *testing.T) {
	t.Parallel()
	fset, f, pkg, info := typeCheck(t, `package p

import "context"

func A(ctx context.Context) { go func() { _ = ctx }() }

func init() {}

func init() {}

type T struct{}

func (T) M() {}
`)
	pass := &analysis.Pass{Fset: fset, Files: []*ast.File{f}, Pkg: pkg, TypesInfo: info}
	ssaPkg, funcs := buildSSA(pass, false)
	require.NotNil(t, ssaPkg)
	var names []string
	for _, fn := range funcs {
		names = append(names, fn.Name())
	}
	assert.Equal(t, []string{"A", "A$1", "init#1", "init#2", "M"}, names)
}

// TestIllTyped: well-typed code that uses builtins as values of no type of
// their own (len in a conversion) is analysed; broken code is not.
func TestIllTyped(t *testing.T) {
	t.Parallel()
	_, f, _, info := typeCheck(t, `package p

import "time"

const letters = "abc"

func F(s []int, m map[string]int) time.Duration {
	_ = cap(s) + len(m)
	if len(s) < len(letters) {
		return 0
	}
	return time.Duration(int64(len(s))) * time.Second
}
`)
	assert.False(t, illTyped(info, []*ast.File{f}))
}

// TestBuildSSAReferencedImports: an import named only for its types and
// methods is not created, and the package still builds without the
// every-import fallback; calls to that import's methods resolve to
// functions made from type information.
func TestBuildSSAReferencedImports(t *testing.T) {
	t.Parallel()
	fset, f, pkg, info := typeCheck(t, `package p

import (
	"context"
	"net/http"
	"time"
)

var Default = 2 * time.Second

func Get(ctx context.Context, c *http.Client, req *http.Request, at time.Time) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(ctx, Default)
	defer cancel()
	_ = at.Add(Default)
	return c.Do(req.WithContext(ctx))
}
`)
	pass := &analysis.Pass{Fset: fset, Files: []*ast.File{f}, Pkg: pkg, TypesInfo: info}
	var paths []string
	for _, p := range referencedImports(pass) {
		paths = append(paths, p.Path())
	}
	assert.Equal(t, []string{"context"}, paths, "time and net/http are named for types, methods and constants only")
	ssaPkg, funcs, ok := tryBuildSSA(pass, false)
	require.True(t, ok, "built without the every-import fallback")
	require.NotNil(t, ssaPkg)
	var callees []string
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if c, ok := instr.(ssa.CallInstruction); ok {
					if g := c.Common().StaticCallee(); g != nil {
						callees = append(callees, g.String())
					}
				}
			}
		}
	}
	assert.Subset(t, callees, []string{"context.WithTimeout", "(time.Time).Add", "(*net/http.Client).Do", "(*net/http.Request).WithContext"})
	var httpPkg *types.Package
	for _, p := range pkg.Imports() {
		if p.Path() == "net/http" {
			httpPkg = p
		}
	}
	require.NotNil(t, httpPkg)
	client := httpPkg.Scope().Lookup("Client").Type().(*types.Named)
	var do *types.Func
	for i := 0; i < client.NumMethods(); i++ {
		if client.Method(i).Name() == "Do" {
			do = client.Method(i)
		}
	}
	require.NotNil(t, do)
	fn := FuncOf(ssaPkg.Prog, do)
	require.NotNil(t, fn, "a method of an import that was not created")
	assert.Equal(t, do, fn.Object())
}
