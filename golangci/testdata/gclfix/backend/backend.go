// Package backend is the remote service the fixture calls.
package backend

import "context"

// Client calls the backend.
type Client struct{}

// Get fetches key within ctx's deadline.
func (c *Client) Get(ctx context.Context, key string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	return key, nil
}
