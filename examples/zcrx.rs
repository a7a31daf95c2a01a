//! zcrx: zero-copy receive (io_uring ZC RX) into application memory.
//!
//! The Rust counterpart of liburing's `examples/zcrx.c`. Zero-copy receive
//! (kernel 6.15) lets the NIC write TCP payload straight into memory the
//! application registered, with no copy from kernel buffers:
//!
//! - `register_ifq` binds one hardware RX queue (`--ifname`, `--queue`) to
//!   an *area* of user memory and a *refill queue* (a ring through which
//!   the application hands consumed buffers back); the kernel answers with
//!   the refill queue's layout, an area token and a zcrx id;
//! - an `IORING_OP_RECV_ZC` multishot request per connection posts 32-byte
//!   completions (`IORING_SETUP_CQE32`): `res` bytes at the area offset in
//!   the `io_uring_zcrx_cqe` half;
//! - each consumed piece goes back through the refill queue (an
//!   `io_uring_zcrx_rqe` with the offset and the area token, published with
//!   a store-release of the queue's tail).
//!
//! What it needs, besides root (`CAP_NET_ADMIN`): a NIC whose driver
//! supports header split (headers land in kernel memory, payload in the
//! area) and queue management, with header split turned on
//! (`ethtool -G <if> tcp-data-split on`), and flow steering that sends the
//! connection to the chosen RX queue (`ethtool -N <if> flow-type tcp4
//! dst-port <port> action <queue>`), with that queue kept out of RSS. The
//! loopback device and virtual NICs cannot do it: there `register_ifq`
//! fails, the program says so and exits with code 3.
//!
//! ```text
//! zcrx --ifname eth0 --queue 3 --addr 192.168.2.2 --port 9999
//! ```

#[path = "net_common/mod.rs"]
mod net_common;

use net_common::*;
use riouring::{CompletionQueueEvent, Params, Ring, sys};
use std::ffi::CString;
use std::net::{IpAddr, SocketAddr};
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicU32, Ordering};

const NAME: &str = "zcrx";
const USAGE: &str = "\
Usage: zcrx [OPTIONS]

Zero-copy receive: registers RX queue --queue of interface --ifname with
io_uring (register_ifq), then accepts TCP connections on ADDR:PORT and
receives their data with IORING_OP_RECV_ZC straight into a registered memory
area, handing each piece back through the refill queue. Prints 'listening on
ADDR:PORT' once the queue is registered; exits 0 on SIGINT or SIGTERM.

Zero-copy receive needs CAP_NET_ADMIN and a NIC with header split (e.g.
'ethtool -G IF tcp-data-split on') and queue management, plus flow steering of
the connection to the RX queue index given ('ethtool -N IF flow-type tcp4
dst-port PORT action QUEUE'). The loopback device cannot do it: then the
program says so and exits with code 3.

Options:
  --ifname NAME       network interface (default lo)
  --queue N           hardware RX queue index (default 0)
  --addr ADDR         address to listen on (default 127.0.0.1)
  --port PORT         port to listen on (default 8000; 0 picks a free one)
  --area-mb MB        size of the receive area (default 64)
  --rq-entries N      refill queue entries, a power of two (default 4096)
  -h, --help          print this help

Exit codes: 0 after SIGINT/SIGTERM, 1 on a runtime error, 2 on a usage error,
3 when the interface and queue cannot do zero-copy receive.
";

/// Exit code: the interface/queue cannot do zero-copy receive.
const EXIT_NO_ZCRX: i32 = 3;

const K_ACCEPT: u8 = 1;
const K_RECV: u8 = 2;
const K_SIGNAL: u8 = 3;
const K_CLOSE: u8 = 4;

fn mmap_anon(len: usize) -> std::io::Result<*mut u8> {
    // SAFETY: a fresh anonymous mapping touches no existing memory.
    let p = unsafe {
        libc::mmap(
            core::ptr::null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED { Err(std::io::Error::last_os_error()) } else { Ok(p.cast()) }
}

/// The refill queue: where consumed buffers go back to the kernel.
struct RefillQueue {
    head: &'static AtomicU32,
    tail: &'static AtomicU32,
    rqes: *mut sys::io_uring_zcrx_rqe,
    entries: u32,
    local_tail: u32,
}

impl RefillQueue {
    /// Hand back the `len` bytes at area offset `off` (as the completion
    /// reported them).
    fn give_back(&mut self, off: u64, len: u32, token: u64) -> bool {
        // The kernel's head: acquire pairs with its release after it read
        // the entries (so a slot is free once the head passed it).
        let head = self.head.load(Ordering::Acquire);
        if self.local_tail.wrapping_sub(head) >= self.entries {
            return false;
        }
        let idx = (self.local_tail & (self.entries - 1)) as usize;
        // SAFETY: idx < entries: inside the refill queue the kernel laid
        // out; the slot is past the published tail, so the kernel does not
        // read it yet.
        unsafe {
            self.rqes.add(idx).write(sys::io_uring_zcrx_rqe {
                off: (off & !sys::IORING_ZCRX_AREA_MASK) | token,
                len,
                __pad: 0,
            })
        };
        self.local_tail = self.local_tail.wrapping_add(1);
        // Release pairs with the kernel's acquire of the tail: the entry is
        // visible before the new tail.
        self.tail.store(self.local_tail, Ordering::Release);
        true
    }
}

fn main() {
    let mut ifname = "lo".to_string();
    let mut queue: u32 = 0;
    let mut addr: IpAddr = [127, 0, 0, 1].into();
    let mut port: u16 = 8000;
    let mut area_mb: usize = 64;
    let mut rq_entries: u32 = 4096;
    let mut args = Args::new(NAME, USAGE);
    while let Some(opt) = args.next_opt() {
        match opt.as_str() {
            "--ifname" => ifname = args.value(&opt),
            "--queue" => queue = args.value(&opt),
            "--addr" => addr = args.value(&opt),
            "--port" => port = args.value(&opt),
            "--area-mb" => area_mb = args.value(&opt),
            "--rq-entries" => rq_entries = args.value(&opt),
            _ => args.unknown(&opt),
        }
    }
    if !(1..=4096).contains(&area_mb) {
        args.bad("--area-mb must be between 1 and 4096");
    }
    if !rq_entries.is_power_of_two() || rq_entries > 32768 {
        args.bad("--rq-entries must be a power of two, at most 32768");
    }
    let Ok(cname) = CString::new(ifname.clone()) else { args.bad("--ifname must not contain NUL") };
    // SAFETY: `cname` is a valid C string.
    let if_idx = unsafe { libc::if_nametoindex(cname.as_ptr()) };
    if if_idx == 0 {
        fatal(NAME, format_args!("no interface named '{ifname}': {}", std::io::Error::last_os_error()));
    }

    let signals = check(NAME, "signalfd", Signals::new());
    let mut p = Params::new()
        .flags(
            sys::IORING_SETUP_SINGLE_ISSUER
                | sys::IORING_SETUP_DEFER_TASKRUN
                | sys::IORING_SETUP_SUBMIT_ALL
                | sys::IORING_SETUP_CQE32,
        )
        .cq_entries(4096);
    let mut ring = check(NAME, "io_uring setup", Ring::with_params(64, &mut p));

    // The area and the refill queue are user memory. Neither is ever
    // unmapped: the NIC may write into the area for as long as the queue is
    // registered, which is the life of the ring.
    let area_len = area_mb << 20;
    let area = check(NAME, "allocate the area", mmap_anon(area_len));
    let page = 4096usize;
    let rq_len =
        (rq_entries as usize * core::mem::size_of::<sys::io_uring_zcrx_rqe>() + page).next_multiple_of(page);
    let rq_mem = check(NAME, "allocate the refill queue", mmap_anon(rq_len));
    let mut area_reg =
        sys::io_uring_zcrx_area_reg { addr: area as u64, len: area_len as u64, ..Default::default() };
    let mut region = sys::io_uring_region_desc {
        user_addr: rq_mem as u64,
        size: rq_len as u64,
        flags: sys::IORING_MEM_REGION_TYPE_USER,
        ..Default::default()
    };
    let mut reg = sys::io_uring_zcrx_ifq_reg {
        if_idx,
        if_rxq: queue,
        rq_entries,
        area_ptr: &mut area_reg as *mut _ as u64,
        region_ptr: &mut region as *mut _ as u64,
        ..Default::default()
    };
    // SAFETY: `area_reg` and `region` are valid during the call; the area
    // and refill memory they describe are never unmapped (see above).
    if let Err(e) = unsafe { ring.register_ifq(&mut reg) } {
        eprintln!(
            "{NAME}: {ifname} queue {queue} cannot do zero-copy receive: {e}; it needs a NIC with header split"
        );
        eprintln!("{NAME}: (and flow steering to that RX queue, CAP_NET_ADMIN, kernel 6.15; see --help)");
        std::process::exit(EXIT_NO_ZCRX);
    }
    let token = area_reg.rq_area_token;
    let zcrx_id = reg.zcrx_id;
    // SAFETY: the kernel laid the queue out in `rq_mem` at these offsets; the
    // head and tail words are 4-byte aligned u32s that live forever (never
    // unmapped) and are only accessed atomically.
    let mut rq = unsafe {
        RefillQueue {
            head: AtomicU32::from_ptr(rq_mem.add(reg.offsets.head as usize).cast()),
            tail: AtomicU32::from_ptr(rq_mem.add(reg.offsets.tail as usize).cast()),
            rqes: rq_mem.add(reg.offsets.rqes as usize).cast(),
            entries: reg.rq_entries,
            local_tail: 0,
        }
    };
    println!(
        "zero-copy receive: {ifname} (index {if_idx}) queue {queue}, zcrx id {zcrx_id}, {area_mb} MiB area"
    );

    let listener = tcp_listen(NAME, SocketAddr::new(addr, port));
    announce(listener.local_addr());
    signals.arm(&mut ring, encode(K_SIGNAL, 0, 0, 0));
    arm_accept(&mut ring, listener.as_raw_fd());

    let mut received = std::collections::HashMap::<i32, u64>::new();
    let mut cqes = vec![CompletionQueueEvent::default(); 256];
    let mut stop = None;
    while stop.is_none() {
        let n = check(NAME, "wait", submit_and_reap(&mut ring, &mut cqes, None));
        for cqe in &cqes[..n] {
            let res = cqe.res();
            match kind_of(cqe.user_data()) {
                K_ACCEPT => {
                    if res >= 0 {
                        received.insert(res, 0);
                        arm_recv_zc(&mut ring, res, zcrx_id);
                    } else if accept_error_is_fatal(res) {
                        fatal(NAME, format_args!("accept: {}", std::io::Error::from_raw_os_error(-res)));
                    }
                    if !cqe.more() {
                        arm_accept(&mut ring, listener.as_raw_fd());
                    }
                }
                K_RECV => {
                    let fd = conn_of(cqe.user_data()) as i32;
                    if res > 0 {
                        let off = cqe.big_cqe()[0];
                        *received.entry(fd).or_default() += res as u64;
                        if !rq.give_back(off, res as u32, token) {
                            eprintln!("{NAME}: refill queue full, a buffer is dropped");
                        }
                    }
                    if !cqe.more() {
                        if res == -libc::ENOSPC {
                            // The request ran out of room in the CQ or area:
                            // carry on with a new one.
                            arm_recv_zc(&mut ring, fd, zcrx_id);
                            continue;
                        }
                        let total = received.remove(&fd).unwrap_or(0);
                        if res < 0 {
                            eprintln!("{NAME}: recv_zc: {}", std::io::Error::from_raw_os_error(-res));
                        }
                        println!("connection closed: {total} bytes received zero-copy");
                        let s = sqe(&mut ring);
                        s.prep_close(fd);
                        s.set_data64(encode(K_CLOSE, 0, 0, 0));
                    }
                }
                K_SIGNAL => match signals.take() {
                    Some(sig) => stop = Some(sig),
                    None => signals.arm(&mut ring, encode(K_SIGNAL, 0, 0, 0)),
                },
                _ => {}
            }
        }
    }
    println!("{}: exiting", signal_name(stop.unwrap_or(0)));
}

fn arm_accept(ring: &mut Ring, fd: i32) {
    let s = sqe(ring);
    // SAFETY: no address buffers are passed (null pointers).
    unsafe { s.prep_multishot_accept(fd, core::ptr::null_mut(), core::ptr::null_mut(), libc::SOCK_CLOEXEC) };
    s.set_data64(encode(K_ACCEPT, 0, 0, 0));
}

/// A multishot zero-copy receive on `fd` from zcrx instance `zcrx_id`
/// (liburing has no helper either: its example fills the entry by hand).
fn arm_recv_zc(ring: &mut Ring, fd: i32, zcrx_id: u32) {
    let s = sqe(ring);
    // SAFETY: RECV_ZC takes no buffer address (null, length 0: no limit);
    // the data goes to the registered area, whose memory is never unmapped.
    unsafe {
        s.prep_rw(sys::IORING_OP_RECV_ZC, fd, core::ptr::null(), 0, 0);
        s.as_raw_mut().file_index.zcrx_ifq_idx = zcrx_id;
    }
    s.set_ioprio(s.ioprio() | sys::IORING_RECV_MULTISHOT);
    s.set_data64(encode(K_RECV, fd as usize, 0, 0));
}
