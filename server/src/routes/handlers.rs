//! Handler shapes shared by the resource route modules: each engine operation takes the account
//! plus some of (path id, query map, body map). The macros generate a thin async handler per
//! operation so every route module stays a readable route table.

/// `handler!(name, method)` → body only.
macro_rules! body_handler {
    ($name:ident, $method:ident) => {
        async fn $name(
            axum::extract::State(s): axum::extract::State<crate::state::SharedState>,
            axum::Extension(a): axum::Extension<crate::account::Account>,
            crate::extract::JsonMap(b): crate::extract::JsonMap,
        ) -> axum::response::Response {
            crate::engine_call::call(&s, move |e| e.$method(&a.0, b)).await
        }
    };
}

macro_rules! query_handler {
    ($name:ident, $method:ident) => {
        async fn $name(
            axum::extract::State(s): axum::extract::State<crate::state::SharedState>,
            axum::Extension(a): axum::Extension<crate::account::Account>,
            crate::extract::QueryMap(q): crate::extract::QueryMap,
        ) -> axum::response::Response {
            crate::engine_call::call(&s, move |e| e.$method(&a.0, q)).await
        }
    };
}

macro_rules! id_handler {
    ($name:ident, $method:ident) => {
        async fn $name(
            axum::extract::State(s): axum::extract::State<crate::state::SharedState>,
            axum::Extension(a): axum::Extension<crate::account::Account>,
            axum::extract::Path(id): axum::extract::Path<String>,
        ) -> axum::response::Response {
            crate::engine_call::call(&s, move |e| e.$method(&a.0, &id)).await
        }
    };
}

macro_rules! id_body_handler {
    ($name:ident, $method:ident) => {
        async fn $name(
            axum::extract::State(s): axum::extract::State<crate::state::SharedState>,
            axum::Extension(a): axum::Extension<crate::account::Account>,
            axum::extract::Path(id): axum::extract::Path<String>,
            crate::extract::JsonMap(b): crate::extract::JsonMap,
        ) -> axum::response::Response {
            crate::engine_call::call(&s, move |e| e.$method(&a.0, &id, b)).await
        }
    };
}

macro_rules! id_query_handler {
    ($name:ident, $method:ident) => {
        async fn $name(
            axum::extract::State(s): axum::extract::State<crate::state::SharedState>,
            axum::Extension(a): axum::Extension<crate::account::Account>,
            axum::extract::Path(id): axum::extract::Path<String>,
            crate::extract::QueryMap(q): crate::extract::QueryMap,
        ) -> axum::response::Response {
            crate::engine_call::call(&s, move |e| e.$method(&a.0, &id, q)).await
        }
    };
}

pub(crate) use {body_handler, id_body_handler, id_handler, id_query_handler, query_handler};
