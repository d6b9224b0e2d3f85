//! Dependencies point one way (dialog -> engine -> ... -> simulate): no
//! file under `src/dialog/` names a module that depends on it.

use std::path::{Path, PathBuf};

/// The modules of the crate that `dialog` must not use.
const LATER: &[&str] = &[
    "engine", "simulate", "plan", "telegram", "store", "service", "clinic", "checkin",
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

#[test]
fn dialog_uses_no_later_module() {
    let mut paths = Vec::new();
    files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/dialog"),
        &mut paths,
    );
    assert!(paths.len() > 10, "only {} files found", paths.len());
    let mut found = Vec::new();
    // This file names those modules in its own tests' strings.
    paths.retain(|p| !p.ends_with("dialog/imports.rs"));
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let code: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for root in roots(&code) {
            if LATER.contains(&root.as_str()) {
                found.push(format!("{} uses crate::{root}", path.display()));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
