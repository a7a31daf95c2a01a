//! The submission side: getting entries, SQ state, submitting, and the SQE
//! setters (liburing's queue.c and the SQ half of liburing.h).

use crate::ret_count;
use core::ffi::c_void;
use riouring::sys::io_uring_sqe;
use riouring::{Ring, SubmissionQueueEntry};
use std::ffi::{c_int, c_uint};

/// The riouring view of a C SQE pointer.
///
/// # Safety
///
/// `sqe` is an entry from `io_uring_get_sqe*` not yet submitted, and no
/// other reference to it is live.
#[inline(always)]
pub(crate) unsafe fn sqe<'a>(sqe: *mut io_uring_sqe) -> &'a mut SubmissionQueueEntry {
    // SAFETY: SubmissionQueueEntry is repr(transparent) over io_uring_sqe;
    // the pointer is valid and unaliased per the contract.
    unsafe { &mut *sqe.cast::<SubmissionQueueEntry>() }
}

/// `io_uring_get_sqe`: the next free SQE, zeroed, or NULL when the SQ is full.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_get_sqe(ring: *mut Ring) -> *mut io_uring_sqe {
    // SAFETY: the caller passes a set-up ring.
    unsafe { &mut *ring }.get_sqe_raw()
}

/// `_io_uring_get_sqe`: liburing's internal name of [`io_uring_get_sqe`]
/// (neither map exports it: the version scripts keep it local, as liburing
/// does).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _io_uring_get_sqe(ring: *mut Ring) -> *mut io_uring_sqe {
    // SAFETY: the caller passes a set-up ring.
    unsafe { &mut *ring }.get_sqe_raw()
}

/// `io_uring_get_sqe128`: a 128-byte SQE, or NULL.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_get_sqe128(ring: *mut Ring) -> *mut io_uring_sqe {
    // SAFETY: the caller passes a set-up ring.
    unsafe { &mut *ring }.get_sqe128_raw()
}

/// `io_uring_sq_ready`: entries not yet consumed by the kernel.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_sq_ready(ring: *const Ring) -> c_uint {
    // SAFETY: the caller passes a set-up ring.
    unsafe { &*ring }.sq_ready()
}

/// `io_uring_sq_space_left`: free SQ entries.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_sq_space_left(ring: *const Ring) -> c_uint {
    // SAFETY: the caller passes a set-up ring.
    unsafe { &*ring }.sq_space_left()
}

/// `io_uring_sqring_wait`: with SQPOLL, wait until the SQ has room.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_sqring_wait(ring: *mut Ring) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_count(unsafe { &mut *ring }.sqring_wait())
}

/// `__io_uring_sqring_wait`: enter with `IORING_ENTER_SQ_WAIT`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __io_uring_sqring_wait(ring: *mut Ring) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_count(unsafe { &mut *ring }.sqring_wait_enter())
}

/// `io_uring_submit`: submit the queued SQEs; the number submitted.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_submit(ring: *mut Ring) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_count(unsafe { &mut *ring }.submit())
}

/// `io_uring_submit_and_wait`: submit, then wait for `wait_nr` completions.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_submit_and_wait(ring: *mut Ring, wait_nr: c_uint) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_count(unsafe { &mut *ring }.submit_and_wait(wait_nr))
}

/// `io_uring_submit_and_get_events`: submit and flush pending completions.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_submit_and_get_events(ring: *mut Ring) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_count(unsafe { &mut *ring }.submit_and_get_events())
}

/// `io_uring_get_events`: flush pending completions into the CQ.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_get_events(ring: *mut Ring) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_count(unsafe { &mut *ring }.get_events())
}

/// `io_uring_sqe_set_data`: set the user data to a pointer.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_sqe_set_data(s: *mut io_uring_sqe, data: *mut c_void) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.set_data(data);
}

/// `io_uring_sqe_set_data64`: set the user data.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_sqe_set_data64(s: *mut io_uring_sqe, data: u64) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.set_data64(data);
}

/// `io_uring_sqe_set_flags`: set the `IOSQE_*` flags.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_sqe_set_flags(s: *mut io_uring_sqe, flags: c_uint) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.set_flags(flags as u8);
}

/// `io_uring_sqe_set_buf_group`: set the provided-buffer group.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_sqe_set_buf_group(s: *mut io_uring_sqe, bgid: c_int) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.set_buf_group(bgid as u16);
}
