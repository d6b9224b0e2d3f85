//! What the contract (SCREENING.md) and the engine need of the flows as a
//! whole: an intake, which declares its outcome scales and asks every
//! variable section 1 names. The stops the contract needs are checked in
//! `stops.rs`.

use super::Compiler;
use crate::dialog::Flow;
use crate::dialog::contract;
use crate::dialog::diag::{Diagnostic, Pos};
use crate::dialog::model::S;
use std::collections::BTreeMap;

impl Compiler<'_> {
    /// There is an intake flow.
    pub(super) fn check_has_intake(&mut self, flows: &BTreeMap<String, Flow>) {
        if !flows.contains_key("intake") {
            self.diags.push(
                Diagnostic::new(Pos::file_only(&self.src.root), "there is no `intake` flow")
                    .hint("add a file starting with `flow: intake`"),
            );
        }
    }

    /// The intake declares its outcome scales.
    pub(super) fn check_intake_outcome(&mut self, file: &str, id_s: &S<String>, has_outcome: bool) {
        if !has_outcome {
            self.err_str(file, id_s, "the intake has no `outcome:` section")
                .hint =
                Some("declare the outcome scales (urgency, exercise_level, running)".into());
        }
    }

    /// The intake asks every variable SCREENING.md section 1 requires.
    pub(super) fn check_intake_asks(
        &mut self,
        file: &str,
        id_s: &S<String>,
        vars: &BTreeMap<String, usize>,
    ) {
        for v in contract::INTAKE_VARIABLES {
            if !vars.contains_key(*v) {
                self.err_str(file, id_s, format!("the intake never asks `{v}`"))
                    .hint =
                    Some("SCREENING.md section 1 requires a question saving this variable".into());
            }
        }
    }
}
