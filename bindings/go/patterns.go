package memoryrelay

import (
	"context"
	"iter"
)

// PatternsService is client.Patterns: reusable patterns shared across projects.
type PatternsService struct{ c *Client }

// PatternCreateParams are patterns.create's params (AgentID, Name, Content required).
type PatternCreateParams struct {
	AgentID     string         `json:"agent_id,omitempty"`
	Name        string         `json:"name,omitempty"`
	Content     string         `json:"content,omitempty"`
	Metadata    map[string]any `json:"metadata,omitzero"`
	Scope       string         `json:"scope,omitempty"` // global (default), project
	Category    string         `json:"category,omitempty"`
	Tags        []string       `json:"tags,omitempty"`
	ExampleCode string         `json:"example_code,omitempty"`
}

// Create creates a pattern.
func (s *PatternsService) Create(ctx context.Context, p PatternCreateParams) (*Pattern, error) {
	return call[Pattern](ctx, s.c, "patterns.create", p)
}

// PatternSearchParams are patterns.search's params. Limit 0 means the default (10).
type PatternSearchParams struct {
	AgentID   string   `json:"agent_id,omitempty"`
	Query     string   `json:"query,omitempty"`
	Limit     int      `json:"limit,omitempty"`
	Threshold *float64 `json:"threshold,omitempty"`
}

// Search finds an agent's patterns by meaning.
func (s *PatternsService) Search(ctx context.Context, p PatternSearchParams) (*PatternSearchResults, error) {
	return call[PatternSearchResults](ctx, s.c, "patterns.search", p)
}

// PatternListParams are patterns.list's params.
type PatternListParams struct {
	AgentID string `json:"agent_id,omitempty"`
	Limit   int    `json:"limit,omitempty"`
	Offset  int    `json:"offset,omitempty"`
}

// List returns one page of an agent's patterns.
func (s *PatternsService) List(ctx context.Context, p PatternListParams) (*List[Pattern], error) {
	return call[List[Pattern]](ctx, s.c, "patterns.list", p)
}

// ListAll iterates over every pattern from p.Offset on.
func (s *PatternsService) ListAll(ctx context.Context, p PatternListParams) iter.Seq2[Pattern, error] {
	return pageAll(ctx, p.Offset, func(offset int) (*List[Pattern], error) {
		p.Offset = offset
		return s.List(ctx, p)
	})
}

// Get gets a pattern.
func (s *PatternsService) Get(ctx context.Context, patternID string) (*Pattern, error) {
	return call[Pattern](ctx, s.c, "patterns.get", map[string]string{"pattern_id": patternID})
}

// PatternUpdateParams are patterns.update's params: PatternID and Name and/or Content.
type PatternUpdateParams struct {
	PatternID string `json:"pattern_id,omitempty"`
	Name      string `json:"name,omitempty"`
	Content   string `json:"content,omitempty"`
}

// Update updates a pattern.
func (s *PatternsService) Update(ctx context.Context, p PatternUpdateParams) (*Pattern, error) {
	return call[Pattern](ctx, s.c, "patterns.update", p)
}

// Delete deletes a pattern and its adoptions.
func (s *PatternsService) Delete(ctx context.Context, patternID string) error {
	return callNoResult(ctx, s.c, "patterns.delete", map[string]string{"pattern_id": patternID})
}

// PatternAdoptParams are the params of patterns.adopt and patterns.unadopt; ProjectID is the
// project's UUID or slug.
type PatternAdoptParams struct {
	PatternID string `json:"pattern_id,omitempty"`
	ProjectID string `json:"project_id,omitempty"`
}

// Adopt adopts a pattern for a project (idempotent).
func (s *PatternsService) Adopt(ctx context.Context, p PatternAdoptParams) (*Pattern, error) {
	return call[Pattern](ctx, s.c, "patterns.adopt", p)
}

// Unadopt removes a pattern's adoption by a project and returns the pattern.
func (s *PatternsService) Unadopt(ctx context.Context, p PatternAdoptParams) (*Pattern, error) {
	return call[Pattern](ctx, s.c, "patterns.unadopt", p)
}
