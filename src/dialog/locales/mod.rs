//! The locales: English from the dialog YAML (the source and the fallback),
//! each translation from `locales/<lang>/*.ftl` with its `locale.yaml`, and
//! two pseudo-locales the tests walk (`qps-ploca`: accented and lengthened;
//! `qps-plocm`: the same, right to left). Every translation is checked here
//! like the dialogs: a message missing, unknown, with an argument the source
//! does not pass, without a plural form its language needs, or with
//! unbalanced markup is an error at its file and line; a translation older
//! than its English is a warning.

mod check;

pub use check::balanced;
use check::{Check, Reads, Uses, plural_categories, uses};

use super::catalog::{self, Entry};
use super::diag::{Diagnostic, Pos};
use super::fluent::{self as fl, Bundle};
use super::load::{LOCALES, Sources};
use fluent_bundle::{FluentArgs, FluentResource};
use fluent_syntax::ast;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

/// The source language.
pub const EN: &str = "en";
/// The pseudo-locales (never offered to a mum).
pub const PSEUDO: &str = "qps-ploca";
pub const PSEUDO_RTL: &str = "qps-plocm";

/// One language the bot can speak.
pub struct Locale {
    pub code: String,
    pub name: String,
    pub reviewed: bool,
    pub complete: bool,
    bundle: Bundle,
}

impl std::fmt::Debug for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Locale({})", self.code)
    }
}

/// Every locale, English first.
#[derive(Debug)]
pub struct Locales {
    /// English source -> message id.
    ids: HashMap<String, String>,
    /// The values each message reads in any locale (formatting is given
    /// only those).
    reads: HashMap<String, Reads>,
    list: Vec<Locale>,
    /// The English resource, which the pseudo-locales transform.
    english: Arc<FluentResource>,
    /// The pseudo-locales, built when first asked for (only tests ask).
    pseudo: OnceLock<Vec<Locale>>,
}

/// The hash a translation keeps of the English it was made from.
pub fn source_hash(source: &str) -> String {
    Sha256::digest(source.as_bytes())
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Default for Locales {
    fn default() -> Locales {
        Locales {
            ids: HashMap::new(),
            reads: HashMap::new(),
            english: Arc::new(FluentResource::try_new(String::new()).unwrap_or_else(|(r, _)| r)),
            pseudo: OnceLock::new(),
            list: vec![Locale {
                code: EN.into(),
                name: "English".into(),
                reviewed: true,
                complete: true,
                bundle: fl::bundle(EN),
            }],
        }
    }
}

impl Locales {
    /// The message id of an English text, if it is one of the catalog's.
    pub fn id_of(&self, source: &str) -> Option<&str> {
        self.ids.get(source).map(String::as_str)
    }

    /// The values message `id` reads in some locale; `None`: it includes
    /// other messages, so give it everything.
    pub fn reads(&self, id: &str) -> Option<&BTreeSet<String>> {
        let r = self.reads.get(id)?;
        (!r.refs).then_some(&r.vars)
    }

    pub fn get(&self, code: &str) -> Option<&Locale> {
        if code == PSEUDO || code == PSEUDO_RTL {
            return self.pseudo().iter().find(|l| l.code == code);
        }
        self.list.iter().find(|l| l.code == code)
    }

    fn pseudo(&self) -> &[Locale] {
        self.pseudo.get_or_init(|| {
            [
                (PSEUDO, fl::accent as fn(&str) -> std::borrow::Cow<'_, str>),
                (PSEUDO_RTL, fl::accent_rtl),
            ]
            .into_iter()
            .map(|(code, transform)| {
                let mut b = fl::bundle(EN);
                b.set_transform(Some(transform));
                let _ = b.add_resource(self.english.clone());
                Locale {
                    code: code.into(),
                    name: code.into(),
                    reviewed: false,
                    complete: true,
                    bundle: b,
                }
            })
            .collect()
        })
    }

    /// Every locale with its files (English first), pseudo-locales left out.
    pub fn all(&self) -> impl Iterator<Item = &Locale> {
        self.list.iter()
    }

    /// Message `id` (whose English is `source`) in `lang`, English where
    /// `lang` is not a locale or lacks it (every bundle holds the English),
    /// its arguments filled in.
    pub fn format(&self, lang: &str, id: &str, source: &str, args: &FluentArgs) -> Option<String> {
        let locale = self.get(lang).unwrap_or(&self.list[0]);
        let body = fl::format(&locale.bundle, id, args)?;
        // Fluent trims a pattern; the source's own leading and trailing
        // whitespace (a YAML block's final newline) is kept.
        let lead = &source[..source.len() - source.trim_start().len()];
        let trail = &source[source.trim_end().len()..];
        Some(format!("{lead}{body}{trail}"))
    }

    /// Builds every locale; errors and warnings are returned apart.
    /// `names` are the variables a flow or plan text may use.
    pub fn build(
        src: &Sources,
        entries: &[Entry],
        names: &BTreeSet<String>,
    ) -> (Locales, Vec<Diagnostic>, Vec<Diagnostic>) {
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        let mut ids = HashMap::new();
        let by_id: BTreeMap<&str, &Entry> = entries.iter().map(|e| (e.id.as_str(), e)).collect();
        // The English as one Fluent resource, parsed once: a text that is not
        // valid Fluent is reported where it is written, and left out.
        let mut english = String::new();
        for e in entries {
            ids.entry(e.source.clone()).or_insert_with(|| e.id.clone());
            english.push_str(&fl::message(&e.id, &fl::pattern(&e.source)));
        }
        let mut en_vars: HashMap<String, BTreeSet<String>> = HashMap::new();
        let mut reads: HashMap<String, Reads> = HashMap::new();
        let en_res = Arc::new(FluentResource::try_new(english).unwrap_or_else(|(r, _)| r));
        for entry in en_res.entries() {
            match entry {
                ast::Entry::Message(m) => {
                    let mut u = Uses::default();
                    if let Some(v) = &m.value {
                        uses(v, &mut u);
                    }
                    let r = Reads::of(&u);
                    en_vars.insert(m.id.name.to_owned(), r.vars.clone());
                    reads.insert(m.id.name.to_owned(), r);
                }
                // Left out of the bundle by Fluent itself.
                ast::Entry::Junk { content } => {
                    let id = content.split(" =").next().unwrap_or("").trim();
                    if let Some(e) = by_id.get(id) {
                        errors.push(
                            Diagnostic::new(
                                find_source(src, &e.source),
                                "this text is not valid Fluent (its `{…}` are not balanced placeholders or selectors)",
                            )
                            .hint("write `{name}` for a value, or a whole selector: `{ $count -> [one] one day *[other] {count} days }`"),
                        );
                    }
                }
                _ => {}
            }
        }
        let mut en = fl::bundle(EN);
        let _ = en.add_resource(en_res.clone());
        let mut list = vec![Locale {
            code: EN.into(),
            name: "English".into(),
            reviewed: true,
            complete: true,
            bundle: en,
        }];

        // The translations, one folder each.
        let mut langs: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
        for (rel, text) in &src.files {
            if let Some(rest) = rel.strip_prefix(LOCALES)
                && let Some((lang, _)) = rest.split_once('/')
            {
                langs.entry(lang).or_default().push((rel, text));
            }
        }
        for (lang, files) in langs {
            let check = Check {
                src,
                lang,
                by_id: &by_id,
                en_vars: &en_vars,
                shown: &ids,
                names,
                plurals: plural_categories(lang),
            };
            if let Some(l) = check.locale(&files, &en_res, &mut reads, &mut errors, &mut warnings) {
                list.push(l);
            }
        }
        let locales = Locales {
            ids,
            reads,
            list,
            english: en_res,
            pseudo: OnceLock::new(),
        };
        (locales, errors, warnings)
    }

    /// The messages `lang` lacks or has older than their English, as Fluent
    /// source to translate (the English in place, its hash above it), for
    /// the area `area` (`texts`, `intake`, …) or every area.
    pub fn template(
        &self,
        src: &Sources,
        entries: &[Entry],
        lang: &str,
        area: Option<&str>,
    ) -> String {
        let have = translated(src, lang);
        let mut out = String::new();
        for e in entries {
            if area.is_some_and(|a| catalog::area(&e.id) != a) {
                continue;
            }
            let hash = source_hash(&e.source);
            if have.get(e.id.as_str()).is_some_and(|h| *h == hash) {
                continue;
            }
            out.push_str(&format!("# en: {hash}\n"));
            out.push_str(&fl::message(&e.id, &fl::pattern(&e.source)));
            out.push('\n');
        }
        out
    }
}

/// The ids `lang`'s files hold, with the source hash each was made from.
fn translated<'a>(src: &'a Sources, lang: &str) -> BTreeMap<&'a str, String> {
    let prefix = format!("{LOCALES}{lang}/");
    let mut out = BTreeMap::new();
    for (rel, text) in &src.files {
        if rel.starts_with(&prefix) && rel.ends_with(".ftl") {
            let r = match fluent_syntax::parser::parse(text.as_str()) {
                Ok(r) | Err((r, _)) => r,
            };
            for e in r.body {
                if let ast::Entry::Message(m) = e {
                    out.insert(m.id.name, comment_hash(&m).unwrap_or_default());
                }
            }
        }
    }
    out
}

/// The `en: <hash>` line of a message's comment.
fn comment_hash(m: &ast::Message<&str>) -> Option<String> {
    m.comment
        .as_ref()?
        .content
        .iter()
        .find_map(|l| l.trim().strip_prefix("en:").map(|h| h.trim().to_owned()))
}

/// Where an English text is written: the first dialog file line holding its
/// first line.
fn find_source(src: &Sources, source: &str) -> Pos {
    let first = source.trim().lines().next().unwrap_or("");
    for (rel, text) in &src.files {
        if rel.starts_with(LOCALES) {
            continue;
        }
        if let Some(at) = text.find(first) {
            let (line, col) = line_col(text, at);
            return Pos {
                file: src.display(rel),
                line,
                col,
            };
        }
    }
    Pos::file_only(&src.root)
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, at: usize) -> (u32, u32) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
    (line, col)
}
