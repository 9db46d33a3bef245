package deadlinereplace

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/summary"
)

const doc = `deadlinereplace: middleware or a handler replaces the caller's deadline

Reports code that stands between a caller and the work and replaces,
rather than narrows, the caller's budget: interceptors (gRPC, connect,
twirp), HTTP middleware, RoundTripper wrappers and any wrapper that calls a
next/invoker/handler function value with the caller's context, when they
pass on a context rooted at Background/TODO/WithoutCancel, apply a fixed or
configured timeout without a ctx.Deadline() guard, append a timeout option
after the caller's options (last wins), or call next without forwarding the
caller's options. Request handlers that received a caller's context are
reported when they do the request's work on a Background/TODO context.`

// Analyzer reports middleware and request handlers that replace the
// caller's deadline instead of narrowing it.
var Analyzer = NewAnalyzer()

// NewAnalyzer returns a fresh deadlinereplace analyzer with its own flag
// set. Its only flag, -options, registers extra timeout option
// constructors by full name (comma-separated), as for hardcodedtimeout;
// the value is parsed into a per-run configuration at the start of every
// run.
func NewAnalyzer() *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:             "deadlinereplace",
		Doc:              doc,
		URL:              "https://github.com/ctxtimeout/ctxtimeout#deadlinereplace",
		Requires:         []*analysis.Analyzer{inspect.Analyzer, summary.Analyzer},
		RunDespiteErrors: false,
	}
	options := ctxmodel.RegisterOptionsFlag(&a.Flags)
	a.Run = func(pass *analysis.Pass) (any, error) {
		opts, err := options()
		if err != nil {
			return nil, err
		}
		return run(pass, opts)
	}
	return a
}

func run(pass *analysis.Pass, opts *ctxmodel.Options) (any, error) {
	// SSA comes from the summary analyzer (built once per package, shared
	// with timeoutflow) rather than from buildssa, which would build it again.
	sres, ok := pass.ResultOf[summary.Analyzer].(*summary.Result)
	if !ok || sres == nil || pass.TypesInfo == nil {
		return nil, nil
	}
	ssaPkg, srcFuncs := sres.SSA()
	insp, _ := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := newChecker(pass, insp, opts)
	for _, fn := range srcFuncs {
		c.checkFunc(fn)
	}
	// Function literals that initialise package-level variables belong to
	// the package initializer, which the source functions leave out.
	if ssaPkg != nil {
		if init := ssaPkg.Func("init"); init != nil {
			var walk func(fns []*ssa.Function)
			walk = func(fns []*ssa.Function) {
				for _, fn := range fns {
					c.checkFunc(fn)
					walk(fn.AnonFuncs)
				}
			}
			walk(init.AnonFuncs)
		}
	}
	c.flush()
	return nil, nil
}

// checker holds the state of one pass; nothing outlives it.
type checker struct {
	pass  *analysis.Pass
	model *ctxmodel.Package

	calls    map[token.Pos]*ast.CallExpr // call expressions by Lparen
	skipFile map[*token.File]bool        // tests, generated files
	closures map[*ssa.Function][]*ssa.MakeClosure
	sources  map[string][]byte

	seen  map[findingKey]bool
	diags []analysis.Diagnostic
}

type findingKey struct {
	pos  token.Pos
	kind int
}

func newChecker(pass *analysis.Pass, insp *inspector.Inspector, opts *ctxmodel.Options) *checker {
	c := &checker{
		pass:     pass,
		model:    ctxmodel.New(pass.Fset, pass.Pkg, pass.TypesInfo, pass.Files, opts),
		calls:    map[token.Pos]*ast.CallExpr{},
		skipFile: map[*token.File]bool{},
		closures: map[*ssa.Function][]*ssa.MakeClosure{},
		sources:  map[string][]byte{},
		seen:     map[findingKey]bool{},
	}
	testSupport := ctxmodel.IsTestSupportPackage(pass.Fset, pass.Files)
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.Pos())
		if tf == nil {
			continue
		}
		if testSupport || ctxmodel.IsExemptFile(pass.Fset, f) {
			c.skipFile[tf] = true
		}
	}
	if insp == nil {
		return c
	}
	insp.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
		call := n.(*ast.CallExpr)
		c.calls[call.Lparen] = call
	})
	return c
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
