//! C programs written against Debian's liburing header (2.3), linked to
//! riouring's stand-ins and run: once as plain liburing programs
//! (`-luring`, the header's inline helpers), once in FFI mode
//! (`-luring-ffi`, every inline helper called through the library).
//! Each run checks that the dynamic loader picked riouring's library, not
//! the system's.

#[path = "support/ffi.rs"]
mod common;

use common::*;
use std::process::Command;

/// Whether the C toolchain and header are here; prints the skip line if not.
fn c_tools() -> bool {
    if !have("gcc") {
        println!("skipped: gcc not installed");
        return false;
    }
    if !have_liburing_dev() {
        println!("skipped: liburing-dev not installed");
        return false;
    }
    true
}

/// Compile `src` in both modes, run each with `args`, and check its output
/// has every line of `expect`, and that the library loaded is riouring's.
fn run_both_modes(src: &str, args: &[&std::path::Path], expect: &[&str]) {
    let bin_dir = scratch_dir();
    for (mode, lib, flags) in [("liburing", "uring", &[][..]), ("ffi", "uring-ffi", &["-DFFI_MODE"][..])] {
        let bin = bin_dir.path().join(format!("{src}-{mode}"));
        compile_c(src, &bin, lib, flags);
        let out = Command::new("timeout")
            .arg("120")
            .arg(&bin)
            .args(args)
            .env("LD_LIBRARY_PATH", libs_dir())
            .env("LD_DEBUG", "libs")
            .output()
            .expect("run C program");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{src} ({mode}) failed: {}\n{stdout}\n{stderr}", out.status);
        for line in expect {
            assert!(stdout.lines().any(|l| l == *line), "{src} ({mode}): no `{line}` in\n{stdout}");
        }
        let soname = if mode == "ffi" { "liburing-ffi.so.2" } else { "liburing.so.2" };
        let loaded = loaded_libs(&stderr);
        let ours = libs_dir().join(soname);
        assert!(
            loaded.iter().any(|l| std::path::Path::new(l) == ours),
            "{src} ({mode}): riouring's {soname} not loaded: {loaded:?}"
        );
        assert!(
            !loaded.iter().any(|l| l.contains("liburing") && std::path::Path::new(l) != ours),
            "{src} ({mode}): another liburing was loaded: {loaded:?}"
        );
    }
}

#[test]
fn basic_setup_submit_wait_files_registration_probe() {
    if !c_tools() {
        return;
    }
    let dir = scratch_dir();
    run_both_modes(
        "basic.c",
        &[dir.path()],
        &[
            "ok queue_init",
            "ok sqpoll",
            "ok cqsize",
            "ok einval",
            "ok timeouts",
            "ok file_rw",
            "ok registered",
            "ok batch",
            "ok probe",
            "ok done",
        ],
    );
}

#[test]
fn buffer_ring_with_recv() {
    if !c_tools() {
        return;
    }
    run_both_modes("bufring.c", &[], &["ok bufring"]);
}

#[test]
fn multishot_accept() {
    if !c_tools() {
        return;
    }
    run_both_modes("accept.c", &[], &["ok multishot_accept"]);
}

#[test]
fn the_system_liburing_is_not_what_runs() {
    // The same program against the system's library would load
    // /lib/.../liburing.so.2: make sure the check above can tell them apart.
    if !c_tools() {
        return;
    }
    let dir = scratch_dir();
    let src = dir.path().join("v.c");
    std::fs::write(
        &src,
        "#include <liburing.h>\nint main(void){struct io_uring r;return io_uring_queue_init(2,&r,0);}\n",
    )
    .expect("write");
    let bin = dir.path().join("v");
    run(Command::new("gcc").arg("-o").arg(&bin).arg(&src).arg("-luring"));
    let out = Command::new(&bin).env("LD_DEBUG", "libs").output().expect("run");
    assert!(out.status.success());
    let loaded = loaded_libs(&String::from_utf8_lossy(&out.stderr));
    assert!(
        loaded.iter().any(|l| l.contains("liburing.so.2") && !l.starts_with(&*libs_dir().to_string_lossy())),
        "system liburing not seen: {loaded:?}"
    );
    let out =
        Command::new(&bin).env("LD_DEBUG", "libs").env("LD_LIBRARY_PATH", libs_dir()).output().expect("run");
    assert!(out.status.success());
    let loaded = loaded_libs(&String::from_utf8_lossy(&out.stderr));
    assert!(loaded.iter().any(|l| std::path::Path::new(l) == libs_dir().join("liburing.so.2")), "{loaded:?}");
}
