//! The completion side: waiting, peeking, iterating and advancing (liburing's
//! queue.c and the CQ half of liburing.h). Functions that hand out a CQE
//! pointer use riouring's raw methods, so C sees pointers into the ring.

use crate::ret_unit;
use core::ffi::c_void;
use core::ptr;
use riouring::sys::{__kernel_timespec, io_uring_cqe};
use riouring::{CompletionQueueEvent, CqeIter, Ring, Timespec, neg_errno};
use std::ffi::{c_int, c_uint};

/// `Option<&Timespec>` from a C timespec pointer.
///
/// # Safety
///
/// `ts` is null or valid for reads for the returned lifetime.
#[inline(always)]
unsafe fn timespec<'a>(ts: *mut __kernel_timespec) -> Option<&'a Timespec> {
    // SAFETY: Timespec is repr(transparent) over __kernel_timespec; null or
    // valid per the contract.
    unsafe { ts.cast::<Timespec>().as_ref() }
}

/// Store `cqe` through `cqe_ptr` and return `ret` (the `(err, cqe)` pair of
/// riouring's raw waits), or store NULL and return `-errno`.
///
/// # Safety
///
/// `cqe_ptr` is valid for writes.
#[inline(always)]
unsafe fn out_cqe(cqe_ptr: *mut *mut io_uring_cqe, r: std::io::Result<(c_int, *mut io_uring_cqe)>) -> c_int {
    let (ret, cqe) = match r {
        Ok(pair) => pair,
        Err(e) => (neg_errno(&e), ptr::null_mut()),
    };
    // SAFETY: per the contract.
    unsafe { *cqe_ptr = cqe };
    ret
}

/// `__io_uring_get_cqe`: submit `submit` entries and wait for `wait_nr`
/// completions with `sigmask`; the first CQE through `cqe_ptr`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __io_uring_get_cqe(
    ring: *mut Ring,
    cqe_ptr: *mut *mut io_uring_cqe,
    submit: c_uint,
    wait_nr: c_uint,
    sigmask: *mut libc::sigset_t,
) -> c_int {
    // SAFETY: the caller passes a set-up ring and a null or valid sigmask.
    let r = unsafe { (*ring).get_cqe_raw(submit, wait_nr, sigmask) };
    // SAFETY: the caller passes a writable cqe_ptr.
    unsafe { out_cqe(cqe_ptr, Ok(r)) }
}

/// `io_uring_wait_cqes`: wait for `wait_nr` completions for at most `ts`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_wait_cqes(
    ring: *mut Ring,
    cqe_ptr: *mut *mut io_uring_cqe,
    wait_nr: c_uint,
    ts: *mut __kernel_timespec,
    sigmask: *mut libc::sigset_t,
) -> c_int {
    // SAFETY: the caller passes a set-up ring, and null or valid `ts` and
    // `sigmask`.
    let r = unsafe { (*ring).wait_cqes_raw(wait_nr, timespec(ts), None, sigmask.as_ref()) };
    // SAFETY: the caller passes a writable cqe_ptr.
    unsafe { out_cqe(cqe_ptr, r) }
}

/// `io_uring_wait_cqes_min_timeout`: [`io_uring_wait_cqes`] with a minimum
/// batch wait; `-EINVAL` without `IORING_FEAT_MIN_TIMEOUT`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_wait_cqes_min_timeout(
    ring: *mut Ring,
    cqe_ptr: *mut *mut io_uring_cqe,
    wait_nr: c_uint,
    ts: *mut __kernel_timespec,
    min_wait_usec: c_uint,
    sigmask: *mut libc::sigset_t,
) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    let ring = unsafe { &mut *ring };
    // SAFETY: the caller passes null or valid `ts` and `sigmask`.
    let r = unsafe { ring.wait_cqes_raw(wait_nr, timespec(ts), Some(min_wait_usec), sigmask.as_ref()) };
    // SAFETY: the caller passes a writable cqe_ptr.
    unsafe { out_cqe(cqe_ptr, r) }
}

/// `io_uring_wait_cqe_timeout`: wait for one completion for at most `ts`;
/// `-ETIME` when the time runs out.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_wait_cqe_timeout(
    ring: *mut Ring,
    cqe_ptr: *mut *mut io_uring_cqe,
    ts: *mut __kernel_timespec,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    unsafe { io_uring_wait_cqes(ring, cqe_ptr, 1, ts, ptr::null_mut()) }
}

/// `io_uring_submit_and_wait_timeout`: submit, then wait for `wait_nr`
/// completions for at most `ts`; the number submitted.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_submit_and_wait_timeout(
    ring: *mut Ring,
    cqe_ptr: *mut *mut io_uring_cqe,
    wait_nr: c_uint,
    ts: *mut __kernel_timespec,
    sigmask: *mut libc::sigset_t,
) -> c_int {
    // SAFETY: the caller passes a set-up ring, and null or valid `ts` and
    // `sigmask`.
    let r = unsafe { (*ring).submit_and_wait_timeout_inner(wait_nr, timespec(ts), None, sigmask.as_ref()) };
    // SAFETY: the caller passes a writable cqe_ptr.
    unsafe { out_cqe(cqe_ptr, r.map(|(n, cqe)| (n as c_int, cqe))) }
}

/// `io_uring_submit_and_wait_min_timeout`: [`io_uring_submit_and_wait_timeout`]
/// with a minimum batch wait; `-EINVAL` without `IORING_FEAT_MIN_TIMEOUT`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_submit_and_wait_min_timeout(
    ring: *mut Ring,
    cqe_ptr: *mut *mut io_uring_cqe,
    wait_nr: c_uint,
    ts: *mut __kernel_timespec,
    min_wait: c_uint,
    sigmask: *mut libc::sigset_t,
) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    let ring = unsafe { &mut *ring };
    // SAFETY: the caller passes null or valid `ts` and `sigmask`.
    let r = unsafe {
        ring.submit_and_wait_timeout_inner(wait_nr, timespec(ts), Some(min_wait), sigmask.as_ref())
    };
    // SAFETY: the caller passes a writable cqe_ptr.
    unsafe { out_cqe(cqe_ptr, r.map(|(n, cqe)| (n as c_int, cqe))) }
}

/// `io_uring_submit_and_wait_reg`: submit and wait with the parameters of
/// registered wait region slot `reg_index`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_submit_and_wait_reg(
    ring: *mut Ring,
    cqe_ptr: *mut *mut io_uring_cqe,
    wait_nr: c_uint,
    reg_index: c_int,
) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    let r = unsafe { &mut *ring }.submit_and_wait_reg_raw(wait_nr, reg_index as u32);
    // SAFETY: the caller passes a writable cqe_ptr.
    unsafe { out_cqe(cqe_ptr, Ok(r)) }
}

/// `io_uring_peek_batch_cqe`: up to `count` ready CQE pointers into `cqes`,
/// without waiting; how many.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_peek_batch_cqe(
    ring: *mut Ring,
    cqes: *mut *mut io_uring_cqe,
    count: c_uint,
) -> c_uint {
    if count == 0 {
        return 0;
    }
    // SAFETY: the caller passes an array of `count` writable pointers.
    let out = unsafe { core::slice::from_raw_parts_mut(cqes, count as usize) };
    // SAFETY: the caller passes a set-up ring.
    unsafe { &mut *ring }.peek_batch_cqe_raw(out) as c_uint
}

/// `__io_uring_peek_cqe`: the CQE at the head, if any, and how many are
/// ready; internal timeouts and skip entries are consumed on the way.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __io_uring_peek_cqe(
    ring: *mut Ring,
    cqe_ptr: *mut *mut io_uring_cqe,
    nr_available: *mut c_uint,
) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    let (err, cqe, available) = unsafe { &mut *ring }.peek_cqe_raw();
    // SAFETY: the caller passes a writable cqe_ptr, and a null or writable
    // nr_available.
    unsafe {
        *cqe_ptr = cqe;
        if let Some(n) = nr_available.as_mut() {
            *n = available;
        }
    }
    err
}

/// `io_uring_peek_cqe`: the next CQE if one is ready, else `-EAGAIN`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_peek_cqe(ring: *mut Ring, cqe_ptr: *mut *mut io_uring_cqe) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    let (err, cqe) = unsafe { &mut *ring }.peek_cqe_ptr();
    // SAFETY: the caller passes a writable cqe_ptr.
    unsafe { out_cqe(cqe_ptr, Ok((err, cqe))) }
}

/// `io_uring_wait_cqe`: the next CQE, waiting for one if needed.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_wait_cqe(ring: *mut Ring, cqe_ptr: *mut *mut io_uring_cqe) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    let (err, cqe) = unsafe { &mut *ring }.wait_cqe_ptr();
    // SAFETY: the caller passes a writable cqe_ptr.
    unsafe { out_cqe(cqe_ptr, Ok((err, cqe))) }
}

/// `io_uring_wait_cqe_nr`: wait until `wait_nr` CQEs are ready; the first.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_wait_cqe_nr(
    ring: *mut Ring,
    cqe_ptr: *mut *mut io_uring_cqe,
    wait_nr: c_uint,
) -> c_int {
    // SAFETY: the caller passes a set-up ring; no signal mask.
    let r = unsafe { (*ring).get_cqe_raw(0, wait_nr, ptr::null()) };
    // SAFETY: the caller passes a writable cqe_ptr.
    unsafe { out_cqe(cqe_ptr, Ok(r)) }
}

/// The riouring copy of a C CQE (its header; enough for `nr`, data, flags).
///
/// # Safety
///
/// `cqe` points to a readable CQE.
#[inline(always)]
unsafe fn copy(cqe: *const io_uring_cqe) -> CompletionQueueEvent {
    // SAFETY: per the contract.
    let c = unsafe { &*cqe };
    CompletionQueueEvent::new(c.user_data, c.res, c.flags)
}

/// `io_uring_cq_advance`: hand `nr` CQ slots back to the kernel.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cq_advance(ring: *mut Ring, nr: c_uint) {
    // SAFETY: the caller passes a set-up ring.
    unsafe { &mut *ring }.cq_advance(nr);
}

/// `io_uring_cqe_seen`: mark `cqe` (the one at the head) consumed.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cqe_seen(ring: *mut Ring, cqe: *mut io_uring_cqe) {
    if !cqe.is_null() {
        // SAFETY: the caller passes a set-up ring and a CQE of it.
        unsafe { (*ring).cqe_seen(&copy(cqe)) };
    }
}

/// `io_uring_cqe_nr`: CQ slots `cqe` occupies (2 for a 32-byte entry on a
/// mixed ring).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cqe_nr(cqe: *const io_uring_cqe) -> c_uint {
    // SAFETY: the caller passes a CQE.
    unsafe { copy(cqe) }.nr()
}

/// `io_uring_cqe_get_data`: the user data as a pointer.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cqe_get_data(cqe: *const io_uring_cqe) -> *mut c_void {
    // SAFETY: the caller passes a CQE.
    unsafe { copy(cqe) }.data()
}

/// `io_uring_cqe_get_data64`: the user data.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cqe_get_data64(cqe: *const io_uring_cqe) -> u64 {
    // SAFETY: the caller passes a CQE.
    unsafe { copy(cqe) }.user_data()
}

/// `io_uring_cqe_iter_init`: an iterator over a snapshot of the ready CQEs.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cqe_iter_init(ring: *const Ring) -> CqeIter<'static> {
    // SAFETY: the caller passes a set-up ring and keeps it alive while it
    // uses the iterator, as liburing requires.
    unsafe { &*ring }.cqe_iter()
}

/// `io_uring_cqe_iter_next`: the next CQE of the iterator; false at the end.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cqe_iter_next(
    iter: *mut CqeIter<'static>,
    cqe: *mut *mut io_uring_cqe,
) -> bool {
    // SAFETY: the caller passes an iterator from io_uring_cqe_iter_init.
    match unsafe { &mut *iter }.next_raw() {
        Some(p) => {
            // SAFETY: the caller passes a writable cqe pointer.
            unsafe { *cqe = p };
            true
        }
        None => false,
    }
}

/// `io_uring_cq_ready`: CQ slots holding unconsumed completions.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cq_ready(ring: *const Ring) -> c_uint {
    // SAFETY: the caller passes a set-up ring.
    unsafe { &*ring }.cq_ready()
}

/// `io_uring_cq_has_overflow`: completions wait in the kernel's overflow
/// list.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cq_has_overflow(ring: *const Ring) -> bool {
    // SAFETY: the caller passes a set-up ring.
    unsafe { &*ring }.cq_has_overflow()
}

/// `io_uring_cq_eventfd_enabled`: whether a registered eventfd is signalled.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cq_eventfd_enabled(ring: *const Ring) -> bool {
    // SAFETY: the caller passes a set-up ring.
    unsafe { &*ring }.cq_eventfd_enabled()
}

/// `io_uring_cq_eventfd_toggle`: turn eventfd signalling on or off.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cq_eventfd_toggle(ring: *mut Ring, enabled: bool) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_unit(unsafe { &mut *ring }.cq_eventfd_toggle(enabled))
}
