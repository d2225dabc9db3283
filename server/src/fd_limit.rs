//! Raises the open-file soft limit at start: every connection is a descriptor, and a default
//! soft limit of 1,024 lets one local process with a thousand silent connections lock every
//! other client out. The hard limit is left alone (raising it needs privileges).

/// Raises the soft limit towards the hard one (at most `want`); returns the soft limit now in
/// force, or `None` where it cannot be read.
#[cfg(unix)]
// `rlim_t` is u64 on Linux but not on every Unix.
#[allow(clippy::unnecessary_cast)]
pub fn raise(want: u64) -> Option<u64> {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit only read and write the struct we pass.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } != 0 {
        return None;
    }
    let target = (want as libc::rlim_t).min(lim.rlim_max);
    if lim.rlim_cur < target {
        let raised = libc::rlimit {
            rlim_cur: target,
            rlim_max: lim.rlim_max,
        };
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            lim.rlim_cur = target;
        }
    }
    Some(lim.rlim_cur as u64)
}

#[cfg(not(unix))]
pub fn raise(_want: u64) -> Option<u64> {
    None
}
