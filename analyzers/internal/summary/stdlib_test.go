package summary

import (
	"go/importer"
	"go/types"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func method(t *testing.T, pkg *types.Package, typ, name string) *types.Func {
	t.Helper()
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(pkg.Scope().Lookup(typ).Type()), true, pkg, name)
	f, ok := obj.(*types.Func)
	require.True(t, ok, "%s.%s.%s", pkg.Path(), typ, name)
	return f
}

func TestStdlibTable(t *testing.T) {
	imp := importer.Default()
	load := func(path string) *types.Package {
		p, err := imp.Import(path)
		require.NoError(t, err)
		return p
	}
	timePkg, testingPkg, netPkg, httpPkg := load("time"), load("testing"), load("net"), load("net/http")

	trunc := method(t, timePkg, "Duration", "Truncate")
	s := builtinSummary(trunc)
	require.NotNil(t, s)
	assert.Empty(t, s.Params, "the engine evaluates Truncate")
	assert.True(t, noFact(trunc))

	for _, f := range []*types.Func{
		method(t, testingPkg, "T", "Deadline"),
		method(t, testingPkg, "B", "Elapsed"),
		method(t, netPkg, "Resolver", "LookupHost"),
		method(t, netPkg, "Resolver", "LookupIPAddr"),
	} {
		assert.True(t, noFact(f), f.FullName())
		assert.Nil(t, builtinSummary(f), f.FullName())
	}
	// Everything else keeps its fact.
	for _, f := range []*types.Func{
		method(t, netPkg, "Dialer", "DialContext"),
		method(t, httpPkg, "Client", "Do"),
		timePkg.Scope().Lookup("Until").(*types.Func),
	} {
		assert.False(t, noFact(f), f.FullName())
		assert.Nil(t, builtinSummary(f), f.FullName())
	}
}
