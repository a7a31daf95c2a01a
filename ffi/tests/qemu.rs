//! A real program no one here wrote: Debian's qemu-utils, linked to the
//! system's liburing.so.2, run on riouring's stand-in through
//! LD_LIBRARY_PATH. qemu-io writes and reads back a verified pattern over a
//! 256 MiB raw image with `aio=io_uring` (page cache and O_DIRECT);
//! qemu-img convert copies an image bit for bit with io_uring on both ends.
//! `LD_DEBUG=libs,bindings` proves qemu's liburing calls went to riouring.

#[path = "support/ffi.rs"]
mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Output};

const MIB: u64 = 1024 * 1024;

/// Whether qemu-utils is here; prints the skip line if not.
fn qemu_tools() -> bool {
    if !have("qemu-io") || !have("qemu-img") {
        println!("skipped: qemu-utils not installed");
        return false;
    }
    if !have("gcc") && !have("cc") {
        println!("skipped: gcc not installed");
        return false;
    }
    true
}

/// Run a qemu tool on riouring's liburing.so.2, with the loader's log in
/// `log_dir`; panics unless it succeeds and bound its liburing calls to
/// riouring's library (and never loaded the system's).
fn run_on_riouring(cmd: &mut Command, log_dir: &Path) -> Output {
    let log = log_dir.join("ld");
    let out = cmd
        .env("LD_LIBRARY_PATH", libs_dir())
        .env("LD_DEBUG", "libs,bindings")
        .env("LD_DEBUG_OUTPUT", &log)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{cmd:?} failed ({}):\n{stdout}\n{stderr}", out.status);

    // LD_DEBUG_OUTPUT writes <log>.<pid>; gather them all.
    let mut text = String::new();
    for e in std::fs::read_dir(log_dir).expect("log dir").flatten() {
        if e.file_name().to_string_lossy().starts_with("ld.") {
            text.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
            let _ = std::fs::remove_file(e.path());
        }
    }
    let ours = libs_dir().join("liburing.so.2");
    let ours = ours.to_string_lossy();
    let loaded = loaded_libs(&text);
    assert!(loaded.iter().any(|l| *l == ours), "riouring's liburing.so.2 not loaded: {loaded:?}");
    assert!(
        !loaded.iter().any(|l| l.contains("liburing") && *l != ours),
        "the system's liburing was loaded too: {loaded:?}"
    );
    // Every liburing symbol the tool uses is bound to riouring's library.
    let bound: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("binding file") && (l.contains("`io_uring") || l.contains("`__io_uring")))
        .collect();
    for sym in ["io_uring_queue_init", "io_uring_submit", "__io_uring_get_cqe", "io_uring_queue_exit"] {
        let line = bound
            .iter()
            .find(|l| l.contains(&format!("`{sym}'")))
            .unwrap_or_else(|| panic!("{sym} was not bound; bindings: {bound:#?}"));
        assert!(line.contains(&format!("to {ours} ")), "{sym} bound elsewhere: {line}");
        assert!(line.ends_with("[LIBURING_2.0]"), "{sym} bound without its version: {line}");
    }
    out
}

/// qemu-io: write `pattern` over the whole image, read it back verified.
fn qemu_io_pattern(cache_none: bool) {
    let dir = scratch_dir();
    let img = dir.path().join("disk.raw");
    std::fs::File::create(&img).expect("create image").set_len(256 * MIB).expect("size image");
    let pattern = if cache_none { "0xa5" } else { "0x5a" };
    let mut cmd = Command::new("qemu-io");
    cmd.args(["-f", "raw", "-i", "io_uring"]);
    if cache_none {
        cmd.args(["-t", "none"]);
    }
    cmd.arg("-c").arg(format!("write -P {pattern} 0 256M"));
    cmd.arg("-c").arg(format!("read -P {pattern} 0 256M"));
    cmd.arg(&img);
    let out = run_on_riouring(&mut cmd, dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("wrote 268435456/268435456 bytes at offset 0"), "{stdout}\n{stderr}");
    assert!(stdout.contains("read 268435456/268435456 bytes at offset 0"), "{stdout}\n{stderr}");
    for bad in ["Pattern verification failed", "failed", "error", "Error"] {
        assert!(!stdout.contains(bad) && !stderr.contains(bad), "`{bad}` in:\n{stdout}\n{stderr}");
    }
    // The file really holds the pattern (qemu verified through riouring;
    // check the bytes on disk independently, at a few places).
    let data = std::fs::read(&img).expect("read image");
    let byte = u8::from_str_radix(&pattern[2..], 16).expect("pattern");
    for off in [0, 4096, 128 * MIB as usize + 17, 256 * MIB as usize - 1] {
        assert_eq!(data[off], byte, "byte {off}");
    }
    assert!(data.iter().all(|&b| b == byte), "the image is not all {pattern}");
}

#[test]
fn qemu_io_pattern_page_cache() {
    if !qemu_tools() {
        return;
    }
    qemu_io_pattern(false);
}

#[test]
fn qemu_io_pattern_o_direct() {
    if !qemu_tools() {
        return;
    }
    qemu_io_pattern(true);
}

/// 64 MiB of xorshift bytes: incompressible, no zero runs for qemu to skip.
fn noise(len: usize, mut x: u64) -> Vec<u8> {
    let mut v = Vec::with_capacity(len);
    while v.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v.extend_from_slice(&x.to_le_bytes());
    }
    v.truncate(len);
    v
}

fn qemu_img_convert(direct: bool) {
    let dir = scratch_dir();
    let src = dir.path().join("src.raw");
    let dst = dir.path().join("dst.raw");
    let data = noise(64 * MIB as usize, 0x9e37_79b9_7f4a_7c15 ^ direct as u64);
    std::fs::write(&src, &data).expect("write source");
    std::fs::File::create(&dst).expect("create target").set_len(64 * MIB).expect("size target");
    let spec = |p: &Path| {
        let mut s = format!("driver=raw,file.driver=file,file.filename={},file.aio=io_uring", p.display());
        if direct {
            s.push_str(",cache.direct=on");
        }
        s
    };
    let mut cmd = Command::new("qemu-img");
    cmd.args(["convert", "-n", "--image-opts", "--target-image-opts"]).arg(spec(&src)).arg(spec(&dst));
    run_on_riouring(&mut cmd, dir.path());
    let copy = std::fs::read(&dst).expect("read target");
    assert_eq!(copy.len(), data.len());
    assert!(copy == data, "the copy differs from the source");
}

#[test]
fn qemu_img_convert_bit_for_bit() {
    if !qemu_tools() {
        return;
    }
    qemu_img_convert(false);
}

#[test]
fn qemu_img_convert_bit_for_bit_o_direct() {
    if !qemu_tools() {
        return;
    }
    qemu_img_convert(true);
}
