package summary

import (
	"go/types"

	"github.com/ctxtimeout/ctxtimeout/analyzers/internal/ctxmodel"
)

// go vet copies the facts of methods into the .vetx of every package that
// depends on theirs, so a method fact in a package nearly everything
// imports is paid for hundreds of times over. A few standard-library
// methods had facts of that kind; they are known here instead and export
// no fact:
//
//   - time.Duration.Truncate, Round and Abs return their receiver (or
//     less): the engine evaluates them.
//   - Methods of package testing: durations and contexts of tests are never
//     on a reported path (checks do not report in tests or test support).
//   - Methods of net.Resolver cap each DNS attempt by resolv.conf's
//     timeout: configuration, which no check reports (docs/hazards.md: config
//     values are not fixed timeouts).
//
// On grpc, etcd server and nats-server these were nearly half of all fact
// bytes.

// builtinSummary returns the summary of a standard-library function known
// here, or nil. (time.Duration.Truncate, Round and Abs return their
// receiver, or less: the engine knows them.)
func builtinSummary(obj *types.Func) *FuncSummary {
	if isMethodOf(obj, "time", "Duration") {
		switch obj.Name() {
		case "Truncate", "Round", "Abs":
			return &FuncSummary{Name: ctxmodel.ObjName(obj)}
		}
	}
	return nil
}

// noFact reports whether obj's summary is not exported as a fact: it is
// known here (builtinSummary) or never matters (see above).
func noFact(obj *types.Func) bool {
	if obj.Pkg() == nil {
		return false
	}
	switch {
	case builtinSummary(obj) != nil:
		return true
	case obj.Pkg().Path() == "testing":
		return true
	case isMethodOf(obj, "net", "Resolver"):
		return true
	}
	return false
}

// isMethodOf reports whether obj is a method of pkg.typ (or *pkg.typ).
func isMethodOf(obj *types.Func, pkg, typ string) bool {
	sig, ok := obj.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || obj.Pkg() == nil || obj.Pkg().Path() != pkg {
		return false
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Name() == typ
}
