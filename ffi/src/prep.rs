//! The `io_uring_prep_*` helpers, exported for liburing-ffi: each calls the
//! riouring prep of the same name on the C SQE.

use crate::sq::sqe;
use core::ffi::c_void;
use riouring::SubmissionQueueEntry128;
use riouring::sys::io_uring_sqe;
use riouring::sys::{__kernel_timespec, futex_waitv, open_how};
use std::ffi::{c_char, c_int, c_uint};

/// `io_uring_prep_rw`: the generic read/write-shaped prep.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_rw(
    op: c_int,
    s: *mut io_uring_sqe,
    fd: c_int,
    addr: *const c_void,
    len: c_uint,
    offset: u64,
) {
    // SAFETY: the caller passes an unsubmitted SQE and keeps `addr` valid as
    // the opcode requires.
    unsafe { sqe(s).prep_rw(op as u8, fd, addr, len, offset) };
}

/// `io_uring_prep_nop`: a no-op request.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_nop(s: *mut io_uring_sqe) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_nop();
}

/// `io_uring_prep_nop128`: a no-op in a 128-byte SQE.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_nop128(s: *mut io_uring_sqe) {
    // SAFETY: the caller passes an unsubmitted 128-byte SQE (from
    // io_uring_get_sqe128), which is a SubmissionQueueEntry128.
    unsafe { &mut *s.cast::<SubmissionQueueEntry128>() }.prep_nop128();
}
/// `io_uring_prep_splice`: splice(2) between two fds.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_splice(
    s: *mut io_uring_sqe,
    fd_in: c_int,
    off_in: i64,
    fd_out: c_int,
    off_out: i64,
    nbytes: c_uint,
    splice_flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_splice(fd_in, off_in, fd_out, off_out, nbytes, splice_flags);
}

/// `io_uring_prep_tee`: tee(2) between two pipes.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_tee(
    s: *mut io_uring_sqe,
    fd_in: c_int,
    fd_out: c_int,
    nbytes: c_uint,
    splice_flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_tee(fd_in, fd_out, nbytes, splice_flags);
}

/// `io_uring_prep_readv`: vectored read.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_readv(
    s: *mut io_uring_sqe,
    fd: c_int,
    iovecs: *const libc::iovec,
    nr_vecs: c_uint,
    offset: u64,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_readv_raw(fd, iovecs, nr_vecs, offset) };
}

/// `io_uring_prep_readv2`: vectored read with `RWF_*` flags.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_readv2(
    s: *mut io_uring_sqe,
    fd: c_int,
    iovecs: *const libc::iovec,
    nr_vecs: c_uint,
    offset: u64,
    flags: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_readv2_raw(fd, iovecs, nr_vecs, offset, flags) };
}

/// `io_uring_prep_read_fixed`: read into registered buffer `buf_index`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_read_fixed(
    s: *mut io_uring_sqe,
    fd: c_int,
    buf: *mut c_void,
    nbytes: c_uint,
    offset: u64,
    buf_index: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_read_fixed_raw(fd, buf.cast(), nbytes, offset, buf_index as u16) };
}

/// `io_uring_prep_readv_fixed`: vectored read into registered buffer `buf_index`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_readv_fixed(
    s: *mut io_uring_sqe,
    fd: c_int,
    iovecs: *const libc::iovec,
    nr_vecs: c_uint,
    offset: u64,
    flags: c_int,
    buf_index: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_readv_fixed_raw(fd, iovecs, nr_vecs, offset, flags, buf_index as u16) };
}

/// `io_uring_prep_writev`: vectored write.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_writev(
    s: *mut io_uring_sqe,
    fd: c_int,
    iovecs: *const libc::iovec,
    nr_vecs: c_uint,
    offset: u64,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_writev_raw(fd, iovecs, nr_vecs, offset) };
}

/// `io_uring_prep_writev2`: vectored write with `RWF_*` flags.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_writev2(
    s: *mut io_uring_sqe,
    fd: c_int,
    iovecs: *const libc::iovec,
    nr_vecs: c_uint,
    offset: u64,
    flags: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_writev2_raw(fd, iovecs, nr_vecs, offset, flags) };
}

/// `io_uring_prep_write_fixed`: write from registered buffer `buf_index`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_write_fixed(
    s: *mut io_uring_sqe,
    fd: c_int,
    buf: *const c_void,
    nbytes: c_uint,
    offset: u64,
    buf_index: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_write_fixed_raw(fd, buf.cast(), nbytes, offset, buf_index as u16) };
}

/// `io_uring_prep_writev_fixed`: vectored write from registered buffer `buf_index`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_writev_fixed(
    s: *mut io_uring_sqe,
    fd: c_int,
    iovecs: *const libc::iovec,
    nr_vecs: c_uint,
    offset: u64,
    flags: c_int,
    buf_index: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_writev_fixed_raw(fd, iovecs, nr_vecs, offset, flags, buf_index as u16) };
}

/// `io_uring_prep_recvmsg`: recvmsg(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_recvmsg(
    s: *mut io_uring_sqe,
    fd: c_int,
    msg: *mut libc::msghdr,
    flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_recvmsg_raw(fd, msg, flags) };
}

/// `io_uring_prep_recvmsg_multishot`: multishot recvmsg into provided buffers.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_recvmsg_multishot(
    s: *mut io_uring_sqe,
    fd: c_int,
    msg: *mut libc::msghdr,
    flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_recvmsg_multishot_raw(fd, msg, flags) };
}

/// `io_uring_prep_sendmsg`: sendmsg(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_sendmsg(
    s: *mut io_uring_sqe,
    fd: c_int,
    msg: *const libc::msghdr,
    flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_sendmsg_raw(fd, msg, flags) };
}

/// `io_uring_prep_poll_add`: one-shot poll for `poll_mask`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_poll_add(s: *mut io_uring_sqe, fd: c_int, poll_mask: c_uint) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_poll_add(fd, poll_mask);
}

/// `io_uring_prep_poll_multishot`: multishot poll.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_poll_multishot(s: *mut io_uring_sqe, fd: c_int, poll_mask: c_uint) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_poll_multishot(fd, poll_mask);
}

/// `io_uring_prep_poll_remove`: remove the poll request with `user_data`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_poll_remove(s: *mut io_uring_sqe, user_data: u64) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_poll_remove(user_data);
}

/// `io_uring_prep_poll_update`: update a poll request.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_poll_update(
    s: *mut io_uring_sqe,
    old_user_data: u64,
    new_user_data: u64,
    poll_mask: c_uint,
    flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_poll_update(old_user_data, new_user_data, poll_mask, flags);
}

/// `io_uring_prep_fsync`: fsync(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_fsync(s: *mut io_uring_sqe, fd: c_int, fsync_flags: c_uint) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_fsync(fd, fsync_flags);
}

/// `io_uring_prep_timeout`: a timeout.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_timeout(
    s: *mut io_uring_sqe,
    ts: *const __kernel_timespec,
    count: c_uint,
    flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_timeout_raw(ts, count, flags) };
}

/// `io_uring_prep_timeout_remove`: remove a timeout.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_timeout_remove(s: *mut io_uring_sqe, user_data: u64, flags: c_uint) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_timeout_remove(user_data, flags);
}

/// `io_uring_prep_timeout_update`: update a timeout.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_timeout_update(
    s: *mut io_uring_sqe,
    ts: *const __kernel_timespec,
    user_data: u64,
    flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_timeout_update_raw(ts, user_data, flags) };
}

/// `io_uring_prep_accept`: accept4(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_accept(
    s: *mut io_uring_sqe,
    fd: c_int,
    addr: *mut libc::sockaddr,
    addrlen: *mut libc::socklen_t,
    flags: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_accept(fd, addr, addrlen, flags) };
}

/// `io_uring_prep_accept_direct`: accept into a fixed-file slot.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_accept_direct(
    s: *mut io_uring_sqe,
    fd: c_int,
    addr: *mut libc::sockaddr,
    addrlen: *mut libc::socklen_t,
    flags: c_int,
    file_index: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_accept_direct(fd, addr, addrlen, flags, file_index) };
}

/// `io_uring_prep_multishot_accept`: multishot accept.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_multishot_accept(
    s: *mut io_uring_sqe,
    fd: c_int,
    addr: *mut libc::sockaddr,
    addrlen: *mut libc::socklen_t,
    flags: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_multishot_accept(fd, addr, addrlen, flags) };
}

/// `io_uring_prep_multishot_accept_direct`: multishot accept into fixed-file slots.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_multishot_accept_direct(
    s: *mut io_uring_sqe,
    fd: c_int,
    addr: *mut libc::sockaddr,
    addrlen: *mut libc::socklen_t,
    flags: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_multishot_accept_direct(fd, addr, addrlen, flags) };
}

/// `io_uring_prep_cancel64`: cancel the request with `user_data`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_cancel64(s: *mut io_uring_sqe, user_data: u64, flags: c_int) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_cancel64(user_data, flags);
}

/// `io_uring_prep_cancel`: cancel the request whose user data is the pointer `user_data`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_cancel(s: *mut io_uring_sqe, user_data: *const c_void, flags: c_int) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_cancel(user_data, flags);
}

/// `io_uring_prep_cancel_fd`: cancel requests on `fd`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_cancel_fd(s: *mut io_uring_sqe, fd: c_int, flags: c_uint) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_cancel_fd(fd, flags);
}

/// `io_uring_prep_link_timeout`: a timeout for the linked request before it.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_link_timeout(
    s: *mut io_uring_sqe,
    ts: *const __kernel_timespec,
    flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_link_timeout_raw(ts, flags) };
}

/// `io_uring_prep_connect`: connect(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_connect(
    s: *mut io_uring_sqe,
    fd: c_int,
    addr: *const libc::sockaddr,
    addrlen: libc::socklen_t,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_connect(fd, addr, addrlen) };
}

/// `io_uring_prep_bind`: bind(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_bind(
    s: *mut io_uring_sqe,
    fd: c_int,
    addr: *const libc::sockaddr,
    addrlen: libc::socklen_t,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_bind(fd, addr, addrlen) };
}

/// `io_uring_prep_listen`: listen(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_listen(s: *mut io_uring_sqe, fd: c_int, backlog: c_int) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_listen(fd, backlog);
}

/// `io_uring_prep_epoll_wait`: epoll_wait(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_epoll_wait(
    s: *mut io_uring_sqe,
    fd: c_int,
    events: *mut libc::epoll_event,
    maxevents: c_int,
    flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_epoll_wait_raw(fd, events, maxevents, flags) };
}

/// `io_uring_prep_files_update`: update registered files.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_files_update(
    s: *mut io_uring_sqe,
    fds: *mut c_int,
    nr_fds: c_uint,
    offset: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_files_update_raw(fds, nr_fds, offset) };
}

/// `io_uring_prep_fallocate`: fallocate(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_fallocate(
    s: *mut io_uring_sqe,
    fd: c_int,
    mode: c_int,
    offset: u64,
    len: u64,
) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_fallocate(fd, mode, offset, len);
}

/// `io_uring_prep_openat`: openat(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_openat(
    s: *mut io_uring_sqe,
    dfd: c_int,
    path: *const c_char,
    flags: c_int,
    mode: libc::mode_t,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_openat_raw(dfd, path, flags, mode) };
}

/// `io_uring_prep_openat_direct`: openat into a fixed-file slot.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_openat_direct(
    s: *mut io_uring_sqe,
    dfd: c_int,
    path: *const c_char,
    flags: c_int,
    mode: libc::mode_t,
    file_index: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_openat_direct_raw(dfd, path, flags, mode, file_index) };
}

/// `io_uring_prep_open`: open(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_open(
    s: *mut io_uring_sqe,
    path: *const c_char,
    flags: c_int,
    mode: libc::mode_t,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_open_raw(path, flags, mode) };
}

/// `io_uring_prep_open_direct`: open into a fixed-file slot.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_open_direct(
    s: *mut io_uring_sqe,
    path: *const c_char,
    flags: c_int,
    mode: libc::mode_t,
    file_index: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_open_direct_raw(path, flags, mode, file_index) };
}

/// `io_uring_prep_close`: close(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_close(s: *mut io_uring_sqe, fd: c_int) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_close(fd);
}

/// `io_uring_prep_close_direct`: close a fixed-file slot.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_close_direct(s: *mut io_uring_sqe, file_index: c_uint) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_close_direct(file_index);
}

/// `io_uring_prep_read`: read(2)/pread(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_read(
    s: *mut io_uring_sqe,
    fd: c_int,
    buf: *mut c_void,
    nbytes: c_uint,
    offset: u64,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_read_raw(fd, buf.cast(), nbytes, offset) };
}

/// `io_uring_prep_read_multishot`: multishot read into provided buffers.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_read_multishot(
    s: *mut io_uring_sqe,
    fd: c_int,
    nbytes: c_uint,
    offset: u64,
    buf_group: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_read_multishot(fd, nbytes, offset, buf_group as u16);
}

/// `io_uring_prep_write`: write(2)/pwrite(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_write(
    s: *mut io_uring_sqe,
    fd: c_int,
    buf: *const c_void,
    nbytes: c_uint,
    offset: u64,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_write_raw(fd, buf.cast(), nbytes, offset) };
}

/// `io_uring_prep_statx`: statx(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_statx(
    s: *mut io_uring_sqe,
    dfd: c_int,
    path: *const c_char,
    flags: c_int,
    mask: c_uint,
    statxbuf: *mut libc::statx,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_statx_raw(dfd, path, flags, mask, statxbuf) };
}

/// `io_uring_prep_fadvise`: posix_fadvise(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_fadvise(
    s: *mut io_uring_sqe,
    fd: c_int,
    offset: u64,
    len: u32,
    advice: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_fadvise(fd, offset, len, advice);
}

/// `io_uring_prep_madvise`: madvise(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_madvise(
    s: *mut io_uring_sqe,
    addr: *mut c_void,
    length: u32,
    advice: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_madvise(addr, length, advice) };
}

/// `io_uring_prep_fadvise64`: posix_fadvise(2) with a 64-bit length.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_fadvise64(
    s: *mut io_uring_sqe,
    fd: c_int,
    offset: u64,
    len: libc::off_t,
    advice: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_fadvise64(fd, offset, len as u64, advice);
}

/// `io_uring_prep_madvise64`: madvise(2) with a 64-bit length.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_madvise64(
    s: *mut io_uring_sqe,
    addr: *mut c_void,
    length: libc::off_t,
    advice: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_madvise64(addr, length as u64, advice) };
}

/// `io_uring_prep_send`: send(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_send(
    s: *mut io_uring_sqe,
    sockfd: c_int,
    buf: *const c_void,
    len: usize,
    flags: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_send_raw(sockfd, buf, len, flags) };
}

/// `io_uring_prep_send_bundle`: bundled send from provided buffers.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_send_bundle(
    s: *mut io_uring_sqe,
    sockfd: c_int,
    len: usize,
    flags: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_send_bundle(sockfd, len, flags);
}

/// `io_uring_prep_send_set_addr`: set the destination of a send.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_send_set_addr(
    s: *mut io_uring_sqe,
    dest_addr: *const libc::sockaddr,
    addr_len: u16,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_send_set_addr(dest_addr, addr_len) };
}

/// `io_uring_prep_sendto`: sendto(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_sendto(
    s: *mut io_uring_sqe,
    sockfd: c_int,
    buf: *const c_void,
    len: usize,
    flags: c_int,
    addr: *const libc::sockaddr,
    addrlen: libc::socklen_t,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_sendto_raw(sockfd, buf, len, flags, addr, addrlen) };
}

/// `io_uring_prep_send_zc`: zero-copy send.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_send_zc(
    s: *mut io_uring_sqe,
    sockfd: c_int,
    buf: *const c_void,
    len: usize,
    flags: c_int,
    zc_flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_send_zc_raw(sockfd, buf, len, flags, zc_flags) };
}

/// `io_uring_prep_send_zc_fixed`: zero-copy send from a registered buffer.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_send_zc_fixed(
    s: *mut io_uring_sqe,
    sockfd: c_int,
    buf: *const c_void,
    len: usize,
    flags: c_int,
    zc_flags: c_uint,
    buf_index: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_send_zc_fixed_raw(sockfd, buf, len, flags, zc_flags, buf_index) };
}

/// `io_uring_prep_sendmsg_zc`: zero-copy sendmsg.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_sendmsg_zc(
    s: *mut io_uring_sqe,
    fd: c_int,
    msg: *const libc::msghdr,
    flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_sendmsg_zc_raw(fd, msg, flags) };
}

/// `io_uring_prep_sendmsg_zc_fixed`: zero-copy sendmsg from a registered buffer.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_sendmsg_zc_fixed(
    s: *mut io_uring_sqe,
    fd: c_int,
    msg: *const libc::msghdr,
    flags: c_uint,
    buf_index: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_sendmsg_zc_fixed_raw(fd, msg, flags, buf_index) };
}

/// `io_uring_prep_recv`: recv(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_recv(
    s: *mut io_uring_sqe,
    sockfd: c_int,
    buf: *mut c_void,
    len: usize,
    flags: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_recv_raw(sockfd, buf, len, flags) };
}

/// `io_uring_prep_recv_multishot`: multishot recv (into provided buffers).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_recv_multishot(
    s: *mut io_uring_sqe,
    sockfd: c_int,
    buf: *mut c_void,
    len: usize,
    flags: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_recv_multishot_raw(sockfd, buf, len, flags) };
}

/// `io_uring_prep_openat2`: openat2(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_openat2(
    s: *mut io_uring_sqe,
    dfd: c_int,
    path: *const c_char,
    how: *const open_how,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_openat2_raw(dfd, path, how) };
}

/// `io_uring_prep_openat2_direct`: openat2 into a fixed-file slot.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_openat2_direct(
    s: *mut io_uring_sqe,
    dfd: c_int,
    path: *const c_char,
    how: *const open_how,
    file_index: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_openat2_direct_raw(dfd, path, how, file_index) };
}

/// `io_uring_prep_epoll_ctl`: epoll_ctl(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_epoll_ctl(
    s: *mut io_uring_sqe,
    epfd: c_int,
    fd: c_int,
    op: c_int,
    ev: *const libc::epoll_event,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_epoll_ctl_raw(epfd, fd, op, ev) };
}

/// `io_uring_prep_provide_buffers`: provide `nr` buffers of `len` bytes to group `bgid`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_provide_buffers(
    s: *mut io_uring_sqe,
    addr: *mut c_void,
    len: c_int,
    nr: c_int,
    bgid: c_int,
    bid: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_provide_buffers_raw(addr, len, nr, bgid, bid) };
}

/// `io_uring_prep_remove_buffers`: remove `nr` buffers from group `bgid`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_remove_buffers(s: *mut io_uring_sqe, nr: c_int, bgid: c_int) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_remove_buffers(nr, bgid as u16);
}

/// `io_uring_prep_shutdown`: shutdown(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_shutdown(s: *mut io_uring_sqe, fd: c_int, how: c_int) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_shutdown(fd, how);
}

/// `io_uring_prep_unlinkat`: unlinkat(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_unlinkat(
    s: *mut io_uring_sqe,
    dfd: c_int,
    path: *const c_char,
    flags: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_unlinkat_raw(dfd, path, flags) };
}

/// `io_uring_prep_unlink`: unlink(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_unlink(s: *mut io_uring_sqe, path: *const c_char, flags: c_int) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_unlink_raw(path, flags) };
}

/// `io_uring_prep_renameat`: renameat2(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_renameat(
    s: *mut io_uring_sqe,
    olddfd: c_int,
    oldpath: *const c_char,
    newdfd: c_int,
    newpath: *const c_char,
    flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_renameat_raw(olddfd, oldpath, newdfd, newpath, flags) };
}

/// `io_uring_prep_rename`: rename(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_rename(
    s: *mut io_uring_sqe,
    oldpath: *const c_char,
    newpath: *const c_char,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_rename_raw(oldpath, newpath) };
}

/// `io_uring_prep_sync_file_range`: sync_file_range(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_sync_file_range(
    s: *mut io_uring_sqe,
    fd: c_int,
    len: c_uint,
    offset: u64,
    flags: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_sync_file_range(fd, len, offset, flags);
}

/// `io_uring_prep_mkdirat`: mkdirat(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_mkdirat(
    s: *mut io_uring_sqe,
    dfd: c_int,
    path: *const c_char,
    mode: libc::mode_t,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_mkdirat_raw(dfd, path, mode) };
}

/// `io_uring_prep_mkdir`: mkdir(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_mkdir(s: *mut io_uring_sqe, path: *const c_char, mode: libc::mode_t) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_mkdir_raw(path, mode) };
}

/// `io_uring_prep_symlinkat`: symlinkat(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_symlinkat(
    s: *mut io_uring_sqe,
    target: *const c_char,
    newdirfd: c_int,
    linkpath: *const c_char,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_symlinkat_raw(target, newdirfd, linkpath) };
}

/// `io_uring_prep_symlink`: symlink(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_symlink(
    s: *mut io_uring_sqe,
    target: *const c_char,
    linkpath: *const c_char,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_symlink_raw(target, linkpath) };
}

/// `io_uring_prep_linkat`: linkat(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_linkat(
    s: *mut io_uring_sqe,
    olddfd: c_int,
    oldpath: *const c_char,
    newdfd: c_int,
    newpath: *const c_char,
    flags: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_linkat_raw(olddfd, oldpath, newdfd, newpath, flags) };
}

/// `io_uring_prep_link`: link(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_link(
    s: *mut io_uring_sqe,
    oldpath: *const c_char,
    newpath: *const c_char,
    flags: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_link_raw(oldpath, newpath, flags) };
}

/// `io_uring_prep_msg_ring_cqe_flags`: post a CQE with `cqe_flags` to another ring.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_msg_ring_cqe_flags(
    s: *mut io_uring_sqe,
    fd: c_int,
    len: c_uint,
    data: u64,
    flags: c_uint,
    cqe_flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_msg_ring_cqe_flags(fd, len, data, flags, cqe_flags);
}

/// `io_uring_prep_msg_ring`: post a CQE to another ring.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_msg_ring(
    s: *mut io_uring_sqe,
    fd: c_int,
    len: c_uint,
    data: u64,
    flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_msg_ring(fd, len, data, flags);
}

/// `io_uring_prep_msg_ring_fd`: pass a fixed file to another ring.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_msg_ring_fd(
    s: *mut io_uring_sqe,
    fd: c_int,
    source_fd: c_int,
    target_fd: c_int,
    data: u64,
    flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_msg_ring_fd(fd, source_fd as u32, target_fd as u32, data, flags);
}

/// `io_uring_prep_msg_ring_fd_alloc`: pass a fixed file to another ring's free slot.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_msg_ring_fd_alloc(
    s: *mut io_uring_sqe,
    fd: c_int,
    source_fd: c_int,
    data: u64,
    flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_msg_ring_fd_alloc(fd, source_fd as u32, data, flags);
}

/// `io_uring_prep_getxattr`: getxattr(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_getxattr(
    s: *mut io_uring_sqe,
    name: *const c_char,
    value: *mut c_char,
    path: *const c_char,
    len: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_getxattr_raw(name, value, path, len) };
}

/// `io_uring_prep_setxattr`: setxattr(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_setxattr(
    s: *mut io_uring_sqe,
    name: *const c_char,
    value: *const c_char,
    path: *const c_char,
    flags: c_int,
    len: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_setxattr_raw(name, value, path, flags, len) };
}

/// `io_uring_prep_fgetxattr`: fgetxattr(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_fgetxattr(
    s: *mut io_uring_sqe,
    fd: c_int,
    name: *const c_char,
    value: *mut c_char,
    len: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_fgetxattr_raw(fd, name, value, len) };
}

/// `io_uring_prep_fsetxattr`: fsetxattr(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_fsetxattr(
    s: *mut io_uring_sqe,
    fd: c_int,
    name: *const c_char,
    value: *const c_char,
    flags: c_int,
    len: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_fsetxattr_raw(fd, name, value, flags, len) };
}

/// `io_uring_prep_socket`: socket(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_socket(
    s: *mut io_uring_sqe,
    domain: c_int,
    socket_type: c_int,
    protocol: c_int,
    flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_socket(domain, socket_type, protocol, flags);
}

/// `io_uring_prep_socket_direct`: socket into a fixed-file slot.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_socket_direct(
    s: *mut io_uring_sqe,
    domain: c_int,
    socket_type: c_int,
    protocol: c_int,
    file_index: c_uint,
    flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_socket_direct(domain, socket_type, protocol, file_index, flags);
}

/// `io_uring_prep_socket_direct_alloc`: socket into a free fixed-file slot.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_socket_direct_alloc(
    s: *mut io_uring_sqe,
    domain: c_int,
    socket_type: c_int,
    protocol: c_int,
    flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_socket_direct_alloc(domain, socket_type, protocol, flags);
}

/// `io_uring_prep_uring_cmd`: a `IORING_OP_URING_CMD` for `fd`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_uring_cmd(s: *mut io_uring_sqe, cmd_op: c_int, fd: c_int) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_uring_cmd(cmd_op as u32, fd) };
}

/// `io_uring_prep_cmd_sock`: a socket command (getsockopt/setsockopt ...).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_cmd_sock(
    s: *mut io_uring_sqe,
    cmd_op: c_int,
    fd: c_int,
    level: c_int,
    optname: c_int,
    optval: *mut c_void,
    optlen: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_cmd_sock(cmd_op as u32, fd, level, optname, optval, optlen) };
}

/// `io_uring_prep_cmd_getsockname`: getsockname(2)/getpeername(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_cmd_getsockname(
    s: *mut io_uring_sqe,
    fd: c_int,
    sockaddr: *mut libc::sockaddr,
    sockaddr_len: *mut libc::socklen_t,
    peer: c_int,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_cmd_getsockname(fd, sockaddr, sockaddr_len, peer) };
}

/// `io_uring_prep_waitid`: waitid(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_waitid(
    s: *mut io_uring_sqe,
    idtype: libc::idtype_t,
    id: libc::id_t,
    infop: *mut libc::siginfo_t,
    options: c_int,
    flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_waitid_raw(idtype, id, infop, options, flags) };
}

/// `io_uring_prep_futex_wake`: futex wake.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_futex_wake(
    s: *mut io_uring_sqe,
    futex: *const u32,
    val: u64,
    mask: u64,
    futex_flags: u32,
    flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_futex_wake_raw(futex, val, mask, futex_flags, flags) };
}

/// `io_uring_prep_futex_wait`: futex wait.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_futex_wait(
    s: *mut io_uring_sqe,
    futex: *const u32,
    val: u64,
    mask: u64,
    futex_flags: u32,
    flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_futex_wait_raw(futex, val, mask, futex_flags, flags) };
}

/// `io_uring_prep_futex_waitv`: wait on several futexes.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_futex_waitv(
    s: *mut io_uring_sqe,
    futex: *const futex_waitv,
    nr_futex: u32,
    flags: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_futex_waitv_raw(futex, nr_futex, flags) };
}

/// `io_uring_prep_fixed_fd_install`: install a fixed file as a regular fd.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_fixed_fd_install(s: *mut io_uring_sqe, fd: c_int, flags: c_uint) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_fixed_fd_install(fd, flags);
}

/// `io_uring_prep_ftruncate`: ftruncate(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_ftruncate(s: *mut io_uring_sqe, fd: c_int, len: libc::loff_t) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_ftruncate(fd, len as u64);
}

/// `io_uring_prep_cmd_discard`: block-device discard.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_cmd_discard(
    s: *mut io_uring_sqe,
    fd: c_int,
    offset: u64,
    nbytes: u64,
) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_cmd_discard(fd, offset, nbytes);
}

/// `io_uring_prep_cmd_zone_reset_all`: reset all zones of a zoned block device.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_cmd_zone_reset_all(s: *mut io_uring_sqe, fd: c_int) {
    // SAFETY: the caller passes an unsubmitted SQE.
    unsafe { sqe(s) }.prep_cmd_zone_reset_all(fd);
}

/// `io_uring_prep_pipe`: pipe2(2).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_pipe(s: *mut io_uring_sqe, fds: *mut c_int, pipe_flags: c_int) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_pipe_raw(fds, pipe_flags) };
}

/// `io_uring_prep_pipe_direct`: pipe2 into fixed-file slots.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_pipe_direct(
    s: *mut io_uring_sqe,
    fds: *mut c_int,
    pipe_flags: c_int,
    file_index: c_uint,
) {
    // SAFETY: the caller passes an unsubmitted SQE, and keeps the memory
    // the arguments name valid as the man page of this prep requires.
    unsafe { sqe(s).prep_pipe_direct_raw(fds, pipe_flags, file_index) };
}
/// `io_uring_prep_uring_cmd128`: a `IORING_OP_URING_CMD128` for `fd`, in a
/// 128-byte SQE.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_uring_cmd128(s: *mut io_uring_sqe, cmd_op: c_int, fd: c_int) {
    // SAFETY: the caller passes an unsubmitted 128-byte SQE (from
    // io_uring_get_sqe128), which is a SubmissionQueueEntry128, and fills
    // the command area as the command requires.
    unsafe { (*s.cast::<SubmissionQueueEntry128>()).prep_uring_cmd128(cmd_op as u32, fd) };
}
