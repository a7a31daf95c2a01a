//! Prep helpers: messages to another ring (`IORING_OP_MSG_RING`).

use crate::SubmissionQueueEntry;
use crate::sys;
use std::os::fd::RawFd;

impl SubmissionQueueEntry {
    /// Prepare a message to the ring `fd` (its fd, or its registered index
    /// with `IOSQE_FIXED_FILE`): the target ring gets a completion with
    /// `user_data` = `data`, `res` = `len` and flags 0. `flags` is 0, or
    /// `IORING_MSG_RING_FLAGS_PASS` (see
    /// [`prep_msg_ring_cqe_flags`](Self::prep_msg_ring_cqe_flags));
    /// `IORING_MSG_RING_CQE_SKIP` is only for passing files (`-EINVAL` here).
    ///
    /// Completion (on this ring): `res` 0, or `-EBADFD` if `fd` is not a
    /// ring, `-EINVAL` for bad flags, `-EOVERFLOW` if the target's CQ could
    /// not take the entry.
    ///
    /// liburing: [`io_uring_prep_msg_ring`](https://man7.org/linux/man-pages/man3/io_uring_prep_msg_ring.3.html).
    /// Kernel 5.18.
    #[doc(alias = "io_uring_prep_msg_ring")]
    #[inline]
    pub fn prep_msg_ring(&mut self, fd: RawFd, len: u32, data: u64, flags: u32) {
        self.prep_base(sys::IORING_OP_MSG_RING, fd, 0, len, data);
        self.0.op_flags.msg_ring_flags = flags;
    }

    /// [`prep_msg_ring`](Self::prep_msg_ring) whose target completion also
    /// carries `cqe_flags` as its flags (`IORING_MSG_RING_FLAGS_PASS` is
    /// added to `flags`).
    ///
    /// Completion: as [`prep_msg_ring`](Self::prep_msg_ring).
    ///
    /// liburing: [`io_uring_prep_msg_ring_cqe_flags`](https://man7.org/linux/man-pages/man3/io_uring_prep_msg_ring_cqe_flags.3.html).
    /// Kernel 6.3.
    #[doc(alias = "io_uring_prep_msg_ring_cqe_flags")]
    #[inline]
    pub fn prep_msg_ring_cqe_flags(&mut self, fd: RawFd, len: u32, data: u64, flags: u32, cqe_flags: u32) {
        self.prep_base(sys::IORING_OP_MSG_RING, fd, 0, len, data);
        self.0.op_flags.msg_ring_flags = sys::IORING_MSG_RING_FLAGS_PASS | flags;
        self.0.file_index.file_index = cqe_flags;
    }

    /// Prepare sending this ring's direct descriptor `source_fd` (a slot of
    /// its registered file table) to the ring `fd`, into its slot
    /// `target_fd` (or a free slot, with `IORING_FILE_INDEX_ALLOC`). The
    /// target ring gets a completion with `user_data` = `data` unless
    /// `flags` has `IORING_MSG_RING_CQE_SKIP`.
    ///
    /// Completion: on both rings `res` is the slot used (0 for an explicit
    /// slot, the slot picked with `IORING_FILE_INDEX_ALLOC`); on this ring
    /// `-errno` on failure (`-EBADF` for an empty source slot, `-ENXIO` if
    /// the target has no file table, `-ENFILE` if it is full, `-EINVAL` to
    /// the ring itself).
    ///
    /// liburing: [`io_uring_prep_msg_ring_fd`](https://man7.org/linux/man-pages/man3/io_uring_prep_msg_ring_fd.3.html).
    /// Kernel 6.0.
    #[doc(alias = "io_uring_prep_msg_ring_fd")]
    #[inline]
    pub fn prep_msg_ring_fd(&mut self, fd: RawFd, source_fd: u32, target_fd: u32, data: u64, flags: u32) {
        self.prep_base(sys::IORING_OP_MSG_RING, fd, sys::IORING_MSG_SEND_FD as u64, 0, data);
        // liburing stores its `int source_fd` widened with sign: keep the
        // same bits for every input.
        self.0.tail.addr3.addr3 = source_fd as i32 as i64 as u64;
        self.set_target_fixed_file(target_fd);
        self.0.op_flags.msg_ring_flags = flags;
    }

    /// [`prep_msg_ring_fd`](Self::prep_msg_ring_fd) into a slot the target
    /// ring picks (`IORING_FILE_INDEX_ALLOC`).
    ///
    /// Completion: on both rings, `res` is the slot allocated.
    ///
    /// liburing: [`io_uring_prep_msg_ring_fd_alloc`](https://man7.org/linux/man-pages/man3/io_uring_prep_msg_ring_fd_alloc.3.html).
    /// Kernel 6.0.
    #[doc(alias = "io_uring_prep_msg_ring_fd_alloc")]
    #[inline]
    pub fn prep_msg_ring_fd_alloc(&mut self, fd: RawFd, source_fd: u32, data: u64, flags: u32) {
        self.prep_msg_ring_fd(fd, source_fd, sys::IORING_FILE_INDEX_ALLOC, data, flags);
    }
}
