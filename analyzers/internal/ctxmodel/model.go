package ctxmodel

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Package is the syntax side of the model: the package's files and type
// information, for the structural exemptions that are questions about
// syntax (a defer, a go statement, a select clause, a stored cancel
// func) and for suggested fixes. One is built per analysis run and holds
// no global state. Values, context origins, option lists and guards are
// the engine's (Engine), on SSA.
type Package struct {
	Fset    *token.FileSet
	Types   *types.Package
	Info    *types.Info
	Files   []*ast.File
	Options *Options

	fileOfPos map[*token.File]*ast.File
}

// New builds the syntax model of one package. opts may be nil (no extra
// timeout options).
func New(fset *token.FileSet, pkg *types.Package, info *types.Info, files []*ast.File, opts *Options) *Package {
	if info == nil {
		info = &types.Info{}
	}
	if opts == nil {
		opts = &Options{}
	}
	m := &Package{Fset: fset, Types: pkg, Info: info, Files: files, Options: opts, fileOfPos: map[*token.File]*ast.File{}}
	for _, f := range files {
		if tf := fset.File(f.Pos()); tf != nil {
			m.fileOfPos[tf] = f
		}
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

func (m *Package) isPkgLevel(obj types.Object) bool {
	return obj != nil && obj.Pkg() != nil && obj.Parent() == obj.Pkg().Scope()
}

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
