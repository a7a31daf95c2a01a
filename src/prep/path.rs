//! Prep helpers for operations on paths: unlink, rename, mkdir, symlink,
//! link.
//!
//! Every helper stores path addresses, so every one is `unsafe`: the paths
//! must stay valid until the entry is submitted (the kernel copies them when
//! it consumes the entry). Each has a `*_raw` twin with liburing's exact
//! pointer arguments, for the C ABI.

use crate::sqe::SubmissionQueueEntry;
use crate::sys;
use core::ffi::{CStr, c_char};
use std::os::fd::RawFd;

impl SubmissionQueueEntry {
    /// Prepare an `unlinkat(2)`: remove `path`, relative to the directory
    /// `dfd` (or `AT_FDCWD`); with `AT_REMOVEDIR` in `flags`, remove an
    /// empty directory.
    ///
    /// Completion: `res` 0, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_unlinkat`](https://man7.org/linux/man-pages/man3/io_uring_prep_unlinkat.3.html).
    /// Kernel 5.11.
    ///
    /// # Safety
    ///
    /// `path` must stay valid until the entry is submitted.
    #[doc(alias = "io_uring_prep_unlinkat")]
    #[inline]
    pub unsafe fn prep_unlinkat(&mut self, dfd: RawFd, path: &CStr, flags: i32) {
        // SAFETY: forwarded from this function's contract; a `&CStr` is a
        // valid NUL-terminated string.
        unsafe { self.prep_unlinkat_raw(dfd, path.as_ptr(), flags) }
    }

    /// [`prep_unlinkat`](Self::prep_unlinkat) with liburing's raw path
    /// pointer.
    ///
    /// # Safety
    ///
    /// `path` must point to a NUL-terminated string valid until the entry is
    /// submitted.
    #[inline]
    pub unsafe fn prep_unlinkat_raw(&mut self, dfd: RawFd, path: *const c_char, flags: i32) {
        self.prep_base(sys::IORING_OP_UNLINKAT, dfd, path as u64, 0, 0);
        self.0.op_flags.unlink_flags = flags as u32;
    }

    /// Prepare an `unlink(2)` (or `rmdir(2)` with `AT_REMOVEDIR`):
    /// [`prep_unlinkat`](Self::prep_unlinkat) relative to the current
    /// directory.
    ///
    /// Completion: `res` 0, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_unlink`](https://man7.org/linux/man-pages/man3/io_uring_prep_unlink.3.html).
    /// Kernel 5.11.
    ///
    /// # Safety
    ///
    /// `path` must stay valid until the entry is submitted.
    #[doc(alias = "io_uring_prep_unlink")]
    #[inline]
    pub unsafe fn prep_unlink(&mut self, path: &CStr, flags: i32) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_unlink_raw(path.as_ptr(), flags) }
    }

    /// [`prep_unlink`](Self::prep_unlink) with liburing's raw path pointer.
    ///
    /// # Safety
    ///
    /// `path` must point to a NUL-terminated string valid until the entry is
    /// submitted.
    #[inline]
    pub unsafe fn prep_unlink_raw(&mut self, path: *const c_char, flags: i32) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_unlinkat_raw(libc::AT_FDCWD, path, flags) }
    }

    /// Prepare a `renameat2(2)`: move `oldpath` (relative to `olddfd`) to
    /// `newpath` (relative to `newdfd`), with `RENAME_*` `flags`
    /// (`RENAME_NOREPLACE`, `RENAME_EXCHANGE`, `RENAME_WHITEOUT`).
    ///
    /// Completion: `res` 0, or `-errno` (`-EEXIST` when `RENAME_NOREPLACE`
    /// meets an existing target).
    ///
    /// liburing: [`io_uring_prep_renameat`](https://man7.org/linux/man-pages/man3/io_uring_prep_renameat.3.html).
    /// Kernel 5.11.
    ///
    /// # Safety
    ///
    /// `oldpath` and `newpath` must stay valid until the entry is submitted.
    #[doc(alias = "io_uring_prep_renameat")]
    #[inline]
    pub unsafe fn prep_renameat(
        &mut self,
        olddfd: RawFd,
        oldpath: &CStr,
        newdfd: RawFd,
        newpath: &CStr,
        flags: u32,
    ) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_renameat_raw(olddfd, oldpath.as_ptr(), newdfd, newpath.as_ptr(), flags) }
    }

    /// [`prep_renameat`](Self::prep_renameat) with liburing's raw path
    /// pointers.
    ///
    /// # Safety
    ///
    /// `oldpath` and `newpath` must point to NUL-terminated strings valid
    /// until the entry is submitted.
    #[inline]
    pub unsafe fn prep_renameat_raw(
        &mut self,
        olddfd: RawFd,
        oldpath: *const c_char,
        newdfd: RawFd,
        newpath: *const c_char,
        flags: u32,
    ) {
        self.prep_base(sys::IORING_OP_RENAMEAT, olddfd, oldpath as u64, newdfd as u32, newpath as u64);
        self.0.op_flags.rename_flags = flags;
    }

    /// Prepare a `rename(2)`: [`prep_renameat`](Self::prep_renameat) of two
    /// paths relative to the current directory, without flags.
    ///
    /// Completion: `res` 0, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_rename`](https://man7.org/linux/man-pages/man3/io_uring_prep_rename.3.html).
    /// Kernel 5.11.
    ///
    /// # Safety
    ///
    /// `oldpath` and `newpath` must stay valid until the entry is submitted.
    #[doc(alias = "io_uring_prep_rename")]
    #[inline]
    pub unsafe fn prep_rename(&mut self, oldpath: &CStr, newpath: &CStr) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_rename_raw(oldpath.as_ptr(), newpath.as_ptr()) }
    }

    /// [`prep_rename`](Self::prep_rename) with liburing's raw path pointers.
    ///
    /// # Safety
    ///
    /// `oldpath` and `newpath` must point to NUL-terminated strings valid
    /// until the entry is submitted.
    #[inline]
    pub unsafe fn prep_rename_raw(&mut self, oldpath: *const c_char, newpath: *const c_char) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_renameat_raw(libc::AT_FDCWD, oldpath, libc::AT_FDCWD, newpath, 0) }
    }

    /// Prepare a `mkdirat(2)`: create the directory `path`, relative to
    /// `dfd`, with permission bits `mode` (less the process umask).
    ///
    /// Completion: `res` 0, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_mkdirat`](https://man7.org/linux/man-pages/man3/io_uring_prep_mkdirat.3.html).
    /// Kernel 5.15.
    ///
    /// # Safety
    ///
    /// `path` must stay valid until the entry is submitted.
    #[doc(alias = "io_uring_prep_mkdirat")]
    #[inline]
    pub unsafe fn prep_mkdirat(&mut self, dfd: RawFd, path: &CStr, mode: libc::mode_t) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_mkdirat_raw(dfd, path.as_ptr(), mode) }
    }

    /// [`prep_mkdirat`](Self::prep_mkdirat) with liburing's raw path pointer.
    ///
    /// # Safety
    ///
    /// `path` must point to a NUL-terminated string valid until the entry is
    /// submitted.
    #[inline]
    pub unsafe fn prep_mkdirat_raw(&mut self, dfd: RawFd, path: *const c_char, mode: libc::mode_t) {
        self.prep_base(sys::IORING_OP_MKDIRAT, dfd, path as u64, mode, 0);
    }

    /// Prepare a `mkdir(2)`: [`prep_mkdirat`](Self::prep_mkdirat) relative to
    /// the current directory.
    ///
    /// Completion: `res` 0, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_mkdir`](https://man7.org/linux/man-pages/man3/io_uring_prep_mkdir.3.html).
    /// Kernel 5.15.
    ///
    /// # Safety
    ///
    /// `path` must stay valid until the entry is submitted.
    #[doc(alias = "io_uring_prep_mkdir")]
    #[inline]
    pub unsafe fn prep_mkdir(&mut self, path: &CStr, mode: libc::mode_t) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_mkdir_raw(path.as_ptr(), mode) }
    }

    /// [`prep_mkdir`](Self::prep_mkdir) with liburing's raw path pointer.
    ///
    /// # Safety
    ///
    /// `path` must point to a NUL-terminated string valid until the entry is
    /// submitted.
    #[inline]
    pub unsafe fn prep_mkdir_raw(&mut self, path: *const c_char, mode: libc::mode_t) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_mkdirat_raw(libc::AT_FDCWD, path, mode) }
    }

    /// Prepare a `symlinkat(2)`: create `linkpath` (relative to `newdirfd`)
    /// as a symbolic link holding `target`.
    ///
    /// Completion: `res` 0, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_symlinkat`](https://man7.org/linux/man-pages/man3/io_uring_prep_symlinkat.3.html).
    /// Kernel 5.15.
    ///
    /// # Safety
    ///
    /// `target` and `linkpath` must stay valid until the entry is submitted.
    #[doc(alias = "io_uring_prep_symlinkat")]
    #[inline]
    pub unsafe fn prep_symlinkat(&mut self, target: &CStr, newdirfd: RawFd, linkpath: &CStr) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_symlinkat_raw(target.as_ptr(), newdirfd, linkpath.as_ptr()) }
    }

    /// [`prep_symlinkat`](Self::prep_symlinkat) with liburing's raw path
    /// pointers.
    ///
    /// # Safety
    ///
    /// `target` and `linkpath` must point to NUL-terminated strings valid
    /// until the entry is submitted.
    #[inline]
    pub unsafe fn prep_symlinkat_raw(
        &mut self,
        target: *const c_char,
        newdirfd: RawFd,
        linkpath: *const c_char,
    ) {
        self.prep_base(sys::IORING_OP_SYMLINKAT, newdirfd, target as u64, 0, linkpath as u64);
    }

    /// Prepare a `symlink(2)`: [`prep_symlinkat`](Self::prep_symlinkat) with
    /// `linkpath` relative to the current directory.
    ///
    /// Completion: `res` 0, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_symlink`](https://man7.org/linux/man-pages/man3/io_uring_prep_symlink.3.html).
    /// Kernel 5.15.
    ///
    /// # Safety
    ///
    /// `target` and `linkpath` must stay valid until the entry is submitted.
    #[doc(alias = "io_uring_prep_symlink")]
    #[inline]
    pub unsafe fn prep_symlink(&mut self, target: &CStr, linkpath: &CStr) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_symlink_raw(target.as_ptr(), linkpath.as_ptr()) }
    }

    /// [`prep_symlink`](Self::prep_symlink) with liburing's raw path
    /// pointers.
    ///
    /// # Safety
    ///
    /// `target` and `linkpath` must point to NUL-terminated strings valid
    /// until the entry is submitted.
    #[inline]
    pub unsafe fn prep_symlink_raw(&mut self, target: *const c_char, linkpath: *const c_char) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_symlinkat_raw(target, libc::AT_FDCWD, linkpath) }
    }

    /// Prepare a `linkat(2)`: create `newpath` (relative to `newdfd`) as a
    /// hard link to `oldpath` (relative to `olddfd`), with `AT_*` `flags`
    /// (`AT_SYMLINK_FOLLOW`, `AT_EMPTY_PATH`).
    ///
    /// Completion: `res` 0, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_linkat`](https://man7.org/linux/man-pages/man3/io_uring_prep_linkat.3.html).
    /// Kernel 5.15.
    ///
    /// # Safety
    ///
    /// `oldpath` and `newpath` must stay valid until the entry is submitted.
    #[doc(alias = "io_uring_prep_linkat")]
    #[inline]
    pub unsafe fn prep_linkat(
        &mut self,
        olddfd: RawFd,
        oldpath: &CStr,
        newdfd: RawFd,
        newpath: &CStr,
        flags: i32,
    ) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_linkat_raw(olddfd, oldpath.as_ptr(), newdfd, newpath.as_ptr(), flags) }
    }

    /// [`prep_linkat`](Self::prep_linkat) with liburing's raw path pointers.
    ///
    /// # Safety
    ///
    /// `oldpath` and `newpath` must point to NUL-terminated strings valid
    /// until the entry is submitted.
    #[inline]
    pub unsafe fn prep_linkat_raw(
        &mut self,
        olddfd: RawFd,
        oldpath: *const c_char,
        newdfd: RawFd,
        newpath: *const c_char,
        flags: i32,
    ) {
        self.prep_base(sys::IORING_OP_LINKAT, olddfd, oldpath as u64, newdfd as u32, newpath as u64);
        self.0.op_flags.hardlink_flags = flags as u32;
    }

    /// Prepare a `link(2)`: [`prep_linkat`](Self::prep_linkat) of two paths
    /// relative to the current directory.
    ///
    /// Completion: `res` 0, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_link`](https://man7.org/linux/man-pages/man3/io_uring_prep_link.3.html).
    /// Kernel 5.15.
    ///
    /// # Safety
    ///
    /// `oldpath` and `newpath` must stay valid until the entry is submitted.
    #[doc(alias = "io_uring_prep_link")]
    #[inline]
    pub unsafe fn prep_link(&mut self, oldpath: &CStr, newpath: &CStr, flags: i32) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_link_raw(oldpath.as_ptr(), newpath.as_ptr(), flags) }
    }

    /// [`prep_link`](Self::prep_link) with liburing's raw path pointers.
    ///
    /// # Safety
    ///
    /// `oldpath` and `newpath` must point to NUL-terminated strings valid
    /// until the entry is submitted.
    #[inline]
    pub unsafe fn prep_link_raw(&mut self, oldpath: *const c_char, newpath: *const c_char, flags: i32) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_linkat_raw(libc::AT_FDCWD, oldpath, libc::AT_FDCWD, newpath, flags) }
    }
}
