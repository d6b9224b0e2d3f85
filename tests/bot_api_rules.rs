//! The Bot API's rules for the requests Restride makes (Bot API 10.1, and tdlib's HTML parser
//! for `parse_mode` HTML), as a pure validator: [`check`] answers `Err` with the description
//! real Telegram gives for a request it refuses with 400; [`product_violations`] lists what
//! Telegram accepts but Restride promised never to do (link previews on, channel posts asked
//! for).
//!
//! The fake Bot API (`tests/fake_api.rs`) runs every call it receives through both, so every
//! process test checks every request the bot makes. Loaded from there as
//! `#[path = "bot_api_rules.rs"] pub mod rules;` (the example `loadtest` includes it too).
//!
//! Descriptions: the HTML ones are tdlib's own words (`parse_html` in
//! td/telegram/MessageEntity.cpp) behind the Bot API's "Bad Request: can't parse entities: ";
//! the others are what the Bot API answers as far as it is documented or commonly reported.

use serde_json::Value;

/// Longest message text, in UTF-16 code units after entity parsing.
pub const MAX_TEXT: usize = 4096;
/// Longest media caption, in UTF-16 code units after entity parsing.
pub const MAX_CAPTION: usize = 1024;
/// Longest `answerCallbackQuery` text.
pub const MAX_TOAST: usize = 200;
/// Longest callback data, in bytes.
pub const MAX_CALLBACK_DATA: usize = 64;

const TAGS: [&str; 16] = [
    "a",
    "b",
    "strong",
    "i",
    "em",
    "s",
    "strike",
    "del",
    "u",
    "ins",
    "tg-spoiler",
    "tg-emoji",
    "span",
    "pre",
    "code",
    "blockquote",
];

const SURROGATE: &str = "Text contains invalid Unicode characters after decoding HTML entities, \
                         check for unmatched surrogate code units";

/// `Err(description)` if real Telegram refuses this call with 400, as it words it.
pub fn check(method: &str, params: &Value) -> Result<(), String> {
    let m = method.to_ascii_lowercase();
    match m.as_str() {
        "sendmessage" | "editmessagetext" => {
            let text = field(params, "text").unwrap_or_default();
            let shown = formatted(&text, params).map_err(entities_error)?;
            let length = utf16(shown.trim());
            if length == 0 {
                return Err("Bad Request: message text is empty".to_owned());
            }
            if length > MAX_TEXT {
                return Err("Bad Request: message is too long".to_owned());
            }
        }
        "sendphoto" | "senddocument" | "sendvideo" | "sendanimation" | "sendaudio"
        | "sendvoice" | "editmessagecaption" | "copymessage" => {
            if let Some(caption) = field(params, "caption") {
                let shown = formatted(&caption, params).map_err(entities_error)?;
                if utf16(shown.trim()) > MAX_CAPTION {
                    return Err("Bad Request: message caption is too long".to_owned());
                }
            }
        }
        "answercallbackquery" if field(params, "text").is_some_and(|t| utf16(&t) > MAX_TOAST) => {
            return Err("Bad Request: MESSAGE_TOO_LONG".to_owned());
        }
        "setmycommands" => check_commands(params)?,
        _ => {}
    }
    if let Some(markup) = json_field(params, "reply_markup") {
        check_markup(&markup)?;
    }
    Ok(())
}

/// What Telegram accepts but Restride must never do (each a sentence naming the rule).
pub fn product_violations(method: &str, params: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let m = method.to_ascii_lowercase();
    if m == "sendmessage" {
        let disabled = json_field(params, "link_preview_options")
            .and_then(|o| o.get("is_disabled").and_then(Value::as_bool))
            .unwrap_or(false);
        if !disabled {
            found.push(
                "sendMessage without link_preview_options.is_disabled = true (links would show \
                 preview cards)"
                    .to_owned(),
            );
        }
    }
    if m == "getupdates"
        && let Some(allowed) = json_field(params, "allowed_updates")
    {
        let kinds: Vec<&str> = allowed
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        // An empty list asks for every kind but chat_member and reactions.
        if kinds.is_empty() || kinds.iter().any(|k| k.ends_with("channel_post")) {
            found.push(format!(
                "getUpdates asks for channel posts (allowed_updates {allowed}): channels must \
                 be left alone"
            ));
        }
    }
    found
}

/// The text Telegram shows for `text` sent with the call's `parse_mode`.
fn formatted(text: &str, params: &Value) -> Result<String, String> {
    match field(params, "parse_mode") {
        Some(mode) if mode.eq_ignore_ascii_case("html") => parse_html(text),
        _ => Ok(text.to_owned()),
    }
}

fn entities_error(tdlib: String) -> String {
    format!("Bad Request: can't parse entities: {tdlib}")
}

/// Length as Telegram counts it: UTF-16 code units.
pub fn utf16(text: &str) -> usize {
    text.encode_utf16().count()
}

/// A string field (numbers and booleans from form bodies as their text).
fn field(params: &Value, key: &str) -> Option<String> {
    match params.get(key)? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// A JSON field (multipart bodies carry objects as JSON text).
fn json_field(params: &Value, key: &str) -> Option<Value> {
    match params.get(key)? {
        Value::Null => None,
        Value::String(s) => serde_json::from_str(s)
            .ok()
            .or(Some(Value::String(s.clone()))),
        other => Some(other.clone()),
    }
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n' | 0 | 0x0b)
}

/// tdlib's `decode_html_entity`: the character and the index after the entity, or None
/// (then the `&` is an ordinary character).
fn decode_entity(text: &[u8], pos: usize) -> Option<(char, usize)> {
    let at = |i: usize| text.get(i).copied().unwrap_or(0);
    let mut end = pos + 1;
    let code: u32 = if at(end) == b'#' {
        end += 1;
        let mut code: u32 = 0;
        if at(end) == b'x' {
            end += 1;
            while at(end).is_ascii_hexdigit() {
                code = code
                    .saturating_mul(16)
                    .saturating_add((at(end) as char).to_digit(16)?);
                end += 1;
            }
        } else {
            while at(end).is_ascii_digit() {
                code = code
                    .saturating_mul(10)
                    .saturating_add(u32::from(at(end) - b'0'));
                end += 1;
            }
        }
        if code == 0 || code >= 0x10ffff || end - pos >= 10 {
            return None;
        }
        code
    } else {
        while at(end).is_ascii_alphabetic() {
            end += 1;
        }
        match &text[pos + 1..end] {
            b"lt" => u32::from('<'),
            b"gt" => u32::from('>'),
            b"amp" => u32::from('&'),
            b"quot" => u32::from('"'),
            _ => return None,
        }
    };
    if at(end) == b';' {
        end += 1;
    }
    // A surrogate: refused by the caller.
    Some((char::from_u32(code).unwrap_or('\0'), end))
}

/// tdlib's HTML parser (`parse_html`): the plain text Telegram shows, or tdlib's error.
pub fn parse_html(html: &str) -> Result<String, String> {
    let text = html.as_bytes();
    let at = |i: usize| text.get(i).copied().unwrap_or(0);
    let lower = |from: usize, to: usize| String::from_utf8_lossy(&text[from..to]).to_lowercase();
    let mut result: Vec<u8> = Vec::with_capacity(text.len());
    let mut open: Vec<String> = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let c = text[i];
        if c == b'&'
            && let Some((ch, next)) = decode_entity(text, i)
        {
            if ch == '\0' {
                return Err(SURROGATE.to_owned());
            }
            result.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
            i = next;
            continue;
        }
        if c != b'<' {
            result.push(c);
            i += 1;
            continue;
        }
        let begin = i;
        i += 1;
        if at(i) != b'/' {
            while !is_space(at(i)) && at(i) != b'>' {
                i += 1;
            }
            if at(i) == 0 {
                return Err(format!("Unclosed start tag at byte offset {begin}"));
            }
            let tag = lower(begin + 1, i);
            if !TAGS.contains(&tag.as_str()) {
                return Err(format!(
                    "Unsupported start tag \"{tag}\" at byte offset {begin}"
                ));
            }
            let mut argument = String::new();
            while at(i) != b'>' {
                while at(i) != 0 && is_space(at(i)) {
                    i += 1;
                }
                if at(i) == b'>' {
                    break;
                }
                let name_begin = i;
                while !is_space(at(i)) && at(i) != b'=' && at(i) != b'>' {
                    i += 1;
                }
                let name = String::from_utf8_lossy(&text[name_begin..i]).into_owned();
                if name.is_empty() {
                    return Err(format!(
                        "Empty attribute name in the tag \"{tag}\" at byte offset {begin}"
                    ));
                }
                while at(i) != 0 && is_space(at(i)) {
                    i += 1;
                }
                if at(i) != b'=' {
                    // An attribute without a value.
                    if at(i) == 0 {
                        return Err(format!(
                            "Unclosed start tag \"{tag}\" at byte offset {begin}"
                        ));
                    }
                    continue;
                }
                i += 1;
                while at(i) != 0 && is_space(at(i)) {
                    i += 1;
                }
                if at(i) == 0 {
                    return Err(format!(
                        "Unclosed start tag \"{tag}\" at byte offset {begin}"
                    ));
                }
                let value = if at(i) != b'\'' && at(i) != b'"' {
                    // A name token: letters, digits, periods and hyphens.
                    let token_begin = i;
                    while at(i).is_ascii_alphanumeric() || at(i) == b'.' || at(i) == b'-' {
                        i += 1;
                    }
                    if !is_space(at(i)) && at(i) != b'>' {
                        return Err(format!(
                            "Unexpected end of name token at byte offset {token_begin}"
                        ));
                    }
                    lower(token_begin, i)
                } else {
                    let quote = at(i);
                    i += 1;
                    let mut value = Vec::new();
                    while at(i) != quote && at(i) != 0 {
                        if at(i) == b'&'
                            && let Some((ch, next)) = decode_entity(text, i)
                        {
                            value.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                            i = next;
                            continue;
                        }
                        value.push(at(i));
                        i += 1;
                    }
                    if at(i) == quote {
                        i += 1;
                    }
                    String::from_utf8_lossy(&value).into_owned()
                };
                if at(i) == 0 {
                    return Err(format!("Unclosed start tag at byte offset {begin}"));
                }
                if tag == "span" && name == "class" {
                    if let Some(class) = value.strip_prefix("tg-") {
                        argument = class.to_owned();
                    }
                } else if tag == "a" && name == "href" {
                    argument = value;
                }
            }
            if tag == "span" && argument != "spoiler" {
                return Err(format!(
                    "Tag \"span\" must have class \"tg-spoiler\" at byte offset {begin}"
                ));
            }
            open.push(tag);
        } else {
            let Some(tag) = open.pop() else {
                return Err(format!("Unexpected end tag at byte offset {begin}"));
            };
            while !is_space(at(i)) && at(i) != b'>' {
                i += 1;
            }
            let end_name = String::from_utf8_lossy(&text[begin + 2..i]).into_owned();
            while is_space(at(i)) && at(i) != 0 {
                i += 1;
            }
            if at(i) != b'>' {
                return Err(format!("Unclosed end tag at byte offset {begin}"));
            }
            if !end_name.is_empty() && end_name != tag {
                return Err(format!(
                    "Unmatched end tag at byte offset {begin}, expected \"</{tag}>\", found \
                     \"</{end_name}>\""
                ));
            }
        }
        // Past the '>'.
        i += 1;
    }
    if let Some(tag) = open.last() {
        return Err(format!(
            "Can't find end tag corresponding to start tag \"{tag}\""
        ));
    }
    Ok(String::from_utf8_lossy(&result).into_owned())
}

/// An inline keyboard's buttons: text, exactly one action, callback data and URLs as
/// Telegram takes them.
fn check_markup(markup: &Value) -> Result<(), String> {
    let Some(rows) = markup.get("inline_keyboard") else {
        return Ok(());
    };
    let Some(rows) = rows.as_array() else {
        return Err("Bad Request: can't parse reply keyboard markup JSON object".to_owned());
    };
    let unallowed = "Bad Request: can't parse inline keyboard button: Text buttons are \
                     unallowed in the inline keyboard";
    for row in rows {
        let Some(row) = row.as_array() else {
            return Err(
                "Bad Request: can't parse reply keyboard markup JSON object: field \
                 \"inline_keyboard\" must be an array of arrays"
                    .to_owned(),
            );
        };
        for button in row {
            let text = button.get("text").and_then(Value::as_str).unwrap_or("");
            if text.trim().is_empty() {
                return Err("Bad Request: BUTTON_TEXT_INVALID".to_owned());
            }
            if let Some(data) = button.get("callback_data") {
                let data = data.as_str().unwrap_or("");
                if data.is_empty() {
                    return Err(unallowed.to_owned());
                }
                if data.len() > MAX_CALLBACK_DATA {
                    return Err("Bad Request: BUTTON_DATA_INVALID".to_owned());
                }
            } else if let Some(url) = button.get("url") {
                let url = url.as_str().unwrap_or("");
                let lower = url.to_ascii_lowercase();
                let host = lower
                    .strip_prefix("https://")
                    .or_else(|| lower.strip_prefix("http://"));
                if host.is_none() && !lower.starts_with("tg://") {
                    return Err(format!(
                        "Bad Request: inline keyboard button URL '{url}' is invalid: \
                         Unsupported URL protocol"
                    ));
                }
                if host.is_some_and(|h| h.is_empty() || h.starts_with('/')) {
                    return Err(format!(
                        "Bad Request: inline keyboard button URL '{url}' is invalid: Wrong \
                         HTTP URL"
                    ));
                }
            } else if !button.as_object().is_some_and(|b| {
                [
                    "web_app",
                    "login_url",
                    "switch_inline_query",
                    "switch_inline_query_current_chat",
                    "switch_inline_query_chosen_chat",
                    "copy_text",
                    "callback_game",
                    "pay",
                ]
                .iter()
                .any(|k| b.contains_key(*k))
            }) {
                return Err(unallowed.to_owned());
            }
        }
    }
    Ok(())
}

/// `setMyCommands`: at most 100 commands, each 1-32 of `a-z`, `0-9`, `_`, with a
/// description of 1-256 characters.
fn check_commands(params: &Value) -> Result<(), String> {
    let commands = json_field(params, "commands").unwrap_or(Value::Null);
    let Some(commands) = commands.as_array() else {
        return Err("Bad Request: parameter \"commands\" is required".to_owned());
    };
    if commands.len() > 100 {
        return Err("Bad Request: BOT_COMMANDS_TOO_MUCH".to_owned());
    }
    for c in commands {
        let command = c
            .get("command")
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim();
        let command = command.strip_prefix('/').unwrap_or(command);
        if command.is_empty() {
            return Err("Bad Request: command must be non-empty".to_owned());
        }
        if command.chars().count() > 32 {
            return Err("Bad Request: command length must not exceed 32".to_owned());
        }
        if !command
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            return Err("Bad Request: BOT_COMMAND_INVALID".to_owned());
        }
        let description = c
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim();
        if description.is_empty() {
            return Err("Bad Request: command description must be non-empty".to_owned());
        }
        if description.chars().count() > 256 {
            return Err("Bad Request: command description length must not exceed 256".to_owned());
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "fake_api/rules_tests.rs"]
mod tests;
