//! The only way riouring touches ring words shared with the kernel.
//!
//! These mirror liburing's `barrier.h`: each shared `u32` (ring heads and
//! tails, the ring flag words) is accessed as an [`AtomicU32`] with the
//! ordering its kernel-side partner needs. Each call site says which partner
//! that is.
//!
//! The pointers come from the ring mapping: they are non-null, 4-byte
//! aligned, and valid for as long as the ring is mapped, which outlives every
//! `Ring` method that calls these helpers.

use core::sync::atomic::{AtomicU16, AtomicU32, Ordering, fence};

/// Load-acquire of a kernel-written index: everything the kernel wrote before
/// its store-release of that index (the CQEs before the CQ tail, for example)
/// is visible after this load.
///
/// # Safety
///
/// `p` must be a valid, aligned pointer into a live ring mapping.
#[inline(always)]
pub(crate) unsafe fn load_acquire(p: *const u32) -> u32 {
    // SAFETY: per the function contract `p` is valid and aligned for u32, and
    // the word is only ever accessed atomically from user space.
    unsafe { AtomicU32::from_ptr(p.cast_mut()) }.load(Ordering::Acquire)
}

/// Store-release of an application-written index: everything this thread
/// wrote before (SQEs before the SQ tail, reads of CQEs before the CQ head)
/// happens-before the kernel's load-acquire of it.
///
/// # Safety
///
/// `p` must be a valid, aligned pointer into a live ring mapping.
#[inline(always)]
pub(crate) unsafe fn store_release(p: *mut u32, v: u32) {
    // SAFETY: as in `load_acquire`.
    unsafe { AtomicU32::from_ptr(p) }.store(v, Ordering::Release)
}

/// `READ_ONCE`: a relaxed load of a word the kernel may change at any time,
/// where no ordering with other memory is needed.
///
/// # Safety
///
/// `p` must be a valid, aligned pointer into a live ring mapping.
#[inline(always)]
pub(crate) unsafe fn read_once(p: *const u32) -> u32 {
    // SAFETY: as in `load_acquire`.
    unsafe { AtomicU32::from_ptr(p.cast_mut()) }.load(Ordering::Relaxed)
}

/// `WRITE_ONCE`: a relaxed store of a word the kernel reads.
///
/// # Safety
///
/// `p` must be a valid, aligned pointer into a live ring mapping.
#[inline(always)]
pub(crate) unsafe fn write_once(p: *mut u32, v: u32) {
    // SAFETY: as in `load_acquire`.
    unsafe { AtomicU32::from_ptr(p) }.store(v, Ordering::Relaxed)
}

/// Store-release of a 16-bit index (a provided-buffer ring's tail).
///
/// # Safety
///
/// `p` must be a valid, 2-byte aligned pointer into a live buffer ring.
#[inline(always)]
pub(crate) unsafe fn store_release_u16(p: *mut u16, v: u16) {
    // SAFETY: per the contract, valid and aligned; only accessed atomically.
    unsafe { AtomicU16::from_ptr(p) }.store(v, Ordering::Release)
}

/// Relaxed load of a 16-bit index.
///
/// # Safety
///
/// `p` must be a valid, 2-byte aligned pointer into a live buffer ring.
#[inline(always)]
pub(crate) unsafe fn read_once_u16(p: *const u16) -> u16 {
    // SAFETY: per the contract, valid and aligned; only accessed atomically.
    unsafe { AtomicU16::from_ptr(p.cast_mut()) }.load(Ordering::Relaxed)
}

/// `smp_mb()`: a full fence. Needed with SQPOLL between publishing the SQ
/// tail and reading `IORING_SQ_NEED_WAKEUP`: the SQ thread sets the flag and
/// then re-checks the tail (with its own full barrier), so a store-load
/// ordering is required on both sides, which acquire/release cannot give.
#[inline(always)]
pub(crate) fn full_fence() {
    fence(Ordering::SeqCst)
}
