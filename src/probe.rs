//! Opcode probes: which `IORING_OP_*` opcodes the running kernel supports
//! (`IORING_REGISTER_PROBE`), and the names of the opcodes.

use crate::ring::Ring;
use crate::sys::{self, io_uring_probe, io_uring_probe_op};
use std::io;

/// Room for every opcode an 8-bit opcode field can name.
const PROBE_OPS: usize = 256;

/// The probe header followed by room for 256 opcode entries: the layout the
/// kernel writes (`struct io_uring_probe` with its flexible `ops[]` array).
#[repr(C)]
#[derive(Clone)]
struct ProbeBuf {
    hdr: io_uring_probe,
    ops: [io_uring_probe_op; PROBE_OPS],
}

// `ops` starts where the header's flexible array does.
const _: () = assert!(core::mem::offset_of!(ProbeBuf, ops) == core::mem::offset_of!(io_uring_probe, ops));

/// The kernel's answer to "which opcodes do you support?": the highest opcode
/// it knows (`last_op`) and one entry per opcode with its `IO_URING_OP_*`
/// flags.
///
/// Opcodes are plain `u8` values, never a Rust enum: a newer kernel may
/// report opcodes this crate does not know.
///
/// ```
/// use riouring::{Probe, sys};
/// let probe = Probe::get()?;
/// assert!(probe.is_supported(sys::IORING_OP_NOP));
/// assert!(!probe.is_supported(255));
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// liburing: `struct io_uring_probe`, see
/// [`io_uring_get_probe`](https://man7.org/linux/man-pages/man3/io_uring_get_probe.3.html).
#[doc(alias = "io_uring_probe")]
#[derive(Clone)]
pub struct Probe {
    buf: Box<ProbeBuf>,
}

impl Probe {
    /// An empty probe buffer (all zero, as `IORING_REGISTER_PROBE` wants it),
    /// to fill with [`Ring::register_probe`].
    pub fn new() -> Probe {
        Probe {
            buf: Box::new(ProbeBuf {
                hdr: io_uring_probe::default(),
                ops: [io_uring_probe_op::default(); PROBE_OPS],
            }),
        }
    }

    /// Probe the running kernel through a temporary ring of 2 entries.
    ///
    /// liburing: [`io_uring_get_probe`](https://man7.org/linux/man-pages/man3/io_uring_get_probe.3.html).
    /// Kernel 5.6.
    #[doc(alias = "io_uring_get_probe")]
    pub fn get() -> io::Result<Probe> {
        let ring = Ring::new(2)?;
        ring.get_probe_ring()
    }

    /// Whether the kernel supports opcode `op`: false for an opcode above
    /// [`last_op`](Probe::last_op) or past the entries the kernel filled in.
    ///
    /// liburing: [`io_uring_opcode_supported`](https://man7.org/linux/man-pages/man3/io_uring_opcode_supported.3.html).
    #[doc(alias = "io_uring_opcode_supported")]
    pub fn is_supported(&self, op: u8) -> bool {
        // SAFETY: the pointer covers the whole repr(C) buffer: the header,
        // then room for every opcode, so the ops_len entries are in bounds.
        unsafe { opcode_supported_raw((&*self.buf as *const ProbeBuf).cast(), op) }
    }

    /// The highest opcode the kernel knows (`IORING_OP_LAST - 1` of the
    /// kernel that answered).
    pub fn last_op(&self) -> u8 {
        self.buf.hdr.last_op
    }

    /// How many opcode entries the kernel filled in.
    pub fn ops_len(&self) -> u8 {
        self.buf.hdr.ops_len
    }

    /// The filled-in entries as `(opcode, IO_URING_OP_* flags)`.
    pub fn ops(&self) -> impl ExactSizeIterator<Item = (u8, u16)> + '_ {
        self.raw_ops().iter().map(|op| (op.op, op.flags))
    }

    /// The filled-in entries, raw.
    pub fn raw_ops(&self) -> &[io_uring_probe_op] {
        &self.buf.ops[..self.buf.hdr.ops_len as usize]
    }

    /// The raw header (`last_op`, `ops_len`).
    pub fn as_raw(&self) -> &io_uring_probe {
        &self.buf.hdr
    }

    /// The raw header, as the pointer `IORING_REGISTER_PROBE` takes; valid
    /// for the header plus 256 entries.
    pub fn as_mut_ptr(&mut self) -> *mut io_uring_probe {
        (&mut *self.buf as *mut ProbeBuf).cast()
    }

    /// Zero the whole buffer (the kernel refuses a probe with stale data).
    fn clear(&mut self) {
        self.buf.hdr = io_uring_probe::default();
        self.buf.ops = [io_uring_probe_op::default(); PROBE_OPS];
    }
}

impl Default for Probe {
    fn default() -> Probe {
        Probe::new()
    }
}

impl core::fmt::Debug for Probe {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let supported: Vec<u8> =
            self.ops().filter(|&(_, fl)| fl & sys::IO_URING_OP_SUPPORTED != 0).map(|(op, _)| op).collect();
        f.debug_struct("Probe")
            .field("last_op", &self.last_op())
            .field("ops_len", &self.ops_len())
            .field("supported", &supported)
            .finish()
    }
}

impl Drop for Probe {
    /// Frees the probe buffer (riouring's probes are ordinary heap values).
    ///
    /// liburing: [`io_uring_free_probe`](https://man7.org/linux/man-pages/man3/io_uring_free_probe.3.html).
    #[doc(alias = "io_uring_free_probe")]
    fn drop(&mut self) {}
}

impl Ring {
    /// Fill `probe` with the kernel's opcode support, for the first `nr_ops`
    /// opcodes (at most 256, the room a [`Probe`] has; the kernel fills no
    /// more than it knows). The buffer is zeroed first, as the kernel
    /// requires.
    ///
    /// liburing: [`io_uring_register_probe`](https://man7.org/linux/man-pages/man3/io_uring_register_probe.3.html).
    /// Kernel 5.6.
    #[doc(alias = "io_uring_register_probe")]
    pub fn register_probe(&self, probe: &mut Probe, nr_ops: u32) -> io::Result<()> {
        probe.clear();
        let nr = nr_ops.min(PROBE_OPS as u32);
        // SAFETY: the buffer holds the header and 256 >= nr entries; the
        // kernel writes it during the call only.
        unsafe { self.register_probe_raw(probe.as_mut_ptr(), nr) }.map(drop)
    }

    /// `IORING_REGISTER_PROBE` into caller memory, as liburing's
    /// `io_uring_register_probe` takes it.
    ///
    /// liburing: [`io_uring_register_probe`](https://man7.org/linux/man-pages/man3/io_uring_register_probe.3.html).
    /// Kernel 5.6.
    ///
    /// # Safety
    ///
    /// `p` must be valid for reads and writes of a `struct io_uring_probe`
    /// followed by `nr_ops` `struct io_uring_probe_op`, all zero (else the
    /// kernel answers `EINVAL`), during the call.
    #[doc(alias = "io_uring_register_probe")]
    pub unsafe fn register_probe_raw(&self, p: *mut io_uring_probe, nr_ops: u32) -> io::Result<u32> {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.register_raw(sys::IORING_REGISTER_PROBE, p.cast(), nr_ops) }
    }

    /// Probe the kernel's opcode support through this ring.
    ///
    /// liburing: [`io_uring_get_probe_ring`](https://man7.org/linux/man-pages/man3/io_uring_get_probe_ring.3.html).
    /// Kernel 5.6.
    #[doc(alias = "io_uring_get_probe_ring")]
    pub fn get_probe_ring(&self) -> io::Result<Probe> {
        let mut probe = Probe::new();
        self.register_probe(&mut probe, PROBE_OPS as u32)?;
        Ok(probe)
    }
}

/// The `IORING_OP_*` names, indexed by opcode.
const OPCODE_NAMES: [&str; 65] = [
    "IORING_OP_NOP",
    "IORING_OP_READV",
    "IORING_OP_WRITEV",
    "IORING_OP_FSYNC",
    "IORING_OP_READ_FIXED",
    "IORING_OP_WRITE_FIXED",
    "IORING_OP_POLL_ADD",
    "IORING_OP_POLL_REMOVE",
    "IORING_OP_SYNC_FILE_RANGE",
    "IORING_OP_SENDMSG",
    "IORING_OP_RECVMSG",
    "IORING_OP_TIMEOUT",
    "IORING_OP_TIMEOUT_REMOVE",
    "IORING_OP_ACCEPT",
    "IORING_OP_ASYNC_CANCEL",
    "IORING_OP_LINK_TIMEOUT",
    "IORING_OP_CONNECT",
    "IORING_OP_FALLOCATE",
    "IORING_OP_OPENAT",
    "IORING_OP_CLOSE",
    "IORING_OP_FILES_UPDATE",
    "IORING_OP_STATX",
    "IORING_OP_READ",
    "IORING_OP_WRITE",
    "IORING_OP_FADVISE",
    "IORING_OP_MADVISE",
    "IORING_OP_SEND",
    "IORING_OP_RECV",
    "IORING_OP_OPENAT2",
    "IORING_OP_EPOLL_CTL",
    "IORING_OP_SPLICE",
    "IORING_OP_PROVIDE_BUFFERS",
    "IORING_OP_REMOVE_BUFFERS",
    "IORING_OP_TEE",
    "IORING_OP_SHUTDOWN",
    "IORING_OP_RENAMEAT",
    "IORING_OP_UNLINKAT",
    "IORING_OP_MKDIRAT",
    "IORING_OP_SYMLINKAT",
    "IORING_OP_LINKAT",
    "IORING_OP_MSG_RING",
    "IORING_OP_FSETXATTR",
    "IORING_OP_SETXATTR",
    "IORING_OP_FGETXATTR",
    "IORING_OP_GETXATTR",
    "IORING_OP_SOCKET",
    "IORING_OP_URING_CMD",
    "IORING_OP_SEND_ZC",
    "IORING_OP_SENDMSG_ZC",
    "IORING_OP_READ_MULTISHOT",
    "IORING_OP_WAITID",
    "IORING_OP_FUTEX_WAIT",
    "IORING_OP_FUTEX_WAKE",
    "IORING_OP_FUTEX_WAITV",
    "IORING_OP_FIXED_FD_INSTALL",
    "IORING_OP_FTRUNCATE",
    "IORING_OP_BIND",
    "IORING_OP_LISTEN",
    "IORING_OP_RECV_ZC",
    "IORING_OP_EPOLL_WAIT",
    "IORING_OP_READV_FIXED",
    "IORING_OP_WRITEV_FIXED",
    "IORING_OP_PIPE",
    "IORING_OP_NOP128",
    "IORING_OP_URING_CMD128",
];

// One name per opcode riouring knows.
const _: () = assert!(OPCODE_NAMES.len() == sys::IORING_OP_LAST as usize);

/// The `IORING_OP_*` name of opcode `op` (`"IORING_OP_NOP"` for 0, ...), or
/// `None` for an opcode riouring does not know.
pub fn opcode_name(op: u8) -> Option<&'static str> {
    OPCODE_NAMES.get(op as usize).copied()
}

/// [`Probe::is_supported`] on a probe in caller memory (liburing's C
/// layout: the header followed by `ops_len` entries), for the C ABI. `false`
/// for an opcode past `last_op` or past the entries the kernel filled in.
///
/// liburing: [`io_uring_opcode_supported`](https://man7.org/linux/man-pages/man3/io_uring_opcode_supported.3.html).
///
/// # Safety
///
/// `p` points to a probe header followed by `ops_len` readable entries.
#[doc(hidden)]
pub unsafe fn opcode_supported_raw(p: *const io_uring_probe, op: u8) -> bool {
    // SAFETY: per the contract the header is readable.
    let hdr = unsafe { &*p };
    if op > hdr.last_op || op >= hdr.ops_len {
        return false;
    }
    // SAFETY: op < ops_len: the entry follows the header inside the probe.
    let entry = unsafe { &*p.add(1).cast::<sys::io_uring_probe_op>().add(op as usize) };
    entry.flags & sys::IO_URING_OP_SUPPORTED != 0
}
