//! Page-granular memory for rings, buffer rings and wait regions: the few
//! `mmap` calls riouring makes, in one place.

use core::ffi::c_void;
use core::ptr;
use std::io;
use std::os::fd::RawFd;

/// The system page size (4096 where `sysconf` cannot tell).
pub(crate) fn page_size() -> usize {
    // SAFETY: sysconf has no memory-safety preconditions.
    let sz = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if sz <= 0 { 4096 } else { sz as usize }
}

/// A fresh anonymous read-write mapping of `len` bytes; `flags` is
/// `MAP_SHARED` or `MAP_PRIVATE` plus any extras (`MAP_HUGETLB`,
/// `MAP_POPULATE`, ...).
pub(crate) fn map_anon(len: usize, flags: i32) -> io::Result<*mut c_void> {
    // SAFETY: an anonymous mapping at a kernel-chosen address touches no
    // existing memory.
    let p = unsafe {
        libc::mmap(
            ptr::null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            flags | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED { Err(io::Error::last_os_error()) } else { Ok(p) }
}

/// A fresh shared read-write mapping of `len` bytes of the ring `fd` at
/// `offset` (an `IORING_OFF_*` value), populated.
pub(crate) fn map_ring_fd(fd: RawFd, len: usize, offset: u64) -> io::Result<*mut c_void> {
    // SAFETY: a fresh shared mapping of the ring fd at a kernel-chosen
    // address touches no existing memory.
    let p = unsafe {
        libc::mmap(
            ptr::null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_SHARED | libc::MAP_POPULATE,
            fd,
            offset as libc::off_t,
        )
    };
    if p == libc::MAP_FAILED { Err(io::Error::last_os_error()) } else { Ok(p) }
}

/// Unmap `len` bytes at `p`; a null pointer or zero length does nothing.
///
/// # Safety
///
/// `p..p + len` is a mapping riouring created and nothing uses any more
/// (neither Rust references nor the kernel).
pub(crate) unsafe fn unmap(p: *mut c_void, len: usize) {
    if !p.is_null() && len != 0 {
        // SAFETY: per the contract, the mapping is ours and unused.
        unsafe { libc::munmap(p, len) };
    }
}
