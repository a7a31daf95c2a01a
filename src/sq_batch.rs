//! `SqBatch`: handing out many submission entries with the queue's indices
//! held in registers.
//!
//! [`Ring::get_sqe`] reloads the SQ head, tail, mask and entry pointer on
//! every call: the compiler cannot prove that the caller's writes to the
//! entry it returned leave the `Ring` alone. A batch copies them once,
//! hands out entries from its copies, and writes the tail back when dropped.
//! Liburing has no counterpart (C cannot scope a borrow); the entries, and
//! what the kernel sees, are exactly those of repeated `get_sqe` calls.

use crate::queue::{load_sq_head_at, zeroed_sqe};
use crate::ring::Ring;
use crate::sqe::SubmissionQueueEntry;
use crate::sys::{self, io_uring_sqe};
use core::marker::PhantomData;

/// A run of [`Ring::get_sqe`] calls with the SQ indices cached; see
/// [`Ring::sq_batch`]. The entries become visible to the ring (for
/// [`Ring::submit`]) when the batch is dropped.
///
/// ```
/// # let mut ring = riouring::Ring::new(32)?;
/// let mut batch = ring.sq_batch();
/// for i in 0..32 {
///     let sqe = batch.get_sqe().expect("room for 32");
///     sqe.prep_nop();
///     sqe.set_data64(i);
/// }
/// drop(batch);
/// ring.submit_and_wait(32)?;
/// assert_eq!(ring.completions().count(), 32);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct SqBatch<'a> {
    ring: *mut Ring,
    sqes: *mut io_uring_sqe,
    khead: *const u32,
    mask: u32,
    entries: u32,
    tail: u32,
    /// The tail at which the SQ was full when the kernel's head was last read.
    limit: u32,
    big: bool,
    sqpoll: bool,
    _ring: PhantomData<&'a mut Ring>,
}

impl Ring {
    /// Start a batch of submission entries (see [`SqBatch`]): the same
    /// entries as repeated [`get_sqe`](Ring::get_sqe) calls, at a lower cost
    /// per entry. The ring is borrowed until the batch is dropped.
    ///
    /// No liburing counterpart; the liburing shape is
    /// [`io_uring_get_sqe`](https://man7.org/linux/man-pages/man3/io_uring_get_sqe.3.html)
    /// in a loop.
    #[inline]
    pub fn sq_batch(&mut self) -> SqBatch<'_> {
        let head = self.load_sq_head();
        let (sqes, khead, mask, entries, tail) =
            (self.sq.sqes, self.sq.khead, self.sq.ring_mask, self.sq.ring_entries, self.sq.sqe_tail);
        let big = self.flags & sys::IORING_SETUP_SQE128 != 0;
        let sqpoll = self.flags & sys::IORING_SETUP_SQPOLL != 0;
        SqBatch {
            sqes,
            khead,
            mask,
            entries,
            tail,
            limit: head.wrapping_add(entries),
            big,
            sqpoll,
            // Last: the raw pointer carries the unique borrow from here on.
            ring: self,
            _ring: PhantomData,
        }
    }
}

impl SqBatch<'_> {
    /// The next free entry, zeroed (a NOP), or `None` when the SQ is full.
    ///
    /// liburing: [`io_uring_get_sqe`](https://man7.org/linux/man-pages/man3/io_uring_get_sqe.3.html).
    #[inline]
    pub fn get_sqe(&mut self) -> Option<&mut SubmissionQueueEntry> {
        if self.tail == self.limit {
            self.limit = refresh_limit(self.khead, self.sqpoll, self.entries);
            if self.tail == self.limit {
                return None;
            }
        }
        let idx = (self.tail & self.mask) as usize;
        self.tail = self.tail.wrapping_add(1);
        // SAFETY: idx < ring_entries, and the slot is past the kernel's head
        // and not yet published, so it is ours.
        let sqe = unsafe { zeroed_sqe(self.sqes, idx, self.big) };
        // SAFETY: the slot is 64-byte aligned, zeroed and ours (see above);
        // the borrow ends before the next call or the batch's drop.
        Some(unsafe { &mut *sqe.cast::<SubmissionQueueEntry>() })
    }

    /// Entries the batch can still hand out without asking the kernel again.
    pub fn space_left(&self) -> u32 {
        self.limit.wrapping_sub(self.tail)
    }
}

/// The SQ-full tail after re-reading the kernel's head (it may have consumed
/// entries since, with SQPOLL). Takes plain values, not the batch, so the
/// batch's fields can live in registers.
#[cold]
#[inline(never)]
fn refresh_limit(khead: *const u32, sqpoll: bool, entries: u32) -> u32 {
    // SAFETY: khead points into the live SQ ring: the ring is borrowed for
    // the batch's lifetime.
    unsafe { load_sq_head_at(khead, sqpoll) }.wrapping_add(entries)
}

impl Drop for SqBatch<'_> {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: the batch holds the ring's unique borrow for its lifetime;
        // storing the tail makes the handed-out entries part of the ring's
        // queue, exactly as the same number of get_sqe calls would.
        unsafe { (*self.ring).sq.sqe_tail = self.tail };
    }
}
