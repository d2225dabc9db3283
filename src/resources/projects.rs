//! `client.projects()` (§4.8).

use serde::Serialize;
use serde_json::{json, Value};

use super::{params, resource, ListOptions, Mode};
use crate::models::{Page, Project, ProjectContext};

resource!(
    /// Multi-project context management.
    Projects
);

/// Optional arguments of `projects.create`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CreateProjectOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    /// Derived from the name when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stack: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repo_url: Option<String>,
}

/// Fields of `projects.update`; at least one must be set.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UpdateProject {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
}

impl<'a, M: Mode> Projects<'a, M> {
    pub fn create(
        &self,
        agent_id: &str,
        name: &str,
        opts: CreateProjectOptions,
    ) -> M::Output<Project> {
        let p = json!({"agent_id": agent_id, "name": name});
        self.ctx.call("projects.create", params(p, &opts))
    }

    pub fn list(&self, agent_id: &str, opts: ListOptions) -> M::Output<Page<Project>> {
        self.ctx.call(
            "projects.list",
            params(json!({"agent_id": agent_id}), &opts),
        )
    }

    /// Every project the agent created, page by page.
    pub fn list_all(&self, agent_id: &str, opts: ListOptions) -> M::Items<Project> {
        self.ctx.pages(
            "projects.list",
            params(json!({"agent_id": agent_id}), &opts),
        )
    }

    /// `project_id` is the UUID or the slug.
    pub fn get(&self, project_id: &str) -> M::Output<Project> {
        self.ctx
            .call("projects.get", json!({"project_id": project_id}))
    }

    pub fn update(&self, project_id: &str, update: UpdateProject) -> M::Output<Project> {
        self.ctx.call(
            "projects.update",
            params(json!({"project_id": project_id}), &update),
        )
    }

    pub fn delete(&self, project_id: &str) -> M::Output<()> {
        self.ctx
            .call_unit("projects.delete", json!({"project_id": project_id}))
    }

    /// Hot memories, recent decisions and active patterns of the project.
    pub fn context(&self, project_id: &str) -> M::Output<ProjectContext> {
        self.ctx
            .call("projects.context", json!({"project_id": project_id}))
    }
}
