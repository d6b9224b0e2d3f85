//! The import rules of the layout, read from the sources (`use crate::…`
//! and every other `crate::` path):
//!
//! - dependencies point one way, by rank: files, dialog → texts → engine → plan,
//!   checkin, clinic, render, outbox → config, store → service → telegram,
//!   terminal, simulate, graph, ops → app → cli (a module may use its own
//!   rank and lower ones, never a higher one);
//! - no cycle between modules;
//! - the pure modules (dialog, texts, engine, plan, checkin, clinic,
//!   service) use no tokio, teloxide, sled, reqwest, std::fs or std::net
//!   (reading the dialog files is `dialog/load.rs`'s job alone).

#![cfg(test)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top module's rank.
const RANKS: &[(&str, u8)] = &[
    ("files", 0),
    ("dialog", 0),
    ("texts", 1),
    ("engine", 2),
    ("plan", 3),
    ("checkin", 3),
    ("clinic", 3),
    ("render", 3),
    ("outbox", 3),
    ("config", 4),
    ("store", 4),
    ("service", 5),
    ("telegram", 6),
    ("terminal", 6),
    ("simulate", 6),
    ("graph", 6),
    ("ops", 6),
    ("app", 7),
    ("cli", 8),
];

/// Modules whose own code does no I/O of its own, and what they must not use.
const PURE: &[&str] = &[
    "dialog", "texts", "engine", "plan", "checkin", "clinic", "service",
];
const IMPURE: &[&str] = &[
    "tokio", "teloxide", "sled", "reqwest", "std::fs", "std::net",
];

/// The first segment of every `crate::` path in `code`, groups included:
/// `crate::{engine::Env, dialog::{a, b}}` gives `engine` and `dialog`.
fn roots(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let (mut depth, mut start) = (0, 0);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        out.push(segment(&group[start..i]));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(segment(&group[start..i]));
                        start = i + 1;
                    }
                    _ => {}
                }
            }
        } else {
            out.push(segment(rest));
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

fn segment(path: &str) -> String {
    path.trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn roots_reads_plain_paths_and_groups() {
    assert_eq!(roots("use crate::engine::value::Value;"), ["engine"]);
    assert_eq!(
        roots("use crate::{\n    engine::Env,\n    dialog::{a, b},\n};\nlet x = crate::plan::f();"),
        ["engine", "dialog", "plan"]
    );
    assert!(roots("use super::value::Value;").is_empty());
}

/// The top module of a source file (`src/service/intake.rs` → `service`).
fn module_of(src: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(src).unwrap_or(path);
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    first.unwrap_or_default().trim_end_matches(".rs").to_owned()
}

/// A file's code without comments and without its tests.
fn code_of(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    if text.contains("#![cfg(test)]") {
        return None;
    }
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    Some(
        text.lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// Every top module and the top modules it uses.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    files(&src, &mut paths);
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in paths {
        let module = module_of(&src, &path);
        if ["lib", "main", "imports"].contains(&module.as_str()) {
            continue;
        }
        let Some(code) = code_of(&path) else { continue };
        let entry = uses.entry(module.clone()).or_default();
        for root in roots(&code) {
            if root != module {
                entry.insert(root);
            }
        }
    }
    uses
}

#[test]
fn every_module_has_a_rank() {
    let ranks: BTreeMap<&str, u8> = RANKS.iter().copied().collect();
    for m in graph().keys() {
        assert!(ranks.contains_key(m.as_str()), "give `{m}` a rank in RANKS");
    }
}

#[test]
fn dependencies_point_one_way() {
    let ranks: BTreeMap<&str, u8> = RANKS.iter().copied().collect();
    let mut found = Vec::new();
    for (m, uses) in graph() {
        let mine = ranks.get(m.as_str()).copied().unwrap_or(u8::MAX);
        for u in uses {
            if ranks.get(u.as_str()).is_some_and(|r| *r > mine) {
                found.push(format!(
                    "{m} (rank {mine}) uses {u} (rank {})",
                    ranks[u.as_str()]
                ));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn no_cycle_between_modules() {
    let g = graph();
    // Depth-first search for a path back to the start.
    fn reaches(
        g: &BTreeMap<String, BTreeSet<String>>,
        from: &str,
        to: &str,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in g.get(from).into_iter().flatten() {
            if next == to {
                return true;
            }
            if seen.insert(next.clone()) && reaches(g, next, to, seen) {
                return true;
            }
        }
        false
    }
    let cyclic: Vec<&String> = g
        .keys()
        .filter(|m| reaches(&g, m, m, &mut BTreeSet::new()))
        .collect();
    assert!(cyclic.is_empty(), "modules on a cycle: {cyclic:?}");
}

#[test]
fn pure_modules_do_no_io_of_their_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    files(&src, &mut paths);
    let mut found = Vec::new();
    for path in paths {
        let module = module_of(&src, &path);
        if !PURE.contains(&module.as_str()) || path.ends_with("dialog/load.rs") {
            continue;
        }
        let Some(code) = code_of(&path) else { continue };
        for bad in IMPURE {
            let used = code.lines().any(|l| {
                let l = l.trim();
                l.contains(&format!("{bad}::"))
                    || l.starts_with(&format!("use {bad};"))
                    || l.contains(&format!("use {bad}::"))
            });
            if used {
                found.push(format!("{} uses {bad}", path.display()));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
