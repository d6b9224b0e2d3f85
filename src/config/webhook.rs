//! `[webhook]`: how `restride run --webhook` receives updates.

use super::ConfigError;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWebhook {
    listen: Option<String>,
    path: Option<String>,
    public_url: Option<String>,
    secret_token: Option<String>,
    register: Option<bool>,
}

/// How `restride run --webhook` receives updates.
#[derive(Clone, Debug)]
pub struct Webhook {
    /// Where Telegram's requests arrive (and `/healthz`).
    pub listen: std::net::SocketAddr,
    /// The path they arrive on.
    pub path: String,
    /// The address Telegram is given (`setWebhook`).
    pub public_url: Option<String>,
    /// What Telegram sends in `X-Telegram-Bot-Api-Secret-Token`.
    pub secret: Option<String>,
    /// Whether to call `setWebhook` at start (false: the operator does).
    pub register: bool,
}

/// The checked `[webhook]` table (the secret from `RESTRIDE_WEBHOOK_SECRET`
/// first); `bad` makes an error at a key's line.
pub(super) fn settings(
    w: &RawWebhook,
    env: &dyn Fn(&str) -> Option<String>,
    bad: &dyn Fn(&str, &str, String) -> ConfigError,
) -> Result<Webhook, ConfigError> {
    let non_empty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let listen = non_empty(w.listen.clone()).unwrap_or_else(|| "0.0.0.0:8080".into());
    let listen = listen.parse().map_err(|_| {
        bad(
            "webhook",
            "listen",
            format!("[webhook] listen = \"{listen}\" is not an address like 0.0.0.0:8080"),
        )
    })?;
    let path = non_empty(w.path.clone()).unwrap_or_else(|| "/telegram".into());
    if !path.starts_with('/') || path == "/healthz" {
        return Err(bad(
            "webhook",
            "path",
            format!(
                "[webhook] path = \"{path}\" must start with / (like /telegram) and not be /healthz"
            ),
        ));
    }
    let public_url = non_empty(w.public_url.clone());
    if let Some(u) = &public_url
        && reqwest::Url::parse(u).map_or(true, |u| !matches!(u.scheme(), "https" | "http"))
    {
        return Err(bad(
            "webhook",
            "public_url",
            format!(
                "[webhook] public_url = \"{u}\" is not an address like https://bot.example.org/telegram"
            ),
        ));
    }
    let from_env = non_empty(env("RESTRIDE_WEBHOOK_SECRET"));
    let secret = from_env.clone().or(non_empty(w.secret_token.clone()));
    if let Some(t) = &secret
        && (t.len() > 256
            || !t
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    {
        let mut e = bad(
            "webhook",
            "secret_token",
            "the webhook secret may hold only A-Z, a-z, 0-9, _ and - (1 to 256 characters), as Telegram requires".into(),
        );
        if from_env.is_some() {
            e.file = "RESTRIDE_WEBHOOK_SECRET".into();
            e.line = 0;
            e.col = 0;
        }
        return Err(e);
    }
    Ok(Webhook {
        listen,
        path,
        public_url,
        secret,
        register: w.register.unwrap_or(true),
    })
}

#[cfg(test)]
mod tests {
    use crate::config::Settings;

    fn load(text: &str, env: &[(&str, &str)]) -> Result<Settings, String> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, text).unwrap();
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::load(Some(&p), &|k| {
            env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
        })
        .map_err(|e| {
            e.to_string()
                .replace(&p.display().to_string(), "config.toml")
        })
    }

    #[test]
    fn webhook_and_store_settings_say_where_a_mistake_is() {
        let s = load("[webhook]\npublic_url = \"https://b.example/t\"\n", &[]).unwrap();
        assert_eq!(s.webhook.listen.to_string(), "0.0.0.0:8080");
        assert_eq!(s.webhook.path, "/telegram");
        assert!(s.webhook.register && s.webhook.secret.is_none() && s.store_url.is_none());
        let s = load(
            "[webhook]\nsecret_token = \"abc\"\n",
            &[("RESTRIDE_WEBHOOK_SECRET", "env_1")],
        );
        assert_eq!(
            s.unwrap().webhook.secret.as_deref(),
            Some("env_1"),
            "the environment wins"
        );
        let errors = [
            load("[webhook]\n\nlisten = \"everywhere\"\n", &[]),
            load("[webhook]\npath = \"telegram\"\n", &[]),
            load("[webhook]\nsecret_token = \"has spaces\"\n", &[]),
            load("[store]\nurl = \"mysql://x\"\n", &[]),
            load("", &[("DATABASE_URL", "sqlite://x")]),
        ];
        let errors: Vec<String> = errors.into_iter().map(|e| e.unwrap_err()).collect();
        insta::assert_snapshot!(errors.join("\n"));
    }
}
