//! `#[repr(C)]` twins of the io_uring UAPI argument structs (everything in
//! `linux/io_uring.h`, `linux/io_uring/query.h` and
//! `linux/io_uring/bpf_filter.h` except the ring structs themselves, which
//! live in `ring_abi`), plus liburing's `struct io_uring_zcrx_rq` and the
//! system structs `open_how` and `futex_waitv`.
//!
//! Names of types and fields are the C names. Anonymous C unions become named
//! Rust unions (`<struct>_<field>`), flexible array members become
//! zero-length arrays. Pointers the kernel ABI passes as `__u64` stay `u64`.
//! The layout checks at the bottom pin size, alignment and every offset.

#![allow(non_camel_case_types)]

use core::ffi::c_void;
use core::fmt;
use core::mem::{align_of, offset_of, size_of};

use super::ring_abi::__kernel_timespec;

/// `struct io_uring_attr_pi`: protection-information attribute of a read/write
/// (`sqe->attr_ptr` with `IORING_RW_ATTR_FLAG_PI`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_attr_pi {
    /// PI flags.
    pub flags: u16,
    /// Application tag.
    pub app_tag: u16,
    /// Length of the PI buffer.
    pub len: u32,
    /// Address of the PI buffer.
    pub addr: u64,
    /// Seed (reference tag) for the first block.
    pub seed: u64,
    /// Reserved, must be 0.
    pub rsvd: u64,
}

/// `struct io_uring_files_update`: argument of `IORING_REGISTER_FILES_UPDATE`
/// (deprecated form of [`io_uring_rsrc_update`]).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_files_update {
    /// First slot of the file table to update.
    pub offset: u32,
    /// Reserved, must be 0.
    pub resv: u32,
    /// Address of an `i32` array of file descriptors.
    pub fds: u64,
}

/// `struct io_uring_region_desc`: describes a memory region (rings, wait
/// arguments, zcrx refill queue).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_region_desc {
    /// User memory backing the region (with `IORING_MEM_REGION_TYPE_USER`).
    pub user_addr: u64,
    /// Size of the region in bytes.
    pub size: u64,
    /// `IORING_MEM_REGION_TYPE_*` flags.
    pub flags: u32,
    /// Region ID.
    pub id: u32,
    /// Output: mmap offset of a kernel-allocated region.
    pub mmap_offset: u64,
    /// Reserved, must be 0.
    pub __resv: [u64; 4],
}

/// `struct io_uring_mem_region_reg`: argument of `IORING_REGISTER_MEM_REGION`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_mem_region_reg {
    /// Address of a [`io_uring_region_desc`].
    pub region_uptr: u64,
    /// `IORING_MEM_REGION_REG_*` flags.
    pub flags: u64,
    /// Reserved, must be 0.
    pub __resv: [u64; 2],
}

/// `struct io_uring_rsrc_register`: argument of `IORING_REGISTER_FILES2` and
/// `IORING_REGISTER_BUFFERS2`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_rsrc_register {
    /// Number of entries.
    pub nr: u32,
    /// `IORING_RSRC_REGISTER_*` flags.
    pub flags: u32,
    /// Reserved, must be 0.
    pub resv2: u64,
    /// Address of the fd array or iovec array.
    pub data: u64,
    /// Address of a `u64` tag array, or 0.
    pub tags: u64,
}

/// `struct io_uring_rsrc_update`: argument of file/buffer table updates
/// without tags.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_rsrc_update {
    /// First slot to update.
    pub offset: u32,
    /// Reserved, must be 0.
    pub resv: u32,
    /// Address of the new entries.
    pub data: u64,
}

/// `struct io_uring_rsrc_update2`: argument of `IORING_REGISTER_FILES_UPDATE2`
/// and `IORING_REGISTER_BUFFERS_UPDATE`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_rsrc_update2 {
    /// First slot to update.
    pub offset: u32,
    /// Reserved, must be 0.
    pub resv: u32,
    /// Address of the new entries.
    pub data: u64,
    /// Address of a `u64` tag array, or 0.
    pub tags: u64,
    /// Number of entries.
    pub nr: u32,
    /// Reserved, must be 0.
    pub resv2: u32,
}

/// `struct io_uring_probe_op`: support information for one opcode.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_probe_op {
    /// The opcode.
    pub op: u8,
    /// Reserved.
    pub resv: u8,
    /// `IO_URING_OP_*` flags.
    pub flags: u16,
    /// Reserved.
    pub resv2: u32,
}

/// `struct io_uring_probe`: header of the `IORING_REGISTER_PROBE` result,
/// followed by `ops_len` [`io_uring_probe_op`] entries.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_probe {
    /// Highest opcode the kernel knows.
    pub last_op: u8,
    /// Number of entries in `ops`.
    pub ops_len: u8,
    /// Reserved.
    pub resv: u16,
    /// Reserved.
    pub resv2: [u32; 3],
    /// Flexible array of per-opcode entries (allocate room behind the struct).
    pub ops: [io_uring_probe_op; 0],
}

/// The union in `struct io_uring_restriction` at offset 2; which member is
/// meant depends on `opcode`.
#[repr(C)]
#[derive(Clone, Copy)]
pub union io_uring_restriction_op {
    /// Allowed register opcode (`IORING_RESTRICTION_REGISTER_OP`).
    pub register_op: u8,
    /// Allowed SQE opcode (`IORING_RESTRICTION_SQE_OP`).
    pub sqe_op: u8,
    /// SQE flags (`IORING_RESTRICTION_SQE_FLAGS_*`).
    pub sqe_flags: u8,
}

impl Default for io_uring_restriction_op {
    fn default() -> Self {
        // SAFETY: every member is a plain integer, so all-zero is valid.
        unsafe { core::mem::zeroed() }
    }
}

impl fmt::Debug for io_uring_restriction_op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // SAFETY: all members are `u8` at offset 0, so any of them is
        // initialised and valid to read.
        let v = unsafe { self.register_op };
        f.debug_struct("io_uring_restriction_op").field("value", &v).finish()
    }
}

/// `struct io_uring_restriction`: one entry of `IORING_REGISTER_RESTRICTIONS`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct io_uring_restriction {
    /// `IORING_RESTRICTION_*` opcode.
    pub opcode: u16,
    /// Register opcode, SQE opcode or SQE flags, depending on `opcode`.
    pub op: io_uring_restriction_op,
    /// Reserved.
    pub resv: u8,
    /// Reserved.
    pub resv2: [u32; 3],
}

/// `struct io_uring_task_restriction`: task-wide restrictions passed to
/// `io_uring_register(-1, IORING_REGISTER_RESTRICTIONS, ..)`, followed by
/// `nr_res` [`io_uring_restriction`] entries.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct io_uring_task_restriction {
    /// Flags.
    pub flags: u16,
    /// Number of entries in `restrictions`.
    pub nr_res: u16,
    /// Reserved.
    pub resv: [u32; 3],
    /// Flexible array of restrictions (allocate room behind the struct).
    pub restrictions: [io_uring_restriction; 0],
}

/// `struct io_uring_clock_register`: argument of `IORING_REGISTER_CLOCK`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_clock_register {
    /// Clock ID (`CLOCK_MONOTONIC` or `CLOCK_BOOTTIME`).
    pub clockid: u32,
    /// Reserved, must be 0.
    pub __resv: [u32; 3],
}

/// `struct io_uring_clone_buffers`: argument of `IORING_REGISTER_CLONE_BUFFERS`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_clone_buffers {
    /// Source ring fd (or registered index with `IORING_REGISTER_SRC_REGISTERED`).
    pub src_fd: u32,
    /// `IORING_REGISTER_SRC_REGISTERED` / `IORING_REGISTER_DST_REPLACE`.
    pub flags: u32,
    /// First buffer to clone in the source table.
    pub src_off: u32,
    /// First destination slot.
    pub dst_off: u32,
    /// Number of buffers (0 = all).
    pub nr: u32,
    /// Reserved, must be 0.
    pub pad: [u32; 3],
}

/// `struct io_uring_buf`: one entry of a provided-buffer ring.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_buf {
    /// Buffer address.
    pub addr: u64,
    /// Buffer length.
    pub len: u32,
    /// Buffer ID.
    pub bid: u16,
    /// Reserved; in entry 0 this is the ring's `tail`.
    pub resv: u16,
}

/// `struct io_uring_buf_ring`: a provided-buffer ring.
///
/// In C this is a union of the header fields below with `bufs[]`: the ring is
/// an array of [`io_uring_buf`] starting at offset 0, and `tail` overlays
/// `bufs[0].resv` (offset 14). Reach entry `i` through a raw pointer to the
/// ring (`ring.cast::<io_uring_buf>().add(i)`), not through `bufs`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_buf_ring {
    /// Zero-length marker of the buffer array that overlays the ring from offset 0.
    pub bufs: [io_uring_buf; 0],
    /// Overlays `bufs[0].addr`.
    pub resv1: u64,
    /// Overlays `bufs[0].len`.
    pub resv2: u32,
    /// Overlays `bufs[0].bid`.
    pub resv3: u16,
    /// Ring tail, written by the application.
    pub tail: u16,
}

/// `struct io_uring_buf_reg`: argument of `IORING_(UN)REGISTER_PBUF_RING`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_buf_reg {
    /// Address of the ring memory (0 with `IOU_PBUF_RING_MMAP`).
    pub ring_addr: u64,
    /// Number of ring entries (a power of two).
    pub ring_entries: u32,
    /// Buffer group ID.
    pub bgid: u16,
    /// `IOU_PBUF_RING_*` flags.
    pub flags: u16,
    /// Minimum buffers left before the kernel warns (0 = off).
    pub min_left: u32,
    /// Reserved, must be 0.
    pub resv: [u32; 5],
}

/// `struct io_uring_buf_status`: argument of `IORING_REGISTER_PBUF_STATUS`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_buf_status {
    /// Input: buffer group ID.
    pub buf_group: u32,
    /// Output: current ring head.
    pub head: u32,
    /// Reserved.
    pub resv: [u32; 8],
}

/// `struct io_uring_napi`: argument of `IORING_(UN)REGISTER_NAPI`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_napi {
    /// Busy-poll timeout in microseconds.
    pub busy_poll_to: u32,
    /// Non-zero to prefer busy polling.
    pub prefer_busy_poll: u8,
    /// Padding.
    pub pad: [u8; 3],
    /// Reserved.
    pub resv: u64,
}

/// `struct io_uring_reg_wait`: one registered wait argument
/// (`IORING_ENTER_EXT_ARG_REG`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct io_uring_reg_wait {
    /// Timeout (valid with `IORING_REG_WAIT_TS`).
    pub ts: __kernel_timespec,
    /// Minimum wait in microseconds.
    pub min_wait_usec: u32,
    /// `IORING_REG_WAIT_*` flags.
    pub flags: u32,
    /// Address of a signal mask, or 0.
    pub sigmask: u64,
    /// Size of the signal mask.
    pub sigmask_sz: u32,
    /// Padding.
    pub pad: [u32; 3],
    /// Padding.
    pub pad2: [u64; 2],
}

/// `struct io_uring_sync_cancel_reg`: argument of `IORING_REGISTER_SYNC_CANCEL`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct io_uring_sync_cancel_reg {
    /// user_data to match.
    pub addr: u64,
    /// File descriptor to match.
    pub fd: i32,
    /// `IORING_ASYNC_CANCEL_*` flags.
    pub flags: u32,
    /// Timeout; `tv_sec`/`tv_nsec` of -1 mean none.
    pub timeout: __kernel_timespec,
    /// Opcode to match (with `IORING_ASYNC_CANCEL_OP`).
    pub opcode: u8,
    /// Padding.
    pub pad: [u8; 7],
    /// Padding.
    pub pad2: [u64; 3],
}

/// `struct io_uring_file_index_range`: argument of
/// `IORING_REGISTER_FILE_ALLOC_RANGE`, the range `[off, off + len)`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_file_index_range {
    /// First slot.
    pub off: u32,
    /// Number of slots.
    pub len: u32,
    /// Reserved.
    pub resv: u64,
}

/// `struct io_uring_recvmsg_out`: header a multishot `recvmsg` writes at the
/// start of each provided buffer.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_recvmsg_out {
    /// Length of the source address.
    pub namelen: u32,
    /// Length of the control data.
    pub controllen: u32,
    /// Length of the payload.
    pub payloadlen: u32,
    /// Message flags (`msg_flags`).
    pub flags: u32,
}

/// `struct io_timespec`: timestamp of a TX-timestamp completion.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_timespec {
    /// Seconds.
    pub tv_sec: u64,
    /// Nanoseconds.
    pub tv_nsec: u64,
}

/// `struct io_uring_zcrx_rqe`: zero-copy receive refill queue entry.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_zcrx_rqe {
    /// Area-encoded offset of the buffer being returned.
    pub off: u64,
    /// Length being returned.
    pub len: u32,
    /// Padding.
    pub __pad: u32,
}

/// `struct io_uring_zcrx_cqe`: extra CQE half of a zero-copy receive completion.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_zcrx_cqe {
    /// Area-encoded offset of the received data.
    pub off: u64,
    /// Padding.
    pub __pad: u64,
}

/// `struct io_uring_zcrx_offsets`: offsets within the refill-queue region.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_zcrx_offsets {
    /// Offset of the head index.
    pub head: u32,
    /// Offset of the tail index.
    pub tail: u32,
    /// Offset of the entry array.
    pub rqes: u32,
    /// Reserved.
    pub __resv2: u32,
    /// Reserved.
    pub __resv: [u64; 2],
}

/// `struct io_uring_zcrx_area_reg`: the receive buffer area of a zcrx queue.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_zcrx_area_reg {
    /// Address of the area.
    pub addr: u64,
    /// Length of the area.
    pub len: u64,
    /// Output: token to encode in refill entries.
    pub rq_area_token: u64,
    /// `IORING_ZCRX_AREA_*` flags.
    pub flags: u32,
    /// dma-buf fd (with `IORING_ZCRX_AREA_DMABUF`).
    pub dmabuf_fd: u32,
    /// Reserved.
    pub __resv2: [u64; 2],
}

/// `struct io_uring_zcrx_ifq_reg`: argument of `IORING_REGISTER_ZCRX_IFQ`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_zcrx_ifq_reg {
    /// Network interface index.
    pub if_idx: u32,
    /// Hardware RX queue index.
    pub if_rxq: u32,
    /// Number of refill-queue entries.
    pub rq_entries: u32,
    /// `ZCRX_REG_*` flags.
    pub flags: u32,
    /// Address of a [`io_uring_zcrx_area_reg`].
    pub area_ptr: u64,
    /// Address of a [`io_uring_region_desc`] for the refill queue.
    pub region_ptr: u64,
    /// Output: refill-queue offsets.
    pub offsets: io_uring_zcrx_offsets,
    /// Output: ID of the zcrx instance.
    pub zcrx_id: u32,
    /// Requested rx buffer length (`ZCRX_FEATURE_RX_PAGE_SIZE`).
    pub rx_buf_len: u32,
    /// Reserved.
    pub __resv: [u64; 3],
}

/// `struct zcrx_ctrl_flush_rq`: argument of `ZCRX_CTRL_FLUSH_RQ`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct zcrx_ctrl_flush_rq {
    /// Reserved.
    pub __resv: [u64; 6],
}

/// `struct zcrx_ctrl_export`: argument of `ZCRX_CTRL_EXPORT`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct zcrx_ctrl_export {
    /// Output: fd of the exported instance.
    pub zcrx_fd: u32,
    /// Reserved.
    pub __resv1: [u32; 11],
}

/// The per-operation union in `struct zcrx_ctrl` at offset 24.
#[repr(C)]
#[derive(Clone, Copy)]
pub union zcrx_ctrl_arg {
    /// Argument of `ZCRX_CTRL_EXPORT`.
    pub zc_export: zcrx_ctrl_export,
    /// Argument of `ZCRX_CTRL_FLUSH_RQ`.
    pub zc_flush: zcrx_ctrl_flush_rq,
}

impl Default for zcrx_ctrl_arg {
    fn default() -> Self {
        // SAFETY: every member is made of plain integers, so all-zero is valid.
        unsafe { core::mem::zeroed() }
    }
}

impl fmt::Debug for zcrx_ctrl_arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // SAFETY: both members are 48 bytes of padding-free integers, so
        // whichever was written, all bytes are initialised and valid `u32`s.
        let v = unsafe { self.zc_export };
        f.debug_struct("zcrx_ctrl_arg").field("zc_export", &v).finish_non_exhaustive()
    }
}

/// `struct zcrx_ctrl`: argument of `IORING_REGISTER_ZCRX_CTRL`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct zcrx_ctrl {
    /// ID of the zcrx instance.
    pub zcrx_id: u32,
    /// `ZCRX_CTRL_*` operation.
    pub op: u32,
    /// Reserved.
    pub __resv: [u64; 2],
    /// Per-operation argument.
    pub arg: zcrx_ctrl_arg,
}

/// `struct io_uring_query_hdr`: one entry of an `IORING_REGISTER_QUERY` chain.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_query_hdr {
    /// Address of the next header, or 0.
    pub next_entry: u64,
    /// Address of the query's data struct.
    pub query_data: u64,
    /// `IO_URING_QUERY_*` opcode.
    pub query_op: u32,
    /// Size of the data struct.
    pub size: u32,
    /// Output: result (0 or a negative errno).
    pub result: i32,
    /// Reserved.
    pub __resv: [u32; 3],
}

/// `struct io_uring_query_opcode`: result of `IO_URING_QUERY_OPCODES`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_query_opcode {
    /// Number of supported `IORING_OP_*` opcodes.
    pub nr_request_opcodes: u32,
    /// Number of supported register opcodes.
    pub nr_register_opcodes: u32,
    /// Supported `IORING_FEAT_*` flags.
    pub feature_flags: u64,
    /// Supported `IORING_SETUP_*` flags.
    pub ring_setup_flags: u64,
    /// Supported `IORING_ENTER_*` flags.
    pub enter_flags: u64,
    /// Supported `IOSQE_*` flags.
    pub sqe_flags: u64,
    /// Number of query opcodes.
    pub nr_query_opcodes: u32,
    /// Padding.
    pub __pad: u32,
}

/// `struct io_uring_query_zcrx`: result of `IO_URING_QUERY_ZCRX`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_query_zcrx {
    /// Supported `ZCRX_REG_*` flags.
    pub register_flags: u64,
    /// Supported `IORING_ZCRX_AREA_*` flags.
    pub area_flags: u64,
    /// Number of `ZCRX_CTRL_*` opcodes.
    pub nr_ctrl_opcodes: u32,
    /// Available `ZCRX_FEATURE_*` bits.
    pub features: u32,
    /// Size of the refill ring header.
    pub rq_hdr_size: u32,
    /// Alignment of the refill ring header.
    pub rq_hdr_alignment: u32,
    /// Reserved.
    pub __resv2: u64,
}

/// `struct io_uring_query_scq`: result of `IO_URING_QUERY_SCQ`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_query_scq {
    /// Size of the SQ/CQ ring header.
    pub hdr_size: u64,
    /// Alignment of the SQ/CQ ring header.
    pub hdr_alignment: u64,
}

/// `socket` member of the `io_uring_bpf_ctx` union: `IORING_OP_SOCKET` arguments.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_bpf_ctx_socket {
    /// Address family.
    pub family: u32,
    /// Socket type.
    pub r#type: u32,
    /// Protocol.
    pub protocol: u32,
}

/// `open` member of the `io_uring_bpf_ctx` union: open arguments (as `open_how`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_bpf_ctx_open {
    /// Open flags.
    pub flags: u64,
    /// File mode.
    pub mode: u64,
    /// `RESOLVE_*` flags.
    pub resolve: u64,
}

/// The per-opcode data (pdu) union in `struct io_uring_bpf_ctx` at offset 16.
#[repr(C)]
#[derive(Clone, Copy)]
pub union io_uring_bpf_ctx_pdu {
    /// Socket creation arguments.
    pub socket: io_uring_bpf_ctx_socket,
    /// Open arguments.
    pub open: io_uring_bpf_ctx_open,
}

impl Default for io_uring_bpf_ctx_pdu {
    fn default() -> Self {
        // SAFETY: every member is made of plain integers, so all-zero is valid.
        unsafe { core::mem::zeroed() }
    }
}

impl fmt::Debug for io_uring_bpf_ctx_pdu {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // SAFETY: `socket` covers bytes 0..12, which both members initialise,
        // and any bit pattern is a valid `u32`.
        let v = unsafe { self.socket };
        f.debug_struct("io_uring_bpf_ctx_pdu").field("socket", &v).finish_non_exhaustive()
    }
}

/// `struct io_uring_bpf_ctx`: the context a BPF filter program sees.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct io_uring_bpf_ctx {
    /// user_data of the request.
    pub user_data: u64,
    /// Opcode of the request.
    pub opcode: u8,
    /// SQE flags of the request.
    pub sqe_flags: u8,
    /// Size of the per-opcode data in `pdu`.
    pub pdu_size: u8,
    /// Padding.
    pub pad: [u8; 5],
    /// Per-opcode data.
    pub pdu: io_uring_bpf_ctx_pdu,
}

/// `struct io_uring_bpf_filter`: a BPF filter for one opcode.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct io_uring_bpf_filter {
    /// Opcode to filter.
    pub opcode: u32,
    /// `IO_URING_BPF_FILTER_*` flags.
    pub flags: u32,
    /// Number of BPF instructions.
    pub filter_len: u32,
    /// Expected pdu size for the opcode.
    pub pdu_size: u8,
    /// Reserved.
    pub resv: [u8; 3],
    /// Address of the BPF program.
    pub filter_ptr: u64,
    /// Reserved.
    pub resv2: [u64; 5],
}

/// The command union in `struct io_uring_bpf` at offset 8.
#[repr(C)]
#[derive(Clone, Copy)]
pub union io_uring_bpf_cmd {
    /// Filter (`IO_URING_BPF_CMD_FILTER`).
    pub filter: io_uring_bpf_filter,
}

impl Default for io_uring_bpf_cmd {
    fn default() -> Self {
        // SAFETY: the only member is made of plain integers, so all-zero is valid.
        unsafe { core::mem::zeroed() }
    }
}

impl fmt::Debug for io_uring_bpf_cmd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // SAFETY: `filter` is the only member and is made of integers.
        let v = unsafe { self.filter };
        f.debug_struct("io_uring_bpf_cmd").field("filter", &v).finish()
    }
}

/// `struct io_uring_bpf`: argument of `IORING_REGISTER_BPF_FILTER`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct io_uring_bpf {
    /// `IO_URING_BPF_CMD_*` command.
    pub cmd_type: u16,
    /// Command flags (none defined).
    pub cmd_flags: u16,
    /// Reserved.
    pub resv: u32,
    /// Command argument.
    pub cmd: io_uring_bpf_cmd,
}

/// `struct io_uring_zcrx_rq` (liburing.h): the application's view of a zcrx
/// refill queue, pointing into the mapped refill region.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct io_uring_zcrx_rq {
    /// Kernel-updated head index.
    pub khead: *mut u32,
    /// Application-updated tail index.
    pub ktail: *mut u32,
    /// Local (not yet published) tail.
    pub rq_tail: u32,
    /// Number of entries (a power of two).
    pub ring_entries: u32,
    /// The entry array.
    pub rqes: *mut io_uring_zcrx_rqe,
    /// Start of the mapped refill region.
    pub ring_ptr: *mut c_void,
}

impl Default for io_uring_zcrx_rq {
    fn default() -> Self {
        Self {
            khead: core::ptr::null_mut(),
            ktail: core::ptr::null_mut(),
            rq_tail: 0,
            ring_entries: 0,
            rqes: core::ptr::null_mut(),
            ring_ptr: core::ptr::null_mut(),
        }
    }
}

/// `struct open_how` (linux/openat2.h): argument of `openat2(2)`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct open_how {
    /// `O_*` open flags.
    pub flags: u64,
    /// File mode for created files.
    pub mode: u64,
    /// `RESOLVE_*` flags.
    pub resolve: u64,
}

/// `struct futex_waitv` (linux/futex.h): one futex of a `futex_waitv(2)` wait.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct futex_waitv {
    /// Expected value.
    pub val: u64,
    /// Address of the futex.
    pub uaddr: u64,
    /// `FUTEX2_*` flags.
    pub flags: u32,
    /// Reserved, must be 0.
    pub __reserved: u32,
}

// ---------------------------------------------------------------------------
// Layout checks: size, alignment and the offset of every field and union
// member, as liburing-uapi.md lists them (LP64).
// ---------------------------------------------------------------------------

const _: () = assert!(size_of::<io_uring_attr_pi>() == 32);
const _: () = assert!(align_of::<io_uring_attr_pi>() == 8);
const _: () = assert!(offset_of!(io_uring_attr_pi, flags) == 0);
const _: () = assert!(offset_of!(io_uring_attr_pi, app_tag) == 2);
const _: () = assert!(offset_of!(io_uring_attr_pi, len) == 4);
const _: () = assert!(offset_of!(io_uring_attr_pi, addr) == 8);
const _: () = assert!(offset_of!(io_uring_attr_pi, seed) == 16);
const _: () = assert!(offset_of!(io_uring_attr_pi, rsvd) == 24);

const _: () = assert!(size_of::<io_uring_files_update>() == 16);
const _: () = assert!(align_of::<io_uring_files_update>() == 8);
const _: () = assert!(offset_of!(io_uring_files_update, offset) == 0);
const _: () = assert!(offset_of!(io_uring_files_update, resv) == 4);
const _: () = assert!(offset_of!(io_uring_files_update, fds) == 8);

const _: () = assert!(size_of::<io_uring_region_desc>() == 64);
const _: () = assert!(align_of::<io_uring_region_desc>() == 8);
const _: () = assert!(offset_of!(io_uring_region_desc, user_addr) == 0);
const _: () = assert!(offset_of!(io_uring_region_desc, size) == 8);
const _: () = assert!(offset_of!(io_uring_region_desc, flags) == 16);
const _: () = assert!(offset_of!(io_uring_region_desc, id) == 20);
const _: () = assert!(offset_of!(io_uring_region_desc, mmap_offset) == 24);
const _: () = assert!(offset_of!(io_uring_region_desc, __resv) == 32);

const _: () = assert!(size_of::<io_uring_mem_region_reg>() == 32);
const _: () = assert!(align_of::<io_uring_mem_region_reg>() == 8);
const _: () = assert!(offset_of!(io_uring_mem_region_reg, region_uptr) == 0);
const _: () = assert!(offset_of!(io_uring_mem_region_reg, flags) == 8);
const _: () = assert!(offset_of!(io_uring_mem_region_reg, __resv) == 16);

const _: () = assert!(size_of::<io_uring_rsrc_register>() == 32);
const _: () = assert!(align_of::<io_uring_rsrc_register>() == 8);
const _: () = assert!(offset_of!(io_uring_rsrc_register, nr) == 0);
const _: () = assert!(offset_of!(io_uring_rsrc_register, flags) == 4);
const _: () = assert!(offset_of!(io_uring_rsrc_register, resv2) == 8);
const _: () = assert!(offset_of!(io_uring_rsrc_register, data) == 16);
const _: () = assert!(offset_of!(io_uring_rsrc_register, tags) == 24);

const _: () = assert!(size_of::<io_uring_rsrc_update>() == 16);
const _: () = assert!(align_of::<io_uring_rsrc_update>() == 8);
const _: () = assert!(offset_of!(io_uring_rsrc_update, offset) == 0);
const _: () = assert!(offset_of!(io_uring_rsrc_update, resv) == 4);
const _: () = assert!(offset_of!(io_uring_rsrc_update, data) == 8);

const _: () = assert!(size_of::<io_uring_rsrc_update2>() == 32);
const _: () = assert!(align_of::<io_uring_rsrc_update2>() == 8);
const _: () = assert!(offset_of!(io_uring_rsrc_update2, offset) == 0);
const _: () = assert!(offset_of!(io_uring_rsrc_update2, resv) == 4);
const _: () = assert!(offset_of!(io_uring_rsrc_update2, data) == 8);
const _: () = assert!(offset_of!(io_uring_rsrc_update2, tags) == 16);
const _: () = assert!(offset_of!(io_uring_rsrc_update2, nr) == 24);
const _: () = assert!(offset_of!(io_uring_rsrc_update2, resv2) == 28);

const _: () = assert!(size_of::<io_uring_probe_op>() == 8);
const _: () = assert!(align_of::<io_uring_probe_op>() == 4);
const _: () = assert!(offset_of!(io_uring_probe_op, op) == 0);
const _: () = assert!(offset_of!(io_uring_probe_op, resv) == 1);
const _: () = assert!(offset_of!(io_uring_probe_op, flags) == 2);
const _: () = assert!(offset_of!(io_uring_probe_op, resv2) == 4);

const _: () = assert!(size_of::<io_uring_probe>() == 16);
const _: () = assert!(align_of::<io_uring_probe>() == 4);
const _: () = assert!(offset_of!(io_uring_probe, last_op) == 0);
const _: () = assert!(offset_of!(io_uring_probe, ops_len) == 1);
const _: () = assert!(offset_of!(io_uring_probe, resv) == 2);
const _: () = assert!(offset_of!(io_uring_probe, resv2) == 4);
const _: () = assert!(offset_of!(io_uring_probe, ops) == 16);

const _: () = assert!(size_of::<io_uring_restriction>() == 16);
const _: () = assert!(align_of::<io_uring_restriction>() == 4);
const _: () = assert!(offset_of!(io_uring_restriction, opcode) == 0);
const _: () = assert!(offset_of!(io_uring_restriction, op.register_op) == 2);
const _: () = assert!(offset_of!(io_uring_restriction, op.sqe_op) == 2);
const _: () = assert!(offset_of!(io_uring_restriction, op.sqe_flags) == 2);
const _: () = assert!(offset_of!(io_uring_restriction, resv) == 3);
const _: () = assert!(offset_of!(io_uring_restriction, resv2) == 4);

const _: () = assert!(size_of::<io_uring_task_restriction>() == 16);
const _: () = assert!(align_of::<io_uring_task_restriction>() == 4);
const _: () = assert!(offset_of!(io_uring_task_restriction, flags) == 0);
const _: () = assert!(offset_of!(io_uring_task_restriction, nr_res) == 2);
const _: () = assert!(offset_of!(io_uring_task_restriction, resv) == 4);
const _: () = assert!(offset_of!(io_uring_task_restriction, restrictions) == 16);

const _: () = assert!(size_of::<io_uring_clock_register>() == 16);
const _: () = assert!(align_of::<io_uring_clock_register>() == 4);
const _: () = assert!(offset_of!(io_uring_clock_register, clockid) == 0);
const _: () = assert!(offset_of!(io_uring_clock_register, __resv) == 4);

const _: () = assert!(size_of::<io_uring_clone_buffers>() == 32);
const _: () = assert!(align_of::<io_uring_clone_buffers>() == 4);
const _: () = assert!(offset_of!(io_uring_clone_buffers, src_fd) == 0);
const _: () = assert!(offset_of!(io_uring_clone_buffers, flags) == 4);
const _: () = assert!(offset_of!(io_uring_clone_buffers, src_off) == 8);
const _: () = assert!(offset_of!(io_uring_clone_buffers, dst_off) == 12);
const _: () = assert!(offset_of!(io_uring_clone_buffers, nr) == 16);
const _: () = assert!(offset_of!(io_uring_clone_buffers, pad) == 20);

const _: () = assert!(size_of::<io_uring_buf>() == 16);
const _: () = assert!(align_of::<io_uring_buf>() == 8);
const _: () = assert!(offset_of!(io_uring_buf, addr) == 0);
const _: () = assert!(offset_of!(io_uring_buf, len) == 8);
const _: () = assert!(offset_of!(io_uring_buf, bid) == 12);
const _: () = assert!(offset_of!(io_uring_buf, resv) == 14);

const _: () = assert!(size_of::<io_uring_buf_ring>() == 16);
const _: () = assert!(align_of::<io_uring_buf_ring>() == 8);
const _: () = assert!(offset_of!(io_uring_buf_ring, resv1) == 0);
const _: () = assert!(offset_of!(io_uring_buf_ring, resv2) == 8);
const _: () = assert!(offset_of!(io_uring_buf_ring, resv3) == 12);
const _: () = assert!(offset_of!(io_uring_buf_ring, tail) == 14);
const _: () = assert!(offset_of!(io_uring_buf_ring, bufs) == 0);

const _: () = assert!(size_of::<io_uring_buf_reg>() == 40);
const _: () = assert!(align_of::<io_uring_buf_reg>() == 8);
const _: () = assert!(offset_of!(io_uring_buf_reg, ring_addr) == 0);
const _: () = assert!(offset_of!(io_uring_buf_reg, ring_entries) == 8);
const _: () = assert!(offset_of!(io_uring_buf_reg, bgid) == 12);
const _: () = assert!(offset_of!(io_uring_buf_reg, flags) == 14);
const _: () = assert!(offset_of!(io_uring_buf_reg, min_left) == 16);
const _: () = assert!(offset_of!(io_uring_buf_reg, resv) == 20);

const _: () = assert!(size_of::<io_uring_buf_status>() == 40);
const _: () = assert!(align_of::<io_uring_buf_status>() == 4);
const _: () = assert!(offset_of!(io_uring_buf_status, buf_group) == 0);
const _: () = assert!(offset_of!(io_uring_buf_status, head) == 4);
const _: () = assert!(offset_of!(io_uring_buf_status, resv) == 8);

const _: () = assert!(size_of::<io_uring_napi>() == 16);
const _: () = assert!(align_of::<io_uring_napi>() == 8);
const _: () = assert!(offset_of!(io_uring_napi, busy_poll_to) == 0);
const _: () = assert!(offset_of!(io_uring_napi, prefer_busy_poll) == 4);
const _: () = assert!(offset_of!(io_uring_napi, pad) == 5);
const _: () = assert!(offset_of!(io_uring_napi, resv) == 8);

const _: () = assert!(size_of::<io_uring_reg_wait>() == 64);
const _: () = assert!(align_of::<io_uring_reg_wait>() == 8);
const _: () = assert!(offset_of!(io_uring_reg_wait, ts) == 0);
const _: () = assert!(offset_of!(io_uring_reg_wait, min_wait_usec) == 16);
const _: () = assert!(offset_of!(io_uring_reg_wait, flags) == 20);
const _: () = assert!(offset_of!(io_uring_reg_wait, sigmask) == 24);
const _: () = assert!(offset_of!(io_uring_reg_wait, sigmask_sz) == 32);
const _: () = assert!(offset_of!(io_uring_reg_wait, pad) == 36);
const _: () = assert!(offset_of!(io_uring_reg_wait, pad2) == 48);

const _: () = assert!(size_of::<io_uring_sync_cancel_reg>() == 64);
const _: () = assert!(align_of::<io_uring_sync_cancel_reg>() == 8);
const _: () = assert!(offset_of!(io_uring_sync_cancel_reg, addr) == 0);
const _: () = assert!(offset_of!(io_uring_sync_cancel_reg, fd) == 8);
const _: () = assert!(offset_of!(io_uring_sync_cancel_reg, flags) == 12);
const _: () = assert!(offset_of!(io_uring_sync_cancel_reg, timeout) == 16);
const _: () = assert!(offset_of!(io_uring_sync_cancel_reg, opcode) == 32);
const _: () = assert!(offset_of!(io_uring_sync_cancel_reg, pad) == 33);
const _: () = assert!(offset_of!(io_uring_sync_cancel_reg, pad2) == 40);

const _: () = assert!(size_of::<io_uring_file_index_range>() == 16);
const _: () = assert!(align_of::<io_uring_file_index_range>() == 8);
const _: () = assert!(offset_of!(io_uring_file_index_range, off) == 0);
const _: () = assert!(offset_of!(io_uring_file_index_range, len) == 4);
const _: () = assert!(offset_of!(io_uring_file_index_range, resv) == 8);

const _: () = assert!(size_of::<io_uring_recvmsg_out>() == 16);
const _: () = assert!(align_of::<io_uring_recvmsg_out>() == 4);
const _: () = assert!(offset_of!(io_uring_recvmsg_out, namelen) == 0);
const _: () = assert!(offset_of!(io_uring_recvmsg_out, controllen) == 4);
const _: () = assert!(offset_of!(io_uring_recvmsg_out, payloadlen) == 8);
const _: () = assert!(offset_of!(io_uring_recvmsg_out, flags) == 12);

const _: () = assert!(size_of::<io_timespec>() == 16);
const _: () = assert!(align_of::<io_timespec>() == 8);
const _: () = assert!(offset_of!(io_timespec, tv_sec) == 0);
const _: () = assert!(offset_of!(io_timespec, tv_nsec) == 8);

const _: () = assert!(size_of::<io_uring_zcrx_rqe>() == 16);
const _: () = assert!(align_of::<io_uring_zcrx_rqe>() == 8);
const _: () = assert!(offset_of!(io_uring_zcrx_rqe, off) == 0);
const _: () = assert!(offset_of!(io_uring_zcrx_rqe, len) == 8);
const _: () = assert!(offset_of!(io_uring_zcrx_rqe, __pad) == 12);

const _: () = assert!(size_of::<io_uring_zcrx_cqe>() == 16);
const _: () = assert!(align_of::<io_uring_zcrx_cqe>() == 8);
const _: () = assert!(offset_of!(io_uring_zcrx_cqe, off) == 0);
const _: () = assert!(offset_of!(io_uring_zcrx_cqe, __pad) == 8);

const _: () = assert!(size_of::<io_uring_zcrx_offsets>() == 32);
const _: () = assert!(align_of::<io_uring_zcrx_offsets>() == 8);
const _: () = assert!(offset_of!(io_uring_zcrx_offsets, head) == 0);
const _: () = assert!(offset_of!(io_uring_zcrx_offsets, tail) == 4);
const _: () = assert!(offset_of!(io_uring_zcrx_offsets, rqes) == 8);
const _: () = assert!(offset_of!(io_uring_zcrx_offsets, __resv2) == 12);
const _: () = assert!(offset_of!(io_uring_zcrx_offsets, __resv) == 16);

const _: () = assert!(size_of::<io_uring_zcrx_area_reg>() == 48);
const _: () = assert!(align_of::<io_uring_zcrx_area_reg>() == 8);
const _: () = assert!(offset_of!(io_uring_zcrx_area_reg, addr) == 0);
const _: () = assert!(offset_of!(io_uring_zcrx_area_reg, len) == 8);
const _: () = assert!(offset_of!(io_uring_zcrx_area_reg, rq_area_token) == 16);
const _: () = assert!(offset_of!(io_uring_zcrx_area_reg, flags) == 24);
const _: () = assert!(offset_of!(io_uring_zcrx_area_reg, dmabuf_fd) == 28);
const _: () = assert!(offset_of!(io_uring_zcrx_area_reg, __resv2) == 32);

const _: () = assert!(size_of::<io_uring_zcrx_ifq_reg>() == 96);
const _: () = assert!(align_of::<io_uring_zcrx_ifq_reg>() == 8);
const _: () = assert!(offset_of!(io_uring_zcrx_ifq_reg, if_idx) == 0);
const _: () = assert!(offset_of!(io_uring_zcrx_ifq_reg, if_rxq) == 4);
const _: () = assert!(offset_of!(io_uring_zcrx_ifq_reg, rq_entries) == 8);
const _: () = assert!(offset_of!(io_uring_zcrx_ifq_reg, flags) == 12);
const _: () = assert!(offset_of!(io_uring_zcrx_ifq_reg, area_ptr) == 16);
const _: () = assert!(offset_of!(io_uring_zcrx_ifq_reg, region_ptr) == 24);
const _: () = assert!(offset_of!(io_uring_zcrx_ifq_reg, offsets) == 32);
const _: () = assert!(offset_of!(io_uring_zcrx_ifq_reg, zcrx_id) == 64);
const _: () = assert!(offset_of!(io_uring_zcrx_ifq_reg, rx_buf_len) == 68);
const _: () = assert!(offset_of!(io_uring_zcrx_ifq_reg, __resv) == 72);

const _: () = assert!(size_of::<zcrx_ctrl_flush_rq>() == 48);
const _: () = assert!(align_of::<zcrx_ctrl_flush_rq>() == 8);
const _: () = assert!(offset_of!(zcrx_ctrl_flush_rq, __resv) == 0);

const _: () = assert!(size_of::<zcrx_ctrl_export>() == 48);
const _: () = assert!(align_of::<zcrx_ctrl_export>() == 4);
const _: () = assert!(offset_of!(zcrx_ctrl_export, zcrx_fd) == 0);
const _: () = assert!(offset_of!(zcrx_ctrl_export, __resv1) == 4);

const _: () = assert!(size_of::<zcrx_ctrl>() == 72);
const _: () = assert!(align_of::<zcrx_ctrl>() == 8);
const _: () = assert!(offset_of!(zcrx_ctrl, zcrx_id) == 0);
const _: () = assert!(offset_of!(zcrx_ctrl, op) == 4);
const _: () = assert!(offset_of!(zcrx_ctrl, __resv) == 8);
const _: () = assert!(offset_of!(zcrx_ctrl, arg.zc_export) == 24);
const _: () = assert!(offset_of!(zcrx_ctrl, arg.zc_flush) == 24);

const _: () = assert!(size_of::<io_uring_query_hdr>() == 40);
const _: () = assert!(align_of::<io_uring_query_hdr>() == 8);
const _: () = assert!(offset_of!(io_uring_query_hdr, next_entry) == 0);
const _: () = assert!(offset_of!(io_uring_query_hdr, query_data) == 8);
const _: () = assert!(offset_of!(io_uring_query_hdr, query_op) == 16);
const _: () = assert!(offset_of!(io_uring_query_hdr, size) == 20);
const _: () = assert!(offset_of!(io_uring_query_hdr, result) == 24);
const _: () = assert!(offset_of!(io_uring_query_hdr, __resv) == 28);

const _: () = assert!(size_of::<io_uring_query_opcode>() == 48);
const _: () = assert!(align_of::<io_uring_query_opcode>() == 8);
const _: () = assert!(offset_of!(io_uring_query_opcode, nr_request_opcodes) == 0);
const _: () = assert!(offset_of!(io_uring_query_opcode, nr_register_opcodes) == 4);
const _: () = assert!(offset_of!(io_uring_query_opcode, feature_flags) == 8);
const _: () = assert!(offset_of!(io_uring_query_opcode, ring_setup_flags) == 16);
const _: () = assert!(offset_of!(io_uring_query_opcode, enter_flags) == 24);
const _: () = assert!(offset_of!(io_uring_query_opcode, sqe_flags) == 32);
const _: () = assert!(offset_of!(io_uring_query_opcode, nr_query_opcodes) == 40);
const _: () = assert!(offset_of!(io_uring_query_opcode, __pad) == 44);

const _: () = assert!(size_of::<io_uring_query_zcrx>() == 40);
const _: () = assert!(align_of::<io_uring_query_zcrx>() == 8);
const _: () = assert!(offset_of!(io_uring_query_zcrx, register_flags) == 0);
const _: () = assert!(offset_of!(io_uring_query_zcrx, area_flags) == 8);
const _: () = assert!(offset_of!(io_uring_query_zcrx, nr_ctrl_opcodes) == 16);
const _: () = assert!(offset_of!(io_uring_query_zcrx, features) == 20);
const _: () = assert!(offset_of!(io_uring_query_zcrx, rq_hdr_size) == 24);
const _: () = assert!(offset_of!(io_uring_query_zcrx, rq_hdr_alignment) == 28);
const _: () = assert!(offset_of!(io_uring_query_zcrx, __resv2) == 32);

const _: () = assert!(size_of::<io_uring_query_scq>() == 16);
const _: () = assert!(align_of::<io_uring_query_scq>() == 8);
const _: () = assert!(offset_of!(io_uring_query_scq, hdr_size) == 0);
const _: () = assert!(offset_of!(io_uring_query_scq, hdr_alignment) == 8);

const _: () = assert!(size_of::<io_uring_bpf_ctx>() == 40);
const _: () = assert!(align_of::<io_uring_bpf_ctx>() == 8);
const _: () = assert!(offset_of!(io_uring_bpf_ctx, user_data) == 0);
const _: () = assert!(offset_of!(io_uring_bpf_ctx, opcode) == 8);
const _: () = assert!(offset_of!(io_uring_bpf_ctx, sqe_flags) == 9);
const _: () = assert!(offset_of!(io_uring_bpf_ctx, pdu_size) == 10);
const _: () = assert!(offset_of!(io_uring_bpf_ctx, pad) == 11);
const _: () = assert!(offset_of!(io_uring_bpf_ctx, pdu.socket) == 16);
const _: () = assert!(offset_of!(io_uring_bpf_ctx, pdu.open) == 16);

const _: () = assert!(size_of::<io_uring_bpf_filter>() == 64);
const _: () = assert!(align_of::<io_uring_bpf_filter>() == 8);
const _: () = assert!(offset_of!(io_uring_bpf_filter, opcode) == 0);
const _: () = assert!(offset_of!(io_uring_bpf_filter, flags) == 4);
const _: () = assert!(offset_of!(io_uring_bpf_filter, filter_len) == 8);
const _: () = assert!(offset_of!(io_uring_bpf_filter, pdu_size) == 12);
const _: () = assert!(offset_of!(io_uring_bpf_filter, resv) == 13);
const _: () = assert!(offset_of!(io_uring_bpf_filter, filter_ptr) == 16);
const _: () = assert!(offset_of!(io_uring_bpf_filter, resv2) == 24);

const _: () = assert!(size_of::<io_uring_bpf>() == 72);
const _: () = assert!(align_of::<io_uring_bpf>() == 8);
const _: () = assert!(offset_of!(io_uring_bpf, cmd_type) == 0);
const _: () = assert!(offset_of!(io_uring_bpf, cmd_flags) == 2);
const _: () = assert!(offset_of!(io_uring_bpf, resv) == 4);
const _: () = assert!(offset_of!(io_uring_bpf, cmd.filter) == 8);

const _: () = assert!(size_of::<io_uring_zcrx_rq>() == 40);
const _: () = assert!(align_of::<io_uring_zcrx_rq>() == 8);
const _: () = assert!(offset_of!(io_uring_zcrx_rq, khead) == 0);
const _: () = assert!(offset_of!(io_uring_zcrx_rq, ktail) == 8);
const _: () = assert!(offset_of!(io_uring_zcrx_rq, rq_tail) == 16);
const _: () = assert!(offset_of!(io_uring_zcrx_rq, ring_entries) == 20);
const _: () = assert!(offset_of!(io_uring_zcrx_rq, rqes) == 24);
const _: () = assert!(offset_of!(io_uring_zcrx_rq, ring_ptr) == 32);

const _: () = assert!(size_of::<io_uring_restriction_op>() == 1);
const _: () = assert!(align_of::<io_uring_restriction_op>() == 1);

const _: () = assert!(size_of::<zcrx_ctrl_arg>() == 48);
const _: () = assert!(align_of::<zcrx_ctrl_arg>() == 8);

const _: () = assert!(size_of::<io_uring_bpf_ctx_pdu>() == 24);
const _: () = assert!(align_of::<io_uring_bpf_ctx_pdu>() == 8);

const _: () = assert!(size_of::<io_uring_bpf_cmd>() == 64);
const _: () = assert!(align_of::<io_uring_bpf_cmd>() == 8);

const _: () = assert!(size_of::<io_uring_bpf_ctx_socket>() == 12);
const _: () = assert!(align_of::<io_uring_bpf_ctx_socket>() == 4);
const _: () = assert!(offset_of!(io_uring_bpf_ctx_socket, family) == 0);
const _: () = assert!(offset_of!(io_uring_bpf_ctx_socket, r#type) == 4);
const _: () = assert!(offset_of!(io_uring_bpf_ctx_socket, protocol) == 8);

const _: () = assert!(size_of::<io_uring_bpf_ctx_open>() == 24);
const _: () = assert!(align_of::<io_uring_bpf_ctx_open>() == 8);
const _: () = assert!(offset_of!(io_uring_bpf_ctx_open, flags) == 0);
const _: () = assert!(offset_of!(io_uring_bpf_ctx_open, mode) == 8);
const _: () = assert!(offset_of!(io_uring_bpf_ctx_open, resolve) == 16);

const _: () = assert!(size_of::<open_how>() == 24);
const _: () = assert!(align_of::<open_how>() == 8);
const _: () = assert!(offset_of!(open_how, flags) == 0);
const _: () = assert!(offset_of!(open_how, mode) == 8);
const _: () = assert!(offset_of!(open_how, resolve) == 16);

const _: () = assert!(size_of::<futex_waitv>() == 24);
const _: () = assert!(align_of::<futex_waitv>() == 8);
const _: () = assert!(offset_of!(futex_waitv, val) == 0);
const _: () = assert!(offset_of!(futex_waitv, uaddr) == 8);
const _: () = assert!(offset_of!(futex_waitv, flags) == 16);
const _: () = assert!(offset_of!(futex_waitv, __reserved) == 20);

// Members of the union inside io_uring_bpf_ctx, at offset 16 + member offset.
const _: () = assert!(offset_of!(io_uring_bpf_ctx, pdu.socket.family) == 16);
const _: () = assert!(offset_of!(io_uring_bpf_ctx, pdu.socket.r#type) == 20);
const _: () = assert!(offset_of!(io_uring_bpf_ctx, pdu.socket.protocol) == 24);
const _: () = assert!(offset_of!(io_uring_bpf_ctx, pdu.open.flags) == 16);
const _: () = assert!(offset_of!(io_uring_bpf_ctx, pdu.open.mode) == 24);
const _: () = assert!(offset_of!(io_uring_bpf_ctx, pdu.open.resolve) == 32);
const _: () = assert!(offset_of!(zcrx_ctrl, arg.zc_export.zcrx_fd) == 24);
const _: () = assert!(offset_of!(io_uring_bpf, cmd.filter.filter_ptr) == 24);
// `tail` overlays `bufs[0].resv`.
const _: () = assert!(offset_of!(io_uring_buf_ring, tail) == offset_of!(io_uring_buf, resv));
