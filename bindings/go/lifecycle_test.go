package memoryrelay

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestCancelRace: cancels land at random points of fast calls (before the send, in flight,
// after completion). Every call ends with its result or ctx.Err(), nothing else, and nothing
// is left running.
func TestCancelRace(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	c, err := NewClient(WithAPIKey(testKey1), WithBaseURL(srv.url))
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.Memories.Create(bg(), MemoryCreateParams{AgentID: uniq("go-race"), Content: "race"})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	outcomes := map[string]int{}
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 40; i++ {
				ctx, cancel := context.WithTimeout(bg(), time.Duration(rand.IntN(8000))*time.Microsecond)
				got, err := c.Memories.Get(ctx, m.ID)
				cancel()
				kind := "ok"
				switch {
				case err == nil && got.ID == m.ID:
				case errors.Is(err, context.DeadlineExceeded):
					kind = "deadline"
				default:
					kind = "unexpected"
					t.Errorf("unexpected outcome: %v", err)
				}
				mu.Lock()
				outcomes[kind]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	t.Logf("outcomes: %v", outcomes)
	c.Close()
	goleak.VerifyNone(t, ignore)
}

// TestCloseWhileBusy: Close while 16 goroutines are calling; each call ends with a result or
// an ErrClosed error, Close returns, and nothing is left running.
func TestCloseWhileBusy(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	c, err := NewClient(WithAPIKey(testKey1), WithBaseURL(srv.url))
	if err != nil {
		t.Fatal(err)
	}
	agent := uniq("go-busy")
	var wg sync.WaitGroup
	var mu sync.Mutex
	closedErrs := 0
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				_, err := c.Memories.List(bg(), MemoryListParams{AgentID: agent})
				if err == nil || errors.Is(err, ErrNotFound) {
					continue
				}
				if !errors.Is(err, ErrClosed) {
					t.Errorf("unexpected: %v", err)
				}
				mu.Lock()
				closedErrs++
				mu.Unlock()
				return
			}
		}()
	}
	time.Sleep(200 * time.Millisecond)
	c.Close()
	wg.Wait()
	if closedErrs != 16 {
		t.Fatalf("%d goroutines saw ErrClosed", closedErrs)
	}
	goleak.VerifyNone(t, ignore)
}

func TestTimeDecoding(t *testing.T) {
	want := time.Date(2026, 3, 17, 9, 30, 0, 0, time.UTC)
	for _, in := range []string{`1773739800`, `1773739800.0`, `"2026-03-17T09:30:00Z"`, `"2026-03-17T10:30:00+01:00"`,
		`"2026-03-17T09:30:00"`} {
		var tm Time
		if err := json.Unmarshal([]byte(in), &tm); err != nil || !tm.Equal(want) {
			t.Errorf("%s: %v %v", in, tm, err)
		}
	}
	var tm Time
	if err := json.Unmarshal([]byte(`1773739800.5`), &tm); err != nil || tm.Sub(want) != 500*time.Millisecond {
		t.Errorf("fractional: %v %v", tm, err)
	}
	var p *Time
	if err := json.Unmarshal([]byte(`null`), &p); err != nil || p != nil {
		t.Errorf("null: %v", err)
	}
	if err := json.Unmarshal([]byte(`"yesterday"`), &tm); err == nil {
		t.Error("bad timestamp accepted")
	}
	b, _ := json.Marshal(Time{want})
	if string(b) != `"2026-03-17T09:30:00Z"` {
		t.Error(string(b))
	}
	// Unknown fields are tolerated.
	var m Memory
	if err := json.Unmarshal([]byte(`{"id":"x","future_field":{"a":1},"created_at":1773739800}`), &m); err != nil || m.ID != "x" {
		t.Errorf("unknown fields: %v", err)
	}
}
