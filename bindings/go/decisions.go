package memoryrelay

import (
	"context"
	"iter"
)

// DecisionsService is client.Decisions: architectural and design decisions.
type DecisionsService struct{ c *Client }

// DecisionCreateParams are decisions.create's params (AgentID, Title, Content required; Content
// is the rationale).
type DecisionCreateParams struct {
	AgentID      string         `json:"agent_id,omitempty"`
	Title        string         `json:"title,omitempty"`
	Content      string         `json:"content,omitempty"`
	Metadata     map[string]any `json:"metadata,omitzero"`
	Alternatives string         `json:"alternatives,omitempty"`
	Status       string         `json:"status,omitempty"` // active (default), experimental
	Tags         []string       `json:"tags,omitempty"`
	ProjectSlug  string         `json:"project_slug,omitempty"`
	SessionID    string         `json:"session_id,omitempty"`
}

// Create records a decision.
func (s *DecisionsService) Create(ctx context.Context, p DecisionCreateParams) (*Decision, error) {
	return call[Decision](ctx, s.c, "decisions.create", p)
}

// DecisionListParams are decisions.list's params; Status is active, experimental or superseded.
type DecisionListParams struct {
	AgentID string `json:"agent_id,omitempty"`
	Status  string `json:"status,omitempty"`
	Limit   int    `json:"limit,omitempty"`
	Offset  int    `json:"offset,omitempty"`
}

// List returns one page of an agent's decisions.
func (s *DecisionsService) List(ctx context.Context, p DecisionListParams) (*List[Decision], error) {
	return call[List[Decision]](ctx, s.c, "decisions.list", p)
}

// ListAll iterates over every decision from p.Offset on.
func (s *DecisionsService) ListAll(ctx context.Context, p DecisionListParams) iter.Seq2[Decision, error] {
	return pageAll(ctx, p.Offset, func(offset int) (*List[Decision], error) {
		p.Offset = offset
		return s.List(ctx, p)
	})
}

// Get gets a decision.
func (s *DecisionsService) Get(ctx context.Context, decisionID string) (*Decision, error) {
	return call[Decision](ctx, s.c, "decisions.get", map[string]string{"decision_id": decisionID})
}

// DecisionUpdateParams are decisions.update's params: DecisionID and Title and/or Content.
type DecisionUpdateParams struct {
	DecisionID string `json:"decision_id,omitempty"`
	Title      string `json:"title,omitempty"`
	Content    string `json:"content,omitempty"`
}

// Update updates a decision.
func (s *DecisionsService) Update(ctx context.Context, p DecisionUpdateParams) (*Decision, error) {
	return call[Decision](ctx, s.c, "decisions.update", p)
}

// Delete deletes a decision.
func (s *DecisionsService) Delete(ctx context.Context, decisionID string) error {
	return callNoResult(ctx, s.c, "decisions.delete", map[string]string{"decision_id": decisionID})
}

// DecisionCheckParams are decisions.check's params. Limit 0 means the default (5); Threshold
// defaults to 0.3.
type DecisionCheckParams struct {
	AgentID   string   `json:"agent_id,omitempty"`
	Query     string   `json:"query,omitempty"`
	Limit     int      `json:"limit,omitempty"`
	Threshold *float64 `json:"threshold,omitempty"`
}

// Check finds the agent's active decisions a query may conflict with.
func (s *DecisionsService) Check(ctx context.Context, p DecisionCheckParams) (*DecisionCheckResult, error) {
	return call[DecisionCheckResult](ctx, s.c, "decisions.check", p)
}

// DecisionSupersedeParams are decisions.supersede's params.
type DecisionSupersedeParams struct {
	DecisionID    string `json:"decision_id,omitempty"`
	NewDecisionID string `json:"new_decision_id,omitempty"`
	Reason        string `json:"reason,omitempty"`
}

// Supersede marks a decision as superseded by another and returns the new one.
func (s *DecisionsService) Supersede(ctx context.Context, p DecisionSupersedeParams) (*Decision, error) {
	return call[Decision](ctx, s.c, "decisions.supersede", p)
}
