package memoryrelay

import (
	"errors"
	"net"
	"strings"
	"testing"
	"time"
)

// asError asserts err is an *Error with the code (via errors.As and errors.Is) and returns it.
func asError(t *testing.T, err error, code Code, sentinel error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want *Error %s, got %T %v", code, err, err)
	}
	if e.Code != code || !errors.Is(err, sentinel) {
		t.Fatalf("want %s, got %s: %v", code, e.Code, err)
	}
	if e.Kind != strings.ToLower(code.String()) {
		t.Fatalf("kind %q for %s", e.Kind, code)
	}
	for _, other := range []error{ErrInvalidArgument, ErrAuthentication, ErrForbidden, ErrNotFound, ErrValidation,
		ErrRateLimited, ErrConflict, ErrAPI, ErrNetwork, ErrTimeout, ErrCancelled, ErrInternal} {
		if other != sentinel && errors.Is(err, other) {
			t.Fatalf("%v also matches %v", err, other)
		}
	}
	return e
}

func TestErrorInvalidArgument(t *testing.T) {
	c := newTestClient(t)
	_, err := c.Memories.Create(bg(), MemoryCreateParams{AgentID: "a"})
	e := asError(t, err, CodeInvalidArgument, ErrInvalidArgument)
	if e.Status != 0 || !strings.Contains(e.Message, "content") || e.Method != "memories.create" {
		t.Fatalf("%+v", e)
	}
}

func TestErrorAuthentication(t *testing.T) {
	c := newTestClient(t, WithAPIKey("mem_wrong_key"))
	_, err := c.Agents.List(bg(), AgentListParams{})
	e := asError(t, err, CodeAuthentication, ErrAuthentication)
	if e.Status != 401 || e.RequestID == "" || e.Body == "" {
		t.Fatalf("%+v", e)
	}
	// No key at all: construction fails (the environment fallback is empty).
	t.Setenv("MEMORYRELAY_API_KEY", "")
	_, err = NewClient(WithBaseURL(srv.url))
	asError(t, err, CodeAuthentication, ErrAuthentication)
}

func TestErrorEnvironmentFallback(t *testing.T) {
	t.Setenv("MEMORYRELAY_API_KEY", testKey1)
	t.Setenv("MEMORYRELAY_API_URL", srv.url)
	c, err := NewClient()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Agents.List(bg(), AgentListParams{Limit: 1}); err != nil {
		t.Fatalf("env fallback: %v", err)
	}
}

func TestErrorForbidden(t *testing.T) {
	c := newTestClient(t)
	withFaults(t, []faultRule{{Path: "/v1/agents", Method: "GET", Action: "status", Status: 403}}, func() {
		_, err := c.Agents.List(bg(), AgentListParams{})
		e := asError(t, err, CodeForbidden, ErrForbidden)
		if e.Status != 403 {
			t.Fatalf("%+v", e)
		}
	})
}

func TestErrorNotFound(t *testing.T) {
	c := newTestClient(t)
	_, err := c.Memories.Get(bg(), "00000000-0000-4000-8000-000000000000")
	e := asError(t, err, CodeNotFound, ErrNotFound)
	if e.Status != 404 || e.Message == "" || e.RequestID == "" {
		t.Fatalf("%+v", e)
	}
	// Another account's resource is missing too.
	other := newTestClient(t, WithAPIKey(testKey2))
	m, err := other.Memories.Create(bg(), MemoryCreateParams{AgentID: uniq("go-other"), Content: "private"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Memories.Get(bg(), m.ID)
	asError(t, err, CodeNotFound, ErrNotFound)
}

func TestErrorValidation(t *testing.T) {
	c := newTestClient(t)
	_, err := c.Memories.List(bg(), MemoryListParams{AgentID: uniq("go-val"), Limit: 1000})
	e := asError(t, err, CodeValidation, ErrValidation)
	if e.Status != 422 || len(e.Details) == 0 || e.Details[0].Msg == "" || len(e.Details[0].Loc) != 2 ||
		e.Details[0].Loc[1] != "limit" {
		t.Fatalf("%+v", e)
	}
}

func TestErrorRateLimited(t *testing.T) {
	c := newTestClient(t, WithMaxRetries(0))
	agent := uniq("go-rl")
	path := "/v1/agents/" + agent
	withFaults(t, []faultRule{{Path: path, Method: "GET", Action: "status", Status: 429, RetryAfter: "7"}}, func() {
		_, err := c.Agents.Get(bg(), agent)
		e := asError(t, err, CodeRateLimited, ErrRateLimited)
		if e.Status != 429 || e.RetryAfter == nil || *e.RetryAfter != 7*time.Second {
			t.Fatalf("%+v", e)
		}
	})
	// A Retry-After above the cap fails at once even with retries left.
	c2 := newTestClient(t, WithMaxRetryAfter(time.Second))
	hits := withFaults(t, []faultRule{{Path: path, Method: "GET", Count: 3, Action: "status", Status: 429, RetryAfter: "120"}}, func() {
		start := time.Now()
		_, err := c2.Agents.Get(bg(), agent)
		e := asError(t, err, CodeRateLimited, ErrRateLimited)
		if *e.RetryAfter != 120*time.Second || time.Since(start) > 5*time.Second {
			t.Fatalf("%+v", e)
		}
	})
	if hits["GET "+path] != 1 {
		t.Fatalf("hits %v", hits)
	}
}

func TestErrorConflict(t *testing.T) {
	c := newTestClient(t)
	name := uniq("go-dup")
	if _, err := c.Agents.Create(bg(), AgentCreateParams{Name: name}); err != nil {
		t.Fatal(err)
	}
	_, err := c.Agents.Create(bg(), AgentCreateParams{Name: name})
	e := asError(t, err, CodeConflict, ErrConflict)
	if e.Status != 409 {
		t.Fatalf("%+v", e)
	}
}

func TestErrorAPIAfterRetries(t *testing.T) {
	c := newTestClient(t, WithMaxRetries(1))
	agent := uniq("go-5xx")
	path := "/v1/agents/" + agent
	hits := withFaults(t, []faultRule{{Path: path, Action: "status", Status: 503, Count: 2, RetryAfter: "0"}}, func() {
		_, err := c.Agents.Get(bg(), agent)
		e := asError(t, err, CodeAPI, ErrAPI)
		if e.Status != 503 {
			t.Fatalf("%+v", e)
		}
	})
	if hits["GET "+path] != 2 { // one attempt + one retry
		t.Fatalf("hits %v", hits)
	}
}

func TestErrorNetwork(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there any more: connection refused
	c, err := NewClient(WithAPIKey(testKey1), WithBaseURL("http://"+addr), WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, err = c.Agents.List(bg(), AgentListParams{})
	e := asError(t, err, CodeNetwork, ErrNetwork)
	if e.Status != 0 {
		t.Fatalf("%+v", e)
	}
}

func TestErrorTimeout(t *testing.T) {
	c := newTestClient(t, WithTimeout(200*time.Millisecond), WithMaxRetries(0))
	agent := uniq("go-slow")
	path := "/v1/agents/" + agent
	withFaults(t, []faultRule{{Path: path, Action: "delay", DelayMs: 2000}}, func() {
		start := time.Now()
		_, err := c.Agents.Get(bg(), agent)
		asError(t, err, CodeTimeout, ErrTimeout)
		if d := time.Since(start); d > 1500*time.Millisecond {
			t.Fatalf("timeout took %v", d)
		}
	})
}

// TestErrorCancelledByClose: a call in flight when the client is closed ends with CANCELLED
// (and ErrClosed); a call after Close fails without reaching the library.
func TestErrorCancelledByClose(t *testing.T) {
	c, err := NewClient(WithAPIKey(testKey1), WithBaseURL(srv.url))
	if err != nil {
		t.Fatal(err)
	}
	agent := uniq("go-close")
	path := "/v1/agents/" + agent
	withFaults(t, []faultRule{{Path: path, Action: "delay", DelayMs: 3000}}, func() {
		done := make(chan error, 1)
		go func() {
			_, err := c.Agents.Get(bg(), agent)
			done <- err
		}()
		time.Sleep(300 * time.Millisecond) // let the request reach the server
		start := time.Now()
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
		err := <-done
		if d := time.Since(start); d > time.Second {
			t.Fatalf("close took %v", d)
		}
		asError(t, err, CodeCancelled, ErrCancelled)
		if !errors.Is(err, ErrClosed) {
			t.Fatalf("not ErrClosed: %v", err)
		}
	})
	_, err = c.Agents.Get(bg(), agent)
	asError(t, err, CodeInvalidArgument, ErrInvalidArgument)
	if !errors.Is(err, ErrClosed) {
		t.Fatalf("after close: %v", err)
	}
	if err := c.Close(); err != nil { // idempotent
		t.Fatal(err)
	}
}

func TestErrorMessageFormat(t *testing.T) {
	e := &Error{Code: CodeNotFound, Status: 404, Message: "Memory not found", RequestID: "req_1"}
	if got := e.Error(); got != "memoryrelay: NOT_FOUND (HTTP 404): Memory not found [req_1]" {
		t.Fatal(got)
	}
	if Code(99).String() != "Code(99)" || CodeRateLimited.String() != "RATE_LIMITED" {
		t.Fatal("code names")
	}
}
