//! Resizing a live ring's SQ and CQ (`IORING_REGISTER_RESIZE_RINGS`).

use crate::barrier::read_once;
use crate::error::errno;
use crate::params::Params;
use crate::ring::{Ring, sq_cq_entries};
use crate::sys;
use core::mem::size_of;
use core::ptr;
use std::io;

impl Ring {
    /// Give the ring new SQ and CQ sizes: `p.sq_entries` (the `entries` of
    /// setup) and, with `IORING_SETUP_CQSIZE` (see [`Params::cq_entries`]),
    /// `p.cq_entries`; `IORING_SETUP_CLAMP` is the only other flag allowed.
    /// Everything else is inherited from the ring.
    ///
    /// The kernel copies the pending submissions and completions into the new
    /// rings (`EOVERFLOW` when they do not fit); riouring then maps the new
    /// rings, moves the entries obtained with `get_sqe` but not yet submitted
    /// over too, points every ring pointer and mask at the new rings, and only
    /// then unmaps the old ones. On return `p` holds the kernel's answer
    /// (sizes, offsets) with its flags cleared, as liburing leaves it.
    ///
    /// Needs `IORING_SETUP_DEFER_TASKRUN` (else `EINVAL`), a ring mapped by
    /// the kernel (not `IORING_SETUP_NO_MMAP`: `EINVAL`) and a ring fd
    /// (`EBADF`). If mapping the new rings fails after the kernel resized
    /// them, the ring is unusable, as with liburing.
    ///
    /// liburing: [`io_uring_resize_rings`](https://man7.org/linux/man-pages/man3/io_uring_resize_rings.3.html).
    /// Kernel 6.13.
    #[doc(alias = "io_uring_resize_rings")]
    pub fn resize_rings(&mut self, p: &mut Params) -> io::Result<()> {
        let res = self.resize_rings_inner(p);
        p.raw_mut().flags = 0;
        res
    }

    fn resize_rings_inner(&mut self, p: &mut Params) -> io::Result<()> {
        if self.flags & sys::IORING_SETUP_NO_MMAP != 0 {
            return Err(errno(libc::EINVAL));
        }
        if self.ring_fd < 0 {
            return Err(errno(libc::EBADF));
        }
        let raw = p.raw_mut();
        raw.sq_off = Default::default();
        raw.cq_off = Default::default();

        // Entries handed out by get_sqe but not yet published live only in
        // our copy of the SQE array: they move over below, so they must fit
        // in the new SQ together with what the kernel has not consumed yet.
        let unflushed = self.sq.sqe_tail.wrapping_sub(self.sq.sqe_head);
        if unflushed != 0 {
            // SAFETY: khead points into the live SQ ring.
            let pending = self.sq.sqe_tail.wrapping_sub(unsafe { read_once(self.sq.khead) });
            if let Ok((new_sq, _)) = sq_cq_entries(raw.sq_entries, raw) {
                if pending > new_sq {
                    return Err(errno(libc::EOVERFLOW));
                }
            }
        }

        // SAFETY: `raw` is a valid io_uring_params that the kernel reads and
        // writes back during the call only.
        unsafe {
            self.register_raw(
                sys::IORING_REGISTER_RESIZE_RINGS,
                (raw as *mut sys::io_uring_params).cast(),
                1,
            )?
        };

        // Map the new rings with the ring's own flags and features (the
        // kernel's answer carries the sizes and offsets).
        let mut np = *raw;
        np.flags = self.flags;
        np.features = self.features;
        let mut fresh = Ring::empty();
        // SAFETY: ring_fd is this io_uring instance and `np` describes the
        // rings the kernel just installed.
        unsafe { fresh.mmap(self.ring_fd, &np)? };

        // Move the unpublished entries [sqe_head, sqe_tail) over.
        let shift = self.sqe_shift();
        let sqe_bytes = size_of::<sys::io_uring_sqe>() << shift;
        let mut i = self.sq.sqe_head;
        while i != self.sq.sqe_tail {
            let src = ((i & self.sq.ring_mask) << shift) as usize;
            let dst = ((i & fresh.sq.ring_mask) << shift) as usize;
            // SAFETY: both indices are inside their SQE arrays (masked, then
            // scaled by the entry size); the arrays are distinct mappings.
            // Neither slot is published, so the kernel reads neither.
            unsafe {
                ptr::copy_nonoverlapping(
                    self.sq.sqes.add(src).cast::<u8>(),
                    fresh.sq.sqes.add(dst).cast::<u8>(),
                    sqe_bytes,
                )
            };
            i = i.wrapping_add(1);
        }
        fresh.sq.sqe_head = self.sq.sqe_head;
        fresh.sq.sqe_tail = self.sq.sqe_tail;

        if np.flags & sys::IORING_SETUP_NO_SQARRAY == 0 {
            // Identity-map SQ slots to SQEs, as at setup.
            for idx in 0..fresh.sq.ring_entries {
                // SAFETY: `array` has `ring_entries` slots in the new mapping;
                // the kernel reads it only for published entries, which map
                // to the same index.
                unsafe { fresh.sq.array.add(idx as usize).write(idx) };
            }
        }

        // Swap: `self` now uses the new rings, `fresh` holds the old ones and
        // unmaps them as it drops (it has no fd and no registration).
        core::mem::swap(&mut self.sq, &mut fresh.sq);
        core::mem::swap(&mut self.cq, &mut fresh.cq);
        drop(fresh);
        Ok(())
    }
}
