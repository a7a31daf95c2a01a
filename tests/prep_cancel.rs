//! Cancel prep helpers (cancel64, cancel, cancel_fd): encoding, and the real
//! kernel.

#[path = "support/prep_misc.rs"]
mod common;

use common::*;
use riouring::{Ring, sys};
use std::os::fd::AsRawFd;

#[test]
fn encode_cancel64() {
    let all = [
        0,
        sys::IORING_ASYNC_CANCEL_ALL,
        sys::IORING_ASYNC_CANCEL_FD,
        sys::IORING_ASYNC_CANCEL_FD | sys::IORING_ASYNC_CANCEL_FD_FIXED,
        sys::IORING_ASYNC_CANCEL_ANY,
        sys::IORING_ASYNC_CANCEL_OP | sys::IORING_ASYNC_CANCEL_ALL,
        sys::IORING_ASYNC_CANCEL_USERDATA,
    ];
    for flags in all {
        for ud in [0, 42, u64::MAX] {
            let got = enc(|s| s.prep_cancel64(ud, flags as i32));
            assert_eq!(
                got,
                Sqe { opcode: sys::IORING_OP_ASYNC_CANCEL, fd: -1, addr: ud, op_flags: flags, ..kept() }
            );
        }
    }
    // A negative int flags word goes in as its bit pattern.
    let got = enc(|s| s.prep_cancel64(1, -1));
    assert_eq!(got.op_flags, u32::MAX);
}

#[test]
fn encode_cancel_pointer() {
    let x = 5u32;
    let p = &x as *const u32;
    let got = enc(|s| s.prep_cancel(p, sys::IORING_ASYNC_CANCEL_ALL as i32));
    assert_eq!(
        got,
        Sqe {
            opcode: sys::IORING_OP_ASYNC_CANCEL,
            fd: -1,
            addr: p as u64,
            op_flags: sys::IORING_ASYNC_CANCEL_ALL,
            ..kept()
        }
    );
    let got = enc(|s| s.prep_cancel(core::ptr::null::<u8>(), 0));
    assert_eq!(got, Sqe { opcode: sys::IORING_OP_ASYNC_CANCEL, fd: -1, ..kept() });
}

#[test]
fn encode_cancel_fd() {
    for (fd, flags) in [
        (3, 0),
        (0, sys::IORING_ASYNC_CANCEL_ALL),
        (7, sys::IORING_ASYNC_CANCEL_FD_FIXED),
        (-1, sys::IORING_ASYNC_CANCEL_FD),
    ] {
        let got = enc(|s| s.prep_cancel_fd(fd, flags));
        assert_eq!(
            got,
            Sqe {
                opcode: sys::IORING_OP_ASYNC_CANCEL,
                fd,
                op_flags: flags | sys::IORING_ASYNC_CANCEL_FD,
                ..kept()
            }
        );
    }
}

/// Queue `n` reads of the (empty) pipe `fd` with user data `ud`, `ud+step`, ...
fn stalled_reads(ring: &mut Ring, fd: i32, bufs: &mut [[u8; 8]], ud: u64, step: u64, sqe_flags: u8) {
    for (i, b) in bufs.iter_mut().enumerate() {
        let sqe = ring.get_sqe().unwrap();
        // SAFETY: the buffers outlive the completions the callers reap.
        unsafe { sqe.prep_rw(sys::IORING_OP_READ, fd, b.as_mut_ptr().cast(), 8, 0) };
        sqe.set_data64(ud + i as u64 * step);
        sqe.set_flags(sqe_flags);
    }
    assert_eq!(ring.submit().unwrap(), bufs.len() as u32);
    assert_no_cqe(ring);
}

fn submit_cancel(ring: &mut Ring, ud: u64, prep: impl FnOnce(&mut riouring::SubmissionQueueEntry)) {
    let sqe = ring.get_sqe().unwrap();
    prep(sqe);
    sqe.set_data64(ud);
    assert_eq!(ring.submit().unwrap(), 1);
}

#[test]
fn cancel_by_user_data() {
    let mut ring = Ring::new(16).unwrap();
    let (r, _w) = pipe();
    let mut bufs = [[0u8; 8]; 2];
    stalled_reads(&mut ring, r.as_raw_fd(), &mut bufs, 1, 1, 0);
    submit_cancel(&mut ring, 100, |s| s.prep_cancel64(2, 0));
    let m = reap(&mut ring, 2);
    assert_eq!((m[&100].res(), m[&2].res()), (0, -libc::ECANCELED));
    // Read 1 is still pending; cancel it with the explicit USERDATA key.
    assert_no_cqe(&mut ring);
    submit_cancel(&mut ring, 101, |s| s.prep_cancel64(1, sys::IORING_ASYNC_CANCEL_USERDATA as i32));
    let m = reap(&mut ring, 2);
    assert_eq!((m[&101].res(), m[&1].res()), (0, -libc::ECANCELED));
    // Nothing left: -ENOENT.
    submit_cancel(&mut ring, 102, |s| s.prep_cancel64(1, 0));
    assert_eq!(next(&mut ring).res(), -libc::ENOENT);
    ring_works(&mut ring, 103);
}

#[test]
fn cancel_by_pointer_user_data() {
    let mut ring = Ring::new(8).unwrap();
    let (r, _w) = pipe();
    let mut buf = [0u8; 8];
    let token = Box::new(0u64);
    let tp: *const u64 = &*token;
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `buf` outlives the completion reaped below.
    unsafe { sqe.prep_rw(sys::IORING_OP_READ, r.as_raw_fd(), buf.as_mut_ptr().cast(), 8, 0) };
    sqe.set_data(tp as *mut u64);
    ring.submit().unwrap();
    submit_cancel(&mut ring, 7, |s| s.prep_cancel(tp, 0));
    let m = reap(&mut ring, 2);
    assert_eq!(m[&7].res(), 0);
    let c = m[&(tp as u64)];
    assert_eq!((c.data::<u64>() as *const u64, c.res()), (tp, -libc::ECANCELED));
}

#[test]
fn cancel_all_counts_matches() {
    let mut ring = Ring::new(16).unwrap();
    let (r, _w) = pipe();
    let mut bufs = [[0u8; 8]; 3];
    // Three reads with the same user data 5: ALL cancels all three.
    stalled_reads(&mut ring, r.as_raw_fd(), &mut bufs, 5, 0, 0);
    submit_cancel(&mut ring, 100, |s| s.prep_cancel64(5, sys::IORING_ASYNC_CANCEL_ALL as i32));
    let mut cancelled = 0;
    for _ in 0..4 {
        let c = next(&mut ring);
        match c.user_data() {
            100 => assert_eq!(c.res(), 3, "ALL reports the count"),
            5 => {
                assert_eq!(c.res(), -libc::ECANCELED);
                cancelled += 1;
            }
            _ => panic!("{c:?}"),
        }
    }
    assert_eq!(cancelled, 3);
    // ANY: every request in the ring, whatever its user data.
    stalled_reads(&mut ring, r.as_raw_fd(), &mut bufs, 10, 1, 0);
    submit_cancel(&mut ring, 200, |s| s.prep_cancel64(0, sys::IORING_ASYNC_CANCEL_ANY as i32));
    let m = reap(&mut ring, 4);
    assert_eq!(m[&200].res(), 3);
    for ud in 10..13 {
        assert_eq!(m[&ud].res(), -libc::ECANCELED);
    }
    // OP: match on the opcode set in len after the prep. A poll is left alone.
    stalled_reads(&mut ring, r.as_raw_fd(), &mut bufs[..2], 20, 1, 0);
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_poll_add(r.as_raw_fd(), libc::POLLIN as u32);
    sqe.set_data64(30);
    ring.submit().unwrap();
    submit_cancel(&mut ring, 300, |s| {
        s.prep_cancel64(0, (sys::IORING_ASYNC_CANCEL_OP | sys::IORING_ASYNC_CANCEL_ALL) as i32);
        // SAFETY: only `len` changes; no address is involved.
        unsafe { s.as_raw_mut().len = sys::IORING_OP_READ as u32 };
    });
    let m = reap(&mut ring, 3);
    assert_eq!((m[&300].res(), m[&20].res(), m[&21].res()), (2, -libc::ECANCELED, -libc::ECANCELED));
    assert_no_cqe(&mut ring);
    submit_cancel(&mut ring, 301, |s| s.prep_poll_remove(30));
    let m = reap(&mut ring, 2);
    assert_eq!((m[&301].res(), m[&30].res()), (0, -libc::ECANCELED));
}

#[test]
fn cancel_by_fd() {
    let mut ring = Ring::new(16).unwrap();
    let (r, _w) = pipe();
    let (r2, _w2) = pipe();
    let mut bufs = [[0u8; 8]; 3];
    let mut other = [[0u8; 8]; 1];
    stalled_reads(&mut ring, r.as_raw_fd(), &mut bufs, 1, 1, 0);
    stalled_reads(&mut ring, r2.as_raw_fd(), &mut other, 50, 1, 0);
    // Without ALL: the first match only.
    submit_cancel(&mut ring, 100, |s| s.prep_cancel_fd(r.as_raw_fd(), 0));
    let m = reap(&mut ring, 2);
    assert_eq!(m[&100].res(), 0);
    let first = *m.keys().find(|&&k| k != 100).unwrap();
    assert!((1..4).contains(&first));
    assert_eq!(m[&first].res(), -libc::ECANCELED);
    // With ALL: the two others; the read on the other pipe stays.
    submit_cancel(&mut ring, 101, |s| s.prep_cancel_fd(r.as_raw_fd(), sys::IORING_ASYNC_CANCEL_ALL));
    let m = reap(&mut ring, 3);
    assert_eq!(m[&101].res(), 2);
    assert_no_cqe(&mut ring);
    submit_cancel(&mut ring, 102, |s| s.prep_cancel_fd(r2.as_raw_fd(), sys::IORING_ASYNC_CANCEL_ALL));
    let m = reap(&mut ring, 2);
    assert_eq!((m[&102].res(), m[&50].res()), (1, -libc::ECANCELED));
    // No request on that fd: -ENOENT; a closed fd: -EBADF.
    submit_cancel(&mut ring, 103, |s| s.prep_cancel_fd(r.as_raw_fd(), 0));
    assert_eq!(next(&mut ring).res(), -libc::ENOENT);
    submit_cancel(&mut ring, 104, |s| s.prep_cancel_fd(bad_fd(), 0));
    assert_eq!(next(&mut ring).res(), -libc::EBADF);
    ring_works(&mut ring, 105);
}

#[test]
fn cancel_by_fixed_fd() {
    let mut ring = Ring::new(16).unwrap();
    let (r, _w) = pipe();
    // Register the pipe's read end as direct descriptor 0.
    let fds = [r.as_raw_fd()];
    let reg = sys::io_uring_rsrc_register { nr: 1, data: fds.as_ptr() as u64, ..Default::default() };
    // SAFETY: `reg` and `fds` are valid for the duration of the call.
    unsafe {
        ring.register_raw(
            sys::IORING_REGISTER_FILES2,
            (&reg as *const sys::io_uring_rsrc_register).cast(),
            size_of_val(&reg) as u32,
        )
    }
    .unwrap();
    let mut bufs = [[0u8; 8]; 2];
    stalled_reads(&mut ring, 0, &mut bufs, 1, 1, sys::IOSQE_FIXED_FILE);
    // FD_FIXED: the 0 is the slot, not fd 0.
    submit_cancel(&mut ring, 100, |s| {
        s.prep_cancel_fd(0, sys::IORING_ASYNC_CANCEL_FD_FIXED | sys::IORING_ASYNC_CANCEL_ALL)
    });
    let m = reap(&mut ring, 3);
    assert_eq!((m[&100].res(), m[&1].res(), m[&2].res()), (2, -libc::ECANCELED, -libc::ECANCELED));
    // An empty slot index: -EBADF.
    submit_cancel(&mut ring, 101, |s| s.prep_cancel_fd(5, sys::IORING_ASYNC_CANCEL_FD_FIXED));
    assert_eq!(next(&mut ring).res(), -libc::EBADF);
}

#[test]
fn cancel_bad_input() {
    let mut ring = Ring::new(8).unwrap();
    // Unknown user data: -ENOENT.
    submit_cancel(&mut ring, 1, |s| s.prep_cancel64(0xabcdef, 0));
    assert_eq!(next(&mut ring).res(), -libc::ENOENT);
    // Unknown flag: -EINVAL.
    submit_cancel(&mut ring, 2, |s| s.prep_cancel64(1, 1 << 20));
    assert_eq!(next(&mut ring).res(), -libc::EINVAL);
    // ANY together with FD: -EINVAL.
    submit_cancel(&mut ring, 3, |s| s.prep_cancel_fd(0, sys::IORING_ASYNC_CANCEL_ANY));
    assert_eq!(next(&mut ring).res(), -libc::EINVAL);
    ring_works(&mut ring, 4);
}
