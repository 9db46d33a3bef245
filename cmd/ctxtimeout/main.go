// Command ctxtimeout finds context timeout hazards: fixed timeouts that
// silently cap or replace the deadline a caller asked for.
//
// It has two modes in one binary:
//
//   - Standalone (the default), built on staticcheck's lintcmd runner:
//
//     ctxtimeout [-f text|stylish|json|sarif] [-checks LIST] [-fail LIST] [-tags TAGS] [packages]
//     ctxtimeout -list-checks
//     ctxtimeout -explain CHECK
//
//     With no packages it checks the current directory, as `ctxtimeout .`.
//     -help starts with what ctxtimeout finds and the ways to run it.
//
//     Findings can be silenced with `//lint:ignore CHECK reason` on the line
//     before, or `//lint:file-ignore CHECK reason` anywhere in a file. Each
//     check's flags are available as -CHECK.FLAG.
//
//   - A go vet tool: `go vet -vettool=$(command -v ctxtimeout) ./...`. The
//     go command runs the tool with -V=full, -flags, or a *.cfg file
//     argument; ctxtimeout then behaves as a unitchecker (facts are passed
//     between packages through vet's .vetx files, `go vet -fix` applies the
//     suggested fixes, and check flags are spelled -CHECK.FLAG).
//
// Exit status in standalone mode: 0 when no finding of a check selected by
// -fail (default: all) was reported, in every output format including
// sarif; 1 when at least one was, or when packages could not be loaded or
// had compile errors; 2 for command-line errors (unknown flag, unsupported
// format).
package main

import (
	"os"
	"strings"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/ctxtimeout/ctxtimeout/analyzers/all"
)

func main() {
	args := os.Args[1:]
	if isVetInvocation(args) {
		// unitchecker.Main reads os.Args itself and never returns.
		unitchecker.Main(all.Analyzers()...)
	}
	if isBudget(args) {
		os.Exit(runBudget(args, os.Stdout, os.Stderr))
	}
	os.Exit(runStandalone(args))
}

// isVetInvocation reports whether the go command is running us as a vet
// tool: it first asks for the tool's version (-V=full) and flags (-flags),
// then runs it once per package with a JSON config file ending in .cfg.
func isVetInvocation(args []string) bool {
	for _, a := range args {
		switch a {
		case "-V=full", "--V=full", "-flags", "--flags":
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}
