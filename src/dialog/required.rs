//! The texts the Rust code sends by id. `restride check` and `restride run`
//! refuse dialogs that lack one (the bot would otherwise send an empty message).

use super::Dialogs;
use super::diag::{Diagnostic, Pos};

/// Stands for her intake answers (every variable and computed name of the
/// intake) in an argument list: the plan renders its texts with them.
pub const ANSWERS: &str = "<her answers>";

/// What a clinic text is given: the clinic's name and its contact, if any.
const CLINIC: &[&str] = &["clinic_name", "clinic_contact"];

/// Every text id the code names literally, with the `{placeholders}` the code
/// fills in for it (besides the configured constants and `{text.<id>}`). A
/// test keeps this list in step with the source: find the arguments by
/// reading the `.replace("{…}", …)` and render calls for the id.
pub const TEXTS: &[(&str, &[&str])] = &[
    ("about", &[]),
    ("back_first", &[]),
    ("change_cancel", &[]),
    ("change_level", &[]),
    ("change_new_referral", &[]),
    ("change_no_referral", &[]),
    ("change_none", &[]),
    ("change_now", &["answer"]),
    ("change_pick", &[]),
    ("change_running", &[]),
    ("change_title", &[]),
    ("checkin_ask_time", &[]),
    ("checkin_ask_zone", &["time", "zone"]),
    ("checkin_auto_paused", &[]),
    ("checkin_bad_time", &[]),
    ("checkin_bad_zone", &[]),
    ("checkin_change_time", &[]),
    ("checkin_change_zone", &[]),
    ("checkin_declined", &[]),
    ("checkin_done_today", &[]),
    ("checkin_hello", &[]),
    ("checkin_needs_plan", &[]),
    ("checkin_new_exercises", &[]),
    ("checkin_not_set", &[]),
    ("checkin_now", &[]),
    ("checkin_nudge", &[]),
    ("checkin_offer", &[]),
    ("checkin_offer_no", &[]),
    ("checkin_offer_yes", &[]),
    ("checkin_other_time", &[]),
    ("checkin_other_zone", &[]),
    ("checkin_pause_3", &[]),
    ("checkin_pause_7", &[]),
    ("checkin_pause_ask", &[]),
    ("checkin_pause_open", &[]),
    ("checkin_paused", &[]),
    ("checkin_paused_days", &[]),
    ("checkin_pick_zone", &[]),
    ("checkin_quiet", &["start", "end"]),
    ("checkin_resume_button", &[]),
    ("checkin_resumed", &["time"]),
    ("checkin_set", &["time", "zone"]),
    ("checkin_settings", &["time", "zone"]),
    ("checkin_stopped", &[]),
    ("checkin_thanks", &[]),
    ("checkin_type_time", &[]),
    ("checkin_who", &[]),
    ("clinic_unknown_link", &[]),
    ("clinic_unknown_link_kept", &[]),
    ("clinic_welcome", CLINIC),
    ("delete_confirm", &[]),
    ("delete_kept", &[]),
    ("delete_no", &[]),
    ("delete_shared_note", CLINIC),
    ("delete_yes", &[]),
    ("deleted", &[]),
    ("finished_already", &[]),
    ("flow_updated", &[]),
    ("help", &[]),
    ("language_ask", &[]),
    ("typed_words", &[]),
    ("month_names", &[]),
    ("answer_with_unit", &["n", "unit", "unit_one"]),
    ("date_words", &["day", "month", "year"]),
    ("staff_score_startback", &["total"]),
    ("staff_score_startback_detail", &["total", "psych", "risk"]),
    ("staff_score_phq2", &["total"]),
    ("staff_score_bmi", &["bmi"]),
    ("terminal_toggle_hint", &[]),
    ("language_set", &[]),
    ("language_unknown", &[]),
    ("media_reprompt", &[]),
    ("moved_on", &[]),
    ("mydata_caption", &[]),
    ("no_flow", &[]),
    ("offer_accepted", &[]),
    ("offer_declined", &[]),
    ("plan_book", &[ANSWERS]),
    ("plan_checklist", &[ANSWERS]),
    ("plan_dose", &[]),
    ("plan_not_ready", &[]),
    ("plan_steps_hint", &[ANSWERS]),
    ("plan_stop_line", &[ANSWERS]),
    ("plan_tips", &[ANSWERS]),
    ("plan_title", &[ANSWERS]),
    ("plan_who", &[ANSWERS]),
    ("privacy", &[]),
    ("private_only", &["link"]),
    ("progress_none", &[]),
    ("reprompt_change", &[]),
    ("reprompt_choice", &[]),
    ("reprompt_months", &[]),
    ("reprompt_multi", &[]),
    ("reprompt_multi_empty", &["none"]),
    ("reprompt_number", &["min", "max"]),
    ("reprompt_text_long", &["max"]),
    ("reprompt_text_pattern", &[]),
    ("reprompt_yes_no", &[]),
    ("restart_confirm", &[]),
    ("restart_no", &[]),
    ("restart_no_done", &[]),
    ("restart_yes", &[]),
    ("retention_warning", &["days"]),
    ("review_change", &[]),
    ("review_confirm", &[]),
    ("share_no", &[]),
    ("share_no_done", CLINIC),
    ("share_question", CLINIC),
    ("share_question_plan", CLINIC),
    ("share_skipped", CLINIC),
    ("share_yes", &[]),
    ("share_yes_later", CLINIC),
    ("link_code_ask", CLINIC),
    ("link_code_wrong", CLINIC),
    ("link_code_skip", &[]),
    ("link_code_ok", CLINIC),
    ("link_code_skipped", CLINIC),
    ("link_code_gave_up", CLINIC),
    ("link_used", CLINIC),
    ("share_yes_sent", CLINIC),
    ("sharing_keep", &[]),
    ("sharing_none", &[]),
    ("sharing_off", CLINIC),
    ("sharing_on", CLINIC),
    ("sharing_start", CLINIC),
    ("sharing_stop", CLINIC),
    ("sharing_stopped", CLINIC),
    ("sharing_unchanged", &[]),
    ("staff_alert", &["ref", "what", "code"]),
    ("staff_bad_code", &[]),
    ("staff_enrolled", CLINIC),
    ("staff_key_answers", &[]),
    ("staff_level", &[]),
    ("staff_next", &[]),
    ("staff_no_checkins", &[]),
    ("staff_no_patient", &[]),
    ("staff_only", &[]),
    ("staff_patient_usage", &[]),
    ("staff_patients_empty", &["clinic_name"]),
    ("staff_patients_hint", &[]),
    ("staff_patients_title", &["clinic_name", "page", "pages"]),
    ("staff_prev", &[]),
    ("staff_referrals", &[]),
    ("staff_running", &[]),
    ("staff_scores", &[]),
    ("staff_summary_footer", &["ref"]),
    ("staff_summary_title", &["ref", "clinic_name"]),
    ("staff_summary_when", &["date", "weeks"]),
    ("staff_summary_when_early", &["date"]),
    (
        "staff_trend",
        &["days", "pain", "pelvic", "warnings", "step_downs", "level"],
    ),
    ("staff_usage", &[]),
    ("summary_empty", &[]),
    ("summary_title", &[]),
    ("too_fast", &[]),
    ("too_long", &[]),
    ("unknown_command", &[]),
    ("unknown_exercise", &[]),
    ("update_ask", &[]),
    ("update_back", &[]),
    ("update_check", &[]),
    ("update_goals", &[]),
    ("update_health", &[]),
    ("update_mood", &[]),
    ("update_pelvic", &[]),
    ("update_start", &[]),
    ("weekly_none", &[]),
    ("weekly_title", &[]),
    ("welcome_back", &["question"]),
    ("progress", &["part", "parts", "title"]),
    ("restart_hint", &[]),
    ("urgent_again", &["signs"]),
    ("plan_none_until_seen", &[]),
    ("withdraw_ask", &["signs"]),
    ("withdraw_yes", &[]),
    ("withdraw_no", &[]),
    ("withdraw_done", &[]),
    ("long_message", &[]),
    ("reprompt_number_unit", &["min", "max", "unit"]),
    ("reprompt_date_ambiguous", &["first", "second"]),
    ("programme_you_are_in", &["week"]),
    ("programme_done", &["week"]),
    ("programme_stage", &["from", "to", "text"]),
    ("programme_stage_one", &["from", "to", "text"]),
    ("programme_stage_now", &["stage"]),
    ("terminal_welcome", &[]),
    ("terminal_help", &[]),
    ("checkin_seen_hint", &[]),
    ("staff_withdrawn", &["signs", "at", "withdrawn"]),
    ("poster_headline", &[]),
    ("poster_patient", &["patient"]),
    ("poster_scan", &[]),
    ("poster_body", &[]),
    ("poster_time", &[]),
    ("poster_privacy", &[]),
    ("poster_emergency", &[]),
    ("chart_exercise", &[]),
    ("chart_exercise_all", &[]),
    ("chart_exercise_none", &[]),
    ("chart_exercise_some", &[]),
    ("chart_months", &[]),
    ("chart_mood", &[]),
    ("chart_no_data", &[]),
    ("chart_not_tracked", &[]),
    ("chart_pain", &[]),
    ("chart_pelvic", &[]),
    ("days", &["count"]),
    ("progress_none_yet", &[]),
    ("progress_no_recent", &[]),
    ("progress_checkins", &["count"]),
    ("progress_mood", &["mood"]),
    ("progress_pain_change", &["first", "last"]),
    ("progress_pain_same", &["last"]),
    ("progress_pain_once", &["last"]),
    ("progress_pelvic_none", &[]),
    ("progress_pelvic", &["days"]),
    ("progress_exercise_all", &["days"]),
    ("progress_exercise_some", &["days"]),
    ("progress_exercise_both", &["all", "some"]),
    ("progress_streak", &["days"]),
    ("weekly_checkins", &["count"]),
    ("weekly_all", &["days"]),
    ("weekly_chart_hint", &[]),
    ("mydata_about", &[]),
    ("clinic_unnamed", &[]),
    ("clinic_contact", &["phone"]),
    ("staff_patients_referrals", &["count"]),
];

/// The commands in the bot's menu, in order; each one's description is the
/// text `command_<name>`, which the dialogs must have.
pub const COMMANDS: &[&str] = &[
    "start", "back", "summary", "plan", "restart", "checkin", "pause", "resume", "stop",
    "progress", "update", "help", "about", "privacy", "sharing", "mydata", "delete", "language",
];

/// Texts the code picks by prefix (`plan_running_<code>`, `staff_level_<code>`,
/// …), with what it fills in; the longest matching prefix counts.
pub const PREFIXES: &[(&str, &[&str])] = &[
    ("plan_level_", &[ANSWERS]),
    ("plan_running_", &[ANSWERS]),
    ("plan_urgency_", &[ANSWERS]),
    ("running_why_", &[ANSWERS]),
    ("plan_withdrawn_", &["signs"]),
    ("command_", &[]),
    ("staff_risk_", &[]),
];

/// The arguments the code gives text `id`, if it names it at all.
pub fn args(id: &str) -> Option<&'static [&'static str]> {
    TEXTS
        .iter()
        .find(|(t, _)| *t == id)
        .or_else(|| {
            PREFIXES
                .iter()
                .filter(|(p, _)| id.starts_with(p))
                .max_by_key(|(p, _)| p.len())
        })
        .map(|(_, a)| *a)
}

/// Compiles the dialogs and checks that every text the bot sends is there.
pub fn compile_complete(src: &super::load::Sources) -> Result<Dialogs, Vec<Diagnostic>> {
    let d = match super::compile(src) {
        Ok(d) => d,
        Err(diags) => {
            // A text the bot sends that is missing from the English comes
            // before what its translations then lack.
            let mut english = src.clone();
            english
                .files
                .retain(|(rel, _)| !rel.starts_with(super::load::LOCALES));
            if let Ok(d) = super::compile(&english) {
                let missing = missing(&d, &src.display("texts.yaml"));
                if !missing.is_empty() {
                    return Err(missing);
                }
            }
            return Err(diags);
        }
    };
    let missing = missing(&d, &src.display("texts.yaml"));
    if missing.is_empty() {
        Ok(d)
    } else {
        Err(missing)
    }
}

/// A diagnostic for each required text the dialogs do not define.
pub fn missing(d: &Dialogs, texts_file: &str) -> Vec<Diagnostic> {
    let commands = COMMANDS.iter().map(|c| format!("command_{c}"));
    TEXTS
        .iter()
        .map(|(id, _)| id.to_string())
        .chain(commands)
        .filter(|id| !d.texts.contains_key(id))
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
        let listed: BTreeSet<String> = TEXTS.iter().map(|(s, _)| s.to_string()).collect();
        assert_eq!(named, listed, "update TEXTS in src/dialog/required.rs");
    }

    /// Every `{name}` the code fills in with `.replace` is an argument of some
    /// listed text, and every `t(dialogs, "id", &[("name", …)])` of the staff
    /// texts gives exactly the arguments listed for `id`.
    #[test]
    fn the_arguments_match_what_the_code_fills_in() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&root, &mut files);
        let replaced = regex::Regex::new(r#"\.replace\(\s*"\{([a-z_]+)\}""#).unwrap();
        let staff = regex::Regex::new(r#"(?s)\bt\(\s*dialogs,\s*"([a-z_]+)",\s*&\[(.*?)\],?\s*\)"#)
            .unwrap();
        // The engine's own texts with arguments: `self.tf("id", &[("name", …)])`.
        let engine = regex::Regex::new(r#"(?s)\btf\(\s*"([a-z_]+)",\s*&\[(.*?)\],?\s*\)"#).unwrap();
        let key = regex::Regex::new(r#"(?:^|[\[,])\s*\(\s*"([a-z_]+)","#).unwrap();
        let mut calls = 0;
        for f in files {
            if f.ends_with("required.rs") || f.starts_with(root.join("dialog")) {
                continue;
            }
            let text = std::fs::read_to_string(&f).unwrap();
            // The text service is the only placeholder filler.
            if let Some(c) = replaced.captures(&text) {
                panic!(
                    "{}: `{{{}}}` is filled in with .replace; use the text service (Env::tf)",
                    f.display(),
                    &c[1]
                );
            }
            for c in staff
                .captures_iter(&text)
                .chain(engine.captures_iter(&text))
            {
                calls += 1;
                let given: BTreeSet<&str> = key
                    .captures_iter(&c[2])
                    .map(|k| k.get(1).unwrap().as_str())
                    .collect();
                let listed: BTreeSet<&str> = args(&c[1]).unwrap_or(&[]).iter().copied().collect();
                assert_eq!(
                    given,
                    listed,
                    "{}: the arguments of `{}`",
                    f.display(),
                    &c[1]
                );
            }
        }
        assert!(calls >= 15, "{calls} calls");
    }

    #[test]
    fn prefixed_texts_take_the_longest_prefix() {
        assert_eq!(args("checkin_set"), Some(&["time", "zone"][..]));
        assert_eq!(args("plan_running_not_yet"), Some(&[ANSWERS][..]));
        assert_eq!(args("no_such_text"), None);
    }
}
