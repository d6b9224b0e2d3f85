//! Check-in schedule figures for BENCHMARKS.md: `cargo bench --bench schedule`.
//!
//! Three figures, each printed on one `FIGURE` line:
//! 1. disk bytes per schedule entry in a sled store holding 1,000,000 mums;
//! 2. the time to read one minute's due set from that store (and from a
//!    100,000-mum store with the same number due per minute), also measured
//!    with criterion, with larger due sets to show the cost follows the
//!    number returned;
//! 3. the rate the pacer holds for scheduled messages.
//!
//! Under `cargo test --benches` (criterion's test mode) everything runs at a
//! small scale so the test run stays quick; the figures then mean nothing.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use jiff::Timestamp;
use restride::checkin::Record;
use restride::checkin::schedule::{self, Prefs};
use restride::store::{Commit, SledStore, Store};
use restride::telegram::pacer::Pacer;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

/// Check-in times are whole minutes from 07:00 to 19:59 local time.
const DAY_MINUTES: usize = 13 * 60;
/// Registered mums in the large store.
const LARGE: usize = 1_000_000;
/// Registered mums in the small store (same number due per minute).
const SMALL: usize = 100_000;
/// Mums written between two flushes.
const FLUSH_EVERY: usize = 10_000;
/// Chat ids start here so they look like real (large, positive) ids.
const CHAT_BASE: i64 = 100_000_000;
/// The instant every mum opts in; her next check-in is the following local day.
const OPT_IN: &str = "2026-06-01T00:00:00Z";

/// Full scale only under `cargo bench` (criterion's benchmark mode).
fn full_scale() -> bool {
    let args: Vec<String> = std::env::args().collect();
    let has = |f: &str| args.iter().any(|a| a == f);
    has("--bench") && !has("--test") && !has("--list")
}

/// The check-in record of mum `i` when `minutes` distinct times are in use.
fn record(i: usize, minutes: usize, opt_in: Timestamp) -> Record {
    let m = i % minutes;
    let prefs = Prefs {
        time: format!("{:02}:{:02}", 7 + m / 60, m % 60),
        zone: "Europe/London".into(),
        paused_until: None,
        stopped: false,
    };
    let next_due = schedule::next_due(&prefs, opt_in).map(|t| t.as_second());
    Record {
        prefs: Some(prefs),
        intake_at: opt_in.as_second(),
        last_answered: opt_in.as_second(),
        next_due,
        ..Record::default()
    }
}

/// Commits `n` mums, one commit each, flushing every `FLUSH_EVERY`; returns
/// the time taken including the final flush.
fn load(store: &SledStore, n: usize, minutes: usize, opt_in: Timestamp) -> Duration {
    let start = Instant::now();
    for i in 0..n {
        store
            .commit(Commit {
                chat: CHAT_BASE + i as i64,
                checkin: Some(record(i, minutes, opt_in)),
                ..Commit::default()
            })
            .expect("commit");
        if (i + 1) % FLUSH_EVERY == 0 {
            store.flush().expect("flush");
        }
    }
    store.flush().expect("flush");
    start.elapsed()
}

/// Bytes of every file under `dir` (a cross-check of sled's own figure).
fn dir_bytes(dir: &Path) -> u64 {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return 0;
    };
    rd.flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_bytes(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// The instant the `k`-th distinct check-in minute (0-based) falls due.
fn due_minute(k: usize, opt_in: Timestamp) -> i64 {
    record(k, DAY_MINUTES, opt_in)
        .next_due
        .expect("a due instant")
}

/// Median of `runs` timed calls of `due_before(t)`, and the count returned.
fn median_query(store: &SledStore, t: i64, runs: usize) -> (Duration, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut count = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let due = store
            .due_before(black_box(t), usize::MAX)
            .expect("due_before");
        times.push(start.elapsed());
        count = due.len();
    }
    times.sort();
    (times[runs / 2], count)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

struct Loaded {
    dir: tempfile::TempDir,
    store: SledStore,
    mums: usize,
}

fn open_loaded(mums: usize, minutes: usize, opt_in: Timestamp) -> (Loaded, Duration) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SledStore::open(dir.path(), 64).expect("open store");
    let took = load(&store, mums, minutes, opt_in);
    let loaded = Loaded { dir, store, mums };
    (loaded, took)
}

fn schedule_benches(c: &mut Criterion) {
    let full = full_scale();
    let opt_in: Timestamp = OPT_IN.parse().expect("instant");
    let (large_n, small_n) = if full {
        (LARGE, SMALL)
    } else {
        (LARGE / 100, SMALL / 100)
    };
    if !full {
        println!("(test mode: {large_n} and {small_n} mums; the figures below mean nothing)");
    }

    // Figure 1: disk bytes per schedule entry.
    let (large, took) = open_loaded(large_n, DAY_MINUTES, opt_in);
    let disk = large.store.size_on_disk();
    let files = dir_bytes(large.dir.path());
    let one = serde_json::to_vec(&record(0, DAY_MINUTES, opt_in)).expect("json");
    println!(
        "insert: {} mums in {:.1} s = {:.0} commits/s (one commit each, flush every {})",
        large.mums,
        took.as_secs_f64(),
        large.mums as f64 / took.as_secs_f64(),
        FLUSH_EVERY
    );
    println!(
        "FIGURE 1 disk per schedule entry: {:.0} bytes/mum ({} bytes on disk per sled \
         size_on_disk for {} mums = {:.1} MiB; files in the dir: {:.1} MiB)",
        disk as f64 / large.mums as f64,
        disk,
        large.mums,
        disk as f64 / (1024.0 * 1024.0),
        files as f64 / (1024.0 * 1024.0)
    );
    println!(
        "  payload per mum: v1/due index entry 16 B key + 0 B value = 16 B; \
         v1/checkins entry 8 B key + {} B record JSON = {} B; total {} B",
        one.len(),
        8 + one.len(),
        16 + 8 + one.len()
    );
    println!(
        "  note: size_on_disk counts sled's whole log (segments, page headers, \
         superseded versions not yet reclaimed, other trees), so it is an upper bound \
         on what the schedule needs, not the payload"
    );

    // Figure 2: one minute's due set, from 1M and from 100k registered.
    // The same number due per minute as the large store, on fewer minutes.
    let small_minutes = small_n * DAY_MINUTES / large_n;
    let (small, small_took) = open_loaded(small_n, small_minutes, opt_in);
    println!(
        "insert: {} mums ({small_minutes} distinct minutes) in {:.1} s",
        small.mums,
        small_took.as_secs_f64()
    );
    let first = due_minute(0, opt_in);
    let (t_large, n_large) = median_query(&large.store, first, 31);
    let (t_small, n_small) = median_query(&small.store, first, 31);
    println!(
        "FIGURE 2 one minute's due set: {:.2} ms for {} due out of {} registered; \
         {:.2} ms for {} due out of {} registered (median of 31, due_before(t, usize::MAX))",
        ms(t_large),
        n_large,
        large.mums,
        ms(t_small),
        n_small,
        small.mums
    );
    for k in [4usize, 16] {
        let (t, n) = median_query(&large.store, due_minute(k - 1, opt_in), 31);
        println!(
            "  {k} minutes from {} registered: {:.2} ms for {} due = {:.0} ns per entry returned",
            large.mums,
            ms(t),
            n,
            t.as_nanos() as f64 / n as f64
        );
    }

    let mut g = c.benchmark_group("due_before");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (store, minutes) in [(&small, 1usize), (&large, 1), (&large, 4), (&large, 16)] {
        let t = due_minute(minutes - 1, opt_in);
        let n = store
            .store
            .due_before(t, usize::MAX)
            .expect("due_before")
            .len();
        g.throughput(Throughput::Elements(n as u64));
        let id = format!("{}_registered/{minutes}_min/{n}_due", store.mums);
        g.bench_with_input(BenchmarkId::from_parameter(id), &t, |b, &t| {
            b.iter(|| {
                store
                    .store
                    .due_before(black_box(t), usize::MAX)
                    .expect("due_before")
            })
        });
    }
    g.finish();
}

fn pacer_rate(_: &mut Criterion) {
    let messages = if full_scale() { 500 } else { 20 };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");
    for rate in [25.0, 100.0] {
        let pacer = Pacer::new(rate);
        let took = rt.block_on(async {
            let start = Instant::now();
            for _ in 0..messages {
                pacer.background().await;
            }
            start.elapsed()
        });
        let burst = (rate / 5.0).clamp(1.0, 5.0);
        println!(
            "FIGURE 3 pacer at Pacer::new({rate}): {messages} scheduled messages in {:.2} s = \
             {:.2} messages/s ({:.2}/s after the initial burst of {burst})",
            took.as_secs_f64(),
            messages as f64 / took.as_secs_f64(),
            (messages as f64 - burst) / took.as_secs_f64()
        );
    }
}

criterion_group!(schedule_group, schedule_benches, pacer_rate);
criterion_main!(schedule_group);
