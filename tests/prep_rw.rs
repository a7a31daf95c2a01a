//! Reads and writes: the SQE each prep helper builds, and the real effect of
//! each on files, pipes, registered buffers and provided-buffer rings.
//!
//! Safety of the `unsafe` prep calls below, once for all: every buffer and
//! iovec array they name lives in the test function until the request's
//! completion has been waited for, or belongs to an encoding test whose
//! entry is never submitted.

#[path = "support/prep_io.rs"]
mod common;

use common::*;
use riouring::sys::{self, *};
use riouring::{Ring, SubmissionQueueEntry};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::fd::AsRawFd;
use std::path::Path;
use std::sync::atomic::{AtomicU16, Ordering};
use tempfile::TempDir;

const EBADF: i32 = -libc::EBADF;

fn iov(buf: &[u8]) -> libc::iovec {
    libc::iovec { iov_base: buf.as_ptr() as *mut libc::c_void, iov_len: buf.len() }
}

fn iov_mut(buf: &mut [u8]) -> libc::iovec {
    libc::iovec { iov_base: buf.as_mut_ptr().cast(), iov_len: buf.len() }
}

/// A file in `dir` holding `content`, open for reading and writing.
fn file_with(dir: &Path, name: &str, content: &[u8]) -> File {
    let mut f =
        OpenOptions::new().read(true).write(true).create(true).truncate(true).open(dir.join(name)).unwrap();
    f.write_all(content).unwrap();
    f
}

fn read_all(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// Register `bufs` as the ring's fixed buffers (the register API lives on
/// another branch; this goes through the raw call).
fn register_buffers(ring: &Ring, bufs: &mut [Vec<u8>]) {
    let iovecs: Vec<libc::iovec> = bufs.iter_mut().map(|b| iov_mut(b)).collect();
    // SAFETY: the iovecs describe live Vecs that outlive the ring in every
    // caller (declared before it, so dropped after it).
    unsafe { ring.register_raw(IORING_REGISTER_BUFFERS, iovecs.as_ptr().cast(), iovecs.len() as u32) }
        .expect("IORING_REGISTER_BUFFERS");
}

// ----------------------------------------------------------------------
// Encoding

#[test]
fn encode_read_and_write() {
    let mut buf = [0u8; 100];
    let p = buf.as_mut_ptr() as u64;
    for off in [0, 4096, 0x1234_5678_9abc_def0, u64::MAX] {
        let f = encode(|sqe| unsafe { sqe.prep_read(5, &mut buf, off) });
        let want = Fields { opcode: IORING_OP_READ, fd: 5, off, addr: p, len: 100, ..Default::default() };
        assert_eq!(f, want);
        // SAFETY (all preps below): the entries are never submitted.
        let f = encode(|sqe| unsafe { sqe.prep_read_raw(5, p as *mut u8, 100, off) });
        assert_eq!(f, want);

        let f = encode(|sqe| unsafe { sqe.prep_write(-3, &buf, off) });
        let want = Fields { opcode: IORING_OP_WRITE, fd: -3, off, addr: p, len: 100, ..Default::default() };
        assert_eq!(f, want);
        let f = encode(|sqe| unsafe { sqe.prep_write_raw(-3, p as *const u8, 100, off) });
        assert_eq!(f, want);
    }
    // An empty buffer: len 0, the slice's (dangling, non-null) address.
    let empty: &mut [u8] = &mut [];
    let ep = empty.as_ptr() as u64;
    let f = encode(|sqe| unsafe { sqe.prep_read(0, empty, 0) });
    assert_eq!(f, Fields { opcode: IORING_OP_READ, addr: ep, ..Default::default() });
}

#[test]
fn encode_keeps_flags_user_data_personality_and_clears_the_rest() {
    let mut buf = [0u8; 8];
    let p = buf.as_mut_ptr() as u64;
    let f = encode_dirty(|sqe| unsafe { sqe.prep_read(7, &mut buf, 9) });
    assert_eq!(
        f,
        Fields {
            opcode: IORING_OP_READ,
            flags: DIRTY_FLAGS,
            fd: 7,
            off: 9,
            addr: p,
            len: 8,
            user_data: DIRTY_USER_DATA,
            personality: DIRTY_PERSONALITY,
            ..Default::default()
        }
    );
    // A fixed-file read: IOSQE_FIXED_FILE set after the prep, fd is the index.
    let f = encode(|sqe| {
        unsafe { sqe.prep_read(3, &mut buf, 0) };
        sqe.set_flags(IOSQE_FIXED_FILE);
        sqe.set_data64(42);
    });
    assert_eq!(
        f,
        Fields {
            opcode: IORING_OP_READ,
            flags: IOSQE_FIXED_FILE,
            fd: 3,
            addr: p,
            len: 8,
            user_data: 42,
            ..Default::default()
        }
    );
}

#[test]
fn encode_vectored() {
    let a = [0u8; 10];
    let b = [0u8; 20];
    let iovs = [iov(&a), iov(&b), iov(&a)];
    let ip = iovs.as_ptr() as u64;
    let flags = [0, libc::RWF_NOWAIT, libc::RWF_HIPRI | libc::RWF_DSYNC, libc::RWF_APPEND, -1];
    for off in [0, 1 << 40, u64::MAX] {
        let base = Fields { fd: 9, off, addr: ip, len: 3, ..Default::default() };
        let f = encode(|sqe| unsafe { sqe.prep_readv(9, &iovs, off) });
        assert_eq!(f, Fields { opcode: IORING_OP_READV, ..base });
        let f = encode(|sqe| unsafe { sqe.prep_readv_raw(9, iovs.as_ptr(), 3, off) });
        assert_eq!(f, Fields { opcode: IORING_OP_READV, ..base });
        let f = encode(|sqe| unsafe { sqe.prep_writev(9, &iovs, off) });
        assert_eq!(f, Fields { opcode: IORING_OP_WRITEV, ..base });
        let f = encode(|sqe| unsafe { sqe.prep_writev_raw(9, iovs.as_ptr(), 3, off) });
        assert_eq!(f, Fields { opcode: IORING_OP_WRITEV, ..base });
        for fl in flags {
            let op_flags = fl as u32;
            let f = encode(|sqe| unsafe { sqe.prep_readv2(9, &iovs, off, fl) });
            assert_eq!(f, Fields { opcode: IORING_OP_READV, op_flags, ..base });
            let f = encode(|sqe| unsafe { sqe.prep_readv2_raw(9, iovs.as_ptr(), 3, off, fl) });
            assert_eq!(f, Fields { opcode: IORING_OP_READV, op_flags, ..base });
            let f = encode(|sqe| unsafe { sqe.prep_writev2(9, &iovs, off, fl) });
            assert_eq!(f, Fields { opcode: IORING_OP_WRITEV, op_flags, ..base });
            let f = encode(|sqe| unsafe { sqe.prep_writev2_raw(9, iovs.as_ptr(), 3, off, fl) });
            assert_eq!(f, Fields { opcode: IORING_OP_WRITEV, op_flags, ..base });
        }
    }
    // No iovecs at all: count 0.
    let f = encode(|sqe| unsafe { sqe.prep_readv(1, &[], 0) });
    assert_eq!((f.opcode, f.len), (IORING_OP_READV, 0));
}

#[test]
fn encode_fixed() {
    let mut buf = vec![0u8; 300];
    let p = buf.as_mut_ptr() as u64;
    for (off, idx) in [(0u64, 0u16), (1 << 33, 1), (u64::MAX, u16::MAX)] {
        let base = Fields { fd: 4, off, addr: p, len: 300, buf_index: idx, ..Default::default() };
        let f = encode(|sqe| unsafe { sqe.prep_read_fixed(4, &mut buf, off, idx) });
        assert_eq!(f, Fields { opcode: IORING_OP_READ_FIXED, ..base });
        let f = encode(|sqe| unsafe { sqe.prep_read_fixed_raw(4, p as *mut u8, 300, off, idx) });
        assert_eq!(f, Fields { opcode: IORING_OP_READ_FIXED, ..base });
        let f = encode(|sqe| unsafe { sqe.prep_write_fixed(4, &buf, off, idx) });
        assert_eq!(f, Fields { opcode: IORING_OP_WRITE_FIXED, ..base });
        let f = encode(|sqe| unsafe { sqe.prep_write_fixed_raw(4, p as *const u8, 300, off, idx) });
        assert_eq!(f, Fields { opcode: IORING_OP_WRITE_FIXED, ..base });
    }
    let iovs = [iov(&buf[..10]), iov(&buf[100..])];
    let ip = iovs.as_ptr() as u64;
    for (fl, idx) in [(0, 0u16), (libc::RWF_NOWAIT, 3), (libc::RWF_DSYNC | libc::RWF_HIPRI, u16::MAX)] {
        let base = Fields {
            fd: 6,
            off: 77,
            addr: ip,
            len: 2,
            op_flags: fl as u32,
            buf_index: idx,
            ..Default::default()
        };
        let f = encode(|sqe| unsafe { sqe.prep_readv_fixed(6, &iovs, 77, fl, idx) });
        assert_eq!(f, Fields { opcode: IORING_OP_READV_FIXED, ..base });
        let f = encode(|sqe| unsafe { sqe.prep_readv_fixed_raw(6, iovs.as_ptr(), 2, 77, fl, idx) });
        assert_eq!(f, Fields { opcode: IORING_OP_READV_FIXED, ..base });
        let f = encode(|sqe| unsafe { sqe.prep_writev_fixed(6, &iovs, 77, fl, idx) });
        assert_eq!(f, Fields { opcode: IORING_OP_WRITEV_FIXED, ..base });
        let f = encode(|sqe| unsafe { sqe.prep_writev_fixed_raw(6, iovs.as_ptr(), 2, 77, fl, idx) });
        assert_eq!(f, Fields { opcode: IORING_OP_WRITEV_FIXED, ..base });
    }
    // Fixed buffer with a fixed file, on a stale entry.
    let f = encode_dirty(|sqe| {
        unsafe { sqe.prep_write_fixed(2, &buf, 5, 9) };
        sqe.set_flags(IOSQE_FIXED_FILE);
    });
    assert_eq!(
        f,
        Fields {
            opcode: IORING_OP_WRITE_FIXED,
            flags: IOSQE_FIXED_FILE,
            fd: 2,
            off: 5,
            addr: p,
            len: 300,
            user_data: DIRTY_USER_DATA,
            buf_index: 9,
            personality: DIRTY_PERSONALITY,
            ..Default::default()
        }
    );
}

#[test]
fn encode_read_multishot() {
    for (nbytes, off, group) in [(0u32, 0u64, 0u16), (4096, u64::MAX, 7), (u32::MAX, 1 << 50, u16::MAX)] {
        let f = encode(|sqe| sqe.prep_read_multishot(11, nbytes, off, group));
        assert_eq!(
            f,
            Fields {
                opcode: IORING_OP_READ_MULTISHOT,
                flags: IOSQE_BUFFER_SELECT,
                fd: 11,
                off,
                len: nbytes,
                buf_index: group,
                ..Default::default()
            }
        );
    }
    // Like liburing, the flags are replaced by IOSQE_BUFFER_SELECT.
    let f = encode_dirty(|sqe| sqe.prep_read_multishot(1, 0, 0, 2));
    assert_eq!(
        f,
        Fields {
            opcode: IORING_OP_READ_MULTISHOT,
            flags: IOSQE_BUFFER_SELECT,
            fd: 1,
            buf_index: 2,
            user_data: DIRTY_USER_DATA,
            personality: DIRTY_PERSONALITY,
            ..Default::default()
        }
    );
}

/// A slice longer than u32::MAX bytes is clamped to u32::MAX in the SQE.
#[test]
fn encode_clamps_huge_buffers() {
    let mut huge = HugeMapping::map();
    let p = huge.addr();
    let buf = huge.slice_mut();
    // SAFETY (all preps below): the entries are never submitted.
    let f = encode(|sqe| unsafe { sqe.prep_read(1, buf, 0) });
    assert_eq!((f.addr, f.len), (p, u32::MAX));
    let f = encode(|sqe| unsafe { sqe.prep_read_fixed(1, buf, 0, 0) });
    assert_eq!((f.addr, f.len), (p, u32::MAX));
    let f = encode(|sqe| unsafe { sqe.prep_write(1, buf, 0) });
    assert_eq!((f.addr, f.len), (p, u32::MAX));
    let f = encode(|sqe| unsafe { sqe.prep_write_fixed(1, buf, 0, 0) });
    assert_eq!((f.addr, f.len), (p, u32::MAX));
}

// ----------------------------------------------------------------------
// Kernel: reads

#[test]
fn read_returns_file_bytes() {
    let dir = TempDir::new().unwrap();
    let mut ring = Ring::new(32).unwrap();
    for (i, size) in [1usize, 4096, 70_001].into_iter().enumerate() {
        let content = random_bytes(size);
        let file = file_with(dir.path(), &format!("r{i}"), &content);
        let offsets = [0, 17.min(size), size / 2, size];
        // Each read asks for 10 bytes more than the file has from `off`:
        // the result is a short read ending at end of file.
        let mut bufs: Vec<Vec<u8>> = offsets.iter().map(|&o| vec![0u8; size - o + 10]).collect();
        for (k, (buf, &off)) in bufs.iter_mut().zip(&offsets).enumerate() {
            let sqe = ring.get_sqe().unwrap();
            // SAFETY: the buffers live until the completions are reaped below.
            unsafe { sqe.prep_read(file.as_raw_fd(), buf, off as u64) };
            sqe.set_data64(k as u64);
        }
        let cqes = submit_collect(&mut ring, offsets.len());
        for (k, &off) in offsets.iter().enumerate() {
            assert_eq!(cqes[k].user_data(), k as u64);
            assert_eq!(cqes[k].res(), (size - off) as i32, "size {size} off {off}");
            assert_eq!(cqes[k].flags(), 0);
            assert_eq!(&bufs[k][..size - off], &content[off..]);
            assert!(bufs[k][size - off..].iter().all(|&b| b == 0), "nothing written past the data");
        }
    }
}

#[test]
fn read_at_current_position() {
    let dir = TempDir::new().unwrap();
    let content = random_bytes(1000);
    let mut file = file_with(dir.path(), "pos", &content);
    file.seek(SeekFrom::Start(100)).unwrap();
    let mut ring = Ring::new(4).unwrap();
    let mut buf = [0u8; 50];
    for start in [100usize, 150] {
        let sqe = ring.get_sqe().unwrap();
        // SAFETY: buf outlives the completion reaped in run_one.
        unsafe { sqe.prep_read(file.as_raw_fd(), &mut buf, u64::MAX) };
        assert_eq!(run_one(&mut ring), 50);
        assert_eq!(&buf[..], &content[start..start + 50]);
    }
    // The file position advanced with each read.
    assert_eq!(file.stream_position().unwrap(), 200);
    // An explicit offset leaves the position alone.
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: as above.
    unsafe { sqe.prep_read(file.as_raw_fd(), &mut buf, 0) };
    assert_eq!(run_one(&mut ring), 50);
    assert_eq!(&buf[..], &content[..50]);
    assert_eq!(file.stream_position().unwrap(), 200);
}

#[test]
fn read_from_fixed_file() {
    let dir = TempDir::new().unwrap();
    let content = random_bytes(5000);
    let file = file_with(dir.path(), "fixed", &content);
    let mut ring = Ring::new(4).unwrap();
    let other = file_with(dir.path(), "other", b"x");
    register_files(&ring, &[other.as_raw_fd(), file.as_raw_fd()]);
    let mut buf = vec![0u8; 3000];
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: buf outlives the completion.
    unsafe { sqe.prep_read(1, &mut buf, 1234) };
    sqe.set_flags(IOSQE_FIXED_FILE);
    assert_eq!(run_one(&mut ring), 3000);
    assert_eq!(&buf[..], &content[1234..4234]);
}

#[test]
fn readv_scatters_file_bytes() {
    let dir = TempDir::new().unwrap();
    let content = random_bytes(20_000);
    let file = file_with(dir.path(), "v", &content);
    let mut ring = Ring::new(8).unwrap();
    for (off, lens) in [(0usize, vec![1usize]), (5, vec![10, 4096, 333]), (19_000, vec![600, 600])] {
        let mut bufs: Vec<Vec<u8>> = lens.iter().map(|&n| vec![0u8; n]).collect();
        let iovs: Vec<libc::iovec> = bufs.iter_mut().map(|b| iov_mut(b)).collect();
        let sqe = ring.get_sqe().unwrap();
        // SAFETY: iovs and bufs live until the completion.
        unsafe { sqe.prep_readv(file.as_raw_fd(), &iovs, off as u64) };
        let want = (content.len() - off).min(lens.iter().sum());
        assert_eq!(run_one(&mut ring), want as i32);
        let got: Vec<u8> = bufs.concat();
        assert_eq!(&got[..want], &content[off..off + want]);
    }
}

#[test]
fn readv2_flags_and_position() {
    let dir = TempDir::new().unwrap();
    let content = random_bytes(8192);
    let mut file = file_with(dir.path(), "v2", &content);
    let mut ring = Ring::new(8).unwrap();
    let (mut a, mut b) = ([0u8; 100], [0u8; 200]);

    // Plain flags 0 at an offset.
    let iovs = [iov_mut(&mut a), iov_mut(&mut b)];
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: a, b and iovs outlive the completion.
    unsafe { sqe.prep_readv2(file.as_raw_fd(), &iovs, 4000, 0) };
    assert_eq!(run_one(&mut ring), 300);
    assert_eq!(&a[..], &content[4000..4100]);
    assert_eq!(&b[..], &content[4100..4300]);

    // Current position (-1), which then advances.
    file.seek(SeekFrom::Start(10)).unwrap();
    let iovs = [iov_mut(&mut a), iov_mut(&mut b)];
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: as above.
    unsafe { sqe.prep_readv2(file.as_raw_fd(), &iovs, u64::MAX, 0) };
    assert_eq!(run_one(&mut ring), 300);
    assert_eq!(&a[..], &content[10..110]);
    assert_eq!(&b[..], &content[110..310]);
    assert_eq!(file.stream_position().unwrap(), 310);

    // RWF_NOWAIT on an empty pipe: EAGAIN at once instead of waiting.
    let (r, w) = pipe();
    let iovs = [iov_mut(&mut a)];
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: as above.
    unsafe { sqe.prep_readv2(r.as_raw_fd(), &iovs, u64::MAX, libc::RWF_NOWAIT) };
    assert_eq!(run_one(&mut ring), -libc::EAGAIN);
    // With data in the pipe the same read succeeds.
    File::from(w).write_all(b"hello pipe").unwrap();
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: as above.
    unsafe { sqe.prep_readv2(r.as_raw_fd(), &iovs, u64::MAX, libc::RWF_NOWAIT) };
    assert_eq!(run_one(&mut ring), 10);
    assert_eq!(&a[..10], b"hello pipe");
}

// ----------------------------------------------------------------------
// Kernel: writes

#[test]
fn write_then_read_back() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("w");
    let file = File::create(&path).unwrap();
    let mut ring = Ring::new(8).unwrap();
    let chunks: Vec<(u64, Vec<u8>)> =
        vec![(0, random_bytes(1)), (4099, random_bytes(4096)), (1 << 20, random_bytes(70_000))];
    for (k, (off, data)) in chunks.iter().enumerate() {
        let sqe = ring.get_sqe().unwrap();
        // SAFETY: the chunks live until the completions below.
        unsafe { sqe.prep_write(file.as_raw_fd(), data, *off) };
        sqe.set_data64(k as u64);
    }
    let cqes = submit_collect(&mut ring, chunks.len());
    for (k, (_, data)) in chunks.iter().enumerate() {
        assert_eq!(cqes[k].res(), data.len() as i32);
    }
    let got = read_all(&path);
    assert_eq!(got.len(), (1 << 20) + 70_000);
    for (off, data) in &chunks {
        assert_eq!(&got[*off as usize..*off as usize + data.len()], &data[..]);
    }
    // The gaps are holes: zeros.
    assert!(got[1..4099].iter().all(|&b| b == 0));
}

#[test]
fn write_at_current_position() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("wpos");
    let mut file = file_with(dir.path(), "wpos", &[b'.'; 100]);
    file.seek(SeekFrom::Start(10)).unwrap();
    let mut ring = Ring::new(4).unwrap();
    for data in [b"first", b"again"] {
        let sqe = ring.get_sqe().unwrap();
        // SAFETY: data is 'static.
        unsafe { sqe.prep_write(file.as_raw_fd(), data, u64::MAX) };
        assert_eq!(run_one(&mut ring), 5);
    }
    assert_eq!(file.stream_position().unwrap(), 20);
    let got = read_all(&path);
    assert_eq!(&got[..22], b"..........firstagain..");
    assert_eq!(got.len(), 100);
}

#[test]
fn writev_gathers_and_writev2_flags() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("wv");
    let file = file_with(dir.path(), "wv", &[]);
    let mut ring = Ring::new(4).unwrap();
    let parts = [random_bytes(3), random_bytes(5000), random_bytes(77)];
    let iovs: Vec<libc::iovec> = parts.iter().map(|p| iov(p)).collect();
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: parts and iovs live until the completion.
    unsafe { sqe.prep_writev(file.as_raw_fd(), &iovs, 10) };
    assert_eq!(run_one(&mut ring), 5080);
    let got = read_all(&path);
    assert_eq!(got.len(), 5090);
    assert_eq!(&got[10..], &parts.concat()[..]);

    // RWF_DSYNC: an ordinary write that is also synced.
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: as above.
    unsafe { sqe.prep_writev2(file.as_raw_fd(), &iovs[..1], 0, libc::RWF_DSYNC) };
    assert_eq!(run_one(&mut ring), 3);
    assert_eq!(&read_all(&path)[..3], &parts[0][..]);

    // RWF_APPEND: written at the end whatever the offset says.
    let tail = b"appended";
    let iovs2 = [iov(tail)];
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: as above.
    unsafe { sqe.prep_writev2(file.as_raw_fd(), &iovs2, 0, libc::RWF_APPEND) };
    assert_eq!(run_one(&mut ring), 8);
    let got = read_all(&path);
    assert_eq!(got.len(), 5098);
    assert_eq!(&got[5090..], tail);
    assert_eq!(&got[..3], &parts[0][..]);
}

// ----------------------------------------------------------------------
// Kernel: registered buffers

#[test]
fn fixed_buffers_read_and_write() {
    let dir = TempDir::new().unwrap();
    let content = random_bytes(10_000);
    let src = file_with(dir.path(), "src", &content);
    let dst_path = dir.path().join("dst");
    let dst = file_with(dir.path(), "dst", &[]);
    // Declared before the ring, so they outlive its registration.
    let mut bufs = vec![vec![0u8; 4096], vec![0u8; 8192]];
    let mut ring = Ring::new(8).unwrap();
    register_buffers(&ring, &mut bufs);

    // read_fixed into the middle of buffer 1.
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: bufs[1] is registered and outlives the completion.
    unsafe { sqe.prep_read_fixed(src.as_raw_fd(), &mut bufs[1][100..1100], 7, 1) };
    assert_eq!(run_one(&mut ring), 1000);
    assert_eq!(&bufs[1][100..1100], &content[7..1007]);
    assert!(bufs[1][..100].iter().all(|&b| b == 0));

    // write_fixed from buffer 0.
    let data = random_bytes(2000);
    bufs[0][50..2050].copy_from_slice(&data);
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: as above.
    unsafe { sqe.prep_write_fixed(dst.as_raw_fd(), &bufs[0][50..2050], 3, 0) };
    assert_eq!(run_one(&mut ring), 2000);
    let got = read_all(&dst_path);
    assert_eq!(got.len(), 2003);
    assert_eq!(&got[3..], &data[..]);

    // readv_fixed: two pieces of buffer 0, with flags 0.
    let (lo, hi) = bufs[0].split_at_mut(1000);
    let iovs = [iov_mut(&mut lo[..300]), iov_mut(&mut hi[..500])];
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: the iovecs point into registered buffer 0; all outlive the completion.
    unsafe { sqe.prep_readv_fixed(src.as_raw_fd(), &iovs, 9000, 0, 0) };
    assert_eq!(run_one(&mut ring), 800);
    assert_eq!(&bufs[0][..300], &content[9000..9300]);
    assert_eq!(&bufs[0][1000..1500], &content[9300..9800]);

    // writev_fixed: two pieces of buffer 1, appended with RWF_APPEND.
    let iovs = [iov(&bufs[1][100..200]), iov(&bufs[1][5000..5010])];
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: as above.
    unsafe { sqe.prep_writev_fixed(dst.as_raw_fd(), &iovs, 0, libc::RWF_APPEND, 1) };
    assert_eq!(run_one(&mut ring), 110);
    let got = read_all(&dst_path);
    assert_eq!(got.len(), 2113);
    assert_eq!(&got[2003..2103], &content[7..107]);
    assert_eq!(&got[2103..], &[0u8; 10]);

    // A buffer index that is not registered, and an address outside the
    // registered buffer the index names: the kernel refuses both.
    let mut stray = vec![0u8; 64];
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: as above (the kernel rejects the request without touching memory).
    unsafe { sqe.prep_read_fixed(src.as_raw_fd(), &mut bufs[0][..64], 0, 2) };
    assert_eq!(run_one(&mut ring), -libc::EFAULT);
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: as above.
    unsafe { sqe.prep_read_fixed(src.as_raw_fd(), &mut stray, 0, 0) };
    assert_eq!(run_one(&mut ring), -libc::EFAULT);
    assert!(stray.iter().all(|&b| b == 0));
    let sqe = ring.get_sqe().unwrap();
    // A range that starts inside buffer 0 but runs past its end.
    // SAFETY: as above.
    unsafe { sqe.prep_write_fixed_raw(dst.as_raw_fd(), bufs[0][4000..].as_ptr(), 200, 0, 0) };
    assert_eq!(run_one(&mut ring), -libc::EFAULT);
    let iovs = [iov(&stray)];
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: as above.
    unsafe { sqe.prep_writev_fixed(dst.as_raw_fd(), &iovs, 0, 0, 1) };
    assert_eq!(run_one(&mut ring), -libc::EFAULT);
    assert_eq!(read_all(&dst_path).len(), 2113, "nothing written by the refused requests");
    nop_roundtrip(&mut ring);
}

// ----------------------------------------------------------------------
// Kernel: multishot read with a provided-buffer ring

/// A provided-buffer ring of `n` buffers of `size` bytes, registered as
/// group `bgid` (set up by hand; the buffer-ring API is another branch's).
struct PbufRing {
    ring_mem: *mut libc::c_void,
    map_len: usize,
    bufs: Vec<u8>,
    size: usize,
}

impl PbufRing {
    fn new(ring: &Ring, n: u16, size: usize, bgid: u16) -> PbufRing {
        let map_len = 4096;
        // SAFETY: a fresh private anonymous mapping.
        let ring_mem = unsafe {
            libc::mmap(
                core::ptr::null_mut(),
                map_len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        assert_ne!(ring_mem, libc::MAP_FAILED);
        let mut bufs = vec![0u8; n as usize * size];
        let entries = ring_mem.cast::<sys::io_uring_buf>();
        for i in 0..n as usize {
            let e = sys::io_uring_buf {
                addr: bufs[i * size..].as_mut_ptr() as u64,
                len: size as u32,
                bid: i as u16,
                resv: 0,
            };
            // SAFETY: n entries of 16 bytes fit in the page; nothing else
            // accesses the ring before it is registered.
            unsafe { entries.add(i).write(e) };
        }
        let reg = sys::io_uring_buf_reg {
            ring_addr: ring_mem as u64,
            ring_entries: n.next_power_of_two() as u32,
            bgid,
            ..Default::default()
        };
        // SAFETY: reg is valid; the ring memory stays mapped until Drop,
        // which runs after the io_uring ring is gone (see the test).
        unsafe {
            ring.register_raw(IORING_REGISTER_PBUF_RING, (&reg as *const sys::io_uring_buf_reg).cast(), 1)
        }
        .expect("IORING_REGISTER_PBUF_RING");
        // Publish the n buffers: the tail overlays bytes 14..16 of entry 0.
        // SAFETY: offset 14 of the page-aligned mapping is a valid,
        // 2-byte-aligned u16 that the kernel reads with load-acquire.
        let tail = unsafe { AtomicU16::from_ptr(ring_mem.cast::<u8>().add(14).cast::<u16>()) };
        // Release pairs with the kernel's smp_load_acquire of the tail: the
        // entries written above are visible before the tail that covers them.
        tail.store(n, Ordering::Release);
        PbufRing { ring_mem, map_len, bufs, size }
    }

    fn buf(&self, bid: u16) -> &[u8] {
        &self.bufs[bid as usize * self.size..(bid as usize + 1) * self.size]
    }
}

impl Drop for PbufRing {
    fn drop(&mut self) {
        // SAFETY: our own mapping, no longer registered (the ring is gone).
        unsafe { libc::munmap(self.ring_mem, self.map_len) };
    }
}

#[test]
fn read_multishot_on_a_pipe() {
    let (r, w) = pipe();
    let mut w = File::from(w);
    let mut ring = Ring::new(8).unwrap();
    let pbuf = PbufRing::new(&ring, 3, 64, 5);
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_read_multishot(r.as_raw_fd(), 0, 0, 5);
    sqe.set_data64(77);
    assert_eq!(ring.submit().unwrap(), 1);

    let chunks = [random_bytes(10), random_bytes(33), random_bytes(64)];
    for (i, chunk) in chunks.iter().enumerate() {
        w.write_all(chunk).unwrap();
        let cqe = next_cqe(&mut ring);
        assert_eq!(cqe.user_data(), 77);
        assert_eq!(cqe.res(), chunk.len() as i32, "chunk {i}");
        assert_ne!(cqe.flags() & IORING_CQE_F_BUFFER, 0);
        assert_ne!(cqe.flags() & IORING_CQE_F_MORE, 0, "still armed");
        let bid = (cqe.flags() >> IORING_CQE_BUFFER_SHIFT) as u16;
        assert_eq!(bid, i as u16, "buffers are taken in ring order");
        assert_eq!(cqe.buffer_id(), Some(bid));
        assert_eq!(&pbuf.buf(bid)[..chunk.len()], &chunk[..]);
    }
    // A fourth chunk finds no buffer left: the request ends with ENOBUFS
    // and without IORING_CQE_F_MORE, and the data stays in the pipe.
    w.write_all(b"left over").unwrap();
    let cqe = next_cqe(&mut ring);
    assert_eq!((cqe.user_data(), cqe.res()), (77, -libc::ENOBUFS));
    assert_eq!(cqe.flags() & (IORING_CQE_F_MORE | IORING_CQE_F_BUFFER), 0);
    let mut rest = [0u8; 9];
    File::from(r).read_exact(&mut rest).unwrap();
    assert_eq!(&rest, b"left over");
    nop_roundtrip(&mut ring);
    drop(ring);
    drop(pbuf);
}

#[test]
fn read_multishot_ends_at_eof_and_rejects_regular_files() {
    let dir = TempDir::new().unwrap();
    let (r, w) = pipe();
    let mut ring = Ring::new(8).unwrap();
    let pbuf = PbufRing::new(&ring, 2, 32, 1);
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_read_multishot(r.as_raw_fd(), 0, u64::MAX, 1);
    ring.submit().unwrap();
    let mut w = File::from(w);
    w.write_all(b"abc").unwrap();
    let cqe = next_cqe(&mut ring);
    assert_eq!(cqe.res(), 3);
    assert!(cqe.more());
    assert_eq!(&pbuf.buf(cqe.buffer_id().unwrap())[..3], b"abc");
    drop(w);
    let cqe = next_cqe(&mut ring);
    assert_eq!(cqe.res(), 0, "end of file");
    assert!(!cqe.more());

    // A regular file cannot be polled: EBADFD.
    let f = file_with(dir.path(), "reg", b"data");
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_read_multishot(f.as_raw_fd(), 0, 0, 1);
    let res = run_one(&mut ring);
    assert_eq!(res, -libc::EBADFD);
    drop(ring);
    drop(pbuf);
}

// ----------------------------------------------------------------------
// Bad input

#[test]
fn bad_fd_gives_ebadf() {
    let mut ring = Ring::new(16).unwrap();
    let fd = bad_fd();
    let mut buf = [0u8; 16];
    let iovs = [iov_mut(&mut buf)];
    let preps: [&dyn Fn(&mut SubmissionQueueEntry); 6] = [
        // SAFETY (all): buf and iovs outlive the completions reaped below.
        &|sqe| unsafe { sqe.prep_read_raw(fd, iovs[0].iov_base.cast(), 16, 0) },
        &|sqe| unsafe { sqe.prep_write_raw(fd, iovs[0].iov_base.cast(), 16, 0) },
        &|sqe| unsafe { sqe.prep_readv(fd, &iovs, 0) },
        &|sqe| unsafe { sqe.prep_writev2(fd, &iovs, 0, libc::RWF_DSYNC) },
        &|sqe| unsafe { sqe.prep_readv2(fd, &iovs, u64::MAX, 0) },
        &|sqe| sqe.prep_read_multishot(fd, 0, 0, 0),
    ];
    for (k, prep) in preps.iter().enumerate() {
        let sqe = ring.get_sqe().unwrap();
        prep(sqe);
        sqe.set_data64(k as u64);
    }
    let cqes = submit_collect(&mut ring, preps.len());
    for (k, c) in cqes.iter().enumerate() {
        assert_eq!((c.user_data(), c.res()), (k as u64, EBADF), "prep {k}");
    }
    // A fixed-file index with no files registered: EBADF too.
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: as above.
    unsafe { sqe.prep_read(0, &mut buf, 0) };
    sqe.set_flags(IOSQE_FIXED_FILE);
    assert_eq!(run_one(&mut ring), EBADF);
    nop_roundtrip(&mut ring);
}

#[test]
fn bad_flags_buffers_and_counts() {
    let dir = TempDir::new().unwrap();
    let f = file_with(dir.path(), "f", &random_bytes(100));
    let mut ring = Ring::new(8).unwrap();
    let mut buf = [0u8; 16];
    let iovs = [iov_mut(&mut buf)];

    // An RWF flag the kernel does not know.
    let unknown = 1 << 30;
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: buf and iovs outlive the completion.
    unsafe { sqe.prep_readv2(f.as_raw_fd(), &iovs, 0, unknown) };
    assert_eq!(run_one(&mut ring), -libc::EOPNOTSUPP);
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: as above.
    unsafe { sqe.prep_writev2(f.as_raw_fd(), &iovs, 0, unknown) };
    assert_eq!(run_one(&mut ring), -libc::EOPNOTSUPP);

    // read_fixed on a ring without registered buffers.
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: as above.
    unsafe { sqe.prep_read_fixed(f.as_raw_fd(), &mut buf, 0, 0) };
    assert_eq!(run_one(&mut ring), -libc::EFAULT);

    // More iovecs than UIO_MAXIOV (1024).
    let many = vec![iovs[0]; 1025];
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: as above; every iovec names buf.
    unsafe { sqe.prep_readv(f.as_raw_fd(), &many, 0) };
    assert_eq!(run_one(&mut ring), -libc::EINVAL);

    // Reading a file opened write-only.
    let wo = OpenOptions::new().write(true).open(dir.path().join("f")).unwrap();
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: as above.
    unsafe { sqe.prep_read(wo.as_raw_fd(), &mut buf, 0) };
    assert_eq!(run_one(&mut ring), EBADF);
    assert_eq!(buf, [0u8; 16]);
    nop_roundtrip(&mut ring);
}
