//! Getting dialog file texts: from a directory, or built into the binary.
//! The result is a list of (relative path, text); parsing never touches disk.

use std::path::Path;

/// The dialog files of one directory, by path relative to it.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    pub files: Vec<(String, String)>,
    /// How the directory is named in messages (`dialogs`, or `<built-in>`).
    pub root: String,
}

impl Sources {
    pub fn get(&self, rel: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|(p, _)| p == rel)
            .map(|(_, t)| t.as_str())
    }

    /// The name a diagnostic uses for a file.
    pub fn display(&self, rel: &str) -> String {
        format!("{}/{}", self.root.trim_end_matches('/'), rel)
    }

    /// The dialogs compiled into the binary.
    pub fn embedded() -> Sources {
        Sources {
            files: EMBEDDED
                .iter()
                .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
                .collect(),
            root: "dialogs".to_owned(),
        }
    }

    /// Every `.yaml` file under `dir` (and the `.ftl` translations under
    /// `locales/`), except the test cases in `tests/`.
    pub fn from_dir(dir: &Path) -> std::io::Result<Sources> {
        let mut files = Vec::new();
        collect(dir, dir, &mut files)?;
        files.sort();
        Ok(Sources {
            files,
            root: dir.display().to_string(),
        })
    }

    /// The test cases of a dialogs directory (`<dir>/tests/*.yaml`), if it
    /// has a `tests/` folder.
    pub fn cases(dir: &Path) -> std::io::Result<Option<Sources>> {
        let tests = dir.join("tests");
        if !tests.is_dir() {
            return Ok(None);
        }
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&tests)? {
            let entry = entry?;
            let path = entry.path();
            if is_yaml(&path) && !entry.file_type()?.is_dir() {
                let rel = path
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                files.push((rel, read(&path)?));
            }
        }
        files.sort();
        Ok(Some(Sources {
            files,
            root: tests.display().to_string(),
        }))
    }
}

/// The folder of the translations, relative to the dialogs directory:
/// `locales/<lang>/locale.yaml` and its `.ftl` files.
pub const LOCALES: &str = "locales/";

/// The most a dialog file may hold.
pub const FILE_LIMIT: u64 = 1 << 20;

fn is_yaml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

/// A dialog file: YAML, or a Fluent translation (`locales/<lang>/*.ftl`).
fn is_dialog_file(path: &Path) -> bool {
    is_yaml(path) || path.extension().is_some_and(|e| e == "ftl")
}

/// One dialog file: a regular file (or a link to one) of at most
/// [`FILE_LIMIT`], checked on the open file before it is read.
fn read(path: &Path) -> std::io::Result<String> {
    crate::files::read_text(
        path,
        FILE_LIMIT,
        "split it into smaller files (a dialog file may hold up to 1 MiB)",
    )
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        // The entry itself, links not followed: a linked folder could lead
        // back up the tree (or anywhere), so folders must be real ones.
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if rel != "tests" {
                collect(root, &path, out)?;
            }
        } else if kind.is_symlink() && path.is_dir() {
            return Err(std::io::Error::other(format!(
                "{}: this is a link to a folder; dialog folders must be real folders (copy it, or link the files in it)",
                path.display()
            )));
        } else if is_dialog_file(&path) {
            out.push((rel, read(&path)?));
        }
    }
    Ok(())
}

include!(concat!(env!("OUT_DIR"), "/embedded_dialogs.rs"));
