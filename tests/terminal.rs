//! `restride chat` is a full front end: the same service as the bot, typed.
//! A check-in, `/progress` and a clinic link, each run through
//! `terminal::run` as she would type them.

use crate::transcripts::NOW;
use crate::util::service_with;
use restride::store::{MemoryStore, Store};
use std::collections::BTreeMap;

/// What the terminal prints, with what she types echoed after the prompt
/// (as her terminal shows it).
#[derive(Clone, Default)]
struct Screen(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Screen {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Her keyboard: lines read are echoed on the screen.
struct Keys {
    lines: std::collections::VecDeque<String>,
    screen: Screen,
}

impl std::io::Read for Keys {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        Ok(0)
    }
}

impl std::io::BufRead for Keys {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        Ok(&[])
    }
    fn consume(&mut self, _: usize) {}
    fn read_line(&mut self, buf: &mut String) -> std::io::Result<usize> {
        let Some(line) = self.lines.pop_front() else {
            return Ok(0);
        };
        self.screen
            .0
            .borrow_mut()
            .extend_from_slice(format!("{line}\n").as_bytes());
        buf.push_str(&line);
        buf.push('\n');
        Ok(line.len() + 1)
    }
}

/// Types `lines` into the terminal and returns the screen.
fn type_in(
    service: &restride::service::Service,
    store: &dyn Store,
    dir: &std::path::Path,
    lines: &[&str],
) -> String {
    type_in_lang(service, store, dir, None, lines)
}

/// [`type_in`] with `restride chat --lang`.
pub(crate) fn type_in_lang(
    service: &restride::service::Service,
    store: &dyn Store,
    dir: &std::path::Path,
    lang: Option<&str>,
    lines: &[&str],
) -> String {
    let screen = Screen::default();
    let mut keys = Keys {
        lines: lines.iter().map(|l| l.to_string()).collect(),
        screen: screen.clone(),
    };
    let mut out = screen.clone();
    restride::terminal::run_in(service, store, dir, lang, &mut keys, &mut out, &|| NOW).unwrap();
    let bytes = screen.0.borrow().clone();
    String::from_utf8(bytes).unwrap()
}

/// Consent, no signs, 16+, not pregnant, baby with her, 16 weeks, vaginal
/// birth, cleared, no goals, not breastfeeding, nothing else, then her plan.
const INTAKE: &[&str] = &[
    "yes", "0", "0", "1", "2", "1", "16", "1", "yes", "0", "no", "0", "0", "no", "no", "no", "0",
    "0", "2", "no", "skip", "skip", "1",
];

#[test]
fn a_check_in_in_the_terminal() {
    let service = service_with(BTreeMap::new());
    let store = MemoryStore::default();
    let dir = tempfile::tempdir().unwrap();
    let mut lines = INTAKE.to_vec();
    // Yes to check-ins, 08:30, the zone offered; then one now.
    lines.extend(["1", "2", "1", "/checkin", "1", "0", "0", "1", "4"]);
    let t = type_in(&service, &store, dir.path(), &lines);
    assert!(
        t.contains("All set: I'll check in with you every day at 08:30"),
        "{t}"
    );
    assert!(t.contains("that's today done"), "{t}");
    let rec = store
        .checkin(restride::terminal::LOCAL_CHAT)
        .unwrap()
        .unwrap();
    assert_eq!(rec.log.len(), 1);
    assert_eq!(rec.log[0].mood, Some(4));
    let check_in = t.split("> /checkin").nth(1).unwrap_or_default();
    insta::assert_snapshot!(check_in);
}

#[test]
fn progress_in_the_terminal_writes_the_chart_and_says_where() {
    let service = service_with(BTreeMap::new());
    let store = MemoryStore::default();
    let dir = tempfile::tempdir().unwrap();
    let mut lines = INTAKE.to_vec();
    lines.push("/progress");
    lines.extend([
        "1",
        "2",
        "1",
        "/checkin",
        "1",
        "0",
        "0",
        "1",
        "4",
        "/progress",
    ]);
    let t = type_in(&service, &store, dir.path(), &lines);
    let before = t.split("> /progress").nth(1).unwrap_or_default();
    assert!(
        before.contains("starts with your first daily check-in"),
        "{before}"
    );
    let chart = dir.path().join("restride-progress.png");
    assert!(t.contains(&format!("[chart: {}]", chart.display())), "{t}");
    let png = std::fs::read(&chart).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    assert!(t.contains("you checked in once"), "{t}");
}

#[test]
fn a_clinic_link_in_the_terminal_asks_to_share_and_shares() {
    let clinics = BTreeMap::from([(
        "north".to_owned(),
        restride::config::Clinic {
            name: "North Clinic".into(),
            ..Default::default()
        },
    )]);
    let service = service_with(clinics);
    let store = MemoryStore::default();
    let dir = tempfile::tempdir().unwrap();
    let mut lines = vec!["/start north", "yes", "1"];
    lines.extend(&INTAKE[1..]);
    lines.push("/sharing");
    let t = type_in(&service, &store, dir.path(), &lines);
    assert!(t.contains("North Clinic asked you to try Restride"), "{t}");
    let s = store
        .session(restride::terminal::LOCAL_CHAT)
        .unwrap()
        .unwrap();
    assert_eq!(s.clinic.as_deref(), Some("north"));
    assert_eq!(s.share, Some(true));
    assert!(
        store
            .read()
            .share("north", restride::terminal::LOCAL_CHAT)
            .unwrap()
            .is_some(),
        "on the clinic's list"
    );
    let shared = t.split("> /start north").nth(1).unwrap_or_default();
    let until_questions = shared.split("> 0\n").next().unwrap_or_default();
    insta::assert_snapshot!(until_questions);
}
