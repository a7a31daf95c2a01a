//! The hot path: getting entries, submitting, waiting, peeking and
//! advancing (liburing's queue.c and the inline half of liburing.h).
//!
//! Ordering contract (each site names its kernel partner):
//! - SQ tail: store-release, pairs with the kernel's load-acquire of the SQ
//!   tail before it reads the entries (`io_sqring_entries`).
//! - SQ head: plain (relaxed) load, or load-acquire with SQPOLL, where it
//!   pairs with the SQ thread's store-release after it has read the entries.
//! - CQ tail: load-acquire, pairs with the kernel's store-release of the CQ
//!   tail after writing the entries (`io_commit_cqring`).
//! - CQ head: store-release, pairs with the kernel's load-acquire of the CQ
//!   head before reusing slots: our reads of the entries happen first.
//! - SQPOLL wakeup: full fence between publishing the SQ tail and reading
//!   `IORING_SQ_NEED_WAKEUP` (the SQ thread does the mirror image).

use crate::barrier::{full_fence, load_acquire, read_once, store_release, write_once};
use crate::cqe::{CompletionQueueEvent, raw_cqe_nr};
use crate::error::{errno, kret};
use crate::ring::{INT_FLAG_CQ_ENTER, INT_FLAG_NO_IOWAIT, Ring};
use crate::sqe::{SubmissionQueueEntry, SubmissionQueueEntry128};
use crate::sys::{self, io_uring_cqe, io_uring_getevents_arg};
use crate::timespec::Timespec;
use core::ffi::c_void;
use core::marker::PhantomData;
use core::mem::size_of;
use core::ptr;
use std::io;

/// The user data liburing reserves for its internal timeout entries on
/// kernels without `IORING_FEAT_EXT_ARG`.
pub const LIBURING_UDATA_TIMEOUT: u64 = u64::MAX;

/// SQE index shift for ring flags: 1 with `IORING_SETUP_SQE128`, else 0.
///
/// liburing: [`io_uring_sqe_shift_from_flags`](https://man7.org/linux/man-pages/man3/io_uring_sqe_shift_from_flags.3.html).
#[doc(alias = "io_uring_sqe_shift_from_flags")]
#[inline(always)]
pub const fn sqe_shift_from_flags(flags: u32) -> u32 {
    (flags & sys::IORING_SETUP_SQE128 != 0) as u32
}

/// CQE index shift for ring flags: 1 with `IORING_SETUP_CQE32`, else 0.
///
/// liburing: [`io_uring_cqe_shift_from_flags`](https://man7.org/linux/man-pages/man3/io_uring_cqe_shift_from_flags.3.html).
#[doc(alias = "io_uring_cqe_shift_from_flags")]
#[inline(always)]
pub const fn cqe_shift_from_flags(flags: u32) -> u32 {
    (flags & sys::IORING_SETUP_CQE32 != 0) as u32
}

/// The state of one `_io_uring_get_cqe` loop.
struct GetData {
    submit: u32,
    wait_nr: u32,
    get_flags: u32,
    sz: usize,
    /// A timeout bounds this wait: a second pass without a CQE is `ETIME`.
    has_ts: bool,
    arg: *const c_void,
}

fn sigmask_ptr(sigmask: Option<&libc::sigset_t>) -> *const libc::sigset_t {
    sigmask.map_or(ptr::null(), |s| s as *const _)
}

/// The kernel's SQ head at `khead`: entries before it have been consumed.
///
/// # Safety
///
/// `khead` points at the head word of a live SQ ring.
#[inline(always)]
pub(crate) unsafe fn load_sq_head_at(khead: *const u32, sqpoll: bool) -> u32 {
    if sqpoll {
        // SAFETY: per the contract. Acquire pairs with the SQ thread's
        // store-release of the head after it read the entries, so an entry
        // it is still reading is never overwritten.
        unsafe { load_acquire(khead) }
    } else {
        // SAFETY: per the contract. Without SQPOLL the kernel reads entries
        // only inside io_uring_enter, which has returned: no ordering needed.
        unsafe { read_once(khead) }
    }
}

/// Zero the entry for SQ slot `idx` (64 bytes, or 128 with `big`) and
/// return it. One branch on the size with a constant length on each side:
/// the zeroing becomes a few vector stores rather than a memset call.
///
/// # Safety
///
/// `sqes` is the ring's SQE array, `idx < ring_entries`, and the slot is
/// past the kernel's head and not yet published: nothing else reads it.
#[inline(always)]
pub(crate) unsafe fn zeroed_sqe(
    sqes: *mut sys::io_uring_sqe,
    idx: usize,
    big: bool,
) -> *mut sys::io_uring_sqe {
    if !big {
        // SAFETY: per the contract, slot idx is in the array and ours; zero
        // bytes are a valid entry.
        unsafe {
            let sqe = sqes.add(idx);
            ptr::write_bytes(sqe, 0, 1);
            sqe
        }
    } else {
        // SAFETY: with 128-byte entries slot idx is entries 2*idx and
        // 2*idx+1 of an array of 2 * ring_entries; ours per the contract.
        unsafe {
            let sqe = sqes.add(idx << 1);
            ptr::write_bytes(sqe, 0, 2);
            sqe
        }
    }
}

impl Ring {
    // ------------------------------------------------------------------
    // Submission side

    /// SQE index shift of this ring (1 for 128-byte entries).
    ///
    /// liburing: [`io_uring_sqe_shift`](https://man7.org/linux/man-pages/man3/io_uring_sqe_shift.3.html).
    #[doc(alias = "io_uring_sqe_shift")]
    #[inline(always)]
    pub fn sqe_shift(&self) -> u32 {
        sqe_shift_from_flags(self.flags)
    }

    /// The kernel's SQ head: entries before it have been consumed.
    ///
    /// liburing: [`io_uring_load_sq_head`](https://man7.org/linux/man-pages/man3/io_uring_load_sq_head.3.html).
    #[doc(alias = "io_uring_load_sq_head")]
    #[inline(always)]
    pub fn load_sq_head(&self) -> u32 {
        // SAFETY: khead points into the live SQ ring.
        unsafe { load_sq_head_at(self.sq.khead, self.flags & sys::IORING_SETUP_SQPOLL != 0) }
    }

    /// Entries obtained with `get_sqe` that the kernel has not consumed yet.
    ///
    /// liburing: [`io_uring_sq_ready`](https://man7.org/linux/man-pages/man3/io_uring_sq_ready.3.html).
    #[doc(alias = "io_uring_sq_ready")]
    #[inline]
    pub fn sq_ready(&self) -> u32 {
        self.sq.sqe_tail.wrapping_sub(self.load_sq_head())
    }

    /// Free entries in the SQ.
    ///
    /// liburing: [`io_uring_sq_space_left`](https://man7.org/linux/man-pages/man3/io_uring_sq_space_left.3.html).
    #[doc(alias = "io_uring_sq_space_left")]
    #[inline]
    pub fn sq_space_left(&self) -> u32 {
        self.sq.ring_entries - self.sq_ready()
    }

    /// Number of SQ entries.
    pub fn sq_entries(&self) -> u32 {
        self.sq.ring_entries
    }

    /// Number of CQ entries.
    pub fn cq_entries(&self) -> u32 {
        self.cq.ring_entries
    }

    /// The SQ ring's `IORING_SQ_*` flags word (`IORING_SQ_NEED_WAKEUP`,
    /// `IORING_SQ_CQ_OVERFLOW`, `IORING_SQ_TASKRUN`), as the kernel last set it.
    pub fn sq_flags(&self) -> u32 {
        // SAFETY: kflags points into the live SQ ring; a snapshot, no
        // ordering needed.
        unsafe { read_once(self.sq.kflags) }
    }

    /// Entries the kernel dropped because they were invalid
    /// (`sq_ring->dropped`).
    pub fn sq_dropped(&self) -> u32 {
        // SAFETY: kdropped points into the live SQ ring; a counter needs no
        // ordering.
        unsafe { read_once(self.sq.kdropped) }
    }

    /// Completions the kernel could not post because the CQ was full and it
    /// lacked `IORING_FEAT_NODROP` (`cq_ring->overflow`).
    pub fn cq_overflow(&self) -> u32 {
        // SAFETY: koverflow points into the live CQ ring; a counter.
        unsafe { read_once(self.cq.koverflow) }
    }

    /// The next free submission entry, zeroed (a NOP), or `None` when the SQ
    /// is full (submit, then try again).
    ///
    /// liburing: [`io_uring_get_sqe`](https://man7.org/linux/man-pages/man3/io_uring_get_sqe.3.html).
    /// Kernel 5.1.
    #[doc(alias = "io_uring_get_sqe", alias = "_io_uring_get_sqe")]
    #[inline]
    pub fn get_sqe(&mut self) -> Option<&mut SubmissionQueueEntry> {
        let p = self.get_sqe_raw();
        if p.is_null() {
            return None;
        }
        // SAFETY: get_sqe_raw returned a slot between the kernel's head and
        // our tail: the kernel does not read it until we publish the tail,
        // which needs `&mut self`, so the borrow ends first. The slot is
        // 64-byte aligned inside the SQE mapping and was just zeroed.
        Some(unsafe { &mut *p.cast::<SubmissionQueueEntry>() })
    }

    /// [`get_sqe`](Ring::get_sqe) as a raw pointer (null when full), for the
    /// C ABI.
    #[doc(hidden)]
    #[inline(always)]
    pub fn get_sqe_raw(&mut self) -> *mut sys::io_uring_sqe {
        let head = self.load_sq_head();
        let tail = self.sq.sqe_tail;
        if tail.wrapping_sub(head) >= self.sq.ring_entries {
            return ptr::null_mut();
        }
        self.sq.sqe_tail = tail.wrapping_add(1);
        let idx = (tail & self.sq.ring_mask) as usize;
        // SAFETY: idx < ring_entries, and the slot lies between the kernel's
        // head and our tail: unpublished, ours.
        unsafe { zeroed_sqe(self.sq.sqes, idx, self.flags & sys::IORING_SETUP_SQE128 != 0) }
    }

    /// A 128-byte submission entry, zeroed, or `None` when the SQ is full or
    /// the ring has neither `IORING_SETUP_SQE128` nor `IORING_SETUP_SQE_MIXED`.
    ///
    /// On a mixed ring the entry takes two slots; when only the last slot
    /// before the wrap is free, a NOP with `IOSQE_CQE_SKIP_SUCCESS` pads it,
    /// as liburing does. Use a 128-byte opcode in it (`prep_nop128`,
    /// `prep_uring_cmd128`), so the kernel knows to skip two slots.
    ///
    /// liburing: [`io_uring_get_sqe128`](https://man7.org/linux/man-pages/man3/io_uring_get_sqe128.3.html).
    /// Kernel 5.19 (SQE128), 6.19 (SQE_MIXED).
    #[doc(alias = "io_uring_get_sqe128")]
    pub fn get_sqe128(&mut self) -> Option<&mut SubmissionQueueEntry128> {
        let p = self.get_sqe128_raw();
        if p.is_null() {
            return None;
        }
        // SAFETY: as in get_sqe; the slot pair (or the 128-byte slot) is ours
        // and 128 bytes long inside the SQE array.
        Some(unsafe { &mut *p.cast::<SubmissionQueueEntry128>() })
    }

    /// [`get_sqe128`](Ring::get_sqe128) as a raw pointer, for the C ABI.
    #[doc(hidden)]
    pub fn get_sqe128_raw(&mut self) -> *mut sys::io_uring_sqe {
        if self.flags & sys::IORING_SETUP_SQE128 != 0 {
            return self.get_sqe_raw();
        }
        if self.flags & sys::IORING_SETUP_SQE_MIXED == 0 {
            return ptr::null_mut();
        }
        let head = self.load_sq_head();
        let mut tail = self.sq.sqe_tail;
        if tail.wrapping_add(1) & self.sq.ring_mask == 0 {
            // The pair would straddle the wrap: pad the last slot.
            if tail.wrapping_add(2).wrapping_sub(head) >= self.sq.ring_entries {
                return ptr::null_mut();
            }
            let pad = self.get_sqe().expect("space was checked above");
            pad.prep_nop();
            pad.set_flags(sys::IOSQE_CQE_SKIP_SUCCESS);
            tail = self.sq.sqe_tail;
        } else if tail.wrapping_add(1).wrapping_sub(head) >= self.sq.ring_entries {
            return ptr::null_mut();
        }
        // SAFETY: tail & mask is not the last slot, so the pair
        // [tail, tail+1] is inside the SQE array and not yet published.
        let sqe = unsafe { self.sq.sqes.add((tail & self.sq.ring_mask) as usize) };
        self.sq.sqe_tail = tail.wrapping_add(2);
        // SAFETY: the two slots are ours until published.
        unsafe { ptr::write_bytes(sqe, 0, 2) };
        sqe
    }

    /// Publish the entries obtained since the last submit to the kernel and
    /// return how many are pending in the shared ring.
    #[inline(always)]
    fn flush_sq(&mut self) -> u32 {
        let tail = self.sq.sqe_tail;
        if self.flags & sys::IORING_SETUP_SQ_REWIND != 0 {
            // The kernel reads from slot 0 on every submit and ignores the
            // indices: restart the tail, report what was queued.
            self.sq.sqe_tail = 0;
            return tail;
        }
        if self.sq.sqe_head != tail {
            self.sq.sqe_head = tail;
            // SAFETY: ktail points into the live SQ ring. Store-release pairs
            // with the kernel's load-acquire of the SQ tail: the entries we
            // wrote are visible before the tail that publishes them.
            unsafe { store_release(self.sq.ktail, tail) };
        }
        // SAFETY: khead points into the live SQ ring. The kernel only
        // advances it to say it finished reading; no data hangs off it here.
        tail.wrapping_sub(unsafe { read_once(self.sq.khead) })
    }

    /// Whether submitting `submit` entries needs `io_uring_enter`; sets
    /// `IORING_ENTER_SQ_WAKEUP` in `flags` when an idle SQ thread needs waking.
    #[inline(always)]
    fn sq_ring_needs_enter(&self, submit: u32, flags: &mut u32) -> bool {
        if submit == 0 {
            return false;
        }
        if self.flags & sys::IORING_SETUP_SQPOLL == 0 {
            return true;
        }
        // The SQ thread sets NEED_WAKEUP, then re-reads the tail; we stored
        // the tail, then read NEED_WAKEUP. Without a full fence on both sides
        // each could miss the other's store and the thread would sleep on
        // work. Acquire/release does not order a store before a later load.
        full_fence();
        // SAFETY: kflags points into the live SQ ring; ordered by the fence.
        if unsafe { read_once(self.sq.kflags) } & sys::IORING_SQ_NEED_WAKEUP != 0 {
            *flags |= sys::IORING_ENTER_SQ_WAKEUP;
            return true;
        }
        false
    }

    /// Completions are waiting in the kernel: overflowed ones, or task work
    /// that posts them.
    #[inline(always)]
    fn cq_ring_needs_flush(&self) -> bool {
        // SAFETY: kflags points into the live SQ ring; a hint, no ordering.
        (unsafe { read_once(self.sq.kflags) } & (sys::IORING_SQ_CQ_OVERFLOW | sys::IORING_SQ_TASKRUN)) != 0
    }

    #[inline(always)]
    fn cq_ring_needs_enter(&self) -> bool {
        self.int_flags & INT_FLAG_CQ_ENTER != 0 || self.cq_ring_needs_flush()
    }

    #[inline(always)]
    fn submit_inner(&mut self, submitted: u32, wait_nr: u32, getevents: bool) -> io::Result<u32> {
        let cq_needs_enter = getevents || wait_nr != 0 || self.cq_ring_needs_enter();
        let mut flags = self.enter_flags();
        if self.sq_ring_needs_enter(submitted, &mut flags) || cq_needs_enter {
            if cq_needs_enter {
                flags |= sys::IORING_ENTER_GETEVENTS;
            }
            // SAFETY: the published entries were filled by safe preps or by
            // unsafe ones whose callers vouched for the memory they name.
            kret(unsafe { sys::io_uring_enter(self.enter_ring_fd, submitted, wait_nr, flags, ptr::null()) })
        } else {
            Ok(submitted)
        }
    }

    /// Submit the entries obtained with `get_sqe`. Returns how many the
    /// kernel consumed (with SQPOLL: how many were published). An interrupted
    /// submit loses nothing: entries not consumed stay queued for the next.
    ///
    /// liburing: [`io_uring_submit`](https://man7.org/linux/man-pages/man3/io_uring_submit.3.html).
    /// Kernel 5.1.
    #[doc(alias = "io_uring_submit")]
    #[inline]
    pub fn submit(&mut self) -> io::Result<u32> {
        let n = self.flush_sq();
        self.submit_inner(n, 0, false)
    }

    /// Submit, then wait until at least `wait_nr` completions are ready.
    ///
    /// liburing: [`io_uring_submit_and_wait`](https://man7.org/linux/man-pages/man3/io_uring_submit_and_wait.3.html).
    /// Kernel 5.1.
    #[doc(alias = "io_uring_submit_and_wait")]
    #[inline]
    pub fn submit_and_wait(&mut self, wait_nr: u32) -> io::Result<u32> {
        let n = self.flush_sq();
        self.submit_inner(n, wait_nr, false)
    }

    /// Submit, and let the kernel flush pending completions (task work,
    /// overflow) into the CQ in the same call.
    ///
    /// liburing: [`io_uring_submit_and_get_events`](https://man7.org/linux/man-pages/man3/io_uring_submit_and_get_events.3.html).
    /// Kernel 5.1.
    #[doc(alias = "io_uring_submit_and_get_events")]
    pub fn submit_and_get_events(&mut self) -> io::Result<u32> {
        let n = self.flush_sq();
        self.submit_inner(n, 0, true)
    }

    /// Enter the kernel only to flush pending completions into the CQ.
    ///
    /// liburing: [`io_uring_get_events`](https://man7.org/linux/man-pages/man3/io_uring_get_events.3.html).
    /// Kernel 5.1.
    #[doc(alias = "io_uring_get_events")]
    pub fn get_events(&mut self) -> io::Result<u32> {
        let flags = sys::IORING_ENTER_GETEVENTS | self.enter_flags();
        // SAFETY: submits nothing (to_submit 0), no signal mask.
        kret(unsafe { sys::io_uring_enter(self.enter_ring_fd, 0, 0, flags, ptr::null()) })
    }

    /// Submit, then wait for `wait_nr` completions for at most `ts` (none:
    /// no limit), with `sigmask` applied while waiting. Returns the number
    /// submitted; `ETIME` when the time ran out with no completion.
    ///
    /// liburing: [`io_uring_submit_and_wait_timeout`](https://man7.org/linux/man-pages/man3/io_uring_submit_and_wait_timeout.3.html).
    /// Kernel 5.11 (`IORING_FEAT_EXT_ARG`; older kernels get an internal
    /// timeout request).
    #[doc(alias = "io_uring_submit_and_wait_timeout")]
    pub fn submit_and_wait_timeout(
        &mut self,
        wait_nr: u32,
        ts: Option<&Timespec>,
        sigmask: Option<&libc::sigset_t>,
    ) -> io::Result<u32> {
        self.submit_and_wait_timeout_inner(wait_nr, ts, None, sigmask).map(|(n, _)| n)
    }

    /// Like [`submit_and_wait_timeout`](Ring::submit_and_wait_timeout), but
    /// once one completion arrived the kernel waits at most `min_wait_usec`
    /// more for the rest of the batch.
    ///
    /// liburing: [`io_uring_submit_and_wait_min_timeout`](https://man7.org/linux/man-pages/man3/io_uring_submit_and_wait_min_timeout.3.html).
    /// Kernel 6.12 (`IORING_FEAT_MIN_TIMEOUT`; `EINVAL` without it).
    #[doc(alias = "io_uring_submit_and_wait_min_timeout")]
    pub fn submit_and_wait_min_timeout(
        &mut self,
        wait_nr: u32,
        ts: Option<&Timespec>,
        min_wait_usec: u32,
        sigmask: Option<&libc::sigset_t>,
    ) -> io::Result<u32> {
        self.submit_and_wait_timeout_inner(wait_nr, ts, Some(min_wait_usec), sigmask).map(|(n, _)| n)
    }

    /// The body of the submit-and-wait-with-timeout family; also returns the
    /// first CQE (for the C ABI's `cqe_ptr`). `min_wait_usec` is `Some` for
    /// the min-timeout variant, which needs `IORING_FEAT_MIN_TIMEOUT`
    /// (`EINVAL` without it).
    #[doc(hidden)]
    pub fn submit_and_wait_timeout_inner(
        &mut self,
        wait_nr: u32,
        ts: Option<&Timespec>,
        min_wait_usec: Option<u32>,
        sigmask: Option<&libc::sigset_t>,
    ) -> io::Result<(u32, *mut io_uring_cqe)> {
        let min_wait_usec = self.min_wait(min_wait_usec)?;
        let to_submit = match ts {
            Some(ts) if self.features & sys::IORING_FEAT_EXT_ARG != 0 => {
                let submit = self.flush_sq();
                let (err, cqe) = self.get_cqe_ext_arg(submit, wait_nr, ts, min_wait_usec, sigmask);
                return kret(err).map(|n| (n, cqe));
            }
            Some(ts) => self.submit_timeout(wait_nr, ts)?,
            None => self.flush_sq(),
        };
        // SAFETY: the signal set, if any, is a valid borrowed sigset_t.
        let (err, cqe) = unsafe { self.get_cqe_raw(to_submit, wait_nr, sigmask_ptr(sigmask)) };
        kret(err).map(|n| (n, cqe))
    }

    /// The minimum batch wait to pass: 0 for the plain waits, the caller's
    /// for the min-timeout variants, which need `IORING_FEAT_MIN_TIMEOUT`.
    fn min_wait(&self, min_wait_usec: Option<u32>) -> io::Result<u32> {
        match min_wait_usec {
            Some(_) if self.features & sys::IORING_FEAT_MIN_TIMEOUT == 0 => Err(errno(libc::EINVAL)),
            m => Ok(m.unwrap_or(0)),
        }
    }

    /// Submit `submit` entries and wait for `wait_nr` completions with an
    /// `IORING_ENTER_EXT_ARG` timeout, signal mask and minimum wait: the wait
    /// of every timed call on kernels since 5.11.
    fn get_cqe_ext_arg(
        &mut self,
        submit: u32,
        wait_nr: u32,
        ts: &Timespec,
        min_wait_usec: u32,
        sigmask: Option<&libc::sigset_t>,
    ) -> (i32, *mut io_uring_cqe) {
        let arg = io_uring_getevents_arg {
            sigmask: sigmask_ptr(sigmask) as u64,
            sigmask_sz: sys::KERNEL_SIGSET_SIZE as u32,
            min_wait_usec,
            ts: ts as *const Timespec as u64,
        };
        let mut d = GetData {
            submit,
            wait_nr,
            get_flags: sys::IORING_ENTER_EXT_ARG,
            sz: size_of::<io_uring_getevents_arg>(),
            has_ts: true,
            // `arg` (and the timespec and signal set it points to) outlive
            // the loop below, which is the only user.
            arg: (&arg as *const io_uring_getevents_arg).cast(),
        };
        self.get_cqe_inner(&mut d)
    }

    /// Queue liburing's internal timeout (kernels without
    /// `IORING_FEAT_EXT_ARG`) and publish the SQ; returns entries to submit.
    fn submit_timeout(&mut self, wait_nr: u32, ts: &Timespec) -> io::Result<u32> {
        if self.sq_space_left() == 0 {
            self.submit()?;
            if self.sq_space_left() == 0 {
                return Err(errno(libc::EAGAIN));
            }
        }
        let sqe = self.get_sqe().expect("space was checked above");
        // The timespec is read by the kernel when it consumes the entry,
        // which is the io_uring_enter this call's caller makes before
        // returning, while `ts` is still borrowed.
        sqe.prep_base(sys::IORING_OP_TIMEOUT, -1, ts as *const Timespec as u64, 1, wait_nr as u64);
        sqe.set_data64(LIBURING_UDATA_TIMEOUT);
        Ok(self.flush_sq())
    }

    /// Wait until the SQ has a free entry (SQPOLL rings only; others return
    /// at once).
    ///
    /// liburing: [`io_uring_sqring_wait`](https://man7.org/linux/man-pages/man3/io_uring_sqring_wait.3.html).
    /// Kernel 5.10.
    #[doc(alias = "io_uring_sqring_wait")]
    pub fn sqring_wait(&mut self) -> io::Result<u32> {
        if self.flags & sys::IORING_SETUP_SQPOLL == 0 || self.sq_space_left() != 0 {
            return Ok(0);
        }
        self.sqring_wait_enter()
    }

    /// Enter the kernel with `IORING_ENTER_SQ_WAIT` unconditionally.
    ///
    /// liburing: `__io_uring_sqring_wait` (internal; no man page).
    #[doc(alias = "__io_uring_sqring_wait")]
    pub fn sqring_wait_enter(&mut self) -> io::Result<u32> {
        let flags = self.enter_flags() | sys::IORING_ENTER_SQ_WAIT;
        // SAFETY: submits nothing, no signal mask.
        kret(unsafe { sys::io_uring_enter(self.enter_ring_fd, 0, 0, flags, ptr::null()) })
    }

    /// Whether waits on this ring count as iowait (the default) or not
    /// (`IORING_ENTER_NO_IOWAIT`). `EOPNOTSUPP` on kernels without
    /// `IORING_FEAT_NO_IOWAIT`.
    ///
    /// liburing: [`io_uring_set_iowait`](https://man7.org/linux/man-pages/man3/io_uring_set_iowait.3.html).
    /// Kernel 6.15.
    #[doc(alias = "io_uring_set_iowait")]
    pub fn set_iowait(&mut self, enable: bool) -> io::Result<()> {
        if self.features & sys::IORING_FEAT_NO_IOWAIT == 0 {
            return Err(errno(libc::EOPNOTSUPP));
        }
        if enable {
            self.int_flags &= !INT_FLAG_NO_IOWAIT;
        } else {
            self.int_flags |= INT_FLAG_NO_IOWAIT;
        }
        Ok(())
    }

    /// `io_uring_enter(2)` on this ring's (possibly registered) fd, with the
    /// ring's own enter flags added.
    ///
    /// liburing: [`io_uring_enter`](https://man7.org/linux/man-pages/man2/io_uring_enter.2.html).
    ///
    /// # Safety
    ///
    /// As [`sys::io_uring_enter`]: everything the published entries name
    /// must be valid; `sig` null or a valid signal set.
    #[doc(alias = "io_uring_enter")]
    pub unsafe fn enter(
        &mut self,
        to_submit: u32,
        min_complete: u32,
        flags: u32,
        sig: *const libc::sigset_t,
    ) -> io::Result<u32> {
        // SAFETY: forwarded from this function's contract.
        kret(unsafe {
            sys::io_uring_enter(self.enter_ring_fd, to_submit, min_complete, flags | self.enter_flags(), sig)
        })
    }

    /// `io_uring_enter(2)` with an extended argument, on this ring's fd.
    ///
    /// liburing: [`io_uring_enter2`](https://man7.org/linux/man-pages/man2/io_uring_enter2.2.html).
    ///
    /// # Safety
    ///
    /// As [`sys::io_uring_enter2`].
    #[doc(alias = "io_uring_enter2")]
    pub unsafe fn enter2(
        &mut self,
        to_submit: u32,
        min_complete: u32,
        flags: u32,
        arg: *const c_void,
        sz: usize,
    ) -> io::Result<u32> {
        // SAFETY: forwarded from this function's contract.
        kret(unsafe {
            sys::io_uring_enter2(
                self.enter_ring_fd,
                to_submit,
                min_complete,
                flags | self.enter_flags(),
                arg,
                sz,
            )
        })
    }

    // ------------------------------------------------------------------
    // Completion side

    /// CQE index shift of this ring (1 for 32-byte entries).
    ///
    /// liburing: [`io_uring_cqe_shift`](https://man7.org/linux/man-pages/man3/io_uring_cqe_shift.3.html).
    #[doc(alias = "io_uring_cqe_shift")]
    #[inline(always)]
    pub fn cqe_shift(&self) -> u32 {
        cqe_shift_from_flags(self.flags)
    }

    /// CQ slots holding completions not yet consumed.
    ///
    /// liburing: [`io_uring_cq_ready`](https://man7.org/linux/man-pages/man3/io_uring_cq_ready.3.html).
    #[doc(alias = "io_uring_cq_ready")]
    #[inline]
    pub fn cq_ready(&self) -> u32 {
        // SAFETY: ktail/khead point into the live CQ ring. The tail's acquire
        // pairs with the kernel's store-release after it wrote the entries;
        // the head is only written by us.
        unsafe { load_acquire(self.cq.ktail).wrapping_sub(read_once(self.cq.khead)) }
    }

    /// Completions overflowed and wait in the kernel to be flushed into the
    /// CQ (`IORING_SQ_CQ_OVERFLOW`).
    ///
    /// liburing: [`io_uring_cq_has_overflow`](https://man7.org/linux/man-pages/man3/io_uring_cq_has_overflow.3.html).
    #[doc(alias = "io_uring_cq_has_overflow")]
    pub fn cq_has_overflow(&self) -> bool {
        // SAFETY: kflags points into the live SQ ring; a hint.
        (unsafe { read_once(self.sq.kflags) } & sys::IORING_SQ_CQ_OVERFLOW) != 0
    }

    /// Whether a registered eventfd is signalled for completions.
    ///
    /// liburing: [`io_uring_cq_eventfd_enabled`](https://man7.org/linux/man-pages/man3/io_uring_cq_eventfd_enabled.3.html).
    #[doc(alias = "io_uring_cq_eventfd_enabled")]
    pub fn cq_eventfd_enabled(&self) -> bool {
        if self.cq.kflags.is_null() {
            return true;
        }
        // SAFETY: kflags points into the live CQ ring; only we write it.
        (unsafe { read_once(self.cq.kflags) } & sys::IORING_CQ_EVENTFD_DISABLED) == 0
    }

    /// Turn eventfd signalling on or off (`IORING_CQ_EVENTFD_DISABLED`).
    /// `EOPNOTSUPP` on kernels without a CQ flags word.
    ///
    /// liburing: [`io_uring_cq_eventfd_toggle`](https://man7.org/linux/man-pages/man3/io_uring_cq_eventfd_toggle.3.html).
    /// Kernel 5.8.
    #[doc(alias = "io_uring_cq_eventfd_toggle")]
    pub fn cq_eventfd_toggle(&mut self, enabled: bool) -> io::Result<()> {
        if enabled == self.cq_eventfd_enabled() {
            return Ok(());
        }
        if self.cq.kflags.is_null() {
            return Err(errno(libc::EOPNOTSUPP));
        }
        // SAFETY: kflags points into the live CQ ring. The kernel reads it
        // relaxed when deciding to signal; no data is published with it.
        unsafe {
            let mut flags = read_once(self.cq.kflags);
            if enabled {
                flags &= !sys::IORING_CQ_EVENTFD_DISABLED;
            } else {
                flags |= sys::IORING_CQ_EVENTFD_DISABLED;
            }
            write_once(self.cq.kflags, flags);
        }
        Ok(())
    }

    /// Whether reading a CQE needs a look at its flags: mixed rings (32-byte
    /// and skip entries) and kernels without EXT_ARG (internal timeouts).
    /// Plain rings on current kernels skip the per-entry check.
    #[inline(always)]
    fn cqe_needs_filter(&self) -> bool {
        self.flags & sys::IORING_SETUP_CQE_MIXED != 0 || self.features & sys::IORING_FEAT_EXT_ARG == 0
    }

    /// Whether the entry at `p` is 32 bytes.
    #[inline(always)]
    fn cqe_is_big(&self, p: *const io_uring_cqe) -> bool {
        if self.flags & sys::IORING_SETUP_CQE32 != 0 {
            return true;
        }
        // SAFETY: p is a published CQE (callers only pass such pointers).
        self.flags & sys::IORING_SETUP_CQE_MIXED != 0 && unsafe { (*p).flags } & sys::IORING_CQE_F_32 != 0
    }

    /// Copy the published CQE at `p`.
    #[inline(always)]
    fn copy_cqe(&self, p: *const io_uring_cqe) -> CompletionQueueEvent {
        let big = self.cqe_is_big(p);
        // SAFETY: p is a published CQE, 32 bytes when `big`.
        unsafe { CompletionQueueEvent::read(p, big) }
    }

    /// The CQE at the head, if any, consuming skip entries and liburing's
    /// internal timeouts on the way: `(err, cqe, available)`, where `err` is
    /// an internal timeout's error. The pointer stays valid until the head
    /// moves past it.
    ///
    /// liburing: `__io_uring_peek_cqe` (internal; no man page).
    #[doc(alias = "__io_uring_peek_cqe", alias = "io_uring_skip_cqe")]
    #[inline]
    pub fn peek_cqe_raw(&mut self) -> (i32, *mut io_uring_cqe, u32) {
        let mask = self.cq.ring_mask;
        let shift = self.cqe_shift();
        let mut err = 0;
        loop {
            // SAFETY: ktail/khead point into the live CQ ring. The tail's
            // acquire pairs with the kernel's store-release of the tail and
            // makes every entry in [head, tail) readable; only we write head.
            let (tail, head) = unsafe { (load_acquire(self.cq.ktail), read_once(self.cq.khead)) };
            let available = tail.wrapping_sub(head);
            if available == 0 {
                return (err, ptr::null_mut(), 0);
            }
            // SAFETY: (head & mask) << shift indexes inside the CQE array.
            let cqe = unsafe { self.cq.cqes.add(((head & mask) << shift) as usize) };
            if !self.cqe_needs_filter() {
                return (0, cqe, available);
            }
            // SAFETY: cqe is published (head != tail).
            let c = unsafe { *cqe };
            if c.flags & sys::IORING_CQE_F_SKIP == 0 {
                if self.features & sys::IORING_FEAT_EXT_ARG != 0 || c.user_data != LIBURING_UDATA_TIMEOUT {
                    return (err, cqe, available);
                }
                if c.res < 0 {
                    err = c.res;
                }
            }
            // A skip entry, or an internal timeout: consume it silently.
            // SAFETY: cqe is published.
            let nr = unsafe { raw_cqe_nr(cqe) };
            self.cq_advance_unchecked(nr);
            if err != 0 {
                return (err, ptr::null_mut(), available);
            }
        }
    }

    /// The next completion if one is ready, copied out; it stays in the ring
    /// until [`cqe_seen`](Ring::cqe_seen). `EAGAIN` (`WouldBlock`) when the
    /// CQ is empty. May enter the kernel to flush overflowed completions or
    /// reap IOPOLL ones.
    ///
    /// liburing: [`io_uring_peek_cqe`](https://man7.org/linux/man-pages/man3/io_uring_peek_cqe.3.html).
    /// Kernel 5.1.
    #[doc(alias = "io_uring_peek_cqe")]
    #[inline]
    pub fn peek_cqe(&mut self) -> io::Result<CompletionQueueEvent> {
        let (err, cqe) = self.peek_cqe_ptr();
        self.finish_wait(err, cqe)
    }

    /// [`peek_cqe`](Ring::peek_cqe) as liburing's `(err, cqe pointer)` pair,
    /// the pointer into the ring (for the C ABI).
    #[doc(hidden)]
    #[inline]
    pub fn peek_cqe_ptr(&mut self) -> (i32, *mut io_uring_cqe) {
        let (err, cqe, _) = self.peek_cqe_raw();
        if err == 0 {
            if !cqe.is_null() {
                return (0, cqe);
            }
            // Nothing the kernel could flush into the CQ (no IOPOLL
            // completions to reap, no overflow, no task work): skip the
            // enter.
            if self.flags & sys::IORING_SETUP_IOPOLL == 0 && !self.cq_ring_needs_flush() {
                return (-libc::EAGAIN, ptr::null_mut());
            }
        }
        // SAFETY: no signal mask.
        unsafe { self.get_cqe_raw(0, 0, ptr::null()) }
    }

    /// Wait for a completion and return a copy of it; it stays in the ring
    /// until [`cqe_seen`](Ring::cqe_seen).
    ///
    /// liburing: [`io_uring_wait_cqe`](https://man7.org/linux/man-pages/man3/io_uring_wait_cqe.3.html).
    /// Kernel 5.1.
    #[doc(alias = "io_uring_wait_cqe")]
    #[inline]
    pub fn wait_cqe(&mut self) -> io::Result<CompletionQueueEvent> {
        let (err, cqe) = self.wait_cqe_ptr();
        self.finish_wait(err, cqe)
    }

    /// [`wait_cqe`](Ring::wait_cqe) as liburing's `(err, cqe pointer)` pair
    /// (for the C ABI).
    #[doc(hidden)]
    #[inline]
    pub fn wait_cqe_ptr(&mut self) -> (i32, *mut io_uring_cqe) {
        let (err, cqe, _) = self.peek_cqe_raw();
        if err == 0 && !cqe.is_null() {
            return (0, cqe);
        }
        // SAFETY: no signal mask.
        unsafe { self.get_cqe_raw(0, 1, ptr::null()) }
    }

    /// Wait until `wait_nr` completions are ready; return a copy of the first.
    ///
    /// liburing: [`io_uring_wait_cqe_nr`](https://man7.org/linux/man-pages/man3/io_uring_wait_cqe_nr.3.html).
    /// Kernel 5.1.
    #[doc(alias = "io_uring_wait_cqe_nr")]
    pub fn wait_cqe_nr(&mut self, wait_nr: u32) -> io::Result<CompletionQueueEvent> {
        // SAFETY: no signal mask.
        let (err, cqe) = unsafe { self.get_cqe_raw(0, wait_nr, ptr::null()) };
        self.finish_wait(err, cqe)
    }

    #[inline]
    fn finish_wait(&self, err: i32, cqe: *mut io_uring_cqe) -> io::Result<CompletionQueueEvent> {
        if err < 0 {
            return Err(errno(-err));
        }
        if cqe.is_null() {
            return Err(errno(libc::EAGAIN));
        }
        Ok(self.copy_cqe(cqe))
    }

    /// Wait for `wait_nr` completions, for at most `ts` (none: no limit), with
    /// `sigmask` applied while waiting; return a copy of the first. `ETIME`
    /// when the time ran out first.
    ///
    /// On kernels without `IORING_FEAT_EXT_ARG` the timeout is an internal
    /// timeout request, submitted along with anything queued.
    ///
    /// liburing: [`io_uring_wait_cqes`](https://man7.org/linux/man-pages/man3/io_uring_wait_cqes.3.html).
    /// Kernel 5.11 for the timeout without a request.
    #[doc(alias = "io_uring_wait_cqes")]
    pub fn wait_cqes(
        &mut self,
        wait_nr: u32,
        ts: Option<&Timespec>,
        sigmask: Option<&libc::sigset_t>,
    ) -> io::Result<CompletionQueueEvent> {
        let (err, cqe) = self.wait_cqes_raw(wait_nr, ts, None, sigmask)?;
        self.finish_wait(err, cqe)
    }

    /// [`wait_cqes`](Ring::wait_cqes) with a minimum batch wait: once a
    /// completion arrived, wait at most `min_wait_usec` more for the rest.
    ///
    /// liburing: [`io_uring_wait_cqes_min_timeout`](https://man7.org/linux/man-pages/man3/io_uring_wait_cqes_min_timeout.3.html).
    /// Kernel 6.12 (`IORING_FEAT_MIN_TIMEOUT`; `EINVAL` without it).
    #[doc(alias = "io_uring_wait_cqes_min_timeout")]
    pub fn wait_cqes_min_timeout(
        &mut self,
        wait_nr: u32,
        ts: Option<&Timespec>,
        min_wait_usec: u32,
        sigmask: Option<&libc::sigset_t>,
    ) -> io::Result<CompletionQueueEvent> {
        let (err, cqe) = self.wait_cqes_raw(wait_nr, ts, Some(min_wait_usec), sigmask)?;
        self.finish_wait(err, cqe)
    }

    /// Wait for one completion for at most `ts`.
    ///
    /// liburing: [`io_uring_wait_cqe_timeout`](https://man7.org/linux/man-pages/man3/io_uring_wait_cqe_timeout.3.html).
    /// Kernel 5.11 for the timeout without a request.
    #[doc(alias = "io_uring_wait_cqe_timeout")]
    pub fn wait_cqe_timeout(&mut self, ts: Option<&Timespec>) -> io::Result<CompletionQueueEvent> {
        self.wait_cqes(1, ts, None)
    }

    /// The body of the wait family, returning the raw `(err, cqe)` pair of
    /// liburing's `_io_uring_get_cqe` (for the C ABI).
    #[doc(hidden)]
    pub fn wait_cqes_raw(
        &mut self,
        wait_nr: u32,
        ts: Option<&Timespec>,
        min_wait_usec: Option<u32>,
        sigmask: Option<&libc::sigset_t>,
    ) -> io::Result<(i32, *mut io_uring_cqe)> {
        let min_wait_usec = self.min_wait(min_wait_usec)?;
        let to_submit = match ts {
            Some(ts) if self.features & sys::IORING_FEAT_EXT_ARG != 0 => {
                return Ok(self.get_cqe_ext_arg(0, wait_nr, ts, min_wait_usec, sigmask));
            }
            Some(ts) => self.submit_timeout(wait_nr, ts)?,
            None => 0,
        };
        // SAFETY: the signal set, if any, is a valid borrowed sigset_t.
        Ok(unsafe { self.get_cqe_raw(to_submit, wait_nr, sigmask_ptr(sigmask)) })
    }

    /// Submit `submit` published entries and wait for `wait_nr` completions
    /// with `sigmask`: liburing's internal `__io_uring_get_cqe`. Returns the
    /// raw `(err, cqe)`: `err` is `-errno`, or on success the count the
    /// first enter submitted.
    ///
    /// liburing: `__io_uring_get_cqe` (internal; no man page).
    ///
    /// # Safety
    ///
    /// `sigmask` is null or points to a valid signal set.
    #[doc(alias = "__io_uring_get_cqe")]
    pub unsafe fn get_cqe_raw(
        &mut self,
        submit: u32,
        wait_nr: u32,
        sigmask: *const libc::sigset_t,
    ) -> (i32, *mut io_uring_cqe) {
        let mut d = GetData {
            submit,
            wait_nr,
            get_flags: 0,
            sz: sys::KERNEL_SIGSET_SIZE,
            has_ts: false,
            arg: sigmask.cast(),
        };
        self.get_cqe_inner(&mut d)
    }

    /// Submit and wait from registered wait region slot `reg_index` (see
    /// [`Ring::register_region`](crate::Ring::register_region)): the
    /// timeout, signal mask and minimum wait come from that slot. Returns a
    /// copy of the first completion.
    ///
    /// liburing: [`io_uring_submit_and_wait_reg`](https://man7.org/linux/man-pages/man3/io_uring_submit_and_wait_reg.3.html).
    /// Kernel 6.13.
    #[doc(alias = "io_uring_submit_and_wait_reg")]
    pub fn submit_and_wait_reg(&mut self, wait_nr: u32, reg_index: u32) -> io::Result<CompletionQueueEvent> {
        let (err, cqe) = self.submit_and_wait_reg_raw(wait_nr, reg_index);
        self.finish_wait(err, cqe)
    }

    /// [`submit_and_wait_reg`](Ring::submit_and_wait_reg) returning the raw
    /// `(err, cqe)` pair, for the C ABI.
    #[doc(hidden)]
    pub fn submit_and_wait_reg_raw(&mut self, wait_nr: u32, reg_index: u32) -> (i32, *mut io_uring_cqe) {
        if self.features & sys::IORING_FEAT_EXT_ARG == 0 {
            return (-libc::EINVAL, ptr::null_mut());
        }
        let offset = reg_index as usize * size_of::<sys::io_uring_reg_wait>();
        let mut d = GetData {
            submit: self.flush_sq(),
            wait_nr,
            get_flags: sys::IORING_ENTER_EXT_ARG | sys::IORING_ENTER_EXT_ARG_REG,
            sz: size_of::<sys::io_uring_reg_wait>(),
            has_ts: true,
            // An offset into the registered region, not a pointer: the
            // kernel resolves it and the loop below never dereferences it.
            arg: offset as *const c_void,
        };
        self.get_cqe_inner(&mut d)
    }

    /// liburing's `_io_uring_get_cqe` loop: peek; enter to submit and/or
    /// wait as needed; on a timed wait, a second pass that finds nothing is
    /// `ETIME`.
    fn get_cqe_inner(&mut self, d: &mut GetData) -> (i32, *mut io_uring_cqe) {
        let mut cqe;
        let mut looped = false;
        let mut err = 0;
        loop {
            let mut need_enter = false;
            let mut flags = self.enter_flags();
            let (ret, c, nr_available) = self.peek_cqe_raw();
            cqe = c;
            if ret != 0 {
                // An internal timeout's error. liburing keeps a positive
                // submit count here and returns no CQE and no error; report
                // the timeout instead, which is what the caller waited for.
                if err >= 0 {
                    err = ret;
                }
                break;
            }
            if cqe.is_null() && d.wait_nr == 0 && d.submit == 0 {
                // Nothing to submit or wait for: enter once at most, to
                // flush what the kernel holds back.
                if looped || !self.cq_ring_needs_enter() {
                    if err == 0 {
                        err = -libc::EAGAIN;
                    }
                    break;
                }
                need_enter = true;
            }
            if d.wait_nr > nr_available || need_enter {
                flags |= sys::IORING_ENTER_GETEVENTS | d.get_flags;
                need_enter = true;
            }
            if self.sq_ring_needs_enter(d.submit, &mut flags) {
                need_enter = true;
            }
            if !need_enter {
                break;
            }
            if looped && d.has_ts {
                // The kernel already waited the full timeout once.
                if cqe.is_null() && err == 0 {
                    err = -libc::ETIME;
                }
                break;
            }
            // SAFETY: `d.arg` is null, a signal set, an io_uring_getevents_arg
            // living in our caller's frame, or a registered-region offset, as
            // `d.get_flags` tells the kernel; `d.sz` is its size.
            let ret =
                unsafe { sys::io_uring_enter2(self.enter_ring_fd, d.submit, d.wait_nr, flags, d.arg, d.sz) };
            if ret < 0 {
                if err == 0 {
                    err = ret;
                }
                break;
            }
            d.submit -= (ret as u32).min(d.submit);
            if !cqe.is_null() {
                break;
            }
            if !looped {
                looped = true;
                err = ret;
            }
        }
        (err, cqe)
    }

    /// Copy up to `out.len()` ready completions into `out` without waiting;
    /// returns how many. They stay in the ring until
    /// [`cq_advance`](Ring::cq_advance) (by the slots they occupy: see
    /// [`CompletionQueueEvent::nr`]). Enters the kernel only when completions
    /// wait to be flushed.
    ///
    /// liburing: [`io_uring_peek_batch_cqe`](https://man7.org/linux/man-pages/man3/io_uring_peek_batch_cqe.3.html).
    /// Kernel 5.1.
    #[doc(alias = "io_uring_peek_batch_cqe")]
    pub fn peek_batch_cqe(&mut self, out: &mut [CompletionQueueEvent]) -> usize {
        self.peek_batch_with(out.len(), |ring, i, p| out[i] = ring.copy_cqe(p))
    }

    /// [`peek_batch_cqe`](Ring::peek_batch_cqe) filling `out` with pointers
    /// to the entries in the ring instead of copies, for the C ABI. The
    /// pointers stay valid until the head moves past them.
    #[doc(hidden)]
    pub fn peek_batch_cqe_raw(&mut self, out: &mut [*mut io_uring_cqe]) -> usize {
        self.peek_batch_with(out.len(), |_, i, p| out[i] = p)
    }

    /// The body of the batch peek: hands `put` up to `cap` ready entries,
    /// entering the kernel once to flush when none is ready.
    #[inline(always)]
    fn peek_batch_with(&mut self, cap: usize, mut put: impl FnMut(&Ring, usize, *mut io_uring_cqe)) -> usize {
        let n = self.peek_batch_inner(cap, &mut put);
        if n != 0 || !self.cq_ring_needs_flush() {
            return n;
        }
        let _ = self.get_events();
        self.peek_batch_inner(cap, &mut put)
    }

    #[inline(always)]
    fn peek_batch_inner(
        &mut self,
        cap: usize,
        put: &mut impl FnMut(&Ring, usize, *mut io_uring_cqe),
    ) -> usize {
        let ready = self.cq_ready();
        if ready == 0 {
            return 0;
        }
        // SAFETY: khead points into the live CQ ring; only we write it.
        let mut head = unsafe { read_once(self.cq.khead) };
        let mask = self.cq.ring_mask;
        let shift = self.cqe_shift();
        if self.flags & sys::IORING_SETUP_CQE_MIXED == 0 {
            let n = (ready as usize).min(cap);
            for i in 0..n {
                // SAFETY: head is in [khead, tail), published by the acquire
                // in cq_ready.
                let p = unsafe { self.cq.cqes.add(((head & mask) << shift) as usize) };
                put(self, i, p);
                head = head.wrapping_add(1);
            }
            return n;
        }
        // Mixed ring: entries take one or two slots and skip entries pad the
        // wrap. A skip entry can be consumed only at the head.
        let last = head.wrapping_add(ready);
        let mut nr = 0;
        while head != last && nr < cap {
            // SAFETY: head is in [khead, tail).
            let p = unsafe { self.cq.cqes.add((head & mask) as usize) };
            // SAFETY: p is published.
            let flags = unsafe { (*p).flags };
            if flags & sys::IORING_CQE_F_SKIP != 0 {
                if nr != 0 {
                    break;
                }
                self.cq_advance_unchecked(1);
                head = head.wrapping_add(1);
                continue;
            }
            put(self, nr, p);
            // SAFETY: p is published.
            head = head.wrapping_add(unsafe { raw_cqe_nr(p) });
            nr += 1;
        }
        nr
    }

    /// Hand `nr` CQ slots back to the kernel. At most the ready slots are
    /// handed back: the head never passes the tail.
    ///
    /// liburing: [`io_uring_cq_advance`](https://man7.org/linux/man-pages/man3/io_uring_cq_advance.3.html).
    #[doc(alias = "io_uring_cq_advance")]
    #[inline]
    pub fn cq_advance(&mut self, nr: u32) {
        let nr = nr.min(self.cq_ready());
        self.cq_advance_unchecked(nr);
    }

    /// Advance the CQ head by `nr`, which must not pass the tail.
    #[inline(always)]
    pub(crate) fn cq_advance_unchecked(&mut self, nr: u32) {
        if nr != 0 {
            // SAFETY: khead points into the live CQ ring. Store-release pairs
            // with the kernel's load-acquire of the CQ head: our reads of the
            // entries complete before the kernel may overwrite them.
            unsafe { store_release(self.cq.khead, read_once(self.cq.khead).wrapping_add(nr)) };
        }
    }

    /// Mark `cqe` (the one at the head) consumed: its slot or slots go back
    /// to the kernel.
    ///
    /// liburing: [`io_uring_cqe_seen`](https://man7.org/linux/man-pages/man3/io_uring_cqe_seen.3.html).
    #[doc(alias = "io_uring_cqe_seen")]
    #[inline]
    pub fn cqe_seen(&mut self, cqe: &CompletionQueueEvent) {
        self.cq_advance(cqe.nr());
    }

    /// An iterator over the ready completions (copies), from a snapshot of
    /// head and tail. It does not consume them: call
    /// [`cq_advance`](Ring::cq_advance) with [`CqeIter::consumed_since`] after.
    ///
    /// liburing: [`io_uring_cqe_iter_init`](https://man7.org/linux/man-pages/man3/io_uring_cqe_iter_init.3.html)
    /// and `io_uring_for_each_cqe`.
    #[doc(alias = "io_uring_cqe_iter_init", alias = "io_uring_for_each_cqe")]
    pub fn cqe_iter(&self) -> CqeIter<'_> {
        // SAFETY: khead/ktail point into the live CQ ring. The tail's acquire
        // makes every entry before it readable (pairs with the kernel's
        // store-release of the tail).
        let (head, tail) = unsafe { (read_once(self.cq.khead), load_acquire(self.cq.ktail)) };
        CqeIter {
            cqes: self.cq.cqes,
            mask: self.cq.ring_mask,
            shift: self.cqe_shift(),
            head,
            tail,
            ring: PhantomData,
        }
    }

    /// Drain the ready completions: an iterator of copies that hands their
    /// slots back to the kernel when dropped (one store for the batch).
    /// Skip entries of mixed rings are consumed without being shown.
    ///
    /// ```
    /// # let mut ring = riouring::Ring::new(8)?;
    /// for i in 0..4 {
    ///     let sqe = ring.get_sqe().unwrap();
    ///     sqe.prep_nop();
    ///     sqe.set_data64(i);
    /// }
    /// ring.submit_and_wait(4)?;
    /// let seen: Vec<u64> = ring.completions().map(|c| c.user_data()).collect();
    /// assert_eq!(seen, [0, 1, 2, 3]);
    /// assert_eq!(ring.cq_ready(), 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// liburing: `io_uring_for_each_cqe` followed by
    /// [`io_uring_cq_advance`](https://man7.org/linux/man-pages/man3/io_uring_cq_advance.3.html).
    #[doc(alias = "io_uring_for_each_cqe")]
    #[inline]
    pub fn completions(&mut self) -> Completions<'_> {
        // SAFETY: as in cqe_iter.
        let (head, tail) = unsafe { (read_once(self.cq.khead), load_acquire(self.cq.ktail)) };
        Completions {
            khead: self.cq.khead,
            cqes: self.cq.cqes,
            mask: self.cq.ring_mask,
            shift: self.cqe_shift(),
            head,
            tail,
            mixed: self.flags & sys::IORING_SETUP_CQE_MIXED != 0,
            ring: PhantomData,
        }
    }
}

/// liburing's `struct io_uring_cqe_iter` (layout-identical, 24 bytes): an
/// iterator over a snapshot of the ready completions, yielding copies.
///
/// liburing: [`io_uring_cqe_iter_next`](https://man7.org/linux/man-pages/man3/io_uring_cqe_iter_next.3.html).
#[doc(alias = "io_uring_cqe_iter")]
#[repr(C)]
#[derive(Debug)]
pub struct CqeIter<'a> {
    cqes: *mut io_uring_cqe,
    mask: u32,
    shift: u32,
    head: u32,
    tail: u32,
    ring: PhantomData<&'a Ring>,
}

const _: () = assert!(size_of::<CqeIter<'static>>() == 24);
const _: () = assert!(core::mem::offset_of!(CqeIter<'static>, cqes) == 0);
const _: () = assert!(core::mem::offset_of!(CqeIter<'static>, mask) == 8);
const _: () = assert!(core::mem::offset_of!(CqeIter<'static>, shift) == 12);
const _: () = assert!(core::mem::offset_of!(CqeIter<'static>, head) == 16);
const _: () = assert!(core::mem::offset_of!(CqeIter<'static>, tail) == 20);

impl CqeIter<'_> {
    /// The CQ index of the next entry.
    pub fn head(&self) -> u32 {
        self.head
    }

    /// Slots walked so far, relative to `start`; pass the total to
    /// [`Ring::cq_advance`] once done.
    pub fn consumed_since(&self, start: u32) -> u32 {
        self.head.wrapping_sub(start)
    }

    /// The next raw entry pointer (liburing's `io_uring_cqe_iter_next`).
    ///
    /// liburing: `io_uring_cqe_iter_next` (no man page).
    #[doc(alias = "io_uring_cqe_iter_next")]
    pub fn next_raw(&mut self) -> Option<*mut io_uring_cqe> {
        if self.head == self.tail {
            return None;
        }
        // SAFETY: head is in [snapshot head, acquired tail): the index is
        // inside the CQE array and the entry is published.
        let p = unsafe { self.cqes.add(((self.head & self.mask) << self.shift) as usize) };
        self.head = self.head.wrapping_add(1);
        // SAFETY: p is published.
        if unsafe { (*p).flags } & sys::IORING_CQE_F_32 != 0 && self.shift == 0 {
            self.head = self.head.wrapping_add(1);
        }
        Some(p)
    }
}

impl Iterator for CqeIter<'_> {
    type Item = CompletionQueueEvent;

    fn next(&mut self) -> Option<CompletionQueueEvent> {
        let p = self.next_raw()?;
        // SAFETY: p is published; it is 32 bytes on CQE32 rings (shift 1) or
        // when flagged F_32.
        let big = self.shift == 1 || unsafe { (*p).flags } & sys::IORING_CQE_F_32 != 0;
        // SAFETY: as above.
        Some(unsafe { CompletionQueueEvent::read(p, big) })
    }
}

/// The draining iterator of [`Ring::completions`]: yields copies of the
/// ready completions and hands their slots back to the kernel when dropped.
#[derive(Debug)]
pub struct Completions<'a> {
    /// The CQ head word, stored once when the iterator is dropped.
    khead: *mut u32,
    cqes: *const io_uring_cqe,
    mask: u32,
    /// 1 on `IORING_SETUP_CQE32` rings: every entry is 32 bytes.
    shift: u32,
    head: u32,
    tail: u32,
    /// `IORING_SETUP_CQE_MIXED`: entries of 16 or 32 bytes, and skip entries.
    mixed: bool,
    ring: PhantomData<&'a mut Ring>,
}

impl Iterator for Completions<'_> {
    type Item = CompletionQueueEvent;

    #[inline]
    fn next(&mut self) -> Option<CompletionQueueEvent> {
        loop {
            if self.head == self.tail {
                return None;
            }
            let idx = ((self.head & self.mask) << self.shift) as usize;
            // SAFETY: head is in [khead, acquired tail): inside the CQE array
            // and published. The ring is borrowed mutably for 'a, so the
            // mapping outlives the iterator.
            let p = unsafe { self.cqes.add(idx) };
            if !self.mixed {
                self.head = self.head.wrapping_add(1);
                // SAFETY: p is published, 32 bytes when shift is 1.
                return Some(unsafe { CompletionQueueEvent::read(p, self.shift == 1) });
            }
            // SAFETY: p is published.
            let flags = unsafe { (*p).flags };
            let big = flags & sys::IORING_CQE_F_32 != 0;
            self.head = self.head.wrapping_add(1 + big as u32);
            if flags & sys::IORING_CQE_F_SKIP == 0 {
                // SAFETY: p is published, 32 bytes when flagged F_32.
                return Some(unsafe { CompletionQueueEvent::read(p, big) });
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.tail.wrapping_sub(self.head) as usize;
        (if self.mixed { 0 } else { n }, Some(n))
    }
}

impl Drop for Completions<'_> {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: khead points into the live CQ ring. Store-release pairs
        // with the kernel's load-acquire of the head: every copy above
        // happened before the kernel may reuse the slots.
        unsafe { store_release(self.khead, self.head) };
    }
}

#[cfg(test)]
#[path = "queue_tests.rs"]
mod tests;
