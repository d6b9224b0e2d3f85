//! The step function: (dialogs, session, input, now) → (session, effects).
//! Pure: no I/O, no clock, no randomness. Every adapter drives this.
//!
//! Split by job: `nav` moves through the flow, `read` reads what she typed
//! or tapped, `show` presents questions and answers, `ending` answers her
//! after the flow ended, `template` fills placeholders.

mod ending;
mod nav;
mod read;
mod show;

pub use crate::texts::{Env, render, render_with};
pub use show::{check, display, question_label};

use super::outcome;
use super::session::{Mode, Session};
use super::value::Value;
use crate::dialog::expr::Scope;
use crate::dialog::model::NodeKind;
use crate::dialog::{Flow, Node};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::rc::Rc;

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
    /// `/plan`: her plan, or what stands in its place.
    Plan,
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
    pub(super) fn info(text: String) -> Message {
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
    /// A short note about a tap that changes nothing ("Nothing is ticked
    /// yet"): a front end shows it beside the tap, the question stays.
    Notice(String),
    /// The flow ended; the session holds the outcome.
    Finished,
    /// Show her plan again (`/plan` on a complete intake).
    ShowPlan,
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
        out.push(Effect::Send(Message::info(env.t("no_flow"))));
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
        Input::Plan => e.plan(&mut s),
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
            // A finished flow still takes the answer to a confirmation it asked.
            let confirming = s.mode != Mode::Answering;
            if version != flow.version
                || s.node.as_deref() != Some(node.as_str())
                || nonce != s.nonce
                || (s.finished() && !confirming)
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
    /// A named text, its configured numbers filled in.
    pub(super) fn t(&self, id: &str) -> String {
        self.env.t(id)
    }

    /// A named text with arguments (`{answer}`, `{min}`, …).
    pub(super) fn tf(&self, id: &str, args: &[(&str, &str)]) -> String {
        self.env.tf(id, args)
    }

    pub(super) fn say(&mut self, text: String) {
        if !text.trim().is_empty() {
            self.out.push(Effect::Send(Message::info(text)));
        }
    }

    pub(super) fn reprompt(&mut self, s: &mut Session, text: String) {
        self.out.push(Effect::Send(Message {
            kind: Kind::Reprompt,
            ..Message::info(text)
        }));
        self.reshow(s);
    }

    /// Resets the cache when the answers differ from the cached ones.
    pub(super) fn fresh(&self, s: &Session) -> std::cell::RefMut<'_, Cache> {
        let mut c = self.cache.borrow_mut();
        if c.answers.as_ref() != Some(&s.answers) {
            *c = Cache {
                answers: Some(s.answers.clone()),
                ..Cache::default()
            };
        }
        c
    }

    pub(super) fn vars(&self, s: &Session) -> Rc<BTreeMap<String, Value>> {
        let mut c = self.fresh(s);
        if c.vars.is_none() {
            let (vars, scope) = outcome::variables_and_scope(self.flow, &s.given, &s.answers);
            c.vars = Some(Rc::new(vars));
            c.plain = Some(Rc::new(scope));
        }
        c.vars.clone().unwrap_or_default()
    }

    /// A scope for conditions; with `outcome_*` when the expression needs it.
    pub(super) fn scope(&self, s: &Session, needs_outcome: bool) -> Rc<Scope> {
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

    pub(super) fn render(&self, s: &Session, text: &str) -> String {
        render(self.env, &self.vars(s), text)
    }

    pub(super) fn node_text(&self, s: &Session, node: &Node) -> String {
        let scope = self.scope(s, false);
        let text = node
            .variants
            .iter()
            .find(|(c, _)| c.holds(&scope))
            .map(|(_, t)| t.as_str())
            .unwrap_or(&node.text);
        self.render(s, text)
    }

    pub(super) fn current(&self, s: &Session) -> Option<&'a Node> {
        s.node.as_deref().and_then(|n| self.flow.node(n))
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
