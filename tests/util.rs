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
        (
            "neonatal_support".to_owned(),
            "Bliss (bliss.org.uk) and the nurses on the unit".to_owned(),
        ),
        (
            "bereavement_support".to_owned(),
            "Sands (sands.org.uk) and your midwife".to_owned(),
        ),
    ])
});

pub fn env() -> restride::engine::Env<'static> {
    restride::engine::Env {
        dialogs: &DIALOGS,
        constants: &CONSTANTS,
        lang: "en",
    }
}

/// The built binary, for tests that run it as a user would.
pub fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_restride"))
}

/// A fresh update id for each update a test sends (the store's inbox
/// decides each update once).
pub fn next_update() -> i64 {
    static NEXT: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// The service on the shipped dialogs, as the bot builds it, with `clinics`.
pub fn service_with(
    clinics: BTreeMap<String, restride::config::Clinic>,
) -> restride::service::Service {
    restride::service::Service {
        dialogs: std::sync::Arc::new(
            compile(&Sources::from_dir(&root().join("dialogs")).unwrap()).unwrap(),
        ),
        constants: CONSTANTS.clone(),
        username: "restride_test_bot".into(),
        salt: b"salt".to_vec(),
        checkins: Default::default(),
        clinics,
        retention_days: 365,
        languages: Default::default(),
    }
}

/// A Telegram core on the shipped dialogs and `store`, as the bot builds it.
pub fn core_with(
    store: std::sync::Arc<dyn restride::store::Store>,
) -> restride::telegram::core::Core {
    core_with_clinics(store, BTreeMap::new())
}

/// The same, with clinics.
pub fn core_with_clinics(
    store: std::sync::Arc<dyn restride::store::Store>,
    clinics: BTreeMap<String, restride::config::Clinic>,
) -> restride::telegram::core::Core {
    restride::telegram::core::Core {
        service: std::sync::Arc::new(service_with(clinics)),
        store,
    }
}

/// The texts of the messages in an outbox, one after another, as Telegram
/// receives them (HTML).
pub fn texts(out: &[restride::outbox::Out]) -> String {
    out.iter()
        .filter_map(|o| match o {
            restride::outbox::Out::Send { text, .. } => {
                Some(restride::telegram::markup::to_html(text))
            }
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A mum talking to the bot's core (the path every update takes), on a
/// memory store, with what she reads rendered as plain text.
pub struct Talk {
    pub core: restride::telegram::core::Core,
    pub chat: i64,
    pub now: i64,
    /// The buttons of every message so far, newest last.
    buttons: Vec<restride::outbox::Button>,
    pub transcript: Vec<String>,
}

impl Talk {
    pub fn new(now: i64) -> Talk {
        let store: std::sync::Arc<dyn restride::store::Store> =
            std::sync::Arc::new(restride::store::MemoryStore::default());
        Talk {
            core: core_with(store),
            chat: 42,
            now,
            buttons: vec![],
            transcript: vec![],
        }
    }

    fn handle(&mut self, inc: restride::telegram::core::Incoming, label: String) -> String {
        let c = self
            .core
            .handle(next_update(), inc, self.now)
            .expect("handle");
        let out = c.outbox.clone();
        let mut lines = vec![label];
        for o in &out {
            if let Some(l) = render_out(o) {
                lines.push(l);
            }
            if let restride::outbox::Out::Send { buttons, .. } = o {
                self.buttons.extend(buttons.iter().flatten().cloned());
            }
        }
        let text = lines.join("\n\n");
        self.transcript.push(text.clone());
        text
    }

    /// She types `text` (or a /command).
    pub fn say(&mut self, text: &str) -> String {
        self.handle(
            restride::telegram::core::Incoming::Text {
                chat: self.chat,
                text: text.into(),
            },
            format!("> {text}"),
        )
    }

    /// She taps the newest button whose label contains `label`.
    pub fn tap(&mut self, label: &str) -> String {
        let data = self
            .buttons
            .iter()
            .rev()
            .find(|b| b.label.contains(label))
            .map(data)
            .unwrap_or_else(|| panic!("no button {label:?} in {:#?}", self.buttons));
        self.tap_data(&data, &format!("[taps {label}]"))
    }

    /// She taps a button with this callback data (an old or forged one, too).
    pub fn tap_data(&mut self, data: &str, label: &str) -> String {
        self.handle(
            restride::telegram::core::Incoming::Callback {
                chat: self.chat,
                id: "cb".into(),
                message_id: 1,
                data: data.into(),
            },
            label.to_owned(),
        )
    }

    /// Types each of `inputs` in turn.
    pub fn all(&mut self, inputs: &[&str]) -> &mut Talk {
        for i in inputs {
            self.say(i);
        }
        self
    }

    pub fn session(&self) -> restride::engine::Session {
        self.core.store.session(self.chat).unwrap().unwrap()
    }

    /// The whole conversation so far.
    pub fn text(&self) -> String {
        self.transcript.join("\n\n")
    }
}

/// What she reads of one outbox entry, as plain text (None: nothing to read).
pub fn render_out(o: &restride::outbox::Out) -> Option<String> {
    use restride::outbox::Out;
    // Our markup as she reads it: `*bold*` and `_italic_` kept, escapes undone.
    let plain = |text: &str| text.replace("\\_", "_").replace("\\*", "*");
    let buttons = |rows: &[Vec<restride::outbox::Button>]| {
        rows.iter()
            .map(|r| {
                r.iter()
                    .map(|b| format!("[{}]", b.label))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    match o {
        Out::Send {
            text, buttons: b, ..
        } if b.is_empty() => Some(plain(text)),
        Out::Send {
            text, buttons: b, ..
        } => Some(format!("{}\n{}", plain(text), buttons(b))),
        Out::Edit {
            text, buttons: b, ..
        } => Some(format!(
            "(the question changes to:) {}\n{}",
            plain(text),
            buttons(b)
        )),
        Out::Answered { answer, .. } => Some(format!("  {}", plain(answer))),
        Out::Toast { text: Some(t), .. } => Some(format!("(toast) {t}")),
        Out::Photo { caption, .. } => Some(format!("[picture] {}", plain(caption))),
        Out::Document { name, caption, .. } => Some(format!("[file {name}] {}", plain(caption))),
        Out::Toast { .. } | Out::Typing | Out::ClearTapped { .. } => None,
    }
}

/// A button's callback data, as Telegram would carry it.
pub fn data(b: &restride::outbox::Button) -> String {
    restride::telegram::callback::encode_action(&b.action).unwrap_or_default()
}
