// Package memoryrelay is the Go SDK for MemoryRelay, persistent memory for AI agents.
//
// It is a thin cgo layer over the SDK's C ABI (include/memoryrelay.h): the HTTP client,
// retries, idempotency, validation and environment fallback all live in the Rust core, linked
// statically. Every call goes through the asynchronous C ABI, so a context's cancellation or
// deadline abandons the request at once.
//
//	client, err := memoryrelay.NewClient(memoryrelay.WithAPIKey("mem_..."))
//	if err != nil { ... }
//	defer client.Close()
//	mem, err := client.Memories.Create(ctx, memoryrelay.MemoryCreateParams{
//		AgentID: "my-agent", Content: "The project uses PostgreSQL 16."})
//	var e *memoryrelay.Error
//	if errors.As(err, &e) { fmt.Println(e.Code, e.Status, e.RequestID) }
//	if errors.Is(err, memoryrelay.ErrNotFound) { ... }
//
// See docs/go.md in the repository for building and linking.
package memoryrelay
