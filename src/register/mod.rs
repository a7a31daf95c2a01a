//! Every `io_uring_register(2)` call of liburing, as methods of [`Ring`]
//! (liburing's register.c), one file per area.

// Areas that only add methods leave their glob re-export empty.
#![allow(unused_imports)]

mod bpf;
mod buffers;
mod clock;
mod eventfd;
mod files;
mod iowq;
mod napi;
mod personality;
mod query;
mod region;
mod resize;
mod restrictions;
mod ring_fd;
mod sync;
mod zcrx;

pub use bpf::*;
pub use buffers::*;
pub use clock::*;
pub use eventfd::*;
pub use files::*;
pub use iowq::*;
pub use napi::*;
pub use personality::*;
pub use query::*;
pub use region::*;
pub use resize::*;
pub use restrictions::*;
pub use sync::*;
pub use zcrx::*;

use crate::error::kret;
use crate::ring::{INT_FLAG_REG_REG_RING, Ring};
use crate::sys;
use core::ffi::c_void;
use std::io;

impl Ring {
    /// `io_uring_register(2)` on this ring: through the registered ring
    /// index with `IORING_REGISTER_USE_REGISTERED_RING` when the kernel
    /// allows it (`IORING_FEAT_REG_REG_RING`), else through the fd.
    ///
    /// liburing: [`io_uring_register`](https://man7.org/linux/man-pages/man2/io_uring_register.2.html).
    /// Kernel 5.1.
    ///
    /// # Safety
    ///
    /// `arg` must be valid for `opcode` as `io_uring_register(2)` describes;
    /// memory the opcode registers must stay valid while registered.
    #[doc(alias = "io_uring_register")]
    pub unsafe fn register_raw(&self, opcode: u32, arg: *const c_void, nr_args: u32) -> io::Result<u32> {
        let (fd, opcode) = if self.int_flags & INT_FLAG_REG_REG_RING != 0 {
            (self.enter_ring_fd, opcode | sys::IORING_REGISTER_USE_REGISTERED_RING)
        } else {
            (self.ring_fd, opcode)
        };
        // SAFETY: forwarded from this function's contract.
        kret(unsafe { sys::io_uring_register(fd, opcode, arg, nr_args) })
    }
}
