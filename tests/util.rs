//! Shared helpers: the dialogs, an engine env, a temp dir per test.

use restride::dialog::load::Sources;
use restride::dialog::{Dialogs, compile};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub static DIALOGS: LazyLock<Dialogs> = LazyLock::new(|| {
    let src = Sources::from_dir(&root().join("dialogs")).expect("read dialogs");
    match compile(&src) {
        Ok(d) => d,
        Err(diags) => panic!("{}", restride::dialog::compile::render(&src, &diags)),
    }
});

pub static CONSTANTS: LazyLock<BTreeMap<String, String>> = LazyLock::new(|| {
    BTreeMap::from([
        ("emergency_number".to_owned(), "999".to_owned()),
        ("crisis_line".to_owned(), "Samaritans on 116 123".to_owned()),
        ("support_lines".to_owned(), "your midwife or GP".to_owned()),
    ])
});

pub fn env() -> restride::engine::Env<'static> {
    restride::engine::Env {
        dialogs: &DIALOGS,
        constants: &CONSTANTS,
    }
}

/// The built binary, for tests that run it as a user would.
pub fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_restride"))
}

/// A Telegram core on the shipped dialogs and `store`, as the bot builds it.
pub fn core_with(
    store: std::sync::Arc<dyn restride::store::Store>,
) -> restride::telegram::core::Core {
    restride::telegram::core::Core {
        dialogs: std::sync::Arc::new(
            compile(&Sources::from_dir(&root().join("dialogs")).unwrap()).unwrap(),
        ),
        constants: CONSTANTS.clone(),
        store,
        username: "restride_test_bot".into(),
        salt: b"salt".to_vec(),
        checkins: Default::default(),
        clinics: Default::default(),
        retention_days: 365,
    }
}

/// The texts of the messages in an outbox, one after another.
pub fn texts(out: &[restride::outbox::Out]) -> String {
    out.iter()
        .filter_map(|o| match o {
            restride::outbox::Out::Send { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}
