package memoryrelay

import (
	"context"
	"iter"
)

// AgentsService is client.Agents: agent namespaces that isolate memory collections.
type AgentsService struct{ c *Client }

// AgentCreateParams are agents.create's params (Name required, unique per account).
type AgentCreateParams struct {
	Name        string         `json:"name,omitempty"`
	Description string         `json:"description,omitempty"`
	Metadata    map[string]any `json:"metadata,omitzero"`
}

// Create creates an agent.
func (s *AgentsService) Create(ctx context.Context, p AgentCreateParams) (*Agent, error) {
	return call[Agent](ctx, s.c, "agents.create", p)
}

// AgentListParams are agents.list's params. Limit 0 means the default (50).
type AgentListParams struct {
	Limit  int `json:"limit,omitempty"`
	Offset int `json:"offset,omitempty"`
}

// List returns one page of agents.
func (s *AgentsService) List(ctx context.Context, p AgentListParams) (*List[Agent], error) {
	return call[List[Agent]](ctx, s.c, "agents.list", p)
}

// ListAll iterates over every agent from p.Offset on.
func (s *AgentsService) ListAll(ctx context.Context, p AgentListParams) iter.Seq2[Agent, error] {
	return pageAll(ctx, p.Offset, func(offset int) (*List[Agent], error) {
		p.Offset = offset
		return s.List(ctx, p)
	})
}

// Get gets an agent by UUID or name.
func (s *AgentsService) Get(ctx context.Context, agentID string) (*Agent, error) {
	return call[Agent](ctx, s.c, "agents.get", map[string]string{"agent_id": agentID})
}

// AgentUpdateParams are agents.update's params: AgentID and at least one field. Description
// is a pointer because "" is meaningful (it clears the description).
type AgentUpdateParams struct {
	AgentID     string         `json:"agent_id,omitempty"`
	Name        string         `json:"name,omitempty"`
	Description *string        `json:"description,omitempty"`
	Metadata    map[string]any `json:"metadata,omitzero"`
}

// Update updates an agent.
func (s *AgentsService) Update(ctx context.Context, p AgentUpdateParams) (*Agent, error) {
	return call[Agent](ctx, s.c, "agents.update", p)
}

// Delete deletes an agent with its memories, entities, sessions and decisions.
func (s *AgentsService) Delete(ctx context.Context, agentID string) error {
	return callNoResult(ctx, s.c, "agents.delete", map[string]string{"agent_id": agentID})
}

// Stats returns an agent's counts.
func (s *AgentsService) Stats(ctx context.Context, agentID string) (*AgentStats, error) {
	return call[AgentStats](ctx, s.c, "agents.stats", map[string]string{"agent_id": agentID})
}
