//! Helpers shared by tests/prep_fs.rs and tests/prep_path.rs (included with
//! `#[path]`; also built as an empty test target of its own).
#![allow(dead_code)]

use riouring::{CompletionQueueEvent, Ring, SubmissionQueueEntry, Timespec, sys};
use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

#[path = "sqe_fields.rs"]
mod sqe_fields;
pub use sqe_fields::{SqeFields as Sqe, fields};

/// The user data, flags and personality `encode` leaves in the entry before
/// the prep: a prep must keep them.
pub const KEPT_USER_DATA: u64 = 0x0123_4567_89ab_cdef;
pub const KEPT_FLAGS: u8 = sys::IOSQE_IO_LINK;
pub const KEPT_PERSONALITY: u16 = 0x77;

/// Run `prep` on an entry whose every byte was 0xa5 (then user data, flags
/// and personality set to the `KEPT_*` values), and return its fields. The
/// expected value of a prep is `base(opcode)` plus the fields it sets.
pub fn encode(prep: impl FnOnce(&mut SubmissionQueueEntry)) -> Sqe {
    let mut ring = Ring::new(4).expect("ring");
    let sqe = ring.get_sqe().expect("sqe");
    // SAFETY: the entry is never submitted (the ring is dropped unsubmitted),
    // so the garbage in it is never read by the kernel.
    unsafe {
        let raw = sqe.as_raw_mut() as *mut sys::io_uring_sqe;
        core::ptr::write_bytes(raw.cast::<u8>(), 0xa5, 64);
    }
    sqe.set_data64(KEPT_USER_DATA);
    sqe.set_flags(KEPT_FLAGS);
    sqe.set_personality(KEPT_PERSONALITY);
    prep(sqe);
    fields(sqe)
}

/// An entry with `opcode`, the `KEPT_*` values and zeros elsewhere.
pub fn base(opcode: u8) -> Sqe {
    Sqe {
        opcode,
        flags: KEPT_FLAGS,
        user_data: KEPT_USER_DATA,
        personality: KEPT_PERSONALITY,
        ..Sqe::default()
    }
}

pub const WAIT: Timespec = Timespec::new(5, 0);

/// Prepare one entry with `prep`, submit it and wait (5 s at most) for its
/// completion, which is consumed and returned.
pub fn run(ring: &mut Ring, prep: impl FnOnce(&mut SubmissionQueueEntry)) -> CompletionQueueEvent {
    let sqe = ring.get_sqe().expect("SQ has room");
    prep(sqe);
    sqe.set_data64(0x5eed);
    let n = ring.submit().expect("submit");
    assert_eq!(n, 1);
    let cqe = ring.wait_cqe_timeout(Some(&WAIT)).expect("completion within 5 s");
    ring.cqe_seen(&cqe);
    assert_eq!(cqe.user_data(), 0x5eed);
    cqe
}

/// `run`, returning the CQE's `res`.
pub fn res(ring: &mut Ring, prep: impl FnOnce(&mut SubmissionQueueEntry)) -> i32 {
    run(ring, prep).res()
}

/// A NOP round trip: the ring still works.
pub fn nop_roundtrip(ring: &mut Ring) {
    let sqe = ring.get_sqe().expect("SQ has room");
    sqe.prep_nop();
    sqe.set_data64(0x909);
    ring.submit().expect("submit");
    let cqe = ring.wait_cqe_timeout(Some(&WAIT)).expect("NOP completes");
    ring.cqe_seen(&cqe);
    assert_eq!((cqe.user_data(), cqe.res()), (0x909, 0));
    assert_eq!(ring.cq_ready(), 0);
}

/// A path as a C string.
pub fn cpath(p: &Path) -> CString {
    CString::new(p.as_os_str().as_bytes()).expect("no NUL in path")
}

/// The process umask, read without changing it (umask(2) would race with
/// the other tests' file creation).
pub fn umask() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").expect("status");
    let line = status.lines().find(|l| l.starts_with("Umask:")).expect("Umask line");
    u32::from_str_radix(line["Umask:".len()..].trim(), 8).expect("octal umask")
}

/// `fcntl(fd, F_GETFD)`, as `Err(errno)` on failure.
pub fn getfd(fd: i32) -> Result<i32, i32> {
    // SAFETY: F_GETFD only queries the descriptor table.
    let r = unsafe { libc::fcntl(fd, libc::F_GETFD) };
    if r < 0 { Err(std::io::Error::last_os_error().raw_os_error().unwrap()) } else { Ok(r) }
}
