//! Writing a [`Picture`] as Mermaid or DOT, with every text escaped for each.

use super::{Box_, Picture, Shape, entry_lines, picture};
use crate::dialog::{Dialogs, Flow};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Characters a line of a node's text, an edge or small print may hold.
const TEXT_WIDTH: usize = 34;
const SMALL_WIDTH: usize = 44;
const EDGE_WIDTH: usize = 38;

/// Words Mermaid reads as keywords, so never bare node ids.
const MERMAID_RESERVED: &[&str] = &[
    "end",
    "graph",
    "flowchart",
    "subgraph",
    "direction",
    "style",
    "class",
    "classdef",
    "click",
    "linkstyle",
    "call",
    "href",
    "default",
];

/// Text inside a quoted Mermaid label: its own entity codes, never HTML.
fn mm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            '|' => out.push_str("#124;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text inside a DOT HTML-like label.
fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text for inside a DOT quoted string.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A DOT quoted string.
fn quoted(s: &str) -> String {
    format!("\"{}\"", escape(s))
}

fn lines(s: &str, width: usize) -> Vec<String> {
    super::text::wrap(s, width)
}

/// A box's label as Mermaid HTML.
fn mermaid_label(b: &Box_) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &b.title {
        parts.push(format!("<b>{}</b>", mm(t)));
    }
    parts.extend(lines(&b.text, TEXT_WIDTH).iter().map(|l| mm(l)));
    if !b.small.is_empty() {
        let small: Vec<String> = lines(&b.small, SMALL_WIDTH).iter().map(|l| mm(l)).collect();
        parts.push(format!("<small>{}</small>", small.join("<br/>")));
    }
    parts.join("<br/>")
}

/// Ids safe to write bare: node ids are letters, digits and `_`, but a few
/// words are Mermaid's own.
fn mermaid_ids(p: &Picture) -> BTreeMap<String, String> {
    let mut ids = BTreeMap::new();
    let all: Vec<&String> = p.boxes.iter().map(|b| &b.id).collect();
    for id in &all {
        let mut safe = (*id).clone();
        if MERMAID_RESERVED.contains(&safe.to_ascii_lowercase().as_str()) {
            safe = format!("n_{safe}");
            while all.iter().any(|a| **a == safe) {
                safe.push('_');
            }
        }
        ids.insert((*id).clone(), safe);
    }
    ids
}

pub fn mermaid(d: &Dialogs, flow: &Flow) -> String {
    let p = picture(d, flow);
    let ids = mermaid_ids(&p);
    let id = |s: &String| ids.get(s).cloned().unwrap_or_else(|| s.clone());
    let mut out = String::from("flowchart TD\n");
    for b in &p.boxes {
        let l = mermaid_label(b);
        let shape = match b.shape {
            Shape::Start => format!("((\"{l}\"))"),
            Shape::End => format!("([\"{l}\"])"),
            Shape::Message => format!("[/\"{l}\"/]"),
            Shape::Review => format!("(\"{l}\")"),
            Shape::Stops => format!("{{{{\"{l}\"}}}}"),
            Shape::Question => format!("[\"{l}\"]"),
        };
        let _ = writeln!(out, "  {}{shape}", id(&b.id));
        for e in p.edges.iter().filter(|e| e.from == b.id) {
            let arrow = if e.dashed { "-.->" } else { "-->" };
            if e.label.is_empty() {
                let _ = writeln!(out, "  {} {arrow} {}", id(&e.from), id(&e.to));
            } else {
                let label: Vec<String> =
                    lines(&e.label, EDGE_WIDTH).iter().map(|l| mm(l)).collect();
                let _ = writeln!(
                    out,
                    "  {} {arrow}|\"{}\"| {}",
                    id(&e.from),
                    label.join("<br/>"),
                    id(&e.to)
                );
            }
        }
    }
    for s in &p.sections {
        let _ = writeln!(out, "  subgraph {}[\"{}\"]", s.id, mm(&s.title));
        let _ = writeln!(out, "    direction TB");
        for e in &s.entries {
            let (name, body) = entry_lines(e);
            let mut l = vec![format!("<b>{}</b>", mm(&name))];
            l.extend(body.iter().map(|b| mm(b)));
            let _ = writeln!(out, "    {}[\"{}\"]", e.id, l.join("<br/>"));
        }
        for pair in s.entries.windows(2) {
            let _ = writeln!(out, "    {} ~~~ {}", pair[0].id, pair[1].id);
        }
        let _ = writeln!(out, "  end");
    }
    out
}

/// A DOT id: bare when it is a plain name that is not a keyword.
fn dot_id(s: &str) -> String {
    let plain = s
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let keyword = ["node", "edge", "graph", "digraph", "subgraph", "strict"]
        .contains(&s.to_ascii_lowercase().as_str());
    if plain && !keyword {
        s.to_owned()
    } else {
        quoted(s)
    }
}

fn dot_label(b: &Box_) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &b.title {
        parts.push(format!("<B>{}</B>", html(t)));
    }
    parts.extend(lines(&b.text, TEXT_WIDTH).iter().map(|l| html(l)));
    if !b.small.is_empty() {
        let small: Vec<String> = lines(&b.small, SMALL_WIDTH)
            .iter()
            .map(|l| html(l))
            .collect();
        parts.push(format!(
            "<FONT POINT-SIZE=\"9\">{}</FONT>",
            small.join("<BR/>")
        ));
    }
    format!("<{}>", parts.join("<BR/>"))
}

pub fn dot(d: &Dialogs, flow: &Flow) -> String {
    let p = picture(d, flow);
    let mut out = format!(
        "digraph {} {{\n  rankdir=TB;\n  node [shape=box, fontname=\"sans-serif\", fontsize=11];\n  edge [fontname=\"sans-serif\", fontsize=9];\n",
        dot_id(&p.name)
    );
    for b in &p.boxes {
        let shape = match b.shape {
            Shape::Start => "shape=circle",
            Shape::End => "shape=box, style=\"rounded,bold\"",
            Shape::Message => "shape=note",
            Shape::Review => "shape=box3d",
            Shape::Stops => "shape=hexagon",
            Shape::Question => "shape=box",
        };
        let _ = writeln!(
            out,
            "  {} [label={}, {shape}];",
            dot_id(&b.id),
            dot_label(b)
        );
        for e in p.edges.iter().filter(|e| e.from == b.id) {
            let mut attrs = Vec::new();
            if !e.label.is_empty() {
                let l: Vec<String> = lines(&e.label, EDGE_WIDTH)
                    .iter()
                    .map(|l| escape(l))
                    .collect();
                attrs.push(format!("label=\"{}\"", l.join("\\n")));
            }
            if e.dashed {
                attrs.push("style=dashed".to_owned());
            }
            let attrs = if attrs.is_empty() {
                String::new()
            } else {
                format!(" [{}]", attrs.join(", "))
            };
            let _ = writeln!(out, "  {} -> {}{attrs};", dot_id(&e.from), dot_id(&e.to));
        }
    }
    for s in &p.sections {
        let _ = writeln!(
            out,
            "  subgraph {} {{",
            dot_id(&format!("cluster_{}", s.id))
        );
        let _ = writeln!(out, "    label={};", quoted(&s.title));
        let mut rows = String::new();
        for e in &s.entries {
            let (name, body) = entry_lines(e);
            let body: Vec<String> = body.iter().map(|b| html(b)).collect();
            let _ = write!(
                rows,
                "<TR><TD ALIGN=\"LEFT\" VALIGN=\"TOP\"><B>{}</B></TD><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\">{}</TD></TR>",
                html(&name),
                body.join("<BR/>")
            );
        }
        let _ = writeln!(
            out,
            "    {} [shape=plaintext, label=<<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"4\">{rows}</TABLE>>];",
            dot_id(&s.id)
        );
        let _ = writeln!(out, "  }}");
    }
    out.push_str("}\n");
    out
}
