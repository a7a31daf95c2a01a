//! echo-server: a TCP echo server on one io_uring.
//!
//! The Rust counterpart of liburing's `examples/echo-server.c`. It teaches
//! the building blocks of an io_uring network server:
//!
//! - multishot accept: one request accepts every incoming connection
//!   (`prep_multishot_accept`, a completion per connection while
//!   `IORING_CQE_F_MORE` is set);
//! - multishot receive into a provided-buffer ring: one request per
//!   connection, the kernel picks a buffer for each piece of data
//!   (`prep_recv_multishot`, `IORING_CQE_F_BUFFER`);
//! - receive bundles (`--bundle`, kernel 6.10, `IORING_FEAT_RECVSEND_BUNDLE`):
//!   one completion covers several consecutive buffers, and they go back to
//!   the client in one vectored send;
//! - the buffer life cycle: a buffer returns to the ring once its bytes were
//!   sent back;
//! - `DEFER_TASKRUN` (falling back to `COOP_TASKRUN` on old kernels), and a
//!   signalfd polled by the ring for a clean exit on SIGINT/SIGTERM.
//!
//! Each connection gets its own buffer ring, so its data is echoed in order
//! and a client that does not read its echo only stalls itself.
//!
//! ```text
//! cargo run --example echo-server -- --port 8000
//! nc 127.0.0.1 8000
//! ```

#[path = "net_common/mod.rs"]
mod net_common;

use net_common::relay::{Config, Relay};
use net_common::*;
use riouring::{CompletionQueueEvent, Params, Ring, sys};
use std::net::SocketAddr;
use std::os::fd::AsRawFd;

const NAME: &str = "echo-server";
const USAGE: &str = "\
Usage: echo-server [OPTIONS]

A TCP echo server: multishot accept, multishot receive into a provided-buffer
ring per connection, every byte sent back in order. Prints 'listening on
ADDR:PORT' first; exits 0 on SIGINT or SIGTERM.

Options:
  --addr ADDR        address to listen on (default 127.0.0.1; IPv6 works too)
  --port PORT        port to listen on (default 8000; 0 picks a free one)
  --bundle           receive in bundles: one completion for several buffers,
                     echoed with one vectored send (kernel 6.10)
  --buffers N        provided buffers per connection, a power of two (default 64)
  --buf-size BYTES   size of each buffer (default 4096)
  -v, --verbose      print a line per connection
  -h, --help         print this help

Exit codes: 0 after SIGINT/SIGTERM, 1 on a runtime error (port in use, ...),
2 on a usage error.
";

const K_ACCEPT: u8 = 1;
const K_SIGNAL: u8 = 2;

fn main() {
    let mut addr: std::net::IpAddr = [127, 0, 0, 1].into();
    let mut port: u16 = 8000;
    let mut cfg =
        Config { bundle: false, zc: false, buffers: 64, buf_size: 4096, verbose: false, name: NAME };
    let mut args = Args::new(NAME, USAGE);
    while let Some(opt) = args.next_opt() {
        match opt.as_str() {
            "--addr" => addr = args.value(&opt),
            "--port" => port = args.value(&opt),
            "--bundle" => cfg.bundle = true,
            "--buffers" => cfg.buffers = args.value(&opt),
            "--buf-size" => cfg.buf_size = args.value(&opt),
            "-v" | "--verbose" => cfg.verbose = true,
            _ => args.unknown(&opt),
        }
    }
    if !cfg.buffers.is_power_of_two() || cfg.buffers > 32768 {
        args.bad("--buffers must be a power of two, at most 32768");
    }
    if cfg.buf_size == 0 || cfg.buf_size > 1 << 20 {
        args.bad("--buf-size must be between 1 and 1048576");
    }

    let signals = check(NAME, "signalfd", Signals::new());
    let listener = tcp_listen(NAME, SocketAddr::new(addr, port));
    announce(listener.local_addr());

    let mut ring = setup_ring();
    if cfg.bundle && ring.features() & sys::IORING_FEAT_RECVSEND_BUNDLE == 0 {
        eprintln!("{NAME}: this kernel has no receive bundles; one buffer per completion");
        cfg.bundle = false;
    }
    let mut relay = Relay::new(cfg);
    signals.arm(&mut ring, encode(K_SIGNAL, 0, 0, 0));
    arm_accept(&mut ring, listener.as_raw_fd());

    let mut cqes = vec![CompletionQueueEvent::default(); 256];
    let mut stop = None;
    while stop.is_none() {
        let n = check(NAME, "wait", submit_and_reap(&mut ring, &mut cqes, None));
        for cqe in &cqes[..n] {
            match kind_of(cqe.user_data()) {
                K_ACCEPT => {
                    if cqe.res() >= 0 {
                        let fd = cqe.res();
                        if let Err(e) = relay.add(&mut ring, vec![fd], false, &[(0, 0)]) {
                            eprintln!("{NAME}: no buffers for a new connection: {e}");
                            // SAFETY: `fd` is the accepted socket, owned by nobody else.
                            unsafe { libc::close(fd) };
                        } else if cfg.verbose {
                            println!("new connection (fd {fd})");
                        }
                    } else {
                        let e = std::io::Error::from_raw_os_error(-cqe.res());
                        if accept_error_is_fatal(cqe.res()) {
                            fatal(NAME, format_args!("accept: {e}"));
                        }
                        eprintln!("{NAME}: accept: {e}");
                    }
                    if !cqe.more() {
                        arm_accept(&mut ring, listener.as_raw_fd());
                    }
                }
                K_SIGNAL => match signals.take() {
                    Some(sig) => stop = Some(sig),
                    None => signals.arm(&mut ring, encode(K_SIGNAL, 0, 0, 0)),
                },
                _ => {
                    relay.handle(&mut ring, cqe);
                }
            }
        }
    }
    let s = relay.stats;
    println!(
        "{}: exiting; {} connections ({} still open), {} bytes echoed, {} bundled receives",
        signal_name(stop.unwrap_or(0)),
        s.opened,
        relay.active(),
        s.bytes,
        s.bundles
    );
}

/// A ring with `DEFER_TASKRUN` (kernel 6.1), or `COOP_TASKRUN` where that
/// is refused.
fn setup_ring() -> Ring {
    let base = sys::IORING_SETUP_SUBMIT_ALL | sys::IORING_SETUP_SINGLE_ISSUER;
    let mut p = Params::new().flags(base | sys::IORING_SETUP_DEFER_TASKRUN).cq_entries(4096);
    match Ring::with_params(256, &mut p) {
        Ok(r) => r,
        Err(_) => {
            let mut p = Params::new().flags(sys::IORING_SETUP_COOP_TASKRUN).cq_entries(4096);
            check(NAME, "io_uring setup", Ring::with_params(256, &mut p))
        }
    }
}

fn arm_accept(ring: &mut Ring, fd: i32) {
    let s = sqe(ring);
    // SAFETY: no address buffers are passed (null pointers).
    unsafe { s.prep_multishot_accept(fd, core::ptr::null_mut(), core::ptr::null_mut(), libc::SOCK_CLOEXEC) };
    s.set_data64(encode(K_ACCEPT, 0, 0, 0));
}
