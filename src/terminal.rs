//! `restride chat`: the same service as the bot, in a terminal. She types
//! answers or commands; what the service decides for her chat is taken from
//! the outbox and printed (pictures and files are written next to the
//! store, and their paths printed). Everything a mum can do in Telegram
//! works here, but receiving a message while the program is closed: due
//! check-ins and nudges are shown when she opens it.

use crate::outbox::{Action, Button, Out};
use crate::service::{In, Service};
use crate::store::Store;
use crate::texts::plain;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// The chat id the terminal uses in the store.
pub const LOCAL_CHAT: i64 = 1;

/// A question of a flow answers typed text itself (numbers, labels); other
/// buttons are picked by their number.
fn is_question(buttons: &[Vec<Button>]) -> bool {
    buttons
        .iter()
        .flatten()
        .any(|b| matches!(b.action, Action::Question { .. }))
}

/// A message and its numbered buttons, as the terminal shows them.
pub fn render_send(text: &str, buttons: &[Vec<Button>], toggle_hint: &str) -> String {
    let mut out = plain(text);
    if buttons.is_empty() {
        return out;
    }
    let question = is_question(buttons);
    let mut toggles = false;
    for (i, b) in buttons.iter().flatten().enumerate() {
        let code = match &b.action {
            Action::Question { action, .. } => action.as_str(),
            _ => "",
        };
        toggles |= code.starts_with('t');
        // Done and skip are typed as their one-word label (in her language),
        // else in English.
        let word = |english: &str| {
            let label = plain(&b.label).to_lowercase();
            if label.split_whitespace().count() == 1 {
                label
            } else {
                english.to_owned()
            }
        };
        let key = match code {
            "n" if question => "0".to_owned(),
            "d" if question => word("done"),
            "s" if question => word("skip"),
            _ => b.key.clone().unwrap_or_else(|| (i + 1).to_string()),
        };
        out.push_str(&format!("\n  {key}) {}", b.label));
    }
    if toggles {
        out.push('\n');
        out.push_str(&plain(toggle_hint));
    }
    out
}

/// One run of the terminal: the service, the store, where files go.
pub struct Terminal<'a> {
    pub service: &'a Service,
    pub store: &'a dyn Store,
    /// Where `/progress` and `/mydata` write their files.
    pub files: PathBuf,
    /// The buttons of the newest message that has buttons.
    buttons: Vec<Vec<Button>>,
}

impl<'a> Terminal<'a> {
    pub fn new(service: &'a Service, store: &'a dyn Store, files: &Path) -> Terminal<'a> {
        Terminal {
            service,
            store,
            files: files.to_path_buf(),
            buttons: vec![],
        }
    }

    /// Decides one input and prints what it brings.
    pub fn send(&mut self, input: In, now: i64, out: &mut dyn Write) -> anyhow::Result<()> {
        self.service
            .apply(self.store, LOCAL_CHAT, None, input, now)?;
        self.show(now, out)
    }

    /// Prints (and takes from the outbox) everything waiting for her.
    pub fn show(&mut self, now: i64, out: &mut dyn Write) -> anyhow::Result<()> {
        self.store.flush()?;
        for (seq, o) in self.store.claim_outbox(LOCAL_CHAT, now)? {
            if let Some(line) = self.render(&o)? {
                writeln!(out, "{line}\n")?;
            }
            self.store.ack(LOCAL_CHAT, seq)?;
        }
        Ok(())
    }

    /// What she reads of one entry; files are written.
    fn render(&mut self, o: &Out) -> anyhow::Result<Option<String>> {
        Ok(match o {
            Out::Send { text, buttons, .. } | Out::Edit { text, buttons, .. } => {
                if !buttons.is_empty() {
                    self.buttons = buttons.clone();
                }
                let lang = self
                    .service
                    .lang_for(self.store.session(LOCAL_CHAT)?.as_ref(), None);
                let mut env = self.service.env();
                env.lang = &lang;
                Some(render_send(text, buttons, &env.t("terminal_toggle_hint")))
            }
            Out::Answered { answer, .. } => Some(format!("  {}", plain(answer))),
            Out::Toast {
                text: Some(text), ..
            } => Some(plain(text)),
            Out::Photo { bytes, caption } => {
                let path = self.write("restride-progress.png", bytes)?;
                Some(format!("{}\n[chart: {}]", plain(caption), path.display()))
            }
            Out::Document {
                name,
                bytes,
                caption,
            } => {
                let path = self.write(name, bytes)?;
                Some(format!("{}\n[file: {}]", plain(caption), path.display()))
            }
            Out::Toast { .. } | Out::ClearTapped { .. } | Out::Typing => None,
        })
    }

    /// Writes a file for her (private: 0600, never through a link), in the
    /// files folder whatever the name says.
    fn write(&self, name: &str, bytes: &[u8]) -> anyhow::Result<PathBuf> {
        let name = Path::new(name)
            .file_name()
            .unwrap_or("restride-file".as_ref());
        let path = self.files.join(name);
        crate::files::write_private(&path, bytes)?;
        Ok(path)
    }

    /// What a typed line means: a number picks a button of a message that
    /// is not a question; anything else is text (commands included).
    pub fn input(&self, line: &str) -> In {
        if !is_question(&self.buttons)
            && let Ok(n) = line.parse::<usize>()
            && let Some(b) = self.buttons.iter().flatten().nth(n.wrapping_sub(1))
        {
            return In::Tap {
                action: b.action.clone(),
                tap: Default::default(),
            };
        }
        let line = match line.strip_prefix("/exercise ") {
            Some(id) => format!("/ex_{}", id.trim()),
            None => line.to_owned(),
        };
        In::Text(line)
    }
}

/// Runs the terminal conversation until end of input or /quit.
pub fn run(
    service: &Service,
    store: &dyn Store,
    files: &Path,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    now: &dyn Fn() -> i64,
) -> anyhow::Result<()> {
    run_in(service, store, files, None, input, output, now)
}

/// [`run`] in the language `lang` (`restride chat --lang es`): she asked
/// for it, so it becomes her language as `/language` would make it.
pub fn run_in(
    service: &Service,
    store: &dyn Store,
    files: &Path,
    lang: Option<&str>,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    now: &dyn Fn() -> i64,
) -> anyhow::Result<()> {
    let stored = store.session(LOCAL_CHAT)?;
    let code = service.lang_for(stored.as_ref(), lang);
    let mut env = service.env();
    env.lang = &code;
    writeln!(output, "{}\n", plain(&env.t("terminal_welcome")))?;
    let mut t = Terminal::new(service, store, files);
    if let Some(l) = lang
        && stored.as_ref().and_then(|s| s.lang.as_deref()) != Some(l)
    {
        t.send(In::Text(format!("/language {l}")), now(), output)?;
    }
    // What came while she was away: due check-ins, nudges, a Sunday summary.
    service.tick(store, now())?;
    t.show(now(), output)?;
    t.send(In::Text("/start".into()), now(), output)?;
    loop {
        write!(output, "> ")?;
        output.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            writeln!(output)?;
            return Ok(());
        }
        let line = line.trim();
        match line {
            "" => continue,
            "/quit" | "/exit" => return Ok(()),
            "/help" => writeln!(output, "{}\n", plain(&env.t("terminal_help")))?,
            _ => {
                let input = t.input(line);
                t.send(input, now(), output)?;
                service.tick(store, now())?;
                t.show(now(), output)?;
            }
        }
    }
}
