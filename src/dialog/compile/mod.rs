//! Parsing and checking dialog files, and turning them into the compiled
//! [`Dialogs`] the engine runs. Every problem is collected, not just the first.
//!
//! One file per phase, in the order [`compile`] runs them:
//! - `sources`: parsing the files and their includes, merging a flow's sections;
//! - `library`: named texts, referrals and advice, which the flows name;
//! - each flow, the intake first: its node ids (`nodes`), its names and their
//!   types (`symbols`, which also checks every expression against them), its
//!   outcome scales (`rules`), its nodes, start and stops (`nodes`, `stops`)
//!   and their reachability, then its computed values, rules, adaptations,
//!   selection and tracking (`rules`), and what the contract needs of the
//!   intake (`checks`);
//! - `library` again: exercises and advice variants, whose conditions read
//!   the intake's variables;
//! - `placeholders`: every text's `{placeholders}`, once every name is known.

use super::catalog;
use super::diag::{Diagnostic, Pos};
use super::expr::Ty;
use super::load::Sources;
use super::locales::Locales;
use super::model::S;
use super::{Advice, Exercise, Flow, Referral};
use library::Libs;
use sources::{Parsed, RawFlow};
use std::collections::{BTreeMap, BTreeSet};
use symbols::Symbols;

mod checks;
mod library;
mod nodes;
mod placeholders;
mod rules;
mod sources;
mod stops;
mod symbols;

pub use nodes::{MAX_NODES, MAX_OPTIONS, MAX_TEXT};
pub use symbols::{BUILTINS_CHECKIN, BUILTINS_INTAKE, CONSTANTS};

/// Everything the engine needs: the flows and the libraries they use.
#[derive(Debug)]
pub struct Dialogs {
    pub flows: BTreeMap<String, Flow>,
    pub exercises: Vec<Exercise>,
    pub referrals: BTreeMap<String, Referral>,
    pub advice: BTreeMap<String, Advice>,
    pub texts: BTreeMap<String, String>,
    /// SHA-256 of every file's path and text, in path order (hex, 16 chars).
    pub hash: String,
    /// English and its translations (`locales/`).
    pub locales: Locales,
    /// What `restride check` shows without failing (a translation older
    /// than its English, a message an incomplete locale lacks).
    pub warnings: Vec<Diagnostic>,
}

impl Dialogs {
    pub fn flow(&self, id: &str) -> Option<&Flow> {
        self.flows.get(id)
    }

    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|e| e.id == id)
    }

    pub fn text(&self, id: &str) -> &str {
        self.texts.get(id).map(String::as_str).unwrap_or("")
    }

    /// A one-line summary for `restride check`.
    pub fn summary(&self) -> String {
        let nodes: usize = self.flows.values().map(|f| f.nodes.len()).sum();
        let vars: usize = self
            .flows
            .values()
            .map(|f| f.vars.len() + f.computed.len())
            .sum();
        let rules: usize = self
            .flows
            .values()
            .map(|f| f.rules.len() + f.adaptations.len() + f.stops.len())
            .sum();
        format!(
            "{} flows, {} nodes, {} variables, {} rules, {} exercises, {} referrals: no problems found",
            self.flows.len(),
            nodes,
            vars,
            rules,
            self.exercises.len(),
            self.referrals.len()
        )
    }
}

/// Parses, checks and compiles every file of `src`.
pub fn compile(src: &Sources) -> Result<Dialogs, Vec<Diagnostic>> {
    let mut c = Compiler {
        src,
        diags: Vec::new(),
        pending: Vec::new(),
        answers: BTreeSet::new(),
    };
    let out = c.run();
    let mut diags = c.diags;
    if diags.is_empty() {
        Ok(out)
    } else {
        diags.sort_by(|a, b| a.pos.cmp(&b.pos));
        diags.dedup();
        Err(diags)
    }
}

/// Renders diagnostics with their source lines, as `restride check` prints them.
pub fn render(src: &Sources, diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let rel = d
            .pos
            .file
            .strip_prefix(&format!("{}/", src.root.trim_end_matches('/')))
            .unwrap_or(&d.pos.file);
        out.push_str(&d.render(src.get(rel)));
        out.push('\n');
    }
    out.push_str(&format!(
        "{} problem{} found\n",
        diags.len(),
        if diags.len() == 1 { "" } else { "s" }
    ));
    out
}

struct Compiler<'a> {
    src: &'a Sources,
    diags: Vec<Diagnostic>,
    /// Texts whose placeholders are checked once every text id is known.
    pending: Vec<placeholders::Pending>,
    /// The names of the intake (her answers), which the plan's texts may use.
    answers: BTreeSet<String>,
}

impl Compiler<'_> {
    fn pos<T>(&self, file: &str, s: &S<T>) -> Pos {
        Pos::new(&self.src.display(file), &s.referenced)
    }

    fn err<T>(&mut self, file: &str, at: &S<T>, msg: impl Into<String>) -> &mut Diagnostic {
        let d = Diagnostic::new(self.pos(file, at), msg);
        self.diags.push(d);
        self.diags.last_mut().unwrap()
    }

    fn err_str(&mut self, file: &str, at: &S<String>, msg: impl Into<String>) -> &mut Diagnostic {
        let width = at.value.chars().count();
        let d = self.err(file, at, msg);
        d.width = width.max(1);
        d
    }

    fn run(&mut self) -> Dialogs {
        let Some(Parsed {
            hash,
            flows: mut flows_raw,
            libs,
        }) = self.sources()
        else {
            // Later checks would only repeat what a file that does not parse hides.
            return Dialogs {
                flows: BTreeMap::new(),
                exercises: vec![],
                referrals: BTreeMap::new(),
                advice: BTreeMap::new(),
                texts: BTreeMap::new(),
                hash: String::new(),
                locales: Locales::default(),
                warnings: vec![],
            };
        };
        let mut lib = self.library(libs);

        let mut flows = BTreeMap::new();
        let mut intake_types: BTreeMap<String, Ty> = BTreeMap::new();
        // The intake first: the check-in reads its variables.
        flows_raw.sort_by_key(|r| r.def.flow.as_ref().map(|f| f.value != "intake"));
        let mut level_scale: Vec<String> = Vec::new();
        let exercise_ids = lib.exercise_ids();
        for mut raw in flows_raw {
            self.flow_texts(&mut raw, &mut lib.texts);
            let file = raw.file.clone();
            let libs = Libs {
                referrals: &lib.referrals,
                advice: &lib.advice,
                exercises: &exercise_ids,
            };
            if let Some(flow) = self.flow(raw, &libs, &mut intake_types, &mut level_scale) {
                if flows.contains_key(&flow.id) {
                    self.diags.push(Diagnostic::new(
                        Pos::file_only(&self.src.display(&file)),
                        format!("flow `{}` is defined twice", flow.id),
                    ));
                } else {
                    flows.insert(flow.id.clone(), flow);
                }
            }
        }
        self.check_has_intake(&flows);

        let exercises = self.exercises(&mut lib, &intake_types, &level_scale);
        self.check_placeholders(&lib.texts);
        let mut d = Dialogs {
            flows,
            exercises,
            referrals: lib
                .referrals
                .into_iter()
                .map(|(k, (_, v))| (k, v))
                .collect(),
            advice: lib.advice,
            texts: lib.texts,
            hash,
            locales: Locales::default(),
            warnings: vec![],
        };
        // The translations, checked against the English just compiled.
        let mut names: BTreeSet<String> = self.answers.clone();
        for f in d.flows.values() {
            names.extend(f.vars.keys().cloned());
            names.extend(f.computed.iter().map(|c| c.name.clone()));
            names.extend(f.inputs.keys().cloned());
        }
        names.extend(
            BUILTINS_INTAKE
                .iter()
                .chain(BUILTINS_CHECKIN)
                .map(|b| b.to_string()),
        );
        // While the English has problems, its translations are checked
        // against it once they are mended (else every change shows twice).
        let english_only;
        let src = if self.diags.is_empty() {
            self.src
        } else {
            let mut s = self.src.clone();
            s.files
                .retain(|(rel, _)| !rel.starts_with(super::load::LOCALES));
            english_only = s;
            &english_only
        };
        let (locales, errors, warnings) = Locales::build(src, &catalog::entries(&d), &names);
        self.diags.extend(errors);
        d.locales = locales;
        d.warnings = warnings;
        d
    }

    /// One flow, its phases in order; the intake also sets what the
    /// check-in (`intake_types`, `level_scale`) and the plan's texts
    /// (`answers`) may read.
    fn flow(
        &mut self,
        raw: RawFlow,
        libs: &Libs,
        intake_types: &mut BTreeMap<String, Ty>,
        level_scale: &mut Vec<String>,
    ) -> Option<Flow> {
        let file = raw.file.clone();
        let id_s = raw.def.flow.as_ref()?;
        let id = id_s.value.clone();
        let is_intake = id == "intake";
        let version = match &raw.def.version {
            Some(v) => v.value,
            None => {
                self.err_str(&file, id_s, format!("flow `{id}` has no `version:`"))
                    .hint = Some("add `version: 1` and raise it when questions change".into());
                0
            }
        };

        let ids = self.node_ids(&raw, id_s);
        let sym = self.symbols(&raw, is_intake, intake_types);
        let (outcome, scales) = self.outcome(&raw, &sym, libs.advice, level_scale);
        if is_intake {
            self.check_intake_outcome(&file, id_s, outcome.is_some());
        }
        let nodes: Vec<_> = (0..raw.nodes.len())
            .map(|i| self.node(&raw, i, &ids, &sym, &scales, libs.referrals))
            .collect();
        let start = self.start(&raw, &ids, id_s);
        let stops = self.stop_rules(&raw, &ids, &nodes, &sym);

        // Reachability: from the start, and to an end.
        // A missing stop is reported as such, not as its end node being unreachable.
        let stops_missing = self.check_stops(&raw, &nodes, &sym.vars, &stops);
        if let Some(start) = start {
            self.reachability(&raw, &nodes, &stops, start, stops_missing);
        }

        let computed = self.computed(&raw, &sym);
        let rules = self.rules(&raw, &sym, &scales, libs);
        let adaptations = self.adaptations(&raw, &sym, &scales, libs, intake_types);
        let selection = self.selection(&raw, &sym, libs);
        let tracking = self.tracking(&raw, &sym);
        let Symbols { vars, types, known } = sym;
        if is_intake {
            self.check_intake_asks(&file, id_s, &vars);
            *intake_types = types;
            self.answers = known;
        }

        Some(Flow {
            id,
            version,
            title: raw.def.title.clone().unwrap_or_default(),
            start: start.unwrap_or(0),
            nodes,
            index: ids.index,
            stops,
            computed,
            outcome,
            rules,
            selection,
            tracking,
            adaptations,
            vars,
            inputs: raw
                .inputs
                .iter()
                .map(|(_, i)| (i.name.value.clone(), i.ty.value))
                .collect(),
            sections: raw.sections.clone(),
        })
    }
}
