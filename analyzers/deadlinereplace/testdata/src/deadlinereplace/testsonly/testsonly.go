// Package testsonly has its hazards only in a _test.go file.
package testsonly

import "context"

// Invoker performs one call.
type Invoker func(ctx context.Context, req any, opts ...Option) error

// Option is a call option.
type Option func()
