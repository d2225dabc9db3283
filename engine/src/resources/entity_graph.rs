//! The neighbourhood of an entity (beyond the Python SDK page; used by the official tool
//! clients): the co-occurrence graph built from entity links. Two entities are neighbours when
//! they are linked to the same live memory; the edge weight is how many memories they share.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::storage::db::Connection;
use serde_json::{json, Map, Value};

use super::entities::entity_json;
use super::{resolve_id, Reply};
use crate::error::Result;
use crate::params::Params;
use crate::Engine;

/// Co-occurring entities of `entity` with their shared-memory counts, strongest first (ties:
/// newest entity first).
fn co_occurring(conn: &Connection, account: &str, entity: &str) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.entity_id, count(DISTINCT a.memory_id) AS shared, max(e.seq) FROM entity_links a \
         JOIN entity_links b ON b.memory_id = a.memory_id AND b.entity_id <> a.entity_id \
         JOIN memories m ON m.id = a.memory_id AND m.deleted_at IS NULL \
         JOIN entities e ON e.id = b.entity_id AND e.account = ?2 \
         WHERE a.entity_id = ?1 GROUP BY b.entity_id ORDER BY shared DESC, max(e.seq) DESC",
    )?;
    let rows = stmt.query_map([entity, account], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// A neighbour found by the traversal.
struct Neighbor {
    id: String,
    depth: u8,
    shared: i64,
    via: Option<String>,
}

/// Breadth-first over co-occurrence, up to `depth` hops and `max` neighbours: all of depth 1
/// first (strongest first), then depth 2 ranked by their strongest tie to a depth-1 neighbour.
fn traverse(
    conn: &Connection,
    account: &str,
    center: &str,
    depth: u8,
    max: usize,
) -> Result<Vec<Neighbor>> {
    let mut out: Vec<Neighbor> = co_occurring(conn, account, center)?
        .into_iter()
        .take(max)
        .map(|(id, shared)| Neighbor {
            id,
            depth: 1,
            shared,
            via: None,
        })
        .collect();
    if depth < 2 || out.len() >= max {
        return Ok(out);
    }
    let mut seen: HashSet<String> = out.iter().map(|n| n.id.clone()).collect();
    seen.insert(center.to_string());
    // Second hop: best (shared, via) per new entity, in first-seen order for stable ties.
    let mut second: Vec<(String, i64, String)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for n in &out {
        for (id, shared) in co_occurring(conn, account, &n.id)? {
            if seen.contains(&id) {
                continue;
            }
            match index.get(&id) {
                Some(&i) if second[i].1 >= shared => {}
                Some(&i) => second[i] = (id, shared, n.id.clone()),
                None => {
                    index.insert(id.clone(), second.len());
                    second.push((id, shared, n.id.clone()));
                }
            }
        }
    }
    second.sort_by_key(|x| std::cmp::Reverse(x.1));
    let room = max - out.len();
    out.extend(
        second
            .into_iter()
            .take(room)
            .map(|(id, shared, via)| Neighbor {
                id,
                depth: 2,
                shared,
                via: Some(via),
            }),
    );
    Ok(out)
}

/// Co-occurrence edges among `nodes`: (a, b) → shared live memory ids, with a < b.
fn edges_among(
    conn: &Connection,
    nodes: &[String],
) -> Result<HashMap<(String, String), BTreeSet<String>>> {
    let mut out: HashMap<(String, String), BTreeSet<String>> = HashMap::new();
    let set: HashSet<&str> = nodes.iter().map(String::as_str).collect();
    let mut stmt = conn.prepare_cached(
        "SELECT b.entity_id, a.memory_id FROM entity_links a \
         JOIN entity_links b ON b.memory_id = a.memory_id AND b.entity_id <> a.entity_id \
         JOIN memories m ON m.id = a.memory_id AND m.deleted_at IS NULL \
         WHERE a.entity_id = ?1",
    )?;
    for a in nodes {
        let rows = stmt.query_map([a], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (b, memory) = row?;
            if a < &b && set.contains(b.as_str()) {
                out.entry((a.clone(), b)).or_default().insert(memory);
            }
        }
    }
    Ok(out)
}

impl Engine {
    /// `GET /v1/entities/{id}/neighborhood?depth=1|2&max_neighbors=1..100`: the entity, its
    /// neighbours (each with its depth, shared-memory count and, at depth 2, the depth-1
    /// neighbour it was reached through), the co-occurrence edges among all of them, and the
    /// entity's own linked memories.
    pub fn entities_neighborhood(
        &self,
        account: &str,
        entity_id: &str,
        query: Map<String, Value>,
    ) -> Result<Reply> {
        let mut p = Params::query(query);
        let depth = p.i64_opt("depth", 1, 2).unwrap_or(1) as u8;
        let max = p.i64_opt("max_neighbors", 1, 100).unwrap_or(50) as usize;
        p.finish()?;
        self.tx(account, |ctx| {
            let c = ctx.conn;
            let id = resolve_id(c, "entities", account, entity_id, "Entity", "entity_id")?;
            let neighbors = traverse(c, account, &id, depth, max)?;
            let mut nodes: Vec<String> = vec![id.clone()];
            nodes.extend(neighbors.iter().map(|n| n.id.clone()));
            let mut edges: Vec<_> = edges_among(c, &nodes)?.into_iter().collect();
            edges.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
            let relationships: Vec<Value> = edges
                .into_iter()
                .map(|((a, b), memories)| {
                    json!({
                        "source_entity_id": a,
                        "target_entity_id": b,
                        "type": "co_occurs",
                        "weight": memories.len(),
                        "memory_ids": memories,
                    })
                })
                .collect();
            let neighbors = neighbors
                .iter()
                .map(|n| {
                    Ok(json!({
                        "entity": entity_json(c, &n.id)?,
                        "depth": n.depth,
                        "shared_memory_count": n.shared,
                        "via_entity_id": n.via,
                    }))
                })
                .collect::<Result<Vec<_>>>()?;
            let mut stmt = c.prepare(
                "SELECT l.memory_id, l.relationship, m.content FROM entity_links l \
                 JOIN memories m ON m.id = l.memory_id AND m.deleted_at IS NULL \
                 WHERE l.entity_id = ?1 ORDER BY l.seq DESC LIMIT 100",
            )?;
            let memories = stmt
                .query_map([&id], |r| {
                    Ok(json!({
                        "memory_id": r.get::<_, String>(0)?,
                        "relationship": r.get::<_, String>(1)?,
                        "content": r.get::<_, String>(2)?,
                    }))
                })?
                .collect::<std::result::Result<Vec<_>, _>>()?;
            let total = neighbors.len();
            Ok(Reply::ok(json!({
                "object": "entity_neighborhood",
                "entity": entity_json(c, &id)?,
                "depth": depth,
                "max_neighbors": max,
                "neighbors": neighbors,
                "relationships": relationships,
                "memories": memories,
                "total_neighbors": total,
            })))
        })
    }
}
