package ctxmodel

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Package is the per-package context model: one is built per analysis
// run (pass) with New and holds no global state. It indexes, once, the
// assignments of every variable in the package so that duration values can
// be classified (see Classify) and deadline guards recognised (see
// Guarded). A Package is not safe for concurrent use.
type Package struct {
	Fset    *token.FileSet
	Types   *types.Package
	Info    *types.Info
	Files   []*ast.File
	Options *Options

	// pkgInit maps package-level variables to their initializer.
	pkgInit map[types.Object]ast.Expr
	// assigns maps local variables to every value assigned to them.
	assigns map[types.Object][]assignment
	// mutated marks variables assigned outside their declaration, whose
	// fields or elements are stored to, whose address is taken, or
	// that are incremented.
	mutated map[types.Object]bool
	// params marks function parameters; recvs marks receivers.
	params map[types.Object]bool
	recvs  map[types.Object]bool
	// deadlineVars marks variables assigned from X.Deadline() (both the
	// time and the ok results).
	deadlineVars map[types.Object]bool

	visiting  map[types.Object]bool
	nextMemo  map[ast.Node]bool
	ctxsMemo  map[ast.Node]*Contexts
	fileOfPos map[*token.File]*ast.File
}

// assignment is one value assigned to a variable: rhs, or the index-th
// result of the call rhs (index < 0 when rhs is a single value). Unknown
// assignments (range variables, type switches) have rhs == nil.
type assignment struct {
	rhs   ast.Expr
	index int
}

// New builds the model of one package. opts may be nil (no extra timeout
// options). Missing type information is tolerated: expressions without
// types classify as Unknown.
func New(fset *token.FileSet, pkg *types.Package, info *types.Info, files []*ast.File, opts *Options) *Package {
	if info == nil {
		info = &types.Info{}
	}
	if opts == nil {
		opts = &Options{}
	}
	m := &Package{
		Fset: fset, Types: pkg, Info: info, Files: files, Options: opts,
		pkgInit:      map[types.Object]ast.Expr{},
		assigns:      map[types.Object][]assignment{},
		mutated:      map[types.Object]bool{},
		params:       map[types.Object]bool{},
		recvs:        map[types.Object]bool{},
		deadlineVars: map[types.Object]bool{},
		visiting:     map[types.Object]bool{},
		nextMemo:     map[ast.Node]bool{},
		ctxsMemo:     map[ast.Node]*Contexts{},
		fileOfPos:    map[*token.File]*ast.File{},
	}
	for _, f := range files {
		if tf := fset.File(f.Pos()); tf != nil {
			m.fileOfPos[tf] = f
		}
		m.index(f)
	}
	return m
}

// File returns the syntax tree containing pos, or nil.
func (m *Package) File(pos token.Pos) *ast.File {
	if tf := m.Fset.File(pos); tf != nil {
		return m.fileOfPos[tf]
	}
	return nil
}

func (m *Package) defObj(e ast.Expr) types.Object {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok || id.Name == "_" {
		return nil
	}
	if obj := m.Info.Defs[id]; obj != nil {
		return obj
	}
	return m.Info.Uses[id]
}

func (m *Package) isPkgLevel(obj types.Object) bool {
	return obj != nil && obj.Pkg() != nil && obj.Parent() == obj.Pkg().Scope()
}

func (m *Package) index(f *ast.File) {
	// Package-level initializers.
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, s := range gd.Specs {
			vs := s.(*ast.ValueSpec)
			if len(vs.Values) != len(vs.Names) {
				continue
			}
			for i, n := range vs.Names {
				if obj := m.Info.Defs[n]; obj != nil {
					m.pkgInit[obj] = vs.Values[i]
				}
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			m.indexParams(n.Recv, m.recvs)
			m.indexParams(n.Type.Params, m.params)
		case *ast.FuncLit:
			m.indexParams(n.Type.Params, m.params)
		case *ast.AssignStmt:
			m.indexAssign(n.Lhs, n.Rhs, n.Tok == token.DEFINE)
		case *ast.ValueSpec:
			// Local var declarations (package-level ones are in pkgInit).
			if len(n.Names) > 0 {
				if obj := m.Info.Defs[n.Names[0]]; obj != nil && !m.isPkgLevel(obj) && len(n.Values) > 0 {
					lhs := make([]ast.Expr, len(n.Names))
					for i, id := range n.Names {
						lhs[i] = id
					}
					m.indexAssign(lhs, n.Values, true)
				}
			}
		case *ast.IncDecStmt:
			m.markMutated(n.X)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				m.markMutated(n.X)
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if obj := m.defObj(e); obj != nil {
					m.assigns[obj] = append(m.assigns[obj], assignment{})
				} else if e != nil {
					m.markMutated(e)
				}
			}
		case *ast.CallExpr:
			// x.M() with a pointer method on an addressable x may mutate x.
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
				if s := m.Info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
					if sig, ok := s.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
						_, recvPtr := types.Unalias(sig.Recv().Type()).(*types.Pointer)
						_, xPtr := types.Unalias(s.Recv()).(*types.Pointer)
						if recvPtr && !xPtr {
							m.markMutated(sel.X)
						}
					}
				}
			}
		}
		return true
	})
}

func (m *Package) indexParams(fl *ast.FieldList, into map[types.Object]bool) {
	if fl == nil {
		return
	}
	for _, f := range fl.List {
		for _, n := range f.Names {
			if obj := m.Info.Defs[n]; obj != nil {
				into[obj] = true
			}
		}
	}
}

func (m *Package) indexAssign(lhs, rhs []ast.Expr, define bool) {
	record := func(l ast.Expr, a assignment) {
		if id, ok := ast.Unparen(l).(*ast.Ident); ok {
			obj := m.defObj(id)
			if obj == nil {
				return
			}
			if m.isPkgLevel(obj) {
				m.mutated[obj] = true
				return
			}
			m.assigns[obj] = append(m.assigns[obj], a)
			if a.rhs != nil && a.index >= 0 {
				if call, ok := ast.Unparen(a.rhs).(*ast.CallExpr); ok && IsDeadlineCall(m.Info, call) {
					m.deadlineVars[obj] = true
				}
			}
			return
		}
		m.markMutated(l)
	}
	switch {
	case len(lhs) == len(rhs):
		for i := range lhs {
			record(lhs[i], assignment{rhs: rhs[i], index: -1})
		}
	case len(rhs) == 1:
		for i := range lhs {
			record(lhs[i], assignment{rhs: rhs[0], index: i})
		}
	}
	_ = define
}

// markMutated marks the root variable of an lvalue or address-taken
// expression as mutated. Stores through pointers (p.f = x where p is a
// pointer) mark p, which is harmless: pointers never resolve to constant
// struct literals.
func (m *Package) markMutated(e ast.Expr) {
	if id := RootIdent(e); id != nil {
		if obj := m.Info.ObjectOf(id); obj != nil {
			if _, isVar := obj.(*types.Var); isVar {
				m.mutated[obj] = true
			}
		}
	}
}

// IsParam reports whether obj is a parameter of some function in the
// package (receivers excluded).
func (m *Package) IsParam(obj types.Object) bool { return m.params[obj] }

// IsReceiver reports whether obj is a method receiver in the package.
func (m *Package) IsReceiver(obj types.Object) bool { return m.recvs[obj] }

// IsDeadlineVar reports whether obj was assigned from X.Deadline() (the
// deadline or the ok result).
func (m *Package) IsDeadlineVar(obj types.Object) bool { return m.deadlineVars[obj] }

// IsMutated reports whether the variable obj is written after its
// declaration anywhere in the package (assignment outside the declaration
// for package-level variables, field/element stores, address taken,
// ++/--, pointer-receiver method calls).
func (m *Package) IsMutated(obj types.Object) bool { return m.mutated[obj] }

// Position returns "file.go:line" for pos (base name), or "" for NoPos.
func (m *Package) Position(pos token.Pos) string {
	if !pos.IsValid() || m.Fset == nil {
		return ""
	}
	p := m.Fset.Position(pos)
	if p.Filename == "" {
		return ""
	}
	return shortFile(p.Filename) + ":" + itoa(p.Line)
}
