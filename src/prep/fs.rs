//! Prep helpers for files and descriptors: open, close, stat, sync,
//! allocation and advice, truncation, the direct-descriptor table, pipes.
//!
//! Helpers that take a path, an `open_how`, a buffer the kernel fills, or a
//! memory range are `unsafe`; each also has a `*_raw` twin with liburing's
//! exact pointer arguments (the C ABI calls those). The others are safe.
//!
//! The `*_direct` helpers install the new file into the ring's registered
//! file table instead of the process fd table: pass a 0-based slot, or
//! `IORING_FILE_INDEX_ALLOC` to let the kernel choose a free one (the CQE
//! `res` then carries the slot). With an explicit slot a successful CQE
//! carries 0; a file already in that slot is closed first.

use super::clamp_len;
use crate::sqe::SubmissionQueueEntry;
use crate::sys;
use core::ffi::{CStr, c_char, c_void};
use std::os::fd::RawFd;

impl SubmissionQueueEntry {
    // ------------------------------------------------------------------
    // open

    /// Prepare an `openat(2)`: open `path`, relative to the directory `dfd`
    /// (or `AT_FDCWD`), with `O_*` `flags` and, when a file is created,
    /// permission bits `mode`.
    ///
    /// Completion: `res` is the new file descriptor, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_openat`](https://man7.org/linux/man-pages/man3/io_uring_prep_openat.3.html).
    /// Kernel 5.6.
    ///
    /// # Safety
    ///
    /// `path` must stay valid until the entry is submitted (the kernel copies
    /// the path when it consumes the entry).
    #[doc(alias = "io_uring_prep_openat")]
    #[inline]
    pub unsafe fn prep_openat(&mut self, dfd: RawFd, path: &CStr, flags: i32, mode: libc::mode_t) {
        // SAFETY: forwarded from this function's contract; a `&CStr` is a
        // valid NUL-terminated string.
        unsafe { self.prep_openat_raw(dfd, path.as_ptr(), flags, mode) }
    }

    /// [`prep_openat`](Self::prep_openat) with liburing's raw path pointer.
    ///
    /// # Safety
    ///
    /// `path` must point to a NUL-terminated string that stays valid until
    /// the entry is submitted.
    #[inline]
    pub unsafe fn prep_openat_raw(
        &mut self,
        dfd: RawFd,
        path: *const c_char,
        flags: i32,
        mode: libc::mode_t,
    ) {
        self.prep_base(sys::IORING_OP_OPENAT, dfd, path as u64, mode, 0);
        self.0.op_flags.open_flags = flags as u32;
    }

    /// Prepare an `openat(2)` whose file goes into direct-descriptor slot
    /// `file_index` (0-based) of the registered file table, or into a free
    /// slot the kernel picks when `file_index` is `IORING_FILE_INDEX_ALLOC`.
    /// Use the result with `IOSQE_FIXED_FILE`.
    ///
    /// Completion: `res` 0 for an explicit slot, the allocated slot with
    /// `IORING_FILE_INDEX_ALLOC` (`-ENFILE` when the table is full), or
    /// `-errno`.
    ///
    /// liburing: [`io_uring_prep_openat_direct`](https://man7.org/linux/man-pages/man3/io_uring_prep_openat_direct.3.html).
    /// Kernel 5.15 (`IORING_FILE_INDEX_ALLOC`: 5.19).
    ///
    /// # Safety
    ///
    /// `path` must stay valid until the entry is submitted.
    #[doc(alias = "io_uring_prep_openat_direct")]
    #[inline]
    pub unsafe fn prep_openat_direct(
        &mut self,
        dfd: RawFd,
        path: &CStr,
        flags: i32,
        mode: libc::mode_t,
        file_index: u32,
    ) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_openat_direct_raw(dfd, path.as_ptr(), flags, mode, file_index) }
    }

    /// [`prep_openat_direct`](Self::prep_openat_direct) with liburing's raw
    /// path pointer.
    ///
    /// # Safety
    ///
    /// `path` must point to a NUL-terminated string that stays valid until
    /// the entry is submitted.
    #[inline]
    pub unsafe fn prep_openat_direct_raw(
        &mut self,
        dfd: RawFd,
        path: *const c_char,
        flags: i32,
        mode: libc::mode_t,
        file_index: u32,
    ) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_openat_raw(dfd, path, flags, mode) };
        self.set_target_fixed_file(file_index);
    }

    /// Prepare an `open(2)`: [`prep_openat`](Self::prep_openat) relative to
    /// the current directory (`AT_FDCWD`).
    ///
    /// Completion: `res` is the new file descriptor, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_open`](https://man7.org/linux/man-pages/man3/io_uring_prep_open.3.html).
    /// Kernel 5.6.
    ///
    /// # Safety
    ///
    /// `path` must stay valid until the entry is submitted.
    #[doc(alias = "io_uring_prep_open")]
    #[inline]
    pub unsafe fn prep_open(&mut self, path: &CStr, flags: i32, mode: libc::mode_t) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_open_raw(path.as_ptr(), flags, mode) }
    }

    /// [`prep_open`](Self::prep_open) with liburing's raw path pointer.
    ///
    /// # Safety
    ///
    /// `path` must point to a NUL-terminated string that stays valid until
    /// the entry is submitted.
    #[inline]
    pub unsafe fn prep_open_raw(&mut self, path: *const c_char, flags: i32, mode: libc::mode_t) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_openat_raw(libc::AT_FDCWD, path, flags, mode) }
    }

    /// Prepare an `open(2)` into a direct-descriptor slot:
    /// [`prep_openat_direct`](Self::prep_openat_direct) relative to the
    /// current directory (`AT_FDCWD`).
    ///
    /// Completion: `res` 0 for an explicit slot, the allocated slot with
    /// `IORING_FILE_INDEX_ALLOC`, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_open_direct`](https://man7.org/linux/man-pages/man3/io_uring_prep_open_direct.3.html).
    /// Kernel 5.15 (`IORING_FILE_INDEX_ALLOC`: 5.19).
    ///
    /// # Safety
    ///
    /// `path` must stay valid until the entry is submitted.
    #[doc(alias = "io_uring_prep_open_direct")]
    #[inline]
    pub unsafe fn prep_open_direct(&mut self, path: &CStr, flags: i32, mode: libc::mode_t, file_index: u32) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_open_direct_raw(path.as_ptr(), flags, mode, file_index) }
    }

    /// [`prep_open_direct`](Self::prep_open_direct) with liburing's raw path
    /// pointer.
    ///
    /// # Safety
    ///
    /// `path` must point to a NUL-terminated string that stays valid until
    /// the entry is submitted.
    #[inline]
    pub unsafe fn prep_open_direct_raw(
        &mut self,
        path: *const c_char,
        flags: i32,
        mode: libc::mode_t,
        file_index: u32,
    ) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_openat_direct_raw(libc::AT_FDCWD, path, flags, mode, file_index) }
    }

    /// Prepare an `openat2(2)`: open `path` relative to `dfd` as `how` says
    /// (`O_*` flags, mode, and `RESOLVE_*` path-resolution restrictions).
    ///
    /// Completion: `res` is the new file descriptor, or `-errno` (`-ELOOP`
    /// for a symlink under `RESOLVE_NO_SYMLINKS`, `-EXDEV` for an escape
    /// under `RESOLVE_BENEATH`, `-EINVAL` for unknown flags, ...).
    ///
    /// liburing: [`io_uring_prep_openat2`](https://man7.org/linux/man-pages/man3/io_uring_prep_openat2.3.html).
    /// Kernel 5.6.
    ///
    /// # Safety
    ///
    /// `path` and `how` must stay valid until the entry is submitted (the
    /// kernel copies both when it consumes the entry).
    #[doc(alias = "io_uring_prep_openat2")]
    #[inline]
    pub unsafe fn prep_openat2(&mut self, dfd: RawFd, path: &CStr, how: &sys::open_how) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_openat2_raw(dfd, path.as_ptr(), how) }
    }

    /// [`prep_openat2`](Self::prep_openat2) with liburing's raw pointers.
    ///
    /// # Safety
    ///
    /// `path` must point to a NUL-terminated string and `how` to an
    /// `open_how`, both valid until the entry is submitted.
    #[inline]
    pub unsafe fn prep_openat2_raw(&mut self, dfd: RawFd, path: *const c_char, how: *const sys::open_how) {
        self.prep_base(
            sys::IORING_OP_OPENAT2,
            dfd,
            path as u64,
            core::mem::size_of::<sys::open_how>() as u32,
            how as u64,
        );
    }

    /// Prepare an `openat2(2)` whose file goes into direct-descriptor slot
    /// `file_index` (0-based), or a free slot with `IORING_FILE_INDEX_ALLOC`.
    ///
    /// Completion: `res` 0 for an explicit slot, the allocated slot with
    /// `IORING_FILE_INDEX_ALLOC`, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_openat2_direct`](https://man7.org/linux/man-pages/man3/io_uring_prep_openat2_direct.3.html).
    /// Kernel 5.15 (`IORING_FILE_INDEX_ALLOC`: 5.19).
    ///
    /// # Safety
    ///
    /// `path` and `how` must stay valid until the entry is submitted.
    #[doc(alias = "io_uring_prep_openat2_direct")]
    #[inline]
    pub unsafe fn prep_openat2_direct(
        &mut self,
        dfd: RawFd,
        path: &CStr,
        how: &sys::open_how,
        file_index: u32,
    ) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_openat2_direct_raw(dfd, path.as_ptr(), how, file_index) }
    }

    /// [`prep_openat2_direct`](Self::prep_openat2_direct) with liburing's raw
    /// pointers.
    ///
    /// # Safety
    ///
    /// `path` must point to a NUL-terminated string and `how` to an
    /// `open_how`, both valid until the entry is submitted.
    #[inline]
    pub unsafe fn prep_openat2_direct_raw(
        &mut self,
        dfd: RawFd,
        path: *const c_char,
        how: *const sys::open_how,
        file_index: u32,
    ) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_openat2_raw(dfd, path, how) };
        self.set_target_fixed_file(file_index);
    }

    // ------------------------------------------------------------------
    // close

    /// Prepare a `close(2)` of the process file descriptor `fd`.
    ///
    /// Completion: `res` 0, or `-errno` (`-EBADF` for a descriptor that is
    /// not open).
    ///
    /// liburing: [`io_uring_prep_close`](https://man7.org/linux/man-pages/man3/io_uring_prep_close.3.html).
    /// Kernel 5.6.
    #[doc(alias = "io_uring_prep_close")]
    #[inline]
    pub fn prep_close(&mut self, fd: RawFd) {
        self.prep_base(sys::IORING_OP_CLOSE, fd, 0, 0, 0);
    }

    /// Prepare the close of direct-descriptor slot `file_index` (0-based):
    /// the slot is emptied, as an unregister of that one file would. Do not
    /// set `IOSQE_FIXED_FILE` on it (the kernel answers `-EBADF`).
    ///
    /// `IORING_FILE_INDEX_ALLOC` means nothing for a close. liburing stores
    /// `file_index + 1`, which wraps to 0 and turns the request into a close
    /// of process fd 0; riouring stores it unchanged instead, so the kernel
    /// refuses the request (`-EINVAL`) and fd 0 stays open.
    ///
    /// Completion: `res` 0, or `-errno` (`-EBADF` for an empty slot,
    /// `-EINVAL` for one outside the table).
    ///
    /// liburing: [`io_uring_prep_close_direct`](https://man7.org/linux/man-pages/man3/io_uring_prep_close_direct.3.html).
    /// Kernel 5.15.
    #[doc(alias = "io_uring_prep_close_direct")]
    #[inline]
    pub fn prep_close_direct(&mut self, file_index: u32) {
        self.prep_close(0);
        // set_target_fixed_file keeps IORING_FILE_INDEX_ALLOC as is, where
        // liburing's wrap to 0 would close fd 0.
        self.set_target_fixed_file(file_index);
    }

    // ------------------------------------------------------------------
    // statx

    /// Prepare a `statx(2)` of `path` relative to `dfd` (with
    /// `AT_EMPTY_PATH` and an empty path: of `dfd` itself), asking for the
    /// `STATX_*` fields in `mask`, with `AT_*` `flags`; the kernel fills
    /// `statxbuf`.
    ///
    /// Completion: `res` 0 with `statxbuf` filled, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_statx`](https://man7.org/linux/man-pages/man3/io_uring_prep_statx.3.html).
    /// Kernel 5.6.
    ///
    /// # Safety
    ///
    /// `path` must stay valid until the entry is submitted; `statxbuf` must
    /// stay valid, and not be read or written, until the completion (the
    /// kernel writes it while the request runs).
    #[doc(alias = "io_uring_prep_statx")]
    #[inline]
    pub unsafe fn prep_statx(
        &mut self,
        dfd: RawFd,
        path: &CStr,
        flags: i32,
        mask: u32,
        statxbuf: &mut libc::statx,
    ) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_statx_raw(dfd, path.as_ptr(), flags, mask, statxbuf) }
    }

    /// [`prep_statx`](Self::prep_statx) with liburing's raw pointers.
    ///
    /// # Safety
    ///
    /// `path` must point to a NUL-terminated string valid until the entry is
    /// submitted; `statxbuf` must be valid for writes of a `statx` until the
    /// completion.
    #[inline]
    pub unsafe fn prep_statx_raw(
        &mut self,
        dfd: RawFd,
        path: *const c_char,
        flags: i32,
        mask: u32,
        statxbuf: *mut libc::statx,
    ) {
        self.prep_base(sys::IORING_OP_STATX, dfd, path as u64, mask, statxbuf as u64);
        self.0.op_flags.statx_flags = flags as u32;
    }

    // ------------------------------------------------------------------
    // sync, allocation, advice, truncation

    /// Prepare an `fsync(2)` of `fd`, or an `fdatasync(2)` when
    /// `fsync_flags` holds `IORING_FSYNC_DATASYNC`.
    ///
    /// Completion: `res` 0, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_fsync`](https://man7.org/linux/man-pages/man3/io_uring_prep_fsync.3.html).
    /// Kernel 5.1.
    #[doc(alias = "io_uring_prep_fsync")]
    #[inline]
    pub fn prep_fsync(&mut self, fd: RawFd, fsync_flags: u32) {
        self.prep_base(sys::IORING_OP_FSYNC, fd, 0, 0, 0);
        self.0.op_flags.fsync_flags = fsync_flags;
    }

    /// Prepare a `sync_file_range(2)` of `len` bytes of `fd` from `offset`
    /// (`len` 0: to the end of the file), with `SYNC_FILE_RANGE_*` `flags`.
    ///
    /// Completion: `res` 0, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_sync_file_range`](https://man7.org/linux/man-pages/man3/io_uring_prep_sync_file_range.3.html).
    /// Kernel 5.2.
    #[doc(alias = "io_uring_prep_sync_file_range")]
    #[inline]
    pub fn prep_sync_file_range(&mut self, fd: RawFd, len: u32, offset: u64, flags: i32) {
        self.prep_base(sys::IORING_OP_SYNC_FILE_RANGE, fd, 0, len, offset);
        self.0.op_flags.sync_range_flags = flags as u32;
    }

    /// Prepare a `fallocate(2)` of `len` bytes of `fd` from `offset`, with
    /// `FALLOC_FL_*` `mode` (0: allocate and extend the file).
    ///
    /// Completion: `res` 0, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_fallocate`](https://man7.org/linux/man-pages/man3/io_uring_prep_fallocate.3.html).
    /// Kernel 5.6.
    #[doc(alias = "io_uring_prep_fallocate")]
    #[inline]
    pub fn prep_fallocate(&mut self, fd: RawFd, mode: i32, offset: u64, len: u64) {
        self.prep_base(sys::IORING_OP_FALLOCATE, fd, len, mode as u32, offset);
    }

    /// Prepare a `posix_fadvise(2)`: give `advice` (`POSIX_FADV_*`) about
    /// `len` bytes of `fd` from `offset` (`len` 0: to the end of the file).
    ///
    /// Completion: `res` 0, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_fadvise`](https://man7.org/linux/man-pages/man3/io_uring_prep_fadvise.3.html).
    /// Kernel 5.6.
    #[doc(alias = "io_uring_prep_fadvise")]
    #[inline]
    pub fn prep_fadvise(&mut self, fd: RawFd, offset: u64, len: u32, advice: i32) {
        self.prep_base(sys::IORING_OP_FADVISE, fd, 0, len, offset);
        self.0.op_flags.fadvise_advice = advice as u32;
    }

    /// [`prep_fadvise`](Self::prep_fadvise) with a 64-bit length (stored in
    /// `addr`).
    ///
    /// Completion: `res` 0, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_fadvise64`](https://man7.org/linux/man-pages/man3/io_uring_prep_fadvise64.3.html).
    /// Kernel 6.11 for lengths above 32 bits (older kernels read only the
    /// 32-bit `len`, which this leaves 0: the whole file).
    #[doc(alias = "io_uring_prep_fadvise64")]
    #[inline]
    pub fn prep_fadvise64(&mut self, fd: RawFd, offset: u64, len: u64, advice: i32) {
        self.prep_base(sys::IORING_OP_FADVISE, fd, len, 0, offset);
        self.0.op_flags.fadvise_advice = advice as u32;
    }

    /// Prepare a `madvise(2)`: give `advice` (`MADV_*`) about the `length`
    /// bytes of this process's memory at `addr`.
    ///
    /// Completion: `res` 0, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_madvise`](https://man7.org/linux/man-pages/man3/io_uring_prep_madvise.3.html).
    /// Kernel 5.6.
    ///
    /// # Safety
    ///
    /// The kernel applies `advice` to the range when the request runs, any
    /// time until the completion. Some advice changes memory contents or
    /// mappings (`MADV_DONTNEED` and `MADV_FREE` discard pages,
    /// `MADV_REMOVE` punches holes, `MADV_WIPEONFORK`, ...): the caller must
    /// make sure that whatever lives in the range may be treated so, until
    /// the completion.
    #[doc(alias = "io_uring_prep_madvise")]
    #[inline]
    pub unsafe fn prep_madvise(&mut self, addr: *mut c_void, length: u32, advice: i32) {
        self.prep_base(sys::IORING_OP_MADVISE, -1, addr as u64, length, 0);
        self.0.op_flags.fadvise_advice = advice as u32;
    }

    /// [`prep_madvise`](Self::prep_madvise) with a 64-bit length (stored in
    /// `off`).
    ///
    /// Completion: `res` 0, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_madvise64`](https://man7.org/linux/man-pages/man3/io_uring_prep_madvise64.3.html).
    /// Kernel 6.11 (older kernels read only the 32-bit `len`, which this
    /// leaves 0).
    ///
    /// # Safety
    ///
    /// As for [`prep_madvise`](Self::prep_madvise).
    #[doc(alias = "io_uring_prep_madvise64")]
    #[inline]
    pub unsafe fn prep_madvise64(&mut self, addr: *mut c_void, length: u64, advice: i32) {
        self.prep_base(sys::IORING_OP_MADVISE, -1, addr as u64, 0, length);
        self.0.op_flags.fadvise_advice = advice as u32;
    }

    /// Prepare an `ftruncate(2)`: set the size of `fd` to `len` bytes.
    ///
    /// Completion: `res` 0, or `-errno` (`-EINVAL` for a length that is
    /// negative as a signed 64-bit value).
    ///
    /// liburing: [`io_uring_prep_ftruncate`](https://man7.org/linux/man-pages/man3/io_uring_prep_ftruncate.3.html).
    /// Kernel 6.9.
    #[doc(alias = "io_uring_prep_ftruncate")]
    #[inline]
    pub fn prep_ftruncate(&mut self, fd: RawFd, len: u64) {
        self.prep_base(sys::IORING_OP_FTRUNCATE, fd, 0, 0, len);
    }

    // ------------------------------------------------------------------
    // the direct-descriptor table

    /// Prepare an update of the registered file table: slots `offset..`
    /// get the files of `fds` (-1 empties a slot). With `offset`
    /// `IORING_FILE_INDEX_ALLOC` the kernel puts each file into a free slot
    /// and writes the slots it chose back into `fds`.
    ///
    /// Completion: `res` is the number of slots updated (or allocated), or
    /// `-errno`.
    ///
    /// liburing: [`io_uring_prep_files_update`](https://man7.org/linux/man-pages/man3/io_uring_prep_files_update.3.html).
    /// Kernel 5.6 (`IORING_FILE_INDEX_ALLOC`: 5.19).
    ///
    /// # Safety
    ///
    /// `fds` must stay valid until the completion: the kernel reads it when
    /// the request runs, which may be after submission (`IOSQE_ASYNC`, a
    /// link), and with `IORING_FILE_INDEX_ALLOC` it writes the slots into
    /// it.
    #[doc(alias = "io_uring_prep_files_update")]
    #[inline]
    pub unsafe fn prep_files_update(&mut self, fds: &mut [i32], offset: u32) {
        // The C helper takes an `int` offset, so IORING_FILE_INDEX_ALLOC
        // arrives as -1: keep the bits of the u32 as an i32.
        // SAFETY: forwarded from this function's contract; the slice gives
        // `fds.len()` valid elements.
        unsafe { self.prep_files_update_raw(fds.as_mut_ptr(), clamp_len(fds.len()), offset as i32) }
    }

    /// [`prep_files_update`](Self::prep_files_update) with liburing's raw
    /// arguments. `offset` is sign-extended into `off`, as liburing stores
    /// its `int`.
    ///
    /// # Safety
    ///
    /// `fds` must point to `nr_fds` `int`s, valid for reads (and writes,
    /// with `IORING_FILE_INDEX_ALLOC`) until the completion.
    #[inline]
    pub unsafe fn prep_files_update_raw(&mut self, fds: *mut i32, nr_fds: u32, offset: i32) {
        self.prep_base(sys::IORING_OP_FILES_UPDATE, -1, fds as u64, nr_fds, offset as i64 as u64);
    }

    /// Prepare the installation of direct descriptor `fd` (a slot of the
    /// registered file table) as a regular process file descriptor. The new
    /// descriptor is close-on-exec unless `flags` is
    /// `IORING_FIXED_FD_NO_CLOEXEC`. Sets `IOSQE_FIXED_FILE` (replacing
    /// any flags set before); flags may be added afterwards.
    ///
    /// Completion: `res` is the new file descriptor, or `-errno` (`-EBADF`
    /// for an empty slot, `-EINVAL` for unknown flags).
    ///
    /// liburing: [`io_uring_prep_fixed_fd_install`](https://man7.org/linux/man-pages/man3/io_uring_prep_fixed_fd_install.3.html).
    /// Kernel 6.8.
    #[doc(alias = "io_uring_prep_fixed_fd_install")]
    #[inline]
    pub fn prep_fixed_fd_install(&mut self, fd: i32, flags: u32) {
        self.prep_base(sys::IORING_OP_FIXED_FD_INSTALL, fd, 0, 0, 0);
        self.0.flags = sys::IOSQE_FIXED_FILE;
        self.0.op_flags.install_fd_flags = flags;
    }

    // ------------------------------------------------------------------
    // pipes

    /// Prepare a `pipe2(2)` with `O_*` `pipe_flags`: at completion the kernel
    /// writes the read end into `fds[0]` and the write end into `fds[1]`.
    ///
    /// Completion: `res` 0 with `fds` filled, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_pipe`](https://man7.org/linux/man-pages/man3/io_uring_prep_pipe.3.html).
    /// Kernel 6.16.
    ///
    /// # Safety
    ///
    /// `fds` must stay valid, and not be read or written, until the
    /// completion.
    #[doc(alias = "io_uring_prep_pipe")]
    #[inline]
    pub unsafe fn prep_pipe(&mut self, fds: &mut [i32; 2], pipe_flags: i32) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_pipe_raw(fds.as_mut_ptr(), pipe_flags) }
    }

    /// [`prep_pipe`](Self::prep_pipe) with liburing's raw pointer.
    ///
    /// # Safety
    ///
    /// `fds` must be valid for writes of two `int`s until the completion.
    #[inline]
    pub unsafe fn prep_pipe_raw(&mut self, fds: *mut i32, pipe_flags: i32) {
        self.prep_base(sys::IORING_OP_PIPE, 0, fds as u64, 0, 0);
        self.0.op_flags.pipe_flags = pipe_flags as u32;
    }

    /// Prepare a pipe whose two ends go into the registered file table: the
    /// read end into slot `file_index` and the write end into
    /// `file_index + 1` (both must be free), or into two free slots the
    /// kernel picks with `IORING_FILE_INDEX_ALLOC`. At completion `fds`
    /// holds the two slots.
    ///
    /// Completion: `res` 0 with `fds` filled, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_pipe_direct`](https://man7.org/linux/man-pages/man3/io_uring_prep_pipe_direct.3.html).
    /// Kernel 6.16.
    ///
    /// # Safety
    ///
    /// `fds` must stay valid, and not be read or written, until the
    /// completion.
    #[doc(alias = "io_uring_prep_pipe_direct")]
    #[inline]
    pub unsafe fn prep_pipe_direct(&mut self, fds: &mut [i32; 2], pipe_flags: i32, file_index: u32) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_pipe_direct_raw(fds.as_mut_ptr(), pipe_flags, file_index) }
    }

    /// [`prep_pipe_direct`](Self::prep_pipe_direct) with liburing's raw
    /// pointer.
    ///
    /// # Safety
    ///
    /// `fds` must be valid for writes of two `int`s until the completion.
    #[inline]
    pub unsafe fn prep_pipe_direct_raw(&mut self, fds: *mut i32, pipe_flags: i32, file_index: u32) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_pipe_raw(fds, pipe_flags) };
        self.set_target_fixed_file(file_index);
    }
}
