//! `SubmissionQueueEntry`: one request, as the kernel will read it.
//!
//! Reading any field is safe (they are all plain integers). Setting a field
//! that the kernel may treat as an address, a length of memory, or an offset
//! into memory is `unsafe`; the `prep_*` helpers (in `prep/`) set them with
//! the types and contracts of each operation.

use crate::sys::{self, io_uring_sqe};
use core::ffi::c_void;
use core::ops::{Deref, DerefMut};

/// One submission queue entry (64 bytes), borrowed from the ring by
/// [`Ring::get_sqe`](crate::Ring::get_sqe).
///
/// A fresh entry is all zeros: a NOP. Fill it with one `prep_*` helper, then
/// optionally set its user data and flags:
///
/// ```
/// # let mut ring = riouring::Ring::new(4)?;
/// let sqe = ring.get_sqe().unwrap();
/// sqe.prep_nop();
/// sqe.set_data64(7);
/// sqe.set_flags(riouring::sys::IOSQE_ASYNC);
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// The borrow ends before the next submit, so an entry can never be changed
/// after the kernel may have read it.
///
/// liburing: `struct io_uring_sqe`; see
/// [`io_uring_get_sqe(3)`](https://man7.org/linux/man-pages/man3/io_uring_get_sqe.3.html).
#[doc(alias = "io_uring_sqe")]
#[repr(transparent)]
pub struct SubmissionQueueEntry(pub(crate) io_uring_sqe);

/// A 128-byte submission entry, for rings set up with
/// `IORING_SETUP_SQE128` or `IORING_SETUP_SQE_MIXED`: the 64-byte entry
/// followed by 64 more bytes of command payload, so that `uring_cmd`
/// requests carry 80 bytes from offset 48.
///
/// Dereferences to [`SubmissionQueueEntry`] for the common fields.
///
/// liburing: see [`io_uring_get_sqe128(3)`](https://man7.org/linux/man-pages/man3/io_uring_get_sqe128.3.html).
#[repr(C)]
pub struct SubmissionQueueEntry128 {
    pub(crate) sqe: SubmissionQueueEntry,
    pub(crate) ext: [u8; 64],
}

const _: () = assert!(core::mem::size_of::<SubmissionQueueEntry>() == 64);
const _: () = assert!(core::mem::size_of::<SubmissionQueueEntry128>() == 128);

impl Deref for SubmissionQueueEntry128 {
    type Target = SubmissionQueueEntry;
    fn deref(&self) -> &SubmissionQueueEntry {
        &self.sqe
    }
}

impl DerefMut for SubmissionQueueEntry128 {
    fn deref_mut(&mut self) -> &mut SubmissionQueueEntry {
        &mut self.sqe
    }
}

impl SubmissionQueueEntry128 {
    /// The 80-byte command area (bytes 48..128).
    pub fn cmd(&self) -> &[u8; 80] {
        // SAFETY: `SubmissionQueueEntry128` is repr(C): the 16-byte SQE tail
        // union at offset 48 is directly followed by the 64-byte `ext`, so
        // bytes 48..128 are in bounds, initialized integers, and borrowed
        // through `&self`.
        unsafe { &*(self as *const Self).cast::<u8>().add(48).cast::<[u8; 80]>() }
    }

    /// The 80-byte command area, mutably.
    ///
    /// # Safety
    ///
    /// The command payload is interpreted by the driver the request goes to;
    /// it may contain addresses the kernel reads or writes (an NVMe command's
    /// data pointer, for instance). Whatever addresses it holds must stay
    /// valid as that command requires, until its completion.
    pub unsafe fn cmd_mut(&mut self) -> &mut [u8; 80] {
        // SAFETY: as in `cmd`, borrowed through `&mut self`.
        unsafe { &mut *(self as *mut Self).cast::<u8>().add(48).cast::<[u8; 80]>() }
    }

    /// Zero all 128 bytes: the entry is a NOP again.
    pub fn initialize(&mut self) {
        self.sqe.initialize();
        self.ext = [0; 64];
    }

    /// Prepare a NOP that occupies a 128-byte entry (`IORING_OP_NOP128`), the
    /// entry a mixed ring needs when a NOP must span two slots.
    ///
    /// Completion: `res` 0.
    ///
    /// liburing: [`io_uring_prep_nop128`](https://man7.org/linux/man-pages/man3/io_uring_prep_nop128.3.html).
    /// Kernel 6.19 (on older kernels the CQE carries `-EINVAL`).
    #[doc(alias = "io_uring_prep_nop128")]
    pub fn prep_nop128(&mut self) {
        self.sqe.prep_base(sys::IORING_OP_NOP128, -1, 0, 0, 0);
        self.ext = [0; 64];
    }
}

impl SubmissionQueueEntry {
    /// A standalone zeroed entry (a NOP), owned by the caller rather than a
    /// ring: for calls that take an entry by value, such as
    /// [`Ring::register_sync_msg`](crate::Ring::register_sync_msg)
    /// (`sqe.prep_msg_ring(..)`, then pass `sqe.as_raw()`).
    pub fn new() -> SubmissionQueueEntry {
        SubmissionQueueEntry(io_uring_sqe::default())
    }

    /// Zero every field: the entry becomes a NOP with no flags and user
    /// data 0. [`Ring::get_sqe`](crate::Ring::get_sqe) already does this.
    ///
    /// liburing: `io_uring_initialize_sqe` (no man page).
    #[doc(alias = "io_uring_initialize_sqe")]
    #[inline]
    pub fn initialize(&mut self) {
        self.0 = io_uring_sqe::default();
    }

    /// The common base of every prep helper: set opcode, fd, address, length
    /// and offset, and zero every other field except the ones the caller sets
    /// independently of the operation (`flags`, `user_data`, `personality`).
    /// Safe by itself because it is crate-private: each public prep that
    /// passes an address is `unsafe` with its own contract.
    #[inline(always)]
    pub(crate) fn prep_base(&mut self, opcode: u8, fd: i32, addr: u64, len: u32, off: u64) {
        let flags = self.0.flags;
        let user_data = self.0.user_data;
        let personality = self.0.personality;
        let s = io_uring_sqe {
            opcode,
            flags,
            fd,
            off: sys::io_uring_sqe_off { off },
            addr: sys::io_uring_sqe_addr { addr },
            len,
            user_data,
            personality,
            ..io_uring_sqe::default()
        };
        self.0 = s;
    }

    /// Prepare a request by hand: opcode, fd, address, length and offset, the
    /// other fields zeroed (flags, user data and personality kept).
    ///
    /// liburing: [`io_uring_prep_rw`](https://man7.org/linux/man-pages/man3/io_uring_prep_rw.3.html).
    ///
    /// # Safety
    ///
    /// `addr`, `len` and `off` are what `op` makes of them: if they describe
    /// memory (a buffer, an iovec array, a path, ...), that memory must stay
    /// valid, and not be accessed in a way that conflicts with the kernel's
    /// access, until the completion (or until submission, for what the
    /// operation copies at submit time).
    #[doc(alias = "io_uring_prep_rw")]
    #[inline]
    pub unsafe fn prep_rw(&mut self, op: u8, fd: i32, addr: *const c_void, len: u32, off: u64) {
        self.prep_base(op, fd, addr as u64, len, off);
    }

    /// Prepare a no-op: the kernel completes it with `res` 0 without doing
    /// anything. Useful to test a ring, or to post a completion.
    ///
    /// Completion: `res` 0.
    ///
    /// liburing: [`io_uring_prep_nop`](https://man7.org/linux/man-pages/man3/io_uring_prep_nop.3.html).
    /// Kernel 5.1.
    #[doc(alias = "io_uring_prep_nop")]
    #[inline]
    pub fn prep_nop(&mut self) {
        self.prep_base(sys::IORING_OP_NOP, -1, 0, 0, 0);
    }

    /// Make the request install its result file into direct-descriptor slot
    /// `file_index` (0-based) instead of the process fd table; pass
    /// `IORING_FILE_INDEX_ALLOC` to let the kernel pick a free slot (the CQE
    /// then carries the slot). Stores `file_index + 1`, as the kernel wants;
    /// `IORING_FILE_INDEX_ALLOC` is stored unchanged.
    ///
    /// Kernel 5.15.
    ///
    /// liburing: `__io_uring_set_target_fixed_file` (internal; no man page).
    #[doc(alias = "__io_uring_set_target_fixed_file")]
    #[inline]
    pub fn set_target_fixed_file(&mut self, file_index: u32) {
        // IORING_FILE_INDEX_ALLOC is u32::MAX: + 1 would wrap to 0 ("no
        // slot"), so it is stored as is (liburing's callers reach the same
        // value by passing IORING_FILE_INDEX_ALLOC - 1).
        self.0.file_index.file_index =
            if file_index == sys::IORING_FILE_INDEX_ALLOC { file_index } else { file_index + 1 };
    }

    /// Store a 64-bit value that the completion will carry back.
    ///
    /// liburing: [`io_uring_sqe_set_data64`](https://man7.org/linux/man-pages/man3/io_uring_sqe_set_data64.3.html).
    #[doc(alias = "io_uring_sqe_set_data64")]
    #[inline]
    pub fn set_data64(&mut self, data: u64) {
        self.0.user_data = data;
    }

    /// Store a pointer that the completion will carry back (see
    /// [`CompletionQueueEvent::data`](crate::CompletionQueueEvent::data)). The
    /// kernel never dereferences it.
    ///
    /// liburing: [`io_uring_sqe_set_data`](https://man7.org/linux/man-pages/man3/io_uring_sqe_set_data.3.html).
    #[doc(alias = "io_uring_sqe_set_data")]
    #[inline]
    pub fn set_data<T>(&mut self, data: *mut T) {
        self.0.user_data = data as usize as u64;
    }

    /// Set the `IOSQE_*` flags (replacing any set before).
    ///
    /// liburing: [`io_uring_sqe_set_flags`](https://man7.org/linux/man-pages/man3/io_uring_sqe_set_flags.3.html).
    #[doc(alias = "io_uring_sqe_set_flags")]
    #[inline]
    pub fn set_flags(&mut self, flags: u8) {
        self.0.flags = flags;
    }

    /// Choose the provided-buffer group a `IOSQE_BUFFER_SELECT` request picks
    /// its buffer from. Call it after the prep helper.
    ///
    /// liburing: [`io_uring_sqe_set_buf_group`](https://man7.org/linux/man-pages/man3/io_uring_sqe_set_buf_group.3.html).
    #[doc(alias = "io_uring_sqe_set_buf_group")]
    #[inline]
    pub fn set_buf_group(&mut self, bgid: u16) {
        self.0.buf.buf_group = bgid;
    }

    /// Run the request with the credentials registered as `personality`
    /// (see [`Ring::register_personality`](crate::Ring::register_personality)).
    #[inline]
    pub fn set_personality(&mut self, personality: u16) {
        self.0.personality = personality;
    }

    /// Set `ioprio`: the I/O priority of reads and writes, or the per-opcode
    /// flags of send, receive and accept (`IORING_RECVSEND_*`, ...).
    #[inline]
    pub fn set_ioprio(&mut self, ioprio: u16) {
        self.0.ioprio = ioprio;
    }

    /// The raw entry.
    #[inline]
    pub fn as_raw(&self) -> &io_uring_sqe {
        &self.0
    }

    /// The raw entry, mutably.
    ///
    /// # Safety
    ///
    /// Whatever the fields say must be true when the kernel reads them: any
    /// address stored must stay valid as the operation requires, until its
    /// completion.
    #[inline]
    pub unsafe fn as_raw_mut(&mut self) -> &mut io_uring_sqe {
        &mut self.0
    }

    /// `opcode`.
    pub fn opcode(&self) -> u8 {
        self.0.opcode
    }
    /// `flags` (`IOSQE_*`).
    pub fn flags(&self) -> u8 {
        self.0.flags
    }
    /// `ioprio`.
    pub fn ioprio(&self) -> u16 {
        self.0.ioprio
    }
    /// `fd`.
    pub fn fd(&self) -> i32 {
        self.0.fd
    }
    /// `off` (the same bytes as `addr2` and `cmd_op`).
    pub fn off(&self) -> u64 {
        // SAFETY: every member of the union is plain integers covering the
        // same 8 bytes; any bit pattern is a valid u64.
        unsafe { self.0.off.off }
    }
    /// `addr` (the same bytes as `splice_off_in` and `level`/`optname`).
    pub fn addr(&self) -> u64 {
        // SAFETY: as in `off`.
        unsafe { self.0.addr.addr }
    }
    /// `len`.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> u32 {
        self.0.len
    }
    /// The per-opcode flags word (`rw_flags`, `msg_flags`, `timeout_flags`, ...).
    pub fn op_flags(&self) -> u32 {
        // SAFETY: as in `off`; `fsync_flags` spans the whole 4-byte union.
        unsafe { self.0.op_flags.fsync_flags }
    }
    /// `user_data`.
    pub fn user_data(&self) -> u64 {
        self.0.user_data
    }
    /// `buf_index` / `buf_group`.
    pub fn buf_index(&self) -> u16 {
        // SAFETY: as in `off`.
        unsafe { self.0.buf.buf_index }
    }
    /// `personality`.
    pub fn personality(&self) -> u16 {
        self.0.personality
    }
    /// `file_index` / `splice_fd_in` / `optlen` / `addr_len` word.
    pub fn file_index(&self) -> u32 {
        // SAFETY: as in `off`.
        unsafe { self.0.file_index.file_index }
    }
    /// `addr3` (the same bytes as `attr_ptr` and `optval`).
    pub fn addr3(&self) -> u64 {
        // SAFETY: as in `off`.
        unsafe { self.0.tail.addr3.addr3 }
    }
    /// The second 8 bytes of the tail (`__pad2[0]`, `attr_type_mask`).
    pub fn pad2(&self) -> u64 {
        // SAFETY: as in `off`.
        unsafe { self.0.tail.addr3.__pad2[0] }
    }
    /// The entry as its 64 raw bytes.
    pub fn as_bytes(&self) -> &[u8; 64] {
        // SAFETY: io_uring_sqe is 64 bytes of plain integers with no padding
        // (checked by the layout assertions in `sys`).
        unsafe { &*(self as *const Self).cast::<[u8; 64]>() }
    }
}

impl Default for SubmissionQueueEntry {
    fn default() -> Self {
        SubmissionQueueEntry::new()
    }
}

impl core::fmt::Debug for SubmissionQueueEntry {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.0.fmt(f)
    }
}
