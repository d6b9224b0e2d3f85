//! The PostgreSQL store: several instances of Restride share one database.
//!
//! - A transaction takes an advisory lock per chat (in chat order), checks
//!   the inbox, decides, and writes the sessions, the inbox rows and the
//!   outbox entries together: one chat's updates are decided one at a time
//!   whichever instance has them, different chats in parallel.
//! - Outbox entries and due check-ins are claimed with `FOR UPDATE SKIP
//!   LOCKED` and a lease kept in the row: an instance killed mid-send leaves
//!   its claims to run out and be taken by another.
//! - Personal values are sealed with a key of the chat kept in `chat_keys`;
//!   `/delete` removes the key and has the tables vacuumed.
//!
//! The store contract is synchronous (decisions are pure functions of what
//! they read), so sqlx runs on a small runtime of the store's own and each
//! call waits for its query there.

mod claims;
mod read;
mod scratch;
mod write;

pub use scratch::{scratch_url, test_url};

use super::overlay::{decide_all, done};
use super::vault;
use super::{Decide, Done, Dump, Job, Shown, Store, StoreError, Tx};
use crate::checkin::Record;
use crate::engine::Session;
use crate::outbox::Out;
use read::Conn;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// How long a claim on outbox entries holds: a send takes well under a
/// second, so an instance that dies mid-send delays her message this long.
const OUTBOX_LEASE: i64 = 20;

fn db(e: sqlx::Error) -> StoreError {
    StoreError::Backend(format!("PostgreSQL: {e}"))
}

pub struct PgStore {
    pool: PgPool,
    rt: Option<tokio::runtime::Runtime>,
    /// A vacuum after an erasure is on its way.
    vacuuming: Arc<AtomicBool>,
}

impl PgStore {
    /// Connects to `url` (`postgres://…`) and brings the schema up to date
    /// (sqlx's migrations, under an advisory lock: instances starting
    /// together take turns).
    pub fn open(url: &str) -> Result<PgStore, StoreError> {
        let opts: PgConnectOptions = url.parse().map_err(|e| {
            StoreError::Other(format!(
                "DATABASE_URL or [store] url is not a PostgreSQL URL ({e}); it looks like postgres://user:password@host:5432/database"
            ))
        })?;
        PgStore::open_with(opts)
    }

    pub fn open_with(opts: PgConnectOptions) -> Result<PgStore, StoreError> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("restride-pg")
            .enable_all()
            .build()
            .map_err(|e| StoreError::Other(format!("cannot start the database runtime: {e}")))?;
        let opts = opts.application_name("restride");
        let pool = {
            let _in = rt.enter();
            futures_executor::block_on(
                PgPoolOptions::new()
                    .max_connections(16)
                    .min_connections(1)
                    .acquire_timeout(Duration::from_secs(15))
                    .connect_with(opts),
            )
            .map_err(|e| StoreError::Other(format!("cannot connect to PostgreSQL: {e}")))?
        };
        let store = PgStore {
            pool,
            rt: Some(rt),
            vacuuming: Arc::new(AtomicBool::new(false)),
        };
        store.block(MIGRATOR.run(&store.pool)).map_err(|e| {
            StoreError::Other(format!("cannot bring the database schema up to date: {e}"))
        })?;
        store
            .block(
                sqlx::query(
                    "INSERT INTO budget (name, tokens, at) VALUES ('telegram', 0, 0) ON CONFLICT DO NOTHING",
                )
                .execute(&store.pool),
            )
            .map_err(db)?;
        // The secret behind clinic references, deletion records and log
        // hashes: made once, by whichever instance comes first.
        let salt = vault::new_key()?;
        store
            .block(
                sqlx::query("INSERT INTO meta (name, value) VALUES ('audit_salt', $1) ON CONFLICT DO NOTHING")
                    .bind(salt.as_slice())
                    .execute(&store.pool),
            )
            .map_err(db)?;
        Ok(store)
    }

    fn rt(&self) -> &tokio::runtime::Runtime {
        self.rt
            .as_ref()
            .expect("the runtime lives as long as the store")
    }

    /// Runs `f` to completion on this thread, with the store's runtime
    /// driving its sockets and timers.
    pub(super) fn block<F: Future>(&self, f: F) -> F::Output {
        let _in = self.rt().enter();
        futures_executor::block_on(f)
    }

    fn conn(&self) -> Result<Conn<'_>, StoreError> {
        let c = self.block(self.pool.acquire()).map_err(db)?;
        Ok(Conn::new(self, c))
    }

    /// Whether the database answers (`/healthz`).
    pub fn ping(&self) -> bool {
        self.block(async {
            tokio::time::timeout(
                Duration::from_secs(2),
                sqlx::query("SELECT 1").execute(&self.pool),
            )
            .await
        })
        .is_ok_and(|r| r.is_ok())
    }

    /// Takes the source's secret (`migrate-store`, into an empty database):
    /// references and log hashes stay the same.
    pub fn adopt_salt(&self, salt: &[u8]) -> Result<(), StoreError> {
        self.block(
            sqlx::query("UPDATE meta SET value = $1 WHERE name = 'audit_salt'")
                .bind(salt)
                .execute(&self.pool),
        )
        .map_err(db)?;
        Ok(())
    }

    /// Whether it holds anything a mum, a clinic or Telegram put there.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        let n: i64 = self
            .block(
                sqlx::query_scalar(
                    "SELECT (SELECT count(*) FROM sessions) + (SELECT count(*) FROM checkins)
                     + (SELECT count(*) FROM inbox) + (SELECT count(*) FROM outbox)
                     + (SELECT count(*) FROM shares) + (SELECT count(*) FROM staff)
                     + (SELECT count(*) FROM invites) + (SELECT count(*) FROM links)
                     + (SELECT count(*) FROM clinic_audit) + (SELECT count(*) FROM audit)
                     + (SELECT count(*) FROM pending)",
                )
                .fetch_one(&self.pool),
            )
            .map_err(db)?;
        Ok(n == 0)
    }

    /// After an erasure: the tables she was in are vacuumed (and the keys'
    /// table rewritten) a moment later, once for any number of erasures.
    fn vacuum_soon(&self) {
        if self.vacuuming.swap(true, Ordering::SeqCst) {
            return;
        }
        let pool = self.pool.clone();
        let flag = self.vacuuming.clone();
        self.rt().spawn(async move {
            tokio::time::sleep(Duration::from_secs(1)).await;
            flag.store(false, Ordering::SeqCst);
            let sql = "VACUUM FULL chat_keys; VACUUM sessions, checkins, due, shares, staff, links, outbox, shown, pending";
            if let Err(e) = sqlx::raw_sql(sql).execute(&pool).await {
                tracing::warn!("vacuum after a deletion failed: {e}");
            }
        });
    }

    /// Waits until a vacuum asked for has run (tests).
    pub fn vacuumed(&self) {
        while self.vacuuming.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(50));
        }
        // It runs right after the flag drops: take the same lock it takes.
        let _ = self.block(sqlx::raw_sql("VACUUM FULL chat_keys").execute(&self.pool));
    }
}

impl Drop for PgStore {
    fn drop(&mut self) {
        if let Some(rt) = self.rt.take() {
            {
                let _in = rt.enter();
                futures_executor::block_on(self.pool.close());
            }
            rt.shutdown_background();
        }
    }
}

impl Store for PgStore {
    fn transact(&self, jobs: &[Job], decide: &mut Decide<'_>) -> Result<Vec<Done>, StoreError> {
        let _in = self.rt().enter();
        let conn = self.conn()?;
        let mut chats: Vec<i64> = jobs.iter().map(|j| j.chat).collect();
        chats.sort_unstable();
        chats.dedup();
        let updates: Vec<i64> = jobs.iter().filter_map(|j| j.update).collect();
        // One chat's updates one at a time, across instances (the locks in
        // chat order); then the inbox, read under the locks. Ids are
        // numbers: written into the statements, one round trip.
        let locks: String = chats
            .iter()
            .map(|c| format!("SELECT pg_advisory_xact_lock({c});"))
            .collect();
        let ids: Vec<String> = updates.iter().map(i64::to_string).collect();
        let inbox = match ids.is_empty() {
            true => String::new(),
            false => format!(
                "SELECT update_id FROM inbox WHERE update_id IN ({})",
                ids.join(",")
            ),
        };
        let result = (|| {
            let rows = conn.run(async |c| {
                sqlx::raw_sql(&format!("BEGIN; {locks} {inbox}"))
                    .fetch_all(c)
                    .await
            })?;
            let seen: std::collections::HashSet<i64> = rows
                .iter()
                .filter_map(|r| sqlx::Row::try_get::<i64, _>(r, "update_id").ok())
                .collect();
            let handled = |u: i64| Ok(seen.contains(&u));
            let (commits, slots) = decide_all(&conn, &handled, jobs, decide)?;
            let now = jiff::Timestamp::now().as_second();
            for c in &commits {
                conn.apply(c, now)?;
            }
            // Received copies go with the decision (or with finding it a duplicate).
            let done = match ids.is_empty() {
                true => "COMMIT".to_owned(),
                false => format!(
                    "DELETE FROM pending WHERE update_id IN ({}); COMMIT",
                    ids.join(",")
                ),
            };
            conn.run(async |c| sqlx::raw_sql(&done).execute(c).await.map(|_| ()))?;
            Ok((commits, slots))
        })();
        match result {
            Ok((commits, slots)) => {
                if commits.iter().any(|c| c.erase) {
                    self.vacuum_soon();
                }
                Ok(done(commits, slots))
            }
            Err(e) => {
                let _ = conn.run(async |c| sqlx::raw_sql("ROLLBACK").execute(c).await);
                Err(e)
            }
        }
    }

    fn flush(&self) -> Result<(), StoreError> {
        // Every transaction is durable once committed.
        Ok(())
    }

    fn last_update(&self) -> Result<Option<i64>, StoreError> {
        self.block(sqlx::query_scalar("SELECT max(update_id) FROM inbox").fetch_one(&self.pool))
            .map_err(db)
    }

    fn claim_outbox(&self, chat: i64, now: i64) -> Result<Vec<(u64, Out)>, StoreError> {
        self.conn()?.claim_outbox(chat, now, OUTBOX_LEASE)
    }

    fn renew_claim(
        &self,
        chat: i64,
        seqs: &[u64],
        since: i64,
        now: i64,
    ) -> Result<Vec<u64>, StoreError> {
        self.conn()?
            .renew_claim(chat, seqs, since, now, OUTBOX_LEASE)
    }

    fn ack(&self, chat: i64, seq: u64) -> Result<(), StoreError> {
        self.block(
            sqlx::query("DELETE FROM outbox WHERE chat = $1 AND seq = $2")
                .bind(chat)
                .bind(seq as i64)
                .execute(&self.pool),
        )
        .map_err(db)?;
        Ok(())
    }

    fn release(&self, chat: i64, seqs: &[u64], since: i64) {
        let seqs: Vec<i64> = seqs.iter().map(|&s| s as i64).collect();
        let r = self.block(
            sqlx::query(
                "UPDATE outbox SET claimed_until = 0
                 WHERE chat = $1 AND seq = ANY($2) AND claimed_until = $3",
            )
            .bind(chat)
            .bind(&seqs)
            .bind(since + OUTBOX_LEASE)
            .execute(&self.pool),
        );
        if let Err(e) = r {
            tracing::warn!("releasing an outbox claim failed (it runs out by itself): {e}");
        }
    }

    fn outbox_chats(&self) -> Result<Vec<i64>, StoreError> {
        self.block(
            sqlx::query_scalar("SELECT DISTINCT chat FROM outbox ORDER BY chat")
                .fetch_all(&self.pool),
        )
        .map_err(db)
    }

    fn outbox(&self, chat: i64) -> Result<Vec<(u64, Out)>, StoreError> {
        self.conn()?.outbox(chat)
    }

    fn claim_due(&self, now: i64, limit: usize) -> Result<Vec<(i64, i64)>, StoreError> {
        let mut rows: Vec<(i64, i64)> = self
            .block(
                sqlx::query_as(
                    "UPDATE due SET claimed_until = $2 WHERE (due, chat) IN (
                        SELECT due, chat FROM due WHERE due <= $1 AND claimed_until <= $1
                        ORDER BY due, chat LIMIT $3 FOR UPDATE SKIP LOCKED)
                     RETURNING due, chat",
                )
                .bind(now)
                .bind(now + super::LEASE)
                .bind(limit.min(i64::MAX as usize) as i64)
                .fetch_all(&self.pool),
            )
            .map_err(db)?;
        rows.sort_unstable();
        Ok(rows)
    }

    fn due_before(&self, now: i64, limit: usize) -> Result<Vec<(i64, i64)>, StoreError> {
        self.block(
            sqlx::query_as("SELECT due, chat FROM due WHERE due <= $1 ORDER BY due, chat LIMIT $2")
                .bind(now)
                .bind(limit.min(i64::MAX as usize) as i64)
                .fetch_all(&self.pool),
        )
        .map_err(db)
    }

    fn receive(&self, update: i64, chat: i64, body: &[u8], now: i64) -> Result<bool, StoreError> {
        self.conn()?.receive(update, chat, body, now)
    }

    fn received(&self, chat: i64) -> Result<Vec<(i64, Vec<u8>)>, StoreError> {
        self.conn()?.received(chat)
    }

    fn received_chats(&self, before: i64) -> Result<Vec<i64>, StoreError> {
        self.block(
            sqlx::query_scalar("SELECT DISTINCT chat FROM pending WHERE at <= $1 ORDER BY chat")
                .bind(before)
                .fetch_all(&self.pool),
        )
        .map_err(db)
    }

    fn known(&self, update: i64) -> Result<bool, StoreError> {
        self.block(
            sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM inbox WHERE update_id = $1)
                 OR EXISTS (SELECT 1 FROM pending WHERE update_id = $1)",
            )
            .bind(update)
            .fetch_one(&self.pool),
        )
        .map_err(db)
    }

    fn shared(&self) -> bool {
        true
    }

    fn ping(&self) -> bool {
        PgStore::ping(self)
    }

    fn take_lease(&self, name: &str, now: i64, until: i64) -> Result<bool, StoreError> {
        let taken: Option<String> = self
            .block(
                sqlx::query_scalar(
                    "INSERT INTO leases (name, until) VALUES ($1, $3)
                     ON CONFLICT (name) DO UPDATE SET until = EXCLUDED.until
                     WHERE leases.until <= $2
                     RETURNING name",
                )
                .bind(name)
                .bind(now)
                .bind(until)
                .fetch_optional(&self.pool),
            )
            .map_err(db)?;
        Ok(taken.is_some())
    }

    fn take_token(&self, rate: f64, take: super::Take) -> Result<Option<f64>, StoreError> {
        self.conn()?.take_token(rate, take).map(Some)
    }

    fn dump(&self) -> Result<Dump, StoreError> {
        self.conn()?.dump()
    }

    fn prune_inbox(&self, before: i64) -> Result<usize, StoreError> {
        let r = self
            .block(
                sqlx::query(
                    "DELETE FROM inbox WHERE at < $1
                     AND update_id <> (SELECT max(update_id) FROM inbox)",
                )
                .bind(before)
                .execute(&self.pool),
            )
            .map_err(db)?;
        Ok(r.rows_affected() as usize)
    }

    fn remember_shown(&self, chat: i64, nonce: u32, shown: &Shown) -> Result<(), StoreError> {
        self.conn()?.remember_shown(chat, nonce, shown)
    }

    fn shown(&self, chat: i64, nonce: u32) -> Result<Option<Shown>, StoreError> {
        self.conn()?.shown(chat, nonce)
    }

    fn forget_shown(&self, chat: i64, nonce: u32) -> Result<(), StoreError> {
        self.block(
            sqlx::query("DELETE FROM shown WHERE chat = $1 AND nonce = $2")
                .bind(chat)
                .bind(i64::from(nonce))
                .execute(&self.pool),
        )
        .map_err(db)?;
        Ok(())
    }

    fn read(&self) -> &dyn Tx {
        self
    }

    fn sessions(&self) -> Result<Vec<(i64, Session)>, StoreError> {
        self.conn()?.all("sessions")
    }

    fn session_chats(&self, after: Option<i64>, limit: usize) -> Result<Vec<i64>, StoreError> {
        self.block(
            sqlx::query_scalar("SELECT chat FROM sessions WHERE chat > $1 ORDER BY chat LIMIT $2")
                .bind(after.unwrap_or(i64::MIN))
                .bind(limit.min(i64::MAX as usize) as i64)
                .fetch_all(&self.pool),
        )
        .map_err(db)
    }

    fn checkins(&self) -> Result<Vec<(i64, Record)>, StoreError> {
        self.conn()?.all("checkins")
    }

    fn chat_keys(&self, chat: i64) -> Result<usize, StoreError> {
        let n: i64 = self
            .block(
                sqlx::query_scalar(
                    "SELECT (SELECT count(*) FROM sessions WHERE chat = $1)
                     + (SELECT count(*) FROM checkins WHERE chat = $1)
                     + (SELECT count(*) FROM due WHERE chat = $1)
                     + (SELECT count(*) FROM outbox WHERE chat = $1)
                     + (SELECT count(*) FROM shown WHERE chat = $1)
                     + (SELECT count(*) FROM shares WHERE chat = $1)
                     + (SELECT count(*) FROM staff WHERE user_id = $1)
                     + (SELECT count(*) FROM links WHERE bound = $1)",
                )
                .bind(chat)
                .fetch_one(&self.pool),
            )
            .map_err(db)?;
        Ok(n as usize)
    }

    fn audit(&self) -> Result<Vec<String>, StoreError> {
        self.block(sqlx::query_scalar("SELECT line FROM audit ORDER BY seq").fetch_all(&self.pool))
            .map_err(db)
    }

    fn salt(&self) -> Result<Vec<u8>, StoreError> {
        self.block(
            sqlx::query_scalar("SELECT value FROM meta WHERE name = 'audit_salt'")
                .fetch_one(&self.pool),
        )
        .map_err(db)
    }
}

#[cfg(test)]
mod tests;
