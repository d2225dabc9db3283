// Quickstart: the Python SDK's quick start, in Go.
//
//	MEMORYRELAY_API_KEY=mem_... [MEMORYRELAY_API_URL=http://127.0.0.1:8080] go run ./examples/quickstart
//
// The client reads the key and URL from the environment (the Rust core's fallback), exactly as
// MemoryRelay() does in Python.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	memoryrelay "github.com/memoryrelay/memoryrelay/bindings/go"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run() error {
	client, err := memoryrelay.NewClient() // MEMORYRELAY_API_KEY, MEMORYRELAY_API_URL
	if err != nil {
		return err
	}
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	// Create an agent (a unique name: agent names are unique per account).
	agent, err := client.Agents.Create(ctx, memoryrelay.AgentCreateParams{
		Name:        fmt.Sprintf("my-agent-%d", time.Now().UnixNano()),
		Description: "My first agent",
	})
	if err != nil {
		return err
	}

	// Store a memory.
	memory, err := client.Memories.Create(ctx, memoryrelay.MemoryCreateParams{
		AgentID:  agent.ID,
		Content:  "The project uses PostgreSQL 16 with pgvector for semantic search.",
		Metadata: map[string]any{"source": "architecture-review", "confidence": 0.95},
	})
	if err != nil {
		return err
	}
	fmt.Println("stored memory", memory.ID)

	// Search by meaning.
	results, err := client.Memories.Search(ctx, memoryrelay.MemorySearchParams{
		AgentID: agent.ID,
		Query:   "What database does the project use?",
		Limit:   5,
	})
	if err != nil {
		return err
	}
	for _, result := range results.Data {
		fmt.Printf("[%.2f] %s\n", result.Score, result.Content)
	}

	// Error handling: typed errors, matched with errors.Is / errors.As.
	_, err = client.Memories.Get(ctx, "nonexistent-id")
	var apiErr *memoryrelay.Error
	switch {
	case errors.Is(err, memoryrelay.ErrNotFound):
		fmt.Println("Memory does not exist.")
	case errors.Is(err, memoryrelay.ErrAuthentication):
		fmt.Println("Check your API key.")
	case errors.As(err, &apiErr) && apiErr.Code == memoryrelay.CodeRateLimited:
		fmt.Printf("Rate limited. Retry after %v.\n", apiErr.RetryAfter)
	case err != nil:
		return err
	}
	return nil
}
