//! `io_uring-test`: read a whole file through io_uring with vectored reads,
//! and report how many requests were submitted and how many bytes came back.
//!
//! It teaches the basic life of a ring, following liburing's
//! `examples/io_uring-test.c`: set the ring up, take submission entries, fill
//! them with `prep_readv` (one page-aligned 4 KiB iovec each, four at a time
//! by default), submit, wait for completions, match each completion to its
//! request through `user_data`, and tear the ring down. The file is opened
//! with `O_DIRECT` like liburing's (falling back to buffered reads where the
//! filesystem refuses it), which is why the buffers are page-aligned.
//!
//! Where liburing's program reads only the first queue-full of blocks, this
//! one keeps the queue full until the whole file is read, resubmitting the
//! rest of a block after a short read.
//!
//! ```text
//! $ io_uring-test /etc/services
//! Submitted=4, completed=4, bytes=12813
//! ```

#[path = "common/mod.rs"]
mod common;

use common::{Cli, Context, Opt, ReadStats, open_read};
use riouring::Ring;
use std::path::PathBuf;
use std::process::ExitCode;

const CLI: Cli = Cli {
    name: "io_uring-test",
    synopsis: "FILE",
    about: "Read FILE with io_uring vectored reads (O_DIRECT where possible) and print\n\
            how many reads were submitted and completed, and how many bytes were read.",
    opts: &[
        Opt { long: "qd", short: Some('q'), value: Some("N"), help: "reads in flight (default 4)" },
        Opt {
            long: "bs",
            short: Some('b'),
            value: Some("SIZE"),
            help: "bytes per read (default 4k; a multiple of 512 unless --buffered)",
        },
        Opt { long: "buffered", short: None, value: None, help: "do not use O_DIRECT" },
    ],
    positional: (1, 1),
};

fn main() -> ExitCode {
    CLI.main(|args| {
        let qd = args.number("qd", 4u32, 1, 4096)?;
        let bs = args.size("bs", 4096, 512, 64 << 20)?;
        if bs % 512 != 0 && !args.flag("buffered") {
            return Err(common::usage(format!("block size {bs} is not a multiple of 512")));
        }
        let path = PathBuf::from(&args.positional[0]);

        // O_DIRECT as liburing's example does; some filesystems (tmpfs on
        // older kernels, overlayfs, ...) refuse it with EINVAL.
        let mut direct = !args.flag("buffered");
        let file = if !direct {
            open_read(&path, 0)?
        } else {
            match open_read(&path, libc::O_DIRECT) {
                Err(common::Error::Io { err, .. }) if err.raw_os_error() == Some(libc::EINVAL) => {
                    eprintln!("{}: {}: O_DIRECT refused, reading buffered", CLI.name, path.display());
                    direct = false;
                    open_read(&path, 0)?
                }
                other => other?,
            }
        };
        let size = common::input_size(&file, &path)?;
        let fd = std::os::fd::AsRawFd::as_raw_fd(&file);

        // Declared before the ring, so the ring is dropped first: on an
        // early error return no read can outlive its buffer.
        let mut slots = common::read_slots(qd, bs);
        let mut ring = Ring::new(qd).context("io_uring setup")?;
        let stats = common::read_file_vectored(&mut ring, &mut slots, fd, &path, size, direct)?;
        let ReadStats { submitted, completed, bytes } = stats;
        println!("Submitted={submitted}, completed={completed}, bytes={bytes}");
        Ok(())
    })
}
