//! Eventfd, restrictions, personalities, io-wq settings, synchronous cancel
//! and message, NAPI settings, the wait clock and BPF filters, on the running
//! kernel.

#[path = "support/reg_core.rs"]
mod common;

use common::*;
use riouring::{Ring, Timespec, sys};
use std::ffi::CString;
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

/// A non-blocking eventfd.
fn eventfd() -> RawFd {
    // SAFETY: plain eventfd(2) call.
    let fd = unsafe { libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC) };
    assert!(fd >= 0);
    fd
}

/// The eventfd's counter (resetting it), 0 when it was not signalled.
fn eventfd_take(fd: RawFd) -> u64 {
    let mut v = 0u64;
    // SAFETY: reading 8 bytes into `v`.
    let r = unsafe { libc::read(fd, (&mut v as *mut u64).cast(), 8) };
    if r < 0 {
        assert_eq!(std::io::Error::last_os_error().raw_os_error(), Some(libc::EAGAIN));
        return 0;
    }
    assert_eq!(r, 8);
    v
}

/// Wait (at most 5 s) until the eventfd is signalled, then take its counter.
/// Needed for completions posted by io-wq workers: the worker makes the CQE
/// visible (and wakes waiters) before it signals the eventfd.
fn eventfd_wait(fd: RawFd) -> u64 {
    let mut pfd = libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
    // SAFETY: polling one valid pollfd.
    assert_eq!(unsafe { libc::poll(&mut pfd, 1, 5000) }, 1, "eventfd not signalled within 5 s");
    eventfd_take(fd)
}

/// Submit a NOP with `flags` and reap its CQE.
fn nop_with_flags(ring: &mut Ring, flags: u8) -> i32 {
    let sqe = ring.get_sqe().expect("SQ room");
    sqe.prep_nop();
    sqe.set_flags(flags);
    sqe.set_data64(0x4e);
    let cqe = submit_one(ring);
    assert_eq!(cqe.user_data(), 0x4e);
    cqe.res()
}

/// Write `data` to `fd`.
fn write_all(fd: RawFd, data: &[u8]) {
    // SAFETY: writing from a live slice.
    assert_eq!(unsafe { libc::write(fd, data.as_ptr().cast(), data.len()) }, data.len() as isize);
}

#[test]
fn eventfd_counts_completions() {
    let efd = eventfd();
    let mut ring = Ring::new(8).unwrap();
    ring.register_eventfd(efd).unwrap();
    assert_eq!(err(ring.register_eventfd(efd)), libc::EBUSY);
    assert_eq!(eventfd_take(efd), 0);
    // One NOP per submit: one signal per completion.
    for _ in 0..3 {
        nop_round_trip(&mut ring);
    }
    assert_eq!(eventfd_take(efd), 3);

    // Silenced, then on again.
    ring.cq_eventfd_toggle(false).unwrap();
    assert!(!ring.cq_eventfd_enabled());
    nop_round_trip(&mut ring);
    nop_round_trip(&mut ring);
    assert_eq!(eventfd_take(efd), 0);
    ring.cq_eventfd_toggle(true).unwrap();
    assert!(ring.cq_eventfd_enabled());
    nop_round_trip(&mut ring);
    assert_eq!(eventfd_take(efd), 1);

    ring.unregister_eventfd().unwrap();
    nop_round_trip(&mut ring);
    assert_eq!(eventfd_take(efd), 0);
    assert_eq!(err(ring.unregister_eventfd()), libc::ENXIO);
    close(efd);
}

#[test]
fn eventfd_async_counts_only_worker_completions() {
    let efd = eventfd();
    let mut ring = Ring::new(8).unwrap();
    ring.register_eventfd_async(efd).unwrap();

    // Completed inline at submission: no signal.
    assert_eq!(nop_with_flags(&mut ring, 0), 0);
    assert_eq!(eventfd_take(efd), 0);
    // Punted to an io-wq worker and completed there: signalled.
    assert_eq!(nop_with_flags(&mut ring, sys::IOSQE_ASYNC), 0);
    assert_eq!(eventfd_wait(efd), 1);

    // A read of an empty pipe parked on an io-wq worker, completed later by
    // a write: signalled.
    let (r, w) = pipe();
    let mut buf = [0u8; 8];
    {
        let sqe = ring.get_sqe().unwrap();
        // SAFETY: buf outlives the completion reaped below.
        unsafe { sqe.prep_rw(sys::IORING_OP_READ, r, buf.as_mut_ptr().cast(), 8, u64::MAX) };
        sqe.set_flags(sys::IOSQE_ASYNC);
        sqe.set_data64(0x52);
    }
    ring.submit().unwrap();
    assert_no_cqe(&mut ring);
    assert_eq!(eventfd_take(efd), 0);
    write_all(w, b"late");
    let cqe = next_cqe(&mut ring);
    assert_eq!((cqe.user_data(), cqe.res()), (0x52, 4));
    assert_eq!(&buf[..4], b"late");
    assert_eq!(eventfd_wait(efd), 1);

    // The same read without IOSQE_ASYNC waits on a poll wakeup instead and
    // completes from task work, not from a worker: the async eventfd stays
    // silent (Linux 6.18 signals only completions posted by io-wq workers).
    // SAFETY: buf outlives the completion reaped below.
    unsafe { queue_read(&mut ring, r, false, buf.as_mut_ptr(), 8, u64::MAX, 0x53) };
    ring.submit().unwrap();
    assert_no_cqe(&mut ring);
    write_all(w, b"poll");
    let cqe = next_cqe(&mut ring);
    assert_eq!((cqe.user_data(), cqe.res()), (0x53, 4));
    assert_eq!(eventfd_take(efd), 0);

    ring.unregister_eventfd().unwrap();
    close(r);
    close(w);
    close(efd);
}

#[test]
fn bad_eventfds() {
    let mut ring = Ring::new(4).unwrap();
    assert_eq!(err(ring.register_eventfd(999_999)), libc::EBADF);
    assert_eq!(err(ring.register_eventfd_async(-1)), libc::EBADF);
    let (r, w) = pipe();
    // Not an eventfd.
    assert_eq!(err(ring.register_eventfd(r)), libc::EINVAL);
    assert_eq!(err(ring.unregister_eventfd()), libc::ENXIO);
    nop_round_trip(&mut ring);
    close(r);
    close(w);
}

fn restriction(opcode: u16, value: u8) -> sys::io_uring_restriction {
    let mut r = sys::io_uring_restriction { opcode, ..Default::default() };
    r.op.sqe_op = value;
    r
}

#[test]
fn restrictions_on_disabled_ring() {
    let dir = tempfile::tempdir().unwrap();
    let file = std::fs::File::create(dir.path().join("f")).unwrap();
    let mut ring = Ring::with_flags(8, sys::IORING_SETUP_R_DISABLED).unwrap();

    // A disabled ring accepts no submissions yet.
    ring.get_sqe().unwrap().prep_nop();
    assert_eq!(err(ring.submit()), libc::EBADFD);

    ring.register_restrictions(&[
        restriction(sys::IORING_RESTRICTION_SQE_OP, sys::IORING_OP_NOP),
        restriction(sys::IORING_RESTRICTION_REGISTER_OP, sys::IORING_REGISTER_IOWQ_MAX_WORKERS as u8),
    ])
    .unwrap();
    // Only once.
    assert_eq!(
        err(ring.register_restrictions(&[restriction(sys::IORING_RESTRICTION_SQE_OP, sys::IORING_OP_FSYNC)])),
        libc::EBUSY
    );
    ring.enable_rings().unwrap();

    // The NOP queued before enabling goes through now.
    assert_eq!(ring.submit().unwrap(), 1);
    assert_eq!(next_cqe(&mut ring).res(), 0);
    nop_round_trip(&mut ring);

    // Any other opcode is refused.
    {
        let sqe = ring.get_sqe().unwrap();
        // SAFETY: fsync names no memory.
        unsafe { sqe.prep_rw(sys::IORING_OP_FSYNC, file.as_raw_fd(), core::ptr::null(), 0, 0) };
        sqe.set_data64(0x46);
    }
    let cqe = submit_one(&mut ring);
    assert_eq!((cqe.user_data(), cqe.res()), (0x46, -libc::EACCES));
    // No SQE flags were allowed either.
    assert_eq!(nop_with_flags(&mut ring, sys::IOSQE_ASYNC), -libc::EACCES);

    // The allowed register opcode works, another is refused.
    let mut v = [0u32; 2];
    ring.register_iowq_max_workers(&mut v).unwrap();
    let efd = eventfd();
    assert_eq!(err(ring.register_eventfd(efd)), libc::EACCES);
    assert_eq!(err(ring.register_files_sparse(4)), libc::EACCES);
    close(efd);
    nop_round_trip(&mut ring);
}

#[test]
fn restrictions_need_a_disabled_ring() {
    let mut ring = Ring::new(4).unwrap();
    let res = [restriction(sys::IORING_RESTRICTION_SQE_OP, sys::IORING_OP_NOP)];
    assert_eq!(err(ring.register_restrictions(&res)), libc::EBADFD);
    assert_eq!(err(ring.enable_rings()), libc::EBADFD);
    nop_round_trip(&mut ring);
}

#[test]
fn personality_runs_with_registered_credentials() {
    // SAFETY: plain getuid call.
    if unsafe { libc::getuid() } != 0 {
        println!("skipped: not root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = dir.path().join("secret");
    std::fs::write(&path, b"root only").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let cpath = CString::new(path.as_os_str().as_bytes()).unwrap();

    // Everything after setresuid runs in a child: credentials are per
    // process (glibc changes them for every thread).
    let code = in_child(|| {
        let Ok(mut ring) = Ring::new(4) else { return 1 };
        let Ok(id) = ring.register_personality() else { return 2 };
        let Ok(id2) = ring.register_personality() else { return 2 };
        if id == 0 || id2 == id {
            return 3;
        }
        // SAFETY: dropping to nobody/nogroup; plain syscalls.
        unsafe {
            if libc::setgroups(0, core::ptr::null()) != 0
                || libc::setresgid(65534, 65534, 65534) != 0
                || libc::setresuid(65534, 65534, 65534) != 0
            {
                return 4;
            }
        }
        // Directly: refused.
        // SAFETY: cpath is a valid C string.
        let fd = unsafe { libc::open(cpath.as_ptr(), libc::O_RDONLY) };
        if fd >= 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::EACCES) {
            return 5;
        }
        let openat = |ring: &mut Ring, personality: u16| {
            let sqe = ring.get_sqe().unwrap();
            // SAFETY: cpath outlives the submission; openat copies it.
            unsafe {
                sqe.prep_rw(sys::IORING_OP_OPENAT, libc::AT_FDCWD, cpath.as_ptr().cast(), 0, 0);
                sqe.as_raw_mut().op_flags.open_flags = libc::O_RDONLY as u32;
            }
            sqe.set_personality(personality);
            let cqe = submit_one(ring);
            cqe.res()
        };
        // Through the ring with our own (nobody's) credentials: refused.
        if openat(&mut ring, 0) != -libc::EACCES {
            return 6;
        }
        // With the registered root personality: opened.
        let fd = openat(&mut ring, id);
        if fd < 0 {
            return 7;
        }
        let mut buf = [0u8; 32];
        // SAFETY: reading into a live buffer from the fd we own.
        let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
        close(fd);
        if n != 9 || &buf[..9] != b"root only" {
            return 8;
        }
        // Once unregistered, the id is unknown to the ring.
        if ring.unregister_personality(id).is_err() {
            return 9;
        }
        if openat(&mut ring, id) != -libc::EINVAL {
            return 10;
        }
        match ring.unregister_personality(id) {
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) => {}
            _ => return 11,
        }
        // The other personality is still there.
        let fd = openat(&mut ring, id2);
        if fd < 0 {
            return 12;
        }
        close(fd);
        0
    });
    assert_eq!(code, 0, "child step {code} failed");
}

#[test]
fn iowq_max_workers_and_affinity() {
    let mut ring = Ring::new(4).unwrap();
    let mut v = [2u32, 3];
    ring.register_iowq_max_workers(&mut v).unwrap();
    let defaults = v;
    assert!(defaults[0] > 0 && defaults[1] > 0, "defaults {defaults:?}");
    // [0, 0] only reads back what is set.
    let mut v = [0u32, 0];
    ring.register_iowq_max_workers(&mut v).unwrap();
    assert_eq!(v, [2, 3]);
    let mut v = [0u32, 7];
    ring.register_iowq_max_workers(&mut v).unwrap();
    assert_eq!(v, [2, 3]);
    let mut v = [0u32, 0];
    ring.register_iowq_max_workers(&mut v).unwrap();
    assert_eq!(v, [2, 7]);

    // SAFETY: cpu_set_t is plain bits; all-zero is the empty set.
    let mut set: libc::cpu_set_t = unsafe { core::mem::zeroed() };
    let size = core::mem::size_of::<libc::cpu_set_t>();
    // Larger than the set: refused before the kernel would read past it.
    assert_eq!(err(ring.register_iowq_aff(size + 1, &set)), libc::EINVAL);
    // SAFETY: as above.
    unsafe { libc::CPU_SET(0, &mut set) };
    ring.register_iowq_aff(size, &set).unwrap();
    // A worker still runs requests.
    assert_eq!(nop_with_flags(&mut ring, sys::IOSQE_ASYNC), 0);
    ring.unregister_iowq_aff().unwrap();
    assert_eq!(nop_with_flags(&mut ring, sys::IOSQE_ASYNC), 0);
}

fn cancel_reg(addr: u64, fd: RawFd, flags: u32) -> sys::io_uring_sync_cancel_reg {
    sys::io_uring_sync_cancel_reg {
        addr,
        fd,
        flags,
        timeout: sys::__kernel_timespec { tv_sec: -1, tv_nsec: -1 },
        ..Default::default()
    }
}

#[test]
fn sync_cancel_blocked_reads() {
    let (r, w) = pipe();
    let mut buf = [[0u8; 8]; 3];
    let mut ring = Ring::new(8).unwrap();

    // By user data.
    // SAFETY: buf outlives the completions reaped below.
    unsafe { queue_read(&mut ring, r, false, buf[0].as_mut_ptr(), 8, u64::MAX, 0x51) };
    ring.submit().unwrap();
    assert_no_cqe(&mut ring);
    assert_eq!(ring.register_sync_cancel(&mut cancel_reg(0x51, 0, 0)).unwrap(), 0);
    assert_eq!(next_cqes(&mut ring, 1), [(0x51, -libc::ECANCELED)]);
    assert_eq!(err(ring.register_sync_cancel(&mut cancel_reg(0x51, 0, 0))), libc::ENOENT);

    // By fd, all of them.
    // SAFETY: as above.
    unsafe {
        queue_read(&mut ring, r, false, buf[1].as_mut_ptr(), 8, u64::MAX, 0x61);
        queue_read(&mut ring, r, false, buf[2].as_mut_ptr(), 8, u64::MAX, 0x62);
    }
    ring.submit().unwrap();
    assert_no_cqe(&mut ring);
    let n = ring.register_sync_cancel(&mut cancel_reg(
        0,
        r,
        sys::IORING_ASYNC_CANCEL_FD | sys::IORING_ASYNC_CANCEL_ALL,
    ));
    assert_eq!(n.unwrap(), 2);
    assert_eq!(next_cqes(&mut ring, 2), [(0x61, -libc::ECANCELED), (0x62, -libc::ECANCELED)]);
    assert_eq!(
        err(ring.register_sync_cancel(&mut cancel_reg(0, r, sys::IORING_ASYNC_CANCEL_FD))),
        libc::ENOENT
    );

    // The pipe and ring still work.
    // SAFETY: as above.
    unsafe { queue_read(&mut ring, r, false, buf[0].as_mut_ptr(), 8, u64::MAX, 0x71) };
    ring.submit().unwrap();
    write_all(w, b"ok");
    assert_eq!(next_cqes(&mut ring, 1), [(0x71, 2)]);
    nop_round_trip(&mut ring);
    close(r);
    close(w);
}

/// An MSG_RING data message to ring `fd`, built by hand as
/// `io_uring_prep_msg_ring` fills it.
fn msg_ring_sqe(fd: RawFd, res: u32, user_data: u64) -> sys::io_uring_sqe {
    let mut sqe = sys::io_uring_sqe { opcode: sys::IORING_OP_MSG_RING, fd, len: res, ..Default::default() };
    sqe.addr.addr = u64::from(sys::IORING_MSG_DATA);
    sqe.off.off = user_data;
    sqe
}

#[test]
fn sync_msg_posts_to_another_ring() {
    let mut target = Ring::new(4).unwrap();
    Ring::register_sync_msg(&msg_ring_sqe(target.as_raw_fd(), 77, 0xfeed)).unwrap();
    let cqe = next_cqe(&mut target);
    assert_eq!((cqe.user_data(), cqe.res(), cqe.flags()), (0xfeed, 77, 0));

    // With IORING_MSG_RING_FLAGS_PASS the target CQE carries file_index as flags.
    let mut sqe = msg_ring_sqe(target.as_raw_fd(), 5, 0xf1a9);
    sqe.op_flags.msg_ring_flags = sys::IORING_MSG_RING_FLAGS_PASS;
    sqe.file_index.file_index = 0x1234_0000;
    Ring::register_sync_msg(&sqe).unwrap();
    let cqe = next_cqe(&mut target);
    assert_eq!((cqe.user_data(), cqe.res()), (0xf1a9, 5));
    assert_eq!(cqe.flags() & 0xffff_0000, 0x1234_0000);

    // Not a ring; a file message; another opcode.
    let (r, w) = pipe();
    assert_eq!(err(Ring::register_sync_msg(&msg_ring_sqe(r, 1, 1))), libc::EBADFD);
    assert_eq!(err(Ring::register_sync_msg(&msg_ring_sqe(-1, 1, 1))), libc::EBADF);
    let mut sqe = msg_ring_sqe(target.as_raw_fd(), 1, 1);
    sqe.addr.addr = u64::from(sys::IORING_MSG_SEND_FD);
    assert_eq!(err(Ring::register_sync_msg(&sqe)), libc::EINVAL);
    let mut sqe = msg_ring_sqe(target.as_raw_fd(), 1, 1);
    sqe.opcode = sys::IORING_OP_NOP;
    assert_eq!(err(Ring::register_sync_msg(&sqe)), libc::EINVAL);
    assert_no_cqe(&mut target);
    nop_round_trip(&mut target);
    close(r);
    close(w);
}

#[test]
fn napi_settings_round_trip() {
    let mut ring = Ring::new(4).unwrap();
    let mut napi = sys::io_uring_napi { busy_poll_to: 100, prefer_busy_poll: 1, ..Default::default() };
    ring.register_napi(&mut napi).unwrap();
    // The previous settings (none) came back.
    assert_eq!((napi.busy_poll_to, napi.prefer_busy_poll), (0, 0));
    let mut napi = sys::io_uring_napi { busy_poll_to: 250, ..Default::default() };
    ring.register_napi(&mut napi).unwrap();
    assert_eq!((napi.busy_poll_to, napi.prefer_busy_poll), (100, 1));
    let mut old = sys::io_uring_napi::default();
    ring.unregister_napi(&mut old).unwrap();
    assert_eq!((old.busy_poll_to, old.prefer_busy_poll), (250, 0));
    let mut old = sys::io_uring_napi::default();
    ring.unregister_napi(&mut old).unwrap();
    assert_eq!((old.busy_poll_to, old.prefer_busy_poll), (0, 0));

    // Reserved bytes set.
    let mut bad = sys::io_uring_napi { busy_poll_to: 1, pad: [0, 0, 1], ..Default::default() };
    assert_eq!(err(ring.register_napi(&mut bad)), libc::EINVAL);
    // IOPOLL rings have no NAPI.
    let mut iopoll = Ring::with_flags(4, sys::IORING_SETUP_IOPOLL).unwrap();
    let mut napi = sys::io_uring_napi { busy_poll_to: 1, ..Default::default() };
    assert_eq!(err(iopoll.register_napi(&mut napi)), libc::EINVAL);
    nop_round_trip(&mut ring);
}

#[test]
fn clock_selects_wait_clock() {
    let mut ring = Ring::new(4).unwrap();
    let boot = sys::io_uring_clock_register { clockid: libc::CLOCK_BOOTTIME as u32, ..Default::default() };
    ring.register_clock(&boot).unwrap();
    // A wait with a timeout still times out.
    let start = Instant::now();
    let r = ring.wait_cqe_timeout(Some(&Timespec::new(0, 50_000_000)));
    assert_eq!(r.map(|c| c.user_data()).map_err(|e| e.raw_os_error()), Err(Some(libc::ETIME)));
    assert!(start.elapsed() >= Duration::from_millis(40), "returned after {:?}", start.elapsed());
    nop_round_trip(&mut ring);

    let realtime =
        sys::io_uring_clock_register { clockid: libc::CLOCK_REALTIME as u32, ..Default::default() };
    assert_eq!(err(ring.register_clock(&realtime)), libc::EINVAL);
    let reserved = sys::io_uring_clock_register { clockid: libc::CLOCK_MONOTONIC as u32, __resv: [1, 0, 0] };
    assert_eq!(err(ring.register_clock(&reserved)), libc::EINVAL);
    let mono = sys::io_uring_clock_register { clockid: libc::CLOCK_MONOTONIC as u32, ..Default::default() };
    ring.register_clock(&mono).unwrap();
    let r = ring.wait_cqe_timeout(Some(&Timespec::new(0, 10_000_000)));
    assert_eq!(r.map(|c| c.user_data()).map_err(|e| e.raw_os_error()), Err(Some(libc::ETIME)));
    nop_round_trip(&mut ring);
}

/// Classic BPF `ret #k` (BPF_RET | BPF_K = 0x06).
fn bpf_ret(k: u32) -> libc::sock_filter {
    libc::sock_filter { code: 0x06, jt: 0, jf: 0, k }
}

/// A filter on NOPs running `prog`.
fn nop_filter(prog: &[libc::sock_filter]) -> sys::io_uring_bpf {
    let mut bpf = sys::io_uring_bpf { cmd_type: sys::IO_URING_BPF_CMD_FILTER, ..Default::default() };
    bpf.cmd.filter = sys::io_uring_bpf_filter {
        opcode: u32::from(sys::IORING_OP_NOP),
        filter_len: prog.len() as u32,
        filter_ptr: prog.as_ptr() as u64,
        ..Default::default()
    };
    bpf
}

#[test]
fn bpf_filter_encoding() {
    let prog = [bpf_ret(0)];
    let bpf = nop_filter(&prog);
    assert_eq!(core::mem::size_of::<sys::io_uring_bpf>(), 72);
    assert_eq!(core::mem::size_of::<libc::sock_filter>(), 8);
    // SAFETY: io_uring_bpf is 72 bytes of plain integers without padding.
    let bytes: [u8; 72] = unsafe { core::mem::transmute(bpf) };
    assert_eq!(&bytes[0..8], &[1, 0, 0, 0, 0, 0, 0, 0]); // cmd_type, cmd_flags, resv
    assert_eq!(&bytes[8..12], &u32::from(sys::IORING_OP_NOP).to_ne_bytes()); // filter.opcode
    assert_eq!(&bytes[12..16], &[0; 4]); // filter.flags
    assert_eq!(&bytes[16..20], &1u32.to_ne_bytes()); // filter.filter_len
    assert_eq!(&bytes[20..24], &[0; 4]); // pdu_size, resv
    assert_eq!(&bytes[24..32], &(prog.as_ptr() as u64).to_ne_bytes()); // filter_ptr
    assert!(bytes[32..].iter().all(|&b| b == 0)); // resv2
}

#[test]
fn bpf_filter_registration() {
    let prog = [bpf_ret(0)];
    let mut ring = Ring::new(4).unwrap();
    let mut bpf = nop_filter(&prog);
    match ring.register_bpf_filter(&mut bpf) {
        Err(e) => {
            // Linux 6.18 does not know IORING_REGISTER_BPF_FILTER.
            assert_eq!(e.raw_os_error(), Some(libc::EINVAL));
            println!("skipped: kernel rejects IORING_REGISTER_BPF_FILTER (EINVAL)");
        }
        Ok(()) => {
            // A deny-all program on NOPs: NOPs fail with EACCES.
            assert_eq!(nop_with_flags(&mut ring, 0), -libc::EACCES);
        }
    }

    // The task form, in a child: it would bind every later ring of the task.
    let code = in_child(|| {
        let mut bpf = nop_filter(&prog);
        match Ring::register_bpf_filter_task(&mut bpf) {
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) => 100,
            Err(_) => 1,
            Ok(()) => {
                let Ok(mut ring) = Ring::new(4) else { return 2 };
                if nop_with_flags(&mut ring, 0) == -libc::EACCES { 0 } else { 3 }
            }
        }
    });
    if code == 100 {
        println!("skipped: kernel rejects IORING_REGISTER_BPF_FILTER for the task (EINVAL)");
    } else {
        assert_eq!(code, 0);
    }
    nop_round_trip(&mut ring);
}

#[test]
fn bad_personality_ids() {
    let mut ring = Ring::new(4).unwrap();
    assert_eq!(err(ring.unregister_personality(0)), libc::EINVAL);
    assert_eq!(err(ring.unregister_personality(u16::MAX)), libc::EINVAL);
    // A request naming an unknown personality fails with EINVAL.
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_nop();
    sqe.set_personality(4321);
    assert_eq!(submit_one(&mut ring).res(), -libc::EINVAL);
    nop_round_trip(&mut ring);
}
