//! `restride run`, `backup` and `restore`: wiring settings, store, dialogs
//! and the Telegram adapter together.

use crate::config::Settings;
use crate::dialog::Dialogs;
use crate::dialog::load::Sources;
use crate::dialog::{self};
use crate::service::Service;
use crate::store::{Dump, ExportedTree, PgStore, SledStore, Store};
use crate::telegram::core::Core;
use crate::telegram::{Deliverer, GroupFlush, Metrics, commands, poll};
use anyhow::Context;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use teloxide::prelude::*;

const NO_TOKEN: &str = "No bot token found.

To run Restride on Telegram you need a token from @BotFather:
  1. In Telegram, open a chat with @BotFather and send /newbot.
  2. Choose a name and a username; BotFather replies with a token.
  3. Start Restride with it:  TELOXIDE_TOKEN=<token> restride run
     (or put it under [bot] token in config.toml; see config.example.toml).

To try Restride without Telegram, run the offline demo:  restride chat";

/// Builds the Telegram client from the settings (proxy, API URL).
pub fn make_bot(settings: &Settings, token: &str) -> anyhow::Result<Bot> {
    let mut builder = teloxide::net::default_reqwest_settings();
    if let Some(p) = &settings.proxy {
        builder = builder.proxy(
            reqwest::Proxy::all(p)
                .context("the proxy in TELOXIDE_PROXY or [bot] proxy is not a valid URL")?,
        );
    }
    let client = builder.build().context("cannot create the HTTP client")?;
    let mut bot = Bot::with_client(token, client);
    if let Some(url) = &settings.api_url {
        let url = reqwest::Url::parse(url)
            .context("TELOXIDE_API_URL or [bot] api_url is not a valid URL")?;
        bot = bot.set_api_url(url);
    }
    Ok(bot)
}

/// The dialog sources: `dir`, else `./dialogs` when present, else built in.
pub fn sources(dir: Option<&Path>) -> anyhow::Result<Sources> {
    let local = Path::new("dialogs");
    match dir {
        Some(d) => Sources::from_dir(d)
            .with_context(|| format!("cannot read the dialogs in {}", d.display())),
        None if local.is_dir() => Sources::from_dir(local).context("cannot read ./dialogs"),
        None => Ok(Sources::embedded()),
    }
}

/// Loads and compiles dialogs, or returns the rendered diagnostics.
pub fn load(dir: Option<&Path>) -> anyhow::Result<Result<Dialogs, String>> {
    let src = sources(dir)?;
    Ok(dialog::compile(&src).map_err(|d| dialog::compile::render(&src, &d)))
}

/// The same, and every text the bot sends must be there (`run`, `chat`).
pub fn load_for_bot(dir: Option<&Path>) -> anyhow::Result<Result<Dialogs, String>> {
    let src = sources(dir)?;
    Ok(dialog::required::compile_complete(&src).map_err(|d| dialog::compile::render(&src, &d)))
}

/// The store the settings name, opened here and nowhere else in the
/// product: PostgreSQL when a URL is configured, else sled in the data
/// directory.
pub fn open_store(settings: &Settings) -> anyhow::Result<Arc<dyn Store>> {
    match &settings.store_url {
        Some(url) => Ok(open_pg(url)?),
        None => Ok(open_at(&settings.data_dir, settings.cache_capacity_mb)?),
    }
}

/// The PostgreSQL store at `url`.
pub fn open_pg(url: &str) -> anyhow::Result<Arc<PgStore>> {
    let store = PgStore::open(url)?;
    crate::service::key_logs(&store.salt()?);
    Ok(Arc::new(store))
}

/// The store in `dir` (a `--data-dir` given on the command line).
pub fn open_at(dir: &Path, cache_mb: u64) -> anyhow::Result<Arc<SledStore>> {
    let store = SledStore::open(dir, cache_mb)?;
    crate::service::key_logs(&store.salt()?);
    Ok(Arc::new(store))
}

/// The service as the settings configure it.
pub fn service(
    settings: &Settings,
    dialogs: Dialogs,
    salt: Vec<u8>,
    username: Option<String>,
) -> Service {
    Service {
        dialogs: Arc::new(dialogs),
        constants: settings.constants(),
        username: settings.username.clone().or(username).unwrap_or_default(),
        salt,
        checkins: settings.checkins.clone(),
        clinics: settings.clinics.clone(),
        retention_days: settings.retention_days,
        languages: settings.languages.clone(),
    }
}

const NO_SECRET: &str = "A webhook needs a secret, so that only Telegram can send updates.

Choose one (1 to 256 characters: A-Z, a-z, 0-9, _ and -) and give it as
RESTRIDE_WEBHOOK_SECRET, or under [webhook] secret_token in config.toml
(see config.example.toml). Every instance of the deployment uses the same.";

const NO_PUBLIC_URL: &str = "A webhook needs the address Telegram sends updates to.

Set [webhook] public_url (like https://bot.example.org/telegram) in
config.toml, or set [webhook] register = false if you call setWebhook yourself.";

pub fn run(settings: Settings, webhook: bool) -> anyhow::Result<ExitCode> {
    let Some(token) = settings.token.clone() else {
        eprintln!("{NO_TOKEN}");
        return Ok(ExitCode::from(2));
    };
    let hook = settings.webhook.clone();
    if webhook && hook.secret.is_none() {
        eprintln!("{NO_SECRET}");
        return Ok(ExitCode::from(2));
    }
    if webhook && hook.register && hook.public_url.is_none() {
        eprintln!("{NO_PUBLIC_URL}");
        return Ok(ExitCode::from(2));
    }
    let dialogs = match load_for_bot(settings.dialogs_dir.as_deref())? {
        Ok(d) => d,
        Err(text) => {
            eprint!("{text}");
            return Ok(ExitCode::from(1));
        }
    };
    let referrals: Vec<&str> = dialogs.referrals.keys().map(String::as_str).collect();
    settings.check_referrals(&referrals)?;
    let store = open_store(&settings)?;
    let salt = store.salt()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let bot = make_bot(&settings, &token)?;
        let username = match bot.get_me().await {
            Ok(me) => {
                let name = me.username.clone().unwrap_or_default();
                tracing::info!(username = %name, "connected to Telegram");
                Some(name)
            }
            Err(e) => {
                tracing::warn!(
                    "could not ask Telegram who I am: {}",
                    crate::telegram::deliver::describe(&e)
                );
                None
            }
        };
        if !webhook {
            // Long polling: a webhook left from an earlier setup would make
            // every getUpdates fail (409), so it goes; updates waiting stay.
            if let Err(e) = bot.delete_webhook().await {
                tracing::warn!(
                    "could not remove a webhook: {}",
                    crate::telegram::deliver::describe(&e)
                );
            }
        } else if let (true, Some(url), Some(secret)) =
            (hook.register, &hook.public_url, &hook.secret)
        {
            // Every instance registers the same address and secret: the
            // last one to start changes nothing.
            let url = reqwest::Url::parse(url).context("[webhook] public_url")?;
            let req = bot
                .set_webhook(url)
                .secret_token(secret.clone())
                .allowed_updates(crate::telegram::ALLOWED.to_vec());
            match req.await {
                Ok(_) => tracing::info!("webhook registered with Telegram"),
                Err(e) => tracing::warn!(
                    "could not register the webhook: {}",
                    crate::telegram::deliver::describe(&e)
                ),
            }
        }
        crate::telegram::deliver::protect_content(settings.protect_content);
        let service = Arc::new(service(&settings, dialogs, salt, username));
        // The command menu in every language offered: the default one for
        // apps in any other language.
        let constants = settings.constants();
        let menus = std::iter::once(None).chain(
            service
                .offered()
                .filter(|l| l.code != settings.languages.default)
                .map(|l| Some(l.code.as_str())),
        );
        for code in menus {
            let menu = commands(&crate::engine::Env {
                dialogs: &service.dialogs,
                constants: &constants,
                lang: code.unwrap_or(&settings.languages.default),
            });
            let mut req = bot.set_my_commands(menu);
            if let Some(code) = code {
                req = req.language_code(code);
            }
            if let Err(e) = req.await {
                tracing::warn!(
                    "could not register commands: {}",
                    crate::telegram::deliver::describe(&e)
                );
            }
        }
        let store_dyn: Arc<dyn Store> = store.clone();
        let core = Arc::new(Core {
            service: service.clone(),
            store: store_dyn.clone(),
        });
        // With PostgreSQL the operator's commands talk to the database.
        #[cfg(unix)]
        if settings.store_url.is_none() {
            tokio::spawn(crate::ops::admin::serve(
                crate::ops::admin::socket_path(&settings.data_dir),
                core.service.clone(),
                store_dyn.clone(),
            ));
        }
        let flusher = Arc::new(GroupFlush::new(store_dyn.clone()));
        let metrics = Arc::new(Metrics::default());
        if let Some(addr) = settings.http_listen {
            // The listener is for the operator: the bot keeps serving mums without it.
            match tokio::net::TcpListener::bind(addr).await {
                Ok(listener) => {
                    let addr = listener.local_addr().unwrap_or(addr);
                    tracing::info!(%addr, "serving /healthz and /metrics");
                    let serve =
                        crate::ops::metrics::serve(listener, metrics.clone(), store_dyn.clone());
                    tokio::spawn(serve);
                }
                Err(e) => tracing::error!(%addr, "cannot listen for /metrics ([http] listen): {e}"),
            }
        }
        let pacer = Arc::new(crate::telegram::pacer::Pacer::for_store(
            settings.checkins.rate_per_second,
            store_dyn.clone(),
        ));
        let deliverer = Deliverer::new(bot.clone(), store_dyn, flusher, metrics, pacer);
        let shutdown = Arc::new(tokio::sync::Notify::new());
        let s2 = shutdown.clone();
        tokio::spawn(async move {
            wait_for_signal().await;
            tracing::info!("signal received: shutting down");
            s2.notify_waiters();
            s2.notify_one();
        });
        let worker = tokio::spawn(crate::telegram::run_worker(
            core.clone(),
            deliverer.clone(),
            shutdown.clone(),
        ));
        if webhook {
            let addr = hook.listen;
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("cannot listen for the webhook on {addr} ([webhook] listen)"))?;
            tracing::info!(addr = %listener.local_addr().unwrap_or(addr), "serving the webhook and /healthz");
            let secret = hook.secret.clone().unwrap_or_default();
            let h = crate::telegram::webhook::Hook::new(core, deliverer, secret);
            crate::telegram::webhook::serve(h, listener, &hook.path, shutdown.clone()).await?;
        } else {
            poll(core, bot, deliverer, shutdown.clone()).await?;
        }
        shutdown.notify_waiters();
        let _ = worker.await;
        store.flush()?;
        tracing::info!("stopped cleanly");
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = match signal(SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => return std::future::pending().await,
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// `restride migrate-store`: a sled store copied into an empty PostgreSQL
/// database, then both counted. Returns the counts, for the operator.
pub fn migrate_store(from: &Path, to: &str) -> anyhow::Result<Vec<(&'static str, usize)>> {
    if !from.join("db").exists() {
        anyhow::bail!("there is no Restride store at {}", from.display());
    }
    // Opening it refuses a store a running bot holds.
    let source = open_at(from, 16)?;
    let target = open_pg(to)?;
    let d = source.dump()?;
    load_into(
        &target,
        &d,
        "migrate-store copies into an empty database only",
    )?;
    Ok(d.counts())
}

/// Loads a dump into an empty PostgreSQL database and checks the counts.
fn load_into(target: &PgStore, d: &Dump, why: &str) -> anyhow::Result<()> {
    if !target.is_empty()? {
        anyhow::bail!("the target database already holds Restride data; {why}");
    }
    target.adopt_salt(&d.salt)?;
    crate::store::migrate::load(target, d)?;
    let differences = crate::store::migrate::differences(d, &target.dump()?);
    if !differences.is_empty() {
        let list: Vec<String> = differences
            .iter()
            .map(|(what, a, b)| format!("{what}: {a} in the source, {b} in the copy"))
            .collect();
        anyhow::bail!("the copy does not match its source: {}", list.join("; "));
    }
    Ok(())
}

/// `restride backup` on PostgreSQL: every value, unsealed, as JSON (0600).
pub fn backup_pg(url: &str, file: &Path) -> anyhow::Result<()> {
    let d = open_pg(url)?.dump()?;
    crate::files::write_private(file, &serde_json::to_vec(&d)?)
        .context("cannot write the backup")?;
    Ok(())
}

/// `restride restore` on PostgreSQL: a backup of `backup_pg` into an empty database.
pub fn restore_pg(file: &Path, url: &str) -> anyhow::Result<()> {
    let bytes = crate::files::read_limited(file, u64::MAX)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let d: Dump = serde_json::from_slice(&bytes).with_context(|| {
        format!(
            "{} is not a backup of a PostgreSQL store (a sled backup restores into a data directory)",
            file.display()
        )
    })?;
    load_into(&*open_pg(url)?, &d, "restore into an empty database")
}

/// `restride backup`: sled's export, refused while a bot holds the store.
pub fn backup(dir: &Path, file: &Path) -> anyhow::Result<()> {
    if !dir.exists() {
        anyhow::bail!("there is no store at {}", dir.display());
    }
    let store = open_at(dir, 16)?;
    let data = store.export()?;
    let bytes = serde_json::to_vec(&data)?;
    crate::files::write_private(file, &bytes).context("cannot write the backup")?;
    Ok(())
}

/// The entries sled and Restride make in a data directory (`conf`, `db`,
/// `blobs/`, `snap.*`, the admin socket): the only ones restore removes.
fn is_store_entry(name: &str) -> bool {
    matches!(name, "conf" | "db" | "blobs" | "keys" | "admin.sock") || name.starts_with("snap.")
}

/// The names in a directory (none when it does not exist).
fn entries(dir: &Path) -> anyhow::Result<Vec<String>> {
    match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<Result<_, _>>()
            .with_context(|| format!("cannot read {}", dir.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(vec![]),
        Err(e) => {
            Err(e).with_context(|| format!("cannot read the data directory {}", dir.display()))
        }
    }
}

/// Whether the store holds anything a store just created does not: every
/// (tree, key) is compared with those of a new store made for the purpose.
fn holds_data(db: &sled::Db) -> anyhow::Result<bool> {
    let keys = |db: &sled::Db| -> anyhow::Result<std::collections::BTreeSet<(Vec<u8>, Vec<u8>)>> {
        let mut out = std::collections::BTreeSet::new();
        for name in db.tree_names() {
            for key in db.open_tree(&name)?.iter().keys() {
                out.insert((name.to_vec(), key?.to_vec()));
            }
        }
        Ok(out)
    };
    let probe = ProbeDir::new()?;
    let fresh = keys(open_at(&probe.0, 1)?.db())?;
    Ok(!keys(db)?.is_subset(&fresh))
}

/// A new directory in the temp directory, removed with what is in it when dropped.
struct ProbeDir(std::path::PathBuf);

impl ProbeDir {
    fn new() -> anyhow::Result<ProbeDir> {
        let mut r = [0u8; 8];
        getrandom::fill(&mut r).map_err(|e| anyhow::anyhow!("{e}"))?;
        let path = std::env::temp_dir().join(format!(
            "restride-probe-{}-{:016x}",
            std::process::id(),
            u64::from_le_bytes(r)
        ));
        std::fs::create_dir(&path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(ProbeDir(path))
    }
}

impl Drop for ProbeDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `restride restore`: sled's import into a data directory that is empty,
/// new, or holds an empty store (whose files alone are replaced). Anything
/// else there is left alone and the restore refused.
pub fn restore(file: &Path, dir: &Path) -> anyhow::Result<()> {
    let bytes = crate::files::read_limited(file, u64::MAX)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let data: Vec<ExportedTree> = serde_json::from_slice(&bytes)
        .with_context(|| format!("{} is not a Restride backup", file.display()))?;
    let entries = entries(dir)?;
    let mut foreign: Vec<&str> = entries
        .iter()
        .map(String::as_str)
        .filter(|n| !is_store_entry(n))
        .collect();
    if !foreign.is_empty() {
        foreign.sort_unstable();
        let more = foreign.len().saturating_sub(5);
        let mut names = foreign[..foreign.len().min(5)].join(", ");
        if more > 0 {
            names.push_str(&format!(" and {more} more"));
        }
        anyhow::bail!(
            "{} holds files that are not Restride's store ({names}); restore into a new or empty data directory",
            dir.display(),
        );
    }
    if !entries.is_empty() {
        // Opening it refuses a store in use (a running bot).
        let probe = open_at(dir, 16)?;
        let has_keys = std::fs::read_dir(dir.join("keys")).is_ok_and(|mut r| r.next().is_some());
        if has_keys || holds_data(probe.db())? {
            anyhow::bail!(
                "the store at {} already holds data; restore into a new or empty data directory",
                dir.display()
            );
        }
        drop(probe);
        // Opening it may have added sled files: all of them go, nothing else.
        for name in self::entries(dir)?.iter().filter(|n| is_store_entry(n)) {
            let path = dir.join(name);
            let real_dir = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
            if real_dir {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            }
            .with_context(|| format!("cannot prepare {}", dir.display()))?;
        }
    }
    SledStore::import(dir, data)?;
    // Opening it once checks it and sets the file modes.
    open_at(dir, 16)?;
    Ok(())
}
