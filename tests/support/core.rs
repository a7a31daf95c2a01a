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
                // With SQPOLL the kernel thread consumes the entries on its
                // own time: wait for it to make room (bounded).
                let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
                while ring.sq_space_left() == 0 {
                    assert!(std::time::Instant::now() < deadline, "the SQ never drained");
                    ring.sqring_wait()?;
                }
                ring.get_sqe().expect("SQ has room")
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

/// An anonymous private mapping, unmapped on drop: caller memory for
/// `Ring::with_memory`. Declare it before the rings that use it, so that
/// they are dropped first.
pub struct Mapping {
    pub ptr: *mut u8,
    pub len: usize,
}

impl Mapping {
    pub fn new(len: usize) -> Mapping {
        // SAFETY: a fresh anonymous mapping at a kernel-chosen address.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        assert_ne!(p, libc::MAP_FAILED, "{}", io::Error::last_os_error());
        Mapping { ptr: p.cast(), len }
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: our own mapping; the rings using it were dropped first.
        unsafe { libc::munmap(self.ptr.cast(), self.len) };
    }
}
