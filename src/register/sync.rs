//! Registration: synchronous cancellation, and MSG_RING without a source
//! ring.

use crate::error::kret;
use crate::ring::Ring;
use crate::sys::{self, io_uring_sqe, io_uring_sync_cancel_reg};
use std::io;

impl Ring {
    /// Cancel requests of this ring and wait until they are gone, instead of
    /// submitting an `ASYNC_CANCEL` request. `reg` says what to match, as the
    /// fields of `prep_cancel*`: `addr` (user data), `fd`, `opcode`, and the
    /// `IORING_ASYNC_CANCEL_*` `flags` (`ALL`, `FD`, `FD_FIXED`, `ANY`,
    /// `USERDATA`, `OP`); `timeout` bounds the wait (`tv_sec` and `tv_nsec`
    /// of -1: no bound, then `ETIME` when it expires). The cancelled requests
    /// still post their CQEs (usually `-ECANCELED`). Returns what the kernel
    /// does: 0, or with `IORING_ASYNC_CANCEL_ALL`/`ANY` the number cancelled;
    /// `ENOENT` if nothing matched, `EALREADY` if a match was already running
    /// and could not be interrupted in time.
    ///
    /// liburing: [`io_uring_register_sync_cancel`](https://man7.org/linux/man-pages/man3/io_uring_register_sync_cancel.3.html).
    /// Kernel 6.0.
    #[doc(alias = "io_uring_register_sync_cancel")]
    pub fn register_sync_cancel(&mut self, reg: &mut io_uring_sync_cancel_reg) -> io::Result<u32> {
        // SAFETY: the kernel copies `reg` during the call only; the user data
        // in it is matched, never dereferenced.
        unsafe {
            self.register_raw(
                sys::IORING_REGISTER_SYNC_CANCEL,
                (reg as *mut io_uring_sync_cancel_reg).cast_const().cast(),
                1,
            )
        }
    }

    /// Post a message CQE to another ring without having a source ring: `sqe`
    /// is an `IORING_OP_MSG_RING` entry with the `IORING_MSG_DATA` command,
    /// as `prep_msg_ring` or `prep_msg_ring_cqe_flags` fill it (`fd` = the
    /// target ring's fd, `len` = the target CQE's `res`, `off` = its
    /// `user_data`), kept anywhere but in a ring's SQ: prepare a standalone
    /// [`SubmissionQueueEntry::new`](crate::SubmissionQueueEntry::new) and
    /// pass its [`as_raw`](crate::SubmissionQueueEntry::as_raw).
    /// The result comes back here rather than in a CQE. `EINVAL` for another
    /// opcode or for `IORING_MSG_SEND_FD` (there is no ring to send a file
    /// from), `EBADFD` if `fd` is not a ring, `EOVERFLOW` if its CQ is full.
    ///
    /// liburing: [`io_uring_register_sync_msg`](https://man7.org/linux/man-pages/man3/io_uring_register_sync_msg.3.html).
    /// Kernel 6.13.
    #[doc(alias = "io_uring_register_sync_msg")]
    pub fn register_sync_msg(sqe: &io_uring_sqe) -> io::Result<()> {
        // SAFETY: the kernel copies the 64-byte entry during the call; a data
        // message carries no address it would dereference.
        kret(unsafe {
            sys::io_uring_register(
                -1,
                sys::IORING_REGISTER_SEND_MSG_RING,
                (sqe as *const io_uring_sqe).cast(),
                1,
            )
        })?;
        Ok(())
    }
}
