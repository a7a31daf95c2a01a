//! File and descriptor prep helpers (src/prep/fs.rs): the exact SQE each one
//! encodes, and each one run against the kernel with its effect checked.

#[path = "support/prep_fs.rs"]
mod common;

use common::*;
use riouring::{Ring, sys};
use std::fs::{self, File};
use std::io::{Read, Write};
use std::mem::{ManuallyDrop, size_of};
use std::os::fd::{AsRawFd, FromRawFd};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use tempfile::TempDir;

const ALLOC: u32 = sys::IORING_FILE_INDEX_ALLOC;

fn ptr<T: ?Sized>(p: *const T) -> u64 {
    p.cast::<u8>() as u64
}

// ---------------------------------------------------------------------
// Encoding

#[test]
fn encode_openat_and_open() {
    let path = c"some/file";
    let p = ptr(path.as_ptr());
    let flags = libc::O_CREAT | libc::O_WRONLY | libc::O_EXCL | libc::O_CLOEXEC;
    // SAFETY: encoded only, never submitted.
    let got = encode(|s| unsafe { s.prep_openat(3, path, flags, 0o640) });
    let want = Sqe { fd: 3, addr: p, len: 0o640, op_flags: flags as u32, ..base(sys::IORING_OP_OPENAT) };
    assert_eq!(got, want);
    // The raw form is the same entry.
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_openat_raw(3, path.as_ptr(), flags, 0o640) }), want);

    // AT_FDCWD, O_TMPFILE (a multi-bit flag) and a mode with the sticky and
    // set-id bits: all stored bit for bit.
    let flags = libc::O_TMPFILE | libc::O_RDWR | libc::O_NOFOLLOW | libc::O_DIRECT;
    // SAFETY: encoded only, never submitted.
    let got = encode(|s| unsafe { s.prep_openat(libc::AT_FDCWD, path, flags, 0o7777) });
    let want = Sqe {
        fd: libc::AT_FDCWD,
        addr: p,
        len: 0o7777,
        op_flags: flags as u32,
        ..base(sys::IORING_OP_OPENAT)
    };
    assert_eq!(got, want);
    // open is openat at AT_FDCWD.
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_open(path, flags, 0o7777) }), want);
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_open_raw(path.as_ptr(), flags, 0o7777) }), want);

    // No flags, no mode.
    // SAFETY: encoded only, never submitted.
    let got = encode(|s| unsafe { s.prep_open(path, 0, 0) });
    assert_eq!(got, Sqe { fd: libc::AT_FDCWD, addr: p, ..base(sys::IORING_OP_OPENAT) });
}

#[test]
fn encode_openat_direct_and_open_direct() {
    let path = c"x";
    let p = ptr(path.as_ptr());
    let flags = libc::O_RDWR | libc::O_CREAT;
    for (slot, stored) in [(0, 1), (7, 8), (0xfffe, 0xffff), (ALLOC - 1, ALLOC), (ALLOC, ALLOC)] {
        let want = Sqe {
            fd: 5,
            addr: p,
            len: 0o600,
            op_flags: flags as u32,
            file_index: stored,
            ..base(sys::IORING_OP_OPENAT)
        };
        // SAFETY: encoded only, never submitted.
        assert_eq!(encode(|s| unsafe { s.prep_openat_direct(5, path, flags, 0o600, slot) }), want);
        assert_eq!(
            // SAFETY: encoded only, never submitted.
            encode(|s| unsafe { s.prep_openat_direct_raw(5, path.as_ptr(), flags, 0o600, slot) }),
            want
        );
        let want = Sqe { fd: libc::AT_FDCWD, ..want };
        // SAFETY: encoded only, never submitted.
        assert_eq!(encode(|s| unsafe { s.prep_open_direct(path, flags, 0o600, slot) }), want);
        // SAFETY: encoded only, never submitted.
        assert_eq!(encode(|s| unsafe { s.prep_open_direct_raw(path.as_ptr(), flags, 0o600, slot) }), want);
    }
}

#[test]
fn encode_openat2_and_direct() {
    let path = c"dir/name";
    let how = sys::open_how {
        flags: (libc::O_RDONLY | libc::O_CLOEXEC) as u64,
        mode: 0,
        resolve: libc::RESOLVE_NO_SYMLINKS | libc::RESOLVE_BENEATH,
    };
    let want =
        Sqe { fd: 9, addr: ptr(path.as_ptr()), len: 24, off: ptr(&how), ..base(sys::IORING_OP_OPENAT2) };
    assert_eq!(size_of::<sys::open_how>(), 24);
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_openat2(9, path, &how) }), want);
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_openat2_raw(9, path.as_ptr(), &how) }), want);
    let want_cwd = Sqe { fd: libc::AT_FDCWD, ..want };
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_openat2(libc::AT_FDCWD, path, &how) }), want_cwd);
    for (slot, stored) in [(0, 1), (3, 4), (ALLOC, ALLOC)] {
        let want = Sqe { file_index: stored, ..want };
        // SAFETY: encoded only, never submitted.
        assert_eq!(encode(|s| unsafe { s.prep_openat2_direct(9, path, &how, slot) }), want);
        // SAFETY: encoded only, never submitted.
        assert_eq!(encode(|s| unsafe { s.prep_openat2_direct_raw(9, path.as_ptr(), &how, slot) }), want);
    }
}

#[test]
fn encode_close_and_close_direct() {
    assert_eq!(encode(|s| s.prep_close(42)), Sqe { fd: 42, ..base(sys::IORING_OP_CLOSE) });
    assert_eq!(encode(|s| s.prep_close(-1)), Sqe { fd: -1, ..base(sys::IORING_OP_CLOSE) });
    // close_direct: fd 0, slot + 1; IORING_FILE_INDEX_ALLOC stays as is
    // (liburing's wrap to 0 would turn it into a close of fd 0).
    for (slot, stored) in [(0, 1), (9, 10), (ALLOC - 1, ALLOC), (ALLOC, ALLOC)] {
        assert_eq!(
            encode(|s| s.prep_close_direct(slot)),
            Sqe { fd: 0, file_index: stored, ..base(sys::IORING_OP_CLOSE) }
        );
    }
}

#[test]
fn encode_statx() {
    let path = c"f";
    // SAFETY: statx is plain integers; all zeros is valid.
    let mut buf: libc::statx = unsafe { std::mem::zeroed() };
    let bufp = ptr(&buf);
    let flags = libc::AT_EMPTY_PATH | libc::AT_SYMLINK_NOFOLLOW | libc::AT_STATX_DONT_SYNC;
    let mask = libc::STATX_BASIC_STATS | libc::STATX_BTIME;
    let want = Sqe {
        fd: libc::AT_FDCWD,
        addr: ptr(path.as_ptr()),
        len: mask,
        off: bufp,
        op_flags: flags as u32,
        ..base(sys::IORING_OP_STATX)
    };
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_statx(libc::AT_FDCWD, path, flags, mask, &mut buf) }), want);
    assert_eq!(
        // SAFETY: encoded only, never submitted.
        encode(|s| unsafe { s.prep_statx_raw(libc::AT_FDCWD, path.as_ptr(), flags, mask, &mut buf) }),
        want
    );
    // All mask bits, no flags, a real fd.
    // SAFETY: encoded only, never submitted.
    let got = encode(|s| unsafe { s.prep_statx(4, path, 0, u32::MAX, &mut buf) });
    assert_eq!(got, Sqe { fd: 4, len: u32::MAX, op_flags: 0, ..want });
}

#[test]
fn encode_fsync() {
    assert_eq!(encode(|s| s.prep_fsync(6, 0)), Sqe { fd: 6, ..base(sys::IORING_OP_FSYNC) });
    assert_eq!(
        encode(|s| s.prep_fsync(6, sys::IORING_FSYNC_DATASYNC)),
        Sqe { fd: 6, op_flags: sys::IORING_FSYNC_DATASYNC, ..base(sys::IORING_OP_FSYNC) }
    );
}

#[test]
fn encode_sync_file_range() {
    let flags =
        libc::SYNC_FILE_RANGE_WAIT_BEFORE | libc::SYNC_FILE_RANGE_WRITE | libc::SYNC_FILE_RANGE_WAIT_AFTER;
    assert_eq!(
        encode(|s| s.prep_sync_file_range(7, u32::MAX, 1 << 40, flags as i32)),
        Sqe { fd: 7, len: u32::MAX, off: 1 << 40, op_flags: flags, ..base(sys::IORING_OP_SYNC_FILE_RANGE) }
    );
    assert_eq!(
        encode(|s| s.prep_sync_file_range(7, 0, 0, 0)),
        Sqe { fd: 7, ..base(sys::IORING_OP_SYNC_FILE_RANGE) }
    );
}

#[test]
fn encode_fallocate() {
    let mode = libc::FALLOC_FL_KEEP_SIZE | libc::FALLOC_FL_PUNCH_HOLE;
    // mode in len, offset in off, the 64-bit length in addr.
    assert_eq!(
        encode(|s| s.prep_fallocate(8, mode, 1 << 33, (1 << 40) + 5)),
        Sqe { fd: 8, len: mode as u32, off: 1 << 33, addr: (1 << 40) + 5, ..base(sys::IORING_OP_FALLOCATE) }
    );
    assert_eq!(
        encode(|s| s.prep_fallocate(8, 0, 0, u64::MAX)),
        Sqe { fd: 8, addr: u64::MAX, ..base(sys::IORING_OP_FALLOCATE) }
    );
}

#[test]
fn encode_fadvise_and_fadvise64() {
    assert_eq!(
        encode(|s| s.prep_fadvise(3, 1 << 35, u32::MAX, libc::POSIX_FADV_DONTNEED)),
        Sqe {
            fd: 3,
            off: 1 << 35,
            len: u32::MAX,
            op_flags: libc::POSIX_FADV_DONTNEED as u32,
            ..base(sys::IORING_OP_FADVISE)
        }
    );
    // 64-bit length: in addr, len stays 0.
    assert_eq!(
        encode(|s| s.prep_fadvise64(3, 4096, (1 << 33) + 1, libc::POSIX_FADV_WILLNEED)),
        Sqe {
            fd: 3,
            off: 4096,
            addr: (1 << 33) + 1,
            op_flags: libc::POSIX_FADV_WILLNEED as u32,
            ..base(sys::IORING_OP_FADVISE)
        }
    );
}

#[test]
fn encode_madvise_and_madvise64() {
    let addr = 0x7f00_1234_5000usize as *mut core::ffi::c_void;
    assert_eq!(
        // SAFETY: encoded only, never submitted.
        encode(|s| unsafe { s.prep_madvise(addr, 0x10000, libc::MADV_DONTNEED) }),
        Sqe {
            fd: -1,
            addr: 0x7f00_1234_5000,
            len: 0x10000,
            op_flags: libc::MADV_DONTNEED as u32,
            ..base(sys::IORING_OP_MADVISE)
        }
    );
    // 64-bit length: in off, len stays 0.
    assert_eq!(
        // SAFETY: encoded only, never submitted.
        encode(|s| unsafe { s.prep_madvise64(addr, (1 << 36) + 4096, libc::MADV_WILLNEED) }),
        Sqe {
            fd: -1,
            addr: 0x7f00_1234_5000,
            off: (1 << 36) + 4096,
            op_flags: libc::MADV_WILLNEED as u32,
            ..base(sys::IORING_OP_MADVISE)
        }
    );
}

#[test]
fn encode_ftruncate() {
    assert_eq!(
        encode(|s| s.prep_ftruncate(4, 12345)),
        Sqe { fd: 4, off: 12345, ..base(sys::IORING_OP_FTRUNCATE) }
    );
    assert_eq!(
        encode(|s| s.prep_ftruncate(4, u64::MAX)),
        Sqe { fd: 4, off: u64::MAX, ..base(sys::IORING_OP_FTRUNCATE) }
    );
}

#[test]
fn encode_files_update() {
    let mut fds = [3, 4, -1];
    let p = ptr(fds.as_ptr());
    let want = Sqe { fd: -1, addr: p, len: 3, off: 5, ..base(sys::IORING_OP_FILES_UPDATE) };
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_files_update(&mut fds, 5) }), want);
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_files_update_raw(fds.as_mut_ptr(), 3, 5) }), want);
    // IORING_FILE_INDEX_ALLOC reaches liburing as the int -1, which is
    // sign-extended into the 64-bit off.
    let want = Sqe { off: u64::MAX, ..want };
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_files_update(&mut fds, ALLOC) }), want);
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_files_update_raw(fds.as_mut_ptr(), 3, -1) }), want);
    // Any negative int is sign-extended the same way.
    let want = Sqe { off: (-2i64) as u64, ..want };
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_files_update_raw(fds.as_mut_ptr(), 3, -2) }), want);
    // An empty slice.
    let mut none: [i32; 0] = [];
    // SAFETY: encoded only, never submitted.
    let got = encode(|s| unsafe { s.prep_files_update(&mut none, 0) });
    assert_eq!(got, Sqe { fd: -1, addr: ptr(none.as_ptr()), ..base(sys::IORING_OP_FILES_UPDATE) });
}

#[test]
fn encode_fixed_fd_install() {
    // The helper sets flags to IOSQE_FIXED_FILE, replacing what was there.
    let want = Sqe { fd: 3, flags: sys::IOSQE_FIXED_FILE, ..base(sys::IORING_OP_FIXED_FD_INSTALL) };
    assert_eq!(encode(|s| s.prep_fixed_fd_install(3, 0)), want);
    assert_eq!(
        encode(|s| s.prep_fixed_fd_install(3, sys::IORING_FIXED_FD_NO_CLOEXEC)),
        Sqe { op_flags: sys::IORING_FIXED_FD_NO_CLOEXEC, ..want }
    );
}

#[test]
fn encode_pipe_and_pipe_direct() {
    let mut fds = [-1; 2];
    let p = ptr(fds.as_ptr());
    let flags = libc::O_CLOEXEC | libc::O_NONBLOCK;
    let want = Sqe { fd: 0, addr: p, op_flags: flags as u32, ..base(sys::IORING_OP_PIPE) };
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_pipe(&mut fds, flags) }), want);
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_pipe_raw(fds.as_mut_ptr(), flags) }), want);
    for (slot, stored) in [(0, 1), (6, 7), (ALLOC, ALLOC)] {
        let want = Sqe { op_flags: libc::O_NONBLOCK as u32, file_index: stored, ..want };
        // SAFETY: encoded only, never submitted.
        assert_eq!(encode(|s| unsafe { s.prep_pipe_direct(&mut fds, libc::O_NONBLOCK, slot) }), want);
        assert_eq!(
            // SAFETY: encoded only, never submitted.
            encode(|s| unsafe { s.prep_pipe_direct_raw(fds.as_mut_ptr(), libc::O_NONBLOCK, slot) }),
            want
        );
    }
}

// ---------------------------------------------------------------------
// Kernel helpers

/// Register a sparse (all empty) file table of `nr` slots.
fn register_sparse(ring: &Ring, nr: u32) {
    let reg =
        sys::io_uring_rsrc_register { nr, flags: sys::IORING_RSRC_REGISTER_SPARSE, ..Default::default() };
    // SAFETY: `reg` is a valid io_uring_rsrc_register, read during the call;
    // a sparse table needs no fd array.
    unsafe {
        ring.register_raw(
            sys::IORING_REGISTER_FILES2,
            &reg as *const sys::io_uring_rsrc_register as _,
            size_of::<sys::io_uring_rsrc_register>() as u32,
        )
    }
    .expect("register a sparse file table");
}

/// Write `data` at `off` through direct descriptor `slot`.
fn fixed_write(ring: &mut Ring, slot: i32, data: &[u8], off: u64) -> i32 {
    res(ring, |s| {
        // SAFETY: `data` outlives the request: `res` waits for its completion.
        unsafe { s.prep_rw(sys::IORING_OP_WRITE, slot, data.as_ptr().cast(), data.len() as u32, off) };
        s.set_flags(sys::IOSQE_FIXED_FILE);
    })
}

/// Read up to `len` bytes at `off` through direct descriptor `slot`.
fn fixed_read(ring: &mut Ring, slot: i32, len: usize, off: u64) -> Result<Vec<u8>, i32> {
    // Leaked rather than freed if the wait panics while the kernel owns it.
    let mut buf = ManuallyDrop::new(vec![0u8; len]);
    let r = res(ring, |s| {
        // SAFETY: the buffer lives until the completion, which `res` waits for.
        unsafe { s.prep_rw(sys::IORING_OP_READ, slot, buf.as_mut_ptr().cast(), len as u32, off) };
        s.set_flags(sys::IOSQE_FIXED_FILE);
    });
    let mut buf = ManuallyDrop::into_inner(buf);
    if r < 0 {
        return Err(r);
    }
    buf.truncate(r as usize);
    Ok(buf)
}

fn open_dir(dir: &TempDir) -> File {
    File::open(dir.path()).expect("open the temp dir")
}

fn write_file(path: &std::path::Path, data: &[u8]) {
    fs::write(path, data).expect("write test file");
}

/// A descriptor number that is surely closed (checked).
fn closed_fd() -> i32 {
    let fd = 987;
    assert_eq!(getfd(fd), Err(libc::EBADF), "fd {fd} unexpectedly open");
    fd
}

// ---------------------------------------------------------------------
// open

#[test]
fn openat_and_open_create_files_with_mode() {
    let dir = TempDir::new().unwrap();
    let d = open_dir(&dir);
    let mut ring = Ring::new(8).unwrap();
    let mask = umask();

    // openat relative to a directory fd.
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    let fd = res(&mut ring, |s| unsafe {
        s.prep_openat(
            d.as_raw_fd(),
            c"created",
            libc::O_CREAT | libc::O_EXCL | libc::O_WRONLY | libc::O_CLOEXEC,
            0o751,
        )
    });
    assert!(fd >= 0, "openat: {fd}");
    assert_ne!(getfd(fd).unwrap() & libc::FD_CLOEXEC, 0);
    // SAFETY: the kernel just handed us this descriptor; File owns it now.
    let mut f = unsafe { File::from_raw_fd(fd) };
    f.write_all(b"through the ring's fd").unwrap();
    drop(f);
    let p = dir.path().join("created");
    assert_eq!(fs::read(&p).unwrap(), b"through the ring's fd");
    assert_eq!(fs::metadata(&p).unwrap().permissions().mode() & 0o7777, 0o751 & !mask);

    // open: an absolute path, relative to AT_FDCWD.
    let p2 = dir.path().join("by_open");
    let c2 = cpath(&p2);
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    let fd = res(&mut ring, |s| unsafe { s.prep_open(&c2, libc::O_CREAT | libc::O_RDWR, 0o600) });
    assert!(fd >= 0, "open: {fd}");
    // SAFETY: as above.
    let mut f = unsafe { File::from_raw_fd(fd) };
    f.write_all(b"abc").unwrap();
    drop(f);
    let m = fs::metadata(&p2).unwrap();
    assert_eq!(m.permissions().mode() & 0o7777, 0o600 & !mask);
    assert_eq!(m.len(), 3);
    assert!(m.is_file());

    // Read-only open of an existing file reads its bytes.
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    let fd = res(&mut ring, |s| unsafe { s.prep_openat(d.as_raw_fd(), c"created", libc::O_RDONLY, 0) });
    assert!(fd >= 0);
    // SAFETY: as above.
    let mut f = unsafe { File::from_raw_fd(fd) };
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    assert_eq!(s, "through the ring's fd");
    // ... and refuses writes.
    assert_eq!(f.write(b"x").unwrap_err().raw_os_error(), Some(libc::EBADF));
}

#[test]
fn open_bad_input() {
    let dir = TempDir::new().unwrap();
    let d = open_dir(&dir);
    write_file(&dir.path().join("exists"), b"1");
    let mut ring = Ring::new(8).unwrap();
    let bad = closed_fd();
    // A relative path against a closed directory fd.
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_openat(bad, c"x", libc::O_RDONLY, 0) }), -libc::EBADF);
    // A missing file without O_CREAT.
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_openat(d.as_raw_fd(), c"missing", libc::O_RDONLY, 0) }),
        -libc::ENOENT
    );
    let missing = cpath(&dir.path().join("no/such/dir"));
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_open(&missing, libc::O_RDONLY, 0) }), -libc::ENOENT);
    // O_EXCL on an existing file.
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe {
            s.prep_openat(d.as_raw_fd(), c"exists", libc::O_CREAT | libc::O_EXCL, 0o600)
        }),
        -libc::EEXIST
    );
    // Bad flags: O_TMPFILE needs write access.
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe {
            s.prep_openat(d.as_raw_fd(), c".", libc::O_TMPFILE | libc::O_RDONLY, 0o600)
        }),
        -libc::EINVAL
    );
    nop_roundtrip(&mut ring);
}

#[test]
fn openat2_resolve_flags() {
    let dir = TempDir::new().unwrap();
    let d = open_dir(&dir);
    write_file(&dir.path().join("target"), b"target bytes");
    std::os::unix::fs::symlink("target", dir.path().join("link")).unwrap();
    let mut ring = Ring::new(8).unwrap();

    let nosym = sys::open_how {
        flags: (libc::O_RDONLY | libc::O_CLOEXEC) as u64,
        mode: 0,
        resolve: libc::RESOLVE_NO_SYMLINKS,
    };
    // Through the symlink: refused.
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_openat2(d.as_raw_fd(), c"link", &nosym) }), -libc::ELOOP);
    // The file itself: opened, and it reads the file.
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    let fd = res(&mut ring, |s| unsafe { s.prep_openat2(d.as_raw_fd(), c"target", &nosym) });
    assert!(fd >= 0, "openat2: {fd}");
    // SAFETY: a fresh descriptor from the kernel.
    let mut f = unsafe { File::from_raw_fd(fd) };
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    assert_eq!(s, "target bytes");
    assert_ne!(getfd(fd).unwrap() & libc::FD_CLOEXEC, 0);
    drop(f);
    // Without the restriction the symlink is followed.
    let follow = sys::open_how { resolve: 0, ..nosym };
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    let fd = res(&mut ring, |s| unsafe { s.prep_openat2(d.as_raw_fd(), c"link", &follow) });
    assert!(fd >= 0);
    // SAFETY: as above.
    let mut f = unsafe { File::from_raw_fd(fd) };
    s.clear();
    f.read_to_string(&mut s).unwrap();
    assert_eq!(s, "target bytes");

    // RESOLVE_BENEATH: no escape from the directory.
    let beneath = sys::open_how { resolve: libc::RESOLVE_BENEATH, ..nosym };
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_openat2(d.as_raw_fd(), c"../", &beneath) }), -libc::EXDEV);

    // O_CREAT with a mode through open_how.
    let create = sys::open_how {
        flags: (libc::O_CREAT | libc::O_WRONLY | libc::O_EXCL) as u64,
        mode: 0o604,
        resolve: libc::RESOLVE_IN_ROOT,
    };
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    let fd = res(&mut ring, |s| unsafe { s.prep_openat2(d.as_raw_fd(), c"made", &create) });
    assert!(fd >= 0);
    // SAFETY: as above.
    let mut f = unsafe { File::from_raw_fd(fd) };
    f.write_all(b"2").unwrap();
    drop(f);
    let m = fs::metadata(dir.path().join("made")).unwrap();
    assert_eq!(m.permissions().mode() & 0o7777, 0o604 & !umask());
    assert_eq!(fs::read(dir.path().join("made")).unwrap(), b"2");
}

#[test]
fn openat2_bad_input() {
    let dir = TempDir::new().unwrap();
    let d = open_dir(&dir);
    let mut ring = Ring::new(8).unwrap();
    let how = sys::open_how { flags: libc::O_RDONLY as u64, mode: 0, resolve: 0 };
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_openat2(closed_fd(), c"x", &how) }), -libc::EBADF);
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_openat2(d.as_raw_fd(), c"nope", &how) }), -libc::ENOENT);
    // A mode without O_CREAT/O_TMPFILE, unknown resolve bits, unknown open
    // flags: openat2 checks them all.
    let with_mode = sys::open_how { mode: 0o600, ..how };
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_openat2(d.as_raw_fd(), c".", &with_mode) }), -libc::EINVAL);
    let bad_resolve = sys::open_how { resolve: 1 << 40, ..how };
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_openat2(d.as_raw_fd(), c".", &bad_resolve) }),
        -libc::EINVAL
    );
    let bad_flags = sys::open_how { flags: 1 << 40, ..how };
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_openat2(d.as_raw_fd(), c".", &bad_flags) }), -libc::EINVAL);
    nop_roundtrip(&mut ring);
}

#[test]
fn direct_opens_install_into_the_file_table() {
    let dir = TempDir::new().unwrap();
    let d = open_dir(&dir);
    write_file(&dir.path().join("r"), b"read me directly");
    let mut ring = Ring::new(8).unwrap();
    register_sparse(&ring, 8);

    // open_direct into slot 2: res 0, and a fixed write lands in the file.
    let w = cpath(&dir.path().join("w"));
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_open_direct(&w, libc::O_CREAT | libc::O_WRONLY, 0o644, 2) }),
        0
    );
    assert_eq!(fixed_write(&mut ring, 2, b"fixed write", 0), 11);
    assert_eq!(fs::read(dir.path().join("w")).unwrap(), b"fixed write");

    // openat_direct into slot 0.
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_openat_direct(d.as_raw_fd(), c"r", libc::O_RDONLY, 0, 0) }),
        0
    );
    assert_eq!(fixed_read(&mut ring, 0, 64, 0).unwrap(), b"read me directly");

    // IORING_FILE_INDEX_ALLOC: the CQE carries the allocated slot, a free
    // one (not 0 or 2).
    let slot =
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_openat_direct(d.as_raw_fd(), c"r", libc::O_RDONLY, 0, ALLOC) });
    assert!((0..8).contains(&slot) && slot != 0 && slot != 2, "allocated slot {slot}");
    assert_eq!(fixed_read(&mut ring, slot, 4, 5).unwrap(), b"me d");
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    let slot2 = res(&mut ring, |s| unsafe { s.prep_open_direct(&w, libc::O_RDONLY, 0, ALLOC) });
    assert!((0..8).contains(&slot2) && ![0, 2, slot].contains(&slot2), "allocated slot {slot2}");
    assert_eq!(fixed_read(&mut ring, slot2, 64, 0).unwrap(), b"fixed write");

    // openat2_direct into slot 7, and with ALLOC.
    let how = sys::open_how { flags: libc::O_RDONLY as u64, mode: 0, resolve: libc::RESOLVE_BENEATH };
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_openat2_direct(d.as_raw_fd(), c"r", &how, 7) }), 0);
    assert_eq!(fixed_read(&mut ring, 7, 4, 0).unwrap(), b"read");
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    let slot3 = res(&mut ring, |s| unsafe { s.prep_openat2_direct(d.as_raw_fd(), c"w", &how, ALLOC) });
    assert!((0..8).contains(&slot3) && ![0, 2, 7, slot, slot2].contains(&slot3), "allocated slot {slot3}");
    assert_eq!(fixed_read(&mut ring, slot3, 5, 0).unwrap(), b"fixed");

    // Opening into an occupied slot replaces its file.
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_openat_direct(d.as_raw_fd(), c"w", libc::O_RDONLY, 0, 0) }),
        0
    );
    assert_eq!(fixed_read(&mut ring, 0, 64, 0).unwrap(), b"fixed write");
}

#[test]
fn direct_open_bad_input() {
    let dir = TempDir::new().unwrap();
    let d = open_dir(&dir);
    write_file(&dir.path().join("r"), b"r");
    let mut ring = Ring::new(8).unwrap();
    // No file table registered yet.
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_openat_direct(d.as_raw_fd(), c"r", libc::O_RDONLY, 0, 0) }),
        -libc::ENXIO
    );
    register_sparse(&ring, 2);
    // A slot outside the table.
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_openat_direct(d.as_raw_fd(), c"r", libc::O_RDONLY, 0, 2) }),
        -libc::EINVAL
    );
    // O_CLOEXEC means nothing for a direct descriptor: refused.
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe {
            s.prep_openat_direct(d.as_raw_fd(), c"r", libc::O_RDONLY | libc::O_CLOEXEC, 0, 0)
        }),
        -libc::EINVAL
    );
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_openat_direct(closed_fd(), c"r", libc::O_RDONLY, 0, 0) }),
        -libc::EBADF
    );
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_openat_direct(d.as_raw_fd(), c"gone", libc::O_RDONLY, 0, 0) }),
        -libc::ENOENT
    );
    // A full table: ALLOC answers ENFILE.
    for _ in 0..2 {
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        let slot = res(&mut ring, |s| unsafe {
            s.prep_openat_direct(d.as_raw_fd(), c"r", libc::O_RDONLY, 0, ALLOC)
        });
        assert!((0..2).contains(&slot));
    }
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_openat_direct(d.as_raw_fd(), c"r", libc::O_RDONLY, 0, ALLOC) }),
        -libc::ENFILE
    );
    nop_roundtrip(&mut ring);
}

// ---------------------------------------------------------------------
// close

#[test]
fn close_closes_the_fd() {
    let dir = TempDir::new().unwrap();
    write_file(&dir.path().join("f"), b"f");
    let f = File::open(dir.path().join("f")).unwrap();
    // Move the descriptor to a high number that no other test thread's open
    // will be given (the kernel hands out the lowest free number), so the
    // EBADF check below cannot be fooled by a reuse.
    let high = 700;
    // SAFETY: dup2 onto an fd this test owns (checked closed first).
    assert_eq!(getfd(high), Err(libc::EBADF));
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(unsafe { libc::dup2(f.as_raw_fd(), high) }, high);
    drop(f);
    assert!(getfd(high).is_ok());
    let mut ring = Ring::new(8).unwrap();
    assert_eq!(res(&mut ring, |s| s.prep_close(high)), 0);
    assert_eq!(getfd(high), Err(libc::EBADF));
    // Closing it again: EBADF.
    assert_eq!(res(&mut ring, |s| s.prep_close(high)), -libc::EBADF);
    nop_roundtrip(&mut ring);
}

#[test]
fn close_direct_empties_the_slot() {
    let dir = TempDir::new().unwrap();
    let d = open_dir(&dir);
    write_file(&dir.path().join("f"), b"slot data");
    let mut ring = Ring::new(8).unwrap();
    register_sparse(&ring, 4);
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_openat_direct(d.as_raw_fd(), c"f", libc::O_RDONLY, 0, 1) }),
        0
    );
    assert_eq!(fixed_read(&mut ring, 1, 64, 0).unwrap(), b"slot data");
    assert_eq!(res(&mut ring, |s| s.prep_close_direct(1)), 0);
    assert_eq!(fixed_read(&mut ring, 1, 64, 0), Err(-libc::EBADF));
    // An empty slot, a slot outside the table, IOSQE_FIXED_FILE set.
    assert_eq!(res(&mut ring, |s| s.prep_close_direct(1)), -libc::EBADF);
    assert_eq!(res(&mut ring, |s| s.prep_close_direct(4)), -libc::EINVAL);
    // IORING_FILE_INDEX_ALLOC is refused, and fd 0 is left open.
    assert_eq!(res(&mut ring, |s| s.prep_close_direct(sys::IORING_FILE_INDEX_ALLOC)), -libc::EINVAL);
    // SAFETY: F_GETFD only reads the fd table.
    assert_ne!(unsafe { libc::fcntl(0, libc::F_GETFD) }, -1, "fd 0 is still open");
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_openat_direct(d.as_raw_fd(), c"f", libc::O_RDONLY, 0, 2) }),
        0
    );
    assert_eq!(
        res(&mut ring, |s| {
            s.prep_close_direct(2);
            s.set_flags(sys::IOSQE_FIXED_FILE);
        }),
        -libc::EBADF
    );
    // That refused close left slot 2 alone.
    assert_eq!(fixed_read(&mut ring, 2, 4, 0).unwrap(), b"slot");
    nop_roundtrip(&mut ring);
}

// ---------------------------------------------------------------------
// statx

fn zeroed_statx() -> libc::statx {
    // SAFETY: statx is plain integers; all zeros is a valid value.
    unsafe { std::mem::zeroed() }
}

#[test]
fn statx_matches_metadata() {
    let dir = TempDir::new().unwrap();
    let d = open_dir(&dir);
    let p = dir.path().join("s");
    write_file(&p, &[7u8; 1234]);
    fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
    let m = fs::metadata(&p).unwrap();
    let mut ring = Ring::new(8).unwrap();

    let mut st = zeroed_statx();
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_statx(d.as_raw_fd(), c"s", 0, libc::STATX_BASIC_STATS, &mut st) }),
        0
    );
    assert_eq!(st.stx_mask & libc::STATX_BASIC_STATS, libc::STATX_BASIC_STATS);
    assert_eq!(st.stx_size, 1234);
    assert_eq!(st.stx_size, m.len());
    assert_eq!(st.stx_mode as u32, m.mode());
    assert_eq!(st.stx_mode as u32 & 0o7777, 0o640);
    assert_eq!(st.stx_ino, m.ino());
    assert_eq!(st.stx_nlink as u64, m.nlink());
    assert_eq!(st.stx_mtime.tv_sec, m.mtime());
    assert_eq!(st.stx_mtime.tv_nsec as i64, m.mtime_nsec());

    // AT_EMPTY_PATH: stat the fd itself (an absolute path through the raw
    // form, then the directory fd through an empty path).
    let f = File::open(&p).unwrap();
    let mut st2 = zeroed_statx();
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe {
            s.prep_statx_raw(f.as_raw_fd(), c"".as_ptr(), libc::AT_EMPTY_PATH, libc::STATX_INO, &mut st2)
        }),
        0
    );
    assert_eq!(st2.stx_ino, m.ino());
    let dm = fs::metadata(dir.path()).unwrap();
    let mut st3 = zeroed_statx();
    let cp = cpath(dir.path());
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe {
            s.prep_statx(libc::AT_FDCWD, &cp, 0, libc::STATX_TYPE | libc::STATX_INO, &mut st3)
        }),
        0
    );
    assert_eq!(st3.stx_ino, dm.ino());
    assert_eq!(st3.stx_mode as u32 & libc::S_IFMT, libc::S_IFDIR);

    // AT_SYMLINK_NOFOLLOW: the link itself.
    std::os::unix::fs::symlink("s", dir.path().join("l")).unwrap();
    let lm = fs::symlink_metadata(dir.path().join("l")).unwrap();
    let mut st4 = zeroed_statx();
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe {
            s.prep_statx(d.as_raw_fd(), c"l", libc::AT_SYMLINK_NOFOLLOW, libc::STATX_BASIC_STATS, &mut st4)
        }),
        0
    );
    assert_eq!(st4.stx_ino, lm.ino());
    assert_eq!(st4.stx_mode as u32 & libc::S_IFMT, libc::S_IFLNK);
    assert_eq!(st4.stx_size, 1);
}

#[test]
fn statx_bad_input() {
    let dir = TempDir::new().unwrap();
    let d = open_dir(&dir);
    let mut ring = Ring::new(8).unwrap();
    let mut st = zeroed_statx();
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_statx(closed_fd(), c"x", 0, libc::STATX_BASIC_STATS, &mut st) }),
        -libc::EBADF
    );
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe {
            s.prep_statx(d.as_raw_fd(), c"none", 0, libc::STATX_BASIC_STATS, &mut st)
        }),
        -libc::ENOENT
    );
    // Both sync modes at once, and the reserved mask bit.
    let both = libc::AT_STATX_FORCE_SYNC | libc::AT_STATX_DONT_SYNC;
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe {
            s.prep_statx(d.as_raw_fd(), c".", both, libc::STATX_BASIC_STATS, &mut st)
        }),
        -libc::EINVAL
    );
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe {
            s.prep_statx(d.as_raw_fd(), c".", 0, libc::STATX__RESERVED as u32, &mut st)
        }),
        -libc::EINVAL
    );
    // Nothing was written on failure.
    assert_eq!(st.stx_mask, 0);
    nop_roundtrip(&mut ring);
}

// ---------------------------------------------------------------------
// sync, allocate, advise, truncate

fn rw_file(dir: &TempDir, name: &str, data: &[u8]) -> File {
    let p = dir.path().join(name);
    write_file(&p, data);
    fs::OpenOptions::new().read(true).write(true).open(p).unwrap()
}

#[test]
fn fsync_and_sync_file_range() {
    let dir = TempDir::new().unwrap();
    let mut f = rw_file(&dir, "s", b"");
    f.write_all(&[1u8; 8192]).unwrap();
    let mut ring = Ring::new(8).unwrap();
    assert_eq!(res(&mut ring, |s| s.prep_fsync(f.as_raw_fd(), 0)), 0);
    f.write_all(&[2u8; 4096]).unwrap();
    assert_eq!(res(&mut ring, |s| s.prep_fsync(f.as_raw_fd(), sys::IORING_FSYNC_DATASYNC)), 0);
    let flags =
        libc::SYNC_FILE_RANGE_WAIT_BEFORE | libc::SYNC_FILE_RANGE_WRITE | libc::SYNC_FILE_RANGE_WAIT_AFTER;
    f.write_all(&[3u8; 4096]).unwrap();
    assert_eq!(res(&mut ring, |s| s.prep_sync_file_range(f.as_raw_fd(), 4096, 12288, flags as i32)), 0);
    assert_eq!(res(&mut ring, |s| s.prep_sync_file_range(f.as_raw_fd(), 0, 0, flags as i32)), 0);
    assert_eq!(fs::metadata(dir.path().join("s")).unwrap().len(), 16384);

    // Bad input.
    let bad = closed_fd();
    assert_eq!(res(&mut ring, |s| s.prep_fsync(bad, 0)), -libc::EBADF);
    assert_eq!(res(&mut ring, |s| s.prep_fsync(f.as_raw_fd(), 0x80)), -libc::EINVAL);
    assert_eq!(res(&mut ring, |s| s.prep_sync_file_range(bad, 0, 0, 0)), -libc::EBADF);
    assert_eq!(res(&mut ring, |s| s.prep_sync_file_range(f.as_raw_fd(), 0, 0, 0x80)), -libc::EINVAL);
    nop_roundtrip(&mut ring);
}

#[test]
fn fallocate_grows_or_keeps_size() {
    let dir = TempDir::new().unwrap();
    let f = rw_file(&dir, "a", b"");
    let p = dir.path().join("a");
    let mut ring = Ring::new(8).unwrap();
    assert_eq!(res(&mut ring, |s| s.prep_fallocate(f.as_raw_fd(), 0, 0, 8192)), 0);
    assert_eq!(fs::metadata(&p).unwrap().len(), 8192);
    // KEEP_SIZE: blocks are allocated past the end, the size stays.
    let before = fs::metadata(&p).unwrap().blocks();
    assert_eq!(
        res(&mut ring, |s| s.prep_fallocate(f.as_raw_fd(), libc::FALLOC_FL_KEEP_SIZE, 8192, 1 << 20)),
        0
    );
    let m = fs::metadata(&p).unwrap();
    assert_eq!(m.len(), 8192);
    assert!(m.blocks() * 512 >= before * 512 + (1 << 20), "blocks {} -> {}", before, m.blocks());
    // An offset that extends it.
    assert_eq!(res(&mut ring, |s| s.prep_fallocate(f.as_raw_fd(), 0, 1 << 21, 4096)), 0);
    assert_eq!(fs::metadata(&p).unwrap().len(), (1 << 21) + 4096);

    assert_eq!(res(&mut ring, |s| s.prep_fallocate(closed_fd(), 0, 0, 4096)), -libc::EBADF);
    // A zero length, a negative offset (as loff_t): invalid.
    assert_eq!(res(&mut ring, |s| s.prep_fallocate(f.as_raw_fd(), 0, 0, 0)), -libc::EINVAL);
    assert_eq!(res(&mut ring, |s| s.prep_fallocate(f.as_raw_fd(), 0, u64::MAX, 4096)), -libc::EINVAL);
    // PUNCH_HOLE without KEEP_SIZE: a mode the kernel does not support.
    assert_eq!(
        res(&mut ring, |s| s.prep_fallocate(f.as_raw_fd(), libc::FALLOC_FL_PUNCH_HOLE, 0, 4096)),
        -libc::EOPNOTSUPP
    );
    nop_roundtrip(&mut ring);

    // PUNCH_HOLE | KEEP_SIZE: the bytes read as zero, the size stays.
    fs::write(&p, [0x11u8; 8192]).unwrap();
    let mode = libc::FALLOC_FL_PUNCH_HOLE | libc::FALLOC_FL_KEEP_SIZE;
    assert_eq!(res(&mut ring, |s| s.prep_fallocate(f.as_raw_fd(), mode, 0, 4096)), 0);
    let data = fs::read(&p).unwrap();
    assert_eq!(data.len(), 8192);
    assert!(data[..4096].iter().all(|&b| b == 0) && data[4096..].iter().all(|&b| b == 0x11));
    nop_roundtrip(&mut ring);
}

#[test]
fn fadvise_and_fadvise64() {
    let dir = TempDir::new().unwrap();
    let f = rw_file(&dir, "a", &[5u8; 65536]);
    let fd = f.as_raw_fd();
    let mut ring = Ring::new(8).unwrap();
    assert_eq!(res(&mut ring, |s| s.prep_fadvise(fd, 0, 65536, libc::POSIX_FADV_WILLNEED)), 0);
    assert_eq!(res(&mut ring, |s| s.prep_fadvise(fd, 4096, 0, libc::POSIX_FADV_SEQUENTIAL)), 0);
    // A length beyond 32 bits.
    assert_eq!(res(&mut ring, |s| s.prep_fadvise64(fd, 0, 1 << 33, libc::POSIX_FADV_DONTNEED)), 0);
    assert_eq!(
        res(&mut ring, |s| s.prep_fadvise64(fd, 1 << 34, u32::MAX as u64 + 1, libc::POSIX_FADV_NORMAL)),
        0
    );
    // The file is unchanged by advice.
    assert_eq!(fs::read(dir.path().join("a")).unwrap(), vec![5u8; 65536]);

    assert_eq!(res(&mut ring, |s| s.prep_fadvise(closed_fd(), 0, 0, libc::POSIX_FADV_NORMAL)), -libc::EBADF);
    assert_eq!(res(&mut ring, |s| s.prep_fadvise(fd, 0, 0, 999)), -libc::EINVAL);
    assert_eq!(res(&mut ring, |s| s.prep_fadvise64(fd, 0, 1 << 33, 999)), -libc::EINVAL);
    nop_roundtrip(&mut ring);
}

/// An anonymous private mapping of `len` bytes, unmapped on drop.
struct Map {
    addr: *mut u8,
    len: usize,
}

impl Map {
    fn new(len: usize) -> Map {
        // SAFETY: a fresh anonymous mapping; no existing memory is touched.
        let p = unsafe {
            libc::mmap(
                core::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        assert_ne!(p, libc::MAP_FAILED);
        Map { addr: p.cast(), len }
    }
    fn fill(&self, b: u8) {
        // SAFETY: the mapping is ours, `len` bytes, readable and writable.
        unsafe { core::ptr::write_bytes(self.addr, b, self.len) };
    }
    fn all(&self, b: u8) -> bool {
        // SAFETY: as in fill; no request is in flight on it when called.
        unsafe { std::slice::from_raw_parts(self.addr, self.len) }.iter().all(|&x| x == b)
    }
}

impl Drop for Map {
    fn drop(&mut self) {
        // SAFETY: the mapping made in `new`.
        unsafe { libc::munmap(self.addr.cast(), self.len) };
    }
}

#[test]
fn madvise_and_madvise64_on_a_mapping() {
    let len = 16 * 4096;
    let m = Map::new(len);
    m.fill(0xab);
    assert!(m.all(0xab));
    let mut ring = Ring::new(8).unwrap();
    // MADV_DONTNEED on private anonymous memory: the pages read as zero.
    // SAFETY: the mapping is ours and holds no Rust object; the request is
    // complete when `res` returns.
    assert_eq!(
        // SAFETY: the mapping is ours and holds no Rust object; `res` waits for the completion.
        res(&mut ring, |s| unsafe { s.prep_madvise(m.addr.cast(), len as u32, libc::MADV_DONTNEED) }),
        0
    );
    assert!(m.all(0));
    m.fill(0xcd);
    // SAFETY: as above.
    assert_eq!(
        // SAFETY: the mapping is ours and holds no Rust object; `res` waits for the completion.
        res(&mut ring, |s| unsafe { s.prep_madvise64(m.addr.cast(), len as u64, libc::MADV_DONTNEED) }),
        0
    );
    assert!(m.all(0));
    // Harmless advice.
    // SAFETY: as above.
    assert_eq!(
        // SAFETY: the mapping is ours and holds no Rust object; `res` waits for the completion.
        res(&mut ring, |s| unsafe { s.prep_madvise(m.addr.cast(), len as u32, libc::MADV_WILLNEED) }),
        0
    );
    // SAFETY: as above.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_madvise64(m.addr.cast(), 4096, libc::MADV_NORMAL) }), 0);

    // Unknown advice, an unaligned address.
    // SAFETY: the kernel refuses these before touching anything.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_madvise(m.addr.cast(), 4096, 12345) }), -libc::EINVAL);
    // SAFETY: as above.
    assert_eq!(
        // SAFETY: the mapping is ours and holds no Rust object; `res` waits for the completion.
        res(&mut ring, |s| unsafe { s.prep_madvise64(m.addr.add(1).cast(), 4096, libc::MADV_DONTNEED) }),
        -libc::EINVAL
    );
    nop_roundtrip(&mut ring);
}

#[test]
fn ftruncate_sets_the_size() {
    let dir = TempDir::new().unwrap();
    let f = rw_file(&dir, "t", &[9u8; 100]);
    let p = dir.path().join("t");
    let mut ring = Ring::new(8).unwrap();
    assert_eq!(res(&mut ring, |s| s.prep_ftruncate(f.as_raw_fd(), 10)), 0);
    assert_eq!(fs::read(&p).unwrap(), vec![9u8; 10]);
    assert_eq!(res(&mut ring, |s| s.prep_ftruncate(f.as_raw_fd(), 5000)), 0);
    let data = fs::read(&p).unwrap();
    assert_eq!(data.len(), 5000);
    assert!(data[..10].iter().all(|&b| b == 9) && data[10..].iter().all(|&b| b == 0));
    assert_eq!(res(&mut ring, |s| s.prep_ftruncate(f.as_raw_fd(), 0)), 0);
    assert_eq!(fs::metadata(&p).unwrap().len(), 0);

    assert_eq!(res(&mut ring, |s| s.prep_ftruncate(closed_fd(), 0)), -libc::EBADF);
    // A negative length (as loff_t).
    assert_eq!(res(&mut ring, |s| s.prep_ftruncate(f.as_raw_fd(), u64::MAX)), -libc::EINVAL);
    // A read-only fd cannot be truncated.
    let ro = File::open(&p).unwrap();
    assert_eq!(res(&mut ring, |s| s.prep_ftruncate(ro.as_raw_fd(), 1)), -libc::EINVAL);
    nop_roundtrip(&mut ring);
}

// ---------------------------------------------------------------------
// the file table

#[test]
fn files_update_replaces_slots() {
    let dir = TempDir::new().unwrap();
    let a = rw_file(&dir, "a", b"AAAA");
    let b = rw_file(&dir, "b", b"BBBB");
    let mut ring = Ring::new(8).unwrap();
    register_sparse(&ring, 4);

    let mut fds = [a.as_raw_fd(), b.as_raw_fd()];
    // SAFETY: `fds` lives until the completion, which `res` waits for.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_files_update(&mut fds, 1) }), 2);
    assert_eq!(fixed_read(&mut ring, 1, 16, 0).unwrap(), b"AAAA");
    assert_eq!(fixed_read(&mut ring, 2, 16, 0).unwrap(), b"BBBB");
    assert_eq!(fixed_read(&mut ring, 0, 16, 0), Err(-libc::EBADF));
    // The table holds its own references: the process fds can go.
    let mut one = [b.as_raw_fd()];
    // SAFETY: as above.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_files_update(&mut one, 1) }), 1);
    assert_eq!(fixed_read(&mut ring, 1, 16, 0).unwrap(), b"BBBB");

    // IORING_FILE_INDEX_ALLOC: free slots (0 and 3) chosen and written back.
    let mut alloc = [a.as_raw_fd(), a.as_raw_fd()];
    // SAFETY: as above (the kernel also writes `alloc`).
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_files_update(&mut alloc, ALLOC) }), 2);
    let mut got = alloc;
    got.sort();
    assert_eq!(got, [0, 3]);
    drop(a);
    for slot in alloc {
        assert_eq!(fixed_read(&mut ring, slot, 16, 0).unwrap(), b"AAAA");
    }

    // -1 empties a slot.
    let mut empty = [-1];
    // SAFETY: as above.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_files_update_raw(empty.as_mut_ptr(), 1, 2) }), 1);
    assert_eq!(fixed_read(&mut ring, 2, 16, 0), Err(-libc::EBADF));
}

#[test]
fn files_update_bad_input() {
    let dir = TempDir::new().unwrap();
    let a = rw_file(&dir, "a", b"A");
    let mut ring = Ring::new(8).unwrap();
    let mut fds = [a.as_raw_fd()];
    // No table.
    // SAFETY: `fds` lives until the completion, which `res` waits for.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_files_update(&mut fds, 0) }), -libc::ENXIO);
    register_sparse(&ring, 2);
    // A closed fd.
    let mut bad = [closed_fd()];
    // SAFETY: as above.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_files_update(&mut bad, 0) }), -libc::EBADF);
    // Past the end of the table.
    // SAFETY: as above.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_files_update(&mut fds, 2) }), -libc::EINVAL);
    // Nothing to update.
    // SAFETY: as above.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_files_update(&mut [], 0) }), -libc::EINVAL);
    // The ring's own fd cannot go into its table.
    let mut me = [ring.as_raw_fd()];
    // SAFETY: as above.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_files_update(&mut me, 0) }), -libc::EBADF);
    nop_roundtrip(&mut ring);
}

#[test]
fn fixed_fd_install_gives_a_working_fd() {
    let dir = TempDir::new().unwrap();
    let d = open_dir(&dir);
    write_file(&dir.path().join("f"), b"installed");
    let mut ring = Ring::new(8).unwrap();
    register_sparse(&ring, 4);
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_openat_direct(d.as_raw_fd(), c"f", libc::O_RDWR, 0, 3) }),
        0
    );

    let fd = res(&mut ring, |s| s.prep_fixed_fd_install(3, 0));
    assert!(fd >= 0, "install: {fd}");
    assert_ne!(getfd(fd).unwrap() & libc::FD_CLOEXEC, 0, "close-on-exec by default");
    // SAFETY: a fresh descriptor from the kernel.
    let mut f = unsafe { File::from_raw_fd(fd) };
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    assert_eq!(s, "installed");
    f.write_all(b"!").unwrap();
    drop(f);
    // The slot still works after the process fd is closed.
    assert_eq!(fixed_read(&mut ring, 3, 64, 0).unwrap(), b"installed!");

    let fd = res(&mut ring, |s| s.prep_fixed_fd_install(3, sys::IORING_FIXED_FD_NO_CLOEXEC));
    assert!(fd >= 0);
    assert_eq!(getfd(fd).unwrap() & libc::FD_CLOEXEC, 0, "NO_CLOEXEC");
    // SAFETY: as above.
    let f = unsafe { File::from_raw_fd(fd) };
    assert_eq!(f.metadata().unwrap().len(), 10);
    drop(f);

    // An empty slot, unknown flags, IOSQE_FIXED_FILE cleared.
    assert_eq!(res(&mut ring, |s| s.prep_fixed_fd_install(0, 0)), -libc::EBADF);
    assert_eq!(res(&mut ring, |s| s.prep_fixed_fd_install(3, 2)), -libc::EINVAL);
    let devnull = File::open("/dev/null").unwrap();
    assert_eq!(
        res(&mut ring, |s| {
            s.prep_fixed_fd_install(devnull.as_raw_fd(), 0);
            s.set_flags(0);
        }),
        -libc::EBADF
    );
    nop_roundtrip(&mut ring);
}

// ---------------------------------------------------------------------
// pipes

#[test]
fn pipe_creates_a_working_pipe() {
    let mut ring = Ring::new(8).unwrap();
    let mut fds = [-1i32; 2];
    // SAFETY: `fds` lives until the completion, which `res` waits for.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_pipe(&mut fds, libc::O_CLOEXEC) }), 0);
    assert!(fds[0] >= 0 && fds[1] >= 0 && fds[0] != fds[1], "{fds:?}");
    assert_ne!(getfd(fds[0]).unwrap() & libc::FD_CLOEXEC, 0);
    // SAFETY: the kernel handed us both ends.
    let (mut r, mut w) = unsafe { (File::from_raw_fd(fds[0]), File::from_raw_fd(fds[1])) };
    w.write_all(b"down the pipe").unwrap();
    drop(w);
    let mut s = String::new();
    r.read_to_string(&mut s).unwrap();
    assert_eq!(s, "down the pipe");

    // O_NONBLOCK through the raw form: reading an empty pipe would block.
    let mut fds = [-1i32; 2];
    // SAFETY: as above.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_pipe_raw(fds.as_mut_ptr(), libc::O_NONBLOCK) }), 0);
    // SAFETY: as above.
    let (mut r, w) = unsafe { (File::from_raw_fd(fds[0]), File::from_raw_fd(fds[1])) };
    assert_eq!(getfd(fds[1]).unwrap() & libc::FD_CLOEXEC, 0);
    assert_eq!(r.read(&mut [0u8; 4]).unwrap_err().kind(), std::io::ErrorKind::WouldBlock);
    drop((r, w));

    // Bad flags.
    let mut fds = [-1i32; 2];
    // SAFETY: as above.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_pipe(&mut fds, libc::O_APPEND) }), -libc::EINVAL);
    assert_eq!(fds, [-1, -1]);
    nop_roundtrip(&mut ring);
}

#[test]
fn pipe_direct_creates_a_working_pipe_in_the_table() {
    let mut ring = Ring::new(8).unwrap();
    register_sparse(&ring, 8);

    // Allocated slots, reported in fds.
    let mut fds = [-1i32; 2];
    // SAFETY: `fds` lives until the completion, which `res` waits for.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_pipe_direct(&mut fds, 0, ALLOC) }), 0);
    assert!((0..8).contains(&fds[0]) && (0..8).contains(&fds[1]) && fds[0] != fds[1], "{fds:?}");
    assert_eq!(fixed_write(&mut ring, fds[1], b"direct pipe", 0), 11);
    assert_eq!(fixed_read(&mut ring, fds[0], 64, 0).unwrap(), b"direct pipe");

    // Explicit slots 4 (read end) and 5 (write end).
    let mut fds2 = [-1i32; 2];
    // SAFETY: as above.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_pipe_direct_raw(fds2.as_mut_ptr(), 0, 4) }), 0);
    assert_eq!(fds2, [4, 5]);
    assert_eq!(fixed_write(&mut ring, 5, b"slot five", 0), 9);
    assert_eq!(fixed_read(&mut ring, 4, 64, 0).unwrap(), b"slot five");
    // The ends are what they are: no reading from the write end.
    assert!(fixed_read(&mut ring, 5, 4, 0).is_err());

    // Occupied slots, a slot pair past the end, O_CLOEXEC: refused.
    let mut fds3 = [-1i32; 2];
    // SAFETY: as above.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_pipe_direct(&mut fds3, 0, 7) }), -libc::EINVAL);
    // SAFETY: as above.
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_pipe_direct(&mut fds3, libc::O_CLOEXEC, ALLOC) }),
        -libc::EINVAL
    );
    nop_roundtrip(&mut ring);

    // No table at all.
    let mut ring2 = Ring::new(4).unwrap();
    // SAFETY: as above.
    assert_eq!(res(&mut ring2, |s| unsafe { s.prep_pipe_direct(&mut fds3, 0, 0) }), -libc::ENXIO);
    // SAFETY: as above.
    assert_eq!(res(&mut ring2, |s| unsafe { s.prep_pipe_direct(&mut fds3, 0, ALLOC) }), -libc::ENFILE);
    nop_roundtrip(&mut ring2);
}
