//! In-crate tests of paths the running kernel never takes by itself: the
//! internal timeout request liburing uses on kernels without
//! `IORING_FEAT_EXT_ARG` (before 5.11). Clearing the feature bit in the ring
//! makes riouring take that path against this kernel.

use crate::{Ring, Timespec, sys};
use std::io;

fn old_kernel_ring() -> Ring {
    let mut ring = Ring::new(8).unwrap();
    ring.features &= !sys::IORING_FEAT_EXT_ARG;
    ring
}

#[test]
fn wait_timeout_through_an_internal_timeout_request() {
    let mut ring = old_kernel_ring();
    let e = ring.wait_cqe_timeout(Some(&Timespec::new(0, 20_000_000))).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::ETIME));
    // The internal timeout's CQE was consumed, not shown.
    assert_eq!(ring.cq_ready(), 0);
    assert_eq!(ring.peek_cqe().unwrap_err().kind(), io::ErrorKind::WouldBlock);
}

#[test]
fn internal_timeout_completions_are_hidden_from_peeks() {
    let mut ring = old_kernel_ring();
    for i in 0..3u64 {
        let sqe = ring.get_sqe().unwrap();
        sqe.prep_nop();
        sqe.set_data64(i);
    }
    // The wait submits the NOPs along with its timeout request (count 3:
    // it completes as soon as three other completions were posted).
    let cqe = ring.wait_cqes(3, Some(&Timespec::new(5, 0)), None).unwrap();
    assert_eq!(cqe.user_data(), 0);
    let mut seen = vec![];
    while let Ok(c) = ring.peek_cqe() {
        assert_ne!(c.user_data(), crate::LIBURING_UDATA_TIMEOUT);
        seen.push(c.user_data());
        ring.cqe_seen(&c);
    }
    assert_eq!(seen, [0, 1, 2]);
}

#[test]
fn submit_and_wait_timeout_without_ext_arg() {
    let mut ring = old_kernel_ring();
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_nop();
    sqe.set_data64(9);
    // Submits the NOP plus the internal timeout.
    let n = ring.submit_and_wait_timeout(1, Some(&Timespec::new(5, 0)), None).unwrap();
    assert_eq!(n, 2);
    let cqe = ring.wait_cqe().unwrap();
    assert_eq!(cqe.user_data(), 9);
}

#[test]
fn full_sq_is_flushed_to_make_room_for_the_timeout() {
    let mut ring = old_kernel_ring();
    let n = ring.sq_entries();
    for i in 0..n {
        let sqe = ring.get_sqe().unwrap();
        sqe.prep_nop();
        sqe.set_data64(i as u64);
    }
    let cqe = ring.wait_cqes(1, Some(&Timespec::new(5, 0)), None).unwrap();
    assert_eq!(cqe.user_data(), 0);
}

/// `get_sqe128` on an `IORING_SETUP_SQE_MIXED` ring (kernel 6.19; this
/// kernel refuses the flag): the layout it builds in 64-byte slots, checked
/// on a plain ring whose flags claim SQE_MIXED. Nothing is submitted.
#[test]
fn mixed_sqe128_pads_the_wrap_with_a_skip_nop() {
    let mut ring = Ring::new(8).unwrap();
    ring.flags |= sys::IORING_SETUP_SQE_MIXED;
    let entries = ring.sq_entries();
    assert_eq!(entries, 8);
    // Slots 0..6 with plain entries.
    for i in 0..6 {
        let sqe = ring.get_sqe().unwrap();
        sqe.prep_nop();
        sqe.set_data64(i);
    }
    // Slot 6: a 128-byte entry takes slots 6 and 7 (no wrap in between).
    let big = ring.get_sqe128().expect("slots 6-7 are free");
    big.set_data64(100);
    assert!(big.cmd().iter().all(|&b| b == 0));
    assert_eq!(ring.sq_ready(), 8);
    assert!(ring.get_sqe128().is_none(), "full");
    // Pretend the kernel consumed everything, then fill up to slot 7 of the
    // next lap: a 128-byte entry there would straddle the wrap.
    ring.sq.sqe_head = ring.sq.sqe_tail;
    // SAFETY: the test owns this ring; moving the head by hand stands in for
    // the kernel having consumed the entries (nothing was submitted).
    unsafe { crate::barrier::store_release(ring.sq.khead, ring.sq.sqe_tail) };
    for i in 0..7 {
        ring.get_sqe().unwrap().set_data64(200 + i);
    }
    assert_eq!(ring.sq.sqe_tail & ring.sq.ring_mask, 7);
    assert!(ring.get_sqe128().is_none(), "slots 0-1 of the next lap are still queued");
    // The kernel consumes three more: now the pad plus the pair fit.
    // SAFETY: as above.
    unsafe { crate::barrier::store_release(ring.sq.khead, ring.sq.sqe_tail - 4) };
    let big = ring.get_sqe128().expect("slot 7 padded, then slots 0-1");
    big.set_data64(300);
    // SAFETY: reading the SQE array of our own ring, nothing submitted.
    let slot = |i: usize| unsafe { *ring.sq.sqes.add(i) };
    let pad = slot(7);
    assert_eq!(pad.opcode, sys::IORING_OP_NOP);
    assert_eq!(pad.flags, sys::IOSQE_CQE_SKIP_SUCCESS);
    assert_eq!(slot(0).user_data, 300, "the big entry starts at the ring's first slot");
    assert_eq!(ring.sq.sqe_tail & ring.sq.ring_mask, 2);
    // One slot left: enough for a plain entry, not for a 128-byte one.
    assert_eq!(ring.sq_space_left(), 1);
    assert!(ring.get_sqe128().is_none());
    // Without SQE128 or SQE_MIXED there are no big entries at all.
    ring.flags &= !sys::IORING_SETUP_SQE_MIXED;
    assert!(ring.get_sqe128().is_none());
}
