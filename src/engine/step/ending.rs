//! What she reads after the flow has ended (SCREENING.md 4b): an urgent stop
//! stays the answer, withdrawing an urgent sign needs a confirmation, and
//! every other ending says what comes next.

use super::*;
use crate::engine::session::Mode;

impl<'a> Engine<'a, '_> {
    /// The end node the flow stopped at.
    fn end_node(&self, s: &Session) -> Option<&'a Node> {
        s.outcome.as_ref().and_then(|o| self.flow.node(&o.end))
    }

    /// Whatever she sends after the flow ended.
    pub(super) fn after_end(&mut self, s: &mut Session) {
        match s.status() {
            Some("stopped_urgent") => self.urgent_again(s),
            // Any message offers the consent question again.
            Some("declined") => self.begin_again(s),
            Some("not_eligible") => {
                if let Some(end) = self.end_node(s) {
                    let text = self.node_text(s, end);
                    self.say(text);
                }
                let t = self.t("restart_hint");
                self.say(t);
            }
            _ => {
                let t = self.t("finished_already");
                self.say(t);
            }
        }
    }

    /// The urgent instruction again, naming what she reported.
    pub(super) fn urgent_again(&mut self, s: &Session) {
        let Some(end) = self.end_node(s) else { return };
        let mut text = self.node_text(s, end);
        if let Some(signs) = self.reported(s) {
            text = format!(
                "{}\n\n{text}",
                self.tf("urgent_again", &[("signs", &signs)])
            );
        }
        self.out.push(Effect::Send(Message {
            kind: Kind::Urgent,
            ..Message::info(text)
        }));
    }

    /// The signs of her last report that still stands, as she read them.
    fn reported(&self, s: &Session) -> Option<String> {
        let r = s.reports.iter().rev().find(|r| r.withdrawn.is_none())?;
        let node = self.flow.var_node(&r.var)?;
        Some(display(self.env, node, &Value::List(r.codes.clone())))
    }

    /// `/plan`: the plan when there is one; otherwise what stands in its place.
    pub(super) fn plan(&mut self, s: &mut Session) {
        match s.status() {
            Some("complete") => self.out.push(Effect::ShowPlan),
            Some("stopped_urgent") => {
                let t = self.t("plan_none_until_seen");
                self.say(t);
                self.urgent_again(s);
            }
            Some(_) => self.after_end(s),
            None => {
                let t = self.t("plan_not_ready");
                self.say(t);
                if s.node.is_some() {
                    self.reshow(s);
                }
            }
        }
    }

    /// `/back` or `/restart` at an urgent stop: was it ticked by mistake?
    pub(super) fn ask_withdraw(&mut self, s: &mut Session, restart: bool) {
        let signs = self.reported(s).unwrap_or_default();
        let Some(end) = self.end_node(s) else { return };
        s.mode = Mode::ConfirmWithdraw { restart };
        s.nonce += 1;
        let text = format!(
            "{}\n\n{}",
            self.tf("withdraw_ask", &[("signs", &signs)]),
            self.node_text(s, end)
        );
        let msg = Message {
            kind: Kind::Urgent,
            text,
            buttons: vec![
                vec![Button {
                    label: self.t("withdraw_yes"),
                    action: "wm".into(),
                    key: None,
                }],
                vec![Button {
                    label: self.t("withdraw_no"),
                    action: "wk".into(),
                    key: None,
                }],
            ],
            node: s.node.clone(),
            nonce: Some(s.nonce),
            toggles: false,
        };
        self.out.push(Effect::Send(msg));
    }

    /// Her answer to [`ask_withdraw`]: "it was a mistake" re-opens the question.
    pub(super) fn withdraw_answer(&mut self, s: &mut Session, mistake: bool, restart: bool) {
        let nonce = s.nonce;
        s.mode = Mode::Answering;
        let label = self.t(if mistake {
            "withdraw_yes"
        } else {
            "withdraw_no"
        });
        self.out.push(Effect::Answered {
            nonce,
            answer: label,
        });
        if !mistake {
            return self.urgent_again(s);
        }
        if let Some(r) = s.reports.iter_mut().rev().find(|r| r.withdrawn.is_none()) {
            r.withdrawn = Some(self.now);
        }
        let t = self.t("withdraw_done");
        self.say(t);
        if restart {
            return self.begin_again(s);
        }
        s.outcome = None;
        self.back(s);
    }
}
