package summary

import (
	"fmt"
	"go/token"
	"sort"
	"strings"
	"time"
)

// ValKind classifies a symbolic duration value.
type ValKind uint8

// The value kinds. Param, Free and Global are symbolic: they are replaced
// by the caller's argument, the closure's binding or the package-level
// default when a summary is applied.
const (
	Unknown   ValKind = iota
	Fixed             // a compile-time constant or a never-changed package-level default
	User              // a request field, caller option or parameter value
	Remaining         // derived from the caller's remaining budget (ctx.Deadline, time.Until)
	Param             // Index-th parameter of the function (Path selects a field)
	Free              // Index-th free variable of the closure (Path selects a field)
	Global            // package-level variable Name (Path selects a field); resolved eagerly
)

// Val is a symbolic duration (or a struct holding durations, with Path
// selecting the field). It is part of the facts: keep it small and free of
// token.Pos.
type Val struct {
	Kind  ValKind
	Addr  bool   // Param/Free: the parameter is a pointer to the value
	HasNS bool   // NS is meaningful (Fixed value, or User default)
	NS    int64  // nanoseconds
	Index int    // Param/Free index
	Path  string // dotted field path below a Param/Free/Global
	Desc  string // origin description ("DefaultRetryConfig.Timeout", "req.RingingTimeout")
	Pos   string // origin position "dir/file.go:12"
}

// Symbolic reports whether v still depends on a parameter or free variable.
func (v Val) Symbolic() bool { return v.Kind == Param || v.Kind == Free || v.Kind == Global }

// Field selects field name of a struct-valued symbolic value.
func (v Val) Field(name string) Val {
	switch v.Kind {
	case Param, Free, Global:
		if v.Path != "" {
			v.Path += "." + name
		} else {
			v.Path = name
		}
		if v.Desc != "" {
			v.Desc += "." + name
		}
		return v
	case User:
		if v.Desc != "" {
			v.Desc += "." + name
		}
		v.HasNS = false
		return v
	}
	return Val{}
}

// String renders v for messages and debugging.
func (v Val) String() string {
	switch v.Kind {
	case Fixed:
		return FormatNS(v.NS)
	case User:
		if v.HasNS {
			return fmt.Sprintf("%s (default %s)", v.Desc, FormatNS(v.NS))
		}
		return v.Desc
	case Remaining:
		return "remaining budget"
	case Param:
		return fmt.Sprintf("param#%d%s", v.Index, dotted(v.Path))
	case Free:
		return fmt.Sprintf("free#%d%s", v.Index, dotted(v.Path))
	case Global:
		return v.Desc
	}
	return "unknown"
}

func dotted(p string) string {
	if p == "" {
		return ""
	}
	return "." + p
}

// FormatNS prints a duration the way Go source writes it (3s, 1m30s, 250ms).
func FormatNS(ns int64) string { return time.Duration(ns).String() }

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

func (k EffectKind) verb() string {
	switch k {
	case Replace:
		return "replaced"
	case Drop:
		return "dropped and replaced"
	case Cap:
		return "capped"
	}
	return "affected"
}

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

// Shape describes an option slice returned by a helper in terms of its
// parameters: Base is the index of the parameter holding the caller's
// options (-1: none); Pre/Suf are the timeout options placed before/after.
type Shape struct {
	Base int
	Pre  []OptElem
	Suf  []OptElem
}

// OptElem is a timeout option in a slice: its duration and where it was
// constructed.
type OptElem struct {
	Val  Val
	Pos  string
	Func string // function that built the slice (for paths)

	at token.Pos // where it was built, in this package's file set (not encoded)
}

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
	Name    string
	Params  []ParamSummary
	Returns *Shape      // option slice returned, if derived from params
	Insts   []Instance  // function values of named func types returned (factories)
	Results []ResultVal // duration results (user values with their defaults)
}

// ResultVal is the value of a duration result of a function.
type ResultVal struct {
	Index int
	Val   Val
}

// AFact implements analysis.Fact.
func (*FuncSummary) AFact() {}

func (s *FuncSummary) String() string {
	return fmt.Sprintf("summary(%s: %d params, %d insts)", s.Name, len(s.Params), len(s.Insts))
}

func (s *FuncSummary) empty() bool {
	return len(s.Params) == 0 && s.Returns == nil && len(s.Insts) == 0 && len(s.Results) == 0
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

// GlobalDefault is a field of a package-level default (or a package-level
// duration variable) that the package never changes.
type GlobalDefault struct {
	Name string // "pkg/path.Var" or "pkg/path.Var.Field.Sub"
	Val  Val    // Fixed
}

// PackageSummary is the package fact: the instances of named func types
// visible from this package (its own and those of its dependencies,
// re-exported because go vet passes package facts only from direct
// imports) and its never-changed package-level defaults.
type PackageSummary struct {
	Insts    []Instance
	Defaults []GlobalDefault
}

// AFact implements analysis.Fact.
func (*PackageSummary) AFact() {}

func (s *PackageSummary) String() string {
	return fmt.Sprintf("package summary(%d insts, %d defaults)", len(s.Insts), len(s.Defaults))
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
	return fmt.Sprintf("%d/%t/%t/%d/%d/%s/%s/%s", v.Kind, v.Addr, v.HasNS, v.NS, v.Index, v.Path, v.Desc, v.Pos)
}

// maxEffects bounds the effects kept per parameter (shortest paths win).
const maxEffects = 8

// maxPath bounds path length; longer flows are dropped (precision first).
const maxPath = 16

func normEffects(es []Effect) []Effect {
	// Keep one effect per (kind, value): the shortest path.
	best := map[string]Effect{}
	for _, e := range es {
		if len(e.Path) > maxPath {
			continue
		}
		k := fmt.Sprintf("%d|%s", e.Kind, valKey(e.Val))
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
