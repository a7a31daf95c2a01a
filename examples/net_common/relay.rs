//! The relay engine of echo-server and proxy: bytes received on one socket
//! of a connection are sent, in order, on another (or the same, for an echo).
//!
//! Each direction of a connection (a *flow*) has its own provided-buffer
//! ring. One multishot receive per flow takes buffers from it, one buffer per
//! completion, or several with bundles (`IORING_RECVSEND_BUNDLE`: one
//! completion covers consecutive buffers of the ring). The data is then sent
//! with one request at a time per flow (a plain send for one buffer, a
//! vectored sendmsg for several; their zero-copy forms with `zc`), so it
//! leaves in the order it came, and a partial send simply continues where it
//! stopped. A buffer goes back to the ring once everything in it was sent
//! (and, for zero-copy, once the kernel's notification says it no longer
//! reads it).
//!
//! Because a flow's buffers are handed back strictly in the order they were
//! consumed, buffer id `b` always sits in ring slot `b`: a bundle that starts
//! at buffer `b` and spans `n` buffers used `b, b+1, ..., b+n-1` (modulo the
//! ring size). That is the same bookkeeping liburing's proxy example uses.
//!
//! When a flow's source reports end of stream, the rest of its data is sent
//! and its destination is shut down for writing (`shutdown(SHUT_WR)`): a
//! half-close travels through. A connection is closed once every flow is
//! finished and no request of it is in flight; an error cancels all its
//! requests (`prep_cancel_fd`) and closes it as soon as the last one
//! completed. Buffer memory is never unmapped (a finished connection's rings
//! are reused by the next one), so no late write by the kernel can land in
//! reused memory.

use super::{add_flags, conn_of, dir_of, encode, fixed_flag, kind_of, seq_of, sqe};
use riouring::{BufRingRaw, CompletionQueueEvent, Ring, sys};
use std::collections::VecDeque;
use std::io;
use std::os::fd::RawFd;

/// `user_data` kind: a flow's multishot receive.
pub const K_RECV: u8 = 0x10;
/// `user_data` kind: a flow's send (and its zero-copy notification).
pub const K_SEND: u8 = 0x11;
/// `user_data` kind: the `SHUT_WR` that ends a flow.
pub const K_SHUT: u8 = 0x12;
/// `user_data` kind: the cancellation of a failed connection's requests.
pub const K_CANCEL: u8 = 0x13;
/// `user_data` kind: closing a finished connection's socket.
pub const K_CLOSE: u8 = 0x14;

/// Most buffers one send covers.
const MAX_IOV: usize = 64;

/// How flows move data.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    /// Receive in bundles (`IORING_RECVSEND_BUNDLE`).
    pub bundle: bool,
    /// Send with `IORING_OP_SEND_ZC` / `IORING_OP_SENDMSG_ZC`.
    pub zc: bool,
    /// Buffers per flow (a power of two).
    pub buffers: u16,
    /// Bytes per buffer.
    pub buf_size: u32,
    /// Print a line per connection.
    pub verbose: bool,
    /// The program's name, for messages.
    pub name: &'static str,
}

/// A provided-buffer ring whose buffers are consumed and handed back in ring
/// order (see the module docs).
struct FifoBufs {
    br: BufRingRaw,
    base: *mut u8,
    buf_size: u32,
    count: u16,
    /// The buffer the kernel hands out next.
    consume_next: u16,
    /// The oldest buffer the application holds.
    recycle_next: u16,
    /// Buffers the application holds.
    held: u16,
}

impl FifoBufs {
    fn new(ring: &Ring, count: u16, buf_size: u32, bgid: u16) -> io::Result<FifoBufs> {
        let len = count as usize * buf_size as usize;
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
        if p == libc::MAP_FAILED {
            return Err(io::Error::last_os_error());
        }
        let base = p.cast::<u8>();
        let mut br = ring.setup_buf_ring(count as u32, bgid, 0)?;
        let mask = br.mask();
        for bid in 0..count {
            // SAFETY: buffer `bid` is `buf_size` bytes inside the mapping,
            // which is never unmapped, and the application does not touch it
            // until a completion reports it.
            unsafe { br.add(base.add(bid as usize * buf_size as usize), buf_size, bid, mask, bid as u32) };
        }
        // SAFETY: the `count` entries just written describe those buffers.
        unsafe { br.advance(count) };
        Ok(FifoBufs { br, base, buf_size, count, consume_next: 0, recycle_next: 0, held: 0 })
    }

    fn bgid(&self) -> u16 {
        self.br.bgid()
    }

    fn ptr(&self, bid: u16) -> *mut u8 {
        // SAFETY: bid < count: inside the mapping.
        unsafe { self.base.add(bid as usize * self.buf_size as usize) }
    }

    fn available(&self) -> u16 {
        self.count - self.held
    }

    /// The buffers a receive completion used: its first buffer and how many
    /// (`res` bytes fill them in order). `None` if the completion does not
    /// start at the buffer the ring hands out next.
    fn consume(&mut self, cqe: &CompletionQueueEvent) -> Option<(u16, u16)> {
        let bid = cqe.buffer_id()?;
        let n = (cqe.res().max(1) as u32).div_ceil(self.buf_size);
        if bid != self.consume_next || n > self.available() as u32 {
            return None;
        }
        let n = n as u16;
        self.consume_next = ((self.consume_next as u32 + n as u32) % self.count as u32) as u16;
        self.held += n;
        Some((bid, n))
    }

    /// Hand the `n` oldest held buffers back to the kernel, in ring order.
    ///
    /// # Safety
    ///
    /// No request may still read or write them (their sends completed and,
    /// for zero-copy, their notifications arrived).
    unsafe fn recycle(&mut self, n: u16) {
        let n = n.min(self.held);
        let mask = self.br.mask();
        for i in 0..n {
            let bid = ((self.recycle_next as u32 + i as u32) % self.count as u32) as u16;
            // SAFETY: per the contract the buffer is ours again; it lies in
            // the never-unmapped mapping.
            unsafe { self.br.add(self.ptr(bid), self.buf_size, bid, mask, i as u32) };
        }
        // SAFETY: the `n` entries just written describe whole buffers.
        unsafe { self.br.advance(n) };
        self.recycle_next = ((self.recycle_next as u32 + n as u32) % self.count as u32) as u16;
        self.held -= n;
    }
}

/// Received bytes in one buffer, waiting to be sent (or sent and waiting
/// for their zero-copy notification).
#[derive(Clone, Copy)]
struct Seg {
    bid: u16,
    off: u32,
    len: u32,
    /// The last send that referenced this buffer.
    last_seq: u32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shut {
    None,
    Pending,
    Done,
}

/// One direction of a connection.
struct Flow {
    src: usize,
    dst: usize,
    bufs: FifoBufs,
    /// Data to send, in order.
    queue: VecDeque<Seg>,
    /// Sent buffers not handed back yet (zero-copy notifications pending).
    sent: VecDeque<Seg>,
    recv_armed: bool,
    eof: bool,
    sending: bool,
    seq: u32,
    /// Zero-copy sends whose notification has not arrived.
    notifs: Vec<u32>,
    shut: Shut,
    /// The iovec array and msghdr of the vectored send in flight.
    iov: Box<[libc::iovec; MAX_IOV]>,
    msg: Box<libc::msghdr>,
    bytes: u64,
}

struct Conn {
    /// The connection's sockets (fds, or direct descriptors when `fixed`).
    fds: Vec<RawFd>,
    fixed: bool,
    flows: Vec<Flow>,
    /// Requests of this connection whose last completion has not arrived.
    inflight: u32,
    /// Something failed: cancel what runs, then close.
    aborting: bool,
    /// The cancellation was queued.
    cancelled: bool,
}

/// Counters for the exit summary.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stats {
    /// Connections started.
    pub opened: u64,
    /// Connections finished.
    pub closed: u64,
    /// Bytes relayed (all flows).
    pub bytes: u64,
    /// Zero-copy notifications seen.
    pub notifs: u64,
    /// Receive completions that carried more than one buffer.
    pub bundles: u64,
}

/// The connections of one ring.
pub struct Relay {
    cfg: Config,
    conns: Vec<Option<Box<Conn>>>,
    free_slots: Vec<usize>,
    free_bufs: Vec<FifoBufs>,
    next_bgid: u16,
    /// Counters.
    pub stats: Stats,
}

impl Relay {
    /// An empty relay.
    pub fn new(cfg: Config) -> Relay {
        Relay {
            cfg,
            conns: Vec::new(),
            free_slots: Vec::new(),
            free_bufs: Vec::new(),
            next_bgid: 0,
            stats: Stats::default(),
        }
    }

    /// Connections in progress.
    pub fn active(&self) -> usize {
        self.conns.iter().filter(|c| c.is_some()).count()
    }

    fn bufs(&mut self, ring: &Ring) -> io::Result<FifoBufs> {
        if let Some(b) = self.free_bufs.pop() {
            return Ok(b);
        }
        if self.next_bgid == u16::MAX {
            return Err(io::Error::from_raw_os_error(libc::ENOSPC));
        }
        let b = FifoBufs::new(ring, self.cfg.buffers, self.cfg.buf_size, self.next_bgid)?;
        self.next_bgid += 1;
        Ok(b)
    }

    /// Start relaying on the sockets `fds` (direct descriptors when
    /// `fixed`): one flow per `(from, to)` pair of indexes into `fds`.
    /// Returns the connection's index.
    pub fn add(
        &mut self,
        ring: &mut Ring,
        fds: Vec<RawFd>,
        fixed: bool,
        routes: &[(usize, usize)],
    ) -> io::Result<usize> {
        let mut flows = Vec::with_capacity(routes.len());
        for &(src, dst) in routes {
            let bufs = match self.bufs(ring) {
                Ok(b) => b,
                Err(e) => {
                    self.free_bufs.extend(flows.into_iter().map(|f: Flow| f.bufs));
                    return Err(e);
                }
            };
            flows.push(Flow {
                src,
                dst,
                bufs,
                queue: VecDeque::new(),
                sent: VecDeque::new(),
                recv_armed: false,
                eof: false,
                sending: false,
                seq: 0,
                notifs: Vec::new(),
                shut: Shut::None,
                iov: Box::new([libc::iovec { iov_base: core::ptr::null_mut(), iov_len: 0 }; MAX_IOV]),
                // SAFETY: msghdr is plain data; all zeros is an empty message.
                msg: Box::new(unsafe { core::mem::zeroed() }),
                bytes: 0,
            });
        }
        let conn = Box::new(Conn { fds, fixed, flows, inflight: 0, aborting: false, cancelled: false });
        let ci = match self.free_slots.pop() {
            Some(i) => {
                self.conns[i] = Some(conn);
                i
            }
            None => {
                self.conns.push(Some(conn));
                self.conns.len() - 1
            }
        };
        self.stats.opened += 1;
        self.progress(ring, ci);
        Ok(ci)
    }

    /// Handle `cqe` if it belongs to the relay; `false` if it does not.
    pub fn handle(&mut self, ring: &mut Ring, cqe: &CompletionQueueEvent) -> bool {
        let ud = cqe.user_data();
        let kind = kind_of(ud);
        if !(K_RECV..=K_CLOSE).contains(&kind) {
            return false;
        }
        if kind == K_CLOSE {
            if cqe.res() < 0 {
                eprintln!("{}: close: {}", self.cfg.name, io::Error::from_raw_os_error(-cqe.res()));
            }
            return true;
        }
        let ci = conn_of(ud);
        let dir = dir_of(ud);
        let Some(Some(conn)) = self.conns.get_mut(ci) else {
            return true;
        };
        match kind {
            K_RECV => self.on_recv(ci, dir, cqe),
            K_SEND => self.on_send(ci, dir, seq_of(ud), cqe),
            K_SHUT => {
                conn.inflight -= 1;
                if let Some(f) = conn.flows.get_mut(dir) {
                    f.shut = Shut::Done;
                }
                // ENOTCONN: the peer is already gone; the flow is over anyway.
            }
            _ => conn.inflight -= 1,
        }
        self.progress(ring, ci);
        true
    }

    fn conn(&mut self, ci: usize) -> &mut Conn {
        // Callers only pass indexes of live connections.
        self.conns[ci].as_mut().expect("live connection")
    }

    fn on_recv(&mut self, ci: usize, dir: usize, cqe: &CompletionQueueEvent) {
        let name = self.cfg.name;
        let conn = self.conn(ci);
        let mut bundles = 0;
        let mut bytes = 0;
        let mut abort = false;
        {
            let flow = &mut conn.flows[dir];
            if !cqe.more() {
                flow.recv_armed = false;
                conn.inflight -= 1;
            }
            let res = cqe.res();
            if res > 0 {
                match flow.bufs.consume(cqe) {
                    Some((bid, n)) => {
                        let mut left = res as u32;
                        for k in 0..n {
                            let b = ((bid as u32 + k as u32) % flow.bufs.count as u32) as u16;
                            let len = left.min(flow.bufs.buf_size);
                            left -= len;
                            flow.queue.push_back(Seg { bid: b, off: 0, len, last_seq: 0 });
                        }
                        flow.bytes += res as u64;
                        bytes = res as u64;
                        bundles = (n > 1) as u64;
                    }
                    None => {
                        eprintln!(
                            "{}: recv: unexpected buffer {:?} for {} bytes",
                            name,
                            cqe.buffer_id(),
                            res
                        );
                        abort = true;
                    }
                }
            } else if res == 0 {
                flow.eof = true;
            } else if res != -libc::ENOBUFS {
                // ENOBUFS: the flow's buffers are all waiting to be sent; the
                // receive is armed again once some come back.
                if res != -libc::ECANCELED && !conn.aborting {
                    eprintln!("{}: recv: {}", name, io::Error::from_raw_os_error(-res));
                }
                abort = true;
            }
        }
        if abort {
            conn.aborting = true;
        }
        self.stats.bytes += bytes;
        self.stats.bundles += bundles;
    }

    fn on_send(&mut self, ci: usize, dir: usize, seq: u32, cqe: &CompletionQueueEvent) {
        let (zc, name) = (self.cfg.zc, self.cfg.name);
        let conn = self.conn(ci);
        let flow = &mut conn.flows[dir];
        if cqe.notif() {
            conn.inflight -= 1;
            flow.notifs.retain(|&s| s != seq);
            Self::recycle_sent(flow);
            self.stats.notifs += 1;
            return;
        }
        flow.sending = false;
        if cqe.more() {
            flow.notifs.push(seq);
        } else {
            conn.inflight -= 1;
        }
        let res = cqe.res();
        if res <= 0 {
            if res != -libc::ECANCELED && !conn.aborting {
                let what = if zc { "send_zc" } else { "send" };
                eprintln!("{}: {what}: {}", name, io::Error::from_raw_os_error(-res.min(-libc::EIO)));
            }
            conn.aborting = true;
            return;
        }
        let mut left = res as u32;
        while left > 0 {
            let Some(seg) = flow.queue.front_mut() else { break };
            if seg.len <= left {
                left -= seg.len;
                let s = *seg;
                flow.queue.pop_front();
                flow.sent.push_back(s);
            } else {
                seg.off += left;
                seg.len -= left;
                left = 0;
            }
        }
        Self::recycle_sent(flow);
    }

    /// Hand back the sent buffers no pending notification can still need.
    fn recycle_sent(flow: &mut Flow) {
        let oldest = flow.notifs.iter().copied().min();
        let mut n = 0u16;
        while let Some(s) = flow.sent.front() {
            if oldest.is_some_and(|o| s.last_seq >= o) {
                break;
            }
            flow.sent.pop_front();
            n += 1;
        }
        if n > 0 {
            // SAFETY: these buffers were sent completely, and no send that
            // referenced them waits for its zero-copy notification.
            unsafe { flow.bufs.recycle(n) };
        }
    }

    /// Queue whatever connection `ci` can do next: receives, sends,
    /// shutdowns, cancellation, or closing.
    fn progress(&mut self, ring: &mut Ring, ci: usize) {
        let cfg = self.cfg;
        let conn = self.conn(ci);
        let fixed = fixed_flag(conn.fixed);
        if conn.aborting {
            if conn.inflight == 0 {
                self.finish(ring, ci);
            } else if !conn.cancelled {
                // Cancel everything still running on the connection's sockets.
                conn.cancelled = true;
                let mut fds = conn.fds.clone();
                fds.dedup();
                for &fd in &fds {
                    let mut flags = sys::IORING_ASYNC_CANCEL_ALL;
                    if conn.fixed {
                        flags |= sys::IORING_ASYNC_CANCEL_FD_FIXED;
                    }
                    let s = sqe(ring);
                    s.prep_cancel_fd(fd, flags);
                    s.set_data64(encode(K_CANCEL, ci, 0, 0));
                    conn.inflight += 1;
                }
            }
            return;
        }
        for d in 0..conn.flows.len() {
            let flow = &mut conn.flows[d];
            if !flow.recv_armed && !flow.eof && flow.bufs.available() > 0 {
                let s = sqe(ring);
                s.prep_recv_multishot(conn.fds[flow.src], 0, 0, flow.bufs.bgid());
                if cfg.bundle {
                    s.set_ioprio(s.ioprio() | sys::IORING_RECVSEND_BUNDLE);
                }
                add_flags(s, fixed);
                s.set_data64(encode(K_RECV, ci, d, 0));
                flow.recv_armed = true;
                conn.inflight += 1;
            }
            if !flow.sending && !flow.queue.is_empty() {
                Self::start_send(ring, conn.fds[flow.dst], fixed, cfg.zc, ci, d, flow);
                conn.inflight += 1;
            }
            if flow.eof
                && !flow.recv_armed
                && !flow.sending
                && flow.queue.is_empty()
                && flow.shut == Shut::None
            {
                let s = sqe(ring);
                s.prep_shutdown(conn.fds[flow.dst], libc::SHUT_WR);
                add_flags(s, fixed);
                s.set_data64(encode(K_SHUT, ci, d, 0));
                flow.shut = Shut::Pending;
                conn.inflight += 1;
            }
        }
        if conn.inflight == 0 && conn.flows.iter().all(|f| f.shut == Shut::Done) {
            self.finish(ring, ci);
        }
    }

    fn start_send(ring: &mut Ring, fd: RawFd, fixed: u8, zc: bool, ci: usize, d: usize, flow: &mut Flow) {
        let seq = flow.seq;
        flow.seq = flow.seq.wrapping_add(1);
        let n = flow.queue.len().min(MAX_IOV);
        for (i, seg) in flow.queue.iter_mut().take(n).enumerate() {
            seg.last_seq = seq;
            flow.iov[i] = libc::iovec {
                // SAFETY: off < buf_size: inside buffer `bid`.
                iov_base: unsafe { flow.bufs.ptr(seg.bid).add(seg.off as usize) }.cast(),
                iov_len: seg.len as usize,
            };
        }
        let s = sqe(ring);
        if n == 1 {
            let (p, len) = (flow.iov[0].iov_base, flow.iov[0].iov_len);
            if zc {
                // SAFETY: the bytes lie in a buffer the application holds; it
                // is handed back only after this send's notification.
                unsafe { s.prep_send_zc_raw(fd, p, len, libc::MSG_NOSIGNAL, 0) };
            } else {
                // SAFETY: as above, until this send's completion.
                unsafe { s.prep_send_raw(fd, p, len, libc::MSG_NOSIGNAL) };
            }
        } else {
            flow.msg.msg_iov = flow.iov.as_mut_ptr();
            flow.msg.msg_iovlen = n as _;
            if zc {
                // SAFETY: the msghdr and iovec array live in the flow and are
                // not touched until this send's completion (only one send
                // per flow is in flight); the buffers they describe are held
                // until its notification.
                unsafe { s.prep_sendmsg_zc(fd, &flow.msg, libc::MSG_NOSIGNAL as u32) };
            } else {
                // SAFETY: as above, until this send's completion.
                unsafe { s.prep_sendmsg(fd, &flow.msg, libc::MSG_NOSIGNAL as u32) };
            }
        }
        add_flags(s, fixed);
        s.set_data64(encode(K_SEND, ci, d, seq));
        flow.sending = true;
    }

    /// Close connection `ci` (no request of it is in flight any more).
    fn finish(&mut self, ring: &mut Ring, ci: usize) {
        let Some(conn) = self.conns[ci].take() else { return };
        let mut fds = conn.fds.clone();
        fds.dedup();
        for &fd in &fds {
            let s = sqe(ring);
            if conn.fixed {
                s.prep_close_direct(fd as u32);
            } else {
                s.prep_close(fd);
            }
            s.set_data64(encode(K_CLOSE, 0, 0, 0));
        }
        if self.cfg.verbose {
            let bytes: Vec<u64> = conn.flows.iter().map(|f| f.bytes).collect();
            println!("connection {ci} closed, bytes relayed per direction: {bytes:?}");
        }
        for mut f in conn.flows {
            let held = f.bufs.held;
            // SAFETY: no request of the connection is in flight: nothing
            // reads or writes its buffers any more.
            unsafe { f.bufs.recycle(held) };
            self.free_bufs.push(f.bufs);
        }
        self.free_slots.push(ci);
        self.stats.closed += 1;
    }
}
