//! napi-busy-poll-client: the ping side of a NAPI busy-poll ping-pong.
//!
//! The Rust counterpart of liburing's `examples/napi-busy-poll-client.c`;
//! run it against `napi-busy-poll-server`. It sends `--count` UDP pings,
//! one at a time, each answered by the server, and reports the round-trip
//! times (min / avg / p99 / max, microseconds). It teaches:
//!
//! - NAPI busy polling on a ring (`register_napi`, kernel 6.9) with
//!   `busy_poll_to` and `prefer_busy_poll`: while the ring waits for the
//!   reply it polls the NIC receive queue instead of sleeping until an
//!   interrupt, which is what cuts latency on real NICs. On loopback there
//!   is no NAPI instance (`SO_INCOMING_NAPI_ID` is 0): the kernel accepts
//!   the settings and nothing is polled, so the figures show plain io_uring
//!   latency;
//! - `unregister_napi`, which reports the settings in force;
//! - a send / recv ping-pong on a connected UDP socket, with an optional
//!   busy-looping wait (`--busy-loop`) and `SQPOLL`.
//!
//! ```text
//! napi-busy-poll-client --addr 192.168.2.2 --port 4444 --count 100000 --busy-poll-us 50 --prefer-busy-poll
//! ```

#[path = "net_common/mod.rs"]
mod net_common;

use net_common::*;
use riouring::{CompletionQueueEvent, Timespec};
use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

const NAME: &str = "napi-busy-poll-client";
const USAGE: &str = "\
Usage: napi-busy-poll-client [OPTIONS]

The ping side of a UDP ping-pong against napi-busy-poll-server: sends --count
pings one at a time and prints the round-trip times (min/avg/p99/max in
microseconds), with the ring's NAPI busy polling turned on. NAPI busy polling
applies to real NIC receive queues; on loopback there is none, so the kernel
accepts the settings and nothing is polled, but the ping-pong and the
measurement work all the same.

Options:
  --addr ADDR          server address (default 127.0.0.1; IPv6 works too)
  --port PORT          server port (default 8000)
  --count N            pings to send (default 1000)
  --size BYTES         ping size (default 64, at least 8)
  --busy-poll-us US    NAPI busy-poll timeout in microseconds (default 50;
                       0 leaves NAPI busy polling off)
  --prefer-busy-poll   set prefer_busy_poll
  --busy-loop          wait for completions with zero timeouts (spin)
  --sqpoll             use an SQPOLL ring instead of DEFER_TASKRUN
  --timeout-ms MS      give up when a reply takes longer (default 2000)
  -h, --help           print this help

Exit codes: 0 on success (also after SIGINT/SIGTERM, with the pings so far),
1 on a runtime error (no reply, ...), 2 on a usage error.
";

const K_SEND: u8 = 1;
const K_RECV: u8 = 2;
const K_SIGNAL: u8 = 3;

fn main() {
    let mut addr: IpAddr = [127, 0, 0, 1].into();
    let mut port: u16 = 8000;
    let mut count: usize = 1000;
    let mut size: usize = 64;
    let mut busy_poll_us: u32 = 50;
    let mut prefer = false;
    let mut busy_loop = false;
    let mut sqpoll = false;
    let mut timeout_ms: u64 = 2000;
    let mut args = Args::new(NAME, USAGE);
    while let Some(opt) = args.next_opt() {
        match opt.as_str() {
            "--addr" => addr = args.value(&opt),
            "--port" => port = args.value(&opt),
            "--count" => count = args.value(&opt),
            "--size" => size = args.value(&opt),
            "--busy-poll-us" => busy_poll_us = args.value(&opt),
            "--prefer-busy-poll" => prefer = true,
            "--busy-loop" => busy_loop = true,
            "--sqpoll" => sqpoll = true,
            "--timeout-ms" => timeout_ms = args.value(&opt),
            _ => args.unknown(&opt),
        }
    }
    if !(8..=2048).contains(&size) {
        args.bad("--size must be between 8 and 2048");
    }
    if count == 0 || count > 10_000_000 {
        args.bad("--count must be between 1 and 10000000");
    }
    if timeout_ms == 0 {
        args.bad("--timeout-ms must be at least 1");
    }

    let signals = check(NAME, "signalfd", Signals::new());
    let server = SocketAddr::new(addr, port);
    let any: SocketAddr =
        if server.is_ipv4() { ([0, 0, 0, 0], 0).into() } else { (IpAddr::from([0u16; 8]), 0).into() };
    let sock = check(NAME, "bind", UdpSocket::bind(any));
    check(NAME, format_args!("connect {server}"), sock.connect(server));
    let fd = sock.as_raw_fd();
    println!("pinging {server} {count} times with {size}-byte datagrams");
    let mut ring = napi_ring(NAME, sqpoll);
    let napi = napi_register(NAME, &mut ring, busy_poll_us, prefer);
    signals.arm(&mut ring, encode(K_SIGNAL, 0, 0, 0));

    let mut ping = vec![0u8; size];
    let mut pong = vec![0u8; 2048];
    let mut rtts = Vec::with_capacity(count);
    let zero = Timespec::new(0, 0);
    let limit = Duration::from_millis(timeout_ms);
    let mut cqes = vec![CompletionQueueEvent::default(); 16];
    let mut interrupted = None;
    'pings: for seq in 0..count as u64 {
        ping[..8].copy_from_slice(&seq.to_ne_bytes());
        let start = Instant::now();
        let s = sqe(&mut ring);
        // SAFETY: `ping` is not touched until this send completes (the loop
        // waits for the reply, which comes after the send's completion).
        unsafe { s.prep_send(fd, &ping, 0) };
        s.set_data64(encode(K_SEND, 0, 0, 0));
        queue_recv(&mut ring, fd, &mut pong);
        let (mut sent, mut replied) = (false, false);
        while !(sent && replied) {
            let left = limit.saturating_sub(start.elapsed());
            if left.is_zero() {
                fatal(
                    NAME,
                    format_args!("no reply to ping {seq} within {timeout_ms} ms (is the server running?)"),
                );
            }
            let ts = Timespec::from(left);
            let wait = if busy_loop { &zero } else { &ts };
            let n = check(NAME, "wait", submit_and_reap(&mut ring, &mut cqes, Some(wait)));
            for cqe in &cqes[..n] {
                let res = cqe.res();
                match kind_of(cqe.user_data()) {
                    K_SEND if res < 0 => {
                        fatal(NAME, format_args!("send: {}", std::io::Error::from_raw_os_error(-res)))
                    }
                    K_SEND => sent = true,
                    K_RECV if res < 0 => {
                        fatal(NAME, format_args!("recv: {}", std::io::Error::from_raw_os_error(-res)))
                    }
                    K_RECV => {
                        let n = res as usize;
                        if n >= 8 && pong[..8] == seq.to_ne_bytes() {
                            rtts.push(start.elapsed().as_secs_f64() * 1e6);
                            replied = true;
                        } else {
                            // A late reply to an earlier ping: wait for ours.
                            queue_recv(&mut ring, fd, &mut pong);
                        }
                    }
                    K_SIGNAL => match signals.take() {
                        Some(sig) => {
                            interrupted = Some(sig);
                            break 'pings;
                        }
                        None => signals.arm(&mut ring, encode(K_SIGNAL, 0, 0, 0)),
                    },
                    _ => {}
                }
            }
        }
        if seq == 0 {
            println!("{}", napi_id_report(fd));
        }
    }
    if napi {
        napi_unregister(NAME, &mut ring);
    }
    if let Some(sig) = interrupted {
        println!("{}: stopped early", signal_name(sig));
    }
    let done = rtts.len();
    match latency_summary(&mut rtts) {
        Some((min, avg, p99, max)) => {
            println!("rtt(us) min/avg/p99/max = {min:.3}/{avg:.3}/{p99:.3}/{max:.3} over {done} pings")
        }
        None => println!("no round trips completed"),
    }
    // An interrupted ping may still have requests naming `ping` and `pong`:
    // the ring is dropped (cancelling them) and the buffers are leaked.
    drop(ring);
    std::mem::forget(ping);
    std::mem::forget(pong);
}

fn queue_recv(ring: &mut riouring::Ring, fd: i32, pong: &mut [u8]) {
    let s = sqe(ring);
    // SAFETY: `pong` is only read after this receive completed, and leaked
    // at the end so that a receive cancelled by the ring's teardown never
    // writes freed memory.
    unsafe { s.prep_recv(fd, pong, 0) };
    s.set_data64(encode(K_RECV, 0, 0, 0));
}
