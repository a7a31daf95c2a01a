//! Helpers shared by the reg-core registration tests (included with `#[path]`).
#![allow(dead_code)]

use riouring::{CompletionQueueEvent, Ring, Timespec, sys};
use std::io;
use std::os::fd::RawFd;

/// Wait (at most 5 s) for the next CQE, mark it seen and return it.
pub fn next_cqe(ring: &mut Ring) -> CompletionQueueEvent {
    let cqe = ring.wait_cqe_timeout(Some(&Timespec::new(5, 0))).expect("a completion within 5 s");
    ring.cqe_seen(&cqe);
    cqe
}

/// Submit everything queued and return the next CQE.
pub fn submit_one(ring: &mut Ring) -> CompletionQueueEvent {
    ring.submit().expect("submit");
    next_cqe(ring)
}

/// `n` CQEs as `(user_data, res)`, sorted.
pub fn next_cqes(ring: &mut Ring, n: usize) -> Vec<(u64, i32)> {
    let mut v: Vec<(u64, i32)> = (0..n)
        .map(|_| {
            let c = next_cqe(ring);
            (c.user_data(), c.res())
        })
        .collect();
    v.sort();
    v
}

/// No CQE arrives within 50 ms.
pub fn assert_no_cqe(ring: &mut Ring) {
    let e = ring.wait_cqe_timeout(Some(&Timespec::new(0, 50_000_000))).map(|c| (c.user_data(), c.res()));
    assert_eq!(e.map_err(|e| e.raw_os_error()), Err(Some(libc::ETIME)), "unexpected completion");
}

/// A NOP goes through the ring and comes back: the ring still works.
pub fn nop_round_trip(ring: &mut Ring) {
    let sqe = ring.get_sqe().expect("SQ room");
    sqe.prep_nop();
    sqe.set_data64(0x6e6f70);
    let cqe = submit_one(ring);
    assert_eq!((cqe.user_data(), cqe.res()), (0x6e6f70, 0));
}

/// The raw OS error of an `io::Result`.
pub fn err<T: std::fmt::Debug>(r: io::Result<T>) -> i32 {
    r.expect_err("expected an error").raw_os_error().expect("an OS error")
}

/// Queue a read of `len` bytes into `buf` from `fd` (a fixed-file index if
/// `fixed`) at `off`.
///
/// # Safety
///
/// `buf` must stay valid for `len` bytes until the completion.
pub unsafe fn queue_read(ring: &mut Ring, fd: RawFd, fixed: bool, buf: *mut u8, len: u32, off: u64, ud: u64) {
    let sqe = ring.get_sqe().expect("SQ room");
    // SAFETY: forwarded from this function's contract.
    unsafe { sqe.prep_rw(sys::IORING_OP_READ, fd, buf.cast(), len, off) };
    if fixed {
        sqe.set_flags(sys::IOSQE_FIXED_FILE);
    }
    sqe.set_data64(ud);
}

/// A pipe `(read end, write end)`.
pub fn pipe() -> (RawFd, RawFd) {
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    (fds[0], fds[1])
}

/// Close `fd`.
pub fn close(fd: RawFd) {
    // SAFETY: the caller owns `fd` and does not use it afterwards.
    unsafe { libc::close(fd) };
}

/// Run `f` in a forked child and return its exit status (the value `f`
/// returns; 255 if it panicked). `f` must not rely on other threads.
pub fn in_child(f: impl FnOnce() -> i32) -> i32 {
    // SAFETY: the child only runs `f` and then `_exit`s; it never returns
    // into the test harness.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        let code = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or(255);
        // SAFETY: leaving the child without running the parent's destructors.
        unsafe { libc::_exit(code) };
    }
    let mut status = 0;
    // SAFETY: waiting for our own child.
    let r = unsafe { libc::waitpid(pid, &mut status, 0) };
    assert_eq!(r, pid);
    assert!(libc::WIFEXITED(status), "child did not exit normally: {status:#x}");
    libc::WEXITSTATUS(status)
}
