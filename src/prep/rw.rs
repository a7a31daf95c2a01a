//! Prep helpers: reads and writes (plain, vectored, registered-buffer and
//! multishot).
//!
//! Every helper that names memory comes in two forms: the Rust form takes a
//! slice (a buffer, or an array of `libc::iovec`), the `_raw` form takes
//! liburing's exact argument list (pointer plus length or count), for the C
//! ABI. Both are `unsafe`: the kernel reads or writes that memory until the
//! completion.
//!
//! # Offsets
//!
//! `offset` is a byte position in the file. `u64::MAX` (C's `(__u64)-1`)
//! means "the current file position": the transfer starts there and the
//! position advances by the bytes moved, as `read(2)`/`write(2)` do (kernel
//! 5.6, `IORING_FEAT_RW_CUR_POS`). Files that cannot seek (pipes, sockets)
//! take `0` or `u64::MAX`.
//!
//! # Lengths
//!
//! The SQE holds a 32-bit length (or iovec count). A slice longer than
//! `u32::MAX` is clamped to `u32::MAX`: the request then transfers at most
//! that much and its completion reports a short transfer, as `read(2)` may.
//! (The kernel caps one transfer below 2 GiB anyway, and accepts at most
//! `UIO_MAXIOV` = 1024 iovecs.)

use super::clamp_len;
use crate::sqe::SubmissionQueueEntry;
use crate::sys;
use std::os::fd::RawFd;

/// A slice length as the SQE's 32-bit length field: clamped to `u32::MAX`
/// (see the module docs).
impl SubmissionQueueEntry {
    // ------------------------------------------------------------------
    // Reads

    /// Prepare a read of `buf.len()` bytes from `fd` at `offset` into `buf`,
    /// like `pread(2)` (`IORING_OP_READ`). `offset` `u64::MAX` reads from
    /// the current file position and advances it, as `read(2)` does
    /// (kernel 5.6, `IORING_FEAT_RW_CUR_POS`). A buffer longer than
    /// `u32::MAX` bytes is clamped to `u32::MAX`: the completion then
    /// reports a short read (the kernel caps one transfer below 2 GiB
    /// anyway).
    ///
    /// With `IOSQE_FIXED_FILE`, `fd` is an index into the registered files.
    ///
    /// Completion: `res` is the number of bytes read (0 at end of file), or
    /// `-errno`.
    ///
    /// liburing: [`io_uring_prep_read`](https://man7.org/linux/man-pages/man3/io_uring_prep_read.3.html).
    /// Kernel 5.6.
    ///
    /// # Safety
    ///
    /// The kernel writes into `buf` while the request runs: `buf` must stay
    /// valid, and must not be read or written by anything else, until the
    /// completion.
    #[doc(alias = "io_uring_prep_read")]
    #[inline]
    pub unsafe fn prep_read(&mut self, fd: RawFd, buf: &mut [u8], offset: u64) {
        // SAFETY: the slice is valid for writes of its (clamped) length; the
        // caller keeps it so until the completion.
        unsafe { self.prep_read_raw(fd, buf.as_mut_ptr(), clamp_len(buf.len()), offset) }
    }

    /// [`prep_read`](Self::prep_read) with liburing's argument list: a
    /// buffer pointer and a byte count.
    ///
    /// liburing: [`io_uring_prep_read`](https://man7.org/linux/man-pages/man3/io_uring_prep_read.3.html).
    ///
    /// # Safety
    ///
    /// `buf` must be valid for writes of `nbytes` bytes, and not be accessed
    /// by anything else, until the completion.
    #[inline]
    pub unsafe fn prep_read_raw(&mut self, fd: RawFd, buf: *mut u8, nbytes: u32, offset: u64) {
        self.prep_base(sys::IORING_OP_READ, fd, buf as u64, nbytes, offset);
    }

    /// Prepare a vectored read from `fd` at `offset` into the buffers that
    /// `iovecs` describes, like `preadv(2)` (`IORING_OP_READV`). `offset`
    /// `u64::MAX` reads from the current file position and advances it.
    ///
    /// Completion: `res` is the number of bytes read, or `-errno` (`-EINVAL`
    /// for more than 1024 iovecs).
    ///
    /// liburing: [`io_uring_prep_readv`](https://man7.org/linux/man-pages/man3/io_uring_prep_readv.3.html).
    /// Kernel 5.1.
    ///
    /// # Safety
    ///
    /// The iovec array and every buffer it points to must stay valid, the
    /// buffers writable and not accessed by anything else, until the
    /// completion.
    #[doc(alias = "io_uring_prep_readv")]
    #[inline]
    pub unsafe fn prep_readv(&mut self, fd: RawFd, iovecs: &[libc::iovec], offset: u64) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_readv_raw(fd, iovecs.as_ptr(), clamp_len(iovecs.len()), offset) }
    }

    /// [`prep_readv`](Self::prep_readv) with liburing's argument list: an
    /// iovec pointer and a count.
    ///
    /// liburing: [`io_uring_prep_readv`](https://man7.org/linux/man-pages/man3/io_uring_prep_readv.3.html).
    ///
    /// # Safety
    ///
    /// `iovecs` must point to `nr_vecs` valid iovecs; they and the buffers
    /// they describe must stay valid (the buffers writable and not accessed
    /// by anything else) until the completion.
    #[inline]
    pub unsafe fn prep_readv_raw(
        &mut self,
        fd: RawFd,
        iovecs: *const libc::iovec,
        nr_vecs: u32,
        offset: u64,
    ) {
        self.prep_base(sys::IORING_OP_READV, fd, iovecs as u64, nr_vecs, offset);
    }

    /// [`prep_readv`](Self::prep_readv) with `preadv2(2)` flags
    /// (`RWF_HIPRI`, `RWF_NOWAIT`, ...) in `rw_flags`.
    ///
    /// Completion: `res` is the number of bytes read, or `-errno`
    /// (`-EOPNOTSUPP` for an unknown flag; `-EAGAIN` with `RWF_NOWAIT` when
    /// the data is not at hand).
    ///
    /// liburing: [`io_uring_prep_readv2`](https://man7.org/linux/man-pages/man3/io_uring_prep_readv2.3.html).
    /// Kernel 5.1.
    ///
    /// # Safety
    ///
    /// As for [`prep_readv`](Self::prep_readv).
    #[doc(alias = "io_uring_prep_readv2")]
    #[inline]
    pub unsafe fn prep_readv2(&mut self, fd: RawFd, iovecs: &[libc::iovec], offset: u64, flags: i32) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_readv2_raw(fd, iovecs.as_ptr(), clamp_len(iovecs.len()), offset, flags) }
    }

    /// [`prep_readv2`](Self::prep_readv2) with liburing's argument list.
    ///
    /// liburing: [`io_uring_prep_readv2`](https://man7.org/linux/man-pages/man3/io_uring_prep_readv2.3.html).
    ///
    /// # Safety
    ///
    /// As for [`prep_readv_raw`](Self::prep_readv_raw).
    #[inline]
    pub unsafe fn prep_readv2_raw(
        &mut self,
        fd: RawFd,
        iovecs: *const libc::iovec,
        nr_vecs: u32,
        offset: u64,
        flags: i32,
    ) {
        self.prep_base(sys::IORING_OP_READV, fd, iovecs as u64, nr_vecs, offset);
        self.0.op_flags.rw_flags = flags;
    }

    /// Prepare a read from `fd` at `offset` into `buf`, which lies inside
    /// the registered buffer `buf_index` (`IORING_OP_READ_FIXED`). `buf` may
    /// start anywhere inside that registered buffer; the kernel checks it
    /// lies within.
    ///
    /// Completion: `res` is the number of bytes read, or `-errno` (`-EFAULT`
    /// when `buf_index` is not registered or `buf` is outside it).
    ///
    /// liburing: [`io_uring_prep_read_fixed`](https://man7.org/linux/man-pages/man3/io_uring_prep_read_fixed.3.html).
    /// Kernel 5.1.
    ///
    /// # Safety
    ///
    /// As for [`prep_read`](Self::prep_read): `buf` must stay valid and
    /// untouched by anything else until the completion.
    #[doc(alias = "io_uring_prep_read_fixed")]
    #[inline]
    pub unsafe fn prep_read_fixed(&mut self, fd: RawFd, buf: &mut [u8], offset: u64, buf_index: u16) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_read_fixed_raw(fd, buf.as_mut_ptr(), clamp_len(buf.len()), offset, buf_index) }
    }

    /// [`prep_read_fixed`](Self::prep_read_fixed) with liburing's argument
    /// list (liburing's `int buf_index` is stored as 16 bits; pass it
    /// truncated the same way).
    ///
    /// liburing: [`io_uring_prep_read_fixed`](https://man7.org/linux/man-pages/man3/io_uring_prep_read_fixed.3.html).
    ///
    /// # Safety
    ///
    /// As for [`prep_read_raw`](Self::prep_read_raw).
    #[inline]
    pub unsafe fn prep_read_fixed_raw(
        &mut self,
        fd: RawFd,
        buf: *mut u8,
        nbytes: u32,
        offset: u64,
        buf_index: u16,
    ) {
        self.prep_base(sys::IORING_OP_READ_FIXED, fd, buf as u64, nbytes, offset);
        self.0.buf.buf_index = buf_index;
    }

    /// Prepare a vectored read from `fd` at `offset` into buffers that all
    /// lie inside the registered buffer `buf_index`, with `preadv2(2)`
    /// flags (`IORING_OP_READV_FIXED`).
    ///
    /// Completion: `res` is the number of bytes read, or `-errno` (`-EFAULT`
    /// for an iovec outside the registered buffer).
    ///
    /// liburing: [`io_uring_prep_readv_fixed`](https://man7.org/linux/man-pages/man3/io_uring_prep_readv_fixed.3.html).
    /// Kernel 6.15.
    ///
    /// # Safety
    ///
    /// As for [`prep_readv`](Self::prep_readv).
    #[doc(alias = "io_uring_prep_readv_fixed")]
    #[inline]
    pub unsafe fn prep_readv_fixed(
        &mut self,
        fd: RawFd,
        iovecs: &[libc::iovec],
        offset: u64,
        flags: i32,
        buf_index: u16,
    ) {
        // SAFETY: forwarded from this function's contract.
        unsafe {
            self.prep_readv_fixed_raw(fd, iovecs.as_ptr(), clamp_len(iovecs.len()), offset, flags, buf_index)
        }
    }

    /// [`prep_readv_fixed`](Self::prep_readv_fixed) with liburing's
    /// argument list.
    ///
    /// liburing: [`io_uring_prep_readv_fixed`](https://man7.org/linux/man-pages/man3/io_uring_prep_readv_fixed.3.html).
    ///
    /// # Safety
    ///
    /// As for [`prep_readv_raw`](Self::prep_readv_raw).
    #[inline]
    pub unsafe fn prep_readv_fixed_raw(
        &mut self,
        fd: RawFd,
        iovecs: *const libc::iovec,
        nr_vecs: u32,
        offset: u64,
        flags: i32,
        buf_index: u16,
    ) {
        self.prep_base(sys::IORING_OP_READV_FIXED, fd, iovecs as u64, nr_vecs, offset);
        self.0.op_flags.rw_flags = flags;
        self.0.buf.buf_index = buf_index;
    }

    /// Prepare a multishot read from a pollable `fd` (a pipe, a tun device,
    /// ...) into buffers the kernel picks from provided-buffer group
    /// `buf_group` (`IORING_OP_READ_MULTISHOT` with `IOSQE_BUFFER_SELECT`).
    /// Each time data arrives, one buffer is filled and one completion
    /// posted. `nbytes` 0 (or more than a buffer holds) means "a whole
    /// buffer"; `offset` must be 0 or `u64::MAX` on unseekable files.
    ///
    /// Like liburing, this *replaces* the SQE flags with
    /// `IOSQE_BUFFER_SELECT`; to add others (`IOSQE_FIXED_FILE`, ...), call
    /// [`set_flags`](Self::set_flags) afterwards with `IOSQE_BUFFER_SELECT`
    /// included.
    ///
    /// Safe: no address is stored; the buffers were handed to the kernel
    /// when they were provided.
    ///
    /// Completion, one per read: `res` is the number of bytes read, `flags`
    /// has `IORING_CQE_F_BUFFER` with the buffer id in the upper 16 bits
    /// ([`CompletionQueueEvent::buffer_id`](crate::CompletionQueueEvent::buffer_id)),
    /// and `IORING_CQE_F_MORE` while the request stays armed. A completion
    /// without `IORING_CQE_F_MORE` ends it (`-ENOBUFS` when the group ran
    /// out of buffers, 0 at end of file, `-EBADFD` for a file that cannot
    /// be polled).
    ///
    /// liburing: [`io_uring_prep_read_multishot`](https://man7.org/linux/man-pages/man3/io_uring_prep_read_multishot.3.html).
    /// Kernel 6.7.
    #[doc(alias = "io_uring_prep_read_multishot")]
    #[inline]
    pub fn prep_read_multishot(&mut self, fd: RawFd, nbytes: u32, offset: u64, buf_group: u16) {
        self.prep_base(sys::IORING_OP_READ_MULTISHOT, fd, 0, nbytes, offset);
        self.0.buf.buf_group = buf_group;
        self.0.flags = sys::IOSQE_BUFFER_SELECT;
    }

    // ------------------------------------------------------------------
    // Writes

    /// Prepare a write of `buf` to `fd` at `offset`, like `pwrite(2)`
    /// (`IORING_OP_WRITE`). `offset` `u64::MAX` writes at the current file
    /// position and advances it (with `O_APPEND`, writes append anyway). A
    /// buffer longer than `u32::MAX` bytes is clamped to `u32::MAX`: the
    /// completion then reports a short write.
    ///
    /// Completion: `res` is the number of bytes written, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_write`](https://man7.org/linux/man-pages/man3/io_uring_prep_write.3.html).
    /// Kernel 5.6.
    ///
    /// # Safety
    ///
    /// The kernel reads `buf` while the request runs: it must stay valid,
    /// and must not be written by anything else, until the completion.
    #[doc(alias = "io_uring_prep_write")]
    #[inline]
    pub unsafe fn prep_write(&mut self, fd: RawFd, buf: &[u8], offset: u64) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_write_raw(fd, buf.as_ptr(), clamp_len(buf.len()), offset) }
    }

    /// [`prep_write`](Self::prep_write) with liburing's argument list: a
    /// buffer pointer and a byte count.
    ///
    /// liburing: [`io_uring_prep_write`](https://man7.org/linux/man-pages/man3/io_uring_prep_write.3.html).
    ///
    /// # Safety
    ///
    /// `buf` must be valid for reads of `nbytes` bytes, and not be written
    /// by anything else, until the completion.
    #[inline]
    pub unsafe fn prep_write_raw(&mut self, fd: RawFd, buf: *const u8, nbytes: u32, offset: u64) {
        self.prep_base(sys::IORING_OP_WRITE, fd, buf as u64, nbytes, offset);
    }

    /// Prepare a vectored write of the buffers `iovecs` describes to `fd` at
    /// `offset`, like `pwritev(2)` (`IORING_OP_WRITEV`).
    ///
    /// Completion: `res` is the number of bytes written, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_writev`](https://man7.org/linux/man-pages/man3/io_uring_prep_writev.3.html).
    /// Kernel 5.1.
    ///
    /// # Safety
    ///
    /// The iovec array and every buffer it points to must stay valid, the
    /// buffers not written by anything else, until the completion.
    #[doc(alias = "io_uring_prep_writev")]
    #[inline]
    pub unsafe fn prep_writev(&mut self, fd: RawFd, iovecs: &[libc::iovec], offset: u64) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_writev_raw(fd, iovecs.as_ptr(), clamp_len(iovecs.len()), offset) }
    }

    /// [`prep_writev`](Self::prep_writev) with liburing's argument list.
    ///
    /// liburing: [`io_uring_prep_writev`](https://man7.org/linux/man-pages/man3/io_uring_prep_writev.3.html).
    ///
    /// # Safety
    ///
    /// `iovecs` must point to `nr_vecs` valid iovecs; they and the buffers
    /// they describe must stay valid (the buffers not written by anything
    /// else) until the completion.
    #[inline]
    pub unsafe fn prep_writev_raw(
        &mut self,
        fd: RawFd,
        iovecs: *const libc::iovec,
        nr_vecs: u32,
        offset: u64,
    ) {
        self.prep_base(sys::IORING_OP_WRITEV, fd, iovecs as u64, nr_vecs, offset);
    }

    /// [`prep_writev`](Self::prep_writev) with `pwritev2(2)` flags
    /// (`RWF_DSYNC`, `RWF_APPEND`, ...) in `rw_flags`.
    ///
    /// Completion: `res` is the number of bytes written, or `-errno`
    /// (`-EOPNOTSUPP` for an unknown flag).
    ///
    /// liburing: [`io_uring_prep_writev2`](https://man7.org/linux/man-pages/man3/io_uring_prep_writev2.3.html).
    /// Kernel 5.1.
    ///
    /// # Safety
    ///
    /// As for [`prep_writev`](Self::prep_writev).
    #[doc(alias = "io_uring_prep_writev2")]
    #[inline]
    pub unsafe fn prep_writev2(&mut self, fd: RawFd, iovecs: &[libc::iovec], offset: u64, flags: i32) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_writev2_raw(fd, iovecs.as_ptr(), clamp_len(iovecs.len()), offset, flags) }
    }

    /// [`prep_writev2`](Self::prep_writev2) with liburing's argument list.
    ///
    /// liburing: [`io_uring_prep_writev2`](https://man7.org/linux/man-pages/man3/io_uring_prep_writev2.3.html).
    ///
    /// # Safety
    ///
    /// As for [`prep_writev_raw`](Self::prep_writev_raw).
    #[inline]
    pub unsafe fn prep_writev2_raw(
        &mut self,
        fd: RawFd,
        iovecs: *const libc::iovec,
        nr_vecs: u32,
        offset: u64,
        flags: i32,
    ) {
        self.prep_base(sys::IORING_OP_WRITEV, fd, iovecs as u64, nr_vecs, offset);
        self.0.op_flags.rw_flags = flags;
    }

    /// Prepare a write to `fd` at `offset` from `buf`, which lies inside the
    /// registered buffer `buf_index` (`IORING_OP_WRITE_FIXED`).
    ///
    /// Completion: `res` is the number of bytes written, or `-errno`
    /// (`-EFAULT` when `buf_index` is not registered or `buf` is outside it).
    ///
    /// liburing: [`io_uring_prep_write_fixed`](https://man7.org/linux/man-pages/man3/io_uring_prep_write_fixed.3.html).
    /// Kernel 5.1.
    ///
    /// # Safety
    ///
    /// As for [`prep_write`](Self::prep_write).
    #[doc(alias = "io_uring_prep_write_fixed")]
    #[inline]
    pub unsafe fn prep_write_fixed(&mut self, fd: RawFd, buf: &[u8], offset: u64, buf_index: u16) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_write_fixed_raw(fd, buf.as_ptr(), clamp_len(buf.len()), offset, buf_index) }
    }

    /// [`prep_write_fixed`](Self::prep_write_fixed) with liburing's argument
    /// list (liburing's `int buf_index` is stored as 16 bits).
    ///
    /// liburing: [`io_uring_prep_write_fixed`](https://man7.org/linux/man-pages/man3/io_uring_prep_write_fixed.3.html).
    ///
    /// # Safety
    ///
    /// As for [`prep_write_raw`](Self::prep_write_raw).
    #[inline]
    pub unsafe fn prep_write_fixed_raw(
        &mut self,
        fd: RawFd,
        buf: *const u8,
        nbytes: u32,
        offset: u64,
        buf_index: u16,
    ) {
        self.prep_base(sys::IORING_OP_WRITE_FIXED, fd, buf as u64, nbytes, offset);
        self.0.buf.buf_index = buf_index;
    }

    /// Prepare a vectored write to `fd` at `offset` from buffers that all
    /// lie inside the registered buffer `buf_index`, with `pwritev2(2)`
    /// flags (`IORING_OP_WRITEV_FIXED`).
    ///
    /// Completion: `res` is the number of bytes written, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_writev_fixed`](https://man7.org/linux/man-pages/man3/io_uring_prep_writev_fixed.3.html).
    /// Kernel 6.15.
    ///
    /// # Safety
    ///
    /// As for [`prep_writev`](Self::prep_writev).
    #[doc(alias = "io_uring_prep_writev_fixed")]
    #[inline]
    pub unsafe fn prep_writev_fixed(
        &mut self,
        fd: RawFd,
        iovecs: &[libc::iovec],
        offset: u64,
        flags: i32,
        buf_index: u16,
    ) {
        // SAFETY: forwarded from this function's contract.
        unsafe {
            self.prep_writev_fixed_raw(fd, iovecs.as_ptr(), clamp_len(iovecs.len()), offset, flags, buf_index)
        }
    }

    /// [`prep_writev_fixed`](Self::prep_writev_fixed) with liburing's
    /// argument list.
    ///
    /// liburing: [`io_uring_prep_writev_fixed`](https://man7.org/linux/man-pages/man3/io_uring_prep_writev_fixed.3.html).
    ///
    /// # Safety
    ///
    /// As for [`prep_writev_raw`](Self::prep_writev_raw).
    #[inline]
    pub unsafe fn prep_writev_fixed_raw(
        &mut self,
        fd: RawFd,
        iovecs: *const libc::iovec,
        nr_vecs: u32,
        offset: u64,
        flags: i32,
        buf_index: u16,
    ) {
        self.prep_base(sys::IORING_OP_WRITEV_FIXED, fd, iovecs as u64, nr_vecs, offset);
        self.0.op_flags.rw_flags = flags;
        self.0.buf.buf_index = buf_index;
    }
}
