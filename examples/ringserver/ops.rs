//! Ring set-up and the small helpers every ring of the server shares: the
//! user-data encoding, getting an SQE when the SQ is full, waiting.

use riouring::{Params, Ring, SubmissionQueueEntry, Timespec, sys};
use std::io;

/// What a completion is about: the top byte of its user data. The low 32
/// bits hold the connection's direct-descriptor slot where one applies.
pub mod kind {
    /// The multishot accept (reuseport listeners, or the acceptor ring).
    pub const ACCEPT: u64 = 1;
    /// A connection's multishot receive.
    pub const RECV: u64 = 2;
    /// A connection's send (plain or bundled).
    pub const SEND: u64 = 3;
    /// A `close` of a direct descriptor.
    pub const CLOSE: u64 = 4;
    /// An `ASYNC_CANCEL`; its result is not needed.
    pub const CANCEL: u64 = 5;
    /// On a worker ring: a connection handed over by the acceptor ring
    /// (`res` is the slot it was installed in).
    pub const NEWCONN: u64 = 6;
    /// On any server ring: the main thread asks it to shut down.
    pub const SHUTDOWN: u64 = 7;
    /// On the acceptor ring: the hand-over of the connection in the slot.
    pub const HANDOFF: u64 = 8;
}

/// The user data for an operation of `kind` on `slot`.
#[inline]
pub fn ud(kind: u64, slot: u32) -> u64 {
    kind << 56 | slot as u64
}

/// Split user data into kind and slot.
#[inline]
pub fn split(user_data: u64) -> (u64, u32) {
    (user_data >> 56, user_data as u32)
}

/// Create a server ring on the calling thread: `IORING_SETUP_SINGLE_ISSUER
/// | IORING_SETUP_DEFER_TASKRUN` (only this thread submits, and completions
/// are processed when it waits, not on interrupts), a CQ eight times the SQ,
/// the ring fd registered, and a sparse file table of `files` slots for the
/// connections.
pub fn new_ring(entries: u32, files: u32) -> io::Result<Ring> {
    let mut p = Params::new()
        .flags(
            sys::IORING_SETUP_SINGLE_ISSUER | sys::IORING_SETUP_DEFER_TASKRUN | sys::IORING_SETUP_SUBMIT_ALL,
        )
        .cq_entries(entries * 8);
    let mut ring = Ring::with_params(entries, &mut p)?;
    ring.register_ring_fd()?;
    if files > 0 {
        ring.register_files_sparse(files)?;
    }
    Ok(ring)
}

/// The next free SQE, submitting what is queued first if the SQ is full.
pub fn next_sqe(ring: &mut Ring) -> &mut SubmissionQueueEntry {
    if ring.sq_space_left() == 0 {
        if let Err(e) = ring.submit() {
            fatal(&format!("submit: {e}"));
        }
    }
    match ring.get_sqe() {
        Some(sqe) => sqe,
        None => fatal("the SQ stays full after a submit"),
    }
}

/// Submit and wait for one completion, or at most `timeout_ms` when given.
/// A timeout, an interruption or a busy CQ (completions to reap first) is
/// not an error.
pub fn submit_and_wait(ring: &mut Ring, timeout_ms: Option<u64>) -> io::Result<()> {
    let r = match timeout_ms {
        None => ring.submit_and_wait(1),
        Some(ms) => {
            let ts = Timespec::new((ms / 1000) as i64, (ms % 1000 * 1_000_000) as i64);
            ring.submit_and_wait_timeout(1, Some(&ts), None)
        }
    };
    match r {
        Ok(_) => Ok(()),
        Err(e)
            if matches!(e.raw_os_error(), Some(libc::ETIME | libc::EINTR | libc::EBUSY | libc::EAGAIN)) =>
        {
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// Print `msg` and exit 1: a ring failed in a way the server cannot recover
/// from.
pub fn fatal(msg: &str) -> ! {
    eprintln!("ringserver: fatal: {msg}");
    std::process::exit(1)
}
