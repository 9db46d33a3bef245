// Package api is the public HTTP+JSON API of the dialer. Its
// CreateSIPParticipant call dials a phone number through a SIP trunk and
// joins the callee to a room.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/ctxtimeout/dialer-example/rpc"
	"github.com/ctxtimeout/dialer-example/sipclient"
)

const (
	// DefaultRingingTimeout applies when a request sets no ringing_timeout.
	DefaultRingingTimeout = 30 * time.Second
	// MaxRingingTimeout is the longest ringing_timeout accepted.
	MaxRingingTimeout = 80 * time.Second

	// CreateSIPParticipantPath is the route of CreateSIPParticipant.
	CreateSIPParticipantPath = "/v1/sip/participants"

	maxRequestBytes = 64 << 10
)

var phoneNumber = regexp.MustCompile(`^\+?[0-9]{3,15}$`)

// Trunk is an outbound SIP trunk.
type Trunk struct {
	ID string
	// Address is the host:port of the trunk's SIP peer (UDP).
	Address string
}

// CreateSIPParticipantRequest is the body of CreateSIPParticipant.
type CreateSIPParticipantRequest struct {
	SIPTrunkID          string `json:"sip_trunk_id"`
	SIPCallTo           string `json:"sip_call_to"`
	RoomName            string `json:"room_name"`
	ParticipantIdentity string `json:"participant_identity"`
	// WaitUntilAnswered holds the request open until the callee answers
	// (200) or the ringing timeout passes (408).
	WaitUntilAnswered bool `json:"wait_until_answered"`
	// RingingTimeout is a Go duration string such as "30s" or "1m15s";
	// DefaultRingingTimeout when empty.
	RingingTimeout string `json:"ringing_timeout,omitempty"`
}

// SIPParticipantInfo is the response of CreateSIPParticipant.
type SIPParticipantInfo struct {
	ParticipantID       string `json:"participant_id"`
	ParticipantIdentity string `json:"participant_identity"`
	RoomName            string `json:"room_name"`
	// SIPCallID is set when the call was answered (sync mode).
	SIPCallID string `json:"sip_call_id,omitempty"`
	// Status is "answered" (sync mode) or "dialing" (async mode).
	Status string `json:"status"`
}

// ErrorResponse is the body of every non-2xx response.
type ErrorResponse struct {
	// Code is a stable machine-readable reason: invalid_request,
	// unknown_trunk, no_answer, busy, declined, rejected, unavailable,
	// internal.
	Code    string `json:"code"`
	Message string `json:"error"`
	// SIPStatus is the callee's final SIP status when it rejected the call.
	SIPStatus int `json:"sip_status,omitempty"`
}

// Server serves the API.
type Server struct {
	sip    *sipclient.Client
	trunks map[string]Trunk
	log    *slog.Logger

	ids        sync.Mutex
	nextID     int
	background sync.WaitGroup
}

// Config configures a Server.
type Config struct {
	// SIPNodeAddr is the host:port of the SIP node's RPC server.
	SIPNodeAddr string
	Trunks      []Trunk
	// TracerProvider traces the internal RPC calls; a no-op provider when
	// nil.
	TracerProvider trace.TracerProvider
	Logger         *slog.Logger
}

// NewServer returns an API server. Its SIP client is built from the shared
// client parameters of the internal RPC framework.
func NewServer(cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.TracerProvider == nil {
		cfg.TracerProvider = noop.NewTracerProvider()
	}
	s := &Server{
		sip:    sipclient.New(rpc.NewClient(cfg.SIPNodeAddr, rpc.SharedClientParams(cfg.TracerProvider)...)),
		trunks: make(map[string]Trunk, len(cfg.Trunks)),
		log:    cfg.Logger.With("component", "api"),
	}
	for _, t := range cfg.Trunks {
		s.trunks[t.ID] = t
	}
	return s
}

// Handler returns the HTTP handler of the API.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+CreateSIPParticipantPath, s.CreateSIPParticipant)
	return mux
}

// Wait waits until the calls dialed in the background (async mode) have
// finished, or ctx ends.
func (s *Server) Wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		s.background.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("waiting for background calls: %w", ctx.Err())
	}
}

// CreateSIPParticipant dials req.SIPCallTo. In sync mode it answers when the
// callee picks up (200) or the ringing timeout passes (408); in async mode it
// answers at once and dials in the background.
func (s *Server) CreateSIPParticipant(w http.ResponseWriter, r *http.Request) {
	var req CreateSIPParticipantRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxRequestBytes))
	if err := dec.Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, ErrorResponse{Code: "invalid_request", Message: "invalid JSON body: " + err.Error()})
		return
	}
	ringing, trunk, errResp := s.validate(&req)
	if errResp != nil {
		status := http.StatusBadRequest
		if errResp.Code == "unknown_trunk" {
			status = http.StatusNotFound
		}
		writeError(w, status, *errResp)
		return
	}

	info := SIPParticipantInfo{
		ParticipantID:       s.newParticipantID(),
		ParticipantIdentity: req.ParticipantIdentity,
		RoomName:            req.RoomName,
	}
	dialReq := &sipclient.DialRequest{
		TrunkID:             trunk.ID,
		TrunkAddress:        trunk.Address,
		Number:              req.SIPCallTo,
		RoomName:            req.RoomName,
		ParticipantIdentity: req.ParticipantIdentity,
		RingingTimeout:      ringing,
	}
	log := s.log.With("participant_id", info.ParticipantID, "number", req.SIPCallTo, "ringing_timeout", ringing)

	if !req.WaitUntilAnswered {
		// The call outlives this request: dial on a context that keeps the
		// request's values but not its cancellation, bounded by the user's
		// ringing timeout.
		s.background.Add(1)
		go func() {
			defer s.background.Done()
			ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), ringing)
			defer cancel()
			if _, err := s.sip.Dial(ctx, dialReq, rpc.WithRequestTimeout(ringing)); err != nil {
				log.Info("background call not answered", "error", err)
				return
			}
			log.Info("background call answered")
		}()
		info.Status = "dialing"
		writeJSON(w, http.StatusOK, info)
		return
	}

	ctx, cancel := context.WithTimeout(r.Context(), ringing)
	defer cancel()
	start := time.Now()
	resp, err := s.sip.Dial(ctx, dialReq, rpc.WithRequestTimeout(ringing))
	if err != nil {
		status, body := dialFailure(err, ringing)
		log.Info("call not answered", "after", time.Since(start).Round(time.Millisecond), "status", status, "error", err)
		writeError(w, status, body)
		return
	}
	log.Info("call answered", "after", time.Since(start).Round(time.Millisecond))
	info.SIPCallID = resp.SIPCallID
	info.Status = "answered"
	writeJSON(w, http.StatusOK, info)
}

func (s *Server) validate(req *CreateSIPParticipantRequest) (time.Duration, Trunk, *ErrorResponse) {
	invalid := func(format string, args ...any) (time.Duration, Trunk, *ErrorResponse) {
		return 0, Trunk{}, &ErrorResponse{Code: "invalid_request", Message: fmt.Sprintf(format, args...)}
	}
	req.SIPCallTo = strings.TrimSpace(req.SIPCallTo)
	switch {
	case req.SIPCallTo == "":
		return invalid("sip_call_to is required")
	case !phoneNumber.MatchString(req.SIPCallTo):
		return invalid("sip_call_to %q is not a phone number", req.SIPCallTo)
	case req.RoomName == "":
		return invalid("room_name is required")
	case req.SIPTrunkID == "":
		return invalid("sip_trunk_id is required")
	}
	if req.ParticipantIdentity == "" {
		req.ParticipantIdentity = "sip_" + req.SIPCallTo
	}

	ringing := DefaultRingingTimeout
	if req.RingingTimeout != "" {
		d, err := time.ParseDuration(req.RingingTimeout)
		if err != nil {
			return invalid("ringing_timeout %q is not a duration such as \"30s\"", req.RingingTimeout)
		}
		if d <= 0 || d > MaxRingingTimeout {
			return invalid("ringing_timeout %s is out of range (0s, %s]", d, MaxRingingTimeout)
		}
		ringing = d
	}

	trunk, ok := s.trunks[req.SIPTrunkID]
	if !ok {
		return 0, Trunk{}, &ErrorResponse{Code: "unknown_trunk", Message: fmt.Sprintf("unknown sip_trunk_id %q", req.SIPTrunkID)}
	}
	return ringing, trunk, nil
}

func (s *Server) newParticipantID() string {
	s.ids.Lock()
	defer s.ids.Unlock()
	s.nextID++
	return fmt.Sprintf("PA_%06d", s.nextID)
}

// dialFailure maps a failed dial to an HTTP status and error body:
//
//	not answered in time     408 no_answer
//	486 Busy Here / 600      409 busy
//	603 Decline              409 declined
//	other SIP rejection      502 rejected
//	SIP node unreachable     503 unavailable
//	anything else            500 internal
func dialFailure(err error, ringing time.Duration) (int, ErrorResponse) {
	msg := err.Error()
	var re *rpc.Error
	if errors.As(err, &re) {
		msg = re.Message
	}
	switch rpc.CodeOf(err) {
	case rpc.CodeDeadlineExceeded:
		return http.StatusRequestTimeout, ErrorResponse{Code: "no_answer",
			Message: fmt.Sprintf("callee did not answer (ringing_timeout %s): %s", ringing, msg)}
	case rpc.CodeRejected:
		sipStatus := sipclient.SIPStatus(err)
		switch sipStatus {
		case 486, 600:
			return http.StatusConflict, ErrorResponse{Code: "busy", Message: msg, SIPStatus: sipStatus}
		case 603:
			return http.StatusConflict, ErrorResponse{Code: "declined", Message: msg, SIPStatus: sipStatus}
		}
		return http.StatusBadGateway, ErrorResponse{Code: "rejected", Message: msg, SIPStatus: sipStatus}
	case rpc.CodeUnavailable:
		return http.StatusServiceUnavailable, ErrorResponse{Code: "unavailable", Message: msg}
	case rpc.CodeInvalidArgument:
		return http.StatusBadRequest, ErrorResponse{Code: "invalid_request", Message: msg}
	}
	return http.StatusInternalServerError, ErrorResponse{Code: "internal", Message: msg}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, body ErrorResponse) {
	writeJSON(w, status, body)
}
