//! `--acceptor` mode: one ring accepts every connection and hands each to a
//! worker ring, round robin.
//!
//! The acceptor's multishot accept puts each connection straight into a slot
//! of its own file table. `msg_ring_fd` then installs that file into a free
//! slot of the worker's table (`IORING_FILE_INDEX_ALLOC`) and posts the
//! worker a completion whose user data says "new connection" and whose
//! result is the slot. Once the acceptor sees its side of the message
//! complete, it closes its own slot: the worker holds its own reference.
//!
//! Passing direct descriptors (rather than a raw fd number in a message)
//! keeps the connection out of the process fd table the whole way, and the
//! kernel does the installing, so a connection can't leak between the
//! accept and the worker picking it up: if the hand-over fails, the
//! acceptor's close drops the only reference.

use crate::ops::{self, kind, next_sqe, split, ud};
use riouring::{CompletionQueueEvent, Ring, sys};
use std::io;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};

/// What the acceptor did.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stats {
    pub handed_over: u64,
    pub failed: u64,
}

pub struct Acceptor {
    ring: Ring,
    listener: OwnedFd,
    workers: Vec<RawFd>,
}

impl Acceptor {
    /// Set up the acceptor's ring (on the calling thread, which runs it).
    /// `workers` are the worker rings' fds, which stay open until this
    /// acceptor's [`run`](Acceptor::run) has returned.
    pub fn new(listener: OwnedFd, workers: Vec<RawFd>) -> io::Result<Acceptor> {
        Ok(Acceptor { ring: ops::new_ring(256, 1024)?, listener, workers })
    }

    pub fn ring_fd(&self) -> RawFd {
        self.ring.as_raw_fd()
    }

    fn arm_accept(&mut self) {
        let fd = self.listener.as_raw_fd();
        let sqe = next_sqe(&mut self.ring);
        // SAFETY: no address buffers (both null): nothing of ours is stored.
        unsafe { sqe.prep_multishot_accept_direct(fd, std::ptr::null_mut(), std::ptr::null_mut(), 0) };
        sqe.set_data64(ud(kind::ACCEPT, 0));
    }

    /// Accept and hand over until told to shut down, then wait for every
    /// hand-over in flight.
    pub fn run(mut self) -> io::Result<Stats> {
        let mut stats = Stats::default();
        let (mut armed, mut stopping, mut in_flight, mut next) = (true, false, 0usize, 0usize);
        self.arm_accept();
        let mut cqes = vec![CompletionQueueEvent::new(0, 0, 0); 64];
        while !(stopping && !armed && in_flight == 0) {
            ops::submit_and_wait(&mut self.ring, None)?;
            let n = self.ring.peek_batch_cqe(&mut cqes);
            self.ring.cq_advance(n as u32);
            for cqe in &cqes[..n] {
                let (k, slot) = split(cqe.user_data());
                match k {
                    kind::ACCEPT => {
                        armed &= cqe.more();
                        if cqe.res() >= 0 {
                            let slot = cqe.res() as u32;
                            let target = self.workers[next];
                            next = (next + 1) % self.workers.len();
                            let sqe = next_sqe(&mut self.ring);
                            sqe.prep_msg_ring_fd(
                                target,
                                slot,
                                sys::IORING_FILE_INDEX_ALLOC,
                                ud(kind::NEWCONN, 0),
                                0,
                            );
                            sqe.set_data64(ud(kind::HANDOFF, slot));
                            in_flight += 1;
                        } else if cqe.res() != -libc::ECANCELED {
                            eprintln!("ringserver: accept: {}", io::Error::from_raw_os_error(-cqe.res()));
                        }
                        if !armed && !stopping {
                            self.arm_accept();
                            armed = true;
                        }
                    }
                    kind::HANDOFF => {
                        if cqe.res() < 0 {
                            stats.failed += 1;
                            eprintln!("ringserver: hand-over: {}", io::Error::from_raw_os_error(-cqe.res()));
                        } else {
                            stats.handed_over += 1;
                        }
                        // The worker has its own reference now (or none, if
                        // the hand-over failed): drop ours. The close's
                        // completion is not needed.
                        let sqe = next_sqe(&mut self.ring);
                        sqe.prep_close_direct(slot);
                        sqe.set_flags(sys::IOSQE_CQE_SKIP_SUCCESS);
                        sqe.set_data64(ud(kind::CLOSE, slot));
                        in_flight -= 1;
                    }
                    kind::SHUTDOWN if !stopping => {
                        stopping = true;
                        if armed {
                            let sqe = next_sqe(&mut self.ring);
                            sqe.prep_cancel64(ud(kind::ACCEPT, 0), 0);
                            sqe.set_data64(ud(kind::CANCEL, 0));
                        }
                    }
                    kind::CLOSE => {
                        eprintln!("ringserver: close: {}", io::Error::from_raw_os_error(-cqe.res()))
                    }
                    _ => {}
                }
            }
        }
        // Submit the last closes before the ring goes.
        self.ring.submit()?;
        Ok(stats)
    }
}
