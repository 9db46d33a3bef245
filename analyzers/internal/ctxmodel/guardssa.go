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
// A connection deadline is also guarded when the caller's deadline
// replaces it whenever the caller set one: the same connection's
// SetDeadline (or the same Set*Deadline) with the deadline ctx.Deadline()
// returned, after it (clickhouse-go's exec: SetReadDeadline(now +
// readTimeout), then if dl, ok := ctx.Deadline(); ok { SetDeadline(dl) }).
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
	if call, ok := instr.(ssa.CallInstruction); ok {
		return overriddenByCallerDeadline(fn, call)
	}
	return false
}

// overriddenByCallerDeadline reports whether the connection deadline set
// by call is set again, later in fn, to the deadline of a context (its
// Deadline() result), on the same connection and covering the same
// direction: the caller's deadline, when it has one, wins.
func overriddenByCallerDeadline(fn *ssa.Function, call ssa.CallInstruction) bool {
	method, _ := ConnDeadline(call)
	if method == "" {
		return false
	}
	conn := connOf(call)
	for _, b := range fn.Blocks {
		if !call.Block().Dominates(b) {
			continue
		}
		after := b != call.Block()
		for _, in := range b.Instrs {
			if in == call {
				after = true
				continue
			}
			c2, ok := in.(ssa.CallInstruction)
			if !ok || !after {
				continue
			}
			m2, dl := ConnDeadline(c2)
			if m2 == "" || m2 != "SetDeadline" && m2 != method || !sameRef(connOf(c2), conn) {
				continue
			}
			if ex, ok := dl.(*ssa.Extract); ok && ex.Index == 0 {
				if dc, ok := ex.Tuple.(*ssa.Call); ok && dc.Call.IsInvoke() && dc.Call.Method.Name() == "Deadline" && IsContext(dc.Call.Value.Type()) {
					return true
				}
			}
		}
	}
	return false
}

// connOf is the receiver of a method call (the interface value of an
// invoke).
func connOf(call ssa.CallInstruction) ssa.Value {
	c := call.Common()
	if c.IsInvoke() {
		return c.Value
	}
	if len(c.Args) > 0 {
		return c.Args[0]
	}
	return nil
}

// sameRef reports whether a and b are the same value, or loads of the
// same field of the same value (c.conn read twice).
func sameRef(a, b ssa.Value) bool {
	if a == nil || b == nil {
		return false
	}
	if a == b {
		return true
	}
	la, ok1 := a.(*ssa.UnOp)
	lb, ok2 := b.(*ssa.UnOp)
	if ok1 && ok2 && la.Op == token.MUL && lb.Op == token.MUL {
		fa, ok1 := la.X.(*ssa.FieldAddr)
		fb, ok2 := lb.X.(*ssa.FieldAddr)
		if ok1 && ok2 {
			return fa.Field == fb.Field && sameRef(fa.X, fb.X)
		}
		return sameRef(la.X, lb.X)
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
