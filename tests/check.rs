//! `restride check`: one broken dialog per file in `tests/broken/`, each a
//! patch to the real dialogs, with a snapshot of the diagnostics it gives.

use crate::util::root;
use restride::dialog::compile::render;
use restride::dialog::load::Sources;
use restride::dialog::required::compile_complete as compile;
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

fn dialogs() -> Sources {
    let mut src = Sources::from_dir(&root().join("dialogs")).unwrap();
    src.root = "dialogs".into();
    src
}

#[test]
fn the_shipped_dialogs_have_no_problems() {
    let d = compile(&dialogs()).unwrap_or_else(|e| panic!("{}", render(&dialogs(), &e)));
    assert!(d.summary().contains("no problems found"));
}

#[test]
fn broken_dialogs_are_explained() {
    insta::glob!("broken/*.yaml", |path| {
        let patch: Patch = serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut src = dialogs();
        let text = src
            .files
            .iter_mut()
            .find(|(p, _)| *p == patch.file)
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
        let diags = compile(&src).expect_err(&patch.what);
        insta::assert_snapshot!(format!("{}\n\n{}", patch.what, render(&src, &diags)));
    });
}
