//! `reg-wait`: wait for completions with arguments from a registered region.
//!
//! It teaches registered waits (kernel 6.13), following liburing's
//! `examples/reg-wait.c`. A wait normally passes its timeout (and signal
//! mask, and minimum wait time) to `io_uring_enter` in a struct the kernel
//! copies on every call. Instead, a page of `io_uring_reg_wait` slots can be
//! registered once, with `register_region` and
//! `IORING_MEM_REGION_REG_WAIT_ARG`, while the ring is still disabled
//! (`IORING_SETUP_R_DISABLED`, then `enable_rings`); each wait then names a
//! slot by index (`submit_and_wait_reg`), and the application changes a
//! slot's contents at will. riouring's [`WaitRegion`] maps and registers such
//! a page.
//!
//! Two waits show it, as in liburing:
//!
//! 1. slot 0 holds a timeout (1 s by default); waiting with nothing in
//!    flight times out with `ETIME` after that long;
//! 2. slot 1 holds a 100 ms timeout and a 10 ms minimum wait (`min_wait_usec`);
//!    two pipe reads are submitted, one byte string is written, so one read
//!    can complete and the other cannot: waiting for both returns once the
//!    minimum wait has passed with the one completion.
//!
//! ```text
//! $ reg-wait
//! slot 0: timeout 1000 ms, nothing in flight: ETIME after 1000 ms
//! slot 1: timeout 100 ms, min wait 10 ms, waiting for 2 reads: 1 ready after 10 ms ("Hello")
//! ```

#[path = "common/mod.rs"]
mod common;

use common::{Cli, Context, Opt, fail};
use riouring::{Ring, Timespec, WaitRegion, sys};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::process::ExitCode;
use std::time::{Duration, Instant};

const CLI: Cli = Cli {
    name: "reg-wait",
    synopsis: "",
    about: "Wait for io_uring completions with timeouts and minimum wait times taken\n\
            from a registered wait region (io_uring_submit_and_wait_reg).",
    opts: &[
        Opt {
            long: "timeout-ms",
            short: Some('t'),
            value: Some("MS"),
            help: "timeout of the first, idle wait (default 1000)",
        },
        Opt {
            long: "min-wait-us",
            short: Some('m'),
            value: Some("US"),
            help: "minimum wait of the second wait (default 10000; its timeout is 10 times that)",
        },
    ],
    positional: (0, 0),
};

fn main() -> ExitCode {
    CLI.main(|args| {
        let timeout_ms = args.number("timeout-ms", 1000u64, 1, 3_600_000)?;
        let min_wait_us = args.number("min-wait-us", 10_000u32, 1, 10_000_000)?;

        let mut fds = [0i32; 2];
        // SAFETY: pipe2 writes two fds into the array.
        if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } < 0 {
            return Err(std::io::Error::last_os_error()).context("pipe");
        }
        // SAFETY: both fds were just created and are owned by nobody else.
        let (rd, wr) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };

        // The read buffers outlive the ring (declared before it): the second
        // read never completes and is still armed when the ring goes.
        let mut b1 = [0u8; 8];
        let mut b2 = [0u8; 8];

        // A wait region can only be registered before the ring is enabled.
        let mut ring = Ring::with_flags(8, sys::IORING_SETUP_R_DISABLED).context("io_uring setup")?;
        let mut region = match WaitRegion::new(&ring, 2) {
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) => {
                return Err(fail("the kernel does not support registered waits (Linux 6.13)"));
            }
            r => r.context("register_region")?,
        };
        ring.enable_rings().context("enable_rings")?;

        // Slot 0: a plain timeout.
        region.set_timeout(0, &Timespec::from(Duration::from_millis(timeout_ms)));
        // Slot 1: a timeout ten times the minimum wait, and the minimum wait.
        let ts = Timespec::from(Duration::from_micros(u64::from(min_wait_us) * 10));
        if !region.set_wait(1, Some(&ts), min_wait_us) {
            return Err(fail("wait region has no slot 1"));
        }

        // 1. Nothing in flight: the wait on slot 0 can only time out.
        let start = Instant::now();
        match ring.submit_and_wait_reg(1, 0) {
            Err(e) if e.raw_os_error() == Some(libc::ETIME) => {}
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) => {
                return Err(fail("the kernel does not support registered waits (Linux 6.13)"));
            }
            Err(e) => return Err(e).context("submit_and_wait_reg (slot 0)"),
            Ok(cqe) => return Err(fail(format!("slot 0: unexpected completion {cqe:?}"))),
        }
        let ms = start.elapsed().as_millis();
        println!("slot 0: timeout {timeout_ms} ms, nothing in flight: ETIME after {ms} ms");
        if ms + 1 < u128::from(timeout_ms) {
            return Err(fail(format!("slot 0: the wait ended after {ms} ms, before its {timeout_ms} ms timeout")));
        }

        // 2. Two reads of the pipe; write enough for one of them.
        for (i, buf) in [&mut b1, &mut b2].into_iter().enumerate() {
            let sqe = ring.get_sqe().ok_or_else(|| fail("submission queue full"))?;
            // SAFETY: b1 and b2 are declared before the ring, so they outlive
            // both reads (the second is still pending when the ring is
            // dropped, which cancels it); nothing else touches them.
            unsafe { sqe.prep_read(rd.as_raw_fd(), buf, 0) };
            sqe.set_data64(i as u64 + 1);
        }
        // SAFETY: writes 5 bytes from a static string to our pipe.
        if unsafe { libc::write(wr.as_raw_fd(), b"Hello".as_ptr().cast(), 5) } != 5 {
            return Err(std::io::Error::last_os_error()).context("write to pipe");
        }
        let start = Instant::now();
        let cqe = ring.submit_and_wait_reg(2, 1).context("submit_and_wait_reg (slot 1)")?;
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        let n = cqe.result().context("read from pipe")? as usize;
        let ready = ring.cq_ready();
        let got = if cqe.user_data() == 1 { &b1[..n] } else { &b2[..n] };
        println!(
            "slot 1: timeout {} ms, min wait {} ms, waiting for 2 reads: {ready} ready after {ms:.0} ms ({:?})",
            min_wait_us / 100,
            f64::from(min_wait_us) / 1000.0,
            String::from_utf8_lossy(got)
        );
        if got != b"Hello" {
            return Err(fail("slot 1: the read did not return what was written"));
        }
        ring.cqe_seen(&cqe);
        Ok(())
    })
}
