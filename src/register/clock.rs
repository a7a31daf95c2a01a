//! Registration: the clock that wait timeouts are measured against.

use crate::ring::Ring;
use crate::sys::{self, io_uring_clock_register};
use std::io;

impl Ring {
    /// Measure this ring's wait timeouts (the `ts` of the `wait_cqe*` and
    /// `submit_and_wait_timeout` calls) with `arg.clockid`:
    /// `CLOCK_MONOTONIC` (the default) or `CLOCK_BOOTTIME`. `EINVAL` for any
    /// other clock or reserved fields set.
    ///
    /// liburing: [`io_uring_register_clock`](https://man7.org/linux/man-pages/man3/io_uring_register_clock.3.html).
    /// Kernel 6.12.
    #[doc(alias = "io_uring_register_clock")]
    pub fn register_clock(&mut self, arg: &io_uring_clock_register) -> io::Result<()> {
        // SAFETY: the kernel copies `arg` during the call only.
        unsafe {
            self.register_raw(sys::IORING_REGISTER_CLOCK, (arg as *const io_uring_clock_register).cast(), 0)?
        };
        Ok(())
    }
}
