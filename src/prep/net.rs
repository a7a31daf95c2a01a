//! Prep helpers: net.
//!
//! Sockets through the ring: creating, binding, listening, connecting and
//! accepting; sending and receiving (plain, with a destination address,
//! zero-copy, vectored through a `msghdr`, multishot, bundled); shutdown;
//! and the socket commands of `IORING_OP_URING_CMD` (`SOCKET_URING_OP_*`).
//!
//! Where liburing's argument list is a pointer and a length, the typed
//! helper takes a slice and a `prep_*_raw` twin keeps liburing's exact
//! arguments (the C ABI calls the raw forms). Socket addresses, address
//! lengths the kernel writes back, `msghdr`s and socket-option values stay
//! raw pointers, as in liburing.

use super::clamp_len;
use crate::SubmissionQueueEntry;
use crate::sys;
use core::ffi::c_void;
use std::os::fd::RawFd;

impl SubmissionQueueEntry {
    // ------------------------------------------------------------------
    // Socket creation and set-up

    /// Prepare a `socket(2)`: create a socket of `domain`, `socket_type`
    /// (`SOCK_STREAM`, ..., optionally or-ed with `SOCK_NONBLOCK` /
    /// `SOCK_CLOEXEC`) and `protocol`. `flags` is reserved and must be 0.
    ///
    /// Completion: `res` is the new file descriptor, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_socket`](https://man7.org/linux/man-pages/man3/io_uring_prep_socket.3.html).
    /// Kernel 5.19.
    #[doc(alias = "io_uring_prep_socket")]
    #[inline]
    pub fn prep_socket(&mut self, domain: i32, socket_type: i32, protocol: i32, flags: u32) {
        self.prep_base(sys::IORING_OP_SOCKET, domain, 0, protocol as u32, socket_type as u64);
        self.0.op_flags.rw_flags = flags as i32;
    }

    /// Prepare a `socket(2)` whose socket goes into direct-descriptor slot
    /// `file_index` (0-based) of the ring's registered file table instead of
    /// the process fd table. `IORING_FILE_INDEX_ALLOC` lets the kernel pick a
    /// free slot. A file already in the slot is closed first.
    ///
    /// Completion: `res` 0 for a given slot, the chosen slot with
    /// `IORING_FILE_INDEX_ALLOC`, or `-errno` (`-ENFILE` when no slot is free,
    /// `-ENXIO` without a registered file table).
    ///
    /// liburing: [`io_uring_prep_socket_direct`](https://man7.org/linux/man-pages/man3/io_uring_prep_socket_direct.3.html).
    /// Kernel 5.19.
    #[doc(alias = "io_uring_prep_socket_direct")]
    #[inline]
    pub fn prep_socket_direct(
        &mut self,
        domain: i32,
        socket_type: i32,
        protocol: i32,
        file_index: u32,
        flags: u32,
    ) {
        self.prep_socket(domain, socket_type, protocol, flags);
        self.set_target_fixed_file(file_index);
    }

    /// Prepare a `socket(2)` whose socket goes into a direct-descriptor slot
    /// the kernel chooses (`IORING_FILE_INDEX_ALLOC`).
    ///
    /// Completion: `res` is the chosen slot (0-based), or `-errno`
    /// (`-ENFILE` when no slot is free).
    ///
    /// liburing: [`io_uring_prep_socket_direct_alloc`](https://man7.org/linux/man-pages/man3/io_uring_prep_socket_direct_alloc.3.html).
    /// Kernel 5.19.
    #[doc(alias = "io_uring_prep_socket_direct_alloc")]
    #[inline]
    pub fn prep_socket_direct_alloc(&mut self, domain: i32, socket_type: i32, protocol: i32, flags: u32) {
        self.prep_socket(domain, socket_type, protocol, flags);
        self.set_target_fixed_file(sys::IORING_FILE_INDEX_ALLOC);
    }

    /// Prepare a `connect(2)` of socket `fd` to the address `addr` of
    /// `addrlen` bytes.
    ///
    /// Completion: `res` 0, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_connect`](https://man7.org/linux/man-pages/man3/io_uring_prep_connect.3.html).
    /// Kernel 5.5.
    ///
    /// # Safety
    ///
    /// `addr` must point to `addrlen` readable bytes of socket address that
    /// stay valid and unchanged until the entry is submitted (the kernel
    /// copies the address when it consumes the entry).
    #[doc(alias = "io_uring_prep_connect")]
    #[inline]
    pub unsafe fn prep_connect(&mut self, fd: RawFd, addr: *const libc::sockaddr, addrlen: libc::socklen_t) {
        self.prep_base(sys::IORING_OP_CONNECT, fd, addr as u64, 0, addrlen as u64);
    }

    /// Prepare a `bind(2)` of socket `fd` to the address `addr` of `addrlen`
    /// bytes.
    ///
    /// Completion: `res` 0, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_bind`](https://man7.org/linux/man-pages/man3/io_uring_prep_bind.3.html).
    /// Kernel 6.11.
    ///
    /// # Safety
    ///
    /// `addr` must point to `addrlen` readable bytes of socket address that
    /// stay valid and unchanged until the entry is submitted (the kernel
    /// copies the address when it consumes the entry).
    #[doc(alias = "io_uring_prep_bind")]
    #[inline]
    pub unsafe fn prep_bind(&mut self, fd: RawFd, addr: *const libc::sockaddr, addrlen: libc::socklen_t) {
        self.prep_base(sys::IORING_OP_BIND, fd, addr as u64, 0, addrlen as u64);
    }

    /// Prepare a `listen(2)` on socket `fd` with a queue of `backlog`
    /// pending connections.
    ///
    /// Completion: `res` 0, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_listen`](https://man7.org/linux/man-pages/man3/io_uring_prep_listen.3.html).
    /// Kernel 6.11.
    #[doc(alias = "io_uring_prep_listen")]
    #[inline]
    pub fn prep_listen(&mut self, fd: RawFd, backlog: i32) {
        self.prep_base(sys::IORING_OP_LISTEN, fd, 0, backlog as u32, 0);
    }

    /// Prepare an `accept4(2)` on listening socket `fd`, with `accept4`
    /// flags `flags` (`SOCK_NONBLOCK`, `SOCK_CLOEXEC`). When `addr` is not
    /// null, the peer's address is written to it and `*addrlen` (its size on
    /// entry) is updated, as `accept4` does. Both may be null.
    ///
    /// The entry's `ioprio` takes `IORING_ACCEPT_*` modifiers afterwards
    /// (`IORING_ACCEPT_DONTWAIT`, `IORING_ACCEPT_POLL_FIRST`, see
    /// [`set_ioprio`](SubmissionQueueEntry::set_ioprio)).
    ///
    /// Completion: `res` is the new connection's file descriptor, or
    /// `-errno`. Since kernel 6.10 `IORING_CQE_F_SOCK_NONEMPTY` in the flags
    /// says more connections are waiting.
    ///
    /// liburing: [`io_uring_prep_accept`](https://man7.org/linux/man-pages/man3/io_uring_prep_accept.3.html).
    /// Kernel 5.5.
    ///
    /// # Safety
    ///
    /// `addr` (if not null) must be valid for writes of `*addrlen` bytes and
    /// `addrlen` (if not null) valid for reads and writes of a `socklen_t`;
    /// both must stay valid, and not be accessed otherwise, until the
    /// completion.
    #[doc(alias = "io_uring_prep_accept")]
    #[inline]
    pub unsafe fn prep_accept(
        &mut self,
        fd: RawFd,
        addr: *mut libc::sockaddr,
        addrlen: *mut libc::socklen_t,
        flags: i32,
    ) {
        self.prep_base(sys::IORING_OP_ACCEPT, fd, addr as u64, 0, addrlen as u64);
        self.0.op_flags.accept_flags = flags as u32;
    }

    /// Prepare an accept like [`prep_accept`](SubmissionQueueEntry::prep_accept)
    /// whose connection goes into direct-descriptor slot `file_index`
    /// (0-based) of the registered file table, or into a slot the kernel
    /// picks with `IORING_FILE_INDEX_ALLOC`. A file already in the slot is
    /// closed first.
    ///
    /// Completion: `res` 0 for a given slot, the chosen slot with
    /// `IORING_FILE_INDEX_ALLOC`, or `-errno` (`-ENFILE` when no slot is free).
    ///
    /// liburing: [`io_uring_prep_accept_direct`](https://man7.org/linux/man-pages/man3/io_uring_prep_accept_direct.3.html).
    /// Kernel 5.19.
    ///
    /// # Safety
    ///
    /// As [`prep_accept`](SubmissionQueueEntry::prep_accept).
    #[doc(alias = "io_uring_prep_accept_direct")]
    #[inline]
    pub unsafe fn prep_accept_direct(
        &mut self,
        fd: RawFd,
        addr: *mut libc::sockaddr,
        addrlen: *mut libc::socklen_t,
        flags: i32,
        file_index: u32,
    ) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_accept(fd, addr, addrlen, flags) };
        self.set_target_fixed_file(file_index);
    }

    /// Prepare a multishot accept: one request that accepts every incoming
    /// connection on `fd`, posting one completion per connection
    /// (`IORING_ACCEPT_MULTISHOT`).
    ///
    /// Completion: one per connection, `res` its file descriptor, with
    /// `IORING_CQE_F_MORE` while the request stays armed; a completion
    /// without `IORING_CQE_F_MORE` (an error, or cancellation) ends it.
    ///
    /// liburing: [`io_uring_prep_multishot_accept`](https://man7.org/linux/man-pages/man3/io_uring_prep_multishot_accept.3.html).
    /// Kernel 5.19.
    ///
    /// # Safety
    ///
    /// As [`prep_accept`](SubmissionQueueEntry::prep_accept), until the last
    /// completion (the one without `IORING_CQE_F_MORE`); every connection
    /// overwrites `*addr`. Passing null for both is the usual choice.
    #[doc(alias = "io_uring_prep_multishot_accept")]
    #[inline]
    pub unsafe fn prep_multishot_accept(
        &mut self,
        fd: RawFd,
        addr: *mut libc::sockaddr,
        addrlen: *mut libc::socklen_t,
        flags: i32,
    ) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_accept(fd, addr, addrlen, flags) };
        self.0.ioprio |= sys::IORING_ACCEPT_MULTISHOT;
    }

    /// Prepare a multishot accept whose connections each go into a
    /// direct-descriptor slot the kernel picks (`IORING_FILE_INDEX_ALLOC`).
    ///
    /// Completion: one per connection, `res` the chosen slot (0-based), with
    /// `IORING_CQE_F_MORE` while the request stays armed; `-ENFILE` when the
    /// table is full.
    ///
    /// liburing: [`io_uring_prep_multishot_accept_direct`](https://man7.org/linux/man-pages/man3/io_uring_prep_multishot_accept_direct.3.html).
    /// Kernel 5.19.
    ///
    /// # Safety
    ///
    /// As [`prep_multishot_accept`](SubmissionQueueEntry::prep_multishot_accept).
    #[doc(alias = "io_uring_prep_multishot_accept_direct")]
    #[inline]
    pub unsafe fn prep_multishot_accept_direct(
        &mut self,
        fd: RawFd,
        addr: *mut libc::sockaddr,
        addrlen: *mut libc::socklen_t,
        flags: i32,
    ) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_multishot_accept(fd, addr, addrlen, flags) };
        self.set_target_fixed_file(sys::IORING_FILE_INDEX_ALLOC);
    }

    /// Prepare a `shutdown(2)` of socket `fd`; `how` is `SHUT_RD`,
    /// `SHUT_WR` or `SHUT_RDWR`.
    ///
    /// Completion: `res` 0, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_shutdown`](https://man7.org/linux/man-pages/man3/io_uring_prep_shutdown.3.html).
    /// Kernel 5.11.
    #[doc(alias = "io_uring_prep_shutdown")]
    #[inline]
    pub fn prep_shutdown(&mut self, fd: RawFd, how: i32) {
        self.prep_base(sys::IORING_OP_SHUTDOWN, fd, 0, how as u32, 0);
    }

    // ------------------------------------------------------------------
    // Sending

    /// Prepare a `send(2)` of `buf` on socket `sockfd` with `MSG_*` flags
    /// `flags`. At most `u32::MAX` bytes are described (the SQE's length is
    /// 32 bits); the kernel sends at most `INT_MAX` per request.
    ///
    /// The entry's `ioprio` takes `IORING_RECVSEND_*` modifiers afterwards
    /// (`IORING_RECVSEND_POLL_FIRST`, `IORING_SEND_VECTORIZED`, ...).
    ///
    /// Completion: `res` is the number of bytes sent, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_send`](https://man7.org/linux/man-pages/man3/io_uring_prep_send.3.html).
    /// Kernel 5.6.
    ///
    /// # Safety
    ///
    /// `buf` must stay valid, and not be written, until the completion.
    #[doc(alias = "io_uring_prep_send")]
    #[inline]
    pub unsafe fn prep_send(&mut self, sockfd: RawFd, buf: &[u8], flags: i32) {
        // SAFETY: forwarded from this function's contract; the length
        // describes at most the slice.
        unsafe { self.prep_send_raw(sockfd, buf.as_ptr().cast(), clamp_len(buf.len()) as usize, flags) };
    }

    /// [`prep_send`](SubmissionQueueEntry::prep_send) with liburing's exact
    /// arguments: a buffer pointer and a length (stored as 32 bits).
    ///
    /// liburing: [`io_uring_prep_send`](https://man7.org/linux/man-pages/man3/io_uring_prep_send.3.html).
    /// Kernel 5.6.
    ///
    /// # Safety
    ///
    /// `buf` must be valid for reads of `len as u32` bytes (or be whatever
    /// the `ioprio` modifiers make of it, e.g. an iovec array with
    /// `IORING_SEND_VECTORIZED`) until the completion.
    #[doc(alias = "io_uring_prep_send")]
    #[inline]
    pub unsafe fn prep_send_raw(&mut self, sockfd: RawFd, buf: *const c_void, len: usize, flags: i32) {
        self.prep_base(sys::IORING_OP_SEND, sockfd, buf as u64, len as u32, 0);
        self.0.op_flags.msg_flags = flags as u32;
    }

    /// Prepare a bundled send: no buffer of its own, the data comes from the
    /// provided-buffer ring the entry selects (set `IOSQE_BUFFER_SELECT` with
    /// [`set_flags`](SubmissionQueueEntry::set_flags) and the group with
    /// [`set_buf_group`](SubmissionQueueEntry::set_buf_group)), and several
    /// buffers may go out in one request (`IORING_RECVSEND_BUNDLE`). `len`
    /// caps the bytes sent (0: no cap).
    ///
    /// Completion: `res` is the total number of bytes sent, with
    /// `IORING_CQE_F_BUFFER` and the first buffer's id in the flags; the
    /// buffers used are the ones following it in ring order until `res`
    /// bytes are accounted for.
    ///
    /// liburing: [`io_uring_prep_send_bundle`](https://man7.org/linux/man-pages/man3/io_uring_prep_send_bundle.3.html).
    /// Kernel 6.10.
    #[doc(alias = "io_uring_prep_send_bundle")]
    #[inline]
    pub fn prep_send_bundle(&mut self, sockfd: RawFd, len: usize, flags: i32) {
        // No address is stored: the buffers come from a registered buffer
        // ring, whose registration carries the memory contract.
        self.prep_base(sys::IORING_OP_SEND, sockfd, 0, len as u32, 0);
        self.0.op_flags.msg_flags = flags as u32;
        self.0.ioprio |= sys::IORING_RECVSEND_BUNDLE;
    }

    /// Give an already prepared send (`IORING_OP_SEND` or
    /// `IORING_OP_SEND_ZC`) a destination address, as `sendto(2)` does:
    /// sets `addr2` and `addr_len`, nothing else.
    ///
    /// liburing: [`io_uring_prep_send_set_addr`](https://man7.org/linux/man-pages/man3/io_uring_prep_send_set_addr.3.html).
    /// Kernel 6.0.
    ///
    /// # Safety
    ///
    /// `dest_addr` must point to `addr_len` readable bytes of socket address
    /// that stay valid and unchanged until the entry is submitted.
    #[doc(alias = "io_uring_prep_send_set_addr")]
    #[inline]
    pub unsafe fn prep_send_set_addr(&mut self, dest_addr: *const libc::sockaddr, addr_len: u16) {
        self.0.off.addr2 = dest_addr as u64;
        // Only the 16-bit `addr_len`, as liburing: `__pad3` is left as it is
        // (zero after any prep helper).
        self.0.file_index.addr_len.addr_len = addr_len;
    }

    /// Prepare a `sendto(2)` of `buf` on socket `sockfd` to the address
    /// `addr` of `addrlen` bytes (stored as 16 bits, as liburing does).
    ///
    /// Completion: `res` is the number of bytes sent, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_sendto`](https://man7.org/linux/man-pages/man3/io_uring_prep_sendto.3.html).
    /// Kernel 6.0.
    ///
    /// # Safety
    ///
    /// `buf` must stay valid, and not be written, until the completion;
    /// `addr` must point to `addrlen` readable bytes that stay valid and
    /// unchanged until the entry is submitted.
    #[doc(alias = "io_uring_prep_sendto")]
    #[inline]
    pub unsafe fn prep_sendto(
        &mut self,
        sockfd: RawFd,
        buf: &[u8],
        flags: i32,
        addr: *const libc::sockaddr,
        addrlen: libc::socklen_t,
    ) {
        // SAFETY: forwarded from this function's contract.
        unsafe {
            self.prep_sendto_raw(
                sockfd,
                buf.as_ptr().cast(),
                clamp_len(buf.len()) as usize,
                flags,
                addr,
                addrlen,
            )
        };
    }

    /// [`prep_sendto`](SubmissionQueueEntry::prep_sendto) with liburing's
    /// exact arguments.
    ///
    /// liburing: [`io_uring_prep_sendto`](https://man7.org/linux/man-pages/man3/io_uring_prep_sendto.3.html).
    /// Kernel 6.0.
    ///
    /// # Safety
    ///
    /// `buf` must be valid for reads of `len as u32` bytes until the
    /// completion; `addr` as in [`prep_sendto`](SubmissionQueueEntry::prep_sendto).
    #[doc(alias = "io_uring_prep_sendto")]
    #[inline]
    pub unsafe fn prep_sendto_raw(
        &mut self,
        sockfd: RawFd,
        buf: *const c_void,
        len: usize,
        flags: i32,
        addr: *const libc::sockaddr,
        addrlen: libc::socklen_t,
    ) {
        // SAFETY: forwarded from this function's contract.
        unsafe {
            self.prep_send_raw(sockfd, buf, len, flags);
            self.prep_send_set_addr(addr, addrlen as u16);
        }
    }

    /// Prepare a zero-copy send of `buf` on socket `sockfd`: the kernel
    /// sends from the pages of `buf` instead of copying them. `zc_flags` go
    /// to `ioprio` (`IORING_RECVSEND_POLL_FIRST`,
    /// `IORING_SEND_ZC_REPORT_USAGE`, ...). A destination address can be
    /// added with [`prep_send_set_addr`](SubmissionQueueEntry::prep_send_set_addr).
    ///
    /// Completion: usually two. The first carries `res` (bytes sent, or
    /// `-errno`); when it has `IORING_CQE_F_MORE`, a second one with
    /// `IORING_CQE_F_NOTIF` follows once the kernel no longer uses `buf`.
    /// With `IORING_SEND_ZC_REPORT_USAGE` that notification's `res` is
    /// `IORING_NOTIF_USAGE_ZC_COPIED` when the data was copied after all.
    ///
    /// liburing: [`io_uring_prep_send_zc`](https://man7.org/linux/man-pages/man3/io_uring_prep_send_zc.3.html).
    /// Kernel 6.0 (`IORING_SEND_ZC_REPORT_USAGE` 6.2).
    ///
    /// # Safety
    ///
    /// `buf` must stay valid, and not be written, until the notification
    /// completion (or until the result completion when it has no
    /// `IORING_CQE_F_MORE`).
    #[doc(alias = "io_uring_prep_send_zc")]
    #[inline]
    pub unsafe fn prep_send_zc(&mut self, sockfd: RawFd, buf: &[u8], flags: i32, zc_flags: u32) {
        // SAFETY: forwarded from this function's contract.
        unsafe {
            self.prep_send_zc_raw(sockfd, buf.as_ptr().cast(), clamp_len(buf.len()) as usize, flags, zc_flags)
        };
    }

    /// [`prep_send_zc`](SubmissionQueueEntry::prep_send_zc) with liburing's
    /// exact arguments (`zc_flags` stored in the 16-bit `ioprio`).
    ///
    /// liburing: [`io_uring_prep_send_zc`](https://man7.org/linux/man-pages/man3/io_uring_prep_send_zc.3.html).
    /// Kernel 6.0.
    ///
    /// # Safety
    ///
    /// `buf` must be valid for reads of `len as u32` bytes, and not be
    /// written, until the notification completion.
    #[doc(alias = "io_uring_prep_send_zc")]
    #[inline]
    pub unsafe fn prep_send_zc_raw(
        &mut self,
        sockfd: RawFd,
        buf: *const c_void,
        len: usize,
        flags: i32,
        zc_flags: u32,
    ) {
        self.prep_base(sys::IORING_OP_SEND_ZC, sockfd, buf as u64, len as u32, 0);
        self.0.op_flags.msg_flags = flags as u32;
        self.0.ioprio = zc_flags as u16;
    }

    /// Prepare a zero-copy send from registered buffer `buf_index`
    /// (`IORING_RECVSEND_FIXED_BUF`): `buf` must lie inside that registered
    /// buffer, anywhere in it.
    ///
    /// Completion: as [`prep_send_zc`](SubmissionQueueEntry::prep_send_zc);
    /// `-EFAULT` when `buf` is outside the registered buffer.
    ///
    /// liburing: [`io_uring_prep_send_zc_fixed`](https://man7.org/linux/man-pages/man3/io_uring_prep_send_zc_fixed.3.html).
    /// Kernel 6.0.
    ///
    /// # Safety
    ///
    /// As [`prep_send_zc`](SubmissionQueueEntry::prep_send_zc); the
    /// registration must also stay in place until then.
    #[doc(alias = "io_uring_prep_send_zc_fixed")]
    #[inline]
    pub unsafe fn prep_send_zc_fixed(
        &mut self,
        sockfd: RawFd,
        buf: &[u8],
        flags: i32,
        zc_flags: u32,
        buf_index: u16,
    ) {
        // SAFETY: forwarded from this function's contract.
        unsafe {
            self.prep_send_zc_fixed_raw(
                sockfd,
                buf.as_ptr().cast(),
                clamp_len(buf.len()) as usize,
                flags,
                zc_flags,
                buf_index as u32,
            )
        };
    }

    /// [`prep_send_zc_fixed`](SubmissionQueueEntry::prep_send_zc_fixed) with
    /// liburing's exact arguments (`buf_index` stored as 16 bits).
    ///
    /// liburing: [`io_uring_prep_send_zc_fixed`](https://man7.org/linux/man-pages/man3/io_uring_prep_send_zc_fixed.3.html).
    /// Kernel 6.0.
    ///
    /// # Safety
    ///
    /// As [`prep_send_zc_raw`](SubmissionQueueEntry::prep_send_zc_raw).
    #[doc(alias = "io_uring_prep_send_zc_fixed")]
    #[inline]
    pub unsafe fn prep_send_zc_fixed_raw(
        &mut self,
        sockfd: RawFd,
        buf: *const c_void,
        len: usize,
        flags: i32,
        zc_flags: u32,
        buf_index: u32,
    ) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_send_zc_raw(sockfd, buf, len, flags, zc_flags) };
        self.0.ioprio |= sys::IORING_RECVSEND_FIXED_BUF;
        self.0.buf.buf_index = buf_index as u16;
    }

    /// Prepare a `sendmsg(2)` of `msg` on socket `fd` with `MSG_*` flags
    /// `flags`: scatter/gather data, an optional destination address, and
    /// ancillary data (`SCM_RIGHTS`, ...).
    ///
    /// Completion: `res` is the number of bytes sent, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_sendmsg`](https://man7.org/linux/man-pages/man3/io_uring_prep_sendmsg.3.html).
    /// Kernel 5.3.
    ///
    /// # Safety
    ///
    /// `msg` and everything it points to (name, iovec array and the buffers
    /// they describe, control data) must stay valid, and not be written,
    /// until the completion.
    #[doc(alias = "io_uring_prep_sendmsg")]
    #[inline]
    pub unsafe fn prep_sendmsg(&mut self, fd: RawFd, msg: &libc::msghdr, flags: u32) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_sendmsg_raw(fd, msg, flags) };
    }

    /// [`prep_sendmsg`](SubmissionQueueEntry::prep_sendmsg) with liburing's
    /// exact arguments.
    ///
    /// liburing: [`io_uring_prep_sendmsg`](https://man7.org/linux/man-pages/man3/io_uring_prep_sendmsg.3.html).
    /// Kernel 5.3.
    ///
    /// # Safety
    ///
    /// `msg` must point to a `msghdr` that, with everything it points to,
    /// stays valid and unwritten until the completion.
    #[doc(alias = "io_uring_prep_sendmsg")]
    #[inline]
    pub unsafe fn prep_sendmsg_raw(&mut self, fd: RawFd, msg: *const libc::msghdr, flags: u32) {
        self.prep_base(sys::IORING_OP_SENDMSG, fd, msg as u64, 1, 0);
        self.0.op_flags.msg_flags = flags;
    }

    /// Prepare a zero-copy `sendmsg(2)` (`IORING_OP_SENDMSG_ZC`). `ioprio`
    /// takes the zero-copy modifiers afterwards (see
    /// [`prep_send_zc`](SubmissionQueueEntry::prep_send_zc)).
    ///
    /// Completion: as [`prep_send_zc`](SubmissionQueueEntry::prep_send_zc):
    /// the result with `IORING_CQE_F_MORE`, then a notification with
    /// `IORING_CQE_F_NOTIF`.
    ///
    /// liburing: [`io_uring_prep_sendmsg_zc`](https://man7.org/linux/man-pages/man3/io_uring_prep_sendmsg_zc.3.html).
    /// Kernel 6.1.
    ///
    /// # Safety
    ///
    /// As [`prep_sendmsg`](SubmissionQueueEntry::prep_sendmsg), but the data
    /// buffers must stay valid and unwritten until the notification
    /// completion.
    #[doc(alias = "io_uring_prep_sendmsg_zc")]
    #[inline]
    pub unsafe fn prep_sendmsg_zc(&mut self, fd: RawFd, msg: &libc::msghdr, flags: u32) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_sendmsg_zc_raw(fd, msg, flags) };
    }

    /// [`prep_sendmsg_zc`](SubmissionQueueEntry::prep_sendmsg_zc) with
    /// liburing's exact arguments.
    ///
    /// liburing: [`io_uring_prep_sendmsg_zc`](https://man7.org/linux/man-pages/man3/io_uring_prep_sendmsg_zc.3.html).
    /// Kernel 6.1.
    ///
    /// # Safety
    ///
    /// As [`prep_sendmsg_zc`](SubmissionQueueEntry::prep_sendmsg_zc), for the
    /// `msghdr` `msg` points to.
    #[doc(alias = "io_uring_prep_sendmsg_zc")]
    #[inline]
    pub unsafe fn prep_sendmsg_zc_raw(&mut self, fd: RawFd, msg: *const libc::msghdr, flags: u32) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_sendmsg_raw(fd, msg, flags) };
        self.0.opcode = sys::IORING_OP_SENDMSG_ZC;
    }

    /// Prepare a zero-copy `sendmsg(2)` whose iovecs lie inside registered
    /// buffer `buf_index` (`IORING_RECVSEND_FIXED_BUF`).
    ///
    /// Completion: as [`prep_sendmsg_zc`](SubmissionQueueEntry::prep_sendmsg_zc);
    /// `-EFAULT` when an iovec leaves the registered buffer.
    ///
    /// liburing: [`io_uring_prep_sendmsg_zc_fixed`](https://man7.org/linux/man-pages/man3/io_uring_prep_sendmsg_zc_fixed.3.html).
    /// Kernel 6.15.
    ///
    /// # Safety
    ///
    /// As [`prep_sendmsg_zc`](SubmissionQueueEntry::prep_sendmsg_zc); the
    /// registration must also stay in place until then.
    #[doc(alias = "io_uring_prep_sendmsg_zc_fixed")]
    #[inline]
    pub unsafe fn prep_sendmsg_zc_fixed(
        &mut self,
        fd: RawFd,
        msg: &libc::msghdr,
        flags: u32,
        buf_index: u16,
    ) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_sendmsg_zc_fixed_raw(fd, msg, flags, buf_index as u32) };
    }

    /// [`prep_sendmsg_zc_fixed`](SubmissionQueueEntry::prep_sendmsg_zc_fixed)
    /// with liburing's exact arguments (`buf_index` stored as 16 bits).
    ///
    /// liburing: [`io_uring_prep_sendmsg_zc_fixed`](https://man7.org/linux/man-pages/man3/io_uring_prep_sendmsg_zc_fixed.3.html).
    /// Kernel 6.15.
    ///
    /// # Safety
    ///
    /// As [`prep_sendmsg_zc_fixed`](SubmissionQueueEntry::prep_sendmsg_zc_fixed),
    /// for the `msghdr` `msg` points to.
    #[doc(alias = "io_uring_prep_sendmsg_zc_fixed")]
    #[inline]
    pub unsafe fn prep_sendmsg_zc_fixed_raw(
        &mut self,
        fd: RawFd,
        msg: *const libc::msghdr,
        flags: u32,
        buf_index: u32,
    ) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_sendmsg_zc_raw(fd, msg, flags) };
        self.0.ioprio |= sys::IORING_RECVSEND_FIXED_BUF;
        self.0.buf.buf_index = buf_index as u16;
    }

    // ------------------------------------------------------------------
    // Receiving

    /// Prepare a `recv(2)` into `buf` from socket `sockfd` with `MSG_*`
    /// flags `flags`. At most `u32::MAX` bytes are described.
    ///
    /// The entry's `ioprio` takes `IORING_RECVSEND_*` modifiers afterwards
    /// (`IORING_RECVSEND_POLL_FIRST`, ...).
    ///
    /// Completion: `res` is the number of bytes received (0 at end of
    /// stream), or `-errno`; `IORING_CQE_F_SOCK_NONEMPTY` when more data is
    /// waiting.
    ///
    /// liburing: [`io_uring_prep_recv`](https://man7.org/linux/man-pages/man3/io_uring_prep_recv.3.html).
    /// Kernel 5.6.
    ///
    /// # Safety
    ///
    /// `buf` must stay valid, and not be accessed otherwise, until the
    /// completion.
    #[doc(alias = "io_uring_prep_recv")]
    #[inline]
    pub unsafe fn prep_recv(&mut self, sockfd: RawFd, buf: &mut [u8], flags: i32) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_recv_raw(sockfd, buf.as_mut_ptr().cast(), clamp_len(buf.len()) as usize, flags) };
    }

    /// [`prep_recv`](SubmissionQueueEntry::prep_recv) with liburing's exact
    /// arguments. With `IOSQE_BUFFER_SELECT`, pass a null `buf` (and `len` 0
    /// or a cap): the buffer comes from the selected group, and
    /// `IORING_RECVSEND_BUNDLE` in `ioprio` lets one receive fill several.
    ///
    /// liburing: [`io_uring_prep_recv`](https://man7.org/linux/man-pages/man3/io_uring_prep_recv.3.html).
    /// Kernel 5.6.
    ///
    /// # Safety
    ///
    /// Unless the entry selects a provided buffer, `buf` must be valid for
    /// writes of `len as u32` bytes, and not be accessed otherwise, until the
    /// completion.
    #[doc(alias = "io_uring_prep_recv")]
    #[inline]
    pub unsafe fn prep_recv_raw(&mut self, sockfd: RawFd, buf: *mut c_void, len: usize, flags: i32) {
        self.prep_base(sys::IORING_OP_RECV, sockfd, buf as u64, len as u32, 0);
        self.0.op_flags.msg_flags = flags as u32;
    }

    /// Prepare a multishot `recv(2)` on `sockfd` that takes a buffer from
    /// provided-buffer group `buf_group` for every piece of data it receives
    /// (sets `IORING_RECV_MULTISHOT` in `ioprio`, `IOSQE_BUFFER_SELECT` in
    /// the flags and the buffer group). `len` caps the bytes per completion
    /// (0: no cap). `flags` must not contain `MSG_WAITALL`.
    ///
    /// Completion: one per receive, `res` the bytes received into the buffer
    /// whose id the flags carry (`IORING_CQE_F_BUFFER`), with
    /// `IORING_CQE_F_MORE` while the request stays armed. A completion
    /// without it ends the request: end of stream (`res` 0), or an error
    /// such as `-ENOBUFS` when the group ran out of buffers.
    ///
    /// liburing: [`io_uring_prep_recv_multishot`](https://man7.org/linux/man-pages/man3/io_uring_prep_recv_multishot.3.html)
    /// (with a null buffer, then `io_uring_sqe_set_flags` and
    /// `io_uring_sqe_set_buf_group`). Kernel 6.0.
    #[doc(alias = "io_uring_prep_recv_multishot")]
    #[inline]
    pub fn prep_recv_multishot(&mut self, sockfd: RawFd, len: usize, flags: i32, buf_group: u16) {
        // SAFETY: no address is stored (the buffer pointer is null); the
        // buffers come from a provided-buffer group whose registration
        // carries the memory contract.
        unsafe { self.prep_recv_multishot_raw(sockfd, core::ptr::null_mut(), len, flags) };
        self.0.flags |= sys::IOSQE_BUFFER_SELECT;
        self.0.buf.buf_group = buf_group;
    }

    /// [`prep_recv_multishot`](SubmissionQueueEntry::prep_recv_multishot)
    /// with liburing's exact arguments: it only adds
    /// `IORING_RECV_MULTISHOT` to a [`prep_recv_raw`](SubmissionQueueEntry::prep_recv_raw);
    /// the caller sets `IOSQE_BUFFER_SELECT` and the buffer group.
    ///
    /// liburing: [`io_uring_prep_recv_multishot`](https://man7.org/linux/man-pages/man3/io_uring_prep_recv_multishot.3.html).
    /// Kernel 6.0.
    ///
    /// # Safety
    ///
    /// As [`prep_recv_raw`](SubmissionQueueEntry::prep_recv_raw), until the
    /// last completion (`buf` is normally null).
    #[doc(alias = "io_uring_prep_recv_multishot")]
    #[inline]
    pub unsafe fn prep_recv_multishot_raw(
        &mut self,
        sockfd: RawFd,
        buf: *mut c_void,
        len: usize,
        flags: i32,
    ) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_recv_raw(sockfd, buf, len, flags) };
        self.0.ioprio |= sys::IORING_RECV_MULTISHOT;
    }

    /// Prepare a `recvmsg(2)` on socket `fd` into `msg` with `MSG_*` flags
    /// `flags`: scatter/gather data, the sender's address and ancillary
    /// data. As `recvmsg` does, the kernel updates `msg_namelen`,
    /// `msg_controllen` and `msg_flags` in `msg`.
    ///
    /// Completion: `res` is the number of bytes received, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_recvmsg`](https://man7.org/linux/man-pages/man3/io_uring_prep_recvmsg.3.html).
    /// Kernel 5.3.
    ///
    /// # Safety
    ///
    /// `msg` and everything it points to (name, iovec array and the buffers
    /// they describe, control buffer) must stay valid, and not be accessed
    /// otherwise, until the completion.
    #[doc(alias = "io_uring_prep_recvmsg")]
    #[inline]
    pub unsafe fn prep_recvmsg(&mut self, fd: RawFd, msg: &mut libc::msghdr, flags: u32) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_recvmsg_raw(fd, msg, flags) };
    }

    /// [`prep_recvmsg`](SubmissionQueueEntry::prep_recvmsg) with liburing's
    /// exact arguments.
    ///
    /// liburing: [`io_uring_prep_recvmsg`](https://man7.org/linux/man-pages/man3/io_uring_prep_recvmsg.3.html).
    /// Kernel 5.3.
    ///
    /// # Safety
    ///
    /// As [`prep_recvmsg`](SubmissionQueueEntry::prep_recvmsg), for the
    /// `msghdr` `msg` points to.
    #[doc(alias = "io_uring_prep_recvmsg")]
    #[inline]
    pub unsafe fn prep_recvmsg_raw(&mut self, fd: RawFd, msg: *mut libc::msghdr, flags: u32) {
        self.prep_base(sys::IORING_OP_RECVMSG, fd, msg as u64, 1, 0);
        self.0.op_flags.msg_flags = flags;
    }

    /// Prepare a multishot `recvmsg(2)` on `fd` (`IORING_RECV_MULTISHOT`):
    /// every message lands in a provided buffer of the group the entry
    /// selects (set `IOSQE_BUFFER_SELECT` and the group afterwards), laid out
    /// as an [`io_uring_recvmsg_out`](crate::sys::io_uring_recvmsg_out)
    /// header, then `msg.msg_namelen` bytes of name, `msg.msg_controllen`
    /// bytes of control data, then the payload. Read it with
    /// [`RecvmsgOut::validate`](crate::RecvmsgOut::validate). Only the
    /// `msg_namelen` and `msg_controllen` of `msg` matter.
    ///
    /// Completion: one per message, `res` the bytes used in the buffer whose
    /// id the flags carry, with `IORING_CQE_F_MORE` while the request stays
    /// armed (`-ENOBUFS` ends it when the group runs dry).
    ///
    /// liburing: [`io_uring_prep_recvmsg_multishot`](https://man7.org/linux/man-pages/man3/io_uring_prep_recvmsg_multishot.3.html).
    /// Kernel 6.0.
    ///
    /// # Safety
    ///
    /// `msg` must stay valid and unchanged until the last completion.
    #[doc(alias = "io_uring_prep_recvmsg_multishot")]
    #[inline]
    pub unsafe fn prep_recvmsg_multishot(&mut self, fd: RawFd, msg: &libc::msghdr, flags: u32) {
        // SAFETY: forwarded from this function's contract; the kernel only
        // reads the header of a multishot recvmsg.
        unsafe {
            self.prep_recvmsg_multishot_raw(fd, msg as *const libc::msghdr as *mut libc::msghdr, flags)
        };
    }

    /// [`prep_recvmsg_multishot`](SubmissionQueueEntry::prep_recvmsg_multishot)
    /// with liburing's exact arguments.
    ///
    /// liburing: [`io_uring_prep_recvmsg_multishot`](https://man7.org/linux/man-pages/man3/io_uring_prep_recvmsg_multishot.3.html).
    /// Kernel 6.0.
    ///
    /// # Safety
    ///
    /// `msg` must point to a `msghdr` that stays valid and unchanged until
    /// the last completion.
    #[doc(alias = "io_uring_prep_recvmsg_multishot")]
    #[inline]
    pub unsafe fn prep_recvmsg_multishot_raw(&mut self, fd: RawFd, msg: *mut libc::msghdr, flags: u32) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_recvmsg_raw(fd, msg, flags) };
        self.0.ioprio |= sys::IORING_RECV_MULTISHOT;
    }

    // ------------------------------------------------------------------
    // Socket commands (IORING_OP_URING_CMD)

    /// Prepare a socket command (`IORING_OP_URING_CMD` with
    /// `SOCKET_URING_OP_*` as `cmd_op`) on socket `fd`:
    ///
    /// - `SOCKET_URING_OP_SIOCINQ` / `SOCKET_URING_OP_SIOCOUTQ`: `res` is the
    ///   number of unread / unsent bytes; the other arguments are unused.
    /// - `SOCKET_URING_OP_GETSOCKOPT`: `getsockopt(2)` of `level` (only
    ///   `SOL_SOCKET`) and `optname` into `optval` of `optlen` bytes; `res` is
    ///   the option's length.
    /// - `SOCKET_URING_OP_SETSOCKOPT`: `setsockopt(2)` from `optval`.
    ///
    /// Completion: as above, or `-errno` (`-EOPNOTSUPP` on a file that is
    /// not a socket).
    ///
    /// liburing: [`io_uring_prep_cmd_sock`](https://man7.org/linux/man-pages/man3/io_uring_prep_cmd_sock.3.html).
    /// Kernel 6.7.
    ///
    /// # Safety
    ///
    /// For the option commands, `optval` must be valid for reads (set) or
    /// writes (get) of `optlen` bytes, and not be accessed otherwise, until
    /// the completion.
    #[doc(alias = "io_uring_prep_cmd_sock")]
    #[inline]
    pub unsafe fn prep_cmd_sock(
        &mut self,
        cmd_op: u32,
        fd: RawFd,
        level: i32,
        optname: i32,
        optval: *mut c_void,
        optlen: i32,
    ) {
        self.prep_base(sys::IORING_OP_URING_CMD, fd, 0, 0, 0);
        self.0.off.cmd = sys::io_uring_sqe_cmd_op { cmd_op, __pad1: 0 };
        self.0.tail.optval = optval as u64;
        self.0.addr.sockopt = sys::io_uring_sqe_sockopt { level: level as u32, optname: optname as u32 };
        self.0.file_index.optlen = optlen as u32;
    }

    /// Prepare a `getsockname(2)` (`peer` 0) or `getpeername(2)` (`peer` 1)
    /// of socket `fd` (`SOCKET_URING_OP_GETSOCKNAME`): the address is written
    /// to `sockaddr`, whose size `*sockaddr_len` gives on entry and the
    /// kernel updates.
    ///
    /// Completion: `res` 0, or `-errno` (`-EOPNOTSUPP` on a file that is not
    /// a socket).
    ///
    /// liburing: [`io_uring_prep_cmd_getsockname`](https://man7.org/linux/man-pages/man3/io_uring_prep_cmd_getsockname.3.html).
    /// Kernel 6.19.
    ///
    /// # Safety
    ///
    /// `sockaddr` must be valid for writes of `*sockaddr_len` bytes and
    /// `sockaddr_len` for reads and writes of a `socklen_t`, both untouched
    /// otherwise until the completion.
    #[doc(alias = "io_uring_prep_cmd_getsockname")]
    #[inline]
    pub unsafe fn prep_cmd_getsockname(
        &mut self,
        fd: RawFd,
        sockaddr: *mut libc::sockaddr,
        sockaddr_len: *mut libc::socklen_t,
        peer: i32,
    ) {
        self.prep_base(sys::IORING_OP_URING_CMD, fd, sockaddr as u64, 0, 0);
        self.0.off.cmd = sys::io_uring_sqe_cmd_op { cmd_op: sys::SOCKET_URING_OP_GETSOCKNAME, __pad1: 0 };
        self.0.tail.addr3 = sys::io_uring_sqe_addr3 { addr3: sockaddr_len as u64, __pad2: [0] };
        self.0.file_index.optlen = peer as u32;
    }
}
