//! Sending the outbox: in order per chat, with retries, marking each entry
//! sent only after Telegram accepted it.

use super::callback::encode_action;
use super::markup::to_html;
use super::pacer::Pacer;
use crate::outbox::{Button, Out};
use crate::store::{Shown, Store, StoreError};
use std::sync::Arc;
use std::time::Duration;
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::{
    ChatAction, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, MessageId, ParseMode,
};

/// How a send ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Sent {
    Done,
    /// Telegram refused it for good (blocked, deleted message…): dropped.
    Refused,
}

/// Buttons as an inline keyboard; a button whose data would not fit
/// Telegram's 64 bytes is left out.
fn keyboard(rows: &[Vec<Button>]) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(rows.iter().map(|r| {
        r.iter()
            .filter_map(|b| {
                let data = encode_action(&b.action)?;
                Some(InlineKeyboardButton::callback(b.label.clone(), data))
            })
            .collect::<Vec<_>>()
    }))
}

/// Whether an error is worth retrying (Telegram or the network is having a moment).
fn transient(e: &RequestError) -> bool {
    match e {
        RequestError::RetryAfter(_) | RequestError::Network(_) | RequestError::Io(_) => true,
        RequestError::Api(api) => {
            let s = api.to_string().to_lowercase();
            s.contains("internal server error")
                || s.contains("bad gateway")
                || s.contains("gateway")
                || s.contains("unavailable")
        }
        RequestError::InvalidJson { raw, .. } => {
            // Proxies and overloaded servers answer with HTML or an empty body.
            !raw.trim_start().starts_with('{') || raw.contains("\"error_code\":5")
        }
        RequestError::MigrateToChatId(_) => false,
    }
}

/// A short, safe description of an error for logs: never the URL (it holds the token).
pub fn describe(e: &RequestError) -> String {
    match e {
        RequestError::RetryAfter(s) => format!("flood control, retry after {}s", s.seconds()),
        RequestError::Network(n) => {
            if n.is_timeout() {
                "network timeout".into()
            } else if n.is_connect() {
                "cannot connect".into()
            } else {
                "network error".into()
            }
        }
        RequestError::Api(api) => format!("api error: {}", api),
        RequestError::InvalidJson { .. } => "unreadable response".into(),
        RequestError::Io(_) => "i/o error".into(),
        RequestError::MigrateToChatId(_) => "chat migrated".into(),
    }
}

/// Sends one entry, retrying transient failures with backoff (and honouring
/// `retry_after`) until it succeeds, is refused, or `stop` says to give up.
pub async fn send_one(
    bot: &Bot,
    store: &dyn Store,
    chat: i64,
    out: &Out,
    stop: &(dyn Fn() -> bool + Sync),
    pacer: Option<&Pacer>,
) -> Result<Sent, StoreError> {
    let mut delay = Duration::from_millis(200);
    let mut attempts = 0u32;
    loop {
        attempts += 1;
        match try_send(bot, store, chat, out).await {
            Ok(r) => return r,
            Err(e) if transient(&e) => {
                let wait = match &e {
                    RequestError::RetryAfter(s) => {
                        if let Some(p) = pacer {
                            p.pause(s.duration());
                        }
                        s.duration()
                    }
                    _ => delay,
                };
                if attempts == 1 || attempts.is_power_of_two() {
                    tracing::warn!(chat = %crate::telegram::hashed(chat), attempt = attempts, "send failed: {}; retrying", describe(&e));
                }
                if stop() && attempts > 3 {
                    return Err(StoreError::Other(
                        "shutting down with unsent messages".into(),
                    ));
                }
                tokio::time::sleep(wait).await;
                delay = (delay * 2).min(Duration::from_secs(30));
            }
            Err(e) => {
                tracing::warn!(chat = %crate::telegram::hashed(chat), "telegram refused a message: {}", describe(&e));
                return Ok(Sent::Refused);
            }
        }
    }
}

async fn try_send(
    bot: &Bot,
    store: &dyn Store,
    chat: i64,
    out: &Out,
) -> Result<Result<Sent, StoreError>, RequestError> {
    let id = ChatId(chat);
    match out {
        Out::Send {
            text,
            buttons,
            nonce,
            ..
        } => {
            let html = to_html(text);
            let mut req = bot
                .send_message(id, html.clone())
                .parse_mode(ParseMode::Html);
            if !buttons.is_empty() {
                req = req.reply_markup(keyboard(buttons));
            }
            let msg = req.await?;
            if let Some(n) = nonce {
                let shown = Shown {
                    message_id: msg.id.0,
                    text: html,
                };
                if let Err(e) = store.remember_shown(chat, *n, &shown) {
                    return Ok(Err(e));
                }
            }
        }
        Out::Edit {
            nonce,
            text,
            buttons,
        } => {
            let Ok(Some(shown)) = store.shown(chat, *nonce) else {
                return Ok(Ok(Sent::Refused));
            };
            let html = to_html(text);
            let mut req = bot
                .edit_message_text(id, MessageId(shown.message_id), html.clone())
                .parse_mode(ParseMode::Html);
            if !buttons.is_empty() {
                req = req.reply_markup(keyboard(buttons));
            }
            req.await?;
            let _ = store.remember_shown(
                chat,
                *nonce,
                &Shown {
                    message_id: shown.message_id,
                    text: html,
                },
            );
        }
        Out::Answered { nonce, answer } => {
            let Ok(Some(shown)) = store.shown(chat, *nonce) else {
                return Ok(Ok(Sent::Refused));
            };
            bot.edit_message_text(
                id,
                MessageId(shown.message_id),
                format!("{}\n\n{}", shown.text, to_html(answer)),
            )
            .parse_mode(ParseMode::Html)
            .await?;
            // Answered: nothing edits this message again, so its text need not stay on disk.
            // (After a crash before the "sent" mark, the edit is skipped as already done.)
            if let Err(e) = store.forget_shown(chat, *nonce) {
                return Ok(Err(e));
            }
        }
        Out::ClearTapped { tap } => {
            bot.edit_message_reply_markup(id, MessageId(tap.message))
                .await?;
        }
        Out::Toast { tap, text } => {
            let mut req =
                bot.answer_callback_query(teloxide::types::CallbackQueryId(tap.id.clone()));
            if let Some(t) = text {
                req = req.text(t.clone());
            }
            req.await?;
        }
        Out::Typing => {
            bot.send_chat_action(id, ChatAction::Typing).await?;
        }
        Out::Photo { bytes, caption } => {
            bot.send_photo(
                id,
                InputFile::memory(bytes.clone()).file_name("progress.png"),
            )
            .caption(to_html(caption))
            .parse_mode(ParseMode::Html)
            .await?;
        }
        Out::Document {
            name,
            bytes,
            caption,
        } => {
            bot.send_document(id, InputFile::memory(bytes.clone()).file_name(name.clone()))
                .caption(caption.clone())
                .await?;
        }
    }
    Ok(Ok(Sent::Done))
}

/// Sends everything waiting for `chat`, in order: replies at once (using the
/// pacer's budget), scheduled messages when the pacer allows and only while
/// they are still worth sending.
pub async fn drain(
    bot: &Bot,
    store: &Arc<dyn Store>,
    chat: i64,
    stop: &(dyn Fn() -> bool + Sync),
    pacer: Option<&Pacer>,
) -> Result<usize, StoreError> {
    let mut n = 0;
    loop {
        let pending = store.claim_outbox(chat, jiff::Timestamp::now().as_second())?;
        if pending.is_empty() {
            return Ok(n);
        }
        let claimed: Vec<u64> = pending.iter().map(|(seq, _)| *seq).collect();
        let release = |from: usize| {
            for seq in &claimed[from..] {
                store.release(chat, *seq);
            }
        };
        for (i, (seq, out)) in pending.into_iter().enumerate() {
            if let Some(exp) = out.expires() {
                if jiff::Timestamp::now().as_second() > exp {
                    tracing::info!(chat = %crate::telegram::hashed(chat), "a scheduled message expired unsent");
                    store.ack(chat, seq)?;
                    continue;
                }
                if let Some(p) = pacer {
                    p.background().await;
                }
            } else if let Some(p) = pacer {
                p.interactive();
            }
            if let Err(e) = send_one(bot, store.as_ref(), chat, &out, stop, pacer).await {
                // Not sent: the rest are free for the next try.
                release(i);
                return Err(e);
            }
            store.ack(chat, seq)?;
            n += 1;
        }
    }
}
