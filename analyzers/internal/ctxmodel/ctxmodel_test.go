package ctxmodel_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
)

const src = `package p

import (
	"context"
	"time"
)

const C = 3 * time.Second

var V = 2 * time.Second

var M = time.Second

func SetM() { M = 0 }

type RetryConfig struct{ Timeout time.Duration }

var Default = RetryConfig{Timeout: 4 * time.Second}

type Options struct{ T time.Duration }

type Req struct{ T time.Duration }

type S struct{ t time.Duration }

func use(time.Duration) {}

func (s *S) f(ctx context.Context, d time.Duration, o Options, r *Req) {
	use(C)
	use(V * 2)
	use(M)
	use(Default.Timeout)
	use(s.t)
	use(o.T)
	use(r.T)
	use(d)
	dl, _ := ctx.Deadline()
	use(time.Until(dl))
	use(min(time.Until(dl)/2, C))
	x := C
	if d > 0 {
		x = d
	}
	use(x)
	use(time.Duration(5) * time.Second)
	y := V
	use(y)
	use(dl.Sub(time.Now()))
}
`

type want struct {
	kind   ctxmodel.Kind
	value  string
	origin string
}

var wants = []want{
	{ctxmodel.Fixed, "3s", "C"},
	{ctxmodel.Fixed, "4s", "V"},
	{ctxmodel.Unknown, "?", "M"},
	{ctxmodel.Fixed, "4s", "Default.Timeout"},
	{ctxmodel.Config, "?", "s.t"},
	{ctxmodel.Config, "?", "o.T"},
	{ctxmodel.User, "?", "r.T"},
	{ctxmodel.User, "?", "parameter d"},
	{ctxmodel.Remaining, "?", "caller's deadline"},
	{ctxmodel.Remaining, "?", "caller's deadline"},
	{ctxmodel.User, "?", "parameter d"},
	{ctxmodel.Fixed, "5s", ""},
	{ctxmodel.Fixed, "2s", "V"},
	{ctxmodel.Remaining, "?", "caller's deadline"},
}

func load(t *testing.T) (*token.FileSet, *ast.File, *types.Package, *types.Info) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p/p.go", src, parser.ParseComments)
	require.NoError(t, err)
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{},
		Implicits: map[ast.Node]types.Object{}, Scopes: map[ast.Node]*types.Scope{},
		Instances: map[*ast.Ident]types.Instance{},
	}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info)
	require.NoError(t, err)
	return fset, f, pkg, info
}

func TestClassifyAST(t *testing.T) {
	t.Parallel()
	fset, f, pkg, info := load(t)
	m := ctxmodel.New(fset, pkg, info, []*ast.File{f}, nil)
	var got []ctxmodel.Value
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "use" {
				got = append(got, m.Classify(c.Args[0]))
			}
		}
		return true
	})
	require.Len(t, got, len(wants))
	for i, w := range wants {
		assert.Equal(t, w.kind, got[i].Kind, "use #%d", i)
		assert.Equal(t, w.value, got[i].ValueString(), "use #%d", i)
		assert.Equal(t, w.origin, got[i].Origin, "use #%d", i)
	}
	assert.Equal(t, "4s (Default.Timeout, p/p.go:18)", m.Describe(got[3]))
	assert.Equal(t, "3s (C, p/p.go:8)", m.Describe(got[0]))
	assert.Equal(t, "5s", m.Describe(got[11]))
}

// TestClassifySSA checks that the SSA entry point agrees with the AST one
// on kinds and values.
func TestClassifySSA(t *testing.T) {
	t.Parallel()
	fset, f, _, _ := load(t)
	ssaPkg, _, err := ssautil.BuildPackage(&types.Config{Importer: importer.Default()}, fset,
		types.NewPackage("p", "p"), []*ast.File{f}, ssa.SanityCheckFunctions)
	require.NoError(t, err)
	sc := ctxmodel.NewSSAClassifier(fset)
	var fn *ssa.Function
	for _, mem := range ssaPkg.Members {
		if tt, ok := mem.(*ssa.Type); ok && tt.Name() == "S" {
			fn = ssaPkg.Prog.FuncValue(types.NewMethodSet(types.NewPointer(tt.Type())).Lookup(ssaPkg.Pkg, "f").Obj().(*types.Func))
		}
	}
	require.NotNil(t, fn)
	var got []ctxmodel.Value
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			if callee := call.Common().StaticCallee(); callee != nil && callee.Name() == "use" {
				got = append(got, sc.Classify(call.Common().Args[0]))
			}
		}
	}
	require.Len(t, got, len(wants))
	for i, w := range wants {
		assert.Equal(t, w.kind, got[i].Kind, "use #%d", i)
		assert.Equal(t, w.value, got[i].ValueString(), "use #%d", i)
	}
	assert.Equal(t, "Default.Timeout", got[3].Origin)
	assert.Equal(t, 18, fset.Position(got[3].Pos).Line, "position of the default literal")
	assert.Equal(t, "V", got[1].Origin)
	assert.Equal(t, 10, fset.Position(got[1].Pos).Line)
}

func TestParseOptions(t *testing.T) {
	t.Parallel()
	o, err := ctxmodel.ParseOptions(" example.com/rpc.WithBudget, ,example.com/x.WithDeadlineIn")
	require.NoError(t, err)
	assert.Equal(t, []string{"example.com/rpc.WithBudget", "example.com/x.WithDeadlineIn"}, o.Extra())
	_, err = ctxmodel.ParseOptions("WithBudget")
	assert.Error(t, err)
	o, err = ctxmodel.ParseOptions("")
	require.NoError(t, err)
	assert.Empty(t, o.Extra())
}

func TestFuncDeclName(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", `package x
func A() {}
func (s *Server) B() {}
func (s Server) C() {}
func (l *List[T]) D() {}
var h = func() {}
`, 0)
	require.NoError(t, err)
	var names []string
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			names = append(names, ctxmodel.FuncDeclName(fd))
		}
	}
	assert.Equal(t, []string{"A", "(*Server).B", "Server.C", "(*List).D"}, names)
	// The last visited path ends at the literal initialising h.
	var stack []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			stack = append(stack, n)
			return false
		}
		switch n.(type) {
		case *ast.File, *ast.GenDecl, *ast.ValueSpec:
			stack = append(stack, n)
		}
		return true
	})
	assert.Equal(t, "h (closure)", ctxmodel.FuncName(stack))
}
