//! The export list: the version scripts in ffi/ are the API table's map
//! columns, and the linked liburing.so.2 / liburing-ffi.so.2 export every
//! symbol of liburing's maps under the same version node, and nothing else.
//!
//! `RIOURING_FFI_WRITE_MAPS=1 cargo test -p riouring-ffi --test exports`
//! regenerates ffi/liburing.map and ffi/liburing-ffi.map from the table.

#[path = "support/ffi.rs"]
mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};

/// liburing names riouring-ffi does not export yet, because the riouring
/// method they would call does not exist yet. Empty when the C ABI is
/// complete.
const KNOWN_MISSING: &[&str] = &[];

/// `LIBURING_2.<minor>` -> minor.
fn minor(node: &str) -> u32 {
    node.strip_prefix("LIBURING_2.").and_then(|m| m.parse().ok()).unwrap_or_else(|| panic!("bad node {node}"))
}

/// The version script for one map column: every node from the first to the
/// last one the column names (empty nodes included, as liburing keeps them),
/// each inheriting the previous one; the first ends with `local: *`.
fn version_script(ffi: bool) -> String {
    let rows = api_rows();
    let mut by_node: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for r in &rows {
        let node = if ffi { &r.ffi_node } else { &r.so_node };
        if let Some(n) = node {
            by_node.entry(minor(n)).or_default().push(r.name.clone());
        }
    }
    let first = *by_node.keys().next().expect("some node");
    let last = *by_node.keys().last().expect("some node");
    let (column, lib) = if ffi {
        ("liburing-ffi.map_node", "liburing-ffi.so.2")
    } else {
        ("liburing.map_node", "liburing.so.2")
    };
    let mut s = format!(
        "/* {lib}: liburing's symbol versions. Generated from tests/data/liburing-api.tsv\n \
         * (column {column}) by ffi/tests/exports.rs; do not edit. */\n"
    );
    for m in first..=last {
        s.push_str(&format!("LIBURING_2.{m} {{\n"));
        let names = by_node.get(&m).cloned().unwrap_or_default();
        if !names.is_empty() {
            s.push_str("\tglobal:\n");
            for n in names {
                s.push_str(&format!("\t\t{n};\n"));
            }
        }
        if m == first {
            s.push_str("\tlocal:\n\t\t*;\n};\n");
        } else {
            s.push_str(&format!("}} LIBURING_2.{};\n", m - 1));
        }
        if m != last {
            s.push('\n');
        }
    }
    s
}

#[test]
fn maps_match_the_api_table() {
    for (ffi, file) in [(false, "liburing.map"), (true, "liburing-ffi.map")] {
        let want = version_script(ffi);
        let path = crate_dir().join(file);
        if std::env::var_os("RIOURING_FFI_WRITE_MAPS").is_some() {
            std::fs::write(&path, &want).expect("write map");
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(have, want, "{file} is stale: rerun with RIOURING_FFI_WRITE_MAPS=1");
    }
    // The table's counts, as liburing's own maps have them.
    assert_eq!(map_symbols(false).len(), 83);
    assert_eq!(map_symbols(true).len(), 223);
}

/// Every symbol of `map` is exported by `so` under its node, except the
/// known-missing ones; nothing else named io_uring is exported.
fn check_exports(so: &std::path::Path, ffi: bool) {
    let want = map_symbols(ffi);
    let have = dynamic_symbols(so);
    let missing: BTreeSet<&str> =
        want.keys().filter(|n| !have.contains_key(*n)).map(String::as_str).collect();
    let known: BTreeSet<&str> = KNOWN_MISSING.iter().copied().filter(|n| want.contains_key(*n)).collect();
    assert_eq!(missing, known, "{}: missing exports differ from KNOWN_MISSING", so.display());
    for (name, node) in &have {
        assert_eq!(want.get(name), Some(node), "{}: {name}@{node} is not in the map", so.display());
    }
}

#[test]
fn liburing_so_exports_every_symbol_of_liburing_map() {
    if !have("gcc") && !have("cc") {
        println!("skipped: gcc not installed");
        return;
    }
    check_exports(&libs_dir().join("liburing.so.2"), false);
}

#[test]
fn liburing_ffi_so_exports_every_symbol_of_liburing_ffi_map() {
    if !have("gcc") && !have("cc") {
        println!("skipped: gcc not installed");
        return;
    }
    check_exports(&libs_dir().join("liburing-ffi.so.2"), true);
}

#[test]
fn sonames_are_liburings() {
    if !have("gcc") && !have("cc") {
        println!("skipped: gcc not installed");
        return;
    }
    for (file, soname) in [("liburing.so.2", "liburing.so.2"), ("liburing-ffi.so.2", "liburing-ffi.so.2")] {
        let out = run(std::process::Command::new("objdump").arg("-p").arg(libs_dir().join(file)));
        let text = String::from_utf8_lossy(&out.stdout);
        let line = text.lines().find(|l| l.trim_start().starts_with("SONAME")).expect("SONAME");
        assert_eq!(line.split_whitespace().nth(1), Some(soname), "{file}");
    }
}

#[test]
fn known_missing_is_not_stale() {
    // A name in KNOWN_MISSING must be a real liburing export.
    let all: BTreeSet<String> = map_symbols(false).into_keys().chain(map_symbols(true).into_keys()).collect();
    for n in KNOWN_MISSING {
        assert!(all.contains(*n), "KNOWN_MISSING names {n}, which no map exports");
    }
}
