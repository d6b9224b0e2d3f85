//! Reading what she typed or tapped.

use super::*;
use crate::engine::parse;
use crate::engine::session::Mode;

/// More words than this, sent where a tap or a number was expected, get a
/// kind reply with the crisis line (SCREENING.md 4b).
const LONG_MESSAGE_WORDS: usize = 12;

impl<'a> Engine<'a, '_> {
    pub(super) fn text(&mut self, s: &mut Session, t: &str) {
        let raw = t.trim();
        // Her words the reader knows in English ("3 meses" reads as "3 months").
        let typed = self.env.typed(raw);
        let t = typed.as_str();
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
            Mode::ConfirmWithdraw { .. } => {
                let (yes, no) = (self.t("withdraw_yes"), self.t("withdraw_no"));
                let choice = parse::yes_no(t, &yes, &no)
                    .or_else(|| parse::pick(t, &[yes.as_str(), no.as_str()], &[]).map(|i| i == 0))
                    .or_else(|| t.to_lowercase().contains("mistake").then_some(true));
                return match choice {
                    Some(true) => self.button(s, "wm"),
                    Some(false) => self.button(s, "wk"),
                    None => self.reshow(s),
                };
            }
            Mode::Answering => {}
        }
        if s.finished() {
            return self.after_end(s);
        }
        let Some(node) = self.current(s) else {
            return self.start(s);
        };
        let lower = t.to_lowercase();
        if node.skippable && matches!(lower.as_str(), "skip" | "pass") {
            return self.button(s, "s");
        }
        // Many words where a tap or a number was expected: she may be telling
        // me something that matters more than the question.
        let expects_tap = !matches!(node.kind, NodeKind::Text);
        if expects_tap && t.split_whitespace().count() > LONG_MESSAGE_WORDS {
            let r = self.t("long_message");
            return self.reprompt(s, r);
        }
        let visible = self.visible(s, node);
        let labels: Vec<&str> = visible
            .iter()
            .map(|&i| node.options[i].label.as_str())
            .collect();
        // The labels as she reads them, then as written (English).
        let shown: Vec<String> = labels.iter().map(|l| self.env.tr(l)).collect();
        let shown: Vec<&str> = shown.iter().map(String::as_str).collect();
        let synonyms: Vec<&[String]> = visible
            .iter()
            .map(|&i| node.options[i].synonyms.as_slice())
            .collect();
        let by_label = |t: &str| {
            parse::pick(t, &shown, &[])
                .or_else(|| parse::pick(t, &labels, &synonyms))
                .map(|k| visible[k])
                .or_else(|| {
                    visible
                        .iter()
                        .copied()
                        .find(|&i| node.options[i].code == t.to_lowercase())
                })
        };
        match node.kind {
            NodeKind::YesNo => {
                let (yes, no) = (self.env.tr(&node.yes_label), self.env.tr(&node.no_label));
                let b = parse::yes_no(t, &yes, &no)
                    .or_else(|| parse::yes_no(t, &node.yes_label, &node.no_label))
                    .or_else(|| {
                        parse::pick(t, &[yes.as_str(), no.as_str()], &[])
                            .or_else(|| {
                                parse::pick(
                                    t,
                                    &[node.yes_label.as_str(), node.no_label.as_str()],
                                    &[],
                                )
                            })
                            .map(|i| i == 0)
                    });
                match b {
                    Some(b) => self.answer(s, Value::Bool(b)),
                    None => {
                        let r = self.t("reprompt_yes_no");
                        self.reprompt(s, r)
                    }
                }
            }
            NodeKind::Choice => {
                let idx =
                    by_label(t).or_else(|| match parse::indices(t, visible.len()).as_deref() {
                        Some([k]) => Some(visible[*k]),
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
                    || parse::same(t, &node.done_label)
                    || parse::same(t, &self.env.tr(&node.done_label))
                {
                    return self.button(s, "d");
                }
                if matches!(lower.as_str(), "none" | "0" | "no")
                    || parse::same(t, &node.none_label)
                    || parse::same(t, &self.env.tr(&node.none_label))
                {
                    return self.button(s, "n");
                }
                // Numbers ("1 3"), or labels separated by commas ("fever, fainting").
                let picked: Option<Vec<usize>> = parse::indices(t, visible.len())
                    .map(|ks| ks.into_iter().map(|k| visible[k]).collect())
                    .or_else(|| {
                        t.split([',', ';'])
                            .map(str::trim)
                            .filter(|p| !p.is_empty())
                            .map(by_label)
                            .collect()
                    });
                match picked {
                    Some(idx) if !idx.is_empty() => {
                        for i in idx {
                            let code = node.options[i].code.clone();
                            toggle(&mut s.pending, &code);
                        }
                        self.reshow(s);
                    }
                    _ => {
                        let r = self.t("reprompt_multi");
                        self.reprompt(s, r)
                    }
                }
            }
            NodeKind::Number => {
                let by_label = by_label(t).and_then(|i| node.options[i].value);
                let n = by_label.or_else(|| match parse::number(t, node.accept_months, self.now) {
                    parse::Number::Value(n) => Some(n),
                    _ => None,
                });
                match n {
                    Some(n) if (node.min..=node.max).contains(&n) => self.answer(s, Value::Int(n)),
                    _ => {
                        let r = self.number_reprompt(node, t);
                        self.reprompt(s, r)
                    }
                }
            }
            NodeKind::Text => {
                // Her own words, as she wrote them.
                let t = raw;
                if t.chars().count() > node.max_len {
                    let max = node.max_len.to_string();
                    let r = self.tf("reprompt_text_long", &[("max", &max)]);
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

    /// A date as her language writes it ("4 March 2026", "4 de marzo de 2026").
    fn date_words(&self, d: jiff::civil::Date) -> String {
        let months = self.t("month_names");
        let month = months
            .split_whitespace()
            .nth(d.month() as usize - 1)
            .unwrap_or_default()
            .to_owned();
        let (day, year) = (d.day().to_string(), d.year().to_string());
        self.tf(
            "date_words",
            &[("day", &day), ("month", &month), ("year", &year)],
        )
    }

    /// Why a typed number was not taken, and how to write it.
    fn number_reprompt(&self, node: &Node, t: &str) -> String {
        if let parse::Number::Ambiguous(a, b) = parse::number(t, node.accept_months, self.now) {
            let (a, b) = (self.date_words(a), self.date_words(b));
            return self.tf("reprompt_date_ambiguous", &[("first", &a), ("second", &b)]);
        }
        let (min, max) = (node.min.to_string(), node.max.to_string());
        let mut r = match node.unit.as_deref() {
            Some(unit) => self.tf(
                "reprompt_number_unit",
                &[("min", &min), ("max", &max), ("unit", unit)],
            ),
            None => self.tf("reprompt_number", &[("min", &min), ("max", &max)]),
        };
        if node.accept_months {
            r.push(' ');
            r.push_str(&self.t("reprompt_months"));
        }
        r
    }

    pub(super) fn button(&mut self, s: &mut Session, action: &str) {
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
            (Mode::ConfirmWithdraw { restart }, "wm" | "wk") => {
                return self.withdraw_answer(s, action == "wm", restart);
            }
            (Mode::ConfirmWithdraw { .. }, _) => return self.stale(s),
            (Mode::Answering, _) => {}
        }
        let Some(node) = self.current(s) else {
            return self.stale(s);
        };
        let visible = self.visible(s, node);
        let idx = |a: &str, p: char| {
            a.strip_prefix(p)
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|i| visible.contains(i))
        };
        match (node.kind, action) {
            (NodeKind::YesNo, "y") => self.answer(s, Value::Bool(true)),
            (NodeKind::YesNo, "x") => self.answer(s, Value::Bool(false)),
            (_, "s") if node.skippable => {
                let v = node.skip.clone().unwrap_or(Value::Null);
                self.answer(s, v)
            }
            (NodeKind::Choice, a) if idx(a, 'p').is_some() => {
                let code = node.options[idx(a, 'p').unwrap_or(0)].code.clone();
                self.answer(s, Value::Text(code))
            }
            (NodeKind::Number, a) if idx(a, 'p').is_some() => {
                let o = &node.options[idx(a, 'p').unwrap_or(0)];
                match o.value {
                    Some(v) => self.answer(s, Value::Int(v)),
                    None => self.stale(s),
                }
            }
            (NodeKind::Multi, a) if idx(a, 't').is_some() => {
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
                    let r = self.tf("reprompt_multi_empty", &[("none", &node.none_label)]);
                    self.out.push(Effect::Notice(r));
                    return;
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
}
