//! The epoll side of the bench's TCP echo workload: an echo server written
//! the ordinary way, to measure the `ringserver` example against.
//!
//! ```text
//! epoll-echo [--bind IP] [--port N] [--threads N]
//! ```
//!
//! One thread per core (`--threads`, default: available cores), each pinned
//! to a core the way `ringserver` pins its workers, each with its own
//! `SO_REUSEPORT` listener and its own level-triggered epoll instance:
//! nonblocking sockets with `TCP_NODELAY`, one `read` per readiness event
//! (level triggering reports the socket again if more is buffered, so no
//! extra `read` to see `EAGAIN`), the data sent straight back (`MSG_NOSIGNAL`). A short
//! write keeps the rest in the connection's output buffer and switches its
//! interest from `EPOLLIN` to `EPOLLOUT` until the output drained: a peer
//! that does not read stops being read.
//!
//! The command line and output mirror `ringserver`'s: the first stdout line
//! is `listening on IP:PORT` (the real port with `--port 0`); SIGINT or
//! SIGTERM prints `summary: connections=N bytes_in=N bytes_out=N` and exits
//! 0. Exit code 1 on a setup error, 2 on bad arguments.

use std::io::{self, Write};
use std::net::Ipv4Addr;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

const USAGE: &str = "usage: epoll-echo [--bind IP] [--port N] [--threads N]";

/// The epoll user data of a thread's listener (connections use their fd).
const LISTENER: u64 = u64::MAX;
/// Bytes read per readiness event.
const READ_SIZE: usize = 16 * 1024;

/// One thread's counters, published after every `epoll_wait` batch.
#[derive(Default)]
struct Counters {
    connections: AtomicU64,
    bytes_in: AtomicU64,
    bytes_out: AtomicU64,
}

struct Options {
    bind: Ipv4Addr,
    port: u16,
    threads: usize,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        bind: Ipv4Addr::LOCALHOST,
        port: 9000,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut val = || it.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--bind" => o.bind = val()?.parse().map_err(|_| "--bind: not an IPv4 address".to_string())?,
            "--port" => o.port = val()?.parse().map_err(|_| "--port: not a port".to_string())?,
            "--threads" => o.threads = val()?.parse().map_err(|_| "--threads: not a number".to_string())?,
            _ => return Err(format!("unknown argument {a:?}")),
        }
    }
    if o.threads == 0 || o.threads > 1024 {
        return Err("--threads must be between 1 and 1024".into());
    }
    Ok(o)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts = parse(&args).unwrap_or_else(|e| {
        eprintln!("epoll-echo: {e}\n{USAGE}");
        std::process::exit(2)
    });
    if let Err(e) = run(&opts) {
        eprintln!("epoll-echo: {e}");
        std::process::exit(1);
    }
}

fn run(opts: &Options) -> io::Result<()> {
    let signals = block_signals()?;
    let first = listen(opts.bind, opts.port)?;
    let port = local_port(&first)?;
    let mut listeners = vec![first];
    for _ in 1..opts.threads {
        listeners.push(listen(opts.bind, port)?);
    }
    let cpus = allowed_cpus();
    let counters: Arc<Vec<Counters>> = Arc::new((0..opts.threads).map(|_| Counters::default()).collect());
    for (i, l) in listeners.into_iter().enumerate() {
        let cpu = cpus.get(i % cpus.len().max(1)).copied();
        let counters = Arc::clone(&counters);
        std::thread::Builder::new().name(format!("epoll-{i}")).spawn(move || {
            if let Some(cpu) = cpu {
                pin_to_cpu(cpu);
            }
            if let Err(e) = serve(l, &counters[i]) {
                eprintln!("epoll-echo: thread {i}: {e}");
                std::process::exit(1);
            }
        })?;
    }
    println!("listening on {}:{port}", opts.bind);
    io::stdout().flush()?;
    let sig = wait_for_signal(&signals)?;
    eprintln!("epoll-echo: signal {sig}, exiting");
    for (i, c) in counters.iter().enumerate() {
        eprintln!(
            "epoll-echo: thread {i}: {} connections, {} bytes in, {} bytes out",
            c.connections.load(Relaxed),
            c.bytes_in.load(Relaxed),
            c.bytes_out.load(Relaxed)
        );
    }
    let sum = |f: fn(&Counters) -> &AtomicU64| counters.iter().map(|c| f(c).load(Relaxed)).sum::<u64>();
    println!(
        "summary: connections={} bytes_in={} bytes_out={}",
        sum(|c| &c.connections),
        sum(|c| &c.bytes_in),
        sum(|c| &c.bytes_out)
    );
    io::stdout().flush()?;
    // The workers block in epoll_wait forever; exiting ends them and closes
    // every socket.
    std::process::exit(0)
}

/// A connection's output that a write could not take yet.
struct Conn {
    fd: OwnedFd,
    out: Vec<u8>,
    sent: usize,
}

/// The event loop of one thread.
fn serve(listener: OwnedFd, counters: &Counters) -> io::Result<()> {
    // SAFETY: plain epoll_create1; the result is checked.
    let ep = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
    if ep < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `ep` is a new fd that nothing else owns.
    let ep = unsafe { OwnedFd::from_raw_fd(ep) };
    let ep = ep.as_raw_fd();
    ctl(ep, libc::EPOLL_CTL_ADD, listener.as_raw_fd(), libc::EPOLLIN as u32, LISTENER)?;
    // Indexed by fd (fds are unique in the process, so a per-thread table
    // indexed by them never collides).
    let mut conns: Vec<Option<Conn>> = Vec::new();
    let mut events = vec![libc::epoll_event { events: 0, u64: 0 }; 256];
    let mut buf = vec![0u8; READ_SIZE];
    let (mut n_conns, mut bytes_in, mut bytes_out) = (0u64, 0u64, 0u64);
    loop {
        // SAFETY: `events` is valid for writes of its length.
        let n = unsafe { libc::epoll_wait(ep, events.as_mut_ptr(), events.len() as i32, -1) };
        if n < 0 {
            let e = io::Error::last_os_error();
            if e.raw_os_error() == Some(libc::EINTR) {
                continue;
            }
            return Err(e);
        }
        for ev in &events[..n as usize] {
            let (key, flags) = (ev.u64, ev.events);
            if key == LISTENER {
                n_conns += accept_all(ep, listener.as_raw_fd(), &mut conns)?;
                continue;
            }
            let fd = key as RawFd;
            let Some(c) = conns.get_mut(fd as usize).and_then(Option::as_mut) else { continue };
            let mut close = flags & libc::EPOLLERR as u32 != 0;
            if !close && flags & libc::EPOLLOUT as u32 != 0 {
                match flush(c) {
                    Ok(w) => {
                        bytes_out += w as u64;
                        if c.sent == c.out.len() {
                            c.out.clear();
                            c.sent = 0;
                            ctl(ep, libc::EPOLL_CTL_MOD, fd, libc::EPOLLIN as u32, key)?;
                        }
                    }
                    Err(_) => close = true,
                }
            } else if !close && flags & (libc::EPOLLIN | libc::EPOLLHUP) as u32 != 0 {
                // SAFETY: `buf` is valid for writes of its length.
                let r = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
                if r > 0 {
                    let r = r as usize;
                    bytes_in += r as u64;
                    // SAFETY: the first `r` bytes of `buf` were just read.
                    let w = unsafe { libc::send(fd, buf.as_ptr().cast(), r, libc::MSG_NOSIGNAL) };
                    if w < 0 && io::Error::last_os_error().raw_os_error() != Some(libc::EAGAIN) {
                        close = true;
                    } else {
                        let w = w.max(0) as usize;
                        bytes_out += w as u64;
                        if w < r {
                            c.out.extend_from_slice(&buf[w..r]);
                            ctl(ep, libc::EPOLL_CTL_MOD, fd, libc::EPOLLOUT as u32, key)?;
                        }
                    }
                } else if r == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::EAGAIN) {
                    close = true;
                }
            }
            if close {
                // Closing the fd removes it from the epoll set.
                conns[fd as usize] = None;
            }
        }
        counters.connections.store(n_conns, Relaxed);
        counters.bytes_in.store(bytes_in, Relaxed);
        counters.bytes_out.store(bytes_out, Relaxed);
    }
}

/// Write as much of the pending output as the socket takes; bytes written.
fn flush(c: &mut Conn) -> io::Result<usize> {
    let mut total = 0;
    while c.sent < c.out.len() {
        let rest = &c.out[c.sent..];
        // SAFETY: `rest` is valid for reads of its length.
        let w = unsafe { libc::send(c.fd.as_raw_fd(), rest.as_ptr().cast(), rest.len(), libc::MSG_NOSIGNAL) };
        if w < 0 {
            let e = io::Error::last_os_error();
            if e.raw_os_error() == Some(libc::EAGAIN) {
                break;
            }
            return Err(e);
        }
        c.sent += w as usize;
        total += w as usize;
    }
    Ok(total)
}

/// Accept every pending connection; how many.
fn accept_all(ep: RawFd, listener: RawFd, conns: &mut Vec<Option<Conn>>) -> io::Result<u64> {
    let mut n = 0;
    loop {
        // SAFETY: no address is asked for (both pointers null).
        let fd = unsafe {
            libc::accept4(
                listener,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
            )
        };
        if fd < 0 {
            let e = io::Error::last_os_error();
            return match e.raw_os_error() {
                Some(libc::EAGAIN) => Ok(n),
                Some(libc::EINTR | libc::ECONNABORTED) => continue,
                _ => Err(e),
            };
        }
        // SAFETY: `fd` is a new socket that nothing else owns.
        let sock = unsafe { OwnedFd::from_raw_fd(fd) };
        ctl(ep, libc::EPOLL_CTL_ADD, fd, libc::EPOLLIN as u32, fd as u64)?;
        if conns.len() <= fd as usize {
            conns.resize_with(fd as usize + 1, || None);
        }
        conns[fd as usize] = Some(Conn { fd: sock, out: Vec::new(), sent: 0 });
        n += 1;
    }
}

fn ctl(ep: RawFd, op: i32, fd: RawFd, events: u32, key: u64) -> io::Result<()> {
    let mut ev = libc::epoll_event { events, u64: key };
    // SAFETY: `ev` is a valid epoll_event, read during the call.
    if unsafe { libc::epoll_ctl(ep, op, fd, &mut ev) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

fn setsockopt_int(fd: RawFd, level: i32, name: i32, value: i32) -> io::Result<()> {
    // SAFETY: the option value is an int that lives across the call.
    let r = unsafe {
        libc::setsockopt(fd, level, name, (&value as *const i32).cast(), size_of::<i32>() as libc::socklen_t)
    };
    if r == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

/// A nonblocking `SO_REUSEPORT` listener on `ip:port` with the same options
/// as ringserver's (`SO_REUSEADDR`, `TCP_NODELAY` inherited by accepted
/// sockets, backlog 4096).
fn listen(ip: Ipv4Addr, port: u16) -> io::Result<OwnedFd> {
    // SAFETY: plain socket(2); the result is checked.
    let fd = unsafe {
        libc::socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_CLOEXEC | libc::SOCK_NONBLOCK, 0)
    };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` is a new socket that nothing else owns.
    let sock = unsafe { OwnedFd::from_raw_fd(fd) };
    setsockopt_int(fd, libc::SOL_SOCKET, libc::SO_REUSEADDR, 1)?;
    setsockopt_int(fd, libc::SOL_SOCKET, libc::SO_REUSEPORT, 1)?;
    setsockopt_int(fd, libc::IPPROTO_TCP, libc::TCP_NODELAY, 1)?;
    let sin = libc::sockaddr_in {
        sin_family: libc::AF_INET as libc::sa_family_t,
        sin_port: port.to_be(),
        sin_addr: libc::in_addr { s_addr: u32::from(ip).to_be() },
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
        match unsafe { libc::sigwait(set, &mut sig) } {
            0 => return Ok(sig),
            libc::EINTR => continue,
            e => return Err(io::Error::from_raw_os_error(e)),
        }
    }
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

/// Pin the calling thread to `cpu` (best effort), as ringserver does.
fn pin_to_cpu(cpu: usize) {
    // SAFETY: as in allowed_cpus; sched_setaffinity reads the set.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        libc::sched_setaffinity(0, size_of::<libc::cpu_set_t>(), &set);
    }
}
