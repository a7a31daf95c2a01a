//! Registration: an eventfd the kernel signals when completions are posted.

use crate::ring::Ring;
use crate::sys;
use std::io;
use std::os::fd::RawFd;

impl Ring {
    /// Register `event_fd` (from `eventfd(2)`): the kernel adds 1 to it each
    /// time it posts completions (once per batch it posts together, so the
    /// count may be lower than the number of CQEs), unless signalling is
    /// turned off with [`cq_eventfd_toggle`](Ring::cq_eventfd_toggle). One
    /// eventfd per ring: `EBUSY` if one is registered already; `EBADF` for a
    /// bad fd, `EINVAL` for an fd that is not an eventfd.
    ///
    /// liburing: [`io_uring_register_eventfd`](https://man7.org/linux/man-pages/man3/io_uring_register_eventfd.3.html).
    /// Kernel 5.2.
    #[doc(alias = "io_uring_register_eventfd")]
    pub fn register_eventfd(&mut self, event_fd: RawFd) -> io::Result<()> {
        self.register_eventfd_op(sys::IORING_REGISTER_EVENTFD, event_fd)
    }

    /// As [`register_eventfd`](Ring::register_eventfd), but the eventfd is
    /// signalled only for completions posted by io-wq worker threads
    /// (requests punted there, e.g. with `IOSQE_ASYNC` or blocking file I/O),
    /// not for those completed inline at submission, nor (Linux 6.18) for
    /// those completed later from a poll wakeup, such as a socket or pipe
    /// read that waited for data.
    ///
    /// liburing: [`io_uring_register_eventfd_async`](https://man7.org/linux/man-pages/man3/io_uring_register_eventfd_async.3.html).
    /// Kernel 5.6.
    #[doc(alias = "io_uring_register_eventfd_async")]
    pub fn register_eventfd_async(&mut self, event_fd: RawFd) -> io::Result<()> {
        self.register_eventfd_op(sys::IORING_REGISTER_EVENTFD_ASYNC, event_fd)
    }

    /// Unregister the eventfd. `ENXIO` if none is registered.
    ///
    /// liburing: [`io_uring_unregister_eventfd`](https://man7.org/linux/man-pages/man3/io_uring_unregister_eventfd.3.html).
    /// Kernel 5.2.
    #[doc(alias = "io_uring_unregister_eventfd")]
    pub fn unregister_eventfd(&mut self) -> io::Result<()> {
        // SAFETY: no argument.
        unsafe { self.register_raw(sys::IORING_UNREGISTER_EVENTFD, core::ptr::null(), 0)? };
        Ok(())
    }

    fn register_eventfd_op(&mut self, opcode: u32, event_fd: RawFd) -> io::Result<()> {
        // SAFETY: the kernel reads the one fd during the call only.
        unsafe { self.register_raw(opcode, (&event_fd as *const RawFd).cast(), 1)? };
        Ok(())
    }
}
