// Command server wires the API to the SQL store, whose every query is
// capped at 2s: the users' waits are cut here.
package main

import (
	"context"

	"timeoutflow/budget/store"
	"timeoutflow/wired/api"
)

func main() {
	srv := api.NewServer(store.SQL{}) // want `^wait timeout req.WaitTimeout is capped at 2s \(QueryTimeout, db/db.go:\d+\) via \(\*api.Server\).Handle → \(store.SQL\).Get → db.Query, with the implementation wired here \(the budget enters at api/api.go:\d+\): `
	_ = srv.Handle(context.Background(), &api.Req{})
}
