//! The binary, run as a user would run it.

use crate::util::{bin, root};
use std::process::Command;

pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(bin())
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_file(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn check_passes_on_the_shipped_dialogs() {
    let (code, out, err) = run(&["check", "dialogs"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("no problems found"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.ends_with(" cases pass") && !l.starts_with("0 ")),
        "{out}"
    );
}

#[test]
fn check_runs_the_cases_and_names_the_line_of_a_failing_one() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("dialogs");
    copy_dir(&root().join("dialogs"), &copy);
    let stops = copy.join("tests/stops.yaml");
    let text = std::fs::read_to_string(&stops).unwrap().replacen(
        "      status: declined\n",
        "      status: complete\n",
        1,
    );
    std::fs::write(&stops, text).unwrap();
    let (code, out, err) = run(&["check", &copy.display().to_string()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        err.contains("tests/stops.yaml:6:11")
            && err.contains("status: want complete, got declined"),
        "{err}"
    );
    assert!(
        err.contains("1 of ") && err.contains(" cases fail"),
        "{err}"
    );
}

#[test]
fn check_names_file_and_line_of_a_dangling_transition() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("dialogs");
    copy_dir(&root().join("dialogs"), &copy);
    let consent = copy.join("intake/01-consent.yaml");
    let text = std::fs::read_to_string(&consent)
        .unwrap()
        .replace("goto: end_declined", "goto: nowhere");
    std::fs::write(&consent, text).unwrap();
    let (code, _, err) = run(&["check", &copy.display().to_string()]);
    assert_eq!(code, 1);
    assert!(err.contains("intake/01-consent.yaml:"), "{err}");
    assert!(
        err.contains("transition to unknown node `nowhere`"),
        "{err}"
    );
}

pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

const CASE: &str = "answers:\n  consent: true\n  emergency_signs: []\n  warning_signs: [fever]\n";

#[test]
fn simulate_prints_json_and_uses_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let ok = temp_file(&dir, "ok.yaml", CASE);
    let (code, out, _) = run(&["simulate", "--answers", &ok]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["status"], "stopped_urgent");
    assert_eq!(json["outcome"]["urgency"], "same_day");
    assert_eq!(
        json["asked"],
        serde_json::json!(["consent", "emergency_signs", "warning_signs"])
    );

    let unknown = temp_file(
        &dir,
        "unknown.yaml",
        "answers:\n  consent: true\n  colour: blue\n",
    );
    let (code, out, err) = run(&["simulate", "--answers", &unknown]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("colour"), "{err}");

    let missing = temp_file(&dir, "missing.yaml", "answers:\n  consent: true\n");
    let (code, _, err) = run(&["simulate", "--answers", &missing]);
    assert_eq!(code, 3);
    assert!(err.contains("emergency_signs"), "{err}");

    let bad_yaml = temp_file(&dir, "bad.yaml", "answers: [\n");
    assert_eq!(run(&["simulate", "--answers", &bad_yaml]).0, 2);

    let days = temp_file(&dir, "days.yaml", "- null\n");
    let (code, out, _) = run(&["simulate", "--answers", &ok, "--checkins", &days]);
    assert_eq!(code, 0);
    assert!(out.contains("\"checkins\":[]"), "{out}");
}

#[test]
fn simulate_works_from_any_directory_with_the_built_in_dialogs() {
    let dir = tempfile::tempdir().unwrap();
    let ok = temp_file(&dir, "ok.yaml", CASE);
    let out = Command::new(bin())
        .args(["simulate", "--answers", &ok])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn graph_draws_the_intake() {
    let (code, out, _) = run(&["graph", "--flow", "intake"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("flowchart TD"));
    assert!(out.contains("consent -->"), "{out}");
    let (code, out, _) = run(&["graph", "--flow", "checkin", "--format", "dot"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("digraph checkin"));
}

/// What a clinician reads: the questions' words, conditions in words, the
/// stop rules and the outcome rules beside the flow. Read these snapshots
/// whole when they change.
#[test]
fn graph_reads_in_words() {
    let (code, mermaid, err) = run(&["graph", "--flow", "intake"]);
    assert_eq!(code, 0, "{err}");
    // The question's words, its label and variable, and the conditions.
    assert!(
        mermaid.contains("How long ago did you give birth?"),
        "{mermaid}"
    );
    assert!(mermaid.contains("<small>Since the birth · weeks_postpartum</small>"));
    assert!(mermaid.contains("asked when Since the birth is 6 weeks<br/>or more"));
    assert!(mermaid.contains("if any Emergency signs ticked"));
    assert!(mermaid.contains("<b>Ends: urgent stop</b>"));
    assert!(mermaid.contains("subgraph outcome_rules"));
    // No CEL left where words were expected.
    assert!(!mermaid.contains("size("), "{mermaid}");
    assert!(!mermaid.contains("&&"), "{mermaid}");
    insta::assert_snapshot!("graph_intake_mermaid", mermaid);
    let (code, dot, err) = run(&["graph", "--flow", "intake", "--format", "dot"]);
    assert_eq!(code, 0, "{err}");
    assert!(dot.contains("label=\"if not Agreed to start\""), "{dot}");
    insta::assert_snapshot!("graph_intake_dot", dot);
    let (code, checkin, err) = run(&["graph", "--flow", "checkin"]);
    assert_eq!(code, 0, "{err}");
    assert!(checkin.contains("subgraph adaptations"), "{checkin}");
    insta::assert_snapshot!("graph_checkin_mermaid", checkin);
}

/// `restride link … --qr`: the poster carries the clinic's emergency number
/// (else the deployment's), the privacy line and, for one patient, whose it is.
#[test]
fn posters_say_whose_they_are_and_which_number_to_call() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(
        &cfg,
        "[bot]\nusername = \"b\"\n\n[safety]\nemergency_number = \"112\"\n\n\
         [clinics.north]\nname = \"St Mary's <Women> & Co\"\nemergency_number = \"000\"\n\n\
         [clinics.south]\nname = \"South Clinic\"\n",
    )
    .unwrap();
    let poster = |args: &[&str]| {
        let svg = dir.path().join("poster.svg");
        let out = std::process::Command::new(crate::util::bin())
            .args(args)
            .arg("--qr")
            .arg(&svg)
            .arg("--config")
            .arg(&cfg)
            .env("RESTRIDE_DATA_DIR", dir.path().join("data"))
            .env_remove("TELOXIDE_TOKEN")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read_to_string(&svg).unwrap()
    };
    let north = poster(&["link", "north", "--patient", " R-7<K>Q2 "]);
    assert!(
        north.contains("St Mary's &lt;Women&gt; &amp; Co"),
        "{north}"
    );
    assert!(north.contains("call 000."), "{north}");
    assert!(
        north.contains("For: R-7&lt;K&gt;Q2 (this link is for one person"),
        "{north}"
    );
    assert!(north.contains("Your answers stay private."), "{north}");
    let south = poster(&["link", "south"]);
    assert!(south.contains("call 112."), "{south}");
    assert!(!south.contains("For:"), "{south}");
    assert!(south.contains("about 5 minutes"), "{south}");
}

#[test]
fn chat_resumes_across_runs_from_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data").display().to_string();
    let chat = |input: &str| {
        use std::io::Write;
        let mut child = Command::new(bin())
            .args(["chat", "--data-dir", &data])
            .current_dir(root())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let first = chat("yes\n0\n");
    assert!(first.contains("any of these"), "{first}");
    let second = chat("");
    assert!(second.contains("Welcome back"), "{second}");
    assert!(second.contains("Warning signs"), "{second}");
}

#[test]
fn backup_and_restore_carry_a_conversation_and_refuse_a_store_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("backup.json");
    // A conversation, on disk.
    {
        let store = restride::store::SledStore::open(&data, 8).unwrap();
        use restride::store::Store;
        store
            .commit(restride::store::Commit {
                chat: 77,
                session: Some(restride::engine::Session::new("intake", 1, "h", 5)),
                ..Default::default()
            })
            .unwrap();
        store.flush().unwrap();
        // While the store is open (as a running bot holds it), backup refuses.
        let (code, _, err) = run(&[
            "backup",
            &file.display().to_string(),
            "--data-dir",
            &data.display().to_string(),
        ]);
        assert_ne!(code, 0);
        assert!(err.contains("in use by another Restride process"), "{err}");
    }
    let (code, _, err) = run(&[
        "backup",
        &file.display().to_string(),
        "--data-dir",
        &data.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the backup is private");
        let mode = std::fs::metadata(&data).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "the data dir is private");
    }
    let restored = dir.path().join("restored");
    let (code, _, err) = run(&[
        "restore",
        &file.display().to_string(),
        "--data-dir",
        &restored.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    use restride::store::Store;
    let store = restride::store::SledStore::open(&restored, 8).unwrap();
    assert!(store.session(77).unwrap().is_some());
    drop(store);
    // Restoring over data refuses.
    let (code, _, err) = run(&[
        "restore",
        &file.display().to_string(),
        "--data-dir",
        &restored.display().to_string(),
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("already holds data"), "{err}");
}
