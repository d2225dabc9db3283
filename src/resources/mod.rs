//! Typed resource accessors (`client.memories().create(..)`), written once for both clients.
//!
//! Each method builds the JSON params of the method table and calls it, so the typed and the
//! JSON surfaces share validation, wire mapping and the request path. A [`Mode`] decides
//! whether the call is returned as a future ([`AsyncMode`], for [`crate::Client`]) or run to
//! completion ([`BlockingMode`], for [`crate::BlockingClient`]).

mod agents;
mod decisions;
mod entities;
mod memories;
mod patterns;
mod projects;
mod sessions;

pub use agents::*;
pub use decisions::*;
pub use entities::*;
pub use memories::*;
pub use patterns::*;
pub use projects::*;
pub use sessions::*;

use futures_util::future::BoxFuture;
use futures_util::stream::BoxStream;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::client::Client;
use crate::error::Result;
use crate::http::CallOptions;
use crate::paging::{PageIter, Pager};

/// How a typed call is delivered: as a future or as a finished result.
pub trait Mode: Copy {
    /// What a method returns for a result of `T`.
    type Output<T: Send + 'static>;
    /// What an auto-paging method returns for items of `T`.
    type Items<T: DeserializeOwned + Send + 'static>;
    #[doc(hidden)]
    fn run<T: Send + 'static>(self, fut: BoxFuture<'static, Result<T>>) -> Self::Output<T>;
    #[doc(hidden)]
    fn items<T: DeserializeOwned + Send + 'static>(self, pager: Pager) -> Self::Items<T>;
}

/// Methods return `Send` futures; paging returns a `Stream`.
#[derive(Debug, Clone, Copy, Default)]
pub struct AsyncMode;

impl Mode for AsyncMode {
    type Output<T: Send + 'static> = BoxFuture<'static, Result<T>>;
    type Items<T: DeserializeOwned + Send + 'static> = BoxStream<'static, Result<T>>;
    fn run<T: Send + 'static>(self, fut: BoxFuture<'static, Result<T>>) -> Self::Output<T> {
        fut
    }
    fn items<T: DeserializeOwned + Send + 'static>(self, pager: Pager) -> Self::Items<T> {
        pager.into_stream()
    }
}

/// Methods block on the client's own runtime; paging returns an `Iterator`.
#[derive(Debug, Clone, Copy)]
pub struct BlockingMode<'a> {
    pub(crate) rt: &'a tokio::runtime::Runtime,
}

impl<'a> Mode for BlockingMode<'a> {
    type Output<T: Send + 'static> = Result<T>;
    type Items<T: DeserializeOwned + Send + 'static> = PageIter<'a, T>;
    fn run<T: Send + 'static>(self, fut: BoxFuture<'static, Result<T>>) -> Result<T> {
        crate::wait::block_on(self.rt, fut)
    }
    fn items<T: DeserializeOwned + Send + 'static>(self, pager: Pager) -> PageIter<'a, T> {
        PageIter::new(self.rt, pager)
    }
}

/// The resource accessors of the async client.
impl Client {
    pub fn memories(&self) -> Memories<'_> {
        Memories::new(self, AsyncMode)
    }
    pub fn agents(&self) -> Agents<'_> {
        Agents::new(self, AsyncMode)
    }
    pub fn entities(&self) -> Entities<'_> {
        Entities::new(self, AsyncMode)
    }
    pub fn sessions(&self) -> Sessions<'_> {
        Sessions::new(self, AsyncMode)
    }
    pub fn decisions(&self) -> Decisions<'_> {
        Decisions::new(self, AsyncMode)
    }
    pub fn projects(&self) -> Projects<'_> {
        Projects::new(self, AsyncMode)
    }
    pub fn patterns(&self) -> Patterns<'_> {
        Patterns::new(self, AsyncMode)
    }
}

/// State shared by every resource accessor.
#[derive(Clone, Copy)]
struct Ctx<'a, M: Mode> {
    client: &'a Client,
    mode: M,
    opts: CallOptions,
}

impl<'a, M: Mode> Ctx<'a, M> {
    fn call<T: DeserializeOwned + Send + 'static>(
        &self,
        method: &'static str,
        params: Value,
    ) -> M::Output<T> {
        let client = self.client.clone();
        let opts = self.opts;
        self.mode.run(Box::pin(async move {
            client.call_typed(method, params, opts).await
        }))
    }

    /// For delete methods: the result JSON is `null`.
    fn call_unit(&self, method: &'static str, params: Value) -> M::Output<()> {
        let client = self.client.clone();
        let opts = self.opts;
        self.mode.run(Box::pin(async move {
            client.call_with(method, params, opts).await.map(|_| ())
        }))
    }

    fn pages<T: DeserializeOwned + Send + 'static>(
        &self,
        method: &'static str,
        params: Value,
    ) -> M::Items<T> {
        self.mode
            .items(Pager::new(self.client.clone(), method, params, self.opts))
    }
}

/// Builds a params object from required members plus an options struct (its `None` fields
/// are skipped by serde, so they stay absent).
fn params(required: Value, options: &impl Serialize) -> Value {
    let mut obj = match required {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    if let Ok(Value::Object(extra)) = serde_json::to_value(options) {
        obj.extend(extra);
    }
    Value::Object(obj)
}

/// Pagination options shared by the plain list methods.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ListOptions {
    /// Page size, 1..100 (default 50).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Items to skip (default 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
}

/// Declares a resource accessor struct with the shared constructor and `with_options`.
macro_rules! resource {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy)]
        pub struct $name<'a, M: $crate::resources::Mode = $crate::resources::AsyncMode> {
            ctx: $crate::resources::Ctx<'a, M>,
        }
        impl<'a, M: $crate::resources::Mode> $name<'a, M> {
            pub(crate) fn new(client: &'a $crate::Client, mode: M) -> Self {
                $name {
                    ctx: $crate::resources::Ctx {
                        client,
                        mode,
                        opts: $crate::CallOptions::default(),
                    },
                }
            }
            /// The same accessor with a per-call timeout and retry count.
            pub fn with_options(mut self, opts: $crate::CallOptions) -> Self {
                self.ctx.opts = opts;
                self
            }
        }
    };
}
pub(crate) use resource;
