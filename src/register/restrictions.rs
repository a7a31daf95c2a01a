//! Registration: restrictions on a disabled ring, and enabling it.

use super::buffers::count;
use crate::ring::Ring;
use crate::sys::{self, io_uring_restriction};
use std::io;

impl Ring {
    /// Restrict what this ring may do: which SQE opcodes
    /// (`IORING_RESTRICTION_SQE_OP`), which register opcodes
    /// (`IORING_RESTRICTION_REGISTER_OP`) and which SQE flags
    /// (`IORING_RESTRICTION_SQE_FLAGS_ALLOWED` / `_REQUIRED`) are allowed.
    /// Only once, and only on a ring created with `IORING_SETUP_R_DISABLED`
    /// and not yet enabled (`EBADFD` otherwise; `EBUSY` the second time).
    /// Once enabled, a forbidden request completes with `EACCES`, a
    /// forbidden register call fails with `EACCES`.
    ///
    /// liburing: [`io_uring_register_restrictions`](https://man7.org/linux/man-pages/man3/io_uring_register_restrictions.3.html).
    /// Kernel 5.10.
    #[doc(alias = "io_uring_register_restrictions")]
    pub fn register_restrictions(&mut self, res: &[io_uring_restriction]) -> io::Result<()> {
        let nr = count(res.len())?;
        // SAFETY: the kernel copies the array during the call.
        unsafe { self.register_raw(sys::IORING_REGISTER_RESTRICTIONS, res.as_ptr().cast(), nr)? };
        Ok(())
    }

    /// Enable a ring created with `IORING_SETUP_R_DISABLED`; its
    /// restrictions take effect from now on. `EBADFD` if it is not disabled.
    ///
    /// liburing: [`io_uring_enable_rings`](https://man7.org/linux/man-pages/man3/io_uring_enable_rings.3.html).
    /// Kernel 5.10.
    #[doc(alias = "io_uring_enable_rings")]
    pub fn enable_rings(&mut self) -> io::Result<()> {
        // SAFETY: no argument.
        unsafe { self.register_raw(sys::IORING_REGISTER_ENABLE_RINGS, core::ptr::null(), 0)? };
        Ok(())
    }
}
