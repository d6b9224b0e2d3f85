//! Clinics (issue 6): links, the sharing question, staff enrolment, what staff
//! receive and may see, the audit, `/sharing`, `/delete` and exports. Two
//! clinics and a bystander in every access test.

use crate::util::texts;
use restride::config::Clinic;
use restride::dialog::model::NodeKind;
use restride::ops::admin::{Request, Sink};
use restride::outbox::Out;
use restride::store::{MemoryStore, Store};
use restride::telegram::callback::{Callback, encode};
use restride::telegram::core::{Core, Incoming};
use serde_json::Value;
use std::sync::Arc;

pub(crate) const NORTH_STAFF: i64 = 900;
pub(crate) const SOUTH_STAFF: i64 = 901;
pub(crate) const BYSTANDER: i64 = 902;

pub(crate) fn ts(s: &str) -> i64 {
    s.parse::<jiff::Timestamp>().unwrap().as_second()
}

pub(crate) fn now() -> i64 {
    ts("2026-06-01T10:00:00Z")
}

struct Items(Vec<Value>);

impl Sink for Items {
    fn total(&mut self, _: u64) -> std::io::Result<()> {
        Ok(())
    }
    fn item(&mut self, v: Value) -> std::io::Result<()> {
        self.0.push(v);
        Ok(())
    }
}

/// A bot core with two clinics, and what every chat was sent.
pub(crate) struct World {
    pub(crate) core: Core,
    sent: std::cell::RefCell<Vec<(i64, Out)>>,
}

fn clinic(name: &str) -> Clinic {
    Clinic {
        name: name.into(),
        phone: Some("01234 567890".into()),
        booking_url: Some(format!(
            "https://{}.example/book",
            name.to_lowercase().replace(' ', "-")
        )),
        ..Default::default()
    }
}

impl World {
    pub(crate) fn new() -> World {
        let store: Arc<dyn Store> = Arc::new(MemoryStore::default());
        let clinics = std::collections::BTreeMap::from([
            ("north".to_owned(), clinic("North Clinic")),
            ("south".to_owned(), clinic("South Clinic")),
        ]);
        let core = crate::util::core_with_clinics(store, clinics);
        World {
            core,
            sent: Default::default(),
        }
    }

    pub(crate) fn admin(&self, req: Request, at: i64) -> Result<Vec<Value>, String> {
        let mut items = Items(vec![]);
        self.core
            .service
            .operator(&*self.core.store, &req, at, &mut items)?;
        Ok(items.0)
    }

    /// Handles one update; returns what this chat was sent.
    pub(crate) fn handle(&self, inc: Incoming, at: i64) -> Vec<Out> {
        let c = self
            .core
            .handle(crate::util::next_update(), inc, at)
            .unwrap();
        let mut sent = self.sent.borrow_mut();
        sent.extend(c.outbox.iter().map(|o| (c.chat, o.clone())));
        sent.extend(c.others.iter().map(|r| (r.to, r.out.clone())));
        c.outbox
    }

    pub(crate) fn say(&self, chat: i64, text: &str) -> String {
        texts(&self.handle(
            Incoming::Text {
                chat,
                text: text.into(),
            },
            now(),
        ))
    }

    pub(crate) fn tap(&self, chat: i64, data: &str) -> String {
        texts(&self.handle(
            Incoming::Callback {
                chat,
                id: "cb".into(),
                message_id: 1,
                data: data.into(),
            },
            now(),
        ))
    }

    /// The file `/mydata` sends, read back.
    pub(crate) fn mydata(&self, chat: i64) -> Value {
        let out = self.handle(
            Incoming::Text {
                chat,
                text: "/mydata".into(),
            },
            now(),
        );
        let bytes = out
            .iter()
            .find_map(|o| match o {
                Out::Document { bytes, .. } => Some(bytes.clone()),
                _ => None,
            })
            .expect("a file");
        serde_json::from_slice(&bytes).unwrap()
    }

    /// Everything `chat` was sent so far, as text.
    pub(crate) fn inbox(&self, chat: i64) -> String {
        let sent = self.sent.borrow();
        let outs: Vec<Out> = sent
            .iter()
            .filter(|(c, _)| *c == chat)
            .map(|(_, o)| o.clone())
            .collect();
        texts(&outs)
    }

    /// A one-time enrolment code, as `restride staff invite` prints it.
    pub(crate) fn invite(&self, clinic: &str) -> String {
        let items = self.admin(
            Request::Invite {
                clinic: clinic.into(),
            },
            now(),
        );
        items.unwrap()[0]["code"].as_str().unwrap().to_owned()
    }

    pub(crate) fn enrol(&self, clinic: &str, staff: i64) {
        let code = self.invite(clinic);
        let t = self.say(staff, &format!("/staff {code}"));
        assert!(t.contains("set up as staff"), "{t}");
    }

    /// She taps "yes" on the consent question.
    pub(crate) fn consent(&self, chat: i64) -> Vec<Out> {
        let nonce = self.core.store.session(chat).unwrap().unwrap().nonce;
        self.button(chat, "consent", nonce, "y")
    }

    /// She taps the button `action` of the intake question `node`.
    pub(crate) fn button(&self, chat: i64, node: &str, nonce: u32, action: &str) -> Vec<Out> {
        let data = encode(&Callback {
            version: self.core.dialogs.flow("intake").unwrap().version,
            node: node.into(),
            nonce,
            action: action.into(),
        })
        .unwrap();
        self.handle(callback(chat, &data), now())
    }

    /// Answers the intake through the bot as she would, tapping the share
    /// question's `share` button when it comes. Returns the last output.
    pub(crate) fn intake(&self, chat: i64, share: &str) -> String {
        self.intake_with(chat, share, &[])
    }

    /// The same, with some questions answered otherwise: the actions are
    /// used in order (`t0` then `d` ticks the first option of a list).
    pub(crate) fn intake_with(
        &self,
        chat: i64,
        share: &str,
        overrides: &[(&str, &[&str])],
    ) -> String {
        let script = crate::process::script();
        let mut overrides: std::collections::HashMap<&str, Vec<&str>> = overrides
            .iter()
            .map(|(node, actions)| (*node, actions.to_vec()))
            .collect();
        let flow = self.core.dialogs.flow("intake").unwrap();
        let mut last = String::new();
        let mut pending_share = false;
        for _ in 0..80 {
            let s = self.core.store.session(chat).unwrap().unwrap();
            if s.finished() {
                return last;
            }
            let out = if pending_share {
                self.handle(callback(chat, share), now())
            } else {
                let node = flow.node(s.node.as_deref().unwrap()).unwrap();
                let planned = overrides
                    .get_mut(node.id.as_str())
                    .filter(|a| !a.is_empty())
                    .map(|a| a.remove(0));
                match planned.or_else(|| script.get(node.id.as_str()).copied()) {
                    None if node.var.as_deref() == Some("weeks_postpartum") => self.handle(
                        Incoming::Text {
                            chat,
                            text: "20".into(),
                        },
                        now(),
                    ),
                    action => {
                        // Unscripted: "none" for a list, "no" for yes/no, else the first option.
                        let action = action.unwrap_or(match node.kind {
                            NodeKind::Multi => "n",
                            NodeKind::YesNo => "x",
                            _ => "p0",
                        });
                        self.button(chat, &node.id, s.nonce, action)
                    }
                }
            };
            pending_share = buttons(&out).iter().any(|d| d.starts_with("sh|"));
            last = texts(&out);
        }
        panic!("the intake did not finish: {last}");
    }
}

pub(crate) fn callback(chat: i64, data: &str) -> Incoming {
    Incoming::Callback {
        chat,
        id: "cb".into(),
        message_id: 1,
        data: data.into(),
    }
}

pub(crate) fn buttons(out: &[Out]) -> Vec<String> {
    out.iter()
        .filter_map(|o| match o {
            Out::Send { buttons, .. } => Some(buttons.iter().flatten().map(crate::util::data)),
            _ => None,
        })
        .flatten()
        .collect()
}

/// Her reference as the clinic knows it (from her first message).
pub(crate) fn reference(w: &World, clinic: &str, chat: i64) -> String {
    let since = w.core.store.session(chat).unwrap().map_or(0, |s| s.since);
    restride::clinic::reference(&w.core.salt, clinic, chat, since)
}

pub(crate) fn audit(w: &World, clinic: &str) -> String {
    w.admin(
        Request::Audit {
            clinic: clinic.into(),
        },
        now(),
    )
    .unwrap()
    .iter()
    .map(|v| v.as_str().unwrap().to_owned())
    .collect::<Vec<_>>()
    .join("\n")
}

#[test]
fn a_patient_who_shares_reaches_her_clinic_s_staff_and_only_them() {
    let w = World::new();
    w.enrol("north", NORTH_STAFF);
    w.enrol("south", SOUTH_STAFF);
    let mum = 100;
    let t = w.say(mum, "/start north");
    assert!(
        t.contains("North Clinic"),
        "greeted with the clinic's name: {t}"
    );
    assert!(t.contains("can't watch your answers"), "{t}");
    // Consent first; the share question comes right after it, on its own.
    let out = w.consent(mum);
    assert!(
        texts(&out).contains("send your summary to <b>North Clinic</b>"),
        "{}",
        texts(&out)
    );
    assert_eq!(
        buttons(&out),
        vec!["sh|y", "sh|n"],
        "only the share question is shown"
    );
    // Yes: her next question comes back.
    let t = w.tap(mum, "sh|y");
    assert!(t.contains("once your plan is ready"), "{t}");
    assert!(w.core.store.session(mum).unwrap().unwrap().share == Some(true));
    w.intake(mum, "sh|y");

    let r = reference(&w, "north", mum);
    let north = w.inbox(NORTH_STAFF);
    assert!(north.contains(&r), "north staff got her summary: {north}");
    assert!(north.contains("<b>Running:</b> not a goal"), "{north}");
    assert!(
        !w.inbox(SOUTH_STAFF).contains(&r),
        "south staff got nothing"
    );
    assert!(!w.inbox(BYSTANDER).contains(&r));

    // Review: north sees her; south and a bystander learn nothing.
    let list = w.say(NORTH_STAFF, "/patients");
    assert!(list.contains(&r), "{list}");
    let view = w.say(NORTH_STAFF, &format!("/patient {}", r.to_lowercase()));
    assert!(view.contains(&r) && view.contains("check-ins"), "{view}");
    let south_list = w.say(SOUTH_STAFF, "/patients");
    assert!(!south_list.contains(&r), "{south_list}");
    let south_view = w.say(SOUTH_STAFF, &format!("/patient {r}"));
    let nobody = w.say(SOUTH_STAFF, "/patient R-AAAAAAAA");
    assert_eq!(
        south_view, nobody,
        "another clinic cannot tell a real reference from a made-up one"
    );
    for cmd in [
        format!("/patient {r}"),
        "/patient R-AAAAAAAA".into(),
        "/patients".into(),
    ] {
        assert_eq!(
            w.say(BYSTANDER, &cmd),
            w.say(BYSTANDER, "/patients"),
            "{cmd}"
        );
    }
    assert!(
        w.say(BYSTANDER, "/patients")
            .contains("enrolled clinic staff")
    );
    assert!(
        w.tap(BYSTANDER, "pt|1").contains("enrolled clinic staff"),
        "a forged page button"
    );
    assert!(!w.inbox(BYSTANDER).contains(&r));

    // Every view is in north's audit; south's audit never names her.
    let a = audit(&w, "north");
    for what in ["enrolled", "summary_sent", "listed", "viewed"] {
        assert!(a.contains(what), "{what} missing from:\n{a}");
    }
    assert!(
        a.contains(&format!("staff {NORTH_STAFF}  viewed  {r}")),
        "{a}"
    );
    assert!(!audit(&w, "south").contains(&r));
}

#[test]
fn enrolment_codes_work_once_and_expire_after_a_day() {
    let w = World::new();
    let code = w.invite("north");
    // Stored only as a hash.
    let read = w.core.store.read();
    assert!(read.invite(&code).unwrap().is_none());
    let stored = read.invite(&restride::clinic::hash_code(&code)).unwrap();
    assert!(!format!("{stored:?}").contains(&code));
    assert!(
        w.say(NORTH_STAFF, &format!("/staff {code}"))
            .contains("set up as staff")
    );
    assert!(
        w.say(BYSTANDER, &format!("/staff {code}"))
            .contains("didn't work"),
        "reuse"
    );
    assert!(
        w.say(BYSTANDER, "/patients")
            .contains("enrolled clinic staff")
    );

    let late = w.invite("north");
    let t = texts(&w.handle(
        Incoming::Text {
            chat: BYSTANDER,
            text: format!("/staff {late}"),
        },
        now() + 24 * 3600 + 1,
    ));
    assert!(t.contains("didn't work"), "expired: {t}");
    assert!(w.say(BYSTANDER, "/staff").contains("/staff ABCD"), "usage");
    assert!(
        w.admin(
            Request::Invite {
                clinic: "nowhere".into()
            },
            now()
        )
        .is_err()
    );

    // Staff list and removal.
    let list = w
        .admin(
            Request::StaffList {
                clinic: "north".into(),
            },
            now(),
        )
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], NORTH_STAFF);
    let removed = w
        .admin(
            Request::StaffRemove {
                clinic: "north".into(),
                id: NORTH_STAFF,
            },
            now(),
        )
        .unwrap();
    assert_eq!(removed[0]["removed"], true);
    assert!(
        w.say(NORTH_STAFF, "/patients")
            .contains("enrolled clinic staff")
    );
}

#[test]
fn withdrawing_stops_sharing_and_takes_her_off_the_list_and_the_export() {
    let w = World::new();
    w.enrol("north", NORTH_STAFF);
    let (mum, other) = (110, 111);
    w.say(mum, "/start north");
    w.intake(mum, "sh|y");
    w.say(other, "/start north");
    w.intake(other, "sh|y");
    let r = reference(&w, "north", mum);
    let export = |since| {
        w.admin(
            Request::Export {
                clinic: "north".into(),
                since,
            },
            now(),
        )
        .unwrap()
    };
    assert_eq!(export(None).len(), 2);
    assert_eq!(export(Some(now() + 1)).len(), 0, "--since after both");
    let row = &export(None)[0];
    assert!(row["reference"].as_str().unwrap().starts_with("R-"));
    assert_eq!(row["status"], "complete");
    assert!(row["answers"]["weeks_postpartum"] == 20, "{row}");
    assert!(row.get("urgency_label").is_some());
    // CSV: a header and one row per shared intake.
    let rows: Vec<restride::clinic::ExportRow> = export(None)
        .into_iter()
        .map(|v| serde_json::from_value(v).unwrap())
        .collect();
    let csv = String::from_utf8(restride::clinic::to_csv(&rows).unwrap()).unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .contains("answer.weeks_postpartum")
    );

    let t = w.say(mum, "/sharing");
    assert!(
        t.contains("sharing your summary with <b>North Clinic</b>"),
        "{t}"
    );
    let t = w.tap(mum, "sh|w");
    assert!(
        t.contains("Sharing stopped") && t.contains("01234 567890"),
        "{t}"
    );
    assert!(!w.say(NORTH_STAFF, "/patients").contains(&r));
    assert_eq!(
        w.say(NORTH_STAFF, &format!("/patient {r}")),
        w.say(NORTH_STAFF, "/patient R-AAAAAAAA")
    );
    let left = export(None);
    assert_eq!(left.len(), 1);
    assert_ne!(left[0]["reference"], r);
    assert!(w.say(mum, "/sharing").contains("Nothing is shared"));
    assert!(audit(&w, "north").contains(&format!("withdrawn  {r}")));
}

#[test]
fn skipping_the_share_question_means_no() {
    let w = World::new();
    w.enrol("north", NORTH_STAFF);
    let mum = 120;
    w.say(mum, "/start north");
    w.consent(mum);
    // She types instead of tapping: that is a no, and her question comes back.
    let t = w.say(mum, "hello?");
    assert!(t.contains("take that as a no"), "{t}");
    assert_eq!(
        w.core.store.session(mum).unwrap().unwrap().share,
        Some(false)
    );
    w.intake(mum, "sh|n");
    assert!(
        w.inbox(NORTH_STAFF).lines().all(|l| !l.contains("R-")),
        "{}",
        w.inbox(NORTH_STAFF)
    );
    assert!(
        !w.say(NORTH_STAFF, "/patients")
            .contains(&reference(&w, "north", mum))
    );
}

#[test]
fn a_link_opened_after_the_plan_asks_to_share_that_plan() {
    let w = World::new();
    w.enrol("north", NORTH_STAFF);
    let mum = 130;
    w.say(mum, "/start");
    w.intake(mum, "sh|y");
    assert!(w.inbox(NORTH_STAFF).lines().all(|l| !l.contains("R-")));
    let t = w.say(mum, "/start north");
    assert!(t.contains("the plan you already have"), "{t}");
    let t = w.tap(mum, "sh|y");
    assert!(t.contains("I've sent your summary"), "{t}");
    assert!(w.inbox(NORTH_STAFF).contains(&reference(&w, "north", mum)));
}

#[test]
fn a_link_opened_mid_intake_asks_at_the_next_question() {
    let w = World::new();
    let mum = 135;
    w.say(mum, "/start");
    w.consent(mum);
    let out = w.handle(
        Incoming::Text {
            chat: mum,
            text: "/start south".into(),
        },
        now(),
    );
    assert!(texts(&out).contains("South Clinic"), "{}", texts(&out));
    assert_eq!(buttons(&out), vec!["sh|y", "sh|n"], "{}", texts(&out));
    let s = w.core.store.session(mum).unwrap().unwrap();
    assert_eq!(s.clinic.as_deref(), Some("south"));
    assert_eq!(
        s.answers.get("consent").and_then(|v| v.as_bool()),
        Some(true),
        "nothing lost"
    );
}

#[test]
fn unknown_or_malformed_links_start_without_a_clinic_and_say_so() {
    let w = World::new();
    for (chat, payload) in [
        (140, "nowhere"),
        (141, "bad%20link"),
        (142, &"x".repeat(80) as &str),
    ] {
        let t = w.say(chat, &format!("/start {payload}"));
        assert!(
            t.contains("doesn't belong to a clinic I know"),
            "{payload}: {t}"
        );
        assert!(
            t.contains("Shall we start?"),
            "the ordinary intake starts: {t}"
        );
        assert_eq!(w.core.store.session(chat).unwrap().unwrap().clinic, None);
    }
    // With a clinic already attached, a bad link changes nothing.
    w.say(143, "/start north");
    let t = w.say(143, "/start nowhere");
    assert!(t.contains("nothing has changed"), "{t}");
    assert_eq!(
        w.core
            .store
            .session(143)
            .unwrap()
            .unwrap()
            .clinic
            .as_deref(),
        Some("north")
    );
}

/// A single-patient link and its code, as `restride link --patient` makes them.
pub(crate) fn patient_link(w: &World, patient_ref: &str) -> (String, String) {
    let v = w
        .admin(
            Request::PatientLink {
                clinic: "north".into(),
                patient_ref: patient_ref.into(),
            },
            now(),
        )
        .unwrap();
    let field = |k: &str| v[0][k].as_str().unwrap().to_owned();
    (field("token"), field("code"))
}

/// Opens the link, agrees to use Restride and to share; returns what the
/// share "yes" answered (the code question).
pub(crate) fn open_and_share(w: &World, chat: i64, token: &str) -> String {
    assert!(
        w.say(chat, &format!("/start {token}"))
            .contains("North Clinic")
    );
    w.consent(chat);
    w.tap(chat, "sh|y")
}

#[test]
fn delete_warns_that_sent_summaries_stay_and_removes_her_from_every_list() {
    let w = World::new();
    w.enrol("north", NORTH_STAFF);
    let mum = 160;
    let (token, code) = patient_link(&w, "APPT-1");
    open_and_share(&w, mum, &token);
    w.say(mum, &code);
    w.intake(mum, "sh|y");
    let r = reference(&w, "north", mum);
    assert!(w.say(NORTH_STAFF, "/patients").contains(&r));
    // /mydata holds all of it: the matched link and the clinic's record of
    // her (issue 15); for staff, their role.
    let data = w.mydata(mum);
    assert_eq!(data["single_patient_links"][0]["patient_ref"], "APPT-1");
    let lines = data["clinic_audit_lines"].to_string();
    assert!(
        lines.contains("summary_sent") && lines.contains("link_matched"),
        "{lines}"
    );
    assert_eq!(w.mydata(NORTH_STAFF)["staff_of"][0]["clinic"], "north");
    let t = w.say(mum, "/delete");
    assert!(
        t.contains("can't call back what they've already received"),
        "{t}"
    );
    w.tap(mum, "del|yes");
    assert!(!w.say(NORTH_STAFF, "/patients").contains(&r));
    assert!(
        w.admin(
            Request::Export {
                clinic: "north".into(),
                since: None
            },
            now()
        )
        .unwrap()
        .is_empty()
    );
    // Only the confirmation waits in her outbox; nothing else of hers is kept.
    assert!(
        w.core.store.chat_keys(mum).unwrap() <= 3,
        "{}",
        w.core.store.chat_keys(mum).unwrap()
    );
    assert!(w.core.store.read().shares("north").unwrap().is_empty());
    assert!(
        w.core.store.read().link(&token).unwrap().is_none(),
        "the bound link went with her"
    );
}

#[test]
fn check_in_escalations_reach_staff_only_with_consent() {
    let w = World::new();
    w.enrol("north", NORTH_STAFF);
    w.enrol("south", SOUTH_STAFF);
    let (sharing, private) = (170, 171);
    w.say(sharing, "/start north");
    w.intake(sharing, "sh|y");
    w.say(private, "/start north");
    w.intake(private, "sh|n");
    for chat in [sharing, private] {
        w.tap(chat, "ci|yes");
        w.tap(chat, "ci|t|0900");
        w.tap(chat, "ci|z|Europe/London");
        // A new pelvic floor symptom at the first check-in.
        let due = w
            .core
            .store
            .checkin(chat)
            .unwrap()
            .unwrap()
            .next_due
            .unwrap();
        w.core.tick(due).unwrap();
        for t in ["0", "1", "done", "1", "4"] {
            w.handle(
                Incoming::Text {
                    chat,
                    text: t.into(),
                },
                due + 60,
            );
        }
    }
    let north = w.inbox(NORTH_STAFF);
    let mine = w.inbox(sharing);
    assert!(
        mine.contains("pelvic floor physio"),
        "{}",
        &mine[mine.len().saturating_sub(2000)..]
    );
    assert!(north.contains("check-in alert"), "{north}");
    assert!(north.contains(&reference(&w, "north", sharing)));
    assert!(!north.contains(&reference(&w, "north", private)));
    assert!(audit(&w, "north").contains("alert_sent"));
    assert!(
        !w.inbox(SOUTH_STAFF).contains("alert"),
        "another clinic hears nothing"
    );
    assert!(!w.inbox(BYSTANDER).contains("alert"));
}

/// The whole story with the real binary: the operator invites staff and
/// prints a poster while the bot runs, a mum comes through the link and
/// shares, staff receive her summary, the audit and the export show it.
#[test]
fn operator_staff_and_patient_end_to_end_with_the_running_bot() {
    use crate::process::{answer_one, current_question, script, settle, spawn_bot_with};
    use std::process::Command;
    use std::time::{Duration, Instant};
    let api = crate::fake_api::FakeApi::start();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let config = "[bot]\nusername = \"restride_test_bot\"\n\n[clinics.north]\nname = \"North Clinic\"\nphone = \"01234 567890\"\nbooking_url = \"https://north.example/book\"\n\n[clinics.south]\nname = \"South Clinic\"\n";
    let cfg = data.with_extension("toml");
    let mut bot = spawn_bot_with(&api, &data, config);
    let cli = |args: &[&str]| {
        let out = Command::new(crate::util::bin())
            .args(args)
            .arg("--config")
            .arg(&cfg)
            .env("RESTRIDE_DATA_DIR", &data)
            .env_remove("TELOXIDE_TOKEN")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        text
    };
    // The bot opens its operator socket once it runs.
    let start = Instant::now();
    while !data.join("admin.sock").exists() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no operator socket"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let code = cli(&["staff", "invite", "north"]).trim().to_owned();
    assert_eq!(code.len(), 12, "{code}");
    let poster = dir.path().join("poster.svg");
    let link = cli(&["link", "north", "--qr", poster.to_str().unwrap()]);
    assert_eq!(link.trim(), "https://t.me/restride_test_bot?start=north");
    assert!(
        std::fs::read_to_string(&poster)
            .unwrap()
            .contains("North Clinic")
    );

    let (staff, other_staff, mum) = (7001, 7002, 7003);
    api.push_command(staff, &format!("/staff {code}"));
    api.push_command(other_staff, &format!("/staff {code}"));
    settle(&api);
    assert!(api.last_text(staff).unwrap().contains("set up as staff"));
    assert!(api.last_text(other_staff).unwrap().contains("didn't work"));

    api.push_command(mum, "/start north");
    settle(&api);
    let script = script();
    let start = Instant::now();
    while !api.sent(mum).iter().any(|s| {
        s.text
            .as_deref()
            .is_some_and(|t| t.contains("Your Restride plan"))
    }) {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the intake did not finish"
        );
        match current_question(&api, mum) {
            Some((message_id, _, data)) if data.iter().any(|d| d == "sh|y") => {
                api.push_callback(mum, message_id, "sh|y");
            }
            _ => assert!(answer_one(&api, mum, &script), "{:?}", api.last_text(mum)),
        }
        settle(&api);
    }
    settle(&api);
    let summary: Vec<String> = api
        .sent(staff)
        .iter()
        .filter_map(|s| s.text.clone())
        .filter(|t| t.contains("Restride summary"))
        .collect();
    assert_eq!(summary.len(), 1, "{summary:?}");
    assert!(
        api.sent(other_staff).iter().all(|s| !s
            .text
            .as_deref()
            .unwrap_or("")
            .contains("Restride summary"))
    );

    let audit = cli(&["audit", "north"]);
    assert!(
        audit.contains("enrolled") && audit.contains("summary_sent"),
        "{audit}"
    );
    let csv = cli(&["export", "--clinic", "north", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(cli(&["export", "--clinic", "south", "--format", "json"]).trim() == "[]");

    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(bot.id().to_string())
        .status();
    assert!(bot.wait().unwrap().success());
    // With the bot stopped, the commands open the store themselves.
    let json = cli(&[
        "export",
        "--clinic",
        "north",
        "--format",
        "json",
        "--since",
        "2000-01-01",
    ]);
    let rows: Vec<Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["status"], "complete");
    assert!(cli(&["staff", "list", "north"]).contains(&staff.to_string()));
}

#[test]
fn link_mistakes_get_a_message_that_says_what_to_change() {
    let dir = tempfile::tempdir().unwrap();
    let run = |config: &str, args: &[&str]| {
        let cfg = dir.path().join("config.toml");
        std::fs::write(&cfg, config).unwrap();
        let out = std::process::Command::new(crate::util::bin())
            .args(args)
            .arg("--config")
            .arg(&cfg)
            .env("RESTRIDE_DATA_DIR", dir.path().join("data"))
            .env_remove("TELOXIDE_TOKEN")
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?} should fail");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let north = "[clinics.north]\nname = \"North Clinic\"\n";
    let e = run(north, &["link", "south"]);
    assert!(
        e.contains("no clinic `south`") && e.contains("[clinics.south]") && e.contains("north"),
        "{e}"
    );
    let e = run(north, &["link", "north"]);
    assert!(e.contains("username") && e.contains("[bot]"), "{e}");
    let named = format!("[bot]\nusername = \"b\"\n{north}");
    let e = run(&named, &["link", "north", "--qr", "poster.jpg"]);
    assert!(e.contains(".png or .svg"), "{e}");
    let e = run(
        &named,
        &["export", "--clinic", "north", "--since", "last week"],
    );
    assert!(e.contains("2026-11-01"), "{e}");
    let e = run(
        "[clinics.\"north clinic\"]\nname = \"x\"\n",
        &["link", "north"],
    );
    assert!(e.contains("A-Z, a-z, 0-9"), "{e}");
}

#[test]
fn staff_summaries_put_urgency_first_and_read_well() {
    let w = World::new();
    w.enrol("north", NORTH_STAFF);
    // Leaking and back pain, running as a goal: referrals with reasons.
    w.say(180, "/start north");
    w.intake_with(
        180,
        "sh|y",
        &[
            ("goals", &["t0", "t1", "d"]),
            ("pelvic_symptoms", &["t0", "d"]),
            ("back_pain", &["y"]),
        ],
    );
    // A warning sign: the intake stops, and the summary says so at the top.
    w.say(181, "/start north");
    w.intake_with(
        181,
        "sh|y",
        &["warning_signs"].map(|n| (n, &["t1", "d"][..])),
    );
    let staff = w.inbox(NORTH_STAFF);
    let summaries: Vec<&str> = staff.split("<b>Restride summary").skip(1).collect();
    assert_eq!(summaries.len(), 2, "{staff}");
    let urgent = w.say(
        NORTH_STAFF,
        &format!("/patient {}", reference(&w, "north", 181)),
    );
    assert!(urgent.starts_with("🔴"), "{urgent}");
    insta::assert_snapshot!(
        "staff_summary_referrals",
        w.say(
            NORTH_STAFF,
            &format!("/patient {}", reference(&w, "north", 180))
        )
    );
    insta::assert_snapshot!("staff_summary_urgent", urgent);
    insta::assert_snapshot!("staff_patients", w.say(NORTH_STAFF, "/patients"));
}

#[test]
fn a_withdrawn_urgent_answer_stays_in_the_staff_summary_with_its_times() {
    let w = World::new();
    w.enrol("north", NORTH_STAFF);
    w.say(182, "/start north");
    // Fever ticked, then /back: "it was a mistake", and the intake goes on.
    w.intake_with(182, "sh|y", &[("warning_signs", &["t1", "d"])]);
    assert_eq!(
        w.core.store.session(182).unwrap().unwrap().status(),
        Some("stopped_urgent")
    );
    let ask = w.say(182, "/back");
    assert!(ask.contains("Fever"), "{ask}");
    w.say(182, "It was a mistake");
    w.intake(182, "sh|y");
    let s = w.core.store.session(182).unwrap().unwrap();
    assert_eq!(s.status(), Some("complete"));
    let summary = w.say(
        NORTH_STAFF,
        &format!("/patient {}", reference(&w, "north", 182)),
    );
    assert!(
        summary.contains("Reported Fever at 2026-06-01 10:00 UTC, then withdrawn as ticked by mistake at 2026-06-01 10:00 UTC"),
        "{summary}"
    );
    insta::assert_snapshot!("staff_summary_withdrawn", summary);
}
