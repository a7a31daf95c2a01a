//! Command-line options of the ring server.

use std::net::Ipv4Addr;

/// What the server answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Send every byte back as it arrives.
    Echo,
    /// Answer each HTTP/1.1 request with a fixed "Hello, World!" page.
    Http,
}

/// The parsed command line.
#[derive(Clone, Debug)]
pub struct Options {
    pub bind: Ipv4Addr,
    pub port: u16,
    pub threads: usize,
    pub mode: Mode,
    /// One acceptor ring hands connections to the workers (else one
    /// `SO_REUSEPORT` listener per worker ring).
    pub acceptor: bool,
    /// Send through per-connection outgoing buffer rings with bundled sends.
    pub bundle: bool,
    /// Provided receive buffers per ring (a power of two).
    pub buffers: u16,
    /// Size of each receive buffer.
    pub buf_size: u32,
}

pub const USAGE: &str = "\
usage: ringserver [options]

A TCP server with one thread and one io_uring per core.

options:
  --bind IP          IPv4 address to listen on (default 127.0.0.1)
  --port N           TCP port, 0 for any free one (default 9000)
  --threads N        worker threads, one ring each (default: available cores)
  --mode echo|http   echo bytes back (default), or answer HTTP/1.1 requests
                     with \"Hello, World!\" (keep-alive, pipelining)
  --acceptor         one acceptor ring passes accepted connections to the
                     worker rings (msg_ring); default: one SO_REUSEPORT
                     listener per worker ring
  --bundle           send with bundles from a per-connection outgoing
                     buffer ring instead of one gathered buffer per send
  --buffers N        provided receive buffers per ring, a power of two
                     (default 1024)
  --buf-size N       bytes per receive buffer (default 4096)
  -h, --help         print this help

The first line on stdout is `listening on IP:PORT`. SIGINT or SIGTERM stops
the server cleanly: every connection is closed and a summary line printed.
Exit codes: 0 after a clean shutdown, 1 on a runtime error (port in use),
2 on bad arguments.";

/// What the command line asks for.
pub enum Parsed {
    Run(Options),
    Help,
}

/// The option's value: after `=`, or the next argument.
fn take<'a>(
    inline: Option<&'a str>,
    it: &mut std::slice::Iter<'a, String>,
    name: &str,
) -> Result<&'a str, String> {
    match inline {
        Some(v) => Ok(v),
        None => it.next().map(String::as_str).ok_or_else(|| format!("{name} needs a value")),
    }
}

fn number<T: std::str::FromStr>(s: &str, name: &str) -> Result<T, String> {
    s.parse().map_err(|_| format!("{name}: not a valid number: {s:?}"))
}

/// Parse the arguments (without the program name).
pub fn parse(args: &[String]) -> Result<Parsed, String> {
    let mut o = Options {
        bind: Ipv4Addr::LOCALHOST,
        port: 9000,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        mode: Mode::Echo,
        acceptor: false,
        bundle: false,
        buffers: 1024,
        buf_size: 4096,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        // Accept both `--name value` and `--name=value`.
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v)),
            _ => (arg.as_str(), None),
        };
        if inline.is_some() && matches!(name, "--acceptor" | "--bundle" | "--help") {
            return Err(format!("{name} takes no value"));
        }
        match name {
            "-h" | "--help" => return Ok(Parsed::Help),
            "--bind" => {
                o.bind = take(inline, &mut it, name)?
                    .parse()
                    .map_err(|_| "--bind: not an IPv4 address".to_string())?
            }
            "--port" => o.port = number(take(inline, &mut it, name)?, name)?,
            "--threads" => o.threads = number(take(inline, &mut it, name)?, name)?,
            "--mode" => {
                o.mode = match take(inline, &mut it, name)? {
                    "echo" => Mode::Echo,
                    "http" => Mode::Http,
                    m => return Err(format!("--mode: expected echo or http, got {m:?}")),
                }
            }
            "--acceptor" => o.acceptor = true,
            "--bundle" => o.bundle = true,
            "--buffers" => o.buffers = number(take(inline, &mut it, name)?, name)?,
            "--buf-size" => o.buf_size = number(take(inline, &mut it, name)?, name)?,
            _ => return Err(format!("unknown argument {arg:?}")),
        }
    }
    if o.threads == 0 || o.threads > 1024 {
        return Err("--threads must be between 1 and 1024".into());
    }
    if o.buffers == 0 || !o.buffers.is_power_of_two() || o.buffers > 32768 {
        return Err("--buffers must be a power of two between 1 and 32768".into());
    }
    if !(64..=1 << 20).contains(&o.buf_size) {
        return Err("--buf-size must be between 64 and 1048576".into());
    }
    Ok(Parsed::Run(o))
}
