//! The operator's clinic commands (`restride link --patient`, `staff`,
//! `audit`, `export`). sled lets one process open the store, so while the bot
//! runs the commands go to it over a Unix socket in the data directory (only
//! the operator's account can open it: the directory is 0700); otherwise they
//! open the store themselves. Both ways run [`execute`].

use crate::clinic::{AuditLine, Invite, PatientLink, ShareEntry, StaffEntry, export_row};
use crate::config::Clinic;
use crate::dialog::Dialogs;
use crate::store::{Commit, KvWrite, Store, clinic_keys};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Request {
    PatientLink { clinic: String, patient_ref: String },
    Invite { clinic: String },
    StaffList { clinic: String },
    StaffRemove { clinic: String, id: i64 },
    Audit { clinic: String },
    Export { clinic: String, since: Option<i64> },
}

impl Request {
    /// The command's name, for the log.
    pub fn name(&self) -> &'static str {
        match self {
            Request::PatientLink { .. } => "patient_link",
            Request::Invite { .. } => "invite",
            Request::StaffList { .. } => "staff_list",
            Request::StaffRemove { .. } => "staff_remove",
            Request::Audit { .. } => "audit",
            Request::Export { .. } => "export",
        }
    }

    fn clinic(&self) -> &str {
        match self {
            Request::PatientLink { clinic, .. }
            | Request::Invite { clinic }
            | Request::StaffList { clinic }
            | Request::StaffRemove { clinic, .. }
            | Request::Audit { clinic }
            | Request::Export { clinic, .. } => clinic,
        }
    }
}

/// What a command needs.
pub struct Ctx<'a> {
    pub store: &'a dyn Store,
    pub clinics: &'a BTreeMap<String, Clinic>,
    pub dialogs: &'a Dialogs,
}

/// Where results go: the terminal (with a progress bar) or the socket.
pub trait Sink {
    /// How many items follow.
    fn total(&mut self, n: u64) -> std::io::Result<()>;
    fn item(&mut self, v: Value) -> std::io::Result<()>;
}

/// The socket in the data directory.
pub fn socket_path(data_dir: &Path) -> PathBuf {
    data_dir.join("admin.sock")
}

fn to_json<T: Serialize>(v: &T) -> Vec<u8> {
    serde_json::to_vec(v).unwrap_or_default()
}

/// Runs one command. Errors are messages for the operator.
pub fn execute(ctx: &Ctx, req: &Request, now: i64, sink: &mut dyn Sink) -> Result<(), String> {
    let code = req.clinic();
    if !ctx.clinics.contains_key(code) {
        let known: Vec<&str> = ctx.clinics.keys().map(String::as_str).collect();
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
    let commit = |writes: Vec<KvWrite>| -> Result<(), String> {
        ctx.store
            .commit(Commit {
                clinic: writes,
                ..Commit::default()
            })
            .and_then(|_| ctx.store.flush())
            .map_err(|e| e.to_string())
    };
    let operator = |action: &str, refs: Vec<String>| {
        KvWrite::Append(
            clinic_keys::audit(code),
            to_json(&AuditLine {
                at: now,
                staff: 0,
                action: action.into(),
                refs,
            }),
        )
    };
    match req {
        Request::PatientLink { patient_ref, .. } => {
            let patient_ref = patient_ref.trim();
            if patient_ref.is_empty() || patient_ref.chars().count() > 64 {
                return Err(
                    "--patient takes the clinic's own reference (1 to 64 characters)".into(),
                );
            }
            let token = crate::clinic::random_token(28);
            let link = PatientLink {
                clinic: code.to_owned(),
                patient_ref: patient_ref.to_owned(),
                created: now,
                bound: None,
            };
            commit(vec![
                KvWrite::Put(clinic_keys::link(&token), to_json(&link)),
                operator("link_created", vec![patient_ref.to_owned()]),
            ])?;
            sink.total(1).map_err(io)?;
            sink.item(json!({ "token": token })).map_err(io)
        }
        Request::Invite { .. } => {
            let c = crate::clinic::random_code(12);
            let invite = Invite {
                clinic: code.to_owned(),
                expires: now + crate::clinic::INVITE_TTL,
            };
            commit(vec![
                KvWrite::Put(
                    clinic_keys::invite(&crate::clinic::hash_code(&c)),
                    to_json(&invite),
                ),
                operator("invite_created", vec![]),
            ])?;
            sink.total(1).map_err(io)?;
            sink.item(json!({ "code": c, "expires": invite.expires }))
                .map_err(io)
        }
        Request::StaffList { .. } => {
            let rows = ctx
                .store
                .clinic_scan(&clinic_keys::staff_of(code))
                .map_err(|e| e.to_string())?;
            sink.total(rows.len() as u64).map_err(io)?;
            for (k, v) in rows {
                let Some((_, id)) = clinic_keys::split(&k) else {
                    continue;
                };
                let since = serde_json::from_slice::<StaffEntry>(&v)
                    .map(|s| s.since)
                    .unwrap_or(0);
                sink.item(json!({ "id": id, "since": since })).map_err(io)?;
            }
            Ok(())
        }
        Request::StaffRemove { id, .. } => {
            let key = clinic_keys::staff(code, *id);
            let there = ctx
                .store
                .clinic_get(&key)
                .map_err(|e| e.to_string())?
                .is_some();
            if there {
                commit(vec![
                    KvWrite::Remove(key),
                    operator("staff_removed", vec![id.to_string()]),
                ])?;
            }
            sink.total(1).map_err(io)?;
            sink.item(json!({ "removed": there })).map_err(io)
        }
        Request::Audit { .. } => {
            let rows = ctx
                .store
                .clinic_scan(&clinic_keys::audit(code))
                .map_err(|e| e.to_string())?;
            sink.total(rows.len() as u64).map_err(io)?;
            for (_, v) in rows {
                if let Ok(line) = serde_json::from_slice::<AuditLine>(&v) {
                    sink.item(json!(line.render())).map_err(io)?;
                }
            }
            Ok(())
        }
        Request::Export { since, .. } => {
            let rows = ctx
                .store
                .clinic_scan(&clinic_keys::shares(code))
                .map_err(|e| e.to_string())?;
            sink.total(rows.len() as u64).map_err(io)?;
            for (k, v) in rows {
                let (Some((_, chat)), Ok(entry)) = (
                    clinic_keys::split(&k),
                    serde_json::from_slice::<ShareEntry>(&v),
                ) else {
                    continue;
                };
                // Only what she still shares: withdrawing removes the entry,
                // and her session must still say yes.
                let session = ctx.store.session(chat).map_err(|e| e.to_string())?;
                if session.is_none_or(|s| s.share != Some(true)) {
                    continue;
                }
                if since.is_some_and(|t| entry.completed < t) {
                    continue;
                }
                let rec = ctx.store.checkin(chat).map_err(|e| e.to_string())?;
                let row = export_row(ctx.dialogs, &entry, rec.as_ref());
                sink.item(serde_json::to_value(row).unwrap_or_default())
                    .map_err(io)?;
            }
            Ok(())
        }
    }
}

/// Lines over the socket: `{"total":n}`, then one JSON value per line, or
/// `{"error":"…"}`.
struct LineSink<W: Write>(W);

impl<W: Write> Sink for LineSink<W> {
    fn total(&mut self, n: u64) -> std::io::Result<()> {
        writeln!(self.0, "{}", json!({ "total": n }))
    }
    fn item(&mut self, v: Value) -> std::io::Result<()> {
        writeln!(self.0, "{}", json!({ "item": v }))
    }
}

/// Serves operator commands on the socket until the process ends.
#[cfg(unix)]
pub async fn serve(path: PathBuf, core: std::sync::Arc<crate::telegram::core::Core>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
    // A socket left by a bot that was killed: nobody listens on it any more.
    let _ = std::fs::remove_file(&path);
    let listener = match tokio::net::UnixListener::bind(&path) {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(path = %path.display(), "cannot open the operator socket: {e}");
            return;
        }
    };
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
    }
    loop {
        let Ok((sock, _)) = listener.accept().await else {
            continue;
        };
        let core = core.clone();
        tokio::spawn(async move {
            let (r, mut w) = sock.into_split();
            let mut line = String::new();
            let mut r = tokio::io::BufReader::new(r);
            if r.read_line(&mut line).await.is_err() {
                return;
            }
            let out = tokio::task::spawn_blocking(move || {
                let mut sink = LineSink(Vec::new());
                let result = serde_json::from_str::<Request>(&line)
                    .map_err(|e| format!("unreadable request: {e}"))
                    .and_then(|req| {
                        tracing::info!(op = req.name(), clinic = req.clinic(), "operator command");
                        let ctx = Ctx {
                            store: &*core.store,
                            clinics: &core.clinics,
                            dialogs: &core.dialogs,
                        };
                        execute(&ctx, &req, jiff::Timestamp::now().as_second(), &mut sink)
                    });
                match result {
                    Ok(()) => sink.0,
                    Err(e) => format!("{}\n", json!({ "error": e })).into_bytes(),
                }
            })
            .await
            .unwrap_or_default();
            let _ = w.write_all(&out).await;
        });
    }
}

/// Sends a command to a running bot. `Ok(false)`: no bot listens there.
#[cfg(unix)]
pub fn remote(data_dir: &Path, req: &Request, sink: &mut dyn Sink) -> anyhow::Result<bool> {
    let Ok(mut sock) = std::os::unix::net::UnixStream::connect(socket_path(data_dir)) else {
        return Ok(false);
    };
    writeln!(sock, "{}", serde_json::to_string(req)?)?;
    for line in BufReader::new(sock).lines() {
        let v: Value = serde_json::from_str(&line?)?;
        if let Some(e) = v.get("error").and_then(Value::as_str) {
            anyhow::bail!("{e}");
        }
        if let Some(n) = v.get("total").and_then(Value::as_u64) {
            sink.total(n)?;
        } else if let Some(item) = v.get("item") {
            sink.item(item.clone())?;
        }
    }
    Ok(true)
}

#[cfg(not(unix))]
pub fn remote(_: &Path, _: &Request, _: &mut dyn Sink) -> anyhow::Result<bool> {
    Ok(false)
}
