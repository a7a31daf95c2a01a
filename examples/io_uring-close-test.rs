//! `io_uring-close-test`: use a ring whose file descriptor is closed.
//!
//! It teaches registered ring fds, following liburing's
//! `examples/io_uring-close-test.c`: `register_ring_fd` registers the ring's
//! own fd with the ring, so that `io_uring_enter` (and, on kernels with
//! `IORING_FEAT_REG_REG_RING`, `io_uring_register`) can name the ring by a
//! small index instead of looking the fd up on every call. `close_ring_fd`
//! then closes the real fd: the ring lives on, reachable only through the
//! registered index, and no longer takes a slot in the process's fd table.
//! The program proves it by checking that the old fd number is gone, then
//! reading a whole file through the ring with vectored reads.
//!
//! ```text
//! $ io_uring-close-test /etc/services
//! ring fd 3 closed; the ring is entered through registered index 0
//! Submitted=4, completed=4, bytes=12813
//! ```

#[path = "common/mod.rs"]
mod common;

use common::{Cli, Context, Opt, ReadStats, fail};
use riouring::Ring;
use std::os::fd::AsRawFd;
use std::path::PathBuf;
use std::process::ExitCode;

const CLI: Cli = Cli {
    name: "io_uring-close-test",
    synopsis: "FILE",
    about: "Register the ring fd, close the real one, then read FILE through the ring\n\
            and print how many reads were submitted and completed, and how many bytes were read.",
    opts: &[
        Opt { long: "qd", short: Some('q'), value: Some("N"), help: "reads in flight (default 4)" },
        Opt { long: "bs", short: Some('b'), value: Some("SIZE"), help: "bytes per read (default 4k)" },
    ],
    positional: (1, 1),
};

fn main() -> ExitCode {
    CLI.main(|args| {
        let qd = args.number("qd", 4u32, 1, 4096)?;
        let bs = args.size("bs", 4096, 1, 64 << 20)?;
        let path = PathBuf::from(&args.positional[0]);

        // Declared before the ring, so the ring is dropped first.
        let mut slots = common::read_slots(qd, bs);
        let mut ring = Ring::new(qd).context("io_uring setup")?;
        let ring_fd = ring.as_raw_fd();

        ring.register_ring_fd().context("register_ring_fd")?;
        ring.close_ring_fd().context("close_ring_fd")?;

        // The old fd number must be gone from the fd table now (checked
        // before anything else is opened and could take the number).
        // SAFETY: F_GETFD on any integer is harmless: it only reads flags.
        if unsafe { libc::fcntl(ring_fd, libc::F_GETFD) } != -1 {
            return Err(fail(format!("ring fd {ring_fd} is still open after close_ring_fd")));
        }
        println!(
            "ring fd {ring_fd} closed; the ring is entered through registered index {}",
            ring.enter_fd()
        );

        let file = common::open_read(&path, 0)?;
        let size = common::input_size(&file, &path)?;
        let fd = file.as_raw_fd();

        // Every enter below goes through the registered index: the ring has
        // no fd any more.
        let ReadStats { submitted, completed, bytes } =
            common::read_file_vectored(&mut ring, &mut slots, fd, &path, size, false)?;
        println!("Submitted={submitted}, completed={completed}, bytes={bytes}");
        Ok(())
    })
}
