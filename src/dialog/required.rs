//! The texts the Rust code sends by id. `restride check` and `restride run`
//! refuse dialogs that lack one (the bot would otherwise send an empty message).

use super::Dialogs;
use super::diag::{Diagnostic, Pos};

/// Every text id the code names literally; a test keeps this list in step
/// with the source.
pub const TEXTS: &[&str] = &[
    "about",
    "back_first",
    "change_cancel",
    "change_level",
    "change_new_referral",
    "change_no_referral",
    "change_none",
    "change_now",
    "change_pick",
    "change_running",
    "change_title",
    "chart_exercise",
    "chart_exercise_all",
    "chart_exercise_none",
    "chart_exercise_some",
    "chart_months",
    "chart_mood",
    "chart_no_data",
    "chart_not_tracked",
    "chart_pain",
    "chart_pelvic",
    "checkin_ask_time",
    "checkin_ask_zone",
    "checkin_auto_paused",
    "checkin_bad_time",
    "checkin_bad_zone",
    "checkin_change_time",
    "checkin_change_zone",
    "checkin_declined",
    "checkin_done_today",
    "checkin_hello",
    "checkin_needs_plan",
    "checkin_new_exercises",
    "checkin_not_set",
    "checkin_now",
    "checkin_nudge",
    "checkin_offer",
    "checkin_offer_no",
    "checkin_offer_yes",
    "checkin_other_time",
    "checkin_other_zone",
    "checkin_pause_3",
    "checkin_pause_7",
    "checkin_pause_ask",
    "checkin_pause_open",
    "checkin_paused",
    "checkin_paused_days",
    "checkin_pick_zone",
    "checkin_quiet",
    "checkin_resume_button",
    "checkin_resumed",
    "checkin_set",
    "checkin_settings",
    "checkin_stopped",
    "checkin_thanks",
    "checkin_type_time",
    "checkin_who",
    "clinic_unknown_link",
    "clinic_unknown_link_kept",
    "clinic_welcome",
    "delete_confirm",
    "delete_kept",
    "delete_no",
    "delete_shared_note",
    "delete_yes",
    "deleted",
    "finished_already",
    "flow_updated",
    "help",
    "media_reprompt",
    "moved_on",
    "mydata_caption",
    "no_flow",
    "offer_accepted",
    "offer_declined",
    "plan_book",
    "plan_checklist",
    "plan_dose",
    "plan_easier",
    "plan_not_ready",
    "plan_steps_hint",
    "plan_stop_line",
    "plan_tips",
    "plan_title",
    "plan_who",
    "poster_body",
    "poster_emergency",
    "poster_headline",
    "poster_patient",
    "poster_privacy",
    "poster_scan",
    "poster_time",
    "privacy",
    "private_only",
    "progress_none",
    "reprompt_change",
    "reprompt_choice",
    "reprompt_months",
    "reprompt_multi",
    "reprompt_multi_empty",
    "reprompt_number",
    "reprompt_text_long",
    "reprompt_text_pattern",
    "reprompt_yes_no",
    "restart_confirm",
    "restart_no",
    "restart_no_done",
    "restart_yes",
    "retention_warning",
    "review_change",
    "review_confirm",
    "share_no",
    "share_no_done",
    "share_question",
    "share_question_plan",
    "share_skipped",
    "share_yes",
    "share_yes_later",
    "share_yes_sent",
    "sharing_keep",
    "sharing_none",
    "sharing_off",
    "sharing_on",
    "sharing_start",
    "sharing_stop",
    "sharing_stopped",
    "sharing_unchanged",
    "staff_alert",
    "staff_bad_code",
    "staff_enrolled",
    "staff_key_answers",
    "staff_level",
    "staff_next",
    "staff_no_checkins",
    "staff_no_patient",
    "staff_only",
    "staff_patient_usage",
    "staff_patients_empty",
    "staff_patients_hint",
    "staff_patients_title",
    "staff_prev",
    "staff_referrals",
    "staff_running",
    "staff_scores",
    "staff_summary_footer",
    "staff_summary_title",
    "staff_summary_when",
    "staff_summary_when_early",
    "staff_trend",
    "staff_usage",
    "summary_empty",
    "summary_title",
    "too_fast",
    "too_long",
    "unknown_command",
    "unknown_exercise",
    "update_ask",
    "update_back",
    "update_check",
    "update_goals",
    "update_health",
    "update_mood",
    "update_pelvic",
    "update_start",
    "weekly_none",
    "weekly_title",
    "welcome_back",
];

/// Compiles the dialogs and checks that every text the bot sends is there.
pub fn compile_complete(src: &super::load::Sources) -> Result<Dialogs, Vec<Diagnostic>> {
    let d = super::compile(src)?;
    let missing = missing(&d, &src.display("texts.yaml"));
    if missing.is_empty() {
        Ok(d)
    } else {
        Err(missing)
    }
}

/// A diagnostic for each required text the dialogs do not define.
pub fn missing(d: &Dialogs, texts_file: &str) -> Vec<Diagnostic> {
    TEXTS
        .iter()
        .filter(|id| !d.texts.contains_key(**id))
        .map(|id| {
            Diagnostic::new(
                Pos::file_only(texts_file),
                format!("text `{id}` is missing, and Restride sends it"),
            )
            .hint(format!(
                "add `- id: {id}` with its `text:` to the texts file, or to one under texts/"
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                rust_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }

    #[test]
    fn the_list_matches_the_texts_the_code_names() {
        let d = crate::dialog::compile(&crate::dialog::load::Sources::embedded()).unwrap();
        assert!(missing(&d, "texts.yaml").is_empty());
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&root, &mut files);
        let literal = regex::Regex::new(r#""([a-z][a-z0-9_]*)""#).unwrap();
        let mut named = BTreeSet::new();
        for f in files {
            if f.ends_with("required.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&f).unwrap();
            for c in literal.captures_iter(&text) {
                if d.texts.contains_key(&c[1]) {
                    named.insert(c[1].to_owned());
                }
            }
        }
        let listed: BTreeSet<String> = TEXTS.iter().map(|s| s.to_string()).collect();
        assert_eq!(named, listed, "update TEXTS in src/dialog/required.rs");
    }
}
