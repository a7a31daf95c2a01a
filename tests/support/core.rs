//! Helpers shared by the core test files (included with `#[path]`).
#![allow(dead_code)]

use riouring::{CompletionQueueEvent, Ring, Timespec};
use std::io;

/// A generous bound for any wait in a test: nothing may hang.
pub const WAIT: Timespec = Timespec::new(5, 0);

/// Queue `n` NOPs with user data `first..first+n`, submitting whenever the SQ
/// fills. Returns how many submit calls reported.
pub fn queue_nops(ring: &mut Ring, first: u64, n: u64) -> io::Result<u64> {
    let mut submitted = 0;
    for i in first..first + n {
        let sqe = match ring.get_sqe() {
            Some(sqe) => sqe,
            None => {
                submitted += ring.submit()? as u64;
                ring.get_sqe().expect("SQ has room after submit")
            }
        };
        sqe.prep_nop();
        sqe.set_data64(i);
    }
    Ok(submitted)
}

/// Wait for one completion, bounded by [`WAIT`], and consume it.
pub fn reap_one(ring: &mut Ring) -> io::Result<CompletionQueueEvent> {
    let cqe = ring.wait_cqes(1, Some(&WAIT), None)?;
    ring.cqe_seen(&cqe);
    Ok(cqe)
}

/// Submit `n` NOPs (user data `first..`) and reap them all, checking order
/// and results.
pub fn nop_round_trip(ring: &mut Ring, first: u64, n: u64) -> io::Result<()> {
    let mut next = first;
    let mut left = n;
    while left > 0 {
        let batch = left.min(ring.sq_space_left() as u64).max(1);
        queue_nops(ring, next, batch)?;
        ring.submit()?;
        for expected in next..next + batch {
            let cqe = reap_one(ring)?;
            assert_eq!(cqe.user_data(), expected, "completions come back in order");
            assert_eq!(cqe.res(), 0, "a NOP completes with 0");
        }
        next += batch;
        left -= batch;
    }
    Ok(())
}

/// Open file descriptors of this process.
pub fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

/// Memory mappings of this process.
pub fn mappings() -> usize {
    std::fs::read_to_string("/proc/self/maps").unwrap().lines().count()
}
