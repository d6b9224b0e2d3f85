//! Clinics in the chat: links that attach a clinic, the mum's sharing
//! consent, staff enrolment, `/patients`, `/patient` and what staff receive.
//! Every staff access checks enrolment at the time of access, and every view
//! is appended to the clinic's audit.

use super::core::{Core, valid_payload};
use super::markup::to_html;
use crate::clinic::{self, AuditLine, Invite, PatientLink, ShareEntry, StaffEntry};
use crate::engine::{Input, Session};
use crate::outbox::{Out, OutButton};
use crate::store::{Commit, KvWrite, StoreError, clinic_keys};

fn btn(label: String, data: &str) -> OutButton {
    OutButton {
        label,
        data: data.to_owned(),
    }
}

fn json<T: serde::Serialize>(v: &T) -> Vec<u8> {
    serde_json::to_vec(v).unwrap_or_default()
}

impl Core {
    /// A clinic text with the clinic's name filled in.
    fn clinic_text(&self, id: &str, clinic: Option<&str>) -> String {
        let cl = clinic.and_then(|c| self.clinics.get(c));
        let name = cl.map(|c| c.name.as_str()).unwrap_or("your clinic");
        let contact = cl
            .and_then(|c| c.phone.as_deref())
            .map(|p| format!(" on {p}"))
            .unwrap_or_default();
        self.text(id)
            .replace("{clinic_name}", name)
            .replace("{clinic_contact}", &contact)
    }

    fn clinic_say(&self, id: &str, clinic: Option<&str>) -> Out {
        Out::text(to_html(&self.clinic_text(id, clinic)))
    }

    fn audit(
        &self,
        c: &mut Commit,
        clinic: &str,
        staff: i64,
        action: &str,
        refs: Vec<String>,
        now: i64,
    ) {
        c.clinic.push(KvWrite::Append(
            clinic_keys::audit(clinic),
            json(&AuditLine {
                at: now,
                staff,
                action: action.into(),
                refs,
            }),
        ));
    }

    /// Whether the share question is waiting for her: she came through a
    /// clinic, agreed to use Restride, and has not said yes or no yet.
    pub(crate) fn share_pending(&self, s: &Session) -> bool {
        s.clinic.is_some()
            && s.share.is_none()
            && !s.finished()
            && s.answers.get("consent").and_then(|v| v.as_bool()) == Some(true)
    }

    pub(crate) fn share_question(&self, c: &mut Commit, s: &Session) {
        let id = if s.finished() {
            "share_question_plan"
        } else {
            "share_question"
        };
        let clinic = s.clinic.as_deref();
        c.outbox.push(Out::with_buttons(
            to_html(&self.clinic_text(id, clinic)),
            vec![
                vec![btn(self.text("share_yes"), "sh|y")],
                vec![btn(self.text("share_no"), "sh|n")],
            ],
        ));
    }

    /// `/start <payload>`: attaches a clinic (or tells her the link is not
    /// one). Returns whether the share question was asked instead of going on.
    pub(crate) fn attach(
        &self,
        c: &mut Commit,
        s: &mut Session,
        payload: &str,
    ) -> Result<bool, StoreError> {
        let mut found = None;
        if valid_payload(payload) {
            let key = clinic_keys::link(payload);
            if let Some(v) = self.store.clinic_get(&key)?
                && let Ok(mut link) = serde_json::from_slice::<PatientLink>(&v)
            {
                let patient_ref = match link.bound {
                    None => {
                        link.bound = Some(c.chat);
                        c.clinic.push(KvWrite::Put(key, json(&link)));
                        Some(link.patient_ref.clone())
                    }
                    Some(b) if b == c.chat => Some(link.patient_ref.clone()),
                    // Used already by someone else: the clinic, but not the reference.
                    Some(_) => None,
                };
                found = Some((link.clinic, patient_ref));
            } else if self.clinics.contains_key(payload) {
                found = Some((payload.to_owned(), None));
            }
        }
        let Some((code, patient_ref)) = found.filter(|(code, _)| self.clinics.contains_key(code))
        else {
            // With a clinic attached already, nothing changes (and she is not
            // told that nothing is shared when it may be).
            let id = if s.clinic.is_some() {
                "clinic_unknown_link_kept"
            } else {
                "clinic_unknown_link"
            };
            c.outbox.push(self.say(id));
            return Ok(false);
        };
        if s.clinic.as_deref() != Some(code.as_str()) {
            // A different clinic than before: the old one's list loses her, and
            // the new one needs its own answer.
            if let Some(old) = s.clinic.take() {
                c.clinic
                    .push(KvWrite::Remove(clinic_keys::share(&old, c.chat)));
            }
            s.clinic = Some(code.clone());
            s.share = None;
            s.shared_at = None;
            s.patient_ref = None;
        }
        if patient_ref.is_some() {
            s.patient_ref = patient_ref;
        }
        if s.share.is_some() {
            return Ok(false);
        }
        c.outbox
            .push(self.clinic_say("clinic_welcome", Some(&code)));
        if s.finished() {
            self.share_question(c, s);
            c.session = Some(s.clone());
            return Ok(true);
        }
        Ok(false)
    }

    /// Text while the share question waits: skipping means no.
    pub(crate) fn share_skipped(&self, c: &mut Commit, mut s: Session, now: i64) {
        s.share = Some(false);
        c.outbox
            .push(self.clinic_say("share_skipped", s.clinic.as_deref()));
        self.step_intake(c, s, Input::Reshow, now);
    }

    /// `sh|y`, `sh|n` (the share question), `sh|w` (withdraw), `sh|k` (keep).
    pub(crate) fn share_callback(
        &self,
        c: &mut Commit,
        data: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let Some(mut s) = self.store.session(c.chat)? else {
            c.outbox.push(self.say("sharing_none"));
            return Ok(());
        };
        let Some(code) = s.clinic.clone() else {
            c.outbox.push(self.say("sharing_none"));
            return Ok(());
        };
        let clinic = Some(code.as_str());
        match data {
            "sh|y" => {
                if s.share == Some(true) {
                    c.outbox.push(self.say("sharing_unchanged"));
                    return Ok(());
                }
                s.share = Some(true);
                s.shared_at = Some(now);
                if s.finished() {
                    self.publish(c, &s, now)?;
                    c.outbox.push(self.clinic_say("share_yes_sent", clinic));
                    c.session = Some(s);
                } else {
                    c.outbox.push(self.clinic_say("share_yes_later", clinic));
                    self.step_intake(c, s, Input::Reshow, now);
                }
            }
            // "No" on an old share question after a yes is a withdrawal.
            "sh|w" | "sh|n" if s.share == Some(true) => {
                let reference = clinic::reference(&self.salt, &code, c.chat);
                self.audit(c, &code, 0, "withdrawn", vec![reference], now);
                s.share = Some(false);
                s.shared_at = None;
                c.clinic
                    .push(KvWrite::Remove(clinic_keys::share(&code, c.chat)));
                c.outbox.push(self.clinic_say("sharing_stopped", clinic));
                c.session = Some(s);
            }
            "sh|n" => {
                let asked = s.share.is_none();
                s.share = Some(false);
                c.outbox.push(self.clinic_say("share_no_done", clinic));
                if asked && !s.finished() {
                    self.step_intake(c, s, Input::Reshow, now);
                } else {
                    c.session = Some(s);
                }
            }
            _ => c.outbox.push(self.say("sharing_unchanged")),
        }
        Ok(())
    }

    /// `/sharing`: with whom, and a button to change it.
    pub(crate) fn sharing(&self, c: &mut Commit) -> Result<(), StoreError> {
        let s = self.store.session(c.chat)?;
        let Some(code) = s.as_ref().and_then(|s| s.clinic.clone()) else {
            c.outbox.push(self.say("sharing_none"));
            return Ok(());
        };
        let clinic = Some(code.as_str());
        let on = s.is_some_and(|s| s.share == Some(true));
        let (text, action, data) = if on {
            ("sharing_on", "sharing_stop", "sh|w")
        } else {
            ("sharing_off", "sharing_start", "sh|y")
        };
        c.outbox.push(Out::with_buttons(
            to_html(&self.clinic_text(text, clinic)),
            vec![
                vec![btn(self.clinic_text(action, clinic), data)],
                vec![btn(self.text("sharing_keep"), "sh|k")],
            ],
        ));
        Ok(())
    }

    /// A note for `/delete`'s confirmation when she shared with a clinic.
    pub(crate) fn delete_note(&self, chat: i64) -> Result<Option<String>, StoreError> {
        Ok(self
            .store
            .session(chat)?
            .filter(|s| s.share == Some(true))
            .map(|s| self.clinic_text("delete_shared_note", s.clinic.as_deref())))
    }

    /// Her clinic, if the config still declares it.
    fn configured_clinic<'a>(&self, s: &'a Session) -> Option<&'a str> {
        s.clinic
            .as_deref()
            .filter(|code| self.clinics.contains_key(*code))
    }

    /// Her summary goes on the clinic's list and to every enrolled staff member.
    pub(crate) fn publish(&self, c: &mut Commit, s: &Session, now: i64) -> Result<(), StoreError> {
        let Some(code) = self.configured_clinic(s) else {
            return Ok(());
        };
        let reference = clinic::reference(&self.salt, code, c.chat);
        let Some(entry) = clinic::share_entry(
            &self.dialogs,
            s,
            reference.clone(),
            s.shared_at.unwrap_or(now),
            now,
        ) else {
            return Ok(());
        };
        let name = &self.clinics[code].name;
        let constants = self.constants_for(Some(code));
        let env = crate::engine::Env {
            dialogs: &self.dialogs,
            constants: &constants,
        };
        let text = to_html(&clinic::staff_summary(&env, name, &entry));
        for staff in self.staff_of(code)? {
            c.others.push((staff, Out::text(text.clone())));
            self.audit(c, code, staff, "summary_sent", vec![reference.clone()], now);
        }
        c.clinic
            .push(KvWrite::Put(clinic_keys::share(code, c.chat), json(&entry)));
        Ok(())
    }

    /// A check-in escalation to her clinic's staff, if she shares.
    pub(crate) fn escalate(
        &self,
        c: &mut Commit,
        actions: &[String],
        now: i64,
    ) -> Result<(), StoreError> {
        let wanted: Vec<&String> = actions
            .iter()
            .filter(|a| ["urgent_stop", "step_down", "new_pelvic_symptom"].contains(&a.as_str()))
            .collect();
        if wanted.is_empty() {
            return Ok(());
        }
        let Some(s) = self
            .store
            .session(c.chat)?
            .filter(|s| s.share == Some(true))
        else {
            return Ok(());
        };
        let Some(code) = self.configured_clinic(&s) else {
            return Ok(());
        };
        let reference = clinic::reference(&self.salt, code, c.chat);
        for staff in self.staff_of(code)? {
            for a in &wanted {
                let text = clinic::alert(&self.dialogs, &reference, s.patient_ref.as_deref(), a);
                c.others.push((staff, Out::text(to_html(&text))));
            }
            self.audit(c, code, staff, "alert_sent", vec![reference.clone()], now);
        }
        Ok(())
    }

    /// Staff of a clinic, by user id.
    fn staff_of(&self, code: &str) -> Result<Vec<i64>, StoreError> {
        Ok(self
            .store
            .clinic_scan(&clinic_keys::staff_of(code))?
            .iter()
            .filter_map(|(k, _)| clinic_keys::split(k).map(|(_, id)| id))
            .collect())
    }

    /// The configured clinics this user is enrolled at.
    fn clinics_of(&self, user: i64) -> Result<Vec<String>, StoreError> {
        Ok(self
            .store
            .clinic_scan(clinic_keys::ALL_STAFF)?
            .iter()
            .filter_map(|(k, _)| clinic_keys::split(k))
            .filter(|(code, id)| *id == user && self.clinics.contains_key(*code))
            .map(|(code, _)| code.to_owned())
            .collect())
    }

    /// `/staff <code>`: a one-time enrolment.
    pub(crate) fn enrol(&self, c: &mut Commit, code: &str, now: i64) -> Result<(), StoreError> {
        if code.is_empty() {
            c.outbox.push(self.say("staff_usage"));
            return Ok(());
        }
        let key = clinic_keys::invite(&clinic::hash_code(code));
        let invite = self
            .store
            .clinic_get(&key)?
            .and_then(|v| serde_json::from_slice::<Invite>(&v).ok());
        match invite {
            Some(inv) if inv.expires > now && self.clinics.contains_key(&inv.clinic) => {
                c.clinic.push(KvWrite::Remove(key));
                c.clinic.push(KvWrite::Put(
                    clinic_keys::staff(&inv.clinic, c.chat),
                    json(&StaffEntry { since: now }),
                ));
                self.audit(c, &inv.clinic, c.chat, "enrolled", vec![], now);
                c.outbox
                    .push(self.clinic_say("staff_enrolled", Some(&inv.clinic)));
                tracing::info!(clinic = %inv.clinic, "staff member enrolled");
            }
            Some(_) => {
                // Expired: gone for good.
                c.clinic.push(KvWrite::Remove(key));
                c.outbox.push(self.say("staff_bad_code"));
            }
            None => c.outbox.push(self.say("staff_bad_code")),
        }
        Ok(())
    }

    /// Shared entries of the clinics a staff member belongs to, newest first.
    fn shared_with(&self, clinics: &[String]) -> Result<Vec<(String, ShareEntry)>, StoreError> {
        let mut all = Vec::new();
        for code in clinics {
            for (k, v) in self.store.clinic_scan(&clinic_keys::shares(code))? {
                let Some((_, chat)) = clinic_keys::split(&k) else {
                    continue;
                };
                let Ok(e) = serde_json::from_slice::<ShareEntry>(&v) else {
                    continue;
                };
                // Her consent as it is now, not as it was.
                if self
                    .store
                    .session(chat)?
                    .is_some_and(|s| s.share == Some(true) && s.clinic.as_deref() == Some(code))
                {
                    all.push((code.clone(), e));
                }
            }
        }
        all.sort_by_key(|(_, e)| std::cmp::Reverse(e.completed));
        Ok(all)
    }

    /// `/patients` (and its page buttons `pt|<page>`).
    pub(crate) fn patients(&self, c: &mut Commit, page: usize, now: i64) -> Result<(), StoreError> {
        let clinics = self.clinics_of(c.chat)?;
        if clinics.is_empty() {
            c.outbox.push(self.say("staff_only"));
            return Ok(());
        }
        let names: Vec<&str> = clinics
            .iter()
            .filter_map(|code| self.clinics.get(code).map(|cl| cl.name.as_str()))
            .collect();
        let name = names.join(", ");
        let all = self.shared_with(&clinics)?;
        if all.is_empty() {
            c.outbox.push(Out::text(to_html(
                &self
                    .text("staff_patients_empty")
                    .replace("{clinic_name}", &name),
            )));
            for code in &clinics {
                self.audit(c, code, c.chat, "listed", vec![], now);
            }
            return Ok(());
        }
        let pages = all.len().div_ceil(clinic::PAGE);
        let page = page.clamp(1, pages);
        let shown = &all[(page - 1) * clinic::PAGE..(page * clinic::PAGE).min(all.len())];
        let mut lines = vec![
            self.text("staff_patients_title")
                .replace("{clinic_name}", &name)
                .replace("{page}", &page.to_string())
                .replace("{pages}", &pages.to_string()),
        ];
        for (_, e) in shown {
            let mut line = format!("• {}", e.reference);
            if let Some(p) = &e.patient_ref {
                line.push_str(&format!(" · {p}"));
            }
            line.push_str(&format!(" · {}", &clinic::time(e.completed)[..10]));
            if e.outcome.urgency != "routine" {
                line.push_str(&format!(
                    " · {}",
                    clinic::label(&self.dialogs, "export_urgency", &e.outcome.urgency)
                ));
            }
            let n = e.outcome.referrals.len();
            if n > 0 {
                line.push_str(&format!(" · {n} referral{}", if n == 1 { "" } else { "s" }));
            }
            lines.push(line);
        }
        lines.push(self.text("staff_patients_hint"));
        let mut nav = Vec::new();
        if page > 1 {
            nav.push(btn(self.text("staff_prev"), &format!("pt|{}", page - 1)));
        }
        if page < pages {
            nav.push(btn(self.text("staff_next"), &format!("pt|{}", page + 1)));
        }
        let text = to_html(&lines.join("\n"));
        c.outbox.push(if nav.is_empty() {
            Out::text(text)
        } else {
            Out::with_buttons(text, vec![nav])
        });
        for code in &clinics {
            let refs = shown
                .iter()
                .filter(|(c2, _)| c2 == code)
                .map(|(_, e)| e.reference.clone())
                .collect();
            self.audit(c, code, c.chat, "listed", refs, now);
        }
        Ok(())
    }

    /// `/patient <ref>`: one summary and her check-in trend.
    pub(crate) fn patient(&self, c: &mut Commit, arg: &str, now: i64) -> Result<(), StoreError> {
        let clinics = self.clinics_of(c.chat)?;
        if clinics.is_empty() {
            c.outbox.push(self.say("staff_only"));
            return Ok(());
        }
        if arg.trim().is_empty() {
            c.outbox.push(self.say("staff_patient_usage"));
            return Ok(());
        }
        let wanted = clinic::normalize_ref(arg);
        for code in &clinics {
            for (k, v) in self.store.clinic_scan(&clinic_keys::shares(code))? {
                let (Some((_, chat)), Ok(e)) = (
                    clinic_keys::split(&k),
                    serde_json::from_slice::<ShareEntry>(&v),
                ) else {
                    continue;
                };
                let matches = e.reference == wanted || e.patient_ref.as_deref() == Some(arg.trim());
                if !matches {
                    continue;
                }
                let s = self.store.session(chat)?;
                if !s.is_some_and(|s| s.share == Some(true) && s.clinic.as_deref() == Some(code)) {
                    continue;
                }
                let rec = self.store.checkin(chat)?;
                let name = &self.clinics[code].name;
                let constants = self.constants_for(Some(code));
                let env = crate::engine::Env {
                    dialogs: &self.dialogs,
                    constants: &constants,
                };
                let text = format!(
                    "{}\n\n{}",
                    clinic::staff_summary(&env, name, &e),
                    clinic::trend(&self.dialogs, rec.as_ref())
                );
                for part in crate::plan::split(&[text], 3800) {
                    c.outbox.push(Out::text(to_html(&part)));
                }
                self.audit(c, code, c.chat, "viewed", vec![e.reference.clone()], now);
                return Ok(());
            }
        }
        c.outbox.push(self.say("staff_no_patient"));
        Ok(())
    }

    /// Page buttons of `/patients`.
    pub(crate) fn patients_callback(
        &self,
        c: &mut Commit,
        data: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let page = data
            .strip_prefix("pt|")
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(1);
        self.patients(c, page, now)
    }
}
