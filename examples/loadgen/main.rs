//! A load generator for the `ringserver` example (and any TCP echo server
//! or HTTP/1.1 server).
//!
//! ```text
//! cargo run --release --example loadgen -- --port 9000 --connections 64 --size 64 --duration-ms 2000
//! ```
//!
//! `--threads` threads each open their share of `--connections` blocking
//! `connect`s, then drive them through a ring of their own
//! (`IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN`, registered
//! ring fd), with plain `send` and `recv` requests on the sockets.
//!
//! - `--mode echo`: each connection sends a message of `--size` random
//!   bytes, receives until the whole echo is back, checks every byte, and
//!   repeats. A message is one round trip.
//! - `--mode http`: each connection writes `--pipeline` GET requests at
//!   once and reads until as many complete responses (status 200, framed by
//!   `Content-Length`) are back. A message is one response.
//!
//! When `--duration-ms` is over, the requests in flight are cancelled and
//! not counted. The report gives messages per second, latency percentiles
//! (from the start of a round to the message's completion) and the errors.
//! Exit code 0 when every message checked out, 1 if any echoed byte differed
//! or a connection failed, 2 for bad arguments.

#![warn(clippy::undocumented_unsafe_blocks)]

use riouring::{CompletionQueueEvent, Params, Ring, Timespec, sys};
use std::io::{self, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

const USAGE: &str = "\
usage: loadgen [options]

options:
  --addr IP:PORT       server address (default 127.0.0.1:9000)
  --port N             shorthand for --addr 127.0.0.1:N
  --connections N      connections (default 64)
  --size N             echo message size in bytes (default 64)
  --duration-ms N      how long to run (default 2000)
  --threads N          threads, one ring each (default: available cores)
  --mode echo|http     echo round trips (default), or pipelined HTTP GETs
  --pipeline N         HTTP requests written at once per connection (default 1)
  -h, --help           print this help

Exit code 1 if any echoed byte mismatched or a connection failed.";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Echo,
    Http,
}

#[derive(Clone, Debug)]
struct Options {
    addr: SocketAddr,
    connections: usize,
    size: usize,
    duration: Duration,
    threads: usize,
    mode: Mode,
    pipeline: usize,
}

fn parse_args(args: &[String]) -> Result<Option<Options>, String> {
    let mut o = Options {
        addr: "127.0.0.1:9000".parse().unwrap(),
        connections: 64,
        size: 64,
        duration: Duration::from_millis(2000),
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        mode: Mode::Echo,
        pipeline: 1,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        if name == "-h" || name == "--help" {
            return Ok(None);
        }
        let v = match inline {
            Some(v) => v,
            None => it.next().cloned().ok_or_else(|| format!("{name} needs a value"))?,
        };
        let num = |v: &str| v.parse::<usize>().map_err(|_| format!("{name}: not a valid number: {v:?}"));
        match name {
            "--addr" => o.addr = v.parse().map_err(|_| format!("--addr: not IP:PORT: {v:?}"))?,
            "--port" => {
                let port = v.parse::<u16>().map_err(|_| format!("--port: not a port: {v:?}"))?;
                o.addr = SocketAddr::new([127, 0, 0, 1].into(), port);
            }
            "--connections" => o.connections = num(&v)?,
            "--size" => o.size = num(&v)?,
            "--duration-ms" => o.duration = Duration::from_millis(num(&v)? as u64),
            "--threads" => o.threads = num(&v)?,
            "--pipeline" => o.pipeline = num(&v)?,
            "--mode" => {
                o.mode = match v.as_str() {
                    "echo" => Mode::Echo,
                    "http" => Mode::Http,
                    _ => return Err(format!("--mode: expected echo or http, got {v:?}")),
                }
            }
            _ => return Err(format!("unknown argument {arg:?}")),
        }
    }
    if o.connections == 0 || o.connections > 100_000 {
        return Err("--connections must be between 1 and 100000".into());
    }
    if o.size == 0 || o.size > 1 << 24 {
        return Err("--size must be between 1 and 16777216".into());
    }
    if o.pipeline == 0 || o.pipeline > 1024 {
        return Err("--pipeline must be between 1 and 1024".into());
    }
    o.threads = o.threads.clamp(1, o.connections);
    Ok(Some(o))
}

const SEND: u64 = 1;
const RECV: u64 = 2;
const CANCEL: u64 = 3;

const HTTP_REQUEST: &[u8] = b"GET / HTTP/1.1\r\nHost: loadgen\r\n\r\n";

struct Conn {
    sock: TcpStream,
    tx: Vec<u8>,
    rx: Vec<u8>,
    sent: usize,
    /// Echo: bytes of the echo received. HTTP: bytes in `rx` not parsed yet.
    got: usize,
    /// HTTP: responses of this round received.
    responses: usize,
    round_start: Instant,
    send_busy: bool,
    recv_busy: bool,
    dead: bool,
    rng: u64,
}

#[derive(Default)]
struct Results {
    msgs: u64,
    bytes: u64,
    errors: u64,
    mismatched: u64,
    latencies_ns: Vec<u64>,
}

struct Client<'a> {
    ring: Ring,
    conns: Vec<Conn>,
    opts: &'a Options,
    res: Results,
    in_flight: usize,
    stopping: bool,
}

fn xorshift(s: &mut u64) -> u64 {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    *s
}

impl Client<'_> {
    fn sqe(&mut self) -> &mut riouring::SubmissionQueueEntry {
        if self.ring.sq_space_left() == 0 {
            let _ = self.ring.submit();
        }
        self.ring.get_sqe().expect("the SQ has room after a submit")
    }

    fn start_round(&mut self, i: usize) {
        let size = self.opts.size;
        let c = &mut self.conns[i];
        c.sent = 0;
        c.responses = 0;
        c.round_start = Instant::now();
        match self.opts.mode {
            Mode::Echo => {
                c.got = 0;
                let mut seed = c.rng;
                for chunk in c.tx.chunks_mut(8) {
                    let r = xorshift(&mut seed).to_le_bytes();
                    chunk.copy_from_slice(&r[..chunk.len()]);
                }
                c.rng = seed;
                debug_assert_eq!(c.tx.len(), size);
            }
            Mode::Http => {}
        }
        self.send(i);
        self.recv(i);
    }

    fn send(&mut self, i: usize) {
        let fd = self.conns[i].sock.as_raw_fd();
        let (sent, len) = (self.conns[i].sent, self.conns[i].tx.len());
        let p = self.conns[i].tx[sent..].as_ptr();
        let sqe = self.sqe();
        // SAFETY: `tx` is not changed or dropped while the send is in
        // flight: rounds start only when it completed, and the connections
        // are dropped only after every request finished.
        unsafe { sqe.prep_send_raw(fd, p.cast(), len - sent, libc::MSG_NOSIGNAL) };
        sqe.set_data64(SEND << 32 | i as u64);
        self.conns[i].send_busy = true;
        self.in_flight += 1;
    }

    fn recv(&mut self, i: usize) {
        let c = &mut self.conns[i];
        let fd = c.sock.as_raw_fd();
        let want = match self.opts.mode {
            Mode::Echo => c.tx.len(),
            Mode::Http => c.rx.len(),
        };
        let p = c.rx[c.got..want].as_mut_ptr();
        let len = want - c.got;
        let sqe = self.sqe();
        // SAFETY: `rx` is neither read nor dropped until this receive
        // completes (one receive at a time per connection; connections are
        // dropped only after every request finished).
        unsafe { sqe.prep_recv_raw(fd, p.cast(), len, 0) };
        sqe.set_data64(RECV << 32 | i as u64);
        self.conns[i].recv_busy = true;
        self.in_flight += 1;
    }

    fn fail(&mut self, i: usize, what: &str, res: i32) {
        let c = &mut self.conns[i];
        if !c.dead && !self.stopping {
            self.res.errors += 1;
            eprintln!("loadgen: connection {i}: {what}: {}", io::Error::from_raw_os_error(-res));
        }
        c.dead = true;
    }

    fn handle(&mut self, cqe: &CompletionQueueEvent) {
        let (k, i) = (cqe.user_data() >> 32, (cqe.user_data() & 0xffff_ffff) as usize);
        if k == CANCEL {
            return;
        }
        self.in_flight -= 1;
        let res = cqe.res();
        if k == SEND {
            self.conns[i].send_busy = false;
            if res < 0 {
                return self.fail(i, "send", res);
            }
            self.conns[i].sent += res as usize;
            if self.conns[i].sent < self.conns[i].tx.len() {
                if !self.stopping {
                    self.send(i);
                }
                return;
            }
        } else {
            self.conns[i].recv_busy = false;
            if res <= 0 {
                let what = if res == 0 { "server closed the connection" } else { "recv" };
                return self.fail(i, what, if res == 0 { -libc::ECONNRESET } else { res });
            }
            let now = Instant::now();
            let done = match self.opts.mode {
                Mode::Echo => self.echo_data(i, res as usize, now),
                Mode::Http => self.http_data(i, res as usize, now),
            };
            if !done && !self.conns[i].dead && !self.stopping {
                self.recv(i);
                return;
            }
        }
        let c = &self.conns[i];
        let complete = !c.send_busy
            && !c.recv_busy
            && c.sent == c.tx.len()
            && match self.opts.mode {
                Mode::Echo => c.got == c.tx.len(),
                Mode::Http => c.responses == self.opts.pipeline,
            };
        if complete && !c.dead && !self.stopping {
            if self.opts.mode == Mode::Echo {
                self.res.msgs += 1;
                self.res.bytes += c.tx.len() as u64;
                self.res.latencies_ns.push(c.round_start.elapsed().as_nanos() as u64);
            }
            self.start_round(i);
        }
    }

    /// Check the `n` echoed bytes just received; true when the echo is whole.
    fn echo_data(&mut self, i: usize, n: usize, _now: Instant) -> bool {
        let c = &mut self.conns[i];
        let (from, to) = (c.got, c.got + n);
        let bad = c.rx[from..to].iter().zip(&c.tx[from..to]).filter(|(a, b)| a != b).count();
        if bad > 0 && !c.dead {
            eprintln!("loadgen: connection {i}: {bad} echoed bytes differ at offset {from}..{to}");
            self.res.mismatched += bad as u64;
            c.dead = true;
        }
        c.got = to;
        c.got == c.tx.len()
    }

    /// Parse the responses completed by `n` new bytes; true when the round's
    /// responses are all in.
    fn http_data(&mut self, i: usize, n: usize, now: Instant) -> bool {
        let c = &mut self.conns[i];
        c.got += n;
        let mut pos = 0;
        loop {
            let buf = &c.rx[pos..c.got];
            let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n").map(|p| p + 4) else { break };
            let head = &buf[..end];
            let ok = head.starts_with(b"HTTP/1.1 200 ");
            let len = head
                .split(|&b| b == b'\n')
                .filter_map(|l| {
                    let l = std::str::from_utf8(l).ok()?.trim();
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length").then(|| v.trim().parse::<usize>().ok())?
                })
                .next();
            let Some(len) = len.filter(|_| ok) else {
                eprintln!("loadgen: connection {i}: bad response {:?}", String::from_utf8_lossy(head));
                self.res.errors += 1;
                c.dead = true;
                return true;
            };
            if buf.len() < end + len {
                break;
            }
            pos += end + len;
            c.responses += 1;
            self.res.msgs += 1;
            self.res.bytes += (end + len) as u64;
            self.res.latencies_ns.push((now - c.round_start).as_nanos() as u64);
        }
        c.rx.copy_within(pos..c.got, 0);
        c.got -= pos;
        if c.got == c.rx.len() {
            eprintln!("loadgen: connection {i}: response larger than {} bytes", c.rx.len());
            self.res.errors += 1;
            c.dead = true;
            return true;
        }
        c.responses == self.opts.pipeline
    }

    fn run(mut self, start: Instant) -> Results {
        for i in 0..self.conns.len() {
            self.start_round(i);
        }
        let deadline = start + self.opts.duration;
        let mut cqes = vec![CompletionQueueEvent::new(0, 0, 0); 256];
        let mut drain_until = None;
        while self.in_flight > 0 {
            let now = Instant::now();
            if now >= deadline && !self.stopping {
                self.stopping = true;
                drain_until = Some(now + Duration::from_secs(3));
                let sqe = self.sqe();
                sqe.prep_cancel64(0, sys::IORING_ASYNC_CANCEL_ANY as i32);
                sqe.set_data64(CANCEL << 32);
            }
            if drain_until.is_some_and(|d| now >= d) {
                break;
            }
            let left = if self.stopping { Duration::from_millis(100) } else { deadline - now };
            let ts = Timespec::new(left.as_secs() as i64, left.subsec_nanos() as i64);
            match self.ring.submit_and_wait_timeout(1, Some(&ts), None) {
                Ok(_) => {}
                Err(e) if matches!(e.raw_os_error(), Some(libc::ETIME | libc::EINTR | libc::EBUSY)) => {}
                Err(e) => {
                    eprintln!("loadgen: ring: {e}");
                    self.res.errors += 1;
                    break;
                }
            }
            loop {
                let n = self.ring.peek_batch_cqe(&mut cqes);
                if n == 0 {
                    break;
                }
                self.ring.cq_advance(n as u32);
                for cqe in &cqes[..n] {
                    self.handle(cqe);
                }
            }
        }
        if self.in_flight > 0 {
            // Requests still name our buffers: never free them.
            eprintln!("loadgen: {} requests did not finish; leaking their buffers", self.in_flight);
            std::mem::forget(std::mem::take(&mut self.conns));
        }
        std::mem::take(&mut self.res)
    }
}

fn new_ring(entries: u32) -> io::Result<Ring> {
    let mut p = Params::new().flags(sys::IORING_SETUP_SINGLE_ISSUER | sys::IORING_SETUP_DEFER_TASKRUN);
    let mut ring = Ring::with_params(entries, &mut p)?;
    ring.register_ring_fd()?;
    Ok(ring)
}

fn thread_main(opts: &Options, n: usize, seed: u64, start_gate: &std::sync::Barrier) -> io::Result<Results> {
    let mut conns = Vec::with_capacity(n);
    for k in 0..n {
        let sock = TcpStream::connect(opts.addr)?;
        sock.set_nodelay(true)?;
        let tx = match opts.mode {
            Mode::Echo => vec![0; opts.size],
            Mode::Http => HTTP_REQUEST.repeat(opts.pipeline),
        };
        let rx = vec![0; if opts.mode == Mode::Echo { opts.size } else { 64 * 1024 }];
        conns.push(Conn {
            sock,
            tx,
            rx,
            sent: 0,
            got: 0,
            responses: 0,
            round_start: Instant::now(),
            send_busy: false,
            recv_busy: false,
            dead: false,
            rng: seed.wrapping_mul(0x9e37_79b9_7f4a_7c15).wrapping_add(k as u64 * 2 + 1) | 1,
        });
    }
    let ring = new_ring((2 * n as u32).next_power_of_two().clamp(8, 4096))?;
    start_gate.wait();
    let client = Client { ring, conns, opts, res: Results::default(), in_flight: 0, stopping: false };
    Ok(client.run(Instant::now()))
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[idx] as f64 / 1000.0
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts = match parse_args(&args) {
        Ok(Some(o)) => o,
        Ok(None) => {
            println!("{USAGE}");
            return;
        }
        Err(e) => {
            eprintln!("loadgen: {e}\n\n{USAGE}");
            std::process::exit(2);
        }
    };
    println!(
        "loadgen: {:?} mode, {} connections x {} B{}, {} threads, {} ms against {}",
        opts.mode,
        opts.connections,
        if opts.mode == Mode::Echo { opts.size } else { HTTP_REQUEST.len() },
        if opts.mode == Mode::Http { format!(", pipeline {}", opts.pipeline) } else { String::new() },
        opts.threads,
        opts.duration.as_millis(),
        opts.addr
    );
    let gate = std::sync::Barrier::new(opts.threads + 1);
    let started = std::sync::Mutex::new(None);
    let results: Vec<io::Result<Results>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..opts.threads)
            .map(|t| {
                let n = opts.connections / opts.threads + (t < opts.connections % opts.threads) as usize;
                let (opts, gate) = (&opts, &gate);
                s.spawn(move || {
                    let r = thread_main(opts, n, t as u64 + 1, gate);
                    if r.is_err() {
                        // Let the others go even though this thread failed.
                        gate.wait();
                    }
                    r
                })
            })
            .collect();
        gate.wait();
        *started.lock().unwrap() = Some(Instant::now());
        handles.into_iter().map(|h| h.join().expect("loadgen thread panicked")).collect()
    });
    let elapsed = started.lock().unwrap().map_or(Duration::ZERO, |t| t.elapsed()).min(opts.duration);
    let mut total = Results::default();
    for r in results {
        match r {
            Ok(r) => {
                total.msgs += r.msgs;
                total.bytes += r.bytes;
                total.errors += r.errors;
                total.mismatched += r.mismatched;
                total.latencies_ns.extend(r.latencies_ns);
            }
            Err(e) => {
                eprintln!("loadgen: {e}");
                total.errors += 1;
            }
        }
    }
    total.latencies_ns.sort_unstable();
    let secs = elapsed.as_secs_f64().max(1e-9);
    let l = &total.latencies_ns;
    println!(
        "throughput: {} msgs in {:.3} s = {:.0} msgs/s, {:.1} MB/s",
        total.msgs,
        secs,
        total.msgs as f64 / secs,
        total.bytes as f64 / secs / 1e6
    );
    println!(
        "latency: p50={:.1}us p90={:.1}us p99={:.1}us max={:.1}us",
        percentile(l, 0.50),
        percentile(l, 0.90),
        percentile(l, 0.99),
        l.last().map_or(0.0, |&m| m as f64 / 1000.0)
    );
    println!("errors: {} mismatched bytes: {}", total.errors, total.mismatched);
    let _ = io::stdout().flush();
    if total.mismatched > 0 || total.errors > 0 || total.msgs == 0 {
        std::process::exit(1);
    }
}
