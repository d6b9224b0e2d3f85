//! Issue 15: `/delete` leaves nothing of her readable, in the data files the
//! bot leaves behind or in a backup made afterwards. Run with the built
//! binary, as the finding was made: `restride chat` on a sled store.

use crate::util::{bin, root};
use std::path::Path;
use std::process::{Command, Stdio};

/// Consent, no signs, 16+, not pregnant, baby with her, 16 weeks, vaginal
/// birth, cleared, no goals, not breastfeeding, nothing else, her height
/// and weight, then her plan.
const INTAKE: &[&str] = &[
    "yes", "0", "0", "1", "2", "1", "16", "1", "yes", "0", "no", "0", "0", "no", "no", "no", "0",
    "0", "2", "no", "187", "143", "1",
];

/// What must not be readable after she deleted: her answers as stored.
const HERS: &[&str] = &["weight_kg", "height_cm", "\"weeks_postpartum\":16"];

fn chat(data: &Path, lines: &[&str]) -> String {
    use std::io::Write;
    let mut child = Command::new(bin())
        .args(["chat", "--data-dir", &data.display().to_string()])
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every file under `dir` whose bytes contain `needle`.
fn files_with(dir: &Path, needle: &str) -> Vec<String> {
    let mut found = vec![];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        } else {
            let bytes = std::fs::read(&p).unwrap();
            if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                found.push(p.display().to_string());
            }
        }
    }
    found
}

fn backup(data: &Path, file: &Path) {
    store_command("backup", file, data);
}

/// `restride backup|restore FILE --data-dir DATA`, which must succeed.
fn store_command(what: &str, file: &Path, data: &Path) {
    let out = Command::new(bin())
        .args([
            what,
            &file.display().to_string(),
            "--data-dir",
            &data.display().to_string(),
        ])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn after_delete_nothing_she_answered_is_readable_in_the_data_files_or_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let screen = chat(&data, INTAKE);
    assert!(screen.contains("Your plan"), "{screen}");
    // Her answers are there, and read back through the store...
    {
        use restride::store::Store;
        let store = restride::store::SledStore::open(&data, 8).unwrap();
        let sessions = store.sessions().unwrap();
        assert_eq!(sessions.len(), 1);
        let answers = &sessions[0].1.answers;
        assert_eq!(
            answers["weight_kg"],
            restride::dialog::value::Value::Int(143)
        );
    }
    // ...and a backup made before she deletes restores them.
    let before = dir.path().join("before.json");
    backup(&data, &before);

    let keys = |d: &Path| -> Vec<Vec<u8>> {
        std::fs::read_dir(d.join("keys"))
            .unwrap()
            .map(|e| std::fs::read(e.unwrap().path()).unwrap())
            .collect()
    };
    let her_key = keys(&data);
    assert_eq!(her_key.len(), 1);

    let screen = chat(&data, &["/delete", "1"]);
    assert!(screen.contains("deleted"), "{screen}");
    for needle in HERS {
        assert_eq!(files_with(&data, needle), Vec::<String>::new(), "{needle}");
    }
    let after = dir.path().join("after.json");
    backup(&data, &after);
    for needle in HERS {
        assert_eq!(files_with(&after, needle), Vec::<String>::new(), "{needle}");
    }
    use restride::store::Store;
    let store = restride::store::SledStore::open(&data, 8).unwrap();
    assert!(store.sessions().unwrap().is_empty());
    // Her key is gone (a new one may seal the goodbye message).
    assert!(!keys(&data).contains(&her_key[0]));
}

/// A backup carries the keys: restored, her conversation reads as before.
#[test]
fn a_backup_restores_sealed_conversations() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    chat(&data, &INTAKE[..8]);
    let file = dir.path().join("b.json");
    backup(&data, &file);
    let restored = dir.path().join("restored");
    store_command("restore", &file, &restored);
    let screen = chat(&restored, &[]);
    assert!(screen.contains("Welcome back"), "{screen}");
}
