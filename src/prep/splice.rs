//! Prep helpers: splice and tee, moving data through pipes inside the
//! kernel. Both are safe: they name file descriptors and offsets, no memory.

use crate::sqe::SubmissionQueueEntry;
use crate::sys;
use std::os::fd::RawFd;

impl SubmissionQueueEntry {
    /// Prepare a `splice(2)`: move up to `nbytes` bytes from `fd_in` to
    /// `fd_out` without copying through user space (`IORING_OP_SPLICE`).
    /// At least one of the two must be a pipe.
    ///
    /// Offsets: for a pipe, pass -1. For any other file, -1 means "the
    /// file's current position, advanced by the bytes moved", and any other
    /// value is the position to start at (the file's own position is left
    /// alone), as `splice(2)` does with a null or non-null offset pointer.
    ///
    /// `splice_flags` are `splice(2)`'s `SPLICE_F_*` flags, plus
    /// `SPLICE_F_FD_IN_FIXED`: with it, `fd_in` is an index into the
    /// registered files. (For `fd_out`, set `IOSQE_FIXED_FILE` on the entry.)
    ///
    /// Completion: `res` is the number of bytes moved (0 when the input is
    /// at end of file or an empty pipe without writers), or `-errno`
    /// (`-EINVAL` when neither is a pipe or a file does not support splice).
    ///
    /// liburing: [`io_uring_prep_splice`](https://man7.org/linux/man-pages/man3/io_uring_prep_splice.3.html).
    /// Kernel 5.7.
    #[doc(alias = "io_uring_prep_splice")]
    #[inline]
    pub fn prep_splice(
        &mut self,
        fd_in: RawFd,
        off_in: i64,
        fd_out: RawFd,
        off_out: i64,
        nbytes: u32,
        splice_flags: u32,
    ) {
        self.prep_base(sys::IORING_OP_SPLICE, fd_out, 0, nbytes, off_out as u64);
        self.0.addr.splice_off_in = off_in as u64;
        self.0.file_index.splice_fd_in = fd_in;
        self.0.op_flags.splice_flags = splice_flags;
    }

    /// Prepare a `tee(2)`: duplicate up to `nbytes` bytes from the pipe
    /// `fd_in` into the pipe `fd_out` without consuming them from `fd_in`
    /// (`IORING_OP_TEE`).
    ///
    /// `splice_flags` as for [`prep_splice`](Self::prep_splice), including
    /// `SPLICE_F_FD_IN_FIXED` for a registered `fd_in`.
    ///
    /// Completion: `res` is the number of bytes duplicated, or `-errno`
    /// (`-EINVAL` when either is not a pipe, or both are the same pipe).
    ///
    /// liburing: [`io_uring_prep_tee`](https://man7.org/linux/man-pages/man3/io_uring_prep_tee.3.html).
    /// Kernel 5.8.
    #[doc(alias = "io_uring_prep_tee")]
    #[inline]
    pub fn prep_tee(&mut self, fd_in: RawFd, fd_out: RawFd, nbytes: u32, splice_flags: u32) {
        self.prep_base(sys::IORING_OP_TEE, fd_out, 0, nbytes, 0);
        self.0.addr.splice_off_in = 0;
        self.0.file_index.splice_fd_in = fd_in;
        self.0.op_flags.splice_flags = splice_flags;
    }
}
