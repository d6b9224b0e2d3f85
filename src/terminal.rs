//! `restride chat`: the conversation in a terminal, on the same engine and
//! texts as the bot, resuming from the store across runs.

use crate::engine::step::{Effect, Kind, Message};
use crate::engine::{Env, Input, Session, step};
use crate::plan;
use crate::store::{Commit, Store};
use std::collections::BTreeMap;
use std::io::{BufRead, Write};

/// The chat id the terminal uses in the store.
pub const LOCAL_CHAT: i64 = 1;

fn strip_markup(text: &str) -> String {
    text.replace('*', "")
        .replace("\\_", "\u{1}")
        .replace('_', "")
        .replace('\u{1}', "_")
}

/// How a message looks in a terminal: text, then numbered buttons.
pub fn render_message(m: &Message) -> String {
    let mut out = strip_markup(&m.text);
    let buttons: Vec<&str> = m
        .buttons
        .iter()
        .flatten()
        .map(|b| b.label.as_str())
        .collect();
    if !buttons.is_empty() {
        out.push('\n');
        let numbered: Vec<String> = m
            .buttons
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, b)| match b.action.as_str() {
                "n" => format!("  0) {}", b.label),
                "d" => format!("  done) {}", b.label),
                "s" => format!("  skip) {}", b.label),
                _ => format!(
                    "  {}) {}",
                    b.key.clone().unwrap_or_else(|| (i + 1).to_string()),
                    b.label
                ),
            })
            .collect();
        out.push_str(&numbered.join("\n"));
        if m.toggles {
            out.push_str("\n(type numbers to tick or untick, then \"done\")");
        }
    }
    if m.kind == Kind::Urgent {
        out = format!("!!! {out}");
    }
    out
}

/// The transcript lines for one step's effects, as of `now`.
pub fn render_effects(env: &Env, s: &Session, effects: &[Effect], now: i64) -> Vec<String> {
    let mut out = Vec::new();
    for e in effects {
        match e {
            Effect::Send(m) => out.push(render_message(m)),
            Effect::Redraw { message, .. } => out.push(render_message(message)),
            Effect::Answered { answer, .. } => out.push(format!("  ✔ {answer}")),
            Effect::Finished | Effect::ShowPlan => {
                out.extend(plan::messages(env, s, now).iter().map(|p| strip_markup(p)))
            }
            Effect::Moved { .. } => {}
        }
    }
    out
}

fn text(env: &Env, id: &str) -> String {
    crate::engine::step::render(env, &BTreeMap::new(), env.dialogs.text(id))
}

/// Runs the terminal conversation until end of input or /quit.
pub fn run(
    env: &Env,
    store: &dyn Store,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    now: &dyn Fn() -> i64,
) -> anyhow::Result<()> {
    let flow = env
        .dialogs
        .flow("intake")
        .ok_or_else(|| anyhow::anyhow!("the dialogs have no intake flow"))?;
    let mut session = store
        .session(LOCAL_CHAT)?
        .unwrap_or_else(|| Session::new("intake", flow.version, &env.dialogs.hash, now()));
    writeln!(output, "{}\n", strip_markup(&text(env, "terminal_welcome")))?;
    let mut pending = Some(Input::Start);
    loop {
        if let Some(inp) = pending.take() {
            let (next, effects) = step(env, session, inp, now());
            session = next;
            store.commit(Commit {
                chat: LOCAL_CHAT,
                session: Some(session.clone()),
                ..Commit::default()
            })?;
            store.flush()?;
            for line in render_effects(env, &session, &effects, now()) {
                writeln!(output, "{line}\n")?;
            }
        }
        write!(output, "> ")?;
        output.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            writeln!(output)?;
            return Ok(());
        }
        let line = line.trim();
        let (cmd, arg) = line.split_once(' ').unwrap_or((line, ""));
        pending = match cmd {
            "" => None,
            "/quit" | "/exit" => return Ok(()),
            "/help" => {
                writeln!(output, "{}\n", strip_markup(&text(env, "terminal_help")))?;
                None
            }
            "/back" => Some(Input::Back),
            "/restart" => Some(Input::Restart),
            "/summary" => Some(Input::Summary),
            "/start" => Some(Input::Start),
            "/plan" => Some(Input::Plan),
            c if c == "/exercise" || c.starts_with("/ex_") => {
                let id = c.strip_prefix("/ex_").unwrap_or(arg.trim());
                let card = plan::card_for(env, &session, id, None, now())
                    .unwrap_or_else(|| text(env, "unknown_exercise"));
                writeln!(output, "{}\n", strip_markup(&card))?;
                None
            }
            "/delete" => {
                store.commit(Commit {
                    chat: LOCAL_CHAT,
                    erase: true,
                    ..Commit::default()
                })?;
                store.flush()?;
                writeln!(output, "{}\n", strip_markup(&text(env, "deleted")))?;
                session = Session::new("intake", flow.version, &env.dialogs.hash, now());
                None
            }
            _ => Some(Input::Text(line.to_owned())),
        };
    }
}
