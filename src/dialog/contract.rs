//! The variables SCREENING.md section 1 requires the intake to ask, by name.
//! The validator checks the intake against this list; thresholds and rules
//! live in the dialog files, never here.

pub const INTAKE_VARIABLES: &[&str] = &[
    "consent",
    "emergency_signs",
    "warning_signs",
    "weeks_postpartum",
    "delivery",
    "cleared_to_exercise",
    "goals",
    "breastfeeding",
    "health_conditions",
    "pelvic_symptoms",
    "tummy_gap",
    "bleeding_after_8_weeks",
    "back_pain",
    "back_pain_area",
    "back_pain_intensity",
    "back_serious_signs",
    "sb_leg_pain",
    "sb_shoulder_neck",
    "sb_walk_short",
    "sb_dress_slowly",
    "sb_unsafe_active",
    "sb_worry",
    "sb_never_better",
    "sb_no_enjoyment",
    "sb_bothersome",
    "phq_interest",
    "phq_down",
    "sleep",
    "energy_eating",
    "height_cm",
    "weight_kg",
    "ran_before",
    "load_tests_passed",
    "strength_tests_passed",
    "buggy_running",
    "foot_pain",
];

/// Questions of our own (SCREENING.md 1b): asked, never listed in `asked`.
pub const OWN_QUESTIONS: &[&str] = &["age_ok", "pregnant_now", "baby_status", "share_with_clinic"];
