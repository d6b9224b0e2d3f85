//! YAML errors as diagnostics, for dialog files and their test cases. A key
//! indented deeper or less than its neighbours makes serde-saphyr report
//! something far from the cause ("did not find expected key", "unknown
//! field", a type error on the line above); the source lines around the
//! reported place usually show what was meant, and then that is reported.

use super::diag::{Diagnostic, Pos, closest};

/// The diagnostic for a file that does not parse. `file` is its display name.
pub fn error(file: &str, text: &str, e: &serde_saphyr::Error) -> Diagnostic {
    let (line, col) = e
        .location()
        .map(|l| (l.line() as u32, l.column() as u32))
        .unwrap_or((0, 0));
    let raw = match e {
        serde_saphyr::Error::Message { msg, .. } => msg.clone(),
        other => other.to_string(),
    };
    let first = strip_location(raw.lines().next().unwrap_or(""));
    if line > 0
        && let Some(d) = misindented(file, text, line as usize, &first)
    {
        return d;
    }
    let mut d = Diagnostic::new(
        Pos {
            file: file.to_owned(),
            line,
            col,
        },
        first.clone(),
    );
    if let Some(h) = hint(&first) {
        d = d.hint(h);
    }
    d
}

/// serde-saphyr starts its messages with "error: line L column C: "; the
/// diagnostic shows the place itself.
fn strip_location(msg: &str) -> String {
    let m = msg.strip_prefix("error: ").unwrap_or(msg);
    if let Some(rest) = m.strip_prefix("line ")
        && let Some((loc, after)) = rest.split_once(": ")
        && loc.contains("column")
    {
        return after.to_owned();
    }
    m.to_owned()
}

fn hint(msg: &str) -> Option<String> {
    if let Some((name, fields)) = unknown_field(msg) {
        return Some(match closest(name, fields.iter().copied()) {
            Some(c) => format!("did you mean `{c}`?"),
            None => "remove the key or check its spelling".to_owned(),
        });
    }
    if msg.contains("unknown variant") {
        return Some("use one of the values listed".to_owned());
    }
    if msg.contains("missing field") {
        return Some("add the missing key".to_owned());
    }
    None
}

/// The name and the expected fields of an "unknown field" message.
fn unknown_field(msg: &str) -> Option<(&str, Vec<&str>)> {
    let rest = msg.strip_prefix("unknown field `")?;
    let name = rest.split('`').next().unwrap_or("");
    let expected = rest.split("expected one of ").nth(1).unwrap_or("");
    let fields = expected
        .split(", ")
        .map(|s| s.trim_matches(|c| c == '`' || c == ' '))
        .filter(|s| !s.is_empty())
        .collect();
    Some((name, fields))
}

/// One line of YAML that holds a `key:`.
#[derive(Clone, Copy)]
struct Key<'a> {
    /// 0-based line number.
    at: usize,
    /// The spaces before the line's first character (the `-` of an item).
    indent: usize,
    /// The column of the key (0-based; after `- ` on a sequence item).
    col: usize,
    key: &'a str,
    value: &'a str,
    /// The line starts a sequence item (`- key: …`).
    dash: bool,
}

fn significant(line: &str) -> bool {
    let t = line.trim_start();
    !t.is_empty() && !t.starts_with('#')
}

fn key_line(at: usize, line: &str) -> Option<Key<'_>> {
    let t = line.trim_start_matches(' ');
    let indent = line.len() - t.len();
    let mut col = indent;
    let (rest, dash) = match t.strip_prefix("- ") {
        Some(r) => {
            let r2 = r.trim_start_matches(' ');
            col += 2 + (r.len() - r2.len());
            (r2, true)
        }
        None => (t, false),
    };
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let key = &rest[..end];
    let after = &rest[end..];
    let first = key.chars().next()?;
    if !(first.is_ascii_alphabetic() || first == '_') {
        return None;
    }
    let value = after.strip_prefix(':')?;
    if !(value.is_empty() || value.starts_with(' ')) {
        return None;
    }
    Some(Key {
        at,
        indent,
        col,
        key,
        value: value.trim(),
        dash,
    })
}

/// Whether a key's value is complete on its own line (so the lines below
/// cannot belong to it).
fn complete(value: &str) -> bool {
    let v = value.split(" #").next().unwrap_or("").trim();
    if v.is_empty() || v.starts_with('|') || v.starts_with('>') {
        return false;
    }
    let closed =
        |open: char, close: char| !v.starts_with(open) || (v.len() > 1 && v.ends_with(close));
    closed('"', '"') && closed('\'', '\'') && closed('[', ']') && closed('{', '}')
}

/// The significant line before line `at` (0-based).
fn before<'a>(lines: &[&'a str], at: usize) -> Option<(usize, &'a str)> {
    (0..at)
        .rev()
        .find(|&i| significant(lines[i]))
        .map(|i| (i, lines[i]))
}

/// The key columns of the mappings that enclose the key line `from` (its
/// own first), each with a key line at that column.
fn enclosing<'a>(lines: &[&'a str], from: Key<'a>) -> Vec<(usize, Key<'a>)> {
    let mut out = vec![(from.col, from)];
    // Lines above whose key column is below `min` belong to an enclosing level.
    let mut min = if from.dash { from.indent + 1 } else { from.col };
    for i in (0..from.at).rev() {
        if min == 0 {
            break;
        }
        let Some(k) = key_line(i, lines[i]) else {
            continue;
        };
        if k.col < min {
            out.push((k.col, k));
            min = if k.dash { k.indent + 1 } else { k.col };
        } else if k.dash && k.col == out.last().map_or(usize::MAX, |l| l.0) {
            // The item that starts the current level's mapping.
            min = min.min(k.indent + 1);
        }
    }
    out
}

/// What the mapping holding key line `k` is: "node", "option", "`outcome:`", ….
fn what(lines: &[&str], k: Key<'_>) -> String {
    let mut item = k.dash.then_some(k);
    let mut holder = None;
    if item.is_none() {
        for i in (0..k.at).rev() {
            let Some(o) = key_line(i, lines[i]) else {
                continue;
            };
            if o.col == k.col && o.dash {
                item = Some(o);
                break;
            }
            if o.col < k.col {
                holder = Some(o);
                break;
            }
        }
    }
    if let Some(item) = item {
        let parent = (0..item.at)
            .rev()
            .filter_map(|i| key_line(i, lines[i]))
            .find(|o| o.col <= item.indent && !(o.dash && o.indent == item.indent));
        return match parent.map(|p| p.key) {
            Some("nodes") => "node".into(),
            Some("options") => "option".into(),
            Some("branches") => "branch".into(),
            Some("stops") => "stop".into(),
            Some("rules") => "rule".into(),
            Some("adaptations") => "adaptation".into(),
            Some("exercises") => "exercise".into(),
            Some("referrals") => "referral".into(),
            Some("advice") => "advice entry".into(),
            Some("texts") => "text".into(),
            Some("variants") => "variant".into(),
            Some("cases") => "case".into(),
            Some("picks") => "pick".into(),
            Some("streaks") => "streak".into(),
            Some(other) => format!("item of `{other}:`"),
            None => "item".into(),
        };
    }
    match holder {
        Some(h) => format!("`{}:`", h.key),
        None => "file".into(),
    }
}

/// A key reported missing from the mapping at line `at` that is there, but
/// indented into the value of one of its keys.
fn missing_key(file: &str, lines: &[&str], at: usize, msg: &str) -> Option<Diagnostic> {
    let name = msg.strip_prefix("missing field `")?.split('`').next()?;
    let r = (at..lines.len()).find_map(|i| key_line(i, lines.get(i)?))?;
    for i in r.at + 1..lines.len() {
        if !significant(lines[i]) {
            continue;
        }
        let indent = lines[i].len() - lines[i].trim_start_matches(' ').len();
        if indent < r.col {
            break;
        }
        if let Some(k) = key_line(i, lines[i]).filter(|k| k.key == name && k.col > r.col) {
            let sibling = (r.at..i)
                .rev()
                .filter_map(|j| key_line(j, lines[j]))
                .find(|o| o.col == r.col)
                .unwrap_or(r);
            return Some(
                Diagnostic::new(
                    Pos {
                        file: file.to_owned(),
                        line: i as u32 + 1,
                        col: k.col as u32 + 1,
                    },
                    format!(
                        "`{name}` is indented {} deeper than the other keys of {}, so it is read as part of `{}:`",
                        spaces(k.col - r.col),
                        of(&what(lines, r)),
                        sibling.key
                    ),
                )
                .hint(format!(
                    "did you mean to align it with `{}:` on line {}?",
                    sibling.key,
                    sibling.at + 1
                ))
                .width(name.len()),
            );
        }
    }
    None
}

/// "this node", or "`outcome:`" as it is.
fn of(what: &str) -> String {
    if what.starts_with('`') {
        what.to_owned()
    } else {
        format!("this {what}")
    }
}

fn spaces(n: usize) -> String {
    format!("{n} space{}", if n == 1 { "" } else { "s" })
}

/// A key on or next to line `line` (1-based) whose indentation does not match
/// the keys around it, explained on its own line.
fn misindented(file: &str, text: &str, line: usize, msg: &str) -> Option<Diagnostic> {
    let lines: Vec<&str> = text.lines().collect();
    let at = line - 1;
    if let Some(d) = missing_key(file, &lines, at, msg) {
        return Some(d);
    }
    let unknown = unknown_field(msg).filter(|(name, fields)| {
        closest(name, fields.iter().copied()).is_none() && !fields.contains(name)
    });
    for c in [Some(at), at.checked_add(1), at.checked_sub(1)]
        .into_iter()
        .flatten()
        .filter(|&c| c < lines.len())
    {
        let Some(k) = key_line(c, lines[c]).filter(|k| !k.dash) else {
            continue;
        };
        let pos = Pos {
            file: file.to_owned(),
            line: c as u32 + 1,
            col: k.col as u32 + 1,
        };
        let align = |to: Key<'_>| {
            format!(
                "did you mean to align it with `{}:` on line {}?",
                to.key,
                to.at + 1
            )
        };
        let Some((pi, pl)) = before(&lines, c) else {
            continue;
        };
        let Some(p) = key_line(pi, pl) else {
            // Below the items of a list (`- {code: …}`), at their column.
            let item = pl.trim_start_matches(' ');
            let holder = (0..pi)
                .rev()
                .filter_map(|i| key_line(i, lines[i]))
                .find(|o| o.col < k.col);
            if item.starts_with("- ")
                && pl.len() - item.len() == k.col
                && let Some(h) = holder.filter(|h| h.value.is_empty())
            {
                return Some(
                    Diagnostic::new(
                        pos,
                        format!(
                            "`{}` is indented {} deeper than `{}:`, as if it were one of its items",
                            k.key,
                            spaces(k.col - h.col),
                            h.key
                        ),
                    )
                    .hint(align(h))
                    .width(k.key.len()),
                );
            }
            continue;
        };
        if k.col > p.col && complete(p.value) {
            return Some(
                Diagnostic::new(
                    pos,
                    format!(
                        "`{}` is indented {} deeper than the other keys of {}",
                        k.key,
                        spaces(k.col - p.col),
                        of(&what(&lines, p))
                    ),
                )
                .hint(align(p))
                .width(k.key.len()),
            );
        }
        if k.col < p.col {
            let levels = enclosing(&lines, p);
            if !levels.iter().any(|(col, _)| *col == k.col) {
                // Between two levels: the nearest deeper one is meant.
                let (col, to) = levels
                    .iter()
                    .filter(|(col, _)| *col > k.col)
                    .min_by_key(|(col, _)| *col)
                    .copied()
                    .unwrap_or((p.col, p));
                return Some(
                    Diagnostic::new(
                        pos,
                        format!(
                            "`{}` is indented {} less than the other keys of {}",
                            k.key,
                            spaces(col - k.col),
                            of(&what(&lines, to))
                        ),
                    )
                    .hint(align(to))
                    .width(k.key.len()),
                );
            }
        }
        if c == at
            && let Some((name, _)) = &unknown
            && *name == k.key
        {
            // A valid place for a key, but not for this one.
            let (message, to) = if p.col == k.col && p.value.is_empty() {
                (
                    format!(
                        "`{}` is not a key of {}; it is at the level of `{}:` above it",
                        k.key,
                        of(&what(&lines, k)),
                        p.key
                    ),
                    Some((p, true)),
                )
            } else if p.col > k.col {
                (
                    format!(
                        "`{}` is not a key of {}; it is indented {} less than `{}:` above it",
                        k.key,
                        of(&what(&lines, k)),
                        spaces(p.col - k.col),
                        p.key
                    ),
                    Some((p, false)),
                )
            } else {
                (
                    format!(
                        "`{}` is not a key of {}, where its indentation puts it",
                        k.key,
                        of(&what(&lines, k))
                    ),
                    enclosing(&lines, p)
                        .into_iter()
                        .map(|(_, e)| e)
                        .find(|e| e.col < k.col)
                        .map(|e| (e, false)),
                )
            };
            if let Some((to, under)) = to {
                let hint = if under {
                    format!(
                        "did you mean to indent it under `{}:` on line {}?",
                        to.key,
                        to.at + 1
                    )
                } else {
                    align(to)
                };
                return Some(Diagnostic::new(pos, message).hint(hint).width(k.key.len()));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explain(text: &str, line: usize, msg: &str) -> Option<String> {
        misindented("f.yaml", text, line, msg).map(|d| {
            format!(
                "{}:{} {} / {}",
                d.pos.line,
                d.pos.col,
                d.message,
                d.hint.unwrap_or_default()
            )
        })
    }

    const NODE: &str = "nodes:\n  - id: a\n    kind: choice\n    text: \"Hi\"\n";

    #[test]
    fn a_key_indented_deeper_than_its_neighbours() {
        let text = format!("{NODE}        options:\n      - {{code: x, label: X}}\n");
        assert_eq!(
            explain(&text, 5, "did not find expected key").as_deref(),
            Some(
                "5:9 `options` is indented 4 spaces deeper than the other keys of this node / did you mean to align it with `text:` on line 4?"
            )
        );
    }

    #[test]
    fn a_key_indented_less_than_its_neighbours() {
        let text = format!("{NODE}   options:\n      - {{code: x, label: X}}\n");
        assert_eq!(
            explain(&text, 5, "did not find expected '-' indicator").as_deref(),
            Some(
                "5:4 `options` is indented 1 space less than the other keys of this node / did you mean to align it with `text:` on line 4?"
            )
        );
    }

    #[test]
    fn a_node_key_at_the_level_of_the_file() {
        let text = format!("{NODE}options:\n  - {{code: x, label: X}}\n");
        let msg = "unknown field `options`, expected one of flow, version, nodes";
        assert_eq!(
            explain(&text, 5, msg).as_deref(),
            Some(
                "5:1 `options` is not a key of this file; it is indented 4 spaces less than `text:` above it / did you mean to align it with `text:` on line 4?"
            )
        );
    }

    #[test]
    fn a_key_among_the_items_of_a_list() {
        let text = format!("{NODE}    options:\n      - {{code: x, label: X}}\n      why: \"y\"\n");
        assert_eq!(
            explain(&text, 7, "did not find expected '-' indicator").as_deref(),
            Some(
                "7:7 `why` is indented 2 spaces deeper than `options:`, as if it were one of its items / did you mean to align it with `options:` on line 5?"
            )
        );
    }

    #[test]
    fn a_missing_key_that_is_indented_into_the_key_above() {
        let text = "cases:\n  - name: a\n    answers:\n      x: 1\n      expect:\n        status: complete\n";
        assert_eq!(
            explain(text, 3, "missing field `expect`").as_deref(),
            Some(
                "5:7 `expect` is indented 2 spaces deeper than the other keys of this case, so it is read as part of `answers:` / did you mean to align it with `answers:` on line 3?"
            )
        );
    }

    #[test]
    fn a_misspelt_key_or_a_plain_syntax_error_is_left_alone() {
        let text = format!("{NODE}    optons:\n");
        let msg = "unknown field `optons`, expected one of id, kind, text, options";
        assert_eq!(explain(&text, 5, msg), None);
        let text = "nodes:\n  - id: a\n    kind: \"choice\n    var: x\n";
        assert_eq!(explain(text, 4, "invalid indentation"), None);
    }
}
