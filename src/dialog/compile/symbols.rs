//! A flow's names: the variables its questions save, its inputs, computed
//! values, builtins, streaks, history and flags, each with its type; the
//! constants every text may use; and expressions, parsed and checked against
//! the names.

use super::Compiler;
use super::sources::RawFlow;
use crate::dialog::diag::closest;
use crate::dialog::expr::{Expr, Ty};
use crate::dialog::model::{NodeKind, S, VarType};
use std::collections::{BTreeMap, BTreeSet};

/// Names that conditions may read although no question asks them.
pub const BUILTINS_INTAKE: &[&str] = &["outcome_urgency", "outcome_level", "outcome_running"];
pub const BUILTINS_CHECKIN: &[&str] = &[
    "day",
    "level",
    "running",
    "ever_actions",
    "intake_running_caps",
    "asked_today",
];
/// Placeholders a text may use besides variables.
pub const CONSTANTS: &[&str] = &[
    "emergency_number",
    "crisis_line",
    "support_lines",
    "neonatal_support",
    "bereavement_support",
    "clinic_name",
    "weeks_today",
];

/// What a flow's conditions and texts may read.
pub(super) struct Symbols {
    /// The variable each question saves, with the question's node.
    pub(super) vars: BTreeMap<String, usize>,
    /// Every name's type.
    pub(super) types: BTreeMap<String, Ty>,
    /// Every name a condition or a text of the flow may read.
    pub(super) known: BTreeSet<String>,
}

impl Compiler<'_> {
    /// The names of `raw`; a check-in also reads the intake's (`intake_types`).
    pub(super) fn symbols(
        &mut self,
        raw: &RawFlow,
        is_intake: bool,
        intake_types: &BTreeMap<String, Ty>,
    ) -> Symbols {
        let mut vars: BTreeMap<String, usize> = BTreeMap::new();
        let mut types: BTreeMap<String, Ty> = if is_intake {
            BTreeMap::new()
        } else {
            intake_types.clone()
        };
        let mut known: BTreeSet<String> = BTreeSet::new();
        for (i, (f, n)) in raw.nodes.iter().enumerate() {
            let kind = n.kind.value;
            let is_q = !matches!(kind, NodeKind::Message | NodeKind::Review | NodeKind::End);
            match (&n.var, is_q) {
                (Some(v), true) => {
                    if let Some(&prev) = vars.get(&v.value) {
                        let other = raw.nodes[prev].1.id.value.clone();
                        self.err_str(
                            f,
                            v,
                            format!("variable `{}` is already asked by node `{other}`", v.value),
                        )
                        .in_node(&n.id.value)
                        .hint = Some("each variable is asked by exactly one question".into());
                    } else {
                        vars.insert(v.value.clone(), i);
                        types.insert(v.value.clone(), ty_of(node_var_type(kind)));
                        known.insert(v.value.clone());
                    }
                }
                (None, true) => {
                    self.err(
                        f,
                        &n.kind,
                        "a question needs `var:`, the variable its answer is saved in",
                    )
                    .in_node(&n.id.value);
                }
                (Some(v), false) => {
                    self.err_str(f, v, "only questions save a variable")
                        .in_node(&n.id.value)
                        .hint = Some("remove `var:` or make the node a question".into());
                }
                (None, false) => {}
            }
        }
        for (f, inp) in &raw.inputs {
            if !is_intake && !intake_types.contains_key(&inp.name.value) {
                self.err_str(
                    f,
                    &inp.name,
                    format!("input `{}` is not a variable of the intake", inp.name.value),
                );
            }
            types.insert(inp.name.value.clone(), ty_of(inp.ty.value));
            known.insert(inp.name.value.clone());
        }
        for (_, c) in &raw.computed {
            types.insert(c.name.value.clone(), ty_of(c.ty.value));
            known.insert(c.name.value.clone());
        }
        if is_intake {
            known.extend(BUILTINS_INTAKE.iter().map(|s| s.to_string()));
            for b in BUILTINS_INTAKE {
                types.insert(b.to_string(), Ty::Text);
            }
        } else {
            known.extend(BUILTINS_CHECKIN.iter().map(|s| s.to_string()));
            for (b, t) in [
                ("day", Ty::Number),
                ("level", Ty::Text),
                ("running", Ty::Text),
            ] {
                types.insert(b.into(), t);
            }
            for b in ["ever_actions", "intake_running_caps", "asked_today"] {
                types.insert(b.into(), Ty::List);
            }
        }
        if let Some((_, t)) = &raw.tracking {
            for s in &t.streaks {
                known.insert(s.name.value.clone());
                types.insert(s.name.value.clone(), Ty::Number);
            }
            for h in &t.history {
                for k in 1..=2 {
                    let name = format!("{}_prev{k}", h.value);
                    known.insert(name.clone());
                    types.insert(name, Ty::Number);
                }
            }
            for s in &t.seen {
                known.insert(s.name.value.clone());
                types.insert(s.name.value.clone(), Ty::List);
            }
        }
        for (_, a) in &raw.adaptations {
            for fl in [&a.set_flag, &a.clear_flag].into_iter().flatten() {
                known.insert(fl.value.clone());
                types.insert(fl.value.clone(), Ty::Bool);
            }
        }
        Symbols { vars, types, known }
    }

    /// Parses an expression and checks the names it reads.
    pub(super) fn expr(
        &mut self,
        file: &str,
        node: &str,
        s: &S<String>,
        known: &BTreeSet<String>,
        types: &BTreeMap<String, Ty>,
    ) -> Option<Expr> {
        match Expr::parse(&s.value) {
            Err(e) => {
                self.err_str(
                    file,
                    s,
                    format!("the condition `{}` does not parse: {e}", s.value),
                )
                .in_node(node)
                .hint = Some(
                    "conditions use CEL: `weeks_postpartum >= 6 && 'running' in goals`".into(),
                );
                None
            }
            Ok(x) => {
                let mut ok = true;
                for v in x.variables() {
                    if !known.contains(v) {
                        ok = false;
                        let hint = closest(v, known.iter().map(String::as_str))
                            .map(|c| format!("did you mean `{c}`?"))
                            .unwrap_or_else(|| {
                                "name a variable that a question saves or the flow computes".into()
                            });
                        self.err_str(file, s, format!("`{v}` is not a variable of this flow"))
                            .in_node(node)
                            .hint = Some(hint);
                    }
                }
                for m in x.type_mismatches(&|n| types.get(n).copied()) {
                    ok = false;
                    self.err_str(file, s, m).in_node(node).hint =
                        Some("compare numbers with numbers and codes with quoted codes".into());
                }
                ok.then_some(x)
            }
        }
    }
}

fn node_var_type(kind: NodeKind) -> VarType {
    match kind {
        NodeKind::YesNo => VarType::Bool,
        NodeKind::Choice => VarType::Choice,
        NodeKind::Multi => VarType::Multi,
        NodeKind::Number => VarType::Int,
        _ => VarType::Text,
    }
}

fn ty_of(t: VarType) -> Ty {
    match t {
        VarType::Bool => Ty::Bool,
        VarType::Int | VarType::Float => Ty::Number,
        VarType::Choice | VarType::Text => Ty::Text,
        VarType::Multi => Ty::List,
    }
}
