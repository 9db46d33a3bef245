//lint:file-ignore hardcodedtimeout legacy client, replaced in the next release

package ignored

import (
	"context"
	"time"

	"example.com/clifix/backend"
)

// FetchLegacy caps the caller's budget; the whole file is ignored.
func FetchLegacy(ctx context.Context, c *backend.Client, key string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return c.Get(ctx, key)
}
