//! Registration: fixed buffers (the table `READ_FIXED`, `WRITE_FIXED` and
//! other `*_FIXED` requests index with `buf_index`), and cloning that table
//! from one ring into another.

use crate::error::errno;
use crate::ring::{INT_FLAG_REG_REG_RING, Ring};
use crate::sys::{self, io_uring_clone_buffers, io_uring_rsrc_register, io_uring_rsrc_update2};
use core::ffi::c_void;
use std::io;

/// A slice length as the `u32` count the kernel takes (`EINVAL` past it).
pub(super) fn count(len: usize) -> io::Result<u32> {
    u32::try_from(len).map_err(|_| errno(libc::EINVAL))
}

/// The address of `tags` for the kernel: 0 (no tags) when empty, else it
/// must hold one tag per entry.
pub(super) fn tags_addr(tags: &[u64], nr: usize) -> io::Result<u64> {
    if tags.is_empty() {
        return Ok(0);
    }
    if tags.len() != nr {
        return Err(errno(libc::EINVAL));
    }
    Ok(tags.as_ptr() as u64)
}

impl Ring {
    /// Register `iovecs` as this ring's fixed buffers: buffer `i` is
    /// `iovecs[i]`, used by `*_FIXED` requests with `buf_index` `i`. The
    /// kernel pins the pages; it fails with `EBUSY` if a table is already
    /// registered, `EINVAL` for too many entries or a bad iovec, `ENOMEM`
    /// if the pages cannot be pinned (`RLIMIT_MEMLOCK` on old kernels).
    ///
    /// liburing: [`io_uring_register_buffers`](https://man7.org/linux/man-pages/man3/io_uring_register_buffers.3.html).
    /// Kernel 5.1.
    ///
    /// # Safety
    ///
    /// The kernel reads and writes the memory the iovecs describe whenever a
    /// fixed request uses it, long after this call returns. That memory must
    /// stay valid (mapped and not freed), and must not be accessed in a way
    /// that conflicts with the kernel's access, for as long as it is
    /// registered: until [`unregister_buffers`](Ring::unregister_buffers),
    /// a replacing update, or the ring's drop, and until every request that
    /// uses it has completed. The same holds for every ring the table is
    /// cloned into ([`clone_buffers`](Ring::clone_buffers)) until that ring
    /// releases it. The iovec array itself is only read during the call.
    #[doc(alias = "io_uring_register_buffers")]
    pub unsafe fn register_buffers(&mut self, iovecs: &[libc::iovec]) -> io::Result<()> {
        let nr = count(iovecs.len())?;
        // SAFETY: the iovec array is read during the call; the memory it
        // describes is covered by this function's contract.
        unsafe { self.register_raw(sys::IORING_REGISTER_BUFFERS, iovecs.as_ptr().cast(), nr)? };
        Ok(())
    }

    /// Register `iovecs` as fixed buffers, each with a tag (`tags[i]` for
    /// `iovecs[i]`; 0 means untagged; an empty `tags` tags none). When a
    /// tagged buffer leaves the table (replaced by an update, or
    /// unregistered) and the kernel no longer uses it, a CQE is posted with
    /// `user_data` = the tag and `res` 0. `EINVAL` if `tags` is neither empty
    /// nor as long as `iovecs`.
    ///
    /// liburing: [`io_uring_register_buffers_tags`](https://man7.org/linux/man-pages/man3/io_uring_register_buffers_tags.3.html).
    /// Kernel 5.13.
    ///
    /// # Safety
    ///
    /// As [`register_buffers`](Ring::register_buffers): the described memory
    /// must stay valid and unaliased for as long as it is registered.
    #[doc(alias = "io_uring_register_buffers_tags")]
    pub unsafe fn register_buffers_tags(&mut self, iovecs: &[libc::iovec], tags: &[u64]) -> io::Result<()> {
        let nr = count(iovecs.len())?;
        let reg = io_uring_rsrc_register {
            nr,
            data: iovecs.as_ptr() as u64,
            tags: tags_addr(tags, iovecs.len())?,
            ..Default::default()
        };
        // SAFETY: `reg` and the two arrays are read during the call; the
        // described memory is covered by this function's contract.
        unsafe { self.register_rsrc(sys::IORING_REGISTER_BUFFERS2, &reg)? };
        Ok(())
    }

    /// Register an empty (sparse) table of `nr` fixed buffers, to be filled
    /// later with [`register_buffers_update_tag`](Ring::register_buffers_update_tag)
    /// (or by cloning). Using an empty slot fails the request with `EFAULT`.
    ///
    /// liburing: [`io_uring_register_buffers_sparse`](https://man7.org/linux/man-pages/man3/io_uring_register_buffers_sparse.3.html).
    /// Kernel 5.19.
    #[doc(alias = "io_uring_register_buffers_sparse")]
    pub fn register_buffers_sparse(&mut self, nr: u32) -> io::Result<()> {
        let reg =
            io_uring_rsrc_register { nr, flags: sys::IORING_RSRC_REGISTER_SPARSE, ..Default::default() };
        // SAFETY: a sparse table names no memory; `reg` is read during the call.
        unsafe { self.register_rsrc(sys::IORING_REGISTER_BUFFERS2, &reg)? };
        Ok(())
    }

    /// Replace fixed buffers `off..off + iovecs.len()` with `iovecs`, tagged
    /// with `tags` (one per iovec, 0 for none; empty for no tags at all).
    /// An iovec with a null base and length 0 empties its slot. A replaced
    /// tagged buffer posts its tag CQE once the kernel is done with it.
    /// Returns the number of slots updated. `EINVAL` if `tags` is neither
    /// empty nor as long as `iovecs`, or the range is past the table;
    /// `ENXIO` without a table.
    ///
    /// liburing: [`io_uring_register_buffers_update_tag`](https://man7.org/linux/man-pages/man3/io_uring_register_buffers_update_tag.3.html).
    /// Kernel 5.13.
    ///
    /// # Safety
    ///
    /// As [`register_buffers`](Ring::register_buffers) for the new buffers.
    #[doc(alias = "io_uring_register_buffers_update_tag")]
    pub unsafe fn register_buffers_update_tag(
        &mut self,
        off: u32,
        iovecs: &[libc::iovec],
        tags: &[u64],
    ) -> io::Result<u32> {
        let up = io_uring_rsrc_update2 {
            offset: off,
            data: iovecs.as_ptr() as u64,
            tags: tags_addr(tags, iovecs.len())?,
            nr: count(iovecs.len())?,
            ..Default::default()
        };
        // SAFETY: `up` and the arrays are read during the call; the described
        // memory is covered by this function's contract.
        unsafe { self.register_update2(sys::IORING_REGISTER_BUFFERS_UPDATE, &up) }
    }

    /// Unregister every fixed buffer. Tagged buffers post their tag CQEs
    /// once no request uses them any more. `ENXIO` if none are registered.
    ///
    /// liburing: [`io_uring_unregister_buffers`](https://man7.org/linux/man-pages/man3/io_uring_unregister_buffers.3.html).
    /// Kernel 5.1.
    #[doc(alias = "io_uring_unregister_buffers")]
    pub fn unregister_buffers(&mut self) -> io::Result<()> {
        // SAFETY: no argument.
        unsafe { self.register_raw(sys::IORING_UNREGISTER_BUFFERS, core::ptr::null(), 0)? };
        Ok(())
    }

    /// Give this ring the same fixed buffers as `src` (all of them; this
    /// ring must have none: `EBUSY`). Looks `src` up through its registered
    /// ring index when it has one (`IORING_REGISTER_SRC_REGISTERED`), which
    /// only the thread that registered it may do; see
    /// [`clone_buffers_flags`](Ring::clone_buffers_flags) otherwise.
    /// `ENXIO` if `src` has no buffers. Both rings must belong to the same
    /// address space.
    ///
    /// Safe: the buffers are already registered, under the contract of
    /// [`register_buffers`](Ring::register_buffers), which extends to every
    /// ring they are cloned into.
    ///
    /// liburing: [`io_uring_clone_buffers`](https://man7.org/linux/man-pages/man3/io_uring_clone_buffers.3.html).
    /// Kernel 6.12.
    #[doc(alias = "io_uring_clone_buffers")]
    pub fn clone_buffers(&mut self, src: &Ring) -> io::Result<()> {
        self.clone_buffers_offset_flags(src, 0, 0, 0, sys::IORING_REGISTER_SRC_REGISTERED)
    }

    /// [`clone_buffers`](Ring::clone_buffers) with explicit `flags`:
    /// `IORING_REGISTER_SRC_REGISTERED` is not added (it is honoured only if
    /// passed and `src` has a registered ring fd usable for register calls),
    /// so `src` is found through its real fd; `IORING_REGISTER_DST_REPLACE`
    /// allows replacing buffers this ring already has.
    ///
    /// liburing: `__io_uring_clone_buffers` (see
    /// [`io_uring_clone_buffers(3)`](https://man7.org/linux/man-pages/man3/io_uring_clone_buffers.3.html)).
    /// Kernel 6.12; `IORING_REGISTER_DST_REPLACE` 6.13.
    #[doc(alias = "__io_uring_clone_buffers")]
    pub fn clone_buffers_flags(&mut self, src: &Ring, flags: u32) -> io::Result<()> {
        self.clone_buffers_offset_flags(src, 0, 0, 0, flags)
    }

    /// Clone `nr` fixed buffers of `src`, starting at its slot `src_off`,
    /// into this ring's slots from `dst_off` (all zeros: every buffer, as
    /// [`clone_buffers`](Ring::clone_buffers)). `flags` may hold
    /// `IORING_REGISTER_DST_REPLACE` to replace overlapping buffers this ring
    /// already has (otherwise an existing table is `EBUSY`);
    /// `IORING_REGISTER_SRC_REGISTERED` is added as in `clone_buffers`.
    /// A source range past `src`'s table fails (`EOVERFLOW` on Linux 6.18).
    ///
    /// liburing: [`io_uring_clone_buffers_offset`](https://man7.org/linux/man-pages/man3/io_uring_clone_buffers_offset.3.html).
    /// Kernel 6.13.
    #[doc(alias = "io_uring_clone_buffers_offset")]
    pub fn clone_buffers_offset(
        &mut self,
        src: &Ring,
        dst_off: u32,
        src_off: u32,
        nr: u32,
        flags: u32,
    ) -> io::Result<()> {
        self.clone_buffers_offset_flags(
            src,
            dst_off,
            src_off,
            nr,
            flags | sys::IORING_REGISTER_SRC_REGISTERED,
        )
    }

    /// [`clone_buffers_offset`](Ring::clone_buffers_offset) without adding
    /// `IORING_REGISTER_SRC_REGISTERED`: `flags` is used as given (that flag
    /// is dropped when `src` has no registered ring fd usable for register
    /// calls).
    ///
    /// liburing: `__io_uring_clone_buffers_offset` (see
    /// [`io_uring_clone_buffers(3)`](https://man7.org/linux/man-pages/man3/io_uring_clone_buffers.3.html)).
    /// Kernel 6.13.
    #[doc(alias = "__io_uring_clone_buffers_offset")]
    pub fn clone_buffers_offset_flags(
        &mut self,
        src: &Ring,
        dst_off: u32,
        src_off: u32,
        nr: u32,
        flags: u32,
    ) -> io::Result<()> {
        let mut arg = io_uring_clone_buffers { flags, src_off, dst_off, nr, ..Default::default() };
        if flags & sys::IORING_REGISTER_SRC_REGISTERED != 0 && src.int_flags & INT_FLAG_REG_REG_RING != 0 {
            arg.src_fd = src.enter_ring_fd as u32;
        } else {
            arg.src_fd = src.ring_fd as u32;
            arg.flags &= !sys::IORING_REGISTER_SRC_REGISTERED;
        }
        // SAFETY: `arg` is read during the call; the cloned buffers are
        // already registered under `register_buffers`' contract.
        unsafe {
            self.register_raw(
                sys::IORING_REGISTER_CLONE_BUFFERS,
                (&arg as *const io_uring_clone_buffers).cast(),
                1,
            )?
        };
        Ok(())
    }

    /// `register_raw` with an `io_uring_rsrc_register` argument.
    ///
    /// # Safety
    ///
    /// As `register_raw` for `opcode` and what `reg` points to.
    pub(super) unsafe fn register_rsrc(&self, opcode: u32, reg: &io_uring_rsrc_register) -> io::Result<u32> {
        let size = core::mem::size_of::<io_uring_rsrc_register>() as u32;
        // SAFETY: forwarded from this function's contract.
        unsafe { self.register_raw(opcode, (reg as *const io_uring_rsrc_register).cast::<c_void>(), size) }
    }

    /// `register_raw` with an `io_uring_rsrc_update2` argument.
    ///
    /// # Safety
    ///
    /// As `register_raw` for `opcode` and what `up` points to.
    pub(super) unsafe fn register_update2(&self, opcode: u32, up: &io_uring_rsrc_update2) -> io::Result<u32> {
        let size = core::mem::size_of::<io_uring_rsrc_update2>() as u32;
        // SAFETY: forwarded from this function's contract.
        unsafe { self.register_raw(opcode, (up as *const io_uring_rsrc_update2).cast::<c_void>(), size) }
    }
}
