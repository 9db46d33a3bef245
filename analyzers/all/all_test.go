package all_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"

	"github.com/ctxtimeout/ctxtimeout/analyzers/all"
)

func TestRegistry(t *testing.T) {
	t.Parallel()
	as := all.Analyzers()
	var names []string
	for _, a := range as {
		names = append(names, a.Name)
		assert.NotEmpty(t, a.Doc, a.Name)
		assert.NotNil(t, a.Run, a.Name)
	}
	assert.Equal(t, []string{"hardcodedtimeout", "deadlinereplace", "timeoutflow"}, names)
	require.NoError(t, analysis.Validate(as), "valid for every driver (vet, lintcmd, golangci-lint, gopls)")

	// A fresh slice each call: callers cannot change the registry.
	as[0] = nil
	assert.NotNil(t, all.Analyzers()[0])
}
