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
