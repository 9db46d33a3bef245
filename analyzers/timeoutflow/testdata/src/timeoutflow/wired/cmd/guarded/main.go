// Command guarded wires the API to a store that respects the caller's
// deadline: nothing is cut.
package main

import (
	"context"

	"timeoutflow/budget/store"
	"timeoutflow/wired/api"
)

func main() {
	srv := api.NewServer(store.Guarded{})
	_ = srv.Handle(context.Background(), &api.Req{})
}
