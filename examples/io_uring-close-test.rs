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

use common::{Cli, Context, Opt, cqe_error, fail, iovec, next_sqe};
use riouring::{CompletionQueueEvent, Ring};
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

/// One read slot: its buffer, the iovec of its read in flight, and the
/// file offset the iovec starts at.
struct Slot {
    buf: Box<[u8]>,
    iov: libc::iovec,
    offset: u64,
}

fn main() -> ExitCode {
    CLI.main(|args| {
        let qd = args.number("qd", 4u32, 1, 4096)?;
        let bs = args.size("bs", 4096, 1, 64 << 20)?;
        let path = PathBuf::from(&args.positional[0]);

        let mut slots: Box<[Slot]> = (0..qd)
            .map(|_| Slot {
                buf: vec![0; bs].into_boxed_slice(),
                iov: iovec(std::ptr::null_mut(), 0),
                offset: 0,
            })
            .collect();
        // Dropped before the slots (declared after them).
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

        let mut free: Vec<usize> = (0..slots.len()).rev().collect();
        let (mut next_offset, mut submitted, mut completed, mut bytes) = (0u64, 0u64, 0u64, 0u64);
        let mut inflight = 0usize;
        let mut done: Vec<CompletionQueueEvent> = Vec::with_capacity(2 * qd as usize);
        loop {
            while next_offset < size {
                let Some(i) = free.pop() else { break };
                let slot = &mut slots[i];
                let len = (size - next_offset).min(bs as u64) as usize;
                slot.iov = iovec(slot.buf.as_mut_ptr(), len);
                slot.offset = next_offset;
                next_offset += len as u64;
                queue_read(&mut ring, fd, slot, i)?;
                inflight += 1;
            }
            if inflight == 0 {
                break;
            }

            // Every enter below goes through the registered index: the
            // ring has no fd any more.
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
                if n == 0 {
                    return Err(fail(format!("{}: file shrank while being read", path.display())));
                }
                if n < slot.iov.iov_len {
                    // Short read: read the rest of this block.
                    // SAFETY: n < iov_len, so the new base stays in the buffer.
                    slot.iov.iov_base = unsafe { slot.iov.iov_base.cast::<u8>().add(n) }.cast();
                    slot.iov.iov_len -= n;
                    slot.offset += n as u64;
                    queue_read(&mut ring, fd, slot, i)?;
                    continue;
                }
                inflight -= 1;
                free.push(i);
            }
        }

        println!("Submitted={submitted}, completed={completed}, bytes={bytes}");
        Ok(())
    })
}

/// Queue a vectored read of `slot`'s iovec, tagged with the slot index.
fn queue_read(ring: &mut Ring, fd: i32, slot: &mut Slot, i: usize) -> common::Result<()> {
    let sqe = next_sqe(ring)?;
    // SAFETY: `slot` lives in a boxed slice declared before the ring and
    // kept until every read completed; neither the iovec nor the buffer it
    // names is touched while the read is in flight.
    unsafe { sqe.prep_readv(fd, std::slice::from_ref(&slot.iov), slot.offset) };
    sqe.set_data64(i as u64);
    Ok(())
}
