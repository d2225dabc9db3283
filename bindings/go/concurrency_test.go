package memoryrelay

import (
	"fmt"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

// TestSharedClientStress: 64 goroutines x 500 calls on one client, a mix of reads and writes;
// every result is checked, and no goroutine outlives the test.
func TestSharedClientStress(t *testing.T) {
	const goroutines, calls = 64, 500
	ignore := goleak.IgnoreCurrent()
	c, err := NewClient(WithAPIKey(testKey1), WithBaseURL(srv.url))
	if err != nil {
		t.Fatal(err)
	}
	agent := uniq("go-stress")
	seed, err := c.Memories.Create(bg(), MemoryCreateParams{AgentID: agent, Content: "shared memory"})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < calls; i++ {
				if i%50 == 0 { // a write now and then
					content := fmt.Sprintf("g%d-i%d", g, i)
					m, err := c.Memories.Create(bg(), MemoryCreateParams{AgentID: agent, Content: content})
					if err != nil || m.Content != content {
						errs <- fmt.Errorf("create %s: %v", content, err)
						return
					}
					continue
				}
				m, err := c.Memories.Get(bg(), seed.ID)
				if err != nil || m.ID != seed.ID || m.Content != "shared memory" {
					errs <- fmt.Errorf("goroutine %d call %d: %v", g, i, err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	list, err := c.Memories.List(bg(), MemoryListParams{AgentID: agent, Limit: 1})
	if err != nil || val(list.TotalCount) != 1+goroutines*calls/50 {
		t.Fatalf("writes: %v %v", list, err)
	}
	c.Close()
	goleak.VerifyNone(t, ignore)
}
