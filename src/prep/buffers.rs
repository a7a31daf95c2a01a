//! Prep helpers: classic provided buffers (`IORING_OP_PROVIDE_BUFFERS`,
//! `IORING_OP_REMOVE_BUFFERS`).

use crate::SubmissionQueueEntry;
use crate::sys;
use core::ffi::c_void;

impl SubmissionQueueEntry {
    /// Prepare handing the kernel buffers for `IOSQE_BUFFER_SELECT`
    /// requests: `bufs` is cut into `bufs.len() / len` buffers of `len`
    /// bytes, added to group `bgid` with ids `bid`, `bid + 1`, ...
    /// (a `len` of 0, or a slice shorter than `len`, provides no buffer, and
    /// the kernel answers `-E2BIG`).
    ///
    /// Completion: `res` 0, or `-errno` (`-E2BIG` for no buffer or more than
    /// 65536, `-EINVAL` if the ids would run past 65535). A request that
    /// picks one reports it in its CQE with `IORING_CQE_F_BUFFER` and the id
    /// in the upper 16 bits of the flags (see
    /// [`CompletionQueueEvent::buffer_id`](crate::CompletionQueueEvent::buffer_id));
    /// with the group empty it fails with `-ENOBUFS`.
    ///
    /// liburing: [`io_uring_prep_provide_buffers`](https://man7.org/linux/man-pages/man3/io_uring_prep_provide_buffers.3.html).
    /// Kernel 5.7.
    ///
    /// # Safety
    ///
    /// The buffers belong to the kernel from submission until each is
    /// consumed by a request (and its completion reaped) or removed
    /// ([`prep_remove_buffers`](Self::prep_remove_buffers)): `bufs` must stay
    /// valid, and not be accessed, until then.
    #[doc(alias = "io_uring_prep_provide_buffers")]
    #[inline]
    pub unsafe fn prep_provide_buffers(&mut self, bufs: &mut [u8], len: u32, bgid: u16, bid: u16) {
        let nr = if len == 0 { 0 } else { (bufs.len() / len as usize).min(i32::MAX as usize) as i32 };
        // SAFETY: forwarded from this function's contract; `nr` buffers of
        // `len` bytes fit in `bufs`.
        unsafe {
            self.prep_provide_buffers_raw(bufs.as_mut_ptr().cast(), len as i32, nr, bgid as i32, bid as i32)
        }
    }

    /// [`prep_provide_buffers`](Self::prep_provide_buffers) with liburing's
    /// raw arguments: `nr` buffers of `len` bytes at `addr`.
    ///
    /// liburing: [`io_uring_prep_provide_buffers`](https://man7.org/linux/man-pages/man3/io_uring_prep_provide_buffers.3.html).
    ///
    /// # Safety
    ///
    /// `addr` points to `nr * len` writable bytes that stay valid, and are
    /// not accessed, until every buffer is consumed or removed.
    #[doc(alias = "io_uring_prep_provide_buffers")]
    #[inline]
    pub unsafe fn prep_provide_buffers_raw(
        &mut self,
        addr: *mut c_void,
        len: i32,
        nr: i32,
        bgid: i32,
        bid: i32,
    ) {
        self.prep_base(sys::IORING_OP_PROVIDE_BUFFERS, nr, addr as u64, len as u32, bid as u64);
        self.0.buf.buf_group = bgid as u16;
    }

    /// Prepare taking back up to `nr` buffers of group `bgid` that the
    /// kernel has not used yet.
    ///
    /// Completion: `res` the number of buffers removed (0 for a group that
    /// is empty now), `-ENOENT` if the group never had buffers, `-EINVAL`
    /// for `nr` 0.
    ///
    /// liburing: [`io_uring_prep_remove_buffers`](https://man7.org/linux/man-pages/man3/io_uring_prep_remove_buffers.3.html).
    /// Kernel 5.7.
    #[doc(alias = "io_uring_prep_remove_buffers")]
    #[inline]
    pub fn prep_remove_buffers(&mut self, nr: i32, bgid: u16) {
        self.prep_base(sys::IORING_OP_REMOVE_BUFFERS, nr, 0, 0, 0);
        self.0.buf.buf_group = bgid;
    }
}
