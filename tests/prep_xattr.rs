//! Extended attributes: the SQE each prep builds, and attributes really set
//! and read back on files.
//!
//! Safety of the `unsafe` prep calls below, once for all: every name, value
//! and path they name lives in the test function until the request's
//! completion has been waited for, or belongs to an encoding test whose
//! entry is never submitted.

#[path = "support/prep_io.rs"]
mod common;

use common::*;
use riouring::Ring;
use riouring::sys::*;
use std::ffi::{CStr, CString};
use std::fs::File;
use std::os::fd::AsRawFd;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn cpath(p: &Path) -> CString {
    CString::new(p.as_os_str().as_bytes()).unwrap()
}

/// The value of `name` on `path` through libc (not io_uring), or the errno.
fn libc_getxattr(path: &CStr, name: &CStr) -> Result<Vec<u8>, i32> {
    let mut buf = vec![0u8; 65536];
    // SAFETY: path and name are NUL-terminated; buf has room for its length.
    let r = unsafe { libc::getxattr(path.as_ptr(), name.as_ptr(), buf.as_mut_ptr().cast(), buf.len()) };
    if r < 0 {
        return Err(std::io::Error::last_os_error().raw_os_error().unwrap());
    }
    buf.truncate(r as usize);
    Ok(buf)
}

/// setxattr through the ring; the CQE's res.
fn ring_setxattr(ring: &mut Ring, path: &CStr, name: &CStr, value: &[u8], flags: i32) -> i32 {
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: name, value and path outlive the submission in run_one.
    unsafe { sqe.prep_setxattr(name, value, path, flags) };
    run_one(ring)
}

/// getxattr through the ring into a buffer of `cap` bytes; (res, bytes).
fn ring_getxattr(ring: &mut Ring, path: &CStr, name: &CStr, cap: usize) -> (i32, Vec<u8>) {
    let mut buf = vec![0u8; cap];
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: buf outlives the completion reaped in run_one.
    unsafe { sqe.prep_getxattr(name, &mut buf, path) };
    let res = run_one(ring);
    (res, buf)
}

/// A temporary directory on a filesystem that takes `user.*` attributes,
/// found by trying setxattr through the ring, and a file in it. None when
/// no candidate filesystem supports them.
fn xattr_dir(ring: &mut Ring) -> Option<(TempDir, PathBuf)> {
    let mut candidates = vec![std::env::temp_dir(), PathBuf::from("/var/tmp")];
    candidates.extend(std::env::current_dir().ok());
    candidates.push(PathBuf::from(env!("CARGO_TARGET_TMPDIR")));
    candidates.push(PathBuf::from("/dev/shm"));
    for c in candidates {
        let Ok(dir) = TempDir::new_in(&c) else { continue };
        let file = dir.path().join("f");
        File::create(&file).unwrap();
        match ring_setxattr(ring, &cpath(&file), c"user.probe", b"1", 0) {
            0 => return Some((dir, file)),
            r if r == -libc::EOPNOTSUPP => continue,
            r => panic!("setxattr in {}: {r}", c.display()),
        }
    }
    None
}

// ----------------------------------------------------------------------
// Encoding

#[test]
fn encode_getxattr_setxattr() {
    let name = c"user.name";
    let path = c"/some/path";
    let (np, pp) = (name.as_ptr() as u64, path.as_ptr() as u64);
    let mut value = [0u8; 33];
    let vp = value.as_mut_ptr() as u64;
    let base = Fields { fd: 0, off: vp, addr: np, len: 33, addr3: pp, ..Default::default() };
    // SAFETY (all preps below): the entries are never submitted.
    let f = encode(|sqe| unsafe { sqe.prep_getxattr(name, &mut value, path) });
    assert_eq!(f, Fields { opcode: IORING_OP_GETXATTR, ..base });
    let f = encode(|sqe| unsafe { sqe.prep_getxattr_raw(name.as_ptr(), vp as *mut _, path.as_ptr(), 33) });
    assert_eq!(f, Fields { opcode: IORING_OP_GETXATTR, ..base });
    for fl in [0, libc::XATTR_CREATE, libc::XATTR_REPLACE, -1] {
        let want = Fields { opcode: IORING_OP_SETXATTR, op_flags: fl as u32, ..base };
        let f = encode(|sqe| unsafe { sqe.prep_setxattr(name, &value, path, fl) });
        assert_eq!(f, want);
        let f = encode(|sqe| unsafe {
            sqe.prep_setxattr_raw(name.as_ptr(), vp as *const _, path.as_ptr(), fl, 33)
        });
        assert_eq!(f, want);
    }
    // A stale entry: flags, user data and personality survive, the rest
    // (xattr_flags included) is what the prep says.
    let f = encode_dirty(|sqe| unsafe { sqe.prep_getxattr(name, &mut value, path) });
    assert_eq!(
        f,
        Fields {
            opcode: IORING_OP_GETXATTR,
            flags: DIRTY_FLAGS,
            user_data: DIRTY_USER_DATA,
            personality: DIRTY_PERSONALITY,
            ..base
        }
    );
    // An empty value: len 0 (a size query).
    let f = encode(|sqe| unsafe { sqe.prep_getxattr(name, &mut [], path) });
    assert_eq!((f.opcode, f.len, f.addr, f.addr3), (IORING_OP_GETXATTR, 0, np, pp));
}

#[test]
fn encode_fgetxattr_fsetxattr() {
    let name = c"trusted.x";
    let np = name.as_ptr() as u64;
    let mut value = vec![0u8; 70_000];
    let vp = value.as_mut_ptr() as u64;
    for fd in [0, 17, -1] {
        let base = Fields { fd, off: vp, addr: np, len: 70_000, ..Default::default() };
        // SAFETY (all preps below): the entries are never submitted.
        let f = encode(|sqe| unsafe { sqe.prep_fgetxattr(fd, name, &mut value) });
        assert_eq!(f, Fields { opcode: IORING_OP_FGETXATTR, ..base });
        let f = encode(|sqe| unsafe { sqe.prep_fgetxattr_raw(fd, name.as_ptr(), vp as *mut _, 70_000) });
        assert_eq!(f, Fields { opcode: IORING_OP_FGETXATTR, ..base });
        for fl in [0, libc::XATTR_CREATE, libc::XATTR_REPLACE] {
            let want = Fields { opcode: IORING_OP_FSETXATTR, op_flags: fl as u32, ..base };
            let f = encode(|sqe| unsafe { sqe.prep_fsetxattr(fd, name, &value, fl) });
            assert_eq!(f, want);
            let f = encode(|sqe| unsafe {
                sqe.prep_fsetxattr_raw(fd, name.as_ptr(), vp as *const _, fl, 70_000)
            });
            assert_eq!(f, want);
        }
    }
    // A fixed file.
    let f = encode_dirty(|sqe| {
        unsafe { sqe.prep_fsetxattr(3, name, &value[..5], libc::XATTR_CREATE) };
        sqe.set_flags(IOSQE_FIXED_FILE);
    });
    assert_eq!(
        f,
        Fields {
            opcode: IORING_OP_FSETXATTR,
            flags: IOSQE_FIXED_FILE,
            fd: 3,
            off: vp,
            addr: np,
            len: 5,
            op_flags: libc::XATTR_CREATE as u32,
            user_data: DIRTY_USER_DATA,
            personality: DIRTY_PERSONALITY,
            ..Default::default()
        }
    );
}

/// A value longer than u32::MAX bytes is clamped to u32::MAX in the SQE
/// (the kernel refuses or caps anything over 64 KiB anyway).
#[test]
fn encode_clamps_huge_values() {
    let mut huge = HugeMapping::map();
    let p = huge.addr();
    let v = huge.slice_mut();
    // SAFETY (all preps below): the entries are never submitted.
    let f = encode(|sqe| unsafe { sqe.prep_getxattr(c"user.a", v, c"/p") });
    assert_eq!((f.off, f.len), (p, u32::MAX));
    let f = encode(|sqe| unsafe { sqe.prep_setxattr(c"user.a", v, c"/p", 0) });
    assert_eq!((f.off, f.len), (p, u32::MAX));
    let f = encode(|sqe| unsafe { sqe.prep_fgetxattr(1, c"user.a", v) });
    assert_eq!((f.off, f.len), (p, u32::MAX));
    let f = encode(|sqe| unsafe { sqe.prep_fsetxattr(1, c"user.a", v, 0) });
    assert_eq!((f.off, f.len), (p, u32::MAX));
}

// ----------------------------------------------------------------------
// Kernel

#[test]
fn set_get_by_path() {
    let mut ring = Ring::new(8).unwrap();
    let Some((_dir, file)) = xattr_dir(&mut ring) else {
        println!("skipped: no filesystem with user xattrs");
        return;
    };
    let path = cpath(&file);
    let value = random_bytes(300);

    assert_eq!(ring_setxattr(&mut ring, &path, c"user.data", &value, libc::XATTR_CREATE), 0);
    assert_eq!(libc_getxattr(&path, c"user.data").unwrap(), value, "the kernel stored it");
    let (res, got) = ring_getxattr(&mut ring, &path, c"user.data", 1000);
    assert_eq!(res, 300);
    assert_eq!(&got[..300], &value[..]);
    assert!(got[300..].iter().all(|&b| b == 0));

    // An empty buffer asks for the size; a buffer too small is ERANGE.
    assert_eq!(ring_getxattr(&mut ring, &path, c"user.data", 0).0, 300);
    let (res, got) = ring_getxattr(&mut ring, &path, c"user.data", 299);
    assert_eq!(res, -libc::ERANGE);
    assert!(got.iter().all(|&b| b == 0));

    // XATTR_CREATE on an existing name, XATTR_REPLACE on a missing one.
    assert_eq!(ring_setxattr(&mut ring, &path, c"user.data", b"x", libc::XATTR_CREATE), -libc::EEXIST);
    assert_eq!(ring_setxattr(&mut ring, &path, c"user.none", b"x", libc::XATTR_REPLACE), -libc::ENODATA);
    assert_eq!(libc_getxattr(&path, c"user.none"), Err(libc::ENODATA));
    assert_eq!(ring_setxattr(&mut ring, &path, c"user.data", b"new", libc::XATTR_REPLACE), 0);
    assert_eq!(libc_getxattr(&path, c"user.data").unwrap(), b"new");
    // An empty value is a value.
    assert_eq!(ring_setxattr(&mut ring, &path, c"user.empty", b"", 0), 0);
    assert_eq!(ring_getxattr(&mut ring, &path, c"user.empty", 10).0, 0);
    assert_eq!(libc_getxattr(&path, c"user.empty").unwrap(), b"");

    // Missing attribute, missing file, value too large.
    assert_eq!(ring_getxattr(&mut ring, &path, c"user.none", 10).0, -libc::ENODATA);
    let missing = cpath(&file.with_file_name("missing"));
    assert_eq!(ring_getxattr(&mut ring, &missing, c"user.data", 10).0, -libc::ENOENT);
    assert_eq!(ring_setxattr(&mut ring, &missing, c"user.data", b"v", 0), -libc::ENOENT);
    assert_eq!(ring_setxattr(&mut ring, &path, c"user.big", &vec![1u8; 65537], 0), -libc::E2BIG);
    nop_roundtrip(&mut ring);
}

#[test]
fn name_value_and_path_are_copied_at_submission() {
    let mut ring = Ring::new(8).unwrap();
    let Some((_dir, file)) = xattr_dir(&mut ring) else {
        println!("skipped: no filesystem with user xattrs");
        return;
    };
    let mut path = cpath(&file).into_bytes_with_nul();
    let mut name = b"user.copied\0".to_vec();
    let mut value = b"original".to_vec();
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: the three buffers are alive (and only overwritten, not freed)
    // after the submit; the kernel copied them then, as the contract says.
    unsafe {
        sqe.prep_setxattr(
            CStr::from_bytes_with_nul(&name).unwrap(),
            &value,
            CStr::from_bytes_with_nul(&path).unwrap(),
            0,
        )
    };
    assert_eq!(ring.submit().unwrap(), 1);
    name.fill(b'z');
    value.fill(b'z');
    path.fill(b'z');
    *name.last_mut().unwrap() = 0;
    *path.last_mut().unwrap() = 0;
    assert_eq!(next_cqe(&mut ring).res(), 0);
    assert_eq!(libc_getxattr(&cpath(&file), c"user.copied").unwrap(), b"original");
}

#[test]
fn fset_fget_on_a_file() {
    let mut ring = Ring::new(8).unwrap();
    let Some((_dir, file)) = xattr_dir(&mut ring) else {
        println!("skipped: no filesystem with user xattrs");
        return;
    };
    let f = File::options().read(true).write(true).open(&file).unwrap();
    let fd = f.as_raw_fd();
    let value = random_bytes(1024);

    let sqe = ring.get_sqe().unwrap();
    // SAFETY: name and value outlive the submission.
    unsafe { sqe.prep_fsetxattr(fd, c"user.f", &value, libc::XATTR_CREATE) };
    assert_eq!(run_one(&mut ring), 0);
    assert_eq!(libc_getxattr(&cpath(&file), c"user.f").unwrap(), value);

    let mut got = vec![0u8; 2048];
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: got outlives the completion.
    unsafe { sqe.prep_fgetxattr(fd, c"user.f", &mut got) };
    assert_eq!(run_one(&mut ring), 1024);
    assert_eq!(&got[..1024], &value[..]);

    // Too small: ERANGE; size query: the size.
    let mut small = [0u8; 1023];
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: small outlives the completion.
    unsafe { sqe.prep_fgetxattr(fd, c"user.f", &mut small) };
    assert_eq!(run_one(&mut ring), -libc::ERANGE);
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: nothing is written for an empty buffer.
    unsafe { sqe.prep_fgetxattr(fd, c"user.f", &mut []) };
    assert_eq!(run_one(&mut ring), 1024);

    // XATTR_REPLACE, then through a fixed file.
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: as above.
    unsafe { sqe.prep_fsetxattr(fd, c"user.f", b"replaced", libc::XATTR_REPLACE) };
    assert_eq!(run_one(&mut ring), 0);
    register_files(&ring, &[fd]);
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: got outlives the completion.
    unsafe { sqe.prep_fgetxattr(0, c"user.f", &mut got) };
    sqe.set_flags(IOSQE_FIXED_FILE);
    assert_eq!(run_one(&mut ring), 8);
    assert_eq!(&got[..8], b"replaced");
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: as above.
    unsafe { sqe.prep_fsetxattr(0, c"user.fixed", b"via slot", 0) };
    sqe.set_flags(IOSQE_FIXED_FILE);
    assert_eq!(run_one(&mut ring), 0);
    assert_eq!(libc_getxattr(&cpath(&file), c"user.fixed").unwrap(), b"via slot");
    nop_roundtrip(&mut ring);
}

#[test]
fn bad_fd_and_names() {
    let mut ring = Ring::new(8).unwrap();
    let bad = bad_fd();
    let mut buf = [0u8; 8];
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: buf outlives the completion.
    unsafe { sqe.prep_fgetxattr(bad, c"user.x", &mut buf) };
    assert_eq!(run_one(&mut ring), -libc::EBADF);
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: name and value outlive the submission.
    unsafe { sqe.prep_fsetxattr(bad, c"user.x", b"v", 0) };
    assert_eq!(run_one(&mut ring), -libc::EBADF);

    // An unknown namespace and an empty name are invalid names.
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("f");
    File::create(&file).unwrap();
    let path = cpath(&file);
    assert_eq!(ring_setxattr(&mut ring, &path, c"nonsense.x", b"v", 0), -libc::EOPNOTSUPP);
    assert_eq!(ring_getxattr(&mut ring, &path, c"", 8).0, -libc::ERANGE);
    assert_eq!(buf, [0u8; 8]);
    nop_roundtrip(&mut ring);
}
