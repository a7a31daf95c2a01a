//! Turning the kernel's and libc's error conventions into `io::Error`.

use std::io;

/// An `io::Error` for the positive error number `e`.
#[inline]
pub(crate) fn errno(e: i32) -> io::Error {
    io::Error::from_raw_os_error(e)
}

/// A kernel return value: non-negative is success, `-errno` failure.
#[inline]
pub(crate) fn kret(r: i32) -> io::Result<u32> {
    if r < 0 { Err(errno(-r)) } else { Ok(r as u32) }
}

/// A libc return value: -1 means failure, with the error in `errno`.
#[inline]
pub(crate) fn cvt(r: i32) -> io::Result<i32> {
    if r == -1 { Err(io::Error::last_os_error()) } else { Ok(r) }
}

/// The `-errno` form of an `io::Error` (for the C ABI and raw calls).
#[inline]
pub fn neg_errno(e: &io::Error) -> i32 {
    -e.raw_os_error().unwrap_or(libc::EIO)
}
