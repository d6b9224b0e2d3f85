//! Parsing and checking dialog files, and turning them into the compiled
//! [`Dialogs`] the engine runs. Every problem is collected, not just the first.

use super::contract;
use super::diag::{Diagnostic, Pos, closest};
use super::expr::{Expr, Ty};
use super::load::Sources;
use super::model::{self, FileDef, NodeKind, S, VarType};
use super::*;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

mod placeholders;
mod stops;
use placeholders::Ctx;

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

/// Limits on what a dialog file may hold.
pub const MAX_NODES: usize = 500;
pub const MAX_OPTIONS: usize = 40;
pub const MAX_TEXT: usize = 3500;

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

/// A flow file with its sections merged, each item remembering its file.
struct RawFlow {
    file: String,
    def: FileDef,
    nodes: Vec<(String, model::NodeDef)>,
    stops: Vec<(String, model::TransitionDef)>,
    computed: Vec<(String, model::ComputedDef)>,
    rules: Vec<(String, model::RuleDef)>,
    adaptations: Vec<(String, model::AdaptationDef)>,
    outcome: Option<(String, model::OutcomeDef)>,
    selection: Option<(String, model::SelectionDef)>,
    tracking: Option<(String, model::TrackingDef)>,
    inputs: Vec<(String, model::InputDef)>,
    texts: Vec<(String, model::NamedText)>,
    /// Section titles in order, and each node's section.
    sections: Vec<String>,
    node_sections: Vec<Option<usize>>,
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

    fn parse_file(&mut self, rel: &str, text: &str) -> Option<FileDef> {
        if text.len() > 1_000_000 {
            self.diags.push(
                Diagnostic::new(
                    Pos::file_only(&self.src.display(rel)),
                    "the file is larger than 1 MB",
                )
                .hint("split it into sections listed under `include:`"),
            );
            return None;
        }
        match serde_saphyr::from_str::<FileDef>(text) {
            Ok(f) => Some(f),
            Err(e) => {
                let d = super::yaml::error(&self.src.display(rel), text, &e);
                self.diags.push(d);
                None
            }
        }
    }

    fn run(&mut self) -> Dialogs {
        let src = self.src;
        let mut hasher = Sha256::new();
        let mut parsed: BTreeMap<String, FileDef> = BTreeMap::new();
        for (rel, text) in &src.files {
            hasher.update(rel.as_bytes());
            hasher.update([0]);
            hasher.update(text.as_bytes());
            hasher.update([0]);
            if let Some(def) = self.parse_file(rel, text) {
                parsed.insert(rel.clone(), def);
            }
        }
        let hash: String = hasher
            .finalize()
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect();

        // Which files are sections of a flow.
        let mut section_of: BTreeMap<String, String> = BTreeMap::new();
        for (rel, def) in &parsed {
            if def.flow.is_some() {
                let dir = rel
                    .rsplit_once('/')
                    .map(|(d, _)| format!("{d}/"))
                    .unwrap_or_default();
                for inc in &def.include {
                    let target = format!("{dir}{}", inc.value);
                    if src.get(&target).is_none() {
                        let names: Vec<&str> = src.files.iter().map(|(p, _)| p.as_str()).collect();
                        let hint = closest(&target, names.iter().copied())
                            .map(|c| format!("did you mean `{c}`?"))
                            .unwrap_or_else(|| {
                                "list a .yaml file that exists, relative to this one".into()
                            });
                        self.err_str(
                            rel,
                            inc,
                            format!("included file `{}` does not exist", inc.value),
                        )
                        .hint = Some(hint);
                    } else {
                        section_of.insert(target, rel.clone());
                    }
                }
            }
        }

        if !self.diags.is_empty() {
            // Later checks would only repeat what a file that does not parse hides.
            return Dialogs {
                flows: BTreeMap::new(),
                exercises: vec![],
                referrals: BTreeMap::new(),
                advice: BTreeMap::new(),
                texts: BTreeMap::new(),
                hash: String::new(),
            };
        }
        let mut flows_raw: Vec<RawFlow> = Vec::new();
        let mut libs: Vec<(String, FileDef)> = Vec::new();
        let mut sections: BTreeMap<String, FileDef> = BTreeMap::new();
        for (rel, def) in parsed {
            if def.flow.is_some() {
                flows_raw.push(RawFlow {
                    file: rel,
                    def,
                    nodes: vec![],
                    stops: vec![],
                    computed: vec![],
                    rules: vec![],
                    adaptations: vec![],
                    outcome: None,
                    selection: None,
                    tracking: None,
                    inputs: vec![],
                    texts: vec![],
                    sections: vec![],
                    node_sections: vec![],
                });
            } else if section_of.contains_key(&rel) {
                sections.insert(rel, def);
            } else {
                libs.push((rel, def));
            }
        }
        for raw in &mut flows_raw {
            let own = std::mem::take(&mut raw.def);
            let header = FileDef {
                flow: own.flow,
                version: own.version,
                title: own.title,
                start: own.start,
                include: own.include,
                ..Default::default()
            };
            let mut parts: Vec<(String, FileDef)> = vec![(
                raw.file.clone(),
                FileDef {
                    section: own.section,
                    nodes: own.nodes,
                    stops: own.stops,
                    computed: own.computed,
                    rules: own.rules,
                    adaptations: own.adaptations,
                    outcome: own.outcome,
                    selection: own.selection,
                    tracking: own.tracking,
                    inputs: own.inputs,
                    texts: own.texts,
                    exercises: own.exercises,
                    referrals: own.referrals,
                    advice: own.advice,
                    ..Default::default()
                },
            )];
            let dir = raw
                .file
                .rsplit_once('/')
                .map(|(d, _)| format!("{d}/"))
                .unwrap_or_default();
            for inc in &header.include {
                let target = format!("{dir}{}", inc.value);
                if let Some(def) = sections.remove(&target) {
                    if let Some(f) = &def.flow {
                        self.err_str(&target, f, "a section file cannot start another flow")
                            .hint = Some(
                            "remove `flow:` from the section, or drop it from `include:`".into(),
                        );
                    }
                    parts.push((target, def));
                }
            }
            raw.def = header;
            for (file, part) in parts {
                let section = part.section.map(|t| {
                    raw.sections.push(t);
                    raw.sections.len() - 1
                });
                raw.node_sections
                    .extend(std::iter::repeat_n(section, part.nodes.len()));
                raw.nodes
                    .extend(part.nodes.into_iter().map(|n| (file.clone(), n)));
                raw.stops
                    .extend(part.stops.into_iter().map(|n| (file.clone(), n)));
                raw.computed
                    .extend(part.computed.into_iter().map(|n| (file.clone(), n)));
                raw.rules
                    .extend(part.rules.into_iter().map(|n| (file.clone(), n)));
                raw.adaptations
                    .extend(part.adaptations.into_iter().map(|n| (file.clone(), n)));
                raw.inputs
                    .extend(part.inputs.into_iter().map(|n| (file.clone(), n)));
                raw.texts
                    .extend(part.texts.into_iter().map(|n| (file.clone(), n)));
                if let Some(o) = part.outcome {
                    raw.outcome = Some((file.clone(), o));
                }
                if let Some(s) = part.selection {
                    raw.selection = Some((file.clone(), s));
                }
                if let Some(t) = part.tracking {
                    raw.tracking = Some((file.clone(), t));
                }
                if !(part.exercises.is_empty()
                    && part.referrals.is_empty()
                    && part.advice.is_empty())
                {
                    libs.push((
                        file.clone(),
                        FileDef {
                            exercises: part.exercises,
                            referrals: part.referrals,
                            advice: part.advice,
                            ..Default::default()
                        },
                    ));
                }
            }
        }

        // Libraries.
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

        let mut flows = BTreeMap::new();
        let mut intake_types: BTreeMap<String, Ty> = BTreeMap::new();
        // The intake first: the check-in reads its variables.
        flows_raw.sort_by_key(|r| r.def.flow.as_ref().map(|f| f.value != "intake"));
        let mut level_scale: Vec<String> = Vec::new();
        let exercise_ids: BTreeSet<String> = exercises_raw
            .iter()
            .map(|(_, e)| e.id.value.clone())
            .collect();
        for mut raw in flows_raw {
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
            let file = raw.file.clone();
            let libs = Libs {
                referrals: &referrals,
                advice: &advice,
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
        if !flows.contains_key("intake") {
            self.diags.push(
                Diagnostic::new(Pos::file_only(&self.src.root), "there is no `intake` flow")
                    .hint("add a file starting with `flow: intake`"),
            );
        }

        // Exercises: compiled after the flows so `exclude_when` can be checked.
        let mut exercises: Vec<Exercise> = Vec::new();
        let ex_names: BTreeSet<String> = intake_types
            .keys()
            .cloned()
            .chain(BUILTINS_INTAKE.iter().map(|s| s.to_string()))
            .collect();
        for (file, e) in exercises_raw {
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
                .and_then(|x| self.expr(&file, &e.id.value, x, &ex_names, &intake_types));
            let doses = e
                .doses
                .iter()
                .filter_map(|d| {
                    self.expr(&file, &e.id.value, &d.cond, &ex_names, &intake_types)
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
        for (file, code, variants) in advice_variants {
            let compiled: Vec<_> = variants
                .iter()
                .filter_map(|v| {
                    self.expr(&file, &code, &v.cond, &ex_names, &intake_types)
                        .map(|x| (x, v.title.clone(), v.text.clone()))
                })
                .collect();
            if let Some(a) = advice.get_mut(&code) {
                a.variants = compiled;
            }
        }

        self.check_placeholders(&texts);
        Dialogs {
            flows,
            exercises,
            referrals: referrals.into_iter().map(|(k, (_, v))| (k, v)).collect(),
            advice,
            texts,
            hash,
        }
    }

    /// Parses an expression and checks the names it reads.
    fn expr(
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

    fn flow(
        &mut self,
        raw: RawFlow,
        libs: &Libs,
        intake_types: &mut BTreeMap<String, Ty>,
        level_scale: &mut Vec<String>,
    ) -> Option<Flow> {
        let (referrals, advice) = (libs.referrals, libs.advice);
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

        if raw.nodes.len() > MAX_NODES {
            self.err_str(
                &file,
                id_s,
                format!(
                    "flow `{id}` has {} nodes; the limit is {MAX_NODES}",
                    raw.nodes.len()
                ),
            )
            .hint = Some("split the conversation into smaller flows".into());
        }
        // Node ids.
        let mut index: HashMap<String, usize> = HashMap::new();
        for (i, (f, n)) in raw.nodes.iter().enumerate() {
            if n.id.value.len() > 32
                || !n
                    .id
                    .value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_')
            {
                self.err_str(
                    f,
                    &n.id,
                    format!(
                        "node id `{}` must be at most 32 letters, digits or _",
                        n.id.value
                    ),
                )
                .hint = Some(
                    "node ids travel in button data, which Telegram limits to 64 bytes".into(),
                );
            }
            if n.options.len() > MAX_OPTIONS {
                self.err_str(
                    f,
                    &n.id,
                    format!(
                        "node `{}` has {} options; the limit is {MAX_OPTIONS}",
                        n.id.value,
                        n.options.len()
                    ),
                )
                .hint = Some("split the question in two".into());
            }
            if n.text.value.chars().count() > MAX_TEXT {
                self.err(
                    f,
                    &n.text,
                    format!("the text is longer than {MAX_TEXT} characters"),
                )
                .hint = Some(
                    "one idea per message: split it into a message node and the question".into(),
                );
            }
            if index.contains_key(&n.id.value) {
                self.err_str(f, &n.id, format!("node id `{}` is used twice", n.id.value))
                    .hint = Some("give every node its own id".into());
            } else {
                index.insert(n.id.value.clone(), i);
            }
        }
        let ids: Vec<String> = raw.nodes.iter().map(|(_, n)| n.id.value.clone()).collect();
        let resolve = |c: &mut Self, f: &str, node: &str, target: &S<String>| -> Option<usize> {
            match index.get(&target.value) {
                Some(&i) => Some(i),
                None => {
                    let hint = closest(&target.value, ids.iter().map(String::as_str))
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| "point to the id of a node in this flow".into());
                    c.err_str(
                        f,
                        target,
                        format!("transition to unknown node `{}`", target.value),
                    )
                    .in_node(node)
                    .hint = Some(hint);
                    None
                }
            }
        };

        // Variables and their types.
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
            if let Some(scale) = &t.level_scale {
                let _ = scale;
            }
        }
        for (_, a) in &raw.adaptations {
            for fl in [&a.set_flag, &a.clear_flag].into_iter().flatten() {
                known.insert(fl.value.clone());
                types.insert(fl.value.clone(), Ty::Bool);
            }
        }

        // Outcome scales.
        let outcome = raw.outcome.as_ref().map(|(f, o)| {
            let expr = self.expr(f, "outcome", &o.running_assessed_when, &known, &types);
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
        if is_intake && outcome.is_none() {
            self.err_str(&file, id_s, "the intake has no `outcome:` section")
                .hint =
                Some("declare the outcome scales (urgency, exercise_level, running)".into());
        }

        // Nodes.
        let mut nodes = Vec::new();
        for (i, (f, n)) in raw.nodes.iter().enumerate() {
            let nid = n.id.value.clone();
            let when = n
                .when
                .as_ref()
                .and_then(|w| self.expr(f, &nid, w, &known, &types));
            let variants = n
                .variants
                .iter()
                .filter_map(|v| {
                    self.check_text(f, &nid, &v.cond, Some("text"), &v.text, &known);
                    self.expr(f, &nid, &v.cond, &known, &types)
                        .map(|e| (e, v.text.trim_end().to_owned()))
                })
                .collect();
            self.check_text(f, &nid, &n.text, None, &n.text.value, &known);
            if let Some(why) = &n.why {
                self.check_text(f, &nid, &n.id, Some("why"), why, &known);
            }
            let mut codes = BTreeSet::new();
            let mut options = Vec::new();
            for o in &n.options {
                let code = match (&o.code, o.value) {
                    (Some(c), _) => {
                        if !codes.insert(c.value.clone()) {
                            self.err_str(
                                f,
                                c,
                                format!("choice code `{}` appears twice", c.value),
                            )
                            .in_node(&nid)
                            .hint = Some("every option needs its own code".into());
                        }
                        c.value.clone()
                    }
                    (None, Some(v)) => v.to_string(),
                    (None, None) => {
                        self.err(
                            f,
                            &n.id,
                            format!("an option of `{nid}` has neither `code:` nor `value:`"),
                        )
                        .in_node(&nid);
                        continue;
                    }
                };
                let when = o
                    .when
                    .as_ref()
                    .and_then(|w| self.expr(f, &nid, w, &known, &types));
                options.push(Choice {
                    code,
                    label: o.label.clone(),
                    points: o.points,
                    value: o.value,
                    when,
                    synonyms: o.synonyms.iter().map(|x| x.to_lowercase()).collect(),
                });
            }
            match n.kind.value {
                NodeKind::Choice | NodeKind::Multi if options.is_empty() => {
                    self.err(f, &n.kind, "a choice question needs `options:`")
                        .in_node(&nid);
                }
                NodeKind::Number if n.min.is_none() || n.max.is_none() => {
                    self.err(f, &n.kind, "a number question needs `min:` and `max:`")
                        .in_node(&nid);
                }
                NodeKind::End if n.status.is_none() => {
                    self.err(f, &n.kind, "an end node needs `status:`")
                        .in_node(&nid)
                        .hint = Some("complete, declined, not_eligible or stopped_urgent".into());
                }
                _ => {}
            }
            let pattern = n
                .pattern
                .as_ref()
                .and_then(|p| match regex::Regex::new(&p.value) {
                    Ok(r) => Some(r),
                    Err(e) => {
                        let msg = e.to_string();
                        let last = msg.lines().last().unwrap_or("").trim().to_owned();
                        self.err_str(f, p, format!("the pattern does not compile: {last}"))
                            .in_node(&nid)
                            .hint = Some(
                            "write a Rust regular expression; escape `\\` as `\\\\` inside quotes"
                                .into(),
                        );
                        None
                    }
                });
            // Transitions: branches in order, then `next`, else the following node.
            let mut next = Vec::new();
            for b in &n.branches {
                let cond = b
                    .cond
                    .as_ref()
                    .and_then(|c| self.expr(f, &nid, c, &known, &types));
                if let Some(to) = resolve(self, f, &nid, &b.goto) {
                    next.push(Transition { cond, to });
                }
            }
            if n.kind.value != NodeKind::End {
                match &n.next {
                    Some(t) => {
                        if let Some(to) = resolve(self, f, &nid, t) {
                            next.push(Transition { cond: None, to });
                        }
                    }
                    None if n.branches.iter().any(|b| b.cond.is_none()) => {}
                    None if i + 1 < raw.nodes.len() => next.push(Transition {
                        cond: None,
                        to: i + 1,
                    }),
                    None => {
                        self.err_str(
                            f,
                            &n.id,
                            format!("node `{nid}` is the last one but does not end the flow"),
                        )
                        .in_node(&nid)
                        .hint = Some("add `next:` or make it `kind: end`".into());
                    }
                }
            } else if n.next.is_some() || !n.branches.is_empty() {
                self.err_str(f, &n.id, "an end node has no transitions")
                    .in_node(&nid)
                    .hint = Some("remove `next:`/`branches:`".into());
            }
            let fixed = n.outcome.as_ref().map(|o| {
                let check = |c: &mut Self, v: &Option<S<String>>, scale: &[String], what: &str| {
                    if let Some(v) = v
                        && !scale.contains(&v.value)
                    {
                        let hint = format!("use one of: {}", scale.join(", "));
                        c.err_str(f, v, format!("unknown {what} `{}`", v.value))
                            .in_node(&nid)
                            .hint = Some(hint);
                    }
                };
                check(self, &o.urgency, &scales.urgency, "urgency");
                check(self, &o.exercise_level, &scales.level, "exercise level");
                if let Some(r) = &scales.running {
                    check(self, &o.running, r, "running status");
                }
                for r in &o.refer {
                    self.check_referral(f, &nid, r, None, referrals);
                }
                FixedOutcome {
                    urgency: o.urgency.as_ref().map(|s| s.value.clone()),
                    refer: o.refer.iter().map(|s| s.value.clone()).collect(),
                    exercise_level: o.exercise_level.as_ref().map(|s| s.value.clone()),
                    running: o.running.as_ref().map(|s| s.value.clone()),
                }
            });
            let skip = if n.skippable || n.skip_value.is_some() {
                match n.skip_value.as_ref().map(Value::from_json) {
                    Some(Some(v)) => Some(v),
                    None => Some(Value::Null),
                    Some(None) => {
                        self.err_str(f, &n.id, "`skip_value:` must be a plain value")
                            .in_node(&nid);
                        None
                    }
                }
            } else {
                None
            };
            nodes.push(Node {
                id: nid,
                kind: n.kind.value,
                when,
                var: n.var.as_ref().map(|v| v.value.clone()),
                label: n.label.clone(),
                text: n.text.value.trim_end().to_owned(),
                variants,
                why: n.why.clone(),
                options,
                none_label: n
                    .none_label
                    .clone()
                    .unwrap_or_else(|| "None of these".into()),
                done_label: n.done_label.clone().unwrap_or_else(|| "Done".into()),
                yes_label: n.yes_label.clone().unwrap_or_else(|| "Yes".into()),
                no_label: n.no_label.clone().unwrap_or_else(|| "No".into()),
                min: n.min.unwrap_or(0),
                max: n.max.unwrap_or(0),
                unit: n.unit.clone(),
                unit_one: n.unit_one.clone(),
                accept_months: n.accept_months,
                pattern,
                max_len: n.max_len.unwrap_or(200).min(1000),
                skippable: n.skippable,
                skip,
                skip_label: n.skip_label.clone().unwrap_or_else(|| "Skip".into()),
                listed: n.listed,
                next,
                status: n.status.as_ref().map(|s| s.value),
                fixed,
                action: n.action.clone(),
                section: raw.node_sections.get(i).copied().flatten(),
            });
        }

        let start = match &raw.def.start {
            Some(s) => resolve(self, &file, "start", s),
            None => {
                self.err_str(&file, id_s, format!("flow `{id}` has no `start:` node"))
                    .hint = Some("add `start: <id of the first node>`".into());
                None
            }
        };

        let stops: Vec<Transition> = raw
            .stops
            .iter()
            .filter_map(|(f, s)| {
                let cond = s
                    .cond
                    .as_ref()
                    .and_then(|c| self.expr(f, "stops", c, &known, &types));
                let to = resolve(self, f, "stops", &s.goto)?;
                if nodes
                    .get(to)
                    .is_some_and(|n: &Node| n.kind != NodeKind::End)
                {
                    self.err_str(f, &s.goto, "a stop rule must lead to an end node")
                        .in_node("stops");
                }
                Some(Transition { cond, to })
            })
            .collect();

        // Reachability: from the start, and to an end.
        // A missing stop is reported as such, not as its end node being unreachable.
        let stops_missing = self.check_stops(&raw, &nodes, &vars, &stops);
        if let Some(start) = start {
            self.reachability(&raw, &nodes, &stops, start, stops_missing);
        }

        let computed = raw
            .computed
            .iter()
            .map(|(f, c)| {
                let name = c.name.value.clone();
                for s in &c.sum {
                    if !known.contains(&s.value) {
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
                        .and_then(|w| self.expr(f, &name, w, &known, &types)),
                    sum: c.sum.iter().map(|s| s.value.clone()).collect(),
                    value: c
                        .value
                        .as_ref()
                        .and_then(|w| self.expr(f, &name, w, &known, &types)),
                    round: c.round,
                }
            })
            .collect();

        let mut rule_ids = BTreeSet::new();
        let rules = raw
            .rules
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
                    &scales,
                    referrals,
                    advice,
                );
                let when = self.expr(f, &rid, &r.when, &known, &types)?;
                Some(Rule {
                    id: rid,
                    when,
                    effects,
                })
            })
            .collect();

        let adaptations = raw
            .adaptations
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
                    &scales,
                    referrals,
                    advice,
                );
                for l in [&a.hold_level, &a.floor].into_iter().flatten() {
                    if !scales.level.contains(&l.value) {
                        self.err_str(f, l, format!("unknown exercise level `{}`", l.value))
                            .in_node(&aid);
                    }
                }
                let when = self.expr(f, &aid, &a.when, &known, &types)?;
                if let Some(m) = &a.message {
                    self.check_text(f, &aid, &a.id, Some("message"), m, &known);
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
            .collect();

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
        let selection = raw.selection.as_ref().map(|(f, s)| Selection {
            min: s.min,
            max: s.max,
            picks: s
                .picks
                .iter()
                .filter_map(|p| {
                    let e = self.expr(f, "selection", &p.when, &known, &types)?;
                    Some((e, p.add.iter().map(|a| a.value.clone()).collect(), p.up_to))
                })
                .collect(),
            fill: s.fill.iter().map(|a| a.value.clone()).collect(),
        });

        let tracking = raw
            .tracking
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
                                .and_then(|w| self.expr(f, &n, w, &known, &types)),
                            counts_when: self.expr(f, &n, &s.counts_when, &known, &types)?,
                            extends_when: self.expr(f, &n, &s.extends_when, &known, &types)?,
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
            .unwrap_or_default();

        if is_intake {
            for v in contract::INTAKE_VARIABLES {
                if !vars.contains_key(*v) {
                    self.err_str(&file, id_s, format!("the intake never asks `{v}`"))
                        .hint = Some(
                        "SCREENING.md section 1 requires a question saving this variable".into(),
                    );
                }
            }
            *intake_types = types.clone();
            self.answers = known.clone();
        }

        Some(Flow {
            id,
            version,
            title: raw.def.title.clone().unwrap_or_default(),
            start: start.unwrap_or(0),
            nodes,
            index,
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
        referrals: &BTreeMap<String, (String, Referral)>,
        advice: &BTreeMap<String, Advice>,
    ) -> Effects {
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
        let mut check = |v: &Option<S<String>>, scale: &[String], what: &str| {
            if let Some(v) = v
                && !scale.contains(&v.value)
            {
                let hint = format!("use one of: {}", scale.join(", "));
                self.err_str(f, v, format!("unknown {what} `{}`", v.value))
                    .in_node(rule)
                    .hint = Some(hint);
            }
        };
        check(urgency, &scales.urgency, "urgency");
        check(cap_level, &scales.level, "exercise level");
        if let Some(r) = &scales.running {
            check(cap_running, r, "running status");
        }
        Effects {
            refer: refer.iter().map(|s| s.value.clone()).collect(),
            advise: advise.iter().map(|s| s.value.clone()).collect(),
            urgency: urgency.as_ref().map(|s| s.value.clone()),
            cap_level: cap_level.as_ref().map(|s| s.value.clone()),
            cap_running: cap_running.as_ref().map(|s| s.value.clone()),
        }
    }

    fn check_referral(
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

    fn check_text<T>(
        &mut self,
        f: &str,
        node: &str,
        at: &S<T>,
        key: Option<&str>,
        text: &str,
        known: &BTreeSet<String>,
    ) {
        self.queue_text(f, at, key, text, Ctx::Flow(known.clone()), Some(node));
    }

    fn reachability(
        &mut self,
        raw: &RawFlow,
        nodes: &[Node],
        stops: &[Transition],
        start: usize,
        stops_missing: bool,
    ) {
        let n = nodes.len();
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, node) in nodes.iter().enumerate() {
            edges[i].extend(node.next.iter().map(|t| t.to));
            if node.is_question() {
                edges[i].extend(stops.iter().map(|t| t.to));
            }
        }
        let mut seen = vec![false; n];
        let mut queue = VecDeque::from([start]);
        seen[start] = true;
        while let Some(i) = queue.pop_front() {
            for &j in &edges[i] {
                if !seen[j] {
                    seen[j] = true;
                    queue.push_back(j);
                }
            }
        }
        let mut ends = vec![false; n];
        let mut changed = true;
        for (i, node) in nodes.iter().enumerate() {
            ends[i] = node.kind == NodeKind::End;
        }
        while changed {
            changed = false;
            for i in 0..n {
                if !ends[i] && edges[i].iter().any(|&j| ends[j]) {
                    ends[i] = true;
                    changed = true;
                }
            }
        }
        for (i, (f, def)) in raw.nodes.iter().enumerate() {
            if !seen[i] && stops_missing && nodes[i].status == Some(model::Status::StoppedUrgent) {
                continue;
            }
            if !seen[i] {
                self.err_str(
                    f,
                    &def.id,
                    format!("node `{}` can never be reached", def.id.value),
                )
                .in_node(&def.id.value)
                .hint = Some("point a `next:` or a branch at it, or remove it".into());
            } else if !ends[i] {
                self.err_str(
                    f,
                    &def.id,
                    format!("no end can be reached from node `{}`", def.id.value),
                )
                .in_node(&def.id.value)
                .hint = Some("every path must lead to a `kind: end` node".into());
            }
        }
    }
}

struct Libs<'a> {
    referrals: &'a BTreeMap<String, (String, Referral)>,
    advice: &'a BTreeMap<String, Advice>,
    exercises: &'a BTreeSet<String>,
}

struct Scales {
    urgency: Vec<String>,
    level: Vec<String>,
    running: Option<Vec<String>>,
}

fn scale_default(s: &[&str]) -> Vec<String> {
    s.iter().map(|s| s.to_string()).collect()
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
