//! Zero-copy receive interface queues (`IORING_REGISTER_ZCRX_IFQ`,
//! `IORING_REGISTER_ZCRX_CTRL`).

use crate::ring::Ring;
use crate::sys::{self, io_uring_zcrx_ifq_reg, zcrx_ctrl};
use std::io;

impl Ring {
    /// Register a zero-copy receive queue: hardware RX queue `reg.if_rxq` of
    /// interface `reg.if_idx` delivers into the area `reg.area_ptr`
    /// describes, and the application returns buffers through the refill
    /// queue in the region `reg.region_ptr` describes. The kernel fills in
    /// the refill-queue offsets, the area token and `zcrx_id`.
    ///
    /// Needs `CAP_NET_ADMIN`, a ring with `IORING_SETUP_DEFER_TASKRUN` and
    /// 32-byte CQEs (`IORING_SETUP_CQE32` or `IORING_SETUP_CQE_MIXED`), and a
    /// NIC with header split and queue management; other devices are
    /// refused.
    ///
    /// liburing: [`io_uring_register_ifq`](https://man7.org/linux/man-pages/man3/io_uring_register_ifq.3.html).
    /// Kernel 6.15.
    ///
    /// # Safety
    ///
    /// `reg.area_ptr` and `reg.region_ptr` must point to a valid
    /// [`io_uring_zcrx_area_reg`](sys::io_uring_zcrx_area_reg) and
    /// [`io_uring_region_desc`](sys::io_uring_region_desc) (the kernel writes
    /// both back) during the call. The area memory (and the refill region,
    /// when it is user memory) must stay valid while registered: the network
    /// stack writes packets into the area for the life of the queue.
    #[doc(alias = "io_uring_register_ifq")]
    pub unsafe fn register_ifq(&self, reg: &mut io_uring_zcrx_ifq_reg) -> io::Result<()> {
        // SAFETY: forwarded from this function's contract.
        unsafe {
            self.register_raw(sys::IORING_REGISTER_ZCRX_IFQ, (reg as *mut io_uring_zcrx_ifq_reg).cast(), 1)
        }
        .map(drop)
    }

    /// A control operation on the zero-copy receive instance `ctrl.zcrx_id`:
    /// `ZCRX_CTRL_FLUSH_RQ` (process the refill queue now) or
    /// `ZCRX_CTRL_EXPORT` (the kernel writes an fd for the instance into
    /// `ctrl.arg.zc_export.zcrx_fd`). Returns the kernel's result.
    ///
    /// liburing: [`io_uring_register_zcrx_ctrl`](https://man7.org/linux/man-pages/man3/io_uring_register_zcrx_ctrl.3.html).
    /// Kernel 6.19.
    #[doc(alias = "io_uring_register_zcrx_ctrl")]
    pub fn register_zcrx_ctrl(&self, ctrl: &mut zcrx_ctrl) -> io::Result<u32> {
        // SAFETY: `ctrl` holds only numbers and is read and written by the
        // kernel during the call only.
        unsafe { self.register_raw(sys::IORING_REGISTER_ZCRX_CTRL, (ctrl as *mut zcrx_ctrl).cast(), 0) }
    }
}
