//! `client.sessions()` (§4.6).

use serde::Serialize;
use serde_json::{json, Value};

use super::{params, resource, Mode};
use crate::models::{Page, Session, SessionSummary};

resource!(
    /// Bounded interaction periods grouping memories.
    Sessions
);

/// Optional arguments of `sessions.create`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CreateSessionOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Project id or slug.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
}

/// Optional arguments of `sessions.get_or_create` (used only when it creates).
#[derive(Debug, Clone, Default, Serialize)]
pub struct GetOrCreateSessionOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
}

/// Arguments of `sessions.list`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ListSessionsOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
    /// `active` or `ended`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

impl<'a, M: Mode> Sessions<'a, M> {
    pub fn create(&self, agent_id: &str, opts: CreateSessionOptions) -> M::Output<Session> {
        self.ctx.call(
            "sessions.create",
            params(json!({"agent_id": agent_id}), &opts),
        )
    }

    /// Resumes the agent's session with this key, or starts one (`created` tells which).
    pub fn get_or_create(
        &self,
        agent_id: &str,
        session_key: &str,
        opts: GetOrCreateSessionOptions,
    ) -> M::Output<Session> {
        let p = json!({"agent_id": agent_id, "session_key": session_key});
        self.ctx.call("sessions.get_or_create", params(p, &opts))
    }

    pub fn list(&self, agent_id: &str, opts: ListSessionsOptions) -> M::Output<Page<Session>> {
        self.ctx.call(
            "sessions.list",
            params(json!({"agent_id": agent_id}), &opts),
        )
    }

    /// Every session of the agent, page by page.
    pub fn list_all(&self, agent_id: &str, opts: ListSessionsOptions) -> M::Items<Session> {
        self.ctx.pages(
            "sessions.list",
            params(json!({"agent_id": agent_id}), &opts),
        )
    }

    /// The session with its memories, oldest first.
    pub fn get(&self, session_id: &str) -> M::Output<Session> {
        self.ctx
            .call("sessions.get", json!({"session_id": session_id}))
    }

    /// Marks the session ended, optionally replacing its summary.
    pub fn end(&self, session_id: &str, summary: Option<&str>) -> M::Output<Session> {
        self.ctx.call(
            "sessions.end",
            json!({"session_id": session_id, "summary": summary}),
        )
    }

    pub fn summarize(&self, session_id: &str) -> M::Output<SessionSummary> {
        self.ctx
            .call("sessions.summarize", json!({"session_id": session_id}))
    }

    pub fn delete(&self, session_id: &str) -> M::Output<()> {
        self.ctx
            .call_unit("sessions.delete", json!({"session_id": session_id}))
    }
}
