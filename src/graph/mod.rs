//! A flow as a picture a clinician can read: Mermaid or Graphviz DOT.
//!
//! Nodes show the question's own words (shortened) with its label and
//! variable in small print; arrows carry their conditions in words (see
//! [`words`]); the stop rules are dashed arrows from "after any answer", and
//! the outcome rules (or a check-in's adaptations) are listed beside the flow.

mod text;
pub mod words;

use crate::dialog::model::{NodeKind, Status};
use crate::dialog::{Dialogs, Flow, Node};
use std::collections::BTreeSet;
use text::{gist, wrap};
use words::{Words, humanize};

mod render;

pub use render::{dot, mermaid};

/// How long a node's text may be before it is cut.
const GIST: usize = 60;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Start,
    Question,
    Message,
    Review,
    End,
    Stops,
}

/// A box of the picture.
struct Box_ {
    id: String,
    shape: Shape,
    /// A first line in bold (how an end node ends).
    title: Option<String>,
    text: String,
    /// Label, variable and the like, in small print.
    small: String,
}

struct Edge {
    from: String,
    to: String,
    label: String,
    dashed: bool,
}

/// One item listed beside the flow: a rule, an adaptation, a computed value.
struct Entry {
    id: String,
    name: String,
    when: String,
    then: Vec<String>,
}

struct Section {
    id: String,
    title: String,
    entries: Vec<Entry>,
}

/// What is drawn, before it is written as Mermaid or DOT.
struct Picture {
    name: String,
    boxes: Vec<Box_>,
    edges: Vec<Edge>,
    sections: Vec<Section>,
}

fn status_words(s: Option<Status>) -> &'static str {
    match s {
        Some(Status::Complete) | None => "Ends: complete",
        Some(Status::Declined) => "Ends: declined",
        Some(Status::NotEligible) => "Ends: not eligible",
        Some(Status::StoppedUrgent) => "Ends: urgent stop",
    }
}

/// An id that no node of the flow has.
fn fresh(flow: &Flow, taken: &mut BTreeSet<String>, base: &str) -> String {
    let mut id = base.to_owned();
    while flow.index.contains_key(&id) || taken.contains(&id) {
        id.push('_');
    }
    taken.insert(id.clone());
    id
}

fn node_box(d: &Dialogs, w: &Words<'_>, n: &Node) -> Box_ {
    let question = n.is_question();
    let text = gist(d, &n.text, question, GIST);
    match n.kind {
        NodeKind::End => {
            let mut small = vec![n.id.clone()];
            if let Some(f) = &n.fixed {
                if let Some(u) = &f.urgency {
                    small.push(format!("urgency {}", humanize(u)));
                }
                let effects = crate::dialog::Effects {
                    refer: f.refer.clone(),
                    ..Default::default()
                };
                small.extend(w.effects(&effects));
                if let Some(l) = &f.exercise_level {
                    small.push(format!("exercise {}", humanize(l)));
                }
                if let Some(r) = &f.running {
                    small.push(format!("running {}", humanize(r)));
                }
            }
            if let Some(a) = &n.action {
                small.push(format!("records {}", humanize(a)));
            }
            Box_ {
                id: n.id.clone(),
                shape: Shape::End,
                title: Some(status_words(n.status).to_owned()),
                text,
                small: small.join(" · "),
            }
        }
        NodeKind::Message | NodeKind::Review => Box_ {
            id: n.id.clone(),
            shape: if n.kind == NodeKind::Message {
                Shape::Message
            } else {
                Shape::Review
            },
            title: None,
            text,
            small: format!(
                "{} · {}",
                if n.kind == NodeKind::Message {
                    "message"
                } else {
                    "review"
                },
                n.id
            ),
        },
        _ => {
            let var = n.var.clone().unwrap_or_else(|| n.id.clone());
            let small = match &n.label {
                Some(l) => format!("{l} · {var}"),
                None => var,
            };
            Box_ {
                id: n.id.clone(),
                shape: Shape::Question,
                title: None,
                text,
                small,
            }
        }
    }
}

/// "asked" for a question, "shown" for anything else.
fn asked(n: &Node) -> &'static str {
    if n.is_question() { "asked" } else { "shown" }
}

fn picture(d: &Dialogs, flow: &Flow) -> Picture {
    let w = Words::new(d, flow);
    let mut taken = BTreeSet::new();
    let mut boxes = Vec::new();
    let mut edges = Vec::new();
    let start = fresh(flow, &mut taken, "start");
    boxes.push(Box_ {
        id: start.clone(),
        shape: Shape::Start,
        title: None,
        text: "Start".to_owned(),
        small: String::new(),
    });
    let first = &flow.nodes[flow.start];
    edges.push(Edge {
        from: start,
        to: first.id.clone(),
        label: first
            .when
            .as_ref()
            .map(|c| format!("{} when {}", asked(first), w.cond(c)))
            .unwrap_or_default(),
        dashed: false,
    });
    for n in &flow.nodes {
        boxes.push(node_box(d, &w, n));
        for t in &n.next {
            let to = &flow.nodes[t.to];
            let mut label = Vec::new();
            match &t.cond {
                Some(c) => label.push(format!("if {}", w.cond(c))),
                None if n.next.len() > 1 => label.push("otherwise".to_owned()),
                None => {}
            }
            if let Some(when) = &to.when {
                label.push(format!("{} when {}", asked(to), w.cond(when)));
            }
            edges.push(Edge {
                from: n.id.clone(),
                to: to.id.clone(),
                label: label.join("; "),
                dashed: false,
            });
        }
    }
    if !flow.stops.is_empty() {
        let id = fresh(flow, &mut taken, "after_any_answer");
        boxes.push(Box_ {
            id: id.clone(),
            shape: Shape::Stops,
            title: Some("Stop rules".to_owned()),
            text: "checked after every answer; the first that holds ends the flow".to_owned(),
            small: String::new(),
        });
        let many = flow.stops.len() > 1;
        for (i, s) in flow.stops.iter().enumerate() {
            let cond = s.cond.as_ref().map(|c| w.cond(c));
            let label = match (many, cond) {
                (true, Some(c)) => format!("{}. if {c}", i + 1),
                (true, None) => format!("{}. always", i + 1),
                (false, Some(c)) => format!("if {c}"),
                (false, None) => "always".to_owned(),
            };
            edges.push(Edge {
                from: id.clone(),
                to: flow.nodes[s.to].id.clone(),
                label,
                dashed: true,
            });
        }
    }
    let sections = sections(&w, flow, &mut taken);
    Picture {
        name: flow.id.clone(),
        boxes,
        edges,
        sections,
    }
}

fn sections(w: &Words<'_>, flow: &Flow, taken: &mut BTreeSet<String>) -> Vec<Section> {
    let mut out = Vec::new();
    let mut computed = Vec::new();
    for c in &flow.computed {
        let mut then = Vec::new();
        if !c.sum.is_empty() {
            then.push(format!("the sum of {}", w.labels(&c.sum)));
        }
        if let Some(v) = &c.value {
            then.push(w.cond(v));
        }
        computed.push(Entry {
            id: fresh(flow, taken, &format!("computed_{}", c.name)),
            name: humanize(&c.name),
            when: c.when.as_ref().map(|e| w.cond(e)).unwrap_or_default(),
            then,
        });
    }
    for s in &flow.tracking.streaks {
        let mut then = vec![format!("grows when {}", w.cond(&s.extends_when))];
        then.push(format!(
            "counts only check-ins where {}",
            w.cond(&s.counts_when)
        ));
        if let Some(b) = &s.breaks_when {
            then.push(format!("starts again from 0 when {}", w.cond(b)));
        }
        computed.push(Entry {
            id: fresh(flow, taken, &format!("streak_{}", s.name)),
            name: format!("{} (check-ins in a row)", humanize(&s.name)),
            when: String::new(),
            then,
        });
    }
    if !computed.is_empty() {
        out.push(Section {
            id: fresh(flow, taken, "computed_values"),
            title: "Computed values".to_owned(),
            entries: computed,
        });
    }
    if !flow.rules.is_empty() {
        out.push(Section {
            id: fresh(flow, taken, "outcome_rules"),
            title: "Outcome rules: every rule that holds at the end applies".to_owned(),
            entries: flow
                .rules
                .iter()
                .map(|r| Entry {
                    id: fresh(flow, taken, &format!("rule_{}", r.id)),
                    name: r.id.clone(),
                    when: w.cond(&r.when),
                    then: w.effects(&r.effects),
                })
                .collect(),
        });
    }
    if !flow.adaptations.is_empty() {
        out.push(Section {
            id: fresh(flow, taken, "adaptations"),
            title: "Adaptations: when a check-in ends, every one that holds applies, in order"
                .to_owned(),
            entries: flow
                .adaptations
                .iter()
                .map(|a| Entry {
                    id: fresh(flow, taken, &format!("adapt_{}", a.id)),
                    name: a.id.clone(),
                    when: w.cond(&a.when),
                    then: adaptation(w, a),
                })
                .collect(),
        });
    }
    out
}

fn adaptation(w: &Words<'_>, a: &crate::dialog::Adaptation) -> Vec<String> {
    let mut then = Vec::new();
    if let Some(x) = &a.action {
        then.push(format!("records {}", humanize(x)));
    }
    then.extend(w.effects(&a.effects));
    if let Some(l) = &a.hold_level {
        then.push(format!(
            "holds exercise at {}, remembering her level",
            humanize(l)
        ));
    }
    if a.restore_level {
        then.push("puts back the level held before".to_owned());
    }
    if let Some(n) = a.lower_level {
        let floor = a
            .floor
            .as_deref()
            .map(|f| format!(", not below {}", humanize(f)))
            .unwrap_or_default();
        let steps = if n == 1 { "step" } else { "steps" };
        then.push(format!("lowers exercise {n} {steps}{floor}"));
    }
    if let Some(f) = &a.set_flag {
        then.push(format!("sets {}", humanize(f)));
    }
    if let Some(f) = &a.clear_flag {
        then.push(format!("clears {}", humanize(f)));
    }
    if let Some(m) = &a.message {
        then.push(format!(
            "tells her: “{}”",
            text::cut(&m.split_whitespace().collect::<Vec<_>>().join(" "), GIST)
        ));
    }
    if let Some(o) = &a.offer {
        then.push(format!("offers to ask again: {}", w.labels(&o.reask)));
    }
    then
}

/// Lines of an entry: its name, its condition, what it does.
fn entry_lines(e: &Entry) -> (String, Vec<String>) {
    let mut lines = Vec::new();
    if !e.when.is_empty() {
        lines.extend(wrap(&format!("when {}", e.when), 48));
    }
    for t in &e.then {
        lines.extend(wrap(&format!("→ {t}"), 48));
    }
    (e.name.clone(), lines)
}

#[cfg(test)]
mod tests;
