//! Timeout prep helpers (timeout, timeout_remove, timeout_update,
//! link_timeout) and linked requests: encoding, and the real kernel.

#[path = "support/prep_misc.rs"]
mod common;

use common::*;
use riouring::{Ring, Timespec, sys};
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

const MS: i64 = 1_000_000;

#[test]
fn encode_timeout() {
    let ts = Timespec::new(1, 2);
    let p = ts.as_raw() as *const _ as u64;
    for flags in [
        0,
        sys::IORING_TIMEOUT_ABS,
        sys::IORING_TIMEOUT_BOOTTIME,
        sys::IORING_TIMEOUT_REALTIME | sys::IORING_TIMEOUT_ABS,
        sys::IORING_TIMEOUT_ETIME_SUCCESS,
        sys::IORING_TIMEOUT_MULTISHOT,
    ] {
        for count in [0, 1, u32::MAX] {
            // SAFETY: never submitted.
            let got = enc(|s| unsafe { s.prep_timeout(&ts, count, flags) });
            assert_eq!(
                got,
                Sqe {
                    opcode: sys::IORING_OP_TIMEOUT,
                    fd: -1,
                    addr: p,
                    len: 1,
                    off: count as u64,
                    op_flags: flags,
                    ..kept()
                }
            );
        }
    }
    // The raw form with IORING_TIMEOUT_IMMEDIATE_ARG carries nanoseconds in addr.
    // SAFETY: never submitted.
    let got =
        enc(|s| unsafe { s.prep_timeout_raw(5_000_000 as *const _, 0, sys::IORING_TIMEOUT_IMMEDIATE_ARG) });
    assert_eq!(
        got,
        Sqe {
            opcode: sys::IORING_OP_TIMEOUT,
            fd: -1,
            addr: 5_000_000,
            len: 1,
            op_flags: sys::IORING_TIMEOUT_IMMEDIATE_ARG,
            ..kept()
        }
    );
}

#[test]
fn encode_timeout_remove() {
    for (ud, flags) in [(0, 0), (7, 0), (u64::MAX, 3)] {
        let got = enc(|s| s.prep_timeout_remove(ud, flags));
        assert_eq!(
            got,
            Sqe { opcode: sys::IORING_OP_TIMEOUT_REMOVE, fd: -1, addr: ud, op_flags: flags, ..kept() }
        );
    }
}

#[test]
fn encode_timeout_update() {
    let ts = Timespec::new(0, 5);
    let p = ts.as_raw() as *const _ as u64;
    for flags in [0, sys::IORING_TIMEOUT_ABS, sys::IORING_LINK_TIMEOUT_UPDATE, sys::IORING_TIMEOUT_UPDATE] {
        // SAFETY: never submitted.
        let got = enc(|s| unsafe { s.prep_timeout_update(&ts, 0x55, flags) });
        assert_eq!(
            got,
            Sqe {
                opcode: sys::IORING_OP_TIMEOUT_REMOVE,
                fd: -1,
                addr: 0x55,
                off: p,
                op_flags: flags | sys::IORING_TIMEOUT_UPDATE,
                ..kept()
            }
        );
    }
}

#[test]
fn encode_link_timeout() {
    let ts = Timespec::new(3, 0);
    let p = ts.as_raw() as *const _ as u64;
    for flags in
        [0, sys::IORING_TIMEOUT_ABS | sys::IORING_TIMEOUT_REALTIME, sys::IORING_TIMEOUT_ETIME_SUCCESS]
    {
        // SAFETY: never submitted.
        let got = enc(|s| unsafe { s.prep_link_timeout(&ts, flags) });
        assert_eq!(
            got,
            Sqe { opcode: sys::IORING_OP_LINK_TIMEOUT, fd: -1, addr: p, len: 1, op_flags: flags, ..kept() }
        );
    }
}

fn submit_timeout(ring: &mut Ring, ts: Timespec, count: u32, flags: u32, ud: u64) {
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `ts` lives until the submit below returns.
    unsafe { sqe.prep_timeout(&ts, count, flags) };
    sqe.set_data64(ud);
    assert_eq!(ring.submit().unwrap(), 1);
}

fn clock_now(clock: libc::clockid_t) -> Duration {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: t is a valid timespec.
    assert_eq!(unsafe { libc::clock_gettime(clock, &mut t) }, 0);
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

#[test]
fn timeout_fires_with_etime() {
    let mut ring = Ring::new(8).unwrap();
    let start = Instant::now();
    submit_timeout(&mut ring, Timespec::new(0, 20 * MS), 0, 0, 1);
    let c = next(&mut ring);
    assert_eq!((c.user_data(), c.res()), (1, -libc::ETIME));
    assert!(start.elapsed() >= Duration::from_millis(20));
    // The other clocks, relative and absolute.
    submit_timeout(&mut ring, Timespec::new(0, 10 * MS), 0, sys::IORING_TIMEOUT_BOOTTIME, 2);
    assert_eq!(next(&mut ring).res(), -libc::ETIME);
    let at = Timespec::from(clock_now(libc::CLOCK_MONOTONIC) + Duration::from_millis(20));
    let start = Instant::now();
    submit_timeout(&mut ring, at, 0, sys::IORING_TIMEOUT_ABS, 3);
    assert_eq!(next(&mut ring).res(), -libc::ETIME);
    assert!(start.elapsed() >= Duration::from_millis(10));
    let at = Timespec::from(clock_now(libc::CLOCK_REALTIME) + Duration::from_millis(20));
    submit_timeout(&mut ring, at, 0, sys::IORING_TIMEOUT_ABS | sys::IORING_TIMEOUT_REALTIME, 4);
    assert_eq!(next(&mut ring).res(), -libc::ETIME);
    // An absolute time in the past fires at once.
    submit_timeout(&mut ring, Timespec::new(1, 0), 0, sys::IORING_TIMEOUT_ABS, 5);
    assert_eq!(next(&mut ring).res(), -libc::ETIME);
}

#[test]
fn count_timeout_completes_after_n_cqes() {
    let mut ring = Ring::new(8).unwrap();
    submit_timeout(&mut ring, Timespec::new(10, 0), 2, 0, 100);
    assert_no_cqe(&mut ring);
    for ud in [1, 2] {
        let sqe = ring.get_sqe().unwrap();
        sqe.prep_nop();
        sqe.set_data64(ud);
    }
    ring.submit().unwrap();
    let m = reap(&mut ring, 3);
    assert_eq!(m[&100].res(), 0, "count reached: res 0");
    assert_eq!((m[&1].res(), m[&2].res()), (0, 0));
}

#[test]
fn multishot_timeout_fires_count_times() {
    let mut ring = Ring::new(8).unwrap();
    submit_timeout(&mut ring, Timespec::new(0, 5 * MS), 3, sys::IORING_TIMEOUT_MULTISHOT, 9);
    for i in 0..3 {
        let c = next(&mut ring);
        assert_eq!((c.user_data(), c.res()), (9, -libc::ETIME));
        assert_eq!(c.more(), i < 2, "IORING_CQE_F_MORE on all but the last: {i} {c:?}");
    }
    assert_no_cqe(&mut ring);
    // Count 0: runs until removed.
    submit_timeout(&mut ring, Timespec::new(0, 2 * MS), 0, sys::IORING_TIMEOUT_MULTISHOT, 10);
    for _ in 0..2 {
        let c = next(&mut ring);
        assert_eq!((c.user_data(), c.res(), c.more()), (10, -libc::ETIME, true));
    }
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_timeout_remove(10, 0);
    sqe.set_data64(11);
    ring.submit().unwrap();
    let mut removed = false;
    let mut ended = false;
    while !(removed && ended) {
        let c = next(&mut ring);
        match (c.user_data(), c.more()) {
            (11, _) => {
                assert_eq!(c.res(), 0);
                removed = true;
            }
            (10, true) => assert_eq!(c.res(), -libc::ETIME),
            (10, false) => {
                assert_eq!(c.res(), -libc::ECANCELED);
                ended = true;
            }
            _ => panic!("{c:?}"),
        }
    }
}

#[test]
fn timeout_remove_cancels_and_unknown_is_enoent() {
    let mut ring = Ring::new(8).unwrap();
    submit_timeout(&mut ring, Timespec::new(10, 0), 0, 0, 1);
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_timeout_remove(1, 0);
    sqe.set_data64(2);
    ring.submit().unwrap();
    let m = reap(&mut ring, 2);
    assert_eq!((m[&2].res(), m[&1].res()), (0, -libc::ECANCELED));
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_timeout_remove(1, 0);
    sqe.set_data64(3);
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), -libc::ENOENT);
    ring_works(&mut ring, 4);
}

#[test]
fn timeout_update_shortens_and_extends() {
    let mut ring = Ring::new(8).unwrap();
    // Shorten: 10 s -> 10 ms.
    submit_timeout(&mut ring, Timespec::new(10, 0), 0, 0, 1);
    let short = Timespec::new(0, 10 * MS);
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `short` lives until after the submit.
    unsafe { sqe.prep_timeout_update(&short, 1, 0) };
    sqe.set_data64(2);
    ring.submit().unwrap();
    let m = reap(&mut ring, 2);
    assert_eq!((m[&2].res(), m[&1].res()), (0, -libc::ETIME));
    // Extend: 200 ms -> 10 s; it is still armed well after 200 ms.
    submit_timeout(&mut ring, Timespec::new(0, 200 * MS), 0, 0, 3);
    let long = Timespec::new(10, 0);
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `long` lives until after the submit.
    unsafe { sqe.prep_timeout_update(&long, 3, 0) };
    sqe.set_data64(4);
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), 0);
    std::thread::sleep(Duration::from_millis(300));
    assert_no_cqe(&mut ring);
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_timeout_remove(3, 0);
    sqe.set_data64(5);
    ring.submit().unwrap();
    let m = reap(&mut ring, 2);
    assert_eq!((m[&5].res(), m[&3].res()), (0, -libc::ECANCELED));
    // Unknown: -ENOENT.
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `long` lives until after the submit.
    unsafe { sqe.prep_timeout_update(&long, 77, 0) };
    sqe.set_data64(6);
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), -libc::ENOENT);
}

/// A read on an empty pipe with IOSQE_IO_LINK, followed by a linked timeout.
fn stalled_read_with_link_timeout(ring: &mut Ring, fd: i32, buf: &mut [u8], ts: &Timespec, flags: u32) {
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `buf` outlives the completions the callers reap.
    unsafe { sqe.prep_rw(sys::IORING_OP_READ, fd, buf.as_mut_ptr().cast(), buf.len() as u32, 0) };
    sqe.set_data64(1);
    sqe.set_flags(sys::IOSQE_IO_LINK);
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `ts` lives until after the submit.
    unsafe { sqe.prep_link_timeout(ts, flags) };
    sqe.set_data64(2);
    assert_eq!(ring.submit().unwrap(), 2);
}

#[test]
fn link_timeout_cancels_stalled_read() {
    let mut ring = Ring::new(8).unwrap();
    let (r, w) = pipe();
    let mut buf = [0u8; 16];
    stalled_read_with_link_timeout(&mut ring, r.as_raw_fd(), &mut buf, &Timespec::new(0, 20 * MS), 0);
    let m = reap(&mut ring, 2);
    assert_eq!(m[&1].res(), -libc::ECANCELED, "read cancelled");
    assert_eq!(m[&2].res(), -libc::ETIME, "link timeout fired");
    // When the read finishes first, the link timeout completes -ECANCELED.
    write_all(w.as_raw_fd(), b"data");
    stalled_read_with_link_timeout(&mut ring, r.as_raw_fd(), &mut buf, &Timespec::new(10, 0), 0);
    let m = reap(&mut ring, 2);
    assert_eq!(m[&1].res(), 4);
    assert_eq!(&buf[..4], b"data");
    assert_eq!(m[&2].res(), -libc::ECANCELED);
}

#[test]
fn link_timeout_update_shortens_it() {
    let mut ring = Ring::new(8).unwrap();
    let (r, _w) = pipe();
    let mut buf = [0u8; 8];
    stalled_read_with_link_timeout(&mut ring, r.as_raw_fd(), &mut buf, &Timespec::new(10, 0), 0);
    assert_no_cqe(&mut ring);
    let short = Timespec::new(0, 5 * MS);
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `short` lives until after the submit.
    unsafe { sqe.prep_timeout_update(&short, 2, sys::IORING_LINK_TIMEOUT_UPDATE) };
    sqe.set_data64(3);
    ring.submit().unwrap();
    let m = reap(&mut ring, 3);
    assert_eq!((m[&3].res(), m[&1].res(), m[&2].res()), (0, -libc::ECANCELED, -libc::ETIME));
}

#[test]
fn etime_success_keeps_the_link() {
    let mut ring = Ring::new(8).unwrap();
    for (flags, want_nop) in [(0, -libc::ECANCELED), (sys::IORING_TIMEOUT_ETIME_SUCCESS, 0)] {
        let ts = Timespec::new(0, MS);
        let sqe = ring.get_sqe().unwrap();
        // SAFETY: `ts` lives until after the submit.
        unsafe { sqe.prep_timeout(&ts, 0, flags) };
        sqe.set_data64(1);
        sqe.set_flags(sys::IOSQE_IO_LINK);
        let sqe = ring.get_sqe().unwrap();
        sqe.prep_nop();
        sqe.set_data64(2);
        ring.submit().unwrap();
        let m = reap(&mut ring, 2);
        assert_eq!(m[&1].res(), -libc::ETIME, "flags {flags:#x}");
        assert_eq!(m[&2].res(), want_nop, "flags {flags:#x}");
    }
}

#[test]
fn linked_write_then_read_run_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(dir.path().join("f"))
        .unwrap();
    let mut ring = Ring::new(8).unwrap();
    let data = *b"linked requests run in order";
    let mut out = [0u8; 64];
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `data` outlives the completions reaped below.
    unsafe { sqe.prep_rw(sys::IORING_OP_WRITE, f.as_raw_fd(), data.as_ptr().cast(), data.len() as u32, 0) };
    sqe.set_data64(1);
    sqe.set_flags(sys::IOSQE_IO_LINK);
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `out` outlives the completions reaped below.
    unsafe { sqe.prep_rw(sys::IORING_OP_READ, f.as_raw_fd(), out.as_mut_ptr().cast(), out.len() as u32, 0) };
    sqe.set_data64(2);
    assert_eq!(ring.submit().unwrap(), 2);
    let m = reap(&mut ring, 2);
    assert_eq!(m[&1].res(), data.len() as i32);
    assert_eq!(m[&2].res(), data.len() as i32);
    assert_eq!(&out[..data.len()], &data);
    assert_eq!(std::fs::read(dir.path().join("f")).unwrap(), data);
}

#[test]
fn timeout_bad_input() {
    let mut ring = Ring::new(8).unwrap();
    let cases = [
        // Two clocks at once.
        (Timespec::new(0, MS), sys::IORING_TIMEOUT_BOOTTIME | sys::IORING_TIMEOUT_REALTIME, -libc::EINVAL),
        // Negative time.
        (Timespec::new(-1, 0), 0, -libc::EINVAL),
        (Timespec::new(0, -5), 0, -libc::EINVAL),
        // Unknown flag.
        (Timespec::new(0, MS), 1 << 20, -libc::EINVAL),
    ];
    for (i, (ts, flags, want)) in cases.into_iter().enumerate() {
        submit_timeout(&mut ring, ts, 0, flags, i as u64);
        let c = next(&mut ring);
        assert_eq!((c.user_data(), c.res()), (i as u64, want), "case {i}");
    }
    // A timeout with a bad timespec address: -EFAULT.
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: the kernel rejects the unmapped address; nothing is written.
    unsafe { sqe.prep_timeout_raw(std::ptr::dangling(), 0, 0) };
    sqe.set_data64(20);
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), -libc::EFAULT);
    // timeout_remove with update-unrelated flags: -EINVAL.
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_timeout_remove(1, sys::IORING_TIMEOUT_ABS);
    sqe.set_data64(21);
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), -libc::EINVAL);
    // A link timeout with nothing to link to: -EINVAL.
    let ts = Timespec::new(0, MS);
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `ts` lives until after the submit.
    unsafe { sqe.prep_link_timeout(&ts, 0) };
    sqe.set_data64(22);
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), -libc::EINVAL);
    ring_works(&mut ring, 23);
}
