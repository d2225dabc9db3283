package memoryrelay

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// zeroCalls calls every method with zero-value params (or empty ids): each must fail with
// INVALID_ARGUMENT naming the first missing field, without sending anything.
func zeroCalls(c *Client, ctx context.Context) map[string]func() error {
	e := func(_ any, err error) error { return err }
	return map[string]func() error{
		"memories.create `agent_id`":       func() error { return e(c.Memories.Create(ctx, MemoryCreateParams{})) },
		"memories.search `agent_id`":       func() error { return e(c.Memories.Search(ctx, MemorySearchParams{})) },
		"memories.list `agent_id`":         func() error { return e(c.Memories.List(ctx, MemoryListParams{})) },
		"memories.get `memory_id`":         func() error { return e(c.Memories.Get(ctx, "")) },
		"memories.update `memory_id`":      func() error { return e(c.Memories.Update(ctx, MemoryUpdateParams{})) },
		"memories.delete `memory_id`":      func() error { return c.Memories.Delete(ctx, "") },
		"memories.batch_create `agent_id`": func() error { return e(c.Memories.BatchCreate(ctx, MemoryBatchCreateParams{})) },
		"agents.create `name`":             func() error { return e(c.Agents.Create(ctx, AgentCreateParams{})) },
		"agents.get `agent_id`":            func() error { return e(c.Agents.Get(ctx, "")) },
		"agents.update `agent_id`":         func() error { return e(c.Agents.Update(ctx, AgentUpdateParams{})) },
		"agents.delete `agent_id`":         func() error { return c.Agents.Delete(ctx, "") },
		"agents.stats `agent_id`":          func() error { return e(c.Agents.Stats(ctx, "")) },
		"entities.create `agent_id`":       func() error { return e(c.Entities.Create(ctx, EntityCreateParams{})) },
		"entities.list `agent_id`":         func() error { return e(c.Entities.List(ctx, EntityListParams{})) },
		"entities.get `entity_id`":         func() error { return e(c.Entities.Get(ctx, "")) },
		"entities.update `entity_id`":      func() error { return e(c.Entities.Update(ctx, EntityUpdateParams{})) },
		"entities.delete `entity_id`":      func() error { return c.Entities.Delete(ctx, "") },
		"entities.link `entity_id`":        func() error { return e(c.Entities.Link(ctx, EntityLinkParams{})) },
		"sessions.create `agent_id`":       func() error { return e(c.Sessions.Create(ctx, SessionCreateParams{})) },
		"sessions.get_or_create `agent_id`": func() error {
			return e(c.Sessions.GetOrCreate(ctx, SessionGetOrCreateParams{}))
		},
		"sessions.list `agent_id`":        func() error { return e(c.Sessions.List(ctx, SessionListParams{})) },
		"sessions.get `session_id`":       func() error { return e(c.Sessions.Get(ctx, "")) },
		"sessions.end `session_id`":       func() error { return e(c.Sessions.End(ctx, SessionEndParams{})) },
		"sessions.summarize `session_id`": func() error { return e(c.Sessions.Summarize(ctx, "")) },
		"sessions.delete `session_id`":    func() error { return c.Sessions.Delete(ctx, "") },
		"decisions.create `agent_id`":     func() error { return e(c.Decisions.Create(ctx, DecisionCreateParams{})) },
		"decisions.list `agent_id`":       func() error { return e(c.Decisions.List(ctx, DecisionListParams{})) },
		"decisions.get `decision_id`":     func() error { return e(c.Decisions.Get(ctx, "")) },
		"decisions.update `decision_id`":  func() error { return e(c.Decisions.Update(ctx, DecisionUpdateParams{})) },
		"decisions.delete `decision_id`":  func() error { return c.Decisions.Delete(ctx, "") },
		"decisions.check `agent_id`":      func() error { return e(c.Decisions.Check(ctx, DecisionCheckParams{})) },
		"decisions.supersede `decision_id`": func() error {
			return e(c.Decisions.Supersede(ctx, DecisionSupersedeParams{}))
		},
		"projects.create `agent_id`":    func() error { return e(c.Projects.Create(ctx, ProjectCreateParams{})) },
		"projects.list `agent_id`":      func() error { return e(c.Projects.List(ctx, ProjectListParams{})) },
		"projects.get `project_id`":     func() error { return e(c.Projects.Get(ctx, "")) },
		"projects.update `project_id`":  func() error { return e(c.Projects.Update(ctx, ProjectUpdateParams{})) },
		"projects.delete `project_id`":  func() error { return c.Projects.Delete(ctx, "") },
		"projects.context `project_id`": func() error { return e(c.Projects.Context(ctx, "")) },
		"patterns.create `agent_id`":    func() error { return e(c.Patterns.Create(ctx, PatternCreateParams{})) },
		"patterns.search `agent_id`":    func() error { return e(c.Patterns.Search(ctx, PatternSearchParams{})) },
		"patterns.list `agent_id`":      func() error { return e(c.Patterns.List(ctx, PatternListParams{})) },
		"patterns.get `pattern_id`":     func() error { return e(c.Patterns.Get(ctx, "")) },
		"patterns.update `pattern_id`":  func() error { return e(c.Patterns.Update(ctx, PatternUpdateParams{})) },
		"patterns.delete `pattern_id`":  func() error { return c.Patterns.Delete(ctx, "") },
		"patterns.adopt `pattern_id`":   func() error { return e(c.Patterns.Adopt(ctx, PatternAdoptParams{})) },
		"patterns.unadopt `pattern_id`": func() error { return e(c.Patterns.Unadopt(ctx, PatternAdoptParams{})) },
	}
}

func TestBadInputZeroValues(t *testing.T) {
	c := newTestClient(t)
	calls := zeroCalls(c, bg())
	if len(calls) != 46 { // every method but agents.list, whose params are all optional
		t.Fatalf("%d calls", len(calls))
	}
	hits := withFaults(t, nil, func() {
		for name, fn := range calls {
			method, field, _ := strings.Cut(name, " ")
			err := fn()
			e := asError(t, err, CodeInvalidArgument, ErrInvalidArgument)
			if !strings.HasPrefix(e.Message, method+":") || !strings.Contains(e.Message, field) {
				t.Errorf("%s: message %q does not name %s", method, e.Message, field)
			}
		}
	})
	for k, n := range hits {
		if strings.Contains(k, "/__faults") {
			continue
		}
		t.Errorf("bad input reached the server: %s x%d", k, n)
	}
}

func TestBadInputUpdates(t *testing.T) {
	c := newTestClient(t)
	_, err := c.Memories.Update(bg(), MemoryUpdateParams{MemoryID: "00000000-0000-4000-8000-000000000000"})
	e := asError(t, err, CodeInvalidArgument, ErrInvalidArgument)
	if !strings.Contains(e.Message, "nothing to update") {
		t.Fatal(e.Message)
	}
}

func TestBadInputNilContext(t *testing.T) {
	c := newTestClient(t)
	//lint:ignore SA1012 the nil context is the point of the test
	_, err := c.Memories.Get(nil, "x") //nolint:staticcheck
	e := asError(t, err, CodeInvalidArgument, ErrInvalidArgument)
	if !strings.Contains(e.Message, "ctx") {
		t.Fatal(e.Message)
	}
	var all int
	//lint:ignore SA1012 the nil context is the point of the test
	for _, err := range c.Agents.ListAll(nil, AgentListParams{}) { //nolint:staticcheck
		all++
		asError(t, err, CodeInvalidArgument, ErrInvalidArgument)
	}
	if all != 1 {
		t.Fatal(all)
	}
}

func TestBadInputContent(t *testing.T) {
	c := newTestClient(t)
	agent := uniq("go-bad")
	for _, content := range []string{strings.Repeat("é", 50001), " \n\t "} {
		_, err := c.Memories.Create(bg(), MemoryCreateParams{AgentID: agent, Content: content})
		e := asError(t, err, CodeInvalidArgument, ErrInvalidArgument)
		if !strings.Contains(e.Message, "content") {
			t.Fatal(e.Message)
		}
	}
	// Exactly 50000 characters (multi-byte) is allowed.
	m, err := c.Memories.Create(bg(), MemoryCreateParams{AgentID: agent, Content: strings.Repeat("é", 50000)})
	if err != nil || len([]rune(m.Content)) != 50000 {
		t.Fatalf("50000 chars: %v", err)
	}
	// Invalid UTF-8 from Go is replaced by U+FFFD by encoding/json, never sent raw.
	m, err = c.Memories.Create(bg(), MemoryCreateParams{AgentID: agent, Content: "bad \xff byte"})
	if err != nil || m.Content != "bad \uFFFD byte" {
		t.Fatalf("invalid utf-8: %+v %v", m, err)
	}
	// Values JSON cannot encode are caught in Go.
	for _, md := range []map[string]any{{"x": math.NaN()}, {"ch": make(chan int)}} {
		_, err = c.Memories.Create(bg(), MemoryCreateParams{AgentID: agent, Content: "x", Metadata: md})
		asError(t, err, CodeInvalidArgument, ErrInvalidArgument)
	}
	// A server-side range check comes back as VALIDATION naming the field.
	_, err = c.Memories.Create(bg(), MemoryCreateParams{AgentID: agent, Content: "x", Importance: Float(7)})
	e := asError(t, err, CodeValidation, ErrValidation)
	if !strings.Contains(e.Message, "importance") {
		t.Fatal(e.Message)
	}
}

func TestBadInputOptions(t *testing.T) {
	cases := []struct {
		opts  []Option
		field string
	}{
		{[]Option{WithMaxRetries(11)}, "max_retries"},
		{[]Option{WithMaxRetries(-1)}, "max_retries"},
		{[]Option{WithBaseURL("not a url")}, "base_url"},
		{[]Option{WithBaseURL("ftp://example.com")}, "base_url"},
		{[]Option{WithTimeout(-time.Second)}, "timeout"},
	}
	for _, tc := range cases {
		_, err := NewClient(append([]Option{WithAPIKey(testKey1)}, tc.opts...)...)
		e := asError(t, err, CodeInvalidArgument, ErrInvalidArgument)
		if !strings.Contains(e.Message, tc.field) {
			t.Errorf("%s: %q", tc.field, e.Message)
		}
	}
	// A nil option is ignored, not a panic.
	c, err := NewClient(WithAPIKey(testKey1), WithBaseURL(srv.url), nil)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
}

func TestBadInputCallJSON(t *testing.T) {
	c := newTestClient(t)
	for _, params := range []string{`[1]`, `"x"`, `{`, `{"agent_id": 5}`, `{"agent_id":"a","bogus":1}`} {
		_, err := c.Call(bg(), "memories.list", []byte(params))
		if !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: %v", params, err)
		}
	}
}

// TestBadInputNoClient: services of a zero Client, or with no client, fail with an error.
func TestBadInputNoClient(t *testing.T) {
	_, err := (&MemoriesService{}).Get(bg(), "x")
	e := asError(t, err, CodeInvalidArgument, ErrInvalidArgument)
	if !strings.Contains(e.Message, "NewClient") {
		t.Fatal(e.Message)
	}
	var zero Client
	_, err = zero.Call(bg(), "agents.list", nil)
	if !errors.Is(err, ErrClosed) {
		t.Fatalf("zero client: %v", err)
	}
	if err := zero.Close(); err != nil {
		t.Fatal(err)
	}
}
