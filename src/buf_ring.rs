//! Provided-buffer rings (`IORING_REGISTER_PBUF_RING`, kernel 5.19): the
//! application hands the kernel a ring of buffers for a buffer group, and a
//! request with `IOSQE_BUFFER_SELECT` and that group picks one when its data
//! arrives. The completion carries `IORING_CQE_F_BUFFER` and the buffer id in
//! its upper 16 flag bits.
//!
//! Two layers:
//! - liburing's shapes: [`Ring::register_buf_ring`], [`Ring::setup_buf_ring`],
//!   [`BufRingRaw`] with `add`/`advance`/`cq_advance`, ... Raw and mostly
//!   `unsafe`: the caller keeps the buffers alive.
//! - [`BufRing`]: a safe owner of a ring and its buffers.
//!
//! Memory ordering: the application writes ring entries beyond the tail, then
//! publishes them with a store-release of the 16-bit tail
//! ([`store_release_u16`]); its partner is the kernel's `smp_load_acquire` of
//! the tail in `io_ring_buffer_select` / `io_ring_buffers_peek`, after which
//! the kernel reads the entries. The kernel's head is private to the kernel
//! (read it with [`Ring::buf_ring_head`]).

use crate::barrier::{read_once_u16, store_release_u16};
use crate::cqe::CompletionQueueEvent;
use crate::error::{errno, kret};
use crate::mem::{map_anon, map_ring_fd, page_size, unmap};
use crate::ring::Ring;
use crate::sys::{self, io_uring_buf, io_uring_buf_reg, io_uring_buf_ring, io_uring_buf_status};
use core::ffi::c_void;
use core::mem::{offset_of, size_of};
use core::ptr::{self, NonNull};
use std::io;
use std::os::fd::{FromRawFd, OwnedFd, RawFd};

/// Offset of the tail in the ring (it overlays `bufs[0].resv`).
const TAIL_OFFSET: usize = offset_of!(io_uring_buf_ring, tail);
const _: () = assert!(TAIL_OFFSET == 14);
const _: () = assert!(size_of::<io_uring_buf>() == 16);

/// The largest ring the kernel accepts (`ring_entries < 65536`, a power of two).
const MAX_ENTRIES: u32 = 32768;

/// Mask to index a buffer ring of `ring_entries` entries (a power of two):
/// `ring_entries - 1`.
///
/// liburing: [`io_uring_buf_ring_mask`](https://man7.org/linux/man-pages/man3/io_uring_buf_ring_mask.3.html).
/// Kernel 5.19.
#[doc(alias = "io_uring_buf_ring_mask")]
#[inline]
pub const fn buf_ring_mask(ring_entries: u32) -> u32 {
    ring_entries.wrapping_sub(1)
}

/// A provided-buffer ring in memory: liburing's `struct io_uring_buf_ring *`,
/// with the entry count and group id it was registered with.
///
/// Made by [`Ring::setup_buf_ring`] (which allocates the ring memory) and
/// released by [`Ring::free_buf_ring`]; it has no `Drop`: like liburing's
/// pointer, forgetting to free it leaks the ring memory and keeps the group
/// registered. The buffers themselves belong to the caller.
#[doc(alias = "io_uring_buf_ring")]
#[derive(Debug)]
pub struct BufRingRaw {
    br: NonNull<io_uring_buf_ring>,
    entries: u32,
    bgid: u16,
    /// Bytes this handle mapped (0: the memory is not ours to unmap).
    map_len: usize,
}

// SAFETY: the handle owns (or exclusively uses) the ring memory; nothing in
// it is tied to a thread.
unsafe impl Send for BufRingRaw {}

impl BufRingRaw {
    /// Wrap ring memory registered by other means (for example with
    /// [`Ring::register_buf_ring`]). [`Ring::free_buf_ring`] unregisters it
    /// but leaves the memory alone.
    ///
    /// # Safety
    ///
    /// `br` must point to page-aligned memory of `entries * 16` bytes that
    /// holds the ring registered under `bgid` (`entries` a power of two),
    /// stays valid while this handle is used, and is written by nothing but
    /// this handle and the kernel.
    pub unsafe fn from_raw_parts(br: NonNull<io_uring_buf_ring>, entries: u32, bgid: u16) -> BufRingRaw {
        BufRingRaw { br, entries, bgid, map_len: 0 }
    }

    /// Wrap a ring that [`Ring::setup_buf_ring`] mapped, given back as its
    /// pointer, size and group (the C ABI's `io_uring_free_buf_ring`):
    /// [`Ring::free_buf_ring`] unregisters it and unmaps its `entries * 16`
    /// bytes.
    ///
    /// # Safety
    ///
    /// `br`, `entries` and `bgid` are those of a ring `setup_buf_ring`
    /// returned, not yet freed.
    #[doc(hidden)]
    pub unsafe fn from_setup_parts(br: NonNull<io_uring_buf_ring>, entries: u32, bgid: u16) -> BufRingRaw {
        BufRingRaw { br, entries, bgid, map_len: entries as usize * size_of::<io_uring_buf>() }
    }

    /// The ring memory.
    pub fn as_ptr(&self) -> *mut io_uring_buf_ring {
        self.br.as_ptr()
    }

    /// Number of entries.
    pub fn entries(&self) -> u32 {
        self.entries
    }

    /// The buffer group id.
    pub fn bgid(&self) -> u16 {
        self.bgid
    }

    /// The index mask, [`buf_ring_mask`] of [`entries`](BufRingRaw::entries).
    pub fn mask(&self) -> u32 {
        buf_ring_mask(self.entries)
    }

    fn tail_ptr(&self) -> *mut u16 {
        // SAFETY: the tail lies at byte 14 of the ring memory.
        unsafe { self.br.as_ptr().cast::<u8>().add(TAIL_OFFSET).cast() }
    }

    /// The application's tail: how many buffers were ever published, modulo
    /// 2^16.
    pub fn tail(&self) -> u16 {
        // SAFETY: the tail word is inside the live ring; only the application
        // writes it, always atomically.
        unsafe { read_once_u16(self.tail_ptr()) }
    }

    /// Reset the tail to 0.
    ///
    /// liburing: [`io_uring_buf_ring_init`](https://man7.org/linux/man-pages/man3/io_uring_buf_ring_init.3.html).
    /// Kernel 5.19.
    ///
    /// # Safety
    ///
    /// The kernel's head must be 0 too (the ring was just registered and
    /// nothing was published): otherwise the kernel sees `tail - head` stale
    /// entries as new buffers and writes wherever they point.
    #[doc(alias = "io_uring_buf_ring_init")]
    pub unsafe fn init(&mut self) {
        // SAFETY: the tail is inside the live ring. Release pairs with the
        // kernel's load-acquire of the tail (io_ring_buffer_select).
        unsafe { store_release_u16(self.tail_ptr(), 0) };
    }

    /// Write buffer `addr`/`len`/`bid` into the entry `buf_offset` places
    /// past the tail (`(tail + buf_offset) & mask`), not yet visible to the
    /// kernel: [`advance`](BufRingRaw::advance) publishes it. The index is
    /// also masked by the ring's own size, so it never leaves the ring.
    ///
    /// liburing: [`io_uring_buf_ring_add`](https://man7.org/linux/man-pages/man3/io_uring_buf_ring_add.3.html).
    /// Kernel 5.19.
    ///
    /// # Safety
    ///
    /// Once published, the kernel writes up to `len` bytes at `addr` when a
    /// request picks the buffer: `addr..addr + len` must stay valid and not be
    /// accessed by the application from the publication until the
    /// completion that reports buffer `bid` (without
    /// `IORING_CQE_F_BUF_MORE`), or until the group is unregistered and no
    /// request that picked it is still running.
    #[doc(alias = "io_uring_buf_ring_add")]
    pub unsafe fn add(&mut self, addr: *mut u8, len: u32, bid: u16, mask: u32, buf_offset: u32) {
        let idx = (self.tail() as u32).wrapping_add(buf_offset) & mask & self.mask();
        // SAFETY: idx < entries, so the entry is inside the ring. Entries past
        // the tail are not read by the kernel until the tail is released; the
        // fields are written one by one so that entry 0's `resv` (the tail)
        // is never touched.
        unsafe {
            let buf = self.br.as_ptr().cast::<io_uring_buf>().add(idx as usize);
            ptr::addr_of_mut!((*buf).addr).write(addr as u64);
            ptr::addr_of_mut!((*buf).len).write(len);
            ptr::addr_of_mut!((*buf).bid).write(bid);
        }
    }

    /// Publish `count` entries written by [`add`](BufRingRaw::add).
    ///
    /// liburing: [`io_uring_buf_ring_advance`](https://man7.org/linux/man-pages/man3/io_uring_buf_ring_advance.3.html).
    /// Kernel 5.19.
    ///
    /// # Safety
    ///
    /// The `count` entries after the tail must describe buffers as
    /// [`add`](BufRingRaw::add) requires (stale entries point at memory the
    /// kernel will write).
    #[doc(alias = "io_uring_buf_ring_advance")]
    pub unsafe fn advance(&mut self, count: u16) {
        let tail = self.tail().wrapping_add(count);
        // SAFETY: the tail is inside the live ring. Store-release pairs with
        // the kernel's smp_load_acquire of the tail in io_ring_buffer_select /
        // io_ring_buffers_peek: the entries written above are visible to the
        // kernel before the new tail is.
        unsafe { store_release_u16(self.tail_ptr(), tail) };
    }

    /// Publish `count` new buffers and mark `count` completions seen, in one
    /// go.
    ///
    /// liburing: [`io_uring_buf_ring_cq_advance`](https://man7.org/linux/man-pages/man3/io_uring_buf_ring_cq_advance.3.html).
    /// Kernel 5.19.
    ///
    /// # Safety
    ///
    /// As [`advance`](BufRingRaw::advance).
    #[doc(alias = "io_uring_buf_ring_cq_advance")]
    pub unsafe fn cq_advance(&mut self, ring: &mut Ring, count: u16) {
        // SAFETY: forwarded.
        unsafe { self.cq_advance_split(ring, count as u32, count) };
    }

    /// Publish `buf_count` new buffers and mark `cq_count` completions seen.
    ///
    /// Kernel 5.19.
    ///
    /// liburing: [`__io_uring_buf_ring_cq_advance`](https://man7.org/linux/man-pages/man3/__io_uring_buf_ring_cq_advance.3.html).
    ///
    /// # Safety
    ///
    /// As [`advance`](BufRingRaw::advance).
    #[doc(alias = "__io_uring_buf_ring_cq_advance")]
    pub unsafe fn cq_advance_split(&mut self, ring: &mut Ring, cq_count: u32, buf_count: u16) {
        // SAFETY: forwarded.
        unsafe { self.advance(buf_count) };
        ring.cq_advance(cq_count);
    }

    /// How many published buffers the kernel has not consumed yet
    /// (`tail - head`, with the head from [`Ring::buf_ring_head`]).
    ///
    /// liburing: [`io_uring_buf_ring_available`](https://man7.org/linux/man-pages/man3/io_uring_buf_ring_available.3.html).
    /// Kernel 6.8.
    #[doc(alias = "io_uring_buf_ring_available")]
    pub fn available(&self, ring: &Ring) -> io::Result<u16> {
        let head = ring.buf_ring_head(self.bgid)?;
        Ok(self.tail().wrapping_sub(head))
    }
}

impl Ring {
    /// Register a provided-buffer ring described by `reg` (ring address,
    /// entries, group id), with the `IOU_PBUF_RING_*` `flags` OR-ed into
    /// `reg.flags`: `IOU_PBUF_RING_MMAP` lets the kernel allocate the ring
    /// (map it at `IORING_OFF_PBUF_RING | bgid << IORING_OFF_PBUF_SHIFT`),
    /// `IOU_PBUF_RING_INC` consumes buffers incrementally (kernel 6.12: a
    /// completion with `IORING_CQE_F_BUF_MORE` leaves the buffer with the
    /// kernel, and the next one continues in it after the bytes already used).
    ///
    /// liburing: [`io_uring_register_buf_ring`](https://man7.org/linux/man-pages/man3/io_uring_register_buf_ring.3.html).
    /// Kernel 5.19.
    ///
    /// # Safety
    ///
    /// Unless `IOU_PBUF_RING_MMAP` is set, `reg.ring_addr` must be page-aligned
    /// memory of `ring_entries * 16` bytes; the kernel pins it. Every buffer
    /// later published in it must follow [`BufRingRaw::add`]'s rules.
    #[doc(alias = "io_uring_register_buf_ring")]
    pub unsafe fn register_buf_ring(&self, reg: &mut io_uring_buf_reg, flags: u16) -> io::Result<()> {
        reg.flags |= flags;
        // SAFETY: `reg` is valid for the call; the ring memory it names is
        // the caller's promise.
        unsafe { self.register_raw(sys::IORING_REGISTER_PBUF_RING, (reg as *mut io_uring_buf_reg).cast(), 1) }
            .map(drop)
    }

    /// Unregister the buffer ring of group `bgid`. `EINVAL` (or `ENOENT`) when
    /// no ring is registered for it.
    ///
    /// Requests that already picked a buffer may still write into it after
    /// this returns; see [`BufRing`] for when buffer memory may be reused.
    ///
    /// liburing: [`io_uring_unregister_buf_ring`](https://man7.org/linux/man-pages/man3/io_uring_unregister_buf_ring.3.html).
    /// Kernel 5.19.
    #[doc(alias = "io_uring_unregister_buf_ring")]
    pub fn unregister_buf_ring(&self, bgid: u16) -> io::Result<()> {
        let reg = io_uring_buf_reg { bgid, ..Default::default() };
        // SAFETY: `reg` is read by the kernel during the call only.
        unsafe {
            self.register_raw(sys::IORING_UNREGISTER_PBUF_RING, (&reg as *const io_uring_buf_reg).cast(), 1)
        }
        .map(drop)
    }

    /// The kernel's head of group `bgid`'s ring: the next entry it will
    /// consume.
    ///
    /// liburing: [`io_uring_buf_ring_head`](https://man7.org/linux/man-pages/man3/io_uring_buf_ring_head.3.html).
    /// Kernel 6.8.
    #[doc(alias = "io_uring_buf_ring_head")]
    pub fn buf_ring_head(&self, bgid: u16) -> io::Result<u16> {
        let mut st = io_uring_buf_status { buf_group: bgid as u32, ..Default::default() };
        // SAFETY: `st` is read and written by the kernel during the call only.
        unsafe {
            self.register_raw(
                sys::IORING_REGISTER_PBUF_STATUS,
                (&mut st as *mut io_uring_buf_status).cast(),
                1,
            )?
        };
        Ok(st.head as u16)
    }

    /// Allocate a ring of `entries` buffer slots (a power of two, at most
    /// 32768), register it for group `bgid` with the `IOU_PBUF_RING_*`
    /// `flags`, and reset its tail: an empty ring, ready for
    /// [`BufRingRaw::add`]. With `IOU_PBUF_RING_MMAP` the kernel allocates the
    /// ring and it is mapped from the ring fd.
    ///
    /// liburing: [`io_uring_setup_buf_ring`](https://man7.org/linux/man-pages/man3/io_uring_setup_buf_ring.3.html).
    /// Kernel 5.19.
    #[doc(alias = "io_uring_setup_buf_ring")]
    pub fn setup_buf_ring(&self, entries: u32, bgid: u16, flags: u16) -> io::Result<BufRingRaw> {
        let ring_size = entries as usize * size_of::<io_uring_buf>();
        let mut reg = io_uring_buf_reg { ring_entries: entries, bgid, ..Default::default() };
        let br: *mut u8;
        if flags & sys::IOU_PBUF_RING_MMAP != 0 {
            if self.ring_fd < 0 {
                return Err(errno(libc::EBADF));
            }
            // SAFETY: `reg` asks the kernel to allocate the ring itself.
            unsafe { self.register_buf_ring(&mut reg, flags)? };
            let off = sys::IORING_OFF_PBUF_RING | ((bgid as u64) << sys::IORING_OFF_PBUF_SHIFT);
            let p = match map_ring_fd(self.ring_fd, ring_size, off) {
                Ok(p) => p,
                Err(e) => {
                    let _ = self.unregister_buf_ring(bgid);
                    return Err(e);
                }
            };
            br = p.cast();
        } else {
            if ring_size == 0 {
                return Err(errno(libc::EINVAL));
            }
            br = map_anon(ring_size, libc::MAP_PRIVATE)?.cast();
            reg.ring_addr = br as u64;
            // SAFETY: `br` is fresh page-aligned memory of `ring_size` bytes,
            // kept until free_buf_ring; it publishes nothing yet.
            if let Err(e) = unsafe { self.register_buf_ring(&mut reg, flags) } {
                // SAFETY: just mapped, the kernel refused it.
                unsafe { unmap(br.cast(), ring_size) };
                return Err(e);
            }
        }
        let mut raw = BufRingRaw {
            // SAFETY: mmap never returns null on success.
            br: unsafe { NonNull::new_unchecked(br.cast()) },
            entries,
            bgid,
            map_len: ring_size,
        };
        // SAFETY: the ring was just registered: the kernel's head is 0.
        unsafe { raw.init() };
        Ok(raw)
    }

    /// Unregister `br`'s group and unmap the ring memory
    /// [`setup_buf_ring`](Ring::setup_buf_ring) allocated. On an error the
    /// group stays as it was and the memory is leaked, not unmapped.
    ///
    /// The buffers are the caller's: see [`Ring::unregister_buf_ring`].
    ///
    /// liburing: [`io_uring_free_buf_ring`](https://man7.org/linux/man-pages/man3/io_uring_free_buf_ring.3.html).
    /// Kernel 5.19.
    #[doc(alias = "io_uring_free_buf_ring")]
    pub fn free_buf_ring(&self, br: BufRingRaw) -> io::Result<()> {
        self.unregister_buf_ring(br.bgid)?;
        if br.map_len != 0 {
            // SAFETY: the mapping is ours (setup_buf_ring) and `br` is
            // consumed. The kernel no longer reads the ring (unregistered;
            // it had pinned its own reference to the pages anyway).
            unsafe { unmap(br.br.as_ptr().cast(), br.map_len) };
        }
        Ok(())
    }
}

/// Who owns a buffer of a [`BufRing`] right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Owner {
    /// Published in the ring, or picked by a request that has not completed.
    Kernel,
    /// Reported by a completion and not yet recycled.
    App,
}

/// A provided-buffer ring that owns its buffers: `entries` buffers of
/// `buf_size` bytes in one page-aligned allocation after the ring, registered
/// as one buffer group, all published at creation.
///
/// ```no_run
/// # use riouring::{BufRing, Ring};
/// # fn demo(ring: &mut Ring, cqe: riouring::CompletionQueueEvent) -> std::io::Result<()> {
/// let mut bufs = BufRing::new(ring, 8, 4096, 1)?;
/// // ... a recv with IOSQE_BUFFER_SELECT and buf_group 1 completes ...
/// // SAFETY: `cqe` is that recv's completion, from a request that selected
/// // its buffer from this group on `ring`.
/// if let Some(data) = unsafe { bufs.take(&cqe) } {
///     println!("{} bytes", data.len());
/// }
/// if let Some(bid) = cqe.buffer_id() {
///     bufs.recycle(bid)?;
/// }
/// # Ok(()) }
/// ```
///
/// # Ownership of the buffers
///
/// Each buffer belongs either to the kernel (published, or picked by a
/// request that has not completed) or to the application (a completion
/// reported it). [`take`](BufRing::take) moves a buffer to the application
/// when it is given the completion that reports it and returns the bytes the
/// kernel wrote; [`recycle`](BufRing::recycle) hands it back. A buffer is
/// taken once per completion and recycled once per take, so the kernel never
/// sees a buffer twice and never writes one the application is reading.
///
/// The completion is the kernel's word that it is done with the buffer:
/// give `take` only completions of requests that selected from this ring's
/// group (the CQE does not name the group, so with several groups on a ring
/// the application must know which request used which).
///
/// With `IOU_PBUF_RING_INC`, a completion with `IORING_CQE_F_BUF_MORE`
/// reports a piece of a buffer the kernel keeps: `take` returns that piece
/// (at the offset where the previous piece ended) and the buffer stays with
/// the kernel until a completion without the flag.
///
/// # Dropping
///
/// The kernel must never write into memory that was given back: requests that
/// already picked a buffer (for example one waiting in an io-wq worker) can
/// write into it even after the group is unregistered, until they complete,
/// and the ring teardown that would cancel them runs asynchronously. So
/// `Drop` unregisters the group (through a duplicate of the ring fd, which
/// also keeps the ring's kernel object alive until then) and then:
/// - if the application holds every buffer (none is with the kernel), unmaps
///   the memory;
/// - otherwise releases the pages but keeps the address range reserved and
///   inaccessible (`PROT_NONE`) for the rest of the process, so a late write
///   by the kernel fails with `EFAULT` instead of landing in reused memory.
///
/// A ring without a real fd (`IORING_SETUP_REGISTERED_FD_ONLY`, or after
/// [`Ring::close_ring_fd`]) cannot be duplicated: the group then stays
/// registered until the ring is torn down, with the same memory rule.
#[derive(Debug)]
pub struct BufRing {
    map: NonNull<u8>,
    map_len: usize,
    /// Bytes of ring at the start of the mapping (page-rounded).
    ring_len: usize,
    entries: u16,
    buf_size: u32,
    bgid: u16,
    incremental: bool,
    /// The application's tail (the kernel reads it atomically; only we write).
    tail: u16,
    owner: Vec<Owner>,
    /// Incremental rings: bytes of each buffer already reported.
    offset: Vec<u32>,
    /// A duplicate of the ring fd, to unregister on drop.
    ring_fd: Option<OwnedFd>,
}

// SAFETY: BufRing owns its mapping outright; the raw pointer is not tied to a
// thread, and every method that writes takes `&mut self`.
unsafe impl Send for BufRing {}

impl BufRing {
    /// Allocate `entries` buffers of `buf_size` bytes (`entries` a power of
    /// two, 1 to 32768), register them as group `bgid` on `ring`, and publish
    /// them all.
    ///
    /// liburing: the pattern of
    /// [`io_uring_setup_buf_ring`](https://man7.org/linux/man-pages/man3/io_uring_setup_buf_ring.3.html)
    /// plus `io_uring_buf_ring_add` for every buffer.
    /// Kernel 5.19.
    pub fn new(ring: &Ring, entries: u16, buf_size: u32, bgid: u16) -> io::Result<BufRing> {
        BufRing::with_flags(ring, entries, buf_size, bgid, 0)
    }

    /// [`new`](BufRing::new) with `IOU_PBUF_RING_*` flags: `IOU_PBUF_RING_INC`
    /// for incremental consumption (kernel 6.12). `IOU_PBUF_RING_MMAP` is
    /// refused (`EINVAL`): a `BufRing` allocates its own ring.
    pub fn with_flags(
        ring: &Ring,
        entries: u16,
        buf_size: u32,
        bgid: u16,
        flags: u16,
    ) -> io::Result<BufRing> {
        let n = entries as u32;
        if n == 0
            || !n.is_power_of_two()
            || n > MAX_ENTRIES
            || buf_size == 0
            || flags & sys::IOU_PBUF_RING_MMAP != 0
        {
            return Err(errno(libc::EINVAL));
        }
        let page = page_size();
        let ring_len = (n as usize * size_of::<io_uring_buf>()).next_multiple_of(page);
        let bufs_len = (n as usize).checked_mul(buf_size as usize).ok_or_else(|| errno(libc::ENOMEM))?;
        let map_len =
            ring_len.checked_add(bufs_len).ok_or_else(|| errno(libc::ENOMEM))?.next_multiple_of(page);
        let map: *mut u8 = map_anon(map_len, libc::MAP_PRIVATE)?.cast();
        let ring_fd = if ring.ring_fd >= 0 {
            // SAFETY: F_DUPFD_CLOEXEC creates a new fd and touches no memory.
            let fd: RawFd = unsafe { libc::fcntl(ring.ring_fd, libc::F_DUPFD_CLOEXEC, 0) };
            if fd < 0 {
                let e = io::Error::last_os_error();
                // SAFETY: just mapped, unused.
                unsafe { unmap(map.cast(), map_len) };
                return Err(e);
            }
            // SAFETY: `fd` is new and ours.
            Some(unsafe { OwnedFd::from_raw_fd(fd) })
        } else {
            None
        };
        let mut reg = io_uring_buf_reg { ring_addr: map as u64, ring_entries: n, bgid, ..Default::default() };
        // SAFETY: the ring memory is the page-aligned start of our mapping,
        // which lives until Drop (and then only as Drop describes); every
        // buffer published below lies inside the mapping too.
        if let Err(e) = unsafe { ring.register_buf_ring(&mut reg, flags) } {
            // SAFETY: the kernel refused the ring: nothing references it.
            unsafe { unmap(map.cast(), map_len) };
            return Err(e);
        }
        let mut br = BufRing {
            // SAFETY: mmap never returns null on success.
            map: unsafe { NonNull::new_unchecked(map) },
            map_len,
            ring_len,
            entries,
            buf_size,
            bgid,
            incremental: flags & sys::IOU_PBUF_RING_INC != 0,
            tail: 0,
            owner: vec![Owner::App; n as usize],
            offset: vec![0; n as usize],
            ring_fd,
        };
        for bid in 0..entries {
            br.write_entry(bid);
        }
        br.publish();
        Ok(br)
    }

    /// The buffer group id.
    pub fn bgid(&self) -> u16 {
        self.bgid
    }

    /// Number of buffers (and ring entries).
    pub fn entries(&self) -> u16 {
        self.entries
    }

    /// Size of each buffer in bytes.
    pub fn buf_size(&self) -> u32 {
        self.buf_size
    }

    /// Whether the ring consumes buffers incrementally (`IOU_PBUF_RING_INC`).
    pub fn is_incremental(&self) -> bool {
        self.incremental
    }

    /// Whether buffer `bid` is with the application (taken, not recycled).
    pub fn is_held(&self, bid: u16) -> bool {
        self.owner.get(bid as usize) == Some(&Owner::App)
    }

    /// The application's tail: buffers ever published, modulo 2^16.
    pub fn tail(&self) -> u16 {
        self.tail
    }

    /// The kernel's head of this group (see [`Ring::buf_ring_head`]); `ring`
    /// must be the ring the group is registered on.
    ///
    /// liburing: `io_uring_buf_ring_head` (no man page).
    #[doc(alias = "io_uring_buf_ring_head")]
    pub fn head(&self, ring: &Ring) -> io::Result<u16> {
        ring.buf_ring_head(self.bgid)
    }

    /// Published buffers the kernel has not consumed yet (`tail - head`).
    ///
    /// liburing: [`io_uring_buf_ring_available`](https://man7.org/linux/man-pages/man3/io_uring_buf_ring_available.3.html).
    #[doc(alias = "io_uring_buf_ring_available")]
    pub fn available(&self, ring: &Ring) -> io::Result<u16> {
        Ok(self.tail.wrapping_sub(self.head(ring)?))
    }

    fn buf_ptr(&self, bid: u16) -> *mut u8 {
        // SAFETY: bid < entries: the buffer lies inside the mapping.
        unsafe { self.map.as_ptr().add(self.ring_len + bid as usize * self.buf_size as usize) }
    }

    /// Write buffer `bid` (whole) into the entry at the tail; not published.
    fn write_entry(&mut self, bid: u16) {
        let idx = (self.tail & (self.entries - 1)) as usize;
        let addr = self.buf_ptr(bid) as u64;
        // SAFETY: idx < entries: inside the ring. The entry is past the
        // published tail, so the kernel does not read it; entry 0's `resv`
        // (the tail word) is not touched.
        unsafe {
            let buf = self.map.as_ptr().cast::<io_uring_buf>().add(idx);
            ptr::addr_of_mut!((*buf).addr).write(addr);
            ptr::addr_of_mut!((*buf).len).write(self.buf_size);
            ptr::addr_of_mut!((*buf).bid).write(bid);
        }
        self.owner[bid as usize] = Owner::Kernel;
        self.offset[bid as usize] = 0;
        self.tail = self.tail.wrapping_add(1);
    }

    /// Publish every entry written so far.
    fn publish(&mut self) {
        // SAFETY: the tail word is at byte 14 of the live ring. Store-release
        // pairs with the kernel's smp_load_acquire of the tail in
        // io_ring_buffer_select / io_ring_buffers_peek: the entries written
        // before are visible to the kernel before the new tail.
        unsafe { store_release_u16(self.map.as_ptr().add(TAIL_OFFSET).cast(), self.tail) };
    }

    /// The bytes a completion delivered into this ring's buffer: `res` bytes
    /// of the buffer named by `IORING_CQE_F_BUFFER` (at the running offset on
    /// an incremental ring). The buffer then belongs to the application until
    /// [`recycle`](BufRing::recycle)d, unless the completion has
    /// `IORING_CQE_F_BUF_MORE` (the kernel keeps filling the rest of it).
    ///
    /// `None` when the completion names no buffer of this ring, names one the
    /// application already holds (each completion is taken once), or reports
    /// more bytes than the buffer has left. A negative `res` with a buffer
    /// yields an empty slice.
    ///
    /// # Safety
    ///
    /// `cqe` must be a completion posted by the ring this `BufRing` is
    /// registered with, for a request that selected its buffer from this
    /// group. A completion cannot say which group or ring it came from, so a
    /// made-up one, or one from another group, could name a buffer that an
    /// in-flight request is still filling; the checks above catch replays
    /// and ids the application already holds, not that.
    pub unsafe fn take(&mut self, cqe: &CompletionQueueEvent) -> Option<&[u8]> {
        let bid = cqe.buffer_id()?;
        let i = bid as usize;
        if i >= self.entries as usize || self.owner[i] != Owner::Kernel {
            return None;
        }
        let len = cqe.res().max(0) as u32;
        let off = if self.incremental { self.offset[i] } else { 0 };
        if off as u64 + len as u64 > self.buf_size as u64 {
            return None;
        }
        if self.incremental && cqe.buf_more() {
            self.offset[i] = off + len;
        } else {
            self.owner[i] = Owner::App;
        }
        // SAFETY: the range lies inside buffer `bid`. Per the contract, the
        // completion is genuine for this group, so the kernel wrote it and is
        // done with it: it either gave the
        // whole buffer back (owner is now App, and only recycle, which needs
        // `&mut self`, returns it), or, with BUF_MORE, it only writes past
        // `off + len`.
        Some(unsafe { core::slice::from_raw_parts(self.buf_ptr(bid).add(off as usize), len as usize) })
    }

    /// Give buffer `bid`, which the application holds, back to the kernel
    /// (whole again on an incremental ring). `EINVAL` if `bid` is not a
    /// buffer of this ring or is not held by the application.
    ///
    /// liburing: [`io_uring_buf_ring_add`](https://man7.org/linux/man-pages/man3/io_uring_buf_ring_add.3.html).
    #[doc(alias = "io_uring_buf_ring_add", alias = "io_uring_buf_ring_advance")]
    pub fn recycle(&mut self, bid: u16) -> io::Result<()> {
        if !self.is_held(bid) {
            return Err(errno(libc::EINVAL));
        }
        self.write_entry(bid);
        self.publish();
        Ok(())
    }

    /// Recycle the buffer `cqe` reports, if this ring holds it for the
    /// application; see [`recycle`](BufRing::recycle).
    pub fn recycle_cqe(&mut self, cqe: &CompletionQueueEvent) -> io::Result<()> {
        self.recycle(cqe.buffer_id().ok_or_else(|| errno(libc::EINVAL))?)
    }

    /// Recycle buffer `bid` and mark `cqe_count` completions seen on `ring`.
    ///
    /// liburing: [`io_uring_buf_ring_cq_advance`](https://man7.org/linux/man-pages/man3/io_uring_buf_ring_cq_advance.3.html).
    #[doc(alias = "io_uring_buf_ring_cq_advance")]
    pub fn recycle_and_advance(&mut self, ring: &mut Ring, bid: u16, cqe_count: u32) -> io::Result<()> {
        self.recycle(bid)?;
        ring.cq_advance(cqe_count);
        Ok(())
    }
}

impl Drop for BufRing {
    fn drop(&mut self) {
        if let Some(fd) = self.ring_fd.take() {
            let reg = io_uring_buf_reg { bgid: self.bgid, ..Default::default() };
            // SAFETY: `reg` is read by the kernel during the call only; the
            // duplicate fd refers to the ring this group was registered on.
            let r = unsafe {
                sys::io_uring_register(
                    std::os::fd::AsRawFd::as_raw_fd(&fd),
                    sys::IORING_UNREGISTER_PBUF_RING,
                    (&reg as *const io_uring_buf_reg).cast(),
                    1,
                )
            };
            let _ = kret(r);
        }
        let base: *mut c_void = self.map.as_ptr().cast();
        if self.owner.iter().all(|&o| o == Owner::App) {
            // Nothing is published and no request holds a buffer: the kernel
            // cannot write into the mapping any more (it reads the ring only
            // through its own pinned reference).
            // SAFETY: the mapping is ours and nothing references it.
            unsafe { unmap(base, self.map_len) };
        } else {
            // SAFETY: replaces our own mapping in place with an inaccessible
            // reservation: the pages are freed, the addresses are never
            // reused, and a late kernel write fails with EFAULT.
            unsafe {
                libc::mmap(
                    base,
                    self.map_len,
                    libc::PROT_NONE,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED | libc::MAP_NORESERVE,
                    -1,
                    0,
                )
            };
        }
    }
}
