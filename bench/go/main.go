// The Go row of the cross-language benchmark (bench/run.sh): memories.get, memories.search
// (limit 10) and memories.create through the typed Go client, then one JSON line with the
// client CPU (this process, every thread) and wall time of each loop.
//
//	workload URL KEY AGENT_ID IDS_FILE GETS SEARCHES CREATES WARMUP
//
// WARMUP gets and WARMUP/10 searches run first, unmeasured.
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	memoryrelay "github.com/memoryrelay/memoryrelay/bindings/go"
)

var queries = []string{"What database does the project use?", "deployment", "rate limiting",
	"async requests", "semantic search"}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)*1e-6 }
	return tv(ru.Utime) + tv(ru.Stime)
}

func measure(name string, calls int, f func(int)) string {
	cpu0, wall0 := cpuSeconds(), time.Now()
	for i := 0; i < calls; i++ {
		f(i)
	}
	cpu, wall := cpuSeconds()-cpu0, time.Since(wall0).Seconds()
	return fmt.Sprintf(`"%s":{"calls":%d,"cpu_s":%.6f,"wall_s":%.6f}`, name, calls, cpu, wall)
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func main() {
	if len(os.Args) != 9 {
		fmt.Fprintln(os.Stderr, "usage: workload URL KEY AGENT_ID IDS_FILE GETS SEARCHES CREATES WARMUP")
		os.Exit(2)
	}
	raw, err := os.ReadFile(os.Args[4])
	must(err)
	var ids []string
	for _, l := range strings.Split(string(raw), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			ids = append(ids, l)
		}
	}
	n := func(i int) int {
		v, err := strconv.Atoi(os.Args[i])
		must(err)
		return v
	}
	agent := os.Args[3]
	client, err := memoryrelay.NewClient(memoryrelay.WithBaseURL(os.Args[1]),
		memoryrelay.WithAPIKey(os.Args[2]))
	must(err)
	defer client.Close()
	ctx := context.Background()

	get := func(i int) {
		m, err := client.Memories.Get(ctx, ids[i%len(ids)])
		must(err)
		if m.ID == "" {
			panic("empty id")
		}
	}
	search := func(i int) {
		r, err := client.Memories.Search(ctx, memoryrelay.MemorySearchParams{
			AgentID: agent, Query: queries[i%len(queries)], Limit: 10})
		must(err)
		if len(r.Data) == 0 {
			panic("no results")
		}
	}
	create := func(i int) {
		m, err := client.Memories.Create(ctx, memoryrelay.MemoryCreateParams{AgentID: agent,
			Content: fmt.Sprintf("Bench write %d: the service caches sessions in Redis for 15 minutes.", i)})
		must(err)
		if m.ID == "" {
			panic("empty id")
		}
	}
	for i, w := 0, n(8); i < w; i++ {
		get(i)
		if i%10 == 0 {
			search(i)
		}
	}
	fmt.Printf("{%s,%s,%s}\n", measure("get", n(5), get), measure("search", n(6), search),
		measure("create", n(7), create))
}
