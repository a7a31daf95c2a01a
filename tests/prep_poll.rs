//! Poll and epoll prep helpers: encoding, and the real kernel.

#[path = "support/prep_misc.rs"]
mod common;

use common::*;
use riouring::{Ring, sys};
use std::os::fd::AsRawFd;

const POLLIN: u32 = libc::POLLIN as u32;
const POLLOUT: u32 = libc::POLLOUT as u32;

#[test]
fn encode_poll_add() {
    for (fd, mask) in
        [(3, POLLIN), (0, POLLIN | POLLOUT), (-1, 0), (i32::MAX, u32::MAX), (7, libc::EPOLLEXCLUSIVE as u32)]
    {
        let got = enc(|s| s.prep_poll_add(fd, mask));
        // On little-endian machines the mask is stored as is; on big-endian
        // the two 16-bit halves are swapped (liburing's __io_uring_prep_poll_mask).
        let stored = if cfg!(target_endian = "big") { mask.rotate_left(16) } else { mask };
        assert_eq!(got, Sqe { opcode: sys::IORING_OP_POLL_ADD, fd, op_flags: stored, ..kept() });
    }
}

#[test]
fn encode_poll_multishot() {
    let got = enc(|s| s.prep_poll_multishot(5, POLLIN | POLLOUT));
    assert_eq!(
        got,
        Sqe {
            opcode: sys::IORING_OP_POLL_ADD,
            fd: 5,
            len: sys::IORING_POLL_ADD_MULTI,
            op_flags: POLLIN | POLLOUT,
            ..kept()
        }
    );
}

#[test]
fn encode_poll_remove() {
    for ud in [0, 1, 0xdead_beef_cafe_f00d, u64::MAX] {
        let got = enc(|s| s.prep_poll_remove(ud));
        assert_eq!(got, Sqe { opcode: sys::IORING_OP_POLL_REMOVE, fd: -1, addr: ud, ..kept() });
    }
}

#[test]
fn encode_poll_update() {
    let all = sys::IORING_POLL_UPDATE_EVENTS | sys::IORING_POLL_UPDATE_USER_DATA | sys::IORING_POLL_ADD_MULTI;
    for flags in [
        0,
        sys::IORING_POLL_UPDATE_EVENTS,
        sys::IORING_POLL_UPDATE_USER_DATA,
        all,
        sys::IORING_POLL_ADD_LEVEL,
    ] {
        let got = enc(|s| s.prep_poll_update(11, u64::MAX, POLLOUT, flags));
        assert_eq!(
            got,
            Sqe {
                opcode: sys::IORING_OP_POLL_REMOVE,
                fd: -1,
                addr: 11,
                off: u64::MAX,
                len: flags,
                op_flags: POLLOUT,
                ..kept()
            }
        );
    }
}

#[test]
fn encode_poll_add_level() {
    // IORING_POLL_ADD_LEVEL goes into len, set by hand after the prep.
    let got = enc(|s| {
        s.prep_poll_add(4, POLLIN);
        // SAFETY: only `len` changes; no address is involved.
        unsafe { s.as_raw_mut().len = sys::IORING_POLL_ADD_LEVEL };
    });
    assert_eq!(
        got,
        Sqe {
            opcode: sys::IORING_OP_POLL_ADD,
            fd: 4,
            len: sys::IORING_POLL_ADD_LEVEL,
            op_flags: POLLIN,
            ..kept()
        }
    );
}

#[test]
fn encode_epoll_ctl() {
    let ev = libc::epoll_event { events: libc::EPOLLIN as u32, u64: 42 };
    let p = &ev as *const libc::epoll_event as u64;
    // SAFETY: never submitted.
    let got = enc(|s| unsafe { s.prep_epoll_ctl(9, 12, libc::EPOLL_CTL_ADD, Some(&ev)) });
    assert_eq!(
        got,
        Sqe {
            opcode: sys::IORING_OP_EPOLL_CTL,
            fd: 9,
            addr: p,
            len: libc::EPOLL_CTL_ADD as u32,
            off: 12,
            ..kept()
        }
    );
    // SAFETY: never submitted.
    let got = enc(|s| unsafe { s.prep_epoll_ctl(9, 12, libc::EPOLL_CTL_DEL, None) });
    assert_eq!(
        got,
        Sqe {
            opcode: sys::IORING_OP_EPOLL_CTL,
            fd: 9,
            addr: 0,
            len: libc::EPOLL_CTL_DEL as u32,
            off: 12,
            ..kept()
        }
    );
    // A negative fd goes in as its 32-bit pattern, as liburing's (__u32) cast.
    // SAFETY: never submitted.
    let got = enc(|s| unsafe { s.prep_epoll_ctl_raw(1, -1, libc::EPOLL_CTL_MOD, &ev) });
    assert_eq!(
        got,
        Sqe {
            opcode: sys::IORING_OP_EPOLL_CTL,
            fd: 1,
            addr: p,
            len: libc::EPOLL_CTL_MOD as u32,
            off: 0xffff_ffff,
            ..kept()
        }
    );
}

#[test]
fn encode_epoll_wait() {
    let mut evs = [libc::epoll_event { events: 0, u64: 0 }; 8];
    let p = evs.as_mut_ptr() as u64;
    // SAFETY: never submitted.
    let got = enc(|s| unsafe { s.prep_epoll_wait(6, &mut evs, 0) });
    assert_eq!(got, Sqe { opcode: sys::IORING_OP_EPOLL_WAIT, fd: 6, addr: p, len: 8, ..kept() });
    // SAFETY: never submitted.
    let got = enc(|s| unsafe { s.prep_epoll_wait_raw(6, p as *mut _, 3, 0x55) });
    assert_eq!(
        got,
        Sqe { opcode: sys::IORING_OP_EPOLL_WAIT, fd: 6, addr: p, len: 3, op_flags: 0x55, ..kept() }
    );
    // SAFETY: never submitted.
    let got = enc(|s| unsafe { s.prep_epoll_wait(6, &mut [], 0) });
    assert_eq!(got.len, 0);
}

#[test]
fn poll_fires_when_pipe_readable() {
    let mut ring = Ring::new(8).unwrap();
    let (r, w) = pipe();
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_poll_add(r.as_raw_fd(), POLLIN);
    sqe.set_data64(1);
    assert_eq!(ring.submit().unwrap(), 1);
    assert_no_cqe(&mut ring);
    write_all(w.as_raw_fd(), b"x");
    let c = next(&mut ring);
    assert_eq!(c.user_data(), 1);
    assert!(c.res() > 0, "{c:?}");
    assert_eq!(c.res() as u32 & POLLIN, POLLIN);
    assert!(!c.more());
    // Already readable: a second poll completes right away.
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_poll_add(r.as_raw_fd(), POLLIN | POLLOUT);
    sqe.set_data64(2);
    ring.submit().unwrap();
    let c = next(&mut ring);
    assert_eq!((c.user_data(), c.res() as u32 & (POLLIN | POLLOUT)), (2, POLLIN));
    // POLLOUT on the write end.
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_poll_add(w.as_raw_fd(), POLLOUT);
    sqe.set_data64(3);
    ring.submit().unwrap();
    let c = next(&mut ring);
    assert_eq!((c.user_data(), c.res() as u32 & POLLOUT), (3, POLLOUT));
}

#[test]
fn poll_multishot_posts_several_cqes() {
    let mut ring = Ring::new(8).unwrap();
    let (r, w) = pipe();
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_poll_multishot(r.as_raw_fd(), POLLIN);
    sqe.set_data64(7);
    ring.submit().unwrap();
    for i in 0..3 {
        write_all(w.as_raw_fd(), b"ab");
        let c = next(&mut ring);
        assert_eq!(c.user_data(), 7);
        assert_eq!(c.res() as u32 & POLLIN, POLLIN, "round {i}: {c:?}");
        assert!(c.more(), "round {i}: IORING_CQE_F_MORE expected, {c:?}");
        assert_eq!(read_some(r.as_raw_fd(), 16), b"ab");
    }
    // Remove it: the remove completes 0, the poll ends with -ECANCELED and no MORE.
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_poll_remove(7);
    sqe.set_data64(8);
    ring.submit().unwrap();
    let m = reap(&mut ring, 2);
    assert_eq!(m[&8].res(), 0);
    assert_eq!(m[&7].res(), -libc::ECANCELED);
    assert!(!m[&7].more());
}

#[test]
fn poll_add_level_is_rejected_by_this_kernel() {
    // IORING_POLL_ADD_LEVEL is in the UAPI, but Linux 6.18's POLL_ADD and
    // POLL_REMOVE (update) accept only IORING_POLL_ADD_MULTI and the update
    // flags in `len`: the kernel answers exactly -EINVAL.
    let mut ring = Ring::new(16).unwrap();
    let (r, w) = pipe();
    write_all(w.as_raw_fd(), b"z");
    for (ud, len) in
        [(1, sys::IORING_POLL_ADD_LEVEL), (2, sys::IORING_POLL_ADD_LEVEL | sys::IORING_POLL_ADD_MULTI)]
    {
        let sqe = ring.get_sqe().unwrap();
        sqe.prep_poll_add(r.as_raw_fd(), POLLIN);
        // SAFETY: only `len` changes; no address is involved.
        unsafe { sqe.as_raw_mut().len = len };
        sqe.set_data64(ud);
        ring.submit().unwrap();
        let c = next(&mut ring);
        assert_eq!((c.user_data(), c.res()), (ud, -libc::EINVAL));
    }
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_poll_update(1, 0, POLLIN, sys::IORING_POLL_UPDATE_EVENTS | sys::IORING_POLL_ADD_LEVEL);
    sqe.set_data64(3);
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), -libc::EINVAL);
    // Without it, the same pipe polls fine.
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_poll_add(r.as_raw_fd(), POLLIN);
    sqe.set_data64(4);
    ring.submit().unwrap();
    let c = next(&mut ring);
    assert_eq!((c.user_data(), c.res() as u32 & POLLIN), (4, POLLIN));
}

#[test]
fn poll_remove_cancels_and_unknown_is_enoent() {
    let mut ring = Ring::new(8).unwrap();
    let (r, _w) = pipe();
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_poll_add(r.as_raw_fd(), POLLIN);
    sqe.set_data64(100);
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_poll_remove(100);
    sqe.set_data64(101);
    assert_eq!(ring.submit().unwrap(), 2);
    let m = reap(&mut ring, 2);
    assert_eq!(m[&101].res(), 0);
    assert_eq!(m[&100].res(), -libc::ECANCELED);
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_poll_remove(12345);
    sqe.set_data64(102);
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), -libc::ENOENT);
    ring_works(&mut ring, 103);
}

#[test]
fn poll_update_changes_mask_and_user_data() {
    let mut ring = Ring::new(8).unwrap();
    let (r, w) = pipe();
    // Poll the write end for POLLIN: never fires.
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_poll_add(w.as_raw_fd(), POLLIN);
    sqe.set_data64(1);
    ring.submit().unwrap();
    assert_no_cqe(&mut ring);
    // Switch it to POLLOUT and user data 2: it fires at once, under 2.
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_poll_update(1, 2, POLLOUT, sys::IORING_POLL_UPDATE_EVENTS | sys::IORING_POLL_UPDATE_USER_DATA);
    sqe.set_data64(10);
    ring.submit().unwrap();
    let m = reap(&mut ring, 2);
    assert_eq!(m[&10].res(), 0);
    assert_eq!(m[&2].res() as u32 & POLLOUT, POLLOUT, "{:?}", m[&2]);
    // Update only the mask of a poll on an empty read end: POLLIN -> POLLOUT
    // (never true on a read end) keeps it armed under its user data.
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_poll_add(r.as_raw_fd(), POLLOUT);
    sqe.set_data64(20);
    ring.submit().unwrap();
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_poll_update(20, 0, POLLIN, sys::IORING_POLL_UPDATE_EVENTS);
    sqe.set_data64(21);
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), 0);
    assert_no_cqe(&mut ring);
    write_all(w.as_raw_fd(), b"q");
    let c = next(&mut ring);
    assert_eq!((c.user_data(), c.res() as u32 & POLLIN), (20, POLLIN));
    // Unknown target: -ENOENT; bad flags: -EINVAL.
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_poll_update(999, 0, POLLIN, sys::IORING_POLL_UPDATE_EVENTS);
    sqe.set_data64(30);
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), -libc::ENOENT);
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_poll_update(999, 0, POLLIN, 1 << 20);
    sqe.set_data64(31);
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), -libc::EINVAL);
    ring_works(&mut ring, 32);
}

#[test]
fn poll_bad_input() {
    let mut ring = Ring::new(8).unwrap();
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_poll_add(bad_fd(), POLLIN);
    sqe.set_data64(1);
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), -libc::EBADF);
    // Unknown poll flags in len.
    let (r, _w) = pipe();
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_poll_add(r.as_raw_fd(), POLLIN);
    // SAFETY: only `len` changes; no address is involved.
    unsafe { sqe.as_raw_mut().len = 1 << 30 };
    sqe.set_data64(2);
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), -libc::EINVAL);
    ring_works(&mut ring, 3);
}

fn epoll_create() -> std::os::fd::OwnedFd {
    // SAFETY: plain syscall.
    let fd = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
    assert!(fd >= 0);
    // SAFETY: fd was just created and is owned by nobody else.
    unsafe { std::os::fd::FromRawFd::from_raw_fd(fd) }
}

#[test]
fn epoll_ctl_and_wait_through_the_ring() {
    let mut ring = Ring::new(8).unwrap();
    let ep = epoll_create();
    let (r, w) = pipe();
    let (r2, _w2) = pipe();
    // Add both read ends; the event structs are dropped right after
    // submission (the kernel copied them).
    for (fd, data, ud) in [(r.as_raw_fd(), 0x1122_3344_5566_7788u64, 1), (r2.as_raw_fd(), 99, 2)] {
        let ev = libc::epoll_event { events: libc::EPOLLIN as u32, u64: data };
        let sqe = ring.get_sqe().unwrap();
        // SAFETY: `ev` lives until the submit below.
        unsafe { sqe.prep_epoll_ctl(ep.as_raw_fd(), fd, libc::EPOLL_CTL_ADD, Some(&ev)) };
        sqe.set_data64(ud);
        assert_eq!(ring.submit().unwrap(), 1);
    }
    let m = reap(&mut ring, 2);
    assert_eq!((m[&1].res(), m[&2].res()), (0, 0));
    // Adding again: EEXIST, as epoll_ctl(2).
    let ev = libc::epoll_event { events: libc::EPOLLIN as u32, u64: 0 };
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `ev` lives until after the submit.
    unsafe { sqe.prep_epoll_ctl(ep.as_raw_fd(), r.as_raw_fd(), libc::EPOLL_CTL_ADD, Some(&ev)) };
    sqe.set_data64(3);
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), -libc::EEXIST);
    // The synchronous epoll_wait sees the registration: nothing ready yet.
    let mut evs = [libc::epoll_event { events: 0, u64: 0 }; 4];
    // SAFETY: evs is a valid array of 4 events.
    assert_eq!(unsafe { libc::epoll_wait(ep.as_raw_fd(), evs.as_mut_ptr(), 4, 0) }, 0);

    // epoll_wait through the ring: pending until the pipe is written.
    let mut evs = [libc::epoll_event { events: 0, u64: 0 }; 4];
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `evs` is not touched until the completion is reaped below.
    unsafe { sqe.prep_epoll_wait(ep.as_raw_fd(), &mut evs, 0) };
    sqe.set_data64(4);
    ring.submit().unwrap();
    assert_no_cqe(&mut ring);
    write_all(w.as_raw_fd(), b"hello");
    let c = next(&mut ring);
    assert_eq!((c.user_data(), c.res()), (4, 1));
    let (events, data) = (evs[0].events, evs[0].u64);
    assert_eq!(events & libc::EPOLLIN as u32, libc::EPOLLIN as u32);
    assert_eq!(data, 0x1122_3344_5566_7788);

    // EPOLL_CTL_DEL with no event, then the fd no longer reports.
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: no event pointer.
    unsafe { sqe.prep_epoll_ctl(ep.as_raw_fd(), r.as_raw_fd(), libc::EPOLL_CTL_DEL, None) };
    sqe.set_data64(5);
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), 0);
    let mut evs = [libc::epoll_event { events: 0, u64: 0 }; 4];
    // SAFETY: evs is a valid array of 4 events.
    assert_eq!(unsafe { libc::epoll_wait(ep.as_raw_fd(), evs.as_mut_ptr(), 4, 0) }, 0);
}

#[test]
fn epoll_bad_input() {
    let mut ring = Ring::new(8).unwrap();
    let ep = epoll_create();
    let (r, _w) = pipe();
    let ev = libc::epoll_event { events: libc::EPOLLIN as u32, u64: 0 };
    // Bad epoll fd.
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `ev` outlives the submit.
    unsafe { sqe.prep_epoll_ctl(bad_fd(), r.as_raw_fd(), libc::EPOLL_CTL_ADD, Some(&ev)) };
    sqe.set_data64(1);
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), -libc::EBADF);
    // Bad target fd.
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `ev` outlives the submit.
    unsafe { sqe.prep_epoll_ctl(ep.as_raw_fd(), bad_fd(), libc::EPOLL_CTL_ADD, Some(&ev)) };
    sqe.set_data64(2);
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), -libc::EBADF);
    // Bad op.
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `ev` outlives the submit.
    unsafe { sqe.prep_epoll_ctl(ep.as_raw_fd(), r.as_raw_fd(), 77, Some(&ev)) };
    sqe.set_data64(3);
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), -libc::EINVAL);
    // epoll_wait: on a non-epoll fd, with flags, on a bad fd.
    let mut evs = [libc::epoll_event { events: 0, u64: 0 }; 2];
    for (fd, flags, ud, want) in [
        (r.as_raw_fd(), 0, 4, -libc::EINVAL),
        (ep.as_raw_fd(), 1, 5, -libc::EINVAL),
        (bad_fd(), 0, 6, -libc::EBADF),
    ] {
        let sqe = ring.get_sqe().unwrap();
        // SAFETY: evs outlives the completion reaped right below.
        unsafe { sqe.prep_epoll_wait(fd, &mut evs, flags) };
        sqe.set_data64(ud);
        ring.submit().unwrap();
        let c = next(&mut ring);
        assert_eq!((c.user_data(), c.res()), (ud, want));
    }
    ring_works(&mut ring, 7);
}

#[test]
fn poll_update_with_add_multi_keeps_a_oneshot_poll() {
    // The man page says IORING_POLL_ADD_MULTI with UPDATE_EVENTS turns a
    // poll multishot; Linux 6.18 accepts the flag (res 0) but updates only
    // the low 16 bits of the mask, so the poll's one-shot state stays: it
    // fires once, without IORING_CQE_F_MORE, and is gone after.
    let mut ring = Ring::new(8).unwrap();
    let (r, w) = pipe();
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_poll_add(r.as_raw_fd(), POLLIN);
    sqe.set_data64(1);
    ring.submit().unwrap();
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_poll_update(1, 0, POLLIN, sys::IORING_POLL_UPDATE_EVENTS | sys::IORING_POLL_ADD_MULTI);
    sqe.set_data64(2);
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), 0);
    write_all(w.as_raw_fd(), b"m");
    let c = next(&mut ring);
    assert_eq!((c.user_data(), c.res() as u32 & POLLIN, c.more()), (1, POLLIN, false));
    write_all(w.as_raw_fd(), b"n");
    assert_no_cqe(&mut ring);
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_poll_remove(1);
    sqe.set_data64(3);
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), -libc::ENOENT);
}
