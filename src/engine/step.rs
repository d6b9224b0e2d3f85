//! The step function: (dialogs, session, input, now) → (session, effects).
//! Pure: no I/O, no clock, no randomness. Every adapter drives this.

use super::outcome::{self, Outcome};
use super::parse;
use super::session::{Answered, Mode, Session};
use super::value::Value;
use crate::dialog::expr::Scope;
use crate::dialog::model::NodeKind;
use crate::dialog::{Dialogs, Flow, Node};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::rc::Rc;

/// What the engine is given besides the dialogs: configured numbers and names.
pub struct Env<'a> {
    pub dialogs: &'a Dialogs,
    /// `emergency_number`, `crisis_line`, `support_lines`, `clinic_name`, …
    pub constants: &'a BTreeMap<String, String>,
}

/// Something she did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Input {
    /// `/start`, or the first contact: begin, or show where she was.
    Start,
    /// A typed message.
    Text(String),
    /// A button of the question shown with `nonce` at `node` of `version`.
    Button {
        version: u32,
        node: String,
        nonce: u32,
        action: String,
    },
    Back,
    Restart,
    Summary,
    /// An answer given directly (simulate, tests); validated like any other.
    Answer(Value),
    /// Show the current question again (after a sticker or a photo).
    Reshow,
    /// Re-check: set some answers (her weeks today), ask others again, and
    /// carry on to a new plan.
    Reask {
        set: Vec<(String, Value)>,
        ask: Vec<String>,
    },
}

/// What kind of message, so an adapter can style or pace it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Info,
    Question,
    Reprompt,
    Urgent,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Button {
    pub label: String,
    /// A short code the engine reads back (`p2`, `t0`, `d`, …).
    pub action: String,
    /// What to type instead of tapping, when it is not the button's position
    /// (the value of a number button, such as 0 for "Never").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub kind: Kind,
    pub text: String,
    pub buttons: Vec<Vec<Button>>,
    /// For questions: the node and nonce its buttons carry.
    pub node: Option<String>,
    pub nonce: Option<u32>,
    /// Multiple choice: the buttons are toggles (numbers typed toggle too).
    pub toggles: bool,
}

impl Message {
    fn info(text: String) -> Message {
        Message {
            kind: Kind::Info,
            text,
            buttons: vec![],
            node: None,
            nonce: None,
            toggles: false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    Send(Message),
    /// The question shown with `nonce` was answered: show the answer, drop its buttons.
    Answered {
        nonce: u32,
        answer: String,
    },
    /// The question shown with `nonce` changed its buttons (a toggle).
    Redraw {
        nonce: u32,
        message: Message,
    },
    /// The flow ended; the session holds the outcome.
    Finished,
    /// The dialogs changed under a stored session and it moved.
    Moved {
        from: Option<String>,
        to: Option<String>,
    },
}

/// Advances the conversation by one input.
pub fn step(env: &Env, mut s: Session, input: Input, now: i64) -> (Session, Vec<Effect>) {
    let mut out = Vec::new();
    let Some(flow) = env.dialogs.flow(&s.flow) else {
        out.push(Effect::Send(Message::info(
            env.dialogs.text("no_flow").to_owned(),
        )));
        return (s, out);
    };
    let mut e = Engine {
        env,
        flow,
        out: &mut out,
        now,
        cache: Default::default(),
    };
    e.migrate(&mut s);
    match input {
        Input::Start => e.start(&mut s),
        Input::Back => e.back(&mut s),
        Input::Restart => e.restart(&mut s),
        Input::Summary => {
            let text = e.summary(&s);
            e.say(text);
            if s.node.is_some() && !s.finished() {
                e.reshow(&mut s);
            }
        }
        Input::Text(t) => e.text(&mut s, &t),
        Input::Reask { set, ask } => {
            for (k, v) in set {
                if flow.vars.contains_key(&k) {
                    s.answers.insert(k, v);
                }
            }
            for a in &ask {
                s.answers.remove(a);
            }
            s.previous = s.outcome.take().or(s.previous.take());
            s.history.clear();
            s.pending.clear();
            s.mode = Mode::Answering;
            let start = flow.start;
            e.advance(&mut s, start);
        }
        Input::Reshow => {
            if s.node.is_none() {
                e.start(&mut s)
            } else {
                e.reshow(&mut s)
            }
        }
        Input::Answer(v) => match e.current(&s) {
            Some(node) if node.is_question() && check(node, &v).is_ok() && !s.finished() => {
                e.answer(&mut s, v)
            }
            _ => e.reshow(&mut s),
        },
        Input::Button {
            version,
            node,
            nonce,
            action,
        } => {
            if version != flow.version
                || s.node.as_deref() != Some(node.as_str())
                || nonce != s.nonce
                || s.finished()
            {
                e.stale(&mut s);
            } else {
                e.button(&mut s, &action);
            }
        }
    }
    s.updated = now;
    (s, out)
}

struct Engine<'a, 'o> {
    env: &'a Env<'a>,
    flow: &'a Flow,
    out: &'o mut Vec<Effect>,
    now: i64,
    /// Variables and scopes of the last answers seen: conditions are
    /// evaluated many times per step on the same answers.
    cache: std::cell::RefCell<Cache>,
}

#[derive(Default)]
struct Cache {
    answers: Option<BTreeMap<String, Value>>,
    vars: Option<Rc<BTreeMap<String, Value>>>,
    plain: Option<Rc<Scope>>,
    with_outcome: Option<Rc<Scope>>,
}

impl<'a> Engine<'a, '_> {
    fn t(&self, id: &str) -> String {
        self.env.dialogs.text(id).to_owned()
    }

    fn say(&mut self, text: String) {
        if !text.trim().is_empty() {
            self.out.push(Effect::Send(Message::info(text)));
        }
    }

    fn reprompt(&mut self, s: &mut Session, text: String) {
        self.out.push(Effect::Send(Message {
            kind: Kind::Reprompt,
            ..Message::info(text)
        }));
        self.reshow(s);
    }

    /// Resets the cache when the answers differ from the cached ones.
    fn fresh(&self, s: &Session) -> std::cell::RefMut<'_, Cache> {
        let mut c = self.cache.borrow_mut();
        if c.answers.as_ref() != Some(&s.answers) {
            *c = Cache {
                answers: Some(s.answers.clone()),
                ..Cache::default()
            };
        }
        c
    }

    fn vars(&self, s: &Session) -> Rc<BTreeMap<String, Value>> {
        let mut c = self.fresh(s);
        if c.vars.is_none() {
            let (vars, scope) = outcome::variables_and_scope(self.flow, &s.given, &s.answers);
            c.vars = Some(Rc::new(vars));
            c.plain = Some(Rc::new(scope));
        }
        c.vars.clone().unwrap_or_default()
    }

    /// A scope for conditions; with `outcome_*` when the expression needs it.
    fn scope(&self, s: &Session, needs_outcome: bool) -> Rc<Scope> {
        let vars = self.vars(s);
        let mut c = self.fresh(s);
        let slot = if needs_outcome {
            &mut c.with_outcome
        } else {
            &mut c.plain
        };
        slot.get_or_insert_with(|| {
            if needs_outcome && let Some((_, scope)) = outcome::tally(self.flow, &vars) {
                return Rc::new(scope);
            }
            Rc::new(Scope::new().with(vars.iter().map(|(k, v)| (k.as_str(), v))))
        })
        .clone()
    }

    fn render(&self, s: &Session, text: &str) -> String {
        render(self.env, &self.vars(s), text)
    }

    fn node_text(&self, s: &Session, node: &Node) -> String {
        let scope = self.scope(s, false);
        let text = node
            .variants
            .iter()
            .find(|(c, _)| c.holds(&scope))
            .map(|(_, t)| t.as_str())
            .unwrap_or(&node.text);
        self.render(s, text)
    }

    fn current(&self, s: &Session) -> Option<&'a Node> {
        s.node.as_deref().and_then(|n| self.flow.node(n))
    }

    fn start(&mut self, s: &mut Session) {
        if s.node.is_none() {
            let start = self.flow.start;
            self.advance(s, start);
        } else if s.finished() {
            let t = self.t("finished_already");
            self.say(t);
        } else {
            let label = self.current(s).map(question_label).unwrap_or_default();
            let t = self.t("welcome_back").replace("{question}", &label);
            self.say(t);
            self.reshow(s);
        }
    }

    fn restart(&mut self, s: &mut Session) {
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

    fn begin_again(&mut self, s: &mut Session) {
        let fresh = Session {
            nonce: s.nonce,
            given: std::mem::take(&mut s.given),
            // Where she came from and what she agreed to share outlive a restart.
            clinic: s.clinic.take(),
            share: s.share,
            shared_at: s.shared_at,
            patient_ref: s.patient_ref.take(),
            ..Session::new(&s.flow, self.flow.version, &self.env.dialogs.hash, self.now)
        };
        *s = fresh;
        let start = self.flow.start;
        self.advance(s, start);
    }

    fn back(&mut self, s: &mut Session) {
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
    fn reshow(&mut self, s: &mut Session) {
        match s.mode {
            Mode::ConfirmRestart => {
                s.mode = Mode::Answering;
                return self.restart(s);
            }
            Mode::PickingChange => return self.change_list(s),
            Mode::Answering => {}
        }
        let Some(node) = self.current(s) else {
            let start = self.flow.start;
            return self.advance(s, start);
        };
        if s.finished() {
            let t = self.t("finished_already");
            return self.say(t);
        }
        s.nonce += 1;
        let msg = self.question(s, node);
        self.out.push(Effect::Send(msg));
    }

    fn stale(&mut self, s: &mut Session) {
        let t = self.t("moved_on");
        self.say(t);
        if s.finished() {
            let t = self.t("finished_already");
            self.say(t);
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

    fn question(&self, s: &Session, node: &Node) -> Message {
        let mut text = self.node_text(s, node);
        if let Some(why) = &node.why {
            text.push_str(&format!("\n\n_{}_", self.render(s, why)));
        }
        let btn = |label: &str, action: String| Button {
            label: label.to_owned(),
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
                let short = node.options.iter().all(|o| o.label.chars().count() <= 4);
                let per_row = if short { 6 } else { 1 };
                for chunk in node.options.chunks(per_row).enumerate() {
                    rows.push(
                        chunk
                            .1
                            .iter()
                            .enumerate()
                            .map(|(j, o)| Button {
                                key: o.value.map(|v| v.to_string()),
                                ..btn(&o.label, format!("p{}", chunk.0 * per_row + j))
                            })
                            .collect(),
                    );
                }
            }
            NodeKind::Multi => {
                toggles = true;
                for (i, o) in node.options.iter().enumerate() {
                    let on = s.pending.contains(&o.code);
                    let label = if on {
                        format!("✓ {}", o.label)
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
            let shown = display(node, prev);
            text.push_str(&format!(
                "\n\n{}",
                self.t("change_now").replace("{answer}", &shown)
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
    fn summary(&self, s: &Session) -> String {
        if s.history.is_empty() {
            return self.t("summary_empty");
        }
        let mut lines = vec![self.t("summary_title")];
        for h in &s.history {
            if let (Some(node), Some(v)) = (self.flow.node(&h.node), s.answers.get(&h.var)) {
                lines.push(format!("• {}: {}", question_label(node), display(node, v)));
            }
        }
        lines.join("\n")
    }

    fn change_list(&mut self, s: &mut Session) {
        s.nonce += 1;
        let mut rows = Vec::new();
        for (i, h) in s.history.iter().enumerate() {
            if let Some(node) = self.flow.node(&h.node) {
                let v = s
                    .answers
                    .get(&h.var)
                    .map(|v| display(node, v))
                    .unwrap_or_default();
                rows.push(vec![Button {
                    label: truncate(&format!("{}: {v}", question_label(node)), 60),
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

    fn text(&mut self, s: &mut Session, t: &str) {
        let t = t.trim();
        match s.mode {
            Mode::ConfirmRestart => {
                return match parse::yes_no(t, "restart", "keep") {
                    Some(true) => self.button(s, "ry"),
                    Some(false) => self.button(s, "rn"),
                    None => self.restart(s),
                };
            }
            Mode::PickingChange => {
                return match parse::indices(t, s.history.len()).as_deref() {
                    Some([i]) => self.button(s, &format!("c{i}")),
                    _ => {
                        let r = self.t("reprompt_change");
                        self.reprompt(s, r)
                    }
                };
            }
            Mode::Answering => {}
        }
        if s.finished() {
            let t = self.t("finished_already");
            return self.say(t);
        }
        let Some(node) = self.current(s) else {
            return self.start(s);
        };
        let lower = t.to_lowercase();
        if node.skippable && matches!(lower.as_str(), "skip" | "pass") {
            return self.button(s, "s");
        }
        match node.kind {
            NodeKind::YesNo => match parse::yes_no(t, &node.yes_label, &node.no_label) {
                Some(b) => self.answer(s, Value::Bool(b)),
                None => {
                    let r = self.t("reprompt_yes_no");
                    self.reprompt(s, r)
                }
            },
            NodeKind::Choice => {
                let by_label = node
                    .options
                    .iter()
                    .position(|o| o.label.to_lowercase() == lower || o.code == lower);
                let idx =
                    by_label.or_else(|| match parse::indices(t, node.options.len()).as_deref() {
                        Some([i]) => Some(*i),
                        _ => None,
                    });
                match idx {
                    Some(i) => self.button(s, &format!("p{i}")),
                    None => {
                        let r = self.t("reprompt_choice");
                        self.reprompt(s, r)
                    }
                }
            }
            NodeKind::Multi => {
                if matches!(lower.as_str(), "done" | "ok" | "d")
                    || lower == node.done_label.to_lowercase()
                {
                    return self.button(s, "d");
                }
                if matches!(lower.as_str(), "none" | "0" | "no")
                    || lower == node.none_label.to_lowercase()
                {
                    return self.button(s, "n");
                }
                match parse::indices(t, node.options.len()) {
                    Some(idx) => {
                        for i in idx {
                            let code = node.options[i].code.clone();
                            toggle(&mut s.pending, &code);
                        }
                        self.reshow(s);
                    }
                    None => {
                        let r = self.t("reprompt_multi");
                        self.reprompt(s, r)
                    }
                }
            }
            NodeKind::Number => {
                let by_label = node
                    .options
                    .iter()
                    .find(|o| o.label.to_lowercase() == lower)
                    .and_then(|o| o.value);
                let n = by_label.or_else(|| parse::number(t, node.accept_months, self.now));
                match n {
                    Some(n) if (node.min..=node.max).contains(&n) => self.answer(s, Value::Int(n)),
                    _ => {
                        let unit = node.unit.clone().unwrap_or_default();
                        let mut r = self
                            .t("reprompt_number")
                            .replace("{min}", &node.min.to_string())
                            .replace("{max}", &node.max.to_string())
                            .replace("{unit}", &unit);
                        if node.accept_months {
                            r.push(' ');
                            r.push_str(&self.t("reprompt_months"));
                        }
                        self.reprompt(s, r)
                    }
                }
            }
            NodeKind::Text => {
                if t.chars().count() > node.max_len {
                    let r = self
                        .t("reprompt_text_long")
                        .replace("{max}", &node.max_len.to_string());
                    self.reprompt(s, r)
                } else if node.pattern.as_ref().is_some_and(|p| !full_match(p, t)) {
                    let r = self.t("reprompt_text_pattern");
                    self.reprompt(s, r)
                } else {
                    self.answer(s, Value::Text(t.to_owned()))
                }
            }
            NodeKind::Review => match parse::yes_no(t, "ok", "change") {
                Some(true) => self.button(s, "ok"),
                Some(false) => self.button(s, "ch"),
                None => {
                    let r = self.t("reprompt_choice");
                    self.reprompt(s, r)
                }
            },
            NodeKind::Message | NodeKind::End => self.reshow(s),
        }
    }

    fn button(&mut self, s: &mut Session, action: &str) {
        match (s.mode.clone(), action) {
            (Mode::ConfirmRestart, "ry") => return self.begin_again(s),
            (Mode::ConfirmRestart, "rn") => {
                s.mode = Mode::Answering;
                let t = self.t("restart_no_done");
                self.say(t);
                return self.reshow(s);
            }
            (Mode::ConfirmRestart, _) => return self.stale(s),
            (Mode::PickingChange, "cc") => {
                s.mode = Mode::Answering;
                return self.reshow(s);
            }
            (Mode::PickingChange, a) if a.starts_with('c') => {
                let Some(i) = a[1..]
                    .parse::<usize>()
                    .ok()
                    .filter(|i| *i < s.history.len())
                else {
                    return self.stale(s);
                };
                let entry = s.history[i].clone();
                s.history.truncate(i);
                s.mode = Mode::Answering;
                s.node = Some(entry.node);
                s.outcome = None;
                s.pending.clear();
                return self.reshow(s);
            }
            (Mode::PickingChange, _) => return self.stale(s),
            (Mode::Answering, _) => {}
        }
        let Some(node) = self.current(s) else {
            return self.stale(s);
        };
        let idx = |a: &str, p: char| a.strip_prefix(p).and_then(|n| n.parse::<usize>().ok());
        match (node.kind, action) {
            (NodeKind::YesNo, "y") => self.answer(s, Value::Bool(true)),
            (NodeKind::YesNo, "x") => self.answer(s, Value::Bool(false)),
            (_, "s") if node.skippable => {
                let v = node.skip.clone().unwrap_or(Value::Null);
                self.answer(s, v)
            }
            (NodeKind::Choice, a) if idx(a, 'p').is_some_and(|i| i < node.options.len()) => {
                let code = node.options[idx(a, 'p').unwrap_or(0)].code.clone();
                self.answer(s, Value::Text(code))
            }
            (NodeKind::Number, a) if idx(a, 'p').is_some_and(|i| i < node.options.len()) => {
                let o = &node.options[idx(a, 'p').unwrap_or(0)];
                match o.value {
                    Some(v) => self.answer(s, Value::Int(v)),
                    None => self.stale(s),
                }
            }
            (NodeKind::Multi, a) if idx(a, 't').is_some_and(|i| i < node.options.len()) => {
                let code = node.options[idx(a, 't').unwrap_or(0)].code.clone();
                toggle(&mut s.pending, &code);
                let msg = self.question(s, node);
                self.out.push(Effect::Redraw {
                    nonce: s.nonce,
                    message: msg,
                });
            }
            (NodeKind::Multi, "n") => {
                s.pending.clear();
                self.answer(s, Value::List(vec![]))
            }
            (NodeKind::Multi, "d") => {
                if s.pending.is_empty() {
                    let r = self
                        .t("reprompt_multi_empty")
                        .replace("{none}", &node.none_label);
                    return self.reprompt(s, r);
                }
                // Keep the order of the options, not of the taps.
                let picked: Vec<String> = node
                    .options
                    .iter()
                    .filter(|o| s.pending.contains(&o.code))
                    .map(|o| o.code.clone())
                    .collect();
                self.answer(s, Value::List(picked))
            }
            (NodeKind::Review, "ok") => {
                let next = self.next_of(s, node);
                self.out.push(Effect::Answered {
                    nonce: s.nonce,
                    answer: self.t("review_confirm"),
                });
                match next {
                    Some(n) => self.advance(s, n),
                    None => self.stale(s),
                }
            }
            (NodeKind::Review, "ch") => {
                s.mode = Mode::PickingChange;
                self.change_list(s)
            }
            _ => self.stale(s),
        }
    }

    fn next_of(&self, s: &Session, node: &Node) -> Option<usize> {
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
    fn answer(&mut self, s: &mut Session, value: Value) {
        let Some(node) = self.current(s) else { return };
        let Some(var) = node.var.clone() else { return };
        self.out.push(Effect::Answered {
            nonce: s.nonce,
            answer: display(node, &value),
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

    fn after_answer(&mut self, s: &mut Session, node: &'a Node) {
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

    fn stop(&self, s: &Session) -> Option<usize> {
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
    fn advance(&mut self, s: &mut Session, mut idx: usize) {
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

    fn flush(&mut self, held: Vec<String>) {
        for h in held {
            self.say(h);
        }
    }

    fn finish(&mut self, s: &mut Session, end: &Node) {
        let vars = self.vars(s);
        let mut outcome: Outcome = outcome::evaluate(self.env.dialogs, self.flow, end, &vars);
        outcome.made_with = format!(
            "{} v{} {}",
            self.flow.id, self.flow.version, self.env.dialogs.hash
        );
        let urgent = outcome.status == "stopped_urgent";
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
    fn migrate(&mut self, s: &mut Session) {
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

fn reads_outcome(vars: &[String]) -> bool {
    vars.iter().any(|v| v.starts_with("outcome_"))
}

fn full_match(re: &regex::Regex, t: &str) -> bool {
    re.find(t)
        .is_some_and(|m| m.start() == 0 && m.end() == t.len())
}

fn toggle(list: &mut Vec<String>, code: &str) {
    if let Some(i) = list.iter().position(|c| c == code) {
        list.remove(i);
    } else {
        list.push(code.to_owned());
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    }
}

/// Drops answers to questions the current path no longer asks.
fn prune(s: &mut Session) {
    let keep: std::collections::BTreeSet<&str> = s.history.iter().map(|h| h.var.as_str()).collect();
    s.answers.retain(|k, _| keep.contains(k.as_str()));
}

/// The short name of a question, for summaries: its label, or its variable.
pub fn question_label(node: &Node) -> String {
    if let Some(l) = &node.label {
        return l.clone();
    }
    node.var
        .as_deref()
        .unwrap_or(&node.id)
        .replace('_', " ")
        .trim()
        .to_owned()
}

/// An answer as she would read it.
pub fn display(node: &Node, v: &Value) -> String {
    match (node.kind, v) {
        (_, Value::Null) => node.skip_label.clone(),
        (NodeKind::YesNo, Value::Bool(true)) => node.yes_label.clone(),
        (NodeKind::YesNo, Value::Bool(false)) => node.no_label.clone(),
        (NodeKind::Choice, Value::Text(c)) => node
            .option(c)
            .map(|o| o.label.clone())
            .unwrap_or_else(|| c.clone()),
        (NodeKind::Multi, Value::List(l)) if l.is_empty() => node.none_label.clone(),
        (NodeKind::Multi, Value::List(l)) => l
            .iter()
            .map(|c| {
                node.option(c)
                    .map(|o| o.label.clone())
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
                .map(|o| o.label.clone())
                .unwrap_or_default()
        }
        (NodeKind::Number, Value::Int(i)) => match &node.unit {
            Some(u) => format!("{i} {u}"),
            None => i.to_string(),
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

/// Fills `{placeholders}`: variables, configured constants and `{text.name}`.
pub fn render(env: &Env, vars: &BTreeMap<String, Value>, text: &str) -> String {
    render_depth(env, vars, text, 0)
}

fn render_depth(env: &Env, vars: &BTreeMap<String, Value>, text: &str, depth: u8) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let name = &after[..close];
        let value = if let Some(t) = name.strip_prefix("text.") {
            (depth < 3).then(|| render_depth(env, vars, env.dialogs.text(t), depth + 1))
        } else if let Some(v) = vars.get(name) {
            Some(v.to_string())
        } else {
            env.constants.get(name).cloned()
        };
        match value {
            Some(v) => out.push_str(&v),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}
