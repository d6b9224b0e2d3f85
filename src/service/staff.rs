//! Clinic staff: enrolment with a one-time code, `/patients`, `/patient`.
//! Every access checks enrolment at the time of access, and every view is
//! appended to the clinic's audit.

use super::Turn;
use crate::clinic::{self, ShareEntry, StaffEntry};
use crate::engine::Env;
use crate::outbox::{Action, Out, button};
use crate::store::{ClinicWrite, Commit, StoreError};
use crate::texts::escape;

impl Turn<'_> {
    /// The configured clinics this user is enrolled at.
    fn clinics_of(&self, user: i64) -> Result<Vec<String>, StoreError> {
        Ok(self
            .tx
            .staff_clinics(user)?
            .into_iter()
            .filter(|code| self.clinics.contains_key(code))
            .collect())
    }

    /// `/staff <code>`: a one-time enrolment, used up in the same transaction.
    pub(crate) fn enrol(&self, c: &mut Commit, code: &str, now: i64) -> Result<(), StoreError> {
        if code.is_empty() {
            c.outbox.push(self.say("staff_usage"));
            return Ok(());
        }
        let hash = clinic::hash_code(code);
        let used = ClinicWrite::Invite {
            hash: hash.clone(),
            invite: None,
        };
        match self.tx.invite(&hash)? {
            Some(inv) if inv.expires > now && self.clinics.contains_key(&inv.clinic) => {
                c.clinic.push(used);
                c.clinic.push(ClinicWrite::Staff {
                    clinic: inv.clinic.clone(),
                    user: c.chat,
                    entry: Some(StaffEntry { since: now }),
                });
                self.audit(c, &inv.clinic, c.chat, "enrolled", vec![], now);
                c.outbox.push(Out::text(
                    self.clinic_text("staff_enrolled", Some(&inv.clinic)),
                ));
                tracing::info!(clinic = %inv.clinic, "staff member enrolled");
            }
            Some(_) => {
                // Expired: gone for good.
                c.clinic.push(used);
                c.outbox.push(self.say("staff_bad_code"));
            }
            None => c.outbox.push(self.say("staff_bad_code")),
        }
        Ok(())
    }

    /// Shared entries of the clinics a staff member belongs to, newest first:
    /// (clinic, her chat, entry), her consent checked as it is now.
    fn shared_with(
        &self,
        clinics: &[String],
    ) -> Result<Vec<(String, i64, ShareEntry)>, StoreError> {
        let mut all = Vec::new();
        for code in clinics {
            for (chat, e) in self.tx.shares(code)? {
                if self
                    .tx
                    .session(chat)?
                    .is_some_and(|s| s.share == Some(true) && s.clinic.as_deref() == Some(code))
                {
                    all.push((code.clone(), chat, e));
                }
            }
        }
        all.sort_by_key(|(_, _, e)| std::cmp::Reverse(e.completed));
        Ok(all)
    }

    /// `/patients` (and its page buttons).
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
        let env = self.env();
        let all = self.shared_with(&clinics)?;
        if all.is_empty() {
            c.outbox.push(Out::text(
                env.tf("staff_patients_empty", &[("clinic_name", &name)]),
            ));
            for code in &clinics {
                self.audit(c, code, c.chat, "listed", vec![], now);
            }
            return Ok(());
        }
        let pages = all.len().div_ceil(clinic::PAGE);
        let page = page.clamp(1, pages);
        let shown = &all[(page - 1) * clinic::PAGE..(page * clinic::PAGE).min(all.len())];
        let (p, ps) = (page.to_string(), pages.to_string());
        let mut lines = vec![env.tf(
            "staff_patients_title",
            &[("clinic_name", &name), ("page", &p), ("pages", &ps)],
        )];
        for (_, _, e) in shown {
            lines.push(patient_line(&env, e));
        }
        lines.push(self.text("staff_patients_hint"));
        let mut nav = Vec::new();
        if page > 1 {
            nav.push(button(
                self.text("staff_prev"),
                Action::Patients { page: page - 1 },
            ));
        }
        if page < pages {
            nav.push(button(
                self.text("staff_next"),
                Action::Patients { page: page + 1 },
            ));
        }
        let text = lines.join("\n");
        c.outbox.push(if nav.is_empty() {
            Out::text(text)
        } else {
            Out::with_buttons(text, vec![nav])
        });
        for code in &clinics {
            let refs = shown
                .iter()
                .filter(|(c2, _, _)| c2 == code)
                .map(|(_, _, e)| e.reference.clone())
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
        for (code, chat, e) in self.shared_with(&clinics)? {
            let matches = e.reference == wanted || e.patient_ref.as_deref() == Some(arg.trim());
            if !matches {
                continue;
            }
            let rec = self.tx.checkin(chat)?;
            let name = &self.clinics[&code].name;
            let constants = self.constants_for(Some(&code));
            let env = Env {
                dialogs: &self.dialogs,
                constants: &constants,
                lang: &self.lang,
            };
            let text = format!(
                "{}\n\n{}",
                clinic::staff_summary(&env, name, &e),
                clinic::trend(&env, rec.as_ref())
            );
            for part in crate::plan::split(&[text], super::intake::PART) {
                c.outbox.push(Out::protected(part));
            }
            self.audit(c, &code, c.chat, "viewed", vec![e.reference.clone()], now);
            return Ok(());
        }
        c.outbox.push(self.say("staff_no_patient"));
        Ok(())
    }
}

/// One line of `/patients`: reference, the clinic's own, date, urgency, referrals.
fn patient_line(env: &Env, e: &ShareEntry) -> String {
    let date = clinic::time(e.completed)
        .chars()
        .take(10)
        .collect::<String>();
    let urgency = if e.outcome.urgency == "routine" {
        String::new()
    } else {
        env.label("export_urgency", &e.outcome.urgency)
    };
    let referrals = match e.outcome.referrals.len() {
        0 => String::new(),
        n => env.tf("staff_patients_referrals", &[("count", &n.to_string())]),
    };
    let patient_ref = e.patient_ref.as_deref().map(escape).unwrap_or_default();
    let parts: Vec<&str> = [
        e.reference.as_str(),
        &patient_ref,
        &date,
        &urgency,
        &referrals,
    ]
    .into_iter()
    .filter(|p| !p.is_empty())
    .collect();
    format!("• {}", parts.join(" · "))
}
