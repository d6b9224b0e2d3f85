//! Node texts shortened for the picture: the gist of a question, cut and wrapped.

use crate::dialog::Dialogs;

/// The gist of a text: its question (the first sentence that asks one), else
/// its first sentences, cut to about `max` characters.
pub fn gist(d: &Dialogs, text: &str, question: bool, max: usize) -> String {
    let text = crate::dialog::fluent::default_wording(&resolve(d, text)).replace('*', "");
    let sentences = sentences(&text);
    if let Some(q) = question
        .then(|| sentences.iter().find(|s| s.ends_with('?')))
        .flatten()
    {
        return cut(q, max);
    }
    // Sentences from the start until there is enough to go on.
    let mut pick = String::new();
    for s in &sentences {
        if pick.chars().count() >= 40 {
            break;
        }
        if !pick.is_empty() {
            pick.push(' ');
        }
        pick.push_str(s);
    }
    cut(&pick, max)
}

/// `{text.id}` replaced by the text it names.
fn resolve(d: &Dialogs, text: &str) -> String {
    let mut out = text.to_owned();
    for _ in 0..3 {
        let Some(start) = out.find("{text.") else {
            break;
        };
        let Some(len) = out[start..].find('}') else {
            break;
        };
        let id = &out[start + 6..start + len];
        let with = d.text(id).to_owned();
        out.replace_range(start..start + len + 1, &with);
    }
    out
}

fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut cur = String::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            cur.push(c);
            if matches!(c, '.' | '?' | '!') && chars.peek().is_none_or(|n| n.is_whitespace()) {
                out.push(cur.trim().to_owned());
                cur.clear();
            }
        }
        if !cur.trim().is_empty() {
            out.push(cur.trim().to_owned());
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// `s` cut to at most `max` characters at a word, with an ellipsis.
pub fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    for w in s.split_whitespace() {
        if out.chars().count() + w.chars().count() + 1 > max.saturating_sub(1) && !out.is_empty() {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    let out: String = out.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", out.trim_end_matches([',', ';', ':', ' ']))
}

/// Lines of at most about `width` characters, broken at spaces.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for w in s.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + w.chars().count() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}
