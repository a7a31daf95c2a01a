//! A TCP server with one thread and one io_uring per core: an echo server,
//! or an HTTP/1.1 "Hello, World!" responder that `wrk` can drive.
//!
//! ```text
//! cargo run --release --example ringserver -- --port 9000 --mode echo
//! cargo run --release --example loadgen -- --port 9000 --connections 64 --size 64
//! ```
//!
//! # Threads and rings
//!
//! `--threads N` workers (default: one per available core), each pinned to a
//! core, each with its own ring, created on that thread. Nothing is shared
//! between workers: a connection lives and dies on one ring. The rings are
//! set up with `IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN`:
//! only the owning thread ever submits, so the kernel skips the submission
//! lock, and completion work (a receive copying data, an accept installing a
//! file) runs when that thread waits in `io_uring_enter` instead of
//! interrupting it at random points; a batch of completions arrives at once,
//! in the thread that is about to process them. Each ring also registers its
//! own fd (`register_ring_fd`), so every enter skips the fd table lookup.
//!
//! # Connections
//!
//! Connections never enter the process fd table: they are direct
//! descriptors, slots of each ring's sparse registered file table
//! (`register_files_sparse`), used with `IOSQE_FIXED_FILE` and closed with
//! `prep_close_direct`. The slot number names the connection in every
//! user data (see `ops::kind` for the encoding).
//!
//! Two ways to spread connections over the rings:
//! - default: one `SO_REUSEPORT` listener per ring, all on the same port;
//!   the kernel spreads incoming connections over them by hash, and each
//!   ring runs a multishot accept straight into its file table
//!   (`prep_multishot_accept_direct`).
//! - `--acceptor`: one more thread and ring accepts every connection and
//!   hands each to a worker ring, round robin, with `prep_msg_ring_fd` into
//!   a slot the worker's table allocates (see `acceptor`).
//!
//! # Receiving and sending
//!
//! Each ring has one provided-buffer ring ([`riouring::BufRing`], group 0)
//! shared by all its connections, and one multishot receive per connection
//! selecting from it: a receive costs no SQE, and no memory is tied to a
//! connection that is idle. The data is copied into the connection's output
//! (echo) or parsed (HTTP) and the buffer recycled at once, so slow peers
//! never starve the group; when it does run dry for a moment (`-ENOBUFS`
//! ends the multishot receive) the receive is re-armed after the batch.
//!
//! Per connection there is at most one send in flight, which keeps the
//! output in order. While it is in flight, new replies queue behind it and
//! the next send takes them all at once (replies gathered), continuing a
//! short send where it stopped. With `--bundle`, each connection has its own
//! outgoing buffer ring (group `slot + 1`, `IOU_PBUF_RING_INC`): every
//! reply chunk is published as a buffer, and one bundled send
//! (`prep_send_bundle`) sends everything published, with no copy into a
//! gathering buffer. A bundled send that finds the socket full keeps going
//! in the kernel until all it took is out; because the ring is incremental,
//! a buffer sent only in part stays at the head with its start moved, so
//! whatever a completion reports, the next bundle resumes at the right
//! byte (the worker mirrors that accounting to free the chunks).
//!
//! Backpressure: when a connection has more than 1 MiB of output waiting
//! (its peer does not read), its receive is cancelled; it is re-armed once
//! the output drained below 256 KiB.
//!
//! # Shutdown
//!
//! SIGINT and SIGTERM are blocked in every thread; the main thread waits for
//! them with `sigwait`. It then sends each ring a `msg_ring` message (from a
//! small ring of its own) whose user data says "shut down": first to the
//! acceptor, whose hand-overs in flight are waited for, then to every
//! worker. A worker cancels its accept, cancels the receive and send of
//! every connection, closes each slot once nothing of it is in flight, and
//! returns its counters. The main thread prints
//! `summary: connections=N bytes_in=N bytes_out=N` and exits 0.
//!
//! # Output and exit codes
//!
//! The first stdout line is `listening on IP:PORT` (the real port with
//! `--port 0`). Exit 0 after a clean shutdown, 1 on an error (the port is
//! in use, a ring can't be set up), 2 for bad arguments.

#![warn(clippy::undocumented_unsafe_blocks)]

mod acceptor;
mod args;
mod http;
mod ops;
mod worker;

use args::{Options, Parsed};
use riouring::Ring;
use std::io::{self, Write};
use std::net::SocketAddrV4;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::sync::mpsc;
use std::thread;

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let opts = match args::parse(&argv) {
        Ok(Parsed::Run(o)) => o,
        Ok(Parsed::Help) => {
            println!("{}", args::USAGE);
            return;
        }
        Err(e) => {
            eprintln!("ringserver: {e}\n\n{}", args::USAGE);
            std::process::exit(2);
        }
    };
    if let Err(e) = run(opts) {
        eprintln!("ringserver: {e}");
        std::process::exit(1);
    }
}

fn run(opts: Options) -> io::Result<()> {
    let nofile = raise_nofile_limit();
    // Blocked here, before any thread starts, so every thread inherits the
    // mask and only the main thread's sigwait ever takes the signals.
    let signals = block_signals()?;

    let addr = SocketAddrV4::new(opts.bind, opts.port);
    let reuseport = !opts.acceptor;
    let first = listen(addr, reuseport).map_err(|e| annotate(e, &format!("cannot listen on {addr}")))?;
    let port = local_port(&first)?;
    let addr = SocketAddrV4::new(opts.bind, port);
    let mut listeners = vec![Some(first)];
    if reuseport {
        for _ in 1..opts.threads {
            let l = listen(addr, true).map_err(|e| annotate(e, &format!("cannot listen on {addr}")))?;
            listeners.push(Some(l));
        }
    }

    // Connection slots per ring: the kernel caps a file table at
    // RLIMIT_NOFILE, and bundle mode needs `slot + 1` to fit a buffer group
    // id.
    let files = nofile.min(65535) as u32;
    let cpus = allowed_cpus();
    let mut workers = Vec::new();
    let mut ring_fds = Vec::new();
    for i in 0..opts.threads {
        let listener = if reuseport { listeners.get_mut(i).and_then(Option::take) } else { None };
        let (tx, rx) = mpsc::channel();
        let o = opts.clone();
        let cpu = cpus.get(i % cpus.len().max(1)).copied();
        let handle = thread::Builder::new().name(format!("ring-{i}")).spawn(move || {
            if let Some(cpu) = cpu {
                pin_to_cpu(cpu);
            }
            let w = match worker::Worker::new(&o, files, listener) {
                Ok(w) => w,
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return worker::Stats::default();
                }
            };
            let _ = tx.send(Ok(w.ring_fd()));
            w.run().unwrap_or_else(|e| ops::fatal(&format!("worker ring: {e}")))
        })?;
        let fd = rx.recv().map_err(|_| io::Error::other("worker thread died"))?;
        ring_fds.push(fd.map_err(|e| annotate(e, "worker ring setup"))?);
        workers.push(handle);
    }
    let acceptor = if opts.acceptor {
        let listener = listeners[0].take().expect("the acceptor's listener");
        let targets = ring_fds.clone();
        let (tx, rx) = mpsc::channel();
        let handle = thread::Builder::new().name("acceptor".into()).spawn(move || {
            let a = match acceptor::Acceptor::new(listener, targets) {
                Ok(a) => a,
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return acceptor::Stats::default();
                }
            };
            let _ = tx.send(Ok(a.ring_fd()));
            a.run().unwrap_or_else(|e| ops::fatal(&format!("acceptor ring: {e}")))
        })?;
        let fd = rx.recv().map_err(|_| io::Error::other("acceptor thread died"))?;
        Some((handle, fd.map_err(|e| annotate(e, "acceptor ring setup"))?))
    } else {
        None
    };

    println!("listening on {addr}");
    io::stdout().flush()?;
    eprintln!(
        "ringserver: {} worker ring(s), mode {:?}, {}, {} sends, {} slots per ring",
        opts.threads,
        opts.mode,
        if opts.acceptor { "acceptor ring + msg_ring" } else { "SO_REUSEPORT listener per ring" },
        if opts.bundle { "bundled" } else { "gathered" },
        files
    );

    let sig = wait_for_signal(&signals)?;
    eprintln!("ringserver: signal {sig}, shutting down");

    // A plain ring of the main thread's own, only to message the others.
    let mut control = Ring::new(8)?;
    if let Some((handle, fd)) = acceptor {
        tell_shutdown(&mut control, fd)?;
        let a = handle.join().map_err(|_| io::Error::other("acceptor thread panicked"))?;
        eprintln!("ringserver: acceptor handed over {} connections ({} failed)", a.handed_over, a.failed);
    }
    for &fd in &ring_fds {
        tell_shutdown(&mut control, fd)?;
    }
    let mut total = worker::Stats::default();
    for (i, h) in workers.into_iter().enumerate() {
        let s = h.join().map_err(|_| io::Error::other("worker thread panicked"))?;
        eprintln!(
            "ringserver: ring {i}: {} connections, {} bytes in, {} bytes out, {} short sends",
            s.connections, s.bytes_in, s.bytes_out, s.short_sends
        );
        total.connections += s.connections;
        total.bytes_in += s.bytes_in;
        total.bytes_out += s.bytes_out;
    }
    println!(
        "summary: connections={} bytes_in={} bytes_out={}",
        total.connections, total.bytes_in, total.bytes_out
    );
    io::stdout().flush()
}

fn annotate(e: io::Error, what: &str) -> io::Error {
    io::Error::new(e.kind(), format!("{what}: {e}"))
}

/// Post a "shut down" completion on the ring `fd`.
fn tell_shutdown(control: &mut Ring, fd: RawFd) -> io::Result<()> {
    let sqe = control.get_sqe().expect("the control ring has room");
    sqe.prep_msg_ring(fd, 0, ops::ud(ops::kind::SHUTDOWN, 0), 0);
    control.submit_and_wait(1)?;
    let cqe = control.wait_cqe()?;
    control.cqe_seen(&cqe);
    cqe.result().map(drop).map_err(|e| annotate(e, "msg_ring shutdown"))
}

/// Raise the soft `RLIMIT_NOFILE` to the hard limit (each ring's file table
/// is capped by it); returns the limit now in force.
fn raise_nofile_limit() -> u64 {
    let mut r = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: `r` is a valid rlimit to write.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut r) } != 0 {
        return 1024;
    }
    if r.rlim_cur < r.rlim_max {
        let want = libc::rlimit { rlim_cur: r.rlim_max, rlim_max: r.rlim_max };
        // SAFETY: `want` is a valid rlimit, read during the call.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &want) } == 0 {
            r.rlim_cur = r.rlim_max;
        }
    }
    r.rlim_cur
}

fn block_signals() -> io::Result<libc::sigset_t> {
    // SAFETY: sigemptyset/sigaddset initialise the set we own;
    // pthread_sigmask reads it during the call.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::sigaddset(&mut set, libc::SIGTERM);
        let r = libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
        if r != 0 {
            return Err(io::Error::from_raw_os_error(r));
        }
        Ok(set)
    }
}

fn wait_for_signal(set: &libc::sigset_t) -> io::Result<i32> {
    let mut sig = 0;
    loop {
        // SAFETY: `set` and `sig` are valid for the call.
        let r = unsafe { libc::sigwait(set, &mut sig) };
        match r {
            0 => return Ok(sig),
            libc::EINTR => continue,
            e => return Err(io::Error::from_raw_os_error(e)),
        }
    }
}

fn setsockopt_int(fd: RawFd, level: i32, name: i32, value: i32) -> io::Result<()> {
    // SAFETY: the option value is an int that lives across the call.
    let r = unsafe {
        libc::setsockopt(fd, level, name, (&value as *const i32).cast(), size_of::<i32>() as libc::socklen_t)
    };
    if r == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

/// A listening TCP socket on `addr`, with `SO_REUSEPORT` if asked.
fn listen(addr: SocketAddrV4, reuseport: bool) -> io::Result<OwnedFd> {
    // SAFETY: plain socket(2); the result is checked.
    let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` is a new socket that nothing else owns.
    let sock = unsafe { OwnedFd::from_raw_fd(fd) };
    setsockopt_int(fd, libc::SOL_SOCKET, libc::SO_REUSEADDR, 1)?;
    if reuseport {
        setsockopt_int(fd, libc::SOL_SOCKET, libc::SO_REUSEPORT, 1)?;
    }
    // Accepted sockets inherit the listener's options: no Nagle delays for
    // small replies.
    setsockopt_int(fd, libc::IPPROTO_TCP, libc::TCP_NODELAY, 1)?;
    let sin = libc::sockaddr_in {
        sin_family: libc::AF_INET as libc::sa_family_t,
        sin_port: addr.port().to_be(),
        sin_addr: libc::in_addr { s_addr: u32::from(*addr.ip()).to_be() },
        sin_zero: [0; 8],
    };
    // SAFETY: `sin` is a valid sockaddr_in of the size passed.
    let r = unsafe {
        libc::bind(
            fd,
            (&sin as *const libc::sockaddr_in).cast(),
            size_of::<libc::sockaddr_in>() as libc::socklen_t,
        )
    };
    if r != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: plain listen(2) on our socket.
    if unsafe { libc::listen(fd, 4096) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(sock)
}

fn local_port(sock: &OwnedFd) -> io::Result<u16> {
    // SAFETY: an all-zero sockaddr_in is valid.
    let mut sin: libc::sockaddr_in = unsafe { std::mem::zeroed() };
    let mut len = size_of::<libc::sockaddr_in>() as libc::socklen_t;
    // SAFETY: `sin` and `len` are valid for writes of the sizes given.
    let r =
        unsafe { libc::getsockname(sock.as_raw_fd(), (&mut sin as *mut libc::sockaddr_in).cast(), &mut len) };
    if r != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(u16::from_be(sin.sin_port))
}

/// The CPUs this process may run on.
fn allowed_cpus() -> Vec<usize> {
    // SAFETY: an all-zero cpu_set_t is an empty set; sched_getaffinity
    // writes at most its size.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(0, size_of::<libc::cpu_set_t>(), &mut set) != 0 {
            return Vec::new();
        }
        (0..libc::CPU_SETSIZE as usize).filter(|&c| libc::CPU_ISSET(c, &set)).collect()
    }
}

/// Pin the calling thread to `cpu` (best effort).
fn pin_to_cpu(cpu: usize) {
    // SAFETY: as in allowed_cpus; sched_setaffinity reads the set.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        libc::sched_setaffinity(0, size_of::<libc::cpu_set_t>(), &set);
    }
}
