//! A signal during a wait: the wait returns EINTR, and no completion and no
//! submission is lost. Alone in its own test binary because it installs a
//! process-wide signal handler.

use riouring::{Ring, Timespec, sys};
use std::io;
use std::sync::mpsc;
use std::time::Duration;

extern "C" fn on_signal(_: libc::c_int) {}

fn install_handler() {
    // SAFETY: a zeroed sigaction with a no-op handler and no SA_RESTART,
    // so a blocked io_uring_enter returns EINTR.
    unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as usize;
        libc::sigemptyset(&mut sa.sa_mask);
        assert_eq!(libc::sigaction(libc::SIGUSR1, &sa, std::ptr::null_mut()), 0);
    }
}

/// Send SIGUSR1 to the calling thread after `delay`, from another thread.
fn signal_me_after(delay: Duration) -> std::thread::JoinHandle<()> {
    // SAFETY: pthread_self has no preconditions.
    let me = unsafe { libc::pthread_self() };
    let (tx, rx) = mpsc::channel::<()>();
    let h = std::thread::spawn(move || {
        let _ = rx.recv_timeout(delay);
        // SAFETY: `me` is alive: it joins this thread before returning.
        unsafe { libc::pthread_kill(me, libc::SIGUSR1) };
    });
    drop(tx);
    h
}

fn timeout_sqe(ring: &mut Ring, ts: &Timespec, user_data: u64) {
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: the timespec outlives the submit below (the kernel copies it
    // when it consumes the entry).
    unsafe { sqe.prep_rw(sys::IORING_OP_TIMEOUT, -1, (ts as *const Timespec).cast(), 1, 0) };
    sqe.set_data64(user_data);
}

#[test]
fn eintr_loses_no_completion_and_no_submission() -> io::Result<()> {
    install_handler();
    for flags in [0, sys::IORING_SETUP_DEFER_TASKRUN | sys::IORING_SETUP_SINGLE_ISSUER] {
        let mut ring = Ring::with_flags(8, flags)?;
        let ts = Timespec::new(0, 300_000_000);
        timeout_sqe(&mut ring, &ts, 1);
        let sqe = ring.get_sqe().unwrap();
        sqe.prep_nop();
        sqe.set_data64(2);
        // Wait for three completions; only two will come, the signal cuts
        // the wait short. The kernel reports the two submitted entries
        // (a submit takes precedence over the interrupted wait).
        let h = signal_me_after(Duration::from_millis(50));
        let r = ring.submit_and_wait(3);
        h.join().unwrap();
        match r {
            Ok(n) => assert_eq!(n, 2),
            Err(e) => assert_eq!(e.kind(), io::ErrorKind::Interrupted),
        }
        assert_eq!(ring.sq_ready(), 0, "both entries were consumed");
        // The NOP completed. (The kernel reports a signal during a wait
        // only when the CQ is empty, so reap it first.)
        let nop = ring.wait_cqes(1, Some(&Timespec::new(5, 0)), None)?;
        assert_eq!((nop.user_data(), nop.res()), (2, 0));
        ring.cqe_seen(&nop);
        // A wait on the empty CQ interrupted by a signal: EINTR.
        let h = signal_me_after(Duration::from_millis(20));
        let r = ring.wait_cqe();
        h.join().unwrap();
        assert_eq!(
            r.map(|c| c.user_data()).unwrap_err().kind(),
            io::ErrorKind::Interrupted,
            "flags {flags:#x}"
        );
        // The timeout's completion was not lost.
        let cqe = ring.wait_cqes(1, Some(&Timespec::new(5, 0)), None)?;
        assert_eq!((cqe.user_data(), cqe.res()), (1, -libc::ETIME));
        ring.cqe_seen(&cqe);
        assert_eq!(ring.cq_ready(), 0);
    }
    Ok(())
}

#[test]
fn signal_mask_blocks_the_signal_during_the_wait() -> io::Result<()> {
    install_handler();
    let mut ring = Ring::new(8)?;
    // SAFETY: an all-zero sigset_t is a valid (empty) signal set.
    let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    let mut old: libc::sigset_t = unsafe { std::mem::zeroed() };
    // SAFETY: a signal set containing SIGUSR1 only, blocked in this thread so
    // it stays pending outside the wait; both sets are valid locals.
    unsafe {
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGUSR1);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut old);
    }
    // The wait's mask unblocks nothing here (we pass a mask that blocks
    // SIGUSR1 too): the signal stays pending and the wait runs into ETIME.
    let h = signal_me_after(Duration::from_millis(10));
    let r = ring.wait_cqes(1, Some(&Timespec::new(0, 100_000_000)), Some(&set));
    h.join().unwrap();
    assert_eq!(r.unwrap_err().raw_os_error(), Some(libc::ETIME));
    // Now wait with an empty mask: the pending signal interrupts at once.
    // SAFETY: an all-zero sigset_t is a valid (empty) signal set.
    let mut empty: libc::sigset_t = unsafe { std::mem::zeroed() };
    // SAFETY: initializes a valid local set.
    unsafe { libc::sigemptyset(&mut empty) };
    let r = ring.wait_cqes(1, Some(&Timespec::new(2, 0)), Some(&empty));
    assert_eq!(r.unwrap_err().kind(), io::ErrorKind::Interrupted);
    // SAFETY: restore the thread's mask.
    unsafe { libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut()) };
    Ok(())
}
