//! Ring management and registration against the running kernel:
//! resize_rings, registered wait regions, register_query, zcrx.

use riouring::{CompletionQueueEvent, Params, Ring, Timespec, WaitRegion, sys};
use std::ptr;
use std::time::{Duration, Instant};

fn wait(ring: &mut Ring) -> CompletionQueueEvent {
    let cqe = ring.wait_cqe_timeout(Some(&Timespec::new(5, 0))).expect("a completion within 5 s");
    ring.cqe_seen(&cqe);
    cqe
}

/// Queue NOPs with user data `from..to`, submitting whenever the SQ fills.
fn post_nops(ring: &mut Ring, from: u64, to: u64) {
    for i in from..to {
        if ring.sq_space_left() == 0 {
            ring.submit().unwrap();
        }
        let sqe = ring.get_sqe().unwrap();
        sqe.prep_nop();
        sqe.set_data64(i);
    }
    ring.submit().unwrap();
}

/// Reap `from..to` in order.
fn reap(ring: &mut Ring, from: u64, to: u64) {
    for i in from..to {
        let cqe = wait(ring);
        assert_eq!((cqe.user_data(), cqe.res()), (i, 0));
    }
}

fn defer_ring(entries: u32, cq: u32) -> Ring {
    let mut p =
        Params::new().flags(sys::IORING_SETUP_DEFER_TASKRUN | sys::IORING_SETUP_SINGLE_ISSUER).cq_entries(cq);
    Ring::with_params(entries, &mut p).unwrap()
}

fn resize_params(sq: u32, cq: u32) -> Params {
    let mut p = Params::new().cq_entries(cq);
    p.raw_mut().sq_entries = sq;
    p
}

#[test]
fn resize_grows_with_completions_pending() {
    let mut ring = defer_ring(8, 16);
    assert_eq!((ring.sq_entries(), ring.cq_entries()), (8, 16));
    post_nops(&mut ring, 0, 10);
    assert_eq!(ring.cq_ready(), 10);

    let mut p = resize_params(32, 64);
    ring.resize_rings(&mut p).unwrap();
    assert_eq!((p.sq_entries(), p.cq_entries_out()), (32, 64));
    assert_eq!(p.get_flags(), 0, "flags cleared for the next use");
    assert_eq!((ring.sq_entries(), ring.cq_entries()), (32, 64));
    assert_eq!(ring.cq_ready(), 10, "pending completions carried over");
    reap(&mut ring, 0, 10);
    assert_eq!(ring.cq_ready(), 0);

    // More than the old SQ and CQ hold, in one batch.
    for i in 0..32 {
        let sqe = ring.get_sqe().expect("the new SQ has 32 slots");
        sqe.prep_nop();
        sqe.set_data64(100 + i);
    }
    assert!(ring.get_sqe().is_none());
    assert_eq!(ring.submit().unwrap(), 32);
    assert_eq!(ring.cq_ready(), 32);
    reap(&mut ring, 100, 132);
    assert_eq!(ring.cq_ready(), 0);
}

#[test]
fn resize_shrinks_with_completions_pending() {
    let mut ring = defer_ring(64, 128);
    post_nops(&mut ring, 0, 100);
    assert_eq!(ring.cq_ready(), 100);
    reap(&mut ring, 0, 94);
    // Let the head wrap past the small ring's size before shrinking.
    let mut p = resize_params(4, 8);
    ring.resize_rings(&mut p).unwrap();
    assert_eq!((ring.sq_entries(), ring.cq_entries()), (4, 8));
    assert_eq!(ring.cq_ready(), 6);
    reap(&mut ring, 94, 100);
    assert_eq!(ring.cq_ready(), 0);
    for round in 0..5u64 {
        post_nops(&mut ring, round * 8, round * 8 + 8);
        reap(&mut ring, round * 8, round * 8 + 8);
    }
}

#[test]
fn resize_moves_unsubmitted_entries() {
    let mut ring = defer_ring(4, 8);
    post_nops(&mut ring, 0, 2);
    for i in 2..5 {
        let sqe = ring.get_sqe().unwrap();
        sqe.prep_nop();
        sqe.set_data64(i);
    }
    assert_eq!(ring.sq_ready(), 3);
    let mut p = resize_params(16, 32);
    ring.resize_rings(&mut p).unwrap();
    assert_eq!(ring.sq_ready(), 3);
    assert_eq!(ring.submit().unwrap(), 3);
    reap(&mut ring, 0, 5);
}

#[test]
fn resize_refusals_leave_the_ring_working() {
    // Pending completions that do not fit the new CQ.
    let mut ring = defer_ring(8, 16);
    post_nops(&mut ring, 0, 12);
    let err = ring.resize_rings(&mut resize_params(4, 8)).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EOVERFLOW));
    assert_eq!((ring.sq_entries(), ring.cq_entries()), (8, 16));
    reap(&mut ring, 0, 12);
    post_nops(&mut ring, 20, 28);
    reap(&mut ring, 20, 28);

    // 0 SQ entries is refused.
    let err = ring.resize_rings(&mut resize_params(0, 16)).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EINVAL));
    // Flags other than CQSIZE/CLAMP are refused.
    let mut p = resize_params(8, 16);
    p.raw_mut().flags |= sys::IORING_SETUP_SQPOLL;
    assert_eq!(ring.resize_rings(&mut p).unwrap_err().raw_os_error(), Some(libc::EINVAL));
    post_nops(&mut ring, 0, 3);
    reap(&mut ring, 0, 3);

    // Rings without DEFER_TASKRUN cannot be resized.
    let mut plain = Ring::new(8).unwrap();
    let err = plain.resize_rings(&mut resize_params(16, 32)).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EINVAL));
    assert_eq!(plain.sq_entries(), 8);
    post_nops(&mut plain, 0, 8);
    reap(&mut plain, 0, 8);
}

/// A ring created disabled, with a registered wait region, then enabled.
fn ring_with_wait_region() -> (Ring, WaitRegion) {
    let ring = Ring::with_flags(8, sys::IORING_SETUP_R_DISABLED).unwrap();
    let region = WaitRegion::new(&ring, 4).unwrap();
    // SAFETY: ENABLE_RINGS takes no argument.
    unsafe { ring.register_raw(sys::IORING_REGISTER_ENABLE_RINGS, ptr::null(), 0) }.unwrap();
    (ring, region)
}

#[test]
fn registered_wait_region_drives_submit_and_wait_reg() {
    let (mut ring, mut region) = ring_with_wait_region();
    assert!(region.slots() >= 4);
    assert!(region.set_timeout(0, &Timespec::from(Duration::from_millis(50))));
    assert_eq!(region.slot(0).unwrap().flags, sys::IORING_REG_WAIT_TS);

    // Nothing pending: the wait ends with ETIME after the slot's timeout.
    let start = Instant::now();
    let err = ring.submit_and_wait_reg(1, 0).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::ETIME));
    assert!(start.elapsed() >= Duration::from_millis(40), "waited {:?}", start.elapsed());

    // A NOP submitted by the same call: its completion comes back.
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_nop();
    sqe.set_data64(77);
    let cqe = ring.submit_and_wait_reg(1, 0).unwrap();
    assert_eq!((cqe.user_data(), cqe.res()), (77, 0));
    ring.cqe_seen(&cqe);

    // Another slot, with a different timeout.
    assert!(region.set_timeout(3, &Timespec::new(0, 20_000_000)));
    let err = ring.submit_and_wait_reg(1, 3).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::ETIME));

    // A slot past the region: the kernel refuses the offset.
    let far = (region.slots() + 1) as u32;
    let err = ring.submit_and_wait_reg(1, far).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EFAULT));
    assert!(!region.set_timeout(region.slots(), &Timespec::new(1, 0)));
    // Unknown slot flags are refused.
    // SAFETY: only the flags change; the slot's sigmask stays 0.
    unsafe { region.slot_mut(1) }.unwrap().flags = 0x80;
    let err = ring.submit_and_wait_reg(1, 1).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EINVAL));
}

#[test]
fn wait_region_needs_a_disabled_ring() {
    let ring = Ring::new(4).unwrap();
    let err = WaitRegion::new(&ring, 1).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EINVAL));
    // register_wait_reg is liburing's stub: always EINVAL.
    let mut slots = [sys::io_uring_reg_wait::default(); 2];
    let err = ring.register_wait_reg(&mut slots).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EINVAL));
    // Only one wait region per ring.
    let r2 = Ring::with_flags(4, sys::IORING_SETUP_R_DISABLED).unwrap();
    let _a = WaitRegion::new(&r2, 1).unwrap();
    let err = WaitRegion::new(&r2, 1).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EBUSY));
}

#[test]
fn register_query_reports_this_kernel() {
    let q = match riouring::query_opcodes() {
        Ok(q) => q,
        Err(e) if e.raw_os_error() == Some(libc::EINVAL) => {
            println!("skipped: kernel rejects IORING_REGISTER_QUERY");
            return;
        }
        Err(e) => panic!("query failed: {e}"),
    };
    println!("{q:?}");
    assert!(q.nr_request_opcodes >= 63, "{}", q.nr_request_opcodes);
    let probe = riouring::Probe::get().unwrap();
    assert_eq!(q.nr_request_opcodes, probe.last_op() as u32 + 1, "query and probe agree");
    assert!(q.nr_register_opcodes > sys::IORING_REGISTER_QUERY);
    let ring = Ring::new(2).unwrap();
    assert_eq!(q.feature_flags & ring.features() as u64, ring.features() as u64);
    for f in [sys::IORING_SETUP_DEFER_TASKRUN, sys::IORING_SETUP_NO_SQARRAY, sys::IORING_SETUP_R_DISABLED] {
        assert!(q.ring_setup_flags & f as u64 != 0, "setup flag {f:#x}");
    }
    for f in [sys::IORING_ENTER_GETEVENTS, sys::IORING_ENTER_EXT_ARG_REG] {
        assert!(q.enter_flags & f as u64 != 0, "enter flag {f:#x}");
    }
    assert!(q.sqe_flags & sys::IOSQE_BUFFER_SELECT as u64 != 0);
    assert!(q.nr_query_opcodes >= 1);

    // A raw chain of two queries; an unknown one reports its own error.
    let mut ops = sys::io_uring_query_opcode::default();
    let mut bogus = [0u64; 4];
    let mut second = sys::io_uring_query_hdr {
        query_data: bogus.as_mut_ptr() as u64,
        query_op: 1000,
        size: 32,
        ..Default::default()
    };
    let mut first = sys::io_uring_query_hdr {
        next_entry: &mut second as *mut sys::io_uring_query_hdr as u64,
        query_data: &mut ops as *mut sys::io_uring_query_opcode as u64,
        query_op: sys::IO_URING_QUERY_OPCODES,
        size: size_of::<sys::io_uring_query_opcode>() as u32,
        ..Default::default()
    };
    // SAFETY: both headers and their data live across the call.
    unsafe { riouring::register_query(&mut first) }.unwrap();
    assert_eq!(first.result, 0);
    assert_eq!(ops, q);
    assert!(second.result < 0, "unknown query op: {}", second.result);
    println!("unknown query op result: {}", second.result);
}

#[test]
fn zcrx_structs_round_trip() {
    let mut area = sys::io_uring_zcrx_area_reg { addr: 0x1000_0000, len: 1 << 20, ..Default::default() };
    let mut region = sys::io_uring_region_desc {
        user_addr: 0x2000_0000,
        size: 4096,
        flags: sys::IORING_MEM_REGION_TYPE_USER,
        ..Default::default()
    };
    let reg = sys::io_uring_zcrx_ifq_reg {
        if_idx: 3,
        if_rxq: 1,
        rq_entries: 64,
        area_ptr: &mut area as *mut _ as u64,
        region_ptr: &mut region as *mut _ as u64,
        ..Default::default()
    };
    // Through bytes and back: the struct is plain data of the kernel's size.
    assert_eq!(size_of::<sys::io_uring_zcrx_ifq_reg>(), 96);
    // SAFETY: io_uring_zcrx_ifq_reg is repr(C) plain integers without padding.
    let bytes: [u8; 96] = unsafe { core::mem::transmute(reg) };
    assert_eq!(u32::from_ne_bytes(bytes[0..4].try_into().unwrap()), 3);
    assert_eq!(u32::from_ne_bytes(bytes[8..12].try_into().unwrap()), 64);
    assert_eq!(u64::from_ne_bytes(bytes[16..24].try_into().unwrap()), reg.area_ptr);
    assert_eq!(u64::from_ne_bytes(bytes[24..32].try_into().unwrap()), reg.region_ptr);
    // SAFETY: every bit pattern is a valid io_uring_zcrx_ifq_reg.
    let back: sys::io_uring_zcrx_ifq_reg = unsafe { core::mem::transmute(bytes) };
    assert_eq!(back, reg);

    // A refill entry's offset carries the area token in its top bits.
    let token = 2u64 << sys::IORING_ZCRX_AREA_SHIFT;
    let off = token | 0x1234;
    assert_eq!(off & sys::IORING_ZCRX_AREA_MASK, token);
    assert_eq!(off & !sys::IORING_ZCRX_AREA_MASK, 0x1234);

    let mut ctrl = sys::zcrx_ctrl { zcrx_id: 5, op: sys::ZCRX_CTRL_EXPORT, ..Default::default() };
    ctrl.arg.zc_export.zcrx_fd = 9;
    // SAFETY: both members are plain integers; zc_flush overlays zc_export.
    assert_eq!(unsafe { ctrl.arg.zc_flush.__resv[0] } & 0xffff_ffff, 9);
}

#[test]
fn zcrx_on_loopback_is_refused() {
    let mut p = Params::new()
        .flags(sys::IORING_SETUP_DEFER_TASKRUN | sys::IORING_SETUP_SINGLE_ISSUER | sys::IORING_SETUP_CQE32);
    let mut ring = Ring::with_params(8, &mut p).unwrap();
    let lo = c"lo";
    // SAFETY: a NUL-terminated name.
    let if_idx = unsafe { libc::if_nametoindex(lo.as_ptr()) };
    assert!(if_idx > 0);
    let page = 4096usize;
    let area_len = 16 * page;
    let mut area_mem = vec![0u8; area_len + page];
    let area_addr = (area_mem.as_mut_ptr() as usize).next_multiple_of(page);
    let mut rq_mem = vec![0u8; 3 * page];
    let rq_addr = (rq_mem.as_mut_ptr() as usize).next_multiple_of(page);
    let mut area =
        sys::io_uring_zcrx_area_reg { addr: area_addr as u64, len: area_len as u64, ..Default::default() };
    let mut region = sys::io_uring_region_desc {
        user_addr: rq_addr as u64,
        size: 2 * page as u64,
        flags: sys::IORING_MEM_REGION_TYPE_USER,
        ..Default::default()
    };
    let mut reg = sys::io_uring_zcrx_ifq_reg {
        if_idx,
        if_rxq: 0,
        rq_entries: 64,
        area_ptr: &mut area as *mut _ as u64,
        region_ptr: &mut region as *mut _ as u64,
        ..Default::default()
    };
    // SAFETY: area and region descriptors live across the call; the memory
    // they name outlives the ring (the vectors are dropped after it).
    let err = unsafe { ring.register_ifq(&mut reg) }.unwrap_err();
    println!("register_ifq on lo: {err}");
    assert_eq!(err.raw_os_error(), Some(libc::EOPNOTSUPP));
    println!("skipped: zero-copy receive needs a NIC with header split");

    // A control request for an instance that does not exist.
    let mut ctrl = sys::zcrx_ctrl { zcrx_id: 0, op: sys::ZCRX_CTRL_FLUSH_RQ, ..Default::default() };
    let err = ring.register_zcrx_ctrl(&mut ctrl).unwrap_err();
    println!("register_zcrx_ctrl: {err}");
    assert_eq!(err.raw_os_error(), Some(libc::EINVAL));

    // The ring keeps working.
    post_nops(&mut ring, 0, 4);
    reap(&mut ring, 0, 4);
    drop(ring);
    drop((area_mem, rq_mem));
}
