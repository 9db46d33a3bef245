// Command vetcheck runs timeoutflow alone, standalone or as a go vet tool.
// It exists for timeoutflow's tests (vet and standalone give the same
// findings; the dialer-example acceptance test); the product binary is
// cmd/ctxtimeout.
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/ctxtimeout/ctxtimeout/analyzers/timeoutflow"
)

func main() { multichecker.Main(timeoutflow.Analyzer) }
