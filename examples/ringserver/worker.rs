//! A worker: one thread, one ring, and the connections that ring serves.
//!
//! Connections live in the ring's registered file table (direct
//! descriptors), never in the process fd table: accepted straight into a
//! slot (`prep_multishot_accept_direct`), or installed in a slot by the
//! acceptor ring's `msg_ring`. The slot number names the connection in every
//! user data, and is its index in [`Worker::conns`].
//!
//! Per connection at most one multishot receive and one send are in flight.
//! A connection's slot is closed only when neither is, so no completion can
//! arrive for a slot after it was given back (the kernel may reuse a slot as
//! soon as it is closed).

use crate::args::{Mode, Options};
use crate::http::{self, DateCache, Parse};
use crate::ops::{self, kind, next_sqe, split, ud};
use riouring::{BufRing, BufRingRaw, CompletionQueueEvent, Ring, sys};
use std::collections::VecDeque;
use std::io;
use std::os::fd::{AsRawFd, OwnedFd};
use std::time::{Duration, Instant};

/// Group id of the ring's shared receive buffers. Bundle mode gives each
/// connection its own outgoing group, `slot + 1`.
const RECV_GROUP: u16 = 0;
/// Entries of a connection's outgoing buffer ring (bundle mode).
const OUT_ENTRIES: u32 = 64;
/// A chunk of bundle output grows to at most this before a new one starts.
const CHUNK_MAX: usize = 64 * 1024;
/// Output queued for one connection above which its receive is paused
/// (backpressure: a peer that does not read stops being read)...
const PAUSE_ABOVE: usize = 1 << 20;
/// ... and below which it is resumed.
const RESUME_BELOW: usize = 256 * 1024;
/// How long a shutdown may take before the ring is dropped regardless.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// What a worker did, for the summary line.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stats {
    pub connections: u64,
    pub bytes_in: u64,
    pub bytes_out: u64,
    /// Sends that stopped partway through a buffer (the peer's window was
    /// full); the rest goes out with the next send.
    pub short_sends: u64,
}

/// A connection's pending output.
enum Out {
    /// Replies are gathered into one buffer; one `send` at a time takes all
    /// that was gathered, and a short send is continued from where it
    /// stopped. Ordering holds because there is only ever one send.
    Gather { queued: Vec<u8>, inflight: Vec<u8>, sent: usize },
    /// Replies are chunks published in the connection's own outgoing buffer
    /// ring (incrementally consumed, `IOU_PBUF_RING_INC`); one bundled send
    /// at a time takes everything published. The kernel consumes the ring in
    /// order and keeps a partly sent buffer at the head (start moved), so a
    /// short completion needs nothing but a new send. `chunks[..published]`
    /// are in the ring and are never touched until the completions report
    /// them sent.
    Bundle { br: BufRingRaw, chunks: VecDeque<Vec<u8>>, published: usize, head_off: usize, bytes: usize },
}

impl Out {
    /// Bytes queued and not yet reported sent.
    fn pending(&self) -> usize {
        match self {
            Out::Gather { queued, inflight, sent } => queued.len() + inflight.len() - sent,
            Out::Bundle { bytes, head_off, .. } => bytes - head_off,
        }
    }

    /// The buffer new output is appended to.
    fn writer(&mut self, pool: &mut Vec<Vec<u8>>) -> &mut Vec<u8> {
        match self {
            Out::Gather { queued, .. } => queued,
            Out::Bundle { chunks, published, .. } => {
                let fresh = chunks.len() == *published || chunks.back().is_some_and(|c| c.len() >= CHUNK_MAX);
                if fresh {
                    chunks.push_back(pool.pop().unwrap_or_default());
                }
                chunks.back_mut().expect("a chunk was just ensured")
            }
        }
    }
}

struct Conn {
    recv_armed: bool,
    /// A cancel of the receive was submitted and its end not seen yet.
    recv_cancelling: bool,
    send_inflight: bool,
    send_cancelling: bool,
    /// Receive paused for backpressure.
    paused: bool,
    /// No more input is read or answered (peer closed its side, the request
    /// asked for `Connection: close`, or was malformed); the connection
    /// closes once its output is sent.
    read_done: bool,
    /// Being torn down: receive and send cancelled, slot closed when both
    /// ended.
    closing: bool,
    /// HTTP: bytes of an incomplete request.
    input: Vec<u8>,
    out: Out,
}

pub struct Worker {
    ring: Ring,
    bufs: BufRing,
    mode: Mode,
    bundle: bool,
    /// Indexed by slot.
    conns: Vec<Option<Box<Conn>>>,
    open: usize,
    listener: Option<OwnedFd>,
    accept_armed: bool,
    stopping: bool,
    closes_pending: usize,
    date: DateCache,
    pool: Vec<Vec<u8>>,
    stats: Stats,
}

impl Worker {
    /// Set up the ring (on the calling thread, which must be the one that
    /// runs it) with `files` connection slots and the receive buffers.
    pub fn new(opts: &Options, files: u32, listener: Option<OwnedFd>) -> io::Result<Worker> {
        let ring = ops::new_ring(1024, files)?;
        let bufs = BufRing::new(&ring, opts.buffers, opts.buf_size, RECV_GROUP)?;
        Ok(Worker {
            ring,
            bufs,
            mode: opts.mode,
            bundle: opts.bundle,
            conns: (0..files).map(|_| None).collect(),
            open: 0,
            listener,
            accept_armed: false,
            stopping: false,
            closes_pending: 0,
            date: DateCache::new(),
            pool: Vec::new(),
            stats: Stats::default(),
        })
    }

    /// The ring's fd, the address other rings send messages to.
    pub fn ring_fd(&self) -> i32 {
        self.ring.as_raw_fd()
    }

    /// Serve until told to shut down; then close every connection.
    pub fn run(mut self) -> io::Result<Stats> {
        self.arm_accept();
        let mut cqes = vec![CompletionQueueEvent::new(0, 0, 0); 256];
        let mut deadline = None;
        loop {
            if self.stopping {
                if self.open == 0 && !self.accept_armed && self.closes_pending == 0 {
                    break;
                }
                let d = *deadline.get_or_insert_with(|| Instant::now() + SHUTDOWN_GRACE);
                if Instant::now() >= d {
                    eprintln!("ringserver: shutdown grace expired with {} connections open", self.open);
                    break;
                }
            }
            ops::submit_and_wait(&mut self.ring, self.stopping.then_some(100))?;
            loop {
                let n = self.ring.peek_batch_cqe(&mut cqes);
                if n == 0 {
                    break;
                }
                // The CQEs were copied out: their slots can go back at once.
                self.ring.cq_advance(n as u32);
                if self.mode == Mode::Http {
                    self.date.refresh();
                }
                for cqe in &cqes[..n] {
                    self.handle(cqe);
                }
            }
        }
        Ok(self.stats)
    }

    fn conn(&mut self, slot: u32) -> &mut Conn {
        self.conns[slot as usize].as_deref_mut().expect("completion for a live connection")
    }

    fn handle(&mut self, cqe: &CompletionQueueEvent) {
        let (k, slot) = split(cqe.user_data());
        match k {
            kind::ACCEPT => {
                if !cqe.more() {
                    self.accept_armed = false;
                }
                match cqe.res() {
                    r if r >= 0 => self.add_conn(r as u32),
                    r if r == -libc::ECANCELED => {}
                    r => eprintln!("ringserver: accept: {}", io::Error::from_raw_os_error(-r)),
                }
                if !self.accept_armed && !self.stopping {
                    self.arm_accept();
                }
            }
            kind::NEWCONN => match cqe.res() {
                r if r >= 0 => self.add_conn(r as u32),
                r => eprintln!("ringserver: connection hand-over: {}", io::Error::from_raw_os_error(-r)),
            },
            kind::RECV => self.on_recv(slot, cqe),
            kind::SEND => self.on_send(slot, cqe.res()),
            kind::CLOSE => self.closes_pending -= 1,
            kind::CANCEL => {}
            kind::SHUTDOWN => self.shutdown(),
            _ => eprintln!("ringserver: unexpected completion {:#x}", cqe.user_data()),
        }
    }

    fn arm_accept(&mut self) {
        let Some(fd) = self.listener.as_ref().map(|l| l.as_raw_fd()) else { return };
        let sqe = next_sqe(&mut self.ring);
        // SAFETY: no address buffers (both null): the kernel stores nothing
        // of ours.
        unsafe { sqe.prep_multishot_accept_direct(fd, std::ptr::null_mut(), std::ptr::null_mut(), 0) };
        sqe.set_data64(ud(kind::ACCEPT, 0));
        self.accept_armed = true;
    }

    fn add_conn(&mut self, slot: u32) {
        if self.stopping || slot as usize >= self.conns.len() {
            self.close_slot(slot);
            return;
        }
        let out = if self.bundle {
            match self.ring.setup_buf_ring(OUT_ENTRIES, slot as u16 + 1, sys::IOU_PBUF_RING_INC) {
                Ok(br) => Out::Bundle { br, chunks: VecDeque::new(), published: 0, head_off: 0, bytes: 0 },
                Err(e) => {
                    eprintln!("ringserver: outgoing buffer ring: {e}");
                    self.close_slot(slot);
                    return;
                }
            }
        } else {
            Out::Gather { queued: Vec::new(), inflight: Vec::new(), sent: 0 }
        };
        self.conns[slot as usize] = Some(Box::new(Conn {
            recv_armed: false,
            recv_cancelling: false,
            send_inflight: false,
            send_cancelling: false,
            paused: false,
            read_done: false,
            closing: false,
            input: Vec::new(),
            out,
        }));
        self.open += 1;
        self.stats.connections += 1;
        self.arm_recv(slot);
    }

    fn arm_recv(&mut self, slot: u32) {
        let sqe = next_sqe(&mut self.ring);
        sqe.prep_recv_multishot(slot as i32, 0, 0, RECV_GROUP);
        sqe.set_flags(sqe.flags() | sys::IOSQE_FIXED_FILE);
        sqe.set_data64(ud(kind::RECV, slot));
        let c = self.conn(slot);
        c.recv_armed = true;
        c.recv_cancelling = false;
    }

    fn cancel(&mut self, target: u64) {
        let sqe = next_sqe(&mut self.ring);
        sqe.prep_cancel64(target, 0);
        sqe.set_data64(ud(kind::CANCEL, 0));
    }

    fn on_recv(&mut self, slot: u32, cqe: &CompletionQueueEvent) {
        let res = cqe.res();
        let c = self.conns[slot as usize].as_deref_mut().expect("receive of a live connection");
        if !cqe.more() {
            c.recv_armed = false;
            c.recv_cancelling = false;
        }
        if res > 0 {
            self.stats.bytes_in += res as u64;
            // SAFETY: every request that selects from RECV_GROUP is a
            // multishot receive of this ring, and this completion is one of
            // them (its user data says RECV).
            if let Some(data) = unsafe { self.bufs.take(cqe) } {
                if !c.read_done && !c.closing {
                    match self.mode {
                        Mode::Echo => c.out.writer(&mut self.pool).extend_from_slice(data),
                        Mode::Http => http_input(c, data, &self.date, &mut self.pool),
                    }
                }
            }
            if let Some(bid) = cqe.buffer_id() {
                let _ = self.bufs.recycle(bid);
            }
        }
        if !cqe.more() {
            match res {
                0 => c.read_done = true,
                // Out of receive buffers for a moment (`after` re-arms once
                // this batch recycled them), cancelled, or ended with data.
                r if r > 0 || r == -libc::ENOBUFS || r == -libc::ECANCELED => {}
                _ => c.closing = true,
            }
        }
        self.after(slot);
    }

    fn on_send(&mut self, slot: u32, res: i32) {
        let c = self.conns[slot as usize].as_deref_mut().expect("send of a live connection");
        c.send_inflight = false;
        c.send_cancelling = false;
        if res < 0 {
            if res != -libc::ECANCELED {
                c.read_done = true;
            }
            c.closing = true;
        } else {
            self.stats.bytes_out += res as u64;
            let mut n = res as usize;
            match &mut c.out {
                Out::Gather { inflight, sent, .. } => {
                    *sent += n;
                    self.stats.short_sends += (*sent < inflight.len()) as u64;
                    if *sent == inflight.len() {
                        inflight.clear();
                        *sent = 0;
                    }
                }
                Out::Bundle { chunks, published, head_off, bytes, .. } => {
                    // Mirror the kernel's incremental consumption: whole
                    // buffers leave the ring, a partly sent one stays at
                    // the head with its start moved.
                    while n > 0 {
                        let left = chunks[0].len() - *head_off;
                        if n < left {
                            *head_off += n;
                            self.stats.short_sends += 1;
                            break;
                        }
                        n -= left;
                        *head_off = 0;
                        *published -= 1;
                        let mut chunk = chunks.pop_front().expect("sent bytes were published");
                        *bytes -= chunk.len();
                        if self.pool.len() < 1024 && chunk.capacity() <= CHUNK_MAX * 2 {
                            chunk.clear();
                            self.pool.push(chunk);
                        }
                    }
                }
            }
        }
        self.after(slot);
    }

    /// Drive a connection after an event: send what is queued, apply
    /// backpressure, and close it when it is done.
    fn after(&mut self, slot: u32) {
        let Some(c) = self.conns[slot as usize].as_deref_mut() else { return };
        if !c.closing && c.read_done && c.out.pending() == 0 && !c.send_inflight {
            c.closing = true;
        }
        if c.closing {
            let (cancel_recv, cancel_send) =
                (c.recv_armed && !c.recv_cancelling, c.send_inflight && !c.send_cancelling);
            c.recv_cancelling |= cancel_recv;
            c.send_cancelling |= cancel_send;
            let done = !c.recv_armed && !c.send_inflight;
            if cancel_recv {
                self.cancel(ud(kind::RECV, slot));
            }
            if cancel_send {
                self.cancel(ud(kind::SEND, slot));
            }
            if done {
                self.finish(slot);
            }
            return;
        }
        if !c.send_inflight {
            self.send(slot);
        } else if let Out::Bundle { .. } = c.out {
            // The send in flight has not picked its buffers if it waits for
            // socket space: publishing now lets its retry take more.
            publish(c);
        }
        let c = self.conn(slot);
        let pending = c.out.pending();
        if c.recv_armed && !c.recv_cancelling && (c.read_done || pending > PAUSE_ABOVE) {
            c.recv_cancelling = true;
            c.paused = !c.read_done;
            self.cancel(ud(kind::RECV, slot));
        } else if !c.recv_armed && !c.read_done && (!c.paused || pending < RESUME_BELOW) {
            // Paused and drained, or the receive ended without being asked
            // to (out of buffers, or a final completion with data).
            c.paused = false;
            self.arm_recv(slot);
        }
    }

    /// Start a send of everything queued, if anything is.
    fn send(&mut self, slot: u32) {
        let c = self.conns[slot as usize].as_deref_mut().expect("send of a live connection");
        let sqe;
        match &mut c.out {
            Out::Gather { queued, inflight, sent } => {
                if inflight.is_empty() {
                    std::mem::swap(queued, inflight);
                }
                if inflight.len() == *sent {
                    return;
                }
                sqe = next_sqe(&mut self.ring);
                // SAFETY: `inflight` is neither changed nor dropped while the
                // send is in flight: only this completion clears it, and the
                // connection (and its buffers) is freed only once no send is
                // in flight. Its heap memory does not move with the Conn.
                unsafe { sqe.prep_send(slot as i32, &inflight[*sent..], libc::MSG_NOSIGNAL) };
            }
            Out::Bundle { br, .. } => {
                let bgid = br.bgid();
                if publish(c) == 0 {
                    return;
                }
                sqe = next_sqe(&mut self.ring);
                sqe.prep_send_bundle(slot as i32, 0, libc::MSG_NOSIGNAL);
                sqe.set_flags(sys::IOSQE_FIXED_FILE | sys::IOSQE_BUFFER_SELECT);
                sqe.set_buf_group(bgid);
            }
        }
        sqe.set_flags(sqe.flags() | sys::IOSQE_FIXED_FILE);
        sqe.set_data64(ud(kind::SEND, slot));
        c.send_inflight = true;
    }

    /// Free the connection and close its slot; nothing of it is in flight.
    fn finish(&mut self, slot: u32) {
        let c = self.conns[slot as usize].take().expect("finishing a live connection");
        if let Out::Bundle { br, chunks, .. } = c.out {
            // No send is in flight, so nothing reads the chunks any more once
            // the group is gone.
            if let Err(e) = self.ring.free_buf_ring(br) {
                eprintln!("ringserver: free outgoing buffer ring: {e}");
                // Keep the chunks' memory: the group may still name it.
                std::mem::forget(chunks);
            }
        }
        self.open -= 1;
        self.close_slot(slot);
    }

    fn close_slot(&mut self, slot: u32) {
        let sqe = next_sqe(&mut self.ring);
        sqe.prep_close_direct(slot);
        sqe.set_data64(ud(kind::CLOSE, slot));
        self.closes_pending += 1;
    }

    /// Stop accepting and close every connection.
    fn shutdown(&mut self) {
        if self.stopping {
            return;
        }
        self.stopping = true;
        if self.accept_armed {
            self.cancel(ud(kind::ACCEPT, 0));
        }
        for slot in 0..self.conns.len() as u32 {
            if let Some(c) = self.conns[slot as usize].as_deref_mut() {
                c.closing = true;
                self.after(slot);
            }
        }
    }
}

/// Publish the bundle chunks not yet in the ring (as many as fit); returns
/// how many chunks are in the ring afterwards.
fn publish(c: &mut Conn) -> usize {
    let Out::Bundle { br, chunks, published, bytes, .. } = &mut c.out else { return 0 };
    let start = *published;
    while *published < chunks.len() && *published < OUT_ENTRIES as usize && !chunks[*published].is_empty() {
        let chunk = &mut chunks[*published];
        *bytes += chunk.len();
        let k = (*published - start) as u32;
        let mask = br.mask();
        // SAFETY: the chunk's heap memory stays valid and unchanged until the
        // send completions report every byte of it sent: published chunks are
        // never written (`Out::writer` starts a new chunk), and are dropped
        // only after being reported sent or once the group is unregistered
        // with no send in flight (`Worker::finish`). The kernel only reads
        // buffers of a send.
        unsafe { br.add(chunk.as_mut_ptr(), chunk.len() as u32, (*published % 65536) as u16, mask, k) };
        *published += 1;
    }
    let added = *published - start;
    if added > 0 {
        // SAFETY: the `added` entries after the tail were just written above
        // and describe chunks as `add` requires.
        unsafe { br.advance(added as u16) };
    }
    *published
}

/// Append HTTP input and answer every whole request in it, in order.
fn http_input(c: &mut Conn, data: &[u8], date: &DateCache, pool: &mut Vec<Vec<u8>>) {
    let mut input = std::mem::take(&mut c.input);
    let from_data = input.is_empty();
    let bytes: &[u8] = if input.is_empty() {
        data
    } else {
        input.extend_from_slice(data);
        &input
    };
    let mut pos = 0;
    while !c.read_done {
        match http::parse(&bytes[pos..]) {
            Parse::Incomplete => break,
            Parse::Request { len, close } => {
                http::respond(c.out.writer(pool), date, close);
                pos += len;
                c.read_done = close;
            }
            Parse::Bad => {
                c.out.writer(pool).extend_from_slice(http::BAD_REQUEST);
                c.read_done = true;
            }
        }
    }
    if from_data {
        if !c.read_done {
            input.extend_from_slice(&data[pos..]);
        }
    } else if c.read_done {
        input.clear();
    } else {
        input.drain(..pos);
    }
    c.input = input;
}
