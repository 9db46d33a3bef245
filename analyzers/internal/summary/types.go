package summary

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
)

// Val is the engine's value lattice (ctxmodel.Val): Param and Free are
// symbolic, replaced by the caller's argument or the closure's binding when
// a summary is applied. It is part of the facts.
type Val = ctxmodel.Val

// FormatNS prints a duration as people write it (3s, 1m, 1m30s, 250ms).
func FormatNS(ns int64) string { return ctxmodel.FormatDuration(ns) }

// EffectKind says what happens to the caller's budget.
type EffectKind uint8

// Effect kinds.
const (
	// Replace: a timeout option is placed after the caller's options
	// (last wins), so the caller's own timeout option is overridden.
	Replace EffectKind = iota + 1
	// Drop: the caller's options are not passed on; the callee's default
	// timeout applies instead.
	Drop
	// Cap: a timeout is applied to the caller's context (WithTimeout /
	// WithDeadline), which caps any longer deadline.
	Cap
	// Apply: the option list is resolved here, starting from default Val
	// (a sink such as an RPC client's invoker). Not a hazard by itself: a
	// caller that drops its options turns it into Drop.
	Apply
)

// Step is one function on a path with the position (dir/file.go:line) of
// the call or append through which the budget travels in it.
type Step struct {
	Func string
	Pos  string
}

// Effect is one thing a function may do to a tracked parameter.
type Effect struct {
	Kind EffectKind
	Val  Val
	Path []Step
	// Value, for a Replace by a value stored in the context, is the
	// context value path it replaces (ctxmodel.CtxValuePath): a caller
	// storing a user's timeout there has it replaced.
	Value string `json:",omitempty"`
}

// Role is the kind of a tracked parameter.
type Role uint8

// Roles of tracked parameters.
const (
	RoleCtx  Role = iota + 1 // context.Context
	RoleOpts                 // slice of options (named func type)
	RoleDur                  // time.Duration value wrapped in a timeout option or used as a deadline
)

// DynCall is a call through a dynamic value the summary could not (fully)
// resolve: callers resolve it against the instances they can see.
type DynCall struct {
	Key  string // named func type "pkg/path.Name" or interface method "m:Name(sig)"
	Arg  int    // argument index of the dynamic call the parameter flows into
	Role Role   // the role of the argument at the dynamic call
	Path []Step
}

// ParamSummary is what a function does with one tracked parameter.
type ParamSummary struct {
	Index   int
	Role    Role
	Effects []Effect
	Dyn     []DynCall
}

// OptElem is a timeout option in a list (the engine's).
type OptElem = ctxmodel.OptElem

// Instance is a function value of a named func type constructed in the
// program (a closure, a function or a bound method) with its summary
// specialised to its bindings.
type Instance struct {
	Key    string // named func type
	Name   string // display name, e.g. "rpc.RetryInterceptor (closure)"
	Params []ParamSummary
}

// FuncSummary is the object fact exported for functions and methods.
type FuncSummary struct {
	Name   string
	Params []ParamSummary
	Insts  []Instance // function values of named func types returned (factories)
}

// AFact implements analysis.Fact.
func (*FuncSummary) AFact() {}

func (s *FuncSummary) String() string {
	return fmt.Sprintf("summary(%s: %d params, %d insts)", s.Name, len(s.Params), len(s.Insts))
}

func (s *FuncSummary) empty() bool {
	return len(s.Params) == 0 && len(s.Insts) == 0
}

// Param returns the summary for parameter index i, or nil.
func (s *FuncSummary) Param(i int) *ParamSummary {
	if s == nil {
		return nil
	}
	for k := range s.Params {
		if s.Params[k].Index == i {
			return &s.Params[k]
		}
	}
	return nil
}

// PackageSummary is the package fact: the instances of named func types
// visible from this package (its own and those of its dependencies,
// re-exported because go vet passes package facts only from direct
// imports). Package defaults are the engine's (ctxmodel.DefaultsFact).
type PackageSummary struct {
	Insts []Instance
	// Pending are this package's entries whose interface calls no
	// implementation visible here resolves: a package that imports this
	// one and wires an implementation (a main) resolves them and reports
	// there (HAZARDS.md: the wiring site). Not re-exported.
	Pending []PendingEntry
}

// PendingEntry is an entry (see Entry) waiting for the implementation of
// an interface it calls.
type PendingEntry struct {
	Func   string // the entry function, as messages name it
	Pos    string // where the user's timeout enters, "dir/file.go:line:col"
	User   Val
	Callee ParamSummary
}

// AFact implements analysis.Fact.
func (*PackageSummary) AFact() {}

func (s *PackageSummary) String() string {
	return fmt.Sprintf("package summary(%d insts)", len(s.Insts))
}

// ---- canonical ordering, for determinism and small facts ----

func stepsKey(p []Step) string {
	var b strings.Builder
	for _, s := range p {
		b.WriteString(s.Func)
		b.WriteByte('@')
		b.WriteString(s.Pos)
		b.WriteByte('|')
	}
	return b.String()
}

func valKey(v Val) string {
	return fmt.Sprintf("%d/%t/%t/%d/%d/%s/%s/%s", v.Kind, v.Addr, v.Known, v.NS, v.Index, v.Path, v.Origin, v.Pos)
}

// maxEffects bounds the effects kept per parameter (shortest paths win).
const maxEffects = 8

// maxDyn bounds the dynamic calls kept per parameter (shortest paths win).
const maxDyn = 16

// maxPath bounds path length; longer flows are dropped (precision first).
const maxPath = 16

func normEffects(es []Effect) []Effect {
	// Keep one effect per (kind, value): the shortest path.
	best := map[string]Effect{}
	for _, e := range es {
		if len(e.Path) > maxPath {
			continue
		}
		k := fmt.Sprintf("%d|%s|%s", e.Kind, valKey(e.Val), e.Value)
		if old, ok := best[k]; !ok || len(e.Path) < len(old.Path) ||
			(len(e.Path) == len(old.Path) && stepsKey(e.Path) < stepsKey(old.Path)) {
			best[k] = e
		}
	}
	out := make([]Effect, 0, len(best))
	for _, e := range best {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if len(a.Path) != len(b.Path) {
			return len(a.Path) < len(b.Path)
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if ka, kb := valKey(a.Val), valKey(b.Val); ka != kb {
			return ka < kb
		}
		return stepsKey(a.Path) < stepsKey(b.Path)
	})
	if len(out) > maxEffects {
		out = out[:maxEffects]
	}
	return out
}

func normDyn(ds []DynCall) []DynCall {
	best := map[string]DynCall{}
	for _, d := range ds {
		if len(d.Path) > maxPath {
			continue
		}
		k := fmt.Sprintf("%s|%d|%d", d.Key, d.Arg, d.Role)
		if old, ok := best[k]; !ok || len(d.Path) < len(old.Path) ||
			(len(d.Path) == len(old.Path) && stepsKey(d.Path) < stepsKey(old.Path)) {
			best[k] = d
		}
	}
	out := make([]DynCall, 0, len(best))
	for _, d := range best {
		out = append(out, d)
	}
	if len(out) > maxDyn {
		// Keep the shortest paths (then by key): deterministic, bounded.
		sort.Slice(out, func(i, j int) bool {
			if len(out[i].Path) != len(out[j].Path) {
				return len(out[i].Path) < len(out[j].Path)
			}
			return out[i].Key+"|"+stepsKey(out[i].Path) < out[j].Key+"|"+stepsKey(out[j].Path)
		})
		out = out[:maxDyn]
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Key != b.Key {
			return a.Key < b.Key
		}
		if a.Arg != b.Arg {
			return a.Arg < b.Arg
		}
		return a.Role < b.Role
	})
	return out
}

func normParams(ps []ParamSummary) []ParamSummary {
	out := make([]ParamSummary, 0, len(ps))
	for _, p := range ps {
		p.Effects = normEffects(p.Effects)
		p.Dyn = normDyn(p.Dyn)
		if len(p.Effects) == 0 && len(p.Dyn) == 0 {
			continue
		}
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Index < out[j].Index })
	if len(out) == 0 {
		return nil
	}
	return out
}

func instKey(in Instance) string {
	var b strings.Builder
	b.WriteString(in.Key)
	b.WriteByte('|')
	b.WriteString(in.Name)
	for _, p := range in.Params {
		fmt.Fprintf(&b, "|%d:%d", p.Index, p.Role)
		for _, e := range p.Effects {
			fmt.Fprintf(&b, ";%d %s %s", e.Kind, valKey(e.Val), stepsKey(e.Path))
		}
		for _, d := range p.Dyn {
			fmt.Fprintf(&b, ";%s %d %d %s", d.Key, d.Arg, d.Role, stepsKey(d.Path))
		}
	}
	return b.String()
}

// normInsts drops trivial instances (nothing to contribute), dedupes and
// sorts.
func normInsts(ins []Instance) []Instance {
	seen := map[string]bool{}
	var out []Instance
	for _, in := range ins {
		in.Params = normParams(in.Params)
		if len(in.Params) == 0 {
			continue
		}
		k := instKey(in)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, in)
	}
	sort.Slice(out, func(i, j int) bool { return instKey(out[i]) < instKey(out[j]) })
	return out
}
