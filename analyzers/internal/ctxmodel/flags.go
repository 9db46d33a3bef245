package ctxmodel

import (
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// Command-line flags are user budgets: the duration a flag sets is
// whatever the person running the command chose (the flag's default when
// they chose nothing), so a context bounded by it carries the user's
// budget into the work below, as a request field does for a server
// (timeoutflow's entries). The flag packages are framework knowledge.

// flagCtor says where a duration flag constructor takes its arguments
// (indexes among the call's arguments without the receiver): the flag's
// name, its default, and the pointer it sets (-1: it returns one).
type flagCtor struct{ name, value, ptr int }

const (
	flagPath  = "flag"
	pflagPath = "github.com/spf13/pflag"
)

// flagCtors are the duration flag constructors of each flag package, as
// package functions and as methods of its FlagSet (cobra's
// cmd.Flags().DurationVar is pflag's).
var flagCtors = map[string]map[string]flagCtor{
	flagPath: {
		"Duration":    {name: 0, value: 1, ptr: -1},
		"DurationVar": {name: 1, value: 2, ptr: 0},
	},
	pflagPath: {
		"Duration":     {name: 0, value: 1, ptr: -1},
		"DurationVar":  {name: 1, value: 2, ptr: 0},
		"DurationP":    {name: 0, value: 2, ptr: -1},
		"DurationVarP": {name: 1, value: 3, ptr: 0},
	},
}

// flagCall returns the constructor a call is and the call's arguments
// without the receiver, if it defines a duration flag.
func flagCall(call ssa.CallInstruction) (flagCtor, []ssa.Value, bool) {
	c := call.Common()
	obj := calleeObj(call)
	if c.IsInvoke() || obj == nil || obj.Pkg() == nil {
		return flagCtor{}, nil, false
	}
	ctors := flagCtors[obj.Pkg().Path()]
	ctor, ok := ctors[obj.Name()]
	if !ok {
		return flagCtor{}, nil, false
	}
	args := c.Args
	if obj.Signature().Recv() != nil {
		if !IsMethodOf(obj, obj.Pkg().Path(), "FlagSet") || len(args) == 0 {
			return flagCtor{}, nil, false
		}
		args = args[1:]
	}
	if ctor.name >= len(args) || ctor.value >= len(args) || ctor.ptr >= len(args) {
		return flagCtor{}, nil, false
	}
	return ctor, args, true
}

// flagVal is the user's value a duration flag defined by call holds:
// "-timeout flag" with its default.
func (e *Engine) flagVal(call ssa.CallInstruction, ctor flagCtor, args []ssa.Value) Val {
	v := Val{Kind: User, Origin: "flag"}
	if k, ok := args[ctor.name].(*ssa.Const); ok && k.Value != nil && k.Value.Kind() == constant.String {
		v.Origin = "-" + constant.StringVal(k.Value) + " flag"
	}
	if d := e.Value(call.Parent(), args[ctor.value]); d.Kind == Fixed && d.Known {
		v.Known, v.NS = true, d.NS
	}
	if p := call.Pos(); p.IsValid() {
		v.Pos = e.PosString(p)
	}
	return v
}

// computeFlags records the package-level variables (and fields of
// package-level structs) that a duration flag of this package sets:
// flag.DurationVar(&timeout, ...) in any function, and
// var timeout = flag.Duration(...) (a pointer to the value).
func (e *Engine) computeFlags() {
	imported := false
	for _, p := range e.Types.Imports() {
		imported = imported || flagCtors[p.Path()] != nil
	}
	if !imported {
		return
	}
	for _, fn := range e.allFuncs(e.SSA.Func("init")) {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				call, ok := in.(ssa.CallInstruction)
				if !ok {
					continue
				}
				ctor, args, ok := flagCall(call)
				if !ok {
					continue
				}
				if ctor.ptr >= 0 {
					if g, path := rootGlobal(args[ctor.ptr]); g != nil && g.Pkg == e.SSA {
						e.flagVars[globalKey(g, path)] = e.flagVal(call, ctor, args)
					}
					continue
				}
				v, ok := call.(*ssa.Call)
				if !ok || v.Referrers() == nil {
					continue
				}
				for _, r := range *v.Referrers() {
					if st, ok := r.(*ssa.Store); ok && st.Val == v {
						if g, path := rootGlobal(st.Addr); g != nil && g.Pkg == e.SSA {
							e.flagPtrs[globalKey(g, path)] = e.flagVal(call, ctor, args)
						}
					}
				}
			}
		}
	}
}

// flagPointee is the user's value at a pointer a duration flag returned,
// directly (t := flag.Duration(...); *t) or through the package-level
// variable it was stored in.
func (e *Engine) flagPointee(ptr ssa.Value) (Val, bool) {
	switch p := ptr.(type) {
	case *ssa.Call:
		if ctor, args, ok := flagCall(p); ok && ctor.ptr < 0 {
			return e.flagVal(p, ctor, args), true
		}
	case *ssa.UnOp:
		if p.Op == token.MUL {
			if g, path := rootGlobal(p.X); g != nil && g.Pkg == e.SSA {
				v, ok := e.flagPtrs[globalKey(g, path)]
				return v, ok
			}
		}
	}
	return Val{}, false
}
