//! BENCHMARKS.md and bench/ratios.svg.

use crate::stats::{self, Metric, Summary};
use crate::sysinfo::SysInfo;
use crate::tcp::{self, Sample, Server, TcpResults};
use crate::workload::{Case, Peer, Variant};
use crate::{BATCHES, CaseResult, Cell, CgResults, Config, QDS, case_label};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

/// The hand-written findings, included verbatim.
const FINDINGS: &str = include_str!("findings.md");

/// Peers compared with riouring in the ratio columns.
const RIVALS: [Peer; 2] = [Peer::IoUring, Peer::Liburing];

/// "64 MiB", "1 GiB".
pub fn size_label(size: u64) -> String {
    if size >= 1 << 30 && size % (1 << 30) == 0 {
        format!("{} GiB", size >> 30)
    } else {
        format!("{} MiB", size >> 20)
    }
}

fn cell_text(r: &CaseResult, p: Peer, m: Metric, fmt: &dyn Fn(&Summary) -> String) -> String {
    match r.cells.iter().find(|(q, _)| *q == p).map(|(_, c)| c) {
        None => "-".into(),
        Some(Cell::NotInstalled) => "not installed".into(),
        Some(Cell::Failed(e)) => format!("failed: {e}"),
        Some(Cell::Runs(v)) if v.is_empty() => "-".into(),
        Some(Cell::Runs(v)) => fmt(&stats::summarize(v, r.ops, m)),
    }
}

fn ratio(r: &CaseResult, p: Peer, m: Metric) -> f64 {
    match (r.runs(Peer::Riouring), r.runs(p)) {
        (Some(a), Some(b)) => stats::ratio(a, b, r.ops, m),
        _ => f64::NAN,
    }
}

fn ratio_text(x: f64) -> String {
    if x.is_finite() { format!("{x:.2}") } else { "-".into() }
}

fn ns(s: &Summary, digits: usize) -> String {
    format!("{:.d$} ({:.d$}–{:.d$})", s.median, s.min, s.max, d = digits)
}

/// Throughput from ns per op: the median's inverse, the spread swapped.
fn mops(s: &Summary) -> String {
    format!("{:.3} M ({:.3}–{:.3})", 1e3 / s.median, 1e3 / s.max, 1e3 / s.min)
}

fn table(out: &mut String, head: &[&str], rows: &[Vec<String>]) {
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
    for r in rows {
        let _ = writeln!(out, "| {} |", r.join(" | "));
    }
    out.push('\n');
}

fn find(results: &[CaseResult], case: Case) -> Option<&CaseResult> {
    results.iter().find(|r| r.case == case)
}

fn peer_summary(r: &CaseResult, p: Peer, m: Metric) -> Option<Summary> {
    r.runs(p).map(|v| stats::summarize(v, r.ops, m))
}

fn nop_table(out: &mut String, results: &[CaseResult], m: Metric) {
    let digits = if m == Metric::Wall { 1 } else { 2 };
    let mut rows = Vec::new();
    for v in Variant::ALL {
        for b in BATCHES {
            let Some(r) = find(results, Case::Nop { variant: v, batch: b }) else { continue };
            let mut row = vec![v.label().to_string(), b.to_string()];
            for p in [Peer::Riouring, Peer::IoUring, Peer::Liburing] {
                row.push(cell_text(r, p, m, &|s| ns(s, digits)));
            }
            for p in RIVALS {
                row.push(ratio_text(ratio(r, p, m)));
            }
            rows.push(row);
        }
    }
    table(
        out,
        &["ring", "batch", "riouring", "io-uring crate", "C liburing", "riouring / io-uring", "riouring / C"],
        &rows,
    );
}

fn roundtrip_table(out: &mut String, results: &[CaseResult]) {
    let mut rows = Vec::new();
    for v in Variant::ALL {
        let Some(r) = find(results, Case::RoundTrip { variant: v }) else { continue };
        for (m, what) in [(Metric::Wall, "ns per op"), (Metric::User, "user ns per op")] {
            let digits = if m == Metric::Wall { 1 } else { 2 };
            let mut row = vec![v.label().to_string(), what.to_string()];
            for p in [Peer::Riouring, Peer::IoUring, Peer::Liburing] {
                row.push(cell_text(r, p, m, &|s| ns(s, digits)));
            }
            for p in RIVALS {
                row.push(ratio_text(ratio(r, p, m)));
            }
            rows.push(row);
        }
    }
    table(
        out,
        &[
            "ring",
            "metric",
            "riouring",
            "io-uring crate",
            "C liburing",
            "riouring / io-uring",
            "riouring / C",
        ],
        &rows,
    );
}

fn read_table(out: &mut String, cfg: &Config, results: &[CaseResult]) {
    let mut rows = Vec::new();
    for (file, &size) in cfg.file_sizes.iter().enumerate() {
        for qd in QDS {
            for fixed in [false, true] {
                let Some(r) = find(results, Case::Read { file, qd, fixed }) else { continue };
                let mut row =
                    vec![size_label(size), qd.to_string(), if fixed { "yes" } else { "no" }.to_string()];
                for p in [Peer::Riouring, Peer::IoUring, Peer::Liburing, Peer::Pread] {
                    row.push(cell_text(r, p, Metric::Wall, &mops));
                }
                for p in [Peer::IoUring, Peer::Liburing, Peer::Pread] {
                    row.push(ratio_text(ratio(r, p, Metric::Wall)));
                }
                rows.push(row);
            }
        }
    }
    table(
        out,
        &[
            "file",
            "QD",
            "registered buffers",
            "riouring ops/s",
            "io-uring crate ops/s",
            "C liburing ops/s",
            "pread loop ops/s",
            "riouring / io-uring",
            "riouring / C",
            "riouring / pread",
        ],
        &rows,
    );
}

fn callgrind_section(out: &mut String, cg: &Result<CgResults, String>) {
    match cg {
        Err(e) => {
            let _ = writeln!(out, "Not measured: {e}.\n");
        }
        Ok(rows) => {
            let mut t = Vec::new();
            for (shape, ops, cells) in rows {
                let mut row = vec![shape.label().to_string(), ops.to_string()];
                let get = |p: Peer| cells.iter().find(|(q, _)| *q == p).map(|(_, r)| r);
                for p in [Peer::Riouring, Peer::IoUring, Peer::Liburing] {
                    row.push(match get(p) {
                        Some(Ok(x)) => format!("{x:.1}"),
                        Some(Err(e)) => e.clone(),
                        None => "-".into(),
                    });
                }
                for p in RIVALS {
                    row.push(match (get(Peer::Riouring), get(p)) {
                        (Some(Ok(a)), Some(Ok(b))) if *b > 0.0 => format!("{:.2}", a / b),
                        _ => "-".into(),
                    });
                }
                t.push(row);
            }
            table(
                out,
                &[
                    "workload",
                    "ops",
                    "riouring Ir/op",
                    "io-uring crate Ir/op",
                    "C liburing Ir/op",
                    "riouring / io-uring",
                    "riouring / C",
                ],
                &t,
            );
        }
    }
}

/// A per-message value of a sample.
type SampleValue = fn(&Sample) -> f64;

/// `x` of a sample of the ring server's and of the epoll server's, per round.
fn tcp_values(rounds: &[tcp::Round], f: SampleValue) -> (Vec<f64>, Vec<f64>) {
    (rounds.iter().map(|r| f(&r.0)).collect(), rounds.iter().map(|r| f(&r.1)).collect())
}

/// Per-round ratios ring server / epoll server of `f`.
fn tcp_ratios(rounds: &[tcp::Round], f: SampleValue) -> Vec<f64> {
    rounds.iter().map(|r| f(&r.0) / f(&r.1)).filter(|x| x.is_finite()).collect()
}

/// "median (min–max)" of `v` with `d` digits, or "-" for no finite value.
fn spread(v: &[f64], d: usize) -> String {
    let m = stats::median(v);
    if !m.is_finite() {
        return "-".into();
    }
    let (lo, hi) = stats::min_max(v);
    format!("{m:.d$} ({lo:.d$}–{hi:.d$})")
}

/// Thousands of messages per second.
fn kmsgs(s: &Sample) -> f64 {
    s.msgs_per_sec() / 1e3
}

fn tcp_section(out: &mut String, t: &TcpResults) {
    let _ = writeln!(
        out,
        "{} client connections each send a {}-byte message of random bytes, wait until the whole \
         echo is back, check every byte, and repeat. The client is the `loadgen` example ({} \
         threads, each with its own ring); the servers are child processes from their release \
         builds, each with {} threads, one per core, pinned, each with its own `SO_REUSEPORT` \
         listener: the `ringserver` example (riouring: a `SINGLE_ISSUER | DEFER_TASKRUN` ring per \
         thread, multishot accept into direct descriptors, multishot receive from a \
         provided-buffer ring, one send per batch of replies) and `epoll-echo` (bench/src/bin: a \
         level-triggered epoll loop per thread, nonblocking sockets, one `read` and one `send` \
         per ready socket). Each round runs loadgen for {} ms against the ring server, then \
         against the epoll server, {} rounds after {} warm-up round; server and client share \
         this machine's cores. Messages per second are loadgen's count of checked round trips \
         over its run time; server CPU is the server process's `utime + stime` \
         (`/proc/<pid>/stat`, all threads, including the kernel work done in its threads: \
         loopback TCP runs in the sender's context) over the loadgen run, divided by the \
         messages. Median over the rounds, min–max in parentheses; the ratio row is the median \
         of the per-round ratios.\n",
        tcp::CONNECTIONS,
        tcp::MSG_SIZE,
        t.threads,
        t.threads,
        t.duration.as_millis(),
        t.rounds.as_ref().map_or(0, Vec::len),
        t.warmup
    );
    let rounds = match &t.rounds {
        Ok(r) if !r.is_empty() => r,
        Ok(_) => {
            let _ = writeln!(out, "Not measured: no rounds.\n");
            return;
        }
        Err(e) => {
            let _ = writeln!(out, "Not measured: failed: {e}.\n");
            return;
        }
    };
    let mut rows = Vec::new();
    let cols: [(SampleValue, usize); 3] =
        [(kmsgs, 1), (Sample::cpu_us_per_msg, 2), (Sample::user_us_per_msg, 3)];
    for (i, server) in [Server::Ring, Server::Epoll].into_iter().enumerate() {
        let mut row = vec![server.label().to_string()];
        for (f, d) in cols {
            let (a, b) = tcp_values(rounds, f);
            row.push(spread(if i == 0 { &a } else { &b }, d));
        }
        rows.push(row);
    }
    let mut row = vec!["ringserver / epoll server".to_string()];
    for (f, _) in cols {
        row.push(spread(&tcp_ratios(rounds, f), 3));
    }
    rows.push(row);
    table(out, &["server", "k msgs/s", "server CPU µs per msg", "of which user space µs per msg"], &rows);
}

/// The TCP echo target row: the ring server at least 1.15x the epoll
/// server's messages per second.
fn tcp_target(t: &TcpResults) -> Vec<String> {
    let (measured, ok) = match &t.rounds {
        Ok(r) if !r.is_empty() => {
            let (a, b) = tcp_values(r, kmsgs);
            let x = stats::median(&tcp_ratios(r, kmsgs));
            (
                format!(
                    "{:.1} k vs {:.1} k msgs/s (per-round ratio {x:.3})",
                    stats::median(&a),
                    stats::median(&b)
                ),
                x.is_finite().then_some(x >= 1.15),
            )
        }
        _ => ("-".into(), None),
    };
    vec![
        format!(
            "TCP echo, {} connections x {} B: ringserver ≥ 1.15x an epoll server's msgs/s",
            tcp::CONNECTIONS,
            tcp::MSG_SIZE
        ),
        measured,
        verdict(ok).into(),
    ]
}

fn verdict(ok: Option<bool>) -> &'static str {
    match ok {
        Some(true) => "met",
        Some(false) => "missed",
        None => "not measured",
    }
}

fn targets(out: &mut String, cfg: &Config, results: &[CaseResult], tcp: &TcpResults) {
    let mut rows = Vec::new();
    for v in Variant::ALL {
        let Some(r) = find(results, Case::Nop { variant: v, batch: 32 }) else { continue };
        let us = peer_summary(r, Peer::Riouring, Metric::User);
        let peers: Vec<Option<Summary>> = RIVALS.iter().map(|&p| peer_summary(r, p, Metric::User)).collect();
        let ok = us.map(|s| s.median <= 2.5 && peers.iter().all(|p| p.is_none_or(|p| s.median < p.median)));
        let measured = match us {
            Some(s) => format!(
                "riouring {:.2} ns (pooled {:.2}); io-uring crate {}; C liburing {}",
                s.median,
                s.pooled,
                peers[0].map_or("-".into(), |p| format!("{:.2}", p.median)),
                peers[1].map_or("-".into(), |p| format!("{:.2}", p.median)),
            ),
            None => "-".into(),
        };
        rows.push(vec![
            format!("user space ≤ 2.5 ns/op and below both peers, 32-NOP batches, {} ring", v.label()),
            measured,
            verdict(ok).into(),
        ]);
    }
    for v in Variant::ALL {
        let Some(r) = find(results, Case::RoundTrip { variant: v }) else { continue };
        let x = ratio(r, Peer::Liburing, Metric::Wall);
        let ours = peer_summary(r, Peer::Riouring, Metric::Wall);
        let theirs = peer_summary(r, Peer::Liburing, Metric::Wall);
        let measured = match (ours, theirs) {
            (Some(a), Some(b)) => format!("{:.1} ns vs {:.1} ns (ratio {:.3})", a.median, b.median, x),
            _ => "-".into(),
        };
        rows.push(vec![
            format!("single NOP round trip faster than C liburing, {} ring", v.label()),
            measured,
            verdict(x.is_finite().then_some(x < 1.0)).into(),
        ]);
    }
    for (file, &size) in cfg.file_sizes.iter().enumerate() {
        for fixed in [false, true] {
            let Some(r) = find(results, Case::Read { file, qd: 32, fixed }) else { continue };
            let x = ratio(r, Peer::Liburing, Metric::Wall);
            let ours = peer_summary(r, Peer::Riouring, Metric::Wall);
            let theirs = peer_summary(r, Peer::Liburing, Metric::Wall);
            let measured = match (ours, theirs) {
                (Some(a), Some(b)) => {
                    format!("{:.3} M/s vs {:.3} M/s (time ratio {:.3})", 1e3 / a.median, 1e3 / b.median, x)
                }
                _ => "-".into(),
            };
            let v = if !x.is_finite() {
                "not measured"
            } else if x <= 1.0 {
                "met"
            } else if x <= 1.02 {
                "within noise (≤ 2 %)"
            } else {
                "missed"
            };
            rows.push(vec![
                format!(
                    "page-cache reads at QD 32 at least as fast as C liburing, {}{}",
                    size_label(size),
                    if fixed { ", registered buffers" } else { "" }
                ),
                measured,
                v.into(),
            ]);
        }
    }
    rows.push(tcp_target(tcp));
    table(out, &["target (design.md section 9)", "measured (medians)", "verdict"], &rows);
}

fn markdown(
    cfg: &Config,
    info: &SysInfo,
    results: &[CaseResult],
    tcp: &TcpResults,
    cg: &Result<CgResults, String>,
    elapsed: Duration,
) -> String {
    let mode = if cfg.quick { "--quick" } else { "--full" };
    let mut o = String::new();
    let _ = writeln!(o, "# Benchmarks: riouring, the io-uring crate and C liburing\n");
    let _ = writeln!(
        o,
        "Generated by `cargo run --release -p riouring-bench -- {mode}` on {} ({:.0} s). \
         Every number below comes from that one run on this machine; re-run the command to \
         measure yours.\n",
        info.date,
        elapsed.as_secs_f64()
    );
    let _ = writeln!(o, "## Machine\n");
    let _ = writeln!(o, "- CPU: {} ({} cores)", info.cpu, info.cores);
    let _ = writeln!(o, "- Kernel: {}", info.kernel);
    let _ = writeln!(o, "- Rust: {}; C compiler: {}", info.rustc, info.cc);
    let _ = writeln!(
        o,
        "- Peers: io-uring crate {} (default features); C liburing: {}",
        info.io_uring, info.liburing
    );
    let _ = writeln!(o, "- valgrind: {}\n", info.valgrind.clone().unwrap_or_else(|| "not installed".into()));
    let _ = writeln!(o, "## Method\n");
    let _ = writeln!(
        o,
        "Each case runs every peer once per round, interleaved (riouring, io-uring crate, C liburing \
         [, pread], then again), {} rounds after {} warm-up round. A run sets up its own ring, then \
         times its loop: `CLOCK_MONOTONIC` for the wall clock and `getrusage(RUSAGE_SELF)` `ru_utime` \
         for user-space time, both divided by the run's op count. Tables give the median over the \
         rounds and the min–max spread in parentheses. A ratio is riouring's time divided by the \
         peer's in the same round, median over the rounds: below 1.00 riouring is faster.\n",
        cfg.rounds, cfg.warmup
    );
    let _ = writeln!(
        o,
        "This kernel accounts CPU time by ticks (`CONFIG_TICK_CPU_ACCOUNTING`), so the user/system \
         split of one run is a sample of ticks, coarse at a few nanoseconds per op; the callgrind \
         instruction counts below are the exact measure of user-space work.\n"
    );
    let _ = writeln!(
        o,
        "Workloads: NOPs in batches (get an SQE and prep a NOP `batch` times, one \
         `submit_and_wait(batch)`, reap and check every completion; each library's batch interface \
         for batches above 1: riouring's `sq_batch`, the io-uring crate's `SubmissionQueue`, \
         liburing's `io_uring_get_sqe`), {} NOPs per run for batches of \
         1; single NOP round trips (`submit_and_wait(1)`, `wait_cqe`, `cqe_seen`), {} per run; \
         4 KiB random reads from a file in the page cache, {} per run, the same offsets for every \
         peer (splitmix64, fixed seed), each block's tag checked, QD 1 and 32, with and without \
         registered buffers, on a default ring. Ring variants: default (no flags), SI+DT \
         (`IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN`), SI+DT+reg fd (also \
         `register_ring_fd`).\n",
        cfg.ops(Case::Nop { variant: Variant::Default, batch: 1 }),
        cfg.rt_ops,
        cfg.read_ops
    );
    let _ = writeln!(o, "## Targets\n");
    targets(&mut o, cfg, results, tcp);
    let _ = writeln!(o, "## NOP batches: ns per op\n");
    nop_table(&mut o, results, Metric::Wall);
    let _ = writeln!(o, "## NOP batches: user-space ns per op\n");
    nop_table(&mut o, results, Metric::User);
    let _ = writeln!(o, "## Single NOP round trip\n");
    roundtrip_table(&mut o, results);
    let _ = writeln!(o, "## 4 KiB random reads from the page cache\n");
    let _ = writeln!(o, "Ratios are of time per read (below 1.00: riouring reads faster).\n");
    read_table(&mut o, cfg, results);
    let _ = writeln!(o, "## TCP echo over loopback: ringserver and an epoll server\n");
    tcp_section(&mut o, tcp);
    let _ = writeln!(o, "## User-space instructions per NOP (callgrind)\n");
    let _ = writeln!(
        o,
        "`valgrind --tool=callgrind` runs this binary in `--callgrind-nop <peer> <ops> <shape>` mode; \
         the total Ir of a run with 0 ops (process start, ring setup and teardown) is subtracted \
         and the rest divided by the op count. Only user-space instructions are counted.\n"
    );
    callgrind_section(&mut o, cg);
    let _ = writeln!(o, "## Ratios\n");
    let _ = writeln!(o, "![riouring time / peer time, per case](bench/ratios.svg)\n");
    let _ = writeln!(o, "## Findings\n");
    o.push_str(FINDINGS.trim_end());
    o.push('\n');
    o
}

/// Whom a bar of the chart compares with.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rival {
    Peer(Peer),
    /// The epoll server of the TCP echo workload.
    Epoll,
}

impl Rival {
    const ALL: [Rival; 3] = [Rival::Peer(RIVALS[0]), Rival::Peer(RIVALS[1]), Rival::Epoll];

    fn label(self) -> &'static str {
        match self {
            Rival::Peer(p) => p.label(),
            Rival::Epoll => "epoll server",
        }
    }

    fn color(self) -> &'static str {
        match self {
            Rival::Peer(Peer::IoUring) => "#4477aa",
            Rival::Peer(_) => "#ee7733",
            Rival::Epoll => "#228833",
        }
    }
}

/// One bar group of the chart: a label and (rival, ratio) bars.
struct Row {
    label: String,
    bars: Vec<(Rival, f64)>,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn svg(groups: &[(String, Vec<Row>)]) -> String {
    let (left, plot_w, row_h, bar_h, head_h, top) = (230.0, 560.0, 20.0, 8.0, 26.0, 50.0);
    let max = groups
        .iter()
        .flat_map(|(_, rows)| rows.iter().flat_map(|r| r.bars.iter().map(|b| b.1)))
        .filter(|x| x.is_finite())
        .fold(1.25f64, f64::max);
    // Ratios beyond 2 (noisy user times of short runs) are clipped; their
    // label still gives the value.
    let xmax = ((max * 4.0).ceil() / 4.0).min(2.0);
    let nrows: usize = groups.iter().map(|(_, r)| r.len()).sum();
    let height = top + groups.len() as f64 * head_h + nrows as f64 * row_h + 40.0;
    let width = left + plot_w + 70.0;
    let x = |v: f64| left + v / xmax * plot_w;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"11\">"
    );
    let _ = writeln!(s, "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
    let _ = writeln!(
        s,
        "<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">riouring time / peer time \
         (median of per-round ratios; below 1: riouring faster)</text>"
    );
    for (i, p) in Rival::ALL.iter().enumerate() {
        let lx = left + i as f64 * 170.0;
        let _ = writeln!(
            s,
            "<rect x=\"{lx}\" y=\"28\" width=\"12\" height=\"10\" fill=\"{}\"/><text x=\"{}\" y=\"37\">vs {}</text>",
            p.color(),
            lx + 16.0,
            esc(p.label())
        );
    }
    let plot_top = top;
    let plot_bottom = height - 30.0;
    let mut t = 0.0;
    while t <= xmax + 1e-9 {
        let gx = x(t);
        let stroke =
            if (t - 1.0).abs() < 1e-9 { "stroke=\"#000\" stroke-width=\"1.5\"" } else { "stroke=\"#ddd\"" };
        let _ = writeln!(
            s,
            "<line x1=\"{gx:.1}\" y1=\"{plot_top}\" x2=\"{gx:.1}\" y2=\"{plot_bottom}\" {stroke}/>"
        );
        let _ = writeln!(
            s,
            "<text x=\"{gx:.1}\" y=\"{}\" text-anchor=\"middle\">{t:.2}</text>",
            plot_bottom + 14.0
        );
        t += 0.25;
    }
    let mut y = top;
    for (title, rows) in groups {
        let _ = writeln!(s, "<text x=\"10\" y=\"{}\" font-weight=\"bold\">{}</text>", y + 17.0, esc(title));
        y += head_h;
        for r in rows {
            let _ = writeln!(
                s,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                left - 6.0,
                y + 13.0,
                esc(&r.label)
            );
            for (i, (p, v)) in r.bars.iter().enumerate() {
                let by = y + 2.0 + i as f64 * (bar_h + 1.0);
                if v.is_finite() {
                    let w = (x(v.min(xmax)) - left).max(0.5);
                    let _ = writeln!(
                        s,
                        "<rect x=\"{left}\" y=\"{by:.1}\" width=\"{w:.1}\" height=\"{bar_h}\" fill=\"{}\"><title>{} vs {}: {v:.3}</title></rect>",
                        p.color(),
                        esc(&r.label),
                        esc(p.label())
                    );
                    let _ = writeln!(
                        s,
                        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"8\">{v:.2}</text>",
                        left + w + 3.0,
                        by + 7.5
                    );
                } else {
                    let _ = writeln!(
                        s,
                        "<text x=\"{}\" y=\"{:.1}\" font-size=\"8\">n/a</text>",
                        left + 3.0,
                        by + 7.5
                    );
                }
            }
            y += row_h;
        }
    }
    s.push_str("</svg>\n");
    s
}

fn chart(cfg: &Config, results: &[CaseResult], tcp: &TcpResults) -> String {
    let rows_for = |pred: &dyn Fn(Case) -> bool, m: Metric| -> Vec<Row> {
        results
            .iter()
            .filter(|r| pred(r.case))
            .map(|r| Row {
                label: case_label(cfg, r.case),
                bars: RIVALS.iter().map(|&p| (Rival::Peer(p), ratio(r, p, m))).collect(),
            })
            .collect()
    };
    let groups = vec![
        ("NOP batches, ns per op".to_string(), rows_for(&|c| matches!(c, Case::Nop { .. }), Metric::Wall)),
        (
            "NOP batches, user-space ns per op".to_string(),
            rows_for(&|c| matches!(c, Case::Nop { .. }), Metric::User),
        ),
        (
            "Single NOP round trip, ns per op".to_string(),
            rows_for(&|c| matches!(c, Case::RoundTrip { .. }), Metric::Wall),
        ),
        (
            "4 KiB page-cache reads, time per read".to_string(),
            rows_for(&|c| matches!(c, Case::Read { .. }), Metric::Wall),
        ),
    ];
    let mut groups = groups;
    // TCP echo: time per message is the inverse of msgs/s, so the bar is
    // the epoll server's msgs/s over the ring server's, per round.
    let (time, cpu) = match &tcp.rounds {
        Ok(r) if !r.is_empty() => (
            stats::median(&r.iter().map(|(a, b)| b.msgs_per_sec() / a.msgs_per_sec()).collect::<Vec<_>>()),
            stats::median(&tcp_ratios(r, Sample::cpu_us_per_msg)),
        ),
        _ => (f64::NAN, f64::NAN),
    };
    groups.push((
        format!("TCP echo, {} connections x {} B (ringserver)", tcp::CONNECTIONS, tcp::MSG_SIZE),
        vec![
            Row { label: "time per message".into(), bars: vec![(Rival::Epoll, time)] },
            Row { label: "server CPU per message".into(), bars: vec![(Rival::Epoll, cpu)] },
        ],
    ));
    svg(&groups)
}

/// Write `BENCHMARKS.md` and `bench/ratios.svg` under `dir`; the paths written.
pub fn write(
    dir: &Path,
    cfg: &Config,
    info: &SysInfo,
    results: &[CaseResult],
    tcp: &TcpResults,
    cg: &Result<CgResults, String>,
    elapsed: Duration,
) -> std::io::Result<Vec<String>> {
    std::fs::create_dir_all(dir.join("bench"))?;
    let md = dir.join("BENCHMARKS.md");
    let sv = dir.join("bench").join("ratios.svg");
    std::fs::write(&md, markdown(cfg, info, results, tcp, cg, elapsed))?;
    std::fs::write(&sv, chart(cfg, results, tcp))?;
    Ok(vec![md.display().to_string(), sv.display().to_string()])
}
