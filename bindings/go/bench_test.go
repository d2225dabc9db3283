package memoryrelay

import (
	"encoding/json"
	"testing"
)

// BenchmarkMemoriesGet measures one memories.get against the local server, end to end:
//
//   - Go: the SDK's path, Client.Memories.Get (JSON encode in Go, cgo, mr_call_async, the
//     callback back into Go on a library thread, typed decode);
//   - CgoSync: the same request through the blocking mr_call (cgo + JSON, no callback, no
//     typed decode), to show what the async path and decoding add.
//
// The native Rust call for the same request is measured by bindings/c/bench/run.sh; docs/go.md
// compares the numbers.
func BenchmarkMemoriesGet(b *testing.B) {
	c := newTestClient(b)
	m, err := c.Memories.Create(bg(), MemoryCreateParams{AgentID: "bench-agent", Content: "The project uses PostgreSQL 16."})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("Go", func(b *testing.B) {
		for b.Loop() {
			got, err := c.Memories.Get(bg(), m.ID)
			if err != nil || got.ID != m.ID {
				b.Fatal(err)
			}
		}
	})
	params, _ := json.Marshal(map[string]string{"memory_id": m.ID})
	b.Run("CgoSync", func(b *testing.B) {
		for b.Loop() {
			if _, err := c.callSyncForBench("memories.get", params); err != nil {
				b.Fatal(err)
			}
		}
	})
}
