//! uring_cmd prep helpers (uring_cmd, uring_cmd128, cmd_discard,
//! cmd_zone_reset_all): encoding, socket commands, and a real loop block
//! device.

#[path = "support/prep_misc.rs"]
mod common;

use common::*;
use riouring::{Ring, SubmissionQueueEntry, sys};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::os::fd::AsRawFd;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn encode_uring_cmd() {
    for (cmd_op, fd) in [(sys::SOCKET_URING_OP_SIOCINQ, 3), (0x1234_5678, 0), (u32::MAX, -1)] {
        // SAFETY: never submitted.
        let got = enc(|s| unsafe { s.prep_uring_cmd(cmd_op, fd) });
        assert_eq!(got, Sqe { opcode: sys::IORING_OP_URING_CMD, fd, off: cmd_op as u64, ..kept() });
    }
}

#[test]
fn encode_cmd_discard() {
    for (fd, offset, nbytes) in [(4, 0, 4096), (5, 1 << 20, 512), (6, u64::MAX, u64::MAX)] {
        let got = enc(|s| s.prep_cmd_discard(fd, offset, nbytes));
        assert_eq!(
            got,
            Sqe {
                opcode: sys::IORING_OP_URING_CMD,
                fd,
                off: sys::BLOCK_URING_CMD_DISCARD as u64,
                addr: offset,
                addr3: nbytes,
                ..kept()
            }
        );
    }
    assert_eq!(sys::BLOCK_URING_CMD_DISCARD, 0x1200);
}

#[test]
fn encode_cmd_zone_reset_all() {
    let got = enc(|s| s.prep_cmd_zone_reset_all(9));
    assert_eq!(
        got,
        Sqe {
            opcode: sys::IORING_OP_URING_CMD,
            fd: 9,
            off: sys::BLOCK_URING_CMD_ZONE_RESET_ALL as u64,
            ..kept()
        }
    );
    assert_eq!(sys::BLOCK_URING_CMD_ZONE_RESET_ALL, 0x1201);
}

#[test]
fn encode_uring_cmd128() {
    let mut ring = Ring::with_flags(4, sys::IORING_SETUP_SQE128).unwrap();
    let sqe = ring.get_sqe128().unwrap();
    assert_eq!(sqe.cmd(), &[0u8; 80]);
    // Dirty all 128 bytes.
    // SAFETY: the entry is never submitted.
    unsafe {
        core::ptr::write_bytes(sqe.as_raw_mut() as *mut _ as *mut u8, DIRT, 64);
        sqe.cmd_mut().fill(DIRT);
    }
    // SAFETY: never submitted.
    unsafe { sqe.prep_uring_cmd128(0xabcd, 7) };
    assert_eq!(fields(sqe), Sqe { opcode: sys::IORING_OP_URING_CMD128, fd: 7, off: 0xabcd, ..kept() });
    assert_eq!(sqe.cmd(), &[0u8; 80], "the whole command area is zeroed");
    // The plain form leaves the second half of a 128-byte entry alone.
    // SAFETY: the entry is never submitted.
    unsafe { sqe.cmd_mut().fill(DIRT) };
    // SAFETY: never submitted.
    unsafe { (**sqe).prep_uring_cmd(1, 2) };
    assert_eq!(fields(sqe), Sqe { opcode: sys::IORING_OP_URING_CMD, fd: 2, off: 1, ..kept() });
    assert_eq!(&sqe.cmd()[..16], &[0u8; 16]);
    assert_eq!(&sqe.cmd()[16..], &[DIRT; 64]);
}

fn run(ring: &mut Ring, ud: u64, prep: impl FnOnce(&mut SubmissionQueueEntry)) -> i32 {
    let sqe = ring.get_sqe().unwrap();
    prep(sqe);
    sqe.set_data64(ud);
    assert_eq!(ring.submit().unwrap(), 1);
    let c = next(ring);
    assert_eq!(c.user_data(), ud);
    c.res()
}

/// A connected TCP pair over loopback: (client, server side).
fn tcp_pair() -> (TcpStream, TcpStream) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
    let (s, _) = l.accept().unwrap();
    (c, s)
}

/// Wait (bounded) until `fd` has data to read.
fn wait_readable(fd: i32) {
    let mut p = libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
    // SAFETY: p is a valid pollfd.
    assert_eq!(unsafe { libc::poll(&mut p, 1, 5000) }, 1);
}

fn siocinq(ring: &mut Ring, ud: u64, fd: i32) -> i32 {
    // SAFETY: SIOCINQ carries no address.
    run(ring, ud, |s| unsafe { s.prep_uring_cmd(sys::SOCKET_URING_OP_SIOCINQ, fd) })
}

#[test]
fn uring_cmd_siocinq_on_a_socket() {
    let mut ring = Ring::new(8).unwrap();
    let (mut client, server) = tcp_pair();
    let fd = server.as_raw_fd();
    assert_eq!(siocinq(&mut ring, 1, fd), 0);
    client.write_all(b"hello").unwrap();
    wait_readable(fd);
    assert_eq!(siocinq(&mut ring, 2, fd), 5);
    client.write_all(b" world").unwrap();
    // The second segment may take a moment on a loaded machine; the count
    // only grows, and must reach 11 exactly.
    let mut n = siocinq(&mut ring, 3, fd);
    for _ in 0..500 {
        if n != 5 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        n = siocinq(&mut ring, 3, fd);
    }
    assert_eq!(n, 11);
    assert_eq!(read_some(fd, 64), b"hello world");
    assert_eq!(siocinq(&mut ring, 4, fd), 0);
    // UDP: the size of the next datagram.
    let u1 = UdpSocket::bind("127.0.0.1:0").unwrap();
    let u2 = UdpSocket::bind("127.0.0.1:0").unwrap();
    u2.send_to(b"abc", u1.local_addr().unwrap()).unwrap();
    u2.send_to(b"defgh", u1.local_addr().unwrap()).unwrap();
    wait_readable(u1.as_raw_fd());
    assert_eq!(siocinq(&mut ring, 5, u1.as_raw_fd()), 3);
}

#[test]
fn uring_cmd_bad_input() {
    let mut ring = Ring::new(8).unwrap();
    let (r, _w) = pipe();
    let (_client, server) = tcp_pair();
    // Bad fd.
    assert_eq!(siocinq(&mut ring, 1, bad_fd()), -libc::EBADF);
    // A pipe has no uring_cmd.
    assert_eq!(siocinq(&mut ring, 2, r.as_raw_fd()), -libc::EOPNOTSUPP);
    // A Unix socket has no protocol ioctl behind SIOCINQ.
    let (a, _b) = socketpair();
    assert_eq!(siocinq(&mut ring, 3, a.as_raw_fd()), -libc::EOPNOTSUPP);
    // An unknown socket command.
    assert_eq!(
        run(&mut ring, 4, |s| {
            // SAFETY: the command carries no payload the kernel could read.
            unsafe { s.prep_uring_cmd(0x7777, server.as_raw_fd()) }
        }),
        -libc::EOPNOTSUPP
    );
    // Unknown uring_cmd flags.
    let fd = server.as_raw_fd();
    let bad_flags = |s: &mut SubmissionQueueEntry| {
        // SAFETY: the command carries no address; the flags word is an integer.
        unsafe {
            s.prep_uring_cmd(sys::SOCKET_URING_OP_SIOCINQ, fd);
            s.as_raw_mut().op_flags.uring_cmd_flags = 1 << 20;
        }
    };
    assert_eq!(run(&mut ring, 5, bad_flags), -libc::EINVAL);
    ring_works(&mut ring, 6);
}

#[test]
fn uring_cmd128_needs_a_newer_kernel() {
    let mut ring = Ring::with_flags(8, sys::IORING_SETUP_SQE128).unwrap();
    let (mut client, server) = tcp_pair();
    client.write_all(b"12345").unwrap();
    wait_readable(server.as_raw_fd());
    let a = server;
    let sqe = ring.get_sqe128().unwrap();
    // SAFETY: SIOCINQ carries no address.
    unsafe { sqe.prep_uring_cmd128(sys::SOCKET_URING_OP_SIOCINQ, a.as_raw_fd()) };
    sqe.set_data64(1);
    ring.submit().unwrap();
    let c = next(&mut ring);
    assert_eq!(c.user_data(), 1);
    if c.res() == -libc::EINVAL {
        println!("skipped: IORING_OP_URING_CMD128 needs kernel 6.19");
        return;
    }
    assert_eq!(c.res(), 5, "on 6.19+, SIOCINQ through a 128-byte command");
}

/// A loop block device over a file in a temporary directory, detached on drop.
struct LoopDev {
    dev: PathBuf,
    _dir: tempfile::TempDir,
}

impl LoopDev {
    fn new(size: u64) -> Option<LoopDev> {
        let dir = tempfile::tempdir().unwrap();
        let backing = dir.path().join("disk.img");
        let f = File::create(&backing).unwrap();
        f.set_len(size).unwrap();
        drop(f);
        let out = Command::new("losetup").args(["--find", "--show"]).arg(&backing).output().ok()?;
        if !out.status.success() {
            return None;
        }
        let dev = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
        Some(LoopDev { dev, _dir: dir })
    }

    fn path(&self) -> &Path {
        &self.dev
    }
}

impl Drop for LoopDev {
    fn drop(&mut self) {
        let _ = Command::new("losetup").arg("-d").arg(&self.dev).status();
    }
}

#[test]
fn cmd_discard_on_a_loop_device() {
    const SIZE: u64 = 4 << 20;
    let Some(lo) = LoopDev::new(SIZE) else {
        println!("skipped: no loop device");
        return;
    };
    let dev = OpenOptions::new().read(true).write(true).open(lo.path()).unwrap();
    let pattern: Vec<u8> = (0..SIZE).map(|i| (i % 251) as u8 + 1).collect();
    dev.write_all_at(&pattern, 0).unwrap();
    dev.sync_all().unwrap();

    let mut ring = Ring::new(8).unwrap();
    // Discard 1 MiB at 1 MiB.
    let (off, len) = (1u64 << 20, 1u64 << 20);
    assert_eq!(run(&mut ring, 1, |s| s.prep_cmd_discard(dev.as_raw_fd(), off, len)), 0);
    let mut back = vec![0xffu8; SIZE as usize];
    dev.read_exact_at(&mut back, 0).unwrap();
    assert!(
        back[off as usize..(off + len) as usize].iter().all(|&b| b == 0),
        "discarded range reads as zeroes"
    );
    assert_eq!(&back[..off as usize], &pattern[..off as usize], "before the range: untouched");
    assert_eq!(&back[(off + len) as usize..], &pattern[(off + len) as usize..], "after the range: untouched");

    // Misaligned ranges and ranges past the end: -EINVAL.
    assert_eq!(run(&mut ring, 2, |s| s.prep_cmd_discard(dev.as_raw_fd(), 1, 4096)), -libc::EINVAL);
    assert_eq!(run(&mut ring, 3, |s| s.prep_cmd_discard(dev.as_raw_fd(), 0, 100)), -libc::EINVAL);
    assert_eq!(run(&mut ring, 4, |s| s.prep_cmd_discard(dev.as_raw_fd(), SIZE, 4096)), -libc::EINVAL);
    // Read-only open: -EBADF.
    let ro = File::open(lo.path()).unwrap();
    assert_eq!(run(&mut ring, 5, |s| s.prep_cmd_discard(ro.as_raw_fd(), 0, 4096)), -libc::EBADF);
    ring_works(&mut ring, 6);
}

#[test]
fn cmd_discard_and_zone_reset_on_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    let f = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(dir.path().join("f"))
        .unwrap();
    f.set_len(8192).unwrap();
    let mut ring = Ring::new(8).unwrap();
    // A regular file has no uring_cmd.
    assert_eq!(run(&mut ring, 1, |s| s.prep_cmd_discard(f.as_raw_fd(), 0, 4096)), -libc::EOPNOTSUPP);
    assert_eq!(run(&mut ring, 2, |s| s.prep_cmd_zone_reset_all(f.as_raw_fd())), -libc::EOPNOTSUPP);
    assert_eq!(run(&mut ring, 3, |s| s.prep_cmd_zone_reset_all(bad_fd())), -libc::EBADF);
    ring_works(&mut ring, 4);
}

#[test]
fn cmd_zone_reset_all_on_a_regular_block_device() {
    let Some(lo) = LoopDev::new(1 << 20) else {
        println!("skipped: no loop device");
        return;
    };
    let dev = OpenOptions::new().read(true).write(true).open(lo.path()).unwrap();
    let mut ring = Ring::new(8).unwrap();
    let res = run(&mut ring, 1, |s| s.prep_cmd_zone_reset_all(dev.as_raw_fd()));
    // Linux 6.18's block layer does not know the command: exactly -EINVAL.
    assert_eq!(res, -libc::EINVAL);
    println!("skipped: no zoned block device");
    ring_works(&mut ring, 2);
}
