//! The libraries: named texts, referrals and advice, read before the flows
//! (whose rules and nodes name them); exercises and advice variants, compiled
//! after the flows (their conditions read the intake's variables); and the
//! check of a referral a flow names.

use super::Compiler;
use super::placeholders::Ctx;
use super::sources::RawFlow;
use super::symbols::BUILTINS_INTAKE;
use crate::dialog::diag::closest;
use crate::dialog::expr::Ty;
use crate::dialog::model::{AdviceVariantDef, ExerciseDef, FileDef, S};
use crate::dialog::{Advice, Easier, Exercise, Referral, Stage};
use std::collections::{BTreeMap, BTreeSet};

/// The libraries as read before the flows.
pub(super) struct Library {
    pub(super) texts: BTreeMap<String, String>,
    /// By code, each with the file that defines it.
    pub(super) referrals: BTreeMap<String, (String, Referral)>,
    /// Their variants are compiled after the flows.
    pub(super) advice: BTreeMap<String, Advice>,
    /// Compiled after the flows.
    exercises: Vec<(String, ExerciseDef)>,
    /// By file and advice code.
    advice_variants: Vec<(String, String, Vec<AdviceVariantDef>)>,
}

/// What a flow may name from the libraries.
pub(super) struct Libs<'a> {
    pub(super) referrals: &'a BTreeMap<String, (String, Referral)>,
    pub(super) advice: &'a BTreeMap<String, Advice>,
    pub(super) exercises: &'a BTreeSet<String>,
}

impl Library {
    /// The ids of the exercises, which a flow's selection may name.
    pub(super) fn exercise_ids(&self) -> BTreeSet<String> {
        self.exercises
            .iter()
            .map(|(_, e)| e.id.value.clone())
            .collect()
    }
}

impl Compiler<'_> {
    /// Named texts, referrals and advice of the library files.
    pub(super) fn library(&mut self, libs: Vec<(String, FileDef)>) -> Library {
        let mut exercises_raw = Vec::new();
        let mut referrals_raw = Vec::new();
        let mut advice_raw = Vec::new();
        let mut texts = BTreeMap::new();
        for (file, def) in libs {
            exercises_raw.extend(def.exercises.into_iter().map(|e| (file.clone(), e)));
            referrals_raw.extend(def.referrals.into_iter().map(|e| (file.clone(), e)));
            advice_raw.extend(def.advice.into_iter().map(|e| (file.clone(), e)));
            for t in def.texts {
                let ctx = Ctx::Named(t.id.value.clone());
                self.queue_text(&file, &t.id, Some("text"), &t.text, ctx, None);
                texts.insert(t.id.value, t.text.trim_end().to_owned());
            }
            for n in def.nodes.iter() {
                self.err_str(
                    &file,
                    &n.id,
                    "this file has nodes but no `flow:` header and no flow includes it",
                )
                .hint = Some("add it to a flow's `include:` list".into());
            }
        }
        let mut referrals = BTreeMap::new();
        for (file, r) in referrals_raw {
            self.queue_referral(&file, &r);
            if referrals.contains_key(&r.code.value) {
                self.err_str(
                    &file,
                    &r.code,
                    format!("referral `{}` is defined twice", r.code.value),
                );
                continue;
            }
            referrals.insert(
                r.code.value.clone(),
                (
                    file,
                    Referral {
                        code: r.code.value,
                        name: r.name,
                        who: r.who,
                        what: r.what,
                        reasons: r.reasons,
                    },
                ),
            );
        }
        let mut advice = BTreeMap::new();
        let mut advice_variants = Vec::new();
        for (file, a) in advice_raw {
            self.queue_text(&file, &a.code, Some("text"), &a.text, Ctx::Answers, None);
            if advice.contains_key(&a.code.value) {
                self.err_str(
                    &file,
                    &a.code,
                    format!("advice `{}` is defined twice", a.code.value),
                );
                continue;
            }
            for v in &a.variants {
                self.queue_text(
                    &file,
                    &a.code,
                    Some("variants"),
                    &v.text,
                    Ctx::Answers,
                    None,
                );
            }
            if !a.variants.is_empty() {
                advice_variants.push((file.clone(), a.code.value.clone(), a.variants));
            }
            advice.insert(
                a.code.value.clone(),
                Advice {
                    code: a.code.value,
                    title: a.title,
                    text: a.text,
                    variants: vec![],
                },
            );
        }
        Library {
            texts,
            referrals,
            advice,
            exercises: exercises_raw,
            advice_variants,
        }
    }

    /// The named texts of a flow's files, each id defined once.
    pub(super) fn flow_texts(&mut self, raw: &mut RawFlow, texts: &mut BTreeMap<String, String>) {
        for (f, t) in std::mem::take(&mut raw.texts) {
            let ctx = Ctx::Named(t.id.value.clone());
            self.queue_text(&f, &t.id, Some("text"), &t.text, ctx, None);
            if texts
                .insert(t.id.value.clone(), t.text.trim_end().to_owned())
                .is_some()
            {
                self.err_str(&f, &t.id, format!("text `{}` is defined twice", t.id.value));
            }
        }
    }

    /// Exercises and advice variants, whose conditions read the intake's
    /// variables: compiled once the flows are.
    pub(super) fn exercises(
        &mut self,
        lib: &mut Library,
        intake_types: &BTreeMap<String, Ty>,
        level_scale: &[String],
    ) -> Vec<Exercise> {
        let mut exercises: Vec<Exercise> = Vec::new();
        let ex_names: BTreeSet<String> = intake_types
            .keys()
            .cloned()
            .chain(BUILTINS_INTAKE.iter().map(|s| s.to_string()))
            .collect();
        for (file, e) in std::mem::take(&mut lib.exercises) {
            self.queue_exercise(&file, &e);
            if exercises.iter().any(|x| x.id == e.id.value) {
                self.err_str(
                    &file,
                    &e.id,
                    format!("exercise `{}` is defined twice", e.id.value),
                );
                continue;
            }
            if !level_scale.is_empty() && !level_scale.contains(&e.level.value) {
                let hint = format!("use one of: {}", level_scale.join(", "));
                self.err_str(
                    &file,
                    &e.level,
                    format!("unknown exercise level `{}`", e.level.value),
                )
                .in_node(&e.id.value.clone())
                .hint = Some(hint);
            }
            if !(3..=6).contains(&e.steps.len()) {
                self.err_str(
                    &file,
                    &e.id,
                    format!("exercise `{}` has {} steps", e.id.value, e.steps.len()),
                )
                .hint = Some("write 3 to 6 steps".into());
            }
            let exclude_when = e
                .exclude_when
                .as_ref()
                .and_then(|x| self.expr(&file, &e.id.value, x, &ex_names, intake_types));
            let doses = e
                .doses
                .iter()
                .filter_map(|d| {
                    self.expr(&file, &e.id.value, &d.cond, &ex_names, intake_types)
                        .map(|x| (x, d.dose.clone()))
                })
                .collect();
            if let Some(easier) = &e.easier
                && !(2..=6).contains(&easier.steps.len())
            {
                self.err_str(
                    &file,
                    &e.id,
                    format!(
                        "the easier form of `{}` has {} steps",
                        e.id.value,
                        easier.steps.len()
                    ),
                )
                .hint = Some("write 2 to 6 steps for the easier form".into());
            }
            let mut programme = Vec::new();
            for st in &e.programme {
                let [from, to] = st.weeks;
                let follows = programme.last().map_or(1, |p: &Stage| p.to + 1);
                if from != follows || to < from {
                    self.err_str(
                        &file,
                        &e.id,
                        format!(
                            "the programme of `{}` has weeks {from} to {to} where week {follows} comes next",
                            e.id.value
                        ),
                    )
                    .hint = Some("list the stages in order, each `weeks: [first, last]` starting where the one before ended".into());
                }
                programme.push(Stage {
                    from,
                    to,
                    text: st.text.clone(),
                });
            }
            exercises.push(Exercise {
                id: e.id.value,
                name: e.name,
                level: e.level.value,
                summary: e.summary,
                steps: e.steps,
                dose: e.dose,
                doses,
                easier: e.easier.map(|x| Easier {
                    name: x.name,
                    summary: x.summary,
                    steps: x.steps,
                    dose: x.dose,
                }),
                programme,
                cautions: e.cautions,
                tags: e.tags,
                exclude_when,
            });
        }
        for (file, code, variants) in std::mem::take(&mut lib.advice_variants) {
            let compiled: Vec<_> = variants
                .iter()
                .filter_map(|v| {
                    self.expr(&file, &code, &v.cond, &ex_names, intake_types)
                        .map(|x| (x, v.title.clone(), v.text.clone()))
                })
                .collect();
            if let Some(a) = lib.advice.get_mut(&code) {
                a.variants = compiled;
            }
        }
        exercises
    }

    /// A referral a node or a rule names is in the directory; one a rule
    /// names has a reason line for that rule.
    pub(super) fn check_referral(
        &mut self,
        f: &str,
        node: &str,
        r: &S<String>,
        rule: Option<&str>,
        referrals: &BTreeMap<String, (String, Referral)>,
    ) {
        match referrals.get(&r.value) {
            None => {
                let hint = closest(&r.value, referrals.keys().map(String::as_str))
                    .map(|c| format!("did you mean `{c}`?"))
                    .unwrap_or_else(|| "add it to dialogs/referrals.yaml".into());
                self.err_str(
                    f,
                    r,
                    format!("referral `{}` is not in the referral directory", r.value),
                )
                .in_node(node)
                .hint = Some(hint);
            }
            Some((_, def)) => {
                if let Some(rule) = rule
                    && !def.reasons.contains_key(rule)
                {
                    self.err_str(
                        f,
                        r,
                        format!(
                            "referral `{}` has no reason line for rule `{rule}`",
                            r.value
                        ),
                    )
                    .in_node(rule)
                    .hint = Some(format!(
                        "add `{rule}: <why she is sent there>` under `reasons:` of `{}` in the referral directory",
                        r.value
                    ));
                }
            }
        }
    }
}
