//! `rsrc-update-bench`: how many registered-file table updates per second a
//! ring performs.
//!
//! It follows liburing's `examples/rsrc-update-bench.c` and teaches the
//! registered file table: `register_files_sparse` creates a table of empty
//! slots (128 by default), `register_files_update` fills them (here, all
//! with a pipe's read end), and `prep_files_update` replaces slots from
//! within the ring, as a request whose completion says how many slots it
//! updated. The ring is set up `IORING_SETUP_SINGLE_ISSUER |
//! IORING_SETUP_DEFER_TASKRUN` where the kernel allows it, with its own fd
//! registered (`register_ring_fd`). Each round queues `--qd` updates of
//! slots picked at random and waits for them, until the time is up.
//!
//! `--mode register` measures the same updates made one
//! `io_uring_register(2)` call at a time (`register_files_update`) instead.
//!
//! ```text
//! $ rsrc-update-bench --duration-ms 2000    # (figures from a 2-core VM)
//! mode=ring qd=32 table=128 duration=2000ms updates=6817024
//! updates/s: 3408512
//! ```

#[path = "common/mod.rs"]
mod common;

use common::{Cli, Context, Opt, fail, usage};
use riouring::{Ring, Timespec, sys};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::process::ExitCode;
use std::time::{Duration, Instant};

const CLI: Cli = Cli {
    name: "rsrc-update-bench",
    synopsis: "",
    about: "Measure updates per second of an io_uring registered file table.",
    opts: &[
        Opt {
            long: "duration-ms",
            short: Some('d'),
            value: Some("MS"),
            help: "how long to run (default 10000)",
        },
        Opt { long: "qd", short: Some('q'), value: Some("N"), help: "updates per round (default 32)" },
        Opt {
            long: "table",
            short: Some('t'),
            value: Some("N"),
            help: "slots in the file table (default 128)",
        },
        Opt {
            long: "mode",
            short: Some('m'),
            value: Some("MODE"),
            help: "ring (prep_files_update, default) or register (register_files_update)",
        },
    ],
    positional: (0, 0),
};

/// No completion for this long means something is wrong: stop rather than
/// hang.
const STALL: Timespec = Timespec::new(5, 0);

/// A small xorshift generator: slot numbers need not be good random numbers,
/// only spread over the table.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn main() -> ExitCode {
    CLI.main(|args| {
        let duration = Duration::from_millis(args.number("duration-ms", 10_000u64, 1, 86_400_000)?);
        let qd = args.number("qd", 32u32, 1, 512)?;
        let table = args.number("table", 128u32, 1, 1 << 20)?;
        let through_ring = match args.value("mode").unwrap_or("ring") {
            "ring" => true,
            "register" => false,
            m => return Err(usage(format!("invalid value '{m}' for '--mode': expected ring or register"))),
        };

        let mut fds = [0i32; 2];
        // SAFETY: pipe2 writes two fds into the array.
        if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } < 0 {
            return Err(std::io::Error::last_os_error()).context("pipe");
        }
        // SAFETY: both fds were just created and are owned by nobody else.
        let (rd, _wr) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
        // What every update installs; the kernel reads it when each update
        // request runs, so it is declared before the ring and outlives it.
        let mut update = [rd.as_raw_fd()];

        let flags = sys::IORING_SETUP_SINGLE_ISSUER | sys::IORING_SETUP_DEFER_TASKRUN;
        let mut ring = match Ring::with_flags(1024, flags) {
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) => Ring::new(1024),
            r => r,
        }
        .context("io_uring setup")?;
        ring.register_ring_fd().context("register_ring_fd")?;
        ring.register_files_sparse(table).context("register_files_sparse")?;
        for slot in 0..table {
            ring.register_files_update(slot, &update).context("register_files_update")?;
        }

        let mut rng = XorShift(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1,
        );
        let mut updates = 0u64;
        let start = Instant::now();
        while start.elapsed() < duration {
            let base = rng.next();
            if !through_ring {
                for i in 0..u64::from(qd) {
                    let slot = ((base + i) % u64::from(table)) as u32;
                    let n = ring.register_files_update(slot, &update).context("register_files_update")?;
                    if n != 1 {
                        return Err(fail(format!("register_files_update updated {n} slots, not 1")));
                    }
                    updates += 1;
                }
                continue;
            }
            for i in 0..u64::from(qd) {
                let slot = ((base + i) % u64::from(table)) as u32;
                let sqe = common::next_sqe(&mut ring)?;
                // SAFETY: `update` is declared before the ring, so it outlives
                // every request, and it is never written while they run.
                unsafe { sqe.prep_files_update(&mut update, slot) };
            }
            ring.submit().context("io_uring_submit")?;
            for _ in 0..qd {
                let cqe = match ring.wait_cqe_timeout(Some(&STALL)) {
                    Err(e) if e.raw_os_error() == Some(libc::ETIME) => {
                        return Err(fail("no update completed within 5 s"));
                    }
                    r => r.context("io_uring_wait_cqe")?,
                };
                ring.cqe_seen(&cqe);
                match cqe.res() {
                    1 => updates += 1,
                    r if r < 0 => return Err(common::cqe_error(r)).context("files_update"),
                    r => return Err(fail(format!("files_update updated {r} slots, not 1"))),
                }
            }
        }
        let ms = common::elapsed_ms(start);
        println!(
            "mode={} qd={qd} table={table} duration={ms}ms updates={updates}",
            if through_ring { "ring" } else { "register" }
        );
        println!("updates/s: {}", updates * 1000 / ms);
        Ok(())
    })
}
