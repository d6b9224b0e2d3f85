//! Every text of the dialogs with the id a translation gives it. The ids are
//! derived from where the text sits (flow and node, exercise, referral,
//! advice, named text), so a content editor never writes them, and a
//! translation file names each message the same way in every locale:
//!
//! | text | id |
//! |---|---|
//! | a named text (`texts.yaml`, `texts/`) | `text-<id>` |
//! | a node's text, variant N, `why`, `label` | `<flow>-<node>`, `<flow>-<node>-v<N>`, `-why`, `-label` |
//! | a button | `<flow>-<node>-opt-<code>`, `-yes`, `-no`, `-none`, `-done`, `-skip` |
//! | a number's unit | `<flow>-<node>-unit`, `-unit-one` |
//! | a flow's title, its part N | `<flow>-title`, `<flow>-part<N>` |
//! | an adaptation's message and offer | `<flow>-adapt-<id>`, `-accept`, `-decline` |
//! | an exercise | `exercise-<id>-name`, `-summary`, `-step<N>`, `-dose`, `-dose<N>`, `-easier-…`, `-stage<N>`, `-caution<N>` |
//! | a referral | `referral-<code>-name`, `-who`, `-what`, `-reason-<key>` |
//! | advice | `advice-<code>-title`, `-text`, `-v<N>-title`, `-v<N>-text` |
//!
//! Numbers count from 1. Codes keep their underscores (`pf_physio`), which
//! Fluent identifiers allow.

use crate::dialog::Dialogs;
use crate::dialog::model::NodeKind;

/// One translatable text: its id and its English source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub source: String,
}

/// Where a message id's text is used, for the file a template puts it in:
/// `texts`, `intake`, `checkin` (one per flow), `exercises`, `referrals`,
/// `advice`.
pub fn area(id: &str) -> &str {
    let head = id.split('-').next().unwrap_or(id);
    match head {
        "text" => "texts",
        "exercise" => "exercises",
        "referral" => "referrals",
        "advice" => "advice",
        flow => flow,
    }
}

/// Every text of `d`, in a stable order (flows, then the libraries, then the
/// named texts).
pub fn entries(d: &Dialogs) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut add = |id: String, source: &str| {
        if !source.trim().is_empty() {
            out.push(Entry {
                id,
                source: source.to_owned(),
            });
        }
    };
    for (fid, flow) in &d.flows {
        add(format!("{fid}-title"), &flow.title);
        for (i, s) in flow.sections.iter().enumerate() {
            add(format!("{fid}-part{}", i + 1), s);
        }
        for n in &flow.nodes {
            let base = format!("{fid}-{}", n.id);
            add(base.clone(), &n.text);
            for (i, (_, t)) in n.variants.iter().enumerate() {
                add(format!("{base}-v{}", i + 1), t);
            }
            if let Some(w) = &n.why {
                add(format!("{base}-why"), w);
            }
            if let Some(l) = &n.label {
                add(format!("{base}-label"), l);
            }
            for o in &n.options {
                add(format!("{base}-opt-{}", o.code), &o.label);
            }
            match n.kind {
                NodeKind::YesNo => {
                    add(format!("{base}-yes"), &n.yes_label);
                    add(format!("{base}-no"), &n.no_label);
                }
                NodeKind::Multi => {
                    add(format!("{base}-none"), &n.none_label);
                    add(format!("{base}-done"), &n.done_label);
                }
                _ => {}
            }
            if n.skippable {
                add(format!("{base}-skip"), &n.skip_label);
            }
            if let Some(u) = &n.unit {
                add(format!("{base}-unit"), u);
            }
            if let Some(u) = &n.unit_one {
                add(format!("{base}-unit-one"), u);
            }
        }
        for a in &flow.adaptations {
            let base = format!("{fid}-adapt-{}", a.id);
            if let Some(m) = &a.message {
                add(base.clone(), m);
            }
            if let Some(o) = &a.offer {
                add(format!("{base}-accept"), &o.accept_label);
                add(format!("{base}-decline"), &o.decline_label);
            }
        }
    }
    for e in &d.exercises {
        let base = format!("exercise-{}", e.id);
        add(format!("{base}-name"), &e.name);
        add(format!("{base}-summary"), &e.summary);
        for (i, s) in e.steps.iter().enumerate() {
            add(format!("{base}-step{}", i + 1), s);
        }
        add(format!("{base}-dose"), &e.dose);
        for (i, (_, s)) in e.doses.iter().enumerate() {
            add(format!("{base}-dose{}", i + 1), s);
        }
        if let Some(x) = &e.easier {
            add(format!("{base}-easier-name"), &x.name);
            add(format!("{base}-easier-summary"), &x.summary);
            for (i, s) in x.steps.iter().enumerate() {
                add(format!("{base}-easier-step{}", i + 1), s);
            }
            add(format!("{base}-easier-dose"), &x.dose);
        }
        for (i, s) in e.programme.iter().enumerate() {
            add(format!("{base}-stage{}", i + 1), &s.text);
        }
        for (i, s) in e.cautions.iter().enumerate() {
            add(format!("{base}-caution{}", i + 1), s);
        }
    }
    for r in d.referrals.values() {
        let base = format!("referral-{}", r.code);
        add(format!("{base}-name"), &r.name);
        add(format!("{base}-who"), &r.who);
        add(format!("{base}-what"), &r.what);
        for (k, s) in &r.reasons {
            add(format!("{base}-reason-{k}"), s);
        }
    }
    for a in d.advice.values() {
        let base = format!("advice-{}", a.code);
        add(format!("{base}-title"), &a.title);
        add(format!("{base}-text"), &a.text);
        for (i, (_, title, text)) in a.variants.iter().enumerate() {
            if let Some(t) = title {
                add(format!("{base}-v{}-title", i + 1), t);
            }
            add(format!("{base}-v{}-text", i + 1), text);
        }
    }
    for (id, text) in &d.texts {
        add(format!("text-{id}"), text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_is_unique_and_a_fluent_identifier() {
        let d = crate::dialog::compile(&crate::dialog::load::Sources::embedded()).unwrap();
        let all = entries(&d);
        let mut seen = std::collections::BTreeSet::new();
        for e in &all {
            assert!(seen.insert(e.id.clone()), "{} twice", e.id);
            let mut c = e.id.chars();
            assert!(
                c.next().is_some_and(|c| c.is_ascii_alphabetic()),
                "{}",
                e.id
            );
            assert!(
                c.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                "{}",
                e.id
            );
        }
        assert!(all.iter().any(|e| e.id == "intake-delivery-opt-caesarean"));
        assert!(all.iter().any(|e| e.id == "text-welcome_back"));
    }
}
