//! A flow's outcome: its scales, computed values, rules and adaptations and
//! their effects, the exercise selection and what the check-in tracks.

use super::Compiler;
use super::library::Libs;
use super::sources::RawFlow;
use super::symbols::Symbols;
use crate::dialog::diag::closest;
use crate::dialog::expr::{Expr, Ty};
use crate::dialog::model::S;
use crate::dialog::{
    Adaptation, Advice, Computed, Effects, Offer, OutcomeSpec, Rule, Selection, Streak, Tracking,
};
use std::collections::{BTreeMap, BTreeSet};

/// The values an urgency, an exercise level and a running status may take.
pub(super) struct Scales {
    pub(super) urgency: Vec<String>,
    pub(super) level: Vec<String>,
    pub(super) running: Option<Vec<String>>,
}

fn scale_default(s: &[&str]) -> Vec<String> {
    s.iter().map(|s| s.to_string()).collect()
}

impl Compiler<'_> {
    /// The outcome spec and the scales it declares; without one, the
    /// intake's level scale (`level_scale`, set by the intake) or defaults.
    pub(super) fn outcome(
        &mut self,
        raw: &RawFlow,
        sym: &Symbols,
        advice: &BTreeMap<String, Advice>,
        level_scale: &mut Vec<String>,
    ) -> (Option<OutcomeSpec>, Scales) {
        let outcome = raw.outcome.as_ref().map(|(f, o)| {
            let expr = self.expr(
                f,
                "outcome",
                &o.running_assessed_when,
                &sym.known,
                &sym.types,
            );
            for s in &o.scores {
                if !raw.computed.iter().any(|(_, c)| c.name.value == s.value) {
                    self.err_str(
                        f,
                        s,
                        format!("score `{}` is not a computed variable", s.value),
                    );
                }
            }
            for a in &o.always_advise {
                if !advice.contains_key(&a.value) {
                    self.err_str(
                        f,
                        a,
                        format!("advice `{}` is not in the advice library", a.value),
                    );
                }
            }
            OutcomeSpec {
                urgency: o.urgency.clone(),
                exercise_level: o.exercise_level.clone(),
                running: o.running.clone(),
                running_assessed_when: expr.unwrap_or_else(|| Expr::parse("false").unwrap()),
                running_not_assessed: o.running_not_assessed.clone(),
                scores: o.scores.iter().map(|s| s.value.clone()).collect(),
                always_advise: o.always_advise.iter().map(|s| s.value.clone()).collect(),
            }
        });
        if let Some(o) = &outcome {
            *level_scale = o.exercise_level.clone();
        }
        let scales = Scales {
            urgency: outcome
                .as_ref()
                .map(|o| o.urgency.clone())
                .unwrap_or_else(|| scale_default(&["routine", "soon", "same_day", "emergency"])),
            level: if level_scale.is_empty() {
                scale_default(&["none_until_seen", "gentle", "low_impact", "progressive"])
            } else {
                level_scale.clone()
            },
            running: outcome.as_ref().map(|o| {
                let mut r = o.running.clone();
                r.push(o.running_not_assessed.clone());
                r
            }),
        };
        (outcome, scales)
    }

    /// Reports each of an urgency, an exercise level and a running status
    /// that is not on its scale.
    pub(super) fn check_scales(
        &mut self,
        f: &str,
        node: &str,
        [urgency, level, running]: [&Option<S<String>>; 3],
        scales: &Scales,
    ) {
        self.check_scale(f, node, urgency, &scales.urgency, "urgency");
        self.check_scale(f, node, level, &scales.level, "exercise level");
        if let Some(r) = &scales.running {
            self.check_scale(f, node, running, r, "running status");
        }
    }

    fn check_scale(
        &mut self,
        f: &str,
        node: &str,
        v: &Option<S<String>>,
        scale: &[String],
        what: &str,
    ) {
        if let Some(v) = v
            && !scale.contains(&v.value)
        {
            let hint = format!("use one of: {}", scale.join(", "));
            self.err_str(f, v, format!("unknown {what} `{}`", v.value))
                .in_node(node)
                .hint = Some(hint);
        }
    }

    /// Computed values: each a `sum:` of known names or a `value:`.
    pub(super) fn computed(&mut self, raw: &RawFlow, sym: &Symbols) -> Vec<Computed> {
        raw.computed
            .iter()
            .map(|(f, c)| {
                let name = c.name.value.clone();
                for s in &c.sum {
                    if !sym.known.contains(&s.value) {
                        self.err_str(
                            f,
                            s,
                            format!("`{}` is not a variable of this flow", s.value),
                        )
                        .in_node(&name);
                    }
                }
                if c.sum.is_empty() == c.value.is_none() {
                    self.err_str(
                        f,
                        &c.name,
                        "a computed variable needs exactly one of `sum:` or `value:`",
                    );
                }
                Computed {
                    name: name.clone(),
                    ty: c.ty.value,
                    when: c
                        .when
                        .as_ref()
                        .and_then(|w| self.expr(f, &name, w, &sym.known, &sym.types)),
                    sum: c.sum.iter().map(|s| s.value.clone()).collect(),
                    value: c
                        .value
                        .as_ref()
                        .and_then(|w| self.expr(f, &name, w, &sym.known, &sym.types)),
                    round: c.round,
                }
            })
            .collect()
    }

    /// The outcome rules, each id used once, with their effects.
    pub(super) fn rules(
        &mut self,
        raw: &RawFlow,
        sym: &Symbols,
        scales: &Scales,
        libs: &Libs,
    ) -> Vec<Rule> {
        let mut rule_ids = BTreeSet::new();
        raw.rules
            .iter()
            .filter_map(|(f, r)| {
                let rid = r.id.value.clone();
                if !rule_ids.insert(rid.clone()) {
                    self.err_str(f, &r.id, format!("rule id `{rid}` is used twice"));
                }
                let effects = self.effects(
                    f,
                    &rid,
                    (
                        &r.refer,
                        &r.advise,
                        &r.urgency,
                        &r.cap_level,
                        &r.cap_running,
                    ),
                    scales,
                    libs,
                );
                let when = self.expr(f, &rid, &r.when, &sym.known, &sym.types)?;
                Some(Rule {
                    id: rid,
                    when,
                    effects,
                })
            })
            .collect()
    }

    /// The check-in's adaptations; an offer may re-ask only intake variables.
    pub(super) fn adaptations(
        &mut self,
        raw: &RawFlow,
        sym: &Symbols,
        scales: &Scales,
        libs: &Libs,
        intake_types: &BTreeMap<String, Ty>,
    ) -> Vec<Adaptation> {
        raw.adaptations
            .iter()
            .filter_map(|(f, a)| {
                let aid = a.id.value.clone();
                let effects = self.effects(
                    f,
                    &aid,
                    (
                        &a.refer,
                        &a.advise,
                        &a.urgency,
                        &a.cap_level,
                        &a.cap_running,
                    ),
                    scales,
                    libs,
                );
                for l in [&a.hold_level, &a.floor].into_iter().flatten() {
                    if !scales.level.contains(&l.value) {
                        self.err_str(f, l, format!("unknown exercise level `{}`", l.value))
                            .in_node(&aid);
                    }
                }
                let when = self.expr(f, &aid, &a.when, &sym.known, &sym.types)?;
                if let Some(m) = &a.message {
                    self.check_text(f, &aid, &a.id, Some("message"), m, &sym.known);
                }
                if let Some(o) = &a.offer {
                    for v in &o.reask {
                        if !intake_types.contains_key(&v.value) {
                            self.err_str(f, v, format!("`{}` is not an intake variable", v.value))
                                .in_node(&aid);
                        }
                    }
                }
                Some(Adaptation {
                    id: aid,
                    when,
                    action: a.action.as_ref().map(|s| s.value.clone()),
                    effects,
                    hold_level: a.hold_level.as_ref().map(|s| s.value.clone()),
                    restore_level: a.restore_level,
                    lower_level: a.lower_level,
                    floor: a.floor.as_ref().map(|s| s.value.clone()),
                    set_flag: a.set_flag.as_ref().map(|s| s.value.clone()),
                    clear_flag: a.clear_flag.as_ref().map(|s| s.value.clone()),
                    message: a.message.clone(),
                    offer: a.offer.as_ref().map(|o| Offer {
                        accept_label: o.accept_label.clone(),
                        decline_label: o.decline_label.clone(),
                        reask: o.reask.iter().map(|s| s.value.clone()).collect(),
                    }),
                })
            })
            .collect()
    }

    /// The exercise selection, which names exercises of the library.
    pub(super) fn selection(
        &mut self,
        raw: &RawFlow,
        sym: &Symbols,
        libs: &Libs,
    ) -> Option<Selection> {
        if let Some((f, s)) = &raw.selection {
            for id in s
                .picks
                .iter()
                .flat_map(|p| p.add.iter())
                .chain(s.fill.iter())
            {
                if !libs.exercises.contains(&id.value) {
                    let hint = closest(&id.value, libs.exercises.iter().map(String::as_str))
                        .map(|c| format!("did you mean `{c}`?"))
                        .unwrap_or_else(|| "add it to dialogs/exercises.yaml".into());
                    self.err_str(
                        f,
                        id,
                        format!("exercise `{}` is not in the exercise library", id.value),
                    )
                    .in_node("selection")
                    .hint = Some(hint);
                }
            }
        }
        raw.selection.as_ref().map(|(f, s)| Selection {
            min: s.min,
            max: s.max,
            picks: s
                .picks
                .iter()
                .filter_map(|p| {
                    let e = self.expr(f, "selection", &p.when, &sym.known, &sym.types)?;
                    Some((e, p.add.iter().map(|a| a.value.clone()).collect(), p.up_to))
                })
                .collect(),
            fill: s.fill.iter().map(|a| a.value.clone()).collect(),
        })
    }

    /// What the check-in tracks: streaks, history and codes seen.
    pub(super) fn tracking(&mut self, raw: &RawFlow, sym: &Symbols) -> Tracking {
        raw.tracking
            .as_ref()
            .map(|(f, t)| Tracking {
                streaks: t
                    .streaks
                    .iter()
                    .filter_map(|s| {
                        let n = s.name.value.clone();
                        Some(Streak {
                            breaks_when: s
                                .breaks_when
                                .as_ref()
                                .and_then(|w| self.expr(f, &n, w, &sym.known, &sym.types)),
                            counts_when: self.expr(
                                f,
                                &n,
                                &s.counts_when,
                                &sym.known,
                                &sym.types,
                            )?,
                            extends_when: self.expr(
                                f,
                                &n,
                                &s.extends_when,
                                &sym.known,
                                &sym.types,
                            )?,
                            name: n,
                        })
                    })
                    .collect(),
                history: t.history.iter().map(|h| h.value.clone()).collect(),
                seen: t
                    .seen
                    .iter()
                    .map(|s| {
                        (
                            s.name.value.clone(),
                            s.start.value.clone(),
                            s.add.value.clone(),
                        )
                    })
                    .collect(),
            })
            .unwrap_or_default()
    }

    /// What a rule or an adaptation does, each name checked.
    #[allow(clippy::type_complexity)]
    fn effects(
        &mut self,
        f: &str,
        rule: &str,
        (refer, advise, urgency, cap_level, cap_running): (
            &Vec<S<String>>,
            &Vec<S<String>>,
            &Option<S<String>>,
            &Option<S<String>>,
            &Option<S<String>>,
        ),
        scales: &Scales,
        libs: &Libs,
    ) -> Effects {
        let (referrals, advice) = (libs.referrals, libs.advice);
        for r in refer {
            self.check_referral(f, rule, r, Some(rule), referrals);
        }
        for a in advise {
            if !advice.contains_key(&a.value) {
                let hint = closest(&a.value, advice.keys().map(String::as_str))
                    .map(|c| format!("did you mean `{c}`?"))
                    .unwrap_or_else(|| "add it to dialogs/advice.yaml".into());
                self.err_str(
                    f,
                    a,
                    format!("advice `{}` is not in the advice library", a.value),
                )
                .in_node(rule)
                .hint = Some(hint);
            }
        }
        self.check_scales(f, rule, [urgency, cap_level, cap_running], scales);
        Effects {
            refer: refer.iter().map(|s| s.value.clone()).collect(),
            advise: advise.iter().map(|s| s.value.clone()).collect(),
            urgency: urgency.as_ref().map(|s| s.value.clone()),
            cap_level: cap_level.as_ref().map(|s| s.value.clone()),
            cap_running: cap_running.as_ref().map(|s| s.value.clone()),
        }
    }
}
