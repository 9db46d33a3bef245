package summary

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
)

// Object facts are exported in a compact form, expanded on import (go vet
// copies the facts of methods into every importer's .vetx, so their size
// is multiplied by the number of importers):
//   - FuncSummary.Name is not encoded: the importer names the function
//     from its object;
//   - a path step in the function itself has an empty Func;
//   - a DynCall key of a named type declared in the function's own package
//     is written relative to it (".Name").
//
// Instances, shapes and values are encoded as they are.

// compactSummary returns the encoded form of s, the summary of the
// function named name in package pkgPath. s is not modified.
func compactSummary(s *FuncSummary, name, pkgPath string) *FuncSummary {
	c := *s
	c.Name = ""
	c.Params = make([]ParamSummary, len(s.Params))
	for i, p := range s.Params {
		q := p
		q.Effects = make([]Effect, len(p.Effects))
		for j, e := range p.Effects {
			e.Path = compactSteps(e.Path, name)
			q.Effects[j] = e
		}
		q.Dyn = make([]DynCall, len(p.Dyn))
		for j, d := range p.Dyn {
			d.Path = compactSteps(d.Path, name)
			if rest, ok := strings.CutPrefix(d.Key, pkgPath+"."); ok && !strings.Contains(rest, "/") {
				d.Key = "." + rest
			}
			q.Dyn[j] = d
		}
		c.Params[i] = q
	}
	return &c
}

func compactSteps(path []Step, name string) []Step {
	out := make([]Step, len(path))
	for i, st := range path {
		if st.Func == name {
			st.Func = ""
		}
		out[i] = st
	}
	return out
}

// importSummary imports and expands the summary fact of a function of
// another package, or returns nil.
func importSummary(pass *analysis.Pass, obj *types.Func) *FuncSummary {
	if b := builtinSummary(obj); b != nil {
		return b
	}
	var s FuncSummary
	if !pass.ImportObjectFact(obj, &s) {
		return nil
	}
	name := ctxmodel.ObjName(obj)
	pkgPath := ""
	if obj.Pkg() != nil {
		pkgPath = obj.Pkg().Path()
	}
	s.Name = name
	for i := range s.Params {
		p := &s.Params[i]
		for j := range p.Effects {
			expandSteps(p.Effects[j].Path, name)
		}
		for j := range p.Dyn {
			d := &p.Dyn[j]
			expandSteps(d.Path, name)
			if strings.HasPrefix(d.Key, ".") {
				d.Key = pkgPath + d.Key
			}
		}
	}
	return &s
}

func expandSteps(path []Step, name string) {
	for i := range path {
		if path[i].Func == "" {
			path[i].Func = name
		}
	}
}
