//! The one text service: every text she or a clinic reads comes from the
//! dialog texts by id, with its arguments, through the one placeholder filler
//! here. It sits between `dialog` and `engine` (not after the engine, as the
//! first sketch of the layout had it): the engine itself shows named texts
//! (re-prompts, welcome back) and must fill them the same way.

use crate::dialog::Dialogs;
use crate::dialog::fluent;
use crate::dialog::value::Value;
use fluent_bundle::FluentArgs;
use std::collections::{BTreeMap, BTreeSet};

/// Our markup's characters in a value, escaped so the value reads as written
/// (a clinic named `St *Mary _Women's* Unit_` stays plain text).
pub fn escape(value: &str) -> String {
    if !value.contains(['*', '_', '\\']) {
        return value.to_owned();
    }
    value
        .replace('\\', "\\\\")
        .replace('*', "\\*")
        .replace('_', "\\_")
}

/// Our markup as plain text: the markers gone, the escapes undone (for the
/// terminal, the chart and the poster).
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next @ ('*' | '_' | '\\')) => out.push(next),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
            '*' | '_' => {}
            other => out.push(other),
        }
    }
    out
}

/// What every text needs: the dialogs and the configured numbers and names.
pub struct Env<'a> {
    pub dialogs: &'a Dialogs,
    /// `emergency_number`, `crisis_line`, `support_lines`, `clinic_name`, …
    pub constants: &'a BTreeMap<String, String>,
    /// The locale she reads (`en`, `es`, …).
    pub lang: &'a str,
}

impl Env<'_> {
    /// A named text, its configured numbers filled in.
    pub fn t(&self, id: &str) -> String {
        self.tf(id, &[])
    }

    /// A named text with arguments (`{answer}`, `{min}`, …).
    pub fn tf(&self, id: &str, args: &[(&str, &str)]) -> String {
        render_with(self, &BTreeMap::new(), args, self.dialogs.text(id))
    }

    /// A text of the dialogs (a button, a label, a title) in her language;
    /// any other text as it is.
    pub fn tr(&self, text: &str) -> String {
        if self.lang == crate::dialog::locales::EN || self.dialogs.locales.id_of(text).is_none() {
            return text.to_owned();
        }
        render(self, &BTreeMap::new(), text)
    }

    /// What she typed, with the words of her language that the reader of
    /// typed answers knows in English replaced (`typed_words`: pairs such
    /// as `meses=months`; `de=` drops a word).
    pub fn typed(&self, input: &str) -> String {
        if self.lang == crate::dialog::locales::EN {
            return input.to_owned();
        }
        let pairs = self.t("typed_words");
        let map: BTreeMap<&str, &str> = pairs
            .split_whitespace()
            .filter_map(|p| p.split_once('='))
            .collect();
        if map.is_empty() {
            return input.to_owned();
        }
        input
            .split_whitespace()
            .filter_map(|w| {
                let lower = w.to_lowercase();
                let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
                match map.get(bare) {
                    Some(&"") => None,
                    Some(en) => Some((*en).to_owned()),
                    None => Some(w.to_owned()),
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The label of a code: the text `<prefix>_<code>` (`level_gentle`), else
    /// the code with spaces.
    pub fn label(&self, prefix: &str, code: &str) -> String {
        let id = format!("{prefix}_{code}");
        if self.dialogs.texts.contains_key(&id) {
            self.t(&id)
        } else {
            code.replace('_', " ")
        }
    }
}

/// Fills `{placeholders}`: variables, configured constants and `{text.name}`.
pub fn render(env: &Env, vars: &BTreeMap<String, Value>, text: &str) -> String {
    render_with(env, vars, &[], text)
}

/// Like [`render`], with arguments that come first (`{min}`, `{answer}`, …).
pub fn render_with(
    env: &Env,
    vars: &BTreeMap<String, Value>,
    args: &[(&str, &str)],
    text: &str,
) -> String {
    // English without placeholders reads as written (Fluent would give the
    // same text back, only slower).
    if env.lang == crate::dialog::locales::EN && !text.contains('{') {
        return text.to_owned();
    }
    let locales = &env.dialogs.locales;
    let Some(id) = locales.id_of(text) else {
        // Not a text of the dialogs (a test's own, or a value shown as is).
        return render_depth(env, vars, args, text, 0);
    };
    // Values read as written: our markup's characters in them are escaped,
    // but a code (`with_me`) stays as it is for selectors to match (its
    // underscores sit inside a word, where they are no markup). The
    // arguments come first, then her variables, then the constants.
    let value = |k: &str| {
        if let Some((_, v)) = args.iter().find(|(a, _)| *a == k) {
            return Some(escape(v));
        }
        if let Some(v) = vars.get(k) {
            let v = v.to_string();
            let code = v
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            return Some(if code { v } else { escape(&v) });
        }
        env.constants.get(k).map(|v| escape(v))
    };
    let mut fa = FluentArgs::new();
    let mut give = |k: &str| {
        if let Some(v) = value(k) {
            fa.set(k.to_owned(), fluent::value(&v));
        }
    };
    // Only the values the message reads (in some locale); all of them when
    // it includes other messages.
    match locales.reads(id) {
        Some(names) => names.iter().for_each(|k| give(k)),
        None => {
            let all: BTreeSet<&str> = (args.iter().map(|(k, _)| *k))
                .chain(vars.keys().map(String::as_str))
                .chain(env.constants.keys().map(String::as_str))
                .collect();
            all.into_iter().for_each(give);
        }
    }
    locales
        .format(env.lang, id, text, &fa)
        .unwrap_or_else(|| render_depth(env, vars, args, text, 0))
}

fn render_depth(
    env: &Env,
    vars: &BTreeMap<String, Value>,
    args: &[(&str, &str)],
    text: &str,
    depth: u8,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let name = &after[..close];
        // A value reads as written: our markup's characters in it are escaped
        // (a named text brings its own markup).
        let value = if let Some(t) = name.strip_prefix("text.") {
            (depth < 3).then(|| render_depth(env, vars, args, env.dialogs.text(t), depth + 1))
        } else if let Some((_, v)) = args.iter().find(|(k, _)| *k == name) {
            Some(escape(v))
        } else if let Some(v) = vars.get(name) {
            Some(escape(&v.to_string()))
        } else {
            env.constants.get(name).map(|v| escape(v))
        };
        match value {
            Some(v) => out.push_str(&v),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_come_before_variables_and_constants() {
        let d = crate::dialog::compile(&crate::dialog::load::Sources::embedded()).unwrap();
        let constants = BTreeMap::from([("emergency_number".to_owned(), "112".to_owned())]);
        let env = Env {
            dialogs: &d,
            constants: &constants,
            lang: "en",
        };
        let vars = BTreeMap::from([("x".to_owned(), Value::Int(3))]);
        assert_eq!(
            render_with(&env, &vars, &[("x", "7")], "{x} {emergency_number} {nope}"),
            "7 112 {nope}"
        );
        assert_eq!(render(&env, &vars, "{x}"), "3");
    }
}
