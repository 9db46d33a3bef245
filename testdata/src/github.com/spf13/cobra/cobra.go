// Package cobra is a minimal stub of github.com/spf13/cobra for analyzer
// tests.
package cobra

import (
	"context"

	"github.com/spf13/pflag"
)

// Command is a CLI command.
type Command struct {
	Use  string
	RunE func(cmd *Command, args []string) error
	Run  func(cmd *Command, args []string)
	ctx  context.Context
	fs   pflag.FlagSet
}

// Flags returns the command's flags.
func (c *Command) Flags() *pflag.FlagSet { return &c.fs }

// Context returns the command's context.
func (c *Command) Context() context.Context { return c.ctx }

// ExecuteContext runs the command.
func (c *Command) ExecuteContext(ctx context.Context) error { c.ctx = ctx; return nil }
