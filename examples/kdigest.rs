//! `kdigest`: hash files with the kernel's crypto API, fed through io_uring.
//!
//! It follows liburing's `examples/kdigest.c` and teaches mixing file and
//! socket requests on one ring. The kernel's hash algorithms are reachable
//! through `AF_ALG` sockets: a `SOCK_SEQPACKET` socket bound to
//! `{ type: "hash", name: "sha256" }` (`struct sockaddr_alg`) hands out, on
//! `accept(2)`, an operation socket; data sent to it with `MSG_MORE` is
//! hashed, and a receive returns the digest. The program reads the file in
//! blocks (64 KiB, up to 64 at once) with `prep_read`, in any order, and
//! sends the blocks that are ready, in file order, with `prep_send` and
//! `MSG_MORE`. The sends of a batch are linked with `IOSQE_IO_LINK`, which
//! keeps them in order, and a new batch starts only when the previous one has
//! completed. With `MSG_WAITALL` a short send fails its link: its rest and
//! the canceled sends (`-ECANCELED`) go out in the next batch. At the end `prep_recv` fetches the
//! digest, printed as `sha256sum` prints it.
//!
//! liburing's program also has a variant with send bundles from a provided-
//! buffer ring; this one keeps to linked sends.
//!
//! ```text
//! $ printf abc > abc.txt; kdigest -a sha256 abc.txt
//! ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  abc.txt
//! ```

#[path = "common/mod.rs"]
mod common;

use common::{Cli, Context, Error, Opt, cqe_error, fail, usage};
use riouring::{CompletionQueueEvent, Ring, sys};
use std::fs::File;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const CLI: Cli = Cli {
    name: "kdigest",
    synopsis: "FILE...",
    about: "Print the digest of each FILE, computed by the kernel's crypto API (AF_ALG\n\
            hash sockets) with the file reads and socket sends going through io_uring.\n\
            The output has sha256sum's format: <hex digest>  <file>.",
    opts: &[
        Opt {
            long: "algorithm",
            short: Some('a'),
            value: Some("ALG"),
            help: "kernel hash algorithm: sha256 (default), sha1, md5, sha512, ... (see /proc/crypto)",
        },
        Opt { long: "qd", short: Some('q'), value: Some("N"), help: "blocks in flight (default 64)" },
        Opt { long: "bs", short: Some('b'), value: Some("SIZE"), help: "block size (default 64k)" },
    ],
    positional: (1, usize::MAX),
};

/// Flags of every send: `MSG_MORE`, more data follows (the hash is only
/// finished by the receive); `MSG_WAITALL`, io_uring retries a partial send
/// itself, and a send that still comes back short fails its link, so no
/// later block can overtake the rest of it.
const SEND_FLAGS: i32 = libc::MSG_MORE | libc::MSG_WAITALL;

/// `user_data` of the final receive.
const RECV_TAG: u64 = u64::MAX;

/// What a block buffer is doing.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Free,
    Reading,
    /// Read, waiting to be (fully) sent.
    Ready,
    Sending,
}

/// One block buffer (allocated once, never resized: its address is stable
/// while the kernel uses it). Block `b` of the file uses slot `b % slots`.
struct Slot {
    buf: Box<[u8]>,
    offset: u64,
    len: usize,
    /// `buf[..got]` has been read.
    got: usize,
    /// `buf[..sent]` has been hashed.
    sent: usize,
    state: State,
}

fn tag(slot: usize, send: bool) -> u64 {
    (slot as u64) << 1 | u64::from(send)
}

fn main() -> ExitCode {
    CLI.main(|args| {
        let alg = args.value("algorithm").unwrap_or("sha256");
        let qd = args.number("qd", 64u32, 1, 1024)?;
        let bs = args.size("bs", 64 << 10, 1, 64 << 20)?;
        let hash = bind_hash(alg)?;

        let mut slots: Box<[Slot]> = (0..qd)
            .map(|_| Slot {
                buf: vec![0; bs].into_boxed_slice(),
                offset: 0,
                len: 0,
                got: 0,
                sent: 0,
                state: State::Free,
            })
            .collect();
        let mut digest = [0u8; 128];
        // Dropped before the buffers (declared after them). Reads and sends
        // share the SQ: room for a full queue of each.
        let flags = sys::IORING_SETUP_SINGLE_ISSUER | sys::IORING_SETUP_DEFER_TASKRUN;
        let mut ring = match Ring::with_flags(2 * qd, flags) {
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) => Ring::new(2 * qd),
            r => r,
        }
        .context("io_uring setup")?;

        let mut failed = false;
        for p in &args.positional {
            let path = PathBuf::from(p);
            // A file that cannot be opened is reported and skipped, as
            // sha256sum does; a failure once its requests are in flight
            // ends the program.
            let (file, size, op) = match open_input(&hash, &path) {
                Ok(x) => x,
                Err(e) => {
                    CLI.warn(&e);
                    failed = true;
                    continue;
                }
            };
            let n = digest_file(
                &mut ring,
                file.as_raw_fd(),
                size,
                op.as_raw_fd(),
                &path,
                &mut slots,
                &mut digest,
            )?;
            let hex: String = digest[..n].iter().map(|b| format!("{b:02x}")).collect();
            println!("{hex}  {}", path.display());
        }
        if failed { Err(Error::Reported) } else { Ok(()) }
    })
}

/// An `AF_ALG` socket bound to hash algorithm `alg`.
fn bind_hash(alg: &str) -> common::Result<OwnedFd> {
    // SAFETY: sockaddr_alg is plain integers and byte arrays: all zeros is
    // a valid value.
    let mut sa: libc::sockaddr_alg = unsafe { std::mem::zeroed() };
    if alg.is_empty() || alg.len() >= sa.salg_name.len() || alg.contains('\0') {
        return Err(usage(format!("invalid hash algorithm name '{alg}'")));
    }
    sa.salg_family = libc::AF_ALG as u16;
    sa.salg_type[..4].copy_from_slice(b"hash");
    sa.salg_name[..alg.len()].copy_from_slice(alg.as_bytes());

    // SAFETY: plain socket(2) call.
    let fd = unsafe { libc::socket(libc::AF_ALG, libc::SOCK_SEQPACKET | libc::SOCK_CLOEXEC, 0) };
    if fd < 0 {
        let err = std::io::Error::last_os_error();
        if err.raw_os_error() == Some(libc::EAFNOSUPPORT) {
            return Err(fail("AF_ALG sockets are not available (kernel needs CONFIG_CRYPTO_USER_API_HASH)"));
        }
        return Err(err).context("socket(AF_ALG)");
    }
    // SAFETY: fd was just created and is owned by nobody else.
    let sock = unsafe { OwnedFd::from_raw_fd(fd) };
    // SAFETY: `sa` is a valid sockaddr_alg of the size passed.
    let r = unsafe {
        libc::bind(
            sock.as_raw_fd(),
            (&sa as *const libc::sockaddr_alg).cast(),
            size_of::<libc::sockaddr_alg>() as libc::socklen_t,
        )
    };
    if r < 0 {
        let err = std::io::Error::last_os_error();
        if err.raw_os_error() == Some(libc::ENOENT) {
            return Err(fail(format!("hash algorithm '{alg}' is not available (see /proc/crypto)")));
        }
        return Err(err).context(format!("bind AF_ALG hash '{alg}'"));
    }
    Ok(sock)
}

/// Open the file at `path`, size it, and get a fresh operation socket of
/// `hash` for it.
fn open_input(hash: &OwnedFd, path: &Path) -> common::Result<(File, u64, OwnedFd)> {
    let file = common::open_read(path, 0)?;
    let size = common::input_size(&file, path)?;
    // SAFETY: accept(2) with no peer address wanted.
    let op = unsafe {
        libc::accept4(hash.as_raw_fd(), std::ptr::null_mut(), std::ptr::null_mut(), libc::SOCK_CLOEXEC)
    };
    if op < 0 {
        return Err(std::io::Error::last_os_error()).context("accept AF_ALG socket");
    }
    // SAFETY: op was just created and is owned by nobody else.
    Ok((file, size, unsafe { OwnedFd::from_raw_fd(op) }))
}

/// Hash `size` bytes of file `fd` (named `path`) through operation socket
/// `op`; the digest lands in `digest`, its length is returned.
fn digest_file(
    ring: &mut Ring,
    fd: RawFd,
    size: u64,
    op: RawFd,
    path: &Path,
    slots: &mut [Slot],
    digest: &mut [u8],
) -> common::Result<usize> {
    let n = slots.len() as u64;
    let bs = slots[0].buf.len() as u64;
    let nblocks = size.div_ceil(bs);
    for s in slots.iter_mut() {
        s.state = State::Free;
    }
    // Blocks whose reads have been started, and blocks completely hashed.
    let (mut read_blocks, mut sent_blocks) = (0u64, 0u64);
    // Sends of the current linked batch still in flight, and whether one of
    // them came back short.
    let mut batch = 0u32;
    let mut short_in_batch = false;
    let mut done: Vec<CompletionQueueEvent> = Vec::with_capacity(4 * slots.len());

    while sent_blocks < nblocks {
        // Read into every free buffer, in file order.
        while read_blocks < nblocks {
            let i = (read_blocks % n) as usize;
            let s = &mut slots[i];
            if s.state != State::Free {
                break;
            }
            s.offset = read_blocks * bs;
            s.len = (size - s.offset).min(bs) as usize;
            s.got = 0;
            s.sent = 0;
            s.state = State::Reading;
            queue_read(ring, fd, s, i)?;
            read_blocks += 1;
        }

        // Send, in order, the blocks that are ready, as one linked batch.
        if batch == 0 {
            let mut k = 0u64;
            while sent_blocks + k < read_blocks
                && slots[((sent_blocks + k) % n) as usize].state == State::Ready
            {
                k += 1;
            }
            if k > 0 {
                // A link cannot span two submissions: make room first.
                if u64::from(ring.sq_space_left()) < k {
                    ring.submit().context("io_uring_submit")?;
                }
                for j in 0..k {
                    let i = ((sent_blocks + j) % n) as usize;
                    let s = &mut slots[i];
                    s.state = State::Sending;
                    let sqe = ring.get_sqe().ok_or_else(|| fail("submission queue full"))?;
                    // SAFETY: the slot buffer outlives the ring's use of it
                    // (the slots are declared before the ring, an error here
                    // ends the program, and otherwise this function returns
                    // only once every request has completed); it is not
                    // written while the send runs.
                    unsafe { sqe.prep_send(op, &s.buf[s.sent..s.len], SEND_FLAGS) };
                    if j + 1 < k {
                        sqe.set_flags(sys::IOSQE_IO_LINK);
                    }
                    sqe.set_data64(tag(i, true));
                }
                batch = k as u32;
                short_in_batch = false;
            }
        }

        ring.submit_and_wait(1).context("io_uring_submit")?;
        done.extend(ring.completions());
        for cqe in done.drain(..) {
            let i = (cqe.user_data() >> 1) as usize;
            let send = cqe.user_data() & 1 == 1;
            let s = &mut slots[i];
            let res = cqe.res();
            let retry = res == -libc::EAGAIN || res == -libc::EINTR;
            if send {
                batch -= 1;
                if retry || res == -libc::ECANCELED {
                    // Canceled by a short or failed send before it in the
                    // batch: it goes out again in the next batch.
                    s.state = State::Ready;
                } else if res < 0 {
                    return Err(cqe_error(res)).context("send to AF_ALG socket");
                } else {
                    if short_in_batch {
                        // A block went out after one that was cut short:
                        // the hashed stream is out of order.
                        return Err(fail("a send to the AF_ALG socket came back short; digest abandoned"));
                    }
                    s.sent += res as usize;
                    if s.sent < s.len {
                        short_in_batch = true;
                        s.state = State::Ready;
                    } else {
                        s.state = State::Free;
                        sent_blocks += 1;
                    }
                }
                continue;
            }
            if retry {
                queue_read(ring, fd, s, i)?;
                continue;
            }
            if res < 0 {
                return Err(cqe_error(res)).context(format!("read {}", path.display()));
            }
            if res == 0 {
                return Err(fail(format!("{}: file shrank while being read", path.display())));
            }
            s.got += res as usize;
            if s.got < s.len {
                queue_read(ring, fd, s, i)?;
            } else {
                s.state = State::Ready;
            }
        }
    }

    // Everything is hashed: a receive finishes the hash and returns it.
    let sqe = ring.get_sqe().ok_or_else(|| fail("submission queue full"))?;
    // SAFETY: `digest` outlives the wait below, which returns only with
    // this receive's completion (the only request in flight).
    unsafe { sqe.prep_recv(op, digest, 0) };
    sqe.set_data64(RECV_TAG);
    ring.submit_and_wait(1).context("io_uring_submit")?;
    let cqe = ring.wait_cqe().context("io_uring_wait_cqe")?;
    ring.cqe_seen(&cqe);
    if cqe.user_data() != RECV_TAG {
        return Err(fail("unexpected completion while waiting for the digest"));
    }
    let len = cqe.result().context("recv digest from AF_ALG socket")?;
    Ok(len as usize)
}

/// Queue a read of the rest of slot `s`'s block.
fn queue_read(ring: &mut Ring, fd: RawFd, s: &mut Slot, i: usize) -> common::Result<()> {
    let at = s.offset + s.got as u64;
    let sqe = common::next_sqe(ring)?;
    // SAFETY: as for the sends: the buffer outlives the request and is not
    // touched until it completes.
    unsafe { sqe.prep_read(fd, &mut s.buf[s.got..s.len], at) };
    sqe.set_data64(tag(i, false));
    Ok(())
}
