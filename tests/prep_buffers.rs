//! Classic provided buffers (provide_buffers, remove_buffers): encoding, and
//! reads and receives that pick a buffer from the kernel.

#[path = "support/prep_misc.rs"]
mod common;

use common::*;
use riouring::{Ring, sys};
use std::os::fd::AsRawFd;

#[test]
fn encode_provide_buffers() {
    let mut bufs = vec![0u8; 100];
    let p = bufs.as_mut_ptr() as u64;
    // 100 bytes cut into 32-byte buffers: 3 of them.
    // SAFETY: never submitted.
    let got = enc(|s| unsafe { s.prep_provide_buffers(&mut bufs, 32, 7, 10) });
    assert_eq!(
        got,
        Sqe {
            opcode: sys::IORING_OP_PROVIDE_BUFFERS,
            fd: 3,
            addr: p,
            len: 32,
            off: 10,
            buf_index: 7,
            ..kept()
        }
    );
    // Edge sizes: exactly one buffer, a length of 0 (no buffer), the top ids.
    // SAFETY: never submitted.
    let got = enc(|s| unsafe { s.prep_provide_buffers(&mut bufs, 100, u16::MAX, u16::MAX) });
    assert_eq!((got.fd, got.len, got.off, got.buf_index), (1, 100, 65535, 65535));
    // SAFETY: never submitted.
    let got = enc(|s| unsafe { s.prep_provide_buffers(&mut bufs, 0, 1, 0) });
    assert_eq!((got.fd, got.len), (0, 0));
    // SAFETY: never submitted.
    let got = enc(|s| unsafe { s.prep_provide_buffers(&mut bufs, 101, 1, 0) });
    assert_eq!(got.fd, 0);
    // The raw form: liburing's ints, a negative bid widened with sign.
    // SAFETY: never submitted.
    let got = enc(|s| unsafe { s.prep_provide_buffers_raw(p as *mut _, 8, 12, 0x1_0003, -1) });
    assert_eq!(
        got,
        Sqe {
            opcode: sys::IORING_OP_PROVIDE_BUFFERS,
            fd: 12,
            addr: p,
            len: 8,
            off: u64::MAX,
            buf_index: 3,
            ..kept()
        }
    );
}

#[test]
fn encode_remove_buffers() {
    for (nr, bgid) in [(1, 0), (64, 7), (i32::MAX, u16::MAX), (0, 1)] {
        let got = enc(|s| s.prep_remove_buffers(nr, bgid));
        assert_eq!(got, Sqe { opcode: sys::IORING_OP_REMOVE_BUFFERS, fd: nr, buf_index: bgid, ..kept() });
    }
}

const BGID: u16 = 7;
const BLEN: usize = 16;

fn provide(ring: &mut Ring, bufs: &mut [u8], bgid: u16, bid: u16) -> i32 {
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: every caller keeps `bufs` alive and untouched until the
    // buffers are consumed or removed.
    unsafe { sqe.prep_provide_buffers(bufs, BLEN as u32, bgid, bid) };
    sqe.set_data64(0xb0);
    ring.submit().unwrap();
    let c = next(ring);
    assert_eq!(c.user_data(), 0xb0);
    c.res()
}

fn remove(ring: &mut Ring, nr: i32, bgid: u16) -> i32 {
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_remove_buffers(nr, bgid);
    sqe.set_data64(0xb1);
    ring.submit().unwrap();
    let c = next(ring);
    assert_eq!(c.user_data(), 0xb1);
    c.res()
}

/// A read (`op` READ or RECV) of up to `len` bytes from `fd` with a buffer
/// picked from group `bgid`.
fn select_read(ring: &mut Ring, op: u8, fd: i32, len: u32, bgid: u16) -> riouring::CompletionQueueEvent {
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: no address: the kernel picks the buffer.
    unsafe { sqe.prep_rw(op, fd, core::ptr::null(), len, 0) };
    sqe.set_flags(sys::IOSQE_BUFFER_SELECT);
    sqe.set_buf_group(bgid);
    sqe.set_data64(0xb2);
    ring.submit().unwrap();
    let c = next(ring);
    assert_eq!(c.user_data(), 0xb2);
    c
}

#[test]
fn provided_buffers_are_picked_and_removed() {
    let mut ring = Ring::new(8).unwrap();
    let mut bufs = vec![0u8; 4 * BLEN];
    assert_eq!(provide(&mut ring, &mut bufs, BGID, 10), 0);
    let mut used = Vec::new();

    // recv on a socket pair.
    let (a, b) = socketpair();
    write_all(b.as_raw_fd(), b"hello buffers");
    let c = select_read(&mut ring, sys::IORING_OP_RECV, a.as_raw_fd(), BLEN as u32, BGID);
    assert_eq!(c.res(), 13);
    assert_ne!(c.flags() & sys::IORING_CQE_F_BUFFER, 0);
    let bid = c.buffer_id().unwrap();
    assert!((10..14).contains(&bid), "bid {bid}");
    let off = (bid - 10) as usize * BLEN;
    assert_eq!(&bufs[off..off + 13], b"hello buffers");
    used.push(bid);

    // read on a pipe, larger than one buffer: capped at the buffer's length.
    let (r, w) = pipe();
    write_all(w.as_raw_fd(), b"0123456789abcdefXYZ");
    let c = select_read(&mut ring, sys::IORING_OP_READ, r.as_raw_fd(), 64, BGID);
    assert_eq!(c.res(), BLEN as i32);
    let bid = c.buffer_id().unwrap();
    assert!((10..14).contains(&bid) && !used.contains(&bid), "bid {bid}");
    let off = (bid - 10) as usize * BLEN;
    assert_eq!(&bufs[off..off + BLEN], b"0123456789abcdef");
    used.push(bid);

    // Two buffers are left: removing up to 10 removes 2.
    assert_eq!(remove(&mut ring, 10, BGID), 2);
    // None left: the (now empty) group removes 0, a read that selects
    // fails with -ENOBUFS.
    assert_eq!(remove(&mut ring, 1, BGID), 0);
    let c = select_read(&mut ring, sys::IORING_OP_READ, r.as_raw_fd(), 16, BGID);
    assert_eq!(c.res(), -libc::ENOBUFS);
    assert_eq!(c.buffer_id(), None);
    // The unread bytes are still in the pipe.
    assert_eq!(read_some(r.as_raw_fd(), 16), b"XYZ");

    // Provide again, then remove part of them.
    assert_eq!(provide(&mut ring, &mut bufs, BGID, 0), 0);
    assert_eq!(remove(&mut ring, 3, BGID), 3);
    assert_eq!(remove(&mut ring, 3, BGID), 1);
}

#[test]
fn provided_buffers_bad_input() {
    let mut ring = Ring::new(8).unwrap();
    let mut bufs = vec![0u8; 4 * BLEN];
    // No buffer (length 0 gives nr 0): the kernel rejects the count.
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: nothing is provided.
    unsafe { sqe.prep_provide_buffers(&mut bufs, 0, BGID, 0) };
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), -libc::E2BIG);
    // Buffer ids that would run past 65535: -EINVAL.
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: the kernel rejects the request; nothing is kept.
    unsafe { sqe.prep_provide_buffers_raw(bufs.as_mut_ptr().cast(), BLEN as i32, 4, BGID as i32, 65534) };
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), -libc::EINVAL);
    // More than 65536 buffers: -E2BIG.
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: the kernel rejects the request; nothing is kept.
    unsafe { sqe.prep_provide_buffers_raw(bufs.as_mut_ptr().cast(), 1, 65537, BGID as i32, 0) };
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), -libc::E2BIG);
    // remove with nr 0: -EINVAL; a group that does not exist: -ENOENT.
    assert_eq!(remove(&mut ring, 0, BGID), -libc::EINVAL);
    assert_eq!(remove(&mut ring, 1, 999), -libc::ENOENT);
    // A select read on a bad fd: -EBADF.
    assert_eq!(provide(&mut ring, &mut bufs, BGID, 0), 0);
    let c = select_read(&mut ring, sys::IORING_OP_READ, bad_fd(), 16, BGID);
    assert_eq!(c.res(), -libc::EBADF);
    // The buffers were not used: all 4 are still there.
    assert_eq!(remove(&mut ring, 100, BGID), 4);
    ring_works(&mut ring, 5);
}
