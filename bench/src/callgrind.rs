//! User-space instructions per NOP, counted by callgrind.
//!
//! The bench binary runs itself under `valgrind --tool=callgrind` in a
//! special mode (`--callgrind-nop <peer> <ops> [shape]`) that sets up one
//! ring and runs one NOP workload. Callgrind counts only user-space
//! instructions (the kernel runs natively). A second run of the same binary
//! with 0 ops counts everything but the loop (process start, ring setup and
//! teardown); the difference divided by the op count is the loop's cost per
//! NOP, in riouring, the io-uring crate or liburing.so plus the harness.

use crate::peer_liburing::Unavailable;
use crate::workload::{Peer, Variant};
use crate::{peer_iouring, peer_liburing, peer_riouring};
use std::path::Path;
use std::process::Command;

/// The NOP workloads counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Batches of 32 on a default ring.
    Batch32,
    /// Batches of 1 on a default ring.
    Batch1,
    /// Single round trips on a SINGLE_ISSUER|DEFER_TASKRUN ring with its fd registered.
    RoundTrip,
}

impl Shape {
    pub const ALL: [Shape; 3] = [Shape::Batch32, Shape::Batch1, Shape::RoundTrip];

    pub fn key(self) -> &'static str {
        match self {
            Shape::Batch32 => "b32",
            Shape::Batch1 => "b1",
            Shape::RoundTrip => "rt",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Shape::Batch32 => "NOP, batches of 32, default ring",
            Shape::Batch1 => "NOP, batches of 1, default ring",
            Shape::RoundTrip => "NOP round trip, SI+DT+reg fd ring",
        }
    }

    pub fn from_key(s: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|x| x.key() == s)
    }
}

/// The child side: run `ops` NOPs of `shape` on `peer`; the exit status.
pub fn child_main(peer: Peer, ops: u64, shape: Shape) -> i32 {
    let r = match (peer, shape) {
        (Peer::Riouring, Shape::Batch32) => peer_riouring::nop_batch(Variant::Default, 32, ops).map(|_| ()),
        (Peer::Riouring, Shape::Batch1) => peer_riouring::nop_batch(Variant::Default, 1, ops).map(|_| ()),
        (Peer::Riouring, Shape::RoundTrip) => peer_riouring::roundtrip(Variant::SiDtReg, ops).map(|_| ()),
        (Peer::IoUring, Shape::Batch32) => peer_iouring::nop_batch(Variant::Default, 32, ops).map(|_| ()),
        (Peer::IoUring, Shape::Batch1) => peer_iouring::nop_batch(Variant::Default, 1, ops).map(|_| ()),
        (Peer::IoUring, Shape::RoundTrip) => peer_iouring::roundtrip(Variant::SiDtReg, ops).map(|_| ()),
        (Peer::Liburing, s) => {
            let r = match s {
                Shape::Batch32 => peer_liburing::nop_batch(Variant::Default, 32, ops),
                Shape::Batch1 => peer_liburing::nop_batch(Variant::Default, 1, ops),
                Shape::RoundTrip => peer_liburing::roundtrip(Variant::SiDtReg, ops),
            };
            match r {
                Ok(r) => r.map(|_| ()),
                Err(Unavailable) => {
                    eprintln!("liburing not installed");
                    return 3;
                }
            }
        }
        (Peer::Pread, _) => {
            eprintln!("pread has no NOP workload");
            return 2;
        }
    };
    match r {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{e}");
            1
        }
    }
}

/// Whether valgrind can be run.
pub fn valgrind_version() -> Option<String> {
    let out = Command::new("valgrind").arg("--version").output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn spawn(dir: &Path, tag: &str, peer: Peer, ops: u64, shape: Shape) -> Result<std::process::Child, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", dir.join(format!("{tag}.out")).display()))
        .arg(&exe)
        .arg("--callgrind-nop")
        .arg(peer.key())
        .arg(ops.to_string())
        .arg(shape.key())
        // Resolve every symbol at start, so the 0-op baseline pays the same
        // dynamic-linker work as the measured run.
        .env("LD_BIND_NOW", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(dir.join(format!("{tag}.log"))).map_err(|e| e.to_string())?)
        .spawn()
        .map_err(|e| format!("cannot run valgrind: {e}"))
}

fn total_ir(dir: &Path, tag: &str) -> Result<u64, String> {
    let text = std::fs::read_to_string(dir.join(format!("{tag}.out"))).map_err(|e| e.to_string())?;
    text.lines()
        .find_map(|l| l.strip_prefix("summary:").or_else(|| l.strip_prefix("totals:")))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("no instruction total in {tag}.out"))
}

/// Instructions per NOP of `shape` on `peer`: (Ir(ops) - Ir(0)) / ops.
/// Runs the two valgrind processes side by side.
pub fn instructions_per_op(dir: &Path, peer: Peer, shape: Shape, ops: u64) -> Result<f64, String> {
    let tag = format!("{}-{}", peer.key(), shape.key());
    let mut run = spawn(dir, &format!("{tag}-n"), peer, ops, shape)?;
    let mut base = spawn(dir, &format!("{tag}-0"), peer, 0, shape)?;
    let (a, b) = (run.wait().map_err(|e| e.to_string())?, base.wait().map_err(|e| e.to_string())?);
    for (st, t) in [(a, "n"), (b, "0")] {
        if st.code() == Some(3) {
            return Err("not installed".into());
        }
        if !st.success() {
            let log = std::fs::read_to_string(dir.join(format!("{tag}-{t}.log"))).unwrap_or_default();
            let last = log.lines().rev().find(|l| !l.starts_with("==")).unwrap_or("").to_string();
            return Err(format!("valgrind run failed ({st}): {last}"));
        }
    }
    let (n, z) = (total_ir(dir, &format!("{tag}-n"))?, total_ir(dir, &format!("{tag}-0"))?);
    Ok((n as f64 - z as f64) / ops as f64)
}
