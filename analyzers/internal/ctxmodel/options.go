package ctxmodel

import (
	"fmt"
	"go/ast"
	"go/types"
	"sort"
	"strings"
)

// Options is the per-run configuration of the model: extra functional
// timeout options registered by full name. Analyzers expose it as a flag
// named "options" (comma-separated full names) and parse the flag value
// with ParseOptions at the start of each run; there is no global state.
type Options struct {
	extra map[string]bool
}

// ParseOptions parses a comma-separated list of full function names,
// "import/path.Func" (or "(*import/path.T).Method" for methods) as
// printed by (*types.Func).FullName, into Options. Empty entries are
// ignored; a name without a package qualifier is an error.
func ParseOptions(list string) (*Options, error) {
	o := &Options{extra: map[string]bool{}}
	for _, s := range strings.Split(list, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		dot := strings.LastIndex(s, ".")
		if dot <= 0 || dot == len(s)-1 {
			return nil, fmt.Errorf("timeout option %q: want a full name like example.com/rpc.WithDeadlineBudget", s)
		}
		o.extra[s] = true
	}
	return o, nil
}

// Extra returns the registered full names, sorted.
func (o *Options) Extra() []string {
	if o == nil {
		return nil
	}
	out := make([]string, 0, len(o.extra))
	for s := range o.extra {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// TimeoutOption reports whether fn constructs a functional timeout option
// and, if so, the index of its time.Duration parameter. Built in: a
// function (or method) with exactly one result, a named func or interface
// type (the option type), a time.Duration parameter, and "Timeout" in its
// name (WithTimeout, WithRequestTimeout, WithCallTimeout, grpc.WithTimeout,
// ...). Registered extra names match by FullName and need only a
// time.Duration parameter.
func (o *Options) TimeoutOption(fn *types.Func) (durParam int, ok bool) {
	if fn == nil {
		return -1, false
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil {
		return -1, false
	}
	durParam = -1
	for i := 0; i < sig.Params().Len(); i++ {
		if IsDuration(sig.Params().At(i).Type()) {
			durParam = i
			break
		}
	}
	if durParam < 0 {
		return -1, false
	}
	if o != nil && o.extra[fn.FullName()] {
		return durParam, true
	}
	if !strings.Contains(fn.Name(), "Timeout") || sig.Results().Len() != 1 {
		return -1, false
	}
	rt := types.Unalias(sig.Results().At(0).Type())
	named, isNamed := rt.(*types.Named)
	if !isNamed || IsDuration(rt) {
		return -1, false
	}
	switch named.Underlying().(type) {
	case *types.Signature, *types.Interface:
		if types.Identical(rt, types.Universe.Lookup("error").Type()) {
			return -1, false
		}
		return durParam, true
	}
	return -1, false
}

// TimeoutOptionCall returns the duration argument when call constructs a
// functional timeout option (see TimeoutOption), or nil.
func (m *Package) TimeoutOptionCall(call *ast.CallExpr) (fn *types.Func, dur ast.Expr) {
	fn = Callee(m.Info, call)
	i, ok := m.Options.TimeoutOption(fn)
	if !ok || i >= len(call.Args) {
		return nil, nil
	}
	return fn, call.Args[i]
}
