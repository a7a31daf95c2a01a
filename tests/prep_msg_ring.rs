//! MSG_RING prep helpers (msg_ring, msg_ring_cqe_flags, msg_ring_fd,
//! msg_ring_fd_alloc): encoding, and two real rings.

#[path = "support/prep_misc.rs"]
mod common;

use common::*;
use riouring::{Ring, sys};
use std::os::fd::AsRawFd;

#[test]
fn encode_msg_ring() {
    for flags in [0, sys::IORING_MSG_RING_CQE_SKIP, sys::IORING_MSG_RING_FLAGS_PASS] {
        for (fd, len, data) in [(5, 0, 0), (9, u32::MAX, u64::MAX), (0, 17, 0x0102_0304_0506_0708)] {
            let got = enc(|s| s.prep_msg_ring(fd, len, data, flags));
            assert_eq!(
                got,
                Sqe { opcode: sys::IORING_OP_MSG_RING, fd, len, off: data, op_flags: flags, ..kept() }
            );
        }
    }
}

#[test]
fn encode_msg_ring_cqe_flags() {
    for flags in [0, sys::IORING_MSG_RING_CQE_SKIP] {
        let got = enc(|s| s.prep_msg_ring_cqe_flags(4, 3, 99, flags, 0xdead_0001));
        assert_eq!(
            got,
            Sqe {
                opcode: sys::IORING_OP_MSG_RING,
                fd: 4,
                len: 3,
                off: 99,
                op_flags: flags | sys::IORING_MSG_RING_FLAGS_PASS,
                file_index: 0xdead_0001,
                ..kept()
            }
        );
    }
}

#[test]
fn encode_msg_ring_fd() {
    let base = Sqe {
        opcode: sys::IORING_OP_MSG_RING,
        fd: 6,
        addr: sys::IORING_MSG_SEND_FD as u64,
        off: 0x77,
        ..kept()
    };
    // Slot n is stored as n + 1.
    let got = enc(|s| s.prep_msg_ring_fd(6, 3, 0, 0x77, 0));
    assert_eq!(got, Sqe { addr3: 3, file_index: 1, ..base });
    let got = enc(|s| s.prep_msg_ring_fd(6, 0, 41, 0x77, sys::IORING_MSG_RING_CQE_SKIP));
    assert_eq!(got, Sqe { addr3: 0, file_index: 42, op_flags: sys::IORING_MSG_RING_CQE_SKIP, ..base });
    // IORING_FILE_INDEX_ALLOC as the target stays IORING_FILE_INDEX_ALLOC.
    let got = enc(|s| s.prep_msg_ring_fd(6, 1, sys::IORING_FILE_INDEX_ALLOC, 0x77, 0));
    assert_eq!(got, Sqe { addr3: 1, file_index: sys::IORING_FILE_INDEX_ALLOC, ..base });
    // A source slot with the top bit set is widened with sign, as liburing's int.
    let got = enc(|s| s.prep_msg_ring_fd(6, u32::MAX, 0, 0x77, 0));
    assert_eq!(got.addr3, u64::MAX);
}

#[test]
fn encode_msg_ring_fd_alloc() {
    let got = enc(|s| s.prep_msg_ring_fd_alloc(8, 2, 5, 0));
    assert_eq!(
        got,
        Sqe {
            opcode: sys::IORING_OP_MSG_RING,
            fd: 8,
            addr: sys::IORING_MSG_SEND_FD as u64,
            off: 5,
            addr3: 2,
            file_index: sys::IORING_FILE_INDEX_ALLOC,
            ..kept()
        }
    );
}

#[test]
fn msg_ring_delivers_data() {
    let mut a = Ring::new(8).unwrap();
    let mut b = Ring::new(8).unwrap();
    let sqe = a.get_sqe().unwrap();
    sqe.prep_msg_ring(b.as_raw_fd(), 0x1234, 0xfeed_face_0000_0001, 0);
    sqe.set_data64(1);
    a.submit().unwrap();
    let c = next(&mut a);
    assert_eq!((c.user_data(), c.res()), (1, 0));
    let c = next(&mut b);
    assert_eq!((c.user_data(), c.res(), c.flags()), (0xfeed_face_0000_0001, 0x1234, 0));

    // FLAGS_PASS: the target CQE carries the given flags.
    let sqe = a.get_sqe().unwrap();
    sqe.prep_msg_ring_cqe_flags(b.as_raw_fd(), 7, 2, 0, 0x5a5a_0000);
    sqe.set_data64(2);
    a.submit().unwrap();
    assert_eq!(next(&mut a).res(), 0);
    let c = next(&mut b);
    assert_eq!((c.user_data(), c.res(), c.flags()), (2, 7, 0x5a5a_0000));

    // CQE_SKIP is for file passing only: a data message with it is -EINVAL,
    // and nothing reaches the target.
    let sqe = a.get_sqe().unwrap();
    sqe.prep_msg_ring(b.as_raw_fd(), 1, 3, sys::IORING_MSG_RING_CQE_SKIP);
    sqe.set_data64(3);
    a.submit().unwrap();
    assert_eq!(next(&mut a).res(), -libc::EINVAL);
    assert_no_cqe(&mut b);

    // A message to the ring itself is delivered as well.
    let afd = a.as_raw_fd();
    let sqe = a.get_sqe().unwrap();
    sqe.prep_msg_ring(afd, 5, 4, 0);
    sqe.set_data64(5);
    a.submit().unwrap();
    let m = reap(&mut a, 2);
    assert_eq!((m[&5].res(), m[&4].res()), (0, 5));
}

fn register_files(ring: &Ring, fds: &[i32]) {
    let reg =
        sys::io_uring_rsrc_register { nr: fds.len() as u32, data: fds.as_ptr() as u64, ..Default::default() };
    // SAFETY: `reg` and `fds` are valid for the duration of the call.
    unsafe {
        ring.register_raw(
            sys::IORING_REGISTER_FILES2,
            (&reg as *const sys::io_uring_rsrc_register).cast(),
            size_of_val(&reg) as u32,
        )
    }
    .expect("IORING_REGISTER_FILES2");
}

/// Write `data` through direct descriptor `slot` of `ring`.
fn write_fixed(ring: &mut Ring, slot: i32, data: &[u8]) -> i32 {
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `data` outlives the completion reaped below.
    unsafe { sqe.prep_rw(sys::IORING_OP_WRITE, slot, data.as_ptr().cast(), data.len() as u32, 0) };
    sqe.set_flags(sys::IOSQE_FIXED_FILE);
    sqe.set_data64(0x77);
    ring.submit().unwrap();
    let c = next(ring);
    assert_eq!(c.user_data(), 0x77);
    c.res()
}

#[test]
fn msg_ring_fd_passes_a_fixed_file() {
    let (r, w) = pipe();
    let mut a = Ring::new(8).unwrap();
    let mut b = Ring::new(8).unwrap();
    register_files(&a, &[-1, w.as_raw_fd()]); // slot 0 empty, slot 1 the pipe's write end
    register_sparse_files(&b, 4);
    // B cannot use slot 2 yet.
    assert_eq!(write_fixed(&mut b, 2, b"x"), -libc::EBADF);
    let sqe = a.get_sqe().unwrap();
    sqe.prep_msg_ring_fd(b.as_raw_fd(), 1, 2, 0xabc, 0);
    sqe.set_data64(1);
    a.submit().unwrap();
    assert_eq!(next(&mut a).res(), 0);
    let c = next(&mut b);
    assert_eq!((c.user_data(), c.res()), (0xabc, 0));
    // The passed file works in B.
    assert_eq!(write_fixed(&mut b, 2, b"from b"), 6);
    assert_eq!(read_some(r.as_raw_fd(), 64), b"from b");

    // fd_alloc: the target picks a free slot (0, 1 or 3); both rings'
    // completions report it.
    let mut slots = Vec::new();
    for ud in [0xde0, 0xde1] {
        let sqe = a.get_sqe().unwrap();
        sqe.prep_msg_ring_fd_alloc(b.as_raw_fd(), 1, ud, 0);
        sqe.set_data64(ud);
        a.submit().unwrap();
        let src = next(&mut a);
        let c = next(&mut b);
        assert_eq!(c.user_data(), ud);
        assert_eq!(src.res(), c.res());
        assert!([0, 1, 3].contains(&c.res()) && !slots.contains(&c.res()), "{c:?} after {slots:?}");
        slots.push(c.res());
    }
    // With CQE_SKIP the last free slot is filled silently on the target.
    let sqe = a.get_sqe().unwrap();
    sqe.prep_msg_ring_fd_alloc(b.as_raw_fd(), 1, 0xde2, sys::IORING_MSG_RING_CQE_SKIP);
    sqe.set_data64(3);
    a.submit().unwrap();
    let last = next(&mut a).res();
    assert!([0, 1, 3].contains(&last) && !slots.contains(&last), "{last} after {slots:?}");
    assert_no_cqe(&mut b);
    // Every slot of B now holds the pipe: write through each.
    for slot in 0..4 {
        assert_eq!(write_fixed(&mut b, slot, &[b'0' + slot as u8]), 1);
    }
    assert_eq!(read_some(r.as_raw_fd(), 64), b"0123");
    // The table is full: -ENFILE on the sender, nothing on the target.
    let sqe = a.get_sqe().unwrap();
    sqe.prep_msg_ring_fd_alloc(b.as_raw_fd(), 1, 0xde3, 0);
    a.submit().unwrap();
    assert_eq!(next(&mut a).res(), -libc::ENFILE);
    assert_no_cqe(&mut b);
}

/// Submit one request prepared by `prep` on `ring` and check its result.
fn expect_res(ring: &mut Ring, ud: u64, prep: impl FnOnce(&mut riouring::SubmissionQueueEntry), want: i32) {
    let sqe = ring.get_sqe().unwrap();
    prep(sqe);
    sqe.set_data64(ud);
    ring.submit().unwrap();
    let c = next(ring);
    assert_eq!((c.user_data(), c.res()), (ud, want), "case {ud}");
}

#[test]
fn msg_ring_bad_input() {
    let mut a = Ring::new(8).unwrap();
    let b = Ring::new(8).unwrap();
    let (bfd, afd) = (b.as_raw_fd(), a.as_raw_fd());
    let (r, w) = pipe();
    // Not an fd; an fd that is not a ring; an unknown flag.
    expect_res(&mut a, 1, |s| s.prep_msg_ring(bad_fd(), 0, 0, 0), -libc::EBADF);
    expect_res(&mut a, 2, |s| s.prep_msg_ring(r.as_raw_fd(), 0, 0, 0), -libc::EBADFD);
    expect_res(&mut a, 3, |s| s.prep_msg_ring(bfd, 0, 0, 1 << 10), -libc::EINVAL);
    // An unknown MSG_RING command in addr.
    let unknown_cmd = |s: &mut riouring::SubmissionQueueEntry| {
        s.prep_msg_ring(bfd, 0, 0, 0);
        // SAFETY: addr here is a command number, not an address.
        unsafe { s.as_raw_mut().addr.addr = 9 };
    };
    expect_res(&mut a, 4, unknown_cmd, -libc::EINVAL);
    // Sending a file: the source ring has no file table; the target is no ring.
    expect_res(&mut a, 5, |s| s.prep_msg_ring_fd(bfd, 0, 0, 0, 0), -libc::EBADF);
    expect_res(&mut a, 6, |s| s.prep_msg_ring_fd(w.as_raw_fd(), 0, 0, 0, 0), -libc::EBADFD);
    // With a file table: an empty source slot; the ring itself as target.
    register_files(&a, &[-1, w.as_raw_fd()]);
    expect_res(&mut a, 7, |s| s.prep_msg_ring_fd(bfd, 0, 0, 0, 0), -libc::EBADF);
    expect_res(&mut a, 8, |s| s.prep_msg_ring_fd(afd, 1, 0, 0, 0), -libc::EINVAL);
    // The target has no file table.
    expect_res(&mut a, 9, |s| s.prep_msg_ring_fd(bfd, 1, 0, 0, 0), -libc::ENXIO);
    ring_works(&mut a, 200);
}
