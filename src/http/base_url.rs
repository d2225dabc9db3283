//! The base URL, split once per client.

/// The base URL's scheme and host, parsed once per client, and its path prefix: a call then
/// parses only its own path and query. When the base URL is not one `http::Uri` reads (the
/// config accepted it), `origin` is `None` and each call parses the whole URL, failing there
/// as before.
pub(super) struct Base {
    pub origin: Option<(http::uri::Scheme, http::uri::Authority)>,
    /// `""` or `/prefix` (no trailing `/`); prepended to every method path.
    pub path: String,
}

impl Base {
    pub fn parse(base_url: &str) -> Base {
        let parts = base_url
            .parse::<http::Uri>()
            .ok()
            .map(http::Uri::into_parts);
        match parts {
            Some(http::uri::Parts {
                scheme: Some(scheme),
                authority: Some(authority),
                path_and_query,
                ..
            }) if path_and_query
                .as_ref()
                .is_none_or(|pq| pq.query().is_none()) =>
            {
                Base {
                    origin: Some((scheme, authority)),
                    path: path_and_query
                        .map(|pq| pq.path().trim_end_matches('/').to_string())
                        .unwrap_or_default(),
                }
            }
            _ => Base {
                origin: None,
                path: String::new(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_url_is_split_once() {
        let b = Base::parse("http://127.0.0.1:8080");
        let (scheme, authority) = b.origin.unwrap();
        assert_eq!(
            (scheme.as_str(), authority.as_str()),
            ("http", "127.0.0.1:8080")
        );
        assert_eq!(b.path, "");
        assert_eq!(Base::parse("https://example.com/mr/").path, "/mr");
        assert_eq!(Base::parse("https://[::1]:9/a/b").path, "/a/b");
        let odd = Base::parse("not a uri");
        assert!(odd.origin.is_none() && odd.path.is_empty());
    }
}
