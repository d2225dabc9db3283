package memoryrelay

import (
	"context"
	"iter"
)

// ProjectsService is client.Projects: multi-project context. A project id may be its UUID or
// its slug.
type ProjectsService struct{ c *Client }

// ProjectCreateParams are projects.create's params (AgentID, Name required). Without Slug, one
// is derived from Name.
type ProjectCreateParams struct {
	AgentID     string         `json:"agent_id,omitempty"`
	Name        string         `json:"name,omitempty"`
	Description string         `json:"description,omitempty"`
	Metadata    map[string]any `json:"metadata,omitzero"`
	Slug        string         `json:"slug,omitempty"`
	Stack       map[string]any `json:"stack,omitzero"`
	RepoURL     string         `json:"repo_url,omitempty"`
}

// Create registers a project.
func (s *ProjectsService) Create(ctx context.Context, p ProjectCreateParams) (*Project, error) {
	return call[Project](ctx, s.c, "projects.create", p)
}

// ProjectListParams are projects.list's params (projects created by AgentID).
type ProjectListParams struct {
	AgentID string `json:"agent_id,omitempty"`
	Limit   int    `json:"limit,omitempty"`
	Offset  int    `json:"offset,omitempty"`
}

// List returns one page of projects.
func (s *ProjectsService) List(ctx context.Context, p ProjectListParams) (*List[Project], error) {
	return call[List[Project]](ctx, s.c, "projects.list", p)
}

// ListAll iterates over every project from p.Offset on.
func (s *ProjectsService) ListAll(ctx context.Context, p ProjectListParams) iter.Seq2[Project, error] {
	return pageAll(ctx, p.Offset, func(offset int) (*List[Project], error) {
		p.Offset = offset
		return s.List(ctx, p)
	})
}

// Get gets a project by UUID or slug.
func (s *ProjectsService) Get(ctx context.Context, projectID string) (*Project, error) {
	return call[Project](ctx, s.c, "projects.get", map[string]string{"project_id": projectID})
}

// ProjectUpdateParams are projects.update's params: ProjectID and at least one field.
type ProjectUpdateParams struct {
	ProjectID   string         `json:"project_id,omitempty"`
	Name        string         `json:"name,omitempty"`
	Description *string        `json:"description,omitempty"`
	Metadata    map[string]any `json:"metadata,omitzero"`
}

// Update updates a project (its slug never changes).
func (s *ProjectsService) Update(ctx context.Context, p ProjectUpdateParams) (*Project, error) {
	return call[Project](ctx, s.c, "projects.update", p)
}

// Delete deletes a project.
func (s *ProjectsService) Delete(ctx context.Context, projectID string) error {
	return callNoResult(ctx, s.c, "projects.delete", map[string]string{"project_id": projectID})
}

// Context returns the project's full context: hot memories, recent decisions, active patterns.
func (s *ProjectsService) Context(ctx context.Context, projectID string) (*ProjectContext, error) {
	return call[ProjectContext](ctx, s.c, "projects.context", map[string]string{"project_id": projectID})
}
