package ctxmodel

import "flag"

// OptionsFlagName is the name of the analyzers' flag listing extra timeout
// option constructors.
const OptionsFlagName = "options"

// RegisterOptionsFlag adds the -options flag (comma-separated full names
// of extra timeout option constructors) to an analyzer's flag set and
// returns a function that parses its current value; call it at the start
// of every run, so no parsed state outlives a run.
func RegisterOptionsFlag(fs *flag.FlagSet) func() (*Options, error) {
	var list string
	fs.StringVar(&list, OptionsFlagName, "", "comma-separated full names of extra timeout option constructors (example.com/rpc.WithBudget)")
	return func() (*Options, error) { return ParseOptions(list) }
}
