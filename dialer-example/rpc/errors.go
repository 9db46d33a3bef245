package rpc

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// Code classifies an RPC error. It travels on the wire.
type Code string

// Error codes.
const (
	CodeUnknown          Code = "unknown"
	CodeCanceled         Code = "canceled"
	CodeDeadlineExceeded Code = "deadline_exceeded"
	CodeInvalidArgument  Code = "invalid_argument"
	CodeNotFound         Code = "not_found"
	CodeUnavailable      Code = "unavailable"
	CodeInternal         Code = "internal"
	// CodeRejected is a definitive refusal by the far end (for example a
	// callee that is busy or declines). Meta says why.
	CodeRejected Code = "rejected"
)

// Error is the error type of the framework. Servers return it to choose the
// code the client sees; clients receive it for every failed call.
type Error struct {
	Code    Code              `json:"code"`
	Message string            `json:"message"`
	Meta    map[string]string `json:"meta,omitempty"`

	cause error
}

// Errorf returns an *Error with a formatted message. A %w verb is kept as the
// error's cause, so errors.Is sees through it.
func Errorf(code Code, format string, args ...any) *Error {
	err := fmt.Errorf(format, args...)
	return &Error{Code: code, Message: err.Error(), cause: errors.Unwrap(err)}
}

// WithMeta returns a copy of e with key set to value in its metadata.
func (e *Error) WithMeta(key, value string) *Error {
	c := *e
	c.Meta = make(map[string]string, len(e.Meta)+1)
	for k, v := range e.Meta {
		c.Meta[k] = v
	}
	c.Meta[key] = value
	return &c
}

func (e *Error) Error() string {
	return string(e.Code) + ": " + e.Message
}

// Unwrap returns the local cause of the error, if any. Causes do not travel
// on the wire.
func (e *Error) Unwrap() error { return e.cause }

// CodeOf returns the code of err: the code of an *Error in its chain, or a
// code derived from a context error.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var re *Error
	if errors.As(err, &re) {
		return re.Code
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return CodeDeadlineExceeded
	case errors.Is(err, context.Canceled):
		return CodeCanceled
	}
	return CodeUnknown
}

// MetaOf returns the metadata value for key of the *Error in err's chain.
func MetaOf(err error, key string) string {
	var re *Error
	if errors.As(err, &re) {
		return re.Meta[key]
	}
	return ""
}

// asError converts any handler error into an *Error for the wire.
func asError(err error) *Error {
	var re *Error
	if errors.As(err, &re) {
		return re
	}
	return &Error{Code: CodeOf(err), Message: err.Error()}
}

func (c Code) httpStatus() int {
	switch c {
	case CodeInvalidArgument:
		return http.StatusBadRequest
	case CodeNotFound:
		return http.StatusNotFound
	case CodeDeadlineExceeded:
		return http.StatusGatewayTimeout
	case CodeCanceled:
		return 499 // client closed request
	case CodeUnavailable:
		return http.StatusServiceUnavailable
	case CodeRejected:
		return http.StatusConflict
	default:
		return http.StatusInternalServerError
	}
}
