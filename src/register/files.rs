//! Registration: fixed files (direct descriptors), the table requests index
//! with `IOSQE_FIXED_FILE`, and the range the kernel allocates slots from.

use super::buffers::{count, tags_addr};
use crate::ring::Ring;
use crate::sys::{
    self, io_uring_file_index_range, io_uring_rsrc_register, io_uring_rsrc_update, io_uring_rsrc_update2,
};
use std::io;
use std::os::fd::RawFd;

/// Raise the soft `RLIMIT_NOFILE` by `nr` when it is below `nr` (capped at
/// the hard limit), as liburing does before retrying a registration that
/// failed with `EMFILE`: the kernel counts table slots against that limit.
fn increase_rlimit_nofile(nr: u32) {
    let mut rlim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: `rlim` is a valid, writable rlimit.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut rlim) } != 0 {
        return;
    }
    if rlim.rlim_cur < nr as libc::rlim_t {
        rlim.rlim_cur = rlim.rlim_cur.saturating_add(nr as libc::rlim_t).min(rlim.rlim_max);
        // SAFETY: `rlim` is a valid rlimit; a failure leaves the limit as it
        // was, and the retry then reports the kernel's EMFILE.
        unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &rlim) };
    }
}

impl Ring {
    /// Run a file-table registration; on `EMFILE` raise `RLIMIT_NOFILE` by
    /// `nr` and try once more.
    fn register_files_retry(&self, nr: u32, mut register: impl FnMut() -> io::Result<u32>) -> io::Result<()> {
        match register() {
            Err(e) if e.raw_os_error() == Some(libc::EMFILE) => {
                increase_rlimit_nofile(nr);
                register().map(drop)
            }
            r => r.map(drop),
        }
    }

    /// Register `fds` as this ring's fixed files: slot `i` holds `fds[i]`
    /// (-1 leaves it empty), used by requests with `IOSQE_FIXED_FILE` and
    /// `fd` = `i`. The kernel takes its own reference: the fds may be closed
    /// afterwards. On `EMFILE` the soft `RLIMIT_NOFILE` is raised (to the
    /// hard limit at most) and the call retried once. `EBUSY` if a table is
    /// already registered, `EBADF` for a bad fd, `EINVAL` for too many.
    ///
    /// liburing: [`io_uring_register_files`](https://man7.org/linux/man-pages/man3/io_uring_register_files.3.html).
    /// Kernel 5.1.
    #[doc(alias = "io_uring_register_files")]
    pub fn register_files(&mut self, fds: &[RawFd]) -> io::Result<()> {
        let nr = count(fds.len())?;
        self.register_files_retry(nr, || {
            // SAFETY: the kernel reads the fd array during the call only.
            unsafe { self.register_raw(sys::IORING_REGISTER_FILES, fds.as_ptr().cast(), nr) }
        })
    }

    /// Register `fds` as fixed files, each with a tag (`tags[i]` for
    /// `fds[i]`; 0 untagged; an empty `tags` tags none). When a tagged file
    /// leaves the table (replaced, or unregistered) and is no longer in use,
    /// a CQE is posted with `user_data` = the tag and `res` 0. `EINVAL` if
    /// `tags` is neither empty nor as long as `fds`. Retries once after
    /// raising `RLIMIT_NOFILE` on `EMFILE`.
    ///
    /// liburing: [`io_uring_register_files_tags`](https://man7.org/linux/man-pages/man3/io_uring_register_files_tags.3.html).
    /// Kernel 5.13.
    #[doc(alias = "io_uring_register_files_tags")]
    pub fn register_files_tags(&mut self, fds: &[RawFd], tags: &[u64]) -> io::Result<()> {
        let nr = count(fds.len())?;
        let reg = io_uring_rsrc_register {
            nr,
            data: fds.as_ptr() as u64,
            tags: tags_addr(tags, fds.len())?,
            ..Default::default()
        };
        self.register_files_retry(nr, || {
            // SAFETY: `reg` and both arrays are read during the call only.
            unsafe { self.register_rsrc(sys::IORING_REGISTER_FILES2, &reg) }
        })
    }

    /// Register an empty (sparse) table of `nr` fixed-file slots, filled
    /// later by updates or by requests that install direct descriptors
    /// (`openat`, `accept`, `socket` with a target slot). Retries once after
    /// raising `RLIMIT_NOFILE` on `EMFILE`.
    ///
    /// liburing: [`io_uring_register_files_sparse`](https://man7.org/linux/man-pages/man3/io_uring_register_files_sparse.3.html).
    /// Kernel 5.19.
    #[doc(alias = "io_uring_register_files_sparse")]
    pub fn register_files_sparse(&mut self, nr: u32) -> io::Result<()> {
        let reg =
            io_uring_rsrc_register { nr, flags: sys::IORING_RSRC_REGISTER_SPARSE, ..Default::default() };
        self.register_files_retry(nr, || {
            // SAFETY: `reg` is read during the call; it names no memory.
            unsafe { self.register_rsrc(sys::IORING_REGISTER_FILES2, &reg) }
        })
    }

    /// Replace fixed-file slots `off..off + fds.len()` with `fds`: -1
    /// empties a slot, `IORING_REGISTER_FILES_SKIP` leaves it as it is.
    /// Returns the number of slots updated: the kernel stops at the first
    /// failing entry and returns the count before it, or that entry's error
    /// if it is the first (`EBADF` for a bad fd; its slot has already lost
    /// its old file). `ENXIO` without a table, `EINVAL` past its end.
    ///
    /// liburing: [`io_uring_register_files_update`](https://man7.org/linux/man-pages/man3/io_uring_register_files_update.3.html).
    /// Kernel 5.5.
    #[doc(alias = "io_uring_register_files_update")]
    pub fn register_files_update(&mut self, off: u32, fds: &[RawFd]) -> io::Result<u32> {
        let nr = count(fds.len())?;
        let up = io_uring_rsrc_update { offset: off, resv: 0, data: fds.as_ptr() as u64 };
        // SAFETY: `up` and the fd array are read during the call only.
        unsafe {
            self.register_raw(
                sys::IORING_REGISTER_FILES_UPDATE,
                (&up as *const io_uring_rsrc_update).cast(),
                nr,
            )
        }
    }

    /// [`register_files_update`](Ring::register_files_update) with a tag
    /// per new file (`tags[i]` for `fds[i]`; empty for none): the tag CQE
    /// is posted when that file later leaves the table. Returns the number
    /// of slots updated. `EINVAL` if `tags` is neither empty nor as long as
    /// `fds`.
    ///
    /// liburing: [`io_uring_register_files_update_tag`](https://man7.org/linux/man-pages/man3/io_uring_register_files_update_tag.3.html).
    /// Kernel 5.13.
    #[doc(alias = "io_uring_register_files_update_tag")]
    pub fn register_files_update_tag(&mut self, off: u32, fds: &[RawFd], tags: &[u64]) -> io::Result<u32> {
        let up = io_uring_rsrc_update2 {
            offset: off,
            data: fds.as_ptr() as u64,
            tags: tags_addr(tags, fds.len())?,
            nr: count(fds.len())?,
            ..Default::default()
        };
        // SAFETY: `up` and both arrays are read during the call only.
        unsafe { self.register_update2(sys::IORING_REGISTER_FILES_UPDATE2, &up) }
    }

    /// Unregister the fixed-file table; tagged files post their tag CQEs.
    /// `ENXIO` if none is registered.
    ///
    /// liburing: [`io_uring_unregister_files`](https://man7.org/linux/man-pages/man3/io_uring_unregister_files.3.html).
    /// Kernel 5.1.
    #[doc(alias = "io_uring_unregister_files")]
    pub fn unregister_files(&mut self) -> io::Result<()> {
        // SAFETY: no argument.
        unsafe { self.register_raw(sys::IORING_UNREGISTER_FILES, core::ptr::null(), 0)? };
        Ok(())
    }

    /// Make the kernel allocate direct descriptors (`IORING_FILE_INDEX_ALLOC`
    /// requests) only from slots `off..off + len` of the fixed-file table.
    /// `EINVAL` if the range does not fit the table (or there is no table).
    ///
    /// liburing: [`io_uring_register_file_alloc_range`](https://man7.org/linux/man-pages/man3/io_uring_register_file_alloc_range.3.html).
    /// Kernel 6.0.
    #[doc(alias = "io_uring_register_file_alloc_range")]
    pub fn register_file_alloc_range(&mut self, off: u32, len: u32) -> io::Result<()> {
        let range = io_uring_file_index_range { off, len, resv: 0 };
        // SAFETY: `range` is read during the call only.
        unsafe {
            self.register_raw(
                sys::IORING_REGISTER_FILE_ALLOC_RANGE,
                (&range as *const io_uring_file_index_range).cast(),
                0,
            )?
        };
        Ok(())
    }
}
