//! Provided-buffer rings against the running kernel: the raw liburing-shaped
//! calls and the safe `BufRing`.

use riouring::{BufRing, CompletionQueueEvent, Ring, SubmissionQueueEntry, Timespec, buf_ring_mask, sys};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixDatagram;
use std::ptr;

/// A receive that picks its buffer from group `bgid` (built by hand: the
/// typed recv preps live elsewhere).
fn prep_recv_select(sqe: &mut SubmissionQueueEntry, fd: RawFd, bgid: u16, user_data: u64) {
    // SAFETY: no address and length 0: with IOSQE_BUFFER_SELECT the kernel
    // writes only into a buffer it takes from the group's ring, whose owner
    // keeps it valid.
    unsafe { sqe.prep_rw(sys::IORING_OP_RECV, fd, ptr::null(), 0, 0) };
    sqe.set_flags(sys::IOSQE_BUFFER_SELECT);
    sqe.set_buf_group(bgid);
    sqe.set_data64(user_data);
}

/// Wait (bounded) for the next completion without consuming it.
fn wait(ring: &mut Ring) -> CompletionQueueEvent {
    ring.wait_cqe_timeout(Some(&Timespec::new(5, 0))).expect("a completion within 5 s")
}

/// Submit one buffer-select receive and return its completion (consumed).
fn recv_one(ring: &mut Ring, fd: RawFd, bgid: u16, user_data: u64) -> CompletionQueueEvent {
    prep_recv_select(ring.get_sqe().unwrap(), fd, bgid, user_data);
    assert_eq!(ring.submit().unwrap(), 1);
    let cqe = wait(ring);
    ring.cqe_seen(&cqe);
    assert_eq!(cqe.user_data(), user_data);
    cqe
}

fn msg(i: usize) -> Vec<u8> {
    format!("message {i}: {}", "x".repeat(i % 17)).into_bytes()
}

fn nop_works(ring: &mut Ring) {
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_nop();
    sqe.set_data64(0xabc);
    ring.submit().unwrap();
    let cqe = wait(ring);
    ring.cqe_seen(&cqe);
    assert_eq!((cqe.user_data(), cqe.res()), (0xabc, 0));
}

/// `BufRing::take` on completions of these tests: every one comes from a
/// recv that selected from that `BufRing`'s group on its ring, or is a
/// deliberately bogus one naming a buffer outside the ring, which `take`
/// refuses before reading anything.
fn take<'a>(bufs: &'a mut BufRing, cqe: &CompletionQueueEvent) -> Option<&'a [u8]> {
    // SAFETY: see above.
    unsafe { bufs.take(cqe) }
}

#[test]
fn raw_ring_recv_many_messages_with_recycling() {
    const ENTRIES: u32 = 8;
    const SIZE: usize = 64;
    const BGID: u16 = 3;
    let mut ring = Ring::new(16).unwrap();
    let (a, b) = UnixDatagram::pair().unwrap();
    let mut br = ring.setup_buf_ring(ENTRIES, BGID, 0).unwrap();
    assert_eq!((br.entries(), br.bgid(), br.tail()), (ENTRIES, BGID, 0));
    assert_eq!(buf_ring_mask(ENTRIES), 7);
    let mut mem = vec![0u8; ENTRIES as usize * SIZE];
    let base = mem.as_mut_ptr();
    for bid in 0..ENTRIES as u16 {
        // SAFETY: `mem` outlives the ring (freed at the end, after
        // free_buf_ring) and is only read after a completion reports it.
        unsafe { br.add(base.add(bid as usize * SIZE), SIZE as u32, bid, br.mask(), bid as u32) };
    }
    assert_eq!(br.available(&ring).unwrap(), 0, "added but not yet published");
    // SAFETY: the 8 entries just written describe valid buffers.
    unsafe { br.advance(ENTRIES as u16) };
    assert_eq!(ring.buf_ring_head(BGID).unwrap(), 0);
    assert_eq!(br.available(&ring).unwrap(), ENTRIES as u16);

    // 40 messages through 8 buffers: each buffer is used five times.
    let mut used = vec![0u32; ENTRIES as usize];
    for i in 0..40usize {
        a.send(&msg(i)).unwrap();
        prep_recv_select(ring.get_sqe().unwrap(), b.as_raw_fd(), BGID, i as u64);
        ring.submit().unwrap();
        let cqe = wait(&mut ring);
        assert_eq!(cqe.user_data(), i as u64);
        let bid = cqe.buffer_id().expect("IORING_CQE_F_BUFFER");
        let want = msg(i);
        assert_eq!(cqe.res() as usize, want.len());
        let got = &mem[bid as usize * SIZE..][..want.len()];
        assert_eq!(got, &want[..]);
        used[bid as usize] += 1;
        assert_eq!(ring.buf_ring_head(BGID).unwrap(), (i + 1) as u16);
        assert_eq!(br.available(&ring).unwrap(), ENTRIES as u16 - 1);
        // Recycle the buffer and consume the CQE in one go.
        // SAFETY: the buffer is back with us (its completion arrived) and
        // stays valid.
        unsafe {
            br.add(base.add(bid as usize * SIZE), SIZE as u32, bid, br.mask(), 0);
            br.cq_advance(&mut ring, 1);
        }
        assert_eq!(ring.cq_ready(), 0);
        assert_eq!(br.available(&ring).unwrap(), ENTRIES as u16);
    }
    assert_eq!(used, vec![5; ENTRIES as usize], "the kernel takes buffers in ring order");
    assert_eq!(br.tail(), (ENTRIES + 40) as u16);
    ring.free_buf_ring(br).unwrap();
    assert!(ring.unregister_buf_ring(BGID).is_err(), "freed means unregistered");
    nop_works(&mut ring);
    drop(mem);
}

#[test]
fn raw_ring_runs_out_then_recovers() {
    const SIZE: usize = 32;
    const BGID: u16 = 9;
    let mut ring = Ring::new(8).unwrap();
    let (a, b) = UnixDatagram::pair().unwrap();
    let mut br = ring.setup_buf_ring(2, BGID, 0).unwrap();
    let mut mem = vec![0u8; 2 * SIZE];
    let base = mem.as_mut_ptr();
    for bid in 0..2u16 {
        // SAFETY: `mem` outlives the registration.
        unsafe { br.add(base.add(bid as usize * SIZE), SIZE as u32, bid, br.mask(), bid as u32) };
    }
    // SAFETY: both entries are valid.
    unsafe { br.advance(2) };
    for i in 0..3 {
        a.send(&msg(i)).unwrap();
    }
    let c0 = recv_one(&mut ring, b.as_raw_fd(), BGID, 0);
    let c1 = recv_one(&mut ring, b.as_raw_fd(), BGID, 1);
    assert_eq!((c0.buffer_id(), c1.buffer_id()), (Some(0), Some(1)));
    assert_eq!(br.available(&ring).unwrap(), 0);
    let c2 = recv_one(&mut ring, b.as_raw_fd(), BGID, 2);
    assert_eq!(c2.res(), -libc::ENOBUFS);
    assert_eq!(c2.buffer_id(), None);
    assert_eq!(ring.buf_ring_head(BGID).unwrap(), 2);
    // Hand buffer 1 back: the third message (still queued) arrives in it.
    // SAFETY: buffer 1's completion arrived; `mem` is still alive.
    unsafe {
        br.add(base.add(SIZE), SIZE as u32, 1, br.mask(), 0);
        br.advance(1);
    }
    assert_eq!(br.available(&ring).unwrap(), 1);
    let c3 = recv_one(&mut ring, b.as_raw_fd(), BGID, 3);
    assert_eq!(c3.buffer_id(), Some(1));
    assert_eq!(&mem[SIZE..][..c3.res() as usize], &msg(2)[..]);
    ring.free_buf_ring(br).unwrap();
    nop_works(&mut ring);
}

#[test]
fn raw_incremental_ring_fills_one_buffer_in_pieces() {
    const SIZE: usize = 4096;
    const BGID: u16 = 4;
    let mut ring = Ring::new(8).unwrap();
    let (a, b) = UnixDatagram::pair().unwrap();
    let mut br = ring.setup_buf_ring(1, BGID, sys::IOU_PBUF_RING_INC).unwrap();
    let mut mem = vec![0u8; SIZE];
    let base = mem.as_mut_ptr();
    // SAFETY: `mem` outlives the registration.
    unsafe {
        br.add(base, SIZE as u32, 7, br.mask(), 0);
        br.advance(1);
    }
    let parts: [&[u8]; 3] = [b"hello", b", incremental", b" world"];
    let mut off = 0;
    for (i, part) in parts.iter().enumerate() {
        a.send(part).unwrap();
        let cqe = recv_one(&mut ring, b.as_raw_fd(), BGID, i as u64);
        assert_eq!(cqe.buffer_id(), Some(7));
        assert_eq!(cqe.res() as usize, part.len());
        assert!(cqe.buf_more(), "the kernel keeps the partly used buffer");
        assert_eq!(&mem[off..off + part.len()], *part);
        off += part.len();
        // The kernel moved the entry forward past the bytes it used.
        // SAFETY: entry 0 is inside the ring; read after the completion.
        let entry = unsafe { br.as_ptr().cast::<sys::io_uring_buf>().read_volatile() };
        assert_eq!(entry.addr, base as u64 + off as u64);
        assert_eq!(entry.len as usize, SIZE - off);
        assert_eq!(ring.buf_ring_head(BGID).unwrap(), 0, "the buffer is not consumed yet");
    }
    assert_eq!(&mem[..off], b"hello, incremental world");
    ring.free_buf_ring(br).unwrap();
}

#[test]
fn kernel_allocated_ring_mmap() {
    const BGID: u16 = 12;
    let mut ring = Ring::new(8).unwrap();
    let (a, b) = UnixDatagram::pair().unwrap();
    let mut br = ring.setup_buf_ring(4, BGID, sys::IOU_PBUF_RING_MMAP).unwrap();
    let mut mem = vec![0u8; 4 * 16];
    let base = mem.as_mut_ptr();
    for bid in 0..4u16 {
        // SAFETY: `mem` outlives the registration.
        unsafe { br.add(base.add(bid as usize * 16), 16, bid, br.mask(), bid as u32) };
    }
    // SAFETY: the four entries are valid.
    unsafe { br.advance(4) };
    a.send(b"mmap ring").unwrap();
    let cqe = recv_one(&mut ring, b.as_raw_fd(), BGID, 1);
    assert_eq!(cqe.buffer_id(), Some(0));
    assert_eq!(&mem[..9], b"mmap ring");
    assert_eq!(br.available(&ring).unwrap(), 3);
    ring.free_buf_ring(br).unwrap();
}

#[test]
fn safe_buf_ring_recv_many_recycle_and_run_out() {
    const BGID: u16 = 5;
    let mut ring = Ring::new(16).unwrap();
    let (a, b) = UnixDatagram::pair().unwrap();
    let mut bufs = BufRing::new(&ring, 4, 128, BGID).unwrap();
    assert_eq!((bufs.entries(), bufs.buf_size(), bufs.bgid()), (4, 128, BGID));
    assert_eq!(bufs.available(&ring).unwrap(), 4);
    assert_eq!(bufs.head(&ring).unwrap(), 0);

    for i in 0..25usize {
        a.send(&msg(i)).unwrap();
        let cqe = recv_one(&mut ring, b.as_raw_fd(), BGID, i as u64);
        let bid = cqe.buffer_id().unwrap();
        assert_eq!(bid as usize, i % 4, "ring order");
        assert_eq!(take(&mut bufs, &cqe).unwrap(), &msg(i)[..]);
        assert!(bufs.is_held(bid));
        assert_eq!(take(&mut bufs, &cqe), None, "a completion is taken once");
        assert_eq!(bufs.available(&ring).unwrap(), 3);
        bufs.recycle(bid).unwrap();
        assert!(bufs.recycle(bid).is_err(), "recycled twice");
        assert_eq!(bufs.available(&ring).unwrap(), 4);
    }

    // Run dry: four messages fill all four buffers, the fifth finds none.
    for i in 0..5 {
        a.send(&msg(100 + i)).unwrap();
    }
    let mut held = Vec::new();
    for i in 0..4 {
        let cqe = recv_one(&mut ring, b.as_raw_fd(), BGID, i);
        assert_eq!(take(&mut bufs, &cqe).unwrap(), &msg(100 + i as usize)[..]);
        held.push(cqe);
    }
    assert_eq!(bufs.available(&ring).unwrap(), 0);
    let dry = recv_one(&mut ring, b.as_raw_fd(), BGID, 99);
    assert_eq!(dry.res(), -libc::ENOBUFS);
    assert_eq!(take(&mut bufs, &dry), None);
    // Give back one buffer: the fifth message arrives in it.
    bufs.recycle_cqe(&held[2]).unwrap();
    let cqe = recv_one(&mut ring, b.as_raw_fd(), BGID, 100);
    assert_eq!(cqe.buffer_id(), held[2].buffer_id());
    assert_eq!(take(&mut bufs, &cqe).unwrap(), &msg(104)[..]);
    // A completion naming a buffer the ring does not have.
    let bogus =
        CompletionQueueEvent::new(0, 4, sys::IORING_CQE_F_BUFFER | (9 << sys::IORING_CQE_BUFFER_SHIFT));
    assert_eq!(take(&mut bufs, &bogus), None);
    assert!(bufs.recycle(9).is_err());
    nop_works(&mut ring);
}

#[test]
fn safe_buf_ring_incremental() {
    const BGID: u16 = 6;
    let mut ring = Ring::new(8).unwrap();
    let (a, b) = UnixDatagram::pair().unwrap();
    let mut bufs = BufRing::with_flags(&ring, 1, 64, BGID, sys::IOU_PBUF_RING_INC).unwrap();
    assert!(bufs.is_incremental());
    a.send(b"first").unwrap();
    let c1 = recv_one(&mut ring, b.as_raw_fd(), BGID, 1);
    assert!(c1.buf_more());
    assert_eq!(take(&mut bufs, &c1).unwrap(), b"first");
    assert!(!bufs.is_held(0), "the kernel keeps a partly used buffer");
    a.send(b"second").unwrap();
    let c2 = recv_one(&mut ring, b.as_raw_fd(), BGID, 2);
    assert_eq!((c2.buffer_id(), c2.buf_more()), (Some(0), true));
    assert_eq!(take(&mut bufs, &c2).unwrap(), b"second", "continues at offset 5");
    // Fill the rest exactly: 64 - 11 bytes. The buffer is then used up.
    let rest = vec![b'z'; 64 - 11];
    a.send(&rest).unwrap();
    let c3 = recv_one(&mut ring, b.as_raw_fd(), BGID, 3);
    assert_eq!(c3.res() as usize, rest.len());
    assert!(!c3.buf_more(), "buffer fully consumed");
    assert_eq!(take(&mut bufs, &c3).unwrap(), &rest[..]);
    assert!(bufs.is_held(0));
    assert_eq!(bufs.available(&ring).unwrap(), 0);
    // Recycled whole: the next message starts at offset 0 again.
    bufs.recycle(0).unwrap();
    a.send(b"again").unwrap();
    let c4 = recv_one(&mut ring, b.as_raw_fd(), BGID, 4);
    assert_eq!(take(&mut bufs, &c4).unwrap(), b"again");
}

#[test]
fn safe_buf_ring_drop_unregisters_even_with_buffers_out() {
    const BGID: u16 = 7;
    let mut ring = Ring::new(8).unwrap();
    let (a, b) = UnixDatagram::pair().unwrap();
    let bufs = BufRing::new(&ring, 2, 64, BGID).unwrap();
    // A receive waits (no data yet) while the ring is dropped.
    prep_recv_select(ring.get_sqe().unwrap(), b.as_raw_fd(), BGID, 1);
    ring.submit().unwrap();
    drop(bufs);
    assert!(ring.unregister_buf_ring(BGID).is_err(), "Drop unregistered the group");
    a.send(b"late").unwrap();
    let cqe = wait(&mut ring);
    ring.cqe_seen(&cqe);
    assert_eq!((cqe.user_data(), cqe.res()), (1, -libc::ENOBUFS), "no buffer was used");
    // The group id is free again, and the datagram is still queued.
    let mut again = BufRing::new(&ring, 2, 64, BGID).unwrap();
    let cqe = recv_one(&mut ring, b.as_raw_fd(), BGID, 2);
    assert_eq!(take(&mut again, &cqe).unwrap(), b"late");
    drop(again); // one buffer held by us, one published: reserved, not unmapped
    // All held by the application: plain unmap.
    let mut all = BufRing::new(&ring, 1, 16, BGID).unwrap();
    a.send(b"x").unwrap();
    let cqe = recv_one(&mut ring, b.as_raw_fd(), BGID, 3);
    assert_eq!(take(&mut all, &cqe).unwrap(), b"x");
    drop(all);
    nop_works(&mut ring);
}

#[test]
fn buf_ring_outlives_its_ring() {
    const BGID: u16 = 1;
    let mut ring = Ring::new(4).unwrap();
    let (a, b) = UnixDatagram::pair().unwrap();
    let mut bufs = BufRing::new(&ring, 2, 64, BGID).unwrap();
    a.send(b"before").unwrap();
    let cqe = recv_one(&mut ring, b.as_raw_fd(), BGID, 1);
    assert_eq!(take(&mut bufs, &cqe).unwrap(), b"before");
    drop(ring);
    // The buffer taken before the ring went away is still readable, and
    // recycling into a ring whose kernel side is held only by the BufRing's
    // duplicate fd is harmless.
    bufs.recycle(cqe.buffer_id().unwrap()).unwrap();
    assert!(!bufs.is_held(0));
    drop(bufs);
}

#[test]
fn bad_input() {
    let mut ring = Ring::new(8).unwrap();
    let err = ring.unregister_buf_ring(4242).unwrap_err();
    assert!(matches!(err.raw_os_error(), Some(libc::EINVAL) | Some(libc::ENOENT)), "{err}");
    let err = ring.setup_buf_ring(3, 1, 0).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EINVAL));
    let err = BufRing::new(&ring, 3, 64, 1).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EINVAL));
    let err = BufRing::new(&ring, 4, 0, 1).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EINVAL));
    let err = ring.buf_ring_head(4242).unwrap_err();
    assert!(matches!(err.raw_os_error(), Some(libc::EINVAL) | Some(libc::ENOENT)), "{err}");
    // The same group twice.
    let br = ring.setup_buf_ring(4, 1, 0).unwrap();
    let err = BufRing::new(&ring, 4, 64, 1).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EEXIST));
    // Unknown flag bits.
    let err = ring.setup_buf_ring(4, 2, 0x80).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EINVAL));
    ring.free_buf_ring(br).unwrap();
    nop_works(&mut ring);
}
