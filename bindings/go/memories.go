package memoryrelay

import (
	"context"
	"iter"
)

// MemoriesService is client.Memories: core memory storage and retrieval.
type MemoriesService struct{ c *Client }

// MemoryCreateParams are memories.create's params. AgentID (a UUID or a name; an unknown name
// creates the agent) and Content (1-50000 characters, not only whitespace) are required; the
// rest are the contract's extras, omitted when zero.
type MemoryCreateParams struct {
	AgentID        string         `json:"agent_id,omitempty"`
	Content        string         `json:"content,omitempty"`
	Metadata       map[string]any `json:"metadata,omitzero"`
	Importance     *float64       `json:"importance,omitempty"`  // 0..1, default 0.5
	Tier           string         `json:"tier,omitempty"`        // hot, warm, cold
	MemoryType     string         `json:"memory_type,omitempty"` // fact (default), event, ...
	UserID         string         `json:"user_id,omitempty"`
	SessionID      string         `json:"session_id,omitempty"`
	Project        string         `json:"project,omitempty"` // project id or slug
	Deduplicate    bool           `json:"deduplicate,omitempty"`
	DedupThreshold *float64       `json:"dedup_threshold,omitempty"` // 0.5..1, default 0.95
}

// Create stores a memory. With Deduplicate, a near-identical existing memory is returned instead
// (IsDuplicate true).
func (s *MemoriesService) Create(ctx context.Context, p MemoryCreateParams) (*Memory, error) {
	return call[Memory](ctx, s.c, "memories.create", p)
}

// MemorySearchParams are memories.search's params. Limit 0 means the default (10).
type MemorySearchParams struct {
	AgentID         string         `json:"agent_id,omitempty"`
	Query           string         `json:"query,omitempty"`
	Limit           int            `json:"limit,omitempty"`
	MinScore        *float64       `json:"min_score,omitempty"`
	MetadataFilter  map[string]any `json:"metadata_filter,omitzero"`
	SearchMode      string         `json:"search_mode,omitempty"` // hybrid (default), semantic, keyword
	IncludeArchived bool           `json:"include_archived,omitempty"`
}

// Search finds an agent's memories by meaning, best first.
func (s *MemoriesService) Search(ctx context.Context, p MemorySearchParams) (*SearchResults, error) {
	return call[SearchResults](ctx, s.c, "memories.search", p)
}

// MemoryListParams are memories.list's params. Limit 0 means the default (50).
type MemoryListParams struct {
	AgentID string `json:"agent_id,omitempty"`
	Limit   int    `json:"limit,omitempty"`
	Offset  int    `json:"offset,omitempty"`
}

// List returns one page of an agent's memories, newest first.
func (s *MemoriesService) List(ctx context.Context, p MemoryListParams) (*List[Memory], error) {
	return call[List[Memory]](ctx, s.c, "memories.list", p)
}

// ListAll iterates over every memory from p.Offset on, fetching pages of p.Limit.
func (s *MemoriesService) ListAll(ctx context.Context, p MemoryListParams) iter.Seq2[Memory, error] {
	return pageAll(ctx, p.Offset, func(offset int) (*List[Memory], error) {
		p.Offset = offset
		return s.List(ctx, p)
	})
}

// Get retrieves a memory.
func (s *MemoriesService) Get(ctx context.Context, memoryID string) (*Memory, error) {
	return call[Memory](ctx, s.c, "memories.get", map[string]string{"memory_id": memoryID})
}

// MemoryUpdateParams are memories.update's params: MemoryID and at least one of Content or
// Metadata (replaced whole; a non-nil empty map clears it).
type MemoryUpdateParams struct {
	MemoryID string         `json:"memory_id,omitempty"`
	Content  string         `json:"content,omitempty"`
	Metadata map[string]any `json:"metadata,omitzero"`
}

// Update changes a memory's content and/or metadata.
func (s *MemoriesService) Update(ctx context.Context, p MemoryUpdateParams) (*Memory, error) {
	return call[Memory](ctx, s.c, "memories.update", p)
}

// Delete soft-deletes a memory.
func (s *MemoriesService) Delete(ctx context.Context, memoryID string) error {
	return callNoResult(ctx, s.c, "memories.delete", map[string]string{"memory_id": memoryID})
}

// BatchMemory is one item of a batch create. Content is always sent: an invalid item fails on
// its own (see BatchResult.Results) without failing the batch.
type BatchMemory struct {
	Content    string         `json:"content"`
	Metadata   map[string]any `json:"metadata,omitzero"`
	Importance *float64       `json:"importance,omitempty"`
	Tier       string         `json:"tier,omitempty"`
	SessionID  string         `json:"session_id,omitempty"`
}

// MemoryBatchCreateParams are memories.batch_create's params (Memories must not be empty;
// more than 100 are sent in chunks of 100).
type MemoryBatchCreateParams struct {
	AgentID  string        `json:"agent_id,omitempty"`
	Memories []BatchMemory `json:"memories,omitempty"`
}

// BatchCreate stores several memories in one call and returns the merged per-item outcome.
func (s *MemoriesService) BatchCreate(ctx context.Context, p MemoryBatchCreateParams) (*BatchResult, error) {
	return call[BatchResult](ctx, s.c, "memories.batch_create", p)
}
