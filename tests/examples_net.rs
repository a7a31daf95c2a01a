//! The network examples (examples/io_uring-udp.rs, echo-server.rs,
//! proxy.rs, send-zerocopy.rs, napi-busy-poll-{client,server}.rs, zcrx.rs)
//! run as real programs: their built binaries are started on 127.0.0.1 with
//! port 0, driven by concurrent std::net clients, and stopped with SIGTERM.
//! Every wait is bounded, and a guard kills a child that is still running
//! when a test fails.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

#[path = "support/examples.rs"]
mod examples;
use examples::example;

// ---------------------------------------------------------------------------
// Running the example binaries

/// A running example. Dropping it kills the process if it still runs.
struct Proc {
    child: Child,
    name: String,
    stdout: Receiver<String>,
    stderr: Option<JoinHandle<String>>,
}

impl Drop for Proc {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn spawn(name: &str, args: &[&str]) -> Proc {
    let mut child = Command::new(example(name))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("start {name}: {e}"));
    let out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let stderr = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    Proc { child, name: name.to_string(), stdout: rx, stderr: Some(stderr) }
}

impl Proc {
    /// The next stdout line, waiting at most `secs`.
    fn line(&mut self, secs: u64) -> String {
        match self.stdout.recv_timeout(Duration::from_secs(secs)) {
            Ok(l) => l,
            Err(_) => {
                let _ = self.child.kill();
                let err = self.stderr.take().map(|h| h.join().unwrap_or_default()).unwrap_or_default();
                panic!("{}: no output line within {secs} s; stderr: {err}", self.name)
            }
        }
    }

    /// The address from the first line, `listening on ADDR:PORT`.
    fn listening(&mut self) -> SocketAddr {
        let l = self.line(10);
        let a =
            l.strip_prefix("listening on ").unwrap_or_else(|| panic!("{}: first line is {l:?}", self.name));
        let addr: SocketAddr = a.parse().unwrap_or_else(|e| panic!("{}: bad address {a:?}: {e}", self.name));
        assert_ne!(addr.port(), 0, "{}: port 0 announced", self.name);
        addr
    }

    fn signal(&self, sig: i32) {
        // SAFETY: kill(2) on our own child's pid; no memory involved.
        let r = unsafe { libc::kill(self.child.id() as i32, sig) };
        assert_eq!(r, 0, "kill {}", self.name);
    }

    /// Wait at most `secs` for the exit; its status, the rest of stdout and
    /// all of stderr. Kills and fails on timeout.
    fn finish(mut self, secs: u64) -> (ExitStatus, String, String) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        let status = loop {
            if let Some(st) = self.child.try_wait().expect("try_wait") {
                break st;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                let err = self.stderr.take().map(|h| h.join().unwrap_or_default()).unwrap_or_default();
                panic!("{} did not exit within {secs} s; stderr: {err}", self.name);
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let mut out = Vec::new();
        while let Ok(l) = self.stdout.recv_timeout(Duration::from_secs(2)) {
            out.push(l);
        }
        let err = self.stderr.take().map(|h| h.join().unwrap_or_default()).unwrap_or_default();
        (status, out.join("\n"), err)
    }

    /// SIGTERM, then expect a clean exit (code 0) within a few seconds.
    fn terminate(self) -> String {
        self.signal(libc::SIGTERM);
        let name = self.name.clone();
        let (st, out, err) = self.finish(10);
        assert_eq!(st.code(), Some(0), "{name} after SIGTERM: {st}; stdout: {out}; stderr: {err}");
        assert!(out.contains("SIGTERM: exiting"), "{name}: {out}");
        out
    }
}

/// Run an example to completion (at most `secs`).
fn run(name: &str, args: &[&str], secs: u64) -> (ExitStatus, String, String) {
    spawn(name, args).finish(secs)
}

// ---------------------------------------------------------------------------
// Clients

/// A small xorshift generator: random message sizes and contents.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64);
        Rng((t ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15)) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
    /// Random bytes of a random length in `lo..=hi`.
    fn message(&mut self, lo: usize, hi: usize) -> Vec<u8> {
        let n = self.range(lo, hi);
        self.bytes(n)
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() as usize) % (hi - lo + 1)
    }
}

fn read_exact_bounded(s: &mut TcpStream, n: usize) -> Vec<u8> {
    let mut got = vec![0u8; n];
    s.read_exact(&mut got).expect("read the echo back");
    got
}

/// `clients` concurrent TCP clients, each doing `rounds` echo round trips of
/// random sizes up to `max` bytes, then a half-close: a last message, then
/// `shutdown(Write)`, and the rest must come back followed by end of stream.
fn tcp_echo_clients(addr: SocketAddr, clients: usize, rounds: usize, max: usize) {
    let threads: Vec<_> = (0..clients)
        .map(|i| {
            std::thread::spawn(move || {
                let mut rng = Rng::new(i as u64 + 1);
                let mut s = TcpStream::connect(addr).expect("connect");
                s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                s.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
                for _ in 0..rounds {
                    let msg = rng.message(1, max);
                    s.write_all(&msg).expect("write");
                    assert!(read_exact_bounded(&mut s, msg.len()) == msg, "client {i}: echo differs");
                }
                let last = rng.message(1, max);
                s.write_all(&last).expect("write");
                s.shutdown(Shutdown::Write).expect("shutdown");
                let mut rest = Vec::new();
                s.read_to_end(&mut rest).expect("read to end of stream");
                assert!(
                    rest == last,
                    "client {i}: after half-close got {} bytes, sent {}",
                    rest.len(),
                    last.len()
                );
            })
        })
        .collect();
    for t in threads {
        t.join().expect("client thread");
    }
}

// ---------------------------------------------------------------------------
// io_uring-udp

fn udp_echo_clients(server: SocketAddr, clients: usize, rounds: usize) {
    let threads: Vec<_> = (0..clients)
        .map(|i| {
            std::thread::spawn(move || {
                let mut rng = Rng::new(100 + i as u64);
                let local: SocketAddr =
                    if server.is_ipv4() { "127.0.0.1:0" } else { "[::1]:0" }.parse().unwrap();
                let s = UdpSocket::bind(local).unwrap();
                s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                let mut buf = vec![0u8; 65536];
                for r in 0..rounds {
                    let msg = rng.message(1, 3000);
                    s.send_to(&msg, server).unwrap();
                    let (n, from) =
                        s.recv_from(&mut buf).unwrap_or_else(|e| panic!("client {i} round {r}: {e}"));
                    assert_eq!(from, server);
                    assert!(buf[..n] == msg[..], "client {i}: echo differs ({n} vs {} bytes)", msg.len());
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("client thread");
    }
}

#[test]
fn udp_echo_ipv4_20_clients() {
    let mut p = spawn("io_uring-udp", &["--port", "0", "--buffers", "64"]);
    let addr = p.listening();
    udp_echo_clients(addr, 20, 30);
    let out = p.terminate();
    assert!(out.contains("600 datagrams echoed, 0 dropped"), "{out}");
}

#[test]
fn udp_echo_ipv6() {
    if UdpSocket::bind("[::1]:0").is_err() {
        println!("skipped: no IPv6 loopback");
        return;
    }
    let mut p = spawn("io_uring-udp", &["--addr", "::1", "--port", "0"]);
    let addr = p.listening();
    assert!(addr.is_ipv6());
    udp_echo_clients(addr, 5, 20);
    let out = p.terminate();
    assert!(out.contains("100 datagrams echoed"), "{out}");
}

#[test]
fn udp_echo_drops_what_does_not_fit() {
    // 256-byte buffers leave 112 bytes of payload after header and name.
    let mut p = spawn("io_uring-udp", &["--port", "0", "--buf-size", "256", "--buffers", "8"]);
    let addr = p.listening();
    let s = UdpSocket::bind("127.0.0.1:0").unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.send_to(&[7u8; 1000], addr).unwrap();
    s.send_to(&[9u8; 50], addr).unwrap();
    let mut buf = [0u8; 2048];
    let (n, _) = s.recv_from(&mut buf).unwrap();
    assert_eq!(&buf[..n], &[9u8; 50][..], "only the small datagram comes back");
    let out = p.terminate();
    assert!(out.contains("1 datagrams echoed, 1 dropped"), "{out}");
}

// ---------------------------------------------------------------------------
// echo-server

#[test]
fn tcp_echo_server_20_clients() {
    let mut p = spawn("echo-server", &["--port", "0"]);
    let addr = p.listening();
    tcp_echo_clients(addr, 20, 8, 40_000);
    let out = p.terminate();
    assert!(out.contains("20 connections (0 still open)"), "{out}");
}

#[test]
fn tcp_echo_server_bundles_small_ring() {
    // Few small buffers per connection: bundles and ENOBUFS re-arming.
    let mut p = spawn("echo-server", &["--port", "0", "--bundle", "--buffers", "8", "--buf-size", "1024"]);
    let addr = p.listening();
    tcp_echo_clients(addr, 20, 5, 60_000);
    let out = p.terminate();
    assert!(out.contains("20 connections (0 still open)"), "{out}");
    let bundles: u64 = out
        .split(", ")
        .find_map(|f| f.strip_suffix(" bundled receives"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no bundle count in {out}"));
    assert!(bundles > 0, "no receive covered several buffers: {out}");
}

// ---------------------------------------------------------------------------
// proxy

/// An echo target: echoes every byte, and shuts down its sending half when
/// the client's data ends.
fn echo_target() -> SocketAddr {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    std::thread::spawn(move || {
        for c in l.incoming() {
            let Ok(mut c) = c else { break };
            std::thread::spawn(move || {
                c.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
                let mut buf = vec![0u8; 65536];
                loop {
                    match c.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            if c.write_all(&buf[..n]).is_err() {
                                return;
                            }
                        }
                    }
                }
                let _ = c.shutdown(Shutdown::Write);
            });
        }
    });
    addr
}

fn proxy_round(extra: &[&str]) {
    let target = echo_target().to_string();
    let mut args = vec!["--port", "0", "--target", &target];
    args.extend_from_slice(extra);
    let mut p = spawn("proxy", &args);
    let addr = p.listening();
    tcp_echo_clients(addr, 12, 6, 50_000);
    let out = p.terminate();
    assert!(out.contains("12 connections"), "{extra:?}: {out}");
    if extra.contains(&"--zc") {
        assert!(!out.contains(" 0 zero-copy notifications"), "{extra:?}: {out}");
    }
}

#[test]
fn proxy_forwards_both_ways_and_half_close() {
    proxy_round(&[]);
}

#[test]
fn proxy_zero_copy_sends() {
    proxy_round(&["--zc"]);
}

#[test]
fn proxy_msg_ring_workers() {
    proxy_round(&["--workers", "2"]);
}

#[test]
fn proxy_msg_ring_workers_zc_no_bundle() {
    proxy_round(&["--workers", "3", "--zc", "--no-bundle", "--buffers", "4"]);
}

#[test]
fn proxy_sqpoll() {
    proxy_round(&["--sqpoll"]);
}

#[test]
fn proxy_target_refused_closes_client() {
    // A port nobody listens on: bind and drop.
    let dead = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().to_string();
    let mut p = spawn("proxy", &["--port", "0", "--target", &dead]);
    let addr = p.listening();
    let mut c = TcpStream::connect(addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut buf = [0u8; 8];
    assert_eq!(c.read(&mut buf).expect("the proxy closes the client"), 0);
    p.terminate();
}

// ---------------------------------------------------------------------------
// send-zerocopy

/// (MB/s sent, notifications) from the result line.
fn zc_result(out: &str, what: &str) -> (f64, u64) {
    let line = out
        .lines()
        .find(|l| l.starts_with(&format!("{what}: ")))
        .unwrap_or_else(|| panic!("no {what} line in {out}"));
    let mbs: f64 = line[what.len() + 2..].split(' ').next().and_then(|v| v.parse().ok()).expect("MB/s");
    let notifs: u64 = line
        .split(", ")
        .find_map(|f| f.split_once(" notifications").map(|(n, _)| n))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no notification count in {line}"));
    (mbs, notifs)
}

#[test]
fn send_zerocopy_both_modes() {
    for proto in ["--tcp", "--udp"] {
        let (st, out, err) =
            run("send-zerocopy", &["--port", "0", "--duration-ms", "200", "--zc", proto], 30);
        assert_eq!(st.code(), Some(0), "{out} {err}");
        assert!(out.starts_with("listening on 127.0.0.1:"), "{out}");
        let (mbs, notifs) = zc_result(&out, "send_zc");
        assert!(mbs > 0.0, "{out}");
        assert!(notifs > 0, "{out}");

        let (st, out, err) =
            run("send-zerocopy", &["--port", "0", "--duration-ms", "200", "--no-zc", proto], 30);
        assert_eq!(st.code(), Some(0), "{out} {err}");
        let (mbs, notifs) = zc_result(&out, "send");
        assert!(mbs > 0.0, "{out}");
        assert_eq!(notifs, 0, "{out}");
    }
}

// ---------------------------------------------------------------------------
// napi-busy-poll-client / -server

#[test]
fn napi_ping_pong_reports_latency() {
    let mut server = spawn("napi-busy-poll-server", &["--port", "0", "--prefer-busy-poll"]);
    let addr = server.listening();
    let port = addr.port().to_string();
    let (st, out, err) = run(
        "napi-busy-poll-client",
        &["--port", &port, "--count", "200", "--busy-poll-us", "20", "--prefer-busy-poll"],
        60,
    );
    assert_eq!(st.code(), Some(0), "{out} {err}");
    assert!(out.contains("register_napi(busy_poll_to=20 us, prefer_busy_poll=1)"), "{out}");
    assert!(out.contains("real NIC queues"), "{out}");
    assert!(out.contains("unregister_napi: the kernel had busy_poll_to=20 us, prefer_busy_poll=1"), "{out}");
    let line =
        out.lines().find(|l| l.starts_with("rtt(us) min/avg/p99/max = ")).unwrap_or_else(|| panic!("{out}"));
    assert!(line.ends_with(" over 200 pings"), "{line}");
    let figures: Vec<f64> = line["rtt(us) min/avg/p99/max = ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .split('/')
        .map(|v| v.parse().expect("a number"))
        .collect();
    assert_eq!(figures.len(), 4, "{line}");
    assert!(figures[0] > 0.0 && figures[0] <= figures[1] && figures[1] <= figures[3], "{line}");
    assert!(figures[0] <= figures[2] && figures[2] <= figures[3], "{line}");
    let out = server.terminate();
    assert!(out.contains("200 pings answered"), "{out}");
}

#[test]
fn napi_client_without_server_fails_cleanly() {
    let dead = UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port().to_string();
    let (st, _, err) =
        run("napi-busy-poll-client", &["--port", &dead, "--count", "3", "--timeout-ms", "500"], 20);
    assert_eq!(st.code(), Some(1), "{err}");
    assert!(err.starts_with("napi-busy-poll-client: "), "{err}");
}

// ---------------------------------------------------------------------------
// zcrx

#[test]
fn zcrx_on_loopback_explains_and_exits_3() {
    let (st, out, err) = run("zcrx", &["--ifname", "lo", "--queue", "0", "--port", "0"], 20);
    assert_eq!(st.code(), Some(3), "{out} {err}");
    assert!(err.contains("zcrx: lo queue 0 cannot do zero-copy receive: "), "{err}");
    assert!(err.contains("it needs a NIC with header split"), "{err}");
    println!("skipped: zcrx needs a NIC with header split");
}

// ---------------------------------------------------------------------------
// Command-line errors

const ALL: [&str; 7] = [
    "io_uring-udp",
    "echo-server",
    "proxy",
    "send-zerocopy",
    "napi-busy-poll-client",
    "napi-busy-poll-server",
    "zcrx",
];

#[test]
fn help_and_usage_errors() {
    for name in ALL {
        let (st, out, err) = run(name, &["--help"], 10);
        assert_eq!(st.code(), Some(0), "{name} --help: {err}");
        assert!(out.starts_with(&format!("Usage: {name} ")), "{name}: {out}");

        let (st, _, err) = run(name, &["--no-such-option"], 10);
        assert_eq!(st.code(), Some(2), "{name}: {err}");
        assert!(err.starts_with(&format!("{name}: unknown option '--no-such-option'")), "{name}: {err}");

        let (st, _, err) = run(name, &["--port", "notaport"], 10);
        assert_eq!(st.code(), Some(2), "{name}: {err}");
        assert!(err.contains("invalid value 'notaport' for '--port'"), "{name}: {err}");

        let (st, _, err) = run(name, &["--port"], 10);
        assert_eq!(st.code(), Some(2), "{name}: {err}");
        assert!(err.contains("option '--port' needs a value"), "{name}: {err}");

        let (st, _, err) = run(name, &["stray"], 10);
        assert_eq!(st.code(), Some(2), "{name}: {err}");
    }
    let (st, _, err) = run("proxy", &["--target", "nowhere"], 10);
    assert_eq!(st.code(), Some(2), "{err}");
    let (st, _, err) = run("echo-server", &["--buffers", "3"], 10);
    assert_eq!(st.code(), Some(2), "{err}");
    assert!(err.contains("power of two"), "{err}");
}

#[test]
fn port_in_use_exits_1() {
    let tcp = TcpListener::bind("127.0.0.1:0").unwrap();
    let tport = tcp.local_addr().unwrap().port().to_string();
    for name in ["echo-server", "proxy", "send-zerocopy"] {
        let (st, _, err) = run(name, &["--port", &tport], 10);
        assert_eq!(st.code(), Some(1), "{name}: {err}");
        let want = format!("{name}: bind 127.0.0.1:{tport}: Address already in use (os error 98)");
        assert!(err.contains(&want), "{name}: {err}");
    }
    let udp = UdpSocket::bind("127.0.0.1:0").unwrap();
    let uport = udp.local_addr().unwrap().port().to_string();
    for name in ["io_uring-udp", "napi-busy-poll-server"] {
        let (st, _, err) = run(name, &["--port", &uport], 10);
        assert_eq!(st.code(), Some(1), "{name}: {err}");
        let want = format!("{name}: bind 127.0.0.1:{uport}: Address already in use (os error 98)");
        assert!(err.contains(&want), "{name}: {err}");
    }
    let (st, _, err) = run("send-zerocopy", &["--udp", "--port", &uport], 10);
    assert_eq!(st.code(), Some(1), "{err}");
    assert!(err.contains("Address already in use"), "{err}");
}

#[test]
fn sigint_also_exits_cleanly() {
    let mut p = spawn("echo-server", &["--port", "0"]);
    p.listening();
    p.signal(libc::SIGINT);
    let (st, out, err) = p.finish(10);
    assert_eq!(st.code(), Some(0), "{out} {err}");
    assert!(out.contains("SIGINT: exiting"), "{out}");
}
