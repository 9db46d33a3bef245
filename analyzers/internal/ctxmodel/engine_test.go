package ctxmodel_test

import (
	"fmt"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/ssa"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
)

// probe reports, at each call of a function named use, useList, useCtx
// or bound, what the engine says about its argument.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "reports the engine's view of use(...) arguments",
	Requires: []*analysis.Analyzer{ctxmodel.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		e := pass.ResultOf[ctxmodel.Analyzer].(*ctxmodel.Engine)
		for _, fn := range e.Funcs {
			for _, b := range fn.Blocks {
				for _, in := range b.Instrs {
					call, ok := in.(*ssa.Call)
					if !ok {
						continue
					}
					callee := call.Common().StaticCallee()
					if callee == nil {
						continue
					}
					var arg ssa.Value
					if len(call.Common().Args) > 0 {
						arg = call.Common().Args[0]
					} else if callee.Name() != "bound" && callee.Name() != "where" {
						continue
					}
					var msg string
					switch callee.Name() {
					case "use":
						v := e.ArgValue(fn, call.Common(), 0)
						msg = describe(v)
					case "useDeadline":
						msg = describe(e.Local(fn, e.Deadline(fn, arg)))
					case "useList":
						msg = describeList(e, fn, e.OptList(fn, arg))
					case "useCtx":
						msg = describeOrigins(e, e.Origins(fn, arg))
					case "where":
						msg = "role " + e.Middleware(fn)
						if msg == "role " {
							msg = "role none"
						}
					case "bound":
						if e.Guarded(fn, call) {
							msg = "guarded"
						} else {
							msg = "unguarded"
						}
					default:
						continue
					}
					pass.Reportf(call.Pos(), "%s", msg)
				}
			}
		}
		return nil, nil
	},
}

func describe(v ctxmodel.Val) string {
	switch v.Kind {
	case ctxmodel.Unknown:
		return "unknown"
	case ctxmodel.Remaining:
		return "remaining"
	}
	val := "?"
	if v.Known {
		val = ctxmodel.FormatDuration(v.NS)
	}
	return strings.TrimSpace(fmt.Sprintf("%s %s %s", v.Kind, val, v.Origin))
}

func describeList(e *ctxmodel.Engine, fn *ssa.Function, l ctxmodel.OptList) string {
	if !l.Known {
		return "list unknown"
	}
	elems := func(es []ctxmodel.OptElem) string {
		var s []string
		for _, el := range es {
			s = append(s, describe(e.Local(fn, el.Val)))
		}
		return "[" + strings.Join(s, ", ") + "]"
	}
	base := "none"
	switch {
	case l.Base >= 0:
		base = "param " + fn.Params[l.Base].Name()
	case l.BaseFree >= 0:
		base = "free " + fn.FreeVars[l.BaseFree].Name()
	}
	if l.Filtered {
		base += " filtered"
	}
	return fmt.Sprintf("list base=%s pre=%s suf=%s elems=%s", base, elems(l.Pre), elems(l.Suf), elems(l.Elems))
}

func describeOrigins(e *ctxmodel.Engine, os []ctxmodel.Origin) string {
	var s []string
	for _, o := range os {
		var k string
		switch o.Kind {
		case ctxmodel.FromCaller:
			k = "caller " + o.Param.Name()
			if o.HTTPServer {
				k += " (http server)"
			}
		case ctxmodel.FromRoot:
			k = "root " + o.RootFunc.String()
		case ctxmodel.FromDetached:
			k = "detached"
		case ctxmodel.FromStored:
			k = "stored"
		}
		for _, b := range o.Bounds {
			k += " +" + types.ExprString(e.CallAt(b.Pos()).Fun)
		}
		s = append(s, k)
	}
	if len(s) == 0 {
		return "origin unknown"
	}
	return "origins " + strings.Join(s, "; ")
}

func TestEngine(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), probe, "values", "lists", "origins", "roles")
}
