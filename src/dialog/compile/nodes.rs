//! A flow's nodes: their ids and limits, options, transitions and fixed
//! outcomes, the start and the stops' targets, and whether every node can be
//! reached and can reach an end.

use super::Compiler;
use super::rules::Scales;
use super::sources::RawFlow;
use super::symbols::Symbols;
use crate::dialog::diag::closest;
use crate::dialog::model::{self, NodeKind, S};
use crate::dialog::value::Value;
use crate::dialog::{Choice, FixedOutcome, Node, Referral, Transition};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// Limits on what a dialog file may hold.
pub const MAX_NODES: usize = 500;
pub const MAX_OPTIONS: usize = 40;
pub const MAX_TEXT: usize = 3500;

/// A flow's node ids: where each is, and all of them in order for hints.
pub(super) struct NodeIds {
    pub(super) index: HashMap<String, usize>,
    ids: Vec<String>,
}

impl Compiler<'_> {
    /// Checks the number of nodes, and each node's id, number of options and
    /// text length.
    pub(super) fn node_ids(&mut self, raw: &RawFlow, id_s: &S<String>) -> NodeIds {
        let file = raw.file.as_str();
        let id = &id_s.value;
        if raw.nodes.len() > MAX_NODES {
            self.err_str(
                file,
                id_s,
                format!(
                    "flow `{id}` has {} nodes; the limit is {MAX_NODES}",
                    raw.nodes.len()
                ),
            )
            .hint = Some("split the conversation into smaller flows".into());
        }
        // Node ids.
        let mut index: HashMap<String, usize> = HashMap::new();
        for (i, (f, n)) in raw.nodes.iter().enumerate() {
            if n.id.value.len() > 32
                || !n
                    .id
                    .value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_')
            {
                self.err_str(
                    f,
                    &n.id,
                    format!(
                        "node id `{}` must be at most 32 letters, digits or _",
                        n.id.value
                    ),
                )
                .hint = Some(
                    "node ids travel in button data, which Telegram limits to 64 bytes".into(),
                );
            }
            if n.options.len() > MAX_OPTIONS {
                self.err_str(
                    f,
                    &n.id,
                    format!(
                        "node `{}` has {} options; the limit is {MAX_OPTIONS}",
                        n.id.value,
                        n.options.len()
                    ),
                )
                .hint = Some("split the question in two".into());
            }
            if n.text.value.chars().count() > MAX_TEXT {
                self.err(
                    f,
                    &n.text,
                    format!("the text is longer than {MAX_TEXT} characters"),
                )
                .hint = Some(
                    "one idea per message: split it into a message node and the question".into(),
                );
            }
            if index.contains_key(&n.id.value) {
                self.err_str(f, &n.id, format!("node id `{}` is used twice", n.id.value))
                    .hint = Some("give every node its own id".into());
            } else {
                index.insert(n.id.value.clone(), i);
            }
        }
        let ids: Vec<String> = raw.nodes.iter().map(|(_, n)| n.id.value.clone()).collect();
        NodeIds { index, ids }
    }

    /// The node `target` names, or an error at it.
    fn resolve(&mut self, ids: &NodeIds, f: &str, node: &str, target: &S<String>) -> Option<usize> {
        match ids.index.get(&target.value) {
            Some(&i) => Some(i),
            None => {
                let hint = closest(&target.value, ids.ids.iter().map(String::as_str))
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| "point to the id of a node in this flow".into());
                self.err_str(
                    f,
                    target,
                    format!("transition to unknown node `{}`", target.value),
                )
                .in_node(node)
                .hint = Some(hint);
                None
            }
        }
    }

    /// The `i`th node of `raw`, compiled.
    pub(super) fn node(
        &mut self,
        raw: &RawFlow,
        i: usize,
        ids: &NodeIds,
        sym: &Symbols,
        scales: &Scales,
        referrals: &BTreeMap<String, (String, Referral)>,
    ) -> Node {
        let (f, n) = &raw.nodes[i];
        let nid = n.id.value.clone();
        let when = n
            .when
            .as_ref()
            .and_then(|w| self.expr(f, &nid, w, &sym.known, &sym.types));
        let variants = n
            .variants
            .iter()
            .filter_map(|v| {
                self.check_text(f, &nid, &v.cond, Some("text"), &v.text, &sym.known);
                self.expr(f, &nid, &v.cond, &sym.known, &sym.types)
                    .map(|e| (e, v.text.trim_end().to_owned()))
            })
            .collect();
        self.check_text(f, &nid, &n.text, None, &n.text.value, &sym.known);
        if let Some(why) = &n.why {
            self.check_text(f, &nid, &n.id, Some("why"), why, &sym.known);
        }
        let options = self.options(f, n, &nid, sym);
        match n.kind.value {
            NodeKind::Choice | NodeKind::Multi if options.is_empty() => {
                self.err(f, &n.kind, "a choice question needs `options:`")
                    .in_node(&nid);
            }
            NodeKind::Number if n.min.is_none() || n.max.is_none() => {
                self.err(f, &n.kind, "a number question needs `min:` and `max:`")
                    .in_node(&nid);
            }
            NodeKind::End if n.status.is_none() => {
                self.err(f, &n.kind, "an end node needs `status:`")
                    .in_node(&nid)
                    .hint = Some("complete, declined, not_eligible or stopped_urgent".into());
            }
            _ => {}
        }
        let pattern = n
            .pattern
            .as_ref()
            .and_then(|p| match regex::Regex::new(&p.value) {
                Ok(r) => Some(r),
                Err(e) => {
                    let msg = e.to_string();
                    let last = msg.lines().last().unwrap_or("").trim().to_owned();
                    self.err_str(f, p, format!("the pattern does not compile: {last}"))
                        .in_node(&nid)
                        .hint = Some(
                        "write a Rust regular expression; escape `\\` as `\\\\` inside quotes"
                            .into(),
                    );
                    None
                }
            });
        let next = self.transitions(raw, i, ids, sym);
        let fixed = n.outcome.as_ref().map(|o| {
            self.check_scales(f, &nid, [&o.urgency, &o.exercise_level, &o.running], scales);
            for r in &o.refer {
                self.check_referral(f, &nid, r, None, referrals);
            }
            FixedOutcome {
                urgency: o.urgency.as_ref().map(|s| s.value.clone()),
                refer: o.refer.iter().map(|s| s.value.clone()).collect(),
                exercise_level: o.exercise_level.as_ref().map(|s| s.value.clone()),
                running: o.running.as_ref().map(|s| s.value.clone()),
            }
        });
        let skip = if n.skippable || n.skip_value.is_some() {
            match n.skip_value.as_ref().map(Value::from_json) {
                Some(Some(v)) => Some(v),
                None => Some(Value::Null),
                Some(None) => {
                    self.err_str(f, &n.id, "`skip_value:` must be a plain value")
                        .in_node(&nid);
                    None
                }
            }
        } else {
            None
        };
        Node {
            id: nid,
            kind: n.kind.value,
            when,
            var: n.var.as_ref().map(|v| v.value.clone()),
            label: n.label.clone(),
            text: n.text.value.trim_end().to_owned(),
            variants,
            why: n.why.clone(),
            options,
            none_label: n
                .none_label
                .clone()
                .unwrap_or_else(|| "None of these".into()),
            done_label: n.done_label.clone().unwrap_or_else(|| "Done".into()),
            yes_label: n.yes_label.clone().unwrap_or_else(|| "Yes".into()),
            no_label: n.no_label.clone().unwrap_or_else(|| "No".into()),
            min: n.min.unwrap_or(0),
            max: n.max.unwrap_or(0),
            unit: n.unit.clone(),
            unit_one: n.unit_one.clone(),
            accept_months: n.accept_months,
            pattern,
            max_len: n.max_len.unwrap_or(200).min(1000),
            skippable: n.skippable,
            skip,
            skip_label: n.skip_label.clone().unwrap_or_else(|| "Skip".into()),
            listed: n.listed,
            next,
            status: n.status.as_ref().map(|s| s.value),
            fixed,
            action: n.action.clone(),
            section: raw.node_sections.get(i).copied().flatten(),
        }
    }

    /// A question's options: each with its own code.
    fn options(&mut self, f: &str, n: &model::NodeDef, nid: &str, sym: &Symbols) -> Vec<Choice> {
        let mut codes = BTreeSet::new();
        let mut options = Vec::new();
        for o in &n.options {
            let code = match (&o.code, o.value) {
                (Some(c), _) => {
                    if !codes.insert(c.value.clone()) {
                        self.err_str(f, c, format!("choice code `{}` appears twice", c.value))
                            .in_node(nid)
                            .hint = Some("every option needs its own code".into());
                    }
                    c.value.clone()
                }
                (None, Some(v)) => v.to_string(),
                (None, None) => {
                    self.err(
                        f,
                        &n.id,
                        format!("an option of `{nid}` has neither `code:` nor `value:`"),
                    )
                    .in_node(nid);
                    continue;
                }
            };
            let when = o
                .when
                .as_ref()
                .and_then(|w| self.expr(f, nid, w, &sym.known, &sym.types));
            options.push(Choice {
                code,
                label: o.label.clone(),
                points: o.points,
                value: o.value,
                when,
                synonyms: o.synonyms.iter().map(|x| x.to_lowercase()).collect(),
            });
        }
        options
    }

    /// Branches in order, then `next`, else the following node.
    fn transitions(
        &mut self,
        raw: &RawFlow,
        i: usize,
        ids: &NodeIds,
        sym: &Symbols,
    ) -> Vec<Transition> {
        let (f, n) = &raw.nodes[i];
        let nid = n.id.value.as_str();
        let mut next = Vec::new();
        for b in &n.branches {
            let cond = b
                .cond
                .as_ref()
                .and_then(|c| self.expr(f, nid, c, &sym.known, &sym.types));
            if let Some(to) = self.resolve(ids, f, nid, &b.goto) {
                next.push(Transition { cond, to });
            }
        }
        if n.kind.value != NodeKind::End {
            match &n.next {
                Some(t) => {
                    if let Some(to) = self.resolve(ids, f, nid, t) {
                        next.push(Transition { cond: None, to });
                    }
                }
                None if n.branches.iter().any(|b| b.cond.is_none()) => {}
                None if i + 1 < raw.nodes.len() => next.push(Transition {
                    cond: None,
                    to: i + 1,
                }),
                None => {
                    self.err_str(
                        f,
                        &n.id,
                        format!("node `{nid}` is the last one but does not end the flow"),
                    )
                    .in_node(nid)
                    .hint = Some("add `next:` or make it `kind: end`".into());
                }
            }
        } else if n.next.is_some() || !n.branches.is_empty() {
            self.err_str(f, &n.id, "an end node has no transitions")
                .in_node(nid)
                .hint = Some("remove `next:`/`branches:`".into());
        }
        next
    }

    /// The start node, which every flow must name.
    pub(super) fn start(
        &mut self,
        raw: &RawFlow,
        ids: &NodeIds,
        id_s: &S<String>,
    ) -> Option<usize> {
        match &raw.def.start {
            Some(s) => self.resolve(ids, &raw.file, "start", s),
            None => {
                self.err_str(
                    &raw.file,
                    id_s,
                    format!("flow `{}` has no `start:` node", id_s.value),
                )
                .hint = Some("add `start: <id of the first node>`".into());
                None
            }
        }
    }

    /// The flow's stop rules: each leads to an end node.
    pub(super) fn stop_rules(
        &mut self,
        raw: &RawFlow,
        ids: &NodeIds,
        nodes: &[Node],
        sym: &Symbols,
    ) -> Vec<Transition> {
        raw.stops
            .iter()
            .filter_map(|(f, s)| {
                let cond = s
                    .cond
                    .as_ref()
                    .and_then(|c| self.expr(f, "stops", c, &sym.known, &sym.types));
                let to = self.resolve(ids, f, "stops", &s.goto)?;
                if nodes
                    .get(to)
                    .is_some_and(|n: &Node| n.kind != NodeKind::End)
                {
                    self.err_str(f, &s.goto, "a stop rule must lead to an end node")
                        .in_node("stops");
                }
                Some(Transition { cond, to })
            })
            .collect()
    }

    /// Every node can be reached from the start, and can reach an end.
    pub(super) fn reachability(
        &mut self,
        raw: &RawFlow,
        nodes: &[Node],
        stops: &[Transition],
        start: usize,
        stops_missing: bool,
    ) {
        let n = nodes.len();
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, node) in nodes.iter().enumerate() {
            edges[i].extend(node.next.iter().map(|t| t.to));
            if node.is_question() {
                edges[i].extend(stops.iter().map(|t| t.to));
            }
        }
        let mut seen = vec![false; n];
        let mut queue = VecDeque::from([start]);
        seen[start] = true;
        while let Some(i) = queue.pop_front() {
            for &j in &edges[i] {
                if !seen[j] {
                    seen[j] = true;
                    queue.push_back(j);
                }
            }
        }
        let mut ends = vec![false; n];
        let mut changed = true;
        for (i, node) in nodes.iter().enumerate() {
            ends[i] = node.kind == NodeKind::End;
        }
        while changed {
            changed = false;
            for i in 0..n {
                if !ends[i] && edges[i].iter().any(|&j| ends[j]) {
                    ends[i] = true;
                    changed = true;
                }
            }
        }
        for (i, (f, def)) in raw.nodes.iter().enumerate() {
            if !seen[i] && stops_missing && nodes[i].status == Some(model::Status::StoppedUrgent) {
                continue;
            }
            if !seen[i] {
                self.err_str(
                    f,
                    &def.id,
                    format!("node `{}` can never be reached", def.id.value),
                )
                .in_node(&def.id.value)
                .hint = Some("point a `next:` or a branch at it, or remove it".into());
            } else if !ends[i] {
                self.err_str(
                    f,
                    &def.id,
                    format!("no end can be reached from node `{}`", def.id.value),
                )
                .in_node(&def.id.value)
                .hint = Some("every path must lead to a `kind: end` node".into());
            }
        }
    }
}
