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

    /// Every `.yaml` file under `dir`, except the test cases in `tests/`.
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
            let path = entry?.path();
            if path.is_file() && path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                let rel = path
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                files.push((rel, std::fs::read_to_string(&path)?));
            }
        }
        files.sort();
        Ok(Some(Sources {
            files,
            root: tests.display().to_string(),
        }))
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        if path.is_dir() {
            if rel != "tests" {
                collect(root, &path, out)?;
            }
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push((rel, std::fs::read_to_string(&path)?));
        }
    }
    Ok(())
}

include!(concat!(env!("OUT_DIR"), "/embedded_dialogs.rs"));
