//! The operator's clinic commands (`restride link --patient`, `staff`,
//! `audit`, `export`): each is a decision over the store like any other
//! (writes go through one transaction), whichever way it arrives (the
//! command line, or the admin socket of a running bot).

use super::Service;
use crate::clinic::{AuditLine, Invite, PatientLink, export_row};
use crate::store::{ClinicWrite, Commit, Job, Store};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Request {
    PatientLink {
        clinic: String,
        patient_ref: String,
    },
    LinkList {
        clinic: String,
    },
    /// Revokes the links whose token or clinic reference is `which`.
    LinkRevoke {
        clinic: String,
        which: String,
    },
    Invite {
        clinic: String,
    },
    StaffList {
        clinic: String,
    },
    StaffRemove {
        clinic: String,
        id: i64,
    },
    Audit {
        clinic: String,
    },
    Export {
        clinic: String,
        since: Option<i64>,
    },
}

impl Request {
    /// The command's name, for the log.
    pub fn name(&self) -> &'static str {
        match self {
            Request::PatientLink { .. } => "patient_link",
            Request::LinkList { .. } => "link_list",
            Request::LinkRevoke { .. } => "link_revoke",
            Request::Invite { .. } => "invite",
            Request::StaffList { .. } => "staff_list",
            Request::StaffRemove { .. } => "staff_remove",
            Request::Audit { .. } => "audit",
            Request::Export { .. } => "export",
        }
    }

    pub fn clinic(&self) -> &str {
        match self {
            Request::PatientLink { clinic, .. }
            | Request::LinkList { clinic }
            | Request::LinkRevoke { clinic, .. }
            | Request::Invite { clinic }
            | Request::StaffList { clinic }
            | Request::StaffRemove { clinic, .. }
            | Request::Audit { clinic }
            | Request::Export { clinic, .. } => clinic,
        }
    }
}

/// Where results go: the terminal (with a progress bar) or the socket.
pub trait Sink {
    /// How many items follow.
    fn total(&mut self, n: u64) -> std::io::Result<()>;
    fn item(&mut self, v: Value) -> std::io::Result<()>;
}

/// The operator's decisions are the chat 0's.
const OPERATOR: i64 = 0;

impl Service {
    /// Runs one command. Errors are messages for the operator.
    pub fn operator(
        &self,
        store: &dyn Store,
        req: &Request,
        now: i64,
        sink: &mut dyn Sink,
    ) -> Result<(), String> {
        let code = req.clinic();
        if !self.clinics.contains_key(code) {
            let known: Vec<&str> = self.clinics.keys().map(String::as_str).collect();
            return Err(format!(
                "there is no clinic `{code}` in the config; add a [clinics.{code}] table (known: {})",
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            ));
        }
        let io = |e: std::io::Error| e.to_string();
        let err = |e: crate::store::StoreError| e.to_string();
        let operator = |action: &str, refs: Vec<String>| ClinicWrite::Audit {
            clinic: code.to_owned(),
            line: AuditLine {
                at: now,
                staff: 0,
                action: action.into(),
                refs,
            },
        };
        let commit = |writes: Vec<ClinicWrite>| -> Result<(), String> {
            let mut writes = Some(writes);
            store
                .transact_one(
                    Job {
                        chat: OPERATOR,
                        update: None,
                    },
                    &mut |_| {
                        Ok(Commit {
                            clinic: writes.take().unwrap_or_default(),
                            ..Commit::new(OPERATOR)
                        })
                    },
                )
                .and_then(|_| store.flush())
                .map_err(err)
        };
        let read = store.read();
        match req {
            Request::PatientLink { patient_ref, .. } => {
                let patient_ref = patient_ref.trim();
                if patient_ref.is_empty() || patient_ref.chars().count() > 64 {
                    return Err(
                        "--patient takes the clinic's own reference (1 to 64 characters)".into(),
                    );
                }
                let token = crate::clinic::random_token(28);
                // The second factor: the clinic gives her this apart from
                // the link (by phone, on her appointment letter).
                let second = crate::clinic::random_code(6);
                commit(vec![
                    ClinicWrite::Link {
                        token: token.clone(),
                        link: Some(PatientLink {
                            clinic: code.to_owned(),
                            patient_ref: patient_ref.to_owned(),
                            created: now,
                            bound: None,
                            code: Some(crate::clinic::hash_code(&second)),
                            failures: 0,
                        }),
                    },
                    operator("link_created", vec![patient_ref.to_owned()]),
                ])?;
                sink.total(1).map_err(io)?;
                sink.item(json!({ "token": token, "code": second }))
                    .map_err(io)
            }
            Request::LinkList { .. } => {
                let rows: Vec<_> = read
                    .links()
                    .map_err(err)?
                    .into_iter()
                    .filter(|(_, l)| l.clinic == code)
                    .collect();
                sink.total(rows.len() as u64).map_err(io)?;
                for (token, l) in rows {
                    sink.item(json!({
                        "token": token,
                        "patient_ref": l.patient_ref,
                        "created": l.created,
                        "status": l.status(),
                    }))
                    .map_err(io)?;
                }
                Ok(())
            }
            Request::LinkRevoke { which, .. } => {
                let which = which.trim();
                let gone: Vec<_> = read
                    .links()
                    .map_err(err)?
                    .into_iter()
                    .filter(|(t, l)| l.clinic == code && (t == which || l.patient_ref == which))
                    .collect();
                let mut writes = vec![];
                for (token, l) in &gone {
                    writes.push(ClinicWrite::Link {
                        token: token.clone(),
                        link: None,
                    });
                    writes.push(operator("link_revoked", vec![l.patient_ref.clone()]));
                }
                if !writes.is_empty() {
                    commit(writes)?;
                }
                sink.total(1).map_err(io)?;
                sink.item(json!({ "revoked": gone.len() })).map_err(io)
            }
            Request::Invite { .. } => {
                let c = crate::clinic::random_code(12);
                let invite = Invite {
                    clinic: code.to_owned(),
                    expires: now + crate::clinic::INVITE_TTL,
                };
                commit(vec![
                    ClinicWrite::Invite {
                        hash: crate::clinic::hash_code(&c),
                        invite: Some(invite.clone()),
                    },
                    operator("invite_created", vec![]),
                ])?;
                sink.total(1).map_err(io)?;
                sink.item(json!({ "code": c, "expires": invite.expires }))
                    .map_err(io)
            }
            Request::StaffList { .. } => {
                let rows = read.staff(code).map_err(err)?;
                sink.total(rows.len() as u64).map_err(io)?;
                for (id, entry) in rows {
                    sink.item(json!({ "id": id, "since": entry.since }))
                        .map_err(io)?;
                }
                Ok(())
            }
            Request::StaffRemove { id, .. } => {
                let there = read.staff(code).map_err(err)?.iter().any(|(u, _)| u == id);
                if there {
                    commit(vec![
                        ClinicWrite::Staff {
                            clinic: code.to_owned(),
                            user: *id,
                            entry: None,
                        },
                        operator("staff_removed", vec![id.to_string()]),
                    ])?;
                }
                sink.total(1).map_err(io)?;
                sink.item(json!({ "removed": there })).map_err(io)
            }
            Request::Audit { .. } => {
                let rows = read.clinic_audit(code).map_err(err)?;
                sink.total(rows.len() as u64).map_err(io)?;
                for line in rows {
                    sink.item(json!(line.render())).map_err(io)?;
                }
                Ok(())
            }
            Request::Export { since, .. } => {
                let rows = read.shares(code).map_err(err)?;
                sink.total(rows.len() as u64).map_err(io)?;
                for (chat, entry) in rows {
                    // Only what she still shares: withdrawing removes the entry,
                    // and her session must still say yes.
                    let session = read.session(chat).map_err(err)?;
                    if session.is_none_or(|s| s.share != Some(true)) {
                        continue;
                    }
                    if since.is_some_and(|t| entry.completed < t) {
                        continue;
                    }
                    let rec = read.checkin(chat).map_err(err)?;
                    let row = export_row(&self.dialogs, &entry, rec.as_ref());
                    sink.item(serde_json::to_value(row).unwrap_or_default())
                        .map_err(io)?;
                }
                Ok(())
            }
        }
    }
}
