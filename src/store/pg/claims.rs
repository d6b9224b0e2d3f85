//! Outbox claims: taken and renewed under her chat's lock, in one round
//! trip each.

use super::db;
use super::read::{Conn, OUTBOX_COLUMNS, OutboxRow};
use crate::outbox::Out;
use crate::store::StoreError;
use sqlx::postgres::PgRow;
use sqlx::{FromRow, Row};

impl Conn<'_> {
    /// Claims a chat's unsent entries, in order, unless another claimer
    /// holds some of them: one chat's messages go out from one instance at a
    /// time, in order.
    pub(super) fn claim_outbox(
        &self,
        chat: i64,
        now: i64,
        lease: i64,
    ) -> Result<Vec<(u64, Out)>, StoreError> {
        // Taken under her chat's lock, so the check sees every claim made
        // before it (a statement's snapshot starts after the lock).
        let rows = self.under_lock(
            chat,
            &format!(
                "UPDATE outbox SET claimed_until = {until} WHERE seq IN (
                    SELECT seq FROM outbox WHERE chat = {chat} AND claimed_until <= {now}
                    ORDER BY seq FOR UPDATE SKIP LOCKED)
                 AND NOT EXISTS (SELECT 1 FROM outbox WHERE chat = {chat} AND claimed_until > {now})
                 RETURNING {OUTBOX_COLUMNS}",
                until = now + lease
            ),
        )?;
        let mut rows = rows
            .iter()
            .map(OutboxRow::from_row)
            .collect::<Result<Vec<_>, _>>()
            .map_err(db)?;
        rows.sort_by_key(|r| r.0);
        self.entries(chat, rows)
    }

    /// Renews the claim on `seqs` taken (or last renewed) at `since`, under
    /// her chat's lock like a claim, so a claim that follows sees it.
    pub(super) fn renew_claim(
        &self,
        chat: i64,
        seqs: &[u64],
        since: i64,
        now: i64,
        lease: i64,
    ) -> Result<Vec<u64>, StoreError> {
        if seqs.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = seqs.iter().map(u64::to_string).collect();
        let rows = self.under_lock(
            chat,
            &format!(
                "UPDATE outbox SET claimed_until = {until}
                 WHERE chat = {chat} AND seq IN ({list}) AND claimed_until = {held}
                 RETURNING seq",
                until = now + lease,
                held = since + lease,
                list = list.join(","),
            ),
        )?;
        rows.iter()
            .map(|r| r.try_get::<i64, _>("seq").map(|s| s as u64))
            .collect::<Result<_, _>>()
            .map_err(db)
    }

    /// One statement in a transaction that holds her chat's lock, in one
    /// round trip: its values are integers written into it. The rows are
    /// the statement's.
    fn under_lock(&self, chat: i64, statement: &str) -> Result<Vec<PgRow>, StoreError> {
        let sql =
            format!("BEGIN; SELECT pg_advisory_xact_lock({chat}) AS locked; {statement}; COMMIT");
        let rows = self.run(async |c| sqlx::raw_sql(&sql).fetch_all(c).await);
        if rows.is_err() {
            let _ = self.run(async |c| sqlx::raw_sql("ROLLBACK").execute(c).await);
        }
        Ok(rows?
            .into_iter()
            .filter(|r| r.try_column("locked").is_err())
            .collect())
    }
}
