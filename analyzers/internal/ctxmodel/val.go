package ctxmodel

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Val is the engine's value of a duration (or of a struct holding
// durations, Path selecting the field): one lattice for every check and
// for the facts (it is gob-encoded: keep it small, no token.Pos).
//
// Kinds, from the engine's point of view:
//   - Fixed: a compile-time constant;
//   - Default: a package-level variable, or a field of a package-level
//     default config literal, that no code changes (DefaultRetryConfig.Timeout);
//   - Config: configured: a receiver field, a field of a config-typed
//     value, a parameter of the constructor that built a closure;
//   - User: supplied by the caller: a request field, a parameter, the
//     timeout of an option the caller passed;
//   - Remaining: derived from the caller's deadline (time.Until(dl));
//   - Param, Free: symbolic, the Index-th parameter or free variable of
//     the function being evaluated (Path selects a field, Addr: the
//     parameter points to the value); a caller substitutes its argument;
//   - Unknown: anything else. Checks stay silent on Unknown.
type Val struct {
	Kind   Kind
	Known  bool   // NS holds the value (Fixed, Default; User with a known default)
	NS     int64  // nanoseconds
	Addr   bool   // Param/Free: the parameter is a pointer to the value
	Index  int    // Param/Free index
	Path   string // dotted field path below a Param/Free
	Origin string // where it comes from: "DefaultRetryConfig.Timeout", "req.RingingTimeout"
	Pos    string // position of the origin's definition, "dir/file.go:line:col"
}

// IsFixed reports whether v is a fixed positive duration: a constant or
// a never-changed package default, whose value is known.
func (v Val) IsFixed() bool { return (v.Kind == Fixed || v.Kind == Default) && v.Known && v.NS > 0 }

// IsDefaulted reports whether v is configured (Config) with a known
// positive default that the module sets: whoever configures nothing gets
// the default, and no caller can change it per call.
func (v Val) IsDefaulted() bool { return v.Kind == Config && v.Known && v.NS > 0 }

// Cap renders a fixed or defaulted value as the cap a finding names:
// "fixed 3s (DefaultRetryConfig.Timeout, rpc/retry.go:19)",
// "p.timeout (default 10s, nats/publisher.go:35)".
func (v Val) Cap() string {
	if !v.IsDefaulted() {
		return "fixed " + v.Describe()
	}
	s := v.Origin + " (default " + FormatDuration(v.NS)
	if v.Pos != "" {
		s += ", " + ShortPos(v.Pos)
	}
	return s + ")"
}

// Symbolic reports whether v still depends on a parameter or free variable.
func (v Val) Symbolic() bool { return v.Kind == Param || v.Kind == Free }

// Field selects field name of a struct-valued value.
func (v Val) Field(name string) Val {
	switch v.Kind {
	case Param, Free:
		if v.Path != "" {
			v.Path += "." + name
		} else {
			v.Path = name
		}
		if v.Origin != "" {
			v.Origin += "." + name
		}
		return v
	case User, Config:
		if v.Origin != "" {
			v.Origin += "." + name
		}
		v.Known = false
		return v
	}
	return Val{}
}

func (v Val) withPath(path []string) Val {
	for _, f := range path {
		v = v.Field(f)
	}
	return v
}

// String renders v for messages: "3s", "req.RingingTimeout (default 30s)",
// "remaining budget".
func (v Val) String() string {
	switch v.Kind {
	case Fixed, Default:
		if v.Known {
			return FormatDuration(v.NS)
		}
		return v.Origin
	case User, Config:
		if v.Known {
			return fmt.Sprintf("%s (default %s)", v.Origin, FormatDuration(v.NS))
		}
		return v.Origin
	case Remaining:
		return "remaining budget"
	case Param:
		return fmt.Sprintf("param#%d%s", v.Index, dotted(v.Path))
	case Free:
		return fmt.Sprintf("free#%d%s", v.Index, dotted(v.Path))
	}
	return "unknown"
}

// Describe renders a fixed value with its origin: "3s",
// "3s (DefaultRetryConfig.Timeout, rpc/retry.go:19)"; other kinds as String.
func (v Val) Describe() string {
	s := v.String()
	if v.Kind != Fixed && v.Kind != Default || !v.Known {
		return s
	}
	var paren []string
	if v.Origin != "" {
		paren = append(paren, v.Origin)
	}
	if v.Pos != "" {
		paren = append(paren, ShortPos(v.Pos))
	}
	if len(paren) == 0 {
		return s
	}
	return s + " (" + strings.Join(paren, ", ") + ")"
}

func dotted(p string) string {
	if p == "" {
		return ""
	}
	return "." + p
}

// FormatDuration prints a duration as people write it: 3s, 1m, 5m,
// 1m30s, 1.5s, 250ms, 2h.
func FormatDuration(ns int64) string {
	d := time.Duration(ns)
	s := d.String()
	// time.Duration.String writes 1m0s and 2h0m0s: drop zero units.
	for strings.HasSuffix(s, "m0s") || strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

// ShortPos turns "dir/file.go:line:col" into "dir/file.go:line", the form
// messages use.
func ShortPos(p string) string {
	if i := strings.LastIndexByte(p, ':'); i > 0 {
		if j := strings.LastIndexByte(p[:i], ':'); j > 0 {
			if _, err := strconv.Atoi(p[j+1 : i]); err == nil {
				return p[:i]
			}
		}
	}
	return p
}

// join merges the values a variable may hold on different paths:
// Remaining wins (the code looked at the caller's budget); a caller's or
// configured value with a fixed fallback (if req.T == 0 { t = Default })
// is that value with a known default; several fixed values agree or are
// unknown; otherwise the most caller-aware value wins.
func join(vals []Val) Val {
	var fixed, other []Val
	for _, v := range vals {
		switch v.Kind {
		case Fixed, Default:
			fixed = append(fixed, v)
		case Unknown:
		default:
			other = append(other, v)
		}
	}
	for _, o := range other {
		if o.Kind == Remaining {
			return o
		}
	}
	if len(other) == 0 {
		if len(fixed) == 0 || len(fixed) < len(vals) {
			return Val{}
		}
		for _, f := range fixed[1:] {
			if f.NS != fixed[0].NS || f.Known != fixed[0].Known {
				return Val{}
			}
		}
		return fixed[0]
	}
	pick := other[0]
	for _, o := range other[1:] {
		if kindRank(o.Kind) > kindRank(pick.Kind) {
			pick = o
		}
	}
	if len(fixed) > 0 {
		def := fixed[0]
		for _, f := range fixed[1:] {
			if f.NS != def.NS {
				return pick
			}
		}
		if def.Known && def.NS != 0 && !pick.Known {
			pick.Known, pick.NS = true, def.NS
			if def.Pos != "" {
				pick.Pos = def.Pos // where the default is set
			}
		}
	}
	return pick
}

// kindRank orders the non-fixed kinds by how much they say about the
// caller: a symbolic value may still become the caller's.
func kindRank(k Kind) int {
	switch k {
	case Remaining:
		return 5
	case User:
		return 4
	case Param, Free:
		return 3
	case Config:
		return 2
	}
	return 0
}
