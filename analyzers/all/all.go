// Package all is the registry of ctxtimeout's checks: every front end
// (standalone command, go vet tool, golangci-lint plugin, gopls build)
// takes its analyzer list from here so they all agree.
package all

import (
	"golang.org/x/tools/go/analysis"

	"github.com/ctxtimeout/ctxtimeout/analyzers/deadlinereplace"
	"github.com/ctxtimeout/ctxtimeout/analyzers/hardcodedtimeout"
	"github.com/ctxtimeout/ctxtimeout/analyzers/timeoutflow"
)

// Analyzers returns the ctxtimeout checks in a stable order. It returns a
// fresh slice on every call so callers may not mutate shared state.
func Analyzers() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		hardcodedtimeout.Analyzer,
		deadlinereplace.Analyzer,
		timeoutflow.Analyzer,
	}
}
