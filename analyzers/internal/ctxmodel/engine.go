package ctxmodel

import (
	"flag"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// The deadline engine: one model, on SSA, of what every check asks about
// durations, contexts, option lists and guards. The Analyzer below builds
// it once per package and hands it to the checks as its result; the small
// facts it exports let a value cross a call into another package (a
// helper returning "the option's timeout if set, else the default", a
// helper building the option list, a package's never-changed defaults).
//
//   - values: (*Engine).Value (symbolic, for summaries), Local (what the
//     value is to this function: parameters become the caller's or the
//     constructor's), Deadline (a time.Time bound);
//   - context origins: (*Engine).Origins;
//   - option lists: (*Engine).OptList;
//   - guards: (*Engine).Guarded.

// Analyzer builds the engine of a package and exports helper facts.
// It reports nothing. Its one flag, -options, lists extra timeout option
// constructors; every check exposes the same flag and forwards it here
// (ShareOptionsFlag), so there is one list for all checks that share this
// engine.
var Analyzer = NewAnalyzer()

// NewAnalyzer returns a fresh engine analyzer with its own -options flag
// (for checks built in isolation, as tests do; the registry's checks all
// share Analyzer, so the engine runs once per package).
func NewAnalyzer() *analysis.Analyzer {
	var list string
	a := &analysis.Analyzer{
		Name:       "ctxmodel",
		Doc:        "ctxtimeout's shared deadline model: SSA, duration values, context origins, option lists and helper facts (reports nothing)",
		FactTypes:  []analysis.Fact{new(HelperFact), new(DefaultsFact), new(DispatchFact)},
		ResultType: reflect.TypeOf((*Engine)(nil)),
	}
	a.Flags.StringVar(&list, OptionsFlagName, "", "comma-separated full names of extra timeout option constructors (example.com/rpc.WithBudget)")
	a.Run = func(pass *analysis.Pass) (any, error) {
		opts, err := ParseOptions(list)
		if err != nil {
			return nil, err
		}
		return runEngine(pass, opts)
	}
	return a
}

// ShareOptionsFlag registers, in a check's flag set, an -options flag that
// sets the list of extra timeout option constructors of engine.
func ShareOptionsFlag(fs *flag.FlagSet, engine *analysis.Analyzer) {
	f := engine.Flags.Lookup(OptionsFlagName)
	fs.Var(f.Value, OptionsFlagName, f.Usage)
}

// HelperFact is what a function tells its callers in other packages: the
// values of its duration results and the shape of the option list it
// returns, in terms of its parameters.
type HelperFact struct {
	Results []ResultVal
	List    *ListShape
	// Values: context results that are a context parameter with values
	// set (WithRequestTimeout(ctx, d) returning context.WithValue(ctx,
	// key, d)), one per key set.
	Values []CtxValueSet

	valuesSeen map[int]bool // while computing: results some return described
}

// CtxValueSet says that context result Result is parameter Base's context
// with the value under Key set to Val (in terms of the parameters; Val
// is zero for a key whose value is not known).
type CtxValueSet struct {
	Result, Base int
	Key          string
	Val          Val
}

// AFact implements analysis.Fact.
func (*HelperFact) AFact() {}

func (f *HelperFact) String() string {
	return "helper(" + strconv.Itoa(len(f.Results)) + " results, list " + strconv.FormatBool(f.List != nil) + ")"
}

func (f *HelperFact) empty() bool {
	return f == nil || len(f.Results) == 0 && f.List == nil && len(f.Values) == 0
}

// ResultVal is the value of duration result Index of a function.
type ResultVal struct {
	Index int
	Val   Val
}

// DefaultsFact lists a package's never-changed package-level durations
// and duration fields of package-level default literals.
type DefaultsFact struct {
	Defaults []GlobalDefault
}

// AFact implements analysis.Fact.
func (*DefaultsFact) AFact() {}

func (f *DefaultsFact) String() string { return "defaults(" + strconv.Itoa(len(f.Defaults)) + ")" }

// GlobalDefault is one never-changed default: Name is "Var" or
// "Var.Field.Sub".
type GlobalDefault struct {
	Name string
	Val  Val
}

// Engine is the deadline model of one package. It is built by Analyzer
// (one per pass, nothing shared between passes). Its answers are cached
// as they are computed, so one Engine is not safe for concurrent use: the
// analyzers that share it run in parallel, so each takes its own view
// with Fork.
type Engine struct {
	Fset    *token.FileSet
	Types   *types.Package
	Info    *types.Info
	Files   []*ast.File
	Options *Options
	// SSA is the package's SSA form, nil when nothing in the package
	// mentions a context or a duration (nothing to analyse).
	SSA *ssa.Package
	// Funcs are the source functions in source order: each declared
	// function or method followed by its closures, then the closures of
	// package-level variable initialisers.
	Funcs []*ssa.Function

	pass *analysis.Pass

	helpers    map[*ssa.Function]*HelperFact
	inProgress map[*ssa.Function]bool
	defaults   map[string]Val            // own package: "Var.Field" -> value
	flagVars   map[string]Val            // own package's variables a duration flag sets (DurationVar)
	flagPtrs   map[string]Val            // own package's variables holding a flag's pointer (Duration)
	depDefs    map[string]map[string]Val // imported package path -> defaults
	optTypes   map[*types.Named]bool
	closures   map[*ssa.Function][]*ssa.MakeClosure
	guards     map[*ssa.Function]map[*ssa.BasicBlock]bool
	calls      map[token.Pos]*ast.CallExpr
	kvs        map[token.Pos]*ast.KeyValueExpr
	fileOf     map[*token.File]*ast.File
	skip       map[*token.File]bool
	values     map[ssa.Value]Val // Value's results
	lists      map[ssa.Value]OptList
	nest       int // depth of evaluations nested through calls
	detached   map[*ssa.Function]bool
	refs       map[*ssa.Function]*funcRefs
	// ownDispatch: this package's DispatchFacts (read-only once built);
	// dispatch: interface methods with one, by method name (lazily).
	ownDispatch   map[*types.Func]*DispatchFact
	fieldDefaults map[string]fieldDefault
	dispatch      map[string][]*types.Func
	// funcVars: package-level func variables that always hold one
	// function (read-only once built).
	funcVars   map[*ssa.Global]*ssa.Function
	clientCaps map[*ssa.Function][]ClientCap // see ClientCaps
	// factories: context factories' flows; factoryUses: their users by
	// bound (per fork, lazily).
	factories   map[*ssa.Function][]ctxFlow
	factoryUses map[*ssa.Call][]FactoryUse
	testOnly    map[*ssa.Function]bool
}

func runEngine(pass *analysis.Pass, opts *Options) (any, error) {
	e := &Engine{
		Fset: pass.Fset, Types: pass.Pkg, Info: pass.TypesInfo, Files: pass.Files, Options: opts,
		pass:       pass,
		helpers:    map[*ssa.Function]*HelperFact{},
		inProgress: map[*ssa.Function]bool{},
		defaults:   map[string]Val{},
		flagVars:   map[string]Val{},
		flagPtrs:   map[string]Val{},
		clientCaps: map[*ssa.Function][]ClientCap{},
		depDefs:    map[string]map[string]Val{},
		optTypes:   map[*types.Named]bool{},
		closures:   map[*ssa.Function][]*ssa.MakeClosure{},
		guards:     map[*ssa.Function]map[*ssa.BasicBlock]bool{},
		fileOf:     map[*token.File]*ast.File{},
		values:     map[ssa.Value]Val{},
		lists:      map[ssa.Value]OptList{},
		detached:   map[*ssa.Function]bool{},
		factories:  map[*ssa.Function][]ctxFlow{},
	}
	for _, f := range pass.Files {
		if tf := pass.Fset.File(f.Pos()); tf != nil {
			e.fileOf[tf] = f
		}
	}
	// Read-only from here on, shared by every Fork.
	e.indexSyntax()
	e.Skip(token.NoPos)
	if pass.Pkg == nil || pass.TypesInfo == nil || len(pass.TypeErrors) > 0 || illTyped(pass.TypesInfo, pass.Files) || !relevant(pass.TypesInfo) {
		// Nothing to analyse, or code that does not type-check (drivers
		// run the checks only on well-typed packages; one that runs them
		// anyway gets no findings rather than a crash in SSA).
		return e, nil
	}
	// Defaults of direct imports (the only packages whose variables this
	// package can name).
	imports := append([]*types.Package(nil), pass.Pkg.Imports()...)
	sort.Slice(imports, func(i, j int) bool { return imports[i].Path() < imports[j].Path() })
	for _, imp := range imports {
		var df DefaultsFact
		if pass.ImportPackageFact(imp, &df) {
			m := map[string]Val{}
			for _, d := range df.Defaults {
				m[d.Name] = d.Val
			}
			e.depDefs[imp.Path()] = m
		}
	}
	if e.SSA, e.Funcs = buildSSASafely(pass); e.SSA == nil {
		return e, nil
	}
	e.computeDefaults()
	e.computeFuncVars()
	e.computeFlags()
	e.computeClientCaps()
	// Helper facts for declared functions.
	for _, fn := range e.Funcs {
		if fn.Parent() != nil {
			continue
		}
		obj, ok := fn.Object().(*types.Func)
		if !ok || obj.Pkg() != pass.Pkg {
			continue
		}
		if h := e.helper(fn); !h.empty() {
			pass.ExportObjectFact(obj, h)
		}
	}
	e.ownDispatch = e.dispatchFacts()
	e.dispatch = nil // cached while ownDispatch was being computed
	for _, m := range sortedMethods(e.ownDispatch) {
		pass.ExportObjectFact(m, e.ownDispatch[m])
	}
	if len(e.defaults) > 0 {
		df := &DefaultsFact{}
		for k, v := range e.defaults {
			df.Defaults = append(df.Defaults, GlobalDefault{Name: k, Val: v})
		}
		sort.Slice(df.Defaults, func(i, j int) bool { return df.Defaults[i].Name < df.Defaults[j].Name })
		pass.ExportPackageFact(df)
	}
	return e, nil
}

// View returns an analyzer's own view (Fork) of the engine that the
// engine analyzer built for pass, nil when it built none. The checks
// that share an engine run in parallel: each takes its view.
func View(pass *analysis.Pass, engine *analysis.Analyzer) *Engine {
	e, ok := pass.ResultOf[engine].(*Engine)
	if !ok || e == nil {
		return nil
	}
	return e.Fork()
}

// Fork returns a view of the engine for one analyzer: the package's SSA,
// syntax index, defaults and helper summaries are shared (read-only once
// the engine is built), the caches of answers are its own.
func (e *Engine) Fork() *Engine {
	f := *e
	f.helpers = make(map[*ssa.Function]*HelperFact, len(e.helpers))
	for k, v := range e.helpers {
		f.helpers[k] = v
	}
	f.optTypes = make(map[*types.Named]bool, len(e.optTypes))
	for k, v := range e.optTypes {
		f.optTypes[k] = v
	}
	f.inProgress = map[*ssa.Function]bool{}
	f.closures = map[*ssa.Function][]*ssa.MakeClosure{}
	f.guards = map[*ssa.Function]map[*ssa.BasicBlock]bool{}
	f.values = map[ssa.Value]Val{}
	f.lists = map[ssa.Value]OptList{}
	f.detached = map[*ssa.Function]bool{}
	f.factories = map[*ssa.Function][]ctxFlow{}
	f.factoryUses = nil
	f.testOnly = nil
	f.refs = nil
	f.dispatch = nil
	f.fieldDefaults = nil
	f.nest = 0
	return &f
}

// ImportFact imports an object fact of another package through the pass
// the engine was built for.
func (e *Engine) ImportFact(obj types.Object, f analysis.Fact) bool {
	return e.pass != nil && e.pass.ImportObjectFact(obj, f)
}

// illTyped reports whether the package has syntax errors (Bad nodes) or
// an expression without a valid type.
func illTyped(info *types.Info, files []*ast.File) bool {
	for x, tv := range info.Types {
		if tv.Type == nil || tv.Type == types.Typ[types.Invalid] {
			if id, ok := x.(*ast.Ident); ok {
				if _, builtin := info.Uses[id].(*types.Builtin); builtin {
					continue // a polymorphic builtin (len, append) has no type of its own
				}
			}
			return true
		}
	}
	bad := false
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n.(type) {
			case *ast.BadExpr, *ast.BadStmt, *ast.BadDecl:
				bad = true
			}
			return !bad
		})
	}
	return bad
}

// ---- positions and syntax ----

// PosString renders pos as "dir/file.go:line:col" (the parent directory
// and the base name), or "".
func (e *Engine) PosString(pos token.Pos) string {
	if !pos.IsValid() {
		return ""
	}
	p := e.Fset.Position(pos)
	if p.Filename == "" {
		return ""
	}
	return filepath.Base(filepath.Dir(p.Filename)) + "/" + filepath.Base(p.Filename) + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column)
}

func (e *Engine) indexSyntax() {
	if e.calls != nil {
		return
	}
	e.calls = map[token.Pos]*ast.CallExpr{}
	e.kvs = map[token.Pos]*ast.KeyValueExpr{}
	for _, f := range e.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				e.calls[n.Lparen] = n
			case *ast.KeyValueExpr:
				e.kvs[n.Colon] = n
			}
			return true
		})
	}
}

// CallAt returns the call expression whose Lparen is pos (the position
// SSA gives a call), or nil.
func (e *Engine) CallAt(pos token.Pos) *ast.CallExpr {
	e.indexSyntax()
	return e.calls[pos]
}

// CallStart returns the start of the call expression of an SSA call
// (its Pos is the Lparen), for positions people read.
func (e *Engine) CallStart(pos token.Pos) token.Pos {
	if c := e.CallAt(pos); c != nil {
		return c.Pos()
	}
	return pos
}

// File returns the syntax tree holding pos, or nil.
func (e *Engine) File(pos token.Pos) *ast.File {
	if tf := e.Fset.File(pos); tf != nil {
		return e.fileOf[tf]
	}
	return nil
}

// ---- names ----

// LocalName is NameOf for a function of the package being analysed, as
// messages name it: without its own package's name ("(*Client).Get").
func LocalName(fn *ssa.Function) string {
	name := NameOf(fn)
	if fn != nil && fn.Pkg != nil {
		name = strings.Replace(name, fn.Pkg.Pkg.Name()+".", "", 1)
	}
	return name
}

// NameOf names fn for messages, never with SSA names like f$1:
// "pkg.F", "(*pkg.T).M", "pkg.F (closure)".
func NameOf(fn *ssa.Function) string {
	if fn == nil {
		return "?"
	}
	if fn.Parent() != nil {
		return NameOf(topFunc(fn)) + " (closure)"
	}
	if obj, ok := fn.Object().(*types.Func); ok && obj != nil {
		return ObjName(obj)
	}
	name := fn.Name()
	if i := strings.IndexByte(name, '$'); i >= 0 {
		name = name[:i]
	}
	if name == "init" && fn.Synthetic != "" {
		return "package initialization"
	}
	return name
}

// ObjName names a function object: "pkg.F" or "(*pkg.T).M".
func ObjName(obj *types.Func) string {
	sig, _ := obj.Type().(*types.Signature)
	qual := func(p *types.Package) string { return p.Name() }
	if sig != nil && sig.Recv() != nil {
		return "(" + types.TypeString(sig.Recv().Type(), qual) + ")." + obj.Name()
	}
	if obj.Pkg() != nil {
		return obj.Pkg().Name() + "." + obj.Name()
	}
	return obj.Name()
}

// ---- SSA ----

// buildSSA builds the SSA form of the package being analysed (a Program
// per package, imports created without bodies) and returns it with its source functions in source order, each declared
// function followed by its closures, then the closures of package-level
// initialisers.
//
// Built here rather than by requiring buildssa: this analyzer has facts,
// so it runs on every dependency, and only packages that mention a
// context or a duration need SSA (see relevant).
//
// Unlike buildssa it creates only the imports the package names functions
// or variables of (referencedImports), or every import when all is set,
// and builds init without the calls to the imports' inits (BareInits: no
// check reads them, and they would need every import created).
func buildSSA(pass *analysis.Pass, all bool) (*ssa.Package, []*ssa.Function) {
	prog := ssa.NewProgram(pass.Fset, ssa.BareInits)
	imports := pass.Pkg.Imports()
	if !all {
		imports = referencedImports(pass)
	}
	for _, p := range imports {
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
	if init := pkg.Func("init"); init != nil {
		for _, anon := range init.AnonFuncs {
			addAnons(anon)
		}
	}
	return pkg, funcs
}

// referencedImports lists, in import order, the direct imports whose
// package-level functions or variables the package names. The SSA builder
// needs a created package only to resolve such a name (methods, types and
// constants of any package it finds from type information); creating an
// import makes a member for every object in its scope and every method of
// its types, which for a package imported only for its types (an SDK's
// generated types package) was most of the cost of building SSA.
func referencedImports(pass *analysis.Pass) []*types.Package {
	used := map[*types.Package]bool{}
	for _, obj := range pass.TypesInfo.Uses {
		pkg := obj.Pkg()
		if pkg == nil || pkg == pass.Pkg || used[pkg] || obj.Parent() != pkg.Scope() {
			continue
		}
		switch obj.(type) {
		case *types.Func, *types.Var:
			used[pkg] = true
		}
	}
	var imps []*types.Package
	for _, p := range pass.Pkg.Imports() {
		if used[p] {
			imps = append(imps, p)
		}
	}
	return imps
}

// buildSSASafely is buildSSA for a package the driver may not have
// checked (a type error the type checker tolerated, such as a call with
// the wrong number of arguments, makes the SSA builder panic): such a
// package gets no SSA, and so no findings. Should the builder need an
// import referencedImports did not list, the package is built again with
// every import.
func buildSSASafely(pass *analysis.Pass) (*ssa.Package, []*ssa.Function) {
	if pkg, funcs, ok := tryBuildSSA(pass, false); ok {
		return pkg, funcs
	}
	pkg, funcs, _ := tryBuildSSA(pass, true)
	return pkg, funcs
}

func tryBuildSSA(pass *analysis.Pass, all bool) (pkg *ssa.Package, funcs []*ssa.Function, ok bool) {
	defer func() {
		if recover() != nil {
			pkg, funcs, ok = nil, nil, false
		}
	}()
	pkg, funcs = buildSSA(pass, all)
	return pkg, funcs, true
}

// relevant reports whether a package can contribute anything to a
// deadline: some expression or declared object has a type that mentions
// a context type or time.Duration, directly or through a signature, a
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

// ---- closures ----

// Bindings returns the values captured for the free variable fv by the
// closures that create its function (in the enclosing function).
func (e *Engine) Bindings(fv *ssa.FreeVar) []ssa.Value {
	fn := fv.Parent()
	if fn == nil || fn.Parent() == nil {
		return nil
	}
	idx := -1
	for i, f := range fn.FreeVars {
		if f == fv {
			idx = i
		}
	}
	if idx < 0 {
		return nil
	}
	var out []ssa.Value
	for _, mc := range e.makeClosures(fn) {
		if idx < len(mc.Bindings) {
			out = append(out, mc.Bindings[idx])
		}
	}
	return out
}

func (e *Engine) makeClosures(fn *ssa.Function) []*ssa.MakeClosure {
	mcs, ok := e.closures[fn]
	if ok {
		return mcs
	}
	if p := fn.Parent(); p != nil {
		for _, b := range p.Blocks {
			for _, instr := range b.Instrs {
				if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn {
					mcs = append(mcs, mc)
				}
			}
		}
	}
	e.closures[fn] = mcs
	return mcs
}

// ---- the shared filter: where no check reports ----

// Skip reports whether no check reports at pos: test files, generated
// files other than cgo's output (see IsExemptFile), and every file of a
// test-support package (a non-test file imports "testing", or its path
// says so: IsTestSupportPath).
func (e *Engine) Skip(pos token.Pos) bool {
	if e.skip == nil {
		e.skip = map[*token.File]bool{}
		support := e.Types != nil && IsTestSupportPath(e.Types.Path())
		for _, f := range e.Files {
			if tf := e.Fset.File(f.Pos()); tf != nil {
				e.skip[tf] = support || IsExemptFile(e.Fset, f) || IsTestSupportFile(e.Fset, f)
			}
		}
	}
	tf := e.Fset.File(pos)
	if tf == nil {
		return true
	}
	skip, known := e.skip[tf]
	return skip || !known
}

// FuncOf is the SSA function of a declared function or a concrete type's
// method, also when the method's package was not created (buildSSA
// creates only the imports whose functions or variables the package
// names; methods of the others are made from type information on demand).
// It is nil for interface methods and for methods of generic types.
func FuncOf(prog *ssa.Program, obj *types.Func) *ssa.Function {
	if f := prog.FuncValue(obj); f != nil {
		return f
	}
	recv := obj.Signature().Recv()
	if recv == nil || types.IsInterface(recv.Type()) {
		return nil
	}
	sel := prog.MethodSets.MethodSet(recv.Type()).Lookup(obj.Pkg(), obj.Name())
	if sel == nil || sel.Kind() != types.MethodVal {
		return nil
	}
	return prog.MethodValue(sel)
}

// InGenerated reports whether pos is in a generated file of the package
// (cgo's output excepted: it is the user's code) that is neither a test
// nor test support.
func (e *Engine) InGenerated(pos token.Pos) bool {
	f := e.File(pos)
	if f == nil || !ast.IsGenerated(f) || IsCgoOutput(f) || IsTestFile(e.Fset, f) || IsTestSupportFile(e.Fset, f) {
		return false
	}
	return e.Types == nil || !IsTestSupportPath(e.Types.Path())
}

// HandWrittenCall finds where code that is not skipped (tests, test
// support, generated files) calls the generated function enclosing pos,
// directly or through other generated functions: the call of a wire-style
// generated injector from the program's own code. It returns the first
// such call by position and the generated function it calls, or NoPos.
func (e *Engine) HandWrittenCall(pos token.Pos) (token.Pos, *ssa.Function) {
	var gen *ssa.Function
	for _, fn := range e.Funcs {
		if fn.Syntax() != nil && fn.Syntax().Pos() <= pos && pos < fn.Syntax().End() {
			gen = topFunc(fn)
			break
		}
	}
	if gen == nil || !e.InGenerated(gen.Pos()) {
		return token.NoPos, nil
	}
	targets := map[*ssa.Function]bool{gen: true}
	for changed := true; changed; {
		changed = false
		best, bestFn := token.NoPos, (*ssa.Function)(nil)
		for _, fn := range e.Funcs {
			for _, b := range fn.Blocks {
				for _, in := range b.Instrs {
					call, ok := in.(ssa.CallInstruction)
					if !ok {
						continue
					}
					callee := call.Common().StaticCallee()
					if callee == nil || !targets[callee] || !call.Pos().IsValid() {
						continue
					}
					switch caller := topFunc(fn); {
					case !e.Skip(call.Pos()):
						if !best.IsValid() || call.Pos() < best {
							best, bestFn = call.Pos(), callee
						}
					case e.InGenerated(call.Pos()) && !targets[caller]:
						targets[caller] = true
						changed = true
					}
				}
			}
		}
		if best.IsValid() {
			return best, bestFn
		}
	}
	return token.NoPos, nil
}
