package rpc

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// newTestServer is NewServer with a silent logger.
func newTestServer(opts ...ServerOption) *Server {
	return NewServer(append([]ServerOption{WithServerLogger(slog.New(slog.DiscardHandler))}, opts...)...)
}

func decodeJSON(resp *http.Response, v any) error {
	return json.NewDecoder(resp.Body).Decode(v)
}

func readAll(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return data
}
