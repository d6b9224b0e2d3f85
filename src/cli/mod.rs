//! The command line: each subcommand is a thin adapter over the library.

pub mod clinic;

use crate::app::{load, load_for_bot, sources};
use crate::config::Settings;
use crate::dialog::load::Sources;
use crate::engine::Env;
use crate::simulate;
use crate::store::Store;
use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "restride",
    version,
    about = "Screening and exercise plans for mothers after birth"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the dialog files and explain every mistake.
    Check {
        /// The dialogs directory (default: ./dialogs).
        dir: Option<PathBuf>,
        /// Also report how many stored sessions this version would move.
        #[arg(long)]
        data: Option<PathBuf>,
    },
    /// Run a case through the intake (and check-ins) and print the outcome as JSON.
    Simulate {
        #[arg(long)]
        answers: PathBuf,
        #[arg(long)]
        checkins: Option<PathBuf>,
        #[arg(long)]
        dialogs: Option<PathBuf>,
    },
    /// Talk to Restride in this terminal (offline; no token needed).
    Chat {
        /// The language to talk in (`es`), as `/language` sets it.
        #[arg(long)]
        lang: Option<String>,
        #[arg(long)]
        data_dir: Option<PathBuf>,
        #[arg(long)]
        dialogs: Option<PathBuf>,
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Print, in English, the messages a translation lacks or has older than
    /// the English (to translate into dialogs/locales/<LANG>/<area>.ftl).
    Translate {
        /// The locale (`es`).
        lang: String,
        /// Only this area: texts, intake, checkin, exercises, referrals, advice.
        #[arg(long)]
        area: Option<String>,
        #[arg(long)]
        dialogs: Option<PathBuf>,
    },
    /// Run the Telegram bot (long polling, or `--webhook`). The token comes
    /// from TELOXIDE_TOKEN or the config.
    Run {
        #[arg(long)]
        config: Option<PathBuf>,
        /// Receive updates as webhooks ([webhook] in the config): for
        /// several instances sharing one PostgreSQL database.
        #[arg(long)]
        webhook: bool,
    },
    /// Copy a sled store (its data directory) into an empty PostgreSQL
    /// database, and check that every count matches.
    MigrateStore {
        /// The sled data directory (no bot may be running on it).
        #[arg(long)]
        from: PathBuf,
        /// postgres://user:password@host:5432/database
        #[arg(long)]
        to: String,
    },
    /// Copy the whole store to FILE (written 0600, never through a link):
    /// sled's export while no bot is running, or with PostgreSQL every value
    /// as JSON.
    Backup {
        file: PathBuf,
        #[arg(long)]
        config: Option<PathBuf>,
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
    /// Load a backup made with `restride backup` into a new or empty data
    /// directory, or one holding an empty store (nothing else is removed).
    Restore {
        file: PathBuf,
        #[arg(long)]
        config: Option<PathBuf>,
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
    /// Inspect the check-in schedule (while no bot is running).
    Schedule {
        #[command(subcommand)]
        what: ScheduleCmd,
        #[arg(long, global = true)]
        config: Option<PathBuf>,
        #[arg(long, global = true)]
        data_dir: Option<PathBuf>,
    },
    /// Print a clinic's intake link; --qr writes a printable poster (.png or .svg).
    Link {
        /// The clinic's code from the config ([clinics.<code>]).
        clinic: String,
        #[arg(long)]
        qr: Option<PathBuf>,
        /// A single-patient link carrying the clinic's own reference (an
        /// appointment number), with a short code to give her separately.
        #[arg(long)]
        patient: Option<String>,
        /// List the clinic's single-patient links and whether each is matched.
        #[arg(long, conflicts_with_all = ["patient", "qr", "revoke"])]
        list: bool,
        /// Revoke single-patient links by token or by the clinic's reference.
        #[arg(long, conflicts_with_all = ["patient", "qr"])]
        revoke: Option<String>,
        #[arg(long)]
        config: Option<PathBuf>,
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
    /// Clinic staff: one-time enrolment codes, the list, removal.
    Staff {
        #[command(subcommand)]
        what: crate::cli::clinic::StaffCmd,
        #[arg(long, global = true)]
        config: Option<PathBuf>,
        #[arg(long, global = true)]
        data_dir: Option<PathBuf>,
    },
    /// Print a clinic's audit log: enrolments, summaries sent, every staff view.
    Audit {
        clinic: String,
        #[arg(long)]
        config: Option<PathBuf>,
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
    /// Export a clinic's shared intakes (only those still shared).
    Export {
        #[arg(long)]
        clinic: String,
        #[arg(long, value_enum, default_value_t = crate::cli::clinic::ExportFormat::Csv)]
        format: crate::cli::clinic::ExportFormat,
        /// Only intakes completed on or after this date (2026-11-01) or instant.
        #[arg(long)]
        since: Option<String>,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[arg(long)]
        config: Option<PathBuf>,
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
    /// Draw a flow as Mermaid or Graphviz DOT.
    Graph {
        #[arg(long, default_value = "intake")]
        flow: String,
        #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
        format: GraphFormat,
        #[arg(long)]
        dialogs: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ScheduleCmd {
    /// Scheduled check-ins, earliest first (chats shown hashed).
    List {
        /// Only those due before this instant (RFC 3339, e.g. 2026-11-22T09:00:00Z).
        #[arg(long)]
        due_before: Option<String>,
    },
    /// Registered, paused, due in the next hour, sent today.
    Stats,
}

#[derive(Clone, Copy, ValueEnum)]
enum GraphFormat {
    Mermaid,
    Dot,
}

/// The settings: the `--config` file and the environment.
fn settings(config: Option<&Path>) -> anyhow::Result<Settings> {
    Ok(Settings::load(config, &|k| std::env::var(k).ok())?)
}

/// The languages line of `restride check`.
fn languages(d: &crate::dialog::Dialogs) -> String {
    let list: Vec<String> = d
        .locales
        .all()
        .map(|l| {
            let mut s = l.code.clone();
            if !l.reviewed {
                s.push_str(" (not reviewed)");
            }
            if !l.complete {
                s.push_str(" (incomplete)");
            }
            s
        })
        .collect();
    format!("languages: {}\n", list.join(", "))
}

pub fn main() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    init_tracing();
    match cli.command {
        Command::Check { dir, data } => {
            let src = sources(dir.as_deref())?;
            let local = Path::new("dialogs");
            let cases = match dir.as_deref().or(local.is_dir().then_some(local)) {
                Some(d) => Sources::cases(d)
                    .with_context(|| format!("cannot read the cases in {}", d.display()))?,
                None => None,
            };
            let constants = Settings::load(None, &|_| None)
                .map(|s| s.constants())
                .unwrap_or_default();
            match simulate::cases::check(&src, cases.as_ref(), &constants) {
                Err(text) => {
                    eprint!("{text}");
                    Ok(ExitCode::from(1))
                }
                Ok((d, summary)) => {
                    print!("{summary}");
                    print!("{}", languages(&d));
                    for w in &d.warnings {
                        let rel = w
                            .pos
                            .file
                            .strip_prefix(&format!("{}/", src.root.trim_end_matches('/')))
                            .unwrap_or(&w.pos.file);
                        eprint!(
                            "{}",
                            w.render(src.get(rel)).replacen("error:", "warning:", 1)
                        );
                    }
                    if let Some(data) = data {
                        let store = crate::app::open_at(&data, 16)?;
                        let (total, moved) =
                            crate::engine::migration::count_moves(&d, &store.sessions()?);
                        println!(
                            "{moved} of {total} stored sessions would move to another question"
                        );
                    }
                    Ok(ExitCode::SUCCESS)
                }
            }
        }
        Command::Simulate {
            answers,
            checkins,
            dialogs,
        } => Ok(run_simulate(
            &answers,
            checkins.as_deref(),
            dialogs.as_deref(),
        )),
        Command::Chat {
            lang,
            data_dir,
            dialogs,
            config,
        } => {
            let settings = settings(config.as_deref())?;
            let d = match load_for_bot(dialogs.as_deref().or(settings.dialogs_dir.as_deref()))? {
                Ok(d) => d,
                Err(text) => {
                    eprint!("{text}");
                    return Ok(ExitCode::from(1));
                }
            };
            let settings = Settings {
                data_dir: data_dir.unwrap_or(settings.data_dir.clone()),
                ..settings
            };
            let store = crate::app::open_store(&settings)?;
            let service = crate::app::service(&settings, d, store.salt()?, None);
            let stdin = std::io::stdin();
            let mut input = stdin.lock();
            let mut out = std::io::stdout();
            crate::terminal::run_in(
                &service,
                &*store,
                &settings.data_dir,
                lang.as_deref(),
                &mut input,
                &mut out,
                &|| jiff::Timestamp::now().as_second(),
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Translate {
            lang,
            area,
            dialogs,
        } => {
            let src = sources(dialogs.as_deref())?;
            // The English alone: a translation missing messages is what this
            // command is for.
            let mut english = src.clone();
            english
                .files
                .retain(|(rel, _)| !rel.starts_with(crate::dialog::load::LOCALES));
            let d = match crate::dialog::compile(&english) {
                Ok(d) => d,
                Err(diags) => {
                    eprint!("{}", crate::dialog::compile::render(&english, &diags));
                    return Ok(ExitCode::from(1));
                }
            };
            let entries = crate::dialog::catalog::entries(&d);
            print!(
                "{}",
                d.locales.template(&src, &entries, &lang, area.as_deref())
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::MigrateStore { from, to } => {
            let counts = crate::app::migrate_store(&from, &to)?;
            println!(
                "copied {} into PostgreSQL; every count matches:",
                from.display()
            );
            for (what, n) in counts {
                println!("  {what:<20} {n}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Run { config, webhook } => {
            let settings = settings(config.as_deref())?;
            crate::app::run(settings, webhook)
        }
        Command::Backup {
            file,
            config,
            data_dir,
        } => {
            let settings = settings(config.as_deref())?;
            if let (Some(url), None) = (&settings.store_url, &data_dir) {
                crate::app::backup_pg(url, &file)?;
                println!("backed up the PostgreSQL store to {}", file.display());
                return Ok(ExitCode::SUCCESS);
            }
            let dir = data_dir.unwrap_or(settings.data_dir);
            crate::app::backup(&dir, &file)?;
            println!("backed up {} to {}", dir.display(), file.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore {
            file,
            config,
            data_dir,
        } => {
            let settings = settings(config.as_deref())?;
            if let (Some(url), None) = (&settings.store_url, &data_dir) {
                crate::app::restore_pg(&file, url)?;
                println!("restored {} into the PostgreSQL store", file.display());
                return Ok(ExitCode::SUCCESS);
            }
            let dir = data_dir.unwrap_or(settings.data_dir);
            crate::app::restore(&file, &dir)?;
            println!("restored {} into {}", file.display(), dir.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Schedule {
            what,
            config,
            data_dir,
        } => {
            let settings = settings(config.as_deref())?;
            let store: std::sync::Arc<dyn crate::store::Store> = match data_dir {
                Some(dir) => crate::app::open_at(&dir, 16)?,
                None => crate::app::open_store(&settings)?,
            };
            let now = jiff::Timestamp::now();
            match what {
                ScheduleCmd::List { due_before } => {
                    let until = match due_before {
                        Some(t) => t
                            .parse::<jiff::Timestamp>()
                            .with_context(|| {
                                format!("--due-before {t} is not an RFC 3339 instant")
                            })?
                            .as_second(),
                        None => i64::MAX,
                    };
                    for (due, chat) in store.due_before(until, usize::MAX)? {
                        let when = jiff::Timestamp::from_second(due)
                            .map(|t| t.to_string())
                            .unwrap_or_default();
                        println!("{when}  {}", crate::telegram::hashed(chat));
                    }
                }
                ScheduleCmd::Stats => {
                    let records = store.checkins()?;
                    let registered = records
                        .iter()
                        .filter(|(_, r)| r.prefs.as_ref().is_some_and(|p| !p.stopped))
                        .count();
                    let paused = records
                        .iter()
                        .filter(|(_, r)| {
                            r.prefs.as_ref().is_some_and(|p| {
                                !p.stopped && p.paused_until.is_some_and(|u| u > now.as_second())
                            })
                        })
                        .count();
                    let due_hour = store.due_before(now.as_second() + 3600, usize::MAX)?.len();
                    let midnight = now
                        .to_zoned(jiff::tz::TimeZone::UTC)
                        .start_of_day()
                        .map(|z| z.timestamp().as_second())
                        .unwrap_or(0);
                    let today = records
                        .iter()
                        .filter(|(_, r)| r.last_prompt.is_some_and(|t| t >= midnight))
                        .count();
                    println!(
                        "registered: {registered}\npaused: {paused}\ndue in the next hour: {due_hour}\nsent today (UTC): {today}"
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Link {
            clinic,
            qr,
            patient,
            list,
            revoke,
            config,
            data_dir,
        } => {
            let settings = settings(config.as_deref())?;
            let dir = data_dir.unwrap_or(settings.data_dir.clone());
            if list {
                crate::cli::clinic::link_list(&settings, &dir, clinic)?;
            } else if let Some(which) = revoke {
                crate::cli::clinic::link_revoke(&settings, &dir, clinic, which)?;
            } else {
                crate::cli::clinic::link(
                    &settings,
                    &dir,
                    &clinic,
                    qr.as_deref(),
                    patient.as_deref(),
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Staff {
            what,
            config,
            data_dir,
        } => {
            let settings = settings(config.as_deref())?;
            let dir = data_dir.unwrap_or(settings.data_dir.clone());
            crate::cli::clinic::staff(&settings, &dir, what)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit {
            clinic,
            config,
            data_dir,
        } => {
            let settings = settings(config.as_deref())?;
            let dir = data_dir.unwrap_or(settings.data_dir.clone());
            crate::cli::clinic::audit(&settings, &dir, clinic)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            clinic,
            format,
            since,
            output,
            config,
            data_dir,
        } => {
            let settings = settings(config.as_deref())?;
            let dir = data_dir.unwrap_or(settings.data_dir.clone());
            crate::cli::clinic::export(
                &settings,
                &dir,
                clinic,
                format,
                since.as_deref(),
                output.as_ref(),
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Graph {
            flow,
            format,
            dialogs,
        } => {
            let d = match load(dialogs.as_deref())? {
                Ok(d) => d,
                Err(text) => {
                    eprint!("{text}");
                    return Ok(ExitCode::from(1));
                }
            };
            let Some(f) = d.flow(&flow) else {
                let names: Vec<&str> = d.flows.keys().map(String::as_str).collect();
                anyhow::bail!("there is no flow `{flow}`; flows: {}", names.join(", "));
            };
            print!(
                "{}",
                match format {
                    GraphFormat::Mermaid => crate::graph::mermaid(&d, f),
                    GraphFormat::Dot => crate::graph::dot(&d, f),
                }
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn run_simulate(answers: &Path, checkins: Option<&Path>, dialogs: Option<&Path>) -> ExitCode {
    let fail = |code: u8, msg: String| {
        eprintln!("{msg}");
        ExitCode::from(code)
    };
    let d = match load(dialogs) {
        Ok(Ok(d)) => d,
        Ok(Err(text)) => return fail(2, format!("the dialogs are invalid:\n{text}")),
        Err(e) => return fail(2, format!("{e:#}")),
    };
    let read = |p: &Path| {
        crate::files::read_text(p, 1 << 20, "a case file is a few KiB; split it")
            .map_err(|e| format!("cannot read {e}"))
    };
    let case = match read(answers).and_then(|t| simulate::parse_case(&t).map_err(|e| e.message)) {
        Ok(c) => c,
        Err(m) => return fail(2, m),
    };
    let days = match checkins
        .map(|p| read(p).and_then(|t| simulate::parse_days(&t).map_err(|e| e.message)))
    {
        None => None,
        Some(Ok(d)) => Some(d),
        Some(Err(m)) => return fail(2, m),
    };
    let constants = Settings::load(None, &|_| None)
        .map(|s| s.constants())
        .unwrap_or_default();
    let env = Env {
        dialogs: &d,
        constants: &constants,
        lang: crate::dialog::locales::EN,
    };
    match simulate::simulate(&env, &case, days.as_deref()) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e.code as u8, e.message),
    }
}

fn init_tracing() {
    // Libraries below us log requests (with the token in the URL) and bodies
    // (with her answers) at debug and trace: they never go past warn.
    const QUIET: &str = "hyper=warn,hyper_util=warn,reqwest=warn,teloxide=warn,teloxide_core=warn,h2=warn,rustls=warn,sled=warn";
    let user = std::env::var("RESTRIDE_LOG").unwrap_or_else(|_| "warn".into());
    let filter = tracing_subscriber::EnvFilter::try_new(format!("{user},{QUIET}"))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("warn,{QUIET}")));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}
