//! Clinics: what is stored about links, staff and shared summaries, and the
//! texts staff read. Pure functions over stored values; the bot's handlers
//! are in `telegram::clinics`, the operator's commands in `admin`.

use crate::checkin::Record;
use crate::dialog::Dialogs;
use crate::engine::Session;
use crate::engine::outcome::Outcome;
use crate::engine::step::{Env, display, question_label, render};
use crate::engine::value::Value;
use crate::texts::escape;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Enrolment codes expire after this long.
pub const INVITE_TTL: i64 = 24 * 3600;
/// Shared intakes per `/patients` page.
pub const PAGE: usize = 8;
/// Letters that cannot be mistaken for each other when read aloud or typed.
const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A summary she agreed to share, as it was when her plan was made (staff
/// never see answers in progress). Removed when she withdraws or deletes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShareEntry {
    /// The opaque reference staff know her by.
    pub reference: String,
    /// The clinic's own reference from a single-patient link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient_ref: Option<String>,
    pub started: i64,
    pub completed: i64,
    pub consented: i64,
    pub outcome: Outcome,
    /// Her answers (variable → value) and how they read (label, answer).
    pub answers: BTreeMap<String, Value>,
    pub lines: Vec<(String, String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffEntry {
    pub since: i64,
}

/// A one-time enrolment code, stored under the hash of the code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invite {
    pub clinic: String,
    pub expires: i64,
}

/// A single-patient link: an opaque token that binds to the first chat using it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientLink {
    pub clinic: String,
    pub patient_ref: String,
    pub created: i64,
    /// The chat it is matched to: only after she agreed to share and typed
    /// the code the clinic gave her separately.
    #[serde(default)]
    pub bound: Option<i64>,
    /// The hash of that code ([`hash_code`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Wrong codes typed for this link, by anyone: at [`LINK_LOCK`] it is locked.
    #[serde(default)]
    pub failures: u32,
}

/// Wrong codes after which a single-patient link matches nobody.
pub const LINK_LOCK: u32 = 5;
/// Wrong codes one chat may type before she goes on without the match.
pub const CODE_TRIES: u32 = 3;

impl PatientLink {
    /// How the operator's list shows it.
    pub fn status(&self) -> &'static str {
        if self.bound.is_some() {
            "matched"
        } else if self.failures >= LINK_LOCK {
            "locked"
        } else {
            "waiting"
        }
    }
}

/// One line of a clinic's staff audit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub at: i64,
    pub staff: i64,
    /// `enrolled`, `listed`, `viewed`, `summary_sent`, `alert_sent`, `removed`, `withdrawn`.
    pub action: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
}

impl AuditLine {
    pub fn render(&self) -> String {
        let when = time(self.at);
        let who = if self.staff == 0 {
            "operator".to_owned()
        } else {
            format!("staff {}", self.staff)
        };
        format!("{when}  {who}  {}  {}", self.action, self.refs.join(" "))
            .trim_end()
            .to_owned()
    }
}

/// A deep-link payload: A–Z, a–z, 0–9, `_` and `-`, at most 64.
pub fn valid_payload(p: &str) -> bool {
    !p.is_empty()
        && p.len() <= 64
        && p.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A clinic code: A–Z, a–z, 0–9, `_` and `-`, at most 32.
pub fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 32
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Her reference at a clinic: opaque, stable, different at each clinic, and
/// new after she deletes and comes back (`since`: her first message).
pub fn reference(salt: &[u8], clinic: &str, chat: i64, since: i64) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(b"clinic-ref");
    h.update(salt);
    h.update(clinic.as_bytes());
    h.update(chat.to_be_bytes());
    h.update(since.to_be_bytes());
    let d = h.finalize();
    let code: String = d
        .iter()
        .take(8)
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    format!("R-{code}")
}

/// Reads a reference as staff may type it: any case, with or without `R-`.
pub fn normalize_ref(s: &str) -> String {
    let s = s.trim().to_ascii_uppercase();
    let s = s.strip_prefix("R-").unwrap_or(&s);
    format!("R-{s}")
}

/// A random code from the unambiguous alphabet (enrolment codes).
pub fn random_code(len: usize) -> String {
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

/// A random link token: letters and digits only (a valid deep-link payload).
pub fn random_token(len: usize) -> String {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::with_capacity(len);
    while out.len() < len {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).expect("the operating system's random source");
        // 248 = 4 × 62: the top of the range is skipped so every letter is equally likely.
        out.extend(
            bytes
                .iter()
                .filter(|b| **b < 248)
                .map(|b| T[usize::from(*b) % T.len()] as char),
        );
    }
    out.truncate(len);
    out
}

/// How an enrolment code is stored: its SHA-256, hex.
pub fn hash_code(code: &str) -> String {
    use sha2::{Digest, Sha256};
    let normal: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase();
    Sha256::digest(normal.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn deep_link(username: &str, payload: &str) -> String {
    format!("https://t.me/{username}?start={payload}")
}

pub fn time(at: i64) -> String {
    jiff::Timestamp::from_second(at)
        .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

fn date(at: i64) -> String {
    jiff::Timestamp::from_second(at)
        .map(|t| t.strftime("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The entry to store when she shares a finished intake.
pub fn share_entry(
    env: &Env,
    s: &Session,
    reference: String,
    consented: i64,
    now: i64,
) -> Option<ShareEntry> {
    let outcome = s.outcome.clone()?;
    let flow = env.dialogs.flow(&s.flow)?;
    let lines = s
        .history
        .iter()
        .filter_map(|h| {
            let node = flow.node(&h.node)?;
            let v = s.answers.get(&h.var)?;
            Some((
                h.var.clone(),
                question_label(env, node),
                display(env, node, v),
            ))
        })
        .collect();
    Some(ShareEntry {
        reference,
        patient_ref: s.patient_ref.clone(),
        started: s.started,
        completed: now,
        consented,
        outcome,
        answers: s.answers.clone(),
        lines,
    })
}

/// A label for an outcome code: the text `<prefix>_<code>`, else the code.
pub fn label(dialogs: &Dialogs, prefix: &str, code: &str) -> String {
    let l = dialogs.text(&format!("{prefix}_{code}"));
    if l.is_empty() {
        code.replace('_', " ")
    } else {
        l.to_owned()
    }
}

/// Whether an answer says something worth a clinician's eye.
fn telling(v: &Value) -> bool {
    match v {
        // No, none, skipped, and a score of 0 (no pain, never low).
        Value::Null | Value::Bool(false) | Value::Int(0) => false,
        Value::List(l) => !l.is_empty(),
        Value::Text(t) => !matches!(t.as_str(), "none" | "no" | "never"),
        _ => true,
    }
}

fn score_line(env: &Env, o: &Outcome) -> String {
    let get = |k: &str| o.scores.get(k).filter(|v| !matches!(v, Value::Null));
    let mut parts = Vec::new();
    if let Some(total) = get("startback_total") {
        let total = total.render();
        parts.push(match (get("startback_psych"), get("startback_risk")) {
            (Some(psych), Some(risk)) => env.tf(
                "staff_score_startback_detail",
                &[
                    ("total", &total),
                    ("psych", &psych.render()),
                    ("risk", &env.label("staff_risk", &risk.render())),
                ],
            ),
            _ => env.tf("staff_score_startback", &[("total", &total)]),
        });
    }
    if let Some(v) = get("phq2_total") {
        parts.push(env.tf("staff_score_phq2", &[("total", &v.render())]));
    }
    if let Some(v) = get("bmi") {
        parts.push(env.tf("staff_score_bmi", &[("bmi", &v.render())]));
    }
    parts.join(" · ")
}

/// The summary staff receive and see: urgency first, then referrals and why,
/// scores, running, and the answers that say something.
pub fn staff_summary(env: &Env, clinic_name: &str, e: &ShareEntry) -> String {
    let dialogs = env.dialogs;
    let o = &e.outcome;
    let mut out = Vec::new();
    if o.urgency != "routine" {
        out.push(env.label("staff_urgency", &o.urgency));
    }
    let mut head = env.tf(
        "staff_summary_title",
        &[("ref", &e.reference), ("clinic_name", clinic_name)],
    );
    if let Some(p) = &e.patient_ref {
        head.push_str(&format!(" · {}", escape(p)));
    }
    out.push(head);
    let day = date(e.completed);
    out.push(match e.answers.get("weeks_postpartum").map(Value::render) {
        Some(weeks) => env.tf("staff_summary_when", &[("date", &day), ("weeks", &weeks)]),
        None => env.tf("staff_summary_when_early", &[("date", &day)]),
    });
    if o.status != "complete" {
        out.push(env.label("staff_status", &o.status));
    }
    // An urgent sign she reported and then said was a mistake, and when.
    for r in &o.withdrawn {
        let Some(node) = dialogs.flow("intake").and_then(|f| f.var_node(&r.var)) else {
            continue;
        };
        let signs = display(env, node, &Value::List(r.codes.clone()));
        let (at, back) = (time(r.at), r.withdrawn.map(time).unwrap_or_default());
        out.push(env.tf(
            "staff_withdrawn",
            &[("signs", &signs), ("at", &at), ("withdrawn", &back)],
        ));
    }
    if !o.referrals.is_empty() {
        out.push(format!("*{}*", env.t("staff_referrals")));
        for code in &o.referrals {
            let Some(def) = dialogs.referrals.get(code) else {
                continue;
            };
            let why: Vec<String> = o
                .reasons
                .iter()
                .filter(|(r, _)| r == code)
                .filter_map(|(_, rule)| def.reasons.get(rule))
                .map(|x| render(env, &BTreeMap::new(), x))
                .collect();
            if why.is_empty() {
                out.push(format!("• {}", env.tr(&def.name)));
            } else {
                out.push(format!("• {}: {}", env.tr(&def.name), why.join(" ")));
            }
        }
    }
    let scores = score_line(env, o);
    if !scores.is_empty() {
        out.push(format!("*{}* {scores}", env.t("staff_scores")));
    }
    if o.status == "complete" {
        out.push(format!(
            "*{}* {} · *{}* {}",
            env.t("staff_running"),
            env.label("staff_running", &o.running),
            env.t("staff_level"),
            env.label("staff_level", &o.exercise_level),
        ));
    }
    let key: Vec<String> = e
        .lines
        .iter()
        .filter(|(var, _, _)| var != "consent" && e.answers.get(var).is_some_and(telling))
        .map(|(_, q, a)| format!("• {}: {}", escape(q), escape(a)))
        .collect();
    if !key.is_empty() {
        out.push(format!("*{}*", env.t("staff_key_answers")));
        out.extend(key);
    }
    out.push(env.tf("staff_summary_footer", &[("ref", &e.reference)]));
    out.join("\n")
}

/// Her check-in trend for `/patient`: days done, recent pain, flags.
pub fn trend(env: &Env, rec: Option<&Record>) -> String {
    let Some(rec) = rec.filter(|r| r.prefs.is_some() || !r.log.is_empty()) else {
        return env.t("staff_no_checkins");
    };
    let recent: Vec<_> = rec.log.iter().rev().take(14).rev().collect();
    let pains: Vec<String> = recent
        .iter()
        .map(|d| d.pain.map(|p| p.to_string()).unwrap_or_else(|| "·".into()))
        .collect();
    let count = |a: &str| {
        rec.log
            .iter()
            .filter(|d| d.actions.iter().any(|x| x == a))
            .count()
    };
    env.tf(
        "staff_trend",
        &[
            ("days", &rec.log.len().to_string()),
            ("pain", &pains.join(" ")),
            (
                "pelvic",
                &recent.iter().filter(|d| d.pelvic > 0).count().to_string(),
            ),
            ("warnings", &count("urgent_stop").to_string()),
            ("step_downs", &count("step_down").to_string()),
            ("level", &env.label("staff_level", &rec.state.level)),
        ],
    )
}

/// A check-in escalation for staff: what happened, never her words.
pub fn alert(env: &Env, reference: &str, patient_ref: Option<&str>, action: &str) -> String {
    let who = match patient_ref {
        Some(p) => format!("{reference} · {p}"),
        None => reference.to_owned(),
    };
    env.tf(
        "staff_alert",
        &[
            ("ref", &who),
            ("what", &env.label("staff_alert", action)),
            ("code", reference),
        ],
    )
}

/// One row of `restride export`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportRow {
    pub reference: String,
    pub patient_ref: Option<String>,
    pub started: String,
    pub completed: String,
    pub consented: String,
    pub status: String,
    pub urgency: String,
    pub urgency_label: String,
    pub referrals: Vec<String>,
    pub referral_labels: Vec<String>,
    pub running: String,
    pub running_label: String,
    pub exercise_level: String,
    pub scores: BTreeMap<String, Value>,
    pub answers: BTreeMap<String, Value>,
    pub checkins_done: usize,
    pub checkin_warnings: usize,
    pub checkin_step_downs: usize,
    pub checkin_new_pelvic: usize,
}

pub fn export_row(dialogs: &Dialogs, e: &ShareEntry, rec: Option<&Record>) -> ExportRow {
    let o = &e.outcome;
    let count = |a: &str| {
        rec.map(|r| {
            r.log
                .iter()
                .filter(|d| d.actions.iter().any(|x| x == a))
                .count()
        })
        .unwrap_or(0)
    };
    let iso = |at: i64| {
        jiff::Timestamp::from_second(at)
            .map(|t| t.to_string())
            .unwrap_or_default()
    };
    ExportRow {
        reference: e.reference.clone(),
        patient_ref: e.patient_ref.clone(),
        started: iso(e.started),
        completed: iso(e.completed),
        consented: iso(e.consented),
        status: o.status.clone(),
        urgency: o.urgency.clone(),
        urgency_label: label(dialogs, "export_urgency", &o.urgency),
        referrals: o.referrals.clone(),
        referral_labels: o
            .referrals
            .iter()
            .map(|r| {
                dialogs
                    .referrals
                    .get(r)
                    .map(|d| d.name.clone())
                    .unwrap_or_else(|| r.clone())
            })
            .collect(),
        running: o.running.clone(),
        running_label: label(dialogs, "staff_running", &o.running),
        exercise_level: o.exercise_level.clone(),
        scores: o.scores.clone(),
        answers: e.answers.clone(),
        checkins_done: rec.map(|r| r.log.len()).unwrap_or(0),
        checkin_warnings: count("urgent_stop"),
        checkin_step_downs: count("step_down"),
        checkin_new_pelvic: count("new_pelvic_symptom"),
    }
}

/// Rows as CSV: fixed columns, then one column per score and per answer.
pub fn to_csv(rows: &[ExportRow]) -> anyhow::Result<Vec<u8>> {
    let mut scores = std::collections::BTreeSet::new();
    let mut answers = std::collections::BTreeSet::new();
    for r in rows {
        scores.extend(r.scores.keys().cloned());
        answers.extend(r.answers.keys().cloned());
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "reference",
        "patient_ref",
        "started",
        "completed",
        "consented",
        "status",
        "urgency",
        "urgency_label",
        "referrals",
        "referral_labels",
        "running",
        "running_label",
        "exercise_level",
        "checkins_done",
        "checkin_warnings",
        "checkin_step_downs",
        "checkin_new_pelvic",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(scores.iter().map(|s| format!("score.{s}")));
    header.extend(answers.iter().map(|a| format!("answer.{a}")));
    w.write_record(&header)?;
    let cell = |v: Option<&Value>| v.map(Value::render).unwrap_or_default();
    for r in rows {
        let mut rec = vec![
            r.reference.clone(),
            r.patient_ref.clone().unwrap_or_default(),
            r.started.clone(),
            r.completed.clone(),
            r.consented.clone(),
            r.status.clone(),
            r.urgency.clone(),
            r.urgency_label.clone(),
            r.referrals.join(";"),
            r.referral_labels.join(";"),
            r.running.clone(),
            r.running_label.clone(),
            r.exercise_level.clone(),
            r.checkins_done.to_string(),
            r.checkin_warnings.to_string(),
            r.checkin_step_downs.to_string(),
            r.checkin_new_pelvic.to_string(),
        ];
        rec.extend(scores.iter().map(|s| cell(r.scores.get(s))));
        rec.extend(answers.iter().map(|a| cell(r.answers.get(a))));
        w.write_record(&rec)?;
    }
    Ok(w.into_inner()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_opaque_stable_and_per_clinic() {
        let a = reference(b"s", "north", 42, 100);
        assert_eq!(a, reference(b"s", "north", 42, 100));
        assert_ne!(a, reference(b"s", "south", 42, 100));
        assert_ne!(a, reference(b"s", "north", 43, 100));
        assert_ne!(a, reference(b"s", "north", 42, 101), "not after a deletion");
        assert!(a.starts_with("R-") && a.len() == 10);
        assert!(!a.contains("42"));
        assert_eq!(normalize_ref(&a[2..].to_lowercase()), a);
    }

    #[test]
    fn codes_hash_the_same_however_typed() {
        let c = random_code(12);
        assert_eq!(c.len(), 12);
        assert_eq!(hash_code(&c), hash_code(&format!(" {} ", c.to_lowercase())));
        assert_ne!(hash_code(&c), hash_code(&random_code(12)));
        assert!(!hash_code(&c).contains(&c));
    }

    #[test]
    fn tokens_are_valid_payloads() {
        for _ in 0..50 {
            let t = random_token(28);
            assert_eq!(t.len(), 28);
            assert!(valid_payload(&t));
        }
        assert!(valid_code("North_Clinic-1"));
        assert!(!valid_code("north clinic"));
        assert!(!valid_code(&"x".repeat(33)));
    }
}
