//! Test helpers shared by the prep-misc test files (poll, timeout, cancel,
//! msg_ring, futex, buffers, cmd), included with `#[path]`.

#![allow(dead_code)]

use riouring::{CompletionQueueEvent, Ring, SubmissionQueueEntry, Timespec};
use std::collections::HashMap;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

#[path = "sqe_fields.rs"]
mod sqe_fields;
pub use sqe_fields::{SqeFields as Sqe, fields};

/// The byte every field is set to before a prep runs in [`enc`].
pub const DIRT: u8 = 0xA5;

/// The fields a prep must keep from the dirtied entry (flags, user data,
/// personality); every other field is expected zero unless the test says.
pub fn kept() -> Sqe {
    Sqe {
        flags: DIRT,
        user_data: u64::from_ne_bytes([DIRT; 8]),
        personality: u16::from_ne_bytes([DIRT; 2]),
        ..Sqe::default()
    }
}

/// Run `prep` on an entry whose 64 bytes were all set to [`DIRT`], and
/// return its fields: checks both what the prep sets and that it clears
/// everything else (but flags, user data and personality).
pub fn enc(prep: impl FnOnce(&mut SubmissionQueueEntry)) -> Sqe {
    let mut ring = Ring::new(4).expect("ring");
    let sqe = ring.get_sqe().expect("sqe");
    assert_eq!(fields(sqe), Sqe::default(), "get_sqe hands out a zeroed entry");
    // SAFETY: the entry is never submitted; it is only read back.
    unsafe { core::ptr::write_bytes(sqe.as_raw_mut() as *mut _ as *mut u8, DIRT, 64) };
    prep(sqe);
    fields(sqe)
}

/// Wait (at most 5 s) for the next completion, consume it and return it.
pub fn next(ring: &mut Ring) -> CompletionQueueEvent {
    let cqe = ring.wait_cqe_timeout(Some(&Timespec::new(5, 0))).expect("a completion within 5 s");
    ring.cqe_seen(&cqe);
    cqe
}

/// Reap exactly `n` completions (5 s bound each), keyed by user data (each
/// user data must appear once).
pub fn reap(ring: &mut Ring, n: usize) -> HashMap<u64, CompletionQueueEvent> {
    let mut m = HashMap::new();
    for _ in 0..n {
        let c = next(ring);
        assert!(m.insert(c.user_data(), c).is_none(), "user data {} seen twice", c.user_data());
    }
    m
}

/// No completion is ready (after a short grace for in-flight ones).
pub fn assert_no_cqe(ring: &mut Ring) {
    match ring.wait_cqe_timeout(Some(&Timespec::new(0, 50_000_000))) {
        Err(e) => assert_eq!(e.raw_os_error(), Some(libc::ETIME), "{e}"),
        Ok(c) => panic!("unexpected completion {c:?}"),
    }
}

/// A NOP round trip with user data `ud`: the ring still works.
pub fn ring_works(ring: &mut Ring, ud: u64) {
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_nop();
    sqe.set_data64(ud);
    assert_eq!(ring.submit().unwrap(), 1);
    let c = next(ring);
    assert_eq!((c.user_data(), c.res()), (ud, 0));
}

pub fn pipe() -> (OwnedFd, OwnedFd) {
    let mut fds = [0; 2];
    // SAFETY: fds is a valid 2-int array.
    assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
    // SAFETY: both fds were just created and are owned by nobody else.
    unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) }
}

pub fn socketpair() -> (OwnedFd, OwnedFd) {
    let mut fds = [0; 2];
    // SAFETY: fds is a valid 2-int array.
    let r = unsafe {
        libc::socketpair(libc::AF_UNIX, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0, fds.as_mut_ptr())
    };
    assert_eq!(r, 0);
    // SAFETY: both fds were just created and are owned by nobody else.
    unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) }
}

pub fn write_all(fd: RawFd, data: &[u8]) {
    // SAFETY: data is a valid buffer of data.len() bytes.
    let n = unsafe { libc::write(fd, data.as_ptr().cast(), data.len()) };
    assert_eq!(n, data.len() as isize);
}

pub fn read_some(fd: RawFd, len: usize) -> Vec<u8> {
    let mut v = vec![0u8; len];
    // SAFETY: v is a valid buffer of len bytes.
    let n = unsafe { libc::read(fd, v.as_mut_ptr().cast(), len) };
    assert!(n >= 0, "read: {}", std::io::Error::last_os_error());
    v.truncate(n as usize);
    v
}

/// An fd number that is certainly not open.
pub fn bad_fd() -> RawFd {
    let (r, w) = pipe();
    let fd = r.as_raw_fd().max(w.as_raw_fd()) + 1000;
    // SAFETY: fcntl on any number is harmless.
    assert_eq!(unsafe { libc::fcntl(fd, libc::F_GETFD) }, -1);
    fd
}

/// Register a sparse fixed-file table of `n` slots (the register API is
/// written elsewhere; this uses the raw call).
pub fn register_sparse_files(ring: &Ring, n: u32) {
    let reg = riouring::sys::io_uring_rsrc_register {
        nr: n,
        flags: riouring::sys::IORING_RSRC_REGISTER_SPARSE,
        ..Default::default()
    };
    // SAFETY: `reg` is a valid io_uring_rsrc_register the kernel reads during
    // the call; a sparse table carries no fd array.
    let r = unsafe {
        ring.register_raw(
            riouring::sys::IORING_REGISTER_FILES2,
            (&reg as *const riouring::sys::io_uring_rsrc_register).cast(),
            core::mem::size_of_val(&reg) as u32,
        )
    };
    r.expect("IORING_REGISTER_FILES2 sparse");
}
