//! The drop-in surface for the official tool clients (the MCP server and the OpenClaw plugin)
//! over real HTTP: the endpoints beyond the Python SDK page, deletes answering 200 with a body,
//! account-wide projects and patterns, sessions creating their agent, and a replay of the
//! requests every MCP tool sends. One test binary (one link) for all of it. Each endpoint has
//! its error paths and a two-tenant check.
#[path = "../common/mod.rs"]
mod common;

mod accountwide;
mod async_memories;
mod context;
mod deletes;
mod mcp_replay;
mod neighborhood;
mod project_graph;
mod promote;
mod search_filters;
mod sessions;
mod suggest;

use common::{Resp, Srv};
use reqwest::Method;
use serde_json::Value;

/// A request as the second account (`two_keys()` servers).
pub async fn as_b(s: &Srv, method: Method, path: &str, body: Option<Value>) -> Resp {
    let key = s.keys[1].clone();
    s.call_as(&key, method, path, body).await
}
