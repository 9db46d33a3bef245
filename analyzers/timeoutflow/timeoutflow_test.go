package timeoutflow_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/ctxtimeout/ctxtimeout/analyzers/timeoutflow"
)

// fixturePkgs are the entry packages; they import timeoutflow/b, c and rpc,
// whose facts they use.
var fixturePkgs = []string{
	"timeoutflow/a",        // direct calls over 3 packages, methods, interface, func fields, guards, remaining budget, shorter user value, drop
	"timeoutflow/api",      // interceptor chain with the appending retry interceptor and a config default
	"timeoutflow/apigood",  // the same chain with a prepending retry interceptor: nothing
	"timeoutflow/override", // the appending interceptor configured longer than the user value: nothing
	"timeoutflow/cycle",    // recursion and mutual recursion
	"timeoutflow/generic",  // generic functions and methods of generic types
	"timeoutflow/b",        // no findings in the middle layer
	"timeoutflow/rpc",      // nor in the framework
	"timeoutflow/budget",   // user budgets applied as context deadlines, cut by fixed bounds down static calls, an interface and a func field
	"timeoutflow/budget/store",
	"timeoutflow/budget/db",
	"timeoutflow/forms",            // a per-attempt bound in a retry loop cuts the user's budget; shared remaining budget does not
	"timeoutflow/forms/cmd/fetch",  // a command's duration flags (flag.Duration, DurationVar, a FlagSet) are user budgets
	"timeoutflow/forms/cmd/pfetch", // pflag and cobra flags
	"timeoutflow/forms/client",
	"timeoutflow/callopt/api", // a user timeout carried in a gRPC call option, replaced by a client's appended default
	"timeoutflow/callopt/zrpc",
	"timeoutflow/traps",             // the specification's traps: long polls, streams, context factories, stored cancels, generated code, tests
	"timeoutflow/wired/api",         // an entry calling an interface whose implementation it cannot see: nothing here
	"timeoutflow/wired/cmd/server",  // the main that wires the capping implementation: reported at the wiring
	"timeoutflow/wired/cmd/guarded", // the main that wires a guarded one: nothing
	"timeoutflow/ctxvalue/api",      // budgets carried in context values, capped or replaced downstream
	"timeoutflow/wired/cmd/wireapp", // wired by a generated injector: reported where main calls it
	"timeoutflow/wired/wiretest",    // a generated injector only tests call: nothing
}

func TestFixtures(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), timeoutflow.Analyzer, fixturePkgs...)
}

// TestDeterministic runs twice and compares every diagnostic, related
// positions included.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	render := func() []string {
		var out []string
		for _, r := range analysistest.Run(t, analysistest.TestData(), timeoutflow.Analyzer, fixturePkgs...) {
			for _, d := range r.Diagnostics {
				s := fmt.Sprintf("%s: %s", r.Pass.Fset.Position(d.Pos), d.Message)
				for _, rel := range d.Related {
					s += fmt.Sprintf("\n\t%s: %s", r.Pass.Fset.Position(rel.Pos), rel.Message)
				}
				out = append(out, s)
			}
		}
		return out
	}
	first := render()
	assert.NotEmpty(t, first)
	assert.Equal(t, first, render())
}
