package memoryrelay

import "encoding/json"

// The models of wire contract §4.1. Every field the server sends is here; fields that may be
// null are pointers (or nil slices/maps). Unknown fields in a response are ignored, so a newer
// server does not break an older client.

// Memory is a stored memory. Its timestamps come as unix seconds on the wire.
type Memory struct {
	ID          string         `json:"id"`
	Object      string         `json:"object"`
	AgentID     string         `json:"agent_id"`
	Content     string         `json:"content"`
	Metadata    map[string]any `json:"metadata"`
	MemoryType  string         `json:"memory_type"` // fact, event, insight, task, preference, entity_reference, system
	Importance  float64        `json:"importance"`  // 0..1
	Tier        string         `json:"tier"`        // hot, warm, cold
	UserID      *string        `json:"user_id"`
	SessionID   *string        `json:"session_id"`
	ProjectID   *string        `json:"project_id"`
	IsDuplicate bool           `json:"is_duplicate"` // true only in a deduplicated create response
	CreatedAt   Time           `json:"created_at"`
	UpdatedAt   Time           `json:"updated_at"`
}

// Agent is a namespace for memories.
type Agent struct {
	ID           string         `json:"id"`
	Object       string         `json:"object"`
	Name         string         `json:"name"`
	Description  *string        `json:"description"`
	Metadata     map[string]any `json:"metadata"`
	MemoryCount  int            `json:"memory_count"`
	LastActiveAt *Time          `json:"last_active_at"`
	CreatedAt    Time           `json:"created_at"`
	UpdatedAt    Time           `json:"updated_at"`
}

// AgentStats holds an agent's counts (non-deleted resources only).
type AgentStats struct {
	AgentID       string `json:"agent_id"`
	MemoryCount   int    `json:"memory_count"`
	EntityCount   int    `json:"entity_count"`
	SessionCount  int    `json:"session_count"`
	DecisionCount int    `json:"decision_count"`
	PatternCount  int    `json:"pattern_count"`
	LastActiveAt  *Time  `json:"last_active_at"`
}

// Entity is a knowledge-graph node. AgentID is nil for an account-wide entity.
type Entity struct {
	ID          string         `json:"id"`
	Object      string         `json:"object"`
	AgentID     *string        `json:"agent_id"`
	Name        string         `json:"name"`
	EntityType  string         `json:"entity_type"`
	Type        string         `json:"type"` // same as EntityType
	Metadata    map[string]any `json:"metadata"`
	MemoryCount int            `json:"memory_count"`
	CreatedAt   Time           `json:"created_at"`
	UpdatedAt   Time           `json:"updated_at"`
}

// EntityLink links an entity to a memory.
type EntityLink struct {
	EntityID       string  `json:"entity_id"`
	MemoryID       string  `json:"memory_id"`
	Relationship   string  `json:"relationship"`
	RelevanceScore float64 `json:"relevance_score"`
	CreatedAt      Time    `json:"created_at"`
}

// Session groups memories into a bounded interaction period.
type Session struct {
	ID          string         `json:"id"`
	Object      string         `json:"object"`
	AgentID     string         `json:"agent_id"`
	ExternalID  *string        `json:"external_id"`
	Title       *string        `json:"title"`
	Project     *string        `json:"project"` // slug
	Status      string         `json:"status"`  // active, ended
	Summary     *string        `json:"summary"`
	Metadata    map[string]any `json:"metadata"`
	MemoryCount int            `json:"memory_count"`
	StartedAt   Time           `json:"started_at"`
	EndedAt     *Time          `json:"ended_at"`
	CreatedAt   Time           `json:"created_at"`
	UpdatedAt   Time           `json:"updated_at"`
	// Memories is set only by Sessions.Get (oldest first).
	Memories []Memory `json:"memories,omitempty"`
	// Created is set only by Sessions.GetOrCreate: true when the session was created.
	Created *bool `json:"created,omitempty"`
}

// SessionSummary is the result of Sessions.Summarize.
type SessionSummary struct {
	SessionID   string `json:"session_id"`
	Summary     string `json:"summary"`
	MemoryCount int    `json:"memory_count"`
	GeneratedAt Time   `json:"generated_at"`
}

// Decision is an architectural or design decision. Its Rationale is the Python SDK's content.
type Decision struct {
	ID               string         `json:"id"`
	Object           string         `json:"object"`
	AgentID          string         `json:"agent_id"`
	Title            string         `json:"title"`
	Rationale        string         `json:"rationale"`
	Alternatives     *string        `json:"alternatives"`
	Status           string         `json:"status"` // active, experimental, superseded
	SupersededBy     *string        `json:"superseded_by"`
	SupersededReason *string        `json:"superseded_reason"`
	Tags             []string       `json:"tags"`
	ProjectSlug      *string        `json:"project_slug"`
	SessionID        *string        `json:"session_id"`
	Metadata         map[string]any `json:"metadata"`
	CreatedAt        Time           `json:"created_at"`
	UpdatedAt        Time           `json:"updated_at"`
}

// Project is a registered project; Slug is unique per account and never changes.
type Project struct {
	ID          string         `json:"id"`
	Object      string         `json:"object"`
	Slug        string         `json:"slug"`
	Name        string         `json:"name"`
	Description *string        `json:"description"`
	AgentID     string         `json:"agent_id"` // creator
	Stack       map[string]any `json:"stack"`
	RepoURL     *string        `json:"repo_url"`
	Metadata    map[string]any `json:"metadata"`
	MemoryCount int            `json:"memory_count"`
	CreatedAt   Time           `json:"created_at"`
	UpdatedAt   Time           `json:"updated_at"`
}

// Pattern is a reusable pattern. Title and Description are the Python SDK's name and content.
type Pattern struct {
	ID            string         `json:"id"`
	Object        string         `json:"object"`
	AgentID       string         `json:"agent_id"` // creator
	Title         string         `json:"title"`
	Description   string         `json:"description"`
	Scope         string         `json:"scope"` // global, project
	Category      *string        `json:"category"`
	Tags          []string       `json:"tags"`
	ExampleCode   *string        `json:"example_code"`
	Metadata      map[string]any `json:"metadata"`
	AdoptionCount int            `json:"adoption_count"`
	AdoptedBy     []string       `json:"adopted_by"` // project slugs, in adoption order
	CreatedAt     Time           `json:"created_at"`
	UpdatedAt     Time           `json:"updated_at"`
}

// SearchResult is one hit of Memories.Search. Content is Memory.Content, as in the Python SDK.
type SearchResult struct {
	Memory  Memory  `json:"memory"`
	Score   float64 `json:"score"`
	Content string  `json:"-"`
}

// UnmarshalJSON decodes the wire form {memory, score} and fills Content.
func (r *SearchResult) UnmarshalJSON(b []byte) error {
	type wire SearchResult // no methods: avoids recursion
	var w wire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = SearchResult(w)
	r.Content = r.Memory.Content
	return nil
}

// SearchResults is the result of Memories.Search: range over Data.
type SearchResults struct {
	Object string         `json:"object"`
	Data   []SearchResult `json:"data"`
	Query  string         `json:"query"`
}

// PatternSearchResult is one hit of Patterns.Search.
type PatternSearchResult struct {
	Pattern Pattern `json:"pattern"`
	Score   float64 `json:"score"`
}

// PatternSearchResults is the result of Patterns.Search.
type PatternSearchResults struct {
	Data  []PatternSearchResult `json:"data"`
	Query string                `json:"query"`
	Total int                   `json:"total"`
}

// DecisionMatch is one conflicting decision found by Decisions.Check.
type DecisionMatch struct {
	Decision Decision `json:"decision"`
	Score    float64  `json:"score"`
}

// DecisionCheckResult is the result of Decisions.Check.
type DecisionCheckResult struct {
	Data         []DecisionMatch `json:"data"`
	Query        string          `json:"query"`
	Total        int             `json:"total"`
	HasConflicts bool            `json:"has_conflicts"`
}

// BatchResult is the merged result of Memories.BatchCreate.
type BatchResult struct {
	Success   bool              `json:"success"`
	Total     int               `json:"total"`
	Succeeded int               `json:"succeeded"`
	Failed    int               `json:"failed"`
	Skipped   int               `json:"skipped"`
	Results   []BatchItemResult `json:"results"`
	Timing    BatchTiming       `json:"timing"`
}

// BatchItemResult is the outcome of one batch item; Index is its position in the input.
type BatchItemResult struct {
	Index     int     `json:"index"`
	Status    string  `json:"status"` // success, failed, skipped
	MemoryID  *string `json:"memory_id"`
	Error     *string `json:"error"`
	ErrorCode *string `json:"error_code"`
}

// BatchTiming reports where a batch's time went, in milliseconds.
type BatchTiming struct {
	TotalMs        float64 `json:"total_ms"`
	EmbeddingMs    float64 `json:"embedding_ms"`
	DatabaseMs     float64 `json:"database_ms"`
	PerMemoryAvgMs float64 `json:"per_memory_avg_ms"`
}

// ProjectContext is the result of Projects.Context; Context is a markdown digest (opaque).
type ProjectContext struct {
	Project         Project    `json:"project"`
	HotMemories     []Memory   `json:"hot_memories"`
	RecentDecisions []Decision `json:"recent_decisions"`
	ActivePatterns  []Pattern  `json:"active_patterns"`
	Context         string     `json:"context"`
}

// List is one page of a list method (contract §1.5). The All* methods page through every item.
type List[T any] struct {
	Object     string  `json:"object"`
	Data       []T     `json:"data"`
	HasMore    bool    `json:"has_more"`
	NextCursor *string `json:"next_cursor"`
	TotalCount int     `json:"total_count"`
}
