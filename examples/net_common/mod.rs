//! Code shared by the network examples (`io_uring-udp`, `echo-server`,
//! `proxy`, `send-zerocopy`, `napi-busy-poll-*`, `zcrx`): command-line
//! parsing, error reporting, addresses, signal handling through a signalfd,
//! ring helpers, and the relay engine that echo-server and proxy share
//! (multishot receive into a per-flow provided-buffer ring, optionally in
//! bundles, and in-order sends, optionally zero-copy).
//!
//! Each example includes it with `#[path = "net_common/mod.rs"] mod net_common;`
//! and uses only a part of it.

#![allow(dead_code)]

pub mod relay;

use riouring::{CompletionQueueEvent, Ring, SubmissionQueueEntry, sys};
use std::collections::VecDeque;
use std::fmt::Display;
use std::io;
use std::net::{IpAddr, SocketAddr, SocketAddrV4, SocketAddrV6, TcpListener, UdpSocket};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::str::FromStr;

// ---------------------------------------------------------------------------
// Errors and exit codes

/// Exit code of a usage error (unknown option, bad value).
pub const EXIT_USAGE: i32 = 2;

/// Print `<name>: <msg>` and exit with code 1 (a runtime failure: the port is
/// in use, the kernel refused something, ...).
pub fn fatal(name: &str, msg: impl Display) -> ! {
    eprintln!("{name}: {msg}");
    std::process::exit(1)
}

/// Print `<name>: <msg>` and a hint, and exit with code 2.
pub fn usage_error(name: &str, msg: impl Display) -> ! {
    eprintln!("{name}: {msg}");
    eprintln!("Try '{name} --help' for more information.");
    std::process::exit(EXIT_USAGE)
}

/// Unwrap `r` or exit through [`fatal`] with `what: error`.
pub fn check<T>(name: &str, what: impl Display, r: io::Result<T>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => fatal(name, format_args!("{what}: {e}")),
    }
}

// ---------------------------------------------------------------------------
// Command line

/// A small `--long value` / `--long=value` option parser. `--help` and `-h`
/// print the usage text and exit 0.
pub struct Args {
    name: &'static str,
    usage: &'static str,
    items: VecDeque<String>,
    /// Value attached with `=` to the option last returned.
    inline: Option<String>,
}

impl Args {
    /// The process arguments (without the program name).
    pub fn new(name: &'static str, usage: &'static str) -> Args {
        Args { name, usage, items: std::env::args().skip(1).collect(), inline: None }
    }

    /// The next option, or `None` at the end. Arguments that are not options
    /// are a usage error: none of the examples takes positional arguments.
    pub fn next_opt(&mut self) -> Option<String> {
        if let Some(v) = self.inline.take() {
            usage_error(self.name, format_args!("unexpected value '{v}'"));
        }
        let item = self.items.pop_front()?;
        if item == "--help" || item == "-h" {
            print!("{}", self.usage);
            std::process::exit(0);
        }
        if !item.starts_with('-') || item == "-" {
            usage_error(self.name, format_args!("unexpected argument '{item}'"));
        }
        match item.split_once('=') {
            Some((opt, v)) if opt.starts_with("--") => {
                self.inline = Some(v.to_string());
                Some(opt.to_string())
            }
            _ => Some(item),
        }
    }

    /// The value of option `opt`, parsed; a usage error when it is missing
    /// or does not parse.
    pub fn value<T: FromStr>(&mut self, opt: &str) -> T
    where
        T::Err: Display,
    {
        let v = match self.inline.take().or_else(|| self.items.pop_front()) {
            Some(v) => v,
            None => usage_error(self.name, format_args!("option '{opt}' needs a value")),
        };
        match v.parse() {
            Ok(x) => x,
            Err(e) => usage_error(self.name, format_args!("invalid value '{v}' for '{opt}': {e}")),
        }
    }

    /// The usage error for an option nobody knows.
    pub fn unknown(&self, opt: &str) -> ! {
        usage_error(self.name, format_args!("unknown option '{opt}'"))
    }

    /// A usage error about a value that parsed but is not acceptable.
    pub fn bad(&self, msg: impl Display) -> ! {
        usage_error(self.name, msg)
    }
}

// ---------------------------------------------------------------------------
// Signals

/// SIGINT and SIGTERM, blocked in the whole process and read from a
/// signalfd: the ring polls the fd like any other file, so a signal simply
/// becomes a completion. Create it before starting threads, so that every
/// thread inherits the blocked mask.
pub struct Signals {
    fd: OwnedFd,
}

impl Signals {
    /// Block SIGINT and SIGTERM and open a non-blocking signalfd for them.
    pub fn new() -> io::Result<Signals> {
        // SAFETY: sigset_t is plain data; sigemptyset initialises it.
        let mut set: libc::sigset_t = unsafe { core::mem::zeroed() };
        // SAFETY: `set` is a valid sigset_t, `old` may be null.
        let fd = unsafe {
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, libc::SIGINT);
            libc::sigaddset(&mut set, libc::SIGTERM);
            let r = libc::pthread_sigmask(libc::SIG_BLOCK, &set, core::ptr::null_mut());
            if r != 0 {
                return Err(io::Error::from_raw_os_error(r));
            }
            libc::signalfd(-1, &set, libc::SFD_NONBLOCK | libc::SFD_CLOEXEC)
        };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` is a new descriptor nobody else owns.
        Ok(Signals { fd: unsafe { OwnedFd::from_raw_fd(fd) } })
    }

    /// The signalfd, to poll for `POLLIN`.
    pub fn fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }

    /// The pending signal's number, if one is pending.
    pub fn take(&self) -> Option<i32> {
        // SAFETY: signalfd_siginfo is plain data.
        let mut info: libc::signalfd_siginfo = unsafe { core::mem::zeroed() };
        let len = core::mem::size_of::<libc::signalfd_siginfo>();
        // SAFETY: `info` is valid for writes of `len` bytes.
        let n = unsafe { libc::read(self.fd(), (&mut info as *mut libc::signalfd_siginfo).cast(), len) };
        if n as usize == len { Some(info.ssi_signo as i32) } else { None }
    }

    /// Queue a poll of the signalfd on `ring`, tagged `user_data`.
    pub fn arm(&self, ring: &mut Ring, user_data: u64) {
        let sqe = sqe(ring);
        sqe.prep_poll_add(self.fd(), libc::POLLIN as u32);
        sqe.set_data64(user_data);
    }
}

/// The name of signal `sig`, for messages.
pub fn signal_name(sig: i32) -> &'static str {
    match sig {
        libc::SIGINT => "SIGINT",
        libc::SIGTERM => "SIGTERM",
        _ => "signal",
    }
}

// ---------------------------------------------------------------------------
// Addresses and sockets

/// Parse `ADDR:PORT` (`[v6]:PORT` for IPv6).
pub fn parse_socket_addr(s: &str) -> Result<SocketAddr, String> {
    s.parse::<SocketAddr>().map_err(|_| format!("'{s}' is not ADDR:PORT (e.g. 127.0.0.1:8000 or [::1]:8000)"))
}

/// Parse an IPv4 or IPv6 address.
pub fn parse_ip(s: &str) -> Result<IpAddr, String> {
    s.parse::<IpAddr>().map_err(|_| format!("'{s}' is not an IP address"))
}

/// `addr` as a kernel socket address and its length.
pub fn to_sockaddr(addr: &SocketAddr) -> (libc::sockaddr_storage, libc::socklen_t) {
    // SAFETY: sockaddr_storage is plain data; all zeros is valid.
    let mut ss: libc::sockaddr_storage = unsafe { core::mem::zeroed() };
    let len = match addr {
        SocketAddr::V4(a) => {
            let sin = libc::sockaddr_in {
                sin_family: libc::AF_INET as libc::sa_family_t,
                sin_port: a.port().to_be(),
                sin_addr: libc::in_addr { s_addr: u32::from_ne_bytes(a.ip().octets()) },
                sin_zero: [0; 8],
            };
            // SAFETY: sockaddr_storage is larger than and aligned for sockaddr_in.
            unsafe { (&mut ss as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in>().write(sin) };
            core::mem::size_of::<libc::sockaddr_in>()
        }
        SocketAddr::V6(a) => {
            let sin6 = libc::sockaddr_in6 {
                sin6_family: libc::AF_INET6 as libc::sa_family_t,
                sin6_port: a.port().to_be(),
                sin6_flowinfo: a.flowinfo(),
                sin6_addr: libc::in6_addr { s6_addr: a.ip().octets() },
                sin6_scope_id: a.scope_id(),
            };
            // SAFETY: sockaddr_storage is larger than and aligned for sockaddr_in6.
            unsafe { (&mut ss as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in6>().write(sin6) };
            core::mem::size_of::<libc::sockaddr_in6>()
        }
    };
    (ss, len as libc::socklen_t)
}

/// The socket address in the raw bytes `name` (as a multishot recvmsg
/// delivers it), if it is a complete IPv4 or IPv6 address.
pub fn from_sockaddr_bytes(name: &[u8]) -> Option<SocketAddr> {
    if name.len() < 2 {
        return None;
    }
    let family = u16::from_ne_bytes([name[0], name[1]]) as i32;
    if family == libc::AF_INET && name.len() >= core::mem::size_of::<libc::sockaddr_in>() {
        let port = u16::from_be_bytes([name[2], name[3]]);
        let ip = [name[4], name[5], name[6], name[7]];
        Some(SocketAddr::V4(SocketAddrV4::new(ip.into(), port)))
    } else if family == libc::AF_INET6 && name.len() >= core::mem::size_of::<libc::sockaddr_in6>() {
        let port = u16::from_be_bytes([name[2], name[3]]);
        let flow = u32::from_ne_bytes([name[4], name[5], name[6], name[7]]);
        let mut ip = [0u8; 16];
        ip.copy_from_slice(&name[8..24]);
        let scope = u32::from_ne_bytes([name[24], name[25], name[26], name[27]]);
        Some(SocketAddr::V6(SocketAddrV6::new(ip.into(), port, flow, scope)))
    } else {
        None
    }
}

/// A TCP listener on `addr`, or exit 1 with `<name>: bind ADDR: error`.
pub fn tcp_listen(name: &str, addr: SocketAddr) -> TcpListener {
    check(name, format_args!("bind {addr}"), TcpListener::bind(addr))
}

/// A UDP socket bound to `addr`, or exit 1 with `<name>: bind ADDR: error`.
pub fn udp_bind(name: &str, addr: SocketAddr) -> UdpSocket {
    check(name, format_args!("bind {addr}"), UdpSocket::bind(addr))
}

/// Print `listening on ADDR:PORT` (the real port, when 0 was asked for) as
/// the first line on stdout.
pub fn announce(local: io::Result<SocketAddr>) {
    match local {
        Ok(a) => println!("listening on {a}"),
        Err(e) => println!("listening (address unknown: {e})"),
    }
}

/// Set an integer socket option.
pub fn setsockopt_int(fd: RawFd, level: i32, opt: i32, val: i32) -> io::Result<()> {
    // SAFETY: `val` is valid for reads of an int during the call.
    let r = unsafe {
        libc::setsockopt(
            fd,
            level,
            opt,
            (&val as *const i32).cast(),
            core::mem::size_of::<i32>() as libc::socklen_t,
        )
    };
    if r < 0 { Err(io::Error::last_os_error()) } else { Ok(()) }
}

/// Read an integer socket option.
pub fn getsockopt_int(fd: RawFd, level: i32, opt: i32) -> io::Result<i32> {
    let mut val = 0i32;
    let mut len = core::mem::size_of::<i32>() as libc::socklen_t;
    // SAFETY: `val` and `len` are valid for writes during the call.
    let r = unsafe { libc::getsockopt(fd, level, opt, (&mut val as *mut i32).cast(), &mut len) };
    if r < 0 { Err(io::Error::last_os_error()) } else { Ok(val) }
}

// ---------------------------------------------------------------------------
// Ring helpers

/// A fresh SQE, submitting what is queued first when the SQ is full (with
/// SQPOLL, waiting for the kernel thread to make room).
pub fn sqe(ring: &mut Ring) -> &mut SubmissionQueueEntry {
    while ring.sq_space_left() == 0 {
        let r = ring.submit();
        if ring.sq_space_left() == 0 && ring.flags() & sys::IORING_SETUP_SQPOLL != 0 {
            let _ = ring.sqring_wait();
        } else if let Err(e) = r {
            if e.raw_os_error() != Some(libc::EINTR) && e.raw_os_error() != Some(libc::EAGAIN) {
                fatal("riouring", format_args!("submit: {e}"));
            }
        }
    }
    match ring.get_sqe() {
        Some(s) => s,
        // sq_space_left() > 0 guarantees an entry.
        None => fatal("riouring", "the submission queue has no room"),
    }
}

/// Submit and wait for at least one completion, at most `timeout`, then
/// copy the ready completions into `out` and hand their slots back. Returns
/// how many there were (0 after a timeout or an interrupted wait).
pub fn submit_and_reap(
    ring: &mut Ring,
    out: &mut [CompletionQueueEvent],
    timeout: Option<&riouring::Timespec>,
) -> io::Result<usize> {
    let r = match timeout {
        Some(ts) => ring.submit_and_wait_timeout(1, Some(ts), None),
        None => ring.submit_and_wait(1),
    };
    if let Err(e) = r {
        match e.raw_os_error() {
            Some(libc::EINTR) | Some(libc::ETIME) | Some(libc::EAGAIN) | Some(libc::EBUSY) => {}
            _ => return Err(e),
        }
    }
    let n = ring.peek_batch_cqe(out);
    // The entries were copied out: their slots can go back at once.
    ring.cq_advance(n as u32);
    Ok(n)
}

/// Whether an accept error means the listening socket itself is unusable
/// (re-arming the accept would only fail again), rather than one failed
/// connection.
pub fn accept_error_is_fatal(res: i32) -> bool {
    matches!(-res, libc::EINVAL | libc::EBADF | libc::ENOTSOCK | libc::EOPNOTSUPP | libc::EFAULT)
}

/// `IOSQE_FIXED_FILE` when `fixed`.
pub fn fixed_flag(fixed: bool) -> u8 {
    if fixed { sys::IOSQE_FIXED_FILE } else { 0 }
}

/// OR `flags` into the entry's `IOSQE_*` flags.
pub fn add_flags(sqe: &mut SubmissionQueueEntry, flags: u8) {
    sqe.set_flags(sqe.flags() | flags);
}

// ---------------------------------------------------------------------------
// user_data layout of the examples with connections

/// `user_data` = kind (8 bits) | connection (23 bits) | direction (1 bit) |
/// sequence (32 bits).
pub fn encode(kind: u8, conn: usize, dir: usize, seq: u32) -> u64 {
    ((kind as u64) << 56) | (((conn as u64) & 0x7f_ffff) << 33) | (((dir as u64) & 1) << 32) | seq as u64
}

/// The kind of a `user_data` made by [`encode`].
pub fn kind_of(ud: u64) -> u8 {
    (ud >> 56) as u8
}

/// The connection of a `user_data` made by [`encode`].
pub fn conn_of(ud: u64) -> usize {
    ((ud >> 33) & 0x7f_ffff) as usize
}

/// The direction of a `user_data` made by [`encode`].
pub fn dir_of(ud: u64) -> usize {
    ((ud >> 32) & 1) as usize
}

/// The sequence number of a `user_data` made by [`encode`].
pub fn seq_of(ud: u64) -> u32 {
    ud as u32
}

// ---------------------------------------------------------------------------
// NAPI

/// What NAPI busy polling is, for the napi examples' output.
pub const NAPI_NOTE: &str = "NAPI busy polling makes the ring poll the NIC receive queues \
(NAPI instances) of its sockets instead of waiting for interrupts; it applies to real NIC \
queues only: on loopback no NAPI instance exists, so it changes nothing here";

/// Turn on NAPI busy polling on `ring` (`busy_poll_us` 0: leave it off) and
/// say what the kernel answered. Returns whether it is on.
pub fn napi_register(name: &str, ring: &mut Ring, busy_poll_us: u32, prefer: bool) -> bool {
    if busy_poll_us == 0 && !prefer {
        println!("NAPI busy polling: off (--busy-poll-us 0)");
        return false;
    }
    let mut napi = sys::io_uring_napi {
        busy_poll_to: busy_poll_us,
        prefer_busy_poll: prefer as u8,
        ..Default::default()
    };
    match ring.register_napi(&mut napi) {
        Ok(()) => {
            println!(
                "NAPI busy polling: register_napi(busy_poll_to={busy_poll_us} us, prefer_busy_poll={}): \
                 the kernel accepted it",
                prefer as u8
            );
            println!("note: {NAPI_NOTE}");
            true
        }
        Err(e) => {
            eprintln!("{name}: register_napi: {e} (continuing without NAPI busy polling)");
            false
        }
    }
}

/// Turn NAPI busy polling off and print the settings the kernel had.
pub fn napi_unregister(name: &str, ring: &mut Ring) {
    let mut napi = sys::io_uring_napi::default();
    match ring.unregister_napi(&mut napi) {
        Ok(()) => println!(
            "unregister_napi: the kernel had busy_poll_to={} us, prefer_busy_poll={}",
            napi.busy_poll_to, napi.prefer_busy_poll
        ),
        Err(e) => eprintln!("{name}: unregister_napi: {e}"),
    }
}

/// Describe the NAPI instance the kernel recorded for `fd`'s incoming
/// packets (`SO_INCOMING_NAPI_ID`).
pub fn napi_id_report(fd: RawFd) -> String {
    match getsockopt_int(fd, libc::SOL_SOCKET, libc::SO_INCOMING_NAPI_ID) {
        Ok(0) => "napi id: unassigned (no NIC receive queue behind this socket, as on loopback)".to_string(),
        Ok(id) => format!("napi id: {id}"),
        Err(e) => format!("napi id: unknown ({e})"),
    }
}

/// A ring for the napi examples: `DEFER_TASKRUN` by default, or `SQPOLL`.
pub fn napi_ring(name: &str, sqpoll: bool) -> Ring {
    let mut p = if sqpoll {
        riouring::Params::new().sqpoll(50)
    } else {
        riouring::Params::new().flags(sys::IORING_SETUP_SINGLE_ISSUER | sys::IORING_SETUP_DEFER_TASKRUN)
    };
    check(name, "io_uring setup", Ring::with_params(64, &mut p))
}

// ---------------------------------------------------------------------------
// Latency statistics

/// min / avg / p99 / max of `samples` (microseconds), sorted in place.
pub fn latency_summary(samples: &mut [f64]) -> Option<(f64, f64, f64, f64)> {
    if samples.is_empty() {
        return None;
    }
    samples.sort_by(|a, b| a.total_cmp(b));
    let n = samples.len();
    let avg = samples.iter().sum::<f64>() / n as f64;
    let p99 = samples[((n * 99).div_ceil(100)).clamp(1, n) - 1];
    Some((samples[0], avg, p99, samples[n - 1]))
}
