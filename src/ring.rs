//! `Ring`: creating, mapping and tearing down an io_uring instance
//! (liburing's setup.c).
//!
//! [`Ring`], [`SubmissionQueue`] and [`CompletionQueue`] have exactly the
//! layout of liburing's `struct io_uring`, `io_uring_sq` and `io_uring_cq`,
//! so that a C program's `struct io_uring` can be handed to riouring as a
//! `Ring` (the C ABI in `riouring-ffi` does exactly that).

use crate::error::{cvt, errno};
use crate::mem::{map_anon, map_ring_fd, page_size, unmap};
use crate::params::Params;
use crate::sys::{self, io_uring_cqe, io_uring_sqe};
use core::ffi::c_void;
use core::mem::{offset_of, size_of};
use core::ptr;
use core::sync::atomic::AtomicU32;
use std::io;
use std::os::fd::{AsRawFd, IntoRawFd, OwnedFd, RawFd};

/// `int_flags` bit: the ring fd is registered (`enter_ring_fd` is an index).
/// Same value as `IORING_ENTER_REGISTERED_RING`, so it can be OR-ed straight
/// into the enter flags.
pub(crate) const INT_FLAG_REG_RING: u8 = sys::IORING_ENTER_REGISTERED_RING as u8;
/// `int_flags` bit: waits do not count as iowait (`IORING_ENTER_NO_IOWAIT`).
pub(crate) const INT_FLAG_NO_IOWAIT: u8 = sys::IORING_ENTER_NO_IOWAIT as u8;
/// `int_flags` bit: register calls may use the registered ring index too.
pub(crate) const INT_FLAG_REG_REG_RING: u8 = 1;
/// `int_flags` bit: the ring lives in caller memory; do not unmap it.
pub(crate) const INT_FLAG_APP_MEM: u8 = 2;
/// `int_flags` bit: completions can only be found by entering (plain IOPOLL).
pub(crate) const INT_FLAG_CQ_ENTER: u8 = 4;
/// The `int_flags` bits that are also enter flags.
pub(crate) const INT_FLAGS_ENTER_MASK: u8 = INT_FLAG_REG_RING | INT_FLAG_NO_IOWAIT;

/// The kernel's largest SQ (`IORING_MAX_ENTRIES`).
pub(crate) const KERN_MAX_ENTRIES: u32 = 32768;
/// The kernel's largest CQ (`IORING_MAX_CQ_ENTRIES`).
pub(crate) const KERN_MAX_CQ_ENTRIES: u32 = 2 * KERN_MAX_ENTRIES;
/// Room the kernel reserves for the ring header (heads, tails, masks, flags).
const KRING_SIZE: usize = 64;
/// The huge-page size used for `IORING_SETUP_NO_MMAP` rings riouring allocates.
const HUGE_PAGE_SIZE: usize = 2 * 1024 * 1024;

/// The submission queue: pointers into the shared SQ ring and the
/// application's private view of it. Layout-identical to liburing's
/// `struct io_uring_sq` (104 bytes).
#[doc(alias = "io_uring_sq")]
#[repr(C)]
#[derive(Debug)]
pub struct SubmissionQueue {
    pub(crate) khead: *mut u32,
    pub(crate) ktail: *mut u32,
    pub(crate) kring_mask: *mut u32,
    pub(crate) kring_entries: *mut u32,
    pub(crate) kflags: *mut u32,
    pub(crate) kdropped: *mut u32,
    pub(crate) array: *mut u32,
    pub(crate) sqes: *mut io_uring_sqe,
    /// First entry not yet published to the kernel.
    pub(crate) sqe_head: u32,
    /// Next entry `get_sqe` hands out.
    pub(crate) sqe_tail: u32,
    pub(crate) ring_sz: usize,
    pub(crate) ring_ptr: *mut c_void,
    pub(crate) ring_mask: u32,
    pub(crate) ring_entries: u32,
    pub(crate) sqes_sz: u32,
    pub(crate) pad: u32,
}

/// The completion queue: pointers into the shared CQ ring. Layout-identical
/// to liburing's `struct io_uring_cq` (88 bytes).
#[doc(alias = "io_uring_cq")]
#[repr(C)]
#[derive(Debug)]
pub struct CompletionQueue {
    pub(crate) khead: *mut u32,
    pub(crate) ktail: *mut u32,
    pub(crate) kring_mask: *mut u32,
    pub(crate) kring_entries: *mut u32,
    pub(crate) kflags: *mut u32,
    pub(crate) koverflow: *mut u32,
    pub(crate) cqes: *mut io_uring_cqe,
    pub(crate) ring_sz: usize,
    pub(crate) ring_ptr: *mut c_void,
    pub(crate) ring_mask: u32,
    pub(crate) ring_entries: u32,
    pub(crate) pad: [u32; 2],
}

/// An io_uring instance: its file descriptor, its mapped submission and
/// completion rings, and the flags it was set up with.
///
/// Layout-identical to liburing's `struct io_uring` (216 bytes). Dropping a
/// `Ring` is `io_uring_queue_exit`: the rings are unmapped, a registered ring
/// fd is unregistered and the ring fd closed; requests still in flight are
/// cancelled by the kernel.
///
/// ```
/// let mut ring = riouring::Ring::new(8)?;
/// let sqe = ring.get_sqe().expect("the SQ is empty");
/// sqe.prep_nop();
/// sqe.set_data64(42);
/// ring.submit_and_wait(1)?;
/// let cqe = ring.wait_cqe()?;
/// assert_eq!((cqe.user_data(), cqe.res()), (42, 0));
/// ring.cqe_seen(&cqe);
/// # Ok::<(), std::io::Error>(())
/// ```
#[doc(alias = "io_uring")]
#[repr(C)]
#[derive(Debug)]
pub struct Ring {
    pub(crate) sq: SubmissionQueue,
    pub(crate) cq: CompletionQueue,
    pub(crate) flags: u32,
    pub(crate) ring_fd: RawFd,
    pub(crate) features: u32,
    pub(crate) enter_ring_fd: RawFd,
    pub(crate) int_flags: u8,
    pub(crate) pad: [u8; 3],
    pub(crate) pad2: u32,
}

// SAFETY: a Ring owns its fd and mappings outright; nothing in it is tied to
// the creating thread. Moving it to another thread is sound (with
// IORING_SETUP_SINGLE_ISSUER the kernel itself rejects submissions from a
// second task with EEXIST). It is not Sync: every mutating method takes
// `&mut self`, and the few `&self` readers only do atomic loads.
unsafe impl Send for Ring {}

const _: () = assert!(size_of::<SubmissionQueue>() == 104);
const _: () = assert!(offset_of!(SubmissionQueue, khead) == 0);
const _: () = assert!(offset_of!(SubmissionQueue, ktail) == 8);
const _: () = assert!(offset_of!(SubmissionQueue, kring_mask) == 16);
const _: () = assert!(offset_of!(SubmissionQueue, kring_entries) == 24);
const _: () = assert!(offset_of!(SubmissionQueue, kflags) == 32);
const _: () = assert!(offset_of!(SubmissionQueue, kdropped) == 40);
const _: () = assert!(offset_of!(SubmissionQueue, array) == 48);
const _: () = assert!(offset_of!(SubmissionQueue, sqes) == 56);
const _: () = assert!(offset_of!(SubmissionQueue, sqe_head) == 64);
const _: () = assert!(offset_of!(SubmissionQueue, sqe_tail) == 68);
const _: () = assert!(offset_of!(SubmissionQueue, ring_sz) == 72);
const _: () = assert!(offset_of!(SubmissionQueue, ring_ptr) == 80);
const _: () = assert!(offset_of!(SubmissionQueue, ring_mask) == 88);
const _: () = assert!(offset_of!(SubmissionQueue, ring_entries) == 92);
const _: () = assert!(offset_of!(SubmissionQueue, sqes_sz) == 96);
const _: () = assert!(offset_of!(SubmissionQueue, pad) == 100);

const _: () = assert!(size_of::<CompletionQueue>() == 88);
const _: () = assert!(offset_of!(CompletionQueue, khead) == 0);
const _: () = assert!(offset_of!(CompletionQueue, ktail) == 8);
const _: () = assert!(offset_of!(CompletionQueue, kring_mask) == 16);
const _: () = assert!(offset_of!(CompletionQueue, kring_entries) == 24);
const _: () = assert!(offset_of!(CompletionQueue, kflags) == 32);
const _: () = assert!(offset_of!(CompletionQueue, koverflow) == 40);
const _: () = assert!(offset_of!(CompletionQueue, cqes) == 48);
const _: () = assert!(offset_of!(CompletionQueue, ring_sz) == 56);
const _: () = assert!(offset_of!(CompletionQueue, ring_ptr) == 64);
const _: () = assert!(offset_of!(CompletionQueue, ring_mask) == 72);
const _: () = assert!(offset_of!(CompletionQueue, ring_entries) == 76);
const _: () = assert!(offset_of!(CompletionQueue, pad) == 80);

const _: () = assert!(size_of::<Ring>() == 216);
const _: () = assert!(core::mem::align_of::<Ring>() == 8);
const _: () = assert!(offset_of!(Ring, sq) == 0);
const _: () = assert!(offset_of!(Ring, cq) == 104);
const _: () = assert!(offset_of!(Ring, flags) == 192);
const _: () = assert!(offset_of!(Ring, ring_fd) == 196);
const _: () = assert!(offset_of!(Ring, features) == 200);
const _: () = assert!(offset_of!(Ring, enter_ring_fd) == 204);
const _: () = assert!(offset_of!(Ring, int_flags) == 208);
const _: () = assert!(offset_of!(Ring, pad) == 209);
const _: () = assert!(offset_of!(Ring, pad2) == 212);

const fn round_up(x: usize, to: usize) -> usize {
    (x + to - 1) & !(to - 1)
}

/// SQ and CQ sizes the kernel will choose for `entries` and `p.flags`,
/// checked as the kernel checks them.
pub(crate) fn sq_cq_entries(entries: u32, p: &sys::io_uring_params) -> io::Result<(u32, u32)> {
    let clamp = p.flags & sys::IORING_SETUP_CLAMP != 0;
    let mut entries = entries;
    if entries == 0 {
        return Err(errno(libc::EINVAL));
    }
    if entries > KERN_MAX_ENTRIES {
        if !clamp {
            return Err(errno(libc::EINVAL));
        }
        entries = KERN_MAX_ENTRIES;
    }
    let sq = entries.next_power_of_two();
    let cq = if p.flags & sys::IORING_SETUP_CQSIZE != 0 {
        let mut cq = p.cq_entries;
        if cq == 0 {
            return Err(errno(libc::EINVAL));
        }
        if cq > KERN_MAX_CQ_ENTRIES {
            if !clamp {
                return Err(errno(libc::EINVAL));
            }
            cq = KERN_MAX_CQ_ENTRIES;
        }
        let cq = cq.next_power_of_two();
        if cq < sq {
            return Err(errno(libc::EINVAL));
        }
        cq
    } else {
        2 * sq
    };
    Ok((sq, cq))
}

/// Bytes of SQE array for `sqes` entries under `flags`.
pub(crate) fn sqes_size(flags: u32, sqes: u32) -> usize {
    ((sqes as usize) << crate::queue::sqe_shift_from_flags(flags)) * size_of::<io_uring_sqe>()
}

/// Bytes of CQE array for `cqes` entries under `flags`.
pub(crate) fn cqes_size(flags: u32, cqes: u32) -> usize {
    ((cqes as usize) << crate::queue::cqe_shift_from_flags(flags)) * size_of::<io_uring_cqe>()
}

/// The ring words of a ring that has no rings (before setup, after
/// [`Ring::exit`]): every index zero and zero entries, so every method of such
/// a ring finds an empty, full-capacity-zero queue (`get_sqe` gives `None`,
/// peeks find nothing, waits fail with `EBADF` from the kernel) instead of
/// following a null pointer. Atomics, because the CQ head may be stored to.
static NO_RING_WORDS: [AtomicU32; 11] = [const { AtomicU32::new(0) }; 11];

const fn no_ring_word(i: usize) -> *mut u32 {
    NO_RING_WORDS[i].as_ptr()
}

impl SubmissionQueue {
    const fn empty() -> Self {
        SubmissionQueue {
            khead: no_ring_word(0),
            ktail: no_ring_word(1),
            kring_mask: no_ring_word(2),
            kring_entries: no_ring_word(3),
            kflags: no_ring_word(4),
            kdropped: no_ring_word(5),
            array: ptr::null_mut(),
            sqes: ptr::null_mut(),
            sqe_head: 0,
            sqe_tail: 0,
            ring_sz: 0,
            ring_ptr: ptr::null_mut(),
            ring_mask: 0,
            ring_entries: 0,
            sqes_sz: 0,
            pad: 0,
        }
    }
}

impl CompletionQueue {
    const fn empty() -> Self {
        CompletionQueue {
            khead: no_ring_word(6),
            ktail: no_ring_word(7),
            kring_mask: no_ring_word(8),
            kring_entries: no_ring_word(9),
            kflags: ptr::null_mut(),
            koverflow: no_ring_word(10),
            cqes: ptr::null_mut(),
            ring_sz: 0,
            ring_ptr: ptr::null_mut(),
            ring_mask: 0,
            ring_entries: 0,
            pad: [0; 2],
        }
    }
}

impl Ring {
    /// A ring that owns nothing: no mappings, fds -1, ring words pointing at
    /// [`NO_RING_WORDS`]. Dropping it does nothing.
    pub(crate) const fn empty() -> Self {
        Ring {
            sq: SubmissionQueue::empty(),
            cq: CompletionQueue::empty(),
            flags: 0,
            ring_fd: -1,
            features: 0,
            enter_ring_fd: -1,
            int_flags: 0,
            pad: [0; 3],
            pad2: 0,
        }
    }

    /// Create a ring with at least `entries` submission entries and default
    /// flags.
    ///
    /// Like liburing, riouring asks for `IORING_SETUP_NO_SQARRAY` (a kernel
    /// 6.6 feature) and falls back without it where the kernel refuses.
    ///
    /// liburing: [`io_uring_queue_init`](https://man7.org/linux/man-pages/man3/io_uring_queue_init.3.html)
    /// with flags 0. Kernel 5.1.
    #[doc(alias = "io_uring_queue_init")]
    pub fn new(entries: u32) -> io::Result<Ring> {
        Ring::with_flags(entries, 0)
    }

    /// Create a ring with at least `entries` submission entries and the
    /// `IORING_SETUP_*` flags `flags`.
    ///
    /// liburing: [`io_uring_queue_init`](https://man7.org/linux/man-pages/man3/io_uring_queue_init.3.html).
    /// Kernel 5.1; each flag has its own minimum (see [`sys`]).
    #[doc(alias = "io_uring_queue_init")]
    pub fn with_flags(entries: u32, flags: u32) -> io::Result<Ring> {
        let mut p = Params::new().flags(flags);
        Ring::with_params(entries, &mut p)
    }

    /// Create a ring described by `p`; on return `p` holds what the kernel
    /// filled in (sizes, features, ring offsets).
    ///
    /// With `IORING_SETUP_NO_MMAP` in `p`, riouring allocates the ring memory
    /// itself (one page, or a 2 MiB huge page when it does not fit in one; the
    /// huge page needs `vm.nr_hugepages`), as liburing does. To put the ring
    /// in your own memory, use [`Ring::with_memory`].
    ///
    /// liburing: [`io_uring_queue_init_params`](https://man7.org/linux/man-pages/man3/io_uring_queue_init_params.3.html).
    /// Kernel 5.1.
    #[doc(alias = "io_uring_queue_init_params", alias = "io_uring_setup")]
    pub fn with_params(entries: u32, p: &mut Params) -> io::Result<Ring> {
        // SAFETY: a null buffer asks `init_try_nosqarray` to allocate the ring
        // memory itself, when NO_MMAP is set.
        unsafe { Ring::init_try_nosqarray(entries, p, ptr::null_mut(), 0) }.map(|(ring, _)| ring)
    }

    /// Create a ring with `IORING_SETUP_NO_MMAP` in caller memory `buf` of
    /// `len` bytes (typically a huge page), returning the ring and the number
    /// of bytes of `buf` it used, so that further rings can be placed after it.
    /// Fails with `ENOMEM` when `buf` is too small.
    ///
    /// liburing: [`io_uring_queue_init_mem`](https://man7.org/linux/man-pages/man3/io_uring_queue_init_mem.3.html).
    /// Kernel 6.5.
    ///
    /// # Safety
    ///
    /// `buf` must be page-aligned, valid for reads and writes of `len` bytes,
    /// and stay mapped and untouched by anything but this ring until the
    /// returned `Ring` is dropped: the kernel and the ring use it as the SQE
    /// array and the shared ring.
    #[doc(alias = "io_uring_queue_init_mem")]
    pub unsafe fn with_memory(
        entries: u32,
        p: &mut Params,
        buf: *mut u8,
        len: usize,
    ) -> io::Result<(Ring, usize)> {
        if buf.is_null() {
            return Err(errno(libc::EINVAL));
        }
        p.raw_mut().flags |= sys::IORING_SETUP_NO_MMAP;
        // SAFETY: forwarded from this function's contract.
        unsafe { Ring::init_try_nosqarray(entries, p, buf.cast(), len) }
    }

    /// Map the rings of `fd`, an io_uring instance created by
    /// [`sys::io_uring_setup`] with the parameters `p` it filled in. The ring
    /// takes ownership of `fd` (on failure too: it is closed).
    ///
    /// liburing: [`io_uring_queue_mmap`](https://man7.org/linux/man-pages/man3/io_uring_queue_mmap.3.html).
    /// Kernel 5.1.
    ///
    /// # Safety
    ///
    /// `fd` must be an io_uring file descriptor and `p` exactly the parameters
    /// `io_uring_setup(2)` returned for it: the ring sizes and offsets in `p`
    /// decide how far riouring reads and writes into the mappings.
    #[doc(alias = "io_uring_queue_mmap")]
    pub unsafe fn from_fd(fd: OwnedFd, p: &Params) -> io::Result<Ring> {
        // SAFETY: forwarded from this function's contract. On success the
        // ring owns the fd (into_raw_fd below); on failure `fd` is dropped,
        // closing it.
        let ring = unsafe { Ring::from_raw_fd(fd.as_raw_fd(), p)? };
        let _ = fd.into_raw_fd();
        Ok(ring)
    }

    /// [`from_fd`](Ring::from_fd) with liburing's ownership rule: the ring
    /// owns `fd` only if the call succeeds; on failure it stays the caller's.
    ///
    /// liburing: [`io_uring_queue_mmap`](https://man7.org/linux/man-pages/man3/io_uring_queue_mmap.3.html).
    ///
    /// # Safety
    ///
    /// As [`from_fd`](Ring::from_fd); on success nothing else may close or
    /// use `fd` as its own afterwards (the ring closes it when dropped).
    pub unsafe fn from_raw_fd(fd: RawFd, p: &Params) -> io::Result<Ring> {
        let mut ring = Ring::empty();
        // SAFETY: forwarded from this function's contract.
        unsafe { ring.mmap(fd, p.raw())? };
        ring.flags = p.raw().flags;
        ring.features = p.raw().features;
        ring.ring_fd = fd;
        ring.enter_ring_fd = fd;
        Ok(ring)
    }

    /// Ask with `IORING_SETUP_NO_SQARRAY` first and fall back without it on
    /// `EINVAL`, unless the caller asked for it explicitly.
    ///
    /// # Safety
    ///
    /// `buf` is null, or as [`Ring::with_memory`] requires.
    unsafe fn init_try_nosqarray(
        entries: u32,
        p: &mut Params,
        buf: *mut c_void,
        len: usize,
    ) -> io::Result<(Ring, usize)> {
        let asked = p.raw().flags;
        p.raw_mut().flags |= sys::IORING_SETUP_NO_SQARRAY;
        // SAFETY: forwarded from this function's contract.
        match unsafe { Ring::init_params(entries, p, buf, len) } {
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) && asked & sys::IORING_SETUP_NO_SQARRAY == 0 => {
                p.raw_mut().flags = asked;
                // SAFETY: as above.
                unsafe { Ring::init_params(entries, p, buf, len) }
            }
            other => other,
        }
    }

    /// # Safety
    ///
    /// `buf` is null, or as [`Ring::with_memory`] requires.
    unsafe fn init_params(
        entries: u32,
        p: &mut Params,
        buf: *mut c_void,
        len: usize,
    ) -> io::Result<(Ring, usize)> {
        let raw = p.raw_mut();
        if raw.flags & sys::IORING_SETUP_REGISTERED_FD_ONLY != 0 && raw.flags & sys::IORING_SETUP_NO_MMAP == 0
        {
            return Err(errno(libc::EINVAL));
        }
        let mut ring = Ring::empty();
        let mut used = 0;
        if raw.flags & sys::IORING_SETUP_NO_MMAP != 0 {
            // SAFETY: forwarded from this function's contract.
            used = unsafe { ring.alloc_no_mmap(entries, raw, buf, len)? };
            if !buf.is_null() {
                ring.int_flags |= INT_FLAG_APP_MEM;
            }
        }
        // SAFETY: `raw` is a valid io_uring_params; with NO_MMAP its user_addr
        // fields point at memory sized by `alloc_no_mmap` for these entries.
        let fd = unsafe { sys::io_uring_setup(entries, raw) };
        if fd < 0 {
            // `ring` owns only what alloc_no_mmap mapped; Drop unmaps it
            // (and nothing for APP_MEM).
            return Err(errno(-fd));
        }
        if raw.flags & sys::IORING_SETUP_NO_MMAP == 0 {
            // SAFETY: `fd` is the ring io_uring_setup just created for `raw`.
            if let Err(e) = unsafe { ring.mmap(fd, raw) } {
                // SAFETY: fd is ours and not used elsewhere.
                unsafe { libc::close(fd) };
                return Err(e);
            }
        } else {
            // SAFETY: the kernel filled in the offsets into the memory
            // alloc_no_mmap gave it, which stays mapped.
            unsafe { ring.setup_ring_pointers(raw) };
        }
        if raw.flags & sys::IORING_SETUP_NO_SQARRAY == 0 {
            // Identity-map SQ slots to SQEs once; get_sqe then never touches
            // the array again.
            for i in 0..ring.sq.ring_entries {
                // SAFETY: `array` has `ring_entries` u32 slots in the mapping;
                // the kernel only reads it during submission, which cannot
                // happen before this ring is returned.
                unsafe { ring.sq.array.add(i as usize).write(i) };
            }
        }
        ring.features = raw.features;
        ring.flags = raw.flags;
        ring.enter_ring_fd = fd;
        if raw.flags & sys::IORING_SETUP_REGISTERED_FD_ONLY != 0 {
            ring.ring_fd = -1;
            ring.int_flags |= INT_FLAG_REG_RING | INT_FLAG_REG_REG_RING;
        } else {
            ring.ring_fd = fd;
        }
        if ring.flags & (sys::IORING_SETUP_IOPOLL | sys::IORING_SETUP_SQPOLL) == sys::IORING_SETUP_IOPOLL {
            ring.int_flags |= INT_FLAG_CQ_ENTER;
        }
        Ok((ring, used))
    }

    /// Allocate (or carve out of `buf`) the SQE array and the shared ring for
    /// an `IORING_SETUP_NO_MMAP` ring and record them in `p`. Returns the
    /// bytes used.
    ///
    /// # Safety
    ///
    /// `buf` is null, or as [`Ring::with_memory`] requires.
    unsafe fn alloc_no_mmap(
        &mut self,
        entries: u32,
        p: &mut sys::io_uring_params,
        buf: *mut c_void,
        len: usize,
    ) -> io::Result<usize> {
        let page = page_size();
        let (sq_entries, cq_entries) = sq_cq_entries(entries, p)?;
        let sqes_mem = round_up(sqes_size(p.flags, sq_entries), page);
        let mut ring_mem = KRING_SIZE + cqes_size(p.flags, cq_entries);
        if p.flags & sys::IORING_SETUP_NO_SQARRAY == 0 {
            ring_mem += sq_entries as usize * size_of::<u32>();
        }
        let mem_used = round_up(sqes_mem + ring_mem, page);
        if buf.is_null() && (sqes_mem > HUGE_PAGE_SIZE || ring_mem > HUGE_PAGE_SIZE) {
            return Err(errno(libc::ENOMEM));
        }
        let (base, buf_size, owned_size) = if !buf.is_null() {
            if mem_used > len {
                return Err(errno(libc::ENOMEM));
            }
            (buf, len, 0)
        } else {
            let (size, flags) = huge_or_page(sqes_mem, page);
            (map_anon(size, libc::MAP_SHARED | flags)?, size, size)
        };
        self.sq.sqes = base.cast();
        self.sq.sqes_sz = owned_size as u32;
        if mem_used <= buf_size {
            // Everything fits in one piece: one mapping to undo.
            // SAFETY: sqes_mem < mem_used <= buf_size, inside the buffer.
            self.sq.ring_ptr = unsafe { base.cast::<u8>().add(sqes_mem) }.cast();
            self.sq.ring_sz = 0;
            self.cq.ring_sz = 0;
        } else {
            let (size, flags) = huge_or_page(ring_mem, page);
            let ring = match map_anon(size, libc::MAP_SHARED | flags) {
                Ok(r) => r,
                Err(e) => {
                    // SAFETY: we just mapped `base` (owned_size > 0 here, as
                    // a caller buffer always takes the branch above).
                    unsafe { unmap(base, owned_size) };
                    self.sq.sqes = ptr::null_mut();
                    self.sq.sqes_sz = 0;
                    return Err(e);
                }
            };
            self.sq.ring_ptr = ring;
            self.sq.ring_sz = size;
            self.cq.ring_sz = 0;
        }
        self.cq.ring_ptr = self.sq.ring_ptr;
        p.sq_off.user_addr = self.sq.sqes as u64;
        p.cq_off.user_addr = self.sq.ring_ptr as u64;
        Ok(mem_used)
    }

    /// Map the SQ ring, CQ ring and SQE array of `fd`.
    ///
    /// # Safety
    ///
    /// `fd` is an io_uring instance and `p` its setup result.
    pub(crate) unsafe fn mmap(&mut self, fd: RawFd, p: &sys::io_uring_params) -> io::Result<()> {
        let mut sq_sz = p.sq_off.array as usize + p.sq_entries as usize * size_of::<u32>();
        let mut cq_sz = p.cq_off.cqes as usize + cqes_size(p.flags, p.cq_entries);
        let single = p.features & sys::IORING_FEAT_SINGLE_MMAP != 0;
        if single {
            sq_sz = sq_sz.max(cq_sz);
            cq_sz = sq_sz;
        }
        let sq_ptr = map_ring_fd(fd, sq_sz, sys::IORING_OFF_SQ_RING)?;
        let cq_ptr = if single {
            sq_ptr
        } else {
            match map_ring_fd(fd, cq_sz, sys::IORING_OFF_CQ_RING) {
                Ok(p) => p,
                Err(e) => {
                    // SAFETY: just mapped, not yet used.
                    unsafe { unmap(sq_ptr, sq_sz) };
                    return Err(e);
                }
            }
        };
        let sqes_sz = sqes_size(p.flags, p.sq_entries);
        let sqes = match map_ring_fd(fd, sqes_sz, sys::IORING_OFF_SQES) {
            Ok(p) => p,
            Err(e) => {
                // SAFETY: just mapped, not yet used.
                unsafe {
                    unmap(sq_ptr, sq_sz);
                    if cq_ptr != sq_ptr {
                        unmap(cq_ptr, cq_sz);
                    }
                }
                return Err(e);
            }
        };
        self.sq.ring_ptr = sq_ptr;
        self.sq.ring_sz = sq_sz;
        self.cq.ring_ptr = cq_ptr;
        self.cq.ring_sz = cq_sz;
        self.sq.sqes = sqes.cast();
        self.sq.sqes_sz = sqes_sz as u32;
        // SAFETY: the mappings are the kernel's rings described by `p`.
        unsafe { self.setup_ring_pointers(p) };
        Ok(())
    }

    /// Point the k* fields at the ring words, per the kernel's offsets.
    ///
    /// # Safety
    ///
    /// `sq.ring_ptr` and `cq.ring_ptr` are the rings described by `p`.
    unsafe fn setup_ring_pointers(&mut self, p: &sys::io_uring_params) {
        let sq = self.sq.ring_ptr.cast::<u8>();
        let cq = self.cq.ring_ptr.cast::<u8>();
        // SAFETY: the kernel's offsets all lie inside the ring mappings.
        unsafe {
            self.sq.khead = sq.add(p.sq_off.head as usize).cast();
            self.sq.ktail = sq.add(p.sq_off.tail as usize).cast();
            self.sq.kring_mask = sq.add(p.sq_off.ring_mask as usize).cast();
            self.sq.kring_entries = sq.add(p.sq_off.ring_entries as usize).cast();
            self.sq.kflags = sq.add(p.sq_off.flags as usize).cast();
            self.sq.kdropped = sq.add(p.sq_off.dropped as usize).cast();
            if p.flags & sys::IORING_SETUP_NO_SQARRAY == 0 {
                self.sq.array = sq.add(p.sq_off.array as usize).cast();
            }
            self.cq.khead = cq.add(p.cq_off.head as usize).cast();
            self.cq.ktail = cq.add(p.cq_off.tail as usize).cast();
            self.cq.kring_mask = cq.add(p.cq_off.ring_mask as usize).cast();
            self.cq.kring_entries = cq.add(p.cq_off.ring_entries as usize).cast();
            self.cq.koverflow = cq.add(p.cq_off.overflow as usize).cast();
            self.cq.cqes = cq.add(p.cq_off.cqes as usize).cast();
            if p.cq_off.flags != 0 {
                self.cq.kflags = cq.add(p.cq_off.flags as usize).cast();
            }
            // Masks and sizes never change (until a resize, which re-reads
            // them); the kernel wrote them before io_uring_setup returned.
            self.sq.ring_mask = crate::barrier::read_once(self.sq.kring_mask);
            self.sq.ring_entries = crate::barrier::read_once(self.sq.kring_entries);
            self.cq.ring_mask = crate::barrier::read_once(self.cq.kring_mask);
            self.cq.ring_entries = crate::barrier::read_once(self.cq.kring_entries);
        }
    }

    /// Release the ring's memory and fd: the body of `Drop`, callable on a
    /// ring that lives in foreign memory (the C ABI's `io_uring_queue_exit`).
    /// Leaves the ring empty, so a second call does nothing.
    ///
    /// liburing: [`io_uring_queue_exit`](https://man7.org/linux/man-pages/man3/io_uring_queue_exit.3.html).
    #[doc(alias = "io_uring_queue_exit")]
    pub fn exit(&mut self) {
        if self.int_flags & INT_FLAG_APP_MEM == 0 {
            // SAFETY: these are the mappings this ring created (an empty
            // ring has null pointers and zero sizes, which munmap skips). The
            // ring is being torn down, so nothing uses them any more.
            unsafe {
                unmap(self.sq.sqes.cast(), self.sq.sqes_sz as usize);
                unmap(self.sq.ring_ptr, self.sq.ring_sz);
                if !self.cq.ring_ptr.is_null() && self.cq.ring_ptr != self.sq.ring_ptr {
                    unmap(self.cq.ring_ptr, self.cq.ring_sz);
                }
            }
        }
        if self.int_flags & INT_FLAG_REG_RING != 0 {
            // Frees the registered slot now rather than at process exit. With
            // IORING_SETUP_REGISTERED_FD_ONLY (or after close_ring_fd) it is
            // the last reference, and unregistering it frees the ring.
            // Failure only means the slot was already gone.
            let _ = self.unregister_ring_fd();
        }
        if self.ring_fd != -1 {
            // SAFETY: the ring owns ring_fd.
            unsafe { libc::close(self.ring_fd) };
        }
        // Forget the old value: its resources were released just above, and
        // dropping it would run this function again.
        core::mem::forget(core::mem::replace(self, Ring::empty()));
    }

    /// Mark the ring's memory `MADV_DONTFORK`, so that a forked child does not
    /// inherit the mappings.
    ///
    /// liburing: [`io_uring_ring_dontfork`](https://man7.org/linux/man-pages/man3/io_uring_ring_dontfork.3.html).
    #[doc(alias = "io_uring_ring_dontfork")]
    pub fn dontfork(&mut self) -> io::Result<()> {
        if self.sq.ring_ptr.is_null() || self.sq.sqes.is_null() || self.cq.ring_ptr.is_null() {
            return Err(errno(libc::EINVAL));
        }
        let sqes_len = sqes_size(self.flags, self.sq.ring_entries);
        let mut ranges = vec![(self.sq.sqes.cast::<c_void>(), sqes_len), (self.sq.ring_ptr, self.sq.ring_sz)];
        if self.cq.ring_ptr != self.sq.ring_ptr {
            ranges.push((self.cq.ring_ptr, self.cq.ring_sz));
        }
        for (p, len) in ranges {
            if len == 0 {
                continue;
            }
            // SAFETY: madvise on our own mapping changes fork behaviour only.
            cvt(unsafe { libc::madvise(p, len, libc::MADV_DONTFORK) })?;
        }
        Ok(())
    }

    /// The ring's file descriptor, or -1 when it has none (set up with
    /// `IORING_SETUP_REGISTERED_FD_ONLY`, or after [`Ring::close_ring_fd`]).
    pub fn as_raw_fd(&self) -> RawFd {
        self.ring_fd
    }

    /// The fd used for `io_uring_enter`: the real fd, or the registered index.
    pub fn enter_fd(&self) -> RawFd {
        self.enter_ring_fd
    }

    /// The `IORING_SETUP_*` flags the ring was created with.
    pub fn flags(&self) -> u32 {
        self.flags
    }

    /// The `IORING_FEAT_*` bits the kernel reported at setup.
    pub fn features(&self) -> u32 {
        self.features
    }

    /// Whether the ring fd is registered (see [`Ring::register_ring_fd`]).
    pub fn is_ring_fd_registered(&self) -> bool {
        self.int_flags & INT_FLAG_REG_RING != 0
    }

    /// The flags to pass to `io_uring_enter` for this ring's own state.
    #[inline(always)]
    pub(crate) fn enter_flags(&self) -> u32 {
        (self.int_flags & INT_FLAGS_ENTER_MASK) as u32
    }
}

impl Drop for Ring {
    #[doc(alias = "io_uring_queue_exit")]
    fn drop(&mut self) {
        self.exit();
    }
}

impl AsRawFd for Ring {
    fn as_raw_fd(&self) -> RawFd {
        self.ring_fd
    }
}

/// Size and extra mmap flags for `need` bytes: a page, or a 2 MiB huge page.
fn huge_or_page(need: usize, page: usize) -> (usize, i32) {
    if need <= page { (page, 0) } else { (HUGE_PAGE_SIZE, libc::MAP_HUGETLB | (21 << libc::MAP_HUGE_SHIFT)) }
}

/// Bytes of memory a ring of `entries` entries with `flags` takes (SQE array
/// plus the shared ring, each rounded up to pages): what
/// [`Ring::with_memory`] needs at least.
///
/// liburing: [`io_uring_memory_size`](https://man7.org/linux/man-pages/man3/io_uring_memory_size.3.html).
#[doc(alias = "io_uring_memory_size")]
pub fn memory_size(entries: u32, flags: u32) -> io::Result<usize> {
    memory_size_params(entries, &Params::new().flags(flags))
}

/// Like [`memory_size`], with full parameters (for `IORING_SETUP_CQSIZE`).
///
/// liburing: [`io_uring_memory_size_params`](https://man7.org/linux/man-pages/man3/io_uring_memory_size_params.3.html).
#[doc(alias = "io_uring_memory_size_params")]
pub fn memory_size_params(entries: u32, p: &Params) -> io::Result<usize> {
    let p = p.raw();
    let (sq, cq) = sq_cq_entries(entries, p)?;
    let page = page_size();
    let mut cq_size = cqes_size(p.flags, cq) + KRING_SIZE;
    if p.flags & sys::IORING_SETUP_NO_SQARRAY == 0 {
        cq_size += sq as usize * size_of::<u32>();
    }
    Ok(round_up(cq_size, page) + round_up(sqes_size(p.flags, sq), page))
}

/// Bytes of `RLIMIT_MEMLOCK` a ring needs: 0 on kernels with
/// `IORING_FEAT_NATIVE_WORKERS` (5.12+, which account ring memory to the
/// cgroup instead), else [`memory_size`].
///
/// liburing: [`io_uring_mlock_size`](https://man7.org/linux/man-pages/man3/io_uring_mlock_size.3.html).
#[doc(alias = "io_uring_mlock_size")]
pub fn mlock_size(entries: u32, flags: u32) -> io::Result<usize> {
    mlock_size_params(entries, &Params::new().flags(flags))
}

/// Like [`mlock_size`], with full parameters.
///
/// liburing: [`io_uring_mlock_size_params`](https://man7.org/linux/man-pages/man3/io_uring_mlock_size_params.3.html).
#[doc(alias = "io_uring_mlock_size_params")]
pub fn mlock_size_params(entries: u32, p: &Params) -> io::Result<usize> {
    let mut probe = Params::new();
    if let Ok(ring) = Ring::with_params(entries, &mut probe) {
        drop(ring);
    }
    if probe.features() & sys::IORING_FEAT_NATIVE_WORKERS != 0 {
        return Ok(0);
    }
    memory_size_params(entries, p)
}
