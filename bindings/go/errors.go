package memoryrelay

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Code is one of the SDK's stable error codes (wire contract §2.3); the numbers are the C ABI's
// mr_status values.
type Code int

// The error codes. CodeOK (0) never appears in an *Error.
const (
	CodeOK              Code = 0
	CodeInvalidArgument Code = 1  // bad or missing params, client-side validation; nothing was sent
	CodeAuthentication  Code = 2  // HTTP 401, or no API key configured
	CodeForbidden       Code = 3  // HTTP 403
	CodeNotFound        Code = 4  // HTTP 404
	CodeValidation      Code = 5  // HTTP 400/422; see Error.Details
	CodeRateLimited     Code = 6  // HTTP 429, or Retry-After above the cap; see Error.RetryAfter
	CodeConflict        Code = 7  // HTTP 409
	CodeAPI             Code = 8  // other HTTP errors (5xx, 3xx), invalid JSON in a 2xx
	CodeNetwork         Code = 9  // transport failure (refused, reset, DNS, TLS)
	CodeTimeout         Code = 10 // the per-attempt timeout expired (after retries)
	CodeCancelled       Code = 11 // the call was cancelled
	CodeInternal        Code = 12 // a bug in the SDK (a caught panic)
)

var codeNames = [...]string{
	"OK", "INVALID_ARGUMENT", "AUTHENTICATION", "FORBIDDEN", "NOT_FOUND", "VALIDATION",
	"RATE_LIMITED", "CONFLICT", "API", "NETWORK", "TIMEOUT", "CANCELLED", "INTERNAL",
}

// String gives the code's upper-case name, e.g. "NOT_FOUND".
func (c Code) String() string {
	if c >= 0 && int(c) < len(codeNames) {
		return codeNames[c]
	}
	return fmt.Sprintf("Code(%d)", int(c))
}

// Sentinels for errors.Is: errors.Is(err, memoryrelay.ErrNotFound) is true for every *Error
// with CodeNotFound. Use errors.As with *Error for the details.
var (
	ErrInvalidArgument error = codeSentinel(CodeInvalidArgument)
	ErrAuthentication  error = codeSentinel(CodeAuthentication)
	ErrForbidden       error = codeSentinel(CodeForbidden)
	ErrNotFound        error = codeSentinel(CodeNotFound)
	ErrValidation      error = codeSentinel(CodeValidation)
	ErrRateLimited     error = codeSentinel(CodeRateLimited)
	ErrConflict        error = codeSentinel(CodeConflict)
	ErrAPI             error = codeSentinel(CodeAPI)
	ErrNetwork         error = codeSentinel(CodeNetwork)
	ErrTimeout         error = codeSentinel(CodeTimeout)
	ErrCancelled       error = codeSentinel(CodeCancelled)
	ErrInternal        error = codeSentinel(CodeInternal)
)

// ErrClosed matches (errors.Is) the error of a call on a closed Client
// (CodeInvalidArgument) and of a call that Close cancelled while it was in flight
// (CodeCancelled).
var ErrClosed = errors.New("memoryrelay: client is closed")

type codeSentinel Code

func (s codeSentinel) Error() string { return "memoryrelay: " + Code(s).String() }

// Error is every SDK failure other than a cancelled or expired context (those return
// ctx.Err()). It mirrors the contract's JSON error object (§2.3).
type Error struct {
	Code       Code           // the stable code
	Kind       string         // the code's lower-case name, e.g. "not_found"
	Message    string         // human-readable; names the offending field for INVALID_ARGUMENT
	Status     int            // HTTP status, 0 when no response was received
	RequestID  string         // the server's request id (X-Request-Id), "" if none
	RetryAfter *time.Duration // from Retry-After, for RATE_LIMITED (and capped retries)
	Details    []ErrorDetail  // the server's field errors (VALIDATION), nil otherwise
	Body       string         // the raw response body, "" if none
	Method     string         // the SDK method, e.g. "memories.get"

	closed bool // the client was closed: errors.Is(err, ErrClosed)
}

// ErrorDetail is one field error of a 422 response: e.g. Loc ["body","content"].
type ErrorDetail struct {
	Loc  []any  `json:"loc"`
	Msg  string `json:"msg"`
	Type string `json:"type"`
}

func (e *Error) Error() string {
	s := "memoryrelay: " + e.Code.String()
	if e.Status != 0 {
		s += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	s += ": " + e.Message
	if e.RequestID != "" {
		s += " [" + e.RequestID + "]"
	}
	return s
}

// Is makes errors.Is(err, ErrNotFound) (and the other sentinels) match by code.
func (e *Error) Is(target error) bool {
	if target == ErrClosed {
		return e.closed
	}
	s, ok := target.(codeSentinel)
	return ok && Code(s) == e.Code
}

// wireError is the C ABI's error document: {"error": {...}}.
type wireError struct {
	Error struct {
		Code       int             `json:"code"`
		Kind       string          `json:"kind"`
		Message    string          `json:"message"`
		Status     *int            `json:"status"`
		RequestID  *string         `json:"request_id"`
		RetryAfter *int64          `json:"retry_after"`
		Details    json.RawMessage `json:"details"`
		Body       *string         `json:"body"`
	} `json:"error"`
}

// decodeError turns the library's error document into an *Error. The status argument is the
// authority for the code; the document fills in the rest.
func decodeError(method string, status int32, doc []byte) error {
	e := &Error{Code: Code(status), Kind: "", Method: method}
	var w wireError
	if err := json.Unmarshal(doc, &w); err != nil {
		e.Message = fmt.Sprintf("%s: undecodable error document: %v", method, err)
		e.Body = string(doc)
	} else {
		d := w.Error
		e.Kind, e.Message = d.Kind, d.Message
		if d.Status != nil {
			e.Status = *d.Status
		}
		if d.RequestID != nil {
			e.RequestID = *d.RequestID
		}
		if d.RetryAfter != nil {
			ra := time.Duration(*d.RetryAfter) * time.Second
			e.RetryAfter = &ra
		}
		if len(d.Details) > 0 && string(d.Details) != "null" {
			// Details come from the server; an unexpected shape is kept in Body only.
			_ = json.Unmarshal(d.Details, &e.Details)
		}
		if d.Body != nil {
			e.Body = *d.Body
		}
	}
	if e.Kind == "" {
		e.Kind = lowerKind(e.Code)
	}
	return e
}

func lowerKind(c Code) string {
	b := []byte(c.String())
	for i, ch := range b {
		if ch >= 'A' && ch <= 'Z' {
			b[i] = ch + ('a' - 'A')
		}
	}
	return string(b)
}

// invalidArgument is an error found in Go before anything reaches the library.
func invalidArgument(method, msg string) error {
	return &Error{Code: CodeInvalidArgument, Kind: "invalid_argument", Message: msg, Method: method}
}

// errClosed is a call on a closed client (INVALID_ARGUMENT: nothing was sent) or, with
// inFlight, a call that Close cancelled (CANCELLED). Both match errors.Is(err, ErrClosed).
func errClosed(method string, inFlight bool) error {
	if inFlight {
		return &Error{Code: CodeCancelled, Kind: "cancelled", Method: method, closed: true,
			Message: method + ": cancelled: the client was closed during the call"}
	}
	return &Error{Code: CodeInvalidArgument, Kind: "invalid_argument", Method: method, closed: true,
		Message: method + ": the client is closed"}
}
