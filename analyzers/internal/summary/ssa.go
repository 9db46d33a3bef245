package summary

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// buildSSA builds the SSA form of the package being analysed, as the
// buildssa analyzer does (a Program per package, imports created without
// bodies), and returns it with its source functions (declared functions
// and methods, each followed by its closures) in source order.
//
// The summary analyzer builds SSA itself instead of requiring buildssa:
// it runs on every dependency (it has facts), and buildssa would then
// build SSA for every dependency too, including the many that cannot
// matter (see relevant).
func buildSSA(pass *analysis.Pass) (*ssa.Package, []*ssa.Function) {
	prog := ssa.NewProgram(pass.Fset, ssa.BuilderMode(0))
	for _, p := range pass.Pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	pkg := prog.CreatePackage(pass.Pkg, pass.Files, pass.TypesInfo, false)
	pkg.Build()

	var funcs []*ssa.Function
	var addAnons func(f *ssa.Function)
	addAnons = func(f *ssa.Function) {
		funcs = append(funcs, f)
		for _, anon := range f.AnonFuncs {
			addAnons(anon)
		}
	}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			if f := prog.FuncValue(obj); f != nil {
				addAnons(f)
			}
		}
	}
	return pkg, funcs
}

// relevant reports whether a package can contribute anything to timeout
// flow: some expression or declared object has a type that mentions a
// context type or time.Duration, directly or through a signature, a
// pointer, a container, an interface method or an exported field of a
// struct (one struct level: a config struct with a Timeout field counts,
// a struct that merely holds such a struct deeper down does not; the
// package that builds or reads the inner field has an expression of the
// field's type anyway). A package without one can neither receive, pass
// on nor bound a caller's budget: it needs no SSA and exports no facts.
func relevant(info *types.Info) bool {
	r := relevance{memo: map[relKey]bool{}}
	for _, tv := range info.Types {
		if r.mentions(tv.Type, true) {
			return true
		}
	}
	for _, obj := range info.Defs {
		if obj != nil && r.mentions(obj.Type(), true) {
			return true
		}
	}
	return false
}

type relKey struct {
	t       types.Type
	structs bool
}

// relevance memoises per type; a type on a cycle is provisionally false
// while it is visited, which can only hide a "true" that the visit in
// progress finds anyway (the result is plain reachability, so the order
// in which types are visited does not change the answer).
type relevance struct{ memo map[relKey]bool }

func (r relevance) mentions(t types.Type, structs bool) bool {
	if t == nil {
		return false
	}
	k := relKey{t, structs}
	if v, ok := r.memo[k]; ok {
		return v
	}
	r.memo[k] = false
	v := r.mentions1(t, structs)
	r.memo[k] = v
	return v
}

func (r relevance) mentions1(t types.Type, structs bool) bool {
	switch t := t.(type) {
	case *types.Alias:
		return r.mentions(types.Unalias(t), structs)
	case *types.Named:
		if p := t.Obj().Pkg(); p != nil {
			switch {
			case p.Path() == "context":
				return true
			case p.Path() == "time" && t.Obj().Name() == "Duration":
				return true
			}
		}
		if args := t.TypeArgs(); args != nil {
			for i := 0; i < args.Len(); i++ {
				if r.mentions(args.At(i), structs) {
					return true
				}
			}
		}
		return r.mentions(t.Underlying(), structs)
	case *types.Pointer:
		return r.mentions(t.Elem(), structs)
	case *types.Slice:
		return r.mentions(t.Elem(), structs)
	case *types.Array:
		return r.mentions(t.Elem(), structs)
	case *types.Map:
		return r.mentions(t.Key(), structs) || r.mentions(t.Elem(), structs)
	case *types.Chan:
		return r.mentions(t.Elem(), structs)
	case *types.Struct:
		if !structs {
			return false
		}
		for i := 0; i < t.NumFields(); i++ {
			if f := t.Field(i); f.Exported() && r.mentions(f.Type(), false) {
				return true
			}
		}
	case *types.Tuple:
		for i := 0; i < t.Len(); i++ {
			if r.mentions(t.At(i).Type(), structs) {
				return true
			}
		}
	case *types.Signature:
		return r.mentions(t.Params(), structs) || r.mentions(t.Results(), structs)
	case *types.Interface:
		for i := 0; i < t.NumMethods(); i++ {
			if r.mentions(t.Method(i).Type(), structs) {
				return true
			}
		}
	}
	return false
}
