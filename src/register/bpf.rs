//! Registration: classic BPF filters that allow or deny requests.

use crate::error::kret;
use crate::ring::Ring;
use crate::sys::{self, io_uring_bpf};
use std::io;

impl Ring {
    /// Attach a classic BPF filter to this ring: with `bpf.cmd_type` =
    /// `IO_URING_BPF_CMD_FILTER`, `bpf.cmd.filter` names the opcode, the
    /// program (`filter_ptr` to `filter_len` `libc::sock_filter`
    /// instructions) and the `IO_URING_BPF_FILTER_*` flags. The program sees
    /// an `io_uring_bpf_ctx` and returns non-zero to allow a request, zero to
    /// fail it with `EACCES`. The kernel copies the program during the call
    /// (a bad `filter_ptr` is `EFAULT`). On `EMSGSIZE` the kernel writes its
    /// own payload size into `bpf.cmd.filter.pdu_size`. Kernels without the
    /// call answer `EINVAL`.
    ///
    /// liburing: [`io_uring_register_bpf_filter`](https://man7.org/linux/man-pages/man3/io_uring_register_bpf_filter.3.html).
    /// Kernel: newer than 6.18, which answers `EINVAL` (`IORING_REGISTER_BPF_FILTER`).
    #[doc(alias = "io_uring_register_bpf_filter")]
    pub fn register_bpf_filter(&mut self, bpf: &mut io_uring_bpf) -> io::Result<()> {
        // SAFETY: the kernel reads `bpf` and the program it points to, and
        // may write `bpf` back, during the call only; reading a wrong program
        // address is an EFAULT, not a memory access of ours.
        unsafe {
            self.register_raw(
                sys::IORING_REGISTER_BPF_FILTER,
                (bpf as *mut io_uring_bpf).cast_const().cast(),
                1,
            )?
        };
        Ok(())
    }

    /// As [`register_bpf_filter`](Ring::register_bpf_filter), but for the
    /// calling task: the filter applies to every ring the task creates from
    /// now on (not to existing ones), is inherited across `fork(2)`, and
    /// cannot be removed. Needs no ring.
    ///
    /// liburing: [`io_uring_register_bpf_filter_task`](https://man7.org/linux/man-pages/man3/io_uring_register_bpf_filter_task.3.html).
    /// Kernel: newer than 6.18, which answers `EINVAL` (`IORING_REGISTER_BPF_FILTER`).
    #[doc(alias = "io_uring_register_bpf_filter_task")]
    pub fn register_bpf_filter_task(bpf: &mut io_uring_bpf) -> io::Result<()> {
        // SAFETY: as in `register_bpf_filter`; fd -1 names no ring.
        kret(unsafe {
            sys::io_uring_register(
                -1,
                sys::IORING_REGISTER_BPF_FILTER,
                (bpf as *mut io_uring_bpf).cast_const().cast(),
                1,
            )
        })?;
        Ok(())
    }
}
