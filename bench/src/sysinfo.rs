//! The machine and toolchain the numbers come from.

use std::process::Command;

pub struct SysInfo {
    pub cpu: String,
    pub cores: usize,
    pub kernel: String,
    pub date: String,
    pub rustc: String,
    pub cc: String,
    pub liburing: String,
    pub io_uring: String,
    pub valgrind: Option<String>,
}

fn first_line(cmd: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(cmd).args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout).lines().next().map(|s| s.trim().to_string())
}

fn uname() -> String {
    // SAFETY: an all-zero utsname is valid to be overwritten.
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: `u` is valid and writable.
    if unsafe { libc::uname(&mut u) } != 0 {
        return "unknown".into();
    }
    let s = |f: &[libc::c_char]| {
        // SAFETY: uname NUL-terminates every field.
        unsafe { std::ffi::CStr::from_ptr(f.as_ptr()) }.to_string_lossy().into_owned()
    };
    format!("{} {} {} ({})", s(&u.sysname), s(&u.release), s(&u.machine), s(&u.version))
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + (m <= 2) as i64, m, d)
}

/// The current UTC date and time, `YYYY-MM-DD HH:MM UTC`.
pub fn utc_now() -> String {
    let secs =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
            as i64;
    let (y, m, d) = civil(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02} UTC", s / 3600, s / 60 % 60)
}

pub fn collect() -> SysInfo {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    let cores = cpuinfo.lines().filter(|l| l.starts_with("processor")).count();
    let liburing = if crate::peer_liburing::available() {
        first_line("dpkg-query", &["-W", "-f", "${Version}\n", "liburing-dev"])
            .map(|v| format!("liburing-dev {v} (Debian), linked with -luring"))
            .unwrap_or_else(|| "liburing (version unknown), linked with -luring".into())
    } else {
        "not installed".into()
    };
    SysInfo {
        cpu,
        cores,
        kernel: uname(),
        date: utc_now(),
        rustc: env!("BENCH_RUSTC_VERSION").to_string(),
        cc: first_line("cc", &["--version"]).unwrap_or_else(|| "unknown".into()),
        liburing,
        io_uring: env!("BENCH_IO_URING_VERSION").to_string(),
        valgrind: first_line("valgrind", &["--version"]),
    }
}
