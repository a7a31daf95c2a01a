//! What every example program shares and none of them is about: a small
//! command-line parser, error reporting with the right exit codes, opening
//! files, sizing inputs, and page-aligned buffers.
//!
//! Each example includes this file with `#[path = "common/mod.rs"] mod common;`
//! and uses only part of it.

#![allow(dead_code)]

use riouring::{Ring, SubmissionQueueEntry};
use std::ffi::OsString;
use std::fmt::Display;
use std::fs::{File, OpenOptions};
use std::io;
use std::os::fd::AsRawFd;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;
use std::process::ExitCode;
use std::str::FromStr;

// ---------------------------------------------------------------------------
// Errors

/// Why a program stops.
#[derive(Debug)]
pub enum Error {
    /// Bad command line: reported with a hint to `--help`, exit code 2.
    Usage(String),
    /// A system call failed: `<name>: <what>: <os error>`, exit code 1.
    Io { what: String, err: io::Error },
    /// Anything else: `<name>: <message>`, exit code 1.
    Msg(String),
    /// Already reported (by [`Cli::warn`]): exit code 1, nothing printed.
    Reported,
}

/// The examples' result type.
pub type Result<T> = std::result::Result<T, Error>;

/// Attach "what was being done" to an `io::Result`.
pub trait Context<T> {
    /// On error, say `what` failed.
    fn context(self, what: impl Display) -> Result<T>;
}

impl<T> Context<T> for io::Result<T> {
    fn context(self, what: impl Display) -> Result<T> {
        self.map_err(|err| Error::Io { what: what.to_string(), err })
    }
}

/// A usage error.
pub fn usage(msg: impl Display) -> Error {
    Error::Usage(msg.to_string())
}

/// A plain failure.
pub fn fail(msg: impl Display) -> Error {
    Error::Msg(msg.to_string())
}

/// The kernel's `-errno` result of a completion as an `io::Error`.
pub fn cqe_error(res: i32) -> io::Error {
    io::Error::from_raw_os_error(-res)
}

/// An `io::Error` as the C library would word it ("No such file or
/// directory"), without Rust's " (os error 2)" suffix.
pub fn os_message(err: &io::Error) -> String {
    let s = err.to_string();
    match s.find(" (os error ") {
        Some(i) if err.raw_os_error().is_some() => s[..i].to_string(),
        _ => s,
    }
}

// ---------------------------------------------------------------------------
// Command line

/// One option of a program.
pub struct Opt {
    /// `--long`.
    pub long: &'static str,
    /// `-s`, if any.
    pub short: Option<char>,
    /// The value's placeholder (`N`, `SIZE`); `None` for a flag.
    pub value: Option<&'static str>,
    /// One line of help, with the default.
    pub help: &'static str,
}

/// A program's command line: its name, what it takes, and what it does.
pub struct Cli {
    /// The program name, used in every message.
    pub name: &'static str,
    /// The positional arguments' synopsis (`SRC DST`).
    pub synopsis: &'static str,
    /// What the program does (a few lines).
    pub about: &'static str,
    /// Its options (`--help` is added).
    pub opts: &'static [Opt],
    /// How many positional arguments it takes, at least and at most.
    pub positional: (usize, usize),
}

/// The parsed command line.
pub struct Args {
    name: &'static str,
    values: Vec<(&'static str, String)>,
    flags: Vec<&'static str>,
    /// The positional arguments, in order.
    pub positional: Vec<OsString>,
}

const HELP: Opt = Opt { long: "help", short: Some('h'), value: None, help: "print this help and exit" };

impl Cli {
    /// The `--help` text.
    pub fn help(&self) -> String {
        let usage = format!("Usage: {} [OPTIONS] {}", self.name, self.synopsis);
        let mut s = format!("{}\n\n{}\n\nOptions:\n", usage.trim_end(), self.about);
        let rows: Vec<(String, &str)> = self
            .opts
            .iter()
            .chain(std::iter::once(&HELP))
            .map(|o| {
                let short = o.short.map(|c| format!("-{c}, ")).unwrap_or_else(|| "    ".into());
                let value = o.value.map(|v| format!(" {v}")).unwrap_or_default();
                (format!("  {short}--{}{value}", o.long), o.help)
            })
            .collect();
        let width = rows.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
        for (left, help) in rows {
            s += &format!("{left:width$}  {help}\n");
        }
        s
    }

    /// Parse the process's arguments, print help or report errors, run
    /// `body`, and turn its outcome into the exit code.
    pub fn main(&self, body: impl FnOnce(Args) -> Result<()>) -> ExitCode {
        let outcome = match self.parse(std::env::args_os().skip(1)) {
            Ok(None) => {
                print!("{}", self.help());
                return ExitCode::SUCCESS;
            }
            Ok(Some(args)) => body(args),
            Err(e) => Err(e),
        };
        match outcome {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => self.report(&e),
        }
    }

    /// Print `e` the way the programs do, for a program that goes on (and
    /// later returns [`Error::Reported`]).
    pub fn warn(&self, e: &Error) {
        self.report(e);
    }

    /// Print `e` the way the programs do and return its exit code.
    pub fn report(&self, e: &Error) -> ExitCode {
        match e {
            Error::Reported => ExitCode::FAILURE,
            Error::Usage(msg) => {
                eprintln!("{}: {msg}\nTry '{} --help' for more information.", self.name, self.name);
                ExitCode::from(2)
            }
            Error::Io { what, err } => {
                eprintln!("{}: {what}: {}", self.name, os_message(err));
                ExitCode::FAILURE
            }
            Error::Msg(msg) => {
                eprintln!("{}: {msg}", self.name);
                ExitCode::FAILURE
            }
        }
    }

    /// Parse `args`: `Ok(None)` when help was asked for.
    pub fn parse(&self, args: impl IntoIterator<Item = OsString>) -> Result<Option<Args>> {
        let mut out = Args { name: self.name, values: Vec::new(), flags: Vec::new(), positional: Vec::new() };
        let mut args = args.into_iter();
        let mut only_positional = false;
        while let Some(arg) = args.next() {
            let text = arg.to_str();
            let is_option = !only_positional && text.is_some_and(|t| t.starts_with('-') && t.len() > 1);
            if !is_option {
                out.positional.push(arg);
                continue;
            }
            let text = text.unwrap_or_default();
            if text == "--" {
                only_positional = true;
                continue;
            }
            // Split "--name=value", "--name", "-x", "-xVALUE".
            let (opt, inline): (Option<&Opt>, Option<String>) = if let Some(long) = text.strip_prefix("--") {
                let (n, v) = match long.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (long, None),
                };
                (self.opts.iter().chain(std::iter::once(&HELP)).find(|o| o.long == n), v)
            } else {
                let mut chars = text[1..].chars();
                let c = chars.next();
                let rest: String = chars.collect();
                let o = self.opts.iter().chain(std::iter::once(&HELP)).find(|o| o.short == c);
                (o, if rest.is_empty() { None } else { Some(rest) })
            };
            let Some(opt) = opt else {
                return Err(usage(format!("unknown option '{text}'")));
            };
            if opt.long == "help" {
                return Ok(None);
            }
            match opt.value {
                None => {
                    if inline.is_some() {
                        return Err(usage(format!("option '--{}' takes no value", opt.long)));
                    }
                    out.flags.push(opt.long);
                }
                Some(_) => {
                    let v = match inline {
                        Some(v) => v,
                        None => match args.next() {
                            Some(v) => v
                                .into_string()
                                .map_err(|v| usage(format!("invalid value {v:?} for '--{}'", opt.long)))?,
                            None => return Err(usage(format!("option '--{}' needs a value", opt.long))),
                        },
                    };
                    out.values.push((opt.long, v));
                }
            }
        }
        let (min, max) = self.positional;
        let n = out.positional.len();
        if n < min {
            return Err(usage(format!("missing arguments (expected {})", self.synopsis)));
        }
        if n > max {
            return Err(usage(format!("unexpected argument {:?}", out.positional[max])));
        }
        Ok(Some(out))
    }
}

impl Args {
    /// Was flag `--long` given?
    pub fn flag(&self, long: &str) -> bool {
        self.flags.contains(&long)
    }

    /// The last value given for `--long`.
    pub fn value(&self, long: &str) -> Option<&str> {
        self.values.iter().rev().find(|(n, _)| *n == long).map(|(_, v)| v.as_str())
    }

    /// `--long` as a number in `min..=max`, or `default`.
    pub fn number<T>(&self, long: &str, default: T, min: T, max: T) -> Result<T>
    where
        T: FromStr + PartialOrd + Display + Copy,
    {
        let Some(v) = self.value(long) else { return Ok(default) };
        match v.parse::<T>() {
            Ok(n) if n >= min && n <= max => Ok(n),
            _ => Err(usage(format!(
                "invalid value '{v}' for '--{long}': expected a number from {min} to {max}"
            ))),
        }
    }

    /// `--long` as a byte size (`4096`, `32k`, `1M`, `2G`) in `min..=max`,
    /// or `default`.
    pub fn size(&self, long: &str, default: usize, min: usize, max: usize) -> Result<usize> {
        let Some(v) = self.value(long) else { return Ok(default) };
        match parse_size(v) {
            Some(n) if n >= min && n <= max => Ok(n),
            _ => Err(usage(format!(
                "invalid size '{v}' for '--{long}': expected {} to {} bytes (suffixes k, M, G)",
                min, max
            ))),
        }
    }

    /// The program name.
    pub fn name(&self) -> &'static str {
        self.name
    }
}

/// `32k` -> 32768; `1M` -> 1048576; plain numbers are bytes.
pub fn parse_size(s: &str) -> Option<usize> {
    let (digits, shift) = match s.as_bytes().last()? {
        b'k' | b'K' => (&s[..s.len() - 1], 10),
        b'm' | b'M' => (&s[..s.len() - 1], 20),
        b'g' | b'G' => (&s[..s.len() - 1], 30),
        _ => (s, 0),
    };
    let n: usize = digits.parse().ok()?;
    n.checked_mul(1usize << shift)
}

// ---------------------------------------------------------------------------
// Files

/// Open `path` for reading (with extra `O_*` flags such as `O_DIRECT`).
/// A directory is refused up front with `EISDIR` (opening one for reading
/// would succeed, and only the first read fail).
pub fn open_read(path: &Path, flags: i32) -> Result<File> {
    if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(io::Error::from_raw_os_error(libc::EISDIR)).context(path.display());
    }
    OpenOptions::new().read(true).custom_flags(flags).open(path).context(path.display())
}

/// Create or truncate `path` for writing, mode 0644.
pub fn open_write(path: &Path) -> Result<File> {
    OpenOptions::new().write(true).create(true).truncate(true).mode(0o644).open(path).context(path.display())
}

/// Refuse to copy `src` (open as `src_file`) onto itself: opening `dst`
/// for writing would truncate the source before it was read.
pub fn check_distinct(src_file: &File, src: &Path, dst: &Path) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let a = src_file.metadata().context(src.display())?;
    if let Ok(b) = std::fs::metadata(dst) {
        if a.dev() == b.dev() && a.ino() == b.ino() {
            return Err(fail(format!("'{}' and '{}' are the same file", src.display(), dst.display())));
        }
    }
    Ok(())
}

/// `BLKGETSIZE64`: `_IOR(0x12, 114, size_t)`, the size of a block device in
/// bytes.
const BLKGETSIZE64: libc::c_ulong = 0x8008_1272;

/// The number of bytes to read from `file`: the size of a regular file or
/// of a block device. Anything else (a pipe, a terminal) has no size to plan
/// the reads by, and is refused.
pub fn input_size(file: &File, path: &Path) -> Result<u64> {
    let meta = file.metadata().context(path.display())?;
    let ft = meta.file_type();
    if ft.is_file() {
        Ok(meta.len())
    } else if ft.is_block_device() {
        let mut bytes: u64 = 0;
        // SAFETY: BLKGETSIZE64 writes one u64 through the pointer, which
        // points to a live local.
        let r = unsafe { libc::ioctl(file.as_raw_fd(), BLKGETSIZE64, &mut bytes as *mut u64) };
        if r < 0 {
            return Err(io::Error::last_os_error()).context(path.display());
        }
        Ok(bytes)
    } else if ft.is_dir() {
        Err(Error::Io { what: path.display().to_string(), err: io::Error::from_raw_os_error(libc::EISDIR) })
    } else {
        Err(fail(format!("{}: not a regular file or block device", path.display())))
    }
}

/// Whether `file` is a regular file (its length can be set).
pub fn is_regular(file: &File) -> bool {
    file.metadata().map(|m| m.file_type().is_file()).unwrap_or(false)
}

// ---------------------------------------------------------------------------
// Buffers

/// A zeroed heap buffer aligned to `align` bytes (what `O_DIRECT` needs).
/// Its address never changes, so the kernel may be handed pointers into it.
pub struct AlignedBuf {
    ptr: std::ptr::NonNull<u8>,
    layout: std::alloc::Layout,
    len: usize,
}

impl AlignedBuf {
    /// `len` zero bytes at an `align`-aligned address (`align` a power of two).
    pub fn new(len: usize, align: usize) -> AlignedBuf {
        let layout = std::alloc::Layout::from_size_align(len.max(1), align).expect("valid buffer layout");
        // SAFETY: the layout's size is non-zero.
        let p = unsafe { std::alloc::alloc_zeroed(layout) };
        let Some(ptr) = std::ptr::NonNull::new(p) else { std::alloc::handle_alloc_error(layout) };
        AlignedBuf { ptr, layout, len }
    }

    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        // SAFETY: ptr is valid for len initialized (zeroed at allocation)
        // bytes, borrowed through &self.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }

    /// The bytes, mutably.
    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        // SAFETY: as in as_slice, borrowed through &mut self.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }

    /// The start address (for iovecs).
    pub fn as_mut_ptr(&mut self) -> *mut u8 {
        self.ptr.as_ptr()
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the buffer holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl Drop for AlignedBuf {
    fn drop(&mut self) {
        // SAFETY: allocated in `new` with this very layout.
        unsafe { std::alloc::dealloc(self.ptr.as_ptr(), self.layout) }
    }
}

/// An iovec naming `len` bytes at `base`.
pub fn iovec(base: *mut u8, len: usize) -> libc::iovec {
    libc::iovec { iov_base: base.cast(), iov_len: len }
}

// ---------------------------------------------------------------------------
// Ring helpers

/// A submission entry, submitting what is queued first if the SQ is full.
pub fn next_sqe(ring: &mut Ring) -> Result<&mut SubmissionQueueEntry> {
    if ring.sq_space_left() == 0 {
        ring.submit().context("io_uring_submit")?;
    }
    ring.get_sqe().ok_or_else(|| fail("submission queue full"))
}

/// Milliseconds elapsed since `start`, at least 1 (for rates).
pub fn elapsed_ms(start: std::time::Instant) -> u64 {
    (start.elapsed().as_millis() as u64).max(1)
}

/// One read slot of [`read_file_vectored`]: its buffer, the iovec naming
/// what is still to be read into it, and where in the file that is.
pub struct ReadSlot {
    buf: AlignedBuf,
    iov: libc::iovec,
    offset: u64,
}

/// `qd` read slots of `bs` page-aligned bytes each. Create them before the
/// ring that reads into them, so that the ring is dropped first: on an
/// early error return no read can outlive its buffer.
pub fn read_slots(qd: u32, bs: usize) -> Box<[ReadSlot]> {
    (0..qd)
        .map(|_| ReadSlot { buf: AlignedBuf::new(bs, 4096), iov: iovec(std::ptr::null_mut(), 0), offset: 0 })
        .collect()
}

/// What [`read_file_vectored`] did.
pub struct ReadStats {
    /// Reads the kernel accepted.
    pub submitted: u64,
    /// Completions reaped.
    pub completed: u64,
    /// Bytes read.
    pub bytes: u64,
}

/// Read the `size` bytes of `fd` (`path`, for messages) through `ring` with
/// one vectored read per slot in flight, keeping every slot busy until the
/// whole file is read and resubmitting the rest of a block after a short
/// read. With `whole_blocks` every read asks for a full slot (O_DIRECT wants
/// whole blocks; the last one comes back short at the end of the file).
pub fn read_file_vectored(
    ring: &mut Ring,
    slots: &mut [ReadSlot],
    fd: i32,
    path: &Path,
    size: u64,
    whole_blocks: bool,
) -> Result<ReadStats> {
    let mut free: Vec<usize> = (0..slots.len()).rev().collect();
    let mut next_offset = 0u64;
    let mut stats = ReadStats { submitted: 0, completed: 0, bytes: 0 };
    let mut inflight = 0usize;
    let mut done: Vec<riouring::CompletionQueueEvent> = Vec::with_capacity(2 * slots.len());
    loop {
        // Fill every free slot with the next block of the file.
        while next_offset < size {
            let Some(i) = free.pop() else { break };
            let slot = &mut slots[i];
            let bs = slot.buf.as_slice().len();
            let len = (size - next_offset).min(bs as u64) as usize;
            slot.iov = iovec(slot.buf.as_mut_ptr(), if whole_blocks { bs } else { len });
            slot.offset = next_offset;
            next_offset += len as u64;
            queue_readv(ring, fd, slot, i)?;
            inflight += 1;
        }
        if inflight == 0 {
            return Ok(stats);
        }

        stats.submitted += u64::from(ring.submit_and_wait(1).context("io_uring_submit")?);
        done.extend(ring.completions());
        for cqe in done.drain(..) {
            stats.completed += 1;
            let i = cqe.user_data() as usize;
            let slot = &mut slots[i];
            let res = cqe.res();
            if res == -libc::EAGAIN || res == -libc::EINTR {
                queue_readv(ring, fd, slot, i)?;
                continue;
            }
            if res < 0 {
                return Err(cqe_error(res)).context(format!("read {}", path.display()));
            }
            let n = res as usize;
            stats.bytes += n as u64;
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
            queue_readv(ring, fd, slot, i)?;
        }
    }
}

/// Queue a vectored read of `slot`'s iovec, tagged with the slot index.
fn queue_readv(ring: &mut Ring, fd: i32, slot: &mut ReadSlot, i: usize) -> Result<()> {
    let sqe = next_sqe(ring)?;
    // SAFETY: the slots are created before the ring (see `read_slots`) and
    // outlive every read it runs; neither the iovec nor the buffer it names
    // is touched until this read completes.
    unsafe { sqe.prep_readv(fd, std::slice::from_ref(&slot.iov), slot.offset) };
    sqe.set_data64(i as u64);
    Ok(())
}
