// Command wireapp is wired by a generated injector (wire_gen.go): the
// conversion that picks the capping store is in generated code, so the
// finding is reported where the program's own code calls the injector.
package main

import (
	"context"

	"timeoutflow/wired/api"
)

func main() {
	srv := InitializeServer() // want `^wait timeout req.WaitTimeout is capped at 2s \(QueryTimeout, db/db.go:\d+\) via \(\*api.Server\).Handle → \(store.SQL\).Get → db.Query, with the implementation wired by the generated InitializeServer \(wireapp/wire_gen.go:\d+\), called here \(the budget enters at api/api.go:\d+\): `
	serve(srv)
	serve(initializeGuarded()) // the guarded store: nothing is cut
}

func serve(srv *api.Server) { _ = srv.Handle(context.Background(), &api.Req{}) }
