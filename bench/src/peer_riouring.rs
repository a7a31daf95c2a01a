//! The workloads on riouring, written as a riouring program writes them.

use crate::timing::{Timing, measure};
use crate::workload::{AlignedBuf, BLOCK, ReadJob, Variant, proto_err};
use riouring::Ring;
use std::io;

fn ring(v: Variant, entries: u32) -> io::Result<Ring> {
    let mut ring = Ring::with_flags(entries, v.flags())?;
    if v.reg_fd() {
        ring.register_ring_fd()?;
    }
    Ok(ring)
}

/// `ops` NOPs in batches of `batch`.
pub fn nop_batch(v: Variant, batch: u32, ops: u64) -> io::Result<Timing> {
    let mut ring = ring(v, 128)?;
    measure(|| nop_batch_loop(&mut ring, batch, ops))
}

#[inline(never)]
pub fn nop_batch_loop(ring: &mut Ring, batch: u32, ops: u64) -> io::Result<()> {
    let mut done = 0;
    while done < ops {
        if batch == 1 {
            let sqe = ring.get_sqe().ok_or_else(|| proto_err("SQ full"))?;
            sqe.prep_nop();
            sqe.set_data64(0);
        } else {
            // A batch queues through `sq_batch`, riouring's counterpart of
            // the io-uring crate's `SubmissionQueue` (`split()` above in its
            // peer): the same entries as `get_sqe` in a loop, with the SQ
            // indices held in registers.
            let mut sq = ring.sq_batch();
            for i in 0..batch {
                let sqe = sq.get_sqe().ok_or_else(|| proto_err("SQ full"))?;
                sqe.prep_nop();
                sqe.set_data64(i as u64);
            }
        }
        ring.submit_and_wait(batch)?;
        let mut seen = 0;
        for cqe in ring.completions() {
            cqe.result()?;
            seen += 1;
        }
        if seen != batch {
            return Err(proto_err("missing completions"));
        }
        done += batch as u64;
    }
    Ok(())
}

/// `ops` single NOP round trips.
pub fn roundtrip(v: Variant, ops: u64) -> io::Result<Timing> {
    let mut ring = ring(v, 128)?;
    measure(|| roundtrip_loop(&mut ring, ops))
}

#[inline(never)]
pub fn roundtrip_loop(ring: &mut Ring, ops: u64) -> io::Result<()> {
    for i in 0..ops {
        let sqe = ring.get_sqe().ok_or_else(|| proto_err("SQ full"))?;
        sqe.prep_nop();
        sqe.set_data64(i);
        ring.submit_and_wait(1)?;
        let cqe = ring.wait_cqe()?;
        cqe.result()?;
        if cqe.user_data() != i {
            return Err(proto_err("wrong user_data"));
        }
        ring.cqe_seen(&cqe);
    }
    Ok(())
}

/// Set up a ring (default flags) for `ops`-sized read runs; the closure in
/// `measure` only runs the loop.
pub fn read(job: &ReadJob<'_>) -> io::Result<Timing> {
    assert!(job.qd <= 64);
    let mut ring = ring(Variant::Default, 64)?;
    let mut bufs = AlignedBuf::new(job.qd as usize * BLOCK);
    let iov = bufs.iovecs(job.qd as usize);
    if job.fixed {
        // SAFETY: `bufs` stays alive until after the ring is dropped (the
        // explicit drops below); the iovec array is read during the call only.
        unsafe { ring.register_buffers(&iov)? };
    }
    let t = measure(|| read_loop(&mut ring, &mut bufs, job));
    // The registration goes with the ring: drop it before the buffers.
    drop(ring);
    drop(bufs);
    t
}

#[inline(always)]
fn queue_read(
    ring: &mut Ring,
    job: &ReadJob<'_>,
    bufs: &mut AlignedBuf,
    slot: usize,
    off: u64,
) -> io::Result<()> {
    // SAFETY: the slot is inside `bufs`, which outlives the ring.
    let buf = unsafe { bufs.as_mut_ptr().add(slot * BLOCK) };
    let sqe = ring.get_sqe().ok_or_else(|| proto_err("SQ full"))?;
    if job.fixed {
        // SAFETY: the 4 KiB slot is registered buffer `slot`, and stays valid
        // and untouched until its completion is reaped.
        unsafe { sqe.prep_read_fixed_raw(job.fd, buf, BLOCK as u32, off, slot as u16) };
    } else {
        // SAFETY: as above (not registered).
        unsafe { sqe.prep_read_raw(job.fd, buf, BLOCK as u32, off) };
    }
    sqe.set_data64(slot as u64);
    Ok(())
}

#[inline(never)]
fn read_loop(ring: &mut Ring, bufs: &mut AlignedBuf, job: &ReadJob<'_>) -> io::Result<()> {
    let ops = job.offs.len();
    let mut slot_off = [0u64; 256];
    let mut next = 0;
    let mut done = 0;
    while next < job.qd as usize && next < ops {
        slot_off[next] = job.offs[next];
        queue_read(ring, job, bufs, next, job.offs[next])?;
        next += 1;
    }
    let mut reaped = [0u16; 256];
    while done < ops {
        ring.submit_and_wait(1)?;
        let mut n = 0;
        for cqe in ring.completions() {
            if cqe.res() != BLOCK as i32 {
                cqe.result()?;
                return Err(proto_err("short read"));
            }
            let slot = cqe.user_data() as usize;
            if bufs.tag(slot) != slot_off[slot] / BLOCK as u64 {
                return Err(proto_err("wrong block"));
            }
            reaped[n] = slot as u16;
            n += 1;
        }
        done += n;
        for &slot in &reaped[..n] {
            if next < ops {
                slot_off[slot as usize] = job.offs[next];
                queue_read(ring, job, bufs, slot as usize, job.offs[next])?;
                next += 1;
            }
        }
    }
    Ok(())
}
