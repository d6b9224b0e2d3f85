//! One connection of the PostgreSQL store, and what it reads: the [`Tx`]
//! of a transaction, or of the committed state outside one.

use super::{PgStore, db};
use crate::checkin::Record;
use crate::clinic::{AuditLine, Invite, PatientLink, ShareEntry, StaffEntry};
use crate::engine::Session;
use crate::outbox::Out;
use crate::store::vault;
use crate::store::{About, Dump, Entry, Shown, StoreError, Take, Tx};
use serde::de::DeserializeOwned;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnection, Postgres};
use std::cell::RefCell;
use std::collections::HashMap;

/// An outbox row: seq, whom it is about (chat, clinic), the sealed message,
/// and the key it is sealed with (read in the same round trip).
pub(super) type OutboxRow = (i64, Option<i64>, Option<String>, Vec<u8>, Option<Vec<u8>>);

/// What an outbox query returns, in [`OutboxRow`]'s order.
pub(super) const OUTBOX_COLUMNS: &str = "seq, about_chat, about_clinic, body,
    (SELECT key FROM chat_keys k WHERE k.chat = coalesce(about_chat, outbox.chat))";
/// The same with the chat it goes to first.
type AddressedRow = (i64, i64, Option<i64>, Option<String>, Vec<u8>);

/// A chat's sealed value in a table, as read (`None`: no row).
type Sealed = Option<Vec<u8>>;

/// A connection from the pool, with the keys and the sealed values it has
/// read (what is read in a transaction stays right until it writes: her chat
/// is locked; outside one, a connection serves one call).
pub(super) struct Conn<'a> {
    pub(super) store: &'a PgStore,
    conn: RefCell<PoolConnection<Postgres>>,
    keys: RefCell<HashMap<i64, Option<[u8; 32]>>>,
    values: RefCell<HashMap<(&'static str, i64), Sealed>>,
    /// Last: the connection goes back to the pool inside the runtime.
    _in: tokio::runtime::EnterGuard<'a>,
}

impl<'a> Conn<'a> {
    pub(super) fn new(store: &'a PgStore, conn: PoolConnection<Postgres>) -> Conn<'a> {
        Conn {
            _in: store.rt().enter(),
            store,
            conn: RefCell::new(conn),
            keys: RefCell::new(HashMap::new()),
            values: RefCell::new(HashMap::new()),
        }
    }

    /// Runs queries on this connection.
    pub(super) fn run<T>(
        &self,
        f: impl AsyncFnOnce(&mut PgConnection) -> Result<T, sqlx::Error>,
    ) -> Result<T, StoreError> {
        let mut c = self.conn.borrow_mut();
        self.store.block(f(&mut c)).map_err(db)
    }

    /// A statement with one id parameter.
    pub(super) fn exec(&self, sql: &str, id: i64) -> Result<(), StoreError> {
        self.run(async |c| sqlx::query(sql).bind(id).execute(c).await.map(|_| ()))
    }

    /// Her key, if she has one.
    pub(super) fn key(&self, chat: i64) -> Result<Option<[u8; 32]>, StoreError> {
        if let Some(k) = self.keys.borrow().get(&chat) {
            return Ok(*k);
        }
        let k: Option<Vec<u8>> = self.run(async |c| {
            sqlx::query_scalar("SELECT key FROM chat_keys WHERE chat = $1")
                .bind(chat)
                .fetch_optional(c)
                .await
        })?;
        Ok(self.learn_key(chat, k))
    }

    /// A key read with a value: kept for the rest of this connection's use.
    fn learn_key(&self, chat: i64, key: Option<Vec<u8>>) -> Option<[u8; 32]> {
        let key = key.and_then(|k| <[u8; 32]>::try_from(k).ok());
        self.keys.borrow_mut().insert(chat, key);
        key
    }

    /// Her key, made if she has none (by this transaction or a concurrent one).
    pub(super) fn key_or_new(&self, chat: i64) -> Result<[u8; 32], StoreError> {
        if let Some(k) = self.key(chat)? {
            return Ok(k);
        }
        let new = vault::new_key()?;
        let k: Vec<u8> = self.run(async |c| {
            sqlx::query("INSERT INTO chat_keys (chat, key) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(chat)
                .bind(new.as_slice())
                .execute(&mut *c)
                .await?;
            sqlx::query_scalar("SELECT key FROM chat_keys WHERE chat = $1")
                .bind(chat)
                .fetch_one(&mut *c)
                .await
        })?;
        let k = <[u8; 32]>::try_from(k)
            .map_err(|_| StoreError::Other("a chat's key is damaged (not 32 bytes)".into()))?;
        self.keys.borrow_mut().insert(chat, Some(k));
        Ok(k)
    }

    /// Her key is gone (an erasure in this transaction).
    /// Values read before a write are read again after it.
    pub(super) fn forget_values(&self) {
        self.values.borrow_mut().clear();
    }

    pub(super) fn forget_key(&self, chat: i64) {
        self.keys.borrow_mut().insert(chat, None);
    }

    pub(super) fn seal<T: serde::Serialize>(
        &self,
        chat: i64,
        v: &T,
    ) -> Result<Vec<u8>, StoreError> {
        vault::seal_with(&self.key_or_new(chat)?, chat, &serde_json::to_vec(v)?)
    }

    /// A sealed value of `chat` (`None`: her key is gone).
    pub(super) fn open<T: DeserializeOwned>(
        &self,
        chat: i64,
        stored: &[u8],
    ) -> Result<Option<T>, StoreError> {
        match vault::open_with(self.key(chat)?.as_ref(), chat, stored)? {
            Some(plain) => Ok(Some(serde_json::from_slice(&plain)?)),
            None => Ok(None),
        }
    }

    /// Every (chat, value) of a table keyed by chat (`sessions`, `checkins`).
    pub(super) fn all<T: DeserializeOwned>(
        &self,
        table: &str,
    ) -> Result<Vec<(i64, T)>, StoreError> {
        let sql = format!(
            "SELECT t.chat, t.body, k.key FROM {table} t LEFT JOIN chat_keys k USING (chat) ORDER BY t.chat"
        );
        let rows: Vec<(i64, Vec<u8>, Option<Vec<u8>>)> =
            self.run(async |c| sqlx::query_as(&sql).fetch_all(c).await)?;
        let mut out = Vec::with_capacity(rows.len());
        for (chat, body, key) in rows {
            let key = key.and_then(|k| <[u8; 32]>::try_from(k).ok());
            if let Some(plain) = vault::open_with(key.as_ref(), chat, &body)? {
                out.push((chat, serde_json::from_slice(&plain)?));
            }
        }
        Ok(out)
    }

    /// The sealed value of `chat` in `table` (`sessions`, `checkins`), with
    /// her key in the same round trip when it is not known yet.
    fn one<T: DeserializeOwned>(
        &self,
        chat: i64,
        table: &'static str,
    ) -> Result<Option<T>, StoreError> {
        let cached = self.values.borrow().get(&(table, chat)).cloned();
        if let Some(body) = cached {
            return body.map_or(Ok(None), |b| self.open(chat, &b));
        }
        let known = self.keys.borrow().contains_key(&chat);
        let sql = format!(
            "SELECT t.body, {} FROM {table} t WHERE t.chat = $1",
            if known {
                "NULL::bytea"
            } else {
                "(SELECT key FROM chat_keys k WHERE k.chat = t.chat)"
            }
        );
        let row: Option<(Vec<u8>, Option<Vec<u8>>)> =
            self.run(async |c| sqlx::query_as(&sql).bind(chat).fetch_optional(c).await)?;
        let body = row.as_ref().map(|(b, _)| b.clone());
        self.values.borrow_mut().insert((table, chat), body);
        let Some((body, key)) = row else {
            return Ok(None);
        };
        if !known {
            self.learn_key(chat, key);
        }
        self.open(chat, &body)
    }

    /// A plain JSON value by a text key.
    fn plain<T: DeserializeOwned>(&self, sql: &str, key: &str) -> Result<Option<T>, StoreError> {
        let body: Option<Vec<u8>> =
            self.run(async |c| sqlx::query_scalar(sql).bind(key).fetch_optional(c).await)?;
        Ok(body.map(|b| serde_json::from_slice(&b)).transpose()?)
    }

    /// An outbox row as an entry (`None`: whom it is about has been erased).
    fn entry(
        &self,
        to: i64,
        about_chat: Option<i64>,
        about_clinic: Option<String>,
        body: &[u8],
    ) -> Result<Option<Entry>, StoreError> {
        let about = about_chat.map(|chat| About {
            chat,
            clinic: about_clinic.unwrap_or_default(),
        });
        let sealed_for = about.as_ref().map_or(to, |a| a.chat);
        Ok(self
            .open::<Out>(sealed_for, body)?
            .map(|out| Entry { about, out }))
    }

    pub(super) fn outbox(&self, chat: i64) -> Result<Vec<(u64, Out)>, StoreError> {
        let sql = format!("SELECT {OUTBOX_COLUMNS} FROM outbox WHERE chat = $1 ORDER BY seq");
        let rows: Vec<OutboxRow> =
            self.run(async |c| sqlx::query_as(&sql).bind(chat).fetch_all(c).await)?;
        self.entries(chat, rows)
    }

    pub(super) fn entries(
        &self,
        chat: i64,
        rows: Vec<OutboxRow>,
    ) -> Result<Vec<(u64, Out)>, StoreError> {
        let mut out = Vec::with_capacity(rows.len());
        for (seq, about_chat, about_clinic, body, key) in rows {
            let sealed_for = about_chat.unwrap_or(chat);
            let key = key.and_then(|k| <[u8; 32]>::try_from(k).ok());
            self.keys.borrow_mut().entry(sealed_for).or_insert(key);
            match self.entry(chat, about_chat, about_clinic, &body)? {
                Some(e) => out.push((seq as u64, e.out)),
                // About someone whose key is gone: nothing to send.
                None => self.exec("DELETE FROM outbox WHERE seq = $1", seq)?,
            }
        }
        Ok(out)
    }

    pub(super) fn receive(
        &self,
        update: i64,
        chat: i64,
        body: &[u8],
        now: i64,
    ) -> Result<bool, StoreError> {
        let sealed = vault::seal_with(&self.key_or_new(chat)?, chat, body)?;
        self.run(async |c| {
            let r = sqlx::query(
                "INSERT INTO pending (update_id, chat, at, body)
                 SELECT $1, $2, $3, $4
                 WHERE NOT EXISTS (SELECT 1 FROM inbox WHERE update_id = $1)
                 ON CONFLICT DO NOTHING",
            )
            .bind(update)
            .bind(chat)
            .bind(now)
            .bind(&sealed)
            .execute(c)
            .await?;
            Ok(r.rows_affected() == 1)
        })
    }

    pub(super) fn received(&self, chat: i64) -> Result<Vec<(i64, Vec<u8>)>, StoreError> {
        let rows: Vec<(i64, Vec<u8>, Option<Vec<u8>>)> = self.run(async |c| {
            sqlx::query_as(
                "SELECT update_id, body, (SELECT key FROM chat_keys k WHERE k.chat = p.chat)
                 FROM pending p WHERE chat = $1 ORDER BY update_id",
            )
            .bind(chat)
            .fetch_all(c)
            .await
        })?;
        let key = match rows.first() {
            Some((_, _, k)) => k.clone().and_then(|k| <[u8; 32]>::try_from(k).ok()),
            None => return Ok(vec![]),
        };
        let mut out = Vec::with_capacity(rows.len());
        for (update, body, _) in rows {
            match vault::open_with(key.as_ref(), chat, &body)? {
                Some(plain) => out.push((update, plain)),
                // Her key is gone (/delete): it can never be read.
                None => self.exec("DELETE FROM pending WHERE update_id = $1", update)?,
            }
        }
        Ok(out)
    }

    /// The shared token bucket (`burst` = a fifth of a second's rate, at
    /// least one): a reply takes its place at once (the bucket may go into
    /// debt down to one second's rate); a scheduled message only when a
    /// whole place is free. Returns how long to wait (0: taken).
    pub(super) fn take_token(&self, rate: f64, take: Take) -> Result<f64, StoreError> {
        let replies = match take {
            Take::Replies(n) => n as f64,
            Take::Scheduled => 0.0,
        };
        let burst = (rate / 5.0).clamp(1.0, 5.0);
        let now = jiff::Timestamp::now().as_millisecond() as f64 / 1000.0;
        let refilled: f64 = self.run(async |c| {
            sqlx::query_scalar(
                "WITH b AS (
                    SELECT least($3, tokens + greatest(0, $1 - at) * $2) AS r
                    FROM budget WHERE name = 'telegram' FOR UPDATE)
                 UPDATE budget SET
                    tokens = CASE WHEN $4 > 0 THEN greatest(-$2, b.r - $4)
                                  WHEN b.r >= 1 THEN b.r - 1 ELSE b.r END,
                    at = greatest(budget.at, $1)
                 FROM b WHERE name = 'telegram'
                 RETURNING b.r",
            )
            .bind(now)
            .bind(rate)
            .bind(burst)
            .bind(replies)
            .fetch_one(&mut *c)
            .await
        })?;
        Ok(if replies > 0.0 || refilled >= 1.0 {
            0.0
        } else {
            (1.0 - refilled) / rate
        })
    }

    pub(super) fn remember_shown(
        &self,
        chat: i64,
        nonce: u32,
        shown: &Shown,
    ) -> Result<(), StoreError> {
        let body = self.seal(chat, shown)?;
        self.run(async |c| {
            sqlx::query(
                "INSERT INTO shown (chat, nonce, body) VALUES ($1, $2, $3)
                 ON CONFLICT (chat, nonce) DO UPDATE SET body = EXCLUDED.body",
            )
            .bind(chat)
            .bind(i64::from(nonce))
            .bind(&body)
            .execute(c)
            .await
            .map(|_| ())
        })
    }

    /// A question message's record, read with her key.
    pub(super) fn shown(&self, chat: i64, nonce: u32) -> Result<Option<Shown>, StoreError> {
        let row: Option<(Vec<u8>, Option<Vec<u8>>)> = self.run(async |c| {
            sqlx::query_as(
                "SELECT s.body, (SELECT key FROM chat_keys k WHERE k.chat = s.chat)
                 FROM shown s WHERE s.chat = $1 AND s.nonce = $2",
            )
            .bind(chat)
            .bind(i64::from(nonce))
            .fetch_optional(c)
            .await
        })?;
        let Some((body, key)) = row else {
            return Ok(None);
        };
        self.learn_key(chat, key);
        self.open(chat, &body)
    }

    pub(super) fn dump(&self) -> Result<Dump, StoreError> {
        let mut d = Dump {
            salt: self.store_salt()?,
            sessions: self.all("sessions")?,
            checkins: self.all("checkins")?,
            ..Dump::default()
        };
        let shares: Vec<(String, i64, Vec<u8>)> = self.run(async |c| {
            sqlx::query_as("SELECT clinic, chat, body FROM shares ORDER BY clinic, chat")
                .fetch_all(c)
                .await
        })?;
        for (clinic, chat, body) in shares {
            if let Some(e) = self.open(chat, &body)? {
                d.shares.push((clinic, chat, e));
            }
        }
        let staff: Vec<(String, i64, Vec<u8>)> = self.run(async |c| {
            sqlx::query_as("SELECT clinic, user_id, body FROM staff ORDER BY clinic, user_id")
                .fetch_all(c)
                .await
        })?;
        for (clinic, user, body) in staff {
            d.staff.push((clinic, user, serde_json::from_slice(&body)?));
        }
        let text_rows = |sql: &'static str| -> Result<Vec<(String, Vec<u8>)>, StoreError> {
            self.run(async |c| sqlx::query_as(sql).fetch_all(c).await)
        };
        for (hash, body) in text_rows("SELECT hash, body FROM invites ORDER BY hash")? {
            d.invites.push((hash, serde_json::from_slice(&body)?));
        }
        for (token, body) in text_rows("SELECT token, body FROM links ORDER BY token")? {
            d.links.push((token, serde_json::from_slice(&body)?));
        }
        for (clinic, body) in text_rows("SELECT clinic, body FROM clinic_audit ORDER BY seq")? {
            d.clinic_audit
                .push((clinic, serde_json::from_slice(&body)?));
        }
        d.audit = self.run(async |c| {
            sqlx::query_scalar("SELECT line FROM audit ORDER BY seq")
                .fetch_all(c)
                .await
        })?;
        let outbox: Vec<AddressedRow> = self.run(async |c| {
            sqlx::query_as(
                "SELECT chat, seq, about_chat, about_clinic, body FROM outbox ORDER BY seq",
            )
            .fetch_all(c)
            .await
        })?;
        for (to, _, about_chat, about_clinic, body) in outbox {
            if let Some(e) = self.entry(to, about_chat, about_clinic, &body)? {
                d.outbox.push((to, e));
            }
        }
        d.inbox = self.run(async |c| {
            sqlx::query_as("SELECT update_id, at FROM inbox ORDER BY update_id")
                .fetch_all(c)
                .await
        })?;
        Ok(d)
    }

    fn store_salt(&self) -> Result<Vec<u8>, StoreError> {
        self.run(async |c| {
            sqlx::query_scalar("SELECT value FROM meta WHERE name = 'audit_salt'")
                .fetch_one(c)
                .await
        })
    }
}

impl Tx for Conn<'_> {
    fn session(&self, chat: i64) -> Result<Option<Session>, StoreError> {
        self.one(chat, "sessions")
    }

    fn checkin(&self, chat: i64) -> Result<Option<Record>, StoreError> {
        self.one(chat, "checkins")
    }

    fn share(&self, clinic: &str, chat: i64) -> Result<Option<ShareEntry>, StoreError> {
        let body: Option<Vec<u8>> = self.run(async |c| {
            sqlx::query_scalar("SELECT body FROM shares WHERE clinic = $1 AND chat = $2")
                .bind(clinic)
                .bind(chat)
                .fetch_optional(c)
                .await
        })?;
        match body {
            Some(b) => self.open(chat, &b),
            None => Ok(None),
        }
    }

    fn shares(&self, clinic: &str) -> Result<Vec<(i64, ShareEntry)>, StoreError> {
        let rows: Vec<(i64, Vec<u8>)> = self.run(async |c| {
            sqlx::query_as("SELECT chat, body FROM shares WHERE clinic = $1 ORDER BY chat")
                .bind(clinic)
                .fetch_all(c)
                .await
        })?;
        let mut out = Vec::with_capacity(rows.len());
        for (chat, body) in rows {
            if let Some(e) = self.open(chat, &body)? {
                out.push((chat, e));
            }
        }
        Ok(out)
    }

    fn staff(&self, clinic: &str) -> Result<Vec<(i64, StaffEntry)>, StoreError> {
        let rows: Vec<(i64, Vec<u8>)> = self.run(async |c| {
            sqlx::query_as("SELECT user_id, body FROM staff WHERE clinic = $1 ORDER BY user_id")
                .bind(clinic)
                .fetch_all(c)
                .await
        })?;
        rows.into_iter()
            .map(|(u, b)| Ok((u, serde_json::from_slice(&b)?)))
            .collect()
    }

    fn staff_clinics(&self, user: i64) -> Result<Vec<String>, StoreError> {
        self.run(async |c| {
            sqlx::query_scalar("SELECT clinic FROM staff WHERE user_id = $1 ORDER BY clinic")
                .bind(user)
                .fetch_all(c)
                .await
        })
    }

    // One-time codes and links are read with their row locked: two chats
    // using the same code at once take turns, and the second finds it used.
    fn invite(&self, hash: &str) -> Result<Option<Invite>, StoreError> {
        self.plain("SELECT body FROM invites WHERE hash = $1 FOR UPDATE", hash)
    }

    fn link(&self, token: &str) -> Result<Option<PatientLink>, StoreError> {
        self.plain("SELECT body FROM links WHERE token = $1 FOR UPDATE", token)
    }

    fn links(&self) -> Result<Vec<(String, PatientLink)>, StoreError> {
        let rows: Vec<(String, Vec<u8>)> = self.run(async |c| {
            sqlx::query_as("SELECT token, body FROM links ORDER BY token")
                .fetch_all(c)
                .await
        })?;
        rows.into_iter()
            .map(|(t, b)| Ok((t, serde_json::from_slice(&b)?)))
            .collect()
    }

    fn clinic_audit(&self, clinic: &str) -> Result<Vec<AuditLine>, StoreError> {
        let rows: Vec<Vec<u8>> = self.run(async |c| {
            sqlx::query_scalar("SELECT body FROM clinic_audit WHERE clinic = $1 ORDER BY seq")
                .bind(clinic)
                .fetch_all(c)
                .await
        })?;
        rows.iter()
            .map(|b| Ok(serde_json::from_slice(b)?))
            .collect()
    }
}

/// Reads outside a transaction: each on a connection of its own.
impl Tx for PgStore {
    fn session(&self, chat: i64) -> Result<Option<Session>, StoreError> {
        self.conn()?.session(chat)
    }
    fn checkin(&self, chat: i64) -> Result<Option<Record>, StoreError> {
        self.conn()?.checkin(chat)
    }
    fn share(&self, clinic: &str, chat: i64) -> Result<Option<ShareEntry>, StoreError> {
        self.conn()?.share(clinic, chat)
    }
    fn shares(&self, clinic: &str) -> Result<Vec<(i64, ShareEntry)>, StoreError> {
        self.conn()?.shares(clinic)
    }
    fn staff(&self, clinic: &str) -> Result<Vec<(i64, StaffEntry)>, StoreError> {
        self.conn()?.staff(clinic)
    }
    fn staff_clinics(&self, user: i64) -> Result<Vec<String>, StoreError> {
        self.conn()?.staff_clinics(user)
    }
    fn invite(&self, hash: &str) -> Result<Option<Invite>, StoreError> {
        // Outside a transaction `FOR UPDATE` locks nothing for long.
        self.conn()?.invite(hash)
    }
    fn link(&self, token: &str) -> Result<Option<PatientLink>, StoreError> {
        self.conn()?.link(token)
    }
    fn links(&self) -> Result<Vec<(String, PatientLink)>, StoreError> {
        self.conn()?.links()
    }
    fn clinic_audit(&self, clinic: &str) -> Result<Vec<AuditLine>, StoreError> {
        self.conn()?.clinic_audit(clinic)
    }
}
