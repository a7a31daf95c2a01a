//! The `prep_*` helpers of liburing, as methods of
//! [`SubmissionQueueEntry`](crate::SubmissionQueueEntry), one file per area.
//!
//! A prep is `unsafe` exactly when it stores an address the kernel uses
//! after the call (buffers, iovecs, paths, timespecs, msghdrs, sockaddrs,
//! futex words, ...); its `# Safety` says what must stay valid, and until
//! when: submission, for what the kernel copies when it consumes the entry,
//! or the completion, for what it reads or writes while the request runs.

// Areas that only add methods leave their glob re-export empty.
#![allow(unused_imports)]

/// A slice length as the SQE's 32-bit length or count field holds it:
/// saturating, so an oversized slice asks for less than it has (a short
/// transfer), never for a wrapped, unrelated length.
#[inline(always)]
pub(crate) fn clamp_len(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

mod buffers;
mod cancel;
mod cmd;
mod epoll;
mod fs;
mod futex;
mod msg_ring;
mod net;
mod path;
mod poll;
mod rw;
mod splice;
mod timeout;
mod xattr;

pub use buffers::*;
pub use cancel::*;
pub use cmd::*;
pub use epoll::*;
pub use fs::*;
pub use futex::*;
pub use msg_ring::*;
pub use net::*;
pub use path::*;
pub use poll::*;
pub use rw::*;
pub use splice::*;
pub use timeout::*;
pub use xattr::*;
