//! Probes, provided-buffer rings and multishot-recvmsg parsing: liburing's
//! C shapes around riouring's `Probe`, `BufRingRaw` and `RecvmsgOut`.

use crate::{ret_count, ret_unit};
use core::ffi::c_void;
use core::mem::size_of;
use core::ptr::{self, NonNull};
use riouring::sys::{
    io_uring_buf_reg, io_uring_buf_ring, io_uring_probe, io_uring_probe_op, io_uring_recvmsg_out,
};
use riouring::{BufRingRaw, Probe, RecvmsgCmsg, RecvmsgOut, Ring, neg_errno};
use std::ffi::{c_int, c_uint};

/// Room for the probe header and every opcode (the op field is a byte).
const PROBE_OPS: usize = 256;
const PROBE_BYTES: usize = size_of::<io_uring_probe>() + PROBE_OPS * size_of::<io_uring_probe_op>();

/// A malloc'd copy of `probe` in liburing's layout (header, then the ops),
/// for the caller to release with [`io_uring_free_probe`]; NULL on failure.
fn probe_to_c(probe: std::io::Result<Probe>) -> *mut io_uring_probe {
    let Ok(probe) = probe else { return ptr::null_mut() };
    // SAFETY: calloc has no preconditions; the result is checked.
    let p = unsafe { libc::calloc(1, PROBE_BYTES) }.cast::<io_uring_probe>();
    if !p.is_null() {
        let ops = probe.raw_ops();
        // SAFETY: `p` has room for the header and PROBE_OPS ops; `ops` has at
        // most 255 entries (ops_len is a byte). The ops follow the header,
        // at the offset of io_uring_probe::ops.
        unsafe {
            p.write(*probe.as_raw());
            ptr::copy_nonoverlapping(ops.as_ptr(), p.add(1).cast::<io_uring_probe_op>(), ops.len());
        }
    }
    p
}

/// `io_uring_get_probe_ring`: the opcodes `ring` supports, or NULL.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_get_probe_ring(ring: *mut Ring) -> *mut io_uring_probe {
    // SAFETY: the caller passes a set-up ring.
    probe_to_c(unsafe { &*ring }.get_probe_ring())
}

/// `io_uring_get_probe`: the opcodes the kernel supports, or NULL.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_get_probe() -> *mut io_uring_probe {
    probe_to_c(Probe::get())
}

/// `io_uring_free_probe`: free a probe from `io_uring_get_probe*`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_free_probe(probe: *mut io_uring_probe) {
    // SAFETY: the caller passes a probe from probe_to_c (calloc) or NULL.
    unsafe { libc::free(probe.cast()) };
}

/// `io_uring_opcode_supported`: whether the probe lists `op` as supported.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_opcode_supported(p: *const io_uring_probe, op: c_int) -> c_int {
    let Ok(op) = u8::try_from(op) else { return 0 };
    // SAFETY: the caller passes a filled probe: a header followed by
    // `ops_len` entries.
    unsafe { riouring::opcode_supported_raw(p, op) as c_int }
}

/// `io_uring_register_probe`: fill `p` with up to `nr` opcodes.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_probe(
    ring: *mut Ring,
    p: *mut io_uring_probe,
    nr: c_uint,
) -> c_int {
    // SAFETY: the caller passes a set-up ring and room for `nr` ops after
    // the header.
    ret_count(unsafe { (*ring).register_probe_raw(p, nr) })
}

/// A riouring handle on a C buffer ring whose size is unknown: the largest
/// size a buffer ring can have, so that the caller's own mask applies as is.
///
/// # Safety
///
/// `br` is a registered buffer ring of group `bgid`.
#[inline(always)]
unsafe fn buf_ring(br: *mut io_uring_buf_ring, bgid: u16) -> BufRingRaw {
    // SAFETY: per the contract; the handle owns nothing (no unmap).
    unsafe { BufRingRaw::from_raw_parts(NonNull::new_unchecked(br), 32768, bgid) }
}

/// `io_uring_register_buf_ring`: register a caller-allocated buffer ring.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_buf_ring(
    ring: *mut Ring,
    reg: *mut io_uring_buf_reg,
    flags: c_uint,
) -> c_int {
    // SAFETY: the caller passes a set-up ring and a registration whose ring
    // memory stays valid while registered.
    ret_unit(unsafe { (*ring).register_buf_ring(&mut *reg, flags as u16) })
}

/// `io_uring_unregister_buf_ring`: unregister buffer group `bgid`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_buf_ring(ring: *mut Ring, bgid: c_int) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    ret_unit(unsafe { &*ring }.unregister_buf_ring(bgid as u16))
}

/// `io_uring_buf_ring_head`: the kernel's head of buffer group `buf_group`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_buf_ring_head(ring: *mut Ring, buf_group: c_int, head: *mut u16) -> c_int {
    // SAFETY: the caller passes a set-up ring.
    match unsafe { &*ring }.buf_ring_head(buf_group as u16) {
        Ok(h) => {
            // SAFETY: the caller passes a writable head.
            unsafe { *head = h };
            0
        }
        Err(e) => neg_errno(&e),
    }
}

/// `io_uring_setup_buf_ring`: allocate, register and initialise a buffer
/// ring of `nentries`; NULL with `*err` set on failure.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_setup_buf_ring(
    ring: *mut Ring,
    nentries: c_uint,
    bgid: c_int,
    flags: c_uint,
    err: *mut c_int,
) -> *mut io_uring_buf_ring {
    // SAFETY: the caller passes a set-up ring.
    match unsafe { &*ring }.setup_buf_ring(nentries, bgid as u16, flags as u16) {
        // The handle owns nothing beyond the pointer; io_uring_free_buf_ring
        // rebuilds it.
        Ok(br) => br.as_ptr(),
        Err(e) => {
            // SAFETY: the caller passes a writable err.
            unsafe { *err = neg_errno(&e) };
            ptr::null_mut()
        }
    }
}

/// `io_uring_free_buf_ring`: unregister and unmap a ring from
/// `io_uring_setup_buf_ring`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_free_buf_ring(
    ring: *mut Ring,
    br: *mut io_uring_buf_ring,
    nentries: c_uint,
    bgid: c_int,
) -> c_int {
    let Some(br) = NonNull::new(br) else { return -libc::EINVAL };
    // SAFETY: the caller passes what io_uring_setup_buf_ring returned for
    // `nentries` and `bgid`.
    let br = unsafe { BufRingRaw::from_setup_parts(br, nentries, bgid as u16) };
    // SAFETY: the caller passes a set-up ring.
    ret_unit(unsafe { &*ring }.free_buf_ring(br))
}

/// `io_uring_buf_ring_mask`: the index mask for a ring of `ring_entries`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_buf_ring_mask(ring_entries: u32) -> c_int {
    riouring::buf_ring_mask(ring_entries) as c_int
}

/// `io_uring_buf_ring_init`: reset the ring's tail.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_buf_ring_init(br: *mut io_uring_buf_ring) {
    // SAFETY: the caller passes a buffer ring it owns.
    unsafe { buf_ring(br, 0).init() };
}

/// `io_uring_buf_ring_add`: put buffer `bid` at `buf_offset` past the tail
/// (published by the next advance).
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_buf_ring_add(
    br: *mut io_uring_buf_ring,
    addr: *mut c_void,
    len: c_uint,
    bid: u16,
    mask: c_int,
    buf_offset: c_int,
) {
    // SAFETY: the caller passes a buffer ring it owns, its mask, and a buffer
    // that stays valid while the kernel may use it.
    unsafe { buf_ring(br, 0).add(addr.cast(), len, bid, mask as u32, buf_offset as u32) };
}

/// `io_uring_buf_ring_advance`: publish `count` added buffers.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_buf_ring_advance(br: *mut io_uring_buf_ring, count: c_int) {
    // SAFETY: the caller passes a buffer ring it owns.
    unsafe { buf_ring(br, 0).advance(count as u16) };
}

/// `__io_uring_buf_ring_cq_advance`: publish `buf_count` buffers and hand
/// back `cq_count` CQEs.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __io_uring_buf_ring_cq_advance(
    ring: *mut Ring,
    br: *mut io_uring_buf_ring,
    cq_count: c_int,
    buf_count: c_int,
) {
    // SAFETY: the caller passes a set-up ring and a buffer ring it owns.
    unsafe { buf_ring(br, 0).cq_advance_split(&mut *ring, cq_count as u32, buf_count as u16) };
}

/// `io_uring_buf_ring_cq_advance`: publish `count` buffers and hand back as
/// many CQEs.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_buf_ring_cq_advance(
    ring: *mut Ring,
    br: *mut io_uring_buf_ring,
    count: c_int,
) {
    // SAFETY: the caller passes a set-up ring and a buffer ring it owns.
    unsafe { buf_ring(br, 0).cq_advance(&mut *ring, count as u16) };
}

/// `io_uring_buf_ring_available`: buffers of group `bgid` the kernel has
/// not consumed yet, or `-errno`.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_buf_ring_available(
    ring: *mut Ring,
    br: *mut io_uring_buf_ring,
    bgid: u16,
) -> c_int {
    // SAFETY: the caller passes a set-up ring and the buffer ring of `bgid`.
    match unsafe { buf_ring(br, bgid).available(&*ring) } {
        Ok(n) => n as c_int,
        Err(e) => neg_errno(&e),
    }
}

/// riouring's parsed view of a multishot recvmsg buffer of `len` bytes at
/// `o`, laid out for `msgh`; None when `len` cannot hold the header, name
/// and control room.
///
/// # Safety
///
/// `o` is valid for reads of `len` bytes for `'a`, `msgh` a valid msghdr.
unsafe fn recvmsg_out<'a>(o: *const c_void, len: usize, msgh: &libc::msghdr) -> Option<RecvmsgOut<'a>> {
    if o.is_null() {
        return None;
    }
    // SAFETY: per the contract.
    RecvmsgOut::validate(unsafe { core::slice::from_raw_parts(o.cast::<u8>(), len) }, msgh)
}

/// The length of the header, name and control room `msgh` describes.
fn head_len(msgh: &libc::msghdr) -> usize {
    size_of::<io_uring_recvmsg_out>() + msgh.msg_namelen as usize + msgh.msg_controllen
}

/// `io_uring_recvmsg_validate`: `buf` as a recvmsg header if `buf_len`
/// holds the header, name and control room of `msgh`, else NULL.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_recvmsg_validate(
    buf: *mut c_void,
    buf_len: c_int,
    msgh: *mut libc::msghdr,
) -> *mut io_uring_recvmsg_out {
    let Ok(len) = usize::try_from(buf_len) else { return ptr::null_mut() };
    // SAFETY: the caller passes `buf_len` readable bytes and a valid msghdr.
    match unsafe { recvmsg_out(buf, len, &*msgh) } {
        Some(_) => buf.cast(),
        None => ptr::null_mut(),
    }
}

/// `io_uring_recvmsg_name`: the source address after the header.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_recvmsg_name(o: *mut io_uring_recvmsg_out) -> *mut c_void {
    // SAFETY: the caller passes a validated header; its own namelen bounds
    // the name that follows it.
    let namelen = unsafe { (*o).namelen };
    // SAFETY: a zeroed msghdr is valid; only the name room is set.
    let mut msgh: libc::msghdr = unsafe { core::mem::zeroed() };
    msgh.msg_namelen = namelen;
    // SAFETY: the header and `namelen` bytes of name are readable.
    match unsafe { recvmsg_out(o.cast(), head_len(&msgh), &msgh) } {
        Some(out) => out.name().as_ptr().cast_mut().cast(),
        None => ptr::null_mut(),
    }
}

/// Where a riouring control message lies in the C buffer.
fn cmsg_ptr(o: *mut io_uring_recvmsg_out, out: &RecvmsgOut<'_>, c: &RecvmsgCmsg<'_>) -> *mut libc::cmsghdr {
    o.cast::<u8>().wrapping_add(out.control_offset() + c.offset()).cast()
}

/// `io_uring_recvmsg_cmsg_firsthdr`: the first control message, or NULL.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_recvmsg_cmsg_firsthdr(
    o: *mut io_uring_recvmsg_out,
    msgh: *mut libc::msghdr,
) -> *mut libc::cmsghdr {
    // SAFETY: the caller passes a validated buffer for `msgh`.
    let msgh = unsafe { &*msgh };
    // SAFETY: a validated buffer holds the header, name and control room.
    let Some(out) = (unsafe { recvmsg_out(o.cast(), head_len(msgh), msgh) }) else { return ptr::null_mut() };
    out.cmsg_firsthdr().map_or(ptr::null_mut(), |c| cmsg_ptr(o, &out, &c))
}

/// `io_uring_recvmsg_cmsg_nexthdr`: the control message after `cmsg`, or
/// NULL.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_recvmsg_cmsg_nexthdr(
    o: *mut io_uring_recvmsg_out,
    msgh: *mut libc::msghdr,
    cmsg: *mut libc::cmsghdr,
) -> *mut libc::cmsghdr {
    // SAFETY: the caller passes a validated buffer for `msgh`.
    let msgh = unsafe { &*msgh };
    // SAFETY: a validated buffer holds the header, name and control room.
    let Some(out) = (unsafe { recvmsg_out(o.cast(), head_len(msgh), msgh) }) else { return ptr::null_mut() };
    // `cmsg`'s offset in the control area gives riouring's view of it.
    let base = o.cast::<u8>().wrapping_add(out.control_offset()) as usize;
    let Some(cur) = (cmsg as usize).checked_sub(base).and_then(|off| out.cmsg_at(off)) else {
        return ptr::null_mut();
    };
    out.cmsg_nexthdr(&cur).map_or(ptr::null_mut(), |c| cmsg_ptr(o, &out, &c))
}

/// `io_uring_recvmsg_payload`: the payload after the header, name and
/// control room.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_recvmsg_payload(
    o: *mut io_uring_recvmsg_out,
    msgh: *mut libc::msghdr,
) -> *mut c_void {
    // SAFETY: the caller passes a validated buffer for `msgh`.
    let msgh = unsafe { &*msgh };
    // SAFETY: a validated buffer holds the header, name and control room.
    match unsafe { recvmsg_out(o.cast(), head_len(msgh), msgh) } {
        Some(out) => o.cast::<u8>().wrapping_add(out.payload_offset()).cast(),
        None => ptr::null_mut(),
    }
}

/// `io_uring_recvmsg_payload_length`: payload bytes in a buffer of
/// `buf_len` bytes.
///
/// # Safety
///
/// The contract of liburing's man page for this function (see the crate
/// docs): every pointer valid as that page requires, for as long as it says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_recvmsg_payload_length(
    o: *mut io_uring_recvmsg_out,
    buf_len: c_int,
    msgh: *mut libc::msghdr,
) -> c_uint {
    let Ok(len) = usize::try_from(buf_len) else { return 0 };
    // SAFETY: the caller passes `buf_len` readable bytes and a valid msghdr.
    unsafe { recvmsg_out(o.cast(), len, &*msgh) }.map_or(0, |out| out.payload_length())
}
