//! The scripted mum of the process, load and crash tests: her answer to each
//! question of the intake, by node id. Also used by `examples/loadtest.rs` and
//! `examples/store_profile.rs` (included with `#[path]`), so it needs nothing
//! but std.

use std::collections::HashMap;

/// What the scripted mum answers, by node id: a button action or typed text.
pub fn script() -> HashMap<&'static str, &'static str> {
    HashMap::from([
        ("consent", "y"),
        ("emergency_signs", "n"),
        ("warning_signs", "n"),
        ("age_ok", "y"),
        ("pregnant_now", "x"),
        ("baby_status", "p0"),
        ("delivery", "p2"),
        ("cleared_to_exercise", "y"),
        ("goals", "n"),
        ("breastfeeding", "y"),
        ("health_conditions", "n"),
        ("pelvic_symptoms", "n"),
        ("tummy_gap", "x"),
        ("bleeding_after_8_weeks", "x"),
        ("back_pain", "x"),
        ("phq_interest", "p1"),
        ("phq_down", "p0"),
        ("sleep", "p1"),
        ("energy_eating", "x"),
        ("height_cm", "s"),
        ("weight_kg", "s"),
        ("review", "ok"),
    ])
}
