//! `ucontext-cp`: several copies at once on one ring, each a state machine.
//!
//! liburing's `examples/ucontext-cp.c` runs every copy as a coroutine built
//! with `makecontext`/`swapcontext`: a copy submits a request, switches back
//! to the event loop, and is resumed when the completion carrying its
//! context pointer arrives. Rust gets the same interleaving without separate
//! stacks by writing each copy as an explicit state machine: [`Step`] says
//! what the copy waits for (a read, a write, a delay), the `user_data` of
//! its one request in flight is the copy's index, and the event loop feeds
//! each completion to its copy, which queues its next request. (This is
//! what an `async fn` compiles to; spelled out, it shows what the ring
//! needs: a stable home for every buffer and iovec until its completion,
//! and a way back from a completion to whoever waits for it.)
//!
//! Each copy reads a block (`prep_readv`), writes it (`prep_writev`, the
//! rest again after a short write), optionally pauses (`prep_timeout`, as
//! liburing's waits 1 s between blocks), and goes on until a read returns 0.
//! A failing copy is reported and the others go on.
//!
//! ```text
//! $ ucontext-cp -v --bs 4k --delay-ms 100 a.txt a.copy b.txt b.copy
//! copying 2 files...
//! ...
//! finished with 2 success(es) and 0 failure(s)
//! ```

#[path = "common/mod.rs"]
mod common;

use common::{Cli, Context, Error, Opt, cqe_error, iovec, next_sqe, usage};
use riouring::{CompletionQueueEvent, Ring, Timespec};
use std::fs::File;
use std::os::fd::AsRawFd;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

const CLI: Cli = Cli {
    name: "ucontext-cp",
    synopsis: "SRC1 DST1 [SRC2 DST2 ...]",
    about: "Copy each SRC to its DST, all copies interleaved on one io_uring ring, each\n\
            one an explicit state machine (liburing's version uses ucontext coroutines).",
    opts: &[
        Opt { long: "bs", short: Some('b'), value: Some("SIZE"), help: "block size (default 4k)" },
        Opt {
            long: "delay-ms",
            short: Some('d'),
            value: Some("MS"),
            help: "pause after each block, as an io_uring timeout (default 0; liburing's waits 1000)",
        },
        Opt { long: "verbose", short: Some('v'), value: None, help: "trace every request" },
    ],
    positional: (2, usize::MAX),
};

/// What a copy waits for: the one request it has in flight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// A read of the next block at `offset`.
    Read,
    /// The write of `buf[done..len]` at `offset + done`.
    Write { len: usize, done: usize },
    /// The pause after a block.
    Delay,
    /// Finished (`Ok`) or failed.
    Done { ok: bool },
}

/// One copy, with everything its requests point to. Copies live in a boxed
/// slice that is never resized, so their buffers, iovecs and timespecs stay
/// where the kernel was told they are.
struct Copy {
    src: File,
    dst: File,
    src_path: PathBuf,
    dst_path: PathBuf,
    buf: Box<[u8]>,
    iov: libc::iovec,
    delay: Option<Timespec>,
    /// Where the current block starts.
    offset: u64,
    step: Step,
}

fn main() -> ExitCode {
    CLI.main(|args| {
        if args.positional.len() % 2 != 0 {
            return Err(usage("every SRC needs its DST"));
        }
        let bs = args.size("bs", 4096, 1, 64 << 20)?;
        let delay_ms = args.number("delay-ms", 0u64, 0, 3_600_000)?;
        let verbose = args.flag("verbose");

        let mut copies: Box<[Copy]> = args
            .positional
            .chunks(2)
            .map(|pair| {
                let (src_path, dst_path) = (PathBuf::from(&pair[0]), PathBuf::from(&pair[1]));
                let src = common::open_read(&src_path, 0)?;
                common::check_distinct(&src, &src_path, &dst_path)?;
                let dst = common::open_write(&dst_path)?;
                Ok(Copy {
                    src,
                    dst,
                    src_path,
                    dst_path,
                    buf: vec![0; bs].into_boxed_slice(),
                    iov: iovec(std::ptr::null_mut(), 0),
                    delay: (delay_ms > 0).then(|| Timespec::from(Duration::from_millis(delay_ms))),
                    offset: 0,
                    step: Step::Read,
                })
            })
            .collect::<common::Result<_>>()?;
        // Dropped before the copies (declared after them).
        let mut ring =
            Ring::new(copies.len().next_power_of_two().clamp(4, 4096) as u32).context("io_uring setup")?;

        println!("copying {} files...", copies.len());
        for (i, c) in copies.iter_mut().enumerate() {
            c.queue(&mut ring, i, verbose)?;
        }
        let mut active = copies.len();
        let mut done: Vec<CompletionQueueEvent> = Vec::with_capacity(2 * copies.len());
        while active > 0 {
            ring.submit_and_wait(1).context("io_uring_submit")?;
            done.extend(ring.completions());
            for cqe in done.drain(..) {
                let i = cqe.user_data() as usize;
                let c = &mut copies[i];
                c.advance(cqe.res());
                if let Step::Done { ok } = c.step {
                    active -= 1;
                    if verbose {
                        println!("{i}: done, {}", if ok { "ok" } else { "failed" });
                    }
                } else {
                    c.queue(&mut ring, i, verbose)?;
                }
            }
        }

        let ok = copies.iter().filter(|c| c.step == Step::Done { ok: true }).count();
        let failed = copies.len() - ok;
        println!("finished with {ok} success(es) and {failed} failure(s)");
        if failed > 0 { Err(Error::Reported) } else { Ok(()) }
    })
}

impl Copy {
    /// The copy was resumed with its request's result: move to the next
    /// step (the transition function of the state machine).
    fn advance(&mut self, res: i32) {
        let retry = res == -libc::EAGAIN || res == -libc::EINTR;
        self.step = match self.step {
            Step::Read if retry => Step::Read,
            Step::Read if res < 0 => self.failed("read", res),
            Step::Read if res == 0 => Step::Done { ok: true },
            Step::Read => Step::Write { len: res as usize, done: 0 },
            Step::Write { len, done } if retry => Step::Write { len, done },
            Step::Write { .. } if res <= 0 => self.failed("write", if res == 0 { -libc::EIO } else { res }),
            Step::Write { len, done } => {
                let done = done + res as usize;
                if done < len {
                    Step::Write { len, done }
                } else {
                    self.offset += len as u64;
                    if self.delay.is_some() { Step::Delay } else { Step::Read }
                }
            }
            // A timeout "fails" with ETIME when it expires: that is success.
            Step::Delay => Step::Read,
            Step::Done { ok } => Step::Done { ok },
        };
    }

    /// Report a failed request; the copy ends.
    fn failed(&self, what: &str, res: i32) -> Step {
        let path = if what == "read" { &self.src_path } else { &self.dst_path };
        CLI.warn(&Error::Io { what: format!("{what} {}", path.display()), err: cqe_error(res) });
        Step::Done { ok: false }
    }

    /// Queue the request the current step waits for, tagged with the copy's
    /// index `i`.
    fn queue(&mut self, ring: &mut Ring, i: usize, verbose: bool) -> common::Result<()> {
        let sqe = next_sqe(ring)?;
        match self.step {
            Step::Read => {
                self.iov = iovec(self.buf.as_mut_ptr(), self.buf.len());
                if verbose {
                    println!("{i}: readv {} bytes at {}", self.iov.iov_len, self.offset);
                }
                // SAFETY: the copy lives in a boxed slice declared before the
                // ring and kept until every copy is done; its iovec and
                // buffer are not touched until this request completes.
                unsafe { sqe.prep_readv(self.src.as_raw_fd(), std::slice::from_ref(&self.iov), self.offset) };
            }
            Step::Write { len, done } => {
                self.iov = iovec(self.buf[done..].as_mut_ptr(), len - done);
                let at = self.offset + done as u64;
                if verbose {
                    println!("{i}: writev {} bytes at {at}", self.iov.iov_len);
                }
                // SAFETY: as for the read.
                unsafe { sqe.prep_writev(self.dst.as_raw_fd(), std::slice::from_ref(&self.iov), at) };
            }
            Step::Delay => {
                let ts = self.delay.as_ref().expect("a delay step has a delay");
                if verbose {
                    println!("{i}: wait {} ms", ts.sec() * 1000 + ts.nsec() / 1_000_000);
                }
                // SAFETY: the timespec lives in the copy, which outlives the
                // submission of this entry.
                unsafe { sqe.prep_timeout(ts, 0, 0) };
            }
            Step::Done { .. } => unreachable!("a finished copy queues nothing"),
        }
        sqe.set_data64(i as u64);
        Ok(())
    }
}
