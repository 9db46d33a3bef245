package deadlinereplace

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ssa"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
)

// Analyzer reports middleware and request handlers that replace the
// caller's deadline instead of narrowing it.
var Analyzer = newAnalyzer(ctxmodel.Analyzer)

// NewAnalyzer returns a fresh deadlinereplace analyzer with an engine of its own
// (ctxmodel.NewAnalyzer), so its -options flag is its own: for tests and
// tools that configure checks separately. The registry's checks share one
// engine (Analyzer).
func NewAnalyzer() *analysis.Analyzer { return newAnalyzer(ctxmodel.NewAnalyzer()) }

// newAnalyzer builds the check on engine. Its only flag, -options,
// registers extra timeout option constructors by full name
// (comma-separated); it is the engine's flag, shared by every check on it.
func newAnalyzer(engine *analysis.Analyzer) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:             "deadlinereplace",
		Doc:              Doc,
		URL:              "https://github.com/ctxtimeout/ctxtimeout#deadlinereplace",
		Requires:         []*analysis.Analyzer{inspect.Analyzer, engine},
		FactTypes:        []analysis.Fact{new(TimeoutMiddlewareFact)},
		RunDespiteErrors: false,
	}
	a.Run = func(pass *analysis.Pass) (any, error) {
		e := ctxmodel.View(pass, engine)
		if e == nil {
			return nil, nil
		}
		return run(pass, e)
	}
	ctxmodel.ShareOptionsFlag(&a.Flags, engine)
	return a
}

func run(pass *analysis.Pass, e *ctxmodel.Engine) (any, error) {
	if e.SSA == nil || pass.TypesInfo == nil {
		return nil, nil
	}
	c := newChecker(pass, e)
	for _, fn := range e.Funcs {
		c.checkFunc(fn)
	}
	c.exportWrappers()
	c.flush()
	return nil, nil
}

// checker holds the state of one pass; nothing outlives it.
type checker struct {
	pass  *analysis.Pass
	e     *ctxmodel.Engine
	model *ctxmodel.Package // syntax-level exemptions and fixes

	sources map[string][]byte

	seen  map[findingKey]bool
	diags []analysis.Diagnostic
	// localMW: the TimeoutMiddlewareFacts of this package's functions,
	// exported or not.
	localMW map[*ssa.Function]*TimeoutMiddlewareFact
	// callStacks: the syntax path of each call, from its file down
	// (built on first use).
	callStacks map[*ast.CallExpr][]ast.Node
}

type findingKey struct {
	pos  token.Pos
	kind int
}

func newChecker(pass *analysis.Pass, e *ctxmodel.Engine) *checker {
	return &checker{
		pass:    pass,
		e:       e,
		model:   ctxmodel.New(pass.Fset, pass.Pkg, pass.TypesInfo, pass.Files, e.Options),
		sources: map[string][]byte{},
		seen:    map[findingKey]bool{},
		localMW: map[*ssa.Function]*TimeoutMiddlewareFact{},
	}
}

func (c *checker) report(kind int, at ast.Node, msg string, fixes ...analysis.SuggestedFix) {
	k := findingKey{pos: at.Pos(), kind: kind}
	if c.seen[k] {
		return
	}
	c.seen[k] = true
	c.diags = append(c.diags, analysis.Diagnostic{Pos: at.Pos(), End: at.End(), Message: msg, SuggestedFixes: fixes})
}

// flush reports the findings in file, offset order. (Not token.Pos order:
// a loader that parses files in parallel gives them file-set bases in
// any order.)
func (c *checker) flush() {
	sort.SliceStable(c.diags, func(i, j int) bool {
		pi, pj := c.pass.Fset.Position(c.diags[i].Pos), c.pass.Fset.Position(c.diags[j].Pos)
		if pi.Filename != pj.Filename {
			return pi.Filename < pj.Filename
		}
		if pi.Offset != pj.Offset {
			return pi.Offset < pj.Offset
		}
		return c.diags[i].Message < c.diags[j].Message
	})
	for _, d := range c.diags {
		c.pass.Report(d)
	}
}

// fileOf returns the token file of pos, or nil.
func (c *checker) fileOf(pos token.Pos) *token.File {
	if !pos.IsValid() {
		return nil
	}
	return c.pass.Fset.File(pos)
}

// qualifier renders package names as the file containing pos imports them,
// or reports ok=false when a needed package is not imported there.
func (c *checker) qualifier(pos token.Pos) (types.Qualifier, *bool) {
	okp := new(bool)
	*okp = true
	f := c.model.File(pos)
	return func(p *types.Package) string {
		if p == nil || p == c.pass.Pkg {
			return ""
		}
		if f != nil {
			for _, imp := range f.Imports {
				if importPath(imp) != p.Path() {
					continue
				}
				if imp.Name != nil {
					if imp.Name.Name == "_" || imp.Name.Name == "." {
						break
					}
					return imp.Name.Name
				}
				return p.Name()
			}
		}
		*okp = false
		return p.Name()
	}, okp
}

func importPath(imp *ast.ImportSpec) string {
	if imp == nil || imp.Path == nil {
		return ""
	}
	p, err := strconv.Unquote(imp.Path.Value)
	if err != nil {
		return ""
	}
	return p
}
