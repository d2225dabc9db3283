//! A silent or slow client cannot lock others out (connection hygiene): 1,100 connections
//! that never send a byte, then a normal request is answered within a second; silent and idle
//! connections are closed after the header-read timeout; at the connection bound the
//! longest-idle connection makes room for a new one.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use memoryrelay_server::{ConnectionLimits, DbLocation, ServerConfig};

/// One request over a fresh std socket; returns the status line.
fn get_health(addr: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        s,
        "GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out.lines().next().unwrap_or_default().to_string()
}

/// Whether the server has closed `s` (EOF) within `within`.
fn closed_within(s: &mut TcpStream, within: Duration) -> bool {
    s.set_read_timeout(Some(within)).unwrap();
    let mut buf = [0u8; 64];
    matches!(s.read(&mut buf), Ok(0)) || matches!(s.read(&mut buf), Ok(0))
}

/// Sets the open-file soft limit to the common default of 1,024, as a fresh shell has it.
#[cfg(unix)]
fn default_soft_fd_limit() {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain struct in/out calls.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim), 0);
        lim.rlim_cur = lim.rlim_max.min(1024);
        assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &lim), 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eleven_hundred_silent_connections_do_not_block_a_normal_request() {
    // Client and server share this process: 1,100 connections are 2,200 descriptors, past
    // the default limit unless the server raises it at start.
    #[cfg(unix)]
    default_soft_fd_limit();
    let srv = common::start_with(ServerConfig {
        db: DbLocation::Memory,
        ..Default::default()
    })
    .await;
    let addr = srv.base.trim_start_matches("http://").to_string();
    let result = tokio::task::spawn_blocking(move || {
        let mut silent = Vec::with_capacity(1100);
        for _ in 0..1100 {
            silent.push(TcpStream::connect(&addr).expect("connect a silent client"));
        }
        let t = Instant::now();
        let status = get_health(&addr);
        let took = t.elapsed();
        drop(silent);
        (status, took)
    })
    .await
    .unwrap();
    println!(
        "slow clients: with 1,100 silent connections open, GET /v1/health answered in {:.1} ms",
        result.1.as_secs_f64() * 1e3
    );
    assert!(result.0.starts_with("HTTP/1.1 200"), "{}", result.0);
    assert!(result.1 < Duration::from_secs(1), "took {:?}", result.1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_and_idle_connections_are_closed_after_the_header_timeout() {
    let srv = common::start_with(ServerConfig {
        limits: ConnectionLimits {
            header_read_timeout: Duration::from_millis(500),
            ..Default::default()
        },
        ..Default::default()
    })
    .await;
    let addr = srv.base.trim_start_matches("http://").to_string();
    tokio::task::spawn_blocking(move || {
        // Never sends a byte.
        let mut silent = TcpStream::connect(&addr).unwrap();
        // Sends half a request head, then stalls.
        let mut slow = TcpStream::connect(&addr).unwrap();
        slow.write_all(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n")
            .unwrap();
        // One full keep-alive exchange, then idle.
        let mut idle = TcpStream::connect(&addr).unwrap();
        idle.write_all(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        let mut buf = [0u8; 4096];
        idle.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let n = idle.read(&mut buf).unwrap();
        assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
        for (name, s) in [
            ("silent", &mut silent),
            ("slow", &mut slow),
            ("idle", &mut idle),
        ] {
            assert!(
                closed_within(s, Duration::from_secs(3)),
                "{name} connection still open"
            );
        }
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_the_connection_bound_the_longest_idle_connection_makes_room() {
    let srv = common::start_with(ServerConfig {
        limits: ConnectionLimits {
            max_connections: 20,
            ..Default::default()
        },
        ..Default::default()
    })
    .await;
    let addr = srv.base.trim_start_matches("http://").to_string();
    tokio::task::spawn_blocking(move || {
        let mut silent: Vec<TcpStream> = (0..20)
            .map(|_| TcpStream::connect(&addr).unwrap())
            .collect();
        // Let the server register them all.
        std::thread::sleep(Duration::from_millis(200));
        let status = get_health(&addr);
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        // The oldest silent connection was closed for it.
        assert!(closed_within(&mut silent[0], Duration::from_secs(2)));
    })
    .await
    .unwrap();
}
