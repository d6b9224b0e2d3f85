//! Conditions, rules and node texts in words, for `restride graph`.
//!
//! A condition is read through its parsed shape ([`Shape`]): variables become
//! the labels of the questions that ask them, codes the labels of their
//! options, and the common operators plain phrases. A part that does not fit
//! any of these is shown as its CEL text, in quotes.

use crate::dialog::expr::{Expr, Shape};
use crate::dialog::model::{NodeKind, VarType};
use crate::dialog::{Dialogs, Effects, Flow, Node};

/// What a variable holds, as far as its wording goes.
#[derive(Clone, Copy)]
enum Kind<'a> {
    Bool,
    Number(Option<&'a str>),
    /// A choice or multiple choice question: codes read as its option labels.
    Options(&'a Node),
    /// Codes read as themselves, underscores as spaces.
    Codes,
    /// Variable names, read as their labels.
    Names,
    Other,
}

struct Var<'a> {
    label: String,
    kind: Kind<'a>,
}

/// Names the engine provides: their wording.
const BUILTINS: &[(&str, &str)] = &[
    ("outcome_urgency", "urgency so far"),
    ("outcome_level", "exercise level so far"),
    ("outcome_running", "running so far"),
    ("day", "days since the intake"),
    ("level", "her exercise level"),
    ("running", "her running status"),
    ("ever_actions", "actions so far"),
    ("intake_running_caps", "the intake's limits on running"),
    ("asked_today", "asked today"),
];

/// Reads the conditions of one flow in words.
pub struct Words<'a> {
    d: &'a Dialogs,
    flow: &'a Flow,
}

/// `weeks_postpartum` -> "weeks postpartum".
pub fn humanize(code: &str) -> String {
    code.replace('_', " ")
}

/// Joins phrases as "A, B or C".
fn list(items: &[String], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., end] => format!("{} {last} {end}", rest.join(", ")),
    }
}

fn number(s: &Shape) -> Option<String> {
    match s {
        Shape::Int(i) => Some(i.to_string()),
        Shape::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(format!("{f:.0}")),
        Shape::Float(f) => Some(f.to_string()),
        _ => None,
    }
}

/// `>=` with "6" (and a unit) -> "is 6 weeks or more".
fn compare(op: &str, rhs: &str, unit: Option<&str>) -> String {
    let rhs = match unit {
        Some(u) if rhs == "1" => format!("1 {}", u.strip_suffix('s').unwrap_or(u)),
        Some(u) => format!("{rhs} {u}"),
        None => rhs.to_owned(),
    };
    match op {
        ">=" => format!("is {rhs} or more"),
        ">" => format!("is more than {rhs}"),
        "<" => format!("is less than {rhs}"),
        "<=" => format!("is {rhs} or less"),
        "!=" => format!("is not {rhs}"),
        _ => format!("is {rhs}"),
    }
}

/// The same comparison read from the other side (`6 <= x` is `x >= 6`).
fn flip(op: &'static str) -> &'static str {
    match op {
        "<" => ">",
        ">" => "<",
        "<=" => ">=",
        ">=" => "<=",
        other => other,
    }
}

/// The comparison that holds when `op` does not.
fn negate(op: &'static str) -> Option<&'static str> {
    Some(match op {
        "==" => "!=",
        "!=" => "==",
        "<" => ">=",
        ">=" => "<",
        ">" => "<=",
        "<=" => ">",
        _ => return None,
    })
}

fn is_cmp(op: &str) -> bool {
    matches!(op, "==" | "!=" | "<" | "<=" | ">" | ">=")
}

/// The phrase `s` of a condition for a text, in quotes (the fallback).
fn quoted(source: &str) -> String {
    format!(
        "\"{}\"",
        source.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

impl<'a> Words<'a> {
    pub fn new(d: &'a Dialogs, flow: &'a Flow) -> Words<'a> {
        Words { d, flow }
    }

    /// A condition in words; what cannot be put in words is quoted as written.
    pub fn cond(&self, e: &Expr) -> String {
        match e.shape() {
            Shape::Other(_) | Shape::Choose(..) => quoted(e.source()),
            s => self.phrase(&s),
        }
    }

    fn var(&self, name: &str) -> Var<'a> {
        let question = self
            .flow
            .var_node(name)
            .or_else(|| self.d.flows.values().find_map(|f| f.var_node(name)));
        if let Some(n) = question {
            let label = n.label.clone().unwrap_or_else(|| humanize(name));
            let kind = match n.kind {
                NodeKind::YesNo => Kind::Bool,
                NodeKind::Number => Kind::Number(n.unit.as_deref()),
                NodeKind::Choice | NodeKind::Multi => Kind::Options(n),
                _ => Kind::Other,
            };
            return Var { label, kind };
        }
        if let Some((_, label)) = BUILTINS.iter().find(|(b, _)| *b == name) {
            let kind = match name {
                "day" => Kind::Number(None),
                "asked_today" => Kind::Names,
                _ => Kind::Codes,
            };
            return Var {
                label: (*label).to_owned(),
                kind,
            };
        }
        let t = &self.flow.tracking;
        for h in &t.history {
            for (n, when) in [(1, "at the last check-in"), (2, "two check-ins ago")] {
                if name == format!("{h}_prev{n}") {
                    return Var {
                        label: format!("{} {when}", self.var(h).label),
                        kind: Kind::Number(None),
                    };
                }
            }
        }
        if t.streaks.iter().any(|s| s.name == name) {
            return Var {
                label: format!("{} (check-ins in a row)", humanize(name)),
                kind: Kind::Number(None),
            };
        }
        if let Some((_, _, add)) = t.seen.iter().find(|(n, _, _)| n == name) {
            let kind = self.var(add).kind;
            return Var {
                label: "those seen before".to_owned(),
                kind,
            };
        }
        let kind = match self.flow.computed.iter().find(|c| c.name == name) {
            Some(c) => match c.ty {
                VarType::Bool => Kind::Bool,
                VarType::Int | VarType::Float => Kind::Number(None),
                VarType::Choice | VarType::Multi => Kind::Codes,
                VarType::Text => Kind::Other,
            },
            None if self.is_flag(name) => Kind::Bool,
            None => Kind::Other,
        };
        Var {
            label: humanize(name),
            kind,
        }
    }

    fn is_flag(&self, name: &str) -> bool {
        self.flow
            .adaptations
            .iter()
            .any(|a| a.set_flag.as_deref() == Some(name))
    }

    /// A code of `var` in words: its option's label, else the code itself.
    fn code(&self, kind: Kind<'_>, code: &str) -> String {
        match kind {
            Kind::Options(n) => n
                .option(code)
                .map(|c| c.label.clone())
                .unwrap_or_else(|| humanize(code)),
            Kind::Names => self.var(code).label,
            // A code of the engine's own: a term, so in quotes.
            Kind::Codes => format!("“{}”", humanize(code)),
            _ => humanize(code),
        }
    }

    fn codes(&self, kind: Kind<'_>, items: &[Shape], last: &str) -> Option<String> {
        let words = items
            .iter()
            .map(|i| match i {
                Shape::Text(t) => Some(self.code(kind, t)),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?;
        Some(list(&words, last))
    }

    /// A part of a condition, wrapped in brackets when it joins others.
    fn part(&self, s: &Shape, inside: &str) -> String {
        let p = self.phrase(s);
        match s {
            Shape::Binary(op @ ("&&" | "||"), ..) if *op != inside => format!("({p})"),
            _ => p,
        }
    }

    fn phrase(&self, s: &Shape) -> String {
        match s {
            Shape::Bool(true) => "always".to_owned(),
            Shape::Bool(false) => "never".to_owned(),
            Shape::Var(v) => self.var(v).label,
            Shape::Text(t) => humanize(t),
            Shape::Int(_) | Shape::Float(_) => number(s).unwrap_or_default(),
            Shape::Not(x) => self.not(x),
            Shape::Binary(op @ ("&&" | "||"), ..) => {
                let mut parts = Vec::new();
                flatten(s, op, &mut parts);
                let word = if *op == "&&" { "and" } else { "or" };
                if *op == "||"
                    && let Some(merged) = self.one_of(&parts)
                {
                    return merged;
                }
                parts
                    .iter()
                    .map(|p| self.part(p, op))
                    .collect::<Vec<_>>()
                    .join(&format!(" {word} "))
            }
            Shape::Binary("in", item, set) => self.member(item, set, true),
            Shape::Binary(op, a, b) if is_cmp(op) => self.comparison(op, a, b),
            Shape::Binary(op, a, b) => {
                let word = match *op {
                    "+" => "plus",
                    "-" => "minus",
                    "*" => "times",
                    "/" => "divided by",
                    _ => "modulo",
                };
                format!("{} {word} {}", self.operand(a), self.operand(b))
            }
            Shape::Call(f, args) if args.len() == 1 && matches!(f.as_str(), "double" | "int") => {
                self.phrase(&args[0])
            }
            Shape::Call(f, args) if f == "size" && args.len() == 1 => {
                format!("the number of {}", self.phrase(&args[0]))
            }
            Shape::Each {
                all,
                list,
                var,
                cond,
            } => self.each(*all, list, var, cond),
            other => quoted(&other.source()),
        }
    }

    fn operand(&self, s: &Shape) -> String {
        match s {
            Shape::Binary(..) => format!("({})", self.phrase(s)),
            _ => self.phrase(s),
        }
    }

    fn not(&self, x: &Shape) -> String {
        match x {
            Shape::Binary("in", item, set) => self.member(item, set, false),
            Shape::Binary(op, a, b) if negate(op).is_some() => {
                self.comparison(negate(op).unwrap_or(op), a, b)
            }
            Shape::Var(_) | Shape::Not(_) => format!("not {}", self.phrase(x)),
            _ => format!("not ({})", self.phrase(x)),
        }
    }

    /// `x == 'a' || x == 'b'` -> "X is A or B".
    fn one_of(&self, parts: &[&Shape]) -> Option<String> {
        let mut var = None;
        let mut codes = Vec::new();
        for p in parts {
            let Shape::Binary("==", a, b) = p else {
                return None;
            };
            let (Shape::Var(v), Shape::Text(t)) = (a.as_ref(), b.as_ref()) else {
                return None;
            };
            if var.is_some_and(|w| w != v) {
                return None;
            }
            var = Some(v);
            codes.push(Shape::Text(t.clone()));
        }
        let v = self.var(var?);
        Some(format!(
            "{} is {}",
            v.label,
            self.codes(v.kind, &codes, "or")?
        ))
    }

    /// `'a' in x`, or with `yes` false, `!('a' in x)`.
    fn member(&self, item: &Shape, set: &Shape, yes: bool) -> String {
        let source = Shape::Binary("in", Box::new(item.clone()), Box::new(set.clone()));
        match (item, set) {
            (Shape::Text(t), Shape::Var(v)) => {
                let v = self.var(v);
                let what = self.code(v.kind, t);
                match (v.kind, yes) {
                    (Kind::Names, true) => format!("{what} was asked today"),
                    (Kind::Names, false) => format!("{what} was not asked today"),
                    (_, true) => format!("{} include {what}", v.label),
                    (_, false) => format!("{} don't include {what}", v.label),
                }
            }
            (Shape::Var(v), Shape::List(items)) => {
                let v = self.var(v);
                match self.codes(v.kind, items, "or") {
                    Some(c) if yes => format!("{} is {c}", v.label),
                    Some(c) => format!("{} is not {c}", v.label),
                    None => self.fallback(&source, yes),
                }
            }
            _ => self.fallback(&source, yes),
        }
    }

    fn fallback(&self, s: &Shape, yes: bool) -> String {
        if yes {
            quoted(&s.source())
        } else {
            format!("not {}", quoted(&s.source()))
        }
    }

    fn comparison(&self, op: &'static str, a: &Shape, b: &Shape) -> String {
        // The literal goes on the right.
        if number(a).is_some() || matches!(a, Shape::Text(_) | Shape::Bool(_)) {
            return self.comparison(flip(op), b, a);
        }
        match (a, b) {
            // `n % k == 0`
            (Shape::Binary("%", x, k), Shape::Int(0)) if op == "==" => {
                return format!("{} is a multiple of {}", self.operand(x), self.phrase(k));
            }
            // `size(list) > 0`
            (Shape::Call(f, args), rhs) if f == "size" && args.len() == 1 => {
                if let (Shape::Var(v), Some(n)) = (&args[0], number(rhs)) {
                    let v = self.var(v);
                    if let Kind::Options(q) = v.kind
                        && q.kind == NodeKind::Multi
                    {
                        return ticked(op, &n, &v.label);
                    }
                }
            }
            // `weeks_postpartum + day / 7`: her weeks, counted to today.
            (Shape::Binary("+", w, d), rhs) if is_day_in_weeks(d) => {
                if let (Shape::Var(v), Some(n)) = (w.as_ref(), number(rhs)) {
                    let v = self.var(v);
                    if let Kind::Number(unit) = v.kind {
                        return format!("{} by today {}", v.label, compare(op, &n, unit));
                    }
                }
            }
            (Shape::Var(name), Shape::Text(code)) if matches!(op, "==" | "!=") => {
                let yes = op == "==";
                if code == "not_yet" && matches!(name.as_str(), "outcome_running" | "running") {
                    let (who, when) = if name == "running" {
                        ("her running", "")
                    } else {
                        ("running", " so far")
                    };
                    let not = if yes { "" } else { "not " };
                    return format!("{who} {not}held back{when}");
                }
                let v = self.var(name);
                return format!(
                    "{} {}",
                    v.label,
                    compare(op, &self.code(v.kind, code), None)
                );
            }
            (Shape::Var(name), Shape::Bool(b)) if matches!(op, "==" | "!=") => {
                let label = self.var(name).label;
                return if *b == (op == "==") {
                    label
                } else {
                    format!("not {label}")
                };
            }
            (Shape::Var(name), rhs) => {
                let v = self.var(name);
                let unit = match v.kind {
                    Kind::Number(u) => u,
                    _ => None,
                };
                if let Some(n) = number(rhs) {
                    return format!("{} {}", v.label, compare(op, &n, unit));
                }
            }
            _ => {}
        }
        let left = match a {
            Shape::Binary("+" | "-" | "*" | "/" | "%", ..) => self.phrase(a),
            _ => self.operand(a),
        };
        format!("{left} {}", compare(op, &self.operand(b), None))
    }

    fn each(&self, all: bool, list: &Shape, var: &str, cond: &Shape) -> String {
        let whole = || {
            quoted(
                &Shape::Each {
                    all,
                    list: Box::new(list.clone()),
                    var: var.to_owned(),
                    cond: Box::new(cond.clone()),
                }
                .source(),
            )
        };
        let Shape::Var(name) = list else {
            return whole();
        };
        let v = self.var(name);
        let bound = |s: &Shape| matches!(s, Shape::Var(x) if x == var);
        match (all, cond) {
            (false, Shape::Binary("in", x, set)) if bound(x) => match set.as_ref() {
                Shape::List(items) => match self.codes(v.kind, items, "or") {
                    Some(c) => format!("{} include any of {c}", v.label),
                    None => whole(),
                },
                _ => whole(),
            },
            (false, Shape::Not(inner)) => match inner.as_ref() {
                Shape::Binary("in", x, set) if bound(x) => match set.as_ref() {
                    Shape::Var(other) => {
                        format!("any {} not among {}", v.label, self.var(other).label)
                    }
                    _ => whole(),
                },
                _ => whole(),
            },
            (true, Shape::Binary("in", x, set)) if bound(x) => match set.as_ref() {
                Shape::List(items) => match self.codes(v.kind, items, "or") {
                    Some(c) => format!("{} are each {c}", v.label),
                    None => whole(),
                },
                _ => whole(),
            },
            _ => whole(),
        }
    }

    /// What a rule or adaptation does, one phrase each.
    pub fn effects(&self, e: &Effects) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(u) = &e.urgency {
            out.push(format!("urgency at least {}", humanize(u)));
        }
        if !e.refer.is_empty() {
            let names: Vec<String> = e
                .refer
                .iter()
                .map(|r| {
                    self.d
                        .referrals
                        .get(r)
                        .map(|r| r.name.clone())
                        .unwrap_or_else(|| humanize(r))
                })
                .collect();
            out.push(format!("refer to {}", list(&names, "and")));
        }
        if !e.advise.is_empty() {
            let titles: Vec<String> = e
                .advise
                .iter()
                .map(|a| {
                    self.d
                        .advice
                        .get(a)
                        .map(|a| format!("“{}”", crate::dialog::fluent::default_wording(&a.title)))
                        .unwrap_or_else(|| humanize(a))
                })
                .collect();
            out.push(format!("advise {}", list(&titles, "and")));
        }
        if let Some(l) = &e.cap_level {
            out.push(format!("exercise at most {}", humanize(l)));
        }
        if let Some(r) = &e.cap_running {
            out.push(if r == "not_yet" {
                "no running yet".to_owned()
            } else {
                format!("running at most {}", humanize(r))
            });
        }
        out
    }

    /// The labels of variables, for a check-in's offer.
    pub fn labels(&self, vars: &[String]) -> String {
        let labels: Vec<String> = vars.iter().map(|v| self.var(v).label).collect();
        list(&labels, "and")
    }
}

/// `size(list) OP n` for a multiple choice question.
fn ticked(op: &str, n: &str, label: &str) -> String {
    match (op, n) {
        (">", "0") | (">=", "1") | ("!=", "0") => format!("any {label} ticked"),
        ("==", "0") | ("<", "1") | ("<=", "0") => format!("no {label} ticked"),
        (">=", _) => format!("{n} or more {label} ticked"),
        (">", _) => format!("more than {n} {label} ticked"),
        ("<", _) => format!("fewer than {n} {label} ticked"),
        ("<=", _) => format!("{n} or fewer {label} ticked"),
        ("!=", _) => format!("other than {n} {label} ticked"),
        _ => format!("exactly {n} {label} ticked"),
    }
}

fn is_day_in_weeks(s: &Shape) -> bool {
    matches!(s, Shape::Binary("/", d, k)
        if matches!(d.as_ref(), Shape::Var(v) if v == "day") && matches!(k.as_ref(), Shape::Int(7)))
}

fn flatten<'s>(s: &'s Shape, op: &str, out: &mut Vec<&'s Shape>) {
    match s {
        Shape::Binary(o, a, b) if *o == op => {
            flatten(a, op, out);
            flatten(b, op, out);
        }
        other => out.push(other),
    }
}
