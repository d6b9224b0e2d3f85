//! The stops the contract needs (SCREENING.md 3.1 and 4): every emergency and
//! warning sign, at intake and in the check-in, ends the flow at once with
//! `status: stopped_urgent`.

use super::Compiler;
use super::sources::RawFlow;
use crate::dialog::expr::Scope;
use crate::dialog::model::{NodeKind, Status};
use crate::dialog::value::Value;
use crate::dialog::{Node, Transition};
use std::collections::BTreeMap;

/// By flow: the variables each of whose codes must stop it, and the sections
/// of SCREENING.md that say so.
pub const STOP_ON: &[(&str, &[&str], &str)] = &[
    (
        "intake",
        &["emergency_signs", "warning_signs"],
        "section 3.1 needs",
    ),
    ("checkin", &["any_warning"], "sections 3.1 and 4 need"),
];

/// The first stop that holds when `var` is `[code]` and nothing else is
/// known, as the engine picks it; `None` when no stop holds.
pub fn stop_for<'a>(stops: &'a [Transition], var: &str, code: &str) -> Option<&'a Transition> {
    let value = Value::List(vec![code.to_owned()]);
    let scope = Scope::new().with([(var, &value)]);
    stops
        .iter()
        .find(|t| t.cond.as_ref().is_none_or(|c| c.holds(&scope)))
}

impl Compiler<'_> {
    /// Reports each code of a stop variable that does not end the flow with
    /// `stopped_urgent`. True when something was reported.
    pub(super) fn check_stops(
        &mut self,
        raw: &RawFlow,
        nodes: &[Node],
        vars: &BTreeMap<String, usize>,
        stops: &[Transition],
    ) -> bool {
        let Some(id_s) = raw.def.flow.as_ref() else {
            return false;
        };
        let Some((_, must, section)) = STOP_ON.iter().find(|(f, _, _)| *f == id_s.value) else {
            return false;
        };
        let mut reported = false;
        for var in must.iter() {
            let Some(&i) = vars.get(*var) else {
                if id_s.value != "intake" {
                    // The intake reports its missing variables itself.
                    self.err_str(
                        &raw.file,
                        id_s,
                        format!(
                            "the `{}` flow never asks `{var}`, so it cannot stop on a warning sign",
                            id_s.value
                        ),
                    )
                    .hint = Some(format!(
                        "SCREENING.md {section} a question saving `{var}` and a stop for each of its codes"
                    ));
                    reported = true;
                }
                continue;
            };
            let urgent = |to: usize| {
                nodes.get(to).is_some_and(|n| {
                    n.kind == NodeKind::End && n.status == Some(Status::StoppedUrgent)
                })
            };
            let mut none = Vec::new();
            let mut elsewhere = Vec::new();
            for o in &nodes[i].options {
                match stop_for(stops, var, &o.code) {
                    None => none.push(o.code.as_str()),
                    Some(t) if !urgent(t.to) => {
                        elsewhere.push((o.code.as_str(), nodes[t.to].id.as_str()))
                    }
                    Some(_) => {}
                }
            }
            let (file, def) = &raw.nodes[i];
            if !none.is_empty() {
                let ends: Vec<String> = nodes
                    .iter()
                    .filter(|n| n.status == Some(Status::StoppedUrgent))
                    .map(|n| format!("`{}`", n.id))
                    .collect();
                let ends = if ends.is_empty() {
                    "an end node with `status: stopped_urgent`".to_owned()
                } else {
                    format!(
                        "an end node with `status: stopped_urgent` ({})",
                        ends.join(", ")
                    )
                };
                self.err_str(
                    file,
                    &def.id,
                    format!(
                        "SCREENING.md {section} a stop for every emergency and warning sign; none stops on {}",
                        some(&none, var)
                    ),
                )
                .in_node(&def.id.value)
                .hint = Some(format!(
                    "add to the flow's `stops:` a rule such as `- if: \"size({var}) > 0\"` whose `goto:` is {ends}"
                ));
                reported = true;
            }
            let mut by_end: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for (code, to) in elsewhere {
                by_end.entry(to).or_default().push(code);
            }
            for (to, codes) in by_end {
                self.err_str(
                    file,
                    &def.id,
                    format!(
                        "SCREENING.md {section} {} to stop with `status: stopped_urgent`, but {} goes to `{to}`",
                        some(&codes, var),
                        if codes.len() == 1 { "its stop" } else { "their stop" }
                    ),
                )
                .in_node(&def.id.value)
                .hint = Some(format!(
                    "point that stop at an end node with `status: stopped_urgent`, or give `{to}` that status"
                ));
                reported = true;
            }
        }
        reported
    }
}

/// A few codes, and how many more: "`a`, `b`, `c` and 6 more codes of `var`".
fn some(codes: &[&str], var: &str) -> String {
    let shown: Vec<String> = codes.iter().take(3).map(|c| format!("`{c}`")).collect();
    match codes.len().saturating_sub(3) {
        0 => shown.join(", "),
        n => format!(
            "{} and {n} more code{} of `{var}`",
            shown.join(", "),
            if n == 1 { "" } else { "s" }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialog::expr::Expr;

    #[test]
    fn a_stop_holds_for_a_code_when_only_its_variable_is_known() {
        let stops = vec![
            Transition {
                cond: Some(Expr::parse("weeks_postpartum < 6 && size(warning_signs) > 0").unwrap()),
                to: 1,
            },
            Transition {
                cond: Some(Expr::parse("'fever' in warning_signs").unwrap()),
                to: 2,
            },
        ];
        assert_eq!(
            stop_for(&stops, "warning_signs", "fever").map(|t| t.to),
            Some(2)
        );
        assert!(stop_for(&stops, "warning_signs", "fainting").is_none());
        assert_eq!(
            some(&["a", "b", "c", "d"], "v"),
            "`a`, `b`, `c` and 1 more code of `v`"
        );
    }
}
