package memoryrelay

import (
	"encoding/json"
	"sort"
	"testing"
	"time"
)

// BenchmarkMemoriesGet measures one memories.get against the local server, end to end, three
// ways:
//
//   - Go: the SDK's path, Client.Memories.Get (JSON encode in Go, cgo, mr_call_async, the
//     callback back into Go on a library thread, typed decode);
//   - GoRaw: Client.Call, the same async path without the typed decode;
//   - CgoSync: the blocking mr_call through cgo (what the Rust bench calls "C ABI"), no
//     callback, no decode.
//
// The variants are interleaved call by call (rotating the order), as in the Rust bench
// (ffi/src/c_abi/bench.rs), so drift in the machine's load hits all of them alike; the reported
// metrics are per-call medians and means (us) and the ratios of the medians. The native Rust
// call for the same request is measured by bindings/c/bench/run.sh (native vs C ABI);
// docs/go.md combines the two.
func BenchmarkMemoriesGet(b *testing.B) {
	c := newTestClient(b)
	m, err := c.Memories.Create(bg(), MemoryCreateParams{AgentID: "bench-agent", Content: "The project uses PostgreSQL 16."})
	if err != nil {
		b.Fatal(err)
	}
	params, _ := json.Marshal(map[string]string{"memory_id": m.ID})
	variants := []struct {
		name string
		call func() error
	}{
		{"go", func() error { _, err := c.Memories.Get(bg(), m.ID); return err }},
		{"goraw", func() error { _, err := c.Call(bg(), "memories.get", params); return err }},
		{"cgosync", func() error { _, err := c.callSyncForBench("memories.get", params); return err }},
	}
	for i := 0; i < 300; i++ { // warm-up: connections, allocator, caches
		for _, v := range variants {
			if err := v.call(); err != nil {
				b.Fatal(err)
			}
		}
	}
	times := make([][]time.Duration, len(variants))
	b.ResetTimer()
	for round := 0; b.Loop(); round++ {
		for k := range variants {
			idx := (k + round) % len(variants)
			start := time.Now()
			if err := variants[idx].call(); err != nil {
				b.Fatal(err)
			}
			times[idx] = append(times[idx], time.Since(start))
		}
	}
	med := make([]float64, len(variants))
	for i, ts := range times {
		var sum time.Duration
		for _, t := range ts {
			sum += t
		}
		sort.Slice(ts, func(a, c int) bool { return ts[a] < ts[c] })
		med[i] = float64(ts[len(ts)/2].Nanoseconds()) / 1e3
		b.ReportMetric(med[i], variants[i].name+"-median-us")
		b.ReportMetric(float64(sum.Nanoseconds())/float64(len(ts))/1e3, variants[i].name+"-mean-us")
	}
	b.ReportMetric(med[0]/med[2], "go/cgosync")
	b.ReportMetric(med[1]/med[2], "goraw/cgosync")
}
