//! io_uring-udp: a UDP echo server built on multishot `recvmsg`.
//!
//! The Rust counterpart of liburing's `examples/io_uring-udp.c`. It teaches:
//!
//! - multishot `recvmsg` (`prep_recvmsg_multishot`, kernel 6.0): one
//!   request receives every datagram, each into a provided buffer laid out
//!   as an `io_uring_recvmsg_out` header, the sender's address, and the
//!   payload, read back with [`riouring::RecvmsgOut`];
//! - a provided-buffer ring through the safe [`riouring::BufRing`]: `take`
//!   hands a completed buffer to the application, `recycle` gives it back
//!   once the reply that points into it was sent;
//! - a registered (fixed) file: the socket is registered once and every
//!   request names it by index with `IOSQE_FIXED_FILE`;
//! - replies with `prep_sendmsg` straight from the receive buffer, to the
//!   address the datagram came from; IPv4 and IPv6.
//!
//! ```text
//! cargo run --example io_uring-udp -- --port 8000
//! nc -u 127.0.0.1 8000
//! ```

#[path = "net_common/mod.rs"]
mod net_common;

use net_common::*;
use riouring::{BufRing, CompletionQueueEvent, Params, RecvmsgOut, Ring, sys};
use std::net::{IpAddr, SocketAddr};
use std::os::fd::AsRawFd;

const NAME: &str = "io_uring-udp";
const USAGE: &str = "\
Usage: io_uring-udp [OPTIONS]

A UDP echo server: one multishot recvmsg receives every datagram into a
provided-buffer ring, and each is sent back to its sender with sendmsg from the
same buffer. The socket is a registered (fixed) file. Prints 'listening on
ADDR:PORT' first; exits 0 on SIGINT or SIGTERM.

Options:
  --addr ADDR        address to bind (default 127.0.0.1; an IPv6 address such
                     as ::1 makes it an IPv6 server)
  --port PORT        port to bind (default 8000; 0 picks a free one)
  --buffers N        provided buffers, a power of two (default 256)
  --buf-size BYTES   buffer size (default 4096); a datagram must fit with the
                     16-byte header and 128 bytes of address, or it is dropped
  -v, --verbose      print a line per datagram
  -h, --help         print this help

Exit codes: 0 after SIGINT/SIGTERM, 1 on a runtime error (port in use, ...),
2 on a usage error.
";

const K_RECV: u8 = 1;
const K_SEND: u8 = 2;
const K_SIGNAL: u8 = 3;
/// The socket's index in the registered file table.
const SOCK_IDX: i32 = 0;

/// A reply in flight: its msghdr and iovec point into the receive buffer.
struct Reply {
    msg: libc::msghdr,
    iov: libc::iovec,
}

fn main() {
    let mut addr: IpAddr = [127, 0, 0, 1].into();
    let mut port: u16 = 8000;
    let mut buffers: u16 = 256;
    let mut buf_size: u32 = 4096;
    let mut verbose = false;
    let mut args = Args::new(NAME, USAGE);
    while let Some(opt) = args.next_opt() {
        match opt.as_str() {
            "--addr" => addr = args.value(&opt),
            "--port" => port = args.value(&opt),
            "--buffers" => buffers = args.value(&opt),
            "--buf-size" => buf_size = args.value(&opt),
            "-v" | "--verbose" => verbose = true,
            _ => args.unknown(&opt),
        }
    }
    if !buffers.is_power_of_two() || buffers > 32768 {
        args.bad("--buffers must be a power of two, at most 32768");
    }
    if !(256..=1 << 20).contains(&buf_size) {
        args.bad("--buf-size must be between 256 and 1048576");
    }

    let signals = check(NAME, "signalfd", Signals::new());
    let sock = udp_bind(NAME, SocketAddr::new(addr, port));
    announce(sock.local_addr());

    let mut p = Params::new()
        .flags(sys::IORING_SETUP_SUBMIT_ALL | sys::IORING_SETUP_COOP_TASKRUN)
        .cq_entries((buffers as u32 * 4).max(256));
    let mut ring = check(NAME, "io_uring setup", Ring::with_params(64, &mut p));
    check(NAME, "register the socket", ring.register_files(&[sock.as_raw_fd()]));
    let mut bufs = check(NAME, "buffer ring (kernel 5.19)", BufRing::new(&ring, buffers, buf_size, 0));

    // The multishot recvmsg reads only the sizes of this header: room for any
    // address, no control data. It must live until the request ends.
    // SAFETY: msghdr is plain data; all zeros is an empty message.
    let mut recv_msg: Box<libc::msghdr> = Box::new(unsafe { core::mem::zeroed() });
    recv_msg.msg_namelen = core::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    // One reply slot per buffer: a reply lives as long as its buffer is held.
    // The vector is never resized, so the slots do not move.
    let mut replies: Vec<Reply> = (0..buffers)
        .map(|_| Reply {
            // SAFETY: msghdr is plain data; all zeros is an empty message.
            msg: unsafe { core::mem::zeroed() },
            iov: libc::iovec { iov_base: core::ptr::null_mut(), iov_len: 0 },
        })
        .collect();

    signals.arm(&mut ring, encode(K_SIGNAL, 0, 0, 0));
    arm_recv(&mut ring, &recv_msg);
    let mut armed = true;
    let mut held: u32 = 0;
    let (mut echoed, mut dropped) = (0u64, 0u64);
    let mut cqes = vec![CompletionQueueEvent::default(); 1024];
    let mut stop = None;
    while stop.is_none() {
        let n = check(NAME, "wait", submit_and_reap(&mut ring, &mut cqes, None));
        for cqe in &cqes[..n] {
            match kind_of(cqe.user_data()) {
                K_RECV => {
                    if !cqe.more() {
                        armed = false;
                    }
                    let res = cqe.res();
                    if res < 0 {
                        if res != -libc::ENOBUFS {
                            fatal(NAME, format_args!("recvmsg: {}", std::io::Error::from_raw_os_error(-res)));
                        }
                        continue;
                    }
                    // SAFETY: `cqe` completes the multishot recvmsg that
                    // selects from this ring's group (0) on this ring.
                    let Some(data) = (unsafe { bufs.take(cqe) }) else {
                        fatal(NAME, "recvmsg completion without a buffer of the ring");
                    };
                    let bid = cqe.buffer_id().unwrap_or(0);
                    held += 1;
                    let Some(out) = RecvmsgOut::validate(data, &recv_msg) else {
                        fatal(NAME, "recvmsg buffer too short for its header");
                    };
                    if out.namelen() > recv_msg.msg_namelen || out.flags() & libc::MSG_TRUNC as u32 != 0 {
                        eprintln!(
                            "{NAME}: dropped a datagram of {} bytes: it does not fit a buffer",
                            out.payloadlen()
                        );
                        dropped += 1;
                        held -= 1;
                        check(NAME, "recycle", bufs.recycle(bid));
                        continue;
                    }
                    let name = out.name();
                    let payload = out.payload();
                    if verbose {
                        let from = from_sockaddr_bytes(name).map_or("?".to_string(), |a| a.to_string());
                        println!("received {} bytes from {from}", payload.len());
                    }
                    let r = &mut replies[bid as usize];
                    r.iov = libc::iovec { iov_base: payload.as_ptr() as *mut _, iov_len: payload.len() };
                    r.msg.msg_name = name.as_ptr() as *mut _;
                    r.msg.msg_namelen = name.len() as libc::socklen_t;
                    r.msg.msg_iov = &mut r.iov;
                    r.msg.msg_iovlen = 1;
                    let s = sqe(&mut ring);
                    // SAFETY: the reply's msghdr and iovec live in `replies`
                    // (never resized), and point into buffer `bid`, which the
                    // application holds: it is recycled only after this
                    // send's completion.
                    unsafe { s.prep_sendmsg(SOCK_IDX, &r.msg, 0) };
                    add_flags(s, sys::IOSQE_FIXED_FILE);
                    s.set_data64(encode(K_SEND, 0, 0, bid as u32));
                }
                K_SEND => {
                    if cqe.res() < 0 {
                        eprintln!("{NAME}: sendmsg: {}", std::io::Error::from_raw_os_error(-cqe.res()));
                    } else {
                        echoed += 1;
                    }
                    held -= 1;
                    check(NAME, "recycle", bufs.recycle(seq_of(cqe.user_data()) as u16));
                }
                K_SIGNAL => match signals.take() {
                    Some(sig) => stop = Some(sig),
                    None => signals.arm(&mut ring, encode(K_SIGNAL, 0, 0, 0)),
                },
                _ => {}
            }
        }
        // Re-arm the receive once it ended, as soon as a buffer is free.
        if !armed && held < buffers as u32 {
            arm_recv(&mut ring, &recv_msg);
            armed = true;
        }
    }
    println!("{}: exiting; {echoed} datagrams echoed, {dropped} dropped", signal_name(stop.unwrap_or(0)));
}

fn arm_recv(ring: &mut Ring, msg: &libc::msghdr) {
    let s = sqe(ring);
    // SAFETY: `msg` is the boxed header in main, alive and unchanged until
    // the program exits; the kernel only reads its sizes.
    unsafe { s.prep_recvmsg_multishot(SOCK_IDX, msg, libc::MSG_TRUNC as u32) };
    add_flags(s, sys::IOSQE_FIXED_FILE | sys::IOSQE_BUFFER_SELECT);
    s.set_buf_group(0);
    s.set_data64(encode(K_RECV, 0, 0, 0));
}
