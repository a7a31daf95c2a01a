//! Finding the built example binaries from an integration test.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The built example `name`. A full `cargo test` builds the examples into
/// `target/<profile>/examples/` before running `target/<profile>/deps/<test>`;
/// a single `cargo test --test X` does not, so a missing one is built here.
pub fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe.parent().and_then(Path::parent).expect("target/<profile>");
    let p = profile_dir.join("examples").join(name);
    if !p.exists() {
        let mut cmd = Command::new(env!("CARGO"));
        cmd.args(["build", "--quiet", "--example", name, "--manifest-path"])
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"));
        if profile_dir.file_name().is_some_and(|n| n == "release") {
            cmd.arg("--release");
        }
        let status = cmd.status().expect("cargo runs");
        assert!(status.success(), "building example {name} failed");
    }
    assert!(p.exists(), "example binary {} not built", p.display());
    p
}
