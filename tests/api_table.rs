//! The README's liburing -> riouring table is true: every row names the item
//! that carries `#[doc(alias = "<liburing name>")]` in the source, and every
//! liburing function of tests/data/liburing-api.tsv has its row.
//!
//! `RIOURING_BLESS=1 cargo test --test api_table` rewrites the table from the
//! source (between the `<!-- api-table -->` markers) instead of checking it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

const BEGIN: &str = "<!-- api-table:begin -->";
const END: &str = "<!-- api-table:end -->";

struct ApiRow {
    name: String,
    since: String,
    kernel: String,
}

fn api_rows() -> Vec<ApiRow> {
    let tsv = fs::read_to_string(root().join("tests/data/liburing-api.tsv")).unwrap();
    tsv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            ApiRow { name: f[0].to_string(), since: f[2].to_string(), kernel: f[4].to_string() }
        })
        .collect()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The word after `kw ` in `line` (an identifier).
fn ident_after(line: &str, kw: &str) -> Option<String> {
    let i = line.find(kw)?;
    let rest = &line[i + kw.len()..];
    let id: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    (!id.is_empty()).then_some(id)
}

/// The type an `impl` line is for: `impl Foo {`, `impl<'a> Foo<'a> {`,
/// `impl Drop for Foo {`.
fn impl_target(line: &str) -> Option<String> {
    let l = line.trim_start();
    if !l.starts_with("impl") {
        return None;
    }
    let after = if let Some(i) = l.find(" for ") { &l[i + 5..] } else { l.trim_start_matches("impl") };
    let after = after.trim_start();
    let after = if after.starts_with('<') {
        // impl<'a> Type: skip the generics.
        let mut depth = 0;
        let mut end = 0;
        for (i, c) in after.char_indices() {
            match c {
                '<' => depth += 1,
                '>' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        after[end..].trim_start()
    } else {
        after
    };
    let id: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    (!id.is_empty()).then_some(id)
}

/// alias -> riouring item, from every `#[doc(alias = ...)]` in src/.
fn aliases() -> BTreeMap<String, String> {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    files.sort();
    let mut map = BTreeMap::new();
    for file in files {
        let in_sys = file.components().any(|c| c.as_os_str() == "sys");
        let text = fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut current_impl: Option<(String, bool)> = None;
        for (i, line) in lines.iter().enumerate() {
            if !line.starts_with(' ') && !line.starts_with('\t') {
                if let Some(t) = impl_target(line) {
                    current_impl = Some((t, line.contains(" for ")));
                } else if line.starts_with('}') {
                    // keep: closing brace of the impl ends it
                    current_impl = None;
                }
            }
            let mut names = Vec::new();
            let mut rest = *line;
            if !line.trim_start().starts_with("#[doc(alias") {
                continue;
            }
            while let Some(j) = rest.find("alias = \"") {
                let tail = &rest[j + 9..];
                let k = tail.find('"').unwrap();
                names.push(tail[..k].to_string());
                rest = &tail[k..];
            }
            // The item the attribute belongs to.
            let mut item = None;
            for l in &lines[i + 1..] {
                let t = l.trim_start();
                if t.starts_with("#[") || t.starts_with("///") || t.starts_with("//") {
                    continue;
                }
                let indented = l.starts_with(' ');
                item = if let Some(f) = ident_after(t, "fn ") {
                    match (&current_impl, indented) {
                        (Some((ty, true)), true) if f == "drop" => Some(format!("{ty} (Drop)")),
                        (Some((ty, _)), true) => Some(format!("{ty}::{f}")),
                        _ if in_sys => Some(format!("sys::{f}")),
                        _ => Some(f),
                    }
                } else if let Some(s) = ident_after(t, "struct ") {
                    Some(s)
                } else if let Some(c) = ident_after(t, "const ") {
                    Some(if in_sys { format!("sys::{c}") } else { c })
                } else if let Some(ty) = ident_after(t, "type ") {
                    Some(ty)
                } else {
                    impl_target(t)
                };
                break;
            }
            let item = item.unwrap_or_else(|| panic!("{}:{}: alias on no item", file.display(), i + 1));
            for n in names {
                map.entry(n).or_insert(item.clone());
            }
        }
        // A sys function named exactly like the C function is its counterpart
        // first (rustdoc refuses an alias equal to the name).
        if in_sys {
            for l in &lines {
                if let Some(f) = ident_after(l, "pub unsafe fn ").or_else(|| ident_after(l, "pub fn ")) {
                    if f.starts_with("io_uring") || f == "uring_ptr_to_u64" {
                        map.insert(f.clone(), format!("sys::{f}"));
                    }
                }
            }
        }
    }
    map
}

fn render(rows: &[ApiRow], aliases: &BTreeMap<String, String>) -> String {
    let mut s = String::new();
    s.push_str("| liburing | riouring | liburing since | needs |\n|---|---|---|---|\n");
    for r in rows {
        let item = aliases.get(&r.name).map_or("*not yet*".to_string(), |i| format!("`{i}`"));
        let kernel = if r.kernel == "-" { String::new() } else { r.kernel.replace('|', "/") };
        s.push_str(&format!("| `{}` | {} | {} | {} |\n", r.name, item, r.since, kernel));
    }
    s
}

fn readme_table(readme: &str) -> &str {
    let b = readme.find(BEGIN).expect("README has the api-table begin marker") + BEGIN.len();
    let e = readme.find(END).expect("README has the api-table end marker");
    readme[b..e].trim()
}

#[test]
fn readme_table_matches_the_source() {
    let rows = api_rows();
    assert_eq!(rows.len(), 236, "liburing-api.tsv lists 236 functions");
    let aliases = aliases();
    let want = render(&rows, &aliases);
    let path = root().join("README.md");
    let readme = fs::read_to_string(&path).unwrap();
    if std::env::var_os("RIOURING_BLESS").is_some() {
        let b = readme.find(BEGIN).unwrap() + BEGIN.len();
        let e = readme.find(END).unwrap();
        let new = format!("{}\n{}{}", &readme[..b], want, &readme[e..]);
        fs::write(&path, new).unwrap();
        return;
    }
    let have = readme_table(&readme);
    let mut diffs = Vec::new();
    for (h, w) in have.lines().zip(want.trim().lines()) {
        if h != w {
            diffs.push(format!("README: {h}\nsource: {w}"));
        }
    }
    assert_eq!(have.lines().count(), want.trim().lines().count(), "row count");
    assert!(
        diffs.is_empty(),
        "README table is stale (RIOURING_BLESS=1 regenerates it):\n{}",
        diffs.join("\n")
    );
}

#[test]
fn every_liburing_function_has_a_counterpart() {
    let aliases = aliases();
    let missing: Vec<String> =
        api_rows().into_iter().map(|r| r.name).filter(|n| !aliases.contains_key(n)).collect();
    assert!(missing.is_empty(), "liburing functions without a riouring counterpart: {missing:?}");
}
