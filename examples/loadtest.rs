//! Load test (issue 7): many scripted mums answer the whole intake at once, against the REAL
//! `restride run` binary (or the teloxide baseline in `examples/baseline_bot.rs`) talking to
//! the fake Bot API of `tests/fake_api.rs` on 127.0.0.1.
//!
//! ```sh
//! cargo build --release                                                  # the bot under test
//! cargo build --release --example baseline_bot --features baseline      # only for --baseline
//! cargo run --release --example loadtest -- --mums 1000 --pace fast      # Restride
//! cargo run --release --example loadtest -- --mums 1000 --baseline       # the baseline
//! cargo run --release --example loadtest -- --mums 1000 --compare        # both, and ratios
//! ```
//!
//! On PostgreSQL (issue 13): `--database-url` names a database that does not exist yet (the
//! test creates it) or is empty; with `--webhook N`, N instances of `restride run --webhook`
//! share it and the harness plays Telegram, POSTing each update to one of them in turn
//! (`examples/loadtest/webhook.rs`); without, one instance long-polls as on sled.
//!
//! ```sh
//! DB=postgres://restride@127.0.0.1:55432
//! cargo run --release --example loadtest -- --mums 1000 --database-url $DB/bench_1 --webhook 1
//! cargo run --release --example loadtest -- --mums 1000 --database-url $DB/bench_3 --webhook 3
//! cargo run --release --example loadtest -- --mums 1000 --database-url $DB/bench_lp
//! ```
//!
//! A store left midway, moved into PostgreSQL, and every mum carrying on from it (issue 13):
//! `--stop-midway` leaves each mum after her first k answers (k from her chat id, 0 to the
//! intake's length - 1) and writes what each was shown next, and the last update id, into
//! midway.json in the kept temp dir; `--resume` sends each mum's /start with update ids above
//! the first run's, checks that she is welcomed back to exactly that question, and that she
//! reaches her plan answering exactly the questions left; it fails naming each mum that did
//! not (the k are drawn again with the first run's seed, kept in midway.json).
//!
//! ```sh
//! cargo run --release --example loadtest -- --mums 500 --stop-midway --keep   # prints KEPT
//! createdb carry1      # or: psql $DB/postgres -c 'create database carry1'
//! target/release/restride migrate-store --from $KEPT/data --to $DB/carry1
//! cargo run --release --example loadtest -- --mums 500 --resume $KEPT/midway.json \
//!     --database-url $DB/carry1 --webhook 2
//! ```
//!
//! (On sled, `--resume $KEPT/midway.json --data-dir $KEPT/data` carries on in the kept store
//! itself; a resumed database or data dir is used as it is, and changed.)
//!
//! Between the bot and the fake API sits a small recording proxy (also on 127.0.0.1): it
//! timestamps when each `getUpdates` answer hands updates to the bot and when the bot sends
//! each reply, and tells the driver what each chat was shown, so the driver never scans the
//! fake API's ever-growing call log. Every loop here ends by itself: a global deadline
//! (`--deadline-secs`, default 600), a stall limit, and bounded waits for the bot.

#[path = "../tests/fake_api.rs"]
mod fake_api;
// Several instances on PostgreSQL behind a webhook, and the database's side of the figures
// (in a folder: a file at the top of examples/ would be an example of its own).
#[path = "loadtest/webhook.rs"]
mod webhook;
// A store left in the middle of the intake, and the mums carrying on from it elsewhere
// (`--stop-midway`, `--resume`).
#[path = "loadtest/midway.rs"]
mod midway;
// The scripted mum (any other button question: `p0`; the typed question: "20").
#[path = "../tests/script.rs"]
mod script;

use clap::{Parser, ValueEnum};
use fake_api::FakeApi;
use restride::store::Store;
use script::script;
use serde_json::Value;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How long the fake API holds a `getUpdates` long poll.
const LONG_POLL_CAP: Duration = Duration::from_millis(200);
/// The run stops when no mum has made progress for this long.
const STALL_LIMIT: Duration = Duration::from_secs(60);
/// How long the bot may take to make its first `getUpdates` call.
const START_LIMIT: Duration = Duration::from_secs(30);
/// How long the bot may take to exit after SIGTERM.
const STOP_LIMIT: Duration = Duration::from_secs(30);
/// Restride slows down a chat sending more than 5 updates a second (burst 10) by dropping
/// updates, so even a "fast" mum leaves this much time between two of her answers.
const MIN_GAP: Duration = Duration::from_millis(250);
/// Chat ids of the mums start here.
const FIRST_CHAT: i64 = 1_000_000;
/// The marker of the final message (Restride's plan; the baseline's last message says it too).
const PLAN_MARKER: &str = "Your Restride plan";
/// Restride's answer to a tap on a question already answered.
const MOVED_ON_MARKER: &str = "That question has moved on";
/// The marker of the one typed question (weeks since the birth).
const TYPED_MARKER: &str = "weeks or months";
/// What a mum types for it.
const TYPED_ANSWER: &str = "20";

#[derive(Parser, Debug, Clone)]
#[command(about = "Load test: scripted mums against the real bot and the fake Bot API")]
struct Args {
    /// How many mums go through the whole intake.
    #[arg(long, default_value_t = 1000)]
    mums: usize,
    /// At most this many mums in the intake at once (default: all of them).
    #[arg(long)]
    concurrency: Option<usize>,
    /// fast: answer as soon as the question appears (but at most 4 answers a second per
    /// mum); human: wait 1-3 s before each answer.
    #[arg(long, value_enum, default_value_t = Pace::Fast)]
    pace: Pace,
    /// The restride binary (default: `restride` next to this example's target directory).
    #[arg(long)]
    bot: Option<PathBuf>,
    /// Run the teloxide baseline bot instead of Restride.
    #[arg(long)]
    baseline: bool,
    /// The baseline binary (default: `baseline_bot` next to this example).
    #[arg(long)]
    baseline_bot: Option<PathBuf>,
    /// Run Restride, then the baseline with the same mums, and print the ratios.
    #[arg(long, conflicts_with = "baseline")]
    compare: bool,
    /// The whole run (each bot) stops after this many seconds, finished or not.
    #[arg(long, default_value_t = 600)]
    deadline_secs: u64,
    /// Seed of the human pacing.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Print every call the bot makes to the first mum's chat.
    #[arg(long)]
    trace: bool,
    /// Crash test: SIGKILL the bot this many times at random moments during the run,
    /// restarting it on the same store each time; afterwards check the store (every mum at
    /// her plan, every answer there once) and count the duplicated messages.
    #[arg(long, default_value_t = 0)]
    kill: usize,
    /// Crash test: the bot runs between this many and `--kill-max-ms` milliseconds (uniform)
    /// before each SIGKILL.
    #[arg(long, default_value_t = 200)]
    kill_min_ms: u64,
    #[arg(long, default_value_t = 1500)]
    kill_max_ms: u64,
    /// The bot's log level (RESTRIDE_LOG / RUST_LOG), into bot.log in its temp dir.
    #[arg(long, default_value = "warn")]
    bot_log: String,
    /// Keep the bot's temp dir (store and bot.log) after the run.
    #[arg(long)]
    keep: bool,
    /// Restride only: store this many finished sessions (copies of a scripted intake, other
    /// chats) before the bot starts, to measure memory with a full store.
    #[arg(long, default_value_t = 0)]
    preload: usize,
    /// The bot's sled cache (`[store] cache_capacity_mb`; default: the config's default).
    #[arg(long)]
    cache_mb: Option<u64>,
    /// The bot's `[store] retention_days` (0: no retention sweep).
    #[arg(long)]
    retention_days: Option<u32>,
    /// Restride on PostgreSQL (DATABASE_URL) instead of sled: a database that does not exist
    /// yet (it is created) or is empty, e.g. postgres://restride@127.0.0.1:55432/bench_1.
    #[arg(long, conflicts_with_all = ["baseline", "compare", "kill", "preload", "cache_mb"])]
    database_url: Option<String>,
    /// Run this many instances of `restride run --webhook` on the `--database-url` database;
    /// the harness POSTs each update to one of them in turn, as Telegram through a balancer.
    #[arg(long, requires = "database_url", value_parser = clap::value_parser!(u16).range(1..=16))]
    webhook: Option<u16>,
    /// With `--webhook`: how many POSTs may be under way at once, over all the instances
    /// (Telegram's `max_connections`, 40 by default).
    #[arg(long, default_value_t = 40)]
    webhook_connections: usize,
    /// Restride only: each mum answers only the first k questions (k from her chat id and
    /// `--seed`, 0 to the intake's length - 1) and the run ends when every mum has been
    /// shown her next question. Writes midway.json (what each was shown, the last update
    /// id) into the kept temp dir, for `--resume`.
    #[arg(long, requires = "keep", conflicts_with_all = ["baseline", "compare", "kill", "preload", "resume"])]
    stop_midway: bool,
    /// Restride only: the mums are already in the store, left midway by a `--stop-midway`
    /// run whose midway.json this names (its seed is used again). Each sends /start, must be
    /// welcomed back to the question she was left at, and carries on to her plan answering
    /// exactly the questions left. Needs `--database-url` (a database `restride
    /// migrate-store` filled; it is not emptied) or `--data-dir`.
    #[arg(long, value_name = "MIDWAY_JSON", conflicts_with_all = ["baseline", "compare", "kill", "preload"])]
    resume: Option<PathBuf>,
    /// Restride on sled: use this data dir (e.g. one kept by `--stop-midway`) instead of a
    /// new one in the temp dir.
    #[arg(long, conflicts_with_all = ["baseline", "compare", "preload", "database_url"])]
    data_dir: Option<PathBuf>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum Pace {
    Fast,
    Human,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Kind {
    Restride,
    Baseline,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Restride => "restride",
            Kind::Baseline => "baseline (teloxide Dialogue + SqliteStorage)",
        }
    }
}

fn main() {
    let args = Args::parse();
    if args.mums == 0 {
        eprintln!("--mums must be at least 1");
        std::process::exit(2);
    }
    if args.resume.is_some() && args.database_url.is_none() && args.data_dir.is_none() {
        eprintln!("--resume needs the store the mums are in: --database-url or --data-dir");
        std::process::exit(2);
    }
    let exe_dir = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."));
    let restride = args.bot.clone().unwrap_or_else(|| {
        exe_dir
            .parent()
            .map_or_else(|| PathBuf::from("restride"), |d| d.join("restride"))
    });
    let baseline = args
        .baseline_bot
        .clone()
        .unwrap_or_else(|| exe_dir.join("baseline_bot"));
    let kinds: Vec<(Kind, PathBuf)> = if args.compare {
        vec![(Kind::Restride, restride), (Kind::Baseline, baseline)]
    } else if args.baseline {
        vec![(Kind::Baseline, baseline)]
    } else {
        vec![(Kind::Restride, restride)]
    };
    for (kind, path) in &kinds {
        if !path.exists() {
            let how = match kind {
                Kind::Restride => "cargo build --release",
                Kind::Baseline => {
                    "cargo build --release --example baseline_bot --features baseline"
                }
            };
            eprintln!(
                "{} not found: build it with `{how}` (or pass its path)",
                path.display()
            );
            std::process::exit(2);
        }
    }
    println!(
        "machine: {} cpus, {} MiB memory; mums {}, concurrency {}, pace {:?}",
        thread::available_parallelism().map_or(0, |n| n.get()),
        mem_total_mib(),
        args.mums,
        args.concurrency.unwrap_or(args.mums).min(args.mums),
        args.pace,
    );
    let mut reports = Vec::new();
    let mut all_ok = true;
    for (kind, path) in kinds {
        match run(&args, kind, &path) {
            Ok(report) => {
                report.print();
                all_ok &= report.ok();
                reports.push(report);
            }
            Err(e) => {
                eprintln!("{}: {e}", kind.label());
                all_ok = false;
            }
        }
    }
    if reports.len() == 2 {
        print_ratios(&reports[0], &reports[1]);
    }
    if !all_ok {
        std::process::exit(1);
    }
}

// ---------------------------------------------------------------------------------------------
// One run

/// The store's side of the run: where each mum was left (`--stop-midway`),
/// or every mum at her plan.
fn check_in_store<S: Store>(
    report: &mut Report,
    driver: &Driver,
    intake: Option<&midway::Intake>,
    args: &Args,
    store: Result<&S, &String>,
) {
    let store = store.map(|s| s as &dyn Store);
    match intake {
        Some(intake) if args.stop_midway => {
            let check = midway::check_midway(&driver.mums, intake, args.seed, store);
            report.midway = Some((intake.steps.len(), check));
        }
        _ => report.store = Some(driver.check_store(store)),
    }
}

struct Report {
    /// What ran: "restride", or e.g. "restride (PostgreSQL, 3 instances, webhook)".
    setup: String,
    /// How many bot processes ran at once (their CPU is summed, their peak RSS too).
    instances: usize,
    mums: usize,
    finished: usize,
    stuck: usize,
    updates: usize,
    wall: Duration,
    queue: Stats,
    reply: Stats,
    question: Stats,
    seen: Stats,
    cpu_secs: f64,
    peak_rss_kib: u64,
    /// Several instances: the largest peak RSS of one of them.
    peak_rss_one_kib: u64,
    disk_bytes: u64,
    exit: Option<ExitStatus>,
    harness_cpu_secs: f64,
    end: &'static str,
    /// Restride only: per sled tree, (name, entries, key + value bytes).
    trees: Vec<(String, usize, u64)>,
    /// The harness's CPU seconds by thread name (threads still alive at the end of the run).
    harness_threads: Vec<(String, f64)>,
    /// The 1-minute load average before and after the run (other work on the machine).
    loadavg: (String, String),
    /// With `--kill`: what the store and the chats show afterwards.
    crash: Option<CrashReport>,
    /// Mums sent their plan more than once.
    plans_repeated: usize,
    /// On PostgreSQL: its CPU seconds during the run.
    pg: Option<webhook::PgCpu>,
    /// With `--webhook`: what the POSTs met.
    hooks: Option<webhook::HookStats>,
    /// On PostgreSQL, or on sled with `--resume`: what the store holds after the run.
    store: Option<StoreCheck>,
    /// With `--stop-midway`: the intake's length and where the mums were left.
    midway: Option<(usize, midway::MidwayOutcome)>,
    /// With `--resume`: the intake's length and how each mum carried on.
    resume: Option<(usize, midway::ResumeOutcome)>,
}

impl Report {
    fn ok(&self) -> bool {
        self.finished == self.mums
            && self.exit.is_some_and(|s| s.success())
            && self.crash.as_ref().is_none_or(|c| c.clean(self.mums))
            // Without crashes every mum gets her plan exactly once.
            && (self.crash.is_some() || self.plans_repeated == 0)
            && self.store.as_ref().is_none_or(|c| c.clean(self.mums))
            && self.midway.as_ref().is_none_or(|m| m.1.ok())
            && self.resume.as_ref().is_none_or(|r| r.1.ok())
    }

    fn updates_per_sec(&self) -> f64 {
        self.updates as f64 / self.wall.as_secs_f64().max(1e-9)
    }

    fn cpu_per_1000(&self) -> f64 {
        self.cpu_secs * 1000.0 / (self.updates.max(1) as f64)
    }

    /// CPU-s per 1,000 updates of the PostgreSQL server: (its backends for this database,
    /// the whole server).
    fn pg_per_1000(&self) -> Option<(f64, f64)> {
        let pg = self.pg.filter(|p| p.found)?;
        let per = |secs: f64| secs * 1000.0 / (self.updates.max(1) as f64);
        Some((per(pg.database), per(pg.server)))
    }

    fn disk_per_intake(&self) -> f64 {
        self.disk_bytes as f64 / (self.finished.max(1) as f64)
    }

    fn print(&self) {
        println!();
        println!("== {} ==", self.setup);
        println!(
            "{} {}/{} ({} stuck), run ended: {}",
            if self.midway.is_some() {
                "mums stopped midway (k answers given, next question shown)"
            } else {
                "intakes finished"
            },
            self.finished,
            self.mums,
            self.stuck,
            self.end
        );
        println!(
            "updates handled {} in {:.2} s: {:.0} updates/s",
            self.updates,
            self.wall.as_secs_f64(),
            self.updates_per_sec()
        );
        println!("latency (ms)                                 p50      p99      max");
        // With a webhook, "served" is the moment the POST is sent.
        let queue = match self.hooks {
            Some(_) => "push -> POSTed to the webhook (queue)",
            None => "push -> served by getUpdates (queue)",
        };
        for (name, stats) in [
            (queue, &self.queue),
            ("served -> bot's first reply to the chat", &self.reply),
            ("served -> next question (or plan) sent", &self.question),
            ("push -> next question (what she sees)", &self.seen),
        ] {
            println!(
                "  {name:<41} {:>8.1} {:>8.1} {:>8.1}",
                stats.p50, stats.p99, stats.max
            );
        }
        println!(
            "bot CPU {:.2} s: {:.3} CPU-s per 1,000 updates; peak RSS {:.1} MiB",
            self.cpu_secs,
            self.cpu_per_1000(),
            self.peak_rss_kib as f64 / 1024.0
        );
        if self.instances > 1 {
            println!(
                "  {} bot processes: CPU and peak RSS are their sums; the largest one peaked at {:.1} MiB",
                self.instances,
                self.peak_rss_one_kib as f64 / 1024.0
            );
        }
        if let (Some(pg), Some((database, server))) = (&self.pg, self.pg_per_1000()) {
            println!(
                "PostgreSQL CPU: this database's backends {:.2} s ({database:.3} CPU-s per 1,000 updates); the whole server {:.2} s ({server:.3})",
                pg.database, pg.server
            );
        } else if self.pg.is_some() {
            println!("PostgreSQL CPU: no postgres process found on this machine");
        }
        if let Some(h) = &self.hooks {
            let per: Vec<String> = h.accepted.iter().map(usize::to_string).collect();
            println!(
                "webhook: {} connections; updates accepted per instance {}; POSTs refused {}, failed {} (each sent again)",
                h.connections,
                per.join(" / "),
                h.refused,
                h.failed
            );
        }
        println!(
            "{} {} bytes: {:.0} bytes ({:.1} KiB) per finished intake",
            if self.pg.is_some() {
                "database size (pg_database_size: tables, indexes, catalog)"
            } else {
                "store on disk"
            },
            self.disk_bytes,
            self.disk_per_intake(),
            self.disk_per_intake() / 1024.0
        );
        if self.plans_repeated > 0 {
            println!(
                "{} mums were sent their plan more than once",
                self.plans_repeated
            );
        }
        if let Some(check) = &self.store {
            check.print(
                if self.pg.is_some() {
                    "PostgreSQL"
                } else {
                    "sled"
                },
                self.mums,
            );
        }
        if let Some((len, m)) = &self.midway {
            m.print(*len);
        }
        if let Some((len, r)) = &self.resume {
            r.print(*len);
        }
        if !self.trees.is_empty() {
            let live: u64 = self.trees.iter().map(|t| t.2).sum();
            println!(
                "live keys + values (sled trees) {live} bytes: {:.0} bytes per finished intake",
                live as f64 / (self.finished.max(1) as f64)
            );
        }
        for (name, entries, bytes) in self.trees.iter().filter(|t| t.1 > 0) {
            println!(
                "  tree {name:<14} {entries:>7} entries {bytes:>10} bytes: {:>6.0} bytes per intake",
                *bytes as f64 / (self.finished.max(1) as f64)
            );
        }
        println!(
            "SIGTERM: {}; harness (driver + fake API + proxy) CPU {:.2} s; load average {} -> {}",
            match self.exit {
                Some(s) if s.success() => "exit 0".to_owned(),
                Some(s) => format!("{s}"),
                None => "did not exit in time (killed)".to_owned(),
            },
            self.harness_cpu_secs,
            self.loadavg.0,
            self.loadavg.1,
        );
        if let Some(c) = &self.crash {
            c.print(self.mums);
        }
        let threads: Vec<String> = self
            .harness_threads
            .iter()
            .map(|(name, secs)| format!("{name} {secs:.2} s"))
            .collect();
        println!(
            "  harness threads still alive at the end: {}",
            threads.join(", ")
        );
        println!(
            "| {} | {} | {}/{} | {:.0} | {:.1} | {:.1} | {:.1} | {:.1} | {:.3} | {:.1} | {:.0} | {} |",
            self.setup,
            self.mums,
            self.finished,
            self.mums,
            self.updates_per_sec(),
            self.reply.p50,
            self.reply.p99,
            self.reply.max,
            self.seen.p99,
            self.cpu_per_1000(),
            self.peak_rss_kib as f64 / 1024.0,
            self.disk_per_intake(),
            if self.exit.is_some_and(|s| s.success()) {
                "0"
            } else {
                "no"
            },
        );
        // The row of "Several instances on PostgreSQL (issue 13)".
        let (pg_database, pg_server) = self.pg_per_1000().unwrap_or((f64::NAN, f64::NAN));
        println!(
            "| {} | {}/{} | {:.0} | {:.1} / {:.1} | {:.1} | {:.3} | {:.3} | {:.3} | {:.1} |",
            self.setup,
            self.finished,
            self.mums,
            self.updates_per_sec(),
            self.reply.p50,
            self.reply.p99,
            self.seen.p99,
            self.cpu_per_1000(),
            pg_database,
            pg_server,
            self.peak_rss_kib as f64 / 1024.0,
        );
    }
}

fn print_ratios(restride: &Report, baseline: &Report) {
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
    println!();
    println!("== restride / baseline ==");
    println!(
        "throughput {:.2}x, CPU per update {:.2}x, p99 reply {:.3}x, peak RSS {:.2}x, disk per intake {:.2}x",
        ratio(restride.updates_per_sec(), baseline.updates_per_sec()),
        ratio(restride.cpu_per_1000(), baseline.cpu_per_1000()),
        ratio(restride.reply.p99, baseline.reply.p99),
        ratio(restride.peak_rss_kib as f64, baseline.peak_rss_kib as f64),
        ratio(restride.disk_per_intake(), baseline.disk_per_intake()),
    );
}

fn run(args: &Args, kind: Kind, bot_path: &Path) -> Result<Report, String> {
    let harness_cpu_before = own_cpu_secs();
    let loadavg_before = loadavg();
    let threads_before = own_threads();
    // On PostgreSQL: a new, empty database, and the server's CPU so far.
    let database = args.database_url.as_deref();
    let db_name = database
        .and_then(webhook::database_name)
        .unwrap_or_default();
    // Carrying over: the intake's questions (walked in memory), and the first run's record.
    let intake = match args.stop_midway || args.resume.is_some() {
        true => Some(midway::scripted_intake()?),
        false => None,
    };
    let record = match &args.resume {
        Some(path) => Some(midway::Record::load(path)?),
        None => None,
    };
    if let (Some(record), Some(intake)) = (&record, &intake) {
        if record.intake_length != intake.steps.len() {
            return Err(format!(
                "the record's intake has {} questions, the dialogs now {}",
                record.intake_length,
                intake.steps.len()
            ));
        }
        if args.mums > record.mums.len() {
            return Err(format!(
                "the record holds {} mums: pass --mums {} (or fewer)",
                record.mums.len(),
                record.mums.len()
            ));
        }
    }
    // A resumed run goes on with the database it is given.
    if let (Some(url), None) = (database, &record) {
        webhook::prepare_database(url)?;
    }
    let pg_before = database.map(|_| webhook::pg_cpu(&db_name));
    let api = FakeApi::start();
    api.set_long_poll_cap(LONG_POLL_CAP);
    if let Some(record) = &record {
        // Telegram's update ids only grow, and the store remembers those it handled.
        api.set_next_update_id(record.last_update_id + 1);
    }
    let (tx, rx) = mpsc::channel();
    let proxy = Proxy::start(api.addr(), tx.clone()).map_err(|e| format!("proxy: {e}"))?;
    let dir = tempfile::tempdir().map_err(|e| format!("temp dir: {e}"))?;
    let data = args
        .data_dir
        .clone()
        .unwrap_or_else(|| dir.path().join("data"));
    // One bot, or with `--webhook` that many instances, each with its port, config and log.
    let instances = usize::from(args.webhook.unwrap_or(1));
    let ports: Vec<u16> = match args.webhook {
        Some(_) => (0..instances)
            .map(|_| webhook::free_port())
            .collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    let name = |what: &str, ext: &str, i: usize| match instances {
        1 => dir.path().join(format!("{what}.{ext}")),
        _ => dir.path().join(format!("{what}-{}.{ext}", i + 1)),
    };
    let log_paths: Vec<PathBuf> = (0..instances).map(|i| name("bot", "log", i)).collect();
    let config_paths: Vec<PathBuf> = (0..instances).map(|i| name("config", "toml", i)).collect();
    if kind == Kind::Restride {
        for (i, config_path) in config_paths.iter().enumerate() {
            let mut config = String::from("[store]\n");
            if let Some(mb) = args.cache_mb {
                config.push_str(&format!("cache_capacity_mb = {mb}\n"));
            }
            if let Some(days) = args.retention_days {
                config.push_str(&format!("retention_days = {days}\n"));
            }
            if let Some(&port) = ports.get(i) {
                config.push_str(&webhook::config(port));
            }
            std::fs::write(config_path, config).map_err(|e| format!("config: {e}"))?;
        }
        if args.preload > 0 {
            let t = Instant::now();
            let (n, bytes) = preload(&data, args.preload)?;
            println!(
                "preloaded {n} finished sessions in {:.1} s; store {bytes} bytes on disk",
                t.elapsed().as_secs_f64()
            );
        }
    }
    let spawn = |i: usize| -> Result<Child, String> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_paths[i])
            .map_err(|e| format!("log file: {e}"))?;
        let mut command = Command::new(bot_path);
        if kind == Kind::Restride {
            command.arg("run").arg("--config").arg(&config_paths[i]);
            if args.webhook.is_some() {
                command.arg("--webhook");
            }
        }
        match database {
            Some(url) => command.env("DATABASE_URL", url),
            // An inherited one would move the bot off sled.
            None => command.env_remove("DATABASE_URL"),
        };
        command
            .current_dir(dir.path())
            .env("TELOXIDE_TOKEN", "123:LOAD")
            .env("TELOXIDE_API_URL", proxy.url())
            .env("RESTRIDE_DATA_DIR", &data)
            .env("RESTRIDE_WEBHOOK_SECRET", webhook::SECRET)
            .env("RESTRIDE_LOG", &args.bot_log)
            .env("RUST_LOG", &args.bot_log)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::from(log))
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bot_path.display()))
    };
    let mut bots: Vec<Child> = Vec::new();
    for i in 0..instances {
        match spawn(i) {
            Ok(bot) => bots.push(bot),
            Err(e) => {
                for mut bot in bots {
                    sigterm(&mut bot);
                }
                return Err(e);
            }
        }
    }
    let setup = match (kind, database, args.webhook) {
        (Kind::Restride, Some(_), Some(n)) => format!(
            "restride (PostgreSQL, {n} instance{}, webhook)",
            if n == 1 { "" } else { "s" }
        ),
        (Kind::Restride, Some(_), None) => "restride (PostgreSQL, 1 instance, long polling)".into(),
        _ => kind.label().to_owned(),
    };
    let pids: Vec<String> = bots.iter().map(|b| b.id().to_string()).collect();
    println!();
    match database {
        Some(_) => println!(
            "{setup}: pid {}, database {db_name}{}",
            pids.join(", "),
            if ports.is_empty() {
                String::new()
            } else {
                let ports: Vec<String> = ports.iter().map(u16::to_string).collect();
                format!(", webhook ports {}", ports.join(", "))
            }
        ),
        None => println!("{setup}: pid {}, data {}", pids[0], data.display()),
    }

    let hooks = args.webhook.map(|_| {
        let addrs = ports
            .iter()
            .map(|&p| SocketAddr::from(([127, 0, 0, 1], p)))
            .collect();
        webhook::Hooks::start(addrs, args.webhook_connections, tx.clone())
    });
    drop(tx);
    let mut driver = Driver::new(args, &api);
    driver.hooks = hooks.as_ref();
    if let (true, Some(intake)) = (args.stop_midway, &intake) {
        for mum in &mut driver.mums {
            mum.stop_after = Some(midway::stop_at(mum.chat, args.seed, intake.steps.len()));
        }
    }
    if kind == Kind::Baseline {
        // The crash test is Restride's: the baseline runs undisturbed.
        driver.crash.kills_left = 0;
    }
    let outcome = driver.run(&rx, &mut bots, &log_paths[0], &|| spawn(0));
    // CPU and memory are read while the bots still run (plus those of the killed ones).
    let cpu_secs = bots
        .iter()
        .map(|b| proc_cpu_secs(b.id()).unwrap_or(f64::NAN))
        .sum::<f64>()
        + driver.crash.killed_cpu_secs;
    let peaks: Vec<u64> = bots
        .iter()
        .map(|b| proc_status_kib(b.id(), "VmHWM").unwrap_or(0))
        .collect();
    let peak_rss_kib = peaks
        .iter()
        .sum::<u64>()
        .max(driver.crash.killed_peak_rss_kib);
    let pg_after = database.map(|_| webhook::pg_cpu(&db_name));
    let harness_threads = own_threads_cpu(&threads_before);
    let harness_cpu_secs = own_cpu_secs() - harness_cpu_before;
    let hook_stats = hooks.as_ref().map(webhook::Hooks::stats);
    // Nothing more to deliver: the POSTing threads stop before the bots do.
    if let Some(hooks) = &hooks {
        hooks.stop();
    }
    // Every bot is asked to stop at once, then each is waited for; a failure shows.
    for bot in &bots {
        term(bot);
    }
    let exits: Vec<Option<ExitStatus>> = bots.iter_mut().map(wait_exit).collect();
    let exit = exits
        .iter()
        .copied()
        .find(|s| !s.is_some_and(|s| s.success()))
        .unwrap_or(exits[0]);
    // Calls the bot made while it stopped (a late duplicate would show here).
    while let Ok(event) = rx.try_recv() {
        driver.handle(event);
    }
    let logs = || -> String {
        log_paths
            .iter()
            .map(|p| format!("--- {} ---\n{}", p.display(), tail(p, 30)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    if let Err(e) = outcome {
        return Err(format!("{e}\n{}", logs()));
    }
    if !exit.is_some_and(|s| s.success()) {
        eprintln!("a bot did not exit 0 on SIGTERM: {exit:?}\n{}", logs());
    }
    let disk_bytes = match database {
        Some(url) => webhook::database_size(url).unwrap_or(0),
        None => dir_size(&data),
    };
    let mut report = driver.report(kind, cpu_secs, peak_rss_kib, disk_bytes, exit);
    report.setup = setup;
    report.instances = instances;
    report.peak_rss_one_kib = peaks.iter().copied().max().unwrap_or(0);
    report.hooks = hook_stats;
    if let (Some(url), Some(before), Some(after)) = (database, pg_before, pg_after) {
        report.pg = Some(webhook::PgCpu {
            server: after.server - before.server,
            database: after.database - before.database,
            found: after.found,
        });
        let store = restride::store::PgStore::open(url).map_err(|e| e.to_string());
        check_in_store(&mut report, &driver, intake.as_ref(), args, store.as_ref());
    } else if kind == Kind::Restride {
        report.trees = sled_trees(&data);
        if args.kill > 0 {
            report.crash = Some(driver.crash_report(&data));
        }
        if args.stop_midway || args.resume.is_some() {
            let store = restride::store::SledStore::open(&data, 64).map_err(|e| e.to_string());
            check_in_store(&mut report, &driver, intake.as_ref(), args, store.as_ref());
        }
    }
    if let Some(record) = &record {
        let check = midway::check_resume(&driver.mums, record);
        report.resume = Some((record.intake_length, check));
    }
    let record_path = dir.path().join(midway::RECORD_FILE);
    if let Some((len, check)) = report.midway.as_mut() {
        let store = match database {
            Some(url) => url.to_owned(),
            None => data.display().to_string(),
        };
        let record = midway::record(&driver.mums, *len, args.seed, driver.last_update_id, store);
        match record.save(&record_path) {
            Ok(()) => check.record = Some(record_path.clone()),
            Err(e) => eprintln!("{e}"),
        }
    }
    report.loadavg = (loadavg_before, loadavg());
    let violations = api.violations();
    if !violations.is_empty() {
        println!(
            "the fake Bot API saw {} calls real Telegram refuses (or that break a product rule), e.g. {}",
            violations.len(),
            violations[0]
        );
    }
    drop(driver);
    drop(proxy);
    drop(api);
    if args.keep {
        let kept = dir.keep();
        println!("kept {}", kept.display());
        if args.stop_midway {
            println!(
                "  data dir (restride migrate-store --from): {}",
                data.display()
            );
            println!(
                "  record (loadtest --resume): {}",
                kept.join(midway::RECORD_FILE).display()
            );
        }
    }
    report.harness_cpu_secs = harness_cpu_secs;
    report.harness_threads = harness_threads;
    Ok(report)
}

/// Chat ids of preloaded sessions start here (far from the mums').
const PRELOAD_FIRST_CHAT: i64 = 50_000_000;

/// Writes `n` finished sessions into a new store at `data`: one scripted intake run
/// through the engine in memory, copied to `n` chats. Returns (sessions, bytes on disk).
fn preload(data: &Path, n: usize) -> Result<(usize, u64), String> {
    use restride::store::{Commit, SledStore};
    let session = midway::scripted_intake()?.session;
    let store = SledStore::open(data, 64).map_err(|e| e.to_string())?;
    for chunk in (0..n).collect::<Vec<_>>().chunks(1000) {
        let jobs: Vec<restride::store::Job> = chunk
            .iter()
            .map(|&i| restride::store::Job {
                chat: PRELOAD_FIRST_CHAT + i as i64,
                update: None,
            })
            .collect();
        store
            .transact(&jobs, &mut |_, _| {
                Ok(Commit {
                    session: Some(session.clone()),
                    ..Commit::default()
                })
            })
            .map_err(|e| e.to_string())?;
    }
    store.flush().map_err(|e| e.to_string())?;
    Ok((n, store.size_on_disk()))
}

fn sigterm(bot: &mut Child) -> Option<ExitStatus> {
    term(bot);
    wait_exit(bot)
}

/// Sends SIGTERM.
fn term(bot: &Child) {
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(bot.id().to_string())
        .status();
}

/// Waits up to `STOP_LIMIT` for the bot to exit, then SIGKILLs it (`None`).
fn wait_exit(bot: &mut Child) -> Option<ExitStatus> {
    let start = Instant::now();
    while start.elapsed() < STOP_LIMIT {
        if let Ok(Some(status)) = bot.try_wait() {
            return Some(status);
        }
        thread::sleep(Duration::from_millis(20));
    }
    let _ = bot.kill();
    let _ = bot.wait();
    None
}

// ---------------------------------------------------------------------------------------------
// The mums

#[derive(Clone, Debug, PartialEq)]
struct Question {
    message_id: i64,
    node: String,
    /// The nonce (third field of the callback data): tells a new question from a redrawn one.
    nonce: String,
    data: Vec<String>,
}

#[derive(Debug)]
struct Pending {
    update_id: i64,
    pushed: Instant,
    delivered: Option<Instant>,
    first_reply: Option<Instant>,
    /// The question this update answered: (message id, nonce).
    answered: Option<(i64, String)>,
    /// What was pushed, to push it again after a crash left it unanswered.
    what: Pushed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pushed {
    Start,
    Typed,
    Button,
}

#[derive(Default)]
struct Mum {
    chat: i64,
    started: bool,
    finished: bool,
    stuck: bool,
    question: Option<Question>,
    /// The typed question was asked and not answered yet.
    typed_asked: bool,
    typed_done: bool,
    pending: Option<Pending>,
    /// An answer is scheduled in the timer heap.
    scheduled: bool,
    last_push: Option<Instant>,
    answers: usize,
    /// How many times the plan was sent to her.
    plans: usize,
    /// The nonces of the questions sent to her (a nonce sent twice is a duplicated question).
    nonces: std::collections::HashSet<String>,
    duplicate_questions: usize,
    /// "That question has moved on" answers (a tap on a question already answered).
    moved_on: usize,
    /// `--stop-midway`: she stops after this many answers (/start not counted).
    stop_after: Option<usize>,
    /// The answers she pushed: buttons and the typed one (/start not counted).
    given: usize,
    /// `--stop-midway`: she gave her answers and was shown her next question.
    stopped: bool,
    /// The last question shown to her: (its node, or `midway::TYPED_NODE`; its text).
    shown: Option<(String, String)>,
    /// The "welcome back" line came (/start in the middle of the intake).
    welcomed: bool,
    /// The question shown in answer to her first /start.
    resumed_at: Option<(String, String)>,
}

/// The crash test's state (`--kill`).
#[derive(Default)]
struct Crash {
    kills_left: usize,
    kills: usize,
    min: Duration,
    max: Duration,
    next_kill: Option<Instant>,
    rng: u64,
    killed_cpu_secs: f64,
    killed_peak_rss_kib: u64,
    /// Answers pushed again because nothing came back for `RETAP` (a mum tapping again).
    retaps: usize,
    /// From a SIGKILL to the new process's first getUpdates.
    restart_ms: Vec<f64>,
    killed_at: Option<Instant>,
}

/// With `--kill`: a mum whose answer got nothing back for this long taps again.
const RETAP: Duration = Duration::from_secs(10);

/// What the store holds after a run: every mum's session at her plan, with the script's
/// answers, each once, and nothing left to send or to decide.
struct StoreCheck {
    /// Whether the store opened after the last stop, and its error if not.
    opened: Result<(), String>,
    sessions_at_plan: usize,
    missing_or_unfinished: usize,
    /// Sessions where a node appears twice in the history.
    answered_twice: usize,
    /// Sessions whose answers differ from the script's.
    answers_differ: usize,
    unsent_outbox_chats: usize,
    /// Chats with updates a webhook received and no instance decided.
    undecided_chats: usize,
}

impl StoreCheck {
    fn clean(&self, mums: usize) -> bool {
        self.opened.is_ok()
            && self.sessions_at_plan == mums
            && self.missing_or_unfinished == 0
            && self.answered_twice == 0
            && self.answers_differ == 0
            && self.unsent_outbox_chats == 0
            && self.undecided_chats == 0
    }

    /// `store`: "sled" or "PostgreSQL".
    fn print(&self, store: &str, mums: usize) {
        match &self.opened {
            Ok(()) => println!("  {store} opened cleanly after the last stop"),
            Err(e) => println!("  {store} did NOT open: {e}"),
        }
        println!(
            "  sessions at their plan {}/{mums}; missing or unfinished {}; a question answered twice {}; answers differing from the script {}; chats with unsent outbox {}{}",
            self.sessions_at_plan,
            self.missing_or_unfinished,
            self.answered_twice,
            self.answers_differ,
            self.unsent_outbox_chats,
            if self.undecided_chats > 0 {
                format!("; chats with undecided updates {}", self.undecided_chats)
            } else {
                String::new()
            }
        );
    }
}

/// What the store and the chats show after a crash test.
struct CrashReport {
    asked: usize,
    kills: usize,
    restart: Stats,
    retaps: usize,
    store: StoreCheck,
    plans_once: usize,
    plans_twice: usize,
    plans_more: usize,
    duplicate_questions: usize,
    mums_with_duplicate_questions: usize,
    moved_on: usize,
}

impl CrashReport {
    fn clean(&self, mums: usize) -> bool {
        self.store.clean(mums)
            && self.kills == self.asked
            && self.plans_more == 0
            && self.plans_once + self.plans_twice == mums
    }

    fn print(&self, mums: usize) {
        println!(
            "crash test: {} SIGKILLs of {} asked (the run ends when every mum is done: ask for more mums or shorter --kill-max-ms); restart (kill -> first getUpdates) p50 {:.0} ms, max {:.0} ms; {} re-taps",
            self.kills, self.asked, self.restart.p50, self.restart.max, self.retaps
        );
        self.store.print("sled", mums);
        println!(
            "  plan message sent once {}, twice {} (the in-flight window), more {}; question messages sent twice {} (in {} chats); \"moved on\" answers {}",
            self.plans_once,
            self.plans_twice,
            self.plans_more,
            self.duplicate_questions,
            self.mums_with_duplicate_questions,
            self.moved_on
        );
        println!(
            "  verdict: {}",
            if self.clean(mums) {
                "CLEAN (no answer lost, none answered twice)"
            } else {
                "FAILED"
            }
        );
    }
}

#[derive(Default, Clone, Copy)]
struct Stats {
    p50: f64,
    p99: f64,
    max: f64,
}

fn stats(samples: &mut [f64]) -> Stats {
    if samples.is_empty() {
        return Stats {
            p50: f64::NAN,
            p99: f64::NAN,
            max: f64::NAN,
        };
    }
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let rank = (q * samples.len() as f64).ceil() as usize;
        samples[rank.clamp(1, samples.len()) - 1]
    };
    Stats {
        p50: at(0.50),
        p99: at(0.99),
        max: samples[samples.len() - 1],
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

struct Driver<'a> {
    api: &'a FakeApi,
    /// With `--webhook`: every update pushed is POSTed to an instance at once.
    hooks: Option<&'a webhook::Hooks>,
    pace: Pace,
    concurrency: usize,
    deadline: Duration,
    trace: bool,
    script: HashMap<&'static str, &'static str>,
    mums: Vec<Mum>,
    by_chat: HashMap<i64, usize>,
    by_update: HashMap<i64, usize>,
    timers: BinaryHeap<Reverse<(Instant, usize)>>,
    next_to_start: usize,
    active: usize,
    rng: u64,
    first_push: Option<Instant>,
    last_reply: Option<Instant>,
    updates: usize,
    queue: Vec<f64>,
    reply: Vec<f64>,
    question: Vec<f64>,
    seen: Vec<f64>,
    end: &'static str,
    crash: Crash,
    /// `--stop-midway`: a mum is done when she has stopped.
    stop_midway: bool,
    /// The highest update id pushed.
    last_update_id: i64,
}

impl<'a> Driver<'a> {
    fn new(args: &Args, api: &'a FakeApi) -> Driver<'a> {
        let mums: Vec<Mum> = (0..args.mums)
            .map(|i| Mum {
                chat: FIRST_CHAT + i as i64,
                ..Mum::default()
            })
            .collect();
        let by_chat = mums.iter().enumerate().map(|(i, m)| (m.chat, i)).collect();
        Driver {
            api,
            hooks: None,
            pace: args.pace,
            concurrency: args.concurrency.unwrap_or(args.mums).clamp(1, args.mums),
            deadline: Duration::from_secs(args.deadline_secs),
            trace: args.trace,
            script: script(),
            mums,
            by_chat,
            by_update: HashMap::new(),
            timers: BinaryHeap::new(),
            next_to_start: 0,
            active: 0,
            rng: args.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
            first_push: None,
            last_reply: None,
            updates: 0,
            queue: Vec::new(),
            reply: Vec::new(),
            question: Vec::new(),
            seen: Vec::new(),
            end: "not started",
            crash: Crash {
                kills_left: args.kill,
                min: Duration::from_millis(args.kill_min_ms),
                max: Duration::from_millis(args.kill_max_ms.max(args.kill_min_ms)),
                rng: args.seed.wrapping_mul(0xD1B5_4A32_D192_ED03) | 1,
                ..Crash::default()
            },
            stop_midway: args.stop_midway,
            last_update_id: 0,
        }
    }

    /// When the next SIGKILL comes: uniform between `--kill-min-ms` and `--kill-max-ms`.
    fn next_kill(&mut self, now: Instant) {
        let c = &mut self.crash;
        c.next_kill = if c.kills_left == 0 {
            None
        } else {
            c.rng ^= c.rng >> 12;
            c.rng ^= c.rng << 25;
            c.rng ^= c.rng >> 27;
            let r = c.rng.wrapping_mul(0x2545_F491_4F6C_DD1D);
            let span = (c.max - c.min).as_millis() as u64 + 1;
            Some(now + c.min + Duration::from_millis(r % span))
        };
    }

    /// SIGKILL, then the same command again on the same store.
    fn kill_and_restart(
        &mut self,
        bot: &mut Child,
        spawn: &dyn Fn() -> Result<Child, String>,
    ) -> Result<(), String> {
        let pid = bot.id();
        self.crash.killed_cpu_secs += proc_cpu_secs(pid).unwrap_or(0.0);
        self.crash.killed_peak_rss_kib = self
            .crash
            .killed_peak_rss_kib
            .max(proc_status_kib(pid, "VmHWM").unwrap_or(0));
        bot.kill().map_err(|e| format!("SIGKILL: {e}"))?;
        let _ = bot.wait();
        self.crash.killed_at = Some(Instant::now());
        *bot = spawn()?;
        self.crash.kills += 1;
        self.crash.kills_left -= 1;
        self.next_kill(Instant::now());
        Ok(())
    }

    /// Mums whose answer got no reply for `RETAP` (it was lost with a killed bot, or the
    /// bot ignored it as stale) push it again, as a mum taps again.
    fn retap(&mut self, now: Instant) {
        for i in 0..self.mums.len() {
            let mum = &mut self.mums[i];
            let Some(p) = mum.pending.as_ref() else {
                continue;
            };
            if now.saturating_duration_since(p.pushed) < RETAP || mum.finished || mum.stuck {
                continue;
            }
            match p.what {
                Pushed::Start => mum.started = false,
                Pushed::Typed => {
                    mum.typed_done = false;
                    mum.typed_asked = true;
                }
                Pushed::Button => {}
            }
            let id = p.update_id;
            mum.pending = None;
            self.by_update.remove(&id);
            self.crash.retaps += 1;
            if !self.mums[i].scheduled {
                self.schedule(i, now);
            }
        }
    }

    /// After a crash test: open the store the bot left and check every mum's session.
    fn crash_report(&mut self, data: &Path) -> CrashReport {
        use restride::store::SledStore;
        let store = SledStore::open(data, 64).map_err(|e| e.to_string());
        CrashReport {
            asked: self.crash.kills + self.crash.kills_left,
            kills: self.crash.kills,
            restart: stats(&mut self.crash.restart_ms),
            retaps: self.crash.retaps,
            store: self.check_store(store.as_ref().map(|s| s as &dyn Store)),
            plans_once: self.mums.iter().filter(|m| m.plans == 1).count(),
            plans_twice: self.mums.iter().filter(|m| m.plans == 2).count(),
            plans_more: self.mums.iter().filter(|m| m.plans > 2).count(),
            duplicate_questions: self.mums.iter().map(|m| m.duplicate_questions).sum(),
            mums_with_duplicate_questions: self
                .mums
                .iter()
                .filter(|m| m.duplicate_questions > 0)
                .count(),
            moved_on: self.mums.iter().map(|m| m.moved_on).sum(),
        }
    }

    /// Checks every mum's session in the store the bots left (or the error opening it).
    fn check_store(&self, store: Result<&dyn Store, &String>) -> StoreCheck {
        let mut r = StoreCheck {
            opened: Ok(()),
            sessions_at_plan: 0,
            missing_or_unfinished: 0,
            answered_twice: 0,
            answers_differ: 0,
            unsent_outbox_chats: 0,
            undecided_chats: 0,
        };
        let store = match store {
            Ok(s) => s,
            Err(e) => {
                r.opened = Err(e.clone());
                r.missing_or_unfinished = self.mums.len();
                return r;
            }
        };
        r.unsent_outbox_chats = store.outbox_chats().map_or(usize::MAX, |c| c.len());
        r.undecided_chats = store
            .received_chats(i64::MAX)
            .map_or(usize::MAX, |c| c.len());
        let mut reference: Option<String> = None;
        for mum in &self.mums {
            let Ok(Some(s)) = store.session(mum.chat) else {
                r.missing_or_unfinished += 1;
                continue;
            };
            if s.outcome.as_ref().is_none_or(|o| o.status != "complete") {
                r.missing_or_unfinished += 1;
                continue;
            }
            r.sessions_at_plan += 1;
            let mut nodes: Vec<&str> = s.history.iter().map(|h| h.node.as_str()).collect();
            let total = nodes.len();
            nodes.sort_unstable();
            nodes.dedup();
            if nodes.len() != total {
                r.answered_twice += 1;
            }
            // Every mum gives the same answers: all sessions must agree, and with the script.
            let answers = format!("{:?}", s.answers);
            let scripted = s.answers.get("weeks_postpartum").and_then(|v| v.as_int()) == Some(20)
                && s.answers.get("delivery").and_then(|v| v.as_text()) == Some("caesarean")
                && s.answers.get("phq_interest").and_then(|v| v.as_int()) == Some(1)
                && s.answers.get("breastfeeding").and_then(|v| v.as_bool()) == Some(true);
            match &reference {
                _ if !scripted => r.answers_differ += 1,
                Some(a) if *a != answers => r.answers_differ += 1,
                Some(_) => {}
                None => reference = Some(answers),
            }
        }
        r
    }

    /// A pseudo-random think time for human pacing: 1-3 s.
    fn think(&mut self) -> Duration {
        match self.pace {
            Pace::Fast => Duration::ZERO,
            Pace::Human => {
                // xorshift64*
                self.rng ^= self.rng >> 12;
                self.rng ^= self.rng << 25;
                self.rng ^= self.rng >> 27;
                let r = self.rng.wrapping_mul(0x2545_F491_4F6C_DD1D);
                Duration::from_millis(1000 + r % 2001)
            }
        }
    }

    fn schedule(&mut self, i: usize, now: Instant) {
        let mut at = now + self.think();
        if let Some(last) = self.mums[i].last_push {
            at = at.max(last + MIN_GAP);
        }
        self.mums[i].scheduled = true;
        self.timers.push(Reverse((at, i)));
    }

    fn start_more(&mut self, now: Instant) {
        while self.active < self.concurrency && self.next_to_start < self.mums.len() {
            let i = self.next_to_start;
            self.next_to_start += 1;
            self.active += 1;
            self.schedule(i, now);
        }
    }

    fn done(&self) -> bool {
        self.next_to_start == self.mums.len() && self.active == 0
    }

    /// Runs the mums until every one is done (or the deadline, or a stall). `bots`: the bot
    /// processes (one unless `--webhook`); `spawn` starts the first one again (`--kill`).
    fn run(
        &mut self,
        rx: &Receiver<Event>,
        bots: &mut [Child],
        log: &Path,
        spawn: &dyn Fn() -> Result<Child, String>,
    ) -> Result<(), String> {
        let begin = Instant::now();
        if let Some(hooks) = self.hooks {
            // Webhook instances are ready when they answer /healthz.
            hooks.wait_ready(bots)?;
        }
        let bot = &mut bots[0];
        // Wait for the bot's first long poll.
        while self.hooks.is_none() {
            if begin.elapsed() > START_LIMIT {
                return Err("the bot made no getUpdates call within 30 s".into());
            }
            if let Ok(Some(status)) = bot.try_wait() {
                return Err(format!("the bot exited at start: {status}"));
            }
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(Event::Delivered { .. }) => break,
                Ok(_) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return Err("proxy stopped".into()),
            }
        }
        let begin = Instant::now();
        let mut last_progress = begin;
        let mut last_check = begin;
        self.start_more(begin);
        self.next_kill(begin);
        loop {
            let now = Instant::now();
            if self.done() {
                self.end = match self.stop_midway {
                    true => "every mum stopped midway",
                    false => "every mum finished",
                };
                break;
            }
            if now - begin > self.deadline {
                self.end = "global deadline";
                break;
            }
            if now - last_progress > STALL_LIMIT {
                self.end = "stalled: no progress for 60 s";
                break;
            }
            if self.crash.next_kill.is_some_and(|at| now >= at) {
                self.kill_and_restart(&mut bots[0], spawn)?;
            }
            if now - last_check > Duration::from_secs(1) {
                last_check = now;
                if self.crash.kills > 0 {
                    self.retap(now);
                }
                for bot in bots.iter_mut() {
                    if let Ok(Some(status)) = bot.try_wait() {
                        return Err(format!(
                            "the bot (pid {}) exited during the run: {status}; log {}",
                            bot.id(),
                            log.display()
                        ));
                    }
                }
            }
            // Fire what is due.
            while let Some(Reverse((at, i))) = self.timers.peek().copied() {
                if at > now {
                    break;
                }
                self.timers.pop();
                self.mums[i].scheduled = false;
                self.answer(i, now);
            }
            let wait = self
                .timers
                .peek()
                .map_or(Duration::from_millis(50), |Reverse((at, _))| {
                    at.saturating_duration_since(now)
                })
                .min(Duration::from_millis(50));
            match rx.recv_timeout(wait) {
                Ok(event) => {
                    if self.handle(event) {
                        last_progress = Instant::now();
                    }
                    // Everything already queued, without blocking.
                    for _ in 0..10_000 {
                        match rx.try_recv() {
                            Ok(event) => {
                                if self.handle(event) {
                                    last_progress = Instant::now();
                                }
                            }
                            Err(_) => break,
                        }
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return Err("proxy stopped".into()),
            }
        }
        Ok(())
    }

    /// Pushes the mum's next update: /start, a button or the typed answer.
    fn answer(&mut self, i: usize, now: Instant) {
        let api = self.api;
        let mum = &mut self.mums[i];
        if mum.finished || mum.stuck || mum.stopped || mum.pending.is_some() {
            return;
        }
        let chat = mum.chat;
        let (update_id, answered, what) = if !mum.started {
            mum.started = true;
            (api.push_command(chat, "/start"), None, Pushed::Start)
        } else if mum.typed_asked && !mum.typed_done {
            mum.typed_done = true;
            mum.typed_asked = false;
            (api.push_message(chat, TYPED_ANSWER), None, Pushed::Typed)
        } else if let Some(q) = mum.question.clone() {
            let action = self.script.get(q.node.as_str()).copied().unwrap_or("p0");
            let suffix = format!("|{action}");
            let Some(data) = q.data.iter().find(|d| d.ends_with(&suffix)) else {
                eprintln!(
                    "chat {chat}: no button {action} on {}: {:?}",
                    q.node, q.data
                );
                self.give_up(i, now);
                return;
            };
            (
                api.push_callback(chat, q.message_id, data),
                Some((q.message_id, q.nonce.clone())),
                Pushed::Button,
            )
        } else {
            eprintln!("chat {chat}: nothing to answer");
            self.give_up(i, now);
            return;
        };
        let mum = &mut self.mums[i];
        mum.pending = Some(Pending {
            update_id,
            pushed: now,
            delivered: None,
            first_reply: None,
            answered,
            what,
        });
        mum.last_push = Some(now);
        mum.answers += 1;
        if what != Pushed::Start {
            mum.given += 1;
        }
        self.last_update_id = self.last_update_id.max(update_id);
        self.by_update.insert(update_id, i);
        self.first_push.get_or_insert(now);
        if let Some(hooks) = self.hooks {
            // Telegram sends it to the webhook instead of keeping it for getUpdates.
            hooks.send(api.take_updates());
        }
    }

    fn give_up(&mut self, i: usize, now: Instant) {
        let mum = &mut self.mums[i];
        if !mum.stuck && !mum.finished && !mum.stopped {
            mum.stuck = true;
            self.active -= 1;
            self.start_more(now);
        }
    }

    /// Applies one event; true if a mum made progress.
    fn handle(&mut self, event: Event) -> bool {
        match event {
            Event::Delivered { ids, at } => {
                if let Some(k) = self.crash.killed_at.take() {
                    self.crash
                        .restart_ms
                        .push(ms(at.saturating_duration_since(k)));
                }
                for id in ids {
                    if let Some(i) = self.by_update.remove(&id)
                        && let Some(p) = self.mums[i].pending.as_mut()
                        && p.update_id == id
                    {
                        p.delivered.get_or_insert(at);
                    }
                }
                false
            }
            Event::Call {
                method,
                at,
                request,
                response,
            } => self.call(&method, at, &request, &response),
        }
    }

    fn call(&mut self, method: &str, at: Instant, request: &Value, response: &Value) -> bool {
        let Some(chat) = request.get("chat_id").and_then(as_i64) else {
            return false;
        };
        let Some(&i) = self.by_chat.get(&chat) else {
            return false;
        };
        let ok = response.get("ok").and_then(Value::as_bool) == Some(true);
        let text = request.get("text").and_then(Value::as_str).unwrap_or("");
        let keyboard = keyboard_data(request.get("reply_markup"));
        if self.trace && i == 0 {
            println!(
                "  [{method}] ok={ok} {} chars {:?} {:?}",
                text.chars().count(),
                text.chars().take(70).collect::<String>(),
                keyboard
            );
        }
        if !ok {
            return false;
        }
        let m = method.to_ascii_lowercase();
        let mum = &mut self.mums[i];
        if let Some(p) = mum.pending.as_mut()
            && p.delivered.is_some()
        {
            p.first_reply.get_or_insert(at);
        }
        match m.as_str() {
            "sendmessage" => {
                let message_id = response
                    .get("result")
                    .and_then(|r| r.get("message_id"))
                    .and_then(as_i64)
                    .unwrap_or(0);
                if let Some(data) = keyboard {
                    if let Some(q) = question(message_id, data) {
                        if !mum.nonces.insert(q.nonce.clone()) {
                            mum.duplicate_questions += 1;
                        }
                        mum.shown = Some((q.node.clone(), text.to_owned()));
                        mum.question = Some(q);
                    }
                } else if text.contains(midway::WELCOME_MARKER) {
                    // It names her question: not the typed question itself.
                    mum.welcomed = true;
                } else if text.contains(TYPED_MARKER) && !mum.typed_done {
                    mum.typed_asked = true;
                    mum.shown = Some((midway::TYPED_NODE.to_owned(), text.to_owned()));
                }
                if text.contains(PLAN_MARKER) {
                    mum.finished = true;
                    mum.plans += 1;
                }
                if text.contains(MOVED_ON_MARKER) {
                    mum.moved_on += 1;
                }
            }
            "editmessagetext" | "editmessagereplymarkup" | "editmessagecaption" => {
                let message_id = request.get("message_id").and_then(as_i64).unwrap_or(0);
                match keyboard {
                    Some(data) => {
                        if let Some(q) = question(message_id, data) {
                            let text = match (text, mum.shown.take()) {
                                ("", Some((node, old))) if node == q.node => old,
                                _ => text.to_owned(),
                            };
                            mum.shown = Some((q.node.clone(), text));
                            mum.question = Some(q);
                        }
                    }
                    None => {
                        if mum.question.as_ref().map(|q| q.message_id) == Some(message_id) {
                            mum.question = None;
                        }
                    }
                }
            }
            _ => {}
        }
        self.after_reply(i, at)
    }

    /// If the mum's pending update got its whole answer (a new question, the typed question,
    /// or the plan), records its latencies and schedules her next answer.
    fn after_reply(&mut self, i: usize, at: Instant) -> bool {
        let mum = &self.mums[i];
        let Some(p) = mum.pending.as_ref() else {
            return false;
        };
        let new_question = mum
            .question
            .as_ref()
            // By nonce: a copy of the question she just answered (sent again after a crash,
            // or shown again after a stale tap) is not her next question.
            .is_some_and(|q| p.answered.as_ref().is_none_or(|(_, n)| *n != q.nonce));
        if !(mum.finished || mum.typed_asked || new_question) {
            return false;
        }
        let p = self.mums[i].pending.take().expect("pending");
        self.updates += 1;
        self.last_reply = Some(self.last_reply.map_or(at, |l| l.max(at)));
        let delivered = p.delivered.unwrap_or(p.pushed);
        self.queue
            .push(ms(delivered.saturating_duration_since(p.pushed)));
        self.reply.push(ms(p
            .first_reply
            .unwrap_or(at)
            .saturating_duration_since(delivered)));
        self.question
            .push(ms(at.saturating_duration_since(delivered)));
        self.seen.push(ms(at.saturating_duration_since(p.pushed)));
        self.by_update.remove(&p.update_id);
        let mum = &mut self.mums[i];
        if p.what == Pushed::Start && mum.resumed_at.is_none() {
            mum.resumed_at = mum.shown.clone();
        }
        if !mum.finished && mum.stop_after == Some(mum.given) {
            mum.stopped = true;
        }
        let now = Instant::now();
        if self.mums[i].finished || self.mums[i].stopped {
            self.active -= 1;
            self.start_more(now);
        } else if !self.mums[i].scheduled {
            self.schedule(i, now);
        }
        true
    }

    fn report(
        &mut self,
        kind: Kind,
        cpu_secs: f64,
        peak_rss_kib: u64,
        disk_bytes: u64,
        exit: Option<ExitStatus>,
    ) -> Report {
        let wall = match (self.first_push, self.last_reply) {
            (Some(a), Some(b)) => b.saturating_duration_since(a),
            _ => Duration::ZERO,
        };
        Report {
            setup: kind.label().to_owned(),
            instances: 1,
            mums: self.mums.len(),
            finished: self
                .mums
                .iter()
                .filter(|m| match self.stop_midway {
                    true => m.stopped,
                    false => m.finished,
                })
                .count(),
            stuck: self.mums.iter().filter(|m| m.stuck).count(),
            updates: self.updates,
            wall,
            queue: stats(&mut self.queue),
            reply: stats(&mut self.reply),
            question: stats(&mut self.question),
            seen: stats(&mut self.seen),
            cpu_secs,
            peak_rss_kib,
            peak_rss_one_kib: peak_rss_kib,
            disk_bytes,
            exit,
            harness_cpu_secs: 0.0,
            end: self.end,
            trees: Vec::new(),
            harness_threads: Vec::new(),
            loadavg: (String::new(), String::new()),
            crash: None,
            plans_repeated: self.mums.iter().filter(|m| m.plans > 1).count(),
            pg: None,
            hooks: None,
            store: None,
            midway: None,
            resume: None,
        }
    }
}

fn question(message_id: i64, data: Vec<String>) -> Option<Question> {
    let mut parts = data.first()?.split('|');
    let _version = parts.next()?;
    let node = parts.next()?.to_owned();
    let nonce = parts.next()?.to_owned();
    Some(Question {
        message_id,
        node,
        nonce,
        data,
    })
}

/// The callback data of an inline keyboard, if the markup has a non-empty one.
fn keyboard_data(markup: Option<&Value>) -> Option<Vec<String>> {
    let markup = match markup? {
        Value::String(s) => serde_json::from_str(s).ok()?,
        other => other.clone(),
    };
    let data: Vec<String> = markup
        .get("inline_keyboard")?
        .as_array()?
        .iter()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(|b| b.get("callback_data").and_then(Value::as_str))
        .map(str::to_owned)
        .collect();
    (!data.is_empty()).then_some(data)
}

fn as_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// The recording proxy between the bot and the fake API

enum Event {
    /// A `getUpdates` answer is about to be handed to the bot (ids may be empty).
    Delivered { ids: Vec<i64>, at: Instant },
    /// Any other call, with the moment the bot made it; sent before its answer is handed back,
    /// so a chat's calls arrive in order.
    Call {
        method: String,
        at: Instant,
        request: Value,
        response: Value,
    },
}

struct Proxy {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<Vec<JoinHandle<()>>>>,
}

impl Proxy {
    fn start(upstream: SocketAddr, events: Sender<Event>) -> io::Result<Proxy> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let accept_stop = stop.clone();
        let accept = thread::Builder::new()
            .name("proxy-accept".into())
            .spawn(move || {
                let mut conns = Vec::new();
                while !accept_stop.load(Ordering::SeqCst) {
                    match listener.accept() {
                        Ok((client, _)) => {
                            let stop = accept_stop.clone();
                            let events = events.clone();
                            let spawned = thread::Builder::new()
                                .name("proxy-conn".into())
                                .stack_size(256 * 1024)
                                .spawn(move || {
                                    let _ = proxy_connection(client, upstream, events, stop);
                                });
                            if let Ok(handle) = spawned {
                                conns.push(handle);
                            }
                        }
                        Err(_) => thread::sleep(Duration::from_millis(2)),
                    }
                }
                conns
            })?;
        Ok(Proxy {
            addr,
            stop,
            accept: Some(accept),
        })
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(accept) = self.accept.take()
            && let Ok(conns) = accept.join()
        {
            for conn in conns {
                let _ = conn.join();
            }
        }
    }
}

fn proxy_connection(
    client: TcpStream,
    upstream: SocketAddr,
    events: Sender<Event>,
    stop: Arc<AtomicBool>,
) -> io::Result<()> {
    client.set_nonblocking(false)?;
    client.set_nodelay(true)?;
    let server = TcpStream::connect(upstream)?;
    server.set_nodelay(true)?;
    let mut from_bot = HttpReader::new(client.try_clone()?, stop.clone())?;
    let mut from_api = HttpReader::new(server.try_clone()?, stop)?;
    let (mut to_bot, mut to_api) = (client, server);
    loop {
        let request = from_bot.message(true)?;
        let at = Instant::now();
        to_api.write_all(&request.raw)?;
        let response = from_api.message(false)?;
        let method = request.method();
        let body: Value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
        let event = if method.eq_ignore_ascii_case("getUpdates") {
            let ids = body
                .get("result")
                .and_then(Value::as_array)
                .map(|r| {
                    r.iter()
                        .filter_map(|u| u.get("update_id").and_then(as_i64))
                        .collect()
                })
                .unwrap_or_default();
            Event::Delivered {
                ids,
                at: Instant::now(),
            }
        } else {
            Event::Call {
                method,
                at,
                request: serde_json::from_slice(&request.body).unwrap_or(Value::Null),
                response: body,
            }
        };
        let _ = events.send(event);
        to_bot.write_all(&response.raw)?;
    }
}

struct HttpMessage {
    start_line: String,
    raw: Vec<u8>,
    body: Vec<u8>,
}

impl HttpMessage {
    /// "POST /bot123:X/SendMessage HTTP/1.1" -> "sendMessage".
    fn method(&self) -> String {
        let path = self.start_line.split_whitespace().nth(1).unwrap_or("");
        let last = path
            .split('?')
            .next()
            .unwrap_or("")
            .rsplit('/')
            .next()
            .unwrap_or("");
        let mut chars = last.chars();
        match chars.next() {
            Some(c) => c.to_ascii_lowercase().to_string() + chars.as_str(),
            None => String::new(),
        }
    }
}

struct HttpReader {
    stream: TcpStream,
    buf: Vec<u8>,
    stop: Arc<AtomicBool>,
}

impl HttpReader {
    fn new(stream: TcpStream, stop: Arc<AtomicBool>) -> io::Result<HttpReader> {
        stream.set_read_timeout(Some(Duration::from_millis(200)))?;
        Ok(HttpReader {
            stream,
            buf: Vec::with_capacity(16 * 1024),
            stop,
        })
    }

    fn fill(&mut self) -> io::Result<()> {
        let mut chunk = [0u8; 16 * 1024];
        // Bounded: each wait is 200 ms and the stop flag ends it; a connection idle for 10
        // minutes is closed.
        for _ in 0..3000 {
            if self.stop.load(Ordering::SeqCst) {
                return Err(io::Error::other("stopped"));
            }
            match self.stream.read(&mut chunk) {
                Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    return Ok(());
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock
                            | io::ErrorKind::TimedOut
                            | io::ErrorKind::Interrupted
                    ) => {}
                Err(e) => return Err(e),
            }
        }
        Err(io::ErrorKind::TimedOut.into())
    }

    /// One whole request or response: its raw bytes (to forward as they are) and its body.
    fn message(&mut self, is_request: bool) -> io::Result<HttpMessage> {
        loop {
            if let Some(message) = parse_message(&mut self.buf, is_request)? {
                return Ok(message);
            }
            if self.buf.len() > 64 * 1024 * 1024 {
                return Err(io::Error::other("message too large"));
            }
            self.fill()?;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Takes one complete HTTP message off the front of `buf`, or `None` if more bytes are needed.
fn parse_message(buf: &mut Vec<u8>, is_request: bool) -> io::Result<Option<HttpMessage>> {
    let Some(head_end) = find(buf, b"\r\n\r\n") else {
        return Ok(None);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let start_line = lines.next().unwrap_or("").to_owned();
    let mut length = 0usize;
    let mut chunked = false;
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            let name = name.trim().to_ascii_lowercase();
            let value = value.trim().to_ascii_lowercase();
            if name == "content-length" {
                length = value
                    .parse()
                    .map_err(|_| io::Error::other("bad content-length"))?;
            } else if name == "transfer-encoding" && value.contains("chunked") {
                chunked = true;
            }
        }
    }
    if !is_request && start_line.split_whitespace().nth(1) == Some("100") {
        // An interim answer: forward it as a message of its own, without a body.
        let raw: Vec<u8> = buf.drain(..head_end + 4).collect();
        return Ok(Some(HttpMessage {
            start_line,
            raw,
            body: Vec::new(),
        }));
    }
    let body_start = head_end + 4;
    let (consumed, body) = if chunked {
        let mut at = body_start;
        let mut body = Vec::new();
        loop {
            let Some(line_len) = find(&buf[at..], b"\r\n") else {
                return Ok(None);
            };
            let size_line = String::from_utf8_lossy(&buf[at..at + line_len]).into_owned();
            let size = usize::from_str_radix(size_line.split(';').next().unwrap_or("").trim(), 16)
                .map_err(|_| io::Error::other("bad chunk size"))?;
            at += line_len + 2;
            if size == 0 {
                // Trailers up to the empty line.
                loop {
                    let Some(l) = find(&buf[at..], b"\r\n") else {
                        return Ok(None);
                    };
                    at += l + 2;
                    if l == 0 {
                        break;
                    }
                }
                break;
            }
            if buf.len() < at + size + 2 {
                return Ok(None);
            }
            body.extend_from_slice(&buf[at..at + size]);
            at += size + 2;
        }
        (at, body)
    } else {
        if buf.len() < body_start + length {
            return Ok(None);
        }
        (
            body_start + length,
            buf[body_start..body_start + length].to_vec(),
        )
    };
    let raw: Vec<u8> = buf.drain(..consumed).collect();
    Ok(Some(HttpMessage {
        start_line,
        raw,
        body,
    }))
}

// ---------------------------------------------------------------------------------------------
// /proc and the disk

/// `getconf CLK_TCK` (100 here), asked once.
fn clock_ticks() -> f64 {
    static TICKS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TICKS.get_or_init(|| {
        Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(100.0)
    })
}

/// utime + stime of a process, in seconds.
fn proc_cpu_secs(pid: u32) -> Option<f64> {
    cpu_from_stat(&std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)
}

fn own_cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| cpu_from_stat(&s))
        .unwrap_or(0.0)
}

/// This process's threads alive now: (thread id, name, CPU seconds).
fn own_threads() -> Vec<(String, String, f64)> {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Vec::new();
    };
    tasks
        .flatten()
        .map(|task| {
            let path = task.path();
            let name = std::fs::read_to_string(path.join("comm"))
                .map(|c| c.trim().to_owned())
                .unwrap_or_default();
            let secs = std::fs::read_to_string(path.join("stat"))
                .ok()
                .and_then(|s| cpu_from_stat(&s))
                .unwrap_or(0.0);
            (task.file_name().to_string_lossy().into_owned(), name, secs)
        })
        .collect()
}

/// CPU seconds by thread name since `before` (a snapshot of [`own_threads`]), over the threads
/// alive now; threads that already ended are not counted.
fn own_threads_cpu(before: &[(String, String, f64)]) -> Vec<(String, f64)> {
    let mut by_name: Vec<(String, f64)> = Vec::new();
    for (tid, name, secs) in own_threads() {
        let earlier = before
            .iter()
            .find(|(t, _, _)| *t == tid)
            .map_or(0.0, |b| b.2);
        let secs = secs - earlier;
        if secs < 0.005 {
            continue;
        }
        match by_name.iter_mut().find(|(n, _)| *n == name) {
            Some((_, total)) => *total += secs,
            None => by_name.push((name, secs)),
        }
    }
    by_name.sort_by(|a, b| b.1.total_cmp(&a.1));
    by_name
}

fn cpu_from_stat(stat: &str) -> Option<f64> {
    // The fields after "(comm)": state is field 3, utime 14 and stime 15.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / clock_ticks())
}

/// A "kB" line of /proc/<pid>/status (VmHWM, VmRSS, ...).
fn proc_status_kib(pid: u32, key: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with(&format!("{key}:")))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn mem_total_mib() -> u64 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemTotal:"))?
                .split_whitespace()
                .nth(1)?
                .parse::<u64>()
                .ok()
        })
        .map_or(0, |kib| kib / 1024)
}

/// The sum of the file sizes under `dir`.
fn dir_size(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    // Bounded: a store has a handful of files and folders.
    for _ in 0..100_000 {
        let Some(d) = stack.pop() else { break };
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            match entry.metadata() {
                Ok(m) if m.is_dir() => stack.push(entry.path()),
                Ok(m) => total += m.len(),
                Err(_) => {}
            }
        }
    }
    total
}

/// The live entries of each tree of the stopped bot's sled store.
fn sled_trees(data: &Path) -> Vec<(String, usize, u64)> {
    let Ok(db) = sled::open(data) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for name in db.tree_names() {
        let Ok(tree) = db.open_tree(&name) else {
            continue;
        };
        let (mut entries, mut bytes) = (0usize, 0u64);
        for (k, v) in tree.iter().flatten() {
            entries += 1;
            bytes += (k.len() + v.len()) as u64;
        }
        out.push((String::from_utf8_lossy(&name).into_owned(), entries, bytes));
    }
    out
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_default()
}

fn tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
