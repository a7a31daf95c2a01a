//! Test helpers of the prep-io branch (prep_rw, prep_splice, prep_xattr),
//! included by those files with `#[path]`.

#![allow(dead_code)]

use riouring::{CompletionQueueEvent, Ring, SubmissionQueueEntry, Timespec, sys};
use std::io;

#[path = "sqe_fields.rs"]
mod sqe_fields;
pub use sqe_fields::{SqeFields as Fields, fields};

/// Build one SQE with `prep` on a fresh ring and return its fields.
pub fn encode(prep: impl FnOnce(&mut SubmissionQueueEntry)) -> Fields {
    let mut ring = Ring::new(4).expect("ring");
    let sqe = ring.get_sqe().expect("sqe");
    prep(sqe);
    fields(sqe)
}

/// Fill every byte of an SQE with 0xa5 (a stale entry), run `prep`, and
/// return its fields: a prep must overwrite every field it does not keep.
pub fn encode_dirty(prep: impl FnOnce(&mut SubmissionQueueEntry)) -> Fields {
    let mut ring = Ring::new(4).expect("ring");
    let sqe = ring.get_sqe().expect("sqe");
    // SAFETY: the entry is never submitted: entries are only published by a
    // submit, and this ring is dropped without one.
    unsafe {
        let raw: *mut sys::io_uring_sqe = sqe.as_raw_mut();
        core::ptr::write_bytes(raw.cast::<u8>(), 0xa5, 64);
    }
    prep(sqe);
    fields(sqe)
}

/// The fields a prep keeps from a 0xa5-filled entry.
pub const DIRTY_FLAGS: u8 = 0xa5;
/// `user_data` of a 0xa5-filled entry.
pub const DIRTY_USER_DATA: u64 = 0xa5a5_a5a5_a5a5_a5a5;
/// `personality` of a 0xa5-filled entry.
pub const DIRTY_PERSONALITY: u16 = 0xa5a5;

/// Five seconds: the bound of every wait.
pub const WAIT: Timespec = Timespec::new(5, 0);

/// Wait (at most five seconds) for the next completion and consume it.
pub fn next_cqe(ring: &mut Ring) -> CompletionQueueEvent {
    let cqe = ring.wait_cqe_timeout(Some(&WAIT)).expect("a completion within 5 s");
    ring.cqe_seen(&cqe);
    cqe
}

/// Submit what is queued and collect `n` completions, sorted by user data.
pub fn submit_collect(ring: &mut Ring, n: usize) -> Vec<CompletionQueueEvent> {
    ring.submit().expect("submit");
    let mut out: Vec<CompletionQueueEvent> = (0..n).map(|_| next_cqe(ring)).collect();
    out.sort_by_key(|c| c.user_data());
    out
}

/// Submit the one queued entry and return its completion's `res`.
pub fn run_one(ring: &mut Ring) -> i32 {
    let cqes = submit_collect(ring, 1);
    cqes[0].res()
}

/// A NOP round trip: the ring still works.
pub fn nop_roundtrip(ring: &mut Ring) {
    let sqe = ring.get_sqe().expect("sqe");
    sqe.prep_nop();
    sqe.set_data64(0x4e4f50);
    let cqes = submit_collect(ring, 1);
    assert_eq!((cqes[0].user_data(), cqes[0].res()), (0x4e4f50, 0));
}

/// `n` random bytes from the kernel.
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut v = vec![0u8; n];
    let mut done = 0;
    while done < n {
        // SAFETY: the pointer and length describe the unfilled tail of `v`.
        let r = unsafe { libc::getrandom(v[done..].as_mut_ptr().cast(), n - done, 0) };
        assert!(r > 0, "getrandom: {}", io::Error::last_os_error());
        done += r as usize;
    }
    v
}

/// A pipe: (read end, write end), both close-on-exec.
pub fn pipe() -> (std::os::fd::OwnedFd, std::os::fd::OwnedFd) {
    use std::os::fd::FromRawFd;
    let mut fds = [0; 2];
    // SAFETY: fds has room for the two descriptors.
    let r = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    assert_eq!(r, 0, "pipe2: {}", io::Error::last_os_error());
    // SAFETY: pipe2 returned two fresh descriptors that we now own.
    unsafe { (std::os::fd::OwnedFd::from_raw_fd(fds[0]), std::os::fd::OwnedFd::from_raw_fd(fds[1])) }
}

/// An fd number that is not open (far above anything a test opens).
pub fn bad_fd() -> i32 {
    let fd = 1_000_000;
    // SAFETY: F_GETFD only reads the descriptor flags.
    assert_eq!(unsafe { libc::fcntl(fd, libc::F_GETFD) }, -1, "fd {fd} is open");
    fd
}

/// Register `fds` as the ring's fixed files (the register API is written on
/// another branch; this goes through the raw call).
pub fn register_files(ring: &Ring, fds: &[i32]) {
    // SAFETY: fds is an array of `fds.len()` ints, copied by the kernel.
    unsafe { ring.register_raw(sys::IORING_REGISTER_FILES, fds.as_ptr().cast(), fds.len() as u32) }
        .expect("IORING_REGISTER_FILES");
}

/// A mapping of more than `u32::MAX` bytes, reserved lazily (never
/// touched), for checking that slice lengths are clamped in the SQE.
pub struct HugeMapping {
    ptr: *mut libc::c_void,
    len: usize,
}

impl HugeMapping {
    pub fn map() -> HugeMapping {
        let len: usize = (1 << 32) + 4096;
        // SAFETY: a fresh private anonymous mapping; MAP_NORESERVE keeps it
        // from being accounted, and pages are only made when touched.
        let ptr = unsafe {
            libc::mmap(
                core::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        assert_ne!(ptr, libc::MAP_FAILED, "mmap: {}", io::Error::last_os_error());
        HugeMapping { ptr, len }
    }

    pub fn addr(&self) -> u64 {
        self.ptr as u64
    }

    pub fn slice_mut(&mut self) -> &mut [u8] {
        // SAFETY: the mapping is readable and writable for `len` bytes
        // (zero-filled on demand) and borrowed through `&mut self`.
        unsafe { core::slice::from_raw_parts_mut(self.ptr.cast::<u8>(), self.len) }
    }
}

impl Drop for HugeMapping {
    fn drop(&mut self) {
        // SAFETY: our own mapping; no slice of it outlives `self`.
        unsafe { libc::munmap(self.ptr, self.len) };
    }
}
