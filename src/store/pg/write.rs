//! Writing a decision's commit inside the transaction: what an erasure or a
//! withdrawal takes back, clinic data, her session and check-ins with their
//! schedule, the outbox, and the inbox row of the update.

use super::read::Conn;
use crate::checkin::Record;
use crate::store::{ClinicWrite, Commit, StoreError};

impl Conn<'_> {
    pub(super) fn apply(&self, c: &Commit, now: i64) -> Result<(), StoreError> {
        self.forget_values();
        let chat = c.chat;
        // `/delete`: her key, then every row of hers, messages queued for
        // staff about her included (a withdrawal or a staff removal takes
        // theirs back in `clinic_write`).
        if c.erase {
            for sql in [
                "DELETE FROM chat_keys WHERE chat = $1",
                "DELETE FROM sessions WHERE chat = $1",
                "DELETE FROM checkins WHERE chat = $1",
                "DELETE FROM due WHERE chat = $1",
                "DELETE FROM outbox WHERE chat = $1 OR about_chat = $1",
                "DELETE FROM shown WHERE chat = $1",
                "DELETE FROM shares WHERE chat = $1",
                "DELETE FROM staff WHERE user_id = $1",
                "DELETE FROM links WHERE bound = $1",
                "DELETE FROM pending WHERE chat = $1",
            ] {
                self.exec(sql, chat)?;
            }
            self.forget_key(chat);
        }
        for w in &c.clinic {
            self.clinic_write(w)?;
        }
        if let Some(r) = &c.checkin {
            self.record(chat, r)?;
        }
        let session = match &c.session {
            Some(s) => Some(self.seal(chat, s)?),
            None => None,
        };
        // Every message of the commit, in order.
        let own = c.outbox.iter().map(|o| (chat, None, o));
        let others = c.others.iter().map(|r| (r.to, Some(&r.about), &r.out));
        let (mut to, mut about_chat, mut about_clinic, mut body) = (vec![], vec![], vec![], vec![]);
        for (t, about, out) in own.chain(others) {
            body.push(self.seal(about.map_or(t, |a| a.chat), out)?);
            to.push(t);
            about_chat.push(about.map(|a| a.chat));
            about_clinic.push(about.map(|a| a.clinic.clone()));
        }
        // Her session, the messages, the inbox row and the audit line in one
        // statement (each part writes nothing when it has nothing). The
        // inbox row has no ON CONFLICT: an update handled twice fails the
        // transaction.
        self.run(async |x| {
            sqlx::query(
                "WITH s AS (
                    INSERT INTO sessions (chat, body) SELECT $1, $2::bytea WHERE $2 IS NOT NULL
                    ON CONFLICT (chat) DO UPDATE SET body = EXCLUDED.body),
                 o AS (
                    INSERT INTO outbox (chat, about_chat, about_clinic, body)
                    SELECT t, a, c, b
                    FROM unnest($3::bigint[], $4::bigint[], $5::text[], $6::bytea[])
                        WITH ORDINALITY AS m(t, a, c, b, n)
                    ORDER BY n),
                 i AS (
                    INSERT INTO inbox (update_id, at) SELECT $7, $8 WHERE $7 IS NOT NULL)
                 INSERT INTO audit (line) SELECT $9::text WHERE $9 IS NOT NULL",
            )
            .bind(chat)
            .bind(session.as_deref())
            .bind(&to)
            .bind(&about_chat)
            .bind(&about_clinic)
            .bind(&body)
            .bind(c.update_id)
            .bind(now)
            .bind(c.audit.as_deref())
            .execute(x)
            .await
            .map(|_| ())
        })
    }

    /// Her check-in record, and the schedule index following it.
    fn record(&self, chat: i64, r: &Record) -> Result<(), StoreError> {
        let body = self.seal(chat, r)?;
        let due: Vec<i64> = r.due_times().collect();
        // One statement: the record, and the schedule moved to its times
        // (a time that stays keeps its row, and any claim on it).
        self.run(async |x| {
            sqlx::query(
                "WITH r AS (
                    INSERT INTO checkins (chat, body) VALUES ($1, $2)
                    ON CONFLICT (chat) DO UPDATE SET body = EXCLUDED.body),
                 gone AS (DELETE FROM due WHERE chat = $1 AND NOT (due = ANY($3)))
                 INSERT INTO due (due, chat) SELECT d, $1 FROM unnest($3::bigint[]) AS d
                 ON CONFLICT DO NOTHING",
            )
            .bind(chat)
            .bind(&body)
            .bind(&due)
            .execute(x)
            .await
            .map(|_| ())
        })
    }

    fn clinic_write(&self, w: &ClinicWrite) -> Result<(), StoreError> {
        match w {
            ClinicWrite::Share {
                clinic,
                chat,
                entry,
            } => match entry {
                Some(e) => {
                    let body = self.seal(*chat, e)?;
                    self.run(async |x| {
                        sqlx::query(
                            "INSERT INTO shares (clinic, chat, body) VALUES ($1, $2, $3)
                             ON CONFLICT (clinic, chat) DO UPDATE SET body = EXCLUDED.body",
                        )
                        .bind(clinic)
                        .bind(chat)
                        .bind(&body)
                        .execute(x)
                        .await
                        .map(|_| ())
                    })
                }
                None => self.run(async |x| {
                    sqlx::query("DELETE FROM shares WHERE clinic = $1 AND chat = $2")
                        .bind(clinic)
                        .bind(chat)
                        .execute(&mut *x)
                        .await?;
                    sqlx::query("DELETE FROM outbox WHERE about_chat = $1 AND about_clinic = $2")
                        .bind(chat)
                        .bind(clinic)
                        .execute(&mut *x)
                        .await
                        .map(|_| ())
                }),
            },
            ClinicWrite::Staff {
                clinic,
                user,
                entry,
            } => match entry {
                Some(e) => {
                    let body = serde_json::to_vec(e)?;
                    self.run(async |x| {
                        sqlx::query(
                            "INSERT INTO staff (clinic, user_id, body) VALUES ($1, $2, $3)
                             ON CONFLICT (clinic, user_id) DO UPDATE SET body = EXCLUDED.body",
                        )
                        .bind(clinic)
                        .bind(user)
                        .bind(&body)
                        .execute(x)
                        .await
                        .map(|_| ())
                    })
                }
                None => self.run(async |x| {
                    sqlx::query("DELETE FROM staff WHERE clinic = $1 AND user_id = $2")
                        .bind(clinic)
                        .bind(user)
                        .execute(&mut *x)
                        .await?;
                    sqlx::query(
                        "DELETE FROM outbox WHERE chat = $1 AND about_clinic = $2
                         AND about_chat IS NOT NULL",
                    )
                    .bind(user)
                    .bind(clinic)
                    .execute(&mut *x)
                    .await
                    .map(|_| ())
                }),
            },
            ClinicWrite::Invite { hash, invite } => {
                let body = invite.as_ref().map(serde_json::to_vec).transpose()?;
                self.upsert_text("invites", "hash", hash, None, body)
            }
            ClinicWrite::Link { token, link } => {
                let bound = link.as_ref().and_then(|l| l.bound);
                let body = link.as_ref().map(serde_json::to_vec).transpose()?;
                self.upsert_text("links", "token", token, Some(bound), body)
            }
            ClinicWrite::Audit { clinic, line } => {
                let body = serde_json::to_vec(line)?;
                self.run(async |x| {
                    sqlx::query("INSERT INTO clinic_audit (clinic, body) VALUES ($1, $2)")
                        .bind(clinic)
                        .bind(&body)
                        .execute(x)
                        .await
                        .map(|_| ())
                })
            }
        }
    }

    /// A value of `invites` or `links` by its text key (None: removed).
    fn upsert_text(
        &self,
        table: &str,
        key_col: &str,
        key: &str,
        bound: Option<Option<i64>>,
        body: Option<Vec<u8>>,
    ) -> Result<(), StoreError> {
        let sql = match (&body, bound) {
            (None, _) => format!("DELETE FROM {table} WHERE {key_col} = $1"),
            (Some(_), None) => format!(
                "INSERT INTO {table} ({key_col}, body) VALUES ($1, $2)
                 ON CONFLICT ({key_col}) DO UPDATE SET body = EXCLUDED.body"
            ),
            (Some(_), Some(_)) => format!(
                "INSERT INTO {table} ({key_col}, body, bound) VALUES ($1, $2, $3)
                 ON CONFLICT ({key_col}) DO UPDATE SET body = EXCLUDED.body, bound = EXCLUDED.bound"
            ),
        };
        self.run(async |x| {
            let mut q = sqlx::query(&sql).bind(key);
            if let Some(b) = &body {
                q = q.bind(b);
                if let Some(bound) = bound {
                    q = q.bind(bound);
                }
            }
            q.execute(x).await.map(|_| ())
        })
    }
}
