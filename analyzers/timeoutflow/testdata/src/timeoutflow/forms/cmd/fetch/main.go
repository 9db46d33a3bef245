// Command fetch runs one query with the budget its -timeout flag sets.
package main

import (
	"context"
	"flag"
	"log"
	"time"

	"timeoutflow/forms/client"
)

var timeout = flag.Duration("timeout", 30*time.Second, "how long the query may take")

var deadline time.Duration

// quick is never longer than the 2s attempt bound.
var quick = flag.Duration("quick", time.Second, "a quick probe")

func init() {
	flag.DurationVar(&deadline, "deadline", time.Minute, "how long the whole run may take")
}

func main() {
	flag.Parse()
	if err := run(); err != nil {
		log.Fatal(err)
	}
	if err := runVar(); err != nil {
		log.Fatal(err)
	}
	if err := runLocal(); err != nil {
		log.Fatal(err)
	}
	if err := probe(); err != nil {
		log.Fatal(err)
	}
	if err := runRemaining(); err != nil {
		log.Fatal(err)
	}
	if err := runFixed(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	ctx, cancel := context.WithTimeout(context.Background(), *timeout) // want `^the -timeout flag \(default 30s\) is capped at 2s \(AttemptTimeout, client/client.go:\d+\) via main.run → client.Retry: `
	defer cancel()
	return client.Retry(ctx, "select 1")
}

func runVar() error {
	ctx, cancel := context.WithTimeout(context.Background(), deadline) // want `^the -deadline flag \(default 1m\) is capped at 2s \(AttemptTimeout, client/client.go:\d+\) via main.runVar → client.Retry: `
	defer cancel()
	return client.Retry(ctx, "select 1")
}

func runLocal() error {
	fs := flag.NewFlagSet("local", flag.ContinueOnError)
	wait := fs.Duration("wait", 10*time.Second, "how long to wait")
	if err := fs.Parse(nil); err != nil {
		return err
	}
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(*wait)) // want `^the -wait flag \(default 10s\) is capped at 2s \(AttemptTimeout, client/client.go:\d+\) via main.runLocal → client.Retry: `
	defer cancel()
	return client.Retry(ctx, "select 1")
}

// probe: the flag's value (1s by default) is within the 2s bound.
func probe() error {
	ctx, cancel := context.WithTimeout(context.Background(), *quick)
	defer cancel()
	return client.Retry(ctx, "select 1")
}

// runRemaining: each attempt takes its share of the remaining budget.
func runRemaining() error {
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	return client.RetryRemaining(ctx, "select 1")
}

// runFixed: a fixed budget is nobody's choice at run time.
func runFixed() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return client.Retry(ctx, "select 1")
}
