//! One object per resource (`client.memories().search(params_json)`), for languages where
//! `client.call("memories.search", …)` reads worse. Each method is the JSON-layer call of
//! contract §1.6 under its resource's name; every async method has a `*_blocking` twin.

use std::sync::Arc;

use super::cancel::CancellationToken;
use super::client::MemoryRelayClient;
use super::error::MemoryRelayError;

macro_rules! resource {
    ($(#[$doc:meta])* $name:ident $prefix:literal { $($method:ident / $blocking:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(uniffi::Object)]
        pub struct $name {
            client: Arc<MemoryRelayClient>,
        }

        impl $name {
            pub(crate) fn new(client: Arc<MemoryRelayClient>) -> $name {
                $name { client }
            }
        }

        export_async! {
            impl $name {
                $(
                    /// The JSON-layer call of the same name: params JSON in, response JSON out.
                    #[uniffi::method(default(token = None))]
                    pub async fn $method(
                        &self,
                        params_json: String,
                        token: Option<Arc<CancellationToken>>,
                    ) -> Result<String, MemoryRelayError> {
                        self.client
                            .call_json(concat!($prefix, ".", stringify!($method)), params_json, token)
                            .await
                    }
                )*
            }
        }

        export_blocking! {
            impl $name {
                $(
                    /// Blocking twin of the async method of the same name.
                    #[uniffi::method(default(token = None))]
                    pub fn $blocking(
                        &self,
                        params_json: String,
                        token: Option<Arc<CancellationToken>>,
                    ) -> Result<String, MemoryRelayError> {
                        self.client.call_json_blocking(
                            concat!($prefix, ".", stringify!($method)),
                            params_json,
                            token,
                        )
                    }
                )*
            }
        }
    };
}

resource! {
    /// Core memory storage and retrieval.
    Memories "memories" {
        create / create_blocking, search / search_blocking, list / list_blocking,
        get / get_blocking, update / update_blocking, delete / delete_blocking,
        batch_create / batch_create_blocking,
    }
}

resource! {
    /// Agent namespaces that isolate memory collections.
    Agents "agents" {
        create / create_blocking, list / list_blocking, get / get_blocking,
        update / update_blocking, delete / delete_blocking, stats / stats_blocking,
    }
}

resource! {
    /// Knowledge-graph nodes linked to memories.
    Entities "entities" {
        create / create_blocking, list / list_blocking, get / get_blocking,
        update / update_blocking, delete / delete_blocking, link / link_blocking,
    }
}

resource! {
    /// Bounded interaction periods grouping memories.
    Sessions "sessions" {
        create / create_blocking, get_or_create / get_or_create_blocking, list / list_blocking,
        get / get_blocking, end / end_blocking, summarize / summarize_blocking,
        delete / delete_blocking,
    }
}

resource! {
    /// Architectural and design decisions with a lifecycle.
    Decisions "decisions" {
        create / create_blocking, list / list_blocking, get / get_blocking,
        update / update_blocking, delete / delete_blocking, check / check_blocking,
        supersede / supersede_blocking,
    }
}

resource! {
    /// Projects and their context.
    Projects "projects" {
        create / create_blocking, list / list_blocking, get / get_blocking,
        update / update_blocking, delete / delete_blocking, context / context_blocking,
    }
}

resource! {
    /// Reusable patterns shared across projects.
    Patterns "patterns" {
        create / create_blocking, search / search_blocking, list / list_blocking,
        get / get_blocking, update / update_blocking, delete / delete_blocking,
        adopt / adopt_blocking, unadopt / unadopt_blocking,
    }
}

#[cfg(test)]
mod tests {
    /// The resource objects above list exactly the core's 47 methods, no more, no fewer.
    #[test]
    fn resource_objects_cover_the_method_table() {
        let src = include_str!("resources.rs");
        let mut exported = Vec::new();
        let mut rest = src;
        while let Some(at) = rest.find("\nresource! {") {
            let block = &rest[at..];
            let end = block.find("\n}\n").unwrap_or(block.len());
            let block = &block[..end];
            let prefix = block.split('"').nth(1).expect("resource prefix");
            let head = format!("\"{prefix}\" {{\n");
            let body = &block[block.find(&head).expect("method list") + head.len()..];
            for pair in body.split(',') {
                let name = pair.split('/').next().unwrap_or("").trim();
                // The text after the last comma is the closing brace.
                if !name.is_empty() && name != "}" {
                    exported.push(format!("{prefix}.{name}"));
                }
            }
            rest = &rest[at + end..];
        }
        let mut expected: Vec<String> = crate::methods::METHODS
            .iter()
            .map(|m| m.name.to_owned())
            .collect();
        exported.sort();
        expected.sort();
        assert_eq!(exported, expected);
        assert_eq!(exported.len(), 47);
    }
}
