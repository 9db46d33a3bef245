// Command custom-gcl is golangci-lint v2.15.0 with ctxtimeout's checks
// compiled in as module plugins. It is what `golangci-lint custom` would
// build, made without git: `make golangci` builds it to build/bin/custom-gcl.
package main

import (
	"fmt"
	"os"
	"runtime/debug"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	// ctxtimeout's checks, one golangci-lint linter per check.
	_ "github.com/ctxtimeout/ctxtimeout/golangci"
)

// version is the golangci-lint release this binary is built from (see go.mod).
const version = "2.15.0"

func main() {
	info := commands.BuildInfo{
		Version: version + "-custom-ctxtimeout",
		Commit:  "(ctxtimeout custom build)",
		Date:    "(unknown)",
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		info.GoVersion = bi.GoVersion
	}
	if err := commands.Execute(info); err != nil {
		_, _ = fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
