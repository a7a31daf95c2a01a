//! Builds the C liburing harness (csrc/liburing_bench.c) when Debian's
//! liburing-dev is installed; without it the C column reads "not installed".
//! Only this bench crate links liburing: the riouring library stays pure Rust.

use std::path::Path;

/// The version of `name` that Cargo.lock resolved.
fn locked_version(name: &str) -> Option<String> {
    let lock = std::fs::read_to_string("../Cargo.lock").ok()?;
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l == format!("name = \"{name}\"") {
            let v = lines.next()?;
            return v.strip_prefix("version = \"").map(|v| v.trim_end_matches('"').to_string());
        }
    }
    None
}

fn main() {
    println!("cargo::rerun-if-changed=../Cargo.lock");
    let io_uring = locked_version("io-uring").unwrap_or_else(|| "unknown".into());
    println!("cargo::rustc-env=BENCH_IO_URING_VERSION={io_uring}");
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let rustc_version = std::process::Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    println!("cargo::rustc-env=BENCH_RUSTC_VERSION={rustc_version}");
    println!("cargo::rustc-check-cfg=cfg(has_liburing)");
    println!("cargo::rerun-if-changed=csrc/liburing_bench.c");
    println!("cargo::rerun-if-changed=/usr/include/liburing.h");
    if !Path::new("/usr/include/liburing.h").exists() {
        println!("cargo::warning=liburing-dev not installed: the C liburing column will say so");
        return;
    }
    cc::Build::new().file("csrc/liburing_bench.c").opt_level(2).flag("-std=gnu11").compile("liburing_bench");
    println!("cargo::rustc-link-lib=uring");
    println!("cargo::rustc-cfg=has_liburing");
}
