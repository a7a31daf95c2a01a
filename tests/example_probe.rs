//! The `probe` example, run for real: it reports this kernel's io_uring and
//! proves the library works end to end.

use std::path::PathBuf;
use std::process::Command;

fn example(name: &str) -> PathBuf {
    // target/<profile>/deps/<this test> -> target/<profile>/examples/<name>
    let exe = std::env::current_exe().unwrap();
    exe.parent().unwrap().parent().unwrap().join("examples").join(name)
}

#[test]
fn probe_reports_the_kernel_and_runs_end_to_end() {
    let out = Command::new(example("probe")).output().expect("the probe example was built");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "probe failed: {text}\n{}", String::from_utf8_lossy(&out.stderr));
    // Every feature, every setup flag, every opcode is listed.
    assert_eq!(text.lines().filter(|l| l.trim_start().starts_with("IORING_FEAT_")).count(), 18);
    assert_eq!(text.lines().filter(|l| l.trim_start().starts_with("IORING_SETUP_")).count(), 21);
    let ops: Vec<&str> = text.lines().filter(|l| l.contains(" IORING_OP_")).collect();
    assert_eq!(ops.len(), 65, "{text}");
    assert!(ops.iter().all(|l| l.ends_with("supported")));
    assert!(text.contains("IORING_OP_READ ") && text.contains("IORING_OP_NOP "));
    assert!(text.contains("NOPs round-tripped in order"));
    assert!(text.contains("contents match"));
    assert!(text.trim_end().ends_with("io_uring works."));
}
