// Command pfetch is fetch written with cobra and pflag.
package main

import (
	"context"
	"log"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"timeoutflow/forms/client"
)

var (
	timeout = pflag.DurationP("timeout", "t", 30*time.Second, "how long the query may take")
	wait    time.Duration
)

func main() {
	cmd := &cobra.Command{Use: "pfetch", RunE: run}
	cmd.Flags().DurationVar(&wait, "wait", 20*time.Second, "how long to wait for a row")
	pflag.Parse()
	if err := cmd.ExecuteContext(context.Background()); err != nil {
		log.Fatal(err)
	}
}

func run(cmd *cobra.Command, args []string) error {
	ctx, cancel := context.WithTimeout(context.Background(), *timeout) // want `^the -timeout flag \(default 30s\) is capped at 2s \(AttemptTimeout, client/client.go:\d+\) via main.run → client.Retry: `
	defer cancel()
	if err := client.Retry(ctx, "select 1"); err != nil {
		return err
	}
	return poll()
}

func poll() error {
	wctx, wcancel := context.WithTimeout(context.Background(), wait) // want `^the -wait flag \(default 20s\) is capped at 2s \(AttemptTimeout, client/client.go:\d+\) via main.poll → client.Retry: `
	defer wcancel()
	return client.Retry(wctx, "select 2")
}
