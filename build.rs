//! Builds the dialog files into the binary, so `restride` works from any directory.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let root = Path::new("dialogs");
    println!("cargo:rerun-if-changed=dialogs");
    let mut files = Vec::new();
    walk(root, root, &mut files);
    files.sort();
    let mut out = String::from(
        "/// Dialog files compiled into the binary.\npub static EMBEDDED: &[(&str, &str)] = &[\n",
    );
    for rel in files {
        let abs = root.join(&rel).canonicalize().expect("dialog file path");
        writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded_dialogs.rs");
    std::fs::write(dest, out).unwrap();
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        println!("cargo:rerun-if-changed={}", path.display());
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if path.is_dir() {
            if rel != "tests" {
                walk(root, &path, out);
            }
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "ftl") {
            out.push(rel);
        }
    }
}
