//! The shape of a dialog file, as written by clinicians and operators.
//!
//! One struct serves every file kind: a flow file starts with `flow:`, a
//! section file (listed under a flow's `include:`) holds more nodes and rules,
//! and library files hold `exercises:`, `referrals:` or `advice:`. Unknown
//! keys are errors, so a typo such as `nxt:` is reported with its position.

use serde::Deserialize;
use serde_saphyr::Spanned;

pub type S<T> = Spanned<T>;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileDef {
    pub flow: Option<S<String>>,
    pub version: Option<S<u32>>,
    pub title: Option<String>,
    /// The part of the intake a section file holds ("Your birth"), shown with
    /// each of its questions so she knows how far along she is.
    pub section: Option<String>,
    pub start: Option<S<String>>,
    #[serde(default)]
    pub include: Vec<S<String>>,
    /// Variables the flow is given rather than asks (a check-in sees the
    /// intake's answers and its own running state).
    #[serde(default)]
    pub inputs: Vec<InputDef>,
    #[serde(default)]
    pub nodes: Vec<NodeDef>,
    #[serde(default)]
    pub stops: Vec<TransitionDef>,
    #[serde(default)]
    pub computed: Vec<ComputedDef>,
    pub outcome: Option<OutcomeDef>,
    #[serde(default)]
    pub rules: Vec<RuleDef>,
    pub selection: Option<SelectionDef>,
    /// Check-in bookkeeping across days.
    pub tracking: Option<TrackingDef>,
    #[serde(default)]
    pub adaptations: Vec<AdaptationDef>,
    #[serde(default)]
    pub exercises: Vec<ExerciseDef>,
    #[serde(default)]
    pub referrals: Vec<ReferralDef>,
    #[serde(default)]
    pub advice: Vec<AdviceDef>,
    /// Named texts the adapters use (welcome back, moved on, …).
    #[serde(default)]
    pub texts: Vec<NamedText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputDef {
    pub name: S<String>,
    #[serde(rename = "type")]
    pub ty: S<VarType>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum VarType {
    Bool,
    Int,
    Float,
    Choice,
    Multi,
    Text,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    Message,
    YesNo,
    Choice,
    Multi,
    Number,
    Text,
    Review,
    End,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeDef {
    pub id: S<String>,
    pub kind: S<NodeKind>,
    /// Asked only when this holds; otherwise the flow passes over the node.
    pub when: Option<S<String>>,
    pub var: Option<S<String>>,
    /// A short name for summaries ("Since the birth").
    pub label: Option<String>,
    pub text: S<String>,
    /// Overrides of `text` when a condition holds (first match wins).
    #[serde(default)]
    pub variants: Vec<VariantDef>,
    /// One line on why a sensitive question is asked.
    pub why: Option<String>,
    #[serde(default)]
    pub options: Vec<OptionDef>,
    pub none_label: Option<String>,
    pub done_label: Option<String>,
    pub yes_label: Option<String>,
    pub no_label: Option<String>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub unit: Option<String>,
    /// The unit for exactly one ("week" for 1, `unit` otherwise).
    pub unit_one: Option<String>,
    #[serde(default)]
    pub accept_months: bool,
    pub pattern: Option<S<String>>,
    pub max_len: Option<usize>,
    /// A question that may be skipped stores this value (null when absent).
    #[serde(default)]
    pub skippable: bool,
    pub skip_value: Option<serde_json::Value>,
    pub skip_label: Option<String>,
    /// A question "of our own" that is not listed in `asked`.
    #[serde(default = "yes")]
    pub listed: bool,
    pub next: Option<S<String>>,
    #[serde(default)]
    pub branches: Vec<TransitionDef>,
    /// End nodes: how the flow ended.
    pub status: Option<S<Status>>,
    /// End nodes that stop early carry their whole outcome.
    pub outcome: Option<FixedOutcomeDef>,
    /// End nodes of a check-in: the action recorded when the day ends here.
    pub action: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantDef {
    #[serde(rename = "if")]
    pub cond: S<String>,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionDef {
    pub code: Option<S<String>>,
    pub value: Option<i64>,
    pub label: String,
    #[serde(default)]
    pub points: i64,
    /// Offered only when this holds (a check-in leaves out what does not fit her).
    pub when: Option<S<String>>,
    /// Other words she may type for this option ("c-section").
    #[serde(default)]
    pub synonyms: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransitionDef {
    #[serde(rename = "if")]
    pub cond: Option<S<String>>,
    pub goto: S<String>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Complete,
    Declined,
    NotEligible,
    StoppedUrgent,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Complete => "complete",
            Status::Declined => "declined",
            Status::NotEligible => "not_eligible",
            Status::StoppedUrgent => "stopped_urgent",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComputedDef {
    pub name: S<String>,
    #[serde(rename = "type")]
    pub ty: S<VarType>,
    /// Computed only when this holds; null otherwise.
    pub when: Option<S<String>>,
    /// Sum of the points of these variables (yes = 1, a choice's `points`,
    /// a number's own value).
    #[serde(default)]
    pub sum: Vec<S<String>>,
    pub value: Option<S<String>>,
    /// Round the reported value to this many decimals (half away from zero).
    pub round: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeDef {
    /// Ordered from the least to the most urgent.
    pub urgency: Vec<String>,
    /// Ordered from the most to the least restrictive.
    pub exercise_level: Vec<String>,
    /// Ordered from the most to the least restrictive.
    pub running: Vec<String>,
    /// Running is assessed only when this holds; otherwise `not_assessed`.
    pub running_assessed_when: S<String>,
    pub running_not_assessed: String,
    /// Computed variables reported under `scores`.
    #[serde(default)]
    pub scores: Vec<S<String>>,
    #[serde(default)]
    pub always_advise: Vec<S<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedOutcomeDef {
    pub urgency: Option<S<String>>,
    #[serde(default)]
    pub refer: Vec<S<String>>,
    pub exercise_level: Option<S<String>>,
    pub running: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: S<String>,
    pub when: S<String>,
    #[serde(default)]
    pub refer: Vec<S<String>>,
    #[serde(default)]
    pub advise: Vec<S<String>>,
    /// At least this urgent.
    pub urgency: Option<S<String>>,
    pub cap_level: Option<S<String>>,
    pub cap_running: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectionDef {
    pub min: usize,
    pub max: usize,
    pub picks: Vec<PickDef>,
    /// Added in order, when allowed, until `min` is reached.
    #[serde(default)]
    pub fill: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PickDef {
    pub when: S<String>,
    pub add: Vec<S<String>>,
    /// Add at most this many of `add` (the first allowed ones).
    pub up_to: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrackingDef {
    /// Runs of answered check-ins in a row.
    #[serde(default)]
    pub streaks: Vec<StreakDef>,
    /// Earlier values of a variable, from the check-ins that asked it:
    /// `<var>_prev1` is the last one, `<var>_prev2` the one before.
    #[serde(default)]
    pub history: Vec<S<String>>,
    /// Codes seen so far: starts with an intake answer, grows with a check-in one.
    #[serde(default)]
    pub seen: Vec<SeenDef>,
    /// The level of exercise a check-in day starts from.
    pub level_scale: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreakDef {
    pub name: S<String>,
    /// Resets the run to zero.
    pub breaks_when: Option<S<String>>,
    /// Days where this is false neither extend nor break the run.
    pub counts_when: S<String>,
    /// A counted day extends the run when this holds, else resets it.
    pub extends_when: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeenDef {
    pub name: S<String>,
    pub start: S<String>,
    pub add: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdaptationDef {
    pub id: S<String>,
    pub when: S<String>,
    /// The action code recorded for the day.
    pub action: Option<S<String>>,
    #[serde(default)]
    pub refer: Vec<S<String>>,
    #[serde(default)]
    pub advise: Vec<S<String>>,
    /// At least this urgent.
    pub urgency: Option<S<String>>,
    pub cap_level: Option<S<String>>,
    pub cap_running: Option<S<String>>,
    /// Set exercise to this level, remembering the level it replaces.
    pub hold_level: Option<S<String>>,
    /// Return to the level remembered by `hold_level`.
    #[serde(default)]
    pub restore_level: bool,
    /// Lower the level this many steps, never below `floor`.
    pub lower_level: Option<u32>,
    pub floor: Option<S<String>>,
    pub set_flag: Option<S<String>>,
    pub clear_flag: Option<S<String>>,
    /// What she is told at once.
    pub message: Option<String>,
    /// An offer she can accept with a button: the node it runs.
    pub offer: Option<OfferDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferDef {
    pub accept_label: String,
    pub decline_label: String,
    /// Variables re-asked when she accepts.
    pub reask: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseDef {
    pub id: S<String>,
    pub name: String,
    /// The least restrictive level at which it may be given.
    pub level: S<String>,
    pub summary: String,
    pub steps: Vec<String>,
    pub dose: String,
    /// Another dose when a condition on her answers holds (first match wins).
    #[serde(default)]
    pub doses: Vec<DoseDef>,
    /// The easiest form, the only one shown when her plan is at `low_impact`.
    #[serde(default)]
    pub easier: Option<EasierDef>,
    /// A programme week by week (the walk-run plan), shown in the plan and on the card.
    #[serde(default)]
    pub programme: Vec<StageDef>,
    #[serde(default)]
    pub cautions: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Never given when this holds.
    pub exclude_when: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoseDef {
    #[serde(rename = "if")]
    pub cond: S<String>,
    pub dose: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EasierDef {
    pub name: String,
    pub summary: String,
    pub steps: Vec<String>,
    pub dose: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageDef {
    /// The programme weeks this stage covers, first and last (equal for one week).
    pub weeks: [u32; 2],
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferralDef {
    pub code: S<String>,
    pub name: String,
    pub who: String,
    pub what: String,
    /// Why she is sent there, by the id of the rule that sent her.
    #[serde(default)]
    pub reasons: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdviceDef {
    pub code: S<String>,
    pub title: String,
    pub text: String,
    /// Other wording when a condition on her answers holds (first match wins).
    #[serde(default)]
    pub variants: Vec<AdviceVariantDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdviceVariantDef {
    #[serde(rename = "if")]
    pub cond: S<String>,
    pub title: Option<String>,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedText {
    pub id: S<String>,
    pub text: String,
}
