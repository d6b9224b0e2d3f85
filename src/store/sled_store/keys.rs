//! How sled's trees are keyed.

pub(super) fn chat_key(chat: i64) -> [u8; 8] {
    chat.to_be_bytes()
}

pub(super) fn seq_key(chat: i64, seq: u64) -> [u8; 16] {
    let mut k = [0u8; 16];
    k[..8].copy_from_slice(&chat.to_be_bytes());
    k[8..].copy_from_slice(&seq.to_be_bytes());
    k
}

pub(super) fn nonce_key(chat: i64, nonce: u32) -> [u8; 12] {
    let mut k = [0u8; 12];
    k[..8].copy_from_slice(&chat.to_be_bytes());
    k[8..].copy_from_slice(&nonce.to_be_bytes());
    k
}

pub(super) fn due_key(due: i64, chat: i64) -> [u8; 16] {
    // Offset so that negative instants still sort before positive ones.
    let mut k = [0u8; 16];
    k[..8].copy_from_slice(&((due as u64) ^ (1 << 63)).to_be_bytes());
    k[8..].copy_from_slice(&chat.to_be_bytes());
    k
}

pub(super) fn from_due_key(k: &[u8]) -> (i64, i64) {
    let due = (u64::from_be_bytes(k[..8].try_into().unwrap_or([0; 8])) ^ (1 << 63)) as i64;
    let chat = i64::from_be_bytes(k[8..16].try_into().unwrap_or([0; 8]));
    (due, chat)
}

/// Key layout of the clinics tree. Keys that end in a chat id (shares and
/// staff) and single-patient links bound to a chat go with `/delete`.
pub(super) mod clinic_keys {
    /// A shared intake summary: `s/<clinic>\0<chat>`.
    pub fn share(clinic: &str, chat: i64) -> Vec<u8> {
        [shares(clinic), chat.to_be_bytes().to_vec()].concat()
    }
    pub fn shares(clinic: &str) -> Vec<u8> {
        [b"s/", clinic.as_bytes(), b"\0"].concat()
    }
    /// A staff member: `t/<clinic>\0<user>`.
    pub fn staff(clinic: &str, user: i64) -> Vec<u8> {
        [staff_of(clinic), user.to_be_bytes().to_vec()].concat()
    }
    pub fn staff_of(clinic: &str) -> Vec<u8> {
        [b"t/", clinic.as_bytes(), b"\0"].concat()
    }
    pub const ALL_STAFF: &[u8] = b"t/";
    /// The kinds of keys that can belong to a chat (shares, staff, links).
    pub const PERSONAL: [&[u8]; 3] = [b"s/", b"t/", b"l/"];
    /// A one-time enrolment code, by the hex SHA-256 of the code.
    pub fn invite(hash: &str) -> Vec<u8> {
        [b"i/", hash.as_bytes()].concat()
    }
    /// A single-patient link token.
    pub fn link(token: &str) -> Vec<u8> {
        [b"l/", token.as_bytes()].concat()
    }
    /// The staff audit of a clinic: `a/<clinic>\0<seq>`.
    pub fn audit(clinic: &str) -> Vec<u8> {
        [b"a/", clinic.as_bytes(), b"\0"].concat()
    }
    /// The clinic a share or staff key names, and the chat it ends with.
    pub fn split(key: &[u8]) -> Option<(&str, i64)> {
        let rest = key.get(2..)?;
        let zero = rest.iter().position(|b| *b == 0)?;
        let clinic = std::str::from_utf8(&rest[..zero]).ok()?;
        let id = rest.get(zero + 1..)?;
        Some((clinic, i64::from_be_bytes(id.try_into().ok()?)))
    }

    /// Which keys of the clinics tree belong to `chat` (erased with her).
    pub fn of_chat(key: &[u8], value: &[u8], chat: i64) -> bool {
        if key.starts_with(b"s/") || key.starts_with(b"t/") {
            return split(key).is_some_and(|(_, c)| c == chat);
        }
        if key.starts_with(b"l/") {
            return serde_json::from_slice::<serde_json::Value>(value)
                .ok()
                .and_then(|v| v.get("bound").and_then(|b| b.as_i64()))
                == Some(chat);
        }
        false
    }
}
