//! The io_uring kernel ABI, and nothing else: `#[repr(C)]` twins of the
//! structs of `<linux/io_uring.h>` (Linux 6.18, as liburing 2.15 ships it),
//! every constant with its value, and the three raw system calls.
//!
//! Names are the C names, so a line of liburing code reads the same here.
//! Values the kernel writes back are plain integers, never Rust enums: a
//! newer kernel cannot produce an invalid value. Every struct carries
//! compile-time checks of its size and of the offset of every field and
//! union member.

#![allow(non_camel_case_types, non_upper_case_globals)]

mod consts;
mod ring_abi;
mod syscall;
mod types;

pub use consts::*;
pub use ring_abi::*;
pub use syscall::*;
pub use types::*;

/// liburing's `struct io_uring`: [`Ring`](crate::Ring) is layout-identical.
pub type io_uring = crate::Ring;
/// liburing's `struct io_uring_sq`: [`SubmissionQueue`](crate::SubmissionQueue) is layout-identical.
pub type io_uring_sq = crate::SubmissionQueue;
/// liburing's `struct io_uring_cq`: [`CompletionQueue`](crate::CompletionQueue) is layout-identical.
pub type io_uring_cq = crate::CompletionQueue;
/// liburing's `struct io_uring_cqe_iter`: [`CqeIter`](crate::CqeIter) is layout-identical.
pub type io_uring_cqe_iter = crate::CqeIter<'static>;

/// The address of `p` as the `u64` the kernel ABI stores pointers in.
///
/// liburing: `uring_ptr_to_u64` (internal).
#[inline(always)]
pub fn uring_ptr_to_u64<T>(p: *const T) -> u64 {
    p as usize as u64
}
