//! `restride link`, `staff`, `audit` and `export`: the operator's side of clinics.

use crate::config::Settings;
use crate::ops::admin::{self, Request, Sink};
use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use serde_json::Value;
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum StaffCmd {
    /// Print a one-time enrolment code (valid 24 hours) for a staff member.
    Invite { clinic: String },
    /// The clinic's enrolled staff (Telegram user ids).
    List { clinic: String },
    /// Remove a staff member by Telegram user id.
    Remove { clinic: String, id: i64 },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
}

/// Collects results; for exports, shows a progress bar on a terminal.
struct Collect {
    items: Vec<Value>,
    bar: Option<indicatif::ProgressBar>,
}

impl Collect {
    fn new(progress: bool) -> Collect {
        Collect {
            items: Vec::new(),
            bar: progress.then(|| indicatif::ProgressBar::new(0)),
        }
    }
}

impl Sink for Collect {
    fn total(&mut self, n: u64) -> std::io::Result<()> {
        if let Some(bar) = &self.bar {
            bar.set_length(n);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} ({eta})")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar.set_message("exporting");
        }
        Ok(())
    }
    fn item(&mut self, v: Value) -> std::io::Result<()> {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
        self.items.push(v);
        Ok(())
    }
}

/// Runs a command in the running bot, or on the store when no bot runs.
fn run(
    settings: &Settings,
    data_dir: &Path,
    req: Request,
    sink: &mut Collect,
) -> anyhow::Result<()> {
    // A running bot on sled holds the store: it is asked through its
    // socket. PostgreSQL is shared: the command talks to it directly.
    if settings.store_url.is_none() && admin::remote(data_dir, &req, sink)? {
        return Ok(());
    }
    let dialogs = match crate::cli::load_for_bot(settings.dialogs_dir.as_deref())? {
        Ok(d) => d,
        Err(text) => anyhow::bail!("the dialogs are invalid:\n{text}"),
    };
    let settings = Settings {
        data_dir: data_dir.to_path_buf(),
        cache_capacity_mb: settings.cache_capacity_mb.min(64),
        ..settings.clone()
    };
    let store = crate::app::open_store(&settings)?;
    let service = crate::app::service(&settings, dialogs, store.salt()?, None);
    service
        .operator(&*store, &req, jiff::Timestamp::now().as_second(), sink)
        .map_err(anyhow::Error::msg)
}

fn clinic_name<'a>(settings: &'a Settings, code: &str) -> anyhow::Result<&'a str> {
    match settings.clinics.get(code) {
        Some(c) => Ok(&c.name),
        None => {
            let known: Vec<&str> = settings.clinics.keys().map(String::as_str).collect();
            anyhow::bail!(
                "there is no clinic `{code}` in the config; add a [clinics.{code}] table (known: {})",
                if known.is_empty() {
                    "none".into()
                } else {
                    known.join(", ")
                }
            )
        }
    }
}

/// The bot's username: from the config, else asked of Telegram.
fn username(settings: &Settings) -> anyhow::Result<String> {
    if let Some(u) = &settings.username {
        return Ok(u.trim_start_matches('@').to_owned());
    }
    let Some(token) = settings.token.clone() else {
        anyhow::bail!(
            "the link needs the bot's username: set `username` under [bot] in the config, or give the token (TELOXIDE_TOKEN) so Restride can ask Telegram"
        );
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        use teloxide::prelude::*;
        let bot = crate::app::make_bot(settings, &token)?;
        let me = bot.get_me().await.map_err(|e| {
            anyhow::anyhow!(
                "could not ask Telegram for the bot's username: {}",
                crate::telegram::deliver::describe(&e)
            )
        })?;
        me.username
            .clone()
            .context("Telegram says this bot has no username")
    })
}

pub fn link(
    settings: &Settings,
    data_dir: &Path,
    clinic: &str,
    qr: Option<&Path>,
    patient: Option<&str>,
) -> anyhow::Result<()> {
    let name = clinic_name(settings, clinic)?;
    let user = username(settings)?;
    let (payload, code) = match patient {
        None => (clinic.to_owned(), None),
        Some(p) => {
            let mut c = Collect::new(false);
            run(
                settings,
                data_dir,
                Request::PatientLink {
                    clinic: clinic.into(),
                    patient_ref: p.into(),
                },
                &mut c,
            )?;
            let field = |name: &str| {
                c.items
                    .first()
                    .and_then(|v| v.get(name))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .context("no link came back")
            };
            (field("token")?, Some(field("code")?))
        }
    };
    anyhow::ensure!(
        payload.len() <= 64,
        "the link payload is longer than Telegram's 64 characters"
    );
    let url = crate::clinic::deep_link(&user, &payload);
    println!("{url}");
    if let (Some(p), Some(code)) = (patient, &code) {
        println!("code: {code}");
        eprintln!(
            "A single-patient link for {p}. Give her the code apart from the link (by phone, on her letter): \
             her summary is matched to {p} only after she agrees to share it and types the code."
        );
    }
    if let Some(path) = qr {
        let dialogs = match crate::cli::load_for_bot(settings.dialogs_dir.as_deref())? {
            Ok(d) => d,
            Err(text) => anyhow::bail!("the dialogs are invalid:\n{text}"),
        };
        // The clinic's own emergency number, else the deployment's.
        let emergency = settings
            .clinics
            .get(clinic)
            .and_then(|c| c.emergency_number.as_deref())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(&settings.emergency_number);
        // In the clinic's language, else the deployment's.
        let lang = settings
            .clinics
            .get(clinic)
            .and_then(|c| c.language.as_deref())
            .filter(|l| dialogs.locales.get(l).is_some())
            .unwrap_or(&settings.languages.default)
            .to_owned();
        let poster = crate::render::poster::Poster::new(
            &dialogs,
            &lang,
            &url,
            name,
            emergency,
            patient.map(str::trim),
        );
        crate::render::poster::write(path, &poster)?;
        eprintln!("poster written to {}", path.display());
    }
    Ok(())
}

pub fn staff(settings: &Settings, data_dir: &Path, what: StaffCmd) -> anyhow::Result<()> {
    let mut c = Collect::new(false);
    match what {
        StaffCmd::Invite { clinic } => {
            let name = clinic_name(settings, &clinic)?.to_owned();
            run(settings, data_dir, Request::Invite { clinic }, &mut c)?;
            let v = c.items.first().context("no code came back")?;
            let code = v.get("code").and_then(Value::as_str).unwrap_or_default();
            let expires = v.get("expires").and_then(Value::as_i64).unwrap_or(0);
            println!("{code}");
            eprintln!(
                "One-time code for staff of {name}, valid until {}. The staff member sends, in a private chat with the bot:\n  /staff {code}",
                crate::clinic::time(expires)
            );
        }
        StaffCmd::List { clinic } => {
            clinic_name(settings, &clinic)?;
            run(settings, data_dir, Request::StaffList { clinic }, &mut c)?;
            if c.items.is_empty() {
                eprintln!("no staff enrolled");
            }
            for v in &c.items {
                println!(
                    "{}  since {}",
                    v.get("id").and_then(Value::as_i64).unwrap_or(0),
                    crate::clinic::time(v.get("since").and_then(Value::as_i64).unwrap_or(0))
                );
            }
        }
        StaffCmd::Remove { clinic, id } => {
            clinic_name(settings, &clinic)?;
            run(
                settings,
                data_dir,
                Request::StaffRemove {
                    clinic: clinic.clone(),
                    id,
                },
                &mut c,
            )?;
            let removed = c
                .items
                .first()
                .and_then(|v| v.get("removed"))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            anyhow::ensure!(
                removed,
                "{id} is not staff of {clinic}; `restride staff list {clinic}` shows who is"
            );
            println!("removed {id} from {clinic}");
        }
    }
    Ok(())
}

/// `restride link <clinic> --list`.
pub fn link_list(settings: &Settings, data_dir: &Path, clinic: String) -> anyhow::Result<()> {
    clinic_name(settings, &clinic)?;
    let mut c = Collect::new(false);
    run(settings, data_dir, Request::LinkList { clinic }, &mut c)?;
    for v in &c.items {
        let created = v["created"]
            .as_i64()
            .and_then(|t| jiff::Timestamp::from_second(t).ok())
            .map(|t| t.strftime("%Y-%m-%d").to_string())
            .unwrap_or_default();
        println!(
            "{}  {}  {}  {}",
            v["token"].as_str().unwrap_or_default(),
            created,
            v["status"].as_str().unwrap_or_default(),
            v["patient_ref"].as_str().unwrap_or_default(),
        );
    }
    if c.items.is_empty() {
        eprintln!("no single-patient links");
    }
    Ok(())
}

/// `restride link <clinic> --revoke <token or reference>`.
pub fn link_revoke(
    settings: &Settings,
    data_dir: &Path,
    clinic: String,
    which: String,
) -> anyhow::Result<()> {
    clinic_name(settings, &clinic)?;
    let mut c = Collect::new(false);
    run(
        settings,
        data_dir,
        Request::LinkRevoke {
            clinic,
            which: which.clone(),
        },
        &mut c,
    )?;
    let n = c
        .items
        .first()
        .and_then(|v| v["revoked"].as_u64())
        .unwrap_or(0);
    anyhow::ensure!(n > 0, "no single-patient link {which}: `--list` shows them");
    println!("revoked {n}");
    Ok(())
}

pub fn audit(settings: &Settings, data_dir: &Path, clinic: String) -> anyhow::Result<()> {
    clinic_name(settings, &clinic)?;
    let mut c = Collect::new(false);
    run(settings, data_dir, Request::Audit { clinic }, &mut c)?;
    for v in &c.items {
        println!("{}", v.as_str().unwrap_or_default());
    }
    Ok(())
}

/// `--since`: a date (UTC midnight) or an RFC 3339 instant.
fn since(s: &str) -> anyhow::Result<i64> {
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Ok(t.as_second());
    }
    let d: jiff::civil::Date = s.parse().with_context(|| {
        format!("--since {s}: give a date like 2026-11-01 or an instant like 2026-11-01T09:00:00Z")
    })?;
    Ok(d.to_zoned(jiff::tz::TimeZone::UTC)?.timestamp().as_second())
}

pub fn export(
    settings: &Settings,
    data_dir: &Path,
    clinic: String,
    format: ExportFormat,
    since_arg: Option<&str>,
    output: Option<&PathBuf>,
) -> anyhow::Result<()> {
    clinic_name(settings, &clinic)?;
    let since = since_arg.map(since).transpose()?;
    let mut c = Collect::new(true);
    run(
        settings,
        data_dir,
        Request::Export { clinic, since },
        &mut c,
    )?;
    if let Some(bar) = &c.bar {
        bar.finish_and_clear();
    }
    let bytes = match format {
        ExportFormat::Json => {
            let mut b = serde_json::to_vec_pretty(&c.items)?;
            b.push(b'\n');
            b
        }
        ExportFormat::Csv => {
            let rows: Vec<crate::clinic::ExportRow> = c
                .items
                .into_iter()
                .map(serde_json::from_value)
                .collect::<Result<_, _>>()?;
            crate::clinic::to_csv(&rows)?
        }
    };
    match output {
        Some(p) => {
            crate::files::write_private(p, &bytes).context("cannot write the export")?;
            eprintln!("exported to {}", p.display());
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&bytes)?;
        }
    }
    Ok(())
}
