//! Runs `riouring-bench --quick` into a temporary directory and checks that
//! the report has every table, every peer's numbers, and that they are
//! finite and positive (user-space times may be 0: this kernel's tick-based
//! accounting can attribute a short run's user time to no tick at all).
//! The TCP echo part builds and runs the release `ringserver`, `loadgen`
//! and `epoll-echo` binaries.

use std::process::Command;

/// The rows of the first table after `heading`, split into cells.
fn table_after(md: &str, heading: &str) -> Vec<Vec<String>> {
    let start = md.find(&format!("\n{heading}\n")).unwrap_or_else(|| panic!("no section {heading:?}"));
    let rest = &md[start + heading.len() + 2..];
    let rest = &rest[..rest.find("\n## ").unwrap_or(rest.len())];
    rest.lines()
        .filter(|l| l.starts_with('|'))
        .skip(2) // header and separator
        .map(|l| l.trim_matches('|').split(" | ").map(|c| c.trim().to_string()).collect())
        .collect()
}

/// The leading number of a cell such as "57.3 (57.1–58.0)" or "1.938 M (..)".
fn number(cell: &str) -> Option<f64> {
    cell.split_whitespace().next()?.parse().ok()
}

fn check_number(cell: &str, what: &str, positive: bool) {
    let x = number(cell).unwrap_or_else(|| panic!("{what}: {cell:?} is not a number"));
    assert!(x.is_finite(), "{what}: {cell:?} is not finite");
    if positive {
        assert!(x > 0.0, "{what}: {cell:?} is not positive");
    } else {
        assert!(x >= 0.0, "{what}: {cell:?} is negative");
    }
}

/// A C liburing cell: a number when the harness was built, else "not installed".
fn check_c(cell: &str, what: &str, positive: bool) {
    if cfg!(has_liburing) {
        check_number(cell, what, positive);
    } else {
        assert_eq!(cell, "not installed", "{what}");
    }
}

/// A ratio cell: a finite number, positive for wall-clock ratios (user-time
/// ratios may be 0); "-" is allowed only where the peer has no number (C
/// liburing absent, or a 0 user time).
fn check_ratio(cell: &str, what: &str, may_be_missing: bool, positive: bool) {
    if cell == "-" {
        assert!(may_be_missing, "{what}: ratio missing");
    } else {
        check_number(cell, what, positive);
    }
}

#[test]
fn quick_mode_writes_a_complete_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = Command::new(env!("CARGO_BIN_EXE_riouring-bench"))
        .args(["--quick", "--out"])
        .arg(dir.path())
        .args(["--data-dir"])
        .arg(dir.path())
        .output()
        .expect("run riouring-bench");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "riouring-bench --quick failed: {stderr}");
    assert!(stderr.contains("done in"), "no final line on stderr: {stderr}");

    let md = std::fs::read_to_string(dir.path().join("BENCHMARKS.md")).expect("BENCHMARKS.md written");
    assert!(md.contains("cargo run --release -p riouring-bench -- --quick"), "command missing");
    assert!(!md.contains("failed:"), "a run failed:\n{md}");
    for needle in ["- CPU: ", "- Kernel: Linux ", "(bench/ratios.svg)", "## Findings"] {
        assert!(md.contains(needle), "missing {needle:?}");
    }
    let no_c = !cfg!(has_liburing);

    // NOP tables: 3 ring variants x 4 batch sizes.
    for (heading, wall) in
        [("## NOP batches: ns per op", true), ("## NOP batches: user-space ns per op", false)]
    {
        let rows = table_after(&md, heading);
        assert_eq!(rows.len(), 12, "{heading}");
        for r in &rows {
            assert_eq!(r.len(), 7, "{heading}: {r:?}");
            let what = format!("{heading} {} x{}", r[0], r[1]);
            check_number(&r[2], &what, wall);
            check_number(&r[3], &what, wall);
            check_c(&r[4], &what, wall);
            check_ratio(&r[5], &what, !wall, wall);
            check_ratio(&r[6], &what, no_c || !wall, wall);
        }
    }

    // Round trips: 3 ring variants x (ns, user ns).
    let rows = table_after(&md, "## Single NOP round trip");
    assert_eq!(rows.len(), 6);
    for r in &rows {
        let wall = r[1] == "ns per op";
        let what = format!("round trip {} {}", r[0], r[1]);
        check_number(&r[2], &what, wall);
        check_number(&r[3], &what, wall);
        check_c(&r[4], &what, wall);
        check_ratio(&r[5], &what, !wall, wall);
        check_ratio(&r[6], &what, no_c || !wall, wall);
    }

    // Reads: quick mode reads the 64 MiB file only: 2 QDs x 2 buffer kinds.
    let rows = table_after(&md, "## 4 KiB random reads from the page cache");
    assert_eq!(rows.len(), 4);
    for r in &rows {
        assert_eq!(r[0], "64 MiB");
        let what = format!("read QD {} fixed {}", r[1], r[2]);
        check_number(&r[3], &what, true);
        check_number(&r[4], &what, true);
        check_c(&r[5], &what, true);
        check_ratio(&r[7], &what, false, true);
        check_ratio(&r[8], &what, no_c, true);
        if r[2] == "no" {
            check_number(&r[6], &what, true);
            check_ratio(&r[9], &what, false, true);
        } else {
            assert_eq!((r[6].as_str(), r[9].as_str()), ("-", "-"), "{what}: pread has no registered buffers");
        }
    }

    // TCP echo: ringserver and epoll server rows, then their ratios. The
    // user-space share may be 0 (tick-sampled, and small next to the
    // kernel's share), so its ratio may be missing.
    let rows = table_after(&md, "## TCP echo over loopback: ringserver and an epoll server");
    assert_eq!(rows.len(), 3, "{rows:?}");
    for (r, name) in rows.iter().zip(["ringserver (riouring)", "epoll server", "ringserver / epoll server"]) {
        assert_eq!(r.len(), 4, "{r:?}");
        assert_eq!(r[0], name);
        let what = format!("TCP echo {name}");
        check_number(&r[1], &format!("{what} msgs/s"), true);
        check_number(&r[2], &format!("{what} CPU per msg"), true);
        if name.contains('/') {
            check_ratio(&r[3], &format!("{what} user CPU per msg"), true, false);
        } else {
            check_number(&r[3], &format!("{what} user CPU per msg"), false);
        }
    }

    // Targets: 3 user-space rows, 3 round-trip rows, 2 read rows, TCP echo.
    let rows = table_after(&md, "## Targets");
    assert_eq!(rows.len(), 9);
    assert!(rows[8][0].starts_with("TCP echo"), "{:?}", rows[8]);
    assert!(["met", "missed"].contains(&rows[8][2].as_str()), "TCP echo target: {:?}", rows[8]);
    for r in &rows {
        assert!(
            ["met", "missed", "within noise (≤ 2 %)"].contains(&r[2].as_str())
                || (no_c && r[2] == "not measured"),
            "target {:?}: verdict {:?}",
            r[0],
            r[2]
        );
    }

    // Instruction counts: a table when valgrind is installed.
    let valgrind = Command::new("valgrind").arg("--version").output().is_ok_and(|o| o.status.success());
    let cg_heading = "## User-space instructions per NOP (callgrind)";
    if valgrind {
        let rows = table_after(&md, cg_heading);
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        check_number(&r[2], "riouring Ir/op", true);
        check_number(&r[3], "io-uring Ir/op", true);
        if no_c {
            assert_eq!(r[4], "not installed");
        } else {
            check_number(&r[4], "liburing Ir/op", true);
        }
    } else {
        assert!(md.contains("valgrind is not installed"), "the callgrind section must say why it is empty");
    }

    let svg =
        std::fs::read_to_string(dir.path().join("bench").join("ratios.svg")).expect("ratios.svg written");
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"), "not an SVG document");
    // One labelled row per case: 12 NOP (ns) + 12 NOP (user) + 3 round trips + 4 reads
    // + 2 TCP echo (time and server CPU per message).
    assert_eq!(svg.matches("text-anchor=\"end\"").count(), 33);
    assert!(svg.contains("vs epoll server: "), "no TCP echo bar");
    assert!(svg.contains("<rect x=\"230\""), "no bars");
}
