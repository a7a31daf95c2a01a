//! Path prep helpers (src/prep/path.rs): the exact SQE each one encodes, and
//! each one run against the kernel with its effect on the file system
//! checked.

#[path = "support/prep_fs.rs"]
mod common;

use common::*;
use riouring::{Ring, sys};
use std::fs::{self, File};
use std::os::fd::AsRawFd;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use tempfile::TempDir;

fn ptr(p: *const core::ffi::c_char) -> u64 {
    p as u64
}

// ---------------------------------------------------------------------
// Encoding

#[test]
fn encode_unlinkat_and_unlink() {
    let path = c"dir/victim";
    let want = Sqe {
        fd: 5,
        addr: ptr(path.as_ptr()),
        op_flags: libc::AT_REMOVEDIR as u32,
        ..base(sys::IORING_OP_UNLINKAT)
    };
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_unlinkat(5, path, libc::AT_REMOVEDIR) }), want);
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_unlinkat_raw(5, path.as_ptr(), libc::AT_REMOVEDIR) }), want);
    let want = Sqe { fd: libc::AT_FDCWD, op_flags: 0, ..want };
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_unlinkat(libc::AT_FDCWD, path, 0) }), want);
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_unlink(path, 0) }), want);
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_unlink_raw(path.as_ptr(), 0) }), want);
    // Flags are stored as given, even ones the kernel will refuse.
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_unlink(path, -1) }), Sqe { op_flags: u32::MAX, ..want });
}

#[test]
fn encode_renameat_and_rename() {
    let old = c"old";
    let new = c"new";
    // olddfd in fd, oldpath in addr, newdfd in len, newpath in off.
    let flags = libc::RENAME_NOREPLACE | libc::RENAME_WHITEOUT;
    let want = Sqe {
        fd: 3,
        addr: ptr(old.as_ptr()),
        len: 4,
        off: ptr(new.as_ptr()),
        op_flags: flags,
        ..base(sys::IORING_OP_RENAMEAT)
    };
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_renameat(3, old, 4, new, flags) }), want);
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_renameat_raw(3, old.as_ptr(), 4, new.as_ptr(), flags) }), want);
    // AT_FDCWD as the new directory is the int -100 in the u32 len.
    let want = Sqe { fd: libc::AT_FDCWD, len: libc::AT_FDCWD as u32, op_flags: 0, ..want };
    assert_eq!(want.len, 0xffff_ff9c);
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_renameat(libc::AT_FDCWD, old, libc::AT_FDCWD, new, 0) }), want);
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_rename(old, new) }), want);
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_rename_raw(old.as_ptr(), new.as_ptr()) }), want);
    // SAFETY: encoded only, never submitted.
    let exchange = encode(|s| unsafe { s.prep_renameat(7, old, libc::AT_FDCWD, new, libc::RENAME_EXCHANGE) });
    assert_eq!(exchange, Sqe { fd: 7, op_flags: libc::RENAME_EXCHANGE, ..want });
}

#[test]
fn encode_mkdirat_and_mkdir() {
    let path = c"newdir";
    let want = Sqe { fd: 6, addr: ptr(path.as_ptr()), len: 0o750, ..base(sys::IORING_OP_MKDIRAT) };
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_mkdirat(6, path, 0o750) }), want);
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_mkdirat_raw(6, path.as_ptr(), 0o750) }), want);
    let want = Sqe { fd: libc::AT_FDCWD, len: 0o7777, ..want };
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_mkdir(path, 0o7777) }), want);
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_mkdir_raw(path.as_ptr(), 0o7777) }), want);
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_mkdir(path, 0) }), Sqe { len: 0, ..want });
}

#[test]
fn encode_symlinkat_and_symlink() {
    let target = c"../points/here";
    let link = c"the-link";
    // newdirfd in fd, target in addr, linkpath in off, len 0.
    let want =
        Sqe { fd: 8, addr: ptr(target.as_ptr()), off: ptr(link.as_ptr()), ..base(sys::IORING_OP_SYMLINKAT) };
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_symlinkat(target, 8, link) }), want);
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_symlinkat_raw(target.as_ptr(), 8, link.as_ptr()) }), want);
    let want = Sqe { fd: libc::AT_FDCWD, ..want };
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_symlink(target, link) }), want);
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_symlink_raw(target.as_ptr(), link.as_ptr()) }), want);
}

#[test]
fn encode_linkat_and_link() {
    let old = c"existing";
    let new = c"another-name";
    let flags = libc::AT_SYMLINK_FOLLOW | libc::AT_EMPTY_PATH;
    let want = Sqe {
        fd: 3,
        addr: ptr(old.as_ptr()),
        len: 9,
        off: ptr(new.as_ptr()),
        op_flags: flags as u32,
        ..base(sys::IORING_OP_LINKAT)
    };
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_linkat(3, old, 9, new, flags) }), want);
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_linkat_raw(3, old.as_ptr(), 9, new.as_ptr(), flags) }), want);
    let want = Sqe { fd: libc::AT_FDCWD, len: libc::AT_FDCWD as u32, ..want };
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_linkat(libc::AT_FDCWD, old, libc::AT_FDCWD, new, flags) }), want);
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_link(old, new, flags) }), want);
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_link_raw(old.as_ptr(), new.as_ptr(), flags) }), want);
    // SAFETY: encoded only, never submitted.
    assert_eq!(encode(|s| unsafe { s.prep_link(old, new, 0) }), Sqe { op_flags: 0, ..want });
}

// ---------------------------------------------------------------------
// Kernel

fn dir_fd(dir: &TempDir) -> File {
    File::open(dir.path()).expect("open the temp dir")
}

/// A descriptor number that is surely closed (checked).
fn closed_fd() -> i32 {
    let fd = 986;
    assert_eq!(getfd(fd), Err(libc::EBADF), "fd {fd} unexpectedly open");
    fd
}

fn mode_of(p: &Path) -> u32 {
    fs::symlink_metadata(p).unwrap().permissions().mode() & 0o7777
}

#[test]
fn mkdirat_and_mkdir_create_directories() {
    let dir = TempDir::new().unwrap();
    let d = dir_fd(&dir);
    let mask = umask();
    let mut ring = Ring::new(8).unwrap();

    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_mkdirat(d.as_raw_fd(), c"sub", 0o750) }), 0);
    let sub = dir.path().join("sub");
    assert!(fs::symlink_metadata(&sub).unwrap().is_dir());
    assert_eq!(mode_of(&sub), 0o750 & !mask);

    // mkdir: an absolute path inside the new directory; the umask applies.
    let deep = sub.join("deeper");
    let c = cpath(&deep);
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_mkdir(&c, 0o777) }), 0);
    assert!(deep.is_dir());
    assert_eq!(mode_of(&deep), 0o777 & !mask);
    // The raw form, mode 0.
    let z = cpath(&dir.path().join("zero"));
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_mkdir_raw(z.as_ptr(), 0) }), 0);
    assert_eq!(mode_of(&dir.path().join("zero")), 0);

    // Bad input: it exists, a missing parent, a closed directory fd.
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_mkdirat(d.as_raw_fd(), c"sub", 0o750) }), -libc::EEXIST);
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_mkdirat(d.as_raw_fd(), c"no/parent", 0o750) }),
        -libc::ENOENT
    );
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_mkdirat(closed_fd(), c"x", 0o750) }), -libc::EBADF);
    // A regular file as the directory fd.
    let f = File::create(dir.path().join("file")).unwrap();
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_mkdirat(f.as_raw_fd(), c"x", 0o750) }), -libc::ENOTDIR);
    nop_roundtrip(&mut ring);
}

#[test]
fn renameat_and_rename_move_files() {
    let dir = TempDir::new().unwrap();
    let d = dir_fd(&dir);
    let p = dir.path();
    fs::write(p.join("a"), b"file a").unwrap();
    fs::create_dir(p.join("other")).unwrap();
    let other = File::open(p.join("other")).unwrap();
    let mut ring = Ring::new(8).unwrap();

    // Between two directory fds.
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_renameat(d.as_raw_fd(), c"a", other.as_raw_fd(), c"b", 0) }),
        0
    );
    assert!(!p.join("a").exists());
    assert_eq!(fs::read(p.join("other/b")).unwrap(), b"file a");

    // rename: absolute paths.
    let from = cpath(&p.join("other/b"));
    let to = cpath(&p.join("c"));
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_rename(&from, &to) }), 0);
    assert!(!p.join("other/b").exists());
    assert_eq!(fs::read(p.join("c")).unwrap(), b"file a");

    // A plain rename replaces an existing target...
    fs::write(p.join("d"), b"file d").unwrap();
    let d_path = cpath(&p.join("d"));
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_rename_raw(to.as_ptr(), d_path.as_ptr()) }), 0);
    assert_eq!(fs::read(p.join("d")).unwrap(), b"file a");
    assert!(!p.join("c").exists());

    // ...RENAME_NOREPLACE refuses to, and changes nothing.
    fs::write(p.join("e"), b"file e").unwrap();
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe {
            s.prep_renameat(d.as_raw_fd(), c"d", d.as_raw_fd(), c"e", libc::RENAME_NOREPLACE)
        }),
        -libc::EEXIST
    );
    assert_eq!(fs::read(p.join("d")).unwrap(), b"file a");
    assert_eq!(fs::read(p.join("e")).unwrap(), b"file e");
    // ...and moves to a free name.
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe {
            s.prep_renameat(d.as_raw_fd(), c"e", d.as_raw_fd(), c"f", libc::RENAME_NOREPLACE)
        }),
        0
    );
    assert_eq!(fs::read(p.join("f")).unwrap(), b"file e");

    // RENAME_EXCHANGE swaps the two.
    let f_abs = cpath(&p.join("f"));
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe {
            s.prep_renameat(d.as_raw_fd(), c"d", libc::AT_FDCWD, &f_abs, libc::RENAME_EXCHANGE)
        }),
        0
    );
    assert_eq!(fs::read(p.join("d")).unwrap(), b"file e");
    assert_eq!(fs::read(p.join("f")).unwrap(), b"file a");

    // Bad input.
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_renameat(d.as_raw_fd(), c"missing", d.as_raw_fd(), c"x", 0) }),
        -libc::ENOENT
    );
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_renameat(closed_fd(), c"d", d.as_raw_fd(), c"x", 0) }),
        -libc::EBADF
    );
    let both = libc::RENAME_EXCHANGE | libc::RENAME_NOREPLACE;
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_renameat(d.as_raw_fd(), c"d", d.as_raw_fd(), c"f", both) }),
        -libc::EINVAL
    );
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_renameat(d.as_raw_fd(), c"d", d.as_raw_fd(), c"f", 1 << 20) }),
        -libc::EINVAL
    );
    assert_eq!(fs::read(p.join("d")).unwrap(), b"file e");
    nop_roundtrip(&mut ring);
}

#[test]
fn unlinkat_and_unlink_remove_files_and_dirs() {
    let dir = TempDir::new().unwrap();
    let d = dir_fd(&dir);
    let p = dir.path();
    fs::write(p.join("f"), b"x").unwrap();
    fs::write(p.join("g"), b"y").unwrap();
    fs::create_dir(p.join("empty")).unwrap();
    fs::create_dir(p.join("full")).unwrap();
    fs::write(p.join("full/inside"), b"z").unwrap();
    let mut ring = Ring::new(8).unwrap();

    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_unlinkat(d.as_raw_fd(), c"f", 0) }), 0);
    assert!(fs::symlink_metadata(p.join("f")).is_err());
    let g = cpath(&p.join("g"));
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_unlink(&g, 0) }), 0);
    assert!(!p.join("g").exists());

    // A directory needs AT_REMOVEDIR, and must be empty.
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_unlinkat(d.as_raw_fd(), c"empty", 0) }), -libc::EISDIR);
    assert!(p.join("empty").is_dir());
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_unlinkat(d.as_raw_fd(), c"empty", libc::AT_REMOVEDIR) }),
        0
    );
    assert!(!p.join("empty").exists());
    let full = cpath(&p.join("full"));
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_unlink(&full, libc::AT_REMOVEDIR) }), -libc::ENOTEMPTY);
    assert!(p.join("full/inside").exists());
    // AT_REMOVEDIR on a file.
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_unlinkat(d.as_raw_fd(), c"full/inside", libc::AT_REMOVEDIR) }),
        -libc::ENOTDIR
    );
    let inside = cpath(&p.join("full/inside"));
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_unlink_raw(inside.as_ptr(), 0) }), 0);
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_unlink(&full, libc::AT_REMOVEDIR) }), 0);
    assert!(!p.join("full").exists());

    // Bad input.
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_unlinkat(d.as_raw_fd(), c"gone", 0) }), -libc::ENOENT);
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_unlinkat(closed_fd(), c"gone", 0) }), -libc::EBADF);
    fs::write(p.join("h"), b"h").unwrap();
    // Only AT_REMOVEDIR is a valid flag.
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_unlinkat(d.as_raw_fd(), c"h", libc::AT_SYMLINK_NOFOLLOW) }),
        -libc::EINVAL
    );
    assert!(p.join("h").exists());
    nop_roundtrip(&mut ring);
}

#[test]
fn symlinkat_and_symlink_point_where_asked() {
    let dir = TempDir::new().unwrap();
    let d = dir_fd(&dir);
    let p = dir.path();
    fs::write(p.join("target"), b"the target").unwrap();
    let mut ring = Ring::new(8).unwrap();

    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_symlinkat(c"target", d.as_raw_fd(), c"rel") }), 0);
    assert_eq!(fs::read_link(p.join("rel")).unwrap(), Path::new("target"));
    assert!(fs::symlink_metadata(p.join("rel")).unwrap().file_type().is_symlink());
    assert_eq!(fs::read(p.join("rel")).unwrap(), b"the target");

    // A dangling target is stored as given.
    let link = cpath(&p.join("dangling"));
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_symlink(c"/no/such/../place", &link) }), 0);
    assert_eq!(fs::read_link(p.join("dangling")).unwrap(), Path::new("/no/such/../place"));
    assert!(!p.join("dangling").exists());
    // The raw form, an absolute target.
    let abs = cpath(&p.join("target"));
    let link2 = cpath(&p.join("abs"));
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_symlink_raw(abs.as_ptr(), link2.as_ptr()) }), 0);
    assert_eq!(fs::read_link(p.join("abs")).unwrap(), p.join("target"));

    // Bad input.
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_symlinkat(c"x", d.as_raw_fd(), c"rel") }), -libc::EEXIST);
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_symlinkat(c"x", d.as_raw_fd(), c"no/dir/l") }),
        -libc::ENOENT
    );
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_symlinkat(c"x", closed_fd(), c"l") }), -libc::EBADF);
    // An empty target is invalid.
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_symlinkat(c"", d.as_raw_fd(), c"empty") }), -libc::ENOENT);
    nop_roundtrip(&mut ring);
}

#[test]
fn linkat_and_link_share_the_inode() {
    let dir = TempDir::new().unwrap();
    let d = dir_fd(&dir);
    let p = dir.path();
    fs::write(p.join("orig"), b"shared bytes").unwrap();
    std::os::unix::fs::symlink("orig", p.join("sym")).unwrap();
    let mut ring = Ring::new(8).unwrap();

    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_linkat(d.as_raw_fd(), c"orig", d.as_raw_fd(), c"hard", 0) }),
        0
    );
    let a = fs::metadata(p.join("orig")).unwrap();
    let b = fs::metadata(p.join("hard")).unwrap();
    assert_eq!(a.ino(), b.ino());
    assert_eq!((a.nlink(), b.nlink()), (2, 2));
    // Writing through one name shows through the other.
    fs::write(p.join("hard"), b"changed").unwrap();
    assert_eq!(fs::read(p.join("orig")).unwrap(), b"changed");

    // link: absolute paths, a third name.
    let old = cpath(&p.join("orig"));
    let new = cpath(&p.join("third"));
    // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
    assert_eq!(res(&mut ring, |s| unsafe { s.prep_link(&old, &new, 0) }), 0);
    assert_eq!(fs::metadata(p.join("third")).unwrap().ino(), a.ino());
    assert_eq!(fs::metadata(p.join("orig")).unwrap().nlink(), 3);

    // A symlink: linked as is by default, followed with AT_SYMLINK_FOLLOW.
    let sym_ino = fs::symlink_metadata(p.join("sym")).unwrap().ino();
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_linkat(d.as_raw_fd(), c"sym", d.as_raw_fd(), c"l1", 0) }),
        0
    );
    assert_eq!(fs::symlink_metadata(p.join("l1")).unwrap().ino(), sym_ino);
    assert!(fs::symlink_metadata(p.join("l1")).unwrap().file_type().is_symlink());
    let sym = cpath(&p.join("sym"));
    let l2 = cpath(&p.join("l2"));
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_link_raw(sym.as_ptr(), l2.as_ptr(), libc::AT_SYMLINK_FOLLOW) }),
        0
    );
    let l2m = fs::symlink_metadata(p.join("l2")).unwrap();
    assert_eq!(l2m.ino(), a.ino());
    assert!(l2m.file_type().is_file());

    // Bad input.
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_linkat(d.as_raw_fd(), c"orig", d.as_raw_fd(), c"hard", 0) }),
        -libc::EEXIST
    );
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_linkat(d.as_raw_fd(), c"missing", d.as_raw_fd(), c"x", 0) }),
        -libc::ENOENT
    );
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_linkat(d.as_raw_fd(), c"orig", closed_fd(), c"x", 0) }),
        -libc::EBADF
    );
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe {
            s.prep_linkat(d.as_raw_fd(), c"orig", d.as_raw_fd(), c"x", libc::AT_REMOVEDIR)
        }),
        -libc::EINVAL
    );
    // Directories cannot be hard-linked.
    fs::create_dir(p.join("dir")).unwrap();
    assert_eq!(
        // SAFETY: what the entry points to outlives the request: `res` waits for its completion.
        res(&mut ring, |s| unsafe { s.prep_linkat(d.as_raw_fd(), c"dir", d.as_raw_fd(), c"dir2", 0) }),
        -libc::EPERM
    );
    assert!(!p.join("x").exists());
    nop_roundtrip(&mut ring);
}
