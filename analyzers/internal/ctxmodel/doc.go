// Package ctxmodel is ctxtimeout's shared model of contexts, deadlines and
// timeouts: one engine, on SSA, that every check asks. Everything is
// matched by types and by what the code does, never by a variable's
// spelling; nothing holds global mutable state; code that does not
// type-check gets no SSA (and so no findings), never a panic.
//
// # The engine (Analyzer, Engine)
//
// Analyzer builds, once per package, the SSA form (only for packages that
// mention a context or a duration) and an *Engine over it, and exports
// small helper facts (HelperFact: a function's duration results and the
// option list it returns, in terms of its parameters; DefaultsFact: a
// package's never-changed defaults). Checks require it (or a fresh one
// from NewAnalyzer) and take its result. Its -options flag (extra timeout
// option constructors by full name) is shared by every check on it
// (ShareOptionsFlag).
//
// Values (eval.go, local.go; the lattice is Val):
//
//   - e.Value(fn, v): a duration, symbolic in fn's parameters (Param) and
//     captured variables (Free): constants (Fixed), never-changed package
//     defaults and default-config fields (Default), arithmetic, min/max,
//     phis (a caller's value with a fixed fallback keeps it as its
//     default), fields of parameters, results of helpers (this package's
//     on demand, others' from facts), getters, time.Until of a deadline
//     from ctx.Deadline() (Remaining), the timeout the caller's options
//     set (for _, o := range opts { o(&cfg) }; cfg.Timeout).
//   - e.Local(fn, v) / e.LocalValue / e.ArgValue: what a symbolic value is
//     to fn itself: a parameter is the caller's (User) or configuration
//     (Config: the receiver, a config-typed parameter); a captured
//     constructor parameter configures the closure (Config); a closure
//     parameter is what the function running the closure passes it (a
//     retry loop's attempt timeout).
//   - e.Deadline(fn, v): a time.Time bound: time.Now().Add(d) is d.
//   - e.Subst(fn, v, call): a callee's symbolic value in the caller.
//
// Context origins (origin.go): e.Origins(fn, v) says where a context (or
// the context of a request) comes from: the caller's (a parameter, r.Context()
// of a request parameter, through any derivation), a root (Background,
// TODO, or a request built without a context), WithoutCancel, or a stored
// context; with the WithTimeout/WithDeadline calls applied on the way.
//
// Option lists (optlist.go): e.OptList(fn, v) is the ordered model of a
// slice of functional options: the caller's options it carries (Base),
// the timeout options placed before (Pre) and after (Suf) them, whether
// the caller's are forwarded through a filter. Built with append, make +
// copy + index stores, slices.Concat/Clip/Clone, loops, helpers.
// e.CallerList follows a list out of closures to the parameter that holds
// the caller's options.
//
// Guards (guardssa.go): e.Guarded(fn, instr): instr runs only on the edge
// where ctx.Deadline()'s ok is false or the caller's own timeout option is
// unset. Reading the deadline only to compare it with a fixed bound is
// not a guard.
//
// Roles (middleware.go): e.NextCall(fn, call) recognises a call of the
// rest of a chain by its role (a known chain type, a decorator calling
// what it wraps with its own signature, a callback parameter receiving
// the context); e.Middleware(fn) names fn's middleware role. The local
// checks split on it: deadlinereplace reports inside middleware,
// hardcodedtimeout outside it.
//
// Framework knowledge (knowledge.go) is one table keyed by import path:
// chain types, option types that carry timeouts.
//
// The shared filter e.Skip(pos): no check reports in test files, generated
// files (cgo's output excepted) or test-support packages.
//
// # Syntax helpers (Package)
//
// ctxmodel.New(fset, pkg, info, files, opts) is the syntax side, for the
// structural exemptions that are questions about syntax and for suggested
// fixes: Detached (defer, go, Cleanup, AfterFunc), StoredCancel, InStream,
// InPollLoop, AfterDone, RunnerCallback, IsEntryPoint, IsHTTPHandler,
// ReturnsContext, ExpectsExpiry, IsExemptFile, IsTestSupportFile,
// GuardFix, FuncName (names for messages, never f$1), Position.
package ctxmodel
