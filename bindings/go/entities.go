package memoryrelay

import (
	"context"
	"iter"
)

// EntitiesService is client.Entities: knowledge-graph nodes.
type EntitiesService struct{ c *Client }

// EntityCreateParams are entities.create's params (AgentID, Name, EntityType required).
type EntityCreateParams struct {
	AgentID    string         `json:"agent_id,omitempty"`
	Name       string         `json:"name,omitempty"`
	EntityType string         `json:"entity_type,omitempty"` // e.g. person, technology, concept
	Metadata   map[string]any `json:"metadata,omitzero"`
}

// Create creates an entity.
func (s *EntitiesService) Create(ctx context.Context, p EntityCreateParams) (*Entity, error) {
	return call[Entity](ctx, s.c, "entities.create", p)
}

// EntityListParams are entities.list's params; EntityType filters by exact match.
type EntityListParams struct {
	AgentID    string `json:"agent_id,omitempty"`
	EntityType string `json:"entity_type,omitempty"`
	Limit      int    `json:"limit,omitempty"`
	Offset     int    `json:"offset,omitempty"`
}

// List returns one page of entities.
func (s *EntitiesService) List(ctx context.Context, p EntityListParams) (*List[Entity], error) {
	return call[List[Entity]](ctx, s.c, "entities.list", p)
}

// ListAll iterates over every entity from p.Offset on.
func (s *EntitiesService) ListAll(ctx context.Context, p EntityListParams) iter.Seq2[Entity, error] {
	return pageAll(ctx, p.Offset, func(offset int) (*List[Entity], error) {
		p.Offset = offset
		return s.List(ctx, p)
	})
}

// Get gets an entity.
func (s *EntitiesService) Get(ctx context.Context, entityID string) (*Entity, error) {
	return call[Entity](ctx, s.c, "entities.get", map[string]string{"entity_id": entityID})
}

// EntityUpdateParams are entities.update's params: EntityID and at least one field.
type EntityUpdateParams struct {
	EntityID string         `json:"entity_id,omitempty"`
	Name     string         `json:"name,omitempty"`
	Metadata map[string]any `json:"metadata,omitzero"`
}

// Update updates an entity.
func (s *EntitiesService) Update(ctx context.Context, p EntityUpdateParams) (*Entity, error) {
	return call[Entity](ctx, s.c, "entities.update", p)
}

// Delete deletes an entity and its links.
func (s *EntitiesService) Delete(ctx context.Context, entityID string) error {
	return callNoResult(ctx, s.c, "entities.delete", map[string]string{"entity_id": entityID})
}

// EntityLinkParams are entities.link's params; Relationship defaults to "mentioned_in".
type EntityLinkParams struct {
	EntityID     string `json:"entity_id,omitempty"`
	MemoryID     string `json:"memory_id,omitempty"`
	Relationship string `json:"relationship,omitempty"`
}

// Link links an entity to a memory (linking again returns the existing link).
func (s *EntitiesService) Link(ctx context.Context, p EntityLinkParams) (*EntityLink, error) {
	return call[EntityLink](ctx, s.c, "entities.link", p)
}
