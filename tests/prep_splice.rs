//! splice and tee: the SQE each builds, and data really moved through pipes.

#[path = "support/prep_io.rs"]
mod common;

use common::*;
use riouring::Ring;
use riouring::sys::*;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::fd::AsRawFd;
use std::path::Path;
use tempfile::TempDir;

/// A named prep with the result the kernel must give it.
type Case<'a> = (&'static str, Box<dyn Fn(&mut riouring::SubmissionQueueEntry) + 'a>, i32);

fn file_with(dir: &Path, name: &str, content: &[u8]) -> File {
    let mut f =
        OpenOptions::new().read(true).write(true).create(true).truncate(true).open(dir.join(name)).unwrap();
    f.write_all(content).unwrap();
    f
}

/// Read exactly `n` bytes from a pipe's read end.
fn drain(r: &std::os::fd::OwnedFd, n: usize) -> Vec<u8> {
    let mut f = File::from(r.try_clone().unwrap());
    let mut v = vec![0u8; n];
    f.read_exact(&mut v).unwrap();
    v
}

/// Bytes waiting in a pipe (FIONREAD).
fn pipe_len(r: &std::os::fd::OwnedFd) -> i32 {
    let mut n: libc::c_int = 0;
    // SAFETY: FIONREAD writes one int.
    assert_eq!(unsafe { libc::ioctl(r.as_raw_fd(), libc::FIONREAD, &mut n) }, 0);
    n
}

// ----------------------------------------------------------------------
// Encoding

#[test]
fn encode_splice() {
    let cases = [
        (3, -1i64, 4, -1i64, 100u32, 0u32),
        (5, 0, 6, 1 << 40, 65536, libc::SPLICE_F_MOVE | libc::SPLICE_F_NONBLOCK),
        (0, i64::MAX, 1, 7, u32::MAX, SPLICE_F_FD_IN_FIXED),
        (2, 4096, 9, -1, 1, SPLICE_F_FD_IN_FIXED | libc::SPLICE_F_MORE),
    ];
    for (fd_in, off_in, fd_out, off_out, nbytes, fl) in cases {
        let f = encode(|sqe| sqe.prep_splice(fd_in, off_in, fd_out, off_out, nbytes, fl));
        assert_eq!(
            f,
            Fields {
                opcode: IORING_OP_SPLICE,
                fd: fd_out,
                off: off_out as u64,
                addr: off_in as u64,
                len: nbytes,
                op_flags: fl,
                file_index: fd_in as u32,
                ..Default::default()
            }
        );
    }
    // -1 offsets are stored as all ones, as liburing's (__u64) cast does.
    let f = encode(|sqe| sqe.prep_splice(1, -1, 2, -1, 0, 0));
    assert_eq!((f.off, f.addr), (u64::MAX, u64::MAX));
    // A stale entry: everything but flags, user data and personality is
    // overwritten; a fixed output file is IOSQE_FIXED_FILE on the entry.
    let f = encode_dirty(|sqe| {
        sqe.prep_splice(7, 8, 1, 9, 10, SPLICE_F_FD_IN_FIXED);
        sqe.set_flags(IOSQE_FIXED_FILE);
    });
    assert_eq!(
        f,
        Fields {
            opcode: IORING_OP_SPLICE,
            flags: IOSQE_FIXED_FILE,
            fd: 1,
            off: 9,
            addr: 8,
            len: 10,
            op_flags: SPLICE_F_FD_IN_FIXED,
            user_data: DIRTY_USER_DATA,
            personality: DIRTY_PERSONALITY,
            file_index: 7,
            ..Default::default()
        }
    );
}

#[test]
fn encode_tee() {
    for (fd_in, fd_out, nbytes, fl) in
        [(3, 4, 100u32, 0u32), (0, 1, u32::MAX, SPLICE_F_FD_IN_FIXED), (8, 9, 1, libc::SPLICE_F_NONBLOCK)]
    {
        let f = encode(|sqe| sqe.prep_tee(fd_in, fd_out, nbytes, fl));
        assert_eq!(
            f,
            Fields {
                opcode: IORING_OP_TEE,
                fd: fd_out,
                len: nbytes,
                op_flags: fl,
                file_index: fd_in as u32,
                ..Default::default()
            }
        );
    }
    let f = encode_dirty(|sqe| sqe.prep_tee(5, 6, 7, 0));
    assert_eq!(
        f,
        Fields {
            opcode: IORING_OP_TEE,
            flags: DIRTY_FLAGS,
            fd: 6,
            len: 7,
            user_data: DIRTY_USER_DATA,
            personality: DIRTY_PERSONALITY,
            file_index: 5,
            ..Default::default()
        }
    );
}

// ----------------------------------------------------------------------
// Kernel

#[test]
fn splice_file_to_pipe_to_file() {
    let dir = TempDir::new().unwrap();
    let content = random_bytes(30_000);
    let src = file_with(dir.path(), "src", &content);
    let dst_path = dir.path().join("dst");
    let dst = file_with(dir.path(), "dst", &[]);
    let (r, w) = pipe();
    let mut ring = Ring::new(8).unwrap();

    // File (at offset 1000) -> pipe, linked to pipe -> file (at offset 5).
    let n = 20_000u32;
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_splice(src.as_raw_fd(), 1000, w.as_raw_fd(), -1, n, 0);
    sqe.set_flags(IOSQE_IO_LINK);
    sqe.set_data64(1);
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_splice(r.as_raw_fd(), -1, dst.as_raw_fd(), 5, n, 0);
    sqe.set_data64(2);
    let cqes = submit_collect(&mut ring, 2);
    assert_eq!((cqes[0].user_data(), cqes[0].res()), (1, n as i32));
    assert_eq!((cqes[1].user_data(), cqes[1].res()), (2, n as i32));
    let got = std::fs::read(&dst_path).unwrap();
    assert_eq!(got.len(), 5 + n as usize);
    assert_eq!(&got[5..], &content[1000..21_000]);
    assert_eq!(pipe_len(&r), 0);
}

#[test]
fn splice_with_current_positions() {
    let dir = TempDir::new().unwrap();
    let content = random_bytes(10_000);
    let mut src = file_with(dir.path(), "src", &content);
    let dst_path = dir.path().join("dst");
    let mut dst = file_with(dir.path(), "dst", b"0123456789");
    src.seek(SeekFrom::Start(300)).unwrap();
    dst.seek(SeekFrom::Start(4)).unwrap();
    let (r, w) = pipe();
    let mut ring = Ring::new(8).unwrap();

    // off -1 on a file: start at its position and advance it.
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_splice(src.as_raw_fd(), -1, w.as_raw_fd(), -1, 700, 0);
    assert_eq!(run_one(&mut ring), 700);
    assert_eq!(src.stream_position().unwrap(), 1000);
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_splice(r.as_raw_fd(), -1, dst.as_raw_fd(), -1, 700, 0);
    assert_eq!(run_one(&mut ring), 700);
    assert_eq!(dst.stream_position().unwrap(), 704);
    let got = std::fs::read(&dst_path).unwrap();
    assert_eq!(&got[..4], b"0123");
    assert_eq!(&got[4..], &content[300..1000]);

    // An explicit offset leaves the position alone.
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_splice(src.as_raw_fd(), 0, w.as_raw_fd(), -1, 10, 0);
    assert_eq!(run_one(&mut ring), 10);
    assert_eq!(src.stream_position().unwrap(), 1000);
    assert_eq!(drain(&r, 10), &content[..10]);

    // At end of file a splice moves nothing.
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_splice(src.as_raw_fd(), 10_000, w.as_raw_fd(), -1, 10, 0);
    assert_eq!(run_one(&mut ring), 0);
}

#[test]
fn splice_with_fixed_files() {
    let dir = TempDir::new().unwrap();
    let content = random_bytes(5000);
    let src = file_with(dir.path(), "src", &content);
    let (r, w) = pipe();
    let mut ring = Ring::new(8).unwrap();
    // Slot 0: the source file, slot 1: the pipe's write end.
    register_files(&ring, &[src.as_raw_fd(), w.as_raw_fd()]);

    // fd_in fixed (SPLICE_F_FD_IN_FIXED) and fd_out fixed (IOSQE_FIXED_FILE).
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_splice(0, 100, 1, -1, 4000, SPLICE_F_FD_IN_FIXED);
    sqe.set_flags(IOSQE_FIXED_FILE);
    assert_eq!(run_one(&mut ring), 4000);
    assert_eq!(drain(&r, 4000), &content[100..4100]);

    // A plain (not fixed) fd_in that is not open, with a fixed output.
    let bad = bad_fd();
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_splice(bad, 0, 1, -1, 10, 0);
    sqe.set_flags(IOSQE_FIXED_FILE);
    assert_eq!(run_one(&mut ring), -libc::EBADF);
    // A fixed index that is not registered.
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_splice(5, 0, w.as_raw_fd(), -1, 10, SPLICE_F_FD_IN_FIXED);
    assert_eq!(run_one(&mut ring), -libc::EBADF);
    assert_eq!(pipe_len(&r), 0);
}

#[test]
fn tee_duplicates_without_consuming() {
    let (r1, w1) = pipe();
    let (r2, w2) = pipe();
    let data = random_bytes(3000);
    File::from(w1.try_clone().unwrap()).write_all(&data).unwrap();
    let mut ring = Ring::new(4).unwrap();
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_tee(r1.as_raw_fd(), w2.as_raw_fd(), 2000, 0);
    assert_eq!(run_one(&mut ring), 2000);
    assert_eq!(pipe_len(&r1), 3000, "tee leaves the input in place");
    assert_eq!(pipe_len(&r2), 2000);
    assert_eq!(drain(&r2, 2000), &data[..2000]);
    assert_eq!(drain(&r1, 3000), &data[..]);

    // With the input pipe as a fixed file.
    File::from(w1.try_clone().unwrap()).write_all(b"fixed tee").unwrap();
    register_files(&ring, &[r1.as_raw_fd()]);
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_tee(0, w2.as_raw_fd(), 100, SPLICE_F_FD_IN_FIXED);
    assert_eq!(run_one(&mut ring), 9);
    assert_eq!(drain(&r2, 9), b"fixed tee");
    assert_eq!(drain(&r1, 9), b"fixed tee");
    drop((w1, w2));
}

#[test]
fn bad_input() {
    let dir = TempDir::new().unwrap();
    let a = file_with(dir.path(), "a", b"aaaa");
    let b = file_with(dir.path(), "b", b"");
    let (r, w) = pipe();
    let (r2, _w2) = pipe();
    let bad = bad_fd();
    let mut ring = Ring::new(16).unwrap();
    let cases: [Case; 7] = [
        ("splice bad fd_in", Box::new(|s| s.prep_splice(bad, 0, w.as_raw_fd(), -1, 4, 0)), -libc::EBADF),
        ("splice bad fd_out", Box::new(|s| s.prep_splice(a.as_raw_fd(), 0, bad, -1, 4, 0)), -libc::EBADF),
        (
            "splice file to file",
            Box::new(|s| s.prep_splice(a.as_raw_fd(), 0, b.as_raw_fd(), 0, 4, 0)),
            -libc::EINVAL,
        ),
        // A pipe end with an offset other than -1.
        (
            "splice pipe offset",
            Box::new(|s| s.prep_splice(a.as_raw_fd(), 0, w.as_raw_fd(), 3, 4, 0)),
            -libc::ESPIPE,
        ),
        ("tee bad fd", Box::new(|s| s.prep_tee(bad, w.as_raw_fd(), 4, 0)), -libc::EBADF),
        ("tee same pipe", Box::new(|s| s.prep_tee(r.as_raw_fd(), w.as_raw_fd(), 4, 0)), -libc::EINVAL),
        ("tee from a file", Box::new(|s| s.prep_tee(a.as_raw_fd(), w.as_raw_fd(), 4, 0)), -libc::EINVAL),
    ];
    for (k, (_, prep, _)) in cases.iter().enumerate() {
        let sqe = ring.get_sqe().unwrap();
        prep(sqe);
        sqe.set_data64(k as u64);
    }
    let cqes = submit_collect(&mut ring, cases.len());
    for (k, (name, _, want)) in cases.iter().enumerate() {
        assert_eq!(cqes[k].res(), *want, "{name}");
    }
    assert_eq!(pipe_len(&r), 0);
    assert_eq!(pipe_len(&r2), 0);
    assert_eq!(std::fs::read(dir.path().join("b")).unwrap(), b"");
    nop_roundtrip(&mut ring);
}
