// Package testutil is test support by its path (internal/testutil), without
// importing "testing": its fakes drive the code under test from a root
// context on purpose. handlers.CreateParticipant, the same shape in
// production code, is reported.
package testutil

import "context"

// Dialer is what the fakes drive.
type Dialer interface {
	Dial(ctx context.Context, to string) error
}

// Request is a test's request.
type Request struct {
	To string
}

// FakeService answers like a service, dialing on a fresh root.
type FakeService struct {
	dialer Dialer
}

// CreateParticipant dials on context.Background(): no finding in test
// support.
func (s *FakeService) CreateParticipant(ctx context.Context, req *Request) error {
	return s.dialer.Dial(context.Background(), req.To)
}
