package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServeAndDial runs the command's two modes against each other: serve
// on an ephemeral port, then dial through it, then stop serve by cancelling
// its context as a signal would.
func TestServeAndDial(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	pr, pw := io.Pipe()
	served := make(chan error, 1)
	go func() {
		served <- serve(ctx, []string{"-api-addr", "127.0.0.1:0", "-pickup", "200ms"}, pw, io.Discard)
		pw.Close()
	}()

	var apiURL string
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "API"); ok {
			apiURL = strings.TrimSuffix(strings.TrimSpace(rest), "/v1/sip/participants")
			break
		}
	}
	require.NotEmpty(t, apiURL, "serve prints the API address")
	go func() { _, _ = io.Copy(io.Discard, pr) }()

	var out bytes.Buffer
	require.NoError(t, dial(ctx, []string{"-api", apiURL, "-to", "+15550100", "-ringing", "10s", "-wait"}, &out, io.Discard))
	assert.Regexp(t, `^200 OK after \d+ms\n\{.*"status":"answered"`, out.String())

	out.Reset()
	err := dial(ctx, []string{"-api", apiURL, "-to", "+15550486", "-wait"}, &out, io.Discard)
	assert.EqualError(t, err, "call failed: 409 Conflict")
	assert.Contains(t, out.String(), `"code":"busy"`)

	out.Reset()
	err = dial(ctx, []string{"-api", apiURL, "-ringing", "-1s"}, &out, io.Discard)
	assert.EqualError(t, err, "call failed: 400 Bad Request")

	cancel()
	select {
	case err := <-served:
		assert.NoError(t, err, "graceful shutdown")
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after its context ended")
	}
}

func TestFlagErrors(t *testing.T) {
	t.Parallel()
	assert.Error(t, serve(t.Context(), []string{"-nope"}, io.Discard, io.Discard))
	assert.Error(t, dial(t.Context(), []string{"-ringing", "forever"}, io.Discard, io.Discard))
}
