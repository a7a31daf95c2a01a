//! `link-cp`: copy a file with linked read -> write pairs.
//!
//! It teaches request links, following liburing's `examples/link-cp.c`:
//! each block of the source is copied by two requests submitted together, a
//! `prep_readv` flagged `IOSQE_IO_LINK` and the `prep_writev` of the same
//! buffer, so the kernel starts the write only once the read has completed,
//! without a round trip through user space. A link breaks when its first
//! request fails or comes back short (a short read counts as a failure for
//! a link): the write then completes with `-ECANCELED`. The program sees
//! both completions of the pair, and if the block is not complete it links
//! a read of the remainder to a write from the first byte not yet written,
//! until the block is done. Writes that come back short get the rest written
//! on their own.
//!
//! Only the contents are copied (the destination is created with mode 0644,
//! or truncated).
//!
//! ```text
//! $ link-cp --qd 16 source.bin copy.bin
//! ```

#[path = "common/mod.rs"]
mod common;

use common::{Cli, Context, Opt, cqe_error, fail, iovec};
use riouring::{CompletionQueueEvent, Ring, sys};
use std::os::fd::{AsRawFd, RawFd};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const CLI: Cli = Cli {
    name: "link-cp",
    synopsis: "SRC DST",
    about: "Copy the contents of SRC to DST with linked io_uring read -> write pairs.",
    opts: &[
        Opt {
            long: "qd",
            short: Some('q'),
            value: Some("N"),
            help: "requests in flight, two per block (default 64)",
        },
        Opt { long: "bs", short: Some('b'), value: Some("SIZE"), help: "block size (default 32k)" },
    ],
    positional: (2, 2),
};

/// One block being copied, with its buffer (allocated once, never resized:
/// its address is stable while the kernel uses it).
struct Block {
    buf: Box<[u8]>,
    /// Where the block starts in both files.
    offset: u64,
    /// How many bytes the block holds.
    len: usize,
    /// `buf[..got]` holds source data.
    got: usize,
    /// `buf[..put]` is known to be written to the destination.
    put: usize,
    /// Requests of this block still in flight (0, 1 or 2).
    pending: u8,
    /// The completions of the requests in flight, kept until both are in.
    read_res: Option<i32>,
    write_res: Option<i32>,
    /// The iovecs of the requests in flight.
    riov: libc::iovec,
    wiov: libc::iovec,
}

struct Copy<'a> {
    src: RawFd,
    dst: RawFd,
    src_path: &'a Path,
    dst_path: &'a Path,
    /// Where the source ended if it turned out shorter than its size said.
    eof_at: Option<u64>,
}

/// `user_data` of a block's requests: the block index, and which request.
fn tag(block: usize, write: bool) -> u64 {
    (block as u64) << 1 | u64::from(write)
}

fn main() -> ExitCode {
    CLI.main(|args| {
        let qd = args.number("qd", 64u32, 2, 4096)?;
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
        let nblocks = size.div_ceil(bs as u64).clamp(1, u64::from(qd / 2)) as usize;
        let mut blocks: Box<[Block]> = (0..nblocks)
            .map(|_| Block {
                buf: vec![0u8; bs].into_boxed_slice(),
                offset: 0,
                len: 0,
                got: 0,
                put: 0,
                pending: 0,
                read_res: None,
                write_res: None,
                riov: iovec(std::ptr::null_mut(), 0),
                wiov: iovec(std::ptr::null_mut(), 0),
            })
            .collect();
        // Dropped before the blocks (declared after them).
        let mut ring = Ring::new(qd).context("io_uring setup")?;

        let mut next_offset = 0u64;
        let mut busy = 0usize;
        let mut done: Vec<CompletionQueueEvent> = Vec::with_capacity(2 * qd as usize);
        loop {
            for (i, b) in blocks.iter_mut().enumerate() {
                if next_offset >= size || copy.eof_at.is_some() {
                    break;
                }
                if b.pending != 0 {
                    continue;
                }
                b.offset = next_offset;
                b.len = (size - next_offset).min(bs as u64) as usize;
                b.got = 0;
                b.put = 0;
                next_offset += b.len as u64;
                copy.issue(&mut ring, b, i)?;
                busy += 1;
            }
            if busy == 0 {
                break;
            }

            ring.submit_and_wait(1).context("io_uring_submit")?;
            done.extend(ring.completions());
            for cqe in done.drain(..) {
                let i = (cqe.user_data() >> 1) as usize;
                let b = &mut blocks[i];
                if cqe.user_data() & 1 == 0 {
                    b.read_res = Some(cqe.res());
                } else {
                    b.write_res = Some(cqe.res());
                }
                b.pending -= 1;
                if b.pending == 0 {
                    copy.resolve(b)?;
                    if !copy.issue(&mut ring, b, i)? {
                        busy -= 1;
                    }
                }
            }
        }

        // A source that shrank may leave the destination longer than the
        // data (a write that ran past the new end before it was noticed).
        if let Some(end) = copy.eof_at {
            if common::is_regular(&dst) {
                dst.set_len(end).context(dst_path.display())?;
            }
        }
        Ok(())
    })
}

impl Copy<'_> {
    /// Queue what block `b` still needs: a linked read -> write pair while
    /// source data is missing, a lone write while only writing is left.
    /// Returns whether anything was queued (false: the block is done).
    fn issue(&self, ring: &mut Ring, b: &mut Block, i: usize) -> common::Result<bool> {
        let read = b.got < b.len;
        if !read && b.put >= b.len {
            return Ok(false);
        }
        // Both halves of a pair must go in the same submission: a link
        // cannot span two io_uring_enter calls.
        if ring.sq_space_left() < 1 + u32::from(read) {
            ring.submit().context("io_uring_submit")?;
        }
        if read {
            b.riov = iovec(b.buf[b.got..].as_mut_ptr(), b.len - b.got);
            let sqe = ring.get_sqe().ok_or_else(|| fail("submission queue full"))?;
            // SAFETY: the block lives in a boxed slice that outlives every
            // request (the copy loop waits for all of them), its buffer is
            // never resized, and neither the iovec nor the bytes it names are
            // touched until both requests of the pair have completed.
            unsafe { sqe.prep_readv(self.src, std::slice::from_ref(&b.riov), b.offset + b.got as u64) };
            sqe.set_flags(sys::IOSQE_IO_LINK);
            sqe.set_data64(tag(i, false));
        }
        b.wiov = iovec(b.buf[b.put..].as_mut_ptr(), b.len - b.put);
        let sqe = ring.get_sqe().ok_or_else(|| fail("submission queue full"))?;
        // SAFETY: as for the read above.
        unsafe { sqe.prep_writev(self.dst, std::slice::from_ref(&b.wiov), b.offset + b.put as u64) };
        sqe.set_data64(tag(i, true));
        b.pending = 1 + u8::from(read);
        b.read_res = None;
        b.write_res = None;
        Ok(true)
    }

    /// Both completions of `b`'s requests are in: account what they did.
    fn resolve(&mut self, b: &mut Block) -> common::Result<()> {
        let retry = |r: i32| r == -libc::EAGAIN || r == -libc::EINTR;
        if let Some(r) = b.read_res.take() {
            if r < 0 && !retry(r) {
                return Err(cqe_error(r)).context(format!("read {}", self.src_path.display()));
            }
            if r == 0 {
                // End of file before the size we planned by: the source
                // shrank. The block ends here; no block after it starts.
                b.len = b.got;
                let end = b.offset + b.got as u64;
                self.eof_at = Some(self.eof_at.map_or(end, |e| e.min(end)));
            }
            b.got += r.max(0) as usize;
        }
        if let Some(w) = b.write_res.take() {
            if w == -libc::ECANCELED || retry(w) {
                // The read broke the link (or the write is to be retried):
                // nothing was written.
            } else if w < 0 {
                return Err(cqe_error(w)).context(format!("write {}", self.dst_path.display()));
            } else if w == 0 && b.put < b.len {
                return Err(fail(format!("write {}: no progress", self.dst_path.display())));
            } else {
                // Only what the read really delivered counts as written; a
                // write that ran on past a short read wrote stale bytes that
                // the next write of the block overwrites.
                b.put = (b.put + w as usize).min(b.got);
            }
        }
        Ok(())
    }
}
