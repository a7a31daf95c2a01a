//! The structs the rings themselves are made of: submission and completion
//! entries, the setup parameters with their ring offsets, and the argument of
//! `io_uring_enter2(2)` with `IORING_ENTER_EXT_ARG`.
//!
//! The union members of `struct io_uring_sqe` are Rust unions here, so that
//! every member keeps the name and offset the kernel gives it; the layout
//! checks at the bottom are the Rust form of the kernel's `BUILD_BUG_SQE_ELEM`
//! table.

#![allow(non_camel_case_types)]

use core::fmt;
use core::mem::{align_of, offset_of, size_of};

/// `struct __kernel_timespec`: the 64-bit timespec every io_uring timeout uses.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct __kernel_timespec {
    /// Seconds.
    pub tv_sec: i64,
    /// Nanoseconds, `0..1_000_000_000`.
    pub tv_nsec: i64,
}

/// The two 32-bit words of the `cmd_op` member (`uring_cmd` requests).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_sqe_cmd_op {
    /// The command opcode (`SOCKET_URING_OP_*`, `BLOCK_URING_CMD_*`, driver ioctls).
    pub cmd_op: u32,
    /// Unused, zero.
    pub __pad1: u32,
}

/// Bytes 8..16 of an SQE: file offset, second address, or command opcode.
#[repr(C)]
#[derive(Clone, Copy)]
pub union io_uring_sqe_off {
    /// File offset (read/write family), or the timeout count, ...
    pub off: u64,
    /// Second address (accept's address length, setxattr's value, ...).
    pub addr2: u64,
    /// `uring_cmd` opcode.
    pub cmd: io_uring_sqe_cmd_op,
}

/// `level`/`optname` of a socket-option command.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_sqe_sockopt {
    /// `SOL_*` level.
    pub level: u32,
    /// `SO_*` option name.
    pub optname: u32,
}

/// Bytes 16..24 of an SQE: the main address.
#[repr(C)]
#[derive(Clone, Copy)]
pub union io_uring_sqe_addr {
    /// Buffer, iovec array, path, msghdr, ... address.
    pub addr: u64,
    /// Input offset for splice.
    pub splice_off_in: u64,
    /// Level and option name of a socket-option command.
    pub sockopt: io_uring_sqe_sockopt,
}

/// Bytes 28..32 of an SQE: the per-opcode flags word.
#[repr(C)]
#[derive(Clone, Copy)]
pub union io_uring_sqe_op_flags {
    /// `RWF_*` flags of reads and writes.
    pub rw_flags: i32,
    /// `IORING_FSYNC_*`.
    pub fsync_flags: u32,
    /// 16-bit poll mask (compatibility form).
    pub poll_events: u16,
    /// 32-bit poll mask.
    pub poll32_events: u32,
    /// `sync_file_range(2)` flags.
    pub sync_range_flags: u32,
    /// `MSG_*` flags of send/recv families.
    pub msg_flags: u32,
    /// `IORING_TIMEOUT_*`.
    pub timeout_flags: u32,
    /// `accept4(2)` flags.
    pub accept_flags: u32,
    /// `IORING_ASYNC_CANCEL_*`.
    pub cancel_flags: u32,
    /// `open(2)` flags.
    pub open_flags: u32,
    /// `statx(2)` flags.
    pub statx_flags: u32,
    /// `posix_fadvise(2)` / `madvise(2)` advice.
    pub fadvise_advice: u32,
    /// `SPLICE_F_*`.
    pub splice_flags: u32,
    /// `renameat2(2)` flags.
    pub rename_flags: u32,
    /// `unlinkat(2)` flags.
    pub unlink_flags: u32,
    /// `linkat(2)` flags.
    pub hardlink_flags: u32,
    /// `XATTR_*` flags.
    pub xattr_flags: u32,
    /// `IORING_MSG_RING_*`.
    pub msg_ring_flags: u32,
    /// `IORING_URING_CMD_*`.
    pub uring_cmd_flags: u32,
    /// `waitid(2)` options.
    pub waitid_flags: u32,
    /// `FUTEX2_*` flags.
    pub futex_flags: u32,
    /// `IORING_FIXED_FD_*`.
    pub install_fd_flags: u32,
    /// `IORING_NOP_*`.
    pub nop_flags: u32,
    /// `pipe2(2)` flags.
    pub pipe_flags: u32,
}

/// Bytes 40..42 of an SQE (packed in the kernel's header).
#[repr(C)]
#[derive(Clone, Copy)]
pub union io_uring_sqe_buf {
    /// Index of a registered buffer (`*_FIXED` opcodes).
    pub buf_index: u16,
    /// Provided-buffer group (`IOSQE_BUFFER_SELECT`).
    pub buf_group: u16,
}

/// `addr_len` of a send with a destination address.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_sqe_addr_len {
    /// Length of the socket address stored in `addr2`.
    pub addr_len: u16,
    /// Unused, zero.
    pub __pad3: [u16; 1],
}

/// Bytes 44..48 of an SQE.
#[repr(C)]
#[derive(Clone, Copy)]
pub union io_uring_sqe_file_index {
    /// Input fd of splice/tee.
    pub splice_fd_in: i32,
    /// Direct-descriptor slot plus one, or `IORING_FILE_INDEX_ALLOC`.
    pub file_index: u32,
    /// Zero-copy receive interface queue index.
    pub zcrx_ifq_idx: u32,
    /// Option length of a socket-option command.
    pub optlen: u32,
    /// Socket-address length of `send_set_addr`.
    pub addr_len: io_uring_sqe_addr_len,
}

/// `addr3` and its padding.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_sqe_addr3 {
    /// Third address (xattr value, futex waitv array, ...).
    pub addr3: u64,
    /// Unused, zero.
    pub __pad2: [u64; 1],
}

/// Read/write attributes (`IORING_RW_ATTR_FLAG_*`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_sqe_attr {
    /// Address of the attribute structs.
    pub attr_ptr: u64,
    /// Which attributes `attr_ptr` points to.
    pub attr_type_mask: u64,
}

/// Bytes 48..64 of an SQE (and, with 128-byte entries, the command area that
/// continues past them).
#[repr(C)]
#[derive(Clone, Copy)]
pub union io_uring_sqe_tail {
    /// Third address with padding.
    pub addr3: io_uring_sqe_addr3,
    /// Read/write attribute pointer and mask.
    pub attr: io_uring_sqe_attr,
    /// Option value address of a socket-option command.
    pub optval: u64,
    /// Start of the command payload of `uring_cmd` (16 bytes here, 80 with
    /// 128-byte entries).
    pub cmd: [u8; 0],
}

/// `struct io_uring_sqe`: one submission queue entry (64 bytes).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct io_uring_sqe {
    /// `IORING_OP_*`.
    pub opcode: u8,
    /// `IOSQE_*`.
    pub flags: u8,
    /// Request priority, or per-opcode flags (send/recv/accept).
    pub ioprio: u16,
    /// File descriptor, or fixed-file index with `IOSQE_FIXED_FILE`.
    pub fd: i32,
    /// Offset / `addr2` / `cmd_op`.
    pub off: io_uring_sqe_off,
    /// Address / `splice_off_in` / socket option.
    pub addr: io_uring_sqe_addr,
    /// Buffer length or count.
    pub len: u32,
    /// Per-opcode flags.
    pub op_flags: io_uring_sqe_op_flags,
    /// Copied unchanged into the completion.
    pub user_data: u64,
    /// Registered buffer index or buffer group.
    pub buf: io_uring_sqe_buf,
    /// Registered credentials to run the request with.
    pub personality: u16,
    /// `splice_fd_in` / `file_index` / `optlen` / `addr_len`.
    pub file_index: io_uring_sqe_file_index,
    /// `addr3` / attributes / `optval` / `cmd`.
    pub tail: io_uring_sqe_tail,
}

impl Default for io_uring_sqe {
    fn default() -> Self {
        // SAFETY: every member of the struct and of its unions is a plain
        // integer or array of integers, for which all-zero bits are valid.
        unsafe { core::mem::zeroed() }
    }
}

impl fmt::Debug for io_uring_sqe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // SAFETY: each union read below reads a plain integer member that
        // spans the whole union, and any bit pattern is a valid integer.
        let (off, addr, op_flags, buf, file_index, addr3, pad2) = unsafe {
            (
                self.off.off,
                self.addr.addr,
                self.op_flags.rw_flags as u32,
                self.buf.buf_index,
                self.file_index.file_index,
                self.tail.addr3.addr3,
                self.tail.addr3.__pad2[0],
            )
        };
        f.debug_struct("io_uring_sqe")
            .field("opcode", &self.opcode)
            .field("flags", &self.flags)
            .field("ioprio", &self.ioprio)
            .field("fd", &self.fd)
            .field("off", &off)
            .field("addr", &addr)
            .field("len", &self.len)
            .field("op_flags", &op_flags)
            .field("user_data", &self.user_data)
            .field("buf_index", &buf)
            .field("personality", &self.personality)
            .field("file_index", &file_index)
            .field("addr3", &addr3)
            .field("__pad2", &pad2)
            .finish()
    }
}

/// `struct io_uring_cqe`: one completion queue entry (16 bytes; 32 with
/// `IORING_SETUP_CQE32`, or with `IORING_CQE_F_32` on a mixed ring).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_cqe {
    /// The `user_data` of the request.
    pub user_data: u64,
    /// Result: as the matching syscall would return, or `-errno`.
    pub res: i32,
    /// `IORING_CQE_F_*`, and the buffer id in the upper 16 bits.
    pub flags: u32,
    /// The extra 16 bytes of a 32-byte CQE.
    pub big_cqe: [u64; 0],
}

/// `struct io_sqring_offsets`: where the SQ ring's fields are in its mapping.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_sqring_offsets {
    /// Offset of the head index (kernel-written).
    pub head: u32,
    /// Offset of the tail index (application-written).
    pub tail: u32,
    /// Offset of the ring mask.
    pub ring_mask: u32,
    /// Offset of the entry count.
    pub ring_entries: u32,
    /// Offset of the `IORING_SQ_*` flags word.
    pub flags: u32,
    /// Offset of the dropped-entries counter.
    pub dropped: u32,
    /// Offset of the index array (absent with `IORING_SETUP_NO_SQARRAY`).
    pub array: u32,
    /// Reserved.
    pub resv1: u32,
    /// Address of the caller's SQE memory with `IORING_SETUP_NO_MMAP`.
    pub user_addr: u64,
}

/// `struct io_cqring_offsets`: where the CQ ring's fields are in its mapping.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_cqring_offsets {
    /// Offset of the head index (application-written).
    pub head: u32,
    /// Offset of the tail index (kernel-written).
    pub tail: u32,
    /// Offset of the ring mask.
    pub ring_mask: u32,
    /// Offset of the entry count.
    pub ring_entries: u32,
    /// Offset of the overflow counter.
    pub overflow: u32,
    /// Offset of the CQE array.
    pub cqes: u32,
    /// Offset of the `IORING_CQ_*` flags word.
    pub flags: u32,
    /// Reserved.
    pub resv1: u32,
    /// Address of the caller's ring memory with `IORING_SETUP_NO_MMAP`.
    pub user_addr: u64,
}

/// `struct io_uring_params`: in and out argument of `io_uring_setup(2)`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_params {
    /// SQ size (out).
    pub sq_entries: u32,
    /// CQ size (in with `IORING_SETUP_CQSIZE`, out).
    pub cq_entries: u32,
    /// `IORING_SETUP_*`.
    pub flags: u32,
    /// CPU of the SQ thread with `IORING_SETUP_SQ_AFF`.
    pub sq_thread_cpu: u32,
    /// Idle time of the SQ thread, in milliseconds.
    pub sq_thread_idle: u32,
    /// `IORING_FEAT_*` (out).
    pub features: u32,
    /// Ring whose worker pool to share with `IORING_SETUP_ATTACH_WQ`.
    pub wq_fd: u32,
    /// Reserved.
    pub resv: [u32; 3],
    /// SQ ring offsets (out).
    pub sq_off: io_sqring_offsets,
    /// CQ ring offsets (out).
    pub cq_off: io_cqring_offsets,
}

/// `struct io_uring_getevents_arg`: the extended argument of
/// `io_uring_enter2(2)` with `IORING_ENTER_EXT_ARG`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_getevents_arg {
    /// Address of a `sigset_t` to apply while waiting, or 0.
    pub sigmask: u64,
    /// Size of that signal set in bytes.
    pub sigmask_sz: u32,
    /// Minimum wait before returning with fewer than requested, in µs.
    pub min_wait_usec: u32,
    /// Address of a `__kernel_timespec` timeout, or 0.
    pub ts: u64,
}

// ---------------------------------------------------------------------------
// Layout checks: size, alignment and the offset of every field and union
// member, as liburing-uapi.md lists them.

const _: () = assert!(size_of::<__kernel_timespec>() == 16);
const _: () = assert!(offset_of!(__kernel_timespec, tv_sec) == 0);
const _: () = assert!(offset_of!(__kernel_timespec, tv_nsec) == 8);

const _: () = assert!(size_of::<io_uring_sqe>() == 64);
const _: () = assert!(align_of::<io_uring_sqe>() == 8);
const _: () = assert!(offset_of!(io_uring_sqe, opcode) == 0);
const _: () = assert!(offset_of!(io_uring_sqe, flags) == 1);
const _: () = assert!(offset_of!(io_uring_sqe, ioprio) == 2);
const _: () = assert!(offset_of!(io_uring_sqe, fd) == 4);
const _: () = assert!(offset_of!(io_uring_sqe, off.off) == 8);
const _: () = assert!(offset_of!(io_uring_sqe, off.addr2) == 8);
const _: () = assert!(offset_of!(io_uring_sqe, off.cmd.cmd_op) == 8);
const _: () = assert!(offset_of!(io_uring_sqe, off.cmd.__pad1) == 12);
const _: () = assert!(offset_of!(io_uring_sqe, addr.addr) == 16);
const _: () = assert!(offset_of!(io_uring_sqe, addr.splice_off_in) == 16);
const _: () = assert!(offset_of!(io_uring_sqe, addr.sockopt.level) == 16);
const _: () = assert!(offset_of!(io_uring_sqe, addr.sockopt.optname) == 20);
const _: () = assert!(offset_of!(io_uring_sqe, len) == 24);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.rw_flags) == 28);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.fsync_flags) == 28);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.poll_events) == 28);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.poll32_events) == 28);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.sync_range_flags) == 28);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.msg_flags) == 28);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.timeout_flags) == 28);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.accept_flags) == 28);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.cancel_flags) == 28);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.open_flags) == 28);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.statx_flags) == 28);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.fadvise_advice) == 28);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.splice_flags) == 28);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.rename_flags) == 28);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.unlink_flags) == 28);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.hardlink_flags) == 28);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.xattr_flags) == 28);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.msg_ring_flags) == 28);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.uring_cmd_flags) == 28);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.waitid_flags) == 28);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.futex_flags) == 28);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.install_fd_flags) == 28);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.nop_flags) == 28);
const _: () = assert!(offset_of!(io_uring_sqe, op_flags.pipe_flags) == 28);
const _: () = assert!(size_of::<io_uring_sqe_op_flags>() == 4);
const _: () = assert!(offset_of!(io_uring_sqe, user_data) == 32);
const _: () = assert!(offset_of!(io_uring_sqe, buf.buf_index) == 40);
const _: () = assert!(offset_of!(io_uring_sqe, buf.buf_group) == 40);
const _: () = assert!(size_of::<io_uring_sqe_buf>() == 2);
const _: () = assert!(offset_of!(io_uring_sqe, personality) == 42);
const _: () = assert!(offset_of!(io_uring_sqe, file_index.splice_fd_in) == 44);
const _: () = assert!(offset_of!(io_uring_sqe, file_index.file_index) == 44);
const _: () = assert!(offset_of!(io_uring_sqe, file_index.zcrx_ifq_idx) == 44);
const _: () = assert!(offset_of!(io_uring_sqe, file_index.optlen) == 44);
const _: () = assert!(offset_of!(io_uring_sqe, file_index.addr_len.addr_len) == 44);
const _: () = assert!(offset_of!(io_uring_sqe, file_index.addr_len.__pad3) == 46);
const _: () = assert!(offset_of!(io_uring_sqe, tail.addr3.addr3) == 48);
const _: () = assert!(offset_of!(io_uring_sqe, tail.addr3.__pad2) == 56);
const _: () = assert!(offset_of!(io_uring_sqe, tail.attr.attr_ptr) == 48);
const _: () = assert!(offset_of!(io_uring_sqe, tail.attr.attr_type_mask) == 56);
const _: () = assert!(offset_of!(io_uring_sqe, tail.optval) == 48);
const _: () = assert!(offset_of!(io_uring_sqe, tail.cmd) == 48);
const _: () = assert!(size_of::<io_uring_sqe_tail>() == 16);

const _: () = assert!(size_of::<io_uring_cqe>() == 16);
const _: () = assert!(align_of::<io_uring_cqe>() == 8);
const _: () = assert!(offset_of!(io_uring_cqe, user_data) == 0);
const _: () = assert!(offset_of!(io_uring_cqe, res) == 8);
const _: () = assert!(offset_of!(io_uring_cqe, flags) == 12);
const _: () = assert!(offset_of!(io_uring_cqe, big_cqe) == 16);

const _: () = assert!(size_of::<io_sqring_offsets>() == 40);
const _: () = assert!(offset_of!(io_sqring_offsets, head) == 0);
const _: () = assert!(offset_of!(io_sqring_offsets, tail) == 4);
const _: () = assert!(offset_of!(io_sqring_offsets, ring_mask) == 8);
const _: () = assert!(offset_of!(io_sqring_offsets, ring_entries) == 12);
const _: () = assert!(offset_of!(io_sqring_offsets, flags) == 16);
const _: () = assert!(offset_of!(io_sqring_offsets, dropped) == 20);
const _: () = assert!(offset_of!(io_sqring_offsets, array) == 24);
const _: () = assert!(offset_of!(io_sqring_offsets, resv1) == 28);
const _: () = assert!(offset_of!(io_sqring_offsets, user_addr) == 32);

const _: () = assert!(size_of::<io_cqring_offsets>() == 40);
const _: () = assert!(offset_of!(io_cqring_offsets, head) == 0);
const _: () = assert!(offset_of!(io_cqring_offsets, tail) == 4);
const _: () = assert!(offset_of!(io_cqring_offsets, ring_mask) == 8);
const _: () = assert!(offset_of!(io_cqring_offsets, ring_entries) == 12);
const _: () = assert!(offset_of!(io_cqring_offsets, overflow) == 16);
const _: () = assert!(offset_of!(io_cqring_offsets, cqes) == 20);
const _: () = assert!(offset_of!(io_cqring_offsets, flags) == 24);
const _: () = assert!(offset_of!(io_cqring_offsets, resv1) == 28);
const _: () = assert!(offset_of!(io_cqring_offsets, user_addr) == 32);

const _: () = assert!(size_of::<io_uring_params>() == 120);
const _: () = assert!(offset_of!(io_uring_params, sq_entries) == 0);
const _: () = assert!(offset_of!(io_uring_params, cq_entries) == 4);
const _: () = assert!(offset_of!(io_uring_params, flags) == 8);
const _: () = assert!(offset_of!(io_uring_params, sq_thread_cpu) == 12);
const _: () = assert!(offset_of!(io_uring_params, sq_thread_idle) == 16);
const _: () = assert!(offset_of!(io_uring_params, features) == 20);
const _: () = assert!(offset_of!(io_uring_params, wq_fd) == 24);
const _: () = assert!(offset_of!(io_uring_params, resv) == 28);
const _: () = assert!(offset_of!(io_uring_params, sq_off) == 40);
const _: () = assert!(offset_of!(io_uring_params, cq_off) == 80);

const _: () = assert!(size_of::<io_uring_getevents_arg>() == 24);
const _: () = assert!(offset_of!(io_uring_getevents_arg, sigmask) == 0);
const _: () = assert!(offset_of!(io_uring_getevents_arg, sigmask_sz) == 8);
const _: () = assert!(offset_of!(io_uring_getevents_arg, min_wait_usec) == 12);
const _: () = assert!(offset_of!(io_uring_getevents_arg, ts) == 16);
