// Package sipclient is the client of the SIP node's RPC service.
package sipclient

import (
	"context"
	"strconv"
	"time"

	"github.com/ctxtimeout/dialer-example/rpc"
)

// DialMethod is the RPC method that dials a callee.
const DialMethod = "SIP.Dial"

// Metadata keys of errors returned by Dial.
const (
	// MetaSIPStatus is the final SIP status code of a rejected call.
	MetaSIPStatus = "sip_status"
	// MetaSIPReason is the reason phrase of that status.
	MetaSIPReason = "sip_reason"
)

// DialRequest asks the SIP node to call a number through a trunk and join the
// callee to a room.
type DialRequest struct {
	TrunkID string `json:"trunk_id"`
	// TrunkAddress is the host:port of the trunk's SIP peer (UDP).
	TrunkAddress        string `json:"trunk_address"`
	Number              string `json:"number"`
	RoomName            string `json:"room_name"`
	ParticipantIdentity string `json:"participant_identity"`
	// RingingTimeout is how long the callee may ring before the call is
	// cancelled.
	RingingTimeout time.Duration `json:"ringing_timeout"`
}

// DialResponse describes an answered call.
type DialResponse struct {
	SIPCallID  string    `json:"sip_call_id"`
	AnsweredAt time.Time `json:"answered_at"`
}

// Client calls the SIP node.
type Client struct {
	rpc *rpc.Client
}

// New returns a client that sends calls through c.
func New(c *rpc.Client) *Client {
	return &Client{rpc: c}
}

// Dial places a call and, when ctx and the request options allow, waits
// until it is answered. Rejections come back as *rpc.Error with code
// rpc.CodeRejected and the SIP status in MetaSIPStatus (see SIPStatus).
func (c *Client) Dial(ctx context.Context, req *DialRequest, opts ...rpc.RequestOption) (*DialResponse, error) {
	var resp DialResponse
	if err := c.rpc.Call(ctx, DialMethod, req, &resp, opts...); err != nil {
		return nil, err
	}
	return &resp, nil
}

// SIPStatus returns the final SIP status of a call that err reports as
// rejected, or 0.
func SIPStatus(err error) int {
	n, convErr := strconv.Atoi(rpc.MetaOf(err, MetaSIPStatus))
	if convErr != nil {
		return 0
	}
	return n
}
