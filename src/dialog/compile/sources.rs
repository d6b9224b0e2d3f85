//! The first phase: every file parsed and hashed, each `include:` found, and
//! a flow's sections merged into one [`RawFlow`] whose items remember their
//! file. A file that does not parse, or a missing include, stops the compile
//! here: later checks would only repeat what it hides.

use super::Compiler;
use crate::dialog::diag::{Diagnostic, Pos, closest};
use crate::dialog::model::{self, FileDef};
use crate::dialog::yaml;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// A flow file with its sections merged, each item remembering its file.
pub(super) struct RawFlow {
    pub(super) file: String,
    pub(super) def: FileDef,
    pub(super) nodes: Vec<(String, model::NodeDef)>,
    pub(super) stops: Vec<(String, model::TransitionDef)>,
    pub(super) computed: Vec<(String, model::ComputedDef)>,
    pub(super) rules: Vec<(String, model::RuleDef)>,
    pub(super) adaptations: Vec<(String, model::AdaptationDef)>,
    pub(super) outcome: Option<(String, model::OutcomeDef)>,
    pub(super) selection: Option<(String, model::SelectionDef)>,
    pub(super) tracking: Option<(String, model::TrackingDef)>,
    pub(super) inputs: Vec<(String, model::InputDef)>,
    pub(super) texts: Vec<(String, model::NamedText)>,
    /// Section titles in order, and each node's section.
    pub(super) sections: Vec<String>,
    pub(super) node_sections: Vec<Option<usize>>,
}

impl RawFlow {
    fn new(file: String, def: FileDef) -> RawFlow {
        RawFlow {
            file,
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
        }
    }
}

/// The files, parsed: the flows with their sections merged, and the files
/// holding libraries (named texts, exercises, referrals, advice).
pub(super) struct Parsed {
    /// SHA-256 of every file's path and text, in path order (hex, 16 chars).
    pub(super) hash: String,
    pub(super) flows: Vec<RawFlow>,
    pub(super) libs: Vec<(String, FileDef)>,
}

impl Compiler<'_> {
    /// Parses, hashes and merges every file; `None` when a file does not
    /// parse or includes one that does not exist.
    pub(super) fn sources(&mut self) -> Option<Parsed> {
        let src = self.src;
        let mut hasher = Sha256::new();
        let mut parsed: BTreeMap<String, FileDef> = BTreeMap::new();
        for (rel, text) in &src.files {
            // Translations are the text service's (`texts::locales`).
            if rel.starts_with(crate::dialog::load::LOCALES) {
                continue;
            }
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
            return None;
        }
        let mut flows_raw: Vec<RawFlow> = Vec::new();
        let mut libs: Vec<(String, FileDef)> = Vec::new();
        let mut sections: BTreeMap<String, FileDef> = BTreeMap::new();
        for (rel, def) in parsed {
            if def.flow.is_some() {
                flows_raw.push(RawFlow::new(rel, def));
            } else if section_of.contains_key(&rel) {
                sections.insert(rel, def);
            } else {
                libs.push((rel, def));
            }
        }
        for raw in &mut flows_raw {
            self.merge(raw, &mut sections, &mut libs);
        }
        Some(Parsed {
            hash,
            flows: flows_raw,
            libs,
        })
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
                let d = yaml::error(&self.src.display(rel), text, &e);
                self.diags.push(d);
                None
            }
        }
    }

    /// Moves the items of a flow file and of the sections it includes into
    /// `raw`, in include order; the libraries they hold go to `libs`.
    fn merge(
        &mut self,
        raw: &mut RawFlow,
        sections: &mut BTreeMap<String, FileDef>,
        libs: &mut Vec<(String, FileDef)>,
    ) {
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
                        .hint =
                        Some("remove `flow:` from the section, or drop it from `include:`".into());
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
            if !(part.exercises.is_empty() && part.referrals.is_empty() && part.advice.is_empty()) {
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
}
