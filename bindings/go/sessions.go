package memoryrelay

import (
	"context"
	"iter"
)

// SessionsService is client.Sessions: bounded interaction periods.
type SessionsService struct{ c *Client }

// SessionCreateParams are sessions.create's params (AgentID required).
type SessionCreateParams struct {
	AgentID    string         `json:"agent_id,omitempty"`
	Metadata   map[string]any `json:"metadata,omitzero"`
	Title      string         `json:"title,omitempty"`
	ExternalID string         `json:"external_id,omitempty"`
	Project    string         `json:"project,omitempty"` // project id or slug
}

// Create starts a session.
func (s *SessionsService) Create(ctx context.Context, p SessionCreateParams) (*Session, error) {
	return call[Session](ctx, s.c, "sessions.create", p)
}

// SessionGetOrCreateParams are sessions.get_or_create's params (AgentID, SessionKey required);
// the extras apply only when the session is created.
type SessionGetOrCreateParams struct {
	AgentID    string         `json:"agent_id,omitempty"`
	SessionKey string         `json:"session_key,omitempty"`
	Title      string         `json:"title,omitempty"`
	Metadata   map[string]any `json:"metadata,omitzero"`
	Project    string         `json:"project,omitempty"`
}

// GetOrCreate resumes the agent's session with that key, or starts one (Session.Created).
func (s *SessionsService) GetOrCreate(ctx context.Context, p SessionGetOrCreateParams) (*Session, error) {
	return call[Session](ctx, s.c, "sessions.get_or_create", p)
}

// SessionListParams are sessions.list's params; Status is active or ended.
type SessionListParams struct {
	AgentID string `json:"agent_id,omitempty"`
	Limit   int    `json:"limit,omitempty"`
	Offset  int    `json:"offset,omitempty"`
	Status  string `json:"status,omitempty"`
}

// List returns one page of an agent's sessions.
func (s *SessionsService) List(ctx context.Context, p SessionListParams) (*List[Session], error) {
	return call[List[Session]](ctx, s.c, "sessions.list", p)
}

// ListAll iterates over every session from p.Offset on.
func (s *SessionsService) ListAll(ctx context.Context, p SessionListParams) iter.Seq2[Session, error] {
	return pageAll(ctx, p.Offset, func(offset int) (*List[Session], error) {
		p.Offset = offset
		return s.List(ctx, p)
	})
}

// Get gets a session with its memories (Session.Memories, oldest first).
func (s *SessionsService) Get(ctx context.Context, sessionID string) (*Session, error) {
	return call[Session](ctx, s.c, "sessions.get", map[string]string{"session_id": sessionID})
}

// SessionEndParams are sessions.end's params; Summary, when set, replaces the stored summary.
type SessionEndParams struct {
	SessionID string  `json:"session_id,omitempty"`
	Summary   *string `json:"summary,omitempty"`
}

// End marks a session as ended.
func (s *SessionsService) End(ctx context.Context, p SessionEndParams) (*Session, error) {
	return call[Session](ctx, s.c, "sessions.end", p)
}

// Summarize generates and stores a summary of the session.
func (s *SessionsService) Summarize(ctx context.Context, sessionID string) (*SessionSummary, error) {
	return call[SessionSummary](ctx, s.c, "sessions.summarize", map[string]string{"session_id": sessionID})
}

// Delete deletes a session (its memories stay, unlinked).
func (s *SessionsService) Delete(ctx context.Context, sessionID string) error {
	return callNoResult(ctx, s.c, "sessions.delete", map[string]string{"session_id": sessionID})
}
