//! `poll-bench`: how many poll events per second a ring delivers.
//!
//! It follows liburing's `examples/poll-bench.c` and teaches polling through
//! the ring: a pipe's read end is registered as fixed file 0
//! (`register_files`, then `IOSQE_FIXED_FILE` on each request, so the kernel
//! skips the fd-table lookup), the ring fd itself is registered
//! (`register_ring_fd`), and the ring is set up `IORING_SETUP_SINGLE_ISSUER`
//! where the kernel allows it. Each round arms `--qd` polls for `POLLIN` on
//! the pipe, writes one byte so all of them fire, reaps the completions, and
//! reads the byte back, until the time is up.
//!
//! Two modes:
//!
//! - `oneshot` (liburing's): `prep_poll_add`; every poll completes once and
//!   is armed again for the next round;
//! - `multishot`: `prep_poll_multishot`; the polls are armed once and post a
//!   completion (with `IORING_CQE_F_MORE`) every round; one that ends (no
//!   `IORING_CQE_F_MORE`) is armed again.
//!
//! ```text
//! $ poll-bench --duration-ms 2000 --mode multishot    # (figures from a 2-core VM)
//! mode=multishot qd=32 duration=2000ms events=9407104
//! events/s: 4703552
//! ```

#[path = "common/mod.rs"]
mod common;

use common::{Cli, Context, Opt, fail, usage};
use riouring::{Ring, Timespec, sys};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::process::ExitCode;
use std::time::{Duration, Instant};

const CLI: Cli = Cli {
    name: "poll-bench",
    synopsis: "",
    about: "Measure io_uring poll events per second on a pipe whose read end is a\n\
            registered file.",
    opts: &[
        Opt {
            long: "duration-ms",
            short: Some('d'),
            value: Some("MS"),
            help: "how long to run (default 10000)",
        },
        Opt { long: "qd", short: Some('q'), value: Some("N"), help: "polls armed at once (default 32)" },
        Opt {
            long: "mode",
            short: Some('m'),
            value: Some("MODE"),
            help: "oneshot (poll_add, default) or multishot (poll_multishot)",
        },
    ],
    positional: (0, 0),
};

/// No completion for this long means something is wrong: stop rather than
/// hang.
const STALL: Timespec = Timespec::new(5, 0);

fn main() -> ExitCode {
    CLI.main(|args| {
        let duration = Duration::from_millis(args.number("duration-ms", 10_000u64, 1, 86_400_000)?);
        let qd = args.number("qd", 32u32, 1, 512)?;
        let multishot = match args.value("mode").unwrap_or("oneshot") {
            "oneshot" => false,
            "multishot" => true,
            m => {
                return Err(usage(format!(
                    "invalid value '{m}' for '--mode': expected oneshot or multishot"
                )));
            }
        };

        let mut fds = [0i32; 2];
        // SAFETY: pipe2 writes two fds into the array.
        if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } < 0 {
            return Err(std::io::Error::last_os_error()).context("pipe");
        }
        // SAFETY: both fds were just created and are owned by nobody else.
        let (rd, wr) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };

        let mut ring = match Ring::with_flags(1024, sys::IORING_SETUP_SINGLE_ISSUER) {
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) => Ring::new(1024),
            r => r,
        }
        .context("io_uring setup")?;
        ring.register_files(&[rd.as_raw_fd(), wr.as_raw_fd()]).context("register_files")?;
        ring.register_ring_fd().context("register_ring_fd")?;

        // Fixed file 0 is the pipe's read end.
        let arm = |ring: &mut Ring, n: u32| -> common::Result<()> {
            for _ in 0..n {
                let sqe = common::next_sqe(ring)?;
                if multishot {
                    sqe.prep_poll_multishot(0, libc::POLLIN as u32);
                } else {
                    sqe.prep_poll_add(0, libc::POLLIN as u32);
                }
                sqe.set_flags(sys::IOSQE_FIXED_FILE);
                sqe.set_data64(1);
            }
            Ok(())
        };

        let mut events = 0u64;
        let mut to_arm = qd;
        let mut byte = [0u8; 1];
        let start = Instant::now();
        while start.elapsed() < duration {
            arm(&mut ring, to_arm)?;
            to_arm = 0;
            let n = ring.submit().context("io_uring_submit")?;
            if n != 0 && !multishot && n != qd {
                return Err(fail(format!("submitted {n} polls of {qd}")));
            }

            // SAFETY: writes one byte from a live local to our pipe.
            if unsafe { libc::write(wr.as_raw_fd(), byte.as_ptr().cast(), 1) } != 1 {
                return Err(std::io::Error::last_os_error()).context("write to pipe");
            }
            let mut seen = 0;
            while seen < qd {
                let cqe = match ring.wait_cqe_timeout(Some(&STALL)) {
                    Err(e) if e.raw_os_error() == Some(libc::ETIME) => {
                        return Err(fail(format!("only {seen} of {qd} polls fired within 5 s")));
                    }
                    r => r.context("io_uring_wait_cqe")?,
                };
                ring.cqe_seen(&cqe);
                if cqe.res() < 0 {
                    return Err(common::cqe_error(cqe.res())).context("poll");
                }
                if !cqe.more() {
                    // A oneshot poll is done; so is a multishot one that
                    // the kernel ended. Either is armed again next round.
                    to_arm += 1;
                }
                seen += 1;
                events += 1;
            }
            // SAFETY: reads one byte into a live local from our pipe.
            if unsafe { libc::read(rd.as_raw_fd(), byte.as_mut_ptr().cast(), 1) } != 1 {
                return Err(std::io::Error::last_os_error()).context("read from pipe");
            }
        }
        let ms = common::elapsed_ms(start);
        println!(
            "mode={} qd={qd} duration={ms}ms events={events}",
            if multishot { "multishot" } else { "oneshot" }
        );
        println!("events/s: {}", events * 1000 / ms);
        Ok(())
    })
}
