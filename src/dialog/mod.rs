//! Dialog files: their model, loading, validation and the compiled form the
//! engine runs. Nothing here reads files; `load` hands in their text.

pub mod catalog;
pub mod compile;
pub mod contract;
pub mod diag;
pub mod expr;
pub mod fluent;
pub mod load;
pub mod locales;
pub mod model;
pub mod required;
pub mod value;
pub mod yaml;

pub use compile::{Dialogs, compile};
pub use diag::Diagnostic;

use expr::Expr;
use model::{NodeKind, Status, VarType};
use regex::Regex;
use std::collections::{BTreeMap, HashMap};
use value::Value;

/// One compiled flow: the intake or the daily check-in.
#[derive(Debug)]
pub struct Flow {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub start: usize,
    pub nodes: Vec<Node>,
    pub index: HashMap<String, usize>,
    pub stops: Vec<Transition>,
    pub computed: Vec<Computed>,
    pub outcome: Option<OutcomeSpec>,
    pub rules: Vec<Rule>,
    pub selection: Option<Selection>,
    pub tracking: Tracking,
    pub adaptations: Vec<Adaptation>,
    /// Every variable a question of this flow saves, with its node.
    pub vars: BTreeMap<String, usize>,
    pub inputs: BTreeMap<String, VarType>,
    /// The titles of the flow's parts, in order (`section:` of its files).
    pub sections: Vec<String>,
}

impl Flow {
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.get(id).map(|&i| &self.nodes[i])
    }

    pub fn var_node(&self, var: &str) -> Option<&Node> {
        self.vars.get(var).map(|&i| &self.nodes[i])
    }
}

#[derive(Debug)]
pub struct Node {
    pub id: String,
    pub kind: NodeKind,
    pub when: Option<Expr>,
    pub var: Option<String>,
    pub label: Option<String>,
    pub text: String,
    pub variants: Vec<(Expr, String)>,
    pub why: Option<String>,
    pub options: Vec<Choice>,
    pub none_label: String,
    pub done_label: String,
    pub yes_label: String,
    pub no_label: String,
    pub min: i64,
    pub max: i64,
    pub unit: Option<String>,
    pub unit_one: Option<String>,
    pub accept_months: bool,
    pub pattern: Option<Regex>,
    pub max_len: usize,
    /// The value stored when she skips, if the question may be skipped.
    pub skip: Option<Value>,
    pub skippable: bool,
    pub skip_label: String,
    pub listed: bool,
    /// Ordered transitions; the last one has no condition.
    pub next: Vec<Transition>,
    pub status: Option<Status>,
    pub fixed: Option<FixedOutcome>,
    pub action: Option<String>,
    /// The index in `Flow::sections` of the part this node belongs to.
    pub section: Option<usize>,
}

impl Node {
    pub fn is_question(&self) -> bool {
        !matches!(
            self.kind,
            NodeKind::Message | NodeKind::Review | NodeKind::End
        )
    }

    pub fn var_type(&self) -> Option<VarType> {
        Some(match self.kind {
            NodeKind::YesNo => VarType::Bool,
            NodeKind::Choice => VarType::Choice,
            NodeKind::Multi => VarType::Multi,
            NodeKind::Number => VarType::Int,
            NodeKind::Text => VarType::Text,
            _ => return None,
        })
    }

    pub fn option(&self, code: &str) -> Option<&Choice> {
        self.options.iter().find(|c| c.code == code)
    }
}

/// A button of a choice, multiple-choice or number question.
#[derive(Debug)]
pub struct Choice {
    pub code: String,
    pub label: String,
    pub points: i64,
    /// For number questions answered by buttons.
    pub value: Option<i64>,
    /// Offered only when this holds.
    pub when: Option<Expr>,
    /// Other words she may type for it.
    pub synonyms: Vec<String>,
}

#[derive(Debug)]
pub struct Transition {
    pub cond: Option<Expr>,
    pub to: usize,
}

#[derive(Debug)]
pub struct Computed {
    pub name: String,
    pub ty: VarType,
    pub when: Option<Expr>,
    pub sum: Vec<String>,
    pub value: Option<Expr>,
    pub round: Option<u32>,
}

#[derive(Debug)]
pub struct OutcomeSpec {
    pub urgency: Vec<String>,
    pub exercise_level: Vec<String>,
    pub running: Vec<String>,
    pub running_assessed_when: Expr,
    pub running_not_assessed: String,
    pub scores: Vec<String>,
    pub always_advise: Vec<String>,
}

impl OutcomeSpec {
    pub fn rank(scale: &[String], code: &str) -> usize {
        scale.iter().position(|s| s == code).unwrap_or(0)
    }
}

#[derive(Debug, Default)]
pub struct FixedOutcome {
    pub urgency: Option<String>,
    pub refer: Vec<String>,
    pub exercise_level: Option<String>,
    pub running: Option<String>,
}

#[derive(Debug, Default)]
pub struct Effects {
    pub refer: Vec<String>,
    pub advise: Vec<String>,
    pub urgency: Option<String>,
    pub cap_level: Option<String>,
    pub cap_running: Option<String>,
}

#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub when: Expr,
    pub effects: Effects,
}

#[derive(Debug)]
pub struct Selection {
    pub min: usize,
    pub max: usize,
    pub picks: Vec<(Expr, Vec<String>, Option<usize>)>,
    pub fill: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Tracking {
    pub streaks: Vec<Streak>,
    pub history: Vec<String>,
    pub seen: Vec<(String, String, String)>,
}

#[derive(Debug)]
pub struct Streak {
    pub name: String,
    pub breaks_when: Option<Expr>,
    pub counts_when: Expr,
    pub extends_when: Expr,
}

#[derive(Debug)]
pub struct Adaptation {
    pub id: String,
    pub when: Expr,
    pub action: Option<String>,
    pub effects: Effects,
    pub hold_level: Option<String>,
    pub restore_level: bool,
    pub lower_level: Option<u32>,
    pub floor: Option<String>,
    pub set_flag: Option<String>,
    pub clear_flag: Option<String>,
    pub message: Option<String>,
    pub offer: Option<Offer>,
}

#[derive(Debug)]
pub struct Offer {
    pub accept_label: String,
    pub decline_label: String,
    pub reask: Vec<String>,
}

#[derive(Debug)]
pub struct Exercise {
    pub id: String,
    pub name: String,
    pub level: String,
    pub summary: String,
    pub steps: Vec<String>,
    pub dose: String,
    pub doses: Vec<(Expr, String)>,
    pub easier: Option<Easier>,
    pub programme: Vec<Stage>,
    pub cautions: Vec<String>,
    pub tags: Vec<String>,
    pub exclude_when: Option<Expr>,
}

#[derive(Debug)]
pub struct Referral {
    pub code: String,
    pub name: String,
    pub who: String,
    pub what: String,
    pub reasons: BTreeMap<String, String>,
}

/// The easiest form of a strength exercise, with steps and dose of its own.
#[derive(Debug)]
pub struct Easier {
    pub name: String,
    pub summary: String,
    pub steps: Vec<String>,
    pub dose: String,
}

/// Weeks `from..=to` of a programme.
#[derive(Debug)]
pub struct Stage {
    pub from: u32,
    pub to: u32,
    pub text: String,
}

#[derive(Debug)]
pub struct Advice {
    pub code: String,
    pub title: String,
    pub text: String,
    /// (condition, title, text): the first that holds replaces title and text.
    pub variants: Vec<(Expr, Option<String>, String)>,
}
