package ctxmodel

import (
	"go/token"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Guards: the one recogniser of "this runs only when the caller set no
// budget of its own".
//
// An instruction is guarded when its block is dominated by the edge of a
// branch on which
//   - the ok result of ctx.Deadline() is false (if _, ok :=
//     ctx.Deadline(); !ok { ... }, or the code after if ok { return });
//   - or the caller's own timeout option is unset (timeout := the
//     Timeout the caller's options set; if timeout == 0 { ... }).
//
// Reading the deadline only to compare it with a fixed bound is not a
// guard: in `if !ok || time.Until(dl) > d { bound d }` the bound still
// cuts a caller's longer budget (the branch is also reached with ok true).

// Guarded reports whether instr of fn runs only when the caller set no
// deadline or timeout option.
func (e *Engine) Guarded(fn *ssa.Function, instr ssa.Instruction) bool {
	if fn == nil || instr == nil || instr.Block() == nil {
		return false
	}
	roots := e.guardRoots(fn)
	blk := instr.Block()
	for root := range roots {
		if root.Dominates(blk) {
			return true
		}
	}
	return false
}

func (e *Engine) guardRoots(fn *ssa.Function) map[*ssa.BasicBlock]bool {
	if g, ok := e.guards[fn]; ok {
		return g
	}
	g := map[*ssa.BasicBlock]bool{}
	e.guards[fn] = g // a cycle through Local sees no guards
	for _, blk := range fn.Blocks {
		if len(blk.Instrs) == 0 || len(blk.Succs) != 2 {
			continue
		}
		iff, ok := blk.Instrs[len(blk.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		if edge, ok := e.noBudgetEdge(fn, iff.Cond, 0); ok {
			if s := blk.Succs[edge]; len(s.Preds) == 1 {
				g[s] = true
			}
		}
	}
	return g
}

// noBudgetEdge returns the successor (0: true, 1: false) of a branch on
// cond on which the caller set no budget.
func (e *Engine) noBudgetEdge(fn *ssa.Function, cond ssa.Value, depth int) (int, bool) {
	if depth > 4 {
		return 0, false
	}
	switch c := cond.(type) {
	case *ssa.Extract:
		if call, ok := c.Tuple.(*ssa.Call); ok && c.Index == 1 && isSSADeadlineCall(call) {
			return 1, true // ok true: the caller set a deadline
		}
	case *ssa.UnOp:
		if c.Op == token.NOT {
			if edge, ok := e.noBudgetEdge(fn, c.X, depth+1); ok {
				return 1 - edge, true
			}
		}
	case *ssa.BinOp:
		x, y := c.X, c.Y
		if _, isConst := x.(*ssa.Const); isConst {
			x, y = y, x
		}
		k, isConst := y.(*ssa.Const)
		if !isConst {
			return 0, false
		}
		// ok == false, ok != true ...
		if k.Value != nil && (k.Value.String() == "true" || k.Value.String() == "false") {
			edge, ok := e.noBudgetEdge(fn, x, depth+1)
			if !ok {
				return 0, false
			}
			truth := k.Value.String() == "true"
			switch {
			case c.Op == token.EQL && truth, c.Op == token.NEQ && !truth:
				return edge, true
			case c.Op == token.EQL && !truth, c.Op == token.NEQ && truth:
				return 1 - edge, true
			}
			return 0, false
		}
		// timeout == 0, timeout <= 0, timeout > 0, timeout != 0 on the
		// caller's own timeout option.
		if !e.callerOption(fn, x) || k.Value == nil || k.Int64() != 0 {
			return 0, false
		}
		switch c.Op {
		case token.EQL, token.LEQ:
			return 0, true
		case token.NEQ, token.GTR:
			return 1, true
		}
	}
	return 0, false
}

// callerOption reports whether v is the timeout the caller's own options
// set (possibly read through a captured variable).
func (e *Engine) callerOption(fn *ssa.Function, v ssa.Value) bool {
	lv := e.LocalValue(fn, v)
	return lv.Kind == User && strings.HasPrefix(lv.Path, "@")
}
