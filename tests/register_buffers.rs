//! Fixed buffers: registration, sparse tables and updates, tags, cloning
//! between rings, and bad input, checked through READ_FIXED / WRITE_FIXED
//! requests on the running kernel.

#[path = "support/reg_core.rs"]
mod common;

use common::*;
use riouring::{Ring, sys};
use std::io::Write;
use std::os::fd::{AsRawFd, RawFd};

const LEN: usize = 4096;

fn iov(buf: &mut [u8]) -> libc::iovec {
    libc::iovec { iov_base: buf.as_mut_ptr().cast(), iov_len: buf.len() }
}

/// Queue a READ_FIXED / WRITE_FIXED of `len` bytes at `ptr` through fixed
/// buffer `idx`.
///
/// # Safety
///
/// `ptr..ptr + len` must lie in registered memory that stays valid until the
/// completion (or the kernel must refuse it).
unsafe fn queue_fixed(ring: &mut Ring, op: u8, fd: RawFd, ptr: *mut u8, len: usize, off: u64, idx: u16) {
    let sqe = ring.get_sqe().expect("SQ room");
    // SAFETY: forwarded from this function's contract.
    unsafe {
        sqe.prep_rw(op, fd, ptr.cast_const().cast(), len as u32, off);
        sqe.as_raw_mut().buf.buf_index = idx;
    }
    sqe.set_data64(0x7265);
}

/// Read `len` bytes at `off` of `fd` into `ptr` through fixed buffer `idx`; the CQE's res.
fn read_fixed(ring: &mut Ring, fd: RawFd, ptr: *mut u8, len: usize, off: u64, idx: u16) -> i32 {
    // SAFETY: every caller passes memory that is registered (or that the
    // kernel refuses, EFAULT) and outlives the wait below.
    unsafe { queue_fixed(ring, sys::IORING_OP_READ_FIXED, fd, ptr, len, off, idx) };
    let cqe = submit_one(ring);
    assert_eq!(cqe.user_data(), 0x7265);
    cqe.res()
}

/// A temporary file holding `LEN * 4` bytes of a known pattern.
fn pattern_file(dir: &tempfile::TempDir) -> (std::fs::File, Vec<u8>) {
    let data: Vec<u8> = (0..LEN * 4).map(|i| (i * 7 + i / 251) as u8).collect();
    let path = dir.path().join("data");
    std::fs::File::create(&path).unwrap().write_all(&data).unwrap();
    let f = std::fs::OpenOptions::new().read(true).write(true).open(&path).unwrap();
    (f, data)
}

#[test]
fn fixed_buffers_read_and_write() {
    let dir = tempfile::tempdir().unwrap();
    let (file, data) = pattern_file(&dir);
    let fd = file.as_raw_fd();
    let mut b0 = vec![0xa5u8; LEN];
    let mut b1 = vec![0u8; LEN];
    let (p0, p1) = (b0.as_mut_ptr(), b1.as_mut_ptr());
    let mut ring = Ring::new(8).unwrap();
    // SAFETY: b0 and b1 outlive the ring (declared before it) and are only
    // touched between completions.
    unsafe { ring.register_buffers(&[iov(&mut b0), iov(&mut b1)]).unwrap() };

    // Write buffer 0 over the file's first block.
    // SAFETY: b0 is registered as buffer 0.
    unsafe { queue_fixed(&mut ring, sys::IORING_OP_WRITE_FIXED, fd, p0, LEN, 0, 0) };
    let cqe = submit_one(&mut ring);
    assert_eq!((cqe.user_data(), cqe.res()), (0x7265, LEN as i32));
    let on_disk = std::fs::read(dir.path().join("data")).unwrap();
    assert_eq!(&on_disk[..LEN], &vec![0xa5u8; LEN][..]);
    assert_eq!(&on_disk[LEN..], &data[LEN..]);

    // Read the second block into buffer 1, then a slice into its middle.
    assert_eq!(read_fixed(&mut ring, fd, p1, LEN, LEN as u64, 1), LEN as i32);
    assert_eq!(&b1[..], &data[LEN..2 * LEN]);
    // SAFETY: p1 + 100 .. + 50 lies inside buffer 1.
    assert_eq!(read_fixed(&mut ring, fd, unsafe { p1.add(100) }, 50, 3 * LEN as u64, 1), 50);
    assert_eq!(&b1[100..150], &data[3 * LEN..3 * LEN + 50]);
    assert_eq!(&b1[..100], &data[LEN..LEN + 100]);

    // An address outside the buffer named is refused.
    assert_eq!(read_fixed(&mut ring, fd, p0, LEN, 0, 1), -libc::EFAULT);
    // No such buffer index.
    assert_eq!(read_fixed(&mut ring, fd, p0, LEN, 0, 2), -libc::EFAULT);

    ring.unregister_buffers().unwrap();
    assert_eq!(read_fixed(&mut ring, fd, p1, LEN, 0, 1), -libc::EFAULT);
    nop_round_trip(&mut ring);
}

#[test]
fn fixed_buffers_through_registered_ring_fd() {
    let dir = tempfile::tempdir().unwrap();
    let (file, data) = pattern_file(&dir);
    let mut b0 = vec![0u8; LEN];
    let p0 = b0.as_mut_ptr();
    let mut ring = Ring::new(8).unwrap();
    ring.register_ring_fd().unwrap();
    assert!(ring.features() & sys::IORING_FEAT_REG_REG_RING != 0);
    // SAFETY: b0 outlives the ring.
    unsafe { ring.register_buffers(&[iov(&mut b0)]).unwrap() };
    assert_eq!(read_fixed(&mut ring, file.as_raw_fd(), p0, LEN, 2 * LEN as u64, 0), LEN as i32);
    assert_eq!(&b0[..], &data[2 * LEN..3 * LEN]);
    ring.unregister_buffers().unwrap();
    assert_eq!(err(ring.unregister_buffers()), libc::ENXIO);
}

#[test]
fn sparse_buffers_filled_by_update() {
    let dir = tempfile::tempdir().unwrap();
    let (file, data) = pattern_file(&dir);
    let fd = file.as_raw_fd();
    let mut b = vec![0u8; LEN];
    let p = b.as_mut_ptr();
    let mut ring = Ring::new(8).unwrap();
    ring.register_buffers_sparse(4).unwrap();
    assert_eq!(read_fixed(&mut ring, fd, p, LEN, 0, 1), -libc::EFAULT);

    // SAFETY: b outlives the ring.
    assert_eq!(unsafe { ring.register_buffers_update_tag(1, &[iov(&mut b)], &[]) }.unwrap(), 1);
    assert_eq!(read_fixed(&mut ring, fd, p, LEN, LEN as u64, 1), LEN as i32);
    assert_eq!(&b[..], &data[LEN..2 * LEN]);
    // Slot 2 is still empty.
    assert_eq!(read_fixed(&mut ring, fd, p, LEN, 0, 2), -libc::EFAULT);

    // An empty iovec clears the slot again.
    let empty = libc::iovec { iov_base: core::ptr::null_mut(), iov_len: 0 };
    // SAFETY: an empty iovec names no memory.
    assert_eq!(unsafe { ring.register_buffers_update_tag(1, &[empty], &[]) }.unwrap(), 1);
    assert_eq!(read_fixed(&mut ring, fd, p, LEN, 0, 1), -libc::EFAULT);

    // Past the end of the table.
    // SAFETY: the kernel refuses the update.
    assert_eq!(err(unsafe { ring.register_buffers_update_tag(4, &[iov(&mut b)], &[]) }), libc::EINVAL);
    nop_round_trip(&mut ring);
}

#[test]
fn buffer_tags_post_cqes() {
    let mut a = vec![0u8; LEN];
    let mut b = vec![0u8; LEN];
    let mut c = vec![0u8; LEN];
    let mut d = vec![0u8; LEN];
    let mut ring = Ring::new(8).unwrap();
    // Tags must match the iovecs one to one.
    // SAFETY: refused before the kernel is asked.
    assert_eq!(err(unsafe { ring.register_buffers_tags(&[iov(&mut a), iov(&mut b)], &[1]) }), libc::EINVAL);
    // SAFETY: the buffers outlive the ring.
    unsafe { ring.register_buffers_tags(&[iov(&mut a), iov(&mut b)], &[0x11, 0]).unwrap() };
    assert_no_cqe(&mut ring);

    // Replacing tagged slot 0 posts its tag.
    // SAFETY: c outlives the ring.
    assert_eq!(unsafe { ring.register_buffers_update_tag(0, &[iov(&mut c)], &[0x33]) }.unwrap(), 1);
    assert_eq!(next_cqes(&mut ring, 1), [(0x11, 0)]);
    // Replacing untagged slot 1 posts nothing.
    // SAFETY: d outlives the ring.
    assert_eq!(unsafe { ring.register_buffers_update_tag(1, &[iov(&mut d)], &[0]) }.unwrap(), 1);
    assert_no_cqe(&mut ring);

    // Unregistering posts the tag of what is left (c's).
    ring.unregister_buffers().unwrap();
    assert_eq!(next_cqes(&mut ring, 1), [(0x33, 0)]);
    assert_no_cqe(&mut ring);
    nop_round_trip(&mut ring);
}

#[test]
fn clone_buffers_to_second_ring() {
    let dir = tempfile::tempdir().unwrap();
    let (file, data) = pattern_file(&dir);
    let fd = file.as_raw_fd();
    let mut b0 = vec![0u8; LEN];
    let mut b1 = vec![0u8; LEN];
    let p1 = b1.as_mut_ptr();
    let mut src = Ring::new(4).unwrap();
    let mut dst = Ring::new(4).unwrap();
    // SAFETY: the buffers outlive both rings.
    unsafe { src.register_buffers(&[iov(&mut b0), iov(&mut b1)]).unwrap() };
    dst.clone_buffers(&src).unwrap();

    // The clone reads into the very same memory.
    assert_eq!(read_fixed(&mut dst, fd, p1, LEN, 3 * LEN as u64, 1), LEN as i32);
    assert_eq!(&b1[..], &data[3 * LEN..]);

    // A second clone needs DST_REPLACE.
    assert_eq!(err(dst.clone_buffers(&src)), libc::EBUSY);
    dst.clone_buffers_flags(&src, sys::IORING_REGISTER_DST_REPLACE).unwrap();
    assert_eq!(read_fixed(&mut dst, fd, p1, LEN, 0, 1), LEN as i32);
    assert_eq!(&b1[..], &data[..LEN]);

    // The source keeps its own table after the clone is dropped.
    dst.unregister_buffers().unwrap();
    assert_eq!(read_fixed(&mut src, fd, p1, LEN, LEN as u64, 1), LEN as i32);
    assert_eq!(&b1[..], &data[LEN..2 * LEN]);

    // Nothing to clone from a ring without buffers.
    let empty = Ring::new(4).unwrap();
    assert_eq!(err(dst.clone_buffers(&empty)), libc::ENXIO);
    nop_round_trip(&mut dst);
}

#[test]
fn clone_buffers_offset_and_replace() {
    let dir = tempfile::tempdir().unwrap();
    let (file, data) = pattern_file(&dir);
    let fd = file.as_raw_fd();
    let mut bufs: Vec<Vec<u8>> = (0..3).map(|_| vec![0u8; LEN]).collect();
    let ptrs: Vec<*mut u8> = bufs.iter_mut().map(|b| b.as_mut_ptr()).collect();
    let iovs: Vec<libc::iovec> = bufs.iter_mut().map(|b| iov(b)).collect();
    let mut src = Ring::new(4).unwrap();
    let mut dst = Ring::new(4).unwrap();
    // SAFETY: the buffers outlive both rings.
    unsafe { src.register_buffers(&iovs).unwrap() };
    dst.register_buffers_sparse(4).unwrap();

    // dst has a table: replacing needs the flag.
    assert_eq!(err(dst.clone_buffers_offset(&src, 2, 1, 2, 0)), libc::EBUSY);
    dst.clone_buffers_offset(&src, 2, 1, 2, sys::IORING_REGISTER_DST_REPLACE).unwrap();

    // dst slots 2 and 3 are src buffers 1 and 2; slots 0 and 1 stay empty.
    assert_eq!(read_fixed(&mut dst, fd, ptrs[1], LEN, 0, 2), LEN as i32);
    assert_eq!(&bufs[1][..], &data[..LEN]);
    assert_eq!(read_fixed(&mut dst, fd, ptrs[2], LEN, LEN as u64, 3), LEN as i32);
    assert_eq!(&bufs[2][..], &data[LEN..2 * LEN]);
    assert_eq!(read_fixed(&mut dst, fd, ptrs[2], LEN, 0, 2), -libc::EFAULT);
    assert_eq!(read_fixed(&mut dst, fd, ptrs[0], LEN, 0, 0), -libc::EFAULT);

    // A source range past src's table (Linux 6.18 answers EOVERFLOW).
    assert_eq!(
        err(dst.clone_buffers_offset(&src, 0, 2, 2, sys::IORING_REGISTER_DST_REPLACE)),
        libc::EOVERFLOW
    );
    // The explicit-flags form with DST_REPLACE: slot 0 becomes src buffer 0.
    dst.clone_buffers_offset_flags(&src, 0, 0, 1, sys::IORING_REGISTER_DST_REPLACE).unwrap();
    assert_eq!(read_fixed(&mut dst, fd, ptrs[0], LEN, 2 * LEN as u64, 0), LEN as i32);
    assert_eq!(&bufs[0][..], &data[2 * LEN..3 * LEN]);
    nop_round_trip(&mut dst);
}

#[test]
fn clone_from_ring_known_only_by_registered_index() {
    let dir = tempfile::tempdir().unwrap();
    let (file, data) = pattern_file(&dir);
    let mut b = vec![0u8; LEN];
    let p = b.as_mut_ptr();
    let mut src = Ring::new(4).unwrap();
    // SAFETY: b outlives both rings.
    unsafe { src.register_buffers(&[iov(&mut b)]).unwrap() };
    src.register_ring_fd().unwrap();
    src.close_ring_fd().unwrap();

    // Without IORING_REGISTER_SRC_REGISTERED the closed fd is used: EBADF.
    let mut dst = Ring::new(4).unwrap();
    assert_eq!(err(dst.clone_buffers_flags(&src, 0)), libc::EBADF);
    // With it (the default), the registered index finds the source.
    dst.clone_buffers(&src).unwrap();
    assert_eq!(read_fixed(&mut dst, file.as_raw_fd(), p, LEN, LEN as u64, 0), LEN as i32);
    assert_eq!(&b[..], &data[LEN..2 * LEN]);
}

#[test]
fn bad_buffer_registrations() {
    let mut b = vec![0u8; LEN];
    let mut ring = Ring::new(4).unwrap();
    assert_eq!(err(ring.unregister_buffers()), libc::ENXIO);
    // SAFETY: the kernel refuses each of these.
    unsafe {
        assert_eq!(err(ring.register_buffers(&[])), libc::EINVAL);
        assert_eq!(err(ring.register_buffers_update_tag(0, &[iov(&mut b)], &[])), libc::ENXIO);
        let too_many = vec![libc::iovec { iov_base: core::ptr::null_mut(), iov_len: 0 }; (1 << 14) + 1];
        assert_eq!(err(ring.register_buffers(&too_many)), libc::EINVAL);
        let bad = libc::iovec { iov_base: core::ptr::null_mut(), iov_len: LEN };
        assert_eq!(err(ring.register_buffers(&[bad])), libc::EFAULT);
    }
    nop_round_trip(&mut ring);
    // SAFETY: b outlives the ring.
    unsafe { ring.register_buffers(&[iov(&mut b)]).unwrap() };
    // SAFETY: refused, a table exists.
    assert_eq!(err(unsafe { ring.register_buffers(&[iov(&mut b)]) }), libc::EBUSY);
    assert_eq!(err(ring.register_buffers_sparse(2)), libc::EBUSY);
    nop_round_trip(&mut ring);
}
