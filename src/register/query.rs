//! Asking the kernel what it supports, without a ring
//! (`IORING_REGISTER_QUERY`).

use crate::error::{errno, kret};
use crate::sys::{self, io_uring_query_hdr, io_uring_query_opcode};
use core::mem::size_of;
use std::io;

/// Run a chain of queries: `io_uring_register(-1, IORING_REGISTER_QUERY,
/// query, 0)`. Each header names a query (`IO_URING_QUERY_*`) and the struct
/// the kernel fills in; the kernel stores each query's result (0 or
/// `-errno`) in its header's `result` and follows `next_entry`. The call
/// itself fails with `EINVAL` on kernels without the interface.
///
/// liburing: [`io_uring_register_query`](https://man7.org/linux/man-pages/man3/io_uring_register_query.3.html).
/// Kernel 6.18.
///
/// # Safety
///
/// `query` and every header reachable through `next_entry` must be valid,
/// writable [`io_uring_query_hdr`]s, and each `query_data` valid for writes
/// of `size` bytes, during the call.
#[doc(alias = "io_uring_register_query")]
pub unsafe fn register_query(query: *mut io_uring_query_hdr) -> io::Result<u32> {
    // SAFETY: forwarded from this function's contract.
    kret(unsafe { sys::io_uring_register(-1, sys::IORING_REGISTER_QUERY, query.cast(), 0) })
}

/// Query the opcodes, register opcodes and flags this kernel supports
/// (`IO_URING_QUERY_OPCODES`).
///
/// liburing: [`io_uring_register_query`](https://man7.org/linux/man-pages/man3/io_uring_register_query.3.html)
/// with `IO_URING_QUERY_OPCODES`. Kernel 6.18.
#[doc(alias = "io_uring_register_query")]
pub fn query_opcodes() -> io::Result<io_uring_query_opcode> {
    let mut data = io_uring_query_opcode::default();
    let mut hdr = io_uring_query_hdr {
        query_data: &mut data as *mut io_uring_query_opcode as u64,
        query_op: sys::IO_URING_QUERY_OPCODES,
        size: size_of::<io_uring_query_opcode>() as u32,
        ..Default::default()
    };
    // SAFETY: one header, no next entry, pointing at `data` of `size` bytes;
    // both live across the call.
    unsafe { register_query(&mut hdr)? };
    if hdr.result < 0 {
        return Err(errno(-hdr.result));
    }
    Ok(data)
}
