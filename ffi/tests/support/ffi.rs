//! Helpers shared by the riouring-ffi test files: locating the built static
//! library, linking the two stand-in shared objects once per test binary,
//! compiling C programs, and reading the liburing API table.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The riouring-ffi crate directory (`ffi/`).
pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The workspace root.
pub fn workspace_dir() -> PathBuf {
    crate_dir().parent().expect("ffi/ has a parent").to_path_buf()
}

/// The profile directory this test binary was built into (`target/debug`).
pub fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("current_exe");
    // target/<profile>/deps/<test>-<hash>
    exe.parent().and_then(Path::parent).expect("test binary lives in <profile>/deps").to_path_buf()
}

/// Whether `prog` can be run (found on PATH).
pub fn have(prog: &str) -> bool {
    Command::new("sh").arg("-c").arg(format!("command -v {prog}")).output().is_ok_and(|o| o.status.success())
}

/// Whether Debian's liburing-dev (the 2.3 header) is installed.
pub fn have_liburing_dev() -> bool {
    Path::new("/usr/include/liburing.h").exists()
}

/// Run `cmd`, panicking with its output when it fails.
pub fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    if !out.status.success() {
        panic!(
            "{cmd:?} failed ({}):\nstdout:\n{}\nstderr:\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    out
}

/// The static library of this crate, built for this test run's profile.
/// `cargo test` builds only the rlib that tests link against, so the
/// staticlib (and cdylib) are built here when missing or older than the
/// test binary.
pub fn staticlib() -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let a = profile_dir().join("libriouring_ffi.a");
            let exe = std::env::current_exe().expect("current_exe");
            let stale =
                match (a.metadata().and_then(|m| m.modified()), exe.metadata().and_then(|m| m.modified())) {
                    (Ok(lib), Ok(test)) => lib < test,
                    _ => true,
                };
            if stale {
                let mut cmd = Command::new(env!("CARGO"));
                cmd.args(["build", "--quiet", "-p", "riouring-ffi", "--lib", "--manifest-path"])
                    .arg(workspace_dir().join("Cargo.toml"));
                if profile_dir().file_name().is_some_and(|n| n == "release") {
                    cmd.arg("--release");
                }
                run(&mut cmd);
            }
            assert!(a.exists(), "{} was not built (crate-type staticlib)", a.display());
            a
        })
        .clone()
}

/// A directory holding `liburing.so.2` and `liburing-ffi.so.2` linked by
/// `ffi/build-libs.sh` from this run's static library, plus the
/// `liburing.so` / `liburing-ffi.so` link names. Linked once per test
/// binary, into `target/<profile>/riouring-ffi-libs/<test binary>/` (each
/// binary its own directory, as cargo may run them side by side).
pub fn libs_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let exe = std::env::current_exe().expect("current_exe");
        let name = exe.file_name().expect("exe name").to_string_lossy().into_owned();
        let dir = profile_dir().join("riouring-ffi-libs").join(name);
        std::fs::create_dir_all(&dir).expect("create libs dir");
        run(Command::new("bash").arg(crate_dir().join("build-libs.sh")).arg(staticlib()).arg(&dir));
        dir
    })
}

/// A scratch directory on the disk the build lives on (not tmpfs, so that
/// O_DIRECT works), removed when dropped.
pub fn scratch_dir() -> tempfile::TempDir {
    let base = profile_dir().join("riouring-ffi-scratch");
    std::fs::create_dir_all(&base).expect("create scratch base");
    tempfile::Builder::new().prefix("t").tempdir_in(base).expect("scratch tempdir")
}

/// One row of tests/data/liburing-api.tsv.
#[derive(Clone, Debug)]
pub struct ApiRow {
    pub name: String,
    /// Version node in liburing.map, if exported by liburing.so.
    pub so_node: Option<String>,
    /// Version node in liburing-ffi.map, if exported by liburing-ffi.so.
    pub ffi_node: Option<String>,
}

/// Every row of the API table, in table order.
pub fn api_rows() -> Vec<ApiRow> {
    let text = std::fs::read_to_string(workspace_dir().join("tests/data/liburing-api.tsv")).expect("api tsv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let col =
        |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("no column {name}"));
    let (c_name, c_so, c_ffi) = (col("name"), col("liburing.map_node"), col("liburing-ffi.map_node"));
    let node = |s: &str| if s == "-" || s.is_empty() { None } else { Some(s.to_string()) };
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            ApiRow { name: f[c_name].to_string(), so_node: node(f[c_so]), ffi_node: node(f[c_ffi]) }
        })
        .collect()
}

/// `name -> node` for one of the two maps (`ffi` false: liburing.so).
pub fn map_symbols(ffi: bool) -> BTreeMap<String, String> {
    api_rows()
        .into_iter()
        .filter_map(|r| {
            let node = if ffi { r.ffi_node } else { r.so_node };
            node.map(|n| (r.name, n))
        })
        .collect()
}

/// The exported, versioned dynamic symbols of a shared object:
/// `name -> version node` (default versions, `@@`), read with `objdump -T`.
pub fn dynamic_symbols(so: &Path) -> BTreeMap<String, String> {
    let out = run(Command::new("objdump").arg("-T").arg(so));
    let mut syms = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        // 000000000001b2c0 g    DF .text  0000000000000046  LIBURING_2.0 io_uring_submit
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() < 4 || f.contains(&"*UND*") || !line.contains(" g ") {
            continue;
        }
        let name = f[f.len() - 1];
        let ver = f[f.len() - 2].trim_start_matches('(').trim_end_matches(')');
        if ver.starts_with("LIBURING_") && name != ver {
            syms.insert(name.to_string(), ver.to_string());
        }
    }
    syms
}

/// Compile C source `src` (a file in ffi/tests/c) into `out`, against the
/// installed liburing header, linked with `-l<lib>` from [`libs_dir`].
pub fn compile_c(src: &str, out: &Path, lib: &str, extra: &[&str]) {
    let c = crate_dir().join("tests/c").join(src);
    run(Command::new("gcc")
        .args(["-O1", "-g", "-Wall", "-Werror", "-D_GNU_SOURCE", "-o"])
        .arg(out)
        .arg(&c)
        .arg("-I")
        .arg(crate_dir().join("tests/c"))
        .args(extra)
        .arg("-L")
        .arg(libs_dir())
        .arg(format!("-l{lib}")));
}

/// The shared objects a program's dynamic loader opened, from `LD_DEBUG=libs`
/// output: the `calling init: <path>` lines.
pub fn loaded_libs(ld_debug_stderr: &str) -> Vec<String> {
    ld_debug_stderr
        .lines()
        .filter_map(|l| l.split("calling init: ").nth(1))
        .map(|s| s.trim().to_string())
        .collect()
}
