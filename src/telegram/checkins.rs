//! Check-ins in the chat: opting in, choosing a time and zone, pausing, the
//! check-in conversation itself and what its adaptations tell her.

use super::core::Core;
use super::markup::to_html;
use crate::checkin::Record;
use crate::checkin::record::{DayLog, Setup};
use crate::checkin::schedule::{self, Prefs};
use crate::engine::checkin::CheckinState;
use crate::engine::step::Effect;
use crate::engine::value::Value;
use crate::engine::{Input, Session, outcome, step};
use crate::outbox::{Out, OutButton};
use crate::store::{Commit, StoreError};
use jiff::Timestamp;

const TIMES: &[&str] = &["07:30", "08:30", "10:00", "12:30", "15:00", "19:30"];
const ZONES: &[&str] = &[
    "Europe/London",
    "Europe/Dublin",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Australia/Sydney",
    "Australia/Perth",
    "Pacific/Auckland",
];

fn btn(label: impl Into<String>, data: impl Into<String>) -> OutButton {
    OutButton {
        label: label.into(),
        data: data.into(),
    }
}

impl Core {
    /// The record for a chat, created when her intake is complete.
    pub fn record(&self, chat: i64) -> Result<Option<Record>, StoreError> {
        self.store.checkin(chat)
    }

    fn new_record(&self, chat: i64, now: i64) -> Result<Option<Record>, StoreError> {
        let Some(s) = self.store.session(chat)? else {
            return Ok(None);
        };
        let (Some(o), Some(intake), Some(flow)) = (
            &s.outcome,
            self.dialogs.flow("intake"),
            self.dialogs.flow("checkin"),
        ) else {
            return Ok(None);
        };
        if o.status != "complete" {
            return Ok(None);
        }
        let vars = outcome::variables(intake, &s.given, &s.answers);
        Ok(Some(Record {
            intake_at: s.updated.max(now.min(s.updated)),
            state: CheckinState::new(flow, o, &vars),
            last_answered: now,
            ..Record::default()
        }))
    }

    /// Her record, created when her intake is complete; otherwise she is told
    /// check-ins start with a plan.
    fn record_or_new(&self, c: &mut Commit, now: i64) -> Result<Option<Record>, StoreError> {
        if let Some(r) = self.record(c.chat)? {
            return Ok(Some(r));
        }
        let r = self.new_record(c.chat, now)?;
        if r.is_none() {
            c.outbox.push(self.say("checkin_needs_plan"));
        }
        Ok(r)
    }

    /// Offered once, right after her first plan.
    pub fn offer_checkins(&self, c: &mut Commit) {
        c.outbox.push(Out::with_buttons(
            to_html(&self.text("checkin_offer")),
            vec![vec![
                btn(self.text("checkin_offer_yes"), "ci|yes"),
                btn(self.text("checkin_offer_no"), "ci|no"),
            ]],
        ));
    }

    fn ask_time(&self, c: &mut Commit) {
        let mut rows: Vec<Vec<OutButton>> = TIMES
            .chunks(3)
            .map(|r| {
                r.iter()
                    .map(|t| btn(*t, format!("ci|t|{}", t.replace(':', ""))))
                    .collect()
            })
            .collect();
        rows.push(vec![btn(self.text("checkin_other_time"), "ci|t|other")]);
        c.outbox.push(Out::with_buttons(
            to_html(&self.text("checkin_ask_time")),
            rows,
        ));
    }

    fn ask_zone(&self, c: &mut Commit, time: &str) {
        let clinic = self
            .store
            .session(c.chat)
            .ok()
            .flatten()
            .and_then(|s| s.clinic);
        let default = clinic
            .and_then(|code| self.clinics.get(&code).and_then(|cl| cl.time_zone.clone()))
            .unwrap_or_else(|| self.checkins.default_zone.clone());
        let text = self
            .text("checkin_ask_zone")
            .replace("{zone}", &default)
            .replace("{time}", time);
        c.outbox.push(Out::with_buttons(
            to_html(&text),
            vec![
                vec![btn(format!("✓ {default}"), format!("ci|z|{default}"))],
                vec![btn(self.text("checkin_other_zone"), "ci|z|pick")],
            ],
        ));
    }

    fn zone_list(&self, c: &mut Commit) {
        let rows = ZONES
            .iter()
            .map(|z| vec![btn(*z, format!("ci|z|{z}"))])
            .collect();
        c.outbox.push(Out::with_buttons(
            to_html(&self.text("checkin_pick_zone")),
            rows,
        ));
    }

    /// Checks a chosen time against quiet hours; the refusal explains why.
    fn time_ok(&self, time: &str) -> Result<String, String> {
        let Some(t) = schedule::parse_time(time) else {
            return Err(self.text("checkin_bad_time"));
        };
        if let Some(q) = self.checkins.quiet
            && q.contains(t)
        {
            return Err(self
                .text("checkin_quiet")
                .replace("{start}", &q.start.strftime("%H:%M").to_string())
                .replace("{end}", &q.end.strftime("%H:%M").to_string()));
        }
        Ok(t.strftime("%H:%M").to_string())
    }

    fn finish_setup(&self, c: &mut Commit, mut rec: Record, time: String, zone: String, now: i64) {
        let prefs = Prefs {
            time: time.clone(),
            zone: zone.clone(),
            paused_until: None,
            stopped: false,
        };
        rec.prefs = Some(prefs);
        self.reschedule(&mut rec, now);
        rec.setup = None;
        rec.last_answered = now;
        rec.nudged = false;
        let text = self
            .text("checkin_set")
            .replace("{time}", &time)
            .replace("{zone}", &zone);
        c.outbox.push(Out::text(to_html(&text)));
        c.checkin = Some(rec);
    }

    /// `ci|…` buttons: opting in, time, zone, pause, resume, check in now.
    pub fn checkin_callback(&self, c: &mut Commit, data: &str, now: i64) -> Result<(), StoreError> {
        let Some(rec) = self.record_or_new(c, now)? else {
            return Ok(());
        };
        let mut rec = rec;
        let parts: Vec<&str> = data.splitn(3, '|').collect();
        match parts.as_slice() {
            ["ci", "yes"] | ["ci", "time"] => {
                rec.declined = false;
                rec.setup = Some(Setup::Time);
                self.ask_time(c);
                c.checkin = Some(rec);
            }
            ["ci", "no"] => {
                rec.declined = true;
                c.outbox.push(self.say("checkin_declined"));
                c.checkin = Some(rec);
            }
            ["ci", "t", "other"] => {
                rec.setup = Some(Setup::Time);
                c.outbox.push(self.say("checkin_type_time"));
                c.checkin = Some(rec);
            }
            ["ci", "t", hhmm] => match self.time_ok(hhmm) {
                Ok(t) => {
                    rec.setup = Some(Setup::Zone { time: t.clone() });
                    self.ask_zone(c, &t);
                    c.checkin = Some(rec);
                }
                Err(why) => {
                    c.outbox.push(Out::text(to_html(&why)));
                    self.ask_time(c);
                }
            },
            ["ci", "z", "pick"] => self.zone_list(c),
            ["ci", "z", zone] => {
                let time = match (&rec.setup, &rec.prefs) {
                    (Some(Setup::Zone { time }), _) => time.clone(),
                    (_, Some(p)) => p.time.clone(),
                    _ => {
                        rec.setup = Some(Setup::Time);
                        self.ask_time(c);
                        c.checkin = Some(rec);
                        return Ok(());
                    }
                };
                if schedule::zone(zone).is_none() {
                    c.outbox.push(self.say("checkin_bad_zone"));
                    self.zone_list(c);
                    return Ok(());
                }
                self.finish_setup(c, rec, time, (*zone).to_owned(), now);
            }
            ["ci", "p", days] => {
                let Some(p) = rec.prefs.as_mut() else {
                    c.outbox.push(self.say("checkin_not_set"));
                    return Ok(());
                };
                let until = match days.parse::<i64>() {
                    Ok(d) => now + d * 86_400,
                    Err(_) => i64::MAX,
                };
                p.paused_until = Some(until);
                self.reschedule(&mut rec, now);
                c.outbox.push(self.say(if until == i64::MAX {
                    "checkin_paused"
                } else {
                    "checkin_paused_days"
                }));
                c.checkin = Some(rec);
            }
            ["ci", "resume"] => self.resume(c, rec, now),
            ["ci", "now"] => {
                let day = self.day_of(&rec, now);
                self.start(c, &mut rec, day, now, None)?;
                c.checkin = Some(rec);
            }
            _ => c.outbox.push(self.say("moved_on")),
        }
        Ok(())
    }

    fn resume(&self, c: &mut Commit, mut rec: Record, now: i64) {
        let Some(p) = rec.prefs.as_mut() else {
            c.outbox.push(self.say("checkin_not_set"));
            return;
        };
        p.paused_until = None;
        p.stopped = false;
        let text = self.text("checkin_resumed").replace("{time}", &p.time);
        self.reschedule(&mut rec, now);
        rec.last_answered = now;
        rec.nudged = false;
        c.outbox.push(Out::text(to_html(&text)));
        c.checkin = Some(rec);
    }

    /// Sets her next check-in and next Sunday summary from her settings.
    pub fn reschedule(&self, rec: &mut Record, now: i64) {
        let Some(p) = &rec.prefs else {
            rec.next_due = None;
            rec.next_weekly = None;
            return;
        };
        rec.next_due = schedule::next_due_after(p, now);
        rec.next_weekly = match p.paused_until {
            Some(i64::MAX) => None,
            paused => {
                schedule::next_weekly_after(p, self.checkins.quiet, paused.unwrap_or(now).max(now))
            }
        };
    }

    /// The Sunday summary: the week's check-ins in one message.
    pub fn weekly_text(&self, rec: &Record, now: i64) -> String {
        let week: Vec<&DayLog> = rec.log.iter().filter(|l| l.at > now - 7 * 86_400).collect();
        if week.is_empty() {
            return format!(
                "{}\n{}",
                self.text("weekly_title"),
                self.text("weekly_none")
            );
        }
        let today = self.day_of(rec, now);
        let summary = crate::render::chart::progress_summary(&rec.log, today);
        let moods: Vec<i64> = week.iter().filter_map(|l| l.mood).collect();
        let mut lines = vec![format!("{} check-ins this week.", week.len())];
        if !moods.is_empty() {
            lines.push(format!(
                "Average mood {:.1} of 5.",
                moods.iter().sum::<i64>() as f64 / moods.len() as f64
            ));
        }
        let all = week
            .iter()
            .filter(|l| l.exercise.as_deref() == Some("all"))
            .count();
        if all > 0 {
            lines.push(format!(
                "You did all your exercises on {all} day{}.",
                if all == 1 { "" } else { "s" }
            ));
        }
        format!(
            "{}\n{}\n\n{summary}\n\n/progress shows the chart.",
            self.text("weekly_title"),
            lines.join(" ")
        )
    }

    /// `/checkin`, `/pause`, `/resume`, `/stop`.
    pub fn checkin_command(&self, c: &mut Commit, cmd: &str, now: i64) -> Result<(), StoreError> {
        let Some(rec) = self.record_or_new(c, now)? else {
            return Ok(());
        };
        match (cmd, &rec.prefs) {
            ("/checkin", None) => return self.checkin_callback(c, "ci|yes", now),
            ("/checkin", Some(p)) => {
                let text = self
                    .text("checkin_settings")
                    .replace("{time}", &p.time)
                    .replace("{zone}", &p.zone);
                c.outbox.push(Out::with_buttons(
                    to_html(&text),
                    vec![
                        vec![btn(self.text("checkin_now"), "ci|now")],
                        vec![
                            btn(self.text("checkin_change_time"), "ci|time"),
                            btn(self.text("checkin_change_zone"), "ci|z|pick"),
                        ],
                    ],
                ));
            }
            ("/pause", Some(_)) => c.outbox.push(Out::with_buttons(
                to_html(&self.text("checkin_pause_ask")),
                vec![
                    vec![
                        btn(self.text("checkin_pause_3"), "ci|p|3"),
                        btn(self.text("checkin_pause_7"), "ci|p|7"),
                    ],
                    vec![btn(self.text("checkin_pause_open"), "ci|p|open")],
                ],
            )),
            ("/resume", Some(_)) => self.resume(c, rec, now),
            ("/stop", Some(_)) => {
                let mut rec = rec;
                if let Some(p) = rec.prefs.as_mut() {
                    p.stopped = true;
                }
                self.reschedule(&mut rec, now);
                c.outbox.push(self.say("checkin_stopped"));
                c.checkin = Some(rec);
            }
            _ => c.outbox.push(self.say("checkin_not_set")),
        }
        Ok(())
    }

    /// Typed text while she sets up check-ins; false when not setting up.
    pub fn checkin_setup_text(
        &self,
        c: &mut Commit,
        text: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let Some(mut rec) = self.record(c.chat)? else {
            return Ok(false);
        };
        match rec.setup.clone() {
            None => Ok(false),
            Some(Setup::Time) => {
                match self.time_ok(text) {
                    Ok(t) => {
                        rec.setup = Some(Setup::Zone { time: t.clone() });
                        self.ask_zone(c, &t);
                        c.checkin = Some(rec);
                    }
                    Err(why) => c.outbox.push(Out::text(to_html(&why))),
                }
                Ok(true)
            }
            Some(Setup::Zone { time }) => {
                let zone = text.trim();
                if schedule::zone(zone).is_some() && zone.contains('/') {
                    self.finish_setup(c, rec, time, zone.to_owned(), now);
                } else {
                    c.outbox.push(self.say("checkin_bad_zone"));
                    self.zone_list(c);
                }
                Ok(true)
            }
        }
    }

    /// Her check-in day number: days since the intake, in her zone.
    pub fn day_of(&self, rec: &Record, now: i64) -> u32 {
        let zone = rec
            .prefs
            .as_ref()
            .map(|p| p.zone.clone())
            .unwrap_or_else(|| self.checkins.default_zone.clone());
        let (Ok(a), Ok(b)) = (
            Timestamp::from_second(rec.intake_at),
            Timestamp::from_second(now),
        ) else {
            return 0;
        };
        match (
            schedule::local_date(&zone, a),
            schedule::local_date(&zone, b),
        ) {
            // The intake's own day is day 0 (SCREENING.md 4).
            (Some(a), Some(b)) => a.until(b).map(|s| s.get_days().max(0) as u32).unwrap_or(0),
            _ => 0,
        }
    }

    /// Starts today's check-in: a greeting and its first question.
    pub fn start(
        &self,
        c: &mut Commit,
        rec: &mut Record,
        day: u32,
        now: i64,
        expires: Option<i64>,
    ) -> Result<(), StoreError> {
        let (Some(flow), Some(intake)) =
            (self.dialogs.flow("checkin"), self.dialogs.flow("intake"))
        else {
            return Ok(());
        };
        if rec.last_day_done == Some(day) {
            c.outbox.push(self.say("checkin_done_today"));
            return Ok(());
        }
        let Some(is) = self.store.session(c.chat)? else {
            return Ok(());
        };
        let intake_vars = outcome::variables(intake, &is.given, &is.answers);
        let s = Session {
            given: rec.state.given(flow, &intake_vars, day),
            clinic: is.clinic.clone(),
            ..Session::new("checkin", flow.version, &self.dialogs.hash, now)
        };
        let constants = self.constants_for(s.clinic.as_deref());
        let env = crate::engine::Env {
            dialogs: &self.dialogs,
            constants: &constants,
        };
        let (s, effects) = step(&env, s, Input::Start, now);
        c.outbox.push(Out::Send {
            text: to_html(&self.text("checkin_hello")),
            buttons: vec![],
            nonce: None,
            expires,
        });
        for e in effects {
            if let Effect::Send(m) = e
                && let Out::Send {
                    text,
                    buttons,
                    nonce,
                    ..
                } = self.message(&s, &m)
            {
                c.outbox.push(Out::Send {
                    text,
                    buttons,
                    nonce,
                    expires,
                });
            }
        }
        rec.current = Some(s);
        rec.current_day = Some(day);
        Ok(())
    }

    /// An input for the check-in in progress.
    pub fn checkin_step(
        &self,
        c: &mut Commit,
        mut rec: Record,
        input: Input,
        now: i64,
    ) -> Result<(), StoreError> {
        let Some(s) = rec.current.take() else {
            return Ok(());
        };
        let constants = self.constants_for(s.clinic.as_deref());
        let env = crate::engine::Env {
            dialogs: &self.dialogs,
            constants: &constants,
        };
        let (s, effects) = step(&env, s, input, now);
        let mut finished = false;
        for e in effects {
            match e {
                Effect::Finished => finished = true,
                other => self.effect_out(c, &s, other),
            }
        }
        if finished {
            self.finish(c, &mut rec, &s, now)?;
        } else {
            rec.current = Some(s);
        }
        c.checkin = Some(rec);
        Ok(())
    }

    fn finish(
        &self,
        c: &mut Commit,
        rec: &mut Record,
        s: &Session,
        now: i64,
    ) -> Result<(), StoreError> {
        let (Some(flow), Some(intake)) =
            (self.dialogs.flow("checkin"), self.dialogs.flow("intake"))
        else {
            return Ok(());
        };
        let Some(spec) = intake.outcome.as_ref() else {
            return Ok(());
        };
        let day = rec.current_day.unwrap_or(0);
        let vars = outcome::variables(flow, &s.given, &s.answers);
        let answers: std::collections::BTreeMap<String, Value> = vars
            .into_iter()
            .filter(|(k, _)| !s.given.contains_key(k))
            .collect();
        let asked: Vec<String> = s.history.iter().map(|h| h.var.clone()).collect();
        let before_level = rec.state.level.clone();
        let before = rec.state.clone();
        let r = rec
            .state
            .finish_day(flow, spec, day, &s.given, &answers, &asked);
        for m in &r.messages {
            c.outbox.push(Out::text(to_html(m)));
        }
        self.escalate(c, &r.actions, now)?;
        let mut lines = Vec::new();
        for (code, why) in &r.reasons {
            if let Some(def) = self.dialogs.referrals.get(code)
                && let Some(reason) = def.reasons.get(why)
            {
                lines.push(format!("• *{}*: {reason}", def.name));
            }
        }
        if !lines.is_empty() && r.urgency == spec.urgency[0] {
            c.outbox.push(Out::text(to_html(&format!(
                "{}\n{}",
                self.text("checkin_who"),
                lines.join("\n")
            ))));
        }
        if rec.state.level != before_level && rec.state.level != spec.exercise_level[0] {
            c.outbox
                .push(Out::text(to_html(&self.exercise_list(c.chat, &rec.state)?)));
        }
        for id in &r.offers {
            if let Some(o) = crate::engine::checkin::offer(flow, id) {
                c.outbox.push(Out::with_buttons(
                    String::new(),
                    vec![vec![
                        btn(o.accept_label.clone(), format!("of|{id}|y")),
                        btn(o.decline_label.clone(), format!("of|{id}|n")),
                    ]],
                ));
            }
        }
        // An empty text cannot carry buttons: move the buttons to the message before.
        merge_button_only(&mut c.outbox);
        if r.actions.is_empty() && r.urgency == spec.urgency[0] {
            c.outbox.push(self.say("checkin_thanks"));
        }
        rec.log.push(DayLog {
            day,
            at: now,
            pain: answers.get("pain_today").and_then(Value::as_int),
            pelvic: answers
                .get("pelvic_today")
                .and_then(Value::as_list)
                .map(|l| l.len())
                .unwrap_or(0),
            exercise: answers
                .get("exercise_done")
                .and_then(|v| v.as_text().map(str::to_owned)),
            mood: answers.get("mood_today").and_then(Value::as_int),
            actions: r.actions.clone(),
            withdrawn: s.withdrawn().cloned().collect(),
        });
        if s.status() == Some("stopped_urgent") {
            rec.urgent = Some(crate::checkin::record::UrgentDay {
                session: s.clone(),
                before,
                day,
            });
        } else if rec.state.held_level.is_none() {
            rec.urgent = None;
        }
        if rec.log.len() > 400 {
            rec.log.remove(0);
        }
        rec.current = None;
        rec.current_day = None;
        rec.last_day_done = Some(day);
        rec.last_answered = now;
        rec.nudged = false;
        Ok(())
    }

    /// Her exercises at the check-in's level, as a short list.
    fn exercise_list(&self, chat: i64, st: &CheckinState) -> Result<String, StoreError> {
        let Some(intake) = self.dialogs.flow("intake") else {
            return Ok(String::new());
        };
        let Some(is) = self.store.session(chat)? else {
            return Ok(String::new());
        };
        let vars = outcome::variables(intake, &is.given, &is.answers);
        let mut scope =
            crate::dialog::expr::Scope::new().with(vars.iter().map(|(k, v)| (k.as_str(), v)));
        scope.set("outcome_level", &Value::Text(st.level.clone()));
        scope.set("outcome_running", &Value::Text(st.running.clone()));
        let ids = outcome::select(&self.dialogs, intake, &st.level, &scope);
        let mut text = self.text("checkin_new_exercises");
        for id in ids {
            if let Some(e) = self.dialogs.exercise(&id) {
                // At low_impact a strength exercise is shown in its easiest form only.
                let f = crate::plan::form(e, Some(&st.level), Some(&scope));
                text.push_str(&format!(
                    "\n• *{}*: {} /ex\\_{}",
                    f.name,
                    f.summary,
                    e.id.replace('_', "\\_")
                ));
            }
        }
        Ok(text)
    }

    /// `of|<adaptation>|y|n`: she accepts or declines an offer.
    pub fn offer_callback(&self, c: &mut Commit, data: &str, now: i64) -> Result<(), StoreError> {
        let parts: Vec<&str> = data.split('|').collect();
        let (Some(id), Some(answer)) = (parts.get(1), parts.get(2)) else {
            c.outbox.push(self.say("moved_on"));
            return Ok(());
        };
        if *answer != "y" {
            c.outbox.push(self.say("offer_declined"));
            return Ok(());
        }
        let (Some(flow), Some(intake), Some(rec)) = (
            self.dialogs.flow("checkin"),
            self.dialogs.flow("intake"),
            self.record(c.chat)?,
        ) else {
            return Ok(());
        };
        let Some(offer) = crate::engine::checkin::offer(flow, id) else {
            c.outbox.push(self.say("moved_on"));
            return Ok(());
        };
        let Some(is) = self.store.session(c.chat)? else {
            return Ok(());
        };
        // Her weeks today, so the rules apply as they stand now.
        let weeks = is
            .answers
            .get("weeks_postpartum")
            .and_then(Value::as_int)
            .unwrap_or(0)
            + i64::from(self.day_of(&rec, now)) / 7;
        let mut set = vec![];
        if intake.vars.contains_key("weeks_postpartum") {
            set.push(("weeks_postpartum".to_owned(), Value::Int(weeks.min(520))));
        }
        c.outbox.push(self.say("offer_accepted"));
        self.step_intake(
            c,
            is,
            Input::Reask {
                set,
                ask: offer.reask.clone(),
            },
            now,
        );
        Ok(())
    }

    /// After a re-check finished her intake again: the check-ins follow the new plan.
    pub fn sync_checkins(&self, c: &mut Commit, s: &Session) -> Result<(), StoreError> {
        let (Some(o), Some(mut rec)) = (&s.outcome, self.record(c.chat)?) else {
            return Ok(());
        };
        if o.status == "complete" {
            rec.state.running = o.running.clone();
            rec.state.level = o.exercise_level.clone();
            rec.state.held_level = None;
            c.checkin = Some(rec);
        }
        Ok(())
    }
}

/// Buttons pushed as an empty message join the message before them.
fn merge_button_only(outbox: &mut Vec<Out>) {
    let mut i = 1;
    while i < outbox.len() {
        let empty_with_buttons = matches!(&outbox[i], Out::Send { text, buttons, .. } if text.is_empty() && !buttons.is_empty());
        if empty_with_buttons {
            let Out::Send { buttons: extra, .. } = outbox.remove(i) else {
                continue;
            };
            if let Some(Out::Send { buttons, .. }) = outbox.get_mut(i - 1) {
                buttons.extend(extra);
            }
            continue;
        }
        i += 1;
    }
}

/// How long without an answer before a gentle nudge, and before pausing.
pub const NUDGE_AFTER: i64 = 3 * 86_400;
pub const PAUSE_AFTER: i64 = 7 * 86_400;

impl Core {
    /// The worker's single step: everything due at `now` is claimed (its
    /// prompt committed to the outbox, its next time indexed) in one commit
    /// per mum. Returns the chats with something to send. Never a backlog: a
    /// check-in more than the window late moves to the next day.
    pub fn tick(&self, now: i64) -> Result<Vec<i64>, StoreError> {
        let mut touched = Vec::new();
        for (due, chat) in self.store.due_before(now, 1000)? {
            let Some(mut rec) = self.store.checkin(chat)? else {
                continue;
            };
            let Some(mut prefs) = rec.prefs.clone() else {
                rec.next_due = None;
                self.store.commit(Commit {
                    chat,
                    checkin: Some(rec),
                    ..Commit::default()
                })?;
                continue;
            };
            let mut c = Commit {
                chat,
                ..Commit::default()
            };
            let after = |t: i64| schedule::next_due_after(&prefs, t);
            let quiet_now = schedule::is_quiet(&prefs, self.checkins.quiet, now);
            if rec.next_weekly == Some(due) && rec.next_due != Some(due) {
                let paused = prefs.paused_until.is_some_and(|u| u > now);
                if now - due <= self.checkins.window_secs && !quiet_now && !paused {
                    c.outbox.push(Out::Send {
                        text: to_html(&self.weekly_text(&rec, now)),
                        buttons: vec![],
                        nonce: None,
                        expires: Some(due + self.checkins.window_secs),
                    });
                    touched.push(chat);
                }
                rec.next_weekly =
                    schedule::next_weekly_after(&prefs, self.checkins.quiet, due.max(now));
                c.checkin = Some(rec);
                self.store.commit(c)?;
                continue;
            }
            if rec.next_weekly == Some(due) {
                // The summary and the check-in fall together: the summary waits a week.
                rec.next_weekly = schedule::next_weekly_after(&prefs, self.checkins.quiet, due);
            }
            if now - due > self.checkins.window_secs || quiet_now {
                // Too late (the bot was down), or it would land in her night.
                tracing::info!(chat = %super::hashed(chat), "a missed check-in moves to its next time");
                rec.next_due = after(now);
            } else if now - rec.last_answered >= PAUSE_AFTER {
                prefs.paused_until = Some(i64::MAX);
                rec.prefs = Some(prefs.clone());
                rec.next_due = None;
                rec.next_weekly = None;
                c.outbox.push(Out::Send {
                    text: to_html(&self.text("checkin_auto_paused")),
                    buttons: vec![vec![btn(self.text("checkin_resume_button"), "ci|resume")]],
                    nonce: None,
                    expires: Some(due + self.checkins.window_secs),
                });
            } else {
                let expires = Some(due + self.checkins.window_secs);
                if now - rec.last_answered >= NUDGE_AFTER && !rec.nudged {
                    rec.nudged = true;
                    c.outbox.push(Out::Send {
                        text: to_html(&self.text("checkin_nudge")),
                        buttons: vec![],
                        nonce: None,
                        expires,
                    });
                }
                rec.current = None;
                rec.current_day = None;
                let day = self.day_of(&rec, now);
                self.start(&mut c, &mut rec, day, now, expires)?;
                rec.last_prompt = Some(now);
                rec.next_due = after(due.max(now));
            }
            if !c.outbox.is_empty() {
                touched.push(chat);
            }
            c.checkin = Some(rec);
            self.store.commit(c)?;
        }
        Ok(touched)
    }
}

/// What `/update` lets her re-answer: a label text id and the variables.
const UPDATES: &[(&str, &str, &[&str])] = &[
    ("check", "update_check", &["cleared_to_exercise"]),
    ("pelvic", "update_pelvic", &["pelvic_symptoms", "tummy_gap"]),
    ("back", "update_back", &["back_pain"]),
    ("health", "update_health", &["health_conditions"]),
    (
        "mood",
        "update_mood",
        &["phq_interest", "phq_down", "sleep", "energy_eating"],
    ),
    ("goals", "update_goals", &["goals"]),
];

impl Core {
    /// `/progress`: a chart of the last 30 days and a short summary; before her
    /// first check-in, a sentence instead of an empty chart.
    pub fn progress(&self, c: &mut Commit, now: i64) -> Result<(), StoreError> {
        let Some(rec) = self.record(c.chat)?.filter(|r| !r.log.is_empty()) else {
            c.outbox.push(self.say("progress_none"));
            return Ok(());
        };
        let today = self.day_of(&rec, now);
        let summary = crate::render::chart::progress_summary(&rec.log, today);
        // Dates on the x axis: her zone's date of `now` is day `today`.
        let zone = rec
            .prefs
            .as_ref()
            .map_or(&self.checkins.default_zone, |p| &p.zone);
        match crate::render::chart::progress_png_on(&rec.log, today, zone, now, &self.dialogs) {
            Ok(png) => c.outbox.push(Out::Photo {
                bytes: png,
                caption: to_html(&summary),
            }),
            Err(e) => {
                tracing::warn!("progress chart failed: {e}");
                c.outbox.push(Out::text(to_html(&summary)));
            }
        }
        Ok(())
    }

    /// `/update`: what has changed?
    pub fn update_menu(&self, c: &mut Commit) {
        let rows = UPDATES
            .iter()
            .map(|(code, label, _)| vec![btn(self.text(label), format!("up|{code}"))])
            .collect();
        c.outbox
            .push(Out::with_buttons(to_html(&self.text("update_ask")), rows));
    }

    /// `up|<what>`: re-answer just those questions; the plan is made again.
    pub fn update_callback(&self, c: &mut Commit, data: &str, now: i64) -> Result<(), StoreError> {
        let what = data.trim_start_matches("up|");
        let Some((_, _, vars)) = UPDATES.iter().find(|(code, _, _)| *code == what) else {
            c.outbox.push(self.say("moved_on"));
            return Ok(());
        };
        let Some(is) = self.store.session(c.chat)? else {
            c.outbox.push(self.say("plan_not_ready"));
            return Ok(());
        };
        if !is.finished() {
            c.outbox.push(self.say("plan_not_ready"));
            return Ok(());
        }
        let mut set = vec![];
        if let (Some(rec), Some(w)) = (
            self.record(c.chat)?,
            is.answers.get("weeks_postpartum").and_then(Value::as_int),
        ) {
            set.push((
                "weeks_postpartum".to_owned(),
                Value::Int((w + i64::from(self.day_of(&rec, now)) / 7).min(520)),
            ));
        }
        c.outbox.push(self.say("update_start"));
        self.step_intake(
            c,
            is,
            Input::Reask {
                set,
                ask: vars.iter().map(|v| v.to_string()).collect(),
            },
            now,
        );
        Ok(())
    }

    /// What changed between two plans, in a few lines (empty when nothing did).
    pub fn plan_changes(&self, old: &outcome::Outcome, new: &outcome::Outcome) -> String {
        let mut lines = Vec::new();
        let name = |code: &str| {
            self.dialogs
                .referrals
                .get(code)
                .map(|r| r.name.clone())
                .unwrap_or_else(|| code.to_owned())
        };
        for r in new.referrals.iter().filter(|r| !old.referrals.contains(r)) {
            lines.push(format!(
                "• {}: {}",
                self.text("change_new_referral"),
                name(r)
            ));
        }
        for r in old.referrals.iter().filter(|r| !new.referrals.contains(r)) {
            lines.push(format!(
                "• {}: {}",
                self.text("change_no_referral"),
                name(r)
            ));
        }
        if old.exercise_level != new.exercise_level {
            lines.push(format!(
                "• {}: {} → {}",
                self.text("change_level"),
                self.text(&format!("level_{}", old.exercise_level)),
                self.text(&format!("level_{}", new.exercise_level))
            ));
        }
        if old.running != new.running {
            lines.push(format!(
                "• {}: {} → {}",
                self.text("change_running"),
                self.text(&format!("running_{}", old.running)),
                self.text(&format!("running_{}", new.running))
            ));
        }
        if lines.is_empty() {
            return self.text("change_none");
        }
        format!("{}\n{}", self.text("change_title"), lines.join("\n"))
    }
}

impl Core {
    /// Retention: everything of a mum inactive for `retention_days` is
    /// deleted; a week before, she is told once (if she has check-ins).
    /// Returns the chats with a message to send.
    pub fn retention_sweep(&self, now: i64) -> Result<Vec<i64>, StoreError> {
        let mut touched = Vec::new();
        let mut after = None;
        loop {
            let (page, next) = self.retention_page(now, after, 1000)?;
            touched.extend(page);
            match next {
                Some(n) => after = Some(n),
                None => return Ok(touched),
            }
        }
    }

    /// One page of the sweep: up to `page` chats after `after`. Returns the
    /// chats with a message to send and where the next page starts (None: done).
    pub fn retention_page(
        &self,
        now: i64,
        after: Option<i64>,
        page: usize,
    ) -> Result<(Vec<i64>, Option<i64>), StoreError> {
        let mut touched = Vec::new();
        if self.retention_days == 0 {
            return Ok((touched, None));
        }
        let limit = i64::from(self.retention_days) * 86_400;
        let chats = self.store.session_chats(after, page)?;
        let next = (chats.len() == page)
            .then(|| chats.last().copied())
            .flatten();
        // One session at a time: the store may hold hundreds of thousands.
        for chat in chats {
            let Some(s) = self.store.session(chat)? else {
                continue;
            };
            let rec = self.store.checkin(chat)?;
            let last = rec
                .as_ref()
                .map(|r| r.last_answered.max(r.log.last().map(|l| l.at).unwrap_or(0)))
                .unwrap_or(0)
                .max(s.updated);
            if now - last >= limit {
                self.store.commit(Commit {
                    chat,
                    erase: true,
                    audit: Some(format!(
                        "{now} deleted after {} days inactive {}",
                        self.retention_days,
                        crate::store::opaque_ref(&self.salt, chat)
                    )),
                    ..Commit::default()
                })?;
                tracing::info!(chat = %super::hashed(chat), "deleted after the retention period");
                continue;
            }
            if let Some(mut rec) = rec.clone()
                && rec.retention_warned.is_some()
                && now - last < limit - 7 * 86_400
            {
                // Active again since the warning.
                rec.retention_warned = None;
                self.store.commit(Commit {
                    chat,
                    checkin: Some(rec),
                    ..Commit::default()
                })?;
                continue;
            }
            if let Some(mut rec) = rec
                && rec.prefs.is_some()
                && rec.retention_warned.is_none()
                && now - last >= limit - 7 * 86_400
            {
                rec.retention_warned = Some(now);
                let text = self
                    .text("retention_warning")
                    .replace("{days}", &self.retention_days.to_string());
                self.store.commit(Commit {
                    chat,
                    outbox: vec![Out::text(to_html(&text))],
                    checkin: Some(rec),
                    ..Commit::default()
                })?;
                touched.push(chat);
            }
        }
        Ok((touched, next))
    }
}
