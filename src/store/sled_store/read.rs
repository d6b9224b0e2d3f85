//! Reading the committed state: the [`Tx`] of sled.

use super::keys::{chat_key, clinic_keys};
use super::{LAST_UPDATE, SledStore};
use crate::checkin::Record;
use crate::clinic::{AuditLine, Invite, PatientLink, ShareEntry, StaffEntry};
use crate::engine::Session;
use crate::store::{StoreError, Tx};

impl SledStore {
    /// (chat or user, value) under a clinics-tree prefix that ends in a chat id.
    pub(super) fn by_chat<T: serde::de::DeserializeOwned>(
        &self,
        prefix: &[u8],
    ) -> Result<Vec<(i64, T)>, StoreError> {
        let mut out = Vec::new();
        for kv in self.clinics.scan_prefix(prefix) {
            let (k, v) = kv?;
            if let Some((_, id)) = clinic_keys::split(&k)
                && let Some(value) = self.value(id, &v)?
            {
                out.push((id, value));
            }
        }
        Ok(out)
    }

    /// Whether an update was handled: in the inbox, or at or below the
    /// high-water mark a store kept before it had an inbox.
    pub(super) fn handled(&self, update: i64) -> Result<bool, StoreError> {
        Ok(self.inbox.contains_key(update.to_be_bytes())?
            || self.legacy_last()?.is_some_and(|l| update <= l))
    }

    pub(super) fn legacy_last(&self) -> Result<Option<i64>, StoreError> {
        Ok(self
            .meta
            .get(LAST_UPDATE)?
            .and_then(|v| <[u8; 8]>::try_from(v.as_ref()).ok())
            .map(i64::from_be_bytes))
    }
}

impl Tx for SledStore {
    fn session(&self, chat: i64) -> Result<Option<Session>, StoreError> {
        self.get(&self.sessions, chat, chat_key(chat))
    }

    fn checkin(&self, chat: i64) -> Result<Option<Record>, StoreError> {
        self.get(&self.checkins, chat, chat_key(chat))
    }

    fn share(&self, clinic: &str, chat: i64) -> Result<Option<ShareEntry>, StoreError> {
        self.get(&self.clinics, chat, clinic_keys::share(clinic, chat))
    }

    fn shares(&self, clinic: &str) -> Result<Vec<(i64, ShareEntry)>, StoreError> {
        self.by_chat(&clinic_keys::shares(clinic))
    }

    fn staff(&self, clinic: &str) -> Result<Vec<(i64, StaffEntry)>, StoreError> {
        self.by_chat(&clinic_keys::staff_of(clinic))
    }

    fn staff_clinics(&self, user: i64) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        for k in self.clinics.scan_prefix(clinic_keys::ALL_STAFF).keys() {
            let k = k?;
            if let Some((clinic, id)) = clinic_keys::split(&k)
                && id == user
            {
                out.push(clinic.to_owned());
            }
        }
        Ok(out)
    }

    fn invite(&self, hash: &str) -> Result<Option<Invite>, StoreError> {
        self.get(&self.clinics, 0, clinic_keys::invite(hash))
    }

    fn link(&self, token: &str) -> Result<Option<PatientLink>, StoreError> {
        self.get(&self.clinics, 0, clinic_keys::link(token))
    }

    fn links(&self) -> Result<Vec<(String, PatientLink)>, StoreError> {
        let mut out = Vec::new();
        for kv in self.clinics.scan_prefix(clinic_keys::link("")) {
            let (k, v) = kv?;
            let token = String::from_utf8_lossy(&k[2..]).into_owned();
            if let Some(l) = self.value(0, &v)? {
                out.push((token, l));
            }
        }
        Ok(out)
    }

    fn clinic_audit(&self, clinic: &str) -> Result<Vec<AuditLine>, StoreError> {
        self.clinics
            .scan_prefix(clinic_keys::audit(clinic))
            .values()
            .map(|v| Ok(serde_json::from_slice(&v?)?))
            .collect()
    }
}
