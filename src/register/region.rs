//! Memory regions (`IORING_REGISTER_MEM_REGION`) and registered wait
//! arguments.

use crate::error::errno;
use crate::mem::{map_anon, page_size, unmap};
use crate::ring::Ring;
use crate::sys::{self, io_uring_mem_region_reg, io_uring_reg_wait, io_uring_region_desc};
use crate::timespec::Timespec;
use core::mem::size_of;
use core::ptr::{self, NonNull};
use std::io;

impl Ring {
    /// Register a memory region with the ring. With
    /// `IORING_MEM_REGION_REG_WAIT_ARG` in `reg.flags` the region holds
    /// [`io_uring_reg_wait`] slots that
    /// [`submit_and_wait_reg`](Ring::submit_and_wait_reg) names by index; the
    /// kernel accepts that only while the ring is still disabled
    /// (`IORING_SETUP_R_DISABLED`, before `IORING_REGISTER_ENABLE_RINGS`),
    /// and only one such region per ring. The kernel writes the completed
    /// [`io_uring_region_desc`] back (its `mmap_offset` for a kernel-allocated
    /// region). [`WaitRegion`] does all of this safely.
    ///
    /// liburing: [`io_uring_register_region`](https://man7.org/linux/man-pages/man3/io_uring_register_region.3.html).
    /// Kernel 6.13.
    ///
    /// # Safety
    ///
    /// `reg.region_uptr` must point to a valid, writable
    /// [`io_uring_region_desc`] during the call. With
    /// `IORING_MEM_REGION_TYPE_USER` its `user_addr` must be page-aligned
    /// memory of `size` bytes (a multiple of the page size); the kernel pins
    /// those pages and reads them (through its own mapping) for the life of
    /// the ring.
    #[doc(alias = "io_uring_register_region")]
    pub unsafe fn register_region(&self, reg: &mut io_uring_mem_region_reg) -> io::Result<()> {
        // SAFETY: forwarded from this function's contract.
        unsafe {
            self.register_raw(
                sys::IORING_REGISTER_MEM_REGION,
                (reg as *mut io_uring_mem_region_reg).cast(),
                1,
            )
        }
        .map(drop)
    }

    /// liburing's deprecated `io_uring_register_wait_reg`: it always fails
    /// with `EINVAL`, in liburing too (the kernel interface it was written
    /// for never shipped). Register a region with
    /// `IORING_MEM_REGION_REG_WAIT_ARG` instead ([`WaitRegion`],
    /// [`Ring::register_region`]).
    ///
    /// liburing: [`io_uring_register_wait_reg`](https://man7.org/linux/man-pages/man3/io_uring_register_wait_reg.3.html).
    #[doc(alias = "io_uring_register_wait_reg")]
    pub fn register_wait_reg(&self, _reg: &mut [io_uring_reg_wait]) -> io::Result<()> {
        Err(errno(libc::EINVAL))
    }
}

/// A registered wait region: page-aligned memory of
/// [`io_uring_reg_wait`] slots, registered with
/// `IORING_MEM_REGION_REG_WAIT_ARG`, whose slots
/// [`Ring::submit_and_wait_reg`] uses by index.
///
/// The ring must have been created with `IORING_SETUP_R_DISABLED` and not
/// enabled yet (the kernel's rule); enable it after registering.
///
/// The kernel pins the pages and reads a slot only while a wait that names it
/// runs; it never writes them, and a slot only holds numbers (a timeout, a
/// minimum wait time, and a signal-mask address it copies from), so filling
/// slots is safe. Dropping the region unmaps the application's view; the
/// pinned pages stay with the kernel until the ring is torn down (there is no
/// unregister).
#[derive(Debug)]
pub struct WaitRegion {
    ptr: NonNull<io_uring_reg_wait>,
    len: usize,
    slots: usize,
}

// SAFETY: the region owns its mapping; nothing in it is tied to a thread.
unsafe impl Send for WaitRegion {}

impl WaitRegion {
    /// Allocate room for at least `slots` wait slots (rounded up to whole
    /// pages) and register it on `ring` (which must be disabled, see above).
    pub fn new(ring: &Ring, slots: usize) -> io::Result<WaitRegion> {
        let bytes =
            slots.max(1).checked_mul(size_of::<io_uring_reg_wait>()).ok_or_else(|| errno(libc::ENOMEM))?;
        let len = bytes.next_multiple_of(page_size());
        let p = map_anon(len, libc::MAP_SHARED | libc::MAP_POPULATE)?;
        let mut desc = io_uring_region_desc {
            user_addr: p as u64,
            size: len as u64,
            flags: sys::IORING_MEM_REGION_TYPE_USER,
            ..Default::default()
        };
        let mut reg = io_uring_mem_region_reg {
            region_uptr: &mut desc as *mut io_uring_region_desc as u64,
            flags: sys::IORING_MEM_REGION_REG_WAIT_ARG,
            ..Default::default()
        };
        // SAFETY: `desc` lives across the call; the region is our fresh
        // page-aligned mapping of `len` bytes (a page multiple), which the
        // kernel pins.
        if let Err(e) = unsafe { ring.register_region(&mut reg) } {
            // SAFETY: just mapped; the kernel refused it.
            unsafe { unmap(p, len) };
            return Err(e);
        }
        Ok(WaitRegion {
            // SAFETY: mmap never returns null on success.
            ptr: unsafe { NonNull::new_unchecked(p.cast()) },
            len,
            slots: len / size_of::<io_uring_reg_wait>(),
        })
    }

    /// Number of slots.
    pub fn slots(&self) -> usize {
        self.slots
    }

    /// Slot `i`.
    pub fn slot(&self, i: usize) -> Option<&io_uring_reg_wait> {
        // SAFETY: i < slots: inside the mapping, aligned (page-aligned base,
        // 64-byte slots); any bytes are a valid io_uring_reg_wait.
        (i < self.slots).then(|| unsafe { &*self.ptr.as_ptr().add(i) })
    }

    /// Slot `i`, to fill in by hand.
    ///
    /// # Safety
    ///
    /// The slot's `sigmask` field is an address the kernel reads whenever a
    /// wait uses this slot, after this call returns: it must stay 0, or point
    /// to a `sigset_t` of at least `sigmask_sz` bytes that stays valid for as
    /// long as waits use the slot. The safe [`set_wait`](WaitRegion::set_wait)
    /// fills every other field.
    pub unsafe fn slot_mut(&mut self, i: usize) -> Option<&mut io_uring_reg_wait> {
        // SAFETY: as in `slot`; `&mut self` makes the borrow unique on our
        // side, and the kernel only reads.
        (i < self.slots).then(|| unsafe { &mut *self.ptr.as_ptr().add(i) })
    }

    /// Set slot `i` to a wait bounded by `ts` (`IORING_REG_WAIT_TS`; none:
    /// no timeout) that, once a completion arrived, waits at most
    /// `min_wait_usec` more for the rest; no signal mask. `false` if `i` is
    /// out of range.
    pub fn set_wait(&mut self, i: usize, ts: Option<&Timespec>, min_wait_usec: u32) -> bool {
        // SAFETY: the slot is overwritten whole with sigmask 0: no address.
        match unsafe { self.slot_mut(i) } {
            Some(s) => {
                *s = io_uring_reg_wait {
                    ts: ts.map(|t| *t.as_raw()).unwrap_or_default(),
                    min_wait_usec,
                    flags: if ts.is_some() { sys::IORING_REG_WAIT_TS } else { 0 },
                    ..Default::default()
                };
                true
            }
            None => false,
        }
    }

    /// Set slot `i` to a wait with timeout `ts` and no minimum wait: see
    /// [`set_wait`](WaitRegion::set_wait). `false` if `i` is out of range.
    pub fn set_timeout(&mut self, i: usize, ts: &Timespec) -> bool {
        self.set_wait(i, Some(ts), 0)
    }
}

impl Drop for WaitRegion {
    fn drop(&mut self) {
        // SAFETY: the mapping is ours; the kernel holds its own references to
        // the pinned pages and never uses our addresses.
        unsafe { unmap(self.ptr.as_ptr().cast(), self.len) };
    }
}
