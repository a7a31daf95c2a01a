//! waitid and futex prep helpers (waitid, futex_wait, futex_wake,
//! futex_waitv): encoding, and the real kernel.

#[path = "support/prep_misc.rs"]
mod common;

use common::*;
use riouring::{Ring, sys};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::AtomicU32;

/// futex2 flags (linux/futex.h).
const FUTEX2_SIZE_U32: u32 = 0x02;
const FUTEX2_SIZE_U64: u32 = 0x03;
const FUTEX2_PRIVATE: u32 = 128;
const FUTEX_BITSET_MATCH_ANY: u64 = 0xffff_ffff;
const F32P: u32 = FUTEX2_SIZE_U32 | FUTEX2_PRIVATE;

#[test]
fn encode_waitid() {
    // SAFETY: zeroed siginfo_t is a valid value.
    let mut info: libc::siginfo_t = unsafe { core::mem::zeroed() };
    let p = &mut info as *mut libc::siginfo_t as u64;
    for (idtype, id, options, flags) in [
        (libc::P_PID, 1234, libc::WEXITED, 0),
        (libc::P_ALL, 0, libc::WEXITED | libc::WNOHANG, 5),
        (libc::P_PIDFD, 9, libc::WSTOPPED, 0),
    ] {
        // SAFETY: never submitted.
        let got = enc(|s| unsafe { s.prep_waitid(idtype, id, Some(&mut info), options, flags) });
        assert_eq!(
            got,
            Sqe {
                opcode: sys::IORING_OP_WAITID,
                fd: id as i32,
                len: idtype,
                off: p,
                op_flags: flags,
                file_index: options as u32,
                ..kept()
            }
        );
    }
    // SAFETY: never submitted.
    let got = enc(|s| unsafe { s.prep_waitid(libc::P_PGID, u32::MAX, None, 0, 0) });
    assert_eq!(got, Sqe { opcode: sys::IORING_OP_WAITID, fd: -1, len: libc::P_PGID, ..kept() });
}

#[test]
fn encode_futex_wait_wake() {
    let word = AtomicU32::new(0);
    let p = word.as_ptr() as u64;
    for (val, mask, futex_flags, flags) in
        [(0, FUTEX_BITSET_MATCH_ANY, F32P, 0), (u64::MAX, 1, FUTEX2_SIZE_U32, 0), (7, 0, 0, 3)]
    {
        // SAFETY: never submitted.
        let got = enc(|s| unsafe { s.prep_futex_wait(&word, val, mask, futex_flags, flags) });
        let want = Sqe {
            opcode: sys::IORING_OP_FUTEX_WAIT,
            fd: futex_flags as i32,
            addr: p,
            off: val,
            op_flags: flags,
            addr3: mask,
            ..kept()
        };
        assert_eq!(got, want);
        // SAFETY: never submitted.
        let got = enc(|s| unsafe { s.prep_futex_wake(&word, val, mask, futex_flags, flags) });
        assert_eq!(got, Sqe { opcode: sys::IORING_OP_FUTEX_WAKE, ..want });
        // SAFETY: never submitted.
        let got = enc(|s| unsafe { s.prep_futex_wait_raw(word.as_ptr(), val, mask, futex_flags, flags) });
        assert_eq!(got, want);
        // SAFETY: never submitted.
        let got = enc(|s| unsafe { s.prep_futex_wake_raw(word.as_ptr(), val, mask, futex_flags, flags) });
        assert_eq!(got, Sqe { opcode: sys::IORING_OP_FUTEX_WAKE, ..want });
    }
}

#[test]
fn encode_futex_waitv() {
    let v = [sys::futex_waitv::default(); 3];
    let p = v.as_ptr() as u64;
    for flags in [0, 1] {
        // SAFETY: never submitted.
        let got = enc(|s| unsafe { s.prep_futex_waitv(&v, flags) });
        assert_eq!(
            got,
            Sqe { opcode: sys::IORING_OP_FUTEX_WAITV, fd: 0, addr: p, len: 3, op_flags: flags, ..kept() }
        );
    }
    // SAFETY: never submitted.
    let got = enc(|s| unsafe { s.prep_futex_waitv_raw(v.as_ptr(), 128, 0) });
    assert_eq!(got, Sqe { opcode: sys::IORING_OP_FUTEX_WAITV, addr: p, len: 128, ..kept() });
}

fn waitid_on_ring(
    ring: &mut Ring,
    idtype: libc::idtype_t,
    id: libc::id_t,
    options: i32,
    flags: u32,
) -> (i32, libc::siginfo_t) {
    // SAFETY: zeroed siginfo_t is a valid value.
    let mut info: libc::siginfo_t = unsafe { core::mem::zeroed() };
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `info` is not touched until the completion is reaped below.
    unsafe { sqe.prep_waitid(idtype, id, Some(&mut info), options, flags) };
    sqe.set_data64(0x1d);
    ring.submit().unwrap();
    let c = next(ring);
    assert_eq!(c.user_data(), 0x1d);
    (c.res(), info)
}

#[test]
fn waitid_reaps_a_child() {
    let mut ring = Ring::new(8).unwrap();
    let mut child = Command::new("sh").args(["-c", "exit 7"]).spawn().expect("spawn sh");
    let pid = child.id();
    let (res, info) = waitid_on_ring(&mut ring, libc::P_PID, pid, libc::WEXITED, 0);
    assert_eq!(res, 0);
    assert_eq!(info.si_signo, libc::SIGCHLD);
    assert_eq!(info.si_code, libc::CLD_EXITED);
    // SAFETY: a SIGCHLD siginfo carries pid and status.
    let (si_pid, si_status) = unsafe { (info.si_pid(), info.si_status()) };
    assert_eq!((si_pid as u32, si_status), (pid, 7));
    // The child is reaped: waiting again is -ECHILD, on the ring and off it.
    let (res, _) = waitid_on_ring(&mut ring, libc::P_PID, pid, libc::WEXITED, 0);
    assert_eq!(res, -libc::ECHILD);
    assert_eq!(child.wait().unwrap_err().raw_os_error(), Some(libc::ECHILD));
}

#[test]
fn waitid_waits_for_a_running_child() {
    let mut ring = Ring::new(8).unwrap();
    // The child blocks reading its stdin until we close it.
    let mut child =
        Command::new("sh").args(["-c", "read x; exit 3"]).stdin(Stdio::piped()).spawn().expect("spawn sh");
    let pid = child.id();
    // WNOHANG on a running child: res 0 and no child reported.
    let (res, info) = waitid_on_ring(&mut ring, libc::P_PID, pid, libc::WEXITED | libc::WNOHANG, 0);
    assert_eq!(res, 0);
    // SAFETY: reading the pid field of a zeroed or filled siginfo.
    assert_eq!(unsafe { info.si_pid() }, 0);
    // SAFETY: zeroed siginfo_t is a valid value.
    let mut info: libc::siginfo_t = unsafe { core::mem::zeroed() };
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `info` is not touched until the completion is reaped below.
    unsafe { sqe.prep_waitid(libc::P_PID, pid, Some(&mut info), libc::WEXITED, 0) };
    sqe.set_data64(5);
    ring.submit().unwrap();
    assert_no_cqe(&mut ring);
    drop(child.stdin.take());
    let c = next(&mut ring);
    assert_eq!((c.user_data(), c.res()), (5, 0));
    // SAFETY: a SIGCHLD siginfo carries pid and status.
    assert_eq!(unsafe { (info.si_pid() as u32, info.si_status()) }, (pid, 3));
    assert_eq!(info.si_code, libc::CLD_EXITED);
    assert_eq!(child.wait().unwrap_err().raw_os_error(), Some(libc::ECHILD));
}

#[test]
fn waitid_bad_input() {
    let mut ring = Ring::new(8).unwrap();
    // Not our child: -ECHILD.
    assert_eq!(waitid_on_ring(&mut ring, libc::P_PID, 1, libc::WEXITED, 0).0, -libc::ECHILD);
    // io_uring flags must be 0; options must name a state.
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    assert_eq!(waitid_on_ring(&mut ring, libc::P_PID, pid, libc::WEXITED, 1).0, -libc::EINVAL);
    assert_eq!(waitid_on_ring(&mut ring, libc::P_PID, pid, 0, 0).0, -libc::EINVAL);
    // A bad idtype.
    assert_eq!(waitid_on_ring(&mut ring, 77, pid, libc::WEXITED, 0).0, -libc::EINVAL);
    // P_PIDFD with a bad pidfd: -EBADF.
    assert_eq!(waitid_on_ring(&mut ring, libc::P_PIDFD, bad_fd() as u32, libc::WEXITED, 0).0, -libc::EBADF);
    // The child is still there to be reaped normally.
    assert!(child.wait().unwrap().success());
    ring_works(&mut ring, 9);
}

fn submit_futex_wait(ring: &mut Ring, word: &AtomicU32, val: u64, ud: u64) {
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: every caller keeps `word` alive until the wait completes.
    unsafe { sqe.prep_futex_wait(word, val, FUTEX_BITSET_MATCH_ANY, F32P, 0) };
    sqe.set_data64(ud);
    assert_eq!(ring.submit().unwrap(), 1);
}

#[test]
fn futex_wait_woken_by_ring_wake() {
    let mut ring = Ring::new(8).unwrap();
    let word = AtomicU32::new(0);
    submit_futex_wait(&mut ring, &word, 0, 1);
    assert_no_cqe(&mut ring);
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `word` outlives the completions reaped below.
    unsafe { sqe.prep_futex_wake(&word, 1, FUTEX_BITSET_MATCH_ANY, F32P, 0) };
    sqe.set_data64(2);
    ring.submit().unwrap();
    let m = reap(&mut ring, 2);
    assert_eq!(m[&2].res(), 1, "one waiter woken");
    assert_eq!(m[&1].res(), 0);
    // Nobody waits now: a wake wakes 0.
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `word` outlives the completion reaped below.
    unsafe { sqe.prep_futex_wake(&word, 1, FUTEX_BITSET_MATCH_ANY, F32P, 0) };
    sqe.set_data64(3);
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), 0);
    // The value does not match: -EAGAIN at once.
    word.store(5, std::sync::atomic::Ordering::SeqCst);
    submit_futex_wait(&mut ring, &word, 0, 4);
    assert_eq!(next(&mut ring).res(), -libc::EAGAIN);
}

#[test]
fn futex_wait_bitset_mask_selects_waiters() {
    let mut ring = Ring::new(8).unwrap();
    let word = AtomicU32::new(0);
    for (ud, mask) in [(1u64, 0b01u64), (2, 0b10)] {
        let sqe = ring.get_sqe().unwrap();
        // SAFETY: `word` outlives the completions reaped below.
        unsafe { sqe.prep_futex_wait(&word, 0, mask, F32P, 0) };
        sqe.set_data64(ud);
    }
    ring.submit().unwrap();
    // Wake all waiters whose mask has bit 1: only ud 2.
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `word` outlives the completions reaped below.
    unsafe { sqe.prep_futex_wake(&word, 10, 0b10, F32P, 0) };
    sqe.set_data64(3);
    ring.submit().unwrap();
    let m = reap(&mut ring, 2);
    assert_eq!((m[&3].res(), m[&2].res()), (1, 0));
    assert_no_cqe(&mut ring);
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `word` outlives the completions reaped below.
    unsafe { sqe.prep_futex_wake(&word, 10, FUTEX_BITSET_MATCH_ANY, F32P, 0) };
    sqe.set_data64(4);
    ring.submit().unwrap();
    let m = reap(&mut ring, 2);
    assert_eq!((m[&4].res(), m[&1].res()), (1, 0));
}

#[test]
fn futex_wait_woken_by_another_thread() {
    let mut ring = Ring::new(8).unwrap();
    let word = Arc::new(AtomicU32::new(0));
    submit_futex_wait(&mut ring, &word, 0, 1);
    let w = Arc::clone(&word);
    let t = std::thread::spawn(move || {
        // SAFETY: FUTEX_WAKE_PRIVATE on a live word; no timeout or second
        // address is used.
        unsafe {
            libc::syscall(
                libc::SYS_futex,
                w.as_ptr(),
                libc::FUTEX_WAKE | libc::FUTEX_PRIVATE_FLAG,
                1,
                0,
                0,
                0,
            )
        }
    });
    assert_eq!(t.join().unwrap(), 1, "the thread woke the ring's waiter");
    let c = next(&mut ring);
    assert_eq!((c.user_data(), c.res()), (1, 0));
}

#[test]
fn futex_waitv_reports_the_woken_index() {
    let mut ring = Ring::new(8).unwrap();
    let words = [AtomicU32::new(0), AtomicU32::new(1), AtomicU32::new(2)];
    let v: Vec<sys::futex_waitv> = words
        .iter()
        .enumerate()
        .map(|(i, w)| sys::futex_waitv {
            val: i as u64,
            uaddr: w.as_ptr() as u64,
            flags: F32P,
            __reserved: 0,
        })
        .collect();
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `v` is copied at submission; `words` outlive the completion.
    unsafe { sqe.prep_futex_waitv(&v, 0) };
    sqe.set_data64(1);
    ring.submit().unwrap();
    drop(v);
    assert_no_cqe(&mut ring);
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `words` outlive the completions reaped below.
    unsafe { sqe.prep_futex_wake(&words[1], 1, FUTEX_BITSET_MATCH_ANY, F32P, 0) };
    sqe.set_data64(2);
    ring.submit().unwrap();
    let m = reap(&mut ring, 2);
    assert_eq!((m[&2].res(), m[&1].res()), (1, 1), "index 1 woken");
    // A word that does not hold its value: -EAGAIN.
    let v = [
        sys::futex_waitv { val: 0, uaddr: words[0].as_ptr() as u64, flags: F32P, __reserved: 0 },
        sys::futex_waitv { val: 9, uaddr: words[2].as_ptr() as u64, flags: F32P, __reserved: 0 },
    ];
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: as above.
    unsafe { sqe.prep_futex_waitv(&v, 0) };
    sqe.set_data64(3);
    ring.submit().unwrap();
    assert_eq!(next(&mut ring).res(), -libc::EAGAIN);
}

/// Submit one futex request and check its result.
fn check(ring: &mut Ring, ud: u64, prep: impl FnOnce(&mut riouring::SubmissionQueueEntry), want: i32) {
    let sqe = ring.get_sqe().unwrap();
    prep(sqe);
    sqe.set_data64(ud);
    ring.submit().unwrap();
    let c = next(ring);
    assert_eq!((c.user_data(), c.res()), (ud, want), "case {ud}");
}

#[test]
fn futex_bad_input() {
    let mut ring = Ring::new(8).unwrap();
    let word = AtomicU32::new(0);
    let any = FUTEX_BITSET_MATCH_ANY;
    // In every case `word` outlives the completion, which `check` reaps.
    // io_uring flags must be 0.
    // SAFETY: see above.
    check(&mut ring, 1, |s| unsafe { s.prep_futex_wait(&word, 0, any, F32P, 1) }, -libc::EINVAL);
    // SAFETY: see above.
    check(&mut ring, 2, |s| unsafe { s.prep_futex_wake(&word, 1, any, F32P, 1) }, -libc::EINVAL);
    // Only 32-bit futexes exist.
    let u64p = FUTEX2_SIZE_U64 | FUTEX2_PRIVATE;
    // SAFETY: see above.
    check(&mut ring, 3, |s| unsafe { s.prep_futex_wait(&word, 0, any, u64p, 0) }, -libc::EINVAL);
    // A zero mask matches nothing.
    // SAFETY: see above.
    check(&mut ring, 4, |s| unsafe { s.prep_futex_wait(&word, 0, 0, F32P, 0) }, -libc::EINVAL);
    // A misaligned word.
    let misaligned = (word.as_ptr() as usize + 1) as *const u32;
    // SAFETY: the kernel rejects the address before touching it.
    check(&mut ring, 5, |s| unsafe { s.prep_futex_wait_raw(misaligned, 0, any, F32P, 0) }, -libc::EINVAL);
    // waitv: flags must be 0; an empty vector.
    let v = [sys::futex_waitv { val: 0, uaddr: word.as_ptr() as u64, flags: F32P, __reserved: 0 }];
    // SAFETY: see above.
    check(&mut ring, 6, |s| unsafe { s.prep_futex_waitv(&v, 1) }, -libc::EINVAL);
    // SAFETY: no futex at all.
    check(&mut ring, 7, |s| unsafe { s.prep_futex_waitv(&[], 0) }, -libc::EINVAL);
    ring_works(&mut ring, 8);
}
