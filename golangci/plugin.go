// Package golangci registers ctxtimeout's checks as golangci-lint v2 module
// plugins: one plugin per check, so each check is its own linter in
// golangci-lint (its own name in //nolint:<check>, its own SARIF rule).
//
// A custom golangci-lint binary that includes this package is built by
// `make golangci` from the small module in ./gcl (no git clone needed).
//
// Settings in .golangci.yml are the check's flags, by flag name:
//
//	linters:
//	  settings:
//	    custom:
//	      hardcodedtimeout:
//	        type: module
//	        settings:
//	          some-flag: value
//
// Unknown keys are an error that lists the known ones.
package golangci

import (
	"encoding/json"
	"flag"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/ctxtimeout/ctxtimeout/analyzers/all"
)

func init() {
	for _, a := range all.Analyzers() {
		register.Plugin(a.Name, func(conf any) (register.LinterPlugin, error) {
			return newPlugin(a, conf)
		})
	}
}

// Names returns the linter names this package registers, in registry order.
func Names() []string {
	var names []string
	for _, a := range all.Analyzers() {
		names = append(names, a.Name)
	}
	return names
}

type plugin struct {
	analyzer *analysis.Analyzer
}

// newPlugin decodes the settings of one check and applies them to its flags
// (and to the flags of the analyzers it requires that belong to ctxtimeout).
func newPlugin(a *analysis.Analyzer, conf any) (register.LinterPlugin, error) {
	settings, err := register.DecodeSettings[map[string]any](conf)
	if err != nil {
		return nil, fmt.Errorf("ctxtimeout linter %q: %w", a.Name, err)
	}
	flags := settableFlags(a)
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f, ok := flags[k]
		if !ok {
			return nil, fmt.Errorf("ctxtimeout linter %q: unknown setting %q (known settings: %s)", a.Name, k, knownList(flags))
		}
		v, err := settingString(settings[k])
		if err != nil {
			return nil, fmt.Errorf("ctxtimeout linter %q: setting %q: %w", a.Name, k, err)
		}
		if err := f.Value.Set(v); err != nil {
			return nil, fmt.Errorf("ctxtimeout linter %q: setting %q: invalid value %q: %w", a.Name, k, v, err)
		}
	}
	return plugin{analyzer: a}, nil
}

// settableFlags collects the flags of a and of the ctxtimeout analyzers it
// requires, by name. A required analyzer's flag is reachable as
// "<analyzer>.<flag>" and, when unambiguous, by its bare name too.
func settableFlags(a *analysis.Analyzer) map[string]*flag.Flag {
	out := map[string]*flag.Flag{}
	values := map[flag.Value]bool{} // a flag shared with a required analyzer is listed once
	a.Flags.VisitAll(func(f *flag.Flag) { out[f.Name] = f; values[f.Value] = true })
	seen := map[*analysis.Analyzer]bool{a: true}
	var visit func(req []*analysis.Analyzer)
	visit = func(req []*analysis.Analyzer) {
		for _, r := range req {
			if seen[r] {
				continue
			}
			seen[r] = true
			r.Flags.VisitAll(func(f *flag.Flag) {
				if !values[f.Value] {
					out[r.Name+"."+f.Name] = f
				}
			})
			visit(r.Requires)
		}
	}
	visit(a.Requires)
	return out
}

func knownList(flags map[string]*flag.Flag) string {
	if len(flags) == 0 {
		return "none"
	}
	names := make([]string, 0, len(flags))
	for n := range flags {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// settingString turns a YAML/JSON value into the string form flag.Value.Set
// accepts: lists become comma-separated.
func settingString(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case bool:
		return strconv.FormatBool(v), nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case json.Number:
		return v.String(), nil
	case int:
		return strconv.Itoa(v), nil
	case []any:
		parts := make([]string, 0, len(v))
		for _, e := range v {
			s, err := settingString(e)
			if err != nil {
				return "", err
			}
			if strings.Contains(s, ",") {
				return "", fmt.Errorf("list element %q contains a comma", s)
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, ","), nil
	case nil:
		return "", fmt.Errorf("empty value")
	default:
		return "", fmt.Errorf("unsupported value of type %T (use a string, number, boolean or list)", v)
	}
}

// BuildAnalyzers implements register.LinterPlugin.
func (p plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{p.analyzer}, nil
}

// GetLoadMode implements register.LinterPlugin: the checks need type
// information (and SSA built from it).
func (p plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
