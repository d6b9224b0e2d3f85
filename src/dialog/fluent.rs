//! Fluent patterns from our English sources, and the bundle a locale formats
//! with. English is written in the dialog YAML with `{name}` placeholders
//! (and, where a number decides the words, Fluent's own selector syntax:
//! `{ $count -> [one] one day *[other] { $count } days }`); it becomes a Fluent
//! message here, so every locale, English included, is formatted by one
//! mechanism.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::borrow::Cow;
use unic_langid::LanguageIdentifier;

/// A locale's bundle (its own messages, English for the rest, whose
/// resource the bundles share).
pub type Bundle = FluentBundle<std::sync::Arc<FluentResource>>;

/// The English source as a Fluent pattern: `{name}` becomes `{ $name }`,
/// `{text.x}` becomes the message reference `{ text-x }`; anything else in
/// braces is Fluent syntax already and is kept.
pub fn pattern(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + 16);
    let mut rest = source;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let word = |w: &str| {
            w.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        match after.find('}') {
            Some(close) if word(&after[..close]) => {
                out.push_str(&format!("{{ ${} }}", &after[..close]));
                rest = &after[close + 1..];
            }
            Some(close) if after[..close].strip_prefix("text.").is_some_and(word) => {
                out.push_str(&format!("{{ text-{} }}", &after[5..close]));
                rest = &after[close + 1..];
            }
            _ => {
                // Fluent syntax, up to its matching brace; placeholders inside
                // it are ours too (`{count}` in a variant).
                let close = matching_brace(rest, open);
                match close {
                    Some(close) => {
                        out.push('{');
                        out.push_str(&selector_lines(&pattern(&rest[open + 1..close])));
                        out.push('}');
                        rest = &rest[close + 1..];
                    }
                    None => {
                        out.push_str(&rest[open..]);
                        rest = "";
                    }
                }
            }
        }
    }
    out.push_str(rest);
    out
}

/// The index of the brace closing the one at `open`, if it is closed.
fn matching_brace(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// A selector written on one line (`{ $n -> [one] a *[other] b }`, easier
/// in YAML) on the lines Fluent needs: each variant on its own, the closing
/// brace too.
fn selector_lines(inner: &str) -> String {
    let Some(arrow) = inner.find("->") else {
        return inner.to_owned();
    };
    let (head, variants) = inner.split_at(arrow + 2);
    let mut out = String::from(head);
    let mut depth = 0usize;
    let chars: Vec<char> = variants.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            '[' | '*' if depth == 0 => {
                let key = c == '[' || chars.get(i + 1) == Some(&'[');
                let after_star = c == '[' && i > 0 && chars[i - 1] == '*';
                if key && !after_star && !out.trim_end_matches(' ').ends_with('\n') {
                    out.truncate(out.trim_end_matches(' ').len());
                    out.push('\n');
                }
            }
            _ => {}
        }
        out.push(c);
    }
    if !out.trim_end_matches(' ').ends_with('\n') {
        out.truncate(out.trim_end_matches(' ').len());
        out.push('\n');
    }
    out
}

/// A text with each selector replaced by its default wording (what the
/// flow's picture shows a clinician): `{ $n -> [one] a *[other] b }` reads `b`.
pub fn default_wording(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = matching_brace(rest, open);
        let Some(close) = close else {
            out.push_str(&rest[open..]);
            return out;
        };
        let inner = &rest[open + 1..close];
        match (inner.trim_start().starts_with('$'), inner.find("*[")) {
            (true, Some(star)) if inner.contains("->") => {
                let value = &inner[star..];
                let value = value.split_once(']').map_or("", |(_, v)| v);
                // Up to the next variant, when the default is not the last.
                let mut end = value.len();
                let mut d = 0usize;
                for (i, c) in value.char_indices() {
                    match c {
                        '{' => d += 1,
                        '}' => d = d.saturating_sub(1),
                        '[' if d == 0 && value[..i].ends_with(char::is_whitespace) => {
                            end = i;
                            break;
                        }
                        _ => {}
                    }
                }
                let words: Vec<&str> = value[..end].lines().map(str::trim).collect();
                out.push_str(&default_wording(words.join("\n").trim()));
            }
            _ => out.push_str(&rest[open..=close]),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// `id = pattern` as Fluent source: the pattern on indented lines, blank
/// lines kept, and a line that Fluent would read as syntax (starting with
/// `[`, `*` or `.`) started with an empty placeable.
pub fn message(id: &str, pattern: &str) -> String {
    let mut out = format!("{id} =\n");
    // Inside a placeable (a selector's variants) a line is Fluent syntax.
    let mut depth = 0usize;
    for line in pattern.trim().lines() {
        if line.trim().is_empty() {
            out.push('\n');
            continue;
        }
        out.push_str("    ");
        if depth == 0 && line.starts_with(['[', '*', '.']) {
            out.push_str("{\"\"}");
        }
        for c in line.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A new bundle for `lang`, writing placeables without isolation marks
/// (Telegram shows the text as we send it).
pub fn bundle(lang: &str) -> Bundle {
    let id: LanguageIdentifier = lang
        .parse()
        .unwrap_or_else(|_| "en".parse().expect("en is a language"));
    let mut b = FluentBundle::new_concurrent(vec![id]);
    b.set_use_isolating(false);
    b
}

/// An argument: a whole number as a number (plural selectors need one), the
/// rest as text.
pub fn value(v: &str) -> FluentValue<'static> {
    match v.parse::<i64>() {
        Ok(n) if n.to_string() == v => FluentValue::from(n),
        _ => FluentValue::from(v.to_owned()),
    }
}

/// Formats message `id` of `b` with `args`; `None` when it has none.
pub fn format(b: &Bundle, id: &str, args: &FluentArgs) -> Option<String> {
    let msg = b.get_message(id)?;
    let pattern = msg.value()?;
    let mut errors = vec![];
    let s = b.format_pattern(pattern, Some(args), &mut errors);
    Some(s.into_owned())
}

/// The pseudo-locale's letters: ASCII letters accented, so an English word
/// that escaped translation stands out.
pub fn accent(s: &str) -> Cow<'_, str> {
    const FROM: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const TO: &str = "ȧƀƈḓḗƒɠħīĵķŀḿƞǿƥɋřşŧŭṽẇẋẏẑȦƁƇḒḖƑƓĦĪĴĶĿḾȠǾƤɊŘŞŦŬṼẆẊẎẐ";
    let map = |c: char| FROM.find(c).and_then(|i| TO.chars().nth(i)).unwrap_or(c);
    // Commands (`/plan`) stay as Telegram needs them; our markup stays.
    let mut out = String::with_capacity(s.len() * 2);
    let mut command = false;
    for c in s.chars() {
        command = if c == '/' {
            true
        } else {
            command && (c.is_ascii_alphanumeric() || c == '_')
        };
        out.push(if command { c } else { map(c) });
    }
    // Lengthened by about a third, as translations often are.
    if s.trim().len() > 3 {
        out.push_str(" ~");
    }
    Cow::Owned(out)
}

/// The right-to-left pseudo-locale: accented, inside a right-to-left embedding.
pub fn accent_rtl(s: &str) -> Cow<'_, str> {
    if s.trim().is_empty() {
        return Cow::Borrowed(s);
    }
    Cow::Owned(format!("\u{202B}{}\u{202C}", accent(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_variables_and_text_references_messages() {
        assert_eq!(pattern("At {time}, {text.x}."), "At { $time }, { text-x }.");
        let sel = "{ $count -> [one] one day *[other] { $count } days }";
        assert_eq!(
            pattern(sel),
            "{ $count ->\n[one] one day\n*[other] { $count } days\n}"
        );
        assert_eq!(pattern("{ $n } and {b}"), "{ $n } and { $b }");
    }

    #[test]
    fn a_message_keeps_its_lines_and_markup() {
        let m = message("a", "first\n\n*bold* line\n[x]");
        let r = FluentResource::try_new(m).unwrap();
        let mut b = bundle("en");
        b.add_resource(std::sync::Arc::new(r)).unwrap();
        let out = format(&b, "a", &FluentArgs::new()).unwrap();
        assert_eq!(out, "first\n\n*bold* line\n[x]");
    }

    #[test]
    fn plurals_choose_by_number() {
        let src = message(
            "d",
            &pattern("{ $count -> [one] one day *[other] {count} days }"),
        );
        let mut b = bundle("en");
        b.add_resource(std::sync::Arc::new(FluentResource::try_new(src).unwrap()))
            .unwrap();
        let mut args = FluentArgs::new();
        args.set("count", value("1"));
        assert_eq!(format(&b, "d", &args).unwrap(), "one day");
        args.set("count", value("3"));
        assert_eq!(format(&b, "d", &args).unwrap(), "3 days");
    }

    #[test]
    fn the_default_wording_of_a_selector() {
        assert_eq!(
            default_wording("Hi. { $b -> [with_me] How old? *[other] How long ago? } Ok {x}"),
            "Hi. How long ago? Ok {x}"
        );
        assert_eq!(
            default_wording("{ $b ->\n  [died] A\n *[other] B\n  C\n}"),
            "B\nC"
        );
    }

    #[test]
    fn the_pseudo_locale_keeps_commands_and_markup() {
        assert_eq!(accent("Send /plan *now*"), "Şḗƞḓ /plan *ƞǿẇ* ~");
    }
}
