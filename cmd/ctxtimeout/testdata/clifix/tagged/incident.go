//go:build incident

package tagged

import (
	"context"
	"time"
)

// Fetch caps the caller's budget at 2s in the incident build.
func Fetch(ctx context.Context, key string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return Client.Get(ctx, key)
}
