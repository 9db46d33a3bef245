// Package budget computes the deadline budget report: for each entry
// point where a user budget enters (a request field or parameter applied
// as a timeout option or a context deadline), the outbound paths the
// budget travels along, each narrowing or replacement with its value and
// position, and the effective bound where the path ends.
//
// It is a view over the timeout-flow summaries (internal/summary), the
// same facts timeoutflow reports from: a path that ends shorter than the
// budget because a fixed value replaced or capped it is timeoutflow's
// finding; the report also shows the paths that keep the budget.
package budget

import (
	"go/token"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/summary"
)

// Analyzer computes a *Report for each package. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "deadlinebudget",
	Doc:        "computes the deadline budget report (ctxtimeout -budget): user budgets and the effective bound along each outbound path",
	Run:        run,
	Requires:   []*analysis.Analyzer{summary.Analyzer},
	ResultType: reflect.TypeOf((*Report)(nil)),
}

// Report is one package's entry points, in source order.
type Report struct {
	Entries []Entry `json:"entries"`
}

// Entry is a function where a user budget enters a call.
type Entry struct {
	Func   string `json:"func"`   // (*api.Server).CreateSIPParticipant
	Pos    string `json:"pos"`    // file:line:col where the budget is passed
	Budget Value  `json:"budget"` // the user's budget
	// Outbound are the places the budget ends up bounding the work: where
	// the caller's options are resolved into the call's deadline (or, when
	// no such place is in view, the last narrowing).
	Outbound []Outbound `json:"outbound"`
	// Narrowings replace or cap the budget on the way, shortest path first.
	Narrowings []Narrowing `json:"narrowings,omitempty"`
}

// Value is a duration with what is known of it.
type Value struct {
	Text  string `json:"text"`            // "req.RingingTimeout (default 30s)", "3s"
	NS    int64  `json:"ns,omitempty"`    // known (default) value in nanoseconds
	Known bool   `json:"known"`           // NS is known
	Pos   string `json:"pos,omitempty"`   // where a fixed value is defined
	Where string `json:"where,omitempty"` // its origin (DefaultRetryConfig.Timeout)
}

// Step is one function on a path and the call or option through which the
// budget travels in it.
type Step struct {
	Func string `json:"func"`
	Pos  string `json:"pos"`
}

// Outbound is one place the budget bounds the work, with the shortest path
// to it and the effective bound there.
type Outbound struct {
	Func      string `json:"func"`
	Pos       string `json:"pos"`
	Steps     []Step `json:"steps"`
	Effective Value  `json:"effective"`
	// Cut is true when the effective bound is shorter than the budget (or
	// the budget's value is unknown and a fixed value replaced or capped
	// it): timeoutflow's hazard.
	Cut bool `json:"cut"`
}

// Narrowing is a replacement or cap of the budget on the way.
type Narrowing struct {
	// Kind: "replaced" (a timeout option placed after the caller's),
	// "capped" (a fixed bound on the context) or "dropped" (the caller's
	// options not passed on: the default applies).
	Kind  string `json:"kind"`
	Value Value  `json:"value"`
	Steps []Step `json:"steps"`
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[summary.Analyzer].(*summary.Result)
	rep := &Report{}
	byPos := map[token.Pos]int{}
	type acc struct {
		user   summary.Val
		sinks  []summary.Effect
		narrow []summary.Effect
	}
	var accs []*acc
	for _, en := range res.Entries {
		if !en.Pos.IsValid() || strings.HasSuffix(pass.Fset.Position(en.Pos).Filename, "_test.go") {
			continue
		}
		var sinks, narrow []summary.Effect
		for _, eff := range res.Expand(en.Callee) {
			fixed := eff.Val.IsFixed() || eff.Val.IsDefaulted()
			switch {
			case eff.Kind == summary.Apply:
				sinks = append(sinks, eff)
			case fixed && (eff.Kind == summary.Replace || eff.Kind == summary.Drop || eff.Kind == summary.Cap):
				narrow = append(narrow, eff)
			}
		}
		if len(sinks) == 0 && len(narrow) == 0 {
			continue
		}
		i, ok := byPos[en.Pos]
		if !ok {
			i = len(rep.Entries)
			byPos[en.Pos] = i
			rep.Entries = append(rep.Entries, Entry{
				Func:   ctxmodel.NameOf(en.Func),
				Pos:    res.Engine().PosString(en.Pos),
				Budget: value(en.User),
			})
			accs = append(accs, &acc{user: en.User})
		}
		accs[i].sinks = append(accs[i].sinks, sinks...)
		accs[i].narrow = append(accs[i].narrow, narrow...)
	}
	for i, a := range accs {
		rep.Entries[i].Narrowings, rep.Entries[i].Outbound = entryPaths(a.user, a.sinks, a.narrow)
	}
	rep.Entries = append(rep.Entries, apiEntries(pass, res)...)
	return rep, nil
}

// apiEntries are the exported API functions of the package whose callers
// (the module's users) hand them a budget, a context deadline, a duration
// parameter or their timeout options, that is narrowed below them: the
// budget is whatever the caller passes.
func apiEntries(pass *analysis.Pass, res *summary.Result) []Entry {
	_, fns := res.SSA()
	var out []Entry
	for _, fn := range fns {
		if fn.Parent() != nil || !ctxmodel.IsExportedAPI(fn) || !fn.Pos().IsValid() ||
			strings.HasSuffix(pass.Fset.Position(fn.Pos()).Filename, "_test.go") {
			continue
		}
		sum := res.Summary(fn)
		if sum == nil {
			continue
		}
		for _, ps := range sum.Params {
			if ps.Index >= len(fn.Params) {
				continue
			}
			var budget string
			switch ps.Role {
			case summary.RoleCtx:
				budget = "the caller's deadline (" + fn.Params[ps.Index].Name() + ")"
			case summary.RoleDur:
				budget = "the caller's " + fn.Params[ps.Index].Name()
			case summary.RoleOpts:
				budget = "the caller's timeout option (" + fn.Params[ps.Index].Name() + ")"
			default:
				continue
			}
			var sinks, narrow []summary.Effect
			for _, eff := range res.Expand(ps) {
				if eff.Val.Symbolic() {
					// In terms of fn's own parameters (a receiver's configured
					// timeout): what it is to fn, with its default.
					eff.Val = res.Engine().Local(fn, eff.Val)
				}
				switch {
				case eff.Kind == summary.Apply && ps.Role == summary.RoleOpts:
					sinks = append(sinks, eff)
				case (eff.Val.IsFixed() || eff.Val.IsDefaulted()) && (eff.Kind == summary.Replace || eff.Kind == summary.Drop || eff.Kind == summary.Cap):
					narrow = append(narrow, eff)
				}
			}
			if len(narrow) == 0 {
				continue // nothing narrows what the caller passes
			}
			user := summary.Val{Kind: ctxmodel.User, Origin: budget}
			en := Entry{Func: ctxmodel.NameOf(fn), Pos: res.Engine().PosString(fn.Pos()), Budget: value(user)}
			en.Narrowings, en.Outbound = entryPaths(user, sinks, narrow)
			out = append(out, en)
		}
	}
	return out
}

// entryPaths computes the narrowings and the outbound places of an entry.
// Dynamic calls are resolved by type (timeoutflow's summaries), so which
// narrowing lies on the way to which outbound place is not known: every
// outbound place gets the shortest bound the narrowings may apply (a
// replacement or a dropped default overrides the budget; a cap bounds it).
func entryPaths(user summary.Val, sinks, narrow []summary.Effect) ([]Narrowing, []Outbound) {
	var ns []Narrowing
	effective := value(user)
	set := false
	for _, e := range narrow {
		n := Narrowing{Kind: kindName(e.Kind), Value: value(e.Val), Steps: steps(e.Path)}
		ns = append(ns, n)
		v := n.Value
		if e.Kind == summary.Cap && user.Known && user.NS < e.Val.NS {
			v = value(user) // a cap longer than the budget leaves it
		}
		if !set || v.Known && (!effective.Known || v.NS < effective.NS) {
			effective, set = v, true
		}
	}
	cut := set && (!user.Known || effective.Known && effective.NS < user.NS)
	var outs []Outbound
	for _, e := range sinks {
		st := steps(e.Path)
		last := st[len(st)-1]
		outs = append(outs, Outbound{Func: last.Func, Pos: last.Pos, Steps: st, Effective: effective, Cut: cut})
	}
	if len(outs) == 0 {
		// No place resolving the options in view: the narrowings are the
		// last thing known about the budget.
		for _, n := range ns {
			last := n.Steps[len(n.Steps)-1]
			outs = append(outs, Outbound{Func: last.Func, Pos: last.Pos, Steps: n.Steps, Effective: effective, Cut: cut})
		}
	}
	return dedupeNarrowings(ns), dedupeOutbound(outs)
}

func kindName(k summary.EffectKind) string {
	switch k {
	case summary.Replace:
		return "replaced"
	case summary.Drop:
		return "dropped"
	case summary.Cap:
		return "capped"
	}
	return "applied"
}

func steps(p []summary.Step) []Step {
	out := make([]Step, 0, len(p))
	for _, s := range p {
		out = append(out, Step{Func: s.Func, Pos: s.Pos})
	}
	if len(out) == 0 {
		out = append(out, Step{})
	}
	return out
}

func value(v summary.Val) Value {
	out := Value{Text: v.String(), NS: v.NS, Known: v.Known}
	if !v.Known {
		out.NS = 0
	}
	if v.IsFixed() || v.IsDefaulted() {
		out.Text = ctxmodel.FormatDuration(v.NS)
		out.Where = v.Origin
		out.Pos = ctxmodel.ShortPos(v.Pos)
	}
	return out
}

func stepsKey(st []Step) string {
	var b strings.Builder
	for _, s := range st {
		b.WriteString(s.Func + "@" + s.Pos + "|")
	}
	return b.String()
}

// dedupeNarrowings keeps one narrowing per (kind, value, last step),
// the shortest path, sorted by path length then text: deterministic.
func dedupeNarrowings(ns []Narrowing) []Narrowing {
	best := map[string]Narrowing{}
	var keys []string
	for _, n := range ns {
		k := n.Kind + "|" + n.Value.Text + "|" + n.Value.Pos + "|" + n.Steps[len(n.Steps)-1].Pos
		old, ok := best[k]
		if !ok {
			keys = append(keys, k)
		}
		if !ok || len(n.Steps) < len(old.Steps) || len(n.Steps) == len(old.Steps) && stepsKey(n.Steps) < stepsKey(old.Steps) {
			best[k] = n
		}
	}
	out := make([]Narrowing, 0, len(keys))
	for _, k := range keys {
		out = append(out, best[k])
	}
	sort.SliceStable(out, func(i, j int) bool {
		if len(out[i].Steps) != len(out[j].Steps) {
			return len(out[i].Steps) < len(out[j].Steps)
		}
		return stepsKey(out[i].Steps) < stepsKey(out[j].Steps)
	})
	return out
}

// dedupeOutbound keeps one outbound place per position, with its shortest
// path, sorted by position.
func dedupeOutbound(os []Outbound) []Outbound {
	best := map[string]Outbound{}
	for _, o := range os {
		old, ok := best[o.Pos]
		if !ok || len(o.Steps) < len(old.Steps) || len(o.Steps) == len(old.Steps) && stepsKey(o.Steps) < stepsKey(old.Steps) {
			best[o.Pos] = o
		}
	}
	out := make([]Outbound, 0, len(best))
	for _, o := range best {
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pos < out[j].Pos })
	return out
}
