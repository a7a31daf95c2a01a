//! `CompletionQueueEvent`: one completion, copied out of the ring.
//!
//! Completions are copied out of the shared ring before the application sees
//! them (16 or 32 bytes), so no reference to a ring slot can outlive the
//! `cq_advance` that hands the slot back to the kernel.

use crate::error::errno;
use crate::sys::{self, io_uring_cqe};
use std::io;

/// One completion: the `user_data` of its request, the result, the
/// `IORING_CQE_F_*` flags, and (on `IORING_SETUP_CQE32` rings, or for a
/// 32-byte entry on a mixed ring) 16 extra bytes.
///
/// liburing: `struct io_uring_cqe`; see
/// [`io_uring_wait_cqe(3)`](https://man7.org/linux/man-pages/man3/io_uring_wait_cqe.3.html).
#[doc(alias = "io_uring_cqe")]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CompletionQueueEvent {
    user_data: u64,
    res: i32,
    flags: u32,
    big_cqe: [u64; 2],
}

impl CompletionQueueEvent {
    /// Copy the entry at `p`, with its extra 16 bytes when `big`.
    ///
    /// # Safety
    ///
    /// `p` points to a published CQE in the ring (between head and the
    /// acquired tail), of 32 bytes when `big`.
    #[inline(always)]
    pub(crate) unsafe fn read(p: *const io_uring_cqe, big: bool) -> CompletionQueueEvent {
        // SAFETY: per the contract the slot is published and valid.
        let head = unsafe { p.read() };
        let big_cqe = if big {
            // SAFETY: a 32-byte CQE carries two more u64 right after the
            // 16-byte header.
            unsafe { p.add(1).cast::<[u64; 2]>().read() }
        } else {
            [0; 2]
        };
        CompletionQueueEvent { user_data: head.user_data, res: head.res, flags: head.flags, big_cqe }
    }

    /// Build a completion from its parts (for tests and tools).
    pub fn new(user_data: u64, res: i32, flags: u32) -> CompletionQueueEvent {
        CompletionQueueEvent { user_data, res, flags, big_cqe: [0; 2] }
    }

    /// The request's `user_data`.
    ///
    /// liburing: [`io_uring_cqe_get_data64`](https://man7.org/linux/man-pages/man3/io_uring_cqe_get_data64.3.html).
    #[doc(alias = "io_uring_cqe_get_data64")]
    #[inline]
    pub fn user_data(&self) -> u64 {
        self.user_data
    }

    /// The request's `user_data` as a pointer (see
    /// [`SubmissionQueueEntry::set_data`](crate::SubmissionQueueEntry::set_data)).
    ///
    /// liburing: [`io_uring_cqe_get_data`](https://man7.org/linux/man-pages/man3/io_uring_cqe_get_data.3.html).
    #[doc(alias = "io_uring_cqe_get_data")]
    #[inline]
    pub fn data<T>(&self) -> *mut T {
        self.user_data as usize as *mut T
    }

    /// The raw result: what the matching syscall would return, or `-errno`.
    #[inline]
    pub fn res(&self) -> i32 {
        self.res
    }

    /// The result as an `io::Result`: `Ok(res)` when non-negative, the
    /// kernel's error otherwise.
    #[inline]
    pub fn result(&self) -> io::Result<u32> {
        if self.res < 0 { Err(errno(-self.res)) } else { Ok(self.res as u32) }
    }

    /// The `IORING_CQE_F_*` flags (with the buffer id in the upper 16 bits).
    #[inline]
    pub fn flags(&self) -> u32 {
        self.flags
    }

    /// The extra 16 bytes of a 32-byte CQE (zero for 16-byte entries).
    #[inline]
    pub fn big_cqe(&self) -> [u64; 2] {
        self.big_cqe
    }

    /// The provided buffer the kernel picked (`IORING_CQE_F_BUFFER`), if any.
    #[inline]
    pub fn buffer_id(&self) -> Option<u16> {
        if self.flags & sys::IORING_CQE_F_BUFFER != 0 {
            Some((self.flags >> sys::IORING_CQE_BUFFER_SHIFT) as u16)
        } else {
            None
        }
    }

    /// More completions will follow for this request (`IORING_CQE_F_MORE`):
    /// a multishot request is still armed, or a zero-copy send will post a
    /// notification.
    #[inline]
    pub fn more(&self) -> bool {
        self.flags & sys::IORING_CQE_F_MORE != 0
    }

    /// The socket had more data after this receive (`IORING_CQE_F_SOCK_NONEMPTY`).
    #[inline]
    pub fn sock_nonempty(&self) -> bool {
        self.flags & sys::IORING_CQE_F_SOCK_NONEMPTY != 0
    }

    /// This is a zero-copy send's buffer-release notification (`IORING_CQE_F_NOTIF`).
    #[inline]
    pub fn notif(&self) -> bool {
        self.flags & sys::IORING_CQE_F_NOTIF != 0
    }

    /// The provided buffer is only partly consumed and stays with the kernel
    /// (`IORING_CQE_F_BUF_MORE`, incremental buffer rings).
    #[inline]
    pub fn buf_more(&self) -> bool {
        self.flags & sys::IORING_CQE_F_BUF_MORE != 0
    }

    /// A padding entry of a mixed ring (`IORING_CQE_F_SKIP`); riouring's
    /// readers consume these without showing them.
    #[inline]
    pub fn is_skip(&self) -> bool {
        self.flags & sys::IORING_CQE_F_SKIP != 0
    }

    /// A 32-byte entry on a mixed ring (`IORING_CQE_F_32`).
    #[inline]
    pub fn is_32(&self) -> bool {
        self.flags & sys::IORING_CQE_F_32 != 0
    }

    /// How many CQ slots this entry occupies: 2 for a 32-byte entry on a
    /// mixed ring, else 1.
    ///
    /// liburing: [`io_uring_cqe_nr`](https://man7.org/linux/man-pages/man3/io_uring_cqe_nr.3.html).
    #[doc(alias = "io_uring_cqe_nr")]
    #[inline]
    pub fn nr(&self) -> u32 {
        1 << ((self.flags & sys::IORING_CQE_F_32 != 0) as u32)
    }
}

/// Slots occupied by the raw CQE at `p` (see [`CompletionQueueEvent::nr`]).
///
/// # Safety
///
/// `p` points to a published CQE.
#[inline(always)]
pub(crate) unsafe fn raw_cqe_nr(p: *const io_uring_cqe) -> u32 {
    // SAFETY: per the contract.
    let flags = unsafe { (*p).flags };
    1 << ((flags & sys::IORING_CQE_F_32 != 0) as u32)
}
