//! Registration: every `io_uring_register_*` / `unregister_*` of liburing's
//! register.c, each calling the riouring `Ring` method of the same name.

use crate::{ret_count, ret_unit};
use riouring::sys::{
    io_uring_bpf, io_uring_clock_register, io_uring_mem_region_reg, io_uring_napi, io_uring_params,
    io_uring_query_hdr, io_uring_reg_wait, io_uring_restriction, io_uring_sqe, io_uring_sync_cancel_reg,
    io_uring_zcrx_ifq_reg, zcrx_ctrl,
};
use riouring::{Params, Ring};
use std::ffi::{c_int, c_uint};

/// A slice from a C array and its length; empty when the pointer is null or
/// the length zero.
///
/// # Safety
///
/// A non-null `p` is valid for reads of `n` elements for `'a`.
#[inline(always)]
unsafe fn slice<'a, T>(p: *const T, n: c_uint) -> &'a [T] {
    if p.is_null() || n == 0 {
        &[]
    } else {
        // SAFETY: per the contract.
        unsafe { core::slice::from_raw_parts(p, n as usize) }
    }
}

/// `io_uring_register_buffers`: register `nr_iovecs` buffers for fixed I/O.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_buffers(
    ring: *mut Ring,
    iovecs: *const libc::iovec,
    nr_iovecs: c_uint,
) -> c_int {
    // SAFETY: the caller passes a set-up ring and `nr_iovecs` iovecs whose
    // buffers stay valid while registered.
    ret_unit(unsafe { (*ring).register_buffers(slice(iovecs, nr_iovecs)) })
}

/// `io_uring_register_buffers_tags`: register buffers with tags.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_buffers_tags(
    ring: *mut Ring,
    iovecs: *const libc::iovec,
    tags: *const u64,
    nr: c_uint,
) -> c_int {
    // SAFETY: as in io_uring_register_buffers; `tags` null or `nr` long.
    ret_unit(unsafe { (*ring).register_buffers_tags(slice(iovecs, nr), slice(tags, nr)) })
}

/// `io_uring_register_buffers_sparse`: register `nr` empty buffer slots.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_buffers_sparse(ring: *mut Ring, nr: c_uint) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_unit(unsafe { &mut *ring }.register_buffers_sparse(nr))
}

/// `io_uring_register_buffers_update_tag`: replace `nr` buffers from `off`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_buffers_update_tag(
    ring: *mut Ring,
    off: c_uint,
    iovecs: *const libc::iovec,
    tags: *const u64,
    nr: c_uint,
) -> c_int {
    // SAFETY: as in io_uring_register_buffers_tags.
    ret_count(unsafe { (*ring).register_buffers_update_tag(off, slice(iovecs, nr), slice(tags, nr)) })
}

/// `io_uring_unregister_buffers`: drop the registered buffers.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_buffers(ring: *mut Ring) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_unit(unsafe { &mut *ring }.unregister_buffers())
}

/// `io_uring_register_files`: register `nr_files` fds for fixed-file I/O.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_files(
    ring: *mut Ring,
    files: *const c_int,
    nr_files: c_uint,
) -> c_int {
    // SAFETY: the caller passes a set-up ring and `nr_files` fds.
    ret_unit(unsafe { (*ring).register_files(slice(files, nr_files)) })
}

/// `io_uring_register_files_tags`: register fds with tags.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_files_tags(
    ring: *mut Ring,
    files: *const c_int,
    tags: *const u64,
    nr: c_uint,
) -> c_int {
    // SAFETY: the caller passes a set-up ring, `nr` fds and null or `nr` tags.
    ret_unit(unsafe { (*ring).register_files_tags(slice(files, nr), slice(tags, nr)) })
}

/// `io_uring_register_files_sparse`: register `nr` empty file slots.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_files_sparse(ring: *mut Ring, nr: c_uint) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_unit(unsafe { &mut *ring }.register_files_sparse(nr))
}

/// `io_uring_register_files_update_tag`: replace `nr_files` slots from `off`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_files_update_tag(
    ring: *mut Ring,
    off: c_uint,
    files: *const c_int,
    tags: *const u64,
    nr_files: c_uint,
) -> c_int {
    // SAFETY: as in io_uring_register_files_tags.
    ret_count(unsafe {
        (*ring).register_files_update_tag(off, slice(files, nr_files), slice(tags, nr_files))
    })
}

/// `io_uring_unregister_files`: drop the registered files.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_files(ring: *mut Ring) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_unit(unsafe { &mut *ring }.unregister_files())
}

/// `io_uring_register_files_update`: replace `nr_files` slots from `off`;
/// the number replaced.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_files_update(
    ring: *mut Ring,
    off: c_uint,
    files: *const c_int,
    nr_files: c_uint,
) -> c_int {
    // SAFETY: the caller passes a set-up ring and `nr_files` fds.
    ret_count(unsafe { (*ring).register_files_update(off, slice(files, nr_files)) })
}

/// `io_uring_register_file_alloc_range`: the slot range for auto-allocation.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_file_alloc_range(
    ring: *mut Ring,
    off: c_uint,
    len: c_uint,
) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_unit(unsafe { &mut *ring }.register_file_alloc_range(off, len))
}

/// `io_uring_register_eventfd`: signal `fd` on completions.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_eventfd(ring: *mut Ring, fd: c_int) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_unit(unsafe { &mut *ring }.register_eventfd(fd))
}

/// `io_uring_register_eventfd_async`: signal `fd` on async completions only.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_eventfd_async(ring: *mut Ring, fd: c_int) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_unit(unsafe { &mut *ring }.register_eventfd_async(fd))
}

/// `io_uring_unregister_eventfd`: stop signalling the eventfd.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_eventfd(ring: *mut Ring) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_unit(unsafe { &mut *ring }.unregister_eventfd())
}

/// `io_uring_register_personality`: register the current credentials; the
/// personality id.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_personality(ring: *mut Ring) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_count(unsafe { &mut *ring }.register_personality().map(u32::from))
}

/// `io_uring_unregister_personality`: drop personality `id`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_personality(ring: *mut Ring, id: c_int) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_unit(unsafe { &mut *ring }.unregister_personality(id as u16))
}

/// `io_uring_register_restrictions`: restrict a ring created disabled.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_restrictions(
    ring: *mut Ring,
    res: *mut io_uring_restriction,
    nr_res: c_uint,
) -> c_int {
    // SAFETY: the caller passes a set-up ring and `nr_res` restrictions.
    ret_unit(unsafe { (*ring).register_restrictions(slice(res, nr_res)) })
}

/// `io_uring_enable_rings`: enable a ring created with
/// `IORING_SETUP_R_DISABLED`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_enable_rings(ring: *mut Ring) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_unit(unsafe { &mut *ring }.enable_rings())
}

/// `io_uring_register_iowq_aff`: the CPU affinity of the io-wq workers.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_iowq_aff(
    ring: *mut Ring,
    cpusz: usize,
    mask: *const libc::cpu_set_t,
) -> c_int {
    // SAFETY: the caller passes a set-up ring and a mask of `cpusz` bytes
    // (riouring reads at most `cpusz` bytes of it).
    ret_unit(unsafe { (*ring).register_iowq_aff(cpusz, &*mask) })
}

/// `io_uring_unregister_iowq_aff`: drop the io-wq affinity.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_iowq_aff(ring: *mut Ring) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_unit(unsafe { &mut *ring }.unregister_iowq_aff())
}

/// `io_uring_register_iowq_max_workers`: set (and read back) the bounded and
/// unbounded io-wq worker limits.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_iowq_max_workers(ring: *mut Ring, values: *mut c_uint) -> c_int {
    // SAFETY: the caller passes a set-up ring and an array of two unsigned.
    ret_unit(unsafe { (*ring).register_iowq_max_workers(&mut *values.cast::<[u32; 2]>()) })
}

/// `io_uring_register_sync_cancel`: cancel requests synchronously.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_sync_cancel(
    ring: *mut Ring,
    reg: *mut io_uring_sync_cancel_reg,
) -> c_int {
    // SAFETY: the caller passes a set-up ring and a valid cancel request.
    ret_count(unsafe { (*ring).register_sync_cancel(&mut *reg) })
}

/// `io_uring_register_sync_msg`: run a `IORING_OP_MSG_RING` without a ring.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_sync_msg(sqe: *mut io_uring_sqe) -> c_int {
    // SAFETY: the caller passes a prepared SQE.
    ret_unit(Ring::register_sync_msg(unsafe { &*sqe }))
}

/// `io_uring_register_napi`: enable NAPI busy polling.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_napi(ring: *mut Ring, napi: *mut io_uring_napi) -> c_int {
    // SAFETY: the caller passes a set-up ring and a valid napi struct.
    ret_unit(unsafe { (*ring).register_napi(&mut *napi) })
}

/// `io_uring_unregister_napi`: disable NAPI busy polling.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_napi(ring: *mut Ring, napi: *mut io_uring_napi) -> c_int {
    // SAFETY: the caller passes a set-up ring and a valid napi struct.
    ret_unit(unsafe { (*ring).unregister_napi(&mut *napi) })
}

/// `io_uring_register_ifq`: register a zero-copy receive interface queue.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_ifq(ring: *mut Ring, reg: *mut io_uring_zcrx_ifq_reg) -> c_int {
    // SAFETY: the caller passes a set-up ring and a registration whose
    // memory stays valid while registered.
    ret_unit(unsafe { (*ring).register_ifq(&mut *reg) })
}

/// `io_uring_register_zcrx_ctrl`: a zero-copy receive control command.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_zcrx_ctrl(ring: *mut Ring, ctrl: *mut zcrx_ctrl) -> c_int {
    // SAFETY: the caller passes a set-up ring and a valid command.
    ret_count(unsafe { (*ring).register_zcrx_ctrl(&mut *ctrl) })
}

/// `io_uring_register_clock`: the clock used for waits.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_clock(
    ring: *mut Ring,
    arg: *mut io_uring_clock_register,
) -> c_int {
    // SAFETY: the caller passes a set-up ring and a valid clock struct.
    ret_unit(unsafe { (*ring).register_clock(&*arg) })
}

/// `io_uring_register_bpf_filter`: attach a BPF filter to the ring.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_bpf_filter(ring: *mut Ring, bpf: *mut io_uring_bpf) -> c_int {
    // SAFETY: the caller passes a set-up ring and a valid filter.
    ret_unit(unsafe { (*ring).register_bpf_filter(&mut *bpf) })
}

/// `io_uring_register_bpf_filter_task`: attach a BPF filter to the task.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_bpf_filter_task(bpf: *mut io_uring_bpf) -> c_int {
    // SAFETY: the caller passes a valid filter.
    ret_unit(Ring::register_bpf_filter_task(unsafe { &mut *bpf }))
}

/// `io_uring_register_query`: query io_uring's capabilities.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_query(query: *mut io_uring_query_hdr) -> c_int {
    // SAFETY: the caller passes a valid query chain.
    ret_count(unsafe { riouring::register_query(query) })
}

/// `io_uring_register_region`: register a memory region.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_region(
    ring: *mut Ring,
    reg: *mut io_uring_mem_region_reg,
) -> c_int {
    // SAFETY: the caller passes a set-up ring and a region whose memory stays
    // valid while registered.
    ret_unit(unsafe { (*ring).register_region(&mut *reg) })
}

/// `io_uring_register_wait_reg`: the old wait-region registration (the
/// kernel dropped it; liburing and riouring answer `-EINVAL`).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_wait_reg(
    ring: *mut Ring,
    reg: *mut io_uring_reg_wait,
    nr: c_int,
) -> c_int {
    let reg: &mut [io_uring_reg_wait] = if reg.is_null() || nr <= 0 {
        &mut []
    } else {
        // SAFETY: the caller passes `nr` wait slots.
        unsafe { core::slice::from_raw_parts_mut(reg, nr as usize) }
    };
    // SAFETY: the caller passes a set-up ring.
    ret_unit(unsafe { &*ring }.register_wait_reg(reg))
}

/// `io_uring_resize_rings`: resize the SQ and CQ to `p`'s sizes.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_resize_rings(ring: *mut Ring, p: *mut io_uring_params) -> c_int {
    // SAFETY: the caller passes a set-up ring and valid parameters (Params
    // is repr(transparent) over io_uring_params).
    ret_unit(unsafe { (*ring).resize_rings(&mut *p.cast::<Params>()) })
}

/// `io_uring_clone_buffers`: clone all of `src`'s registered buffers.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_clone_buffers(dst: *mut Ring, src: *mut Ring) -> c_int {
    // SAFETY: the caller passes two distinct set-up rings.
    ret_unit(unsafe { (*dst).clone_buffers(&*src) })
}

/// `__io_uring_clone_buffers`: [`io_uring_clone_buffers`] with explicit
/// `IORING_REGISTER_*` flags.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __io_uring_clone_buffers(dst: *mut Ring, src: *mut Ring, flags: c_uint) -> c_int {
    // SAFETY: the caller passes two distinct set-up rings.
    ret_unit(unsafe { (*dst).clone_buffers_flags(&*src, flags) })
}

/// `io_uring_clone_buffers_offset`: clone `nr` buffers from `src_off` to
/// `dst_off`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_clone_buffers_offset(
    dst: *mut Ring,
    src: *mut Ring,
    dst_off: c_uint,
    src_off: c_uint,
    nr: c_uint,
    flags: c_uint,
) -> c_int {
    // SAFETY: the caller passes two distinct set-up rings.
    ret_unit(unsafe { (*dst).clone_buffers_offset(&*src, dst_off, src_off, nr, flags) })
}

/// `__io_uring_clone_buffers_offset`: [`io_uring_clone_buffers_offset`]
/// with the flags passed as they are.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __io_uring_clone_buffers_offset(
    dst: *mut Ring,
    src: *mut Ring,
    dst_off: c_uint,
    src_off: c_uint,
    nr: c_uint,
    flags: c_uint,
) -> c_int {
    // SAFETY: the caller passes two distinct set-up rings.
    ret_unit(unsafe { (*dst).clone_buffers_offset_flags(&*src, dst_off, src_off, nr, flags) })
}
