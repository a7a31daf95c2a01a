//! Fixed files: registration, reads through slot indexes, sparse tables and
//! updates (including IORING_REGISTER_FILES_SKIP), tags, the allocation
//! range, the RLIMIT_NOFILE retry, and bad input, on the running kernel.

#[path = "support/reg_core.rs"]
mod common;

use common::*;
use riouring::{Ring, sys};
use std::ffi::CString;
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::ffi::OsStrExt;

/// Read up to 64 bytes at offset 0 through fixed-file slot `slot`: the
/// bytes, or the CQE's negative res.
fn read_slot(ring: &mut Ring, slot: RawFd) -> Result<Vec<u8>, i32> {
    let mut buf = [0u8; 64];
    // SAFETY: buf outlives the wait below.
    unsafe { queue_read(ring, slot, true, buf.as_mut_ptr(), 64, 0, 0x7264) };
    let cqe = submit_one(ring);
    assert_eq!(cqe.user_data(), 0x7264);
    if cqe.res() < 0 { Err(cqe.res()) } else { Ok(buf[..cqe.res() as usize].to_vec()) }
}

/// Three files in `dir` holding "file0", "file1", "file2".
fn files(dir: &tempfile::TempDir) -> Vec<std::fs::File> {
    (0..3)
        .map(|i| {
            let path = dir.path().join(format!("f{i}"));
            std::fs::write(&path, format!("file{i}")).unwrap();
            std::fs::File::open(&path).unwrap()
        })
        .collect()
}

#[test]
fn fixed_files_read_through_slot() {
    let dir = tempfile::tempdir().unwrap();
    let f = files(&dir);
    let mut ring = Ring::new(8).unwrap();
    ring.register_files(&[f[0].as_raw_fd(), -1, f[2].as_raw_fd()]).unwrap();
    assert_eq!(read_slot(&mut ring, 0).unwrap(), b"file0");
    assert_eq!(read_slot(&mut ring, 2).unwrap(), b"file2");
    // Slot 1 was registered empty, slot 3 does not exist.
    assert_eq!(read_slot(&mut ring, 1), Err(-libc::EBADF));
    assert_eq!(read_slot(&mut ring, 3), Err(-libc::EBADF));
    // The table holds its own references: closing our fd changes nothing.
    drop(f);
    assert_eq!(read_slot(&mut ring, 2).unwrap(), b"file2");
    ring.unregister_files().unwrap();
    assert_eq!(read_slot(&mut ring, 0), Err(-libc::EBADF));
    nop_round_trip(&mut ring);
}

#[test]
fn fixed_files_through_registered_ring_fd() {
    let dir = tempfile::tempdir().unwrap();
    let f = files(&dir);
    let mut ring = Ring::new(8).unwrap();
    ring.register_ring_fd().unwrap();
    ring.register_files(&[f[1].as_raw_fd()]).unwrap();
    assert_eq!(read_slot(&mut ring, 0).unwrap(), b"file1");
    assert_eq!(ring.register_files_update(0, &[f[2].as_raw_fd()]).unwrap(), 1);
    assert_eq!(read_slot(&mut ring, 0).unwrap(), b"file2");
    ring.unregister_files().unwrap();
}

#[test]
fn sparse_files_and_updates() {
    let dir = tempfile::tempdir().unwrap();
    let f = files(&dir);
    let mut ring = Ring::new(8).unwrap();
    ring.register_files_sparse(4).unwrap();
    assert_eq!(read_slot(&mut ring, 2), Err(-libc::EBADF));

    assert_eq!(ring.register_files_update(2, &[f[0].as_raw_fd()]).unwrap(), 1);
    assert_eq!(read_slot(&mut ring, 2).unwrap(), b"file0");

    // SKIP leaves slot 2 alone while slots 1 and 3 change.
    let n =
        ring.register_files_update(1, &[f[1].as_raw_fd(), sys::IORING_REGISTER_FILES_SKIP, f[2].as_raw_fd()]);
    assert_eq!(n.unwrap(), 3);
    assert_eq!(read_slot(&mut ring, 1).unwrap(), b"file1");
    assert_eq!(read_slot(&mut ring, 2).unwrap(), b"file0");
    assert_eq!(read_slot(&mut ring, 3).unwrap(), b"file2");

    // -1 empties a slot.
    assert_eq!(ring.register_files_update(2, &[-1]).unwrap(), 1);
    assert_eq!(read_slot(&mut ring, 2), Err(-libc::EBADF));
    assert_eq!(read_slot(&mut ring, 3).unwrap(), b"file2");

    // The tagged form without tags behaves the same.
    assert_eq!(ring.register_files_update_tag(0, &[f[2].as_raw_fd()], &[]).unwrap(), 1);
    assert_eq!(read_slot(&mut ring, 0).unwrap(), b"file2");
    nop_round_trip(&mut ring);
}

#[test]
fn file_tags_post_cqes() {
    let dir = tempfile::tempdir().unwrap();
    let f = files(&dir);
    let fds: Vec<RawFd> = f.iter().map(|f| f.as_raw_fd()).collect();
    let mut ring = Ring::new(8).unwrap();
    assert_eq!(err(ring.register_files_tags(&fds[..2], &[1, 2, 3])), libc::EINVAL);
    ring.register_files_tags(&fds[..2], &[0x70, 0x71]).unwrap();
    assert_eq!(read_slot(&mut ring, 1).unwrap(), b"file1");
    assert_no_cqe(&mut ring);

    // Replacing slot 0 posts the old file's tag.
    assert_eq!(ring.register_files_update_tag(0, &[fds[2]], &[0x72]).unwrap(), 1);
    assert_eq!(next_cqes(&mut ring, 1), [(0x70, 0)]);
    assert_eq!(read_slot(&mut ring, 0).unwrap(), b"file2");
    // Emptying slot 1 posts its tag.
    assert_eq!(ring.register_files_update_tag(1, &[-1], &[0]).unwrap(), 1);
    assert_eq!(next_cqes(&mut ring, 1), [(0x71, 0)]);
    assert_no_cqe(&mut ring);

    // Unregistering posts the rest.
    ring.unregister_files().unwrap();
    assert_eq!(next_cqes(&mut ring, 1), [(0x72, 0)]);
    assert_no_cqe(&mut ring);
    nop_round_trip(&mut ring);
}

/// Queue an OPENAT of `path` that installs into a slot the kernel allocates.
fn queue_openat_alloc(ring: &mut Ring, path: &CString, ud: u64) {
    let sqe = ring.get_sqe().expect("SQ room");
    // SAFETY: path outlives the submission in every caller (openat copies
    // the path when the request is issued, inline at submit here).
    unsafe {
        sqe.prep_rw(sys::IORING_OP_OPENAT, libc::AT_FDCWD, path.as_ptr().cast(), 0, 0);
        sqe.as_raw_mut().op_flags.open_flags = libc::O_RDONLY as u32;
    }
    sqe.set_target_fixed_file(sys::IORING_FILE_INDEX_ALLOC);
    assert_eq!(sqe.file_index(), sys::IORING_FILE_INDEX_ALLOC);
    sqe.set_data64(ud);
}

#[test]
fn file_alloc_range_is_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let _f = files(&dir);
    let path = CString::new(dir.path().join("f1").as_os_str().as_bytes()).unwrap();
    let mut ring = Ring::new(8).unwrap();
    ring.register_files_sparse(10).unwrap();
    ring.register_file_alloc_range(5, 3).unwrap();

    let mut slots = Vec::new();
    for i in 0..3 {
        queue_openat_alloc(&mut ring, &path, i);
        let cqe = submit_one(&mut ring);
        assert_eq!(cqe.user_data(), i);
        assert!((5..8).contains(&cqe.res()), "slot {} outside 5..8", cqe.res());
        slots.push(cqe.res());
    }
    slots.sort();
    assert_eq!(slots, [5, 6, 7]);
    // The range is full now.
    queue_openat_alloc(&mut ring, &path, 9);
    assert_eq!(submit_one(&mut ring).res(), -libc::ENFILE);
    // The allocated slots hold the opened file.
    assert_eq!(read_slot(&mut ring, 6).unwrap(), b"file1");
    assert_eq!(read_slot(&mut ring, 4), Err(-libc::EBADF));

    // A range that does not fit the table.
    assert_eq!(err(ring.register_file_alloc_range(8, 3)), libc::EINVAL);
    nop_round_trip(&mut ring);
}

#[test]
fn emfile_raises_rlimit_nofile_and_retries() {
    // In a child: RLIMIT_NOFILE is process-wide.
    let code = in_child(|| {
        let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: plain getrlimit/setrlimit calls on valid structs.
        unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) };
        if lim.rlim_max < 4000 {
            return 10;
        }
        lim.rlim_cur = 64;
        // SAFETY: as above.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &lim) } != 0 {
            return 1;
        }
        let Ok(mut ring) = Ring::new(4) else { return 2 };
        if ring.register_files_sparse(1000).is_err() {
            return 3;
        }
        let mut now = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: as above.
        unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut now) };
        if now.rlim_cur != 1064 {
            return 4;
        }
        if ring.unregister_files().is_err() {
            return 5;
        }
        // register_files with 2000 empty slots: raised again, by 2000.
        if ring.register_files(&vec![-1; 2000]).is_err() {
            return 6;
        }
        // SAFETY: as above.
        unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut now) };
        if now.rlim_cur != 3064 {
            return 7;
        }
        ring.unregister_files().unwrap();
        // Beyond the kernel's table limit (1 << 20): EMFILE even after the
        // retry, which raised the soft limit no further than the hard one.
        match ring.register_files_sparse((1 << 20) + 1) {
            Err(e) if e.raw_os_error() == Some(libc::EMFILE) => {}
            _ => return 8,
        }
        // SAFETY: as above.
        unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut now) };
        if now.rlim_cur != lim.rlim_max {
            return 9;
        }
        0
    });
    assert_eq!(code, 0);
}

#[test]
fn bad_file_registrations() {
    let dir = tempfile::tempdir().unwrap();
    let f = files(&dir);
    let mut ring = Ring::new(8).unwrap();
    assert_eq!(err(ring.unregister_files()), libc::ENXIO);
    assert_eq!(err(ring.register_files_update(0, &[f[0].as_raw_fd()])), libc::ENXIO);
    assert_eq!(err(ring.register_file_alloc_range(0, 1)), libc::EINVAL);
    assert_eq!(err(ring.register_files(&[])), libc::EINVAL);
    assert_eq!(err(ring.register_files(&[f[0].as_raw_fd(), 999_999])), libc::EBADF);
    nop_round_trip(&mut ring);

    ring.register_files(&[f[0].as_raw_fd(), f[1].as_raw_fd()]).unwrap();
    assert_eq!(err(ring.register_files(&[f[0].as_raw_fd()])), libc::EBUSY);
    assert_eq!(err(ring.register_files_sparse(2)), libc::EBUSY);
    assert_eq!(err(ring.register_files_update(1, &[999_999])), libc::EBADF);
    assert_eq!(err(ring.register_files_update(2, &[f[2].as_raw_fd()])), libc::EINVAL);
    // A bad fd after a good one: the count of slots updated before it.
    assert_eq!(ring.register_files_update(0, &[f[2].as_raw_fd(), 999_999]).unwrap(), 1);
    assert_eq!(read_slot(&mut ring, 0).unwrap(), b"file2");
    // Slot 0 holds what the partial update put there.
    assert_eq!(read_slot(&mut ring, 0).unwrap(), b"file2");
    nop_round_trip(&mut ring);
}
