package wiretest

import (
	"context"
	"testing"

	"timeoutflow/wired/api"
)

func TestServer(t *testing.T) {
	_ = InitializeServer().Handle(context.Background(), &api.Req{})
}
