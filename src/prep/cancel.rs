//! Prep helpers: cancellation (`IORING_OP_ASYNC_CANCEL`).

use crate::SubmissionQueueEntry;
use crate::sys;
use std::os::fd::RawFd;

impl SubmissionQueueEntry {
    /// Prepare the cancellation of the request whose user data is
    /// `user_data`. `flags` (`IORING_ASYNC_CANCEL_*`) widen the match:
    /// `ALL` cancels every match instead of the first, `ANY` matches every
    /// request, `OP` matches on the opcode (set in `len` after this call),
    /// `USERDATA` makes the user-data key explicit.
    ///
    /// Completion: `res` 0 (or, with `ALL`/`ANY`, the number cancelled);
    /// `-ENOENT` if nothing matched, `-EALREADY` if the request is already
    /// running and will complete shortly. The cancelled request completes
    /// with `-ECANCELED` (or `-EINTR`).
    ///
    /// liburing: [`io_uring_prep_cancel64`](https://man7.org/linux/man-pages/man3/io_uring_prep_cancel64.3.html).
    /// Kernel 5.5 (`ALL`, `ANY`, `FD` 5.19; `FD_FIXED` 6.0; `OP`, `USERDATA` 6.6).
    #[doc(alias = "io_uring_prep_cancel64")]
    #[inline]
    pub fn prep_cancel64(&mut self, user_data: u64, flags: i32) {
        self.prep_base(sys::IORING_OP_ASYNC_CANCEL, -1, user_data, 0, 0);
        self.0.op_flags.cancel_flags = flags as u32;
    }

    /// [`prep_cancel64`](Self::prep_cancel64) for a request whose user data
    /// was set from a pointer ([`set_data`](Self::set_data)). The pointer is
    /// only compared, never dereferenced.
    ///
    /// liburing: [`io_uring_prep_cancel`](https://man7.org/linux/man-pages/man3/io_uring_prep_cancel.3.html).
    /// Kernel 5.5.
    #[doc(alias = "io_uring_prep_cancel")]
    #[inline]
    pub fn prep_cancel<T>(&mut self, user_data: *const T, flags: i32) {
        self.prep_cancel64(user_data as usize as u64, flags);
    }

    /// Prepare the cancellation of the requests that use the file `fd`
    /// (`IORING_ASYNC_CANCEL_FD` is added to `flags`; add
    /// `IORING_ASYNC_CANCEL_FD_FIXED` when `fd` is a direct descriptor, and
    /// `IORING_ASYNC_CANCEL_ALL` to cancel all of them).
    ///
    /// Completion: as [`prep_cancel64`](Self::prep_cancel64).
    ///
    /// liburing: [`io_uring_prep_cancel_fd`](https://man7.org/linux/man-pages/man3/io_uring_prep_cancel_fd.3.html).
    /// Kernel 5.19.
    #[doc(alias = "io_uring_prep_cancel_fd")]
    #[inline]
    pub fn prep_cancel_fd(&mut self, fd: RawFd, flags: u32) {
        self.prep_base(sys::IORING_OP_ASYNC_CANCEL, fd, 0, 0, 0);
        self.0.op_flags.cancel_flags = flags | sys::IORING_ASYNC_CANCEL_FD;
    }
}
