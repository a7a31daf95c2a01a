//! riouring-bench: riouring side by side with the `io-uring` crate and C
//! liburing, on this machine, in one run.
//!
//! ```text
//! cargo run --release -p riouring-bench -- [--quick|--full] [--out DIR] [--rounds N]
//!     [--data-dir DIR] [--no-callgrind] [--tcp-rounds N] [--tcp-ms N]
//! ```
//!
//! Writes `BENCHMARKS.md` and `bench/ratios.svg` under the output directory
//! (the repository root unless `--out` says otherwise).

mod callgrind;
mod peer_iouring;
mod peer_liburing;
mod peer_pread;
mod peer_riouring;
mod report;
mod stats;
mod sysinfo;
mod tcp;
mod timing;
mod workload;

use callgrind::Shape;
use peer_liburing::Unavailable;
use std::path::PathBuf;
use timing::Timing;
use workload::{Case, DataFile, Peer, ReadJob, Variant};

/// The NOP batch sizes measured.
pub const BATCHES: [u32; 4] = [1, 8, 32, 128];
/// The read queue depths measured.
pub const QDS: [u32; 2] = [1, 32];

/// How much of everything a run measures.
pub struct Config {
    pub quick: bool,
    pub rounds: usize,
    pub warmup: usize,
    /// NOPs per run for batch size 1 (larger batches run more, see `ops`).
    pub nop_ops: u64,
    pub rt_ops: u64,
    pub read_ops: usize,
    pub file_sizes: Vec<u64>,
    pub callgrind: Vec<(Shape, u64)>,
    pub callgrind_enabled: bool,
    /// TCP echo: measured rounds (each server once per round).
    pub tcp_rounds: usize,
    pub tcp_warmup: usize,
    /// TCP echo: how long loadgen runs against a server per round, ms.
    pub tcp_ms: u64,
}

impl Config {
    fn quick() -> Config {
        Config {
            quick: true,
            rounds: 3,
            warmup: 1,
            nop_ops: 20_000,
            rt_ops: 20_000,
            read_ops: 20_000,
            file_sizes: vec![64 << 20],
            callgrind: vec![(Shape::Batch32, 3200)],
            callgrind_enabled: true,
            tcp_rounds: 2,
            tcp_warmup: 1,
            tcp_ms: 300,
        }
    }

    fn full() -> Config {
        Config {
            quick: false,
            rounds: 9,
            warmup: 1,
            nop_ops: 1_500_000,
            rt_ops: 1_500_000,
            read_ops: 250_000,
            file_sizes: vec![64 << 20, 1 << 30],
            callgrind: vec![(Shape::Batch32, 320_000), (Shape::Batch1, 100_000), (Shape::RoundTrip, 100_000)],
            callgrind_enabled: true,
            tcp_rounds: 5,
            tcp_warmup: 1,
            tcp_ms: 3000,
        }
    }

    /// Ops per run of `case`: every NOP run takes roughly the same time.
    pub fn ops(&self, case: Case) -> u64 {
        match case {
            Case::Nop { batch, .. } => {
                let scale = match batch {
                    1 => 1,
                    8 => 3,
                    _ => 5,
                };
                let n = self.nop_ops * scale;
                n.div_ceil(batch as u64) * batch as u64
            }
            Case::RoundTrip { .. } => self.rt_ops,
            Case::Read { .. } => self.read_ops as u64,
        }
    }

    pub fn cases(&self) -> Vec<Case> {
        let mut v = Vec::new();
        for variant in Variant::ALL {
            for batch in BATCHES {
                v.push(Case::Nop { variant, batch });
            }
        }
        for variant in Variant::ALL {
            v.push(Case::RoundTrip { variant });
        }
        for file in 0..self.file_sizes.len() {
            for qd in QDS {
                for fixed in [false, true] {
                    v.push(Case::Read { file, qd, fixed });
                }
            }
        }
        v
    }
}

/// What one peer did in one case.
#[derive(Debug)]
pub enum Cell {
    /// One timing per round.
    Runs(Vec<Timing>),
    NotInstalled,
    Failed(String),
}

/// One case's results, riouring first.
pub struct CaseResult {
    pub case: Case,
    pub ops: u64,
    pub cells: Vec<(Peer, Cell)>,
}

impl CaseResult {
    pub fn runs(&self, p: Peer) -> Option<&[Timing]> {
        self.cells.iter().find(|(q, _)| *q == p).and_then(|(_, c)| match c {
            Cell::Runs(r) if !r.is_empty() => Some(r.as_slice()),
            _ => None,
        })
    }
}

/// Callgrind counts: per shape, per peer.
pub type CgResults = Vec<(Shape, u64, Vec<(Peer, Result<f64, String>)>)>;

struct Ctx {
    files: Vec<DataFile>,
    offsets: Vec<Vec<u64>>,
}

enum RunErr {
    NotInstalled,
    Failed(String),
}

fn c(r: Result<std::io::Result<Timing>, Unavailable>) -> Result<Timing, RunErr> {
    match r {
        Ok(r) => r.map_err(|e| RunErr::Failed(e.to_string())),
        Err(Unavailable) => Err(RunErr::NotInstalled),
    }
}

fn run_one(cfg: &Config, ctx: &Ctx, peer: Peer, case: Case) -> Result<Timing, RunErr> {
    let ops = cfg.ops(case);
    let rust = |r: std::io::Result<Timing>| r.map_err(|e| RunErr::Failed(e.to_string()));
    match case {
        Case::Nop { variant, batch } => match peer {
            Peer::Riouring => rust(peer_riouring::nop_batch(variant, batch, ops)),
            Peer::IoUring => rust(peer_iouring::nop_batch(variant, batch, ops)),
            Peer::Liburing => c(peer_liburing::nop_batch(variant, batch, ops)),
            Peer::Pread => Err(RunErr::Failed("no NOP for pread".into())),
        },
        Case::RoundTrip { variant } => match peer {
            Peer::Riouring => rust(peer_riouring::roundtrip(variant, ops)),
            Peer::IoUring => rust(peer_iouring::roundtrip(variant, ops)),
            Peer::Liburing => c(peer_liburing::roundtrip(variant, ops)),
            Peer::Pread => Err(RunErr::Failed("no NOP for pread".into())),
        },
        Case::Read { file, qd, fixed } => {
            let job = ReadJob { fd: ctx.files[file].fd(), offs: &ctx.offsets[file], qd, fixed };
            match peer {
                Peer::Riouring => rust(peer_riouring::read(&job)),
                Peer::IoUring => rust(peer_iouring::read(&job)),
                Peer::Liburing => c(peer_liburing::read(&job)),
                Peer::Pread => rust(peer_pread::read(&job)),
            }
        }
    }
}

/// A short name of a case, for the progress line and the chart.
pub fn case_label(cfg: &Config, case: Case) -> String {
    match case {
        Case::Nop { variant, batch } => format!("NOP x{batch} {}", variant.label()),
        Case::RoundTrip { variant } => format!("round trip {}", variant.label()),
        Case::Read { file, qd, fixed } => format!(
            "read {} QD{qd}{}",
            report::size_label(cfg.file_sizes[file]),
            if fixed { " fixed" } else { "" }
        ),
    }
}

fn progress(msg: &str) {
    eprint!("\r\x1b[K{msg}");
}

fn run_cases(cfg: &Config, ctx: &Ctx) -> Vec<CaseResult> {
    let cases = cfg.cases();
    let n = cases.len();
    let mut out = Vec::new();
    for (i, &case) in cases.iter().enumerate() {
        let peers = case.peers();
        let mut cells: Vec<(Peer, Cell)> = peers.iter().map(|&p| (p, Cell::Runs(Vec::new()))).collect();
        let label = case_label(cfg, case);
        for round in 0..cfg.warmup + cfg.rounds {
            let warm = round < cfg.warmup;
            for (p, cell) in cells.iter_mut() {
                if !matches!(cell, Cell::Runs(_)) {
                    continue;
                }
                progress(&format!(
                    "[{}/{n}] {label}: {} {}/{} {}",
                    i + 1,
                    if warm { "warm-up" } else { "round" },
                    if warm { round + 1 } else { round - cfg.warmup + 1 },
                    if warm { cfg.warmup } else { cfg.rounds },
                    p.label()
                ));
                match run_one(cfg, ctx, *p, case) {
                    Ok(t) => {
                        if !warm && let Cell::Runs(v) = cell {
                            v.push(t);
                        }
                    }
                    Err(RunErr::NotInstalled) => *cell = Cell::NotInstalled,
                    Err(RunErr::Failed(e)) => *cell = Cell::Failed(e),
                }
            }
        }
        out.push(CaseResult { case, ops: cfg.ops(case), cells });
    }
    progress("");
    out
}

fn run_callgrind(cfg: &Config) -> Result<CgResults, String> {
    if !cfg.callgrind_enabled {
        return Err("skipped (--no-callgrind)".into());
    }
    if callgrind::valgrind_version().is_none() {
        return Err("valgrind is not installed: no instruction counts".into());
    }
    let dir = std::env::temp_dir().join(format!("riouring-bench-cg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for &(shape, ops) in &cfg.callgrind {
        let mut row = Vec::new();
        for peer in [Peer::Riouring, Peer::IoUring, Peer::Liburing] {
            progress(&format!("callgrind: {} on {}", shape.label(), peer.label()));
            row.push((peer, callgrind::instructions_per_op(&dir, peer, shape, ops)));
        }
        out.push((shape, ops, row));
    }
    progress("");
    let _ = std::fs::remove_dir_all(&dir);
    Ok(out)
}

fn usage() -> ! {
    eprintln!(
        "usage: riouring-bench [--quick|--full] [--out DIR] [--rounds N] [--data-dir DIR] [--no-callgrind]\n       \
                              [--tcp-rounds N] [--tcp-ms N]\n       \
         riouring-bench --callgrind-nop <riouring|io-uring|liburing> <ops> [b32|b1|rt]"
    );
    std::process::exit(2)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--callgrind-nop") {
        let peer = args.get(1).and_then(|s| Peer::from_key(s)).unwrap_or_else(|| usage());
        let ops = args.get(2).and_then(|s| s.parse().ok()).unwrap_or_else(|| usage());
        let shape =
            args.get(3).map_or(Some(Shape::Batch32), |s| Shape::from_key(s)).unwrap_or_else(|| usage());
        std::process::exit(callgrind::child_main(peer, ops, shape));
    }
    let mut cfg = Config::full();
    let mut out_dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    let mut data_dir = std::env::temp_dir();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--quick" => cfg = Config { callgrind_enabled: cfg.callgrind_enabled, ..Config::quick() },
            "--full" => cfg = Config { callgrind_enabled: cfg.callgrind_enabled, ..Config::full() },
            "--out" => out_dir = it.next().map(PathBuf::from).unwrap_or_else(|| usage()),
            "--data-dir" => data_dir = it.next().map(PathBuf::from).unwrap_or_else(|| usage()),
            "--rounds" => cfg.rounds = it.next().and_then(|s| s.parse().ok()).unwrap_or_else(|| usage()),
            "--no-callgrind" => cfg.callgrind_enabled = false,
            "--tcp-rounds" => {
                cfg.tcp_rounds =
                    it.next().and_then(|s| s.parse().ok()).filter(|&n| n > 0).unwrap_or_else(|| usage())
            }
            "--tcp-ms" => {
                cfg.tcp_ms =
                    it.next().and_then(|s| s.parse().ok()).filter(|&n| n > 0).unwrap_or_else(|| usage())
            }
            _ => usage(),
        }
    }
    let start = std::time::Instant::now();
    let tmp = data_dir.join(format!("riouring-bench-data-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&tmp) {
        eprintln!("cannot create {}: {e}", tmp.display());
        std::process::exit(1);
    }
    let mut files = Vec::new();
    for &size in &cfg.file_sizes {
        progress(&format!("writing a {} data file", report::size_label(size)));
        match DataFile::create(&tmp.join(format!("data-{size}")), size) {
            Ok(f) => files.push(f),
            Err(e) => {
                eprintln!("\ncannot write the data file: {e}");
                let _ = std::fs::remove_dir_all(&tmp);
                std::process::exit(1);
            }
        }
    }
    let offsets = files.iter().map(|f| workload::offsets(f.size, cfg.read_ops)).collect();
    let ctx = Ctx { files, offsets };
    let results = run_cases(&cfg, &ctx);
    drop(ctx);
    let _ = std::fs::remove_dir_all(&tmp);
    let tcp =
        tcp::run(cfg.tcp_rounds, cfg.tcp_warmup, std::time::Duration::from_millis(cfg.tcp_ms), &progress);
    progress("");
    let cg = run_callgrind(&cfg);
    let info = sysinfo::collect();
    let elapsed = start.elapsed();
    match report::write(&out_dir, &cfg, &info, &results, &tcp, &cg, elapsed) {
        Ok(paths) => {
            eprintln!("done in {:.0} s; wrote {}", elapsed.as_secs_f64(), paths.join(", "));
        }
        Err(e) => {
            eprintln!("cannot write the report: {e}");
            std::process::exit(1);
        }
    }
}
