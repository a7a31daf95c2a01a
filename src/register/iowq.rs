//! Registration: the io-wq worker pool (CPU affinity, worker limits).

use crate::error::errno;
use crate::ring::Ring;
use crate::sys;
use std::io;

impl Ring {
    /// Bind the ring's io-wq workers (and, with SQPOLL, its SQ thread's
    /// workers) to the CPUs of `mask`, whose first `cpusz` bytes are used.
    /// `EINVAL` if `cpusz` is larger than a `cpu_set_t` (the kernel would read
    /// past it). The kernel uses only the bits of CPUs the machine can have.
    ///
    /// liburing: [`io_uring_register_iowq_aff`](https://man7.org/linux/man-pages/man3/io_uring_register_iowq_aff.3.html).
    /// Kernel 5.14.
    #[doc(alias = "io_uring_register_iowq_aff")]
    pub fn register_iowq_aff(&mut self, cpusz: usize, mask: &libc::cpu_set_t) -> io::Result<()> {
        if cpusz > core::mem::size_of::<libc::cpu_set_t>() {
            return Err(errno(libc::EINVAL));
        }
        // SAFETY: the kernel reads `cpusz` bytes of `mask`, all in bounds,
        // during the call only.
        unsafe {
            self.register_raw(
                sys::IORING_REGISTER_IOWQ_AFF,
                (mask as *const libc::cpu_set_t).cast(),
                cpusz as u32,
            )?
        };
        Ok(())
    }

    /// Let io-wq workers run on any CPU again.
    ///
    /// liburing: [`io_uring_unregister_iowq_aff`](https://man7.org/linux/man-pages/man3/io_uring_unregister_iowq_aff.3.html).
    /// Kernel 5.14.
    #[doc(alias = "io_uring_unregister_iowq_aff")]
    pub fn unregister_iowq_aff(&mut self) -> io::Result<()> {
        // SAFETY: no argument.
        unsafe { self.register_raw(sys::IORING_UNREGISTER_IOWQ_AFF, core::ptr::null(), 0)? };
        Ok(())
    }

    /// Set the most io-wq workers per NUMA node: `values[0]` bounded
    /// (`IO_WQ_BOUND`: regular file and block I/O), `values[1]` unbounded
    /// (`IO_WQ_UNBOUND`: sockets, pipes, ...). A 0 leaves that limit as it
    /// is. On return `values` holds the previous limits, so `[0, 0]` only
    /// reads them.
    ///
    /// liburing: [`io_uring_register_iowq_max_workers`](https://man7.org/linux/man-pages/man3/io_uring_register_iowq_max_workers.3.html).
    /// Kernel 5.15.
    #[doc(alias = "io_uring_register_iowq_max_workers")]
    pub fn register_iowq_max_workers(&mut self, values: &mut [u32; 2]) -> io::Result<()> {
        // SAFETY: the kernel reads and writes back the two values during the
        // call only.
        unsafe {
            self.register_raw(
                sys::IORING_REGISTER_IOWQ_MAX_WORKERS,
                values.as_mut_ptr().cast_const().cast(),
                2,
            )?
        };
        Ok(())
    }
}
