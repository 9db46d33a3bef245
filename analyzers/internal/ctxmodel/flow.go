package ctxmodel

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// This file exports, for the interprocedural summaries of timeoutflow
// (analyzers/internal/summary), SSA helpers the model already has.

// FieldName returns the name of field i of the struct t (or of the struct
// t points to), or "?".
func FieldName(t types.Type, i int) string { return fieldName(t, i) }

// IsSSADeadlineCall reports whether call is X.Deadline() returning
// (time.Time, bool): a context's deadline, or any type's method so named.
func IsSSADeadlineCall(call *ssa.Call) bool { return isSSADeadlineCall(call) }
