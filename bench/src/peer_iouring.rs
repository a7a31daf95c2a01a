//! The workloads on the `io-uring` crate, written the way its documentation
//! writes them: `split()` into submitter, SQ and CQ, entries built with
//! `opcode::*::new(..).build()` and pushed.

use crate::timing::{Timing, measure};
use crate::workload::{AlignedBuf, BLOCK, ReadJob, Variant, proto_err};
use io_uring::{IoUring, opcode, types};
use std::io;

fn ring(v: Variant, entries: u32) -> io::Result<IoUring> {
    let mut b = IoUring::builder();
    if v.flags() != 0 {
        b.setup_single_issuer().setup_defer_taskrun();
    }
    b.build(entries)
}

/// `ops` NOPs in batches of `batch`.
pub fn nop_batch(v: Variant, batch: u32, ops: u64) -> io::Result<Timing> {
    let mut ring = ring(v, 128)?;
    let (mut submitter, mut sq, mut cq) = ring.split();
    if v.reg_fd() {
        submitter.register_ring_fd()?;
    }
    let t = measure(|| {
        let mut done = 0;
        while done < ops {
            sq.sync();
            for i in 0..batch {
                let e = opcode::Nop::new().build().user_data(i as u64);
                // SAFETY: a NOP names no memory.
                unsafe { sq.push(&e) }.map_err(|_| proto_err("SQ full"))?;
            }
            sq.sync();
            submitter.submit_and_wait(batch as usize)?;
            cq.sync();
            let mut seen = 0;
            for cqe in &mut cq {
                if cqe.result() < 0 {
                    return Err(io::Error::from_raw_os_error(-cqe.result()));
                }
                seen += 1;
            }
            if seen != batch {
                return Err(proto_err("missing completions"));
            }
            done += batch as u64;
        }
        cq.sync();
        Ok(())
    });
    // The crate keeps a registered ring fd (and with it the ring) alive
    // until the task exits unless the submitter unregisters it.
    if v.reg_fd() {
        submitter.unregister_ring_fd()?;
    }
    t
}

/// `ops` single NOP round trips.
pub fn roundtrip(v: Variant, ops: u64) -> io::Result<Timing> {
    let mut ring = ring(v, 128)?;
    let (mut submitter, mut sq, mut cq) = ring.split();
    if v.reg_fd() {
        submitter.register_ring_fd()?;
    }
    let t = measure(|| {
        for i in 0..ops {
            sq.sync();
            let e = opcode::Nop::new().build().user_data(i);
            // SAFETY: a NOP names no memory.
            unsafe { sq.push(&e) }.map_err(|_| proto_err("SQ full"))?;
            sq.sync();
            submitter.submit_and_wait(1)?;
            cq.sync();
            let cqe = cq.next().ok_or_else(|| proto_err("no completion"))?;
            if cqe.result() < 0 {
                return Err(io::Error::from_raw_os_error(-cqe.result()));
            }
            if cqe.user_data() != i {
                return Err(proto_err("wrong user_data"));
            }
        }
        cq.sync();
        Ok(())
    });
    if v.reg_fd() {
        submitter.unregister_ring_fd()?;
    }
    t
}

/// Random 4 KiB reads, `job.qd` in flight.
pub fn read(job: &ReadJob<'_>) -> io::Result<Timing> {
    assert!(job.qd <= 64);
    let mut bufs = AlignedBuf::new(job.qd as usize * BLOCK);
    let iov = bufs.iovecs(job.qd as usize);
    let mut ring = ring(Variant::Default, 64)?;
    let t = {
        let (submitter, mut sq, mut cq) = ring.split();
        if job.fixed {
            // SAFETY: `bufs` stays alive until after the ring is dropped.
            unsafe { submitter.register_buffers(&iov)? };
        }
        let base = bufs.as_mut_ptr();
        let entry = |slot: usize, off: u64| {
            // SAFETY: the slot is inside `bufs`.
            let buf = unsafe { base.add(slot * BLOCK) };
            let e = if job.fixed {
                opcode::ReadFixed::new(types::Fd(job.fd), buf, BLOCK as u32, slot as u16).offset(off).build()
            } else {
                opcode::Read::new(types::Fd(job.fd), buf, BLOCK as u32).offset(off).build()
            };
            e.user_data(slot as u64)
        };
        measure(|| {
            let ops = job.offs.len();
            let mut slot_off = [0u64; 256];
            let mut next = 0;
            let mut done = 0;
            while next < job.qd as usize && next < ops {
                slot_off[next] = job.offs[next];
                // SAFETY: the slot stays untouched until its completion.
                unsafe { sq.push(&entry(next, job.offs[next])) }.map_err(|_| proto_err("SQ full"))?;
                next += 1;
            }
            sq.sync();
            while done < ops {
                submitter.submit_and_wait(1)?;
                cq.sync();
                sq.sync();
                for cqe in &mut cq {
                    if cqe.result() != BLOCK as i32 {
                        if cqe.result() < 0 {
                            return Err(io::Error::from_raw_os_error(-cqe.result()));
                        }
                        return Err(proto_err("short read"));
                    }
                    let slot = cqe.user_data() as usize;
                    if bufs.tag(slot) != slot_off[slot] / BLOCK as u64 {
                        return Err(proto_err("wrong block"));
                    }
                    done += 1;
                    if next < ops {
                        slot_off[slot] = job.offs[next];
                        // SAFETY: as above.
                        unsafe { sq.push(&entry(slot, job.offs[next])) }.map_err(|_| proto_err("SQ full"))?;
                        next += 1;
                    }
                }
                sq.sync();
            }
            cq.sync();
            Ok(())
        })
    };
    drop(ring);
    drop(bufs);
    t
}
