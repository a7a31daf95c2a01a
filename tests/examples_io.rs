//! The example programs of `examples/` (liburing's examples in Rust), run as
//! built binaries on real files: copies must be byte-identical, readers must
//! report the file's size, digests must match coreutils', benchmarks must
//! report a positive rate, and bad arguments must give the documented exit
//! codes and messages.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;

#[path = "support/examples.rs"]
mod examples;
use examples::example;
use std::time::Duration;

/// No example run may take longer than this (they take milliseconds).
const LIMIT: Duration = Duration::from_secs(60);

/// Run example `name` with `args`, killing it if it outlives [`LIMIT`].
fn run<S: AsRef<std::ffi::OsStr>>(name: &str, args: &[S]) -> Output {
    let child = Command::new(example(name))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn example");
    let pid = child.id() as libc::pid_t;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(LIMIT) {
        Ok(out) => out.expect("wait for example"),
        Err(_) => {
            // SAFETY: kill(2) on the child we spawned (not yet reaped, since
            // the waiting thread has not returned).
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("{name} did not finish within {LIMIT:?}");
        }
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Assert a successful run, showing its output otherwise.
fn ok(name: &str, o: &Output) {
    assert!(
        o.status.success(),
        "{name} failed ({:?}):\nstdout: {}\nstderr: {}",
        o.status,
        stdout(o),
        stderr(o)
    );
}

/// `n` random bytes.
fn random_bytes(n: usize) -> Vec<u8> {
    let mut v = vec![0u8; n];
    std::fs::File::open("/dev/urandom").unwrap().read_exact(&mut v).unwrap();
    v
}

/// A file of `n` random bytes in `dir`.
fn random_file(dir: &Path, name: &str, n: usize) -> (PathBuf, Vec<u8>) {
    let p = dir.join(name);
    let data = random_bytes(n);
    std::fs::write(&p, &data).unwrap();
    (p, data)
}

/// Sizes every copy is tried with: empty, one byte, around block sizes,
/// not a multiple of any block size, and several MiB.
const SIZES: &[usize] = &[0, 1, 511, 4096, 32 * 1024, 32 * 1024 + 7, 100_003, 3 * 1024 * 1024 + 12_345];

/// The number after `key` in `text` (`bytes=123`, `events/s: 456`).
fn number_after(text: &str, key: &str) -> u64 {
    let i = text.find(key).unwrap_or_else(|| panic!("no {key:?} in {text:?}")) + key.len();
    let digits: String = text[i..].trim_start().chars().take_while(char::is_ascii_digit).collect();
    digits.parse().unwrap_or_else(|_| panic!("no number after {key:?} in {text:?}"))
}

// ---------------------------------------------------------------------------
// Copies

fn check_copier(name: &str, extra: &[&str]) {
    let dir = tempfile::TempDir::new().unwrap();
    for &n in SIZES {
        let (src, data) = random_file(dir.path(), &format!("src-{n}"), n);
        let dst = dir.path().join(format!("dst-{n}"));
        // A longer file already in the way must be truncated, not kept.
        std::fs::write(&dst, random_bytes(n + 5000)).unwrap();
        let mut args: Vec<std::ffi::OsString> = extra.iter().map(Into::into).collect();
        args.push(src.into());
        args.push(dst.clone().into());
        let o = run(name, &args);
        ok(name, &o);
        let copied = std::fs::read(&dst).unwrap();
        assert_eq!(copied.len(), data.len(), "{name} {extra:?}: size of a {n}-byte copy");
        assert!(copied == data, "{name} {extra:?}: a {n}-byte copy differs");
    }
}

#[test]
fn io_uring_cp_copies_byte_identical() {
    check_copier("io_uring-cp", &[]);
    // Tiny queue and odd block size: many blocks recycled, unaligned ends.
    check_copier("io_uring-cp", &["--qd", "3", "--bs", "1000"]);
    check_copier("io_uring-cp", &["-q1", "-b", "1M"]);
}

#[test]
fn link_cp_copies_byte_identical() {
    check_copier("link-cp", &[]);
    check_copier("link-cp", &["--qd", "2", "--bs", "4097"]);
    check_copier("link-cp", &["--qd=7", "--bs=100k"]);
}

#[test]
fn ucontext_cp_copies_three_files_at_once() {
    let dir = tempfile::TempDir::new().unwrap();
    let sizes = [1usize, 100_003, 4 * 1024 * 1024 + 5];
    let mut args = Vec::new();
    let mut expect = Vec::new();
    for (i, &n) in sizes.iter().enumerate() {
        let (src, data) = random_file(dir.path(), &format!("src{i}"), n);
        let dst = dir.path().join(format!("dst{i}"));
        args.push(src.into_os_string());
        args.push(dst.clone().into_os_string());
        expect.push((dst, data));
    }
    let o = run("ucontext-cp", &args);
    ok("ucontext-cp", &o);
    let out = stdout(&o);
    assert!(out.contains("copying 3 files"), "{out}");
    assert!(out.contains("finished with 3 success(es) and 0 failure(s)"), "{out}");
    for (dst, data) in &expect {
        assert!(std::fs::read(dst).unwrap() == *data, "{} differs from its source", dst.display());
    }
}

#[test]
fn ucontext_cp_interleaves_copies_with_delays() {
    let dir = tempfile::TempDir::new().unwrap();
    let (a, da) = random_file(dir.path(), "a", 3 * 1000 + 1);
    let (b, db) = random_file(dir.path(), "b", 2 * 1000);
    let (ca, cb) = (dir.path().join("a.copy"), dir.path().join("b.copy"));
    let args = [
        "-v".into(),
        "--bs".into(),
        "1000".into(),
        "--delay-ms".into(),
        "5".into(),
        a.into_os_string(),
        ca.clone().into_os_string(),
        b.into_os_string(),
        cb.clone().into_os_string(),
    ];
    let o = run("ucontext-cp", &args);
    ok("ucontext-cp", &o);
    let out = stdout(&o);
    assert!(std::fs::read(&ca).unwrap() == da);
    assert!(std::fs::read(&cb).unwrap() == db);
    // Both copies made progress before either finished: the first line
    // reporting a copy done comes after both had waited at least once.
    let first_done = out.find(": done").expect("done lines");
    assert!(out[..first_done].contains("0: wait 5 ms"), "{out}");
    assert!(out[..first_done].contains("1: wait 5 ms"), "{out}");
    assert!(out.contains("0: writev 1 bytes at 3000"), "{out}");
}

#[test]
fn ucontext_cp_one_failure_does_not_stop_the_others() {
    let dir = tempfile::TempDir::new().unwrap();
    let (src, data) = random_file(dir.path(), "src", 50_000);
    let dst = dir.path().join("dst");
    let o = run("ucontext-cp", &[src.as_os_str(), "/dev/full".as_ref(), src.as_os_str(), dst.as_os_str()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("write /dev/full: No space left on device"), "{}", stderr(&o));
    assert!(stdout(&o).contains("finished with 1 success(es) and 1 failure(s)"), "{}", stdout(&o));
    assert!(std::fs::read(&dst).unwrap() == data);
}

#[test]
fn copiers_report_write_errors_and_refuse_bad_inputs() {
    let dir = tempfile::TempDir::new().unwrap();
    let (src, _) = random_file(dir.path(), "src", 70_000);
    for name in ["io_uring-cp", "link-cp", "ucontext-cp"] {
        // A destination that fills up.
        let o = run(name, &[src.as_os_str(), "/dev/full".as_ref()]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains("/dev/full: No space left on device"), "{name}: {}", stderr(&o));

        // Copying a file onto itself would truncate it first.
        let o = run(name, &[src.as_os_str(), src.as_os_str()]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains("are the same file"), "{name}: {}", stderr(&o));
        assert_eq!(std::fs::metadata(&src).unwrap().len(), 70_000, "{name} damaged its source");

        // A directory as the source.
        let o = run(name, &[dir.path().as_os_str(), dir.path().join("x").as_os_str()]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains("Is a directory"), "{name}: {}", stderr(&o));

        // A destination in a directory that does not exist.
        let bad = dir.path().join("no/such/dir/out");
        let o = run(name, &[src.as_os_str(), bad.as_os_str()]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        assert_eq!(
            stderr(&o).trim_end(),
            format!("{name}: {}: No such file or directory", bad.display()),
            "{name}"
        );
    }
}

// ---------------------------------------------------------------------------
// Readers

#[test]
fn io_uring_test_reports_the_file_size() {
    let dir = tempfile::TempDir::new().unwrap();
    for &n in &[0usize, 1, 4095, 4096, 16 * 1024, 12_345, 1024 * 1024 + 3] {
        let (p, _) = random_file(dir.path(), &format!("f{n}"), n);
        for extra in [&[][..], &["--buffered"][..], &["--qd", "1", "--bs", "512"][..]] {
            let mut args: Vec<std::ffi::OsString> = extra.iter().map(Into::into).collect();
            args.push(p.clone().into());
            let o = run("io_uring-test", &args);
            ok("io_uring-test", &o);
            let out = stdout(&o);
            assert_eq!(number_after(&out, "bytes="), n as u64, "{extra:?}: {out}");
            let (sub, comp) = (number_after(&out, "Submitted="), number_after(&out, "completed="));
            assert_eq!(sub, comp, "{out}");
            // At least one read per block (4 KiB by default, 512 B with --bs).
            let bs = if extra.contains(&"512") { 512 } else { 4096 };
            assert!(sub >= n.div_ceil(bs) as u64, "{extra:?}: {out}");
        }
    }
}

#[test]
fn io_uring_close_test_reads_through_a_closed_ring_fd() {
    let dir = tempfile::TempDir::new().unwrap();
    for &n in &[0usize, 1, 12_345, 2 * 1024 * 1024 + 1] {
        let (p, _) = random_file(dir.path(), &format!("f{n}"), n);
        let o = run("io_uring-close-test", &[&p]);
        ok("io_uring-close-test", &o);
        let out = stdout(&o);
        assert!(out.contains("closed; the ring is entered through registered index"), "{out}");
        assert_eq!(number_after(&out, "bytes="), n as u64, "{out}");
        assert_eq!(number_after(&out, "Submitted="), number_after(&out, "completed="), "{out}");
    }
}

// ---------------------------------------------------------------------------
// kdigest

/// Whether this kernel has AF_ALG hash sockets.
fn af_alg_available() -> bool {
    // SAFETY: plain socket(2); the fd is closed right away.
    let fd = unsafe { libc::socket(libc::AF_ALG, libc::SOCK_SEQPACKET | libc::SOCK_CLOEXEC, 0) };
    if fd >= 0 {
        // SAFETY: our own fd.
        unsafe { libc::close(fd) };
        return true;
    }
    assert_eq!(std::io::Error::last_os_error().raw_os_error(), Some(libc::EAFNOSUPPORT));
    false
}

/// What coreutils' `tool` prints for `file`.
fn coreutils(tool: &str, file: &Path) -> String {
    let o = Command::new(tool).arg(file).output().unwrap_or_else(|e| panic!("{tool}: {e}"));
    assert!(o.status.success());
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn kdigest_matches_coreutils() {
    let dir = tempfile::TempDir::new().unwrap();
    let files: Vec<PathBuf> = [0usize, 1, 65_536, 200_001, 5 * 1024 * 1024 + 3]
        .iter()
        .map(|&n| random_file(dir.path(), &format!("f{n}"), n).0)
        .collect();

    if !af_alg_available() {
        // The kernel was built without CONFIG_CRYPTO_USER_API_HASH: the
        // program must say so and fail cleanly.
        let o = run("kdigest", &[&files[1]]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains("AF_ALG sockets are not available"), "{}", stderr(&o));
        println!(
            "skipped: kernel without AF_ALG hash sockets (CONFIG_CRYPTO_USER_API_HASH); checked the error path only"
        );
        return;
    }

    for (alg, tool) in [("sha256", "sha256sum"), ("md5", "md5sum"), ("sha1", "sha1sum")] {
        for f in &files {
            for extra in [&[][..], &["--qd", "3", "--bs", "1000"][..]] {
                let mut args: Vec<std::ffi::OsString> = vec!["-a".into(), alg.into()];
                args.extend(extra.iter().map(Into::into));
                args.push(f.clone().into());
                let o = run("kdigest", &args);
                ok("kdigest", &o);
                assert_eq!(stdout(&o), coreutils(tool, f), "{alg} {extra:?} of {}", f.display());
            }
        }
    }
    // Several files in one run, sha256 by default, a missing one reported
    // and skipped.
    let missing = dir.path().join("missing");
    let o = run("kdigest", &[files[2].as_os_str(), missing.as_os_str(), files[4].as_os_str()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), coreutils("sha256sum", &files[2]) + &coreutils("sha256sum", &files[4]));
    assert!(stderr(&o).contains(&format!("kdigest: {}: No such file or directory", missing.display())));
    // An algorithm the kernel does not have.
    let o = run("kdigest", &["-a", "no-such-hash", files[1].to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("'no-such-hash' is not available"), "{}", stderr(&o));
}

// ---------------------------------------------------------------------------
// Benchmarks and registered waits

#[test]
fn poll_bench_reports_events_per_second() {
    for mode in ["oneshot", "multishot"] {
        let o = run("poll-bench", &["--duration-ms", "200", "--mode", mode]);
        ok("poll-bench", &o);
        let out = stdout(&o);
        assert!(out.contains(&format!("mode={mode}")), "{out}");
        assert!(number_after(&out, "events=") > 0, "{out}");
        assert!(number_after(&out, "events/s:") > 0, "{out}");
        assert!(number_after(&out, "duration=") >= 200, "{out}");
    }
    let o = run("poll-bench", &["-d", "50", "-q", "1"]);
    ok("poll-bench", &o);
    assert!(number_after(&stdout(&o), "events/s:") > 0);
}

#[test]
fn rsrc_update_bench_reports_updates_per_second() {
    for mode in ["ring", "register"] {
        let o = run("rsrc-update-bench", &["--duration-ms", "200", "--mode", mode]);
        ok("rsrc-update-bench", &o);
        let out = stdout(&o);
        assert!(out.contains(&format!("mode={mode}")), "{out}");
        assert!(number_after(&out, "updates=") > 0, "{out}");
        assert!(number_after(&out, "updates/s:") > 0, "{out}");
    }
    let o = run("rsrc-update-bench", &["-d", "50", "--table", "1", "--qd", "5"]);
    ok("rsrc-update-bench", &o);
    assert!(number_after(&stdout(&o), "updates/s:") > 0);
}

#[test]
fn reg_wait_times_out_and_returns_early() {
    let o = run("reg-wait", &["--timeout-ms", "200"]);
    ok("reg-wait", &o);
    let out = stdout(&o);
    // The idle wait timed out, no earlier than its timeout.
    assert!(out.contains("slot 0: timeout 200 ms, nothing in flight: ETIME after"), "{out}");
    assert!(number_after(&out, "ETIME after") >= 199, "{out}");
    // The second wait returned with the one read that could complete.
    assert!(out.contains("waiting for 2 reads: 1 ready after"), "{out}");
    assert!(out.contains("(\"Hello\")"), "{out}");
}

// ---------------------------------------------------------------------------
// Command lines

const ALL: &[&str] = &[
    "io_uring-test",
    "io_uring-cp",
    "link-cp",
    "io_uring-close-test",
    "ucontext-cp",
    "kdigest",
    "poll-bench",
    "rsrc-update-bench",
    "reg-wait",
];

#[test]
fn help_and_unknown_options() {
    for name in ALL {
        for help in ["--help", "-h"] {
            let o = run(name, &[help]);
            assert_eq!(o.status.code(), Some(0), "{name} {help}");
            let out = stdout(&o);
            assert!(
                out.starts_with(&format!("Usage: {name} ")) || out.starts_with(&format!("Usage: {name}\n"))
            );
            assert!(out.contains("--help"), "{out}");
            assert!(o.stderr.is_empty());
        }
        let o = run(name, &["--no-such-option", "x", "y"]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        assert!(
            stderr(&o).starts_with(&format!("{name}: unknown option '--no-such-option'")),
            "{}",
            stderr(&o)
        );
        assert!(stderr(&o).contains("--help"));
    }
}

#[test]
fn bad_values_are_usage_errors() {
    let cases: &[(&str, &[&str])] = &[
        ("io_uring-test", &["--qd", "zero", "f"]),
        ("io_uring-test", &["--qd", "0", "f"]),
        ("io_uring-test", &["--bs", "1000", "f"]),
        ("io_uring-cp", &["--bs", "12q", "a", "b"]),
        ("io_uring-cp", &["--qd"]),
        ("link-cp", &["--qd", "1", "a", "b"]),
        ("io_uring-close-test", &["--bs=-4", "f"]),
        ("ucontext-cp", &["a", "b", "c"]),
        ("ucontext-cp", &["--delay-ms", "soon", "a", "b"]),
        ("kdigest", &["-a", "an-algorithm-name-far-too-long-for-the-sockaddr-alg-name-field-of-64", "f"]),
        ("poll-bench", &["--mode", "sometimes"]),
        ("poll-bench", &["--duration-ms", "1.5"]),
        ("rsrc-update-bench", &["--table", "0"]),
        ("reg-wait", &["--timeout-ms", "-1"]),
        ("reg-wait", &["extra"]),
        ("io_uring-cp", &["only-one"]),
        ("io_uring-test", &[]),
        ("kdigest", &[]),
    ];
    for (name, args) in cases {
        let o = run(name, args);
        assert_eq!(o.status.code(), Some(2), "{name} {args:?}: {}", stderr(&o));
        assert!(stderr(&o).starts_with(&format!("{name}: ")), "{}", stderr(&o));
        assert!(o.stdout.is_empty(), "{name} {args:?}");
    }
}

#[test]
fn missing_files_name_the_file() {
    let dir = tempfile::TempDir::new().unwrap();
    let missing = dir.path().join("does-not-exist");
    let out = dir.path().join("out");
    let m = missing.as_os_str();
    let cases: Vec<(&str, Vec<&std::ffi::OsStr>)> = vec![
        ("io_uring-test", vec![m]),
        ("io_uring-test", vec!["--buffered".as_ref(), m]),
        ("io_uring-close-test", vec![m]),
        ("io_uring-cp", vec![m, out.as_os_str()]),
        ("link-cp", vec![m, out.as_os_str()]),
        ("ucontext-cp", vec![m, out.as_os_str()]),
    ];
    for (name, args) in cases {
        let o = run(name, &args);
        assert_eq!(o.status.code(), Some(1), "{name}");
        assert_eq!(
            stderr(&o),
            format!("{name}: {}: No such file or directory\n", missing.display()),
            "{name}"
        );
    }
    // The copiers did not create the destination.
    assert!(!out.exists());
}
