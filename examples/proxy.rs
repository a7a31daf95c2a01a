//! proxy: a TCP proxy between clients and one target, on io_uring.
//!
//! The Rust counterpart of liburing's `examples/proxy.c` (its bidirectional
//! proxy mode). It teaches:
//!
//! - direct descriptors: the listening socket's multishot accept puts every
//!   connection straight into the ring's registered file table
//!   (`prep_multishot_accept_direct`), the outgoing socket is created there
//!   too (`prep_socket_direct_alloc`), and every request names them with
//!   `IOSQE_FIXED_FILE`: no process fd is ever made for a connection;
//! - receive bundles with a provided-buffer ring per direction
//!   (`IORING_RECVSEND_BUNDLE`, kernel 6.10; `--no-bundle` turns them off);
//! - zero-copy sends (`--zc`: `prep_send_zc` / `prep_sendmsg_zc`, a buffer
//!   returns to its ring only after the `IORING_CQE_F_NOTIF` completion);
//! - passing connections between rings (`--workers N`): an acceptor ring
//!   sends each accepted direct descriptor to one of N worker rings, each in
//!   its own thread, with `prep_msg_ring_fd_alloc`, and stops them with
//!   `prep_msg_ring` messages;
//! - `DEFER_TASKRUN` rings (the default) or `SQPOLL` (`--sqpoll`);
//! - half-close: when one side shuts down its sending half, the proxy sends
//!   what is left and shuts down the other side's sending half
//!   (`prep_shutdown(SHUT_WR)`); a connection closes when both directions
//!   are finished.
//!
//! ```text
//! cargo run --example echo-server -- --port 8000 &
//! cargo run --example proxy -- --listen 127.0.0.1:4444 --target 127.0.0.1:8000 --workers 2 --zc
//! nc 127.0.0.1 4444
//! ```

#[path = "net_common/mod.rs"]
mod net_common;

use net_common::relay::{self, Config, Relay, Stats};
use net_common::*;
use riouring::{CompletionQueueEvent, Params, Ring, sys};
use std::net::SocketAddr;
use std::os::fd::AsRawFd;

const NAME: &str = "proxy";
const USAGE: &str = "\
Usage: proxy [OPTIONS]

A TCP proxy: every connection accepted on the listen address is connected to
the target, and bytes flow both ways until both sides have closed (a
half-close on one side is passed on to the other). Connections are direct
descriptors (registered files) from a multishot accept. Prints 'listening on
ADDR:PORT' first; exits 0 on SIGINT or SIGTERM.

Options:
  --listen ADDR:PORT  where to accept clients (default 127.0.0.1:4444)
  --addr ADDR         set only the listen address
  --port PORT         set only the listen port (0 picks a free one)
  --target ADDR:PORT  where to connect (default 127.0.0.1:8000)
  --workers N         N worker threads, each with its own ring; the acceptor
                      ring passes each connection to one of them with
                      msg_ring (default 0: one ring does everything)
  --zc                send with zero-copy sends
  --no-bundle         receive one buffer per completion instead of bundles
  --sqpoll            use SQPOLL rings instead of DEFER_TASKRUN
  --buffers N         provided buffers per direction, a power of two (default 64)
  --buf-size BYTES    buffer size (default 4096)
  --max-conns N       most connections per ring (default 512)
  -v, --verbose       print a line per connection
  -h, --help          print this help

Exit codes: 0 after SIGINT/SIGTERM, 1 on a runtime error (port in use, ...),
2 on a usage error.
";

const K_ACCEPT: u8 = 1;
const K_SIGNAL: u8 = 2;
const K_SOCKET: u8 = 3;
const K_CONNECT: u8 = 4;
/// Acceptor: the msg_ring that passed a connection completed.
const K_PASS: u8 = 5;
/// Worker: a connection arrived from the acceptor.
const K_NEWCONN: u8 = 6;
/// Worker: the acceptor says stop.
const K_STOP: u8 = 7;
/// Acceptor: a stop message was delivered.
const K_STOP_SENT: u8 = 8;

#[derive(Clone, Copy)]
struct Opts {
    target: SocketAddr,
    sqpoll: bool,
    max_conns: u32,
    relay: Config,
}

/// A connection whose outgoing socket is being created and connected.
struct Pending {
    client: u32,
    out: Option<u32>,
}

/// One ring that connects clients to the target and relays their bytes.
struct Worker {
    ring: Ring,
    relay: Relay,
    /// The target's address; connect requests point at it.
    target: Box<(libc::sockaddr_storage, libc::socklen_t)>,
    domain: i32,
    pending: Vec<Option<Pending>>,
    free: Vec<usize>,
    verbose: bool,
}

fn setup_ring(opts: &Opts) -> Ring {
    let mut p = if opts.sqpoll {
        Params::new().sqpoll(100)
    } else {
        Params::new().flags(
            sys::IORING_SETUP_SINGLE_ISSUER | sys::IORING_SETUP_DEFER_TASKRUN | sys::IORING_SETUP_SUBMIT_ALL,
        )
    }
    .cq_entries(8192);
    let mut ring = check(NAME, "io_uring setup", Ring::with_params(256, &mut p));
    check(NAME, "register a file table", ring.register_files_sparse(opts.max_conns * 2 + 8));
    ring
}

impl Worker {
    fn new(opts: &Opts) -> Worker {
        let ring = setup_ring(opts);
        let mut relay_cfg = opts.relay;
        if relay_cfg.bundle && ring.features() & sys::IORING_FEAT_RECVSEND_BUNDLE == 0 {
            relay_cfg.bundle = false;
        }
        let domain = if opts.target.is_ipv4() { libc::AF_INET } else { libc::AF_INET6 };
        Worker {
            ring,
            relay: Relay::new(relay_cfg),
            target: Box::new(to_sockaddr(&opts.target)),
            domain,
            pending: Vec::new(),
            free: Vec::new(),
            verbose: opts.relay.verbose,
        }
    }

    /// Connect the client in direct slot `client` to the target.
    fn start(&mut self, client: u32) {
        let p = Pending { client, out: None };
        let idx = match self.free.pop() {
            Some(i) => {
                self.pending[i] = Some(p);
                i
            }
            None => {
                self.pending.push(Some(p));
                self.pending.len() - 1
            }
        };
        let s = sqe(&mut self.ring);
        s.prep_socket_direct_alloc(self.domain, libc::SOCK_STREAM, 0, 0);
        s.set_data64(encode(K_SOCKET, idx, 0, 0));
    }

    fn close_direct(&mut self, slot: u32) {
        let s = sqe(&mut self.ring);
        s.prep_close_direct(slot);
        s.set_data64(encode(relay::K_CLOSE, 0, 0, 0));
    }

    fn fail(&mut self, idx: usize, what: &str, res: i32) {
        eprintln!("{NAME}: {what}: {}", std::io::Error::from_raw_os_error(-res));
        if let Some(p) = self.pending[idx].take() {
            self.close_direct(p.client);
            if let Some(out) = p.out {
                self.close_direct(out);
            }
            self.free.push(idx);
        }
    }

    /// Handle one completion of this ring (not the acceptor's kinds).
    fn handle(&mut self, cqe: &CompletionQueueEvent) {
        let ud = cqe.user_data();
        let res = cqe.res();
        match kind_of(ud) {
            K_NEWCONN => {
                if res >= 0 {
                    self.start(res as u32);
                } else {
                    eprintln!("{NAME}: passed connection: {}", std::io::Error::from_raw_os_error(-res));
                }
            }
            K_SOCKET => {
                let idx = conn_of(ud);
                if res < 0 {
                    return self.fail(idx, "socket", res);
                }
                let Some(Some(p)) = self.pending.get_mut(idx) else { return };
                p.out = Some(res as u32);
                let (addr, len) = (&self.target.0 as *const libc::sockaddr_storage, self.target.1);
                let s = sqe(&mut self.ring);
                // SAFETY: the address lives in `self.target`, boxed and
                // unchanged for the worker's life, well past submission.
                unsafe { s.prep_connect(res, addr.cast(), len) };
                add_flags(s, sys::IOSQE_FIXED_FILE);
                s.set_data64(encode(K_CONNECT, idx, 0, 0));
            }
            K_CONNECT => {
                let idx = conn_of(ud);
                if res < 0 {
                    return self.fail(idx, "connect to the target", res);
                }
                let Some(p) = self.pending.get_mut(idx).and_then(Option::take) else { return };
                self.free.push(idx);
                let out = p.out.unwrap_or(0);
                let fds = vec![p.client as i32, out as i32];
                match self.relay.add(&mut self.ring, fds, true, &[(0, 1), (1, 0)]) {
                    Ok(ci) if self.verbose => {
                        println!("connection {ci}: client slot {}, target slot {out}", p.client)
                    }
                    Ok(_) => {}
                    Err(e) => {
                        eprintln!("{NAME}: no buffers for a new connection: {e}");
                        self.close_direct(p.client);
                        self.close_direct(out);
                    }
                }
            }
            _ => {
                self.relay.handle(&mut self.ring, cqe);
            }
        }
    }
}

fn main() {
    let mut listen: SocketAddr = ([127, 0, 0, 1], 4444).into();
    let mut opts = Opts {
        target: ([127, 0, 0, 1], 8000).into(),
        sqpoll: false,
        max_conns: 512,
        relay: Config { bundle: true, zc: false, buffers: 64, buf_size: 4096, verbose: false, name: NAME },
    };
    let mut workers: usize = 0;
    let mut args = Args::new(NAME, USAGE);
    while let Some(opt) = args.next_opt() {
        match opt.as_str() {
            "--listen" => listen = args.value(&opt),
            "--addr" => listen.set_ip(args.value(&opt)),
            "--port" => listen.set_port(args.value(&opt)),
            "--target" => opts.target = args.value(&opt),
            "--workers" => workers = args.value(&opt),
            "--zc" => opts.relay.zc = true,
            "--no-bundle" => opts.relay.bundle = false,
            "--sqpoll" => opts.sqpoll = true,
            "--buffers" => opts.relay.buffers = args.value(&opt),
            "--buf-size" => opts.relay.buf_size = args.value(&opt),
            "--max-conns" => opts.max_conns = args.value(&opt),
            "-v" | "--verbose" => opts.relay.verbose = true,
            _ => args.unknown(&opt),
        }
    }
    if !opts.relay.buffers.is_power_of_two() || opts.relay.buffers > 32768 {
        args.bad("--buffers must be a power of two, at most 32768");
    }
    if opts.relay.buf_size == 0 || opts.relay.buf_size > 1 << 20 {
        args.bad("--buf-size must be between 1 and 1048576");
    }
    if workers > 64 {
        args.bad("--workers must be at most 64");
    }
    if !(1..=100_000).contains(&opts.max_conns) {
        args.bad("--max-conns must be between 1 and 100000");
    }

    let signals = check(NAME, "signalfd", Signals::new());
    let listener = tcp_listen(NAME, listen);
    announce(listener.local_addr());
    let lfd = listener.as_raw_fd();

    let (stop, stats) = if workers == 0 {
        run_single(&opts, &signals, lfd)
    } else {
        run_acceptor(&opts, &signals, lfd, workers)
    };
    println!(
        "{}: exiting; {} connections, {} bytes relayed, {} bundled receives, {} zero-copy notifications",
        signal_name(stop),
        stats.opened,
        stats.bytes,
        stats.bundles,
        stats.notifs
    );
}

fn arm_accept(ring: &mut Ring, lfd: i32) {
    let s = sqe(ring);
    // SAFETY: no address buffers are passed (null pointers).
    unsafe { s.prep_multishot_accept_direct(lfd, core::ptr::null_mut(), core::ptr::null_mut(), 0) };
    s.set_data64(encode(K_ACCEPT, 0, 0, 0));
}

/// One ring accepts, connects and relays. Returns the signal and the stats.
fn run_single(opts: &Opts, signals: &Signals, lfd: i32) -> (i32, Stats) {
    let mut w = Worker::new(opts);
    signals.arm(&mut w.ring, encode(K_SIGNAL, 0, 0, 0));
    arm_accept(&mut w.ring, lfd);
    let mut cqes = vec![CompletionQueueEvent::default(); 512];
    loop {
        let n = check(NAME, "wait", submit_and_reap(&mut w.ring, &mut cqes, None));
        for cqe in &cqes[..n] {
            match kind_of(cqe.user_data()) {
                K_ACCEPT => {
                    if cqe.res() >= 0 {
                        w.start(cqe.res() as u32);
                    } else {
                        let e = std::io::Error::from_raw_os_error(-cqe.res());
                        if accept_error_is_fatal(cqe.res()) {
                            fatal(NAME, format_args!("accept: {e}"));
                        }
                        eprintln!("{NAME}: accept: {e}");
                    }
                    if !cqe.more() {
                        arm_accept(&mut w.ring, lfd);
                    }
                }
                K_SIGNAL => match signals.take() {
                    Some(sig) => return (sig, w.relay.stats),
                    None => signals.arm(&mut w.ring, encode(K_SIGNAL, 0, 0, 0)),
                },
                _ => w.handle(cqe),
            }
        }
    }
}

/// A worker thread: its own ring, fed by the acceptor through msg_ring.
fn worker_main(opts: Opts, ring_fd: std::sync::mpsc::Sender<i32>) -> Stats {
    // The ring is created here: a SINGLE_ISSUER ring belongs to the thread
    // that made it.
    let mut w = Worker::new(&opts);
    // Nothing can fail in a way worth reporting if main is gone.
    let _ = ring_fd.send(w.ring.as_raw_fd());
    let mut cqes = vec![CompletionQueueEvent::default(); 512];
    loop {
        let n = check(NAME, "wait", submit_and_reap(&mut w.ring, &mut cqes, None));
        for cqe in &cqes[..n] {
            if kind_of(cqe.user_data()) == K_STOP {
                return w.relay.stats;
            }
            w.handle(cqe);
        }
    }
}

/// The acceptor ring passes connections to worker rings.
fn run_acceptor(opts: &Opts, signals: &Signals, lfd: i32, workers: usize) -> (i32, Stats) {
    let mut threads = Vec::new();
    let mut fds = Vec::new();
    for i in 0..workers {
        let (tx, rx) = std::sync::mpsc::channel();
        let o = *opts;
        let t = std::thread::Builder::new().name(format!("worker{i}")).spawn(move || worker_main(o, tx));
        threads.push(check(NAME, "start a worker thread", t));
        match rx.recv() {
            Ok(fd) => fds.push(fd),
            Err(_) => fatal(NAME, "a worker thread failed to start"),
        }
    }
    let mut ring = setup_ring(opts);
    signals.arm(&mut ring, encode(K_SIGNAL, 0, 0, 0));
    arm_accept(&mut ring, lfd);
    let mut next = 0;
    let mut cqes = vec![CompletionQueueEvent::default(); 512];
    let stop = 'outer: loop {
        let n = check(NAME, "wait", submit_and_reap(&mut ring, &mut cqes, None));
        for cqe in &cqes[..n] {
            let res = cqe.res();
            match kind_of(cqe.user_data()) {
                K_ACCEPT => {
                    if res >= 0 {
                        // Hand the direct descriptor to the next worker, into
                        // a slot its ring picks; the worker's completion says
                        // which.
                        let s = sqe(&mut ring);
                        s.prep_msg_ring_fd_alloc(fds[next], res as u32, encode(K_NEWCONN, 0, 0, 0), 0);
                        s.set_data64(encode(K_PASS, res as usize, 0, 0));
                        next = (next + 1) % fds.len();
                    } else {
                        let e = std::io::Error::from_raw_os_error(-res);
                        if accept_error_is_fatal(res) {
                            fatal(NAME, format_args!("accept: {e}"));
                        }
                        eprintln!("{NAME}: accept: {e}");
                    }
                    if !cqe.more() {
                        arm_accept(&mut ring, lfd);
                    }
                }
                K_PASS => {
                    if res < 0 {
                        eprintln!(
                            "{NAME}: passing a connection: {}",
                            std::io::Error::from_raw_os_error(-res)
                        );
                    }
                    // The worker has its own reference now (or the pass
                    // failed): drop ours.
                    let s = sqe(&mut ring);
                    s.prep_close_direct(conn_of(cqe.user_data()) as u32);
                    s.set_data64(encode(relay::K_CLOSE, 0, 0, 0));
                }
                K_SIGNAL => match signals.take() {
                    Some(sig) => break 'outer sig,
                    None => signals.arm(&mut ring, encode(K_SIGNAL, 0, 0, 0)),
                },
                _ => {}
            }
        }
    };
    // Tell every worker to stop, and wait until the messages are delivered.
    for &fd in &fds {
        let s = sqe(&mut ring);
        s.prep_msg_ring(fd, 0, encode(K_STOP, 0, 0, 0), 0);
        s.set_data64(encode(K_STOP_SENT, 0, 0, 0));
    }
    let mut delivered = 0;
    let ts = riouring::Timespec::new(5, 0);
    while delivered < fds.len() {
        let n = check(NAME, "wait", submit_and_reap(&mut ring, &mut cqes, Some(&ts)));
        if n == 0 {
            fatal(NAME, "workers did not take the stop message");
        }
        delivered += cqes[..n].iter().filter(|c| kind_of(c.user_data()) == K_STOP_SENT).count();
    }
    let mut total = Stats::default();
    for t in threads {
        let s = t.join().unwrap_or_default();
        total.opened += s.opened;
        total.closed += s.closed;
        total.bytes += s.bytes;
        total.notifs += s.notifs;
        total.bundles += s.bundles;
    }
    (stop, total)
}
