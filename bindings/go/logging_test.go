package memoryrelay

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
)

// recorder is a slog.Handler that keeps every record.
type recorder struct {
	mu      sync.Mutex
	records []slog.Record
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.records = append(r.records, rec.Clone())
	return nil
}
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *recorder) WithGroup(string) slog.Handler      { return r }

func attrs(rec slog.Record) map[string]any {
	m := map[string]any{}
	rec.Attrs(func(a slog.Attr) bool { m[a.Key] = a.Value.Any(); return true })
	return m
}

func TestLoggerReceivesRetriedCallWithoutKey(t *testing.T) {
	c := newTestClient(t, WithMaxRetries(2))
	rec := &recorder{}
	withFaults(t, []faultRule{{Path: "/v1/agents", Method: "GET", Action: "status", Status: 503, Count: 1, RetryAfter: "0"}}, func() {
		if err := SetLogger(slog.New(rec), slog.LevelDebug); err != nil {
			t.Fatal(err)
		}
		_, err := c.Agents.List(bg(), AgentListParams{})
		if err := SetLogger(nil, slog.LevelDebug); err != nil {
			t.Fatal(err)
		}
		if err != nil {
			t.Fatalf("retried call: %v", err)
		}
	})
	rec.mu.Lock()
	defer rec.mu.Unlock()
	byAttempt := map[float64]slog.Record{}
	retries := 0
	for _, r := range rec.records {
		a := attrs(r)
		if a["method"] != "agents.list" {
			continue
		}
		if strings.HasPrefix(r.Message, "request ") {
			byAttempt[a["attempt"].(float64)] = r
		}
		if r.Message == "retrying request" {
			retries++
			if r.Level != slog.LevelInfo {
				t.Errorf("retry level %v", r.Level)
			}
		}
		for k, v := range a {
			if s, ok := v.(string); ok && strings.Contains(s, testKey1) {
				t.Errorf("the API key leaked in %s", k)
			}
		}
	}
	first, ok1 := byAttempt[1]
	second, ok2 := byAttempt[2]
	if !ok1 || !ok2 || retries != 1 {
		t.Fatalf("attempt 1: %v, attempt 2: %v, retries: %d (%d records)", ok1, ok2, retries, len(rec.records))
	}
	if a := attrs(first); a["status"] != float64(503) || !strings.HasPrefix(a["request_id"].(string), "req_") || first.Level != slog.LevelDebug {
		t.Errorf("first attempt: %v %v", first.Level, a)
	}
	if a := attrs(second); a["status"] != float64(200) || !strings.HasPrefix(a["request_id"].(string), "req_") {
		t.Errorf("second attempt: %v", a)
	}
}

func TestLoggerOffByNil(t *testing.T) {
	c := newTestClient(t)
	rec := &recorder{}
	if err := SetLogger(slog.New(rec), slog.LevelDebug); err != nil {
		t.Fatal(err)
	}
	if err := SetLogger(nil, slog.LevelDebug); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Agents.List(bg(), AgentListParams{}); err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.records) != 0 {
		t.Fatalf("%d records while off", len(rec.records))
	}
}
