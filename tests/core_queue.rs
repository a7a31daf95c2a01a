//! The submission and completion paths under every ring shape, against the
//! running kernel.

#[path = "support/core.rs"]
mod support;

use riouring::{CompletionQueueEvent, Params, Ring, Timespec, sys};
use std::io;
use std::time::{Duration, Instant};
use support::*;

/// A ring in one of the shapes the core must handle. NO_MMAP rings live in
/// memory owned by the shape, which outlives the ring (field order).
struct Shape {
    name: &'static str,
    ring: Ring,
    _mem: Option<Mapping>,
}

fn shapes(entries: u32) -> Vec<Shape> {
    use sys::*;
    let plain: &[(&str, u32)] = &[
        ("default", 0),
        ("SQE128", IORING_SETUP_SQE128),
        ("CQE32", IORING_SETUP_CQE32),
        ("SQE128|CQE32", IORING_SETUP_SQE128 | IORING_SETUP_CQE32),
        ("CQE_MIXED", IORING_SETUP_CQE_MIXED),
        ("SQPOLL", IORING_SETUP_SQPOLL),
        ("DEFER_TASKRUN|SINGLE_ISSUER", IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SINGLE_ISSUER),
        ("NO_SQARRAY", IORING_SETUP_NO_SQARRAY),
        ("NO_MMAP", IORING_SETUP_NO_MMAP),
        ("NO_MMAP|REGISTERED_FD_ONLY", IORING_SETUP_NO_MMAP | IORING_SETUP_REGISTERED_FD_ONLY),
        ("COOP_TASKRUN|TASKRUN_FLAG", IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG),
    ];
    let mut v: Vec<Shape> = plain
        .iter()
        .map(|&(name, flags)| Shape {
            name,
            ring: Ring::with_flags(entries, flags).unwrap_or_else(|e| panic!("{name}: {e}")),
            _mem: None,
        })
        .collect();
    // NO_MMAP in caller memory.
    let mem = Mapping::new(4 << 20);
    // SAFETY: the mapping is page-aligned, large enough, and owned by the
    // Shape, whose `ring` field drops before `_mem`.
    let (ring, _) = unsafe { Ring::with_memory(entries, &mut Params::new(), mem.ptr, mem.len) }.unwrap();
    v.push(Shape { name: "NO_MMAP (caller memory)", ring, _mem: Some(mem) });
    // SQE_MIXED needs kernel 6.19 and SQ_REWIND 7.0: where the kernel has
    // them they join the matrix.
    for (name, flags) in [
        ("SQE_MIXED|CQE_MIXED", IORING_SETUP_SQE_MIXED | IORING_SETUP_CQE_MIXED),
        ("SQ_REWIND", IORING_SETUP_SQ_REWIND),
    ] {
        match Ring::with_flags(entries, flags) {
            Ok(ring) => v.push(Shape { name, ring, _mem: None }),
            Err(e) => {
                assert_eq!(e.raw_os_error(), Some(libc::EINVAL), "{name}");
                println!("skipped: {name} shape: this kernel rejects the flag (EINVAL)");
            }
        }
    }
    v
}

fn each_shape(entries: u32, f: impl Fn(&mut Ring) -> io::Result<()>) {
    for mut s in shapes(entries) {
        f(&mut s.ring).unwrap_or_else(|e| panic!("shape {}: {e}", s.name));
    }
}

#[test]
fn nop_round_trips_wrap_the_rings_many_times() {
    each_shape(8, |ring| nop_round_trip(ring, 0, 1000));
}

#[test]
fn batches_drain_through_completions() {
    each_shape(32, |ring| {
        for round in 0..20u64 {
            let n = ring.sq_space_left() as u64;
            queue_nops(ring, round * 100, n)?;
            assert_eq!(ring.sq_ready() as u64, n);
            let submitted = ring.submit_and_wait(n as u32)?;
            assert_eq!(submitted as u64, n);
            let mut got = Vec::new();
            let deadline = Instant::now() + Duration::from_secs(5);
            while got.len() < n as usize && Instant::now() < deadline {
                got.extend(ring.completions().map(|c| (c.user_data(), c.res())));
                if got.len() < n as usize {
                    ring.wait_cqes(1, Some(&WAIT), None)?;
                }
            }
            let want: Vec<_> = (round * 100..round * 100 + n).map(|u| (u, 0)).collect();
            assert_eq!(got, want);
            assert_eq!(ring.cq_ready(), 0);
        }
        Ok(())
    });
}

#[test]
fn cqe_iter_then_cq_advance() {
    each_shape(16, |ring| {
        queue_nops(ring, 7, 10)?;
        ring.submit_and_wait(10)?;
        wait_ready(ring, 10)?;
        let it = ring.cqe_iter();
        let start = it.head();
        let mut it2 = it;
        let seen: Vec<u64> = it2.by_ref().map(|c| c.user_data()).collect();
        assert_eq!(seen, (7..17).collect::<Vec<_>>());
        let consumed = it2.consumed_since(start);
        ring.cq_advance(consumed);
        assert_eq!(ring.cq_ready(), 0);
        Ok(())
    });
}

/// Wait until `n` CQ slots hold completions (bounded).
fn wait_ready(ring: &mut Ring, n: u32) -> io::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(5);
    while ring.cq_ready() < n {
        assert!(Instant::now() < deadline, "completions did not arrive");
        ring.wait_cqes(n, Some(&Timespec::new(0, 10_000_000)), None).ok();
    }
    Ok(())
}

#[test]
fn peek_batch_returns_only_ready_entries() {
    each_shape(16, |ring| {
        let mut out = [CompletionQueueEvent::default(); 10];
        assert_eq!(ring.peek_batch_cqe(&mut out), 0);
        // Three NOPs complete; a read from an empty pipe does not.
        let (r, w) = pipe();
        queue_nops(ring, 1, 3)?;
        let mut byte = [0u8; 1];
        let sqe = ring.get_sqe().unwrap();
        // SAFETY: `byte` outlives the read: it is cancelled and reaped below.
        unsafe { sqe.prep_rw(sys::IORING_OP_READ, r, byte.as_mut_ptr().cast(), 1, 0) };
        sqe.set_data64(99);
        ring.submit()?;
        wait_ready(ring, 3)?;
        let n = ring.peek_batch_cqe(&mut out);
        assert_eq!(n, 3);
        assert_eq!(out[..3].iter().map(|c| c.user_data()).collect::<Vec<_>>(), [1, 2, 3]);
        // peek_batch does not consume.
        assert_eq!(ring.peek_batch_cqe(&mut out[..2]), 2);
        ring.cq_advance(3);
        assert_eq!(ring.peek_batch_cqe(&mut out), 0);
        // Complete the read by writing a byte.
        // SAFETY: writing one byte to our pipe.
        assert_eq!(unsafe { libc::write(w, b"x".as_ptr().cast(), 1) }, 1);
        let cqe = reap_one(ring)?;
        assert_eq!((cqe.user_data(), cqe.res()), (99, 1));
        assert_eq!(byte[0], b'x');
        close(r);
        close(w);
        Ok(())
    });
}

fn pipe() -> (i32, i32) {
    let mut fds = [0; 2];
    // SAFETY: fds has room for two descriptors.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    (fds[0], fds[1])
}

fn close(fd: i32) {
    // SAFETY: closing a descriptor this test opened.
    unsafe { libc::close(fd) };
}

#[test]
fn peek_on_empty_is_would_block() {
    each_shape(8, |ring| {
        let e = ring.peek_cqe().unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::WouldBlock);
        queue_nops(ring, 5, 1)?;
        ring.submit()?;
        wait_ready(ring, 1)?;
        let cqe = ring.peek_cqe()?;
        assert_eq!(cqe.user_data(), 5);
        // Peeking again without cqe_seen returns the same completion.
        assert_eq!(ring.peek_cqe()?, cqe);
        ring.cqe_seen(&cqe);
        assert_eq!(ring.peek_cqe().unwrap_err().kind(), io::ErrorKind::WouldBlock);
        Ok(())
    });
}

#[test]
fn timed_waits_return_etime() {
    each_shape(8, |ring| {
        let t = Instant::now();
        let e = ring.wait_cqe_timeout(Some(&Timespec::new(0, 50_000_000))).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(libc::ETIME));
        assert!(t.elapsed() >= Duration::from_millis(40), "waited {:?}", t.elapsed());
        let e = ring.wait_cqes(3, Some(&Timespec::new(0, 20_000_000)), None).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(libc::ETIME));
        // submit_and_wait_timeout submits, then times out waiting for more.
        queue_nops(ring, 1, 1)?;
        let n = ring.submit_and_wait_timeout(2, Some(&Timespec::new(0, 20_000_000)), None)?;
        assert_eq!(n, 1);
        let cqe = reap_one(ring)?;
        assert_eq!(cqe.user_data(), 1);
        // Nothing queued, nothing arriving: ETIME.
        let e = ring.submit_and_wait_timeout(1, Some(&Timespec::new(0, 20_000_000)), None).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(libc::ETIME));
        // A wait that is satisfied returns the completion, not ETIME.
        queue_nops(ring, 2, 2)?;
        ring.submit()?;
        let cqe = ring.wait_cqes(2, Some(&WAIT), None)?;
        assert_eq!(cqe.user_data(), 2);
        ring.cq_advance(2);
        Ok(())
    });
}

#[test]
fn min_timeout_waits() {
    each_shape(8, |ring| {
        // One completion ready, asking for 4: after it arrived the kernel
        // waits at most min_wait (10ms) more, well under the 5s timeout.
        queue_nops(ring, 1, 1)?;
        let t = Instant::now();
        let n = ring.submit_and_wait_min_timeout(4, Some(&WAIT), 10_000, None)?;
        assert_eq!(n, 1);
        assert!(t.elapsed() < Duration::from_secs(4), "min wait not honoured: {:?}", t.elapsed());
        let cqe = ring.wait_cqes_min_timeout(4, Some(&WAIT), 10_000, None)?;
        assert_eq!(cqe.user_data(), 1);
        ring.cqe_seen(&cqe);
        Ok(())
    });
}

#[test]
fn full_sq_gives_none_and_overwrites_nothing() {
    each_shape(4, |ring| {
        let entries = ring.sq_entries() as u64;
        for i in 0..entries {
            let sqe = ring.get_sqe().expect("room");
            sqe.prep_nop();
            sqe.set_data64(100 + i);
        }
        assert!(ring.get_sqe().is_none());
        assert!(ring.get_sqe().is_none());
        assert_eq!(ring.sq_space_left(), 0);
        assert_eq!(ring.submit()? as u64, entries);
        for i in 0..entries {
            assert_eq!(reap_one(ring)?.user_data(), 100 + i);
        }
        assert!(ring.get_sqe().is_some());
        Ok(())
    });
}

#[test]
fn get_events_and_submit_and_get_events() {
    each_shape(8, |ring| {
        queue_nops(ring, 1, 2)?;
        assert_eq!(ring.submit_and_get_events()?, 2);
        wait_ready(ring, 2)?;
        ring.get_events()?;
        assert_eq!(ring.completions().count(), 2);
        Ok(())
    });
}

#[test]
fn wait_cqe_nr_waits_for_n() {
    each_shape(8, |ring| {
        queue_nops(ring, 1, 3)?;
        ring.submit()?;
        let first = ring.wait_cqe_nr(3)?;
        assert_eq!(first.user_data(), 1);
        assert!(ring.cq_ready() >= 3);
        ring.cq_advance(3);
        Ok(())
    });
}

#[test]
fn cq_advance_never_passes_the_tail() -> io::Result<()> {
    let mut ring = Ring::new(8)?;
    queue_nops(&mut ring, 1, 2)?;
    ring.submit_and_wait(2)?;
    ring.cq_advance(1000);
    assert_eq!(ring.cq_ready(), 0);
    // The ring still works and still sees new completions.
    nop_round_trip(&mut ring, 10, 20)
}

#[test]
fn cq_overflow_loses_nothing() {
    each_shape(4, |ring| {
        let cq = ring.cq_entries() as u64;
        let total = cq * 30;
        let mut saw_overflow = false;
        // Submit far more than the CQ holds without reaping.
        let mut next = 0;
        while next < total {
            let n = (ring.sq_space_left() as u64).min(total - next);
            queue_nops(ring, next, n)?;
            ring.submit()?;
            next += n;
            saw_overflow |= ring.cq_has_overflow();
        }
        // Let the kernel finish posting everything (overflowed entries stay
        // in its list until flushed by a later enter).
        ring.get_events()?;
        saw_overflow |= ring.cq_has_overflow();
        assert!(saw_overflow, "CQ of {cq} never overflowed with {total} completions");
        let mut expected = 0;
        let deadline = Instant::now() + Duration::from_secs(10);
        while expected < total {
            assert!(Instant::now() < deadline, "stuck at {expected} of {total}");
            let cqe = match ring.wait_cqes(1, Some(&WAIT), None) {
                Ok(c) => c,
                Err(e) => return Err(io::Error::other(format!("after {expected}: {e}"))),
            };
            assert_eq!(cqe.user_data(), expected, "in order, none lost");
            assert_eq!(cqe.res(), 0);
            ring.cqe_seen(&cqe);
            expected += 1;
        }
        assert_eq!(ring.cq_overflow(), 0, "nothing dropped (IORING_FEAT_NODROP)");
        assert!(!ring.cq_has_overflow());
        Ok(())
    });
}

#[test]
fn cqe32_rings_carry_the_extra_words() -> io::Result<()> {
    for flags in [sys::IORING_SETUP_CQE32, sys::IORING_SETUP_CQE_MIXED] {
        let mut ring = Ring::with_flags(8, flags)?;
        for round in 0..40u64 {
            // NOP with IORING_NOP_CQE32 posts a 32-byte CQE whose extra
            // words come from off and addr; on a mixed ring it is flagged
            // F_32 and takes two slots (padded with a skip at the wrap).
            let sqe = ring.get_sqe().unwrap();
            // SAFETY: NOP reads no memory; off/addr are plain values here.
            unsafe {
                sqe.prep_rw(sys::IORING_OP_NOP, -1, (0xabc0 + round) as *const _, 0, 0x1230 + round);
                sqe.as_raw_mut().op_flags.nop_flags = sys::IORING_NOP_CQE32;
            }
            sqe.set_data64(round);
            // And a plain NOP after it: 16 bytes on a mixed ring.
            let sqe = ring.get_sqe().unwrap();
            sqe.prep_nop();
            sqe.set_data64(1000 + round);
            ring.submit()?;
            let big = reap_one(&mut ring)?;
            assert_eq!((big.user_data(), big.res()), (round, 0));
            assert_eq!(big.big_cqe(), [0x1230 + round, 0xabc0 + round], "flags {flags:#x}");
            if flags == sys::IORING_SETUP_CQE_MIXED {
                assert!(big.is_32());
                assert_eq!(big.nr(), 2);
            }
            let small = reap_one(&mut ring)?;
            assert_eq!(small.user_data(), 1000 + round);
            assert!(!small.is_skip());
        }
    }
    Ok(())
}

#[test]
fn sqe128_rings_hand_out_128_byte_entries() -> io::Result<()> {
    let mut ring = Ring::with_flags(8, sys::IORING_SETUP_SQE128)?;
    for i in 0..40u64 {
        let sqe = ring.get_sqe128().expect("SQE128 ring");
        assert!(sqe.cmd().iter().all(|&b| b == 0), "zeroed");
        sqe.prep_nop();
        sqe.set_data64(i);
        ring.submit()?;
        assert_eq!(reap_one(&mut ring)?.user_data(), i);
    }
    // A plain ring has no 128-byte entries.
    let mut plain = Ring::new(8)?;
    assert!(plain.get_sqe128().is_none());
    Ok(())
}

#[test]
fn sqpoll_thread_wakes_after_idling() -> io::Result<()> {
    let mut p = Params::new().sqpoll(10);
    let mut ring = Ring::with_params(8, &mut p)?;
    nop_round_trip(&mut ring, 0, 4)?;
    // Give the thread time to go idle and ask for a wakeup.
    let deadline = Instant::now() + Duration::from_secs(5);
    while ring.sq_flags() & sys::IORING_SQ_NEED_WAKEUP == 0 {
        assert!(Instant::now() < deadline, "SQ thread never went idle");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Submitting now must wake it (IORING_ENTER_SQ_WAKEUP), or the NOPs
    // would never complete and the bounded wait would fail.
    nop_round_trip(&mut ring, 100, 4)?;
    Ok(())
}

#[test]
fn sqring_wait_returns_once_there_is_room() -> io::Result<()> {
    let mut ring = Ring::with_params(4, &mut Params::new().sqpoll(1000))?;
    assert_eq!(ring.sqring_wait()?, 0, "room: returns at once");
    let n = ring.sq_entries() as u64;
    queue_nops(&mut ring, 0, n)?;
    ring.submit()?;
    // The SQ thread consumes the entries; sqring_wait blocks until it has.
    ring.sqring_wait()?;
    let deadline = Instant::now() + Duration::from_secs(5);
    while ring.sq_space_left() == 0 {
        assert!(Instant::now() < deadline);
        ring.sqring_wait()?;
    }
    for i in 0..n {
        assert_eq!(reap_one(&mut ring)?.user_data(), i);
    }
    // Plain rings return at once.
    assert_eq!(Ring::new(4)?.sqring_wait()?, 0);
    Ok(())
}

#[test]
fn registered_ring_fd_and_closed_real_fd() -> io::Result<()> {
    let mut ring = Ring::with_flags(8, sys::IORING_SETUP_DEFER_TASKRUN | sys::IORING_SETUP_SINGLE_ISSUER)?;
    assert_eq!(ring.register_ring_fd()?, 1);
    assert!(ring.is_ring_fd_registered());
    assert_eq!(ring.register_ring_fd().unwrap_err().raw_os_error(), Some(libc::EEXIST));
    assert_ne!(ring.enter_fd(), ring.as_raw_fd());
    nop_round_trip(&mut ring, 0, 50)?;
    let real = ring.as_raw_fd();
    assert_eq!(ring.close_ring_fd()?, 1);
    assert_eq!(ring.as_raw_fd(), -1);
    // SAFETY: F_GETFD on a closed fd number only reads the fd table.
    assert_eq!(unsafe { libc::fcntl(real, libc::F_GETFD) }, -1, "the real fd is closed");
    // Submits, waits and registers still work through the index.
    nop_round_trip(&mut ring, 100, 50)?;
    let e = ring.wait_cqe_timeout(Some(&Timespec::new(0, 10_000_000))).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::ETIME));
    let mut probe = vec![0u8; 16 + 256 * 8];
    // SAFETY: a probe buffer with room for 256 ops, read back at once.
    let r = unsafe { ring.register_raw(sys::IORING_REGISTER_PROBE, probe.as_mut_ptr().cast(), 256) };
    assert!(r.is_ok(), "register through the registered index: {r:?}");
    assert!(probe[0] >= 62, "last_op {}", probe[0]);
    assert_eq!(ring.close_ring_fd().unwrap_err().raw_os_error(), Some(libc::EBADF));
    Ok(())
}

#[test]
fn unregister_ring_fd_goes_back_to_the_real_fd() -> io::Result<()> {
    let mut ring = Ring::new(8)?;
    assert_eq!(ring.unregister_ring_fd().unwrap_err().raw_os_error(), Some(libc::EINVAL));
    ring.register_ring_fd()?;
    assert_eq!(ring.unregister_ring_fd()?, 1);
    assert_eq!(ring.enter_fd(), ring.as_raw_fd());
    nop_round_trip(&mut ring, 0, 10)
}

#[test]
fn iowait_toggle() -> io::Result<()> {
    let mut ring = Ring::new(8)?;
    ring.set_iowait(false)?;
    nop_round_trip(&mut ring, 0, 5)?;
    let e = ring.wait_cqe_timeout(Some(&Timespec::new(0, 5_000_000))).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::ETIME));
    ring.set_iowait(true)?;
    nop_round_trip(&mut ring, 5, 5)
}

#[test]
fn eventfd_toggle_flips_the_cq_flag() -> io::Result<()> {
    let mut ring = Ring::new(8)?;
    assert!(ring.cq_eventfd_enabled());
    ring.cq_eventfd_toggle(false)?;
    assert!(!ring.cq_eventfd_enabled());
    ring.cq_eventfd_toggle(false)?;
    ring.cq_eventfd_toggle(true)?;
    assert!(ring.cq_eventfd_enabled());
    Ok(())
}

#[test]
fn user_data_pointers_round_trip() -> io::Result<()> {
    let mut ring = Ring::new(4)?;
    let mut value = 5u32;
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_nop();
    sqe.set_data(&mut value as *mut u32);
    ring.submit()?;
    let cqe = reap_one(&mut ring)?;
    let p: *mut u32 = cqe.data();
    assert_eq!(p, &mut value as *mut u32);
    assert_eq!(cqe.result()?, 0);
    Ok(())
}

#[test]
fn sqe_fields_and_flags() -> io::Result<()> {
    let mut ring = Ring::new(4)?;
    let sqe = ring.get_sqe().unwrap();
    assert_eq!(sqe.as_bytes(), &[0u8; 64], "a fresh entry is all zeros");
    sqe.set_flags(sys::IOSQE_IO_LINK | sys::IOSQE_ASYNC);
    sqe.set_data64(0xdead_beef);
    sqe.set_personality(0);
    sqe.prep_nop();
    // Preps keep flags and user data set before them.
    assert_eq!(sqe.flags(), sys::IOSQE_IO_LINK | sys::IOSQE_ASYNC);
    assert_eq!(sqe.user_data(), 0xdead_beef);
    assert_eq!(sqe.opcode(), sys::IORING_OP_NOP);
    assert_eq!(sqe.fd(), -1);
    sqe.set_buf_group(7);
    assert_eq!(sqe.buf_index(), 7);
    sqe.initialize();
    assert_eq!(sqe.as_bytes(), &[0u8; 64]);
    sqe.prep_nop();
    ring.submit()?;
    let cqe = reap_one(&mut ring)?;
    assert_eq!(cqe.user_data(), 0);
    Ok(())
}

#[test]
fn linked_nops_and_skip_success() -> io::Result<()> {
    let mut ring = Ring::new(8)?;
    for i in 0..3 {
        let sqe = ring.get_sqe().unwrap();
        sqe.prep_nop();
        sqe.set_data64(i);
        sqe.set_flags(if i == 1 {
            sys::IOSQE_CQE_SKIP_SUCCESS | sys::IOSQE_IO_LINK
        } else {
            sys::IOSQE_IO_LINK
        });
    }
    ring.submit()?;
    assert_eq!(reap_one(&mut ring)?.user_data(), 0);
    assert_eq!(reap_one(&mut ring)?.user_data(), 2, "the skip-success NOP posted nothing");
    Ok(())
}

#[test]
fn raw_enter_and_get_cqe() -> io::Result<()> {
    let mut ring = Ring::new(8)?;
    assert_eq!((ring.sqe_shift(), ring.cqe_shift()), (0, 0));
    assert_eq!(riouring::sqe_shift_from_flags(sys::IORING_SETUP_SQE128), 1);
    assert_eq!(riouring::cqe_shift_from_flags(sys::IORING_SETUP_CQE32), 1);
    queue_nops(&mut ring, 1, 2)?;
    // Publish the two entries without entering (SQPOLL-style flush happens
    // in submit; here submit with no wait, then enter by hand to wait).
    let n = ring.submit()?;
    assert_eq!(n, 2);
    // SAFETY: no entries are published; waiting only.
    let r = unsafe { ring.enter(0, 2, sys::IORING_ENTER_GETEVENTS, std::ptr::null()) }?;
    assert_eq!(r, 0);
    assert!(ring.cq_ready() >= 2);
    let arg = sys::io_uring_getevents_arg {
        ts: &Timespec::new(0, 1_000_000) as *const Timespec as u64,
        ..Default::default()
    };
    // SAFETY: arg and its timespec live across the call.
    let r = unsafe {
        ring.enter2(
            0,
            1,
            sys::IORING_ENTER_GETEVENTS | sys::IORING_ENTER_EXT_ARG,
            (&arg as *const sys::io_uring_getevents_arg).cast(),
            std::mem::size_of::<sys::io_uring_getevents_arg>(),
        )
    }?;
    assert_eq!(r, 0);
    // The raw peek and get give pointers into the ring.
    let (err, p, avail) = ring.peek_cqe_raw();
    assert_eq!((err, avail), (0, 2));
    // SAFETY: p points to a published CQE that stays until cq_advance.
    assert_eq!(unsafe { (*p).user_data }, 1);
    // SAFETY: no signal mask.
    let (err, p2) = unsafe { ring.get_cqe_raw(0, 1, std::ptr::null()) };
    assert_eq!((err, p2), (0, p));
    ring.cq_advance(2);
    assert_eq!(ring.sqring_wait_enter()?, 0);
    Ok(())
}

#[test]
fn exit_is_idempotent_and_drop_after_exit_is_a_no_op() -> io::Result<()> {
    let mut ring = Ring::new(8)?;
    nop_round_trip(&mut ring, 0, 3)?;
    let fd = ring.as_raw_fd();
    ring.exit();
    assert_eq!(ring.as_raw_fd(), -1);
    // SAFETY: F_GETFD only reads the fd table.
    assert_eq!(unsafe { libc::fcntl(fd, libc::F_GETFD) }, -1, "the ring fd is closed");
    ring.exit();
    // Every call on an exited ring is a clean no-op or error.
    assert!(ring.get_sqe().is_none(), "an exited ring hands out no entries");
    assert!(ring.get_sqe128().is_none());
    assert_eq!(ring.submit()?, 0);
    assert_eq!((ring.sq_ready(), ring.sq_space_left(), ring.cq_ready()), (0, 0, 0));
    assert_eq!(ring.peek_cqe().unwrap_err().kind(), io::ErrorKind::WouldBlock);
    assert_eq!(ring.wait_cqe().unwrap_err().raw_os_error(), Some(libc::EBADF));
    assert_eq!(ring.completions().count(), 0);
    ring.cq_advance(5);
    // fd -1 is the kernel's "no ring" register target: only ringless opcodes
    // are allowed on it, so this one is refused.
    assert_eq!(ring.register_ring_fd().unwrap_err().raw_os_error(), Some(libc::EINVAL));
    Ok(())
}

#[test]
fn sq_batches_hand_out_the_same_entries_as_get_sqe() {
    each_shape(16, |ring| {
        for round in 0..10u64 {
            let n = ring.sq_space_left() as u64;
            let mut batch = ring.sq_batch();
            assert_eq!(batch.space_left() as u64, n);
            for i in 0..n {
                let sqe = batch.get_sqe().expect("room");
                assert_eq!(sqe.as_bytes(), &[0u8; 64], "zeroed");
                sqe.prep_nop();
                sqe.set_data64(round * 100 + i);
            }
            // With SQPOLL the kernel may have consumed entries meanwhile
            // only after a submit; nothing was submitted, so the SQ is full.
            assert!(batch.get_sqe().is_none());
            drop(batch);
            assert_eq!(ring.sq_ready() as u64, n);
            ring.submit()?;
            for i in 0..n {
                assert_eq!(reap_one(ring)?.user_data(), round * 100 + i);
            }
        }
        // A batch that hands out nothing leaves the ring as it was.
        drop(ring.sq_batch());
        assert_eq!(ring.sq_ready(), 0);
        nop_round_trip(ring, 0, 3)
    });
}

#[test]
fn sq_batch_sees_room_the_sq_thread_made() -> io::Result<()> {
    let mut ring = Ring::with_params(4, &mut Params::new().sqpoll(1000))?;
    let n = ring.sq_entries() as u64;
    queue_nops(&mut ring, 0, n)?;
    ring.submit()?;
    // The batch starts from a head read before the SQ thread consumed the
    // entries; once it runs dry it re-reads the head and finds room.
    let mut got = 0;
    let deadline = Instant::now() + Duration::from_secs(5);
    while got < n {
        assert!(Instant::now() < deadline, "the SQ thread never made room");
        let mut batch = ring.sq_batch();
        while let Some(sqe) = batch.get_sqe() {
            sqe.prep_nop();
            sqe.set_data64(n + got);
            got += 1;
            if got == n {
                break;
            }
        }
    }
    ring.submit()?;
    for i in 0..2 * n {
        assert_eq!(reap_one(&mut ring)?.user_data(), i);
    }
    Ok(())
}
