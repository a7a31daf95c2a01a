//! Prep helpers: commands for the file's own driver (`IORING_OP_URING_CMD`,
//! `IORING_OP_URING_CMD128`), and the block-device commands built on them.

use crate::sys;
use crate::{SubmissionQueueEntry, SubmissionQueueEntry128};
use std::os::fd::RawFd;

impl SubmissionQueueEntry {
    /// The common part of every `uring_cmd` prep: opcode `op`, `fd`, the
    /// command `cmd_op` in `off`, `addr` and `len` 0, every other field of
    /// the 64-byte entry zeroed too (flags, user data and personality kept).
    /// liburing leaves the fields it does not name as they were; on a fresh
    /// entry from `get_sqe` both give the same bytes.
    ///
    /// liburing: `__io_uring_prep_uring_cmd` (internal).
    #[doc(alias = "__io_uring_prep_uring_cmd")]
    #[inline]
    pub(crate) fn prep_uring_cmd_base(&mut self, op: u8, cmd_op: u32, fd: RawFd) {
        self.prep_base(op, fd, 0, 0, 0);
        self.0.off.cmd = sys::io_uring_sqe_cmd_op { cmd_op, __pad1: 0 };
    }

    /// Prepare a command for the driver behind `fd` (a socket, a block
    /// device, an NVMe character device, ...): `cmd_op` names it
    /// (`SOCKET_URING_OP_*`, `BLOCK_URING_CMD_*`, a driver's own), and its
    /// arguments go into the fields and the 16-byte command area (bytes
    /// 48..64) that the driver defines, set after this call.
    ///
    /// Completion: `res` whatever the driver returns for `cmd_op`
    /// (`SOCKET_URING_OP_SIOCINQ`: the bytes queued for reading), or
    /// `-errno`; `-EOPNOTSUPP` if the file has no `uring_cmd` support (a
    /// pipe, a regular file) or does not know `cmd_op` (sockets whose
    /// protocol has no ioctl, such as `AF_UNIX`, for `SIOCINQ`).
    ///
    /// liburing: [`io_uring_prep_uring_cmd`](https://man7.org/linux/man-pages/man3/io_uring_prep_uring_cmd.3.html).
    /// Kernel 5.19 (socket commands 6.7).
    ///
    /// # Safety
    ///
    /// What the driver does is defined by `cmd_op` and the payload, and may
    /// involve memory: any address the command carries (set after this
    /// call) must stay valid as the driver requires, until the completion.
    #[doc(alias = "io_uring_prep_uring_cmd")]
    #[inline]
    pub unsafe fn prep_uring_cmd(&mut self, cmd_op: u32, fd: RawFd) {
        self.prep_uring_cmd_base(sys::IORING_OP_URING_CMD, cmd_op, fd);
    }

    /// Prepare a discard (as the `BLKDISCARD` ioctl) of `nbytes` bytes at
    /// `offset` of the block device `fd` (`BLOCK_URING_CMD_DISCARD`; offset
    /// in `addr`, length in `addr3`). Both must be aligned to the device's
    /// logical block size. It does not order against other I/O in flight on
    /// the range, and invalidates the page cache only on a best-effort basis.
    ///
    /// Completion: `res` 0, or `-errno` (`-EINVAL` for a misaligned range or
    /// one past the end, `-EBADF` if `fd` is not open for writing,
    /// `-EOPNOTSUPP` if the device cannot discard or `fd` is not a block
    /// device).
    ///
    /// liburing: [`io_uring_prep_cmd_discard`](https://man7.org/linux/man-pages/man3/io_uring_prep_cmd_discard.3.html).
    /// Kernel 6.12.
    #[doc(alias = "io_uring_prep_cmd_discard")]
    #[inline]
    pub fn prep_cmd_discard(&mut self, fd: RawFd, offset: u64, nbytes: u64) {
        self.prep_uring_cmd_base(sys::IORING_OP_URING_CMD, sys::BLOCK_URING_CMD_DISCARD, fd);
        self.0.addr.addr = offset;
        self.0.tail.addr3.addr3 = nbytes;
    }

    /// Prepare the reset of every sequential-write-required zone of the
    /// zoned block device `fd` (`BLOCK_URING_CMD_ZONE_RESET_ALL`). Like a
    /// discard, it does not order against other I/O on the device.
    ///
    /// Completion: `res` 0, or `-errno` (`-EOPNOTSUPP` if `fd` is not a
    /// block device; `-EINVAL` from block layers that do not know the
    /// command, Linux 6.18 included).
    ///
    /// liburing: [`io_uring_prep_cmd_zone_reset_all`](https://man7.org/linux/man-pages/man3/io_uring_prep_cmd_zone_reset_all.3.html).
    /// Kernel: newer than 6.18 (liburing 2.16); older block layers reject the
    /// unknown command.
    #[doc(alias = "io_uring_prep_cmd_zone_reset_all")]
    #[inline]
    pub fn prep_cmd_zone_reset_all(&mut self, fd: RawFd) {
        self.prep_uring_cmd_base(sys::IORING_OP_URING_CMD, sys::BLOCK_URING_CMD_ZONE_RESET_ALL, fd);
    }
}

impl SubmissionQueueEntry128 {
    /// Prepare a driver command with an 80-byte command area (bytes
    /// 48..128, see [`cmd_mut`](Self::cmd_mut)), on a 128-byte entry
    /// (`IORING_OP_URING_CMD128`: the entry of an `IORING_SETUP_SQE_MIXED`
    /// ring that carries a big command; on an `IORING_SETUP_SQE128` ring
    /// plain [`prep_uring_cmd`](SubmissionQueueEntry::prep_uring_cmd)
    /// already has 80 bytes). The whole command area is zeroed.
    ///
    /// Completion: as [`prep_uring_cmd`](SubmissionQueueEntry::prep_uring_cmd);
    /// kernels before 6.19 answer `-EINVAL`.
    ///
    /// liburing: [`io_uring_prep_uring_cmd128`](https://man7.org/linux/man-pages/man3/io_uring_prep_uring_cmd128.3.html).
    /// Kernel 6.19.
    ///
    /// # Safety
    ///
    /// As [`prep_uring_cmd`](SubmissionQueueEntry::prep_uring_cmd): any
    /// address the command carries must stay valid as the driver requires,
    /// until the completion.
    #[doc(alias = "io_uring_prep_uring_cmd128")]
    #[inline]
    pub unsafe fn prep_uring_cmd128(&mut self, cmd_op: u32, fd: RawFd) {
        self.sqe.prep_uring_cmd_base(sys::IORING_OP_URING_CMD128, cmd_op, fd);
        self.ext = [0; 64];
    }
}
