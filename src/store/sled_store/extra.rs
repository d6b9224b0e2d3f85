//! Received webhook updates, named leases and the dump for
//! `restride migrate-store`.

use super::keys::{chat_key, clinic_keys};
use super::*;
use crate::store::Dump;

impl SledStore {
    /// `receive`: `[chat][when][body sealed with her key]` by update id.
    pub(super) fn receive_update(
        &self,
        update: i64,
        chat: i64,
        body: &[u8],
        now: i64,
    ) -> Result<bool, StoreError> {
        let key = update.to_be_bytes();
        if self.handled(update)? || self.received.contains_key(key)? {
            return Ok(false);
        }
        let mut v = Vec::with_capacity(16 + body.len());
        v.extend_from_slice(&chat_key(chat));
        v.extend_from_slice(&now.to_be_bytes());
        v.extend_from_slice(&self.vault.seal(chat, body)?);
        self.received.insert(key, v)?;
        Ok(true)
    }

    /// Received updates: (update, chat, when, stored body).
    fn received_rows(
        &self,
    ) -> impl Iterator<Item = Result<(i64, i64, i64, sled::IVec), StoreError>> {
        self.received.iter().map(|kv| {
            let (k, v) = kv?;
            let id = |b: &[u8]| i64::from_be_bytes(b.try_into().unwrap_or([0; 8]));
            if v.len() < 16 {
                return Err(StoreError::Other("a received update is cut short".into()));
            }
            Ok((id(&k[..8]), id(&v[..8]), id(&v[8..16]), v))
        })
    }

    pub(super) fn received_of(&self, chat: i64) -> Result<Vec<(i64, Vec<u8>)>, StoreError> {
        let mut out = Vec::new();
        for row in self.received_rows() {
            let (update, c, _, v) = row?;
            if c != chat {
                continue;
            }
            match self.vault.open_value(chat, &v[16..])? {
                Some(body) => out.push((update, body)),
                // Her key is gone (/delete): it can never be read.
                None => {
                    self.received.remove(update.to_be_bytes())?;
                }
            }
        }
        Ok(out)
    }

    pub(super) fn received_before(&self, before: i64) -> Result<Vec<i64>, StoreError> {
        let mut chats = std::collections::BTreeSet::new();
        for row in self.received_rows() {
            let (_, chat, at, _) = row?;
            if at <= before {
                chats.insert(chat);
            }
        }
        Ok(chats.into_iter().collect())
    }

    pub(super) fn lease(&self, name: &str, now: i64, until: i64) -> bool {
        let mut held = self.leases.lock().unwrap_or_else(|e| e.into_inner());
        match held.get(name) {
            Some(t) if *t > now => false,
            _ => {
                held.insert(name.to_owned(), until);
                true
            }
        }
    }

    pub(super) fn dump_all(&self) -> Result<Dump, StoreError> {
        let mut d = Dump {
            salt: self.salt()?,
            sessions: self.all(&self.sessions)?,
            checkins: self.all(&self.checkins)?,
            ..Dump::default()
        };
        for kv in self.clinics.iter() {
            let (k, v) = kv?;
            let text = |from: usize| String::from_utf8_lossy(&k[from..]).into_owned();
            match &k[..2] {
                b"s/" => {
                    if let Some((clinic, chat)) = clinic_keys::split(&k)
                        && let Some(e) = self.value(chat, &v)?
                    {
                        d.shares.push((clinic.to_owned(), chat, e));
                    }
                }
                b"t/" => {
                    if let Some((clinic, user)) = clinic_keys::split(&k)
                        && let Some(e) = self.value(user, &v)?
                    {
                        d.staff.push((clinic.to_owned(), user, e));
                    }
                }
                b"i/" => {
                    if let Some(i) = self.value(0, &v)? {
                        d.invites.push((text(2), i));
                    }
                }
                b"l/" => {
                    if let Some(l) = self.value(0, &v)? {
                        d.links.push((text(2), l));
                    }
                }
                b"a/" => {
                    let rest = &k[2..];
                    let zero = rest.iter().position(|b| *b == 0).unwrap_or(rest.len());
                    let clinic = String::from_utf8_lossy(&rest[..zero]).into_owned();
                    d.clinic_audit.push((clinic, serde_json::from_slice(&v)?));
                }
                _ => {}
            }
        }
        d.audit = self.audit()?;
        let mut outbox = Vec::new();
        for kv in self.outbox.iter() {
            let (k, v) = kv?;
            let to = i64::from_be_bytes(k[..8].try_into().unwrap_or([0; 8]));
            let seq = u64::from_be_bytes(k[8..16].try_into().unwrap_or([0; 8]));
            if let Some(e) = self.entry(to, &v)? {
                outbox.push((seq, to, e));
            }
        }
        outbox.sort_by_key(|(seq, _, _)| *seq);
        d.outbox = outbox.into_iter().map(|(_, to, e)| (to, e)).collect();
        for kv in self.inbox.iter() {
            let (k, v) = kv?;
            let id = |b: &[u8]| <[u8; 8]>::try_from(b).map_or(0, i64::from_be_bytes);
            d.inbox.push((id(&k), id(&v)));
        }
        Ok(d)
    }
}
