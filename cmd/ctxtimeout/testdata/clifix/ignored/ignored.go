// Package ignored has hazards that are silenced by lint directives.
package ignored

import (
	"context"
	"time"

	"example.com/clifix/backend"
)

// Fetch caps the caller's budget on purpose.
func Fetch(ctx context.Context, c *backend.Client, key string) (string, error) {
	//lint:ignore hardcodedtimeout the backend's contract is 3s and callers know it
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	return c.Get(ctx, key)
}
