//! Moving through the flow: start, back, restart, answers, ends.

use super::*;
use crate::engine::outcome::Outcome;
use crate::engine::session::{Answered, Mode, Report};

impl<'a> Engine<'a, '_> {
    pub(super) fn start(&mut self, s: &mut Session) {
        if s.node.is_none() {
            let start = self.flow.start;
            self.advance(s, start);
        } else if s.finished() && !matches!(s.mode, Mode::ConfirmWithdraw { .. }) {
            self.after_end(s);
        } else {
            let label = self
                .current(s)
                .map(|n| question_label(self.env, n))
                .unwrap_or_default();
            let t = self.tf("welcome_back", &[("question", &label)]);
            self.say(t);
            self.reshow(s);
        }
    }

    pub(super) fn restart(&mut self, s: &mut Session) {
        if s.status() == Some("stopped_urgent") {
            return self.ask_withdraw(s, true);
        }
        if s.history.is_empty() && !s.finished() {
            self.begin_again(s);
            return;
        }
        s.mode = Mode::ConfirmRestart;
        s.nonce += 1;
        let msg = Message {
            kind: Kind::Question,
            text: self.t("restart_confirm"),
            buttons: vec![vec![
                Button {
                    label: self.t("restart_yes"),
                    action: "ry".into(),
                    key: None,
                },
                Button {
                    label: self.t("restart_no"),
                    action: "rn".into(),
                    key: None,
                },
            ]],
            node: s.node.clone(),
            nonce: Some(s.nonce),
            toggles: false,
        };
        self.out.push(Effect::Send(msg));
    }

    pub(super) fn begin_again(&mut self, s: &mut Session) {
        let fresh = Session {
            nonce: s.nonce,
            given: std::mem::take(&mut s.given),
            // Where she came from and what she agreed to share outlive a restart.
            clinic: s.clinic.take(),
            share: s.share,
            shared_at: s.shared_at,
            patient_ref: s.patient_ref.take(),
            since: s.since,
            lang: s.lang.take(),
            pending_link: s.pending_link.take(),
            summaries: std::mem::take(&mut s.summaries),
            // What she reported stays in her record, withdrawn or not.
            reports: std::mem::take(&mut s.reports),
            ..Session::new(&s.flow, self.flow.version, &self.env.dialogs.hash, self.now)
        };
        *s = fresh;
        let start = self.flow.start;
        self.advance(s, start);
    }

    pub(super) fn back(&mut self, s: &mut Session) {
        if s.status() == Some("stopped_urgent") {
            return self.ask_withdraw(s, false);
        }
        if s.mode != Mode::Answering {
            s.mode = Mode::Answering;
            self.reshow(s);
            return;
        }
        let Some(last) = s.history.pop() else {
            let t = self.t("back_first");
            self.say(t);
            if s.node.is_some() {
                self.reshow(s);
            } else {
                let start = self.flow.start;
                self.advance(s, start);
            }
            return;
        };
        match &last.prev {
            Some(v) => s.answers.insert(last.var.clone(), v.clone()),
            None => s.answers.remove(&last.var),
        };
        s.outcome = None;
        s.pending.clear();
        s.node = Some(last.node.clone());
        self.reshow(s);
    }

    /// Shows the current question (or review) again with fresh buttons.
    pub(super) fn reshow(&mut self, s: &mut Session) {
        match s.mode {
            Mode::ConfirmRestart => {
                s.mode = Mode::Answering;
                return self.restart(s);
            }
            Mode::PickingChange => return self.change_list(s),
            Mode::ConfirmWithdraw { restart } => return self.ask_withdraw(s, restart),
            Mode::Answering => {}
        }
        let Some(node) = self.current(s) else {
            let start = self.flow.start;
            return self.advance(s, start);
        };
        if s.finished() {
            return self.after_end(s);
        }
        s.nonce += 1;
        let msg = self.question(s, node);
        self.out.push(Effect::Send(msg));
    }

    pub(super) fn stale(&mut self, s: &mut Session) {
        if s.status() == Some("stopped_urgent") && s.mode == Mode::Answering {
            // Nothing comes before the urgent instruction, not even "moved on".
            return self.urgent_again(s);
        }
        let t = self.t("moved_on");
        self.say(t);
        if s.finished() && s.mode == Mode::Answering {
            self.after_end(s);
        } else if let (Mode::Answering, Some(node)) = (&s.mode, self.current(s)) {
            // The current question again with the SAME nonce: the copy she already has
            // keeps working. A fresh nonce would make that copy stale too, so a tap on
            // it (already on its way) would be stale in turn, and so on.
            let msg = self.question(s, node);
            self.out.push(Effect::Send(msg));
        } else {
            self.reshow(s);
        }
    }

    pub(super) fn next_of(&self, s: &Session, node: &Node) -> Option<usize> {
        let needs = node.next.iter().any(|t| {
            t.cond
                .as_ref()
                .is_some_and(|c| reads_outcome(c.variables()))
        });
        let scope = self.scope(s, needs);
        node.next
            .iter()
            .find(|t| t.cond.as_ref().is_none_or(|c| c.holds(&scope)))
            .map(|t| t.to)
    }

    /// Saves an answer to the current question and moves on.
    pub(super) fn answer(&mut self, s: &mut Session, value: Value) {
        let Some(node) = self.current(s) else { return };
        let Some(var) = node.var.clone() else { return };
        self.out.push(Effect::Answered {
            nonce: s.nonce,
            answer: display(self.env, node, &value),
        });
        let prev = s.answers.insert(var.clone(), value);
        s.history.push(Answered {
            node: node.id.clone(),
            var,
            prev,
        });
        s.pending.clear();
        self.after_answer(s, node);
    }

    pub(super) fn after_answer(&mut self, s: &mut Session, node: &'a Node) {
        if let Some(stop) = self.stop(s) {
            return self.advance(s, stop);
        }
        match self.next_of(s, node) {
            Some(n) => self.advance(s, n),
            None => {
                let t = self.t("no_flow");
                self.say(t)
            }
        }
    }

    pub(super) fn stop(&self, s: &Session) -> Option<usize> {
        let scope = self.scope(s, false);
        self.flow
            .stops
            .iter()
            .find(|t| t.cond.as_ref().is_none_or(|c| c.holds(&scope)))
            .map(|t| t.to)
    }

    /// Walks from node `idx` to the next thing that needs her: a question
    /// without a stored answer, the review, or an end. Stored answers that
    /// still fit (after a change or a dialog update) are taken as given.
    pub(super) fn advance(&mut self, s: &mut Session, mut idx: usize) {
        let mut held: Vec<String> = Vec::new();
        for _ in 0..=self.flow.nodes.len() * 2 {
            let node = &self.flow.nodes[idx];
            let needs = node
                .when
                .as_ref()
                .is_some_and(|w| reads_outcome(w.variables()));
            let active = node
                .when
                .as_ref()
                .is_none_or(|w| w.holds(&self.scope(s, needs)));
            if !active {
                match self.next_of(s, node) {
                    Some(n) => {
                        idx = n;
                        continue;
                    }
                    None => break,
                }
            }
            match node.kind {
                NodeKind::Message => {
                    held.push(self.node_text(s, node));
                    match self.next_of(s, node) {
                        Some(n) => idx = n,
                        None => break,
                    }
                }
                NodeKind::End | NodeKind::Review => {
                    self.flush(held);
                    prune(s);
                    s.node = Some(node.id.clone());
                    s.mode = Mode::Answering;
                    if node.kind == NodeKind::Review {
                        s.nonce += 1;
                        let msg = self.question(s, node);
                        self.out.push(Effect::Send(msg));
                    } else {
                        self.finish(s, node);
                    }
                    return;
                }
                _ => {
                    let var = node.var.clone().unwrap_or_default();
                    let stored = s.answers.get(&var).cloned();
                    if let Some(v) = stored.filter(|v| check(node, v).is_ok()) {
                        held.clear();
                        s.history.push(Answered {
                            node: node.id.clone(),
                            var,
                            prev: Some(v),
                        });
                        if let Some(stop) = self.stop(s) {
                            idx = stop;
                            continue;
                        }
                        match self.next_of(s, node) {
                            Some(n) => idx = n,
                            None => break,
                        }
                        continue;
                    }
                    s.answers.remove(&var);
                    self.flush(held);
                    s.node = Some(node.id.clone());
                    s.mode = Mode::Answering;
                    s.nonce += 1;
                    let msg = self.question(s, node);
                    self.out.push(Effect::Send(msg));
                    return;
                }
            }
        }
        let t = self.t("no_flow");
        self.say(t);
    }

    pub(super) fn flush(&mut self, held: Vec<String>) {
        for h in held {
            self.say(h);
        }
    }

    pub(super) fn finish(&mut self, s: &mut Session, end: &Node) {
        let vars = self.vars(s);
        let mut outcome: Outcome = outcome::evaluate(self.env.dialogs, self.flow, end, &vars);
        outcome.made_with = format!(
            "{} v{} {}",
            self.flow.id, self.flow.version, self.env.dialogs.hash
        );
        outcome.made_at = self.now;
        let urgent = outcome.status == "stopped_urgent";
        if urgent && let Some(last) = s.history.last() {
            let codes = s
                .answers
                .get(&last.var)
                .and_then(Value::as_list)
                .map(<[String]>::to_vec)
                .unwrap_or_default();
            s.reports.push(Report {
                var: last.var.clone(),
                codes,
                at: self.now,
                withdrawn: None,
            });
        }
        outcome.withdrawn = s.withdrawn().cloned().collect();
        let text = self.node_text(s, end);
        if !text.trim().is_empty() {
            self.out.push(Effect::Send(Message {
                kind: if urgent { Kind::Urgent } else { Kind::Info },
                ..Message::info(text)
            }));
        }
        s.outcome = Some(outcome);
        self.out.push(Effect::Finished);
    }

    /// Moves a session whose dialogs changed: keeps the answers that still
    /// fit and continues from the first question that needs her.
    pub(super) fn migrate(&mut self, s: &mut Session) {
        if s.node.is_none()
            || (s.version == self.flow.version
                && s.node
                    .as_deref()
                    .is_some_and(|n| self.flow.node(n).is_some()))
        {
            if s.node.is_some() {
                s.dialogs = self.env.dialogs.hash.clone();
            }
            return;
        }
        let from = s.node.clone();
        let finished = s.finished();
        s.version = self.flow.version;
        s.dialogs = self.env.dialogs.hash.clone();
        s.history.clear();
        s.pending.clear();
        s.mode = Mode::Answering;
        if finished {
            // A finished intake keeps its plan; nothing to move.
            return;
        }
        s.outcome = None;
        let mut quiet = Vec::new();
        let start = self.flow.start;
        std::mem::swap(self.out, &mut quiet);
        self.advance(s, start);
        std::mem::swap(self.out, &mut quiet);
        self.out.push(Effect::Moved {
            from,
            to: s.node.clone(),
        });
        let t = self.t("flow_updated");
        self.say(t);
    }
}
