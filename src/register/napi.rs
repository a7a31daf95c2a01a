//! Registration: NAPI busy polling for the ring's network requests.

use crate::ring::Ring;
use crate::sys::{self, io_uring_napi};
use std::io;

impl Ring {
    /// Turn on NAPI busy polling with `napi`'s settings (`busy_poll_to` in
    /// microseconds, `prefer_busy_poll`). The previous settings are written
    /// back into `napi`. `EINVAL` on an `IORING_SETUP_IOPOLL` ring or with
    /// reserved fields set.
    ///
    /// liburing: [`io_uring_register_napi`](https://man7.org/linux/man-pages/man3/io_uring_register_napi.3.html).
    /// Kernel 6.9.
    #[doc(alias = "io_uring_register_napi")]
    pub fn register_napi(&mut self, napi: &mut io_uring_napi) -> io::Result<()> {
        // SAFETY: the kernel reads and writes back `napi` during the call only.
        unsafe {
            self.register_raw(sys::IORING_REGISTER_NAPI, (napi as *mut io_uring_napi).cast_const().cast(), 1)?
        };
        Ok(())
    }

    /// Turn NAPI busy polling off; the settings in force until now are
    /// written into `napi`.
    ///
    /// liburing: [`io_uring_unregister_napi`](https://man7.org/linux/man-pages/man3/io_uring_unregister_napi.3.html).
    /// Kernel 6.9.
    #[doc(alias = "io_uring_unregister_napi")]
    pub fn unregister_napi(&mut self, napi: &mut io_uring_napi) -> io::Result<()> {
        // SAFETY: the kernel writes `napi` during the call only.
        unsafe {
            self.register_raw(
                sys::IORING_UNREGISTER_NAPI,
                (napi as *mut io_uring_napi).cast_const().cast(),
                1,
            )?
        };
        Ok(())
    }
}
