//! riouring-ffi: liburing's C ABI, served by riouring.
//!
//! Every function of liburing's two shared objects is exported here under
//! its C name and signature: the 83 of `liburing.so` and the 223 of
//! `liburing-ffi.so` (which adds the header's inline helpers: preps, SQE
//! setters, CQ accessors). A program written for liburing runs on riouring
//! unchanged; see README.md for linking the stand-in `liburing.so.2` and
//! `liburing-ffi.so.2` (`build-libs.sh`).
//!
//! A C `struct io_uring *` is a `*mut` [`riouring::Ring`]: the two are
//! layout-identical (216 bytes), so each export turns its arguments into
//! riouring's types and calls the riouring method, with no logic of its own.
//! Results follow liburing: `-errno` in the return value, never `errno`.
//!
//! # Safety
//!
//! Every export is `unsafe`: its contract is the liburing man page of the
//! same name. Pointers must be valid as that page requires (a ring set up by
//! `io_uring_queue_init*` and not yet exited, an SQE from `io_uring_get_sqe`
//! not yet submitted, a CQE not yet marked seen), and memory handed to the
//! kernel must stay valid until submission or completion as the page says.

#![deny(missing_docs, unsafe_op_in_unsafe_fn)]
#![warn(clippy::undocumented_unsafe_blocks)]
// The crate docs above state the one contract all exports share.
#![cfg(target_os = "linux")]

mod bufs;
mod cq;
mod prep;
mod register;
mod setup;
mod sq;

use riouring::neg_errno;
use std::ffi::c_int;
use std::io;

/// liburing's return convention for a count: the count, or `-errno`.
#[inline(always)]
fn ret_count(r: io::Result<u32>) -> c_int {
    match r {
        Ok(n) => n as c_int,
        Err(e) => neg_errno(&e),
    }
}

/// liburing's return convention for success without a value: 0, or `-errno`.
#[inline(always)]
fn ret_unit(r: io::Result<()>) -> c_int {
    match r {
        Ok(()) => 0,
        Err(e) => neg_errno(&e),
    }
}

/// liburing's return convention for sizes: the size, or `-errno`.
#[inline(always)]
fn ret_size(r: io::Result<usize>) -> isize {
    match r {
        Ok(n) => n as isize,
        Err(e) => neg_errno(&e) as isize,
    }
}
