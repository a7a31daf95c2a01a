//! What this kernel's io_uring supports, and riouring working end to end.
//!
//! Prints the kernel version, every `IORING_FEAT_*` bit, which
//! `IORING_SETUP_*` flags the kernel accepts, every opcode with its name and
//! whether the kernel supports it, then runs a short end-to-end check: NOP
//! round trips and a file read through the ring.
//!
//! Run it with `cargo run --release --example probe`.

use riouring::{Params, Ring, Timespec, sys};
use std::io::{self, Write};
use std::time::Instant;

fn names_with_prefix(prefix: &str) -> Vec<(&'static str, i128)> {
    let mut v: Vec<_> = sys::ALL_CONSTANTS
        .iter()
        .copied()
        .filter(|(n, _)| n.starts_with(prefix) && !n.ends_with("_LAST") && !n.ends_with("_MASK"))
        .collect();
    v.sort_by_key(|&(_, val)| val);
    v
}

fn kernel_release() -> String {
    std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map_or_else(|_| "unknown".into(), |s| s.trim().into())
}

/// The flags a setup flag needs beside it to be valid on its own.
fn companions(flag: u32) -> u32 {
    use sys::*;
    match flag {
        IORING_SETUP_SQ_AFF => IORING_SETUP_SQPOLL,
        IORING_SETUP_TASKRUN_FLAG => IORING_SETUP_COOP_TASKRUN,
        IORING_SETUP_DEFER_TASKRUN => IORING_SETUP_SINGLE_ISSUER,
        IORING_SETUP_REGISTERED_FD_ONLY => IORING_SETUP_NO_MMAP,
        IORING_SETUP_HYBRID_IOPOLL => IORING_SETUP_IOPOLL,
        IORING_SETUP_SQ_REWIND => IORING_SETUP_NO_SQARRAY,
        _ => 0,
    }
}

fn setup_flag_accepted(flag: u32) -> Result<(), io::Error> {
    use sys::*;
    let mut p = Params::new().flags(flag | companions(flag));
    match flag {
        IORING_SETUP_CQSIZE => p = p.cq_entries(64),
        IORING_SETUP_ATTACH_WQ => {
            let other = Ring::new(2)?;
            p = p.attach_wq(other.as_raw_fd());
            return Ring::with_params(8, &mut p).map(drop);
        }
        _ => {}
    }
    Ring::with_params(8, &mut p).map(drop)
}

fn main() -> io::Result<()> {
    let out = io::stdout();
    let mut out = out.lock();
    writeln!(
        out,
        "riouring {} (liburing {}.{} API) on Linux {}",
        env!("CARGO_PKG_VERSION"),
        riouring::major_version(),
        riouring::minor_version(),
        kernel_release()
    )?;

    let ring = Ring::new(8)?;
    writeln!(out, "\nFeatures (IORING_FEAT_*), reported at setup:")?;
    for (name, val) in names_with_prefix("IORING_FEAT_") {
        let yes = ring.features() & val as u32 != 0;
        writeln!(out, "  {:<32} {}", name, if yes { "yes" } else { "no" })?;
    }

    writeln!(out, "\nSetup flags (IORING_SETUP_*), tried one by one:")?;
    for (name, val) in names_with_prefix("IORING_SETUP_") {
        let verdict = match setup_flag_accepted(val as u32) {
            Ok(()) => "accepted".to_string(),
            Err(e) => format!("rejected ({e})"),
        };
        writeln!(out, "  {:<32} {}", name, verdict)?;
    }

    let probe = ring.get_probe_ring()?;
    writeln!(out, "\nOpcodes (IORING_OP_*), from IORING_REGISTER_PROBE (last_op {}):", probe.last_op())?;
    let mut supported = 0;
    for op in 0..sys::IORING_OP_LAST {
        let name = riouring::opcode_name(op).unwrap_or("?");
        let yes = probe.is_supported(op);
        supported += yes as u32;
        writeln!(out, "  {:>2} {:<32} {}", op, name, if yes { "supported" } else { "not supported" })?;
    }
    writeln!(out, "  {supported} of {} opcodes supported", sys::IORING_OP_LAST)?;
    drop(probe);
    drop(ring);

    writeln!(out, "\nEnd-to-end check:")?;
    let mut ring = Ring::new(64)?;
    let n = 100_000u64;
    let t = Instant::now();
    let mut done = 0u64;
    let mut next = 0u64;
    while done < n {
        while next < n {
            let Some(sqe) = ring.get_sqe() else { break };
            sqe.prep_nop();
            sqe.set_data64(next);
            next += 1;
        }
        ring.submit_and_wait(1)?;
        for cqe in ring.completions() {
            assert_eq!(cqe.user_data(), done, "NOPs complete in order");
            cqe.result()?;
            done += 1;
        }
    }
    let per_op = t.elapsed().as_nanos() as f64 / n as f64;
    writeln!(out, "  {n} NOPs round-tripped in order ({per_op:.0} ns each)")?;

    let dir = std::env::temp_dir().join(format!("riouring-probe-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("data");
    let data: Vec<u8> = (0..64 * 1024u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    std::fs::write(&path, &data)?;
    let file = std::fs::File::open(&path)?;
    let mut buf = vec![0u8; data.len()];
    let sqe = ring.get_sqe().expect("SQ is empty");
    // SAFETY: `buf` and `file` outlive the read: its completion is reaped
    // below before either is dropped.
    unsafe { sqe.prep_read(std::os::fd::AsRawFd::as_raw_fd(&file), &mut buf, 0) };
    sqe.set_data64(1);
    ring.submit()?;
    let cqe = ring.wait_cqe_timeout(Some(&Timespec::new(5, 0)))?;
    ring.cqe_seen(&cqe);
    let read = cqe.result()? as usize;
    std::fs::remove_dir_all(&dir)?;
    if read != data.len() || buf != data {
        writeln!(out, "  file read through the ring: MISMATCH ({read} bytes)")?;
        std::process::exit(1);
    }
    writeln!(out, "  read {read} bytes of a file through the ring: contents match")?;
    writeln!(out, "\nio_uring works.")?;
    Ok(())
}
