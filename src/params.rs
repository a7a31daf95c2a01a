//! `Params`: the setup parameters of a ring, in and out.

use crate::sys::{self, io_cqring_offsets, io_sqring_offsets, io_uring_params};

/// The parameters of `io_uring_setup(2)`: what the caller asks for (flags,
/// CQ size, SQ thread placement, a ring to share workers with) and what the
/// kernel answers (sizes, `IORING_FEAT_*` features, ring offsets).
///
/// Build one with the chained setters, hand it to
/// [`Ring::with_params`](crate::Ring::with_params), then read the kernel's
/// answer from it:
///
/// ```
/// use riouring::{Params, Ring, sys};
/// let mut p = Params::new().cq_entries(64);
/// let ring = Ring::with_params(8, &mut p)?;
/// assert_eq!((p.sq_entries(), p.cq_entries_out()), (8, 64));
/// assert!(p.features() & sys::IORING_FEAT_NODROP != 0);
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// liburing: `struct io_uring_params`, see
/// [`io_uring_setup(2)`](https://man7.org/linux/man-pages/man2/io_uring_setup.2.html).
#[doc(alias = "io_uring_params")]
#[repr(transparent)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Params {
    raw: io_uring_params,
}

impl Params {
    /// All-zero parameters: default flags, kernel-chosen CQ size.
    pub fn new() -> Params {
        Params::default()
    }

    /// Wrap raw parameters.
    pub fn from_raw(raw: io_uring_params) -> Params {
        Params { raw }
    }

    /// Set the `IORING_SETUP_*` flags (replacing any set before).
    pub fn flags(mut self, flags: u32) -> Params {
        self.raw.flags = flags;
        self
    }

    /// Ask for a CQ of `n` entries (sets `IORING_SETUP_CQSIZE`).
    pub fn cq_entries(mut self, n: u32) -> Params {
        self.raw.flags |= sys::IORING_SETUP_CQSIZE;
        self.raw.cq_entries = n;
        self
    }

    /// Use a kernel submission thread that sleeps after `idle_ms` of no work
    /// (sets `IORING_SETUP_SQPOLL`).
    pub fn sqpoll(mut self, idle_ms: u32) -> Params {
        self.raw.flags |= sys::IORING_SETUP_SQPOLL;
        self.raw.sq_thread_idle = idle_ms;
        self
    }

    /// Pin the submission thread to `cpu` (sets `IORING_SETUP_SQ_AFF`).
    pub fn sq_thread_cpu(mut self, cpu: u32) -> Params {
        self.raw.flags |= sys::IORING_SETUP_SQ_AFF;
        self.raw.sq_thread_cpu = cpu;
        self
    }

    /// Share the async worker pool of the ring `fd` (sets
    /// `IORING_SETUP_ATTACH_WQ`).
    pub fn attach_wq(mut self, fd: std::os::fd::RawFd) -> Params {
        self.raw.flags |= sys::IORING_SETUP_ATTACH_WQ;
        self.raw.wq_fd = fd as u32;
        self
    }

    /// The `IORING_SETUP_*` flags (after setup: the flags the ring has).
    pub fn get_flags(&self) -> u32 {
        self.raw.flags
    }

    /// SQ entries the kernel set up.
    pub fn sq_entries(&self) -> u32 {
        self.raw.sq_entries
    }

    /// CQ entries the kernel set up (or asked for, before setup).
    pub fn cq_entries_out(&self) -> u32 {
        self.raw.cq_entries
    }

    /// The `IORING_FEAT_*` bits this kernel reported.
    pub fn features(&self) -> u32 {
        self.raw.features
    }

    /// SQ thread CPU.
    pub fn get_sq_thread_cpu(&self) -> u32 {
        self.raw.sq_thread_cpu
    }

    /// SQ thread idle time in milliseconds.
    pub fn sq_thread_idle(&self) -> u32 {
        self.raw.sq_thread_idle
    }

    /// The ring whose workers are shared (`IORING_SETUP_ATTACH_WQ`).
    pub fn wq_fd(&self) -> u32 {
        self.raw.wq_fd
    }

    /// Offsets of the SQ ring's fields in its mapping.
    pub fn sq_off(&self) -> &io_sqring_offsets {
        &self.raw.sq_off
    }

    /// Offsets of the CQ ring's fields in its mapping.
    pub fn cq_off(&self) -> &io_cqring_offsets {
        &self.raw.cq_off
    }

    /// The raw kernel struct.
    pub fn raw(&self) -> &io_uring_params {
        &self.raw
    }

    /// The raw kernel struct, mutably (every field is plain data).
    pub fn raw_mut(&mut self) -> &mut io_uring_params {
        &mut self.raw
    }
}
