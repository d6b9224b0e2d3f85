//! `restride check`: one broken dialog per file in `tests/broken/`, each a
//! patch to the real dialogs (or to one of their cases under `tests/`), with a
//! snapshot of the diagnostics it gives.

use crate::util::{CONSTANTS, root};
use restride::dialog::load::Sources;
use restride::simulate::cases::check;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Patch {
    what: String,
    file: String,
    find: Option<String>,
    replace: Option<String>,
    append: Option<String>,
}

/// The shipped dialogs and their cases, named as `restride check dialogs` names them.
fn dialogs() -> (Sources, Sources) {
    let dir = root().join("dialogs");
    let mut src = Sources::from_dir(&dir).unwrap();
    src.root = "dialogs".into();
    let mut cases = Sources::cases(&dir).unwrap().expect("dialogs/tests");
    cases.root = "dialogs/tests".into();
    (src, cases)
}

#[test]
fn the_shipped_dialogs_have_no_problems() {
    let (src, cases) = dialogs();
    let (d, summary) = check(&src, Some(&cases), &CONSTANTS).unwrap_or_else(|e| panic!("{e}"));
    assert!(summary.contains("no problems found"), "{summary}");
    // Nor a warning: every translation made from the English as it is.
    let warnings: Vec<String> = d.warnings.iter().map(|w| w.render(None)).collect();
    assert!(warnings.is_empty(), "{}", warnings.join("\n"));
    let passed: usize = summary
        .lines()
        .find_map(|l| l.strip_suffix(" cases pass"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no case count in {summary}"));
    assert!(passed >= 200, "{summary}");
}

#[test]
fn broken_dialogs_are_explained() {
    insta::glob!("broken/*.yaml", |path| {
        let patch: Patch = serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let (mut src, mut cases) = dialogs();
        let text = match patch.file.strip_prefix("tests/") {
            Some(case) => cases.files.iter_mut().find(|(p, _)| p == case),
            None => src.files.iter_mut().find(|(p, _)| *p == patch.file),
        }
        .map(|(_, t)| t)
        .unwrap_or_else(|| panic!("{}: no file {}", path.display(), patch.file));
        if let (Some(f), Some(r)) = (&patch.find, &patch.replace) {
            assert!(
                text.contains(f.as_str()),
                "{}: `{f}` not found",
                path.display()
            );
            *text = text.replacen(f.as_str(), r, 1);
        }
        if let Some(a) = &patch.append {
            text.push_str(a);
        }
        let report = check(&src, Some(&cases), &CONSTANTS)
            .map(|(_, summary)| summary)
            .expect_err(&patch.what);
        insta::assert_snapshot!(format!("{}\n\n{}", patch.what, report));
    });
}
