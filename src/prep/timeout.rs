//! Prep helpers: timeouts (`IORING_OP_TIMEOUT`, `IORING_OP_TIMEOUT_REMOVE`,
//! `IORING_OP_LINK_TIMEOUT`).

use crate::sys::{self, __kernel_timespec};
use crate::{SubmissionQueueEntry, Timespec};

impl SubmissionQueueEntry {
    /// Prepare a timeout: complete after the time `ts` (relative, or absolute
    /// with `IORING_TIMEOUT_ABS`; clock `CLOCK_MONOTONIC`, or
    /// `IORING_TIMEOUT_BOOTTIME` / `IORING_TIMEOUT_REALTIME`), or once `count`
    /// other completions have been posted, whichever comes first (`count` 0:
    /// time only). With `IORING_TIMEOUT_MULTISHOT` it fires every `ts`,
    /// `count` times (0: until removed); `IORING_TIMEOUT_ETIME_SUCCESS` keeps
    /// an expiry from breaking a link.
    ///
    /// Completion: `res` `-ETIME` when the time ran out, 0 when `count`
    /// completions arrived first, `-ECANCELED` if removed; multishot
    /// timeouts set `IORING_CQE_F_MORE` while more will follow.
    ///
    /// liburing: [`io_uring_prep_timeout`](https://man7.org/linux/man-pages/man3/io_uring_prep_timeout.3.html).
    /// Kernel 5.4 (multishot 6.4).
    ///
    /// # Safety
    ///
    /// The kernel copies `*ts` when it consumes the entry: `ts` must stay
    /// valid until the entry is submitted.
    #[doc(alias = "io_uring_prep_timeout")]
    #[inline]
    pub unsafe fn prep_timeout(&mut self, ts: &Timespec, count: u32, flags: u32) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_timeout_raw(ts.as_raw(), count, flags) }
    }

    /// [`prep_timeout`](Self::prep_timeout) with liburing's raw pointer
    /// (with `IORING_TIMEOUT_IMMEDIATE_ARG`, kernel 7.1, `ts` is the timeout
    /// in nanoseconds cast to a pointer instead).
    ///
    /// liburing: [`io_uring_prep_timeout`](https://man7.org/linux/man-pages/man3/io_uring_prep_timeout.3.html).
    ///
    /// # Safety
    ///
    /// Unless `flags` has `IORING_TIMEOUT_IMMEDIATE_ARG`, `ts` points to a
    /// timespec that stays valid until the entry is submitted.
    #[doc(alias = "io_uring_prep_timeout")]
    #[inline]
    pub unsafe fn prep_timeout_raw(&mut self, ts: *const __kernel_timespec, count: u32, flags: u32) {
        self.prep_base(sys::IORING_OP_TIMEOUT, -1, ts as u64, 1, count as u64);
        self.0.op_flags.timeout_flags = flags;
    }

    /// Prepare the removal of the timeout whose user data is `user_data`.
    /// `flags` must be 0 (the update flags belong to
    /// [`prep_timeout_update`](Self::prep_timeout_update)).
    ///
    /// Completion: `res` 0 if it was found and removed (the timeout then
    /// completes with `-ECANCELED`), `-ENOENT` if no such timeout is armed,
    /// `-EALREADY` if it is already firing.
    ///
    /// liburing: [`io_uring_prep_timeout_remove`](https://man7.org/linux/man-pages/man3/io_uring_prep_timeout_remove.3.html).
    /// Kernel 5.5.
    #[doc(alias = "io_uring_prep_timeout_remove")]
    #[inline]
    pub fn prep_timeout_remove(&mut self, user_data: u64, flags: u32) {
        self.prep_base(sys::IORING_OP_TIMEOUT_REMOVE, -1, user_data, 0, 0);
        self.0.op_flags.timeout_flags = flags;
    }

    /// Prepare the update of the armed timeout whose user data is
    /// `user_data`: it restarts with the new time `ts` (`flags` may add
    /// `IORING_TIMEOUT_ABS` and a clock; `IORING_LINK_TIMEOUT_UPDATE`
    /// addresses a linked timeout instead). `IORING_TIMEOUT_UPDATE` is added
    /// to `flags`.
    ///
    /// Completion: `res` 0 if updated, `-ENOENT` if no such timeout is armed,
    /// `-EINVAL` for bad flags or time.
    ///
    /// liburing: [`io_uring_prep_timeout_update`](https://man7.org/linux/man-pages/man3/io_uring_prep_timeout_update.3.html).
    /// Kernel 5.11.
    ///
    /// # Safety
    ///
    /// The kernel copies `*ts` when it consumes the entry: `ts` must stay
    /// valid until the entry is submitted.
    #[doc(alias = "io_uring_prep_timeout_update")]
    #[inline]
    pub unsafe fn prep_timeout_update(&mut self, ts: &Timespec, user_data: u64, flags: u32) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_timeout_update_raw(ts.as_raw(), user_data, flags) }
    }

    /// [`prep_timeout_update`](Self::prep_timeout_update) with liburing's
    /// raw pointer.
    ///
    /// liburing: [`io_uring_prep_timeout_update`](https://man7.org/linux/man-pages/man3/io_uring_prep_timeout_update.3.html).
    ///
    /// # Safety
    ///
    /// `ts` points to a timespec that stays valid until the entry is
    /// submitted.
    #[doc(alias = "io_uring_prep_timeout_update")]
    #[inline]
    pub unsafe fn prep_timeout_update_raw(
        &mut self,
        ts: *const __kernel_timespec,
        user_data: u64,
        flags: u32,
    ) {
        self.prep_base(sys::IORING_OP_TIMEOUT_REMOVE, -1, user_data, 0, ts as u64);
        self.0.op_flags.timeout_flags = flags | sys::IORING_TIMEOUT_UPDATE;
    }

    /// Prepare a linked timeout: placed right after a request that carries
    /// `IOSQE_IO_LINK`, it cancels that request if it has not completed
    /// within `ts` (`flags`: `IORING_TIMEOUT_ABS`, a clock,
    /// `IORING_TIMEOUT_ETIME_SUCCESS`).
    ///
    /// Completion: `res` `-ETIME` if it fired (the linked request then
    /// completes with `-ECANCELED`), `-ECANCELED` if the request finished
    /// first, `-EALREADY` if it fired too late to cancel it.
    ///
    /// liburing: [`io_uring_prep_link_timeout`](https://man7.org/linux/man-pages/man3/io_uring_prep_link_timeout.3.html).
    /// Kernel 5.5.
    ///
    /// # Safety
    ///
    /// The kernel copies `*ts` when it consumes the entry: `ts` must stay
    /// valid until the entry is submitted.
    #[doc(alias = "io_uring_prep_link_timeout")]
    #[inline]
    pub unsafe fn prep_link_timeout(&mut self, ts: &Timespec, flags: u32) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_link_timeout_raw(ts.as_raw(), flags) }
    }

    /// [`prep_link_timeout`](Self::prep_link_timeout) with liburing's raw
    /// pointer.
    ///
    /// liburing: [`io_uring_prep_link_timeout`](https://man7.org/linux/man-pages/man3/io_uring_prep_link_timeout.3.html).
    ///
    /// # Safety
    ///
    /// `ts` points to a timespec that stays valid until the entry is
    /// submitted.
    #[doc(alias = "io_uring_prep_link_timeout")]
    #[inline]
    pub unsafe fn prep_link_timeout_raw(&mut self, ts: *const __kernel_timespec, flags: u32) {
        self.prep_base(sys::IORING_OP_LINK_TIMEOUT, -1, ts as u64, 1, 0);
        self.0.op_flags.timeout_flags = flags;
    }
}
