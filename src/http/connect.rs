//! Opening connections for the HTTP client: TCP, then rustls for `https`.
//!
//! **No SIGPIPE, in any host.** A write to a socket whose peer has gone (a server that answers
//! 413 and closes while a large body is still being sent) raises SIGPIPE, whose default action
//! kills the process. Rust programs ignore SIGPIPE, but a C, Go or Swift host may not, and a
//! library must neither change nor rely on its host's signal dispositions. So every socket
//! write of this library goes through `send(…, MSG_NOSIGNAL)`: that is what std's
//! `TcpStream::write` (under tokio's) uses on Linux, while its vectored write is a plain
//! `writev`, which does raise the signal. [`NoSigpipe`] therefore declares the socket
//! non-vectored, and hyper and rustls fall back to single-buffer writes. (Apple platforms get
//! `SO_NOSIGPIPE` on every socket from the runtime instead; Windows has no SIGPIPE.) The other
//! option, blocking SIGPIPE on the threads that write, would have to cover every thread a host
//! may call in from, and those are not ours.

use std::future::Future;
use std::io::{self, IoSlice};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::Uri;
use hyper_util::client::legacy::connect::{Connected, Connection};
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

/// The connector handed to hyper's client pool.
#[derive(Clone)]
pub(crate) struct Connector {
    tls: TlsConnector,
}

impl Connector {
    pub fn new(tls: rustls::ClientConfig) -> Connector {
        Connector {
            tls: TlsConnector::from(Arc::new(tls)),
        }
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl tower_service::Service<Uri> for Connector {
    type Response = TokioIo<Stream>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        let tls = self.tls.clone();
        Box::pin(async move {
            let https = match uri.scheme_str() {
                Some("https") => true,
                Some("http") => false,
                other => return Err(format!("unsupported URL scheme {other:?}").into()),
            };
            let host = uri.host().ok_or("URL has no host")?;
            // An IPv6 literal comes bracketed in the URI.
            let host = host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_string();
            let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
            let tcp = TcpStream::connect((host.as_str(), port)).await?;
            let _ = tcp.set_nodelay(true);
            let tcp = NoSigpipe(tcp);
            if !https {
                return Ok(TokioIo::new(Stream::Plain(tcp)));
            }
            let name = ServerName::try_from(host)?;
            let tls = tls.connect(name, tcp).await?;
            Ok(TokioIo::new(Stream::Tls(Box::new(tls))))
        })
    }
}

/// A TCP stream whose writes are never vectored (see the module comment).
pub(crate) struct NoSigpipe(TcpStream);

impl AsyncRead for NoSigpipe {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl AsyncWrite for NoSigpipe {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        // tokio → mio → std `TcpStream::write` → send(MSG_NOSIGNAL).
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let first = bufs
            .iter()
            .find(|b| !b.is_empty())
            .map_or(&[][..], |b| &**b);
        self.poll_write(cx, first)
    }

    fn is_write_vectored(&self) -> bool {
        false
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

/// A connection as hyper sees it.
pub(crate) enum Stream {
    Plain(NoSigpipe),
    Tls(Box<TlsStream<NoSigpipe>>),
}

impl Connection for Stream {
    fn connected(&self) -> Connected {
        Connected::new()
    }
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}
