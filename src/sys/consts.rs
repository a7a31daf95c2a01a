//! Every constant and enumerator of the io_uring UAPI headers
//! (`linux/io_uring.h`, `linux/io_uring/query.h`,
//! `linux/io_uring/bpf_filter.h`) as liburing 2.15 ships them, plus the few
//! kernel and `compat.h` values liburing relies on.
//!
//! Each constant carries the integer type of the field it is stored in, so it
//! can be assigned without casts. All of them are also listed, widened to
//! `i128`, in [`ALL_CONSTANTS`].

#![allow(non_upper_case_globals)]

/// Defines groups of typed constants and the [`ALL_CONSTANTS`] table.
///
/// Input: `type { /// doc NAME = value, ... }` groups, one after another.
macro_rules! constants {
    ($( $ty:ty { $( $(#[$meta:meta])* $name:ident = $value:expr ),* $(,)? } )*) => {
        $($(
            $(#[$meta])*
            pub const $name: $ty = $value;
        )*)*

        /// Every constant of this module with its value widened to i128, for tests and tools.
        pub const ALL_CONSTANTS: &[(&str, i128)] = &[
            $($( (stringify!($name), $name as i128), )*)*
        ];
    };
}

constants! {
    // ---- IORING_OP_* opcodes (enum io_uring_op), sqe->opcode ----
    u8 {
        /// No operation; completes immediately (kernel 5.1).
        IORING_OP_NOP = 0,
        /// Vectored read, like `preadv2(2)` (kernel 5.1).
        IORING_OP_READV = 1,
        /// Vectored write, like `pwritev2(2)` (kernel 5.1).
        IORING_OP_WRITEV = 2,
        /// File sync, like `fsync(2)` (kernel 5.1).
        IORING_OP_FSYNC = 3,
        /// Read into a registered buffer (kernel 5.1).
        IORING_OP_READ_FIXED = 4,
        /// Write from a registered buffer (kernel 5.1).
        IORING_OP_WRITE_FIXED = 5,
        /// Poll a file descriptor for events; multishot since 5.13 (kernel 5.1).
        IORING_OP_POLL_ADD = 6,
        /// Remove or update an existing poll request (kernel 5.1; update 5.13).
        IORING_OP_POLL_REMOVE = 7,
        /// Sync a file range, like `sync_file_range(2)` (kernel 5.2).
        IORING_OP_SYNC_FILE_RANGE = 8,
        /// Send a message, like `sendmsg(2)` (kernel 5.3).
        IORING_OP_SENDMSG = 9,
        /// Receive a message, like `recvmsg(2)` (kernel 5.3).
        IORING_OP_RECVMSG = 10,
        /// Timeout that fires after a time or a number of completions (kernel 5.4).
        IORING_OP_TIMEOUT = 11,
        /// Remove or update an existing timeout (kernel 5.5).
        IORING_OP_TIMEOUT_REMOVE = 12,
        /// Accept a connection, like `accept4(2)` (kernel 5.5).
        IORING_OP_ACCEPT = 13,
        /// Cancel an in-flight request (kernel 5.5).
        IORING_OP_ASYNC_CANCEL = 14,
        /// Timeout bound to the previous linked request (kernel 5.5).
        IORING_OP_LINK_TIMEOUT = 15,
        /// Connect a socket, like `connect(2)` (kernel 5.5).
        IORING_OP_CONNECT = 16,
        /// Allocate file space, like `fallocate(2)` (kernel 5.6).
        IORING_OP_FALLOCATE = 17,
        /// Open a file, like `openat(2)` (kernel 5.6).
        IORING_OP_OPENAT = 18,
        /// Close a file descriptor or a direct descriptor (kernel 5.6).
        IORING_OP_CLOSE = 19,
        /// Update registered files from the ring (kernel 5.6).
        IORING_OP_FILES_UPDATE = 20,
        /// Query file status, like `statx(2)` (kernel 5.6).
        IORING_OP_STATX = 21,
        /// Non-vectored read, like `pread(2)` (kernel 5.6).
        IORING_OP_READ = 22,
        /// Non-vectored write, like `pwrite(2)` (kernel 5.6).
        IORING_OP_WRITE = 23,
        /// File access advice, like `posix_fadvise(2)` (kernel 5.6).
        IORING_OP_FADVISE = 24,
        /// Memory advice, like `madvise(2)` (kernel 5.6).
        IORING_OP_MADVISE = 25,
        /// Send data, like `send(2)` (kernel 5.6).
        IORING_OP_SEND = 26,
        /// Receive data, like `recv(2)` (kernel 5.6).
        IORING_OP_RECV = 27,
        /// Open a file, like `openat2(2)` (kernel 5.6).
        IORING_OP_OPENAT2 = 28,
        /// Control an epoll instance, like `epoll_ctl(2)` (kernel 5.6).
        IORING_OP_EPOLL_CTL = 29,
        /// Move data between file descriptors, like `splice(2)` (kernel 5.7).
        IORING_OP_SPLICE = 30,
        /// Provide buffers to a legacy buffer group (kernel 5.7).
        IORING_OP_PROVIDE_BUFFERS = 31,
        /// Remove buffers from a legacy buffer group (kernel 5.7).
        IORING_OP_REMOVE_BUFFERS = 32,
        /// Duplicate pipe content, like `tee(2)` (kernel 5.8).
        IORING_OP_TEE = 33,
        /// Shut down a socket, like `shutdown(2)` (kernel 5.11).
        IORING_OP_SHUTDOWN = 34,
        /// Rename a file, like `renameat2(2)` (kernel 5.11).
        IORING_OP_RENAMEAT = 35,
        /// Remove a file or directory, like `unlinkat(2)` (kernel 5.11).
        IORING_OP_UNLINKAT = 36,
        /// Create a directory, like `mkdirat(2)` (kernel 5.15).
        IORING_OP_MKDIRAT = 37,
        /// Create a symbolic link, like `symlinkat(2)` (kernel 5.15).
        IORING_OP_SYMLINKAT = 38,
        /// Create a hard link, like `linkat(2)` (kernel 5.15).
        IORING_OP_LINKAT = 39,
        /// Post a completion or pass a descriptor to another ring (kernel 5.18).
        IORING_OP_MSG_RING = 40,
        /// Set an extended attribute on a file descriptor (kernel 5.19).
        IORING_OP_FSETXATTR = 41,
        /// Set an extended attribute on a path (kernel 5.19).
        IORING_OP_SETXATTR = 42,
        /// Get an extended attribute of a file descriptor (kernel 5.19).
        IORING_OP_FGETXATTR = 43,
        /// Get an extended attribute of a path (kernel 5.19).
        IORING_OP_GETXATTR = 44,
        /// Create a socket, like `socket(2)` (kernel 5.19).
        IORING_OP_SOCKET = 45,
        /// Driver- or file-specific passthrough command (kernel 5.19).
        IORING_OP_URING_CMD = 46,
        /// Zero-copy send (kernel 6.0).
        IORING_OP_SEND_ZC = 47,
        /// Zero-copy `sendmsg` (kernel 6.1).
        IORING_OP_SENDMSG_ZC = 48,
        /// Multishot read using provided buffers (kernel 6.7).
        IORING_OP_READ_MULTISHOT = 49,
        /// Wait for a process state change, like `waitid(2)` (kernel 6.7; man page says 6.5).
        IORING_OP_WAITID = 50,
        /// Wait on a futex (kernel 6.7).
        IORING_OP_FUTEX_WAIT = 51,
        /// Wake waiters on a futex (kernel 6.7).
        IORING_OP_FUTEX_WAKE = 52,
        /// Wait on a vector of futexes (kernel 6.7).
        IORING_OP_FUTEX_WAITV = 53,
        /// Install a direct descriptor into the regular file table (kernel 6.8).
        IORING_OP_FIXED_FD_INSTALL = 54,
        /// Truncate a file, like `ftruncate(2)` (kernel 6.9).
        IORING_OP_FTRUNCATE = 55,
        /// Bind a socket, like `bind(2)` (kernel 6.11).
        IORING_OP_BIND = 56,
        /// Listen on a socket, like `listen(2)` (kernel 6.11).
        IORING_OP_LISTEN = 57,
        /// Zero-copy receive into a registered zcrx area (kernel 6.15).
        IORING_OP_RECV_ZC = 58,
        /// Wait for epoll events, like `epoll_wait(2)` (kernel 6.15).
        IORING_OP_EPOLL_WAIT = 59,
        /// Vectored read into registered buffers (kernel 6.15).
        IORING_OP_READV_FIXED = 60,
        /// Vectored write from registered buffers (kernel 6.15).
        IORING_OP_WRITEV_FIXED = 61,
        /// Create a pipe, like `pipe2(2)` (kernel 6.16).
        IORING_OP_PIPE = 62,
        /// No operation using a 128-byte SQE on an SQE_MIXED ring (kernel 6.19).
        IORING_OP_NOP128 = 63,
        /// Passthrough command using a 128-byte SQE on an SQE_MIXED ring (kernel 6.19).
        IORING_OP_URING_CMD128 = 64,
        /// Sentinel: one past the highest opcode; not a real operation.
        IORING_OP_LAST = 65,
    }

    // ---- IORING_SETUP_* (io_uring_params.flags) ----
    u32 {
        /// Busy-poll for I/O completions instead of using interrupts (kernel 5.1).
        IORING_SETUP_IOPOLL = 1 << 0,
        /// A kernel thread polls the SQ for submissions (kernel 5.1).
        IORING_SETUP_SQPOLL = 1 << 1,
        /// Pin the SQPOLL thread to `sq_thread_cpu` (kernel 5.1).
        IORING_SETUP_SQ_AFF = 1 << 2,
        /// The CQ size is taken from `cq_entries` (kernel 5.5).
        IORING_SETUP_CQSIZE = 1 << 3,
        /// Clamp too-large entry counts instead of failing (kernel 5.6).
        IORING_SETUP_CLAMP = 1 << 4,
        /// Share the async backend of the ring in `wq_fd` (kernel 5.6).
        IORING_SETUP_ATTACH_WQ = 1 << 5,
        /// Create the ring disabled; enable it with IORING_REGISTER_ENABLE_RINGS (kernel 5.10).
        IORING_SETUP_R_DISABLED = 1 << 6,
        /// Keep submitting the batch even if one request fails at submit time (kernel 5.18).
        IORING_SETUP_SUBMIT_ALL = 1 << 7,
        /// Run task work cooperatively, without forcing an interrupt (kernel 5.19).
        IORING_SETUP_COOP_TASKRUN = 1 << 8,
        /// Set IORING_SQ_TASKRUN in the SQ flags when task work is pending (kernel 5.19).
        IORING_SETUP_TASKRUN_FLAG = 1 << 9,
        /// SQEs are 128 bytes (kernel 5.19).
        IORING_SETUP_SQE128 = 1 << 10,
        /// CQEs are 32 bytes (kernel 5.19).
        IORING_SETUP_CQE32 = 1 << 11,
        /// Only one task submits requests (kernel 6.0).
        IORING_SETUP_SINGLE_ISSUER = 1 << 12,
        /// Defer task work until the application waits for completions (kernel 6.1).
        IORING_SETUP_DEFER_TASKRUN = 1 << 13,
        /// The application supplies the ring memory instead of mmap (kernel 6.5).
        IORING_SETUP_NO_MMAP = 1 << 14,
        /// Return a registered ring index instead of a file descriptor (kernel 6.5).
        IORING_SETUP_REGISTERED_FD_ONLY = 1 << 15,
        /// No SQ index array; SQEs are consumed in ring order (kernel 6.6).
        IORING_SETUP_NO_SQARRAY = 1 << 16,
        /// Hybrid IOPOLL: sleep before polling for completions (kernel 6.13).
        IORING_SETUP_HYBRID_IOPOLL = 1 << 17,
        /// CQ holds both 16- and 32-byte CQEs (kernel 6.18).
        IORING_SETUP_CQE_MIXED = 1 << 18,
        /// SQ holds both 64- and 128-byte SQEs (kernel 6.19).
        IORING_SETUP_SQE_MIXED = 1 << 19,
        /// Every submission consumes SQEs from index 0; head and tail stay 0 (kernel 7.0 per man page).
        IORING_SETUP_SQ_REWIND = 1 << 20,
    }

    // ---- IORING_FEAT_* (io_uring_params.features) ----
    u32 {
        /// SQ and CQ rings share a single mmap (kernel 5.4).
        IORING_FEAT_SINGLE_MMAP = 1 << 0,
        /// Completions are never dropped on CQ overflow (kernel 5.5).
        IORING_FEAT_NODROP = 1 << 1,
        /// Submission data is stable once submit returns (kernel 5.5).
        IORING_FEAT_SUBMIT_STABLE = 1 << 2,
        /// Offset -1 means "current file position" for reads/writes (kernel 5.6).
        IORING_FEAT_RW_CUR_POS = 1 << 3,
        /// Requests run with the submitter's credentials (kernel 5.6).
        IORING_FEAT_CUR_PERSONALITY = 1 << 4,
        /// Internal polling is used for pollable files (kernel 5.7).
        IORING_FEAT_FAST_POLL = 1 << 5,
        /// Poll events are 32 bits wide (kernel 5.9).
        IORING_FEAT_POLL_32BITS = 1 << 6,
        /// SQPOLL works without registered files (kernel 5.11).
        IORING_FEAT_SQPOLL_NONFIXED = 1 << 7,
        /// io_uring_enter accepts IORING_ENTER_EXT_ARG (kernel 5.11).
        IORING_FEAT_EXT_ARG = 1 << 8,
        /// Async work runs in native worker threads (kernel 5.12).
        IORING_FEAT_NATIVE_WORKERS = 1 << 9,
        /// Registered resources can carry tags (kernel 5.13).
        IORING_FEAT_RSRC_TAGS = 1 << 10,
        /// IOSQE_CQE_SKIP_SUCCESS is supported (kernel 5.17).
        IORING_FEAT_CQE_SKIP = 1 << 11,
        /// Files of linked requests are assigned when the request runs (kernel 5.17).
        IORING_FEAT_LINKED_FILE = 1 << 12,
        /// io_uring_register accepts a registered ring index (kernel 6.3).
        IORING_FEAT_REG_REG_RING = 1 << 13,
        /// Send/receive bundles are supported (kernel 6.10).
        IORING_FEAT_RECVSEND_BUNDLE = 1 << 14,
        /// A minimum wait timeout can be given when waiting (kernel 6.12).
        IORING_FEAT_MIN_TIMEOUT = 1 << 15,
        /// Read/write attributes (e.g. PI) are supported (kernel 6.14).
        IORING_FEAT_RW_ATTR = 1 << 16,
        /// IORING_ENTER_NO_IOWAIT is supported (kernel 6.15).
        IORING_FEAT_NO_IOWAIT = 1 << 17,
    }

    // ---- io_uring_register(2) opcodes (enum io_uring_register_op) ----
    u32 {
        /// Register fixed buffers (kernel 5.1).
        IORING_REGISTER_BUFFERS = 0,
        /// Unregister fixed buffers (kernel 5.1).
        IORING_UNREGISTER_BUFFERS = 1,
        /// Register fixed files (kernel 5.1).
        IORING_REGISTER_FILES = 2,
        /// Unregister fixed files (kernel 5.1).
        IORING_UNREGISTER_FILES = 3,
        /// Register an eventfd for completion notifications (kernel 5.2).
        IORING_REGISTER_EVENTFD = 4,
        /// Unregister the eventfd (kernel 5.2).
        IORING_UNREGISTER_EVENTFD = 5,
        /// Update registered files (kernel 5.5).
        IORING_REGISTER_FILES_UPDATE = 6,
        /// Register an eventfd signalled only for async completions (kernel 5.6).
        IORING_REGISTER_EVENTFD_ASYNC = 7,
        /// Probe which opcodes are supported (kernel 5.6).
        IORING_REGISTER_PROBE = 8,
        /// Register the current credentials as a personality (kernel 5.6).
        IORING_REGISTER_PERSONALITY = 9,
        /// Unregister a personality (kernel 5.6).
        IORING_UNREGISTER_PERSONALITY = 10,
        /// Register restrictions on a disabled ring (kernel 5.10).
        IORING_REGISTER_RESTRICTIONS = 11,
        /// Enable a ring created with IORING_SETUP_R_DISABLED (kernel 5.10).
        IORING_REGISTER_ENABLE_RINGS = 12,
        /// Register fixed files with tags or sparse (kernel 5.13).
        IORING_REGISTER_FILES2 = 13,
        /// Update registered files with tags (kernel 5.13).
        IORING_REGISTER_FILES_UPDATE2 = 14,
        /// Register fixed buffers with tags or sparse (kernel 5.13).
        IORING_REGISTER_BUFFERS2 = 15,
        /// Update registered buffers with tags (kernel 5.13).
        IORING_REGISTER_BUFFERS_UPDATE = 16,
        /// Set the CPU affinity of io-wq workers (kernel 5.14).
        IORING_REGISTER_IOWQ_AFF = 17,
        /// Reset the io-wq CPU affinity (kernel 5.14).
        IORING_UNREGISTER_IOWQ_AFF = 18,
        /// Set the maximum number of bound/unbound io-wq workers (kernel 5.15).
        IORING_REGISTER_IOWQ_MAX_WORKERS = 19,
        /// Register ring file descriptors for faster enter (kernel 5.18).
        IORING_REGISTER_RING_FDS = 20,
        /// Unregister registered ring file descriptors (kernel 5.18).
        IORING_UNREGISTER_RING_FDS = 21,
        /// Register a provided-buffer ring (kernel 5.19).
        IORING_REGISTER_PBUF_RING = 22,
        /// Unregister a provided-buffer ring (kernel 5.19).
        IORING_UNREGISTER_PBUF_RING = 23,
        /// Synchronously cancel requests (kernel 6.0).
        IORING_REGISTER_SYNC_CANCEL = 24,
        /// Set the range used for direct-descriptor allocation (kernel 6.0).
        IORING_REGISTER_FILE_ALLOC_RANGE = 25,
        /// Query the head of a provided-buffer ring (kernel 6.8).
        IORING_REGISTER_PBUF_STATUS = 26,
        /// Register NAPI busy-poll settings (kernel 6.9).
        IORING_REGISTER_NAPI = 27,
        /// Unregister NAPI busy-poll settings (kernel 6.9).
        IORING_UNREGISTER_NAPI = 28,
        /// Select the clock used for waits (kernel 6.12).
        IORING_REGISTER_CLOCK = 29,
        /// Clone registered buffers from another ring (kernel 6.12).
        IORING_REGISTER_CLONE_BUFFERS = 30,
        /// Send a MSG_RING message without a source ring (kernel 6.13).
        IORING_REGISTER_SEND_MSG_RING = 31,
        /// Register a zero-copy receive interface queue (kernel 6.15).
        IORING_REGISTER_ZCRX_IFQ = 32,
        /// Resize the SQ and CQ rings (kernel 6.13).
        IORING_REGISTER_RESIZE_RINGS = 33,
        /// Register a memory region (kernel 6.13).
        IORING_REGISTER_MEM_REGION = 34,
        /// Query io_uring capabilities (kernel 6.15 per man page, unverified).
        IORING_REGISTER_QUERY = 35,
        /// Auxiliary zcrx control operations (kernel 6.15 per man page, unverified).
        IORING_REGISTER_ZCRX_CTRL = 36,
        /// Register BPF filter programs (kernel version not stated).
        IORING_REGISTER_BPF_FILTER = 37,
        /// Sentinel: one past the highest register opcode.
        IORING_REGISTER_LAST = 38,
        /// Flag OR-ed into the opcode: the fd argument is a registered ring index.
        IORING_REGISTER_USE_REGISTERED_RING = 1 << 31,
    }

    // ---- IOSQE_* SQE flags (enum io_uring_sqe_flags_bit and sqe->flags) ----
    u8 {
        /// Bit number of IOSQE_FIXED_FILE.
        IOSQE_FIXED_FILE_BIT = 0,
        /// Bit number of IOSQE_IO_DRAIN.
        IOSQE_IO_DRAIN_BIT = 1,
        /// Bit number of IOSQE_IO_LINK.
        IOSQE_IO_LINK_BIT = 2,
        /// Bit number of IOSQE_IO_HARDLINK.
        IOSQE_IO_HARDLINK_BIT = 3,
        /// Bit number of IOSQE_ASYNC.
        IOSQE_ASYNC_BIT = 4,
        /// Bit number of IOSQE_BUFFER_SELECT.
        IOSQE_BUFFER_SELECT_BIT = 5,
        /// Bit number of IOSQE_CQE_SKIP_SUCCESS.
        IOSQE_CQE_SKIP_SUCCESS_BIT = 6,
        /// `sqe->fd` is an index into the registered file table.
        IOSQE_FIXED_FILE = 1 << IOSQE_FIXED_FILE_BIT,
        /// Start only after all earlier requests have completed.
        IOSQE_IO_DRAIN = 1 << IOSQE_IO_DRAIN_BIT,
        /// Link the next SQE; it starts after this one succeeds.
        IOSQE_IO_LINK = 1 << IOSQE_IO_LINK_BIT,
        /// Like IOSQE_IO_LINK, but the chain survives a failure.
        IOSQE_IO_HARDLINK = 1 << IOSQE_IO_HARDLINK_BIT,
        /// Always issue the request asynchronously.
        IOSQE_ASYNC = 1 << IOSQE_ASYNC_BIT,
        /// Pick a buffer from the group in `sqe->buf_group`.
        IOSQE_BUFFER_SELECT = 1 << IOSQE_BUFFER_SELECT_BIT,
        /// Post no CQE if the request succeeds.
        IOSQE_CQE_SKIP_SUCCESS = 1 << IOSQE_CQE_SKIP_SUCCESS_BIT,
    }

    // ---- IORING_ENTER_* (io_uring_enter flags) ----
    u32 {
        /// Wait for `min_complete` completions.
        IORING_ENTER_GETEVENTS = 1 << 0,
        /// Wake up the SQPOLL thread.
        IORING_ENTER_SQ_WAKEUP = 1 << 1,
        /// Wait until the SQ has free space (SQPOLL).
        IORING_ENTER_SQ_WAIT = 1 << 2,
        /// The argument is a `struct io_uring_getevents_arg`.
        IORING_ENTER_EXT_ARG = 1 << 3,
        /// The fd argument is a registered ring index.
        IORING_ENTER_REGISTERED_RING = 1 << 4,
        /// The wait timeout is absolute, not relative.
        IORING_ENTER_ABS_TIMER = 1 << 5,
        /// The argument is an offset into the registered wait region.
        IORING_ENTER_EXT_ARG_REG = 1 << 6,
        /// Don't account the wait as iowait.
        IORING_ENTER_NO_IOWAIT = 1 << 7,
    }

    // ---- IORING_CQE_F_* (cqe->flags) ----
    u32 {
        /// The upper 16 bits of `cqe->flags` hold the selected buffer ID.
        IORING_CQE_F_BUFFER = 1 << 0,
        /// More completions will follow for this (multishot) request.
        IORING_CQE_F_MORE = 1 << 1,
        /// The socket had more data to read after this receive.
        IORING_CQE_F_SOCK_NONEMPTY = 1 << 2,
        /// This CQE is a zero-copy send notification.
        IORING_CQE_F_NOTIF = 1 << 3,
        /// The incrementally consumed buffer is not used up yet.
        IORING_CQE_F_BUF_MORE = 1 << 4,
        /// Skip this CQE: it is padding on a CQE_MIXED ring.
        IORING_CQE_F_SKIP = 1 << 5,
        /// This CQE is 32 bytes (CQE_MIXED ring).
        IORING_CQE_F_32 = 1 << 15,
        /// Shift of the buffer ID within `cqe->flags`.
        IORING_CQE_BUFFER_SHIFT = 16,
    }

    // ---- SQ/CQ ring flags ----
    u32 {
        /// SQ flag: the SQPOLL thread sleeps and needs IORING_ENTER_SQ_WAKEUP.
        IORING_SQ_NEED_WAKEUP = 1 << 0,
        /// SQ flag: the CQ ring has overflowed.
        IORING_SQ_CQ_OVERFLOW = 1 << 1,
        /// SQ flag: task work is pending; enter the kernel to run it.
        IORING_SQ_TASKRUN = 1 << 2,
        /// CQ flag: the registered eventfd is not signalled.
        IORING_CQ_EVENTFD_DISABLED = 1 << 0,
    }

    // ---- mmap offsets ----
    u64 {
        /// mmap offset of the SQ ring.
        IORING_OFF_SQ_RING = 0,
        /// mmap offset of the CQ ring.
        IORING_OFF_CQ_RING = 0x800_0000,
        /// mmap offset of the SQE array.
        IORING_OFF_SQES = 0x1000_0000,
        /// mmap offset of kernel-allocated provided-buffer rings.
        IORING_OFF_PBUF_RING = 0x8000_0000,
        /// Shift of the buffer group ID within the PBUF_RING mmap offset.
        IORING_OFF_PBUF_SHIFT = 16,
        /// Mask selecting the mapping type from an mmap offset.
        IORING_OFF_MMAP_MASK = 0xf800_0000,
    }

    // ---- Timeout flags (sqe->timeout_flags) ----
    u32 {
        /// The timeout is absolute.
        IORING_TIMEOUT_ABS = 1 << 0,
        /// Update an existing timeout (TIMEOUT_REMOVE).
        IORING_TIMEOUT_UPDATE = 1 << 1,
        /// Use CLOCK_BOOTTIME.
        IORING_TIMEOUT_BOOTTIME = 1 << 2,
        /// Use CLOCK_REALTIME.
        IORING_TIMEOUT_REALTIME = 1 << 3,
        /// Update an existing link timeout (TIMEOUT_REMOVE).
        IORING_LINK_TIMEOUT_UPDATE = 1 << 4,
        /// Complete an expired timeout with success instead of -ETIME.
        IORING_TIMEOUT_ETIME_SUCCESS = 1 << 5,
        /// The timeout fires repeatedly.
        IORING_TIMEOUT_MULTISHOT = 1 << 6,
        /// `sqe->addr` holds the timeout value itself, not a pointer.
        IORING_TIMEOUT_IMMEDIATE_ARG = 1 << 7,
        /// Mask of the clock-selection flags.
        IORING_TIMEOUT_CLOCK_MASK = IORING_TIMEOUT_BOOTTIME | IORING_TIMEOUT_REALTIME,
        /// Mask of the update flags.
        IORING_TIMEOUT_UPDATE_MASK = IORING_TIMEOUT_UPDATE | IORING_LINK_TIMEOUT_UPDATE,
    }

    // ---- Poll flags (sqe->len of POLL_ADD/POLL_REMOVE) ----
    u32 {
        /// Multishot poll: keep posting CQEs.
        IORING_POLL_ADD_MULTI = 1 << 0,
        /// POLL_REMOVE: update the poll events.
        IORING_POLL_UPDATE_EVENTS = 1 << 1,
        /// POLL_REMOVE: update the user_data.
        IORING_POLL_UPDATE_USER_DATA = 1 << 2,
        /// Level-triggered poll.
        IORING_POLL_ADD_LEVEL = 1 << 3,
    }

    // ---- Async cancel flags (sqe->cancel_flags, io_uring_sync_cancel_reg.flags) ----
    u32 {
        /// Cancel every matching request, not just the first.
        IORING_ASYNC_CANCEL_ALL = 1 << 0,
        /// Match on file descriptor instead of user_data.
        IORING_ASYNC_CANCEL_FD = 1 << 1,
        /// Match any request.
        IORING_ASYNC_CANCEL_ANY = 1 << 2,
        /// The file descriptor to match is a fixed file.
        IORING_ASYNC_CANCEL_FD_FIXED = 1 << 3,
        /// Match on user_data (together with other match keys).
        IORING_ASYNC_CANCEL_USERDATA = 1 << 4,
        /// Match on opcode.
        IORING_ASYNC_CANCEL_OP = 1 << 5,
    }

    // ---- send/recv flags (sqe->ioprio) ----
    u16 {
        /// Poll the socket before trying the send/receive.
        IORING_RECVSEND_POLL_FIRST = 1 << 0,
        /// Multishot receive.
        IORING_RECV_MULTISHOT = 1 << 1,
        /// Use a registered buffer (`sqe->buf_index`).
        IORING_RECVSEND_FIXED_BUF = 1 << 2,
        /// Zero-copy send: report in the notification whether data was copied.
        IORING_SEND_ZC_REPORT_USAGE = 1 << 3,
        /// Send/receive a bundle of provided buffers.
        IORING_RECVSEND_BUNDLE = 1 << 4,
        /// `sqe->addr` points to an iovec array (vectored send).
        IORING_SEND_VECTORIZED = 1 << 5,
    }
    u32 {
        /// Notification `cqe->res` flag: the zero-copy send fell back to copying.
        IORING_NOTIF_USAGE_ZC_COPIED = 1 << 31,
    }

    // ---- Accept flags (sqe->ioprio) ----
    u16 {
        /// Multishot accept.
        IORING_ACCEPT_MULTISHOT = 1 << 0,
        /// Don't wait if no connection is pending.
        IORING_ACCEPT_DONTWAIT = 1 << 1,
        /// Poll the socket before trying to accept.
        IORING_ACCEPT_POLL_FIRST = 1 << 2,
    }

    // ---- MSG_RING flags (sqe->msg_ring_flags) and commands (sqe->addr) ----
    u32 {
        /// Don't post a CQE to the sending ring.
        IORING_MSG_RING_CQE_SKIP = 1 << 0,
        /// Pass `sqe->file_index` as the target CQE flags.
        IORING_MSG_RING_FLAGS_PASS = 1 << 1,
        /// MSG_RING command: post a CQE with data.
        IORING_MSG_DATA = 0,
        /// MSG_RING command: send a direct descriptor.
        IORING_MSG_SEND_FD = 1,
    }

    // ---- uring_cmd flags (sqe->uring_cmd_flags) ----
    u32 {
        /// Use a registered buffer (`sqe->buf_index`).
        IORING_URING_CMD_FIXED = 1 << 0,
        /// Mask of all uring_cmd flags.
        IORING_URING_CMD_MASK = IORING_URING_CMD_FIXED,
    }

    // ---- Socket uring_cmd ops (enum io_uring_socket_op, sqe->cmd_op) ----
    u32 {
        /// Bytes in the receive queue, like ioctl SIOCINQ.
        SOCKET_URING_OP_SIOCINQ = 0,
        /// Bytes in the send queue, like ioctl SIOCOUTQ.
        SOCKET_URING_OP_SIOCOUTQ = 1,
        /// Get a socket option.
        SOCKET_URING_OP_GETSOCKOPT = 2,
        /// Set a socket option.
        SOCKET_URING_OP_SETSOCKOPT = 3,
        /// Receive TX timestamps.
        SOCKET_URING_OP_TX_TIMESTAMP = 4,
        /// Get the socket (or peer) address.
        SOCKET_URING_OP_GETSOCKNAME = 5,
    }

    // ---- Block-device uring_cmd ops (linux/blkdev.h) ----
    u32 {
        /// Discard a byte range of a block device: `_IO(0x12, 0)`.
        BLOCK_URING_CMD_DISCARD = 0x1200,
        /// Reset all zones of a zoned block device: `_IO(0x12, 1)`.
        BLOCK_URING_CMD_ZONE_RESET_ALL = 0x1201,
    }

    // ---- TX timestamps (SOCKET_URING_OP_TX_TIMESTAMP) ----
    u32 {
        /// `cqe->flags` bit marking a hardware timestamp.
        IORING_TIMESTAMP_HW_SHIFT = 16,
        /// `cqe->flags` bit from which the timestamp type is stored.
        IORING_TIMESTAMP_TYPE_SHIFT = IORING_TIMESTAMP_HW_SHIFT + 1,
        /// CQE flag: the timestamp is a hardware timestamp.
        IORING_CQE_F_TSTAMP_HW = 1 << IORING_TIMESTAMP_HW_SHIFT,
    }

    // ---- NOP flags (sqe->nop_flags) ----
    u32 {
        /// Complete with the result injected from the SQE instead of 0.
        IORING_NOP_INJECT_RESULT = 1 << 0,
        /// Resolve `sqe->fd` as a file.
        IORING_NOP_FILE = 1 << 1,
        /// `sqe->fd` is a fixed file.
        IORING_NOP_FIXED_FILE = 1 << 2,
        /// Import the registered buffer in `sqe->buf_index`.
        IORING_NOP_FIXED_BUFFER = 1 << 3,
        /// Complete through task work.
        IORING_NOP_TW = 1 << 4,
        /// Post a 32-byte CQE (CQE_MIXED ring).
        IORING_NOP_CQE32 = 1 << 5,
    }

    // ---- Misc per-op flags ----
    u64 {
        /// `sqe->attr_type_mask`: `sqe->attr_ptr` points to a `struct io_uring_attr_pi`.
        IORING_RW_ATTR_FLAG_PI = 1 << 0,
    }
    u32 {
        /// `sqe->fsync_flags`: sync data only, like `fdatasync(2)`.
        IORING_FSYNC_DATASYNC = 1 << 0,
        /// `sqe->splice_flags`: `splice_fd_in` is a fixed file.
        SPLICE_F_FD_IN_FIXED = 1 << 31,
        /// `sqe->install_fd_flags`: don't set O_CLOEXEC on the installed fd.
        IORING_FIXED_FD_NO_CLOEXEC = 1 << 0,
    }

    // ---- Resource registration, fixed files, probe ----
    u32 {
        /// `sqe->file_index`: let the kernel allocate a free direct descriptor.
        IORING_FILE_INDEX_ALLOC = !0,
        /// `io_uring_rsrc_register.flags`: register a sparse (empty) table.
        IORING_RSRC_REGISTER_SPARSE = 1 << 0,
    }
    i32 {
        /// File-update value meaning "leave this slot unchanged".
        IORING_REGISTER_FILES_SKIP = -2,
    }
    u16 {
        /// `io_uring_probe_op.flags`: the opcode is supported.
        IO_URING_OP_SUPPORTED = 1 << 0,
    }

    // ---- Restriction opcodes (io_uring_restriction.opcode) ----
    u16 {
        /// Allow a register opcode (`register_op`).
        IORING_RESTRICTION_REGISTER_OP = 0,
        /// Allow an SQE opcode (`sqe_op`).
        IORING_RESTRICTION_SQE_OP = 1,
        /// Allow these SQE flags (`sqe_flags`).
        IORING_RESTRICTION_SQE_FLAGS_ALLOWED = 2,
        /// Require these SQE flags on every SQE (`sqe_flags`).
        IORING_RESTRICTION_SQE_FLAGS_REQUIRED = 3,
        /// Sentinel: one past the highest restriction opcode.
        IORING_RESTRICTION_LAST = 4,
    }

    // ---- io-wq worker types (IORING_REGISTER_IOWQ_MAX_WORKERS index) ----
    u32 {
        /// Index of the bounded-worker count.
        IO_WQ_BOUND = 0,
        /// Index of the unbounded-worker count.
        IO_WQ_UNBOUND = 1,
    }

    // ---- Provided-buffer ring flags (io_uring_buf_reg.flags) ----
    u16 {
        /// The kernel allocates the ring; mmap it at IORING_OFF_PBUF_RING.
        IOU_PBUF_RING_MMAP = 1,
        /// Buffers are consumed incrementally.
        IOU_PBUF_RING_INC = 2,
    }

    // ---- Memory regions and registered wait ----
    u32 {
        /// `io_uring_region_desc.flags`: the region uses user memory at `user_addr`.
        IORING_MEM_REGION_TYPE_USER = 1,
    }
    u64 {
        /// `io_uring_mem_region_reg.flags`: use the region for registered wait arguments.
        IORING_MEM_REGION_REG_WAIT_ARG = 1,
    }
    u32 {
        /// `io_uring_reg_wait.flags`: the `ts` field is valid.
        IORING_REG_WAIT_TS = 1,
    }

    // ---- Clone-buffers flags (io_uring_clone_buffers.flags) ----
    u32 {
        /// `src_fd` is a registered ring index.
        IORING_REGISTER_SRC_REGISTERED = 1 << 0,
        /// Replace existing destination buffers.
        IORING_REGISTER_DST_REPLACE = 1 << 1,
    }

    // ---- Zero-copy receive (zcrx) ----
    u32 {
        /// Bit from which the area ID is encoded into zcrx offsets.
        IORING_ZCRX_AREA_SHIFT = 48,
    }
    u64 {
        /// Mask of the area-ID bits of a zcrx offset.
        IORING_ZCRX_AREA_MASK = !((1 << IORING_ZCRX_AREA_SHIFT) - 1),
    }
    u32 {
        /// `io_uring_zcrx_area_reg.flags`: the area is a dma-buf (`dmabuf_fd`).
        IORING_ZCRX_AREA_DMABUF = 1,
        /// `io_uring_zcrx_ifq_reg.flags`: import an exported zcrx instance.
        ZCRX_REG_IMPORT = 1,
        /// `io_uring_zcrx_ifq_reg.flags`: no net device; all data is copied.
        ZCRX_REG_NODEV = 2,
        /// zcrx feature: the rx page size can be chosen via `rx_buf_len`.
        ZCRX_FEATURE_RX_PAGE_SIZE = 1 << 0,
        /// zcrx control op: flush the refill queue.
        ZCRX_CTRL_FLUSH_RQ = 0,
        /// zcrx control op: export the instance as a file descriptor.
        ZCRX_CTRL_EXPORT = 1,
        /// Sentinel: one past the highest zcrx control op.
        __ZCRX_CTRL_LAST = 2,
    }

    // ---- Query interface (io_uring_query_hdr.query_op) ----
    u32 {
        /// Query supported opcodes and flags (`io_uring_query_opcode`).
        IO_URING_QUERY_OPCODES = 0,
        /// Query zcrx capabilities (`io_uring_query_zcrx`).
        IO_URING_QUERY_ZCRX = 1,
        /// Query SQ/CQ ring header layout (`io_uring_query_scq`).
        IO_URING_QUERY_SCQ = 2,
        /// Sentinel: one past the highest query opcode.
        __IO_URING_QUERY_MAX = 3,
    }

    // ---- BPF filter interface ----
    u32 {
        /// `io_uring_bpf_filter.flags`: deny every opcode without a filter.
        IO_URING_BPF_FILTER_DENY_REST = 1,
        /// `io_uring_bpf_filter.flags`: fail if the pdu size disagrees with the kernel.
        IO_URING_BPF_FILTER_SZ_STRICT = 2,
    }
    u16 {
        /// `io_uring_bpf.cmd_type`: register a filter.
        IO_URING_BPF_CMD_FILTER = 1,
    }

    // ---- liburing ----
    u64 {
        /// user_data liburing reserves for its internal timeout SQEs.
        LIBURING_UDATA_TIMEOUT = u64::MAX,
    }
}
