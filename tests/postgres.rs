//! The PostgreSQL store from the outside: `restride migrate-store` moves a
//! sled store into an empty database and the bot carries on from it; the
//! operator's commands work against the database directly.

use crate::util::{bin, core_with, data, next_update};
use restride::outbox::Out;
use restride::store::{PgStore, SledStore, Store, scratch_url};
use restride::telegram::core::{Core, Incoming};
use std::process::Command;
use std::sync::Arc;

const NOW: i64 = 1_767_225_600; // 2026-01-01

/// Taps the first button of the last message with buttons; returns what came back.
fn tap_first(core: &Core, chat: i64) -> Vec<Out> {
    let c = core
        .handle(
            next_update(),
            Incoming::Text {
                chat,
                text: "/start".into(),
            },
            NOW,
        )
        .unwrap();
    c.outbox
}

/// The first button of the last message with buttons in `out`.
fn first_button(out: &[Out]) -> Option<String> {
    out.iter().rev().find_map(|o| match o {
        Out::Send { buttons, .. } => buttons.first()?.first().map(data),
        _ => None,
    })
}

/// A few steps into the intake by the first button each time.
fn walk(core: &Core, chat: i64, steps: usize) -> Vec<Out> {
    let mut out = tap_first(core, chat);
    for _ in 0..steps {
        let Some(d) = first_button(&out) else { break };
        out = core
            .handle(
                next_update(),
                Incoming::Callback {
                    chat,
                    id: "cb".into(),
                    message_id: 1,
                    data: d,
                },
                NOW,
            )
            .unwrap()
            .outbox;
    }
    out
}

fn migrate(from: &std::path::Path, to: &str) -> std::process::Output {
    Command::new(bin())
        .args(["migrate-store", "--from"])
        .arg(from)
        .args(["--to", to])
        .env_remove("DATABASE_URL")
        .output()
        .unwrap()
}

#[test]
fn migrate_store_moves_every_mum_and_the_bot_carries_on_from_postgres() {
    let dir = tempfile::tempdir().unwrap();
    let mums: Vec<i64> = (1..=6).map(|i| 7_000 + i).collect();
    let last: Vec<Vec<Out>> = {
        let sled: Arc<dyn Store> = Arc::new(SledStore::open(dir.path(), 8).unwrap());
        let core = core_with(sled.clone());
        let last = mums
            .iter()
            .enumerate()
            .map(|(i, chat)| walk(&core, *chat, i % 4))
            .collect();
        sled.flush().unwrap();
        last
    };
    let before = SledStore::open(dir.path(), 8).unwrap().dump().unwrap();
    let url = scratch_url();
    let out = migrate(dir.path(), &url);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("every count matches"), "{stdout}");
    assert!(
        stdout.contains("sessions") && stdout.contains(" 6"),
        "{stdout}"
    );

    let pg: Arc<dyn Store> = Arc::new(PgStore::open(&url).unwrap());
    let after = pg.dump().unwrap();
    assert_eq!(after.salt, before.salt, "references stay the same");
    let json = |d: &restride::store::Dump| serde_json::to_value(&d.sessions).unwrap();
    assert_eq!(json(&after), json(&before), "every mum where she was");
    // The bot on PostgreSQL carries on: her next tap moves her on, an
    // update handled before the move is still a duplicate.
    let core = core_with(pg.clone());
    for (chat, out) in mums.iter().zip(&last) {
        let input = match first_button(out) {
            Some(data) => Incoming::Callback {
                chat: *chat,
                id: "cb".into(),
                message_id: 1,
                data,
            },
            // The one typed question (weeks since the birth).
            None => Incoming::Text {
                chat: *chat,
                text: "20".into(),
            },
        };
        let was = pg.session(*chat).unwrap().unwrap();
        let next = core.handle(next_update(), input, NOW).unwrap();
        assert!(!next.outbox.is_empty(), "mum {chat} got an answer");
        let now = pg.session(*chat).unwrap().unwrap();
        assert_ne!(
            serde_json::to_value(&was).unwrap(),
            serde_json::to_value(&now).unwrap(),
            "mum {chat} moved on"
        );
    }
    let handled = before.inbox.last().unwrap().0;
    let dup = core
        .handle(
            handled,
            Incoming::Text {
                chat: mums[0],
                text: "hi".into(),
            },
            NOW,
        )
        .unwrap();
    assert!(
        dup.outbox.is_empty(),
        "a re-delivered update changes nothing"
    );

    // A database that holds data is refused.
    drop(core);
    let again = migrate(dir.path(), &url);
    assert!(!again.status.success());
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("already holds Restride data"), "{err}");
    assert!(
        !err.contains(&url),
        "the URL (and its password) is not printed"
    );
}

/// Runs the binary with `DATABASE_URL`; returns (success, stdout, stderr).
fn with_db(
    url: &str,
    cfg: &std::path::Path,
    data: &std::path::Path,
    args: &[&str],
) -> (bool, String, String) {
    let out = Command::new(bin())
        .args(args)
        .arg("--config")
        .arg(cfg)
        .env("DATABASE_URL", url)
        .env("RESTRIDE_DATA_DIR", data)
        .env_remove("TELOXIDE_TOKEN")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_operator_commands_talk_to_postgres_directly() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(
        &cfg,
        "[bot]\nusername = \"b\"\n\n[clinics.north]\nname = \"North\"\n",
    )
    .unwrap();
    let data = dir.path().join("no-sled-here");
    let url = scratch_url();
    let run = |args: &[&str]| {
        let (ok, out, err) = with_db(&url, &cfg, &data, args);
        assert!(ok, "{args:?}: {err}");
        out
    };
    let invite = run(&["staff", "invite", "north"]);
    assert_eq!(invite.trim().len(), 12, "a one-time code: {invite}");
    let link = run(&["link", "north", "--patient", "REF-1"]);
    assert!(link.contains("https://t.me/b?start="), "{link}");
    assert!(run(&["link", "north", "--list"]).contains("REF-1"));
    run(&["staff", "list", "north"]);
    run(&["audit", "north"]);
    run(&["export", "--clinic", "north", "--format", "csv"]);
    run(&["schedule", "stats"]);
    // What the commands wrote is in the database, not in a data directory.
    let pg = PgStore::open(&url).unwrap();
    assert_eq!(pg.read().links().unwrap().len(), 1);
    assert!(!data.exists(), "no sled store was made");

    // A backup restores into an empty database only.
    let file = dir.path().join("backup.json");
    run(&["backup", file.to_str().unwrap()]);
    let other = scratch_url();
    let (ok, _, err) = with_db(&other, &cfg, &data, &["restore", file.to_str().unwrap()]);
    assert!(ok, "{err}");
    let copy = PgStore::open(&other).unwrap();
    assert_eq!(copy.read().links().unwrap(), pg.read().links().unwrap());
    assert_eq!(copy.salt().unwrap(), pg.salt().unwrap());
    let (ok, _, err) = with_db(&other, &cfg, &data, &["restore", file.to_str().unwrap()]);
    assert!(!ok && err.contains("already holds Restride data"), "{err}");
}
