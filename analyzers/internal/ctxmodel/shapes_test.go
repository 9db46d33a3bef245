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
	"golang.org/x/tools/go/ast/inspector"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
)

const shapesSrc = `package q

import (
	"context"
	"net/http"
	"time"
)

type Option func(*opts)
type opts struct{}
type Iface interface{ apply() }

func WithTimeout(d time.Duration) Option          { return nil }
func WithCallTimeout(n int, d time.Duration) Iface { return nil }
func WithDelay(d time.Duration) Option            { return nil }
func TimeoutOf(d time.Duration) time.Duration     { return d }
func WithBudget(d time.Duration) Option           { return nil }

func Mw(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mark("mw")
		next.ServeHTTP(w, r)
	})
}

type wrapper struct {
	next func(context.Context, string) error
}

func (w *wrapper) Call(ctx context.Context, s string) error {
	mark("wrapper")
	return w.next(ctx, s)
}

func Plain(ctx context.Context, s string) error {
	mark("plain")
	if _, ok := ctx.Deadline(); !ok {
		mark("guarded")
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = dl
		return nil
	}
	mark("after-early-return")
	return nil
}

func Unguarded(ctx context.Context) {
	_, ok := ctx.Deadline()
	_ = ok
	mark("unguarded")
}

func mark(string) {}
`

func TestOptionsAndNames(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "q/q.go", shapesSrc, 0)
	require.NoError(t, err)
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("q", fset, []*ast.File{f}, info)
	require.NoError(t, err)
	opts, err := ctxmodel.ParseOptions("q.WithBudget")
	require.NoError(t, err)
	m := ctxmodel.New(fset, pkg, info, []*ast.File{f}, opts)

	isOpt := func(name string) bool {
		_, ok := opts.TimeoutOption(pkg.Scope().Lookup(name).(*types.Func))
		return ok
	}
	assert.True(t, isOpt("WithTimeout"))
	assert.True(t, isOpt("WithCallTimeout"))
	assert.True(t, isOpt("WithBudget"), "registered by name")
	assert.False(t, isOpt("WithDelay"), "name does not say Timeout")
	assert.False(t, isOpt("TimeoutOf"), "returns a duration, not an option")

	// FuncName names the function a node is in, never with SSA names.
	got := map[string]string{}
	inspector.New([]*ast.File{f}).WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		call := n.(*ast.CallExpr)
		if id, ok := call.Fun.(*ast.Ident); push && ok && id.Name == "mark" {
			label := call.Args[0].(*ast.BasicLit).Value
			got[label[1:len(label)-1]] = ctxmodel.FuncName(stack)
		}
		return true
	})
	assert.Equal(t, map[string]string{
		"mw": "Mw (closure)", "wrapper": "(*wrapper).Call", "plain": "Plain",
		"guarded": "Plain", "after-early-return": "Plain", "unguarded": "Unguarded",
	}, got)
	_ = m
}
