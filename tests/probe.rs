//! Opcode probes against the running kernel.

use riouring::{Probe, Ring, Timespec, opcode_name, sys};

fn wait(ring: &mut Ring) -> riouring::CompletionQueueEvent {
    let cqe = ring.wait_cqe_timeout(Some(&Timespec::new(5, 0))).expect("completion within 5s");
    ring.cqe_seen(&cqe);
    cqe
}

#[test]
fn probe_reports_this_kernels_opcodes() {
    let probe = Probe::get().unwrap();
    let last = probe.last_op();
    assert!(last >= sys::IORING_OP_PIPE, "kernel 6.18 knows at least up to IORING_OP_PIPE, last_op = {last}");
    // The kernel fills one entry per opcode it knows (capped by our room).
    assert_eq!(probe.ops_len() as u32, last as u32 + 1);
    for (i, (op, _)) in probe.ops().enumerate() {
        assert_eq!(op as usize, i, "entry i describes opcode i");
    }
    for op in 0..=sys::IORING_OP_PIPE {
        assert!(probe.is_supported(op), "{} ({op}) supported on 6.18", opcode_name(op).unwrap());
    }
    for op in [sys::IORING_OP_NOP128, sys::IORING_OP_URING_CMD128] {
        println!("{} ({op}) supported: {}", opcode_name(op).unwrap(), probe.is_supported(op));
    }
    assert!(!probe.is_supported(255));
    assert!(!probe.is_supported(last.wrapping_add(1)) || last == 255);
}

#[test]
fn probe_ring_matches_get_probe_and_register_probe() {
    let ring = Ring::new(4).unwrap();
    let a = ring.get_probe_ring().unwrap();
    let b = Probe::get().unwrap();
    assert_eq!(a.last_op(), b.last_op());
    assert_eq!(a.ops().collect::<Vec<_>>(), b.ops().collect::<Vec<_>>());

    // A short probe: only the first 4 opcodes are filled in.
    let mut p = Probe::new();
    ring.register_probe(&mut p, 4).unwrap();
    assert_eq!(p.ops_len(), 4);
    assert_eq!(p.last_op(), a.last_op());
    assert!(p.is_supported(sys::IORING_OP_FSYNC));
    // Re-using the same buffer works: it is zeroed first.
    ring.register_probe(&mut p, 256).unwrap();
    assert_eq!(p.ops_len(), a.ops_len());

    // The raw form refuses a dirty buffer, as the kernel does.
    let mut dirty = Probe::new();
    ring.register_probe(&mut dirty, 8).unwrap();
    // SAFETY: the buffer holds a header and 256 entries; it is not zero, so
    // the kernel must refuse it.
    let err = unsafe { ring.register_probe_raw(dirty.as_mut_ptr(), 8) }.unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EINVAL));
}

#[test]
fn probe_agrees_with_what_the_kernel_does() {
    let probe = Probe::get().unwrap();
    let mut ring = Ring::new(4).unwrap();

    let sqe = ring.get_sqe().unwrap();
    sqe.prep_nop();
    sqe.set_data64(1);
    ring.submit().unwrap();
    let cqe = wait(&mut ring);
    assert_eq!((cqe.user_data(), cqe.res()), (1, 0));
    assert!(probe.is_supported(sys::IORING_OP_NOP));

    for op in [probe.last_op().wrapping_add(1), 200] {
        assert!(!probe.is_supported(op));
        let sqe = ring.get_sqe().unwrap();
        // SAFETY: an opcode the kernel does not know reads no fields.
        unsafe { sqe.as_raw_mut().opcode = op };
        sqe.set_data64(op as u64);
        ring.submit().unwrap();
        let cqe = wait(&mut ring);
        assert_eq!((cqe.user_data(), cqe.res()), (op as u64, -libc::EINVAL), "opcode {op}");
    }
}

#[test]
fn opcode_names() {
    assert_eq!(opcode_name(0), Some("IORING_OP_NOP"));
    assert_eq!(opcode_name(sys::IORING_OP_RECV), Some("IORING_OP_RECV"));
    assert_eq!(opcode_name(64), Some("IORING_OP_URING_CMD128"));
    assert_eq!(opcode_name(65), None);
    // Every name is the name of the constant with that value.
    for op in 0..=64u8 {
        let name = opcode_name(op).unwrap();
        let val = sys::ALL_CONSTANTS.iter().find(|(n, _)| *n == name).map(|&(_, v)| v);
        assert_eq!(val, Some(op as i128), "{name}");
    }
}
