//! `io_uring-cp`: copy a file with a queue of reads and writes in flight.
//!
//! It teaches keeping a queue full, following liburing's
//! `examples/io_uring-cp.c`: the source is cut into blocks (32 KiB), up to
//! 64 of them are in flight at once, each block is read with `prep_readv`
//! and, once its read has completed, written to the same offset of the
//! destination with `prep_writev`. Completions come back in any order; the
//! `user_data` of each request says which block it belongs to. A short read
//! or write is resubmitted for the rest of the block, `EAGAIN` is retried,
//! and a source that shrinks under the copy ends it where the data ended.
//!
//! Only the contents are copied: the destination is created with mode 0644
//! (or truncated), no owner, times or holes are preserved.
//!
//! ```text
//! $ io_uring-cp --qd 32 --bs 128k big.iso copy.iso
//! ```

#[path = "common/mod.rs"]
mod common;

use common::{Cli, Context, Opt, cqe_error, fail, iovec, next_sqe};
use riouring::{CompletionQueueEvent, Ring};
use std::os::fd::{AsRawFd, RawFd};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const CLI: Cli = Cli {
    name: "io_uring-cp",
    synopsis: "SRC DST",
    about: "Copy the contents of SRC to DST with a queue of io_uring reads and writes.",
    opts: &[
        Opt { long: "qd", short: Some('q'), value: Some("N"), help: "blocks in flight (default 64)" },
        Opt { long: "bs", short: Some('b'), value: Some("SIZE"), help: "block size (default 32k)" },
    ],
    positional: (2, 2),
};

/// What a block is doing.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Idle,
    Reading,
    Writing,
}

/// One block of the copy and its buffer. The buffer is allocated once and
/// never resized, so its address is stable while the kernel uses it.
struct Block {
    buf: Box<[u8]>,
    /// Where the block starts in both files.
    offset: u64,
    /// How many bytes the block holds.
    len: usize,
    /// Progress of the current read or write within the block.
    done: usize,
    phase: Phase,
    /// The iovec of the request in flight: `buf[done..len]`.
    iov: libc::iovec,
}

struct Copy<'a> {
    src: RawFd,
    dst: RawFd,
    src_path: &'a Path,
    dst_path: &'a Path,
    /// Where the source ended if it turned out shorter than its size said.
    eof_at: Option<u64>,
}

fn main() -> ExitCode {
    CLI.main(|args| {
        let qd = args.number("qd", 64u32, 1, 4096)?;
        let bs = args.size("bs", 32 << 10, 1, 1 << 30)?;
        let (src_path, dst_path) = (PathBuf::from(&args.positional[0]), PathBuf::from(&args.positional[1]));

        let src = common::open_read(&src_path, 0)?;
        let size = common::input_size(&src, &src_path)?;
        common::check_distinct(&src, &src_path, &dst_path)?;
        let dst = common::open_write(&dst_path)?;

        let mut copy = Copy {
            src: src.as_raw_fd(),
            dst: dst.as_raw_fd(),
            src_path: &src_path,
            dst_path: &dst_path,
            eof_at: None,
        };
        // No more blocks than the file needs.
        let nblocks = (size.div_ceil(bs as u64)).clamp(1, u64::from(qd)) as usize;
        let mut blocks: Box<[Block]> = (0..nblocks)
            .map(|_| Block {
                buf: vec![0u8; bs].into_boxed_slice(),
                offset: 0,
                len: 0,
                done: 0,
                phase: Phase::Idle,
                iov: iovec(std::ptr::null_mut(), 0),
            })
            .collect();
        // Dropped before the blocks (declared after them).
        let mut ring = Ring::new(nblocks as u32).context("io_uring setup")?;

        let mut next_offset = 0u64;
        let mut inflight = 0usize;
        let mut done: Vec<CompletionQueueEvent> = Vec::with_capacity(2 * nblocks);
        loop {
            // Start a read on every idle block while there is file left.
            for (i, b) in blocks.iter_mut().enumerate() {
                if next_offset >= size || copy.eof_at.is_some() {
                    break;
                }
                if b.phase != Phase::Idle {
                    continue;
                }
                b.offset = next_offset;
                b.len = (size - next_offset).min(bs as u64) as usize;
                b.done = 0;
                b.phase = Phase::Reading;
                next_offset += b.len as u64;
                copy.queue(&mut ring, b, i)?;
                inflight += 1;
            }
            if inflight == 0 {
                break;
            }

            ring.submit_and_wait(1).context("io_uring_submit")?;
            done.extend(ring.completions());
            for cqe in done.drain(..) {
                let i = cqe.user_data() as usize;
                if !copy.complete(&mut ring, &mut blocks[i], i, cqe.res())? {
                    inflight -= 1;
                }
            }
        }

        // A source that shrank may leave the destination longer than the
        // data (a block written past the new end before it was noticed).
        if let Some(end) = copy.eof_at {
            if common::is_regular(&dst) {
                dst.set_len(end).context(dst_path.display())?;
            }
        }
        Ok(())
    })
}

impl Copy<'_> {
    /// Queue the request for `b`'s current phase: a read into, or a write
    /// from, `buf[done..len]` at `offset + done`, tagged with the block index.
    fn queue(&self, ring: &mut Ring, b: &mut Block, i: usize) -> common::Result<()> {
        b.iov = iovec(b.buf[b.done..].as_mut_ptr(), b.len - b.done);
        let at = b.offset + b.done as u64;
        let sqe = next_sqe(ring)?;
        match b.phase {
            // SAFETY: the block lives in a boxed slice that outlives every
            // request (the copy loop waits for all of them), its buffer is
            // never resized, and neither the iovec nor the bytes it names are
            // touched until this request completes.
            Phase::Reading => unsafe { sqe.prep_readv(self.src, std::slice::from_ref(&b.iov), at) },
            // SAFETY: as for the read.
            Phase::Writing => unsafe { sqe.prep_writev(self.dst, std::slice::from_ref(&b.iov), at) },
            Phase::Idle => unreachable!("idle blocks have no request"),
        }
        sqe.set_data64(i as u64);
        Ok(())
    }

    /// Handle the completion `res` of block `b`'s request. Returns whether
    /// the block still has a request in flight.
    fn complete(&mut self, ring: &mut Ring, b: &mut Block, i: usize, res: i32) -> common::Result<bool> {
        let reading = b.phase == Phase::Reading;
        if res == -libc::EAGAIN || res == -libc::EINTR {
            self.queue(ring, b, i)?;
            return Ok(true);
        }
        if res < 0 {
            let (what, path) = if reading { ("read", self.src_path) } else { ("write", self.dst_path) };
            return Err(cqe_error(res)).context(format!("{what} {}", path.display()));
        }
        let n = res as usize;
        if n == 0 {
            if !reading {
                return Err(fail(format!("write {}: no progress", self.dst_path.display())));
            }
            // End of file before the size we planned by: the source shrank.
            // This block ends here, and no block after it is started.
            b.len = b.done;
            let end = b.offset + b.done as u64;
            self.eof_at = Some(self.eof_at.map_or(end, |e| e.min(end)));
        }
        b.done += n;
        if b.done < b.len {
            // Short read or write: go on with the rest of the block.
            self.queue(ring, b, i)?;
            return Ok(true);
        }
        if reading && b.len > 0 {
            b.phase = Phase::Writing;
            b.done = 0;
            self.queue(ring, b, i)?;
            return Ok(true);
        }
        b.phase = Phase::Idle;
        Ok(false)
    }
}
