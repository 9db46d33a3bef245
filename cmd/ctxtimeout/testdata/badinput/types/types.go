// Package types does not type-check.
package types

import (
	"context"
	"time"
)

func Call(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	return notDeclared(ctx)
}
