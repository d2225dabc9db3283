package memoryrelay

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
)

// TestAllMethods runs the Python reference's scenario through every one of the 47 methods with
// typed params and results, and asserts that each method of the generated Methods list was called.
func TestAllMethods(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]bool{}
	observeCall = func(m string) { mu.Lock(); seen[m] = true; mu.Unlock() }
	defer func() { observeCall = nil }()

	c := newTestClient(t)
	ctx := bg()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	// agents
	agent, err := c.Agents.Create(ctx, AgentCreateParams{Name: uniq("go-agent"), Description: "My first agent",
		Metadata: map[string]any{"team": "go"}})
	must(err)
	if agent.ID == "" || agent.Object != "agent" || agent.Description == nil || *agent.Description != "My first agent" ||
		agent.Metadata["team"] != "go" || agent.CreatedAt.IsZero() {
		t.Fatalf("agent: %+v", agent)
	}
	got, err := c.Agents.Get(ctx, agent.Name) // by name
	must(err)
	if got.ID != agent.ID {
		t.Fatalf("agents.get by name: %s != %s", got.ID, agent.ID)
	}
	upd, err := c.Agents.Update(ctx, AgentUpdateParams{AgentID: agent.ID, Description: String("")})
	must(err)
	if upd.Description != nil && *upd.Description != "" {
		t.Fatalf("description not cleared: %v", *upd.Description)
	}
	agents, err := c.Agents.List(ctx, AgentListParams{Limit: 100})
	must(err)
	if agents.Object != "list" || val(agents.TotalCount) < 1 || !containsID(agents.Data, agent.ID, func(a Agent) string { return a.ID }) {
		t.Fatalf("agents.list: %+v", agents)
	}

	// memories
	mem, err := c.Memories.Create(ctx, MemoryCreateParams{AgentID: agent.ID,
		Content:  "The project uses PostgreSQL 16 with pgvector for semantic search.",
		Metadata: map[string]any{"source": "architecture-review", "confidence": 0.95}})
	must(err)
	if mem.AgentID != agent.ID || mem.Metadata["confidence"] != 0.95 || val(mem.MemoryType) != "fact" ||
		val(mem.Importance) != 0.5 || val(mem.Tier) != "warm" || mem.IsDuplicate || mem.CreatedAt.IsZero() {
		t.Fatalf("memory: %+v", mem)
	}
	hot, err := c.Memories.Create(ctx, MemoryCreateParams{AgentID: agent.ID, Content: "FastAPI handles async requests natively.",
		Importance: Float(0.9), MemoryType: "insight", UserID: "u1"})
	must(err)
	if val(hot.Tier) != "hot" || val(hot.MemoryType) != "insight" || hot.UserID == nil || *hot.UserID != "u1" {
		t.Fatalf("hot memory: %+v", hot)
	}
	dup, err := c.Memories.Create(ctx, MemoryCreateParams{AgentID: agent.ID, Content: mem.Content, Deduplicate: true})
	must(err)
	if !dup.IsDuplicate || dup.ID != mem.ID {
		t.Fatalf("dedup: %+v", dup)
	}
	res, err := c.Memories.Search(ctx, MemorySearchParams{AgentID: agent.ID, Query: "What database does the project use?", Limit: 5})
	must(err)
	if len(res.Data) == 0 || res.Data[0].Memory.ID != mem.ID || res.Data[0].Content != mem.Content || res.Data[0].Score <= 0 {
		t.Fatalf("search: %+v", res)
	}
	gotMem, err := c.Memories.Get(ctx, mem.ID)
	must(err)
	if gotMem.Content != mem.Content || !gotMem.CreatedAt.Equal(mem.CreatedAt.Time) {
		t.Fatalf("memories.get: %+v", gotMem)
	}
	updMem, err := c.Memories.Update(ctx, MemoryUpdateParams{MemoryID: mem.ID, Metadata: map[string]any{}})
	must(err)
	if len(updMem.Metadata) != 0 || updMem.Content != mem.Content {
		t.Fatalf("memories.update: %+v", updMem)
	}
	list, err := c.Memories.List(ctx, MemoryListParams{AgentID: agent.ID})
	must(err)
	if val(list.TotalCount) != 2 || len(list.Data) != 2 || list.Data[0].ID != hot.ID || list.HasMore {
		t.Fatalf("memories.list: %+v", list)
	}
	batch, err := c.Memories.BatchCreate(ctx, MemoryBatchCreateParams{AgentID: agent.ID, Memories: []BatchMemory{
		{Content: "Python 3.11 is the minimum version."},
		{Content: "Tests use pytest with async fixtures.", Importance: Float(0.2)},
		{Content: "   "}, // fails alone
	}})
	must(err)
	if batch.Total != 3 || batch.Succeeded != 2 || batch.Failed != 1 || batch.Success || len(batch.Results) != 3 ||
		batch.Results[2].Status != "failed" || batch.Results[2].Index != 2 || batch.Results[0].MemoryID == nil {
		t.Fatalf("batch: %+v", batch)
	}

	// entities
	ent, err := c.Entities.Create(ctx, EntityCreateParams{AgentID: agent.ID, Name: "PostgreSQL", EntityType: "technology",
		Metadata: map[string]any{"version": "16"}})
	must(err)
	if ent.EntityType != "technology" || ent.AgentID == nil || *ent.AgentID != agent.ID {
		t.Fatalf("entity: %+v", ent)
	}
	link, err := c.Entities.Link(ctx, EntityLinkParams{EntityID: ent.ID, MemoryID: mem.ID, Relationship: "uses"})
	must(err)
	if link.Relationship != "uses" || val(link.RelevanceScore) != 1.0 || link.MemoryID != mem.ID {
		t.Fatalf("link: %+v", link)
	}
	gotEnt, err := c.Entities.Get(ctx, ent.ID)
	must(err)
	if gotEnt.MemoryCount != 1 {
		t.Fatalf("entity memory_count: %+v", gotEnt)
	}
	updEnt, err := c.Entities.Update(ctx, EntityUpdateParams{EntityID: ent.ID, Name: "Postgres"})
	must(err)
	if updEnt.Name != "Postgres" {
		t.Fatalf("entities.update: %+v", updEnt)
	}
	ents, err := c.Entities.List(ctx, EntityListParams{AgentID: agent.ID, EntityType: "technology"})
	must(err)
	if val(ents.TotalCount) != 1 || ents.Data[0].ID != ent.ID {
		t.Fatalf("entities.list: %+v", ents)
	}

	// sessions
	sess, err := c.Sessions.GetOrCreate(ctx, SessionGetOrCreateParams{AgentID: agent.ID, SessionKey: "project-review-2026-03-17"})
	must(err)
	if sess.Created == nil || !*sess.Created || sess.Status != "active" {
		t.Fatalf("get_or_create: %+v", sess)
	}
	again, err := c.Sessions.GetOrCreate(ctx, SessionGetOrCreateParams{AgentID: agent.ID, SessionKey: "project-review-2026-03-17"})
	must(err)
	if again.ID != sess.ID || again.Created == nil || *again.Created {
		t.Fatalf("get_or_create again: %+v", again)
	}
	_, err = c.Memories.Create(ctx, MemoryCreateParams{AgentID: agent.ID, Content: "Reviewed the authentication module.",
		Metadata: map[string]any{"session_id": sess.ID}})
	must(err)
	sum, err := c.Sessions.Summarize(ctx, sess.ID)
	must(err)
	if sum.SessionID != sess.ID || sum.MemoryCount != 1 || !strings.Contains(sum.Summary, "Reviewed the authentication module") {
		t.Fatalf("summarize: %+v", sum)
	}
	full, err := c.Sessions.Get(ctx, sess.ID)
	must(err)
	if len(full.Memories) != 1 || full.Memories[0].Content != "Reviewed the authentication module." {
		t.Fatalf("sessions.get memories: %+v", full)
	}
	ended, err := c.Sessions.End(ctx, SessionEndParams{SessionID: sess.ID, Summary: String("done")})
	must(err)
	if ended.Status != "ended" || ended.EndedAt == nil || ended.Summary == nil || *ended.Summary != "done" {
		t.Fatalf("sessions.end: %+v", ended)
	}
	other, err := c.Sessions.Create(ctx, SessionCreateParams{AgentID: agent.ID, Title: "scratch", Metadata: map[string]any{"k": 1}})
	must(err)
	sessions, err := c.Sessions.List(ctx, SessionListParams{AgentID: agent.ID, Status: "ended"})
	must(err)
	if val(sessions.TotalCount) != 1 || sessions.Data[0].ID != sess.ID {
		t.Fatalf("sessions.list: %+v", sessions)
	}
	must(c.Sessions.Delete(ctx, other.ID))
	if _, err := c.Sessions.Get(ctx, other.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted session: %v", err)
	}

	// projects
	proj, err := c.Projects.Create(ctx, ProjectCreateParams{AgentID: agent.ID, Name: "Go SDK " + agent.Name,
		Description: "bindings", Stack: map[string]any{"lang": "go"}})
	must(err)
	if proj.Slug == "" || proj.Stack["lang"] != "go" {
		t.Fatalf("project: %+v", proj)
	}
	bySlug, err := c.Projects.Get(ctx, proj.Slug)
	must(err)
	if bySlug.ID != proj.ID {
		t.Fatalf("projects.get by slug: %+v", bySlug)
	}
	updProj, err := c.Projects.Update(ctx, ProjectUpdateParams{ProjectID: proj.ID, Name: "Renamed"})
	must(err)
	if updProj.Name != "Renamed" || updProj.Slug != proj.Slug {
		t.Fatalf("projects.update: %+v", updProj)
	}
	projs, err := c.Projects.List(ctx, ProjectListParams{AgentID: agent.ID})
	must(err)
	if val(projs.TotalCount) != 1 {
		t.Fatalf("projects.list: %+v", projs)
	}

	// decisions
	d1, err := c.Decisions.Create(ctx, DecisionCreateParams{AgentID: agent.ID, Title: "Use pgvector for vector search",
		Content:  "Chose pgvector over a separate vector database to reduce operational complexity.",
		Metadata: map[string]any{"category": "architecture"}, Tags: []string{"db"}, ProjectSlug: proj.Slug})
	must(err)
	if d1.Rationale == "" || d1.Status != "active" || len(d1.Tags) != 1 || d1.ProjectSlug == nil {
		t.Fatalf("decision: %+v", d1)
	}
	d2, err := c.Decisions.Create(ctx, DecisionCreateParams{AgentID: agent.ID, Title: "Migrate to OpenAI embeddings",
		Content: "Switching from local sentence-transformers to OpenAI for higher quality embeddings.", Status: "experimental"})
	must(err)
	chk, err := c.Decisions.Check(ctx, DecisionCheckParams{AgentID: agent.ID, Query: "Use pgvector for vector search"})
	must(err)
	if !chk.HasConflicts || chk.Total != len(chk.Data) || chk.Data[0].Decision.ID != d1.ID {
		t.Fatalf("decisions.check: %+v", chk)
	}
	updD, err := c.Decisions.Update(ctx, DecisionUpdateParams{DecisionID: d2.ID, Title: "Migrate to hosted embeddings"})
	must(err)
	if updD.Title != "Migrate to hosted embeddings" {
		t.Fatalf("decisions.update: %+v", updD)
	}
	sup, err := c.Decisions.Supersede(ctx, DecisionSupersedeParams{DecisionID: d1.ID, NewDecisionID: d2.ID,
		Reason: "OpenAI embeddings improved search relevance by 23%."})
	must(err)
	if sup.ID != d2.ID || sup.Status != "active" {
		t.Fatalf("supersede: %+v", sup)
	}
	old, err := c.Decisions.Get(ctx, d1.ID)
	must(err)
	if old.Status != "superseded" || old.SupersededBy == nil || *old.SupersededBy != d2.ID {
		t.Fatalf("superseded decision: %+v", old)
	}
	decs, err := c.Decisions.List(ctx, DecisionListParams{AgentID: agent.ID, Status: "superseded"})
	must(err)
	if val(decs.TotalCount) != 1 || decs.Data[0].ID != d1.ID {
		t.Fatalf("decisions.list: %+v", decs)
	}

	// patterns
	pat, err := c.Patterns.Create(ctx, PatternCreateParams{AgentID: agent.ID, Name: "Repository pattern",
		Content: "Wrap data access behind a repository interface.", Tags: []string{"arch"}, Category: "design"})
	must(err)
	if pat.Title != "Repository pattern" || pat.Scope != "global" || pat.Category == nil {
		t.Fatalf("pattern: %+v", pat)
	}
	ad, err := c.Patterns.Adopt(ctx, PatternAdoptParams{PatternID: pat.ID, ProjectID: proj.Slug})
	must(err)
	if ad.AdoptionCount != 1 || len(ad.AdoptedBy) != 1 || ad.AdoptedBy[0] != proj.Slug {
		t.Fatalf("adopt: %+v", ad)
	}
	pctx, err := c.Projects.Context(ctx, proj.ID)
	must(err)
	if pctx.Project.ID != proj.ID || len(pctx.ActivePatterns) != 1 || !strings.Contains(pctx.Context, "Renamed") {
		t.Fatalf("projects.context: %+v", pctx)
	}
	ps, err := c.Patterns.Search(ctx, PatternSearchParams{AgentID: agent.ID, Query: "Repository pattern"})
	must(err)
	if ps.Total < 1 || ps.Data[0].Pattern.ID != pat.ID {
		t.Fatalf("patterns.search: %+v", ps)
	}
	un, err := c.Patterns.Unadopt(ctx, PatternAdoptParams{PatternID: pat.ID, ProjectID: proj.ID})
	must(err)
	if un.AdoptionCount != 0 {
		t.Fatalf("unadopt: %+v", un)
	}
	updP, err := c.Patterns.Update(ctx, PatternUpdateParams{PatternID: pat.ID, Content: "Hide storage behind an interface."})
	must(err)
	if updP.Description != "Hide storage behind an interface." {
		t.Fatalf("patterns.update: %+v", updP)
	}
	gotP, err := c.Patterns.Get(ctx, pat.ID)
	must(err)
	if gotP.Description != updP.Description {
		t.Fatalf("patterns.get: %+v", gotP)
	}
	pats, err := c.Patterns.List(ctx, PatternListParams{AgentID: agent.ID})
	must(err)
	if val(pats.TotalCount) != 1 {
		t.Fatalf("patterns.list: %+v", pats)
	}

	// stats, then the deletes
	stats, err := c.Agents.Stats(ctx, agent.ID)
	must(err)
	if stats.MemoryCount != 5 || stats.EntityCount != 1 || stats.SessionCount != 1 || stats.DecisionCount != 2 ||
		stats.PatternCount != 1 || stats.LastActiveAt == nil {
		t.Fatalf("agents.stats: %+v", stats)
	}
	must(c.Patterns.Delete(ctx, pat.ID))
	must(c.Decisions.Delete(ctx, d2.ID))
	must(c.Projects.Delete(ctx, proj.ID))
	must(c.Entities.Delete(ctx, ent.ID))
	must(c.Memories.Delete(ctx, hot.ID))
	if _, err := c.Memories.Get(ctx, hot.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted memory: %v", err)
	}
	must(c.Agents.Delete(ctx, agent.ID))
	if _, err := c.Memories.Get(ctx, mem.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("memory of deleted agent: %v", err)
	}

	// Every method of the method table (the generated Methods list) was called, and nothing else.
	var missing []string
	for _, m := range Methods {
		if !seen[m] {
			missing = append(missing, m)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("methods not exercised: %v", missing)
	}
	if len(seen) != len(Methods) {
		t.Fatalf("called %d distinct methods, want %d: %v", len(seen), len(Methods), seen)
	}
}

func containsID[T any](items []T, id string, key func(T) string) bool {
	for _, it := range items {
		if key(it) == id {
			return true
		}
	}
	return false
}

// TestListAllPages pages through a list with a small page size, and stops early on break.
func TestListAllPages(t *testing.T) {
	c := newTestClient(t)
	agent := uniq("go-pager")
	var ids []string
	for i := 0; i < 7; i++ {
		m, err := c.Memories.Create(bg(), MemoryCreateParams{AgentID: agent, Content: "memory number " + string(rune('A'+i))})
		if err != nil {
			t.Fatal(err)
		}
		ids = append([]string{m.ID}, ids...) // newest first
	}
	var pages int
	observeCall = func(m string) {
		if m == "memories.list" {
			pages++
		}
	}
	defer func() { observeCall = nil }()
	var got []string
	for m, err := range c.Memories.ListAll(bg(), MemoryListParams{AgentID: agent, Limit: 3}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, m.ID)
	}
	if strings.Join(got, ",") != strings.Join(ids, ",") || pages != 3 {
		t.Fatalf("ListAll: %d pages, got %v want %v", pages, got, ids)
	}
	n := 0
	for range c.Memories.ListAll(bg(), MemoryListParams{AgentID: agent, Limit: 2}) {
		n++
		if n == 3 {
			break
		}
	}
	if n != 3 {
		t.Fatalf("break: %d", n)
	}
	// An error is yielded once, as the last element.
	var errs int
	for _, err := range c.Agents.ListAll(bg(), AgentListParams{Limit: 1000}) {
		if err != nil {
			errs++
			if !errors.Is(err, ErrValidation) {
				t.Fatalf("want VALIDATION, got %v", err)
			}
		}
	}
	if errs != 1 {
		t.Fatalf("errors yielded: %d", errs)
	}
}

// TestCallJSON covers the JSON escape hatch: lossless result, null for deletes.
func TestCallJSON(t *testing.T) {
	c := newTestClient(t)
	out, err := c.Call(bg(), "memories.create", []byte(`{"agent_id":"`+uniq("go-json")+`","content":"raw call"}`))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil || m["content"] != "raw call" {
		t.Fatalf("%s %v", out, err)
	}
	del, err := c.Call(bg(), "memories.delete", []byte(`{"memory_id":"`+m["id"].(string)+`"}`))
	if err != nil || string(del) != "null" {
		t.Fatalf("delete: %s %v", del, err)
	}
	if _, err := c.Call(bg(), "memories.nope", nil); !errors.Is(err, ErrInvalidArgument) ||
		!strings.Contains(err.Error(), "unknown method") {
		t.Fatalf("unknown method: %v", err)
	}
}

// TestBatchCreateChunks: 230 items go out as 3 chunks (100, 100, 30) and come back merged, with
// indexes into the caller's input; one bad item fails alone.
func TestBatchCreateChunks(t *testing.T) {
	c := newTestClient(t)
	agent := uniq("go-batch")
	items := make([]BatchMemory, 230)
	for i := range items {
		items[i] = BatchMemory{Content: fmt.Sprintf("batch item %d", i)}
	}
	items[150].Content = ""
	hits := withFaults(t, nil, func() {
		res, err := c.Memories.BatchCreate(bg(), MemoryBatchCreateParams{AgentID: agent, Memories: items})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 230 || res.Succeeded != 229 || res.Failed != 1 || res.Success || len(res.Results) != 230 {
			t.Fatalf("%+v", res)
		}
		for i, r := range res.Results {
			if r.Index != i || (i == 150) != (r.Status == "failed") {
				t.Fatalf("item %d: %+v", i, r)
			}
		}
		if res.Results[150].ErrorCode == nil || *res.Results[150].ErrorCode != "validation" {
			t.Fatalf("bad item: %+v", res.Results[150])
		}
	})
	if hits["POST /v1/memories/batch"] != 3 {
		t.Fatalf("chunks: %v", hits)
	}
}

// ListAll pages with PageSize when the params give no Limit, and with Limit otherwise.
func TestListAllPageSize(t *testing.T) {
	c := newTestClient(t)
	ctx := bg()
	agent, err := c.Agents.Create(ctx, AgentCreateParams{Name: uniq("pager")})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		if _, err := c.Entities.Create(ctx, EntityCreateParams{AgentID: agent.ID, Name: fmt.Sprintf("e%d", i), EntityType: "concept"}); err != nil {
			t.Fatal(err)
		}
	}
	count := func(p EntityListParams) int {
		n := 0
		for _, err := range c.Entities.ListAll(ctx, p) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		return n
	}
	if n := count(EntityListParams{AgentID: agent.ID, Limit: 2}); n != 5 {
		t.Fatalf("ListAll with Limit 2 saw %d entities, want 5", n)
	}
	if n := count(EntityListParams{AgentID: agent.ID, Offset: 3}); n != 2 {
		t.Fatalf("ListAll from offset 3 saw %d entities, want 2", n)
	}
	if PageSize != 100 {
		t.Fatalf("PageSize = %d, want the SDK's 100", PageSize)
	}
}
