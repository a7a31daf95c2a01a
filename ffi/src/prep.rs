//! The `io_uring_prep_*` helpers, exported for liburing-ffi: each calls the
//! riouring prep of the same name on the C SQE.

use crate::sq::sqe;
use core::ffi::c_void;
use riouring::SubmissionQueueEntry128;
use riouring::sys::io_uring_sqe;
use std::ffi::{c_int, c_uint};

/// `io_uring_prep_rw`: the generic read/write-shaped prep.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_rw(
    op: c_int,
    s: *mut io_uring_sqe,
    fd: c_int,
    addr: *const c_void,
    len: c_uint,
    offset: u64,
) {
    // SAFETY: the caller passes an unsubmitted SQE and keeps `addr` valid as
    // the opcode requires.
    unsafe { sqe(s).prep_rw(op as u8, fd, addr, len, offset) };
}

/// `io_uring_prep_nop`: a no-op request.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_nop(s: *mut io_uring_sqe) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_nop();
}

/// `io_uring_prep_nop128`: a no-op in a 128-byte SQE.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_nop128(s: *mut io_uring_sqe) {
    // SAFETY: the caller passes an unsubmitted 128-byte SQE (from
    // io_uring_get_sqe128), which is a SubmissionQueueEntry128.
    unsafe { &mut *s.cast::<SubmissionQueueEntry128>() }.prep_nop128();
}
