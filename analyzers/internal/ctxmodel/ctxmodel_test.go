package ctxmodel_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
)

// The value lattice is tested on fixtures by TestEngine (engine_test.go).

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
