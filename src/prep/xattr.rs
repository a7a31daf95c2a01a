//! Prep helpers: extended attributes (`getxattr(2)`, `setxattr(2)` and
//! their `f*` forms on an open file).
//!
//! The kernel copies the attribute name, the path and (for set) the value
//! when it consumes the entry; for get, it writes the value while the
//! request runs. Each helper has a `_raw` form with liburing's exact
//! argument list, for the C ABI.

use super::clamp_len;
use crate::sqe::SubmissionQueueEntry;
use crate::sys;
use core::ffi::{CStr, c_char};
use std::os::fd::RawFd;

/// A value length as the SQE's 32-bit length field. Clamping cannot change
/// the outcome: the kernel caps a get at `XATTR_SIZE_MAX` (64 KiB) and fails
/// a larger set with `E2BIG` either way.
impl SubmissionQueueEntry {
    /// Prepare a `getxattr(2)`: read the value of the extended attribute
    /// `name` (such as `c"user.comment"`) of the file at `path` into `value`
    /// (`IORING_OP_GETXATTR`). Symbolic links in `path` are followed.
    ///
    /// Completion: `res` is the size of the value (the bytes written into
    /// `value`; with an empty `value`, the size it would need), or `-errno`:
    /// `-ERANGE` when `value` is too small, `-ENODATA` when the attribute
    /// does not exist, `-EOPNOTSUPP` when the filesystem has no such
    /// attributes.
    ///
    /// liburing: [`io_uring_prep_getxattr`](https://man7.org/linux/man-pages/man3/io_uring_prep_getxattr.3.html).
    /// Kernel 5.19.
    ///
    /// # Safety
    ///
    /// `name` and `path` must stay valid until the entry is submitted (the
    /// kernel copies them then). The kernel writes into `value` while the
    /// request runs: it must stay valid, and not be accessed by anything
    /// else, until the completion.
    #[doc(alias = "io_uring_prep_getxattr")]
    #[inline]
    pub unsafe fn prep_getxattr(&mut self, name: &CStr, value: &mut [u8], path: &CStr) {
        // SAFETY: forwarded from this function's contract; the CStrs are
        // NUL-terminated and the slice is valid for its (clamped) length.
        unsafe {
            self.prep_getxattr_raw(
                name.as_ptr(),
                value.as_mut_ptr().cast(),
                path.as_ptr(),
                clamp_len(value.len()),
            )
        }
    }

    /// [`prep_getxattr`](Self::prep_getxattr) with liburing's argument list.
    ///
    /// liburing: [`io_uring_prep_getxattr`](https://man7.org/linux/man-pages/man3/io_uring_prep_getxattr.3.html).
    ///
    /// # Safety
    ///
    /// `name` and `path` must point to NUL-terminated strings that stay
    /// valid until the entry is submitted; `value` must be valid for writes
    /// of `len` bytes, and not be accessed by anything else, until the
    /// completion.
    #[inline]
    pub unsafe fn prep_getxattr_raw(
        &mut self,
        name: *const c_char,
        value: *mut c_char,
        path: *const c_char,
        len: u32,
    ) {
        self.prep_base(sys::IORING_OP_GETXATTR, 0, name as u64, len, value as u64);
        self.0.tail.addr3.addr3 = path as u64;
        self.0.op_flags.xattr_flags = 0;
    }

    /// Prepare a `setxattr(2)`: set the extended attribute `name` of the
    /// file at `path` to `value` (`IORING_OP_SETXATTR`). `flags` is 0,
    /// `XATTR_CREATE` (fail with `-EEXIST` if it exists) or `XATTR_REPLACE`
    /// (fail with `-ENODATA` if it does not).
    ///
    /// Completion: `res` 0, or `-errno` (`-E2BIG` for a value over 64 KiB,
    /// `-EOPNOTSUPP` when the filesystem has no such attributes).
    ///
    /// liburing: [`io_uring_prep_setxattr`](https://man7.org/linux/man-pages/man3/io_uring_prep_setxattr.3.html).
    /// Kernel 5.19.
    ///
    /// # Safety
    ///
    /// `name`, `value` and `path` must stay valid until the entry is
    /// submitted (the kernel copies all three then).
    #[doc(alias = "io_uring_prep_setxattr")]
    #[inline]
    pub unsafe fn prep_setxattr(&mut self, name: &CStr, value: &[u8], path: &CStr, flags: i32) {
        // SAFETY: forwarded from this function's contract.
        unsafe {
            self.prep_setxattr_raw(
                name.as_ptr(),
                value.as_ptr().cast(),
                path.as_ptr(),
                flags,
                clamp_len(value.len()),
            )
        }
    }

    /// [`prep_setxattr`](Self::prep_setxattr) with liburing's argument list.
    ///
    /// liburing: [`io_uring_prep_setxattr`](https://man7.org/linux/man-pages/man3/io_uring_prep_setxattr.3.html).
    ///
    /// # Safety
    ///
    /// `name` and `path` must point to NUL-terminated strings, and `value`
    /// be valid for reads of `len` bytes, until the entry is submitted.
    #[inline]
    pub unsafe fn prep_setxattr_raw(
        &mut self,
        name: *const c_char,
        value: *const c_char,
        path: *const c_char,
        flags: i32,
        len: u32,
    ) {
        self.prep_base(sys::IORING_OP_SETXATTR, 0, name as u64, len, value as u64);
        self.0.tail.addr3.addr3 = path as u64;
        self.0.op_flags.xattr_flags = flags as u32;
    }

    /// Prepare an `fgetxattr(2)`: like [`prep_getxattr`](Self::prep_getxattr),
    /// on the open file `fd` instead of a path (`IORING_OP_FGETXATTR`).
    ///
    /// Completion: as for [`prep_getxattr`](Self::prep_getxattr).
    ///
    /// liburing: [`io_uring_prep_fgetxattr`](https://man7.org/linux/man-pages/man3/io_uring_prep_fgetxattr.3.html).
    /// Kernel 5.19.
    ///
    /// # Safety
    ///
    /// `name` must stay valid until the entry is submitted; `value` must
    /// stay valid, and not be accessed by anything else, until the
    /// completion.
    #[doc(alias = "io_uring_prep_fgetxattr")]
    #[inline]
    pub unsafe fn prep_fgetxattr(&mut self, fd: RawFd, name: &CStr, value: &mut [u8]) {
        // SAFETY: forwarded from this function's contract.
        unsafe {
            self.prep_fgetxattr_raw(fd, name.as_ptr(), value.as_mut_ptr().cast(), clamp_len(value.len()))
        }
    }

    /// [`prep_fgetxattr`](Self::prep_fgetxattr) with liburing's argument list.
    ///
    /// liburing: [`io_uring_prep_fgetxattr`](https://man7.org/linux/man-pages/man3/io_uring_prep_fgetxattr.3.html).
    ///
    /// # Safety
    ///
    /// `name` must point to a NUL-terminated string valid until the entry is
    /// submitted; `value` must be valid for writes of `len` bytes, and not be
    /// accessed by anything else, until the completion.
    #[inline]
    pub unsafe fn prep_fgetxattr_raw(
        &mut self,
        fd: RawFd,
        name: *const c_char,
        value: *mut c_char,
        len: u32,
    ) {
        self.prep_base(sys::IORING_OP_FGETXATTR, fd, name as u64, len, value as u64);
        self.0.op_flags.xattr_flags = 0;
    }

    /// Prepare an `fsetxattr(2)`: like [`prep_setxattr`](Self::prep_setxattr),
    /// on the open file `fd` instead of a path (`IORING_OP_FSETXATTR`).
    ///
    /// Completion: as for [`prep_setxattr`](Self::prep_setxattr).
    ///
    /// liburing: [`io_uring_prep_fsetxattr`](https://man7.org/linux/man-pages/man3/io_uring_prep_fsetxattr.3.html).
    /// Kernel 5.19.
    ///
    /// # Safety
    ///
    /// `name` and `value` must stay valid until the entry is submitted (the
    /// kernel copies both then).
    #[doc(alias = "io_uring_prep_fsetxattr")]
    #[inline]
    pub unsafe fn prep_fsetxattr(&mut self, fd: RawFd, name: &CStr, value: &[u8], flags: i32) {
        // SAFETY: forwarded from this function's contract.
        unsafe {
            self.prep_fsetxattr_raw(fd, name.as_ptr(), value.as_ptr().cast(), flags, clamp_len(value.len()))
        }
    }

    /// [`prep_fsetxattr`](Self::prep_fsetxattr) with liburing's argument list.
    ///
    /// liburing: [`io_uring_prep_fsetxattr`](https://man7.org/linux/man-pages/man3/io_uring_prep_fsetxattr.3.html).
    ///
    /// # Safety
    ///
    /// `name` must point to a NUL-terminated string, and `value` be valid
    /// for reads of `len` bytes, until the entry is submitted.
    #[inline]
    pub unsafe fn prep_fsetxattr_raw(
        &mut self,
        fd: RawFd,
        name: *const c_char,
        value: *const c_char,
        flags: i32,
        len: u32,
    ) {
        self.prep_base(sys::IORING_OP_FSETXATTR, fd, name as u64, len, value as u64);
        self.0.op_flags.xattr_flags = flags as u32;
    }
}
