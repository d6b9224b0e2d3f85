//! Presenting questions, answers and summaries.

use super::*;

impl<'a> Engine<'a, '_> {
    /// The options she is offered (their `when` holds), by index.
    pub(super) fn visible(&self, s: &Session, node: &Node) -> Vec<usize> {
        if node.options.iter().all(|o| o.when.is_none()) {
            return (0..node.options.len()).collect();
        }
        let scope = self.scope(s, false);
        // Left out only when its condition is false: one that cannot be
        // evaluated (a variable never asked) keeps the option, since these
        // lists are about safety.
        (0..node.options.len())
            .filter(|&i| {
                node.options[i]
                    .when
                    .as_ref()
                    .is_none_or(|w| !matches!(w.eval(&scope), Ok(Value::Bool(false))))
            })
            .collect()
    }

    /// Where she is: the part of the flow and how many there are.
    fn progress(&self, node: &Node) -> Option<String> {
        let part = node.section?;
        let title = self.flow.sections.get(part)?;
        let (part, parts) = ((part + 1).to_string(), self.flow.sections.len().to_string());
        Some(self.tf(
            "progress",
            &[
                ("part", &part),
                ("parts", &parts),
                ("title", &self.env.tr(title)),
            ],
        ))
    }

    pub(super) fn question(&self, s: &Session, node: &Node) -> Message {
        let mut text = self.node_text(s, node);
        if let Some(p) = self.progress(node) {
            text = format!("{p}\n{text}");
        }
        if let Some(why) = &node.why {
            text.push_str(&format!("\n\n_{}_", self.render(s, why)));
        }
        let btn = |label: &str, action: String| Button {
            label: self.env.tr(label),
            action,
            key: None,
        };
        let mut rows: Vec<Vec<Button>> = Vec::new();
        let mut toggles = false;
        match node.kind {
            NodeKind::YesNo => rows.push(vec![
                btn(&node.yes_label, "y".into()),
                btn(&node.no_label, "x".into()),
            ]),
            NodeKind::Choice | NodeKind::Number => {
                let shown = self.visible(s, node);
                let short = shown
                    .iter()
                    .all(|&i| node.options[i].label.chars().count() <= 4);
                let per_row = if short { 6 } else { 1 };
                for chunk in shown.chunks(per_row) {
                    rows.push(
                        chunk
                            .iter()
                            .map(|&i| {
                                let o = &node.options[i];
                                Button {
                                    key: o.value.map(|v| v.to_string()),
                                    ..btn(&o.label, format!("p{i}"))
                                }
                            })
                            .collect(),
                    );
                }
            }
            NodeKind::Multi => {
                toggles = true;
                for i in self.visible(s, node) {
                    let o = &node.options[i];
                    let on = s.pending.contains(&o.code);
                    let label = if on {
                        format!("✓ {}", self.env.tr(&o.label))
                    } else {
                        o.label.clone()
                    };
                    rows.push(vec![btn(&label, format!("t{i}"))]);
                }
                rows.push(vec![btn(&node.none_label, "n".into())]);
                rows.push(vec![btn(&node.done_label, "d".into())]);
            }
            NodeKind::Review => {
                let summary = self.summary(s);
                let body = summary.split_once('\n').map(|(_, b)| b).unwrap_or(&summary);
                text = format!("{text}\n\n{body}");
                rows.push(vec![btn(&self.t("review_confirm"), "ok".into())]);
                rows.push(vec![btn(&self.t("review_change"), "ch".into())]);
            }
            _ => {}
        }
        if node.skippable {
            rows.push(vec![btn(&node.skip_label, "s".into())]);
        }
        if let Some(prev) = node.var.as_ref().and_then(|v| s.answers.get(v)) {
            let shown = display(self.env, node, prev);
            text.push_str(&format!(
                "\n\n{}",
                self.tf("change_now", &[("answer", &shown)])
            ));
        }
        Message {
            kind: Kind::Question,
            text,
            buttons: rows,
            node: Some(node.id.clone()),
            nonce: Some(s.nonce),
            toggles,
        }
    }

    /// Her answers so far, one line each.
    pub(super) fn summary(&self, s: &Session) -> String {
        if s.history.is_empty() {
            return self.t("summary_empty");
        }
        let mut lines = vec![self.t("summary_title")];
        for h in &s.history {
            if let (Some(node), Some(v)) = (self.flow.node(&h.node), s.answers.get(&h.var)) {
                lines.push(format!(
                    "• {}: {}",
                    question_label(self.env, node),
                    display(self.env, node, v)
                ));
            }
        }
        lines.join("\n")
    }

    pub(super) fn change_list(&mut self, s: &mut Session) {
        s.nonce += 1;
        let mut rows = Vec::new();
        for (i, h) in s.history.iter().enumerate() {
            if let Some(node) = self.flow.node(&h.node) {
                let v = s
                    .answers
                    .get(&h.var)
                    .map(|v| display(self.env, node, v))
                    .unwrap_or_default();
                rows.push(vec![Button {
                    label: truncate(&format!("{}: {v}", question_label(self.env, node)), 60),
                    action: format!("c{i}"),
                    key: None,
                }]);
            }
        }
        rows.push(vec![Button {
            label: self.t("change_cancel"),
            action: "cc".into(),
            key: None,
        }]);
        self.out.push(Effect::Send(Message {
            kind: Kind::Question,
            text: self.t("change_pick"),
            buttons: rows,
            node: s.node.clone(),
            nonce: Some(s.nonce),
            toggles: false,
        }));
    }
}

/// The short name of a question, for summaries: its label, or its variable.
pub fn question_label(env: &Env, node: &Node) -> String {
    if let Some(l) = &node.label {
        return env.tr(l);
    }
    node.var
        .as_deref()
        .unwrap_or(&node.id)
        .replace('_', " ")
        .trim()
        .to_owned()
}

/// An answer as she would read it.
pub fn display(env: &Env, node: &Node, v: &Value) -> String {
    let tr = |t: &str| env.tr(t);
    match (node.kind, v) {
        (_, Value::Null) => tr(&node.skip_label),
        (NodeKind::YesNo, Value::Bool(true)) => tr(&node.yes_label),
        (NodeKind::YesNo, Value::Bool(false)) => tr(&node.no_label),
        (NodeKind::Choice, Value::Text(c)) => node
            .option(c)
            .map(|o| tr(&o.label))
            .unwrap_or_else(|| c.clone()),
        (NodeKind::Multi, Value::List(l)) if l.is_empty() => tr(&node.none_label),
        (NodeKind::Multi, Value::List(l)) => l
            .iter()
            .map(|c| {
                node.option(c)
                    .map(|o| tr(&o.label))
                    .unwrap_or_else(|| c.clone())
            })
            .collect::<Vec<_>>()
            .join(", "),
        (NodeKind::Number, Value::Int(i))
            if node
                .options
                .iter()
                .any(|o| o.value == Some(*i) && o.label != i.to_string()) =>
        {
            node.options
                .iter()
                .find(|o| o.value == Some(*i))
                .map(|o| tr(&o.label))
                .unwrap_or_default()
        }
        // The words for the count chosen by the language's plural rules.
        (NodeKind::Number, Value::Int(i)) => match (&node.unit, &node.unit_one) {
            (Some(u), one) => env.tf(
                "answer_with_unit",
                &[
                    ("n", &i.to_string()),
                    ("unit", &tr(u)),
                    ("unit_one", &tr(one.as_deref().unwrap_or(u))),
                ],
            ),
            (None, _) => i.to_string(),
        },
        (_, v) => v.to_string(),
    }
}

/// Whether `v` is a valid answer to `node`; the error says why not.
pub fn check(node: &Node, v: &Value) -> Result<(), String> {
    let codes = || {
        node.options
            .iter()
            .map(|o| o.code.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (node.kind, v) {
        (_, Value::Null) if node.skip.is_some() && node.skip == Some(Value::Null) => Ok(()),
        (_, Value::Null) => Err("cannot be null: it has to be answered".into()),
        (NodeKind::YesNo, Value::Bool(_)) => Ok(()),
        (NodeKind::YesNo, _) => Err("must be true or false".into()),
        (NodeKind::Choice, Value::Text(c)) if node.option(c).is_some() => Ok(()),
        (NodeKind::Choice, _) => Err(format!("must be one of: {}", codes())),
        (NodeKind::Multi, Value::List(l)) => match l.iter().find(|c| node.option(c).is_none()) {
            Some(bad) => Err(format!(
                "has the unknown code `{bad}`; codes are: {}",
                codes()
            )),
            None if l.iter().enumerate().any(|(i, c)| l[..i].contains(c)) => {
                Err("lists a code twice".into())
            }
            None => Ok(()),
        },
        (NodeKind::Multi, _) => Err(format!("must be a list of codes from: {}", codes())),
        (NodeKind::Number, Value::Int(i)) if (node.min..=node.max).contains(i) => Ok(()),
        (NodeKind::Number, _) => Err(format!(
            "must be a whole number from {} to {}",
            node.min, node.max
        )),
        (NodeKind::Text, Value::Text(t))
            if t.chars().count() <= node.max_len
                && node.pattern.as_ref().is_none_or(|p| full_match(p, t)) =>
        {
            Ok(())
        }
        (NodeKind::Text, _) => Err("is not an accepted text".into()),
        _ => Err("is not a question".into()),
    }
}
