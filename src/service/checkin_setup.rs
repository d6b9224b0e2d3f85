//! Setting up check-ins: the offer after her plan, a time and a zone, pausing,
//! resuming and stopping.

use super::Turn;
use crate::checkin::Record;
use crate::checkin::record::Setup;
use crate::checkin::schedule::{self, Prefs};
use crate::engine::checkin::CheckinState;
use crate::engine::outcome;
use crate::outbox::{Action, Button, CheckinStep, Out, button};
use crate::store::{Commit, StoreError};

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
/// The breaks `/pause` offers, in days (and "until I resume").
const PAUSES: &[u32] = &[3, 7];

fn ci(label: impl Into<String>, step: CheckinStep) -> Button {
    button(label, Action::Checkin { step })
}

impl Turn<'_> {
    fn new_record(&self, chat: i64, now: i64) -> Result<Option<Record>, StoreError> {
        let Some(s) = self.tx.session(chat)? else {
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
        if let Some(r) = self.tx.checkin(c.chat)? {
            return Ok(Some(r));
        }
        let r = self.new_record(c.chat, now)?;
        if r.is_none() {
            c.outbox.push(self.say("checkin_needs_plan"));
        }
        Ok(r)
    }

    /// Offered once, right after her first plan.
    pub(crate) fn offer_checkins(&self, c: &mut Commit) {
        c.outbox.push(Out::with_buttons(
            self.text("checkin_offer"),
            vec![vec![
                ci(self.text("checkin_offer_yes"), CheckinStep::Yes),
                ci(self.text("checkin_offer_no"), CheckinStep::No),
            ]],
        ));
    }

    fn ask_time(&self, c: &mut Commit) {
        let mut rows: Vec<Vec<Button>> = TIMES
            .chunks(3)
            .map(|r| {
                r.iter()
                    .map(|t| {
                        let hhmm = t.replace(':', "");
                        ci(*t, CheckinStep::At { hhmm })
                    })
                    .collect()
            })
            .collect();
        rows.push(vec![ci(
            self.text("checkin_other_time"),
            CheckinStep::OtherTime,
        )]);
        c.outbox
            .push(Out::with_buttons(self.text("checkin_ask_time"), rows));
    }

    fn ask_zone(&self, c: &mut Commit, time: &str) -> Result<(), StoreError> {
        let clinic = self.tx.session(c.chat)?.and_then(|s| s.clinic);
        let default = clinic
            .and_then(|code| self.clinics.get(&code).and_then(|cl| cl.time_zone.clone()))
            .unwrap_or_else(|| self.checkins.default_zone.clone());
        let text = self
            .env()
            .tf("checkin_ask_zone", &[("zone", &default), ("time", time)]);
        c.outbox.push(Out::with_buttons(
            text,
            vec![
                vec![ci(
                    format!("✓ {default}"),
                    CheckinStep::Zone {
                        zone: default.clone(),
                    },
                )],
                vec![ci(self.text("checkin_other_zone"), CheckinStep::PickZone)],
            ],
        ));
        Ok(())
    }

    fn zone_list(&self, c: &mut Commit) {
        let rows = ZONES
            .iter()
            .map(|z| {
                vec![ci(
                    *z,
                    CheckinStep::Zone {
                        zone: (*z).to_owned(),
                    },
                )]
            })
            .collect();
        c.outbox
            .push(Out::with_buttons(self.text("checkin_pick_zone"), rows));
    }

    /// Checks a chosen time against quiet hours; the refusal explains why.
    fn time_ok(&self, time: &str) -> Result<String, String> {
        let Some(t) = schedule::parse_time(time) else {
            return Err(self.text("checkin_bad_time"));
        };
        if let Some(q) = self.checkins.quiet
            && q.contains(t)
        {
            let (start, end) = (
                q.start.strftime("%H:%M").to_string(),
                q.end.strftime("%H:%M").to_string(),
            );
            return Err(self
                .env()
                .tf("checkin_quiet", &[("start", &start), ("end", &end)]));
        }
        Ok(t.strftime("%H:%M").to_string())
    }

    fn finish_setup(&self, c: &mut Commit, mut rec: Record, time: String, zone: String, now: i64) {
        let text = self
            .env()
            .tf("checkin_set", &[("time", &time), ("zone", &zone)]);
        rec.prefs = Some(Prefs {
            time,
            zone,
            paused_until: None,
            stopped: false,
        });
        self.reschedule(&mut rec, now);
        rec.setup = None;
        rec.last_answered = now;
        rec.nudged = false;
        c.outbox.push(Out::text(text));
        c.checkin = Some(rec);
    }

    /// Check-in buttons: opting in, time, zone, pause, resume, check in now.
    pub(crate) fn checkin_callback(
        &self,
        c: &mut Commit,
        step: CheckinStep,
        now: i64,
    ) -> Result<(), StoreError> {
        let Some(mut rec) = self.record_or_new(c, now)? else {
            return Ok(());
        };
        match step {
            CheckinStep::Yes | CheckinStep::Time => {
                rec.declined = false;
                rec.setup = Some(Setup::Time);
                self.ask_time(c);
                c.checkin = Some(rec);
            }
            CheckinStep::No => {
                rec.declined = true;
                c.outbox.push(self.say("checkin_declined"));
                c.checkin = Some(rec);
            }
            CheckinStep::OtherTime => {
                rec.setup = Some(Setup::Time);
                c.outbox.push(self.say("checkin_type_time"));
                c.checkin = Some(rec);
            }
            CheckinStep::At { hhmm } => match self.time_ok(&hhmm) {
                Ok(t) => {
                    rec.setup = Some(Setup::Zone { time: t.clone() });
                    self.ask_zone(c, &t)?;
                    c.checkin = Some(rec);
                }
                Err(why) => {
                    c.outbox.push(Out::text(why));
                    self.ask_time(c);
                }
            },
            CheckinStep::PickZone => self.zone_list(c),
            CheckinStep::Zone { zone } => {
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
                if schedule::zone(&zone).is_none() {
                    c.outbox.push(self.say("checkin_bad_zone"));
                    self.zone_list(c);
                    return Ok(());
                }
                self.finish_setup(c, rec, time, zone, now);
            }
            CheckinStep::Pause { days } => {
                // Only the breaks offered: a forged number changes nothing.
                if days.is_some_and(|d| !PAUSES.contains(&d)) {
                    c.outbox.push(self.say("moved_on"));
                    return Ok(());
                }
                let Some(p) = rec.prefs.as_mut() else {
                    c.outbox.push(self.say("checkin_not_set"));
                    return Ok(());
                };
                let until = days.map_or(i64::MAX, |d| now + i64::from(d) * 86_400);
                p.paused_until = Some(until);
                self.reschedule(&mut rec, now);
                c.outbox.push(self.say(if days.is_none() {
                    "checkin_paused"
                } else {
                    "checkin_paused_days"
                }));
                c.checkin = Some(rec);
            }
            CheckinStep::Resume => self.resume(c, rec, now),
            CheckinStep::Now => {
                let day = self.day_of(&rec, now);
                self.start(c, &mut rec, day, now, None)?;
                c.checkin = Some(rec);
            }
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
        let text = self.env().tf("checkin_resumed", &[("time", &p.time)]);
        self.reschedule(&mut rec, now);
        rec.last_answered = now;
        rec.nudged = false;
        c.outbox.push(Out::text(text));
        c.checkin = Some(rec);
    }

    /// Sets her next check-in and next Sunday summary from her settings.
    pub(crate) fn reschedule(&self, rec: &mut Record, now: i64) {
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

    /// `/checkin`, `/pause`, `/resume`, `/stop`.
    pub(crate) fn checkin_command(
        &self,
        c: &mut Commit,
        cmd: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let Some(rec) = self.record_or_new(c, now)? else {
            return Ok(());
        };
        match (cmd, &rec.prefs) {
            ("/checkin", None) => return self.checkin_callback(c, CheckinStep::Yes, now),
            ("/checkin", Some(p)) => {
                let text = self
                    .env()
                    .tf("checkin_settings", &[("time", &p.time), ("zone", &p.zone)]);
                c.outbox.push(Out::with_buttons(
                    text,
                    vec![
                        vec![ci(self.text("checkin_now"), CheckinStep::Now)],
                        vec![
                            ci(self.text("checkin_change_time"), CheckinStep::Time),
                            ci(self.text("checkin_change_zone"), CheckinStep::PickZone),
                        ],
                    ],
                ));
            }
            ("/pause", Some(_)) => {
                let pause = |id: &str, days| ci(self.text(id), CheckinStep::Pause { days });
                c.outbox.push(Out::with_buttons(
                    self.text("checkin_pause_ask"),
                    vec![
                        vec![
                            pause("checkin_pause_3", Some(PAUSES[0])),
                            pause("checkin_pause_7", Some(PAUSES[1])),
                        ],
                        vec![pause("checkin_pause_open", None)],
                    ],
                ))
            }
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
    pub(crate) fn checkin_setup_text(
        &self,
        c: &mut Commit,
        text: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let Some(mut rec) = self.tx.checkin(c.chat)? else {
            return Ok(false);
        };
        match rec.setup.clone() {
            None => Ok(false),
            Some(Setup::Time) => {
                match self.time_ok(text) {
                    Ok(t) => {
                        rec.setup = Some(Setup::Zone { time: t.clone() });
                        self.ask_zone(c, &t)?;
                        c.checkin = Some(rec);
                    }
                    Err(why) => c.outbox.push(Out::text(why)),
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

    /// After a re-check finished her intake again: the check-ins follow the new plan.
    pub(crate) fn sync_checkins(
        &self,
        c: &mut Commit,
        s: &crate::engine::Session,
    ) -> Result<(), StoreError> {
        let (Some(o), Some(mut rec)) = (&s.outcome, self.tx.checkin(c.chat)?) else {
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
