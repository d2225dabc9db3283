package memoryrelay

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestContextCancelDuringDelayedResponse: the server delays the response by 3 s; cancelling
// the ctx 300 ms in returns context.Canceled within 200 ms, and no goroutine is left behind.
func TestContextCancelDuringDelayedResponse(t *testing.T) {
	c := newTestClient(t)
	m, err := c.Memories.Create(bg(), MemoryCreateParams{AgentID: uniq("go-ctx"), Content: "slow"})
	if err != nil {
		t.Fatal(err)
	}
	path := "/v1/memories/" + m.ID
	ignore := goleak.IgnoreCurrent()
	hits := withFaults(t, []faultRule{{Path: path, Method: "GET", Action: "delay", DelayMs: 3000, Count: 5}}, func() {
		for i := 0; i < 3; i++ {
			ctx, cancel := context.WithCancel(bg())
			timer := time.AfterFunc(300*time.Millisecond, cancel)
			start := time.Now()
			_, err := c.Memories.Get(ctx, m.ID)
			elapsed := time.Since(start)
			timer.Stop()
			cancel()
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("want context.Canceled, got %v", err)
			}
			if late := elapsed - 300*time.Millisecond; late > 200*time.Millisecond {
				t.Fatalf("returned %v after the cancel", late)
			}
		}
	})
	if hits["GET "+path] != 3 {
		t.Fatalf("requests that reached the server: %v", hits)
	}
	goleak.VerifyNone(t, ignore)
}

func TestContextDeadline(t *testing.T) {
	c := newTestClient(t)
	agent := uniq("go-deadline")
	path := "/v1/agents/" + agent
	ignore := goleak.IgnoreCurrent()
	withFaults(t, []faultRule{{Path: path, Action: "delay", DelayMs: 3000}}, func() {
		ctx, cancel := context.WithTimeout(bg(), 250*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := c.Agents.Get(ctx, agent)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("want DeadlineExceeded, got %v", err)
		}
		if d := time.Since(start); d > 450*time.Millisecond {
			t.Fatalf("took %v", d)
		}
	})
	goleak.VerifyNone(t, ignore)
}

func TestContextAlreadyCancelled(t *testing.T) {
	c := newTestClient(t)
	ctx, cancel := context.WithCancel(bg())
	cancel()
	hits := withFaults(t, nil, func() {
		if _, err := c.Agents.List(ctx, AgentListParams{}); !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v", err)
		}
	})
	if hits["GET /v1/agents"] != 0 {
		t.Fatalf("a cancelled call was sent: %v", hits)
	}
}

// TestContextCancelStopsPaging: cancelling between pages ends the iteration with ctx.Err().
func TestContextCancelStopsPaging(t *testing.T) {
	c := newTestClient(t)
	agent := uniq("go-pagecancel")
	for i := 0; i < 4; i++ {
		if _, err := c.Memories.Create(bg(), MemoryCreateParams{AgentID: agent, Content: "item"}); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(bg())
	defer cancel()
	var items, errs int
	for _, err := range c.Memories.ListAll(ctx, MemoryListParams{AgentID: agent, Limit: 1}) {
		if err != nil {
			errs++
			if !errors.Is(err, context.Canceled) {
				t.Fatal(err)
			}
			continue
		}
		items++
		if items == 2 {
			cancel()
		}
	}
	if items != 2 || errs != 1 {
		t.Fatalf("items %d errs %d", items, errs)
	}
}
