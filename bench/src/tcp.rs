//! The TCP echo workload: the `ringserver` example against the bench's
//! `epoll-echo` server, both child processes from their release builds,
//! both driven by the same `loadgen` example over loopback.
//!
//! One run of a server: start it (`--port 0 --threads N`), read its port
//! from its first line, sample its CPU time (`utime` and `stime` of
//! `/proc/<pid>/stat`, every thread of the process), run `loadgen` against
//! it for the round's duration, sample the CPU time again, then stop the
//! server with SIGTERM and check its summary line: it must have echoed at
//! least every byte `loadgen` counted.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Client connections.
pub const CONNECTIONS: usize = 64;
/// Bytes per echo message.
pub const MSG_SIZE: usize = 64;

/// How long a server may take to print its port, or to exit after SIGTERM.
const STARTUP: Duration = Duration::from_secs(10);

/// Which server a run measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Server {
    /// The `ringserver` example (riouring: multishot accept and receive,
    /// provided-buffer ring, direct descriptors).
    Ring,
    /// The bench's `epoll-echo` binary.
    Epoll,
}

impl Server {
    pub fn label(self) -> &'static str {
        match self {
            Server::Ring => "ringserver (riouring)",
            Server::Epoll => "epoll server",
        }
    }
}

/// What one run of one server measured.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    /// Echo round trips loadgen completed and checked.
    pub msgs: u64,
    /// The time loadgen counted them in, seconds.
    pub secs: f64,
    /// The server's user-space CPU time during the run, ns.
    pub user_ns: u64,
    /// The server's kernel CPU time during the run, ns.
    pub sys_ns: u64,
}

impl Sample {
    pub fn msgs_per_sec(&self) -> f64 {
        self.msgs as f64 / self.secs
    }

    /// Server CPU (user + kernel) per message, µs.
    pub fn cpu_us_per_msg(&self) -> f64 {
        (self.user_ns + self.sys_ns) as f64 / 1e3 / self.msgs as f64
    }

    /// Server user-space CPU per message, µs.
    pub fn user_us_per_msg(&self) -> f64 {
        self.user_ns as f64 / 1e3 / self.msgs as f64
    }
}

/// One round: each server once, the ring server first.
pub type Round = (Sample, Sample);

/// The whole TCP part of a run.
pub struct TcpResults {
    /// Server threads (and loadgen threads).
    pub threads: usize,
    /// Each round's loadgen duration.
    pub duration: Duration,
    pub warmup: usize,
    /// The measured rounds, or why there are none.
    pub rounds: Result<Vec<Round>, String>,
}

/// The three binaries a run needs.
struct Binaries {
    ringserver: PathBuf,
    epoll: PathBuf,
    loadgen: PathBuf,
}

/// The release builds of the binaries, built first (a no-op when they are
/// up to date) with the Cargo that built this bench, into the target
/// directory this bench runs from.
fn binaries() -> Result<Binaries, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let target = exe
        .parent()
        .and_then(Path::parent)
        .ok_or_else(|| format!("{} is not in a target directory", exe.display()))?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let rel = target.join("release");
    let b = Binaries {
        ringserver: rel.join("examples").join("ringserver"),
        epoll: rel.join("epoll-echo"),
        loadgen: rel.join("examples").join("loadgen"),
    };
    for args in [
        &["-p", "riouring", "--example", "ringserver", "--example", "loadgen"][..],
        &["-p", "riouring-bench", "--bin", "epoll-echo"][..],
    ] {
        let status = Command::new(env!("CARGO"))
            .args(["build", "--release", "--quiet", "--manifest-path"])
            .arg(root.join("Cargo.toml"))
            .arg("--target-dir")
            .arg(target)
            .args(args)
            .stdout(Stdio::null())
            .status();
        match status {
            Ok(s) if s.success() => {}
            // No Cargo here (the bench was copied away from its source):
            // binaries already built are still good.
            _ if [&b.ringserver, &b.epoll, &b.loadgen].iter().all(|p| p.exists()) => {}
            Ok(s) => return Err(format!("cargo build {} failed ({s})", args.join(" "))),
            Err(e) => return Err(format!("cannot run cargo: {e}")),
        }
    }
    Ok(b)
}

/// `utime` and `stime` of `pid` (every thread, live or exited), ns.
fn cpu_ns(pid: u32) -> Result<(u64, u64), String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).map_err(|e| e.to_string())?;
    // The command name (field 2) may hold spaces: count from its ')'.
    let rest = &stat[stat.rfind(')').ok_or("malformed /proc/pid/stat")? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // `rest` starts at field 3 (state); utime and stime are fields 14, 15.
    let ticks = |i: usize| f.get(i - 3).and_then(|v| v.parse::<u64>().ok()).ok_or("malformed /proc/pid/stat");
    // SAFETY: sysconf has no memory effects.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    Ok((ticks(14)? * 1_000_000_000 / hz, ticks(15)? * 1_000_000_000 / hz))
}

/// A running server; killed on drop unless it was stopped.
struct Running {
    child: Child,
    lines: mpsc::Receiver<String>,
    stderr: Option<std::thread::JoinHandle<String>>,
}

impl Running {
    fn start(exe: &Path, threads: usize) -> Result<(Running, u16), String> {
        let mut child = Command::new(exe)
            .args(["--port", "0", "--threads", &threads.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
        let out = child.stdout.take().expect("piped stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for l in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(l).is_err() {
                    break;
                }
            }
        });
        let mut err = child.stderr.take().expect("piped stderr");
        let stderr = Some(std::thread::spawn(move || {
            let mut s = String::new();
            let _ = err.read_to_string(&mut s);
            s
        }));
        let mut r = Running { child, lines, stderr };
        let first = r.lines.recv_timeout(STARTUP).map_err(|_| r.failure("no `listening on` line"))?;
        let port = first
            .rsplit_once(':')
            .filter(|_| first.starts_with("listening on "))
            .and_then(|(_, p)| p.parse::<u16>().ok())
            .ok_or_else(|| r.failure(&format!("unexpected first line {first:?}")))?;
        Ok((r, port))
    }

    /// An error naming what went wrong, with the server's last stderr line.
    fn failure(&mut self, what: &str) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let err = self.stderr.take().and_then(|h| h.join().ok()).unwrap_or_default();
        match err.lines().last() {
            Some(l) => format!("{what} ({l})"),
            None => what.to_string(),
        }
    }

    /// SIGTERM, wait for a clean exit; the `bytes_out` of its summary.
    fn stop(mut self) -> Result<u64, String> {
        // SAFETY: kill(2) on our own child, not reaped yet.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let start = Instant::now();
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(s)) => break s,
                Ok(None) if start.elapsed() < STARTUP => std::thread::sleep(Duration::from_millis(5)),
                _ => return Err(self.failure("did not exit after SIGTERM")),
            }
        };
        if !status.success() {
            return Err(self.failure(&format!("exited with {status}")));
        }
        let summary = self.lines.iter().find(|l| l.starts_with("summary: "));
        summary
            .as_deref()
            .and_then(|l| l.split_whitespace().find_map(|w| w.strip_prefix("bytes_out=")))
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| "no summary line".to_string())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Run loadgen against `port`; (messages, seconds).
fn loadgen(b: &Binaries, port: u16, threads: usize, duration: Duration) -> Result<(u64, f64), String> {
    let mut child = Command::new(&b.loadgen)
        .args(["--port", &port.to_string()])
        .args(["--connections", &CONNECTIONS.to_string(), "--size", &MSG_SIZE.to_string()])
        .args(["--threads", &threads.to_string()])
        .args(["--duration-ms", &duration.as_millis().to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start loadgen: {e}"))?;
    // Its output is a few lines: it fits the pipes until it exits. Bounded:
    // loadgen drains for at most 3 s after its duration.
    let limit = duration + Duration::from_secs(20);
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if start.elapsed() < limit => std::thread::sleep(Duration::from_millis(5)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err("loadgen did not finish".into());
            }
        }
    };
    let mut out = String::new();
    let mut err = String::new();
    let _ = child.stdout.take().expect("piped").read_to_string(&mut out);
    let _ = child.stderr.take().expect("piped").read_to_string(&mut err);
    if !status.success() {
        let last = err.lines().last().or(out.lines().last()).unwrap_or("");
        return Err(format!("loadgen exited with {status}: {last}"));
    }
    // "throughput: N msgs in S s = ..."
    let line = out.lines().find_map(|l| l.strip_prefix("throughput: ")).ok_or("no throughput line")?;
    let w: Vec<&str> = line.split_whitespace().collect();
    match (w.first().and_then(|v| v.parse().ok()), w.get(3).and_then(|v| v.parse().ok())) {
        (Some(msgs), Some(secs)) if msgs > 0 && secs > 0.0 => Ok((msgs, secs)),
        _ => Err(format!("cannot read loadgen's line {line:?}")),
    }
}

fn run_one(b: &Binaries, server: Server, threads: usize, duration: Duration) -> Result<Sample, String> {
    let exe = match server {
        Server::Ring => &b.ringserver,
        Server::Epoll => &b.epoll,
    };
    let (mut srv, port) = Running::start(exe, threads)?;
    let pid = srv.child.id();
    let (u0, s0) = cpu_ns(pid)?;
    let (msgs, secs) = match loadgen(b, port, threads, duration) {
        Ok(x) => x,
        Err(e) => return Err(srv.failure(&e)),
    };
    let (u1, s1) = cpu_ns(pid)?;
    let bytes_out = srv.stop()?;
    if bytes_out < msgs * MSG_SIZE as u64 {
        return Err(format!("the server sent {bytes_out} bytes for {msgs} echoed messages"));
    }
    Ok(Sample { msgs, secs, user_ns: u1 - u0, sys_ns: s1 - s0 })
}

/// `warmup` unrecorded rounds, then `rounds` measured ones, each running
/// the ring server then the epoll server for `duration`.
pub fn run(rounds: usize, warmup: usize, duration: Duration, progress: &dyn Fn(&str)) -> TcpResults {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut res = TcpResults { threads, duration, warmup, rounds: Err(String::new()) };
    progress("TCP echo: building ringserver, loadgen and epoll-echo (release)");
    let b = match binaries() {
        Ok(b) => b,
        Err(e) => {
            res.rounds = Err(e);
            return res;
        }
    };
    let mut out = Vec::new();
    for round in 0..warmup + rounds {
        let warm = round < warmup;
        let mut pair = Vec::new();
        for server in [Server::Ring, Server::Epoll] {
            progress(&format!(
                "TCP echo: {} {}/{} {}",
                if warm { "warm-up" } else { "round" },
                if warm { round + 1 } else { round - warmup + 1 },
                if warm { warmup } else { rounds },
                server.label()
            ));
            match run_one(&b, server, threads, duration) {
                Ok(s) => pair.push(s),
                Err(e) => {
                    res.rounds = Err(format!("{}: {e}", server.label()));
                    return res;
                }
            }
        }
        if !warm {
            out.push((pair[0], pair[1]));
        }
    }
    res.rounds = Ok(out);
    res
}
