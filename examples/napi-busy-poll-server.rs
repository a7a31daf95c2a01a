//! napi-busy-poll-server: the UDP pong side of a NAPI busy-poll ping-pong.
//!
//! The Rust counterpart of liburing's `examples/napi-busy-poll-server.c`;
//! run it with `napi-busy-poll-client`. It teaches:
//!
//! - NAPI busy polling on a ring (`register_napi`, kernel 6.9): with
//!   `busy_poll_to` (microseconds) and `prefer_busy_poll`, a ring waiting
//!   for network completions polls the NIC receive queue (the NAPI instance)
//!   its sockets receive from, instead of sleeping until an interrupt. This
//!   only matters for real NIC queues: on loopback there is no NAPI
//!   instance (`SO_INCOMING_NAPI_ID` stays 0), the kernel accepts the
//!   settings and nothing is polled; the ping-pong still works;
//! - `unregister_napi`, which reports the settings in force;
//! - a `recvmsg` / `sendmsg` ping-pong on one UDP socket, optionally with a
//!   busy-looping wait (`--busy-loop`: zero-timeout waits) and `SQPOLL`.
//!
//! ```text
//! napi-busy-poll-server --addr 192.168.2.2 --port 4444 --busy-poll-us 50 --prefer-busy-poll
//! ```

#[path = "net_common/mod.rs"]
mod net_common;

use net_common::*;
use riouring::{CompletionQueueEvent, Timespec};
use std::net::{IpAddr, SocketAddr};
use std::os::fd::AsRawFd;

const NAME: &str = "napi-busy-poll-server";
const USAGE: &str = "\
Usage: napi-busy-poll-server [OPTIONS]

The pong side of a UDP ping-pong (see napi-busy-poll-client): every datagram
received is sent back to its sender, with the ring's NAPI busy polling turned
on. NAPI busy polling applies to real NIC receive queues; on loopback there is
none, so the kernel accepts the settings and nothing is polled, but the
ping-pong works all the same. Prints 'listening on ADDR:PORT' first; exits 0
on SIGINT or SIGTERM, or after --count pongs.

Options:
  --addr ADDR          address to bind (default 127.0.0.1; IPv6 works too)
  --port PORT          port to bind (default 8000; 0 picks a free one)
  --busy-poll-us US    NAPI busy-poll timeout in microseconds (default 50;
                       0 leaves NAPI busy polling off)
  --prefer-busy-poll   set prefer_busy_poll
  --busy-loop          wait for completions with zero timeouts (spin)
  --sqpoll             use an SQPOLL ring instead of DEFER_TASKRUN
  --count N            exit after answering N pings (default 0: run until a
                       signal)
  -h, --help           print this help

Exit codes: 0 on success, 1 on a runtime error (port in use, ...), 2 on a
usage error.
";

const K_RECV: u8 = 1;
const K_SEND: u8 = 2;
const K_SIGNAL: u8 = 3;

fn main() {
    let mut addr: IpAddr = [127, 0, 0, 1].into();
    let mut port: u16 = 8000;
    let mut busy_poll_us: u32 = 50;
    let mut prefer = false;
    let mut busy_loop = false;
    let mut sqpoll = false;
    let mut count: u64 = 0;
    let mut args = Args::new(NAME, USAGE);
    while let Some(opt) = args.next_opt() {
        match opt.as_str() {
            "--addr" => addr = args.value(&opt),
            "--port" => port = args.value(&opt),
            "--busy-poll-us" => busy_poll_us = args.value(&opt),
            "--prefer-busy-poll" => prefer = true,
            "--busy-loop" => busy_loop = true,
            "--sqpoll" => sqpoll = true,
            "--count" => count = args.value(&opt),
            _ => args.unknown(&opt),
        }
    }

    let signals = check(NAME, "signalfd", Signals::new());
    let sock = udp_bind(NAME, SocketAddr::new(addr, port));
    announce(sock.local_addr());
    let fd = sock.as_raw_fd();
    let mut ring = napi_ring(NAME, sqpoll);
    let napi = napi_register(NAME, &mut ring, busy_poll_us, prefer);

    // One message at a time: the buffer, the sender's address and the
    // headers of the recvmsg and of the reply. Leaked on purpose: they stay
    // valid even while the ring's teardown cancels the last recvmsg.
    let st: &'static mut Pong = Box::leak(Box::new(Pong {
        buf: [0; 2048],
        // SAFETY: sockaddr_storage and msghdr are plain data; zeros are valid.
        name: unsafe { core::mem::zeroed() },
        iov: libc::iovec { iov_base: core::ptr::null_mut(), iov_len: 0 },
        // SAFETY: as above.
        msg: unsafe { core::mem::zeroed() },
    }));

    signals.arm(&mut ring, encode(K_SIGNAL, 0, 0, 0));
    queue_recv(&mut ring, fd, st);

    let zero = Timespec::new(0, 0);
    let mut cqes = vec![CompletionQueueEvent::default(); 16];
    let mut answered = 0u64;
    let mut reported = false;
    let mut stop = None;
    while stop.is_none() && (count == 0 || answered < count) {
        let n = check(NAME, "wait", submit_and_reap(&mut ring, &mut cqes, busy_loop.then_some(&zero)));
        for cqe in &cqes[..n] {
            match kind_of(cqe.user_data()) {
                K_RECV => {
                    let res = cqe.res();
                    if res < 0 {
                        fatal(NAME, format_args!("recvmsg: {}", std::io::Error::from_raw_os_error(-res)));
                    }
                    if !reported {
                        println!("{}", napi_id_report(fd));
                        reported = true;
                    }
                    st.iov.iov_len = res as usize;
                    let s = sqe(&mut ring);
                    // SAFETY: the leaked headers and buffer, untouched until
                    // the send completes; the next recvmsg is queued only
                    // then.
                    unsafe { s.prep_sendmsg(fd, &st.msg, 0) };
                    s.set_data64(encode(K_SEND, 0, 0, 0));
                }
                K_SEND => {
                    if cqe.res() < 0 {
                        eprintln!("{NAME}: sendmsg: {}", std::io::Error::from_raw_os_error(-cqe.res()));
                    } else {
                        answered += 1;
                    }
                    queue_recv(&mut ring, fd, st);
                }
                K_SIGNAL => match signals.take() {
                    Some(sig) => stop = Some(sig),
                    None => signals.arm(&mut ring, encode(K_SIGNAL, 0, 0, 0)),
                },
                _ => {}
            }
        }
    }
    if napi {
        napi_unregister(NAME, &mut ring);
    }
    let why = stop.map_or("done", signal_name);
    println!("{why}: exiting; {answered} pings answered");
}

/// The state of the one message in flight.
struct Pong {
    buf: [u8; 2048],
    name: libc::sockaddr_storage,
    iov: libc::iovec,
    msg: libc::msghdr,
}

fn queue_recv(ring: &mut riouring::Ring, fd: i32, st: &mut Pong) {
    st.iov = libc::iovec { iov_base: st.buf.as_mut_ptr().cast(), iov_len: st.buf.len() };
    st.msg.msg_name = (&mut st.name as *mut libc::sockaddr_storage).cast();
    st.msg.msg_namelen = core::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    st.msg.msg_iov = &mut st.iov;
    st.msg.msg_iovlen = 1;
    let s = sqe(ring);
    // SAFETY: `st` is main's leaked state (valid forever), not touched until
    // this request completes: one request at a time.
    unsafe { s.prep_recvmsg(fd, &mut st.msg, 0) };
    s.set_data64(encode(K_RECV, 0, 0, 0));
}
