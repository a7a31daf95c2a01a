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

use common::{AlignedBuf, Cli, Context, Opt, cqe_error, fail, iovec, next_sqe, open_read};
use riouring::{CompletionQueueEvent, Ring};
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

/// One read slot: its buffer, the iovec naming what is still to be read
/// into it, and where in the file that is.
struct Slot {
    buf: AlignedBuf,
    iov: libc::iovec,
    offset: u64,
}

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

        // The slots never move once built: the kernel holds pointers to
        // their iovecs and buffers while a read is in flight.
        let mut slots: Box<[Slot]> = (0..qd)
            .map(|_| Slot { buf: AlignedBuf::new(bs, 4096), iov: iovec(std::ptr::null_mut(), 0), offset: 0 })
            .collect();
        // Declared after the buffers so that it is dropped before them: on
        // an early error return no read can outlive its buffer.
        let mut ring = Ring::new(qd).context("io_uring setup")?;
        let mut free: Vec<usize> = (0..slots.len()).rev().collect();
        let (mut next_offset, mut submitted, mut completed, mut bytes) = (0u64, 0u64, 0u64, 0u64);
        let mut inflight = 0usize;
        let mut done: Vec<CompletionQueueEvent> = Vec::with_capacity(2 * qd as usize);

        loop {
            // Fill every free slot with the next block of the file.
            while next_offset < size {
                let Some(i) = free.pop() else { break };
                let len = (size - next_offset).min(bs as u64) as usize;
                // O_DIRECT wants whole blocks: ask for the full block and
                // let the read come back short at the end of the file.
                let slot = &mut slots[i];
                slot.iov = iovec(slot.buf.as_mut_ptr(), if direct { bs } else { len });
                slot.offset = next_offset;
                next_offset += len as u64;
                queue_read(&mut ring, fd, slot, i)?;
                inflight += 1;
            }
            if inflight == 0 {
                break;
            }

            submitted += u64::from(ring.submit_and_wait(1).context("io_uring_submit")?);
            done.extend(ring.completions());
            for cqe in done.drain(..) {
                completed += 1;
                let i = cqe.user_data() as usize;
                let slot = &mut slots[i];
                let res = cqe.res();
                if res == -libc::EAGAIN || res == -libc::EINTR {
                    queue_read(&mut ring, fd, slot, i)?;
                    continue;
                }
                if res < 0 {
                    return Err(cqe_error(res)).context(format!("read {}", path.display()));
                }
                let n = res as usize;
                bytes += n as u64;
                let end = slot.offset + n as u64;
                if n == 0 || n >= slot.iov.iov_len || end >= size {
                    if n == 0 && end < size {
                        return Err(fail(format!("{}: file shrank while being read", path.display())));
                    }
                    inflight -= 1;
                    free.push(i);
                    continue;
                }
                // A short read inside the file: read the rest of the block.
                // SAFETY: n < iov_len, so the new base stays inside the buffer.
                slot.iov.iov_base = unsafe { slot.iov.iov_base.cast::<u8>().add(n) }.cast();
                slot.iov.iov_len -= n;
                slot.offset = end;
                queue_read(&mut ring, fd, slot, i)?;
            }
        }

        println!("Submitted={submitted}, completed={completed}, bytes={bytes}");
        Ok(())
    })
}

/// Queue a vectored read of `slot`'s iovec, tagged with the slot index.
fn queue_read(ring: &mut Ring, fd: i32, slot: &mut Slot, i: usize) -> common::Result<()> {
    let sqe = next_sqe(ring)?;
    // SAFETY: `slot` lives in a boxed slice that outlives the ring's use of
    // it (it is dropped after the loop that waits for every completion), and
    // neither the iovec nor the buffer it names is touched until this read
    // completes.
    unsafe { sqe.prep_readv(fd, std::slice::from_ref(&slot.iov), slot.offset) };
    sqe.set_data64(i as u64);
    Ok(())
}
