//! Checks `riouring::sys::ALL_CONSTANTS` against section 2 of
//! `tests/data/liburing-uapi.md` (the liburing 2.15 UAPI inventory): every
//! constant is present with the documented value, and the headline counts
//! hold.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use riouring::sys::ALL_CONSTANTS;

const HEADER_GUARDS: [&str; 3] =
    ["LINUX_IO_URING_H", "LINUX_IO_URING_QUERY_H", "LINUX_IO_URING_BPF_FILTER_H"];

/// One `### ...` table of section 2: its heading, the count in the heading
/// (`— N`), and its rows as (name, value cell).
struct Section {
    title: String,
    stated: Option<usize>,
    rows: Vec<(String, String)>,
}

fn read_md() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/liburing-uapi.md");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

/// Splits a markdown table row into cells, ignoring `|` inside backticks.
fn split_cells(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut in_code = false;
    for c in line.trim().trim_start_matches('|').chars() {
        match c {
            '`' => {
                in_code = !in_code;
                cur.push(c);
            }
            '|' if !in_code => cells.push(std::mem::take(&mut cur).trim().to_string()),
            _ => cur.push(c),
        }
    }
    if !cur.trim().is_empty() {
        cells.push(cur.trim().to_string());
    }
    cells
}

/// The tables of section 2, in order.
fn parse_sections(md: &str) -> Vec<Section> {
    let start = md.find("\n## 2.").expect("section 2 heading");
    let end = md[start..].find("\n## 3.").map_or(md.len(), |e| start + e);
    let mut sections: Vec<Section> = Vec::new();
    for line in md[start..end].lines() {
        if let Some(title) = line.strip_prefix("### ") {
            let stated = title.rsplit_once(" — ").and_then(|(_, n)| n.trim().parse().ok());
            sections.push(Section { title: title.to_string(), stated, rows: Vec::new() });
        } else if line.starts_with("| `") {
            let cells = split_cells(line);
            let name = cells[0].trim_matches('`').to_string();
            let section = sections.last_mut().expect("row before any heading");
            section.rows.push((name, cells[1].clone()));
        }
    }
    sections
}

/// Tiny evaluator for the C constant expressions in the value column.
struct Eval<'a> {
    raw: &'a HashMap<String, String>,
    toks: Vec<String>,
    pos: usize,
    depth: usize,
}

fn tokenize(s: &str) -> Vec<String> {
    let mut toks = Vec::new();
    let cs: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_alphanumeric() || c == '_' {
            let st = i;
            while i < cs.len() && (cs[i].is_ascii_alphanumeric() || cs[i] == '_') {
                i += 1;
            }
            toks.push(cs[st..i].iter().collect());
        } else if c == '<' && cs.get(i + 1) == Some(&'<') {
            toks.push("<<".into());
            i += 2;
        } else {
            toks.push(c.to_string());
            i += 1;
        }
    }
    toks
}

fn parse_number(tok: &str) -> Option<i128> {
    let t = tok.trim_end_matches(['U', 'u', 'L', 'l']);
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        i128::from_str_radix(hex, 16).ok()
    } else {
        t.parse().ok()
    }
}

impl Eval<'_> {
    fn value_of(raw: &HashMap<String, String>, name: &str, depth: usize) -> Result<i128, String> {
        if depth > 16 {
            return Err(format!("{name}: definition too deep"));
        }
        let cell = raw.get(name).ok_or_else(|| format!("unknown name {name}"))?;
        // "`expr` = N": the md already gives the value.
        if let Some((_, n)) = cell.rsplit_once("` = ") {
            return n.trim().parse().map_err(|e| format!("{name}: bad value {n:?}: {e}"));
        }
        let mut ev = Eval { raw, toks: tokenize(cell.trim_matches('`')), pos: 0, depth: depth + 1 };
        let v = ev.or()?;
        if ev.pos != ev.toks.len() {
            return Err(format!("{name}: trailing tokens in {cell}"));
        }
        Ok(v)
    }

    fn peek(&self) -> Option<&str> {
        self.toks.get(self.pos).map(String::as_str)
    }

    fn next(&mut self) -> Result<String, String> {
        let t = self.toks.get(self.pos).cloned().ok_or("unexpected end")?;
        self.pos += 1;
        Ok(t)
    }

    fn or(&mut self) -> Result<i128, String> {
        let mut v = self.shift()?;
        while self.peek() == Some("|") {
            self.pos += 1;
            v |= self.shift()?;
        }
        Ok(v)
    }

    fn shift(&mut self) -> Result<i128, String> {
        let mut v = self.add()?;
        while self.peek() == Some("<<") {
            self.pos += 1;
            v <<= self.add()?;
        }
        Ok(v)
    }

    fn add(&mut self) -> Result<i128, String> {
        let mut v = self.unary()?;
        loop {
            match self.peek() {
                Some("+") => {
                    self.pos += 1;
                    v += self.unary()?;
                }
                Some("-") => {
                    self.pos += 1;
                    v -= self.unary()?;
                }
                _ => return Ok(v),
            }
        }
    }

    fn unary(&mut self) -> Result<i128, String> {
        match self.peek() {
            Some("-") => {
                self.pos += 1;
                Ok(-self.unary()?)
            }
            Some("(") => {
                // A cast like `(__u32)` is skipped; otherwise a parenthesised expression.
                let is_cast = self.toks.get(self.pos + 2).map(String::as_str) == Some(")")
                    && self.toks[self.pos + 1].starts_with("__");
                if is_cast {
                    self.pos += 3;
                    return self.unary();
                }
                self.pos += 1;
                let v = self.or()?;
                match self.next()?.as_str() {
                    ")" => Ok(v),
                    t => Err(format!("expected ) got {t}")),
                }
            }
            _ => {
                let t = self.next()?;
                match parse_number(&t) {
                    Some(n) => Ok(n),
                    None => Self::value_of(self.raw, &t, self.depth),
                }
            }
        }
    }
}

/// Every constant of section 2 (minus header guards) with its value.
fn md_constants(sections: &[Section]) -> (BTreeMap<String, i128>, Vec<String>) {
    let mut raw = HashMap::new();
    let mut errors = Vec::new();
    for (name, cell) in sections.iter().flat_map(|s| &s.rows) {
        if raw.insert(name.clone(), cell.clone()).is_some() {
            errors.push(format!("{name}: listed twice in the md"));
        }
    }
    let mut out = BTreeMap::new();
    for name in raw.keys() {
        if HEADER_GUARDS.contains(&name.as_str()) {
            continue;
        }
        match Eval::value_of(&raw, name, 0) {
            Ok(v) => {
                out.insert(name.clone(), v);
            }
            Err(e) => errors.push(format!("cannot evaluate md value: {e}")),
        }
    }
    (out, errors)
}

fn table() -> HashMap<&'static str, i128> {
    ALL_CONSTANTS.iter().copied().collect()
}

fn section<'a>(sections: &'a [Section], prefix: &str) -> &'a Section {
    sections
        .iter()
        .find(|s| s.title.starts_with(prefix))
        .unwrap_or_else(|| panic!("no md section starting with {prefix:?}"))
}

fn fail_on(errors: Vec<String>) {
    assert!(errors.is_empty(), "{} mismatch(es):\n  {}", errors.len(), errors.join("\n  "));
}

#[test]
fn every_md_constant_has_the_documented_value() {
    let sections = parse_sections(&read_md());
    let (md, mut errors) = md_constants(&sections);
    let table = table();
    for (name, want) in &md {
        match table.get(name.as_str()) {
            None => errors.push(format!("{name}: missing from ALL_CONSTANTS (md value {want})")),
            Some(got) if got != want => errors.push(format!("{name}: is {got}, md says {want}")),
            Some(_) => {}
        }
    }
    // The md states 273 names, 3 of them header guards.
    if md.len() != 270 {
        errors.push(format!("md section 2 yields {} constants, expected 270", md.len()));
    }
    // Each table has as many rows as its heading says.
    for s in &sections {
        if s.stated.is_some_and(|n| n != s.rows.len()) {
            errors.push(format!("md table {:?} has {} rows", s.title, s.rows.len()));
        }
    }
    fail_on(errors);
}

#[test]
fn headline_counts() {
    let sections = parse_sections(&read_md());
    let table = table();
    let mut errors = Vec::new();
    let by_prefix = |prefix: &str| -> Vec<(&str, i128)> {
        ALL_CONSTANTS.iter().copied().filter(|(n, _)| n.starts_with(prefix)).collect()
    };
    let mut check = |what: &str, got: usize, want: usize| {
        if got != want {
            errors.push(format!("{what}: {got}, expected {want}"));
        }
    };

    // Opcodes: 65 real ones numbered 0..=64, IORING_OP_LAST == 65.
    let ops: Vec<_> = by_prefix("IORING_OP_").into_iter().filter(|(n, _)| *n != "IORING_OP_LAST").collect();
    check("IORING_OP_* opcodes", ops.len(), 65);
    let values: BTreeSet<i128> = ops.iter().map(|&(_, v)| v).collect();
    check("IORING_OP_* opcodes in 0..=64", values.iter().filter(|v| (0..=64).contains(*v)).count(), 65);
    check("IORING_OP_LAST", table.get("IORING_OP_LAST").copied().unwrap_or(-1) as usize, 65);
    check("md opcode rows", section(&sections, "IORING_OP_*").rows.len(), 66);

    check("IORING_SETUP_*", by_prefix("IORING_SETUP_").len(), 21);
    check("md IORING_SETUP_* rows", section(&sections, "IORING_SETUP_*").rows.len(), 21);
    check("IORING_FEAT_*", by_prefix("IORING_FEAT_").len(), 18);
    check("md IORING_FEAT_* rows", section(&sections, "IORING_FEAT_*").rows.len(), 18);
    check("IORING_ENTER_*", by_prefix("IORING_ENTER_").len(), 8);
    check("md IORING_ENTER_* rows", section(&sections, "IORING_ENTER_*").rows.len(), 8);

    // Register opcodes: the md table minus the sentinel and the flag, 0..=37.
    let reg = section(&sections, "IORING_REGISTER_*");
    let reg_ops: Vec<&str> = reg
        .rows
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| !matches!(*n, "IORING_REGISTER_LAST" | "IORING_REGISTER_USE_REGISTERED_RING"))
        .collect();
    check("register opcodes", reg_ops.len(), 38);
    let reg_values: BTreeSet<i128> = reg_ops.iter().filter_map(|n| table.get(n).copied()).collect();
    check(
        "distinct register opcodes in 0..=37",
        reg_values.iter().filter(|v| (0..=37).contains(*v)).count(),
        38,
    );
    check("IORING_REGISTER_LAST", table.get("IORING_REGISTER_LAST").copied().unwrap_or(-1) as usize, 38);

    // SQE flags: 7 IOSQE_* flags, each 1 << its IOSQE_*_BIT.
    let flags: Vec<_> = by_prefix("IOSQE_").into_iter().filter(|(n, _)| !n.ends_with("_BIT")).collect();
    check("IOSQE_* flags", flags.len(), 7);
    for (name, v) in flags {
        let bit = table.get(format!("{name}_BIT").as_str()).copied();
        if bit.map(|b| 1i128 << b) != Some(v) {
            errors.push(format!("{name} = {v} is not 1 << {name}_BIT ({bit:?})"));
        }
    }
    fail_on(errors);
}

#[test]
fn opcode_values_are_unique() {
    let mut seen: HashMap<i128, &str> = HashMap::new();
    let mut errors = Vec::new();
    for &(name, v) in ALL_CONSTANTS.iter().filter(|(n, _)| n.starts_with("IORING_OP_")) {
        if let Some(other) = seen.insert(v, name) {
            errors.push(format!("{name} and {other} are both {v}"));
        }
    }
    fail_on(errors);
}

#[test]
fn constant_names_are_unique() {
    let mut seen = BTreeSet::new();
    let errors = ALL_CONSTANTS
        .iter()
        .filter(|(n, _)| !seen.insert(*n))
        .map(|(n, _)| format!("{n} listed twice in ALL_CONSTANTS"))
        .collect();
    fail_on(errors);
}
