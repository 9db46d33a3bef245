// Package mid sits between the API and the client.
package mid

import (
	"context"

	"example.com/flowfix/client"
)

// withDefault appends the default after the caller's options: last wins.
func withDefault(opts []client.Option) []client.Option {
	out := make([]client.Option, 0, len(opts)+1)
	out = append(out, opts...)
	return append(out, client.WithTimeout(client.DefaultTimeout))
}

// Call replaces the caller's timeout option through a helper.
func Call(ctx context.Context, opts ...client.Option) error {
	return client.Do(ctx, withDefault(opts)...)
}
