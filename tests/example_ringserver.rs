//! The `ringserver` and `loadgen` examples, run for real: the built binaries
//! serve real TCP clients on loopback and stop cleanly on SIGTERM.
//!

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

#[path = "support/examples.rs"]
mod examples;
use examples::example;

const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// Enough fds for a thousand client sockets in this process.
fn raise_nofile() {
    let mut r = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: `r` is a valid rlimit to write.
    assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut r) }, 0);
    r.rlim_cur = r.rlim_max;
    // SAFETY: `r` is a valid rlimit, read during the call.
    assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &r) }, 0);
    assert!(r.rlim_cur >= 2100, "RLIMIT_NOFILE hard limit {} is too low for 1000 connections", r.rlim_max);
}

/// A running example; killed on drop if still running.
struct Proc {
    child: Child,
    stdout: Receiver<String>,
    stderr: Option<thread::JoinHandle<String>>,
}

impl Proc {
    fn spawn(name: &str, args: &[&str]) -> Proc {
        let mut child = Command::new(example(name))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn {name}: {e}"));
        let out: ChildStdout = child.stdout.take().unwrap();
        let (tx, stdout) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut err = child.stderr.take().unwrap();
        let stderr = Some(thread::spawn(move || {
            let mut s = String::new();
            let _ = err.read_to_string(&mut s);
            s
        }));
        Proc { child, stdout, stderr }
    }

    fn line(&self) -> String {
        self.stdout.recv_timeout(IO_TIMEOUT).expect("a line on stdout in time")
    }

    /// Wait for the exit (bounded); returns the status, the rest of stdout
    /// and all of stderr.
    fn wait(mut self) -> (ExitStatus, String, String) {
        let start = Instant::now();
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "the process did not exit in time");
            thread::sleep(Duration::from_millis(10));
        };
        let mut out = String::new();
        while let Ok(l) = self.stdout.recv_timeout(Duration::from_secs(5)) {
            out.push_str(&l);
            out.push('\n');
        }
        let err = self.stderr.take().unwrap().join().unwrap();
        (status, out, err)
    }

    fn signal(&self, sig: i32) {
        // SAFETY: kill(2) on our own child, which has not been reaped yet.
        assert_eq!(unsafe { libc::kill(self.child.id() as i32, sig) }, 0);
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A ringserver started with `args` (plus `--port 0`); returns it and its port.
fn server(args: &[&str]) -> (Proc, u16) {
    let mut all = vec!["--port", "0"];
    all.extend_from_slice(args);
    let p = Proc::spawn("ringserver", &all);
    let first = p.line();
    let port = first
        .strip_prefix("listening on 127.0.0.1:")
        .unwrap_or_else(|| panic!("first line {first:?}"))
        .parse::<u16>()
        .unwrap();
    assert_ne!(port, 0);
    (p, port)
}

fn connect(port: u16) -> TcpStream {
    let s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
    s.set_write_timeout(Some(IO_TIMEOUT)).unwrap();
    s.set_nodelay(true).unwrap();
    s
}

fn xorshift(s: &mut u64) -> u64 {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    *s
}

fn random_bytes(seed: &mut u64, len: usize) -> Vec<u8> {
    (0..len).map(|_| xorshift(seed) as u8).collect()
}

/// Send random messages on every connection, `rounds` times, and check every
/// byte of every echo. Returns the bytes sent.
fn echo_rounds(conns: &mut [TcpStream], rounds: usize, seed: u64) -> u64 {
    let mut total = 0;
    let mut rng = seed | 1;
    for _ in 0..rounds {
        let msgs: Vec<Vec<u8>> = conns
            .iter()
            .map(|_| {
                let len = 1 + (xorshift(&mut rng) % 3000) as usize;
                random_bytes(&mut rng, len)
            })
            .collect();
        for (c, m) in conns.iter_mut().zip(&msgs) {
            c.write_all(m).unwrap();
        }
        for (i, (c, m)) in conns.iter_mut().zip(&msgs).enumerate() {
            let mut got = vec![0; m.len()];
            c.read_exact(&mut got).unwrap_or_else(|e| panic!("echo on connection {i}: {e}"));
            assert!(got == *m, "connection {i}: echo differs from what was sent");
            total += m.len() as u64;
        }
    }
    total
}

/// Every connection sees end of stream (the server closed it).
fn assert_all_eof(conns: &mut [TcpStream]) {
    for (i, c) in conns.iter_mut().enumerate() {
        let mut b = [0u8; 16];
        match c.read(&mut b) {
            Ok(0) => {}
            r => panic!("connection {i}: expected EOF after shutdown, got {r:?}"),
        }
    }
}

fn summary(out: &str) -> (u64, u64, u64) {
    let line =
        out.lines().find(|l| l.starts_with("summary: ")).unwrap_or_else(|| panic!("no summary in {out:?}"));
    let field = |k: &str| -> u64 {
        line.split_whitespace()
            .find_map(|w| w.strip_prefix(k).and_then(|v| v.strip_prefix('=')))
            .unwrap_or_else(|| panic!("no {k} in {line:?}"))
            .parse()
            .unwrap()
    };
    (field("connections"), field("bytes_in"), field("bytes_out"))
}

#[test]
fn echo_serves_1000_connections_without_losing_a_byte_and_stops_on_sigterm() {
    raise_nofile();
    let (srv, port) = server(&["--threads", "2"]);
    let mut conns: Vec<TcpStream> = (0..1000).map(|_| connect(port)).collect();
    // Ten groups driven at once, each group's messages all in flight together.
    let sent: u64 = thread::scope(|s| {
        let hs: Vec<_> = conns
            .chunks_mut(100)
            .enumerate()
            .map(|(g, chunk)| s.spawn(move || echo_rounds(chunk, 3, 0x1234_5678 + g as u64)))
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).sum()
    });
    srv.signal(libc::SIGTERM);
    assert_all_eof(&mut conns);
    let (status, out, err) = srv.wait();
    assert_eq!(status.code(), Some(0), "stderr: {err}");
    assert_eq!(summary(&out), (1000, sent, sent), "stdout: {out}\nstderr: {err}");
    // Both rings served some of the connections (SO_REUSEPORT spreads them
    // by hash: a thousand cannot all land on one of two listeners in
    // practice).
    let per_ring: Vec<u64> = err
        .lines()
        .filter_map(|l| l.strip_prefix("ringserver: ring "))
        .map(|l| l.split_whitespace().nth(1).unwrap().parse().unwrap())
        .collect();
    assert_eq!(per_ring.len(), 2, "{err}");
    assert!(per_ring.iter().all(|&n| n > 0), "{err}");
}

#[test]
fn acceptor_mode_hands_connections_to_every_ring() {
    raise_nofile();
    let (srv, port) = server(&["--threads", "2", "--acceptor"]);
    let mut conns: Vec<TcpStream> = (0..200).map(|_| connect(port)).collect();
    let sent = echo_rounds(&mut conns, 2, 99);
    srv.signal(libc::SIGINT);
    assert_all_eof(&mut conns);
    let (status, out, err) = srv.wait();
    assert_eq!(status.code(), Some(0), "stderr: {err}");
    assert_eq!(summary(&out), (200, sent, sent), "stderr: {err}");
    assert!(err.contains("acceptor handed over 200 connections (0 failed)"), "{err}");
    // Round robin: exactly half each.
    assert!(err.contains("ring 0: 100 connections") && err.contains("ring 1: 100 connections"), "{err}");
}

/// One client pushes 16 MiB without reading for a while: the server's sends
/// go short and block, its output queue passes the pause threshold, and the
/// echo must still come back whole and in order. Then a half close: the
/// server finishes sending and closes.
#[test]
fn echo_survives_backpressure_with_gathered_and_bundled_sends() {
    for extra in [&[][..], &["--bundle"][..]] {
        let mut args = vec!["--threads", "2"];
        args.extend_from_slice(extra);
        let (srv, port) = server(&args);
        let mut c = connect(port);
        let data = random_bytes(&mut 77, 16 << 20);
        let mut w = c.try_clone().unwrap();
        let echoed = thread::scope(|s| {
            let d = &data;
            let writer = s.spawn(move || w.write_all(d));
            thread::sleep(Duration::from_millis(300));
            let mut got = vec![0; d.len()];
            c.read_exact(&mut got).unwrap();
            writer.join().unwrap().unwrap();
            got
        });
        assert!(echoed == data, "{extra:?}: the echo differs");
        c.shutdown(Shutdown::Write).unwrap();
        let mut rest = Vec::new();
        assert_eq!(c.read_to_end(&mut rest).unwrap(), 0, "{extra:?}: no EOF after the half close");
        srv.signal(libc::SIGTERM);
        let (status, out, err) = srv.wait();
        assert_eq!(status.code(), Some(0), "{err}");
        assert_eq!(summary(&out), (1, 16 << 20, 16 << 20), "{extra:?}: {err}");
    }
}

/// Read HTTP responses from `c` until `n` are complete; returns their
/// header blocks and bodies, and any bytes after them.
fn read_responses(c: &mut TcpStream, n: usize) -> (Vec<(String, Vec<u8>)>, Vec<u8>) {
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut chunk = [0u8; 4096];
    while out.len() < n {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n").map(|p| p + 4) {
            let head = String::from_utf8(buf[..end].to_vec()).unwrap();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("Content-Length: "))
                .unwrap_or_else(|| panic!("no Content-Length in {head:?}"))
                .parse()
                .unwrap();
            if buf.len() >= end + len {
                out.push((head, buf[end..end + len].to_vec()));
                buf.drain(..end + len);
                continue;
            }
        }
        let k = c.read(&mut chunk).unwrap();
        assert!(k > 0, "EOF after {} of {n} responses", out.len());
        buf.extend_from_slice(&chunk[..k]);
    }
    (out, buf)
}

fn assert_hello(resp: &(String, Vec<u8>), close: bool) {
    let (head, body) = resp;
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head:?}");
    assert_eq!(body, b"Hello, World!");
    assert!(head.contains("\r\nContent-Length: 13\r\n"), "{head:?}");
    assert_eq!(head.contains("\r\nConnection: close\r\n"), close, "{head:?}");
}

#[test]
fn http_pipelining_keep_alive_and_connection_close() {
    let (srv, port) = server(&["--threads", "2", "--mode", "http"]);
    let get = "GET / HTTP/1.1\r\nHost: test\r\n\r\n";

    // Three requests in one write: three answers, nothing more.
    let mut c = connect(port);
    c.write_all(get.repeat(3).as_bytes()).unwrap();
    let (resps, rest) = read_responses(&mut c, 3);
    resps.iter().for_each(|r| assert_hello(r, false));
    assert!(rest.is_empty());

    // Keep-alive: the same connection, a request split across writes, and a
    // POST whose body arrives with the next request.
    c.write_all(&get.as_bytes()[..9]).unwrap();
    thread::sleep(Duration::from_millis(50));
    c.write_all(&get.as_bytes()[9..]).unwrap();
    assert_hello(&read_responses(&mut c, 1).0[0], false);
    c.write_all(format!("POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello{get}").as_bytes()).unwrap();
    let (resps, _) = read_responses(&mut c, 2);
    resps.iter().for_each(|r| assert_hello(r, false));

    // Connection: close in the middle of a pipeline: answered, in order,
    // then the connection closes and the request after it is not answered.
    let close = "GET / HTTP/1.1\r\nConnection: close\r\n\r\n";
    c.write_all(format!("{get}{close}").as_bytes()).unwrap();
    let (resps, rest) = read_responses(&mut c, 2);
    assert_hello(&resps[0], false);
    assert_hello(&resps[1], true);
    let mut tail = rest;
    c.read_to_end(&mut tail).unwrap();
    assert!(tail.is_empty(), "bytes after the close: {tail:?}");

    // A malformed request gets a 400 and the connection closes.
    let mut bad = connect(port);
    bad.write_all(b"NONSENSE\r\n\r\n").unwrap();
    let mut all = Vec::new();
    bad.read_to_end(&mut all).unwrap();
    assert!(all.starts_with(b"HTTP/1.1 400 "), "{:?}", String::from_utf8_lossy(&all));

    // An idle keep-alive connection is closed by the shutdown.
    let mut idle = connect(port);
    idle.write_all(get.as_bytes()).unwrap();
    assert_hello(&read_responses(&mut idle, 1).0[0], false);
    srv.signal(libc::SIGTERM);
    assert_all_eof(std::slice::from_mut(&mut idle));
    let (status, out, err) = srv.wait();
    assert_eq!(status.code(), Some(0), "{err}");
    assert_eq!(summary(&out).0, 3, "{out}");
}

fn loadgen_report(out: &str) -> (f64, [f64; 4]) {
    let rate: f64 = out
        .lines()
        .find_map(|l| l.strip_prefix("throughput: "))
        .and_then(|l| l.split(" = ").nth(1))
        .and_then(|r| r.split(" msgs/s").next())
        .unwrap_or_else(|| panic!("no throughput in {out:?}"))
        .parse()
        .unwrap();
    let lat = out.lines().find_map(|l| l.strip_prefix("latency: ")).unwrap_or_else(|| panic!("{out}"));
    let mut p = [0.0; 4];
    for (i, key) in ["p50=", "p90=", "p99=", "max="].iter().enumerate() {
        p[i] = lat
            .split_whitespace()
            .find_map(|w| w.strip_prefix(key))
            .and_then(|v| v.strip_suffix("us"))
            .unwrap_or_else(|| panic!("no {key} in {lat:?}"))
            .parse()
            .unwrap();
    }
    (rate, p)
}

#[test]
fn loadgen_drives_ringserver_in_echo_and_http_mode() {
    for (server_args, load_args) in [
        (&["--threads", "2"][..], &["--connections", "16", "--size", "64"][..]),
        (&["--threads", "2", "--bundle"][..], &["--connections", "8", "--size", "100000"][..]),
        (&["--threads", "2", "--mode", "http"][..], &["--mode", "http", "--pipeline", "4"][..]),
    ] {
        let (srv, port) = server(server_args);
        let port_s = port.to_string();
        let mut args = vec!["--port", &port_s, "--duration-ms", "300", "--threads", "2"];
        args.extend_from_slice(load_args);
        let (status, out, err) = Proc::spawn("loadgen", &args).wait();
        assert_eq!(status.code(), Some(0), "loadgen {args:?}: {out}\n{err}");
        let (rate, [p50, p90, p99, max]) = loadgen_report(&out);
        assert!(rate > 0.0, "{out}");
        assert!(p50 > 0.0 && p50 <= p90 && p90 <= p99 && p99 <= max, "{out}");
        assert!(out.contains("errors: 0 mismatched bytes: 0"), "{out}");
        srv.signal(libc::SIGTERM);
        let (status, out, err) = srv.wait();
        assert_eq!(status.code(), Some(0), "{err}");
        let (conns, bytes_in, _) = summary(&out);
        assert!(conns >= 2 && bytes_in > 0, "{out}");
    }
}

/// A deliberately broken echo server (it flips one bit of every 100th byte)
/// makes loadgen report the mismatch and exit 1.
#[test]
fn loadgen_exits_1_on_a_corrupted_echo() {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    thread::spawn(move || {
        for c in l.incoming() {
            let Ok(mut c) = c else { break };
            thread::spawn(move || {
                let mut buf = [0u8; 4096];
                let mut n_total = 0usize;
                while let Ok(n) = c.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    for (i, b) in buf[..n].iter_mut().enumerate() {
                        if (n_total + i) % 100 == 99 {
                            *b ^= 1;
                        }
                    }
                    n_total += n;
                    if c.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
            });
        }
    });
    let port_s = port.to_string();
    let (status, out, err) = Proc::spawn(
        "loadgen",
        &["--port", &port_s, "--connections", "2", "--threads", "1", "--size", "64", "--duration-ms", "200"],
    )
    .wait();
    assert_eq!(status.code(), Some(1), "{out}\n{err}");
    let mism: u64 = out
        .lines()
        .find_map(|l| l.split("mismatched bytes: ").nth(1))
        .unwrap_or_else(|| panic!("{out}"))
        .parse()
        .unwrap();
    assert!(mism > 0, "{out}");
    assert!(err.contains("echoed bytes differ"), "{err}");
}

#[test]
fn errors_help_and_exit_codes() {
    for bad in [&["--threads", "0"][..], &["--bogus"][..], &["--mode", "gopher"][..], &["--port"][..]] {
        let (status, _, err) = Proc::spawn("ringserver", bad).wait();
        assert_eq!(status.code(), Some(2), "{bad:?}: {err}");
        assert!(err.contains("usage: ringserver"), "{err}");
    }
    let (status, out, _) = Proc::spawn("ringserver", &["--help"]).wait();
    assert_eq!(status.code(), Some(0));
    assert!(out.contains("--acceptor") && out.contains("--bundle") && out.contains("--mode"), "{out}");

    // The port is taken by a plain listener: exit 1 with a clear message.
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let (status, out, err) = Proc::spawn("ringserver", &["--port", &port]).wait();
    assert_eq!(status.code(), Some(1), "{out}\n{err}");
    assert!(err.contains("cannot listen on 127.0.0.1:") && err.contains("in use"), "{err}");
    assert!(out.is_empty(), "{out}");

    let (status, _, err) = Proc::spawn("loadgen", &["--connections", "x"]).wait();
    assert_eq!(status.code(), Some(2), "{err}");
    let (status, out, _) = Proc::spawn("loadgen", &["--help"]).wait();
    assert_eq!(status.code(), Some(0));
    assert!(out.contains("--pipeline"), "{out}");

    // Nothing listens on the port any more: loadgen fails with exit 1.
    drop(taken);
    let (status, out, err) = Proc::spawn("loadgen", &["--port", &port, "--duration-ms", "100"]).wait();
    assert_eq!(status.code(), Some(1), "{out}\n{err}");
    assert!(err.contains("refused"), "{err}");
}
