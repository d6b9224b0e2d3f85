//! Checking one translation against the English: every message known,
//! reading only values its English passes, with every plural form its
//! language needs and balanced markup; the hash of the English it was made
//! from, and one wording per English text.

use super::*;
use crate::dialog::compile::CONSTANTS;
use crate::dialog::diag::closest;
use crate::dialog::required::{self, ANSWERS};
use serde::Deserialize;

/// What `locales/<lang>/locale.yaml` says of a translation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    /// The language's own name for itself (`Español`), on the `/language` buttons.
    name: String,
    /// A clinician fluent in it has reviewed it.
    #[serde(default)]
    reviewed: bool,
    /// Every message is there: a missing one is an error (else a warning,
    /// and English is shown in its place).
    #[serde(default = "yes")]
    complete: bool,
}

fn yes() -> bool {
    true
}

/// The plural categories a language's whole numbers from 0 to 1,000 fall in
/// (what a count of days or weeks can need).
pub(super) fn plural_categories(lang: &str) -> BTreeSet<&'static str> {
    use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
    let Ok(id) = lang.parse::<unic_langid::LanguageIdentifier>() else {
        return BTreeSet::new();
    };
    let Ok(rules) = PluralRules::create(id, PluralRuleType::CARDINAL) else {
        return BTreeSet::new();
    };
    (0..=1000u32)
        .filter_map(|n| rules.select(n).ok())
        .map(|c| match c {
            PluralCategory::ZERO => "zero",
            PluralCategory::ONE => "one",
            PluralCategory::TWO => "two",
            PluralCategory::FEW => "few",
            PluralCategory::MANY => "many",
            PluralCategory::OTHER => "other",
        })
        .collect()
}

/// Our markup is balanced: an even number of `*`, and of `_` that open or
/// close (not one inside a word), escapes not counted.
pub fn balanced(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let (mut stars, mut unders) = (0, 0);
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '*' => stars += 1,
            '_' => {
                let prev = i.checked_sub(1).map(|p| chars[p]).unwrap_or(' ');
                let next = chars.get(i + 1).copied().unwrap_or(' ');
                if !(prev.is_alphanumeric() && next.is_alphanumeric()) {
                    unders += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    stars % 2 == 0 && unders % 2 == 0
}

/// What a pattern uses: variables, message references, selectors, and the
/// text of each alternative it can produce (for the markup check).
#[derive(Default)]
pub(super) struct Uses<'s> {
    vars: BTreeSet<&'s str>,
    refs: BTreeSet<&'s str>,
    /// Variant keys of each selector on a variable.
    selects: Vec<(&'s str, Vec<&'s str>)>,
    texts: Vec<String>,
}

pub(super) fn uses<'s>(p: &ast::Pattern<&'s str>, u: &mut Uses<'s>) {
    let mut text = String::new();
    for el in &p.elements {
        match el {
            ast::PatternElement::TextElement { value } => text.push_str(value),
            ast::PatternElement::Placeable { expression } => expr(expression, u),
        }
    }
    u.texts.push(text);
}

fn expr<'s>(e: &ast::Expression<&'s str>, u: &mut Uses<'s>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline(selector, u);
            if let ast::InlineExpression::VariableReference { id } = selector {
                let keys = variants
                    .iter()
                    .map(|v| match &v.key {
                        ast::VariantKey::Identifier { name } => *name,
                        ast::VariantKey::NumberLiteral { value } => *value,
                    })
                    .collect();
                u.selects.push((id.name, keys));
            }
            for v in variants {
                uses(&v.value, u);
            }
        }
        ast::Expression::Inline(i) => inline(i, u),
    }
}

fn inline<'s>(e: &ast::InlineExpression<&'s str>, u: &mut Uses<'s>) {
    match e {
        ast::InlineExpression::VariableReference { id } => {
            u.vars.insert(id.name);
        }
        ast::InlineExpression::MessageReference { id, .. } => {
            u.refs.insert(id.name);
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline(a, u);
            }
            for a in &arguments.named {
                inline(&a.value, u);
            }
        }
        ast::InlineExpression::Placeable { expression } => expr(expression, u),
        _ => {}
    }
}

/// The values a message reads, and whether it includes other messages.
#[derive(Debug, Default)]
pub(super) struct Reads {
    pub(super) vars: BTreeSet<String>,
    pub(super) refs: bool,
}

impl Reads {
    pub(super) fn of(u: &Uses) -> Reads {
        Reads {
            vars: u.vars.iter().map(|v| v.to_string()).collect(),
            refs: !u.refs.is_empty(),
        }
    }

    pub(super) fn add(&mut self, other: Reads) {
        self.vars.extend(other.vars);
        self.refs |= other.refs;
    }
}

const PLURAL: &[&str] = &["zero", "one", "two", "few", "many", "other"];

/// Checking one translation.
pub(super) struct Check<'a> {
    pub(super) src: &'a Sources,
    pub(super) lang: &'a str,
    pub(super) by_id: &'a BTreeMap<&'a str, &'a Entry>,
    /// The values each English message reads.
    pub(super) en_vars: &'a HashMap<String, BTreeSet<String>>,
    /// English source -> the message whose translation is shown for it.
    pub(super) shown: &'a HashMap<String, String>,
    pub(super) names: &'a BTreeSet<String>,
    pub(super) plurals: BTreeSet<&'static str>,
}

impl Check<'_> {
    pub(super) fn locale(
        &self,
        files: &[(&str, &str)],
        en: &Arc<FluentResource>,
        reads: &mut HashMap<String, Reads>,
        errors: &mut Vec<Diagnostic>,
        warnings: &mut Vec<Diagnostic>,
    ) -> Option<Locale> {
        let lang = self.lang;
        let meta_rel = format!("{LOCALES}{lang}/locale.yaml");
        let Some(meta_text) = self.src.get(&meta_rel) else {
            errors.push(
                Diagnostic::new(
                    Pos::file_only(&self.src.display(&format!("{LOCALES}{lang}"))),
                    format!("the translation `{lang}` has no locale.yaml"),
                )
                .hint(
                    "add locale.yaml with `name: <the language's own name>` and `reviewed: false`",
                ),
            );
            return None;
        };
        let meta: Meta = match serde_saphyr::from_str(meta_text) {
            Ok(m) => m,
            Err(e) => {
                errors.push(crate::dialog::yaml::error(
                    &self.src.display(&meta_rel),
                    meta_text,
                    &e,
                ));
                return None;
            }
        };
        if lang.parse::<unic_langid::LanguageIdentifier>().is_err() {
            errors.push(
                Diagnostic::new(
                    Pos::file_only(&self.src.display(&meta_rel)),
                    format!("`{lang}` is not a language code"),
                )
                .hint("name the folder after the language, like `es` or `pt-BR`"),
            );
            return None;
        }
        let mut bundle = fl::bundle(lang);
        let mut seen: BTreeSet<String> = BTreeSet::new();
        // Each message's place and words, to compare texts that share an English.
        let mut translated: BTreeMap<String, (Pos, String)> = BTreeMap::new();
        let mut last_line: BTreeMap<String, (String, u32)> = BTreeMap::new();
        for (rel, text) in files {
            if !rel.ends_with(".ftl") {
                if *rel != meta_rel {
                    errors.push(
                        Diagnostic::new(
                            Pos::file_only(&self.src.display(rel)),
                            "a translation folder holds locale.yaml and .ftl files only",
                        )
                        .hint("move this file out of the locale's folder"),
                    );
                }
                continue;
            }
            let area = rel
                .rsplit('/')
                .next()
                .unwrap_or(rel)
                .trim_end_matches(".ftl")
                .to_owned();
            last_line.insert(
                area,
                ((*rel).to_owned(), text.lines().count().max(1) as u32),
            );
            let file = self.src.display(rel);
            // Where each message starts (`id =` at the start of a line).
            let starts: HashMap<&str, u32> = text
                .lines()
                .enumerate()
                .filter_map(|(i, l)| {
                    let (id, rest) = l.split_once('=')?;
                    let id = id.trim_end();
                    (!l.starts_with([' ', '#']) && !id.is_empty() && !id.contains(' '))
                        .then_some((id, i as u32 + 1))
                        .filter(|_| rest.is_empty() || rest.starts_with(' '))
                })
                .collect();
            // Parsed in full for the checks (the runtime parser drops the
            // comments that carry the English's hash), and for the bundle.
            let (r, errs) = match fluent_syntax::parser::parse(*text) {
                Ok(r) => (r, vec![]),
                Err((r, errs)) => (r, errs),
            };
            for e in errs {
                let (line, col) = line_col(text, e.pos.start);
                errors.push(
                    Diagnostic::new(
                        Pos {
                            file: file.clone(),
                            line,
                            col,
                        },
                        format!("this is not valid Fluent: {}", e.kind),
                    )
                    .hint("a message is `id = text`; more lines are indented; a line of text cannot start with [, * or . (write {\"*\"})"),
                );
            }
            for entry in &r.body {
                let ast::Entry::Message(m) = entry else {
                    continue;
                };
                let id = m.id.name;
                let (line, col) = (starts.get(id).copied().unwrap_or(0), 1);
                let pos = Pos {
                    file: file.clone(),
                    line,
                    col,
                };
                let Some(entry) = self.by_id.get(id) else {
                    let hint = closest(id, self.by_id.keys().copied())
                        .map(|c| format!("did you mean `{c}`?"))
                        .unwrap_or_else(|| "remove it: the English has no such text".into());
                    // Unused, so harmless: a warning (the English it was made
                    // for may just have been removed).
                    warnings.push(
                        Diagnostic::new(pos, format!("`{id}` is not a text of the dialogs"))
                            .hint(hint)
                            .width(id.chars().count()),
                    );
                    continue;
                };
                if !seen.insert(id.to_owned()) {
                    errors.push(
                        Diagnostic::new(pos, format!("`{id}` is translated twice"))
                            .hint("keep one of them")
                            .width(id.chars().count()),
                    );
                    continue;
                }
                let hash = source_hash(&entry.source);
                match comment_hash(m) {
                    Some(h) if h == hash => {}
                    Some(_) => warnings.push(
                        Diagnostic::new(pos.clone(), format!("`{id}` was translated from an older English text"))
                            .hint(format!("check it against the English now (`restride translate {lang}` shows it), then write `# en: {hash}` above it")),
                    ),
                    None => warnings.push(
                        Diagnostic::new(pos.clone(), format!("`{id}` does not say which English it was translated from"))
                            .hint(format!("write `# en: {hash}` above it")),
                    ),
                }
                if let Some(value) = &m.value {
                    let (r, words) = self.message(id, value, pos.clone(), errors);
                    reads.entry(id.to_owned()).or_default().add(r);
                    translated.insert(id.to_owned(), (pos, words));
                }
            }
            let (Ok(res) | Err((res, _))) = FluentResource::try_new((*text).to_owned());
            let _ = bundle.add_resource(Arc::new(res));
        }
        // The bot shows one translation for one English text (the first
        // message that has it): a second one worded otherwise is never read.
        for (id, (pos, words)) in &translated {
            let Some(shown) = self
                .by_id
                .get(id.as_str())
                .and_then(|e| self.shown.get(&e.source))
            else {
                continue;
            };
            if shown != id
                && let Some((_, theirs)) = translated.get(shown)
                && theirs != words
            {
                warnings.push(
                    Diagnostic::new(
                        pos.clone(),
                        format!("`{id}` has the same English as `{shown}`, whose translation the bot shows for both"),
                    )
                    .hint(format!("word it as `{shown}` is worded")),
                );
            }
        }
        // What is missing: an error, or English with a warning.
        for (id, _) in self.by_id.iter().filter(|(id, _)| !seen.contains(**id)) {
            let area = catalog::area(id).to_owned();
            let pos = match last_line.get(&area) {
                Some((rel, line)) => Pos {
                    file: self.src.display(rel),
                    line: *line,
                    col: 1,
                },
                None => Pos::file_only(&self.src.display(&format!("{LOCALES}{lang}/{area}.ftl"))),
            };
            let d = Diagnostic::new(
                pos,
                format!("`{id}` is missing from the `{lang}` translation"),
            )
            .hint(format!(
                "translate it (`restride translate {lang} --area {area}` prints it in English)"
            ));
            if meta.complete {
                errors.push(d);
            } else {
                warnings.push(d);
            }
        }
        // English for whatever it lacks (only an incomplete locale lacks any).
        let _ = bundle.add_resource(en.clone());
        Some(Locale {
            code: lang.to_owned(),
            name: meta.name,
            reviewed: meta.reviewed,
            complete: meta.complete,
            bundle,
        })
    }

    /// One translated message against its English.
    fn message(
        &self,
        id: &str,
        value: &ast::Pattern<&str>,
        pos: Pos,
        errors: &mut Vec<Diagnostic>,
    ) -> (Reads, String) {
        let mut mine = Uses::default();
        uses(value, &mut mine);
        let reads = Reads::of(&mine);
        let words = mine.texts.join("\u{1}");
        let theirs: BTreeSet<&str> = self
            .en_vars
            .get(id)
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        // What it may read: what its English reads, the constants, and what
        // the code gives the text (a named one) or her answers (the rest).
        let args = id
            .strip_prefix("text-")
            .map(|t| required::args(t).unwrap_or(&[]));
        let allowed = |v: &str| {
            theirs.contains(v)
                || CONSTANTS.contains(&v)
                || match args {
                    Some(args) => {
                        args.contains(&v) || (args.contains(&ANSWERS) && self.names.contains(v))
                    }
                    None => self.names.contains(v),
                }
        };
        for v in &mine.vars {
            if !allowed(v) {
                let hint = if theirs.is_empty() {
                    "the English uses no values here; write the words instead".to_owned()
                } else {
                    format!(
                        "the English passes {}",
                        theirs
                            .iter()
                            .map(|v| format!("`{{ ${v} }}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                errors.push(
                    Diagnostic::new(
                        pos.clone(),
                        format!("`{id}` uses `${v}`, which its English text does not pass"),
                    )
                    .hint(hint),
                );
            }
        }
        for r in &mine.refs {
            if !self.by_id.contains_key(r) {
                errors.push(
                    Diagnostic::new(
                        pos.clone(),
                        format!("`{id}` refers to `{r}`, which is not a text"),
                    )
                    .hint("refer to a named text as `{ text-<id> }`"),
                );
            }
        }
        for (var, keys) in &mine.selects {
            let plural = keys
                .iter()
                .any(|k| PLURAL.contains(k) && *k != "other" || k.parse::<f64>().is_ok());
            if !plural {
                continue;
            }
            let missing: Vec<&str> = self
                .plurals
                .iter()
                .filter(|c| !keys.contains(c))
                .copied()
                .collect();
            if !missing.is_empty() {
                errors.push(
                    Diagnostic::new(
                        pos.clone(),
                        format!(
                            "`{id}` chooses by the number `${var}` but has no form for {} ({} needs {})",
                            missing.iter().map(|c| format!("`[{c}]`")).collect::<Vec<_>>().join(", "),
                            self.lang,
                            self.plurals.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
                        ),
                    )
                    .hint("add the missing forms to the selector"),
                );
            }
        }
        if mine.texts.iter().any(|t| !balanced(t)) {
            errors.push(
                Diagnostic::new(pos, format!("`{id}` has unbalanced markup"))
                    .hint("every `*` and `_` that starts bold or italic needs one that ends it; write `\\*` for a star itself"),
            );
        }
        (reads, words)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_balance_counts_what_opens_and_closes() {
        assert!(balanced("*a* _b_ snake_case \\*"));
        assert!(!balanced("*a _b"));
    }

    #[test]
    fn spanish_needs_one_and_other() {
        let c = plural_categories("es");
        assert!(c.contains("one") && c.contains("other"), "{c:?}");
        assert_eq!(plural_categories("en").len(), 2);
    }
}
