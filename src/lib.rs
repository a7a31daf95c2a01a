//! riouring: liburing, the Linux io_uring library, in pure Rust.
//!
//! A program that knows liburing knows riouring: the same rings, the same
//! calls, the same man pages, with Rust names and types. Every liburing
//! function has a counterpart here that rustdoc finds by its C name
//! (`io_uring_submit` -> [`Ring::submit`], `io_uring_prep_read` ->
//! `SubmissionQueueEntry::prep_read`, ...).
//!
//! ```
//! use riouring::Ring;
//!
//! let mut ring = Ring::new(8)?;
//! for i in 0..3 {
//!     let sqe = ring.get_sqe().expect("SQ has room");
//!     sqe.prep_nop();
//!     sqe.set_data64(i);
//! }
//! ring.submit_and_wait(3)?;
//! let mut seen = Vec::new();
//! for cqe in ring.completions() {
//!     cqe.result()?;
//!     seen.push(cqe.user_data());
//! }
//! assert_eq!(seen, [0, 1, 2]);
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! # Layers
//!
//! - [`sys`]: the kernel ABI only (structs, constants, raw syscalls).
//! - [`Ring`]: setup and teardown, submission, completion, registration.
//! - [`SubmissionQueueEntry`]: one request, filled by its `prep_*` helpers.
//! - [`CompletionQueueEvent`]: one completion, copied out of the ring.
//!
//! # Safety
//!
//! A method is `unsafe` exactly when it hands the kernel an address that the
//! kernel will use after the call returns (a buffer, an iovec array, a path,
//! a timespec, registered memory, ...). Its `# Safety` section says what
//! must stay valid, and until when. Everything else is safe.

#![deny(missing_docs, unsafe_op_in_unsafe_fn)]
#![warn(clippy::undocumented_unsafe_blocks)]
#![cfg(target_os = "linux")]

mod barrier;
mod buf_ring;
mod cqe;
mod error;
mod mem;
mod params;
mod prep;
mod probe;
mod queue;
mod recvmsg;
mod register;
mod ring;
mod sq_batch;
mod sqe;
pub mod sys;
mod timespec;
mod version;

#[allow(unused_imports)]
pub use buf_ring::*;
pub use cqe::CompletionQueueEvent;
pub use error::neg_errno;
pub use params::Params;
#[allow(unused_imports)]
pub use prep::*;
#[allow(unused_imports)]
pub use probe::*;
pub use queue::{Completions, CqeIter, LIBURING_UDATA_TIMEOUT, cqe_shift_from_flags, sqe_shift_from_flags};
#[allow(unused_imports)]
pub use recvmsg::*;
#[allow(unused_imports)]
pub use register::*;
pub use ring::{
    CompletionQueue, Ring, SubmissionQueue, memory_size, memory_size_params, mlock_size, mlock_size_params,
};
pub use sq_batch::SqBatch;
pub use sqe::{SubmissionQueueEntry, SubmissionQueueEntry128};
pub use timespec::Timespec;
pub use version::{VERSION_MAJOR, VERSION_MINOR, check_version, major_version, minor_version};

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
