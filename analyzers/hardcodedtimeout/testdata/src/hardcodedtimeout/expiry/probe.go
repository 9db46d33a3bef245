package expiry

import (
	"context"
	"errors"
	"log"
	"time"
)

// fetchToken probes for a session token: its 1s bound's expiry means
// "no token service here", and its only caller falls back. No finding.
func fetchToken(ctx context.Context, c Conn) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	var tok string
	err := c.Invoke(ctx, "/meta/Token", nil, &tok)
	return tok, err
}

// Credentials treats the probe's expiry as an answer: only other errors
// fail.
func Credentials(ctx context.Context, c Conn) (string, error) {
	tok, err := fetchToken(ctx, c)
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return "", err
	}
	var creds string
	return tok + creds, c.Invoke(ctx, "/meta/Credentials", tok, &creds)
}

// fetchRole is the same probe, but its caller fails on every error,
// the expiry included: the fixed bound caps the caller's deadline.
func fetchRole(ctx context.Context, c Conn) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second) // want `^caller's deadline may be capped by fixed 1s via context.WithTimeout in fetchRole: `
	defer cancel()
	var role string
	err := c.Invoke(ctx, "/meta/Role", nil, &role)
	return role, err
}

// Role propagates every error of the probe.
func Role(ctx context.Context, c Conn) (string, error) {
	role, err := fetchRole(ctx, c)
	if err != nil {
		return "", err
	}
	return role, nil
}

// Response is a certificate status.
type Response struct{ Good bool }

// contactResponders asks a responder for a status and soft-fails: it has
// no error to report, a responder that does not answer within 5s means
// "no answer", and the caller's work goes on without it. No finding.
func contactResponders(ctx context.Context, c Conn) *Response {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	var r Response
	if err := c.Invoke(ctx, "/ocsp/Status", nil, &r); err != nil {
		return nil
	}
	return &r
}

// Verify uses the soft-failing responder query.
func Verify(ctx context.Context, c Conn) error {
	if r := contactResponders(ctx, c); r != nil && !r.Good {
		return errors.New("revoked")
	}
	return nil
}

// queryResponders is the same query with an error result: its expiry
// fails the caller's verification, so the bound caps the caller's
// deadline.
func queryResponders(ctx context.Context, c Conn) (*Response, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second) // want `^caller's deadline may be capped by fixed 5s via context.WithTimeout in queryResponders: `
	defer cancel()
	var r Response
	err := c.Invoke(ctx, "/ocsp/Status", nil, &r)
	return &r, err
}

// VerifyStrict fails when the responder query fails.
func VerifyStrict(ctx context.Context, c Conn) error {
	r, err := queryResponders(ctx, c)
	if err != nil {
		return err
	}
	if !r.Good {
		return errors.New("revoked")
	}
	return nil
}

// DoCase is a test-driver step: it reports failure by ending the program,
// never to a caller. No finding.
func DoCase(ctx context.Context, c Conn) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := c.Invoke(ctx, "/svc/Case", nil, nil); err != nil {
		log.Fatalf("case failed: %v", err)
	}
}

// Attempt bounds one attempt inside a closure with no error result: the
// enclosing function returns the attempt's error, so the cap fails the
// caller's work.
func Attempt(ctx context.Context, c Conn) error {
	var err error
	run := func() {
		ctx, cancel := context.WithTimeout(ctx, time.Second) // want `^caller's deadline may be capped by fixed 1s via context.WithTimeout in Attempt \(closure\): `
		defer cancel()
		err = c.Invoke(ctx, "/svc/Attempt", nil, nil)
	}
	run()
	return err
}
