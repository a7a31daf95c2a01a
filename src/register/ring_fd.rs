//! Registering the ring's own fd, so that `io_uring_enter` skips the fd
//! table lookup.

use crate::error::errno;
use crate::ring::{INT_FLAG_REG_REG_RING, INT_FLAG_REG_RING, Ring};
use crate::sys::{self, io_uring_rsrc_update};
use std::io;

impl Ring {
    /// Register the ring fd with itself; from then on every enter (and, with
    /// `IORING_FEAT_REG_REG_RING`, every register call) uses the registered
    /// index. Returns 1 (the number registered). `EEXIST` if already done.
    ///
    /// liburing: [`io_uring_register_ring_fd`](https://man7.org/linux/man-pages/man3/io_uring_register_ring_fd.3.html).
    /// Kernel 5.18.
    #[doc(alias = "io_uring_register_ring_fd")]
    pub fn register_ring_fd(&mut self) -> io::Result<u32> {
        if self.int_flags & INT_FLAG_REG_RING != 0 {
            return Err(errno(libc::EEXIST));
        }
        let mut up = io_uring_rsrc_update { offset: u32::MAX, resv: 0, data: self.ring_fd as u64 };
        // SAFETY: `up` is a valid io_uring_rsrc_update the kernel reads and
        // writes back during the call only.
        let ret = unsafe {
            self.register_raw(
                sys::IORING_REGISTER_RING_FDS,
                (&mut up as *mut io_uring_rsrc_update).cast(),
                1,
            )?
        };
        if ret == 1 {
            self.enter_ring_fd = up.offset as i32;
            self.int_flags |= INT_FLAG_REG_RING;
            if self.features & sys::IORING_FEAT_REG_REG_RING != 0 {
                self.int_flags |= INT_FLAG_REG_REG_RING;
            }
        }
        Ok(ret)
    }

    /// Unregister the ring fd registered by
    /// [`register_ring_fd`](Ring::register_ring_fd). `EINVAL` if none is.
    ///
    /// liburing: [`io_uring_unregister_ring_fd`](https://man7.org/linux/man-pages/man3/io_uring_unregister_ring_fd.3.html).
    /// Kernel 5.18.
    #[doc(alias = "io_uring_unregister_ring_fd")]
    pub fn unregister_ring_fd(&mut self) -> io::Result<u32> {
        if self.int_flags & INT_FLAG_REG_RING == 0 {
            return Err(errno(libc::EINVAL));
        }
        let up = io_uring_rsrc_update { offset: self.enter_ring_fd as u32, resv: 0, data: 0 };
        // SAFETY: `up` is read by the kernel during the call only.
        let ret = unsafe {
            self.register_raw(
                sys::IORING_UNREGISTER_RING_FDS,
                (&up as *const io_uring_rsrc_update).cast(),
                1,
            )?
        };
        if ret == 1 {
            self.enter_ring_fd = self.ring_fd;
            self.int_flags &= !(INT_FLAG_REG_RING | INT_FLAG_REG_REG_RING);
        }
        Ok(ret)
    }

    /// Close the real ring fd and keep using the ring through its registered
    /// index alone. Needs a registered ring fd (`EINVAL`) and
    /// `IORING_FEAT_REG_REG_RING` (`EOPNOTSUPP`), so that register calls keep
    /// working too. Returns 1.
    ///
    /// liburing: [`io_uring_close_ring_fd`](https://man7.org/linux/man-pages/man3/io_uring_close_ring_fd.3.html).
    /// Kernel 6.3.
    #[doc(alias = "io_uring_close_ring_fd")]
    pub fn close_ring_fd(&mut self) -> io::Result<u32> {
        if self.features & sys::IORING_FEAT_REG_REG_RING == 0 {
            return Err(errno(libc::EOPNOTSUPP));
        }
        if self.int_flags & INT_FLAG_REG_RING == 0 {
            return Err(errno(libc::EINVAL));
        }
        if self.ring_fd == -1 {
            return Err(errno(libc::EBADF));
        }
        // SAFETY: the ring owns ring_fd; it is forgotten right after.
        unsafe { libc::close(self.ring_fd) };
        self.ring_fd = -1;
        Ok(1)
    }
}
