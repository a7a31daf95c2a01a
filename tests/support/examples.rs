//! Finding the built example binaries from an integration test.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The built example `name`, next to this test in target/<profile>/examples.
/// A full `cargo test` builds the examples first; a single
/// `cargo test --test X` does not, so the first call of each test binary
/// runs `cargo build --examples` (a no-op when they are current).
pub fn example(name: &str) -> PathBuf {
    static BUILT: OnceLock<()> = OnceLock::new();
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe.parent().and_then(Path::parent).expect("target/<profile>").to_path_buf();
    BUILT.get_or_init(|| {
        let mut cmd = Command::new(env!("CARGO"));
        cmd.args(["build", "--quiet", "--examples", "--manifest-path"])
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"));
        if profile_dir.file_name().is_some_and(|n| n == "release") {
            cmd.arg("--release");
        }
        let status = cmd.status().expect("cargo runs");
        assert!(status.success(), "cargo build --examples failed");
    });
    let p = profile_dir.join("examples").join(name);
    assert!(p.exists(), "example binary {} not built", p.display());
    p
}
