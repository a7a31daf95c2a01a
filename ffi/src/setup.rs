//! Setup and teardown, sizes, versions, the raw syscalls and the ring-fd
//! calls (liburing's setup.c, syscall.c, version.c).

use crate::{ret_count, ret_size, ret_unit};
use core::ffi::c_void;
use core::ptr;
use riouring::sys::{self, io_uring_params};
use riouring::{Params, Ring, neg_errno};
use std::ffi::{c_int, c_uint};

/// `io_uring_queue_init_params`: set up a ring described by `p` in `ring`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_queue_init_params(
    entries: c_uint,
    ring: *mut Ring,
    p: *mut io_uring_params,
) -> c_int {
    // SAFETY: Params is repr(transparent) over io_uring_params; the caller
    // passes valid, writable parameters.
    let p = unsafe { &mut *p.cast::<Params>() };
    match Ring::with_params(entries, p) {
        // SAFETY: `ring` points to writable memory for a struct io_uring,
        // which is a Ring; it holds no live ring (liburing overwrites it
        // too), so nothing is dropped.
        Ok(r) => unsafe {
            ptr::write(ring, r);
            0
        },
        Err(e) => neg_errno(&e),
    }
}

/// `io_uring_queue_init`: set up a ring of `entries` with `flags` in `ring`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_queue_init(entries: c_uint, ring: *mut Ring, flags: c_uint) -> c_int {
    match Ring::with_flags(entries, flags) {
        // SAFETY: as in io_uring_queue_init_params.
        Ok(r) => unsafe {
            ptr::write(ring, r);
            0
        },
        Err(e) => neg_errno(&e),
    }
}

/// `io_uring_queue_init_mem`: set up a `IORING_SETUP_NO_MMAP` ring in the
/// caller's memory; returns the bytes of `buf` used.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_queue_init_mem(
    entries: c_uint,
    ring: *mut Ring,
    p: *mut io_uring_params,
    buf: *mut c_void,
    buf_size: usize,
) -> c_int {
    // SAFETY: as in io_uring_queue_init_params.
    let p = unsafe { &mut *p.cast::<Params>() };
    // SAFETY: the caller hands over `buf` as io_uring_queue_init_mem(3)
    // requires: page-aligned, `buf_size` bytes, kept until queue_exit.
    match unsafe { Ring::with_memory(entries, p, buf.cast(), buf_size) } {
        // SAFETY: as in io_uring_queue_init_params.
        Ok((r, used)) => unsafe {
            ptr::write(ring, r);
            used as c_int
        },
        Err(e) => neg_errno(&e),
    }
}

/// `io_uring_queue_mmap`: map the rings of `fd`, set up by `io_uring_setup`
/// with `p`, into `ring`. On failure `fd` stays open and the caller's, as in
/// liburing.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_queue_mmap(fd: c_int, p: *mut io_uring_params, ring: *mut Ring) -> c_int {
    // SAFETY: Params is repr(transparent) over io_uring_params; valid per
    // the caller.
    let p = unsafe { &*p.cast::<Params>() };
    // SAFETY: the caller passes an io_uring fd it owns and hands to the ring
    // (io_uring_queue_exit closes it), with the parameters that set it up.
    match unsafe { Ring::from_raw_fd(fd, p) } {
        // SAFETY: as in io_uring_queue_init_params.
        Ok(r) => unsafe {
            ptr::write(ring, r);
            0
        },
        Err(e) => neg_errno(&e),
    }
}

/// `io_uring_queue_exit`: tear the ring down in place (it stays a valid,
/// empty ring; a second call does nothing).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_queue_exit(ring: *mut Ring) {
    // SAFETY: the caller passes a ring set up by io_uring_queue_init*.
    // `exit` releases it without dropping the foreign memory.
    unsafe { &mut *ring }.exit();
}

/// `io_uring_ring_dontfork`: keep the ring's memory out of forked children.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_ring_dontfork(ring: *mut Ring) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_unit(unsafe { &mut *ring }.dontfork())
}

/// `io_uring_mlock_size`: RLIMIT_MEMLOCK bytes a ring needs (0 on 5.12+).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_mlock_size(entries: c_uint, flags: c_uint) -> isize {
    ret_size(riouring::mlock_size(entries, flags))
}

/// `io_uring_mlock_size_params`: [`io_uring_mlock_size`] for full parameters.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_mlock_size_params(entries: c_uint, p: *mut io_uring_params) -> isize {
    // SAFETY: Params is repr(transparent) over io_uring_params; valid per
    // the caller.
    ret_size(riouring::mlock_size_params(entries, unsafe { &*p.cast::<Params>() }))
}

/// `io_uring_memory_size`: bytes of memory a ring takes.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_memory_size(entries: c_uint, flags: c_uint) -> isize {
    ret_size(riouring::memory_size(entries, flags))
}

/// `io_uring_memory_size_params`: [`io_uring_memory_size`] for full
/// parameters.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_memory_size_params(entries: c_uint, p: *mut io_uring_params) -> isize {
    // SAFETY: Params is repr(transparent) over io_uring_params; valid per
    // the caller.
    ret_size(riouring::memory_size_params(entries, unsafe { &*p.cast::<Params>() }))
}

/// `io_uring_major_version`: the liburing major version riouring implements.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_major_version() -> c_int {
    riouring::major_version()
}

/// `io_uring_minor_version`: the liburing minor version riouring implements.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_minor_version() -> c_int {
    riouring::minor_version()
}

/// `io_uring_check_version`: true if this library is older than
/// `major.minor`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_check_version(major: c_int, minor: c_int) -> bool {
    riouring::check_version(major, minor)
}

/// `io_uring_setup(2)`: the ring fd, or `-errno`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_setup(entries: c_uint, p: *mut io_uring_params) -> c_int {
    // SAFETY: the caller passes valid parameters for the kernel to fill.
    unsafe { sys::io_uring_setup(entries, p) }
}

/// `io_uring_enter(2)`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_enter(
    fd: c_uint,
    to_submit: c_uint,
    min_complete: c_uint,
    flags: c_uint,
    sig: *mut libc::sigset_t,
) -> c_int {
    // SAFETY: the caller vouches for the ring, its entries and `sig`.
    unsafe { sys::io_uring_enter(fd as c_int, to_submit, min_complete, flags, sig) }
}

/// `io_uring_enter2(2)`: enter with an extended argument of `sz` bytes.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_enter2(
    fd: c_uint,
    to_submit: c_uint,
    min_complete: c_uint,
    flags: c_uint,
    arg: *mut c_void,
    sz: usize,
) -> c_int {
    // SAFETY: the caller vouches for the ring, its entries and `arg`.
    unsafe { sys::io_uring_enter2(fd as c_int, to_submit, min_complete, flags, arg, sz) }
}

/// `io_uring_register(2)`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register(
    fd: c_uint,
    opcode: c_uint,
    arg: *const c_void,
    nr_args: c_uint,
) -> c_int {
    // SAFETY: the caller vouches for `arg` as the opcode requires.
    unsafe { sys::io_uring_register(fd as c_int, opcode, arg, nr_args) }
}

/// `io_uring_set_iowait`: whether waits on the ring count as iowait.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_set_iowait(ring: *mut Ring, enable_iowait: bool) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_unit(unsafe { &mut *ring }.set_iowait(enable_iowait))
}

/// `io_uring_register_ring_fd`: register the ring fd; 1 on success.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_ring_fd(ring: *mut Ring) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_count(unsafe { &mut *ring }.register_ring_fd())
}

/// `io_uring_unregister_ring_fd`: drop the registered ring fd; 1 on success.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_ring_fd(ring: *mut Ring) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_count(unsafe { &mut *ring }.unregister_ring_fd())
}

/// `io_uring_close_ring_fd`: close the real ring fd, keeping the registered
/// one; 1 on success.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_close_ring_fd(ring: *mut Ring) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_count(unsafe { &mut *ring }.close_ring_fd())
}
