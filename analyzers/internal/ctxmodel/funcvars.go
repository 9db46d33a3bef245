package ctxmodel

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// Package-level func variables that alias a function
// (var WithTimeout = internal.WithTimeout): a call through one is a call
// of the function it holds, when nothing but the package initialiser
// writes it and its address is not handed out.

// computeFuncVars records the package's func variables that init sets to
// one function and nothing else writes.
func (e *Engine) computeFuncVars() {
	initFn := e.SSA.Func("init")
	if initFn == nil {
		return
	}
	held := map[*ssa.Global]*ssa.Function{}
	for _, blk := range initFn.Blocks {
		for _, in := range blk.Instrs {
			st, ok := in.(*ssa.Store)
			if !ok {
				continue
			}
			g, isGlobal := st.Addr.(*ssa.Global)
			if !isGlobal || g.Pkg != e.SSA {
				continue
			}
			if f, ok := st.Val.(*ssa.Function); ok && f.Parent() == nil {
				if _, twice := held[g]; twice {
					held[g] = nil
				} else {
					held[g] = f
				}
			}
		}
	}
	if len(held) == 0 {
		return
	}
	// Written, or its address taken, anywhere outside that one store.
	for _, fn := range e.allFuncs(initFn) {
		for _, blk := range fn.Blocks {
			for _, in := range blk.Instrs {
				if st, ok := in.(*ssa.Store); ok {
					if g, ok := st.Addr.(*ssa.Global); ok && held[g] != nil && (fn != initFn || st.Val != held[g]) {
						held[g] = nil
					}
					if g, ok := st.Val.(*ssa.Global); ok {
						held[g] = nil
					}
					continue
				}
				if ld, ok := in.(*ssa.UnOp); ok && ld.Op == token.MUL {
					continue
				}
				var ops []*ssa.Value
				for _, op := range in.Operands(ops) {
					if op != nil {
						if g, ok := (*op).(*ssa.Global); ok {
							held[g] = nil
						}
					}
				}
			}
		}
	}
	for g, f := range held {
		if f != nil {
			if e.funcVars == nil {
				e.funcVars = map[*ssa.Global]*ssa.Function{}
			}
			e.funcVars[g] = f
		}
	}
}

// Callee returns the function a call calls: its static callee, or the
// function a package-level func variable of this package always holds.
// Nil for dynamic calls.
func (e *Engine) Callee(c *ssa.CallCommon) *ssa.Function {
	if fn := c.StaticCallee(); fn != nil {
		return fn
	}
	if ld, ok := c.Value.(*ssa.UnOp); ok && ld.Op == token.MUL {
		if g, ok := ld.X.(*ssa.Global); ok {
			return e.funcVars[g]
		}
	}
	return nil
}
