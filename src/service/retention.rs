//! Retention: everything of a mum inactive for `retention_days` is deleted;
//! a week before, she is told once (if she has check-ins).

use super::{Service, Turn, hashed};
use crate::outbox::Out;
use crate::store::{Commit, Done, Job, Store, StoreError, opaque_ref};

impl Service {
    /// One page of the sweep: up to `page` chats after `after`, each decided
    /// in one transaction for the page. Returns the chats with a message to
    /// send and where the next page starts (None: done).
    pub fn retention_page(
        &self,
        store: &dyn Store,
        now: i64,
        after: Option<i64>,
        page: usize,
    ) -> Result<(Vec<i64>, Option<i64>), StoreError> {
        if self.retention_days == 0 {
            return Ok((vec![], None));
        }
        let chats = store.session_chats(after, page)?;
        let next = (chats.len() == page)
            .then(|| chats.last().copied())
            .flatten();
        let jobs: Vec<Job> = chats
            .iter()
            .map(|&chat| Job { chat, update: None })
            .collect();
        let done = store.transact(&jobs, &mut |i, tx| {
            Turn {
                svc: self,
                tx,
                tap: None,
                lang: self.lang_for(tx.session(chats[i])?.as_ref(), None),
            }
            .retention(chats[i], now)
        })?;
        let touched = done
            .into_iter()
            .filter_map(|d| match d {
                Done::Applied(c) if !c.outbox.is_empty() => Some(c.chat),
                _ => None,
            })
            .collect();
        Ok((touched, next))
    }

    /// The whole sweep, page by page. Returns the chats with a message to send.
    pub fn retention_sweep(&self, store: &dyn Store, now: i64) -> Result<Vec<i64>, StoreError> {
        let mut touched = Vec::new();
        let mut after = None;
        loop {
            let (page, next) = self.retention_page(store, now, after, 1000)?;
            touched.extend(page);
            match next {
                Some(n) => after = Some(n),
                None => return Ok(touched),
            }
        }
    }
}

impl Turn<'_> {
    fn retention(&self, chat: i64, now: i64) -> Result<Commit, StoreError> {
        let mut c = Commit::new(chat);
        let Some(s) = self.tx.session(chat)? else {
            return Ok(c);
        };
        let limit = i64::from(self.retention_days) * 86_400;
        let rec = self.tx.checkin(chat)?;
        let last = rec
            .as_ref()
            .map(|r| r.last_answered.max(r.log.last().map(|l| l.at).unwrap_or(0)))
            .unwrap_or(0)
            .max(s.updated);
        if now - last >= limit {
            c.erase = true;
            c.audit = Some(format!(
                "{now} deleted after {} days inactive {}",
                self.retention_days,
                opaque_ref(&self.salt, chat)
            ));
            tracing::info!(chat = %hashed(chat), "deleted after the retention period");
            return Ok(c);
        }
        let Some(mut rec) = rec else {
            return Ok(c);
        };
        if rec.retention_warned.is_some() && now - last < limit - 7 * 86_400 {
            // Active again since the warning.
            rec.retention_warned = None;
            c.checkin = Some(rec);
        } else if rec.prefs.is_some()
            && rec.retention_warned.is_none()
            && now - last >= limit - 7 * 86_400
        {
            rec.retention_warned = Some(now);
            let days = self.retention_days.to_string();
            c.outbox.push(Out::text(
                self.env().tf("retention_warning", &[("days", &days)]),
            ));
            c.checkin = Some(rec);
        }
        Ok(c)
    }
}
