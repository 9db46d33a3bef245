// Command bench measures ctxtimeout against the tools users already run
// (go vet, staticcheck) on real modules, and runs every registered check
// over a corpus of real code to prove it neither panics nor suggests fixes
// that break the build.
//
// Usage (from the repository root; the Makefile targets wrap these):
//
//	go run ./bench bench  [-runs 3] [-out build/bench]
//	go run ./bench corpus [-runs 3] [-out build/corpus]
//	go run ./bench realworld [-update] [-only GROUP,...] [-out build/realworld]
//
// Modules are pinned in bench/modules.txt and fetched through the Go module
// proxy into a throwaway module under the output folder.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "bench":
		err = benchMain(os.Args[2:])
	case "corpus":
		err = corpusMain(os.Args[2:])
	case "corpus-worker":
		err = corpusWorker(os.Args[2:])
	case "realworld":
		err = realworldMain(os.Args[2:])
	case "realworld-worker":
		err = realworldWorker(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: bench bench|corpus|realworld [flags]")
	os.Exit(2)
}
