// Package provpublic implements a creds.Provider in a package outside
// code can import: its users may call Retrieve with any context.
package provpublic

import (
	"context"
	"time"

	"hardcodedtimeout/internal/creds"
)

// Env fetches credentials from a metadata service.
type Env struct{ C creds.Conn }

// Retrieve is exported API of an importable package: the bound caps the
// contexts of callers other than the cache.
func (p *Env) Retrieve(ctx context.Context) (creds.Value, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second) // want `^caller's deadline may be capped by fixed 10s via context.WithTimeout in \(\*Env\).Retrieve: `
	defer cancel()
	var v creds.Value
	return v, p.C.Invoke(ctx, "/meta/Credentials", nil, &v)
}
