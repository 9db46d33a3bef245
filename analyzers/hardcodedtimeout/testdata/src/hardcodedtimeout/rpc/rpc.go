// Package rpc: fixed bounds around gRPC, connect and twirp client calls.
package rpc

import (
	"context"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

type DialRequest struct{ To string }
type DialResponse struct{}

// SIPClient is a generated gRPC client.
type SIPClient interface {
	Dial(ctx context.Context, in *DialRequest, opts ...grpc.CallOption) (*DialResponse, error)
}

// Haberdasher is a generated twirp client.
type Haberdasher interface {
	MakeHat(ctx context.Context, in *DialRequest) (*DialResponse, error)
}

type API struct {
	sip  SIPClient
	cc   *grpc.ClientConn
	hats Haberdasher
	cn   *connect.Client[DialRequest, DialResponse]
}

func (a *API) Generated(ctx context.Context, to string) error {
	ctx = metadata.NewOutgoingContext(ctx, metadata.Pairs("k", "v"))
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second) // want `^caller's deadline may be capped by fixed 3s via context.WithTimeout in \(\*API\).Generated: apply it only when the caller set no deadline \(ctx.Deadline\(\)\) or let the caller configure it$`
	defer cancel()
	_, err := a.sip.Dial(ctx, &DialRequest{To: to}, grpc.WaitForReady(true))
	return err
}

func (a *API) Invoke(ctx context.Context, to string) error {
	ictx, cancel := context.WithTimeout(ctx, 4*time.Second) // want `^caller's deadline may be capped by fixed 4s via context.WithTimeout in \(\*API\).Invoke: apply it only when the caller set no deadline \(ctx.Deadline\(\)\) or let the caller configure it$`
	defer cancel()
	return a.cc.Invoke(ictx, "/sip.SIP/Dial", &DialRequest{To: to}, &DialResponse{})
}

func (a *API) Connect(ctx context.Context, to string) error {
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second) // want `^caller's deadline may be capped by fixed 5s via context.WithTimeout in \(\*API\).Connect: apply it only when the caller set no deadline \(ctx.Deadline\(\)\) or let the caller configure it$`
	defer cancel()
	_, err := a.cn.CallUnary(cctx, connect.NewRequest(&DialRequest{To: to}))
	return err
}

func (a *API) Twirp(ctx context.Context, to string) error {
	tctx, cancel := context.WithTimeout(ctx, 6*time.Second) // want `^caller's deadline may be capped by fixed 6s via context.WithTimeout in \(\*API\).Twirp: apply it only when the caller set no deadline \(ctx.Deadline\(\)\) or let the caller configure it$`
	defer cancel()
	_, err := a.hats.MakeHat(tctx, &DialRequest{To: to})
	return err
}

// Negative neighbours: streams.

type SIP_WatchServer interface {
	grpc.ServerStream
	Send(*DialResponse) error
}

// Watch is a server-streaming handler: per-message bounds are not the
// caller's budget.
func (a *API) Watch(req *DialRequest, stream SIP_WatchServer) error {
	ctx, cancel := context.WithTimeout(stream.Context(), time.Minute)
	defer cancel()
	_, err := a.sip.Dial(ctx, req)
	return err
}

func (a *API) Tail(ctx context.Context, stream *connect.Request[DialRequest], out grpc.ClientStream) error {
	sctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	_, err := a.sip.Dial(sctx, stream.Msg)
	return err
}
