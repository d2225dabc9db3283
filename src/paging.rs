//! Auto-paging over list methods: a `Stream` for the async client, an `Iterator` for the
//! blocking one. Both fetch one page at a time with `limit`/`offset` (§1.5) and stop when the
//! server says `has_more: false` or sends an empty page.

use std::collections::VecDeque;
use std::marker::PhantomData;

use futures_util::stream::{self, BoxStream, StreamExt};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::client::Client;
use crate::error::{decode, Result};
use crate::http::CallOptions;

/// Page size when the caller gives none: the contract's largest, fewest round trips.
pub const DEFAULT_PAGE_SIZE: u64 = 100;

/// Walks a list method page by page.
pub struct Pager {
    client: Client,
    method: &'static str,
    params: Map<String, Value>,
    opts: CallOptions,
    offset: u64,
    done: bool,
    buffer: VecDeque<Value>,
}

impl Pager {
    /// `params` are the list method's params; their `limit` is the page size and their
    /// `offset` the starting point.
    pub fn new(client: Client, method: &'static str, params: Value, opts: CallOptions) -> Pager {
        let mut params = match params {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        let offset = params.get("offset").and_then(Value::as_u64).unwrap_or(0);
        if params.get("limit").is_none_or(Value::is_null) {
            params.insert("limit".into(), Value::from(DEFAULT_PAGE_SIZE));
        }
        Pager {
            client,
            method,
            params,
            opts,
            offset,
            done: false,
            buffer: VecDeque::new(),
        }
    }

    /// The next item, fetching a page when the buffer is empty; `None` at the end.
    pub async fn next_item(&mut self) -> Option<Result<Value>> {
        loop {
            if let Some(v) = self.buffer.pop_front() {
                return Some(Ok(v));
            }
            if self.done {
                return None;
            }
            if let Err(e) = self.fetch().await {
                // An error ends the walk: the caller decides whether to start again.
                self.done = true;
                return Some(Err(e));
            }
        }
    }

    async fn fetch(&mut self) -> Result<()> {
        let mut params = self.params.clone();
        params.insert("offset".into(), Value::from(self.offset));
        let page = self
            .client
            .call_with(self.method, Value::Object(params), self.opts)
            .await?;
        let data = match page.get("data") {
            Some(Value::Array(items)) => items.clone(),
            _ => Vec::new(),
        };
        let has_more = page
            .get("has_more")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        self.offset += data.len() as u64;
        self.done = !has_more || data.is_empty();
        self.buffer.extend(data);
        Ok(())
    }

    /// Every item as a stream of typed values.
    pub fn into_stream<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> BoxStream<'static, Result<T>> {
        stream::unfold(self, |mut pager| async move {
            let item = pager.next_item().await?;
            let method = pager.method;
            Some((item.and_then(|v| decode(method, v)), pager))
        })
        .boxed()
    }
}

/// Blocking iterator over every item of a list method.
pub struct PageIter<'a, T> {
    rt: &'a tokio::runtime::Runtime,
    /// Moved into the runtime's task while a page is fetched, then put back.
    pager: Option<Pager>,
    _item: PhantomData<fn() -> T>,
}

impl<'a, T> PageIter<'a, T> {
    pub(crate) fn new(rt: &'a tokio::runtime::Runtime, pager: Pager) -> Self {
        PageIter {
            rt,
            pager: Some(pager),
            _item: PhantomData,
        }
    }
}

impl<T: DeserializeOwned> Iterator for PageIter<'_, T> {
    type Item = Result<T>;
    fn next(&mut self) -> Option<Result<T>> {
        let mut pager = self.pager.take()?;
        let method = pager.method;
        // Items already buffered need no trip to the runtime.
        let item = match pager.buffer.pop_front() {
            Some(v) => Some(Ok(v)),
            None if pager.done => None,
            None => {
                let fetched = crate::wait::block_on(self.rt, async move {
                    let item = pager.next_item().await;
                    Ok((pager, item))
                });
                match fetched {
                    Ok((p, item)) => {
                        pager = p;
                        item
                    }
                    // The pager went down with the task: end the walk after this error.
                    Err(e) => return Some(Err(e)),
                }
            }
        };
        self.pager = Some(pager);
        item.map(|r| r.and_then(|v| decode(method, v)))
    }
}
