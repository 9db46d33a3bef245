package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os/exec"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/ctxtimeout/ctxtimeout/analyzers/budget"
)

// isBudget reports whether the command line asks for the deadline budget
// report (-budget anywhere before the packages).
func isBudget(args []string) bool {
	for _, a := range args {
		if a == "--" || !strings.HasPrefix(a, "-") {
			return false
		}
		if a == "-budget" || a == "--budget" {
			return true
		}
	}
	return false
}

// budgetPackage is one package's entries in the report.
type budgetPackage struct {
	Package string         `json:"package"`
	Entries []budget.Entry `json:"entries"`
}

// runBudget prints the deadline budget report: for each entry point where
// a user budget enters, the outbound paths with each narrowing or
// replacement and the effective bound.
func runBudget(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ctxtimeout -budget", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Bool("budget", true, "print the deadline budget report")
	format := fs.String("f", "text", "output `format`: text, json, dot (Graphviz) or svg (needs Graphviz's dot)")
	tags := fs.String("tags", "", "comma-separated build `tags`")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ctxtimeout -budget [-f text|json|dot|svg] [-tags TAGS] [packages]")
		fmt.Fprintln(stderr, "\nFor each entry point where a user budget enters (a request field or parameter")
		fmt.Fprintln(stderr, "passed as a timeout option or applied as a context deadline), the outbound paths")
		fmt.Fprintln(stderr, "it travels along, each replacement or cap with its value and position, and the")
		fmt.Fprintln(stderr, "effective bound at the end.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	switch *format {
	case "text", "json", "dot", "svg":
	default:
		fmt.Fprintf(stderr, "ctxtimeout: unsupported -budget format %q (text, json, dot, svg)\n", *format)
		return 2
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	rep, code := budgetReport(patterns, *tags, stderr)
	if code != 0 {
		return code
	}
	switch *format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintln(stderr, "ctxtimeout:", err)
			return 1
		}
	case "dot":
		io.WriteString(stdout, budgetDOT(rep))
	case "svg":
		dot, err := exec.LookPath("dot")
		if err != nil {
			fmt.Fprintln(stderr, "ctxtimeout: -budget -f svg needs Graphviz's dot in PATH (Debian: apt-get install graphviz); -f dot prints the graph")
			return 1
		}
		cmd := exec.Command(dot, "-Tsvg")
		cmd.Stdin = strings.NewReader(budgetDOT(rep))
		cmd.Stdout = stdout
		var errb bytes.Buffer
		cmd.Stderr = &errb
		if err := cmd.Run(); err != nil {
			fmt.Fprintf(stderr, "ctxtimeout: dot: %v: %s\n", err, strings.TrimSpace(errb.String()))
			return 1
		}
	default:
		io.WriteString(stdout, budgetText(rep))
	}
	return 0
}

// budgetReport loads the packages and runs the budget analyzer over them
// (and, for facts, over their dependencies).
func budgetReport(patterns []string, tags string, stderr io.Writer) ([]budgetPackage, int) {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax}
	if tags != "" {
		cfg.BuildFlags = []string{"-tags=" + tags}
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		fmt.Fprintln(stderr, "ctxtimeout: cannot load packages:", loadErrorLine(err.Error()))
		return nil, 1
	}
	if len(pkgs) == 0 {
		fmt.Fprintln(stderr, "ctxtimeout: nothing was checked: a package pattern matched no packages")
		return nil, 1
	}
	// Packages that do not load or type-check are left out of the report
	// (their dependents' facts may then miss paths through them): one
	// line each, and the report goes on unless nothing is left.
	bad := map[*packages.Package]bool{}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if len(p.Errors) == 0 {
			return
		}
		// The first error of a package is enough here.
		e := p.Errors[0]
		bad[p] = true
		if e.Pos == "" || e.Pos == "-" {
			fmt.Fprintln(stderr, "ctxtimeout: cannot load packages:", loadErrorLine(e.Msg))
		} else {
			fmt.Fprintf(stderr, "%s: %s (compile)\n", e.Pos, loadErrorLine(e.Msg))
		}
	})
	var good []*packages.Package
	for _, p := range pkgs {
		if !bad[p] {
			good = append(good, p)
		}
	}
	if len(good) == 0 {
		return nil, 1
	}
	pkgs = good
	graph, err := checker.Analyze([]*analysis.Analyzer{budget.Analyzer}, pkgs, nil)
	if err != nil {
		fmt.Fprintln(stderr, "ctxtimeout:", err)
		return nil, 1
	}
	var out []budgetPackage
	for _, act := range graph.Roots {
		if act.Err != nil {
			// A dependency with errors: left out, as said above.
			continue
		}
		r, _ := act.Result.(*budget.Report)
		if r == nil || len(r.Entries) == 0 {
			continue
		}
		out = append(out, budgetPackage{Package: act.Package.PkgPath, Entries: r.Entries})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Package < out[j].Package })
	if out == nil {
		out = []budgetPackage{}
	}
	return out, 0
}

// budgetText renders the report for a terminal.
func budgetText(rep []budgetPackage) string {
	var b strings.Builder
	if len(rep) == 0 {
		b.WriteString("no user budget found entering a call whose deadline the analysed code sets\n")
	}
	for _, p := range rep {
		for _, en := range p.Entries {
			fmt.Fprintf(&b, "%s  %s\n", en.Func, en.Pos)
			fmt.Fprintf(&b, "  budget: %s\n", en.Budget.Text)
			for _, o := range en.Outbound {
				verdict := "the budget holds"
				switch {
				case o.Cut && en.Budget.Known:
					verdict = "CUT: shorter than the budget"
				case o.Cut:
					verdict = "CUT: any longer budget is cut"
				}
				fmt.Fprintf(&b, "  outbound %s  %s: effective %s (%s)\n", o.Func, o.Pos, o.Effective.Text, verdict)
				fmt.Fprintf(&b, "    via %s\n", stepsText(o.Steps))
			}
			for _, n := range en.Narrowings {
				last := n.Steps[len(n.Steps)-1]
				fmt.Fprintf(&b, "  %s by %s at %s  %s\n", n.Kind, valueText(n.Value), last.Func, last.Pos)
				fmt.Fprintf(&b, "    via %s\n", stepsText(n.Steps))
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// stepsText is a path as "A (file:line:col) → B (...)".
func stepsText(st []budget.Step) string {
	parts := make([]string, 0, len(st))
	for _, s := range st {
		parts = append(parts, s.Func+" ("+s.Pos+")")
	}
	return strings.Join(parts, " → ")
}

// valueText is a value with where it is defined: "3s (DefaultRetryConfig.Timeout, rpc/retry.go:19)".
func valueText(v budget.Value) string {
	var paren []string
	if v.Where != "" {
		paren = append(paren, v.Where)
	}
	if v.Pos != "" {
		paren = append(paren, v.Pos)
	}
	if len(paren) == 0 {
		return v.Text
	}
	return v.Text + " (" + strings.Join(paren, ", ") + ")"
}

// budgetDOT renders the report as a Graphviz digraph: one cluster per
// entry with the functions on its paths, each outbound place coloured by
// its effective bound (red: shorter than the budget; green: the budget
// holds) and each narrowing in orange.
func budgetDOT(rep []budgetPackage) string {
	var b strings.Builder
	b.WriteString("digraph budget {\n\trankdir=LR;\n\tnode [shape=box, fontname=\"Helvetica\", fontsize=10];\n\tedge [fontname=\"Helvetica\", fontsize=9];\n")
	n := 0
	for _, p := range rep {
		for _, en := range p.Entries {
			n++
			fmt.Fprintf(&b, "\tsubgraph cluster_%d {\n\t\tlabel=%q;\n", n, en.Func+" · budget "+en.Budget.Text)
			ids := map[string]string{}
			edges := map[string]bool{}
			node := func(fn, attrs string) string {
				if s, ok := ids[fn]; ok {
					return s
				}
				s := fmt.Sprintf("n%d_%d", n, len(ids))
				ids[fn] = s
				fmt.Fprintf(&b, "\t\t%s [label=%q%s];\n", s, fn, attrs)
				return s
			}
			chain := func(st []budget.Step) string {
				prev := ""
				for _, s := range st {
					cur := node(s.Func, "")
					if prev != "" && prev != cur && !edges[prev+">"+cur] {
						edges[prev+">"+cur] = true
						fmt.Fprintf(&b, "\t\t%s -> %s [label=%q];\n", prev, cur, s.Pos)
					}
					prev = cur
				}
				return prev
			}
			for k, o := range en.Outbound {
				last := chain(o.Steps)
				color := "palegreen"
				if o.Cut {
					color = "salmon"
				}
				end := fmt.Sprintf("n%d_out%d", n, k)
				fmt.Fprintf(&b, "\t\t%s [label=%q, shape=note, style=filled, fillcolor=%s];\n", end, "effective "+o.Effective.Text, color)
				fmt.Fprintf(&b, "\t\t%s -> %s [label=%q];\n", last, end, o.Pos)
			}
			for k, nw := range en.Narrowings {
				last := chain(nw.Steps)
				mark := fmt.Sprintf("n%d_nar%d", n, k)
				fmt.Fprintf(&b, "\t\t%s [label=%q, shape=note, style=filled, fillcolor=orange];\n", mark, nw.Kind+" by "+valueText(nw.Value))
				fmt.Fprintf(&b, "\t\t%s -> %s [label=%q];\n", last, mark, nw.Steps[len(nw.Steps)-1].Pos)
			}
			b.WriteString("\t}\n")
		}
	}
	b.WriteString("}\n")
	return b.String()
}
