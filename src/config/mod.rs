//! Configuration: a TOML file plus the environment, checked in one place.
//! Secrets are never printed: `Settings` has a hand-written `Debug`.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod webhook;
pub use webhook::Webhook;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    bot: RawBot,
    #[serde(default)]
    store: RawStore,
    #[serde(default)]
    safety: RawSafety,
    #[serde(default)]
    dialogs: RawDialogs,
    #[serde(default)]
    http: RawHttp,
    #[serde(default)]
    webhook: webhook::RawWebhook,
    #[serde(default)]
    checkins: RawCheckins,
    #[serde(default)]
    languages: RawLanguages,
    /// Clinics by their code (the deep-link payload).
    #[serde(default)]
    clinics: BTreeMap<String, Clinic>,
}

/// A clinic that sends its patients an intake link.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clinic {
    pub name: String,
    /// The clinic's contact phone, shown to her with the clinic's name.
    pub phone: Option<String>,
    /// IANA zone offered first for check-ins.
    pub time_zone: Option<String>,
    /// Overrides of the [safety] numbers for this clinic's patients.
    pub emergency_number: Option<String>,
    pub crisis_line: Option<String>,
    pub support_lines: Option<String>,
    /// Support for a mother whose baby is in neonatal care, and for one whose baby died.
    pub neonatal_support: Option<String>,
    pub bereavement_support: Option<String>,
    /// Where her plan's referrals can be booked at this clinic: a general
    /// link, and links by referral code for the services it provides.
    pub booking_url: Option<String>,
    #[serde(default)]
    pub booking: BTreeMap<String, String>,
    /// The language for her when Telegram's is not one Restride speaks.
    pub language: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheckins {
    default_zone: Option<String>,
    quiet_hours: Option<String>,
    window_hours: Option<f64>,
    rate_per_second: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguages {
    default: Option<String>,
    enabled: Option<Vec<String>>,
}

/// Which languages the bot speaks: the default (English unless set), and the
/// translations not yet reviewed by a clinician that the operator offers
/// anyway (a reviewed one is always offered).
#[derive(Clone, Debug)]
pub struct Languages {
    pub default: String,
    pub enabled: Vec<String>,
}

impl Default for Languages {
    fn default() -> Languages {
        Languages {
            default: "en".into(),
            enabled: vec![],
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHttp {
    listen: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBot {
    token: Option<String>,
    api_url: Option<String>,
    proxy: Option<String>,
    username: Option<String>,
    protect_content: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStore {
    url: Option<String>,
    data_dir: Option<PathBuf>,
    cache_capacity_mb: Option<u64>,
    retention_days: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSafety {
    emergency_number: Option<String>,
    crisis_line: Option<String>,
    support_lines: Option<String>,
    neonatal_support: Option<String>,
    bereavement_support: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDialogs {
    dir: Option<PathBuf>,
}

/// Checked settings.
#[derive(Clone)]
pub struct Settings {
    /// The config file read, if any (for error messages).
    pub file: Option<PathBuf>,
    pub token: Option<String>,
    pub api_url: Option<String>,
    pub proxy: Option<String>,
    pub username: Option<String>,
    /// Plans, staff summaries, charts and `/mydata` cannot be forwarded or saved.
    pub protect_content: bool,
    pub data_dir: PathBuf,
    /// PostgreSQL (`DATABASE_URL` or `[store] url`): the store of a
    /// deployment of several instances. `None`: sled in `data_dir`.
    pub store_url: Option<String>,
    pub cache_capacity_mb: u64,
    /// Delete everything of a mum inactive this many days (0: keep).
    pub retention_days: u32,
    pub emergency_number: String,
    pub crisis_line: String,
    pub support_lines: String,
    /// Shown only to a mother whose baby is in neonatal care.
    pub neonatal_support: String,
    /// Shown only to a mother whose baby has died.
    pub bereavement_support: String,
    pub dialogs_dir: Option<PathBuf>,
    /// The operator listener (`/healthz`, `/metrics`); off when `None`.
    pub http_listen: Option<std::net::SocketAddr>,
    pub webhook: Webhook,
    pub checkins: crate::checkin::CheckinConfig,
    pub languages: Languages,
    pub clinics: BTreeMap<String, Clinic>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("token", &self.token.as_ref().map(|_| "<hidden>"))
            .field("api_url", &self.api_url)
            .field("data_dir", &self.data_dir)
            .field("store_url", &self.store_url.as_ref().map(|_| "<hidden>"))
            .field("emergency_number", &self.emergency_number)
            .finish_non_exhaustive()
    }
}

pub const DEFAULT_EMERGENCY: &str = "999";
pub const DEFAULT_CRISIS: &str = "Samaritans on 116 123 (free, day or night)";
pub const DEFAULT_SUPPORT: &str = "your midwife, health visitor or GP";
pub const DEFAULT_NEONATAL: &str = "Bliss (bliss.org.uk), the charity for families with a baby in neonatal care, and the nurses on your baby's unit";
pub const DEFAULT_BEREAVEMENT: &str =
    "Sands (sands.org.uk), for anyone whose baby has died, and your midwife or GP";

/// A config problem, naming the file, line and what to change (or the
/// environment variable: line 0).
#[derive(Debug, thiserror::Error)]
#[error("{}", self.render())]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl ConfigError {
    fn render(&self) -> String {
        match self.line {
            0 => format!("{}: {}", self.file, self.message),
            _ => format!("{}:{}:{}: {}", self.file, self.line, self.col, self.message),
        }
    }
}

/// The 1-based line of `key` in the table `[section]` (the table's own line
/// when `key` is empty or not written there), or 0 when neither is found.
fn locate(text: &str, section: &str, key: &str) -> usize {
    let mut current = String::new();
    let mut header = 0;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            current = t.trim_matches(['[', ']']).replace(['"', '\'', ' '], "");
            if current == section.replace(['"', '\'', ' '], "") {
                header = i + 1;
                if key.is_empty() {
                    return header;
                }
            }
            continue;
        }
        if header > 0
            && !key.is_empty()
            && current == section.replace(['"', '\'', ' '], "")
            && t.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        {
            return i + 1;
        }
    }
    header
}

/// The most a config file may hold.
pub const FILE_LIMIT: u64 = 1 << 20;

/// The config file: a regular file (or a link to one) of at most
/// [`FILE_LIMIT`], checked before it is read.
fn read(path: &Path) -> std::io::Result<String> {
    crate::files::read_text(
        path,
        FILE_LIMIT,
        "a config file is a few KiB: check that --config names the config file",
    )
}

impl Settings {
    /// Checks what the config says against the dialogs: every clinic booking
    /// link must name a referral code the dialogs know.
    pub fn check_referrals(&self, known: &[&str]) -> Result<(), ConfigError> {
        for (code, c) in &self.clinics {
            if let Some(key) = c.booking.keys().find(|k| !known.contains(&k.as_str())) {
                let text = self
                    .file
                    .as_ref()
                    .and_then(|p| read(p).ok())
                    .unwrap_or_default();
                let line = locate(&text, &format!("clinics.{code}"), "booking");
                return Err(ConfigError {
                    file: self
                        .file
                        .as_ref()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                    line,
                    col: usize::from(line > 0),
                    message: format!(
                        "[clinics.{code}] booking names `{key}`, which is not a referral code; use one of: {}",
                        known.join(", ")
                    ),
                });
            }
        }
        Ok(())
    }

    /// Reads `path` (when given or when `./config.toml` exists) and the environment.
    pub fn load(
        path: Option<&Path>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Settings, ConfigError> {
        let default = Path::new("config.toml");
        let path = path.or_else(|| default.exists().then_some(default));
        let mut source = String::new();
        let raw = match path {
            Some(p) => {
                let text = read(p).map_err(|e| ConfigError {
                    file: p.display().to_string(),
                    line: 0,
                    col: 0,
                    // The file is named once, in front.
                    message: format!(
                        "cannot read the config file: {}",
                        e.to_string()
                            .strip_prefix(&format!("{}: ", p.display()))
                            .map(str::to_owned)
                            .unwrap_or_else(|| e.to_string())
                    ),
                })?;
                let raw = Self::parse(&p.display().to_string(), &text)?;
                source = text;
                raw
            }
            None => Raw::default(),
        };
        let non_empty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
        let file = path.map(|p| p.display().to_string()).unwrap_or_default();
        // A value that parsed but makes no sense: the line of its key.
        let bad = |section: &str, key: &str, message: String| {
            let line = locate(&source, section, key);
            ConfigError {
                file: file.clone(),
                line,
                col: usize::from(line > 0),
                message,
            }
        };
        let mut checkins = crate::checkin::CheckinConfig::default();
        if let Some(z) = non_empty(raw.checkins.default_zone.clone()) {
            if crate::checkin::schedule::zone(&z).is_none() {
                return Err(bad(
                    "checkins",
                    "default_zone",
                    format!(
                        "[checkins] default_zone = \"{z}\" is not an IANA time zone such as \"Europe/London\""
                    ),
                ));
            }
            checkins.default_zone = z;
        }
        if let Some(q) = raw.checkins.quiet_hours.clone() {
            checkins.quiet = if q.trim().is_empty() {
                None
            } else {
                Some(crate::checkin::schedule::Quiet::parse(&q).ok_or_else(|| {
                    bad(
                        "checkins",
                        "quiet_hours",
                        format!(
                            "[checkins] quiet_hours = \"{q}\" should look like \"21:00-07:00\""
                        ),
                    )
                })?)
            };
        }
        if let Some(h) = raw.checkins.window_hours {
            if !(0.0..=24.0).contains(&h) {
                return Err(bad(
                    "checkins",
                    "window_hours",
                    format!("[checkins] window_hours = {h} must be between 0 and 24"),
                ));
            }
            checkins.window_secs = (h * 3600.0) as i64;
        }
        if let Some(r) = raw.checkins.rate_per_second {
            if !(0.1..=1000.0).contains(&r) {
                return Err(bad(
                    "checkins",
                    "rate_per_second",
                    format!("[checkins] rate_per_second = {r} must be between 0.1 and 1000"),
                ));
            }
            checkins.rate_per_second = r;
        }
        let mut languages = Languages::default();
        if let Some(d) = non_empty(raw.languages.default.clone()) {
            languages.default = d;
        }
        languages.enabled = raw.languages.enabled.clone().unwrap_or_default();
        for (key, code) in std::iter::once(("default", &languages.default))
            .chain(languages.enabled.iter().map(|c| ("enabled", c)))
        {
            if code.parse::<unic_langid::LanguageIdentifier>().is_err() {
                return Err(bad(
                    "languages",
                    key,
                    format!("[languages] {key}: \"{code}\" is not a language code such as \"es\""),
                ));
            }
        }
        Ok(Settings {
            file: path.map(Path::to_path_buf),
            token: non_empty(env("TELOXIDE_TOKEN")).or(non_empty(raw.bot.token)),
            api_url: non_empty(env("TELOXIDE_API_URL")).or(non_empty(raw.bot.api_url)),
            proxy: non_empty(env("TELOXIDE_PROXY")).or(non_empty(raw.bot.proxy)),
            username: non_empty(raw.bot.username),
            protect_content: raw.bot.protect_content.unwrap_or(true),
            data_dir: non_empty(env("RESTRIDE_DATA_DIR"))
                .map(PathBuf::from)
                .or(raw.store.data_dir)
                .unwrap_or_else(|| PathBuf::from("data")),
            store_url: match non_empty(env("DATABASE_URL")).or(non_empty(raw.store.url.clone())) {
                Some(u) if !(u.starts_with("postgres://") || u.starts_with("postgresql://")) => {
                    let from_env = non_empty(env("DATABASE_URL")).is_some();
                    let mut e = bad(
                        "store",
                        "url",
                        "the store URL must be a PostgreSQL URL like postgres://user:password@host:5432/restride (or left out for the embedded store)".into(),
                    );
                    if from_env {
                        e.file = "DATABASE_URL".into();
                        e.line = 0;
                        e.col = 0;
                    }
                    return Err(e);
                }
                other => other,
            },
            cache_capacity_mb: raw.store.cache_capacity_mb.unwrap_or(64),
            retention_days: raw.store.retention_days.unwrap_or(365),
            emergency_number: non_empty(raw.safety.emergency_number)
                .unwrap_or_else(|| DEFAULT_EMERGENCY.into()),
            crisis_line: non_empty(raw.safety.crisis_line).unwrap_or_else(|| DEFAULT_CRISIS.into()),
            support_lines: non_empty(raw.safety.support_lines)
                .unwrap_or_else(|| DEFAULT_SUPPORT.into()),
            neonatal_support: non_empty(raw.safety.neonatal_support)
                .unwrap_or_else(|| DEFAULT_NEONATAL.into()),
            bereavement_support: non_empty(raw.safety.bereavement_support)
                .unwrap_or_else(|| DEFAULT_BEREAVEMENT.into()),
            dialogs_dir: raw.dialogs.dir,
            checkins,
            languages,
            clinics: {
                for (code, c) in &raw.clinics {
                    if !crate::clinic::valid_payload(code) || code.len() > 32 {
                        return Err(bad(
                            &format!("clinics.{code}"),
                            "",
                            format!(
                                "[clinics.{code}]: a clinic code uses only A-Z, a-z, 0-9, _ and - (at most 32)"
                            ),
                        ));
                    }
                    if let Some(z) = &c.time_zone
                        && crate::checkin::schedule::zone(z).is_none()
                    {
                        return Err(bad(
                            &format!("clinics.{code}"),
                            "time_zone",
                            format!(
                                "[clinics.{code}] time_zone = \"{z}\" is not an IANA time zone"
                            ),
                        ));
                    }
                }
                raw.clinics.clone()
            },
            webhook: webhook::settings(&raw.webhook, env, &bad)?,
            http_listen: match non_empty(raw.http.listen) {
                None => None,
                Some(a) => {
                    let addr: std::net::SocketAddr = a.parse().map_err(|_| {
                        bad(
                            "http",
                            "listen",
                            format!(
                                "[http] listen = \"{a}\" is not an address like 127.0.0.1:9091"
                            ),
                        )
                    })?;
                    if !addr.ip().is_loopback() {
                        return Err(bad(
                            "http",
                            "listen",
                            format!(
                                "[http] listen = \"{a}\" must be a loopback address (127.0.0.1 or [::1]): the metrics are for the operator only"
                            ),
                        ));
                    }
                    Some(addr)
                }
            },
        })
    }

    fn parse(file: &str, text: &str) -> Result<Raw, ConfigError> {
        toml::from_str::<Raw>(text).map_err(|e| {
            let (line, col) = e
                .span()
                .map(|s| {
                    let before = &text[..s.start.min(text.len())];
                    let line = before.matches('\n').count() + 1;
                    let col = before
                        .rsplit('\n')
                        .next()
                        .map(|l| l.chars().count() + 1)
                        .unwrap_or(1);
                    (line, col)
                })
                .unwrap_or((0, 0));
            let mut message = e.message().to_owned();
            if message.contains("unknown field") {
                message.push_str(" (see config.example.toml for every setting)");
            }
            ConfigError {
                file: file.to_owned(),
                line,
                col,
                message,
            }
        })
    }

    /// The values texts may use as `{emergency_number}` and friends.
    pub fn constants(&self) -> BTreeMap<String, String> {
        self.constants_base()
    }

    fn constants_base(&self) -> BTreeMap<String, String> {
        BTreeMap::from([
            ("emergency_number".into(), self.emergency_number.clone()),
            ("crisis_line".into(), self.crisis_line.clone()),
            ("support_lines".into(), self.support_lines.clone()),
            ("neonatal_support".into(), self.neonatal_support.clone()),
            (
                "bereavement_support".into(),
                self.bereavement_support.clone(),
            ),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_name_the_line() {
        let err = Settings::parse("c.toml", "[safety]\nemergency_numbr = \"1\"\n").unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("c.toml", 2));
        assert!(err.message.contains("emergency_numbr"), "{err}");
    }

    #[test]
    fn the_environment_wins_and_the_token_is_hidden() {
        let env = |k: &str| (k == "TELOXIDE_TOKEN").then(|| "123:secret".to_owned());
        let s = Settings::load(Some(Path::new("config.example.toml")), &env).unwrap();
        assert_eq!(s.token.as_deref(), Some("123:secret"));
        assert!(!format!("{s:?}").contains("secret"));
    }

    #[test]
    fn values_that_make_no_sense_name_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let none = |_: &str| None;
        for (text, line, hint) in [
            (
                "[safety]\nemergency_number = \"112\"\n\n[clinics.north]\nname = \"N\"\ntime_zone = \"Mars/Base\"\n",
                6,
                "IANA",
            ),
            ("[clinics.\"bad code\"]\nname = \"x\"\n", 1, "A-Z"),
            (
                "[checkins]\nwindow_hours = 3\nquiet_hours = \"late\"\n",
                3,
                "21:00-07:00",
            ),
            ("[http]\nlisten = \"0.0.0.0:9091\"\n", 2, "loopback"),
        ] {
            let p = dir.path().join("c.toml");
            std::fs::write(&p, text).unwrap();
            let err = Settings::load(Some(&p), &none).unwrap_err();
            assert_eq!(err.line, line, "{err}");
            assert!(err.to_string().contains(hint), "{err}");
            assert!(
                err.to_string().starts_with(&p.display().to_string()),
                "{err}"
            );
        }
    }

    #[test]
    fn booking_links_must_name_referral_codes() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.toml");
        std::fs::write(
            &p,
            "[clinics.north]\nname = \"N\"\nbooking = { pelvic_physio = \"https://x\" }\n",
        )
        .unwrap();
        let s = Settings::load(Some(&p), &|_| None).unwrap();
        let err = s
            .check_referrals(&["gp", "pelvic_floor_physio"])
            .unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        assert!(err.message.contains("pelvic_floor_physio"), "{err}");
        assert!(s.check_referrals(&["pelvic_physio"]).is_ok());
    }
}
