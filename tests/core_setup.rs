//! Ring creation and teardown against the running kernel: sizes, every
//! setup flag, caller memory, mapping an existing fd, bad input, leaks.

#[path = "support/core.rs"]
mod support;

use riouring::{Params, Ring, sys};
use std::io;
use std::os::fd::{FromRawFd, OwnedFd};
use support::*;

fn errno_of<T>(r: io::Result<T>) -> i32 {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.raw_os_error().expect("an OS error"),
    }
}

#[test]
fn sizes_round_up_and_cq_is_twice_sq() -> io::Result<()> {
    for (asked, sq) in [(1, 1), (3, 4), (8, 8), (100, 128), (4096, 4096)] {
        let mut p = Params::new();
        let ring = Ring::with_params(asked, &mut p)?;
        assert_eq!(ring.sq_entries(), sq);
        assert_eq!(ring.cq_entries(), 2 * sq);
        assert_eq!((p.sq_entries(), p.cq_entries_out()), (sq, 2 * sq));
    }
    Ok(())
}

#[test]
fn params_expose_the_kernels_answer() -> io::Result<()> {
    let mut p = Params::new();
    let ring = Ring::with_params(16, &mut p)?;
    // Linux 6.18 reports all 18 feature bits riouring knows.
    let all = (0..18).fold(0, |acc, b| acc | 1 << b);
    assert_eq!(p.features() & all, all, "features {:#x}", p.features());
    assert_eq!(ring.features(), p.features());
    // riouring asks for NO_SQARRAY by default, as liburing does.
    assert!(ring.flags() & sys::IORING_SETUP_NO_SQARRAY != 0);
    assert_eq!(p.sq_off().array, 0, "no SQ array with NO_SQARRAY");
    assert!(p.cq_off().cqes > p.cq_off().tail);
    assert!(p.sq_off().flags != 0 && p.cq_off().flags != 0);
    Ok(())
}

#[test]
fn zero_too_many_and_unknown_flags_are_rejected() {
    assert_eq!(errno_of(Ring::new(0)), libc::EINVAL);
    assert_eq!(errno_of(Ring::new(32769)), libc::EINVAL);
    assert_eq!(errno_of(Ring::with_flags(8, 1 << 30)), libc::EINVAL);
    // A CQ smaller than the SQ.
    assert_eq!(errno_of(Ring::with_params(16, &mut Params::new().cq_entries(8))), libc::EINVAL);
    // CQSIZE with zero entries.
    assert_eq!(errno_of(Ring::with_params(16, &mut Params::new().cq_entries(0))), libc::EINVAL);
}

#[test]
fn clamp_caps_oversized_rings() -> io::Result<()> {
    let mut p = Params::new().flags(sys::IORING_SETUP_CLAMP);
    let ring = Ring::with_params(100_000, &mut p)?;
    assert_eq!(ring.sq_entries(), 32768);
    let mut p = Params::new().flags(sys::IORING_SETUP_CLAMP).cq_entries(1 << 20);
    let ring = Ring::with_params(8, &mut p)?;
    assert_eq!(ring.cq_entries(), 65536);
    Ok(())
}

#[test]
fn cqsize_sets_the_cq() -> io::Result<()> {
    let mut p = Params::new().cq_entries(100);
    let mut ring = Ring::with_params(8, &mut p)?;
    assert_eq!(ring.cq_entries(), 128);
    nop_round_trip(&mut ring, 0, 100)
}

#[test]
fn every_accepted_setup_flag_runs_nops() -> io::Result<()> {
    use sys::*;
    let shapes: &[(&str, u32)] = &[
        ("default", 0),
        ("SUBMIT_ALL", IORING_SETUP_SUBMIT_ALL),
        ("COOP_TASKRUN", IORING_SETUP_COOP_TASKRUN),
        ("COOP_TASKRUN|TASKRUN_FLAG", IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG),
        ("SINGLE_ISSUER", IORING_SETUP_SINGLE_ISSUER),
        ("DEFER_TASKRUN|SINGLE_ISSUER", IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SINGLE_ISSUER),
        ("NO_SQARRAY", IORING_SETUP_NO_SQARRAY),
        ("SQE128", IORING_SETUP_SQE128),
        ("CQE32", IORING_SETUP_CQE32),
        ("CQE_MIXED", IORING_SETUP_CQE_MIXED),
        ("IOPOLL", IORING_SETUP_IOPOLL),
        ("IOPOLL|HYBRID_IOPOLL", IORING_SETUP_IOPOLL | IORING_SETUP_HYBRID_IOPOLL),
        ("SQPOLL", IORING_SETUP_SQPOLL),
        ("NO_MMAP", IORING_SETUP_NO_MMAP),
        ("NO_MMAP|REGISTERED_FD_ONLY", IORING_SETUP_NO_MMAP | IORING_SETUP_REGISTERED_FD_ONLY),
    ];
    for &(name, flags) in shapes {
        let mut ring = Ring::with_flags(8, flags).map_err(|e| io::Error::other(format!("{name}: {e}")))?;
        assert_eq!(ring.flags() & flags, flags, "{name}");
        nop_round_trip(&mut ring, 1, 20).map_err(|e| io::Error::other(format!("{name}: {e}")))?;
    }
    Ok(())
}

#[test]
fn flags_newer_than_this_kernel_fail_cleanly() {
    // SQE_MIXED (kernel 6.19) and SQ_REWIND (7.0): this 6.18 kernel says
    // EINVAL, and riouring passes that on without leaking anything.
    let fds = open_fds();
    for (name, flags) in [
        ("SQE_MIXED", sys::IORING_SETUP_SQE_MIXED),
        ("SQE_MIXED|CQE_MIXED", sys::IORING_SETUP_SQE_MIXED | sys::IORING_SETUP_CQE_MIXED),
        ("SQ_REWIND", sys::IORING_SETUP_SQ_REWIND),
    ] {
        match Ring::with_flags(8, flags) {
            Ok(mut ring) => {
                nop_round_trip(&mut ring, 0, 20).unwrap();
            }
            Err(e) => {
                assert_eq!(e.raw_os_error(), Some(libc::EINVAL), "{name}");
                println!("skipped: IORING_SETUP_{name} is newer than this kernel (EINVAL)");
            }
        }
    }
    assert_eq!(open_fds(), fds);
}

#[test]
fn registered_fd_only_needs_no_mmap() {
    assert_eq!(errno_of(Ring::with_flags(8, sys::IORING_SETUP_REGISTERED_FD_ONLY)), libc::EINVAL);
}

#[test]
fn registered_fd_only_ring_has_no_fd() -> io::Result<()> {
    let mut ring = Ring::with_flags(8, sys::IORING_SETUP_NO_MMAP | sys::IORING_SETUP_REGISTERED_FD_ONLY)?;
    assert_eq!(ring.as_raw_fd(), -1);
    assert!(ring.is_ring_fd_registered());
    nop_round_trip(&mut ring, 0, 40)
}

#[test]
fn sqpoll_with_cpu_and_idle() -> io::Result<()> {
    let mut p = Params::new().sqpoll(50).sq_thread_cpu(0);
    let mut ring = Ring::with_params(8, &mut p)?;
    assert_eq!(p.sq_thread_idle(), 50);
    assert!(ring.flags() & sys::IORING_SETUP_SQ_AFF != 0);
    nop_round_trip(&mut ring, 0, 50)
}

#[test]
fn attach_wq_shares_workers() -> io::Result<()> {
    let first = Ring::new(8)?;
    let mut p = Params::new().attach_wq(first.as_raw_fd());
    let mut second = Ring::with_params(8, &mut p)?;
    assert_eq!(p.wq_fd(), first.as_raw_fd() as u32);
    nop_round_trip(&mut second, 0, 10)?;
    // Attaching to something that is not a ring fails.
    let mut bad = Params::new().attach_wq(0);
    assert_eq!(errno_of(Ring::with_params(8, &mut bad)), libc::EINVAL);
    Ok(())
}

#[test]
fn disabled_ring_refuses_submission_until_enabled() -> io::Result<()> {
    let mut ring = Ring::with_flags(8, sys::IORING_SETUP_R_DISABLED)?;
    ring.get_sqe().unwrap().prep_nop();
    assert_eq!(errno_of(ring.submit()), libc::EBADFD);
    // SAFETY: ENABLE_RINGS takes no argument.
    unsafe { ring.register_raw(sys::IORING_REGISTER_ENABLE_RINGS, std::ptr::null(), 0)? };
    // The NOP queued before is still pending and goes out now.
    assert_eq!(ring.submit()?, 1);
    let cqe = reap_one(&mut ring)?;
    assert_eq!(cqe.res(), 0);
    Ok(())
}

#[test]
fn caller_memory_rings() -> io::Result<()> {
    let mem = Mapping::new(1 << 20);
    let (buf, len) = (mem.ptr, mem.len);
    {
        let mut p = Params::new();
        // SAFETY: buf is page-aligned, 1 MiB, and outlives the ring.
        let (mut ring, used) = unsafe { Ring::with_memory(64, &mut p, buf, len)? };
        assert!(ring.flags() & sys::IORING_SETUP_NO_MMAP != 0);
        assert_eq!(used, riouring::memory_size_params(64, &p)?);
        nop_round_trip(&mut ring, 0, 200)?;
        // A second ring right after the first in the same buffer.
        let mut p2 = Params::new();
        // SAFETY: the rest of the buffer, page-aligned since `used` is a
        // multiple of the page size, outlives the ring.
        let (mut ring2, used2) = unsafe { Ring::with_memory(32, &mut p2, buf.add(used), len - used)? };
        assert!(used2 > 0);
        nop_round_trip(&mut ring2, 1000, 100)?;
        nop_round_trip(&mut ring, 500, 10)?;
        // Too little memory: ENOMEM, nothing created.
        let mut p3 = Params::new();
        // SAFETY: as above; the call fails before using it.
        let r = unsafe { Ring::with_memory(4096, &mut p3, buf, 8192) };
        assert_eq!(errno_of(r), libc::ENOMEM);
    }
    Ok(())
}

#[test]
fn queue_mmap_of_a_raw_ring_with_sq_array() -> io::Result<()> {
    // A ring set up by hand, without NO_SQARRAY, so the SQ index array path
    // is exercised.
    let mut p = Params::new();
    // SAFETY: p is a valid io_uring_params.
    let fd = unsafe { sys::io_uring_setup(8, p.raw_mut()) };
    assert!(fd >= 0, "io_uring_setup: {fd}");
    assert!(p.sq_off().array != 0);
    // SAFETY: fd is the io_uring instance just created for exactly `p`.
    let mut ring = unsafe { Ring::from_fd(OwnedFd::from_raw_fd(fd), &p)? };
    assert_eq!(ring.as_raw_fd(), fd);
    assert!(ring.flags() & sys::IORING_SETUP_NO_SQARRAY == 0);
    // from_fd leaves the index array to the caller, as liburing does: fill
    // it with the identity mapping through the raw SQ view.
    nop_round_trip_with_array(&mut ring, &p)?;
    Ok(())
}

fn nop_round_trip_with_array(ring: &mut Ring, p: &Params) -> io::Result<()> {
    // The array lives in the SQ ring mapping at sq_off.array; map it again
    // read-write to fill it (both mappings share the same pages).
    let len = p.sq_off().array as usize + p.sq_entries() as usize * 4;
    // SAFETY: a new shared mapping of the ring's SQ ring, unmapped below.
    let m = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_SHARED,
            ring.as_raw_fd(),
            sys::IORING_OFF_SQ_RING as i64,
        )
    };
    assert_ne!(m, libc::MAP_FAILED);
    for i in 0..p.sq_entries() {
        // SAFETY: inside the array, which the kernel only reads at submit.
        unsafe { m.cast::<u8>().add(p.sq_off().array as usize).cast::<u32>().add(i as usize).write(i) };
    }
    // SAFETY: our mapping, no longer used.
    unsafe { libc::munmap(m, len) };
    nop_round_trip(ring, 0, 40)
}

#[test]
fn dontfork_marks_the_rings() -> io::Result<()> {
    let mut ring = Ring::new(8)?;
    ring.dontfork()?;
    nop_round_trip(&mut ring, 0, 4)
}

#[test]
fn sizing_helpers() -> io::Result<()> {
    // Linux 6.18 has IORING_FEAT_NATIVE_WORKERS: no memlock needed.
    assert_eq!(riouring::mlock_size(64, 0)?, 0);
    let page = 4096;
    // 64 entries: 64*64 bytes of SQEs (one page); 128*16 CQEs + 64 header
    // (+ 64*4 SQ array without NO_SQARRAY) in one page.
    assert_eq!(riouring::memory_size(64, 0)?, 2 * page);
    assert_eq!(riouring::memory_size(64, sys::IORING_SETUP_NO_SQARRAY)?, 2 * page);
    // 4096 entries: 256 KiB of SQEs; 8192*16 + 64 + 16 KiB array = 147520 -> 37 pages.
    assert_eq!(riouring::memory_size(4096, 0)?, 64 * page + 37 * page);
    assert_eq!(
        riouring::memory_size(4096, sys::IORING_SETUP_SQE128 | sys::IORING_SETUP_CQE32)?,
        128 * page + 69 * page
    );
    assert_eq!(riouring::memory_size(0, 0).unwrap_err().raw_os_error(), Some(libc::EINVAL));
    Ok(())
}

#[test]
fn versions() {
    assert_eq!((riouring::major_version(), riouring::minor_version()), (2, 15));
    assert!(!riouring::check_version(2, 15));
    assert!(!riouring::check_version(2, 0));
    assert!(riouring::check_version(2, 16));
    assert!(riouring::check_version(3, 0));
}
