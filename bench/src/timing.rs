//! Wall-clock and user-space time of one run, measured the same way for
//! every peer (the C harness does the same with the same two calls).

use std::io;

/// The time one run of a workload took.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Timing {
    /// `CLOCK_MONOTONIC` time of the loop, ns.
    pub wall_ns: u64,
    /// `getrusage(RUSAGE_SELF).ru_utime` spent in the loop, ns.
    pub user_ns: u64,
}

fn now_ns() -> u64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

fn user_ns() -> u64 {
    // SAFETY: an all-zero rusage is a valid value to be overwritten.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `ru` is a valid, writable rusage.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    ru.ru_utime.tv_sec as u64 * 1_000_000_000 + ru.ru_utime.tv_usec as u64 * 1000
}

/// Run `f` and return how long it took.
#[inline(never)]
pub fn measure(f: impl FnOnce() -> io::Result<()>) -> io::Result<Timing> {
    let user = user_ns();
    let wall = now_ns();
    f()?;
    let wall_ns = now_ns() - wall;
    let user_ns = user_ns() - user;
    Ok(Timing { wall_ns, user_ns })
}
