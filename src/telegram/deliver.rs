//! Sending the outbox: in order per chat, with retries, marking each entry
//! sent only after Telegram accepted it.

use super::callback::encode_action;
use super::markup::{strip_html, to_html};
use super::pacer::Pacer;
use crate::outbox::{Button, Out};
use crate::store::{Shown, Store, StoreError};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::{
    ChatAction, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, LinkPreviewOptions,
    MessageId, ParseMode,
};

/// Whether health data (plans, staff summaries, files) is sent with
/// `protect_content` (`[bot] protect_content`, on unless turned off).
static PROTECT: AtomicBool = AtomicBool::new(true);

pub fn protect_content(on: bool) {
    PROTECT.store(on, Ordering::Relaxed);
}

fn protect(wanted: bool) -> bool {
    wanted && PROTECT.load(Ordering::Relaxed)
}

/// Link previews are off: a booking link in a plan is a link, not a card.
fn no_preview() -> LinkPreviewOptions {
    LinkPreviewOptions {
        is_disabled: true,
        url: None,
        prefer_small_media: false,
        prefer_large_media: false,
        show_above_text: false,
    }
}

/// Telegram refused our HTML (it never should: `to_html` balances it).
fn bad_entities(e: &RequestError) -> bool {
    matches!(e, RequestError::Api(api) if api.to_string().to_lowercase().contains("can't parse entities"))
}

/// How a send ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Sent {
    Done,
    /// Telegram refused it for good (blocked, deleted message…): dropped.
    Refused,
    /// Taken back from the outbox while it waited (her erasure or withdrawal,
    /// a staff member's removal): not sent.
    TakenBack,
    /// Its claim ran out while it waited and another sender took it: left
    /// to that sender.
    Elsewhere,
}

/// Whether an entry that waited is still this sender's to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Still {
    Queued,
    TakenBack,
    Elsewhere,
}

/// Renews the claim on `rest` (the entry about to be sent first) taken or
/// last renewed at `since`: whether that entry is still ours to send, was
/// taken back, or went to another sender after the claim ran out.
fn hold(store: &dyn Store, chat: i64, rest: &[u64], since: &AtomicI64) -> Still {
    let now = jiff::Timestamp::now().as_second();
    let from = since.load(Ordering::Relaxed);
    match store.renew_claim(chat, rest, from, now) {
        Ok(held) => {
            if !held.is_empty() {
                since.store(now, Ordering::Relaxed);
            }
            if held.contains(&rest[0]) {
                Still::Queued
            } else if store
                .outbox(chat)
                .map_or(true, |o| o.iter().any(|(s, _)| *s == rest[0]))
            {
                Still::Elsewhere
            } else {
                Still::TakenBack
            }
        }
        // A single process is the only sender; a shared store's claims are
        // the sweep's to take up again once they run out.
        Err(_) if !store.shared() => Still::Queued,
        Err(_) => Still::Elsewhere,
    }
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
/// `retry_after`) until it succeeds, is refused, `stop` says to give up, or
/// it is no longer ours to send (`queued`, asked before each retry).
pub async fn send_one(
    bot: &Bot,
    store: &dyn Store,
    chat: i64,
    out: &Out,
    stop: &(dyn Fn() -> bool + Sync),
    queued: &(dyn Fn() -> Still + Sync),
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
                // Shutting down: no more retries (what is unsent stays in the
                // outbox for the next start).
                let stopping = || StoreError::Other("shutting down with unsent messages".into());
                if stop() {
                    return Err(stopping());
                }
                let until = tokio::time::Instant::now() + wait;
                while tokio::time::Instant::now() < until {
                    tokio::time::sleep(Duration::from_millis(100).min(wait)).await;
                    if stop() {
                        return Err(stopping());
                    }
                }
                delay = (delay * 2).min(Duration::from_secs(30));
                // What waited may have been taken back meanwhile, or gone to
                // another sender.
                match queued() {
                    Still::Queued => {}
                    Still::TakenBack => return Ok(Sent::TakenBack),
                    Still::Elsewhere => return Ok(Sent::Elsewhere),
                }
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
            protect: wanted,
            ..
        } => {
            let html = to_html(text);
            let send = |plain: bool| {
                let mut req = if plain {
                    bot.send_message(id, strip_html(&html))
                } else {
                    bot.send_message(id, html.clone())
                        .parse_mode(ParseMode::Html)
                };
                req = req
                    .link_preview_options(no_preview())
                    .protect_content(protect(*wanted));
                if !buttons.is_empty() {
                    req = req.reply_markup(keyboard(buttons));
                }
                req
            };
            let msg = match send(false).await {
                Err(e) if bad_entities(&e) => {
                    // Never dropped silently: the same words as plain text.
                    tracing::warn!(chat = %crate::telegram::hashed(chat), "telegram refused the HTML; sent as plain text");
                    send(true).await?
                }
                other => other?,
            };
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
            .protect_content(protect(true))
            .await?;
        }
        Out::Document {
            name,
            bytes,
            caption,
        } => {
            bot.send_document(id, InputFile::memory(bytes.clone()).file_name(name.clone()))
                .caption(caption.clone())
                .protect_content(protect(true))
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
        let now = jiff::Timestamp::now().as_second();
        let pending = store.claim_outbox(chat, now)?;
        if pending.is_empty() {
            return Ok(n);
        }
        let claimed: Vec<u64> = pending.iter().map(|(seq, _)| *seq).collect();
        // When the claim was taken or last renewed: a long wait (a retry, the
        // pacer) renews it, so no other sender takes what is still ours.
        let since = AtomicI64::new(now);
        // The replies' places in the budget, taken together.
        if let Some(p) = pacer {
            p.interactive(
                pending
                    .iter()
                    .filter(|(_, o)| o.expires().is_none())
                    .count() as u32,
            );
        }
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
            }
            // Waiting behind the ones before it or for the pacer, it may have
            // been taken back meanwhile (her erasure or withdrawal, a staff
            // removal), and its claim needs renewing.
            let queued = || hold(store.as_ref(), chat, &claimed[i..], &since);
            if i > 0 || jiff::Timestamp::now().as_second() > since.load(Ordering::Relaxed) {
                match queued() {
                    Still::Queued => {}
                    Still::TakenBack => {
                        store.ack(chat, seq)?;
                        continue;
                    }
                    Still::Elsewhere => return Ok(n),
                }
            }
            match send_one(bot, store.as_ref(), chat, &out, stop, &queued, pacer).await {
                Ok(Sent::TakenBack) => {}
                Ok(Sent::Elsewhere) => return Ok(n),
                Ok(_) => n += 1,
                Err(e) => {
                    // Not sent: the rest are free for the next try.
                    store.release(chat, &claimed[i..], since.load(Ordering::Relaxed));
                    return Err(e);
                }
            }
            store.ack(chat, seq)?;
        }
    }
}
