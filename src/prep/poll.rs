//! Prep helpers: poll (`IORING_OP_POLL_ADD`, `IORING_OP_POLL_REMOVE`).

use crate::SubmissionQueueEntry;
use crate::sys;
use std::os::fd::RawFd;

/// The 32-bit poll mask as the kernel reads it from `poll32_events`: the
/// kernel reads the field as a little-endian pair of 16-bit halves, so on a
/// big-endian machine the two halves are swapped first.
///
/// liburing: `__io_uring_prep_poll_mask` (internal).
#[doc(alias = "__io_uring_prep_poll_mask")]
#[inline(always)]
fn poll_mask(mask: u32) -> u32 {
    if cfg!(target_endian = "big") { mask.rotate_left(16) } else { mask }
}

impl SubmissionQueueEntry {
    /// Prepare a one-shot poll: wait until `fd` is ready for any of the
    /// events in `poll_mask` (`POLLIN`, `POLLOUT`, ... as `poll(2)` has them).
    ///
    /// Completion: `res` is the mask of the events that are ready, or
    /// `-errno`; `-ECANCELED` if removed. (`IORING_POLL_ADD_LEVEL` in `len`
    /// is answered with `-EINVAL` by Linux 6.18.)
    ///
    /// liburing: [`io_uring_prep_poll_add`](https://man7.org/linux/man-pages/man3/io_uring_prep_poll_add.3.html).
    /// Kernel 5.1 (32-bit masks with `IORING_FEAT_POLL_32BITS`, 5.9).
    #[doc(alias = "io_uring_prep_poll_add")]
    #[inline]
    pub fn prep_poll_add(&mut self, fd: RawFd, poll_mask: u32) {
        self.prep_base(sys::IORING_OP_POLL_ADD, fd, 0, 0, 0);
        self.0.op_flags.poll32_events = self::poll_mask(poll_mask);
    }

    /// Prepare a multishot poll: like [`prep_poll_add`](Self::prep_poll_add),
    /// but the request stays armed and posts a completion each time `fd`
    /// becomes ready (`len` = `IORING_POLL_ADD_MULTI`).
    ///
    /// Completion: one CQE per readiness event, `res` the ready mask, with
    /// `IORING_CQE_F_MORE` set while the request stays armed; the last CQE
    /// (after removal, an error, or overflow) has no `IORING_CQE_F_MORE`.
    ///
    /// liburing: [`io_uring_prep_poll_multishot`](https://man7.org/linux/man-pages/man3/io_uring_prep_poll_multishot.3.html).
    /// Kernel 5.13.
    #[doc(alias = "io_uring_prep_poll_multishot")]
    #[inline]
    pub fn prep_poll_multishot(&mut self, fd: RawFd, poll_mask: u32) {
        self.prep_poll_add(fd, poll_mask);
        self.0.len = sys::IORING_POLL_ADD_MULTI;
    }

    /// Prepare the removal of the poll request whose user data is
    /// `user_data`.
    ///
    /// Completion: `res` 0 if it was found and removed (the poll then
    /// completes with `-ECANCELED`), `-ENOENT` if no such poll is armed,
    /// `-EALREADY` if it is already completing.
    ///
    /// liburing: [`io_uring_prep_poll_remove`](https://man7.org/linux/man-pages/man3/io_uring_prep_poll_remove.3.html).
    /// Kernel 5.1.
    #[doc(alias = "io_uring_prep_poll_remove")]
    #[inline]
    pub fn prep_poll_remove(&mut self, user_data: u64) {
        self.prep_base(sys::IORING_OP_POLL_REMOVE, -1, user_data, 0, 0);
    }

    /// Prepare the update of an armed poll request found by
    /// `old_user_data`: with `IORING_POLL_UPDATE_EVENTS` in `flags` its mask
    /// becomes `poll_mask` (low 16 bits only), with
    /// `IORING_POLL_UPDATE_USER_DATA` its user data becomes `new_user_data`.
    /// `IORING_POLL_ADD_MULTI` (with `UPDATE_EVENTS`) is meant to turn it
    /// multishot, but Linux 6.18 only updates the low 16 bits of the mask,
    /// so a one-shot poll stays one-shot.
    ///
    /// Completion: `res` 0 on success, `-ENOENT` if no such poll is armed,
    /// `-EINVAL` for bad flags, `-EALREADY` if it is already completing.
    ///
    /// liburing: [`io_uring_prep_poll_update`](https://man7.org/linux/man-pages/man3/io_uring_prep_poll_update.3.html).
    /// Kernel 5.13.
    #[doc(alias = "io_uring_prep_poll_update")]
    #[inline]
    pub fn prep_poll_update(&mut self, old_user_data: u64, new_user_data: u64, poll_mask: u32, flags: u32) {
        self.prep_base(sys::IORING_OP_POLL_REMOVE, -1, old_user_data, flags, new_user_data);
        self.0.op_flags.poll32_events = self::poll_mask(poll_mask);
    }
}
