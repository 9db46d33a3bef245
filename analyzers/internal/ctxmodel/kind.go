package ctxmodel

import (
	"go/token"
	"go/types"
	"path/filepath"
	"strconv"
)

// Kind classifies where a duration (or deadline) value comes from.
type Kind int

// Value kinds, from least to most caller-aware.
const (
	// Unknown: nothing is known about the value (precision first: checks
	// stay silent on Unknown).
	Unknown Kind = iota
	// Fixed: a compile-time constant.
	Fixed
	// Config: a field of a configuration struct (a receiver field, a
	// field of a config-typed parameter or variable) not known constant.
	Config
	// User: supplied by the caller: a function parameter, a field of a
	// request-typed parameter, an option the caller passed.
	User
	// Remaining: derived from the caller's deadline (time.Until(dl),
	// dl.Sub(time.Now()), min(time.Until(dl)/2, 5*time.Second)).
	Remaining
	// Default: a package-level variable, or a field of a package-level
	// default config literal, that the code never changes.
	Default
	// Param and Free: symbolic, a parameter or free variable of the
	// function being evaluated (see Val).
	Param
	Free
)

// String returns the lower-case name of the kind.
func (k Kind) String() string {
	switch k {
	case Fixed:
		return "fixed"
	case Config:
		return "config"
	case User:
		return "user"
	case Remaining:
		return "remaining"
	case Default:
		return "default"
	case Param:
		return "param"
	case Free:
		return "free"
	}
	return "unknown"
}

func arith(op token.Token, x, y int64) (int64, bool) {
	switch op {
	case token.ADD:
		return x + y, true
	case token.SUB:
		return x - y, true
	case token.MUL:
		return x * y, true
	case token.QUO:
		if y == 0 {
			return 0, false
		}
		return x / y, true
	}
	return 0, false
}

// isConfigType reports whether t's name says it configures something
// (Config, Conf, Options, Opts, Settings, Params) and does not say it is
// a request.
func isConfigType(t types.Type) bool {
	_, name := NamedOf(t)
	if name == "" || containsFold(name, "request", "req", "msg", "message", "input", "args") {
		return false
	}
	return containsFold(name, "config", "conf", "option", "opts", "setting", "params")
}

func shortFile(name string) string {
	dir := filepath.Base(filepath.Dir(name))
	base := filepath.Base(name)
	if dir == "." || dir == string(filepath.Separator) || dir == "" {
		return base
	}
	return dir + "/" + base
}

func itoa(n int) string { return strconv.Itoa(n) }
