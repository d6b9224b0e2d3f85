//! `{placeholders}` in every text of every file: each names something that is
//! filled in where the text is shown, or it is an error at its own line and
//! column. What is known depends on where the text is used:
//! - a flow's texts (nodes, variants, `why`, adaptation messages): the flow's
//!   variables, computed names, builtins and the constants;
//! - the plan's texts (advice, referrals, exercises, `plan_*`): her intake
//!   answers and the constants;
//! - a named text the code sends: the constants and the arguments the code
//!   gives it ([`required::TEXTS`](crate::dialog::required::TEXTS));
//! - anywhere: `{text.<id>}` of a text that exists.

use super::{CONSTANTS, Compiler};
use crate::dialog::diag::{Diagnostic, Pos, closest};
use crate::dialog::model::{ExerciseDef, ReferralDef, S};
use crate::dialog::required::{self, ANSWERS};
use std::collections::{BTreeMap, BTreeSet};

/// Which names a text may use.
pub(super) enum Ctx {
    /// A flow's texts: these names (the flow's variables) and the constants.
    Flow(BTreeSet<String>),
    /// Shown in her plan: her intake answers and the constants.
    Answers,
    /// A named text: what the code gives it, else only the constants.
    Named(String),
}

/// A text waiting to be checked once every name and text id is known.
pub(super) struct Pending {
    /// The file, relative to the dialogs directory.
    file: String,
    /// The line the search for a placeholder starts at.
    line: u32,
    /// The key holding the text, searched for from `line` (`text`, `why`, …).
    key: Option<String>,
    text: String,
    ctx: Ctx,
    /// The node it belongs to, for flow texts.
    node: Option<String>,
}

/// The `{name}`s of `text` that `render` would try to fill, in order.
pub fn names(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        let name = &after[..close];
        let word =
            |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if name
            .split_once('.')
            .map_or(word(name), |(a, b)| word(a) && word(b))
        {
            out.push(name);
        } else {
            // A Fluent selector (`{ $count -> … }`): the value it reads.
            for (i, _) in name.match_indices('$') {
                let v = &name[i + 1..];
                let end = v
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(v.len());
                if end > 0 {
                    out.push(&v[..end]);
                }
            }
        }
        rest = &after[close + 1..];
    }
    out
}

/// Where `needle` first appears in `source` at or after line `line`
/// (1-based), and after the line holding `key:` when a key is given.
/// Returns the 1-based line and column.
pub fn locate(source: &str, line: u32, key: Option<&str>, needle: &str) -> Option<(u32, u32)> {
    let lines: Vec<&str> = source.lines().collect();
    let mut from = line.max(1) as usize - 1;
    if let Some(key) = key {
        let at = |l: &str| {
            let t = l.trim_start();
            let t = t.strip_prefix("- ").unwrap_or(t).trim_start();
            t.strip_prefix(key).is_some_and(|r| r.starts_with(':'))
        };
        if let Some(k) = (from..lines.len()).find(|&i| at(lines[i])) {
            from = k;
        }
    }
    (from..lines.len()).find_map(|i| {
        lines[i]
            .find(needle)
            .map(|b| (i as u32 + 1, lines[i][..b].chars().count() as u32 + 1))
    })
}

impl Compiler<'_> {
    /// Queues `text`, found at or after `at` (under `key:` if given), for
    /// the placeholder check at the end of the compilation.
    pub(super) fn queue_text<T>(
        &mut self,
        file: &str,
        at: &S<T>,
        key: Option<&str>,
        text: &str,
        ctx: Ctx,
        node: Option<&str>,
    ) {
        if !text.contains('{') {
            return;
        }
        self.pending.push(Pending {
            file: file.to_owned(),
            line: at.referenced.line() as u32,
            key: key.map(str::to_owned),
            text: text.to_owned(),
            ctx,
            node: node.map(str::to_owned),
        });
    }

    /// A text of a flow, which may use the flow's names (`known`).
    pub(super) fn check_text<T>(
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

    /// A referral's texts, shown in her plan.
    pub(super) fn queue_referral(&mut self, file: &str, r: &ReferralDef) {
        self.queue_text(file, &r.code, Some("what"), &r.what, Ctx::Answers, None);
        for (rule, why) in &r.reasons {
            self.queue_text(file, &r.code, Some(rule), why, Ctx::Answers, None);
        }
    }

    /// An exercise's texts, shown in her plan and its card.
    pub(super) fn queue_exercise(&mut self, file: &str, e: &ExerciseDef) {
        let one = [
            ("name", &e.name),
            ("summary", &e.summary),
            ("dose", &e.dose),
        ];
        let lists = [("steps", &e.steps), ("cautions", &e.cautions)];
        let easier = e.easier.iter().flat_map(|x| {
            [
                ("easier", &x.name),
                ("easier", &x.summary),
                ("easier", &x.dose),
            ]
            .into_iter()
            .chain(x.steps.iter().map(|t| ("easier", t)))
        });
        let texts = one
            .into_iter()
            .chain(easier)
            .chain(e.doses.iter().map(|d| ("doses", &d.dose)))
            .chain(e.programme.iter().map(|st| ("programme", &st.text)))
            .chain(
                lists
                    .into_iter()
                    .flat_map(|(k, l)| l.iter().map(move |t| (k, t))),
            );
        for (key, text) in texts {
            self.queue_text(file, &e.id, Some(key), text, Ctx::Answers, None);
        }
    }

    /// Checks every queued text now that all names and text ids are known.
    pub(super) fn check_placeholders(&mut self, texts: &BTreeMap<String, String>) {
        let constants: BTreeSet<String> = CONSTANTS.iter().map(|c| c.to_string()).collect();
        for p in std::mem::take(&mut self.pending) {
            let allowed: BTreeSet<String> = match &p.ctx {
                Ctx::Flow(known) => known.union(&constants).cloned().collect(),
                Ctx::Answers => self.answers.union(&constants).cloned().collect(),
                Ctx::Named(id) => {
                    let mut a = constants.clone();
                    for arg in required::args(id).unwrap_or(&[]) {
                        if *arg == ANSWERS {
                            a.extend(self.answers.iter().cloned());
                        } else {
                            a.insert(arg.to_string());
                        }
                    }
                    a
                }
            };
            let mut seen = BTreeSet::new();
            for name in names(&p.text) {
                if !seen.insert(name) {
                    continue;
                }
                let d = match name.strip_prefix("text.") {
                    Some(id) if texts.contains_key(id) => continue,
                    Some(id) => {
                        let hint = closest(id, texts.keys().map(String::as_str))
                            .map(|c| format!("did you mean `{{text.{c}}}`?"))
                            .unwrap_or_else(|| {
                                format!(
                                    "add `- id: {id}` with its `text:` to texts.yaml or a file under texts/"
                                )
                            });
                        Diagnostic::new(
                            self.place(&p, name),
                            format!("the text uses `{{{name}}}`, but there is no text `{id}`"),
                        )
                        .hint(hint)
                    }
                    None if allowed.contains(name) => continue,
                    None => {
                        let (message, otherwise) = explain(&p.ctx, name);
                        let hint = if texts.contains_key(name) {
                            format!("did you mean `{{text.{name}}}`?")
                        } else {
                            closest(name, allowed.iter().map(String::as_str))
                                .map(|c| format!("did you mean `{{{c}}}`?"))
                                .unwrap_or(otherwise)
                        };
                        Diagnostic::new(self.place(&p, name), message).hint(hint)
                    }
                };
                let mut d = d.width(name.chars().count() + 2);
                if let Some(n) = &p.node {
                    d.in_node(n);
                }
                self.diags.push(d);
            }
        }
    }

    /// The line and column of `{name}` in the text's file.
    fn place(&self, p: &Pending, name: &str) -> Pos {
        let needle = format!("{{{name}}}");
        let (line, col) = self
            .src
            .get(&p.file)
            .and_then(|s| locate(s, p.line, p.key.as_deref(), &needle))
            .unwrap_or((p.line, 1));
        Pos {
            file: self.src.display(&p.file),
            line,
            col,
        }
    }
}

/// The message for an unknown `{name}`, and a hint when no name is close.
fn explain(ctx: &Ctx, name: &str) -> (String, String) {
    let consts = CONSTANTS.join(", ");
    match ctx {
        Ctx::Flow(_) => (
            format!("the text uses `{{{name}}}`, which is not a variable of this flow"),
            format!("placeholders name a variable or one of {consts}"),
        ),
        Ctx::Answers => (
            format!("the text uses `{{{name}}}`, which is not one of her intake answers"),
            format!("the plan fills in her intake answers and {consts}"),
        ),
        Ctx::Named(id) => match required::args(id) {
            Some(args) if !args.is_empty() => {
                let given: Vec<String> = args
                    .iter()
                    .map(|a| {
                        if *a == ANSWERS {
                            "her intake answers".to_owned()
                        } else {
                            format!("{{{a}}}")
                        }
                    })
                    .collect();
                (
                    format!(
                        "text `{id}` uses `{{{name}}}`, which Restride does not fill in for it"
                    ),
                    format!(
                        "Restride fills in {} here, besides {consts}",
                        given.join(", ")
                    ),
                )
            }
            Some(_) => (
                format!("text `{id}` uses `{{{name}}}`, which Restride does not fill in for it"),
                format!("Restride fills in only {consts} here"),
            ),
            None => (
                format!("text `{id}` uses `{{{name}}}`, which is not a constant"),
                format!(
                    "Restride does not send this text by name, so only {consts} are filled in (it is shown by prefix, or inside others as `{{text.{id}}}`)"
                ),
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_names_render_fills() {
        assert_eq!(
            names("Call {emergency_number} or {text.crisis_now}; {not a name} {}"),
            vec!["emergency_number", "text.crisis_now"]
        );
        assert_eq!(names("unclosed {brace"), Vec::<&str>::new());
    }

    #[test]
    fn locates_a_placeholder_under_its_key() {
        let src = "- id: a\n  text: \"{x}\"\n  why: |\n    Because {x} and {y}\n";
        assert_eq!(locate(src, 1, None, "{x}"), Some((2, 10)));
        assert_eq!(locate(src, 1, Some("why"), "{x}"), Some((4, 13)));
        assert_eq!(locate(src, 1, Some("why"), "{z}"), None);
    }
}
