// Package pflag is a stub of github.com/spf13/pflag: duration flags.
package pflag

import "time"

// FlagSet is a set of flags.
type FlagSet struct{}

// Duration defines a duration flag and returns a pointer to its value.
func (f *FlagSet) Duration(name string, value time.Duration, usage string) *time.Duration {
	return &value
}

// DurationP is Duration with a one-letter shorthand.
func (f *FlagSet) DurationP(name, shorthand string, value time.Duration, usage string) *time.Duration {
	return &value
}

// DurationVar defines a duration flag that sets p.
func (f *FlagSet) DurationVar(p *time.Duration, name string, value time.Duration, usage string) {
	*p = value
}

// DurationVarP is DurationVar with a one-letter shorthand.
func (f *FlagSet) DurationVarP(p *time.Duration, name, shorthand string, value time.Duration, usage string) {
	*p = value
}

// CommandLine is the default set.
var CommandLine = &FlagSet{}

// Duration defines a duration flag of the command line.
func Duration(name string, value time.Duration, usage string) *time.Duration {
	return CommandLine.Duration(name, value, usage)
}

// DurationP is Duration with a one-letter shorthand.
func DurationP(name, shorthand string, value time.Duration, usage string) *time.Duration {
	return CommandLine.DurationP(name, shorthand, value, usage)
}

// DurationVarP defines a duration flag of the command line that sets p.
func DurationVarP(p *time.Duration, name, shorthand string, value time.Duration, usage string) {
	CommandLine.DurationVarP(p, name, shorthand, value, usage)
}

// Parse parses the command line.
func Parse() {}
