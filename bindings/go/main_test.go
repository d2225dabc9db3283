package memoryrelay

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// The local server every test talks to, started once by TestMain (docs/interfaces.md §2).
var srv struct {
	url  string
	keys []string
}

const (
	testKey1 = "mem_go_test_key_0000000000000001"
	testKey2 = "mem_go_test_key_0000000000000002"
)

func TestMain(m *testing.M) {
	os.Exit(runWithServer(m))
}

func serverBinary() string {
	if p := os.Getenv("MEMORYRELAY_SERVER_BIN"); p != "" {
		return p
	}
	return filepath.Join("..", "..", "target", "debug", "memoryrelay-server")
}

func runWithServer(m *testing.M) int {
	bin := serverBinary()
	cmd := exec.Command(bin, "--port", "0", "--ready-json", "--db", ":memory:",
		"--enable-fault-injection", "--exit-on-stdin-close",
		"--api-key", testKey1, "--api-key", testKey2)
	cmd.Stderr = os.Stderr
	// The server exits when its stdin closes (--exit-on-stdin-close): if this process dies,
	// the pipe closes and the server does not outlive it.
	stdin, err := cmd.StdinPipe()
	if err != nil {
		fmt.Fprintln(os.Stderr, "server stdin:", err)
		return 1
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		fmt.Fprintln(os.Stderr, "server stdout:", err)
		return 1
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "start %s: %v (build it with bindings/go/build.sh test)\n", bin, err)
		return 1
	}
	stop := func() {
		_ = stdin.Close()
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	}
	defer stop()

	ready := make(chan error, 1)
	go func() {
		line, err := bufio.NewReader(stdout).ReadBytes('\n')
		if err != nil {
			ready <- fmt.Errorf("reading ready line: %w", err)
			return
		}
		var doc struct {
			URL     string   `json:"url"`
			APIKeys []string `json:"api_keys"`
		}
		if err := json.Unmarshal(line, &doc); err != nil {
			ready <- fmt.Errorf("ready line %q: %w", line, err)
			return
		}
		srv.url, srv.keys = doc.URL, doc.APIKeys
		ready <- nil
		_, _ = io.Copy(io.Discard, stdout) // nothing else is printed; keep the pipe drained
	}()
	select {
	case err := <-ready:
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	case <-time.After(60 * time.Second):
		fmt.Fprintln(os.Stderr, "server did not become ready")
		return 1
	}
	return m.Run()
}

// newTestClient is a client for the local server with key 1, without retries unless asked.
func newTestClient(t testing.TB, opts ...Option) *Client {
	t.Helper()
	all := append([]Option{WithAPIKey(testKey1), WithBaseURL(srv.url)}, opts...)
	c, err := NewClient(all...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// faults is the server's fault-injection admin API (docs/interfaces.md §3). Tests that add
// rules must not run in parallel with each other: rules are global to the server.
var faultsMu sync.Mutex

type faultRule struct {
	Path       string         `json:"path"`
	Method     string         `json:"method,omitempty"`
	Count      int            `json:"count,omitempty"`
	Action     string         `json:"action"`
	Status     int            `json:"status,omitempty"`
	RetryAfter string         `json:"retry_after,omitempty"`
	DelayMs    int            `json:"delay_ms,omitempty"`
	Body       map[string]any `json:"body,omitempty"`
}

// adminHTTP keeps no idle connections: a pooled connection's reader goroutine would otherwise
// show up in the goleak checks.
var adminHTTP = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

func admin(t testing.TB, method, path string, body any) []byte {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, srv.url+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testKey1)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := adminHTTP.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: HTTP %d %s", method, path, resp.StatusCode, out)
	}
	return out
}

// withFaults installs rules for the duration of fn, with the hit counters reset, and returns
// the hit counts observed afterwards.
func withFaults(t *testing.T, rules []faultRule, fn func()) map[string]int {
	t.Helper()
	faultsMu.Lock()
	defer faultsMu.Unlock()
	admin(t, http.MethodDelete, "/__faults", nil)
	defer admin(t, http.MethodDelete, "/__faults", nil)
	for _, r := range rules {
		admin(t, http.MethodPost, "/__faults", r)
	}
	fn()
	var state struct {
		Hits map[string]int `json:"hits"`
	}
	if err := json.Unmarshal(admin(t, http.MethodGet, "/__faults", nil), &state); err != nil {
		t.Fatal(err)
	}
	return state.Hits
}

func bg() context.Context { return context.Background() }

// uniq makes names unique across tests sharing the server.
func uniq(prefix string) string {
	return fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano())
}

// val is *p, or the zero value for nil (optional model members are pointers).
func val[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
