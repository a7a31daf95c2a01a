//! send-zerocopy: throughput of `send` against zero-copy `send_zc`.
//!
//! The Rust counterpart of liburing's `examples/send-zerocopy.c` (itself
//! modelled on the kernel's `msg_zerocopy` selftest). It teaches:
//!
//! - zero-copy sends (`prep_send_zc_fixed`, kernel 6.0): the kernel sends
//!   straight from the application's pages, so a send completes twice: first
//!   the result (with `IORING_CQE_F_MORE`), then a notification
//!   (`IORING_CQE_F_NOTIF`) once the pages are no longer used;
//!   `IORING_SEND_ZC_REPORT_USAGE` makes the notification say whether the
//!   kernel had to copy after all (it does on loopback, where the data is
//!   delivered locally, and for devices without scatter-gather);
//! - a registered buffer (`register_buffers`) and a registered socket
//!   (`register_files`), as liburing's example uses by default;
//! - keeping several requests in flight for a fixed duration, and measuring.
//!
//! The receiver is built in: a thread that listens on `--addr`/`--port`,
//! accepts the connection (TCP) or binds the socket (UDP), and counts what
//! arrives. Both throughputs are printed, with the number of notifications.
//!
//! ```text
//! cargo run --release --example send-zerocopy -- --port 0 --duration-ms 1000 --zc
//! cargo run --release --example send-zerocopy -- --port 0 --duration-ms 1000 --no-zc
//! ```

#[path = "net_common/mod.rs"]
mod net_common;

use net_common::*;
use riouring::{CompletionQueueEvent, Ring, Timespec, sys};
use std::io::Read;
use std::net::{IpAddr, SocketAddr, TcpStream, UdpSocket};
use std::os::fd::AsRawFd;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const NAME: &str = "send-zerocopy";
const USAGE: &str = "\
Usage: send-zerocopy [OPTIONS]

Measures how fast io_uring sends over a loopback connection, with plain sends
or zero-copy sends (send_zc from a registered buffer), for a fixed time. A
built-in receiver thread listens on ADDR:PORT and counts the bytes. Prints
'listening on ADDR:PORT' first, then the throughput in MB/s (10^6 bytes) and
the number of zero-copy notification completions.

Options:
  --addr ADDR         receiver address (default 127.0.0.1; IPv6 works too)
  --port PORT         receiver port (default 8000; 0 picks a free one)
  --tcp | --udp       transport (default TCP)
  --size BYTES        bytes per send (default 16384; UDP at most 65507)
  --duration-ms MS    how long to send (default 1000)
  --zc | --no-zc      zero-copy sends (default) or plain sends
  --nr-reqs N         sends kept in flight (default 8)
  -h, --help          print this help

Exit codes: 0 on success (also after SIGINT/SIGTERM, with partial results), 1
on a runtime error, 2 on a usage error.
";

const K_SEND: u8 = 1;
const K_SIGNAL: u8 = 2;

fn main() {
    let mut addr: IpAddr = [127, 0, 0, 1].into();
    let mut port: u16 = 8000;
    let mut udp = false;
    let mut size: usize = 16384;
    let mut duration_ms: u64 = 1000;
    let mut zc = true;
    let mut nr_reqs: u32 = 8;
    let mut args = Args::new(NAME, USAGE);
    while let Some(opt) = args.next_opt() {
        match opt.as_str() {
            "--addr" => addr = args.value(&opt),
            "--port" => port = args.value(&opt),
            "--tcp" => udp = false,
            "--udp" => udp = true,
            "--size" => size = args.value(&opt),
            "--duration-ms" => duration_ms = args.value(&opt),
            "--zc" => zc = true,
            "--no-zc" => zc = false,
            "--nr-reqs" => nr_reqs = args.value(&opt),
            _ => args.unknown(&opt),
        }
    }
    if size == 0 || size > if udp { 65507 } else { 1 << 24 } {
        args.bad(if udp {
            "--size must be between 1 and 65507 for UDP"
        } else {
            "--size must be between 1 and 16777216"
        });
    }
    if !(1..=256).contains(&nr_reqs) {
        args.bad("--nr-reqs must be between 1 and 256");
    }
    if duration_ms == 0 || duration_ms > 3_600_000 {
        args.bad("--duration-ms must be between 1 and 3600000");
    }

    let signals = check(NAME, "signalfd", Signals::new());
    let (sock, receiver, stop_rx) = start_receiver(SocketAddr::new(addr, port), udp);
    let proto = if udp { "UDP" } else { "TCP" };
    let mode = if zc { "send_zc (registered buffer)" } else { "send" };
    println!(
        "sending {size}-byte messages over {proto} for {duration_ms} ms with {mode}, {nr_reqs} in flight"
    );

    let mut ring = check(NAME, "io_uring setup", Ring::new(nr_reqs.next_power_of_two() * 2));
    check(NAME, "register the socket", ring.register_files(&[sock.as_raw_fd()]));
    // The payload: one buffer, registered, never written after this point.
    let payload: Vec<u8> = (0..size).map(|i| b'a' + (i % 26) as u8).collect();
    let iov = [libc::iovec { iov_base: payload.as_ptr() as *mut _, iov_len: payload.len() }];
    // SAFETY: `payload` is dropped only after `ring` (see the explicit drops
    // below) and is never written while registered.
    check(NAME, "register the buffer", unsafe { ring.register_buffers(&iov) });
    signals.arm(&mut ring, encode(K_SIGNAL, 0, 0, 0));

    let deadline = Duration::from_millis(duration_ms);
    let start = Instant::now();
    let (mut sent, mut reqs, mut notifs, mut copied) = (0u64, 0u64, 0u64, 0u64);
    // Requests whose final completion has not arrived (result, or
    // notification for zero-copy sends).
    let mut inflight = 0u32;
    let mut sending = 0u32;
    let mut stopping = false;
    let mut interrupted = None;
    let mut cqes = vec![CompletionQueueEvent::default(); 512];
    let ts = Timespec::new(5, 0);
    loop {
        if !stopping && start.elapsed() >= deadline {
            stopping = true;
        }
        while !stopping && sending < nr_reqs {
            queue_send(&mut ring, &payload, zc);
            sending += 1;
            inflight += 1;
        }
        if stopping && inflight == 0 {
            break;
        }
        let n = check(NAME, "wait", submit_and_reap(&mut ring, &mut cqes, Some(&ts)));
        if n == 0 && stopping {
            fatal(NAME, "completions did not arrive within 5 s");
        }
        for cqe in &cqes[..n] {
            match kind_of(cqe.user_data()) {
                K_SEND if cqe.notif() => {
                    notifs += 1;
                    if cqe.res() as u32 & sys::IORING_NOTIF_USAGE_ZC_COPIED != 0 {
                        copied += 1;
                    }
                    inflight -= 1;
                }
                K_SEND => {
                    sending -= 1;
                    if !cqe.more() {
                        inflight -= 1;
                    }
                    match cqe.res() {
                        r if r >= 0 => {
                            sent += r as u64;
                            reqs += 1;
                        }
                        // UDP to a receiver that went away, or a full socket
                        // buffer: stop, but report what was measured.
                        r => {
                            let e = std::io::Error::from_raw_os_error(-r);
                            if !stopping {
                                eprintln!("{NAME}: send: {e}");
                            }
                            stopping = true;
                        }
                    }
                }
                K_SIGNAL => {
                    if let Some(sig) = signals.take() {
                        interrupted = Some(sig);
                        stopping = true;
                    } else {
                        signals.arm(&mut ring, encode(K_SIGNAL, 0, 0, 0));
                    }
                }
                _ => {}
            }
        }
    }
    let elapsed = start.elapsed();
    drop(ring);
    drop(payload);
    if let Some(sig) = interrupted {
        println!("{}: stopped early", signal_name(sig));
    }
    // End of data for the receiver: EOF on TCP, the stop flag on UDP.
    let _ = shutdown(&sock);
    stop_rx.store(true, Ordering::Relaxed);
    let received = receiver.join().unwrap_or(0);
    let secs = elapsed.as_secs_f64().max(1e-9);
    let what = if zc { "send_zc" } else { "send" };
    println!(
        "{what}: {:.1} MB/s sent, {:.1} MB/s received, {sent} bytes in {} ms, {reqs} requests, \
         {notifs} notifications ({copied} copied by the kernel)",
        sent as f64 / secs / 1e6,
        received as f64 / secs / 1e6,
        elapsed.as_millis()
    );
}

fn queue_send(ring: &mut Ring, payload: &[u8], zc: bool) {
    let s = sqe(ring);
    if zc {
        // SAFETY: `payload` is registered buffer 0 and stays alive and
        // unwritten until every notification arrived (the loop drains them
        // before the ring and the payload are dropped).
        unsafe { s.prep_send_zc_fixed(0, payload, 0, sys::IORING_SEND_ZC_REPORT_USAGE as u32, 0) };
    } else {
        // SAFETY: as above, until the completion.
        unsafe { s.prep_send(0, payload, 0) };
    }
    add_flags(s, sys::IOSQE_FIXED_FILE);
    s.set_data64(encode(K_SEND, 0, 0, 0));
}

/// The sender's connected socket.
enum Sock {
    Tcp(TcpStream),
    Udp(UdpSocket),
}

impl AsRawFd for Sock {
    fn as_raw_fd(&self) -> i32 {
        match self {
            Sock::Tcp(s) => s.as_raw_fd(),
            Sock::Udp(s) => s.as_raw_fd(),
        }
    }
}

fn shutdown(sock: &Sock) -> std::io::Result<()> {
    match sock {
        Sock::Tcp(s) => s.shutdown(std::net::Shutdown::Write),
        Sock::Udp(_) => Ok(()),
    }
}

/// Bind the receiver, announce it, start its thread, and connect to it.
/// The thread returns the bytes it received.
fn start_receiver(addr: SocketAddr, udp: bool) -> (Sock, std::thread::JoinHandle<u64>, Arc<AtomicBool>) {
    let stop = Arc::new(AtomicBool::new(false));
    let stop2 = stop.clone();
    if udp {
        let rx = udp_bind(NAME, addr);
        let local = check(NAME, "getsockname", rx.local_addr());
        announce(Ok(local));
        check(NAME, "set a read timeout", rx.set_read_timeout(Some(Duration::from_millis(50))));
        let t = std::thread::spawn(move || {
            let mut buf = vec![0u8; 65536];
            let mut total = 0u64;
            while !stop2.load(Ordering::Relaxed) {
                if let Ok(n) = rx.recv(&mut buf) {
                    total += n as u64;
                }
            }
            total
        });
        let any: SocketAddr =
            if local.is_ipv4() { ([0, 0, 0, 0], 0).into() } else { (IpAddr::from([0u16; 8]), 0).into() };
        let tx = check(NAME, "bind the sender", UdpSocket::bind(any));
        check(NAME, format_args!("connect {local}"), tx.connect(local));
        (Sock::Udp(tx), t, stop)
    } else {
        let l = tcp_listen(NAME, addr);
        let local = check(NAME, "getsockname", l.local_addr());
        announce(Ok(local));
        let t = std::thread::spawn(move || {
            let Ok((mut c, _)) = l.accept() else { return 0 };
            let mut buf = vec![0u8; 1 << 16];
            let mut total = 0u64;
            while let Ok(n) = c.read(&mut buf) {
                if n == 0 {
                    break;
                }
                total += n as u64;
            }
            total
        });
        let tx = check(NAME, format_args!("connect {local}"), TcpStream::connect(local));
        (Sock::Tcp(tx), t, stop)
    }
}
