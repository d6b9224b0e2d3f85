//! Callback data: a question's button is `<flow version>|<node>|<nonce>|<action>`;
//! the other buttons are short prefixed forms (`del|yes`, `sh|y`, `ci|t|0830`,
//! `of|<id>|y`, `up|<what>`, `pt|<page>`). At most 64 bytes. Anything else (an
//! old format, a forged payload) decodes to [`Action::Unknown`]: a button that
//! has moved on.

use crate::outbox::{Action, CheckinStep, ShareChoice};

/// Telegram's limit for callback data.
pub const MAX: usize = 64;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Callback {
    pub version: u32,
    pub node: String,
    pub nonce: u32,
    pub action: String,
}

pub fn encode(c: &Callback) -> Option<String> {
    let s = format!("{}|{}|{}|{}", c.version, c.node, c.nonce, c.action);
    (s.len() <= MAX).then_some(s)
}

pub fn decode(data: &str) -> Option<Callback> {
    if data.len() > MAX {
        return None;
    }
    let mut parts = data.split('|');
    let version = parts.next()?.parse().ok()?;
    let node = parts.next()?.to_owned();
    let nonce = parts.next()?.parse().ok()?;
    let action = parts.next()?.to_owned();
    let ok = parts.next().is_none()
        && !node.is_empty()
        && node.len() <= 32
        && node.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !action.is_empty()
        && action.len() <= 8
        && action.bytes().all(|b| b.is_ascii_alphanumeric());
    ok.then_some(Callback {
        version,
        node,
        nonce,
        action,
    })
}

/// The callback data of a button (None: over Telegram's 64 bytes).
pub fn encode_action(a: &Action) -> Option<String> {
    let s = match a {
        Action::Question {
            version,
            node,
            nonce,
            action,
        } => {
            return encode(&Callback {
                version: *version,
                node: node.clone(),
                nonce: *nonce,
                action: action.clone(),
            });
        }
        Action::Delete { confirm } => format!("del|{}", if *confirm { "yes" } else { "no" }),
        Action::Share { choice } => format!(
            "sh|{}",
            match choice {
                ShareChoice::Yes => "y",
                ShareChoice::No => "n",
                ShareChoice::Withdraw => "w",
                ShareChoice::Keep => "k",
                ShareChoice::NoCode => "c",
            }
        ),
        Action::Patients { page } => format!("pt|{page}"),
        Action::Update { what } => format!("up|{what}"),
        Action::Offer { id, accept } => format!("of|{id}|{}", if *accept { "y" } else { "n" }),
        Action::Checkin { step } => match step {
            CheckinStep::Yes => "ci|yes".into(),
            CheckinStep::No => "ci|no".into(),
            CheckinStep::Time => "ci|time".into(),
            CheckinStep::At { hhmm } => format!("ci|t|{hhmm}"),
            CheckinStep::OtherTime => "ci|t|other".into(),
            CheckinStep::PickZone => "ci|z|pick".into(),
            CheckinStep::Zone { zone } => format!("ci|z|{zone}"),
            CheckinStep::Pause { days: Some(d) } => format!("ci|p|{d}"),
            CheckinStep::Pause { days: None } => "ci|p|open".into(),
            CheckinStep::Resume => "ci|resume".into(),
            CheckinStep::Now => "ci|now".into(),
        },
        Action::Language { code } => format!("lg|{code}"),
        Action::Unknown => "x".into(),
    };
    (s.len() <= MAX).then_some(s)
}

/// What a button's callback data asks for.
pub fn decode_action(data: &str) -> Action {
    if data.len() > MAX {
        return Action::Unknown;
    }
    let parts: Vec<&str> = data.split('|').collect();
    let word = |p: &str| {
        !p.is_empty()
            && p.len() <= 40
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_/-+".contains(&b))
    };
    match parts.as_slice() {
        ["del", "yes"] => Action::Delete { confirm: true },
        ["del", "no"] => Action::Delete { confirm: false },
        ["sh", c] => {
            let choice = match *c {
                "y" => ShareChoice::Yes,
                "n" => ShareChoice::No,
                "w" => ShareChoice::Withdraw,
                "k" => ShareChoice::Keep,
                "c" => ShareChoice::NoCode,
                _ => return Action::Unknown,
            };
            Action::Share { choice }
        }
        ["lg", code] if word(code) => Action::Language {
            code: (*code).to_owned(),
        },
        ["pt", p] => match p.parse() {
            Ok(page) => Action::Patients { page },
            Err(_) => Action::Unknown,
        },
        ["up", w] if word(w) => Action::Update {
            what: (*w).to_owned(),
        },
        ["of", id, y] if word(id) && (*y == "y" || *y == "n") => Action::Offer {
            id: (*id).to_owned(),
            accept: *y == "y",
        },
        ["ci", rest @ ..] => {
            let step = match rest {
                ["yes"] => CheckinStep::Yes,
                ["no"] => CheckinStep::No,
                ["time"] => CheckinStep::Time,
                ["t", "other"] => CheckinStep::OtherTime,
                ["t", t] if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) => {
                    CheckinStep::At {
                        hhmm: (*t).to_owned(),
                    }
                }
                ["z", "pick"] => CheckinStep::PickZone,
                ["z", z] if word(z) => CheckinStep::Zone {
                    zone: (*z).to_owned(),
                },
                ["p", "open"] => CheckinStep::Pause { days: None },
                ["p", d] => match d.parse::<u32>() {
                    Ok(days) => CheckinStep::Pause { days: Some(days) },
                    Err(_) => return Action::Unknown,
                },
                ["resume"] => CheckinStep::Resume,
                ["now"] => CheckinStep::Now,
                _ => return Action::Unknown,
            };
            Action::Checkin { step }
        }
        _ => match decode(data) {
            Some(c) => Action::Question {
                version: c.version,
                node: c.node,
                nonce: c.nonce,
                action: c.action,
            },
            None => Action::Unknown,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn round_trip() {
        let c = Callback {
            version: 1,
            node: "back_serious_signs".into(),
            nonce: 4_000_000_000,
            action: "t4".into(),
        };
        let s = encode(&c).unwrap();
        assert!(s.len() <= MAX);
        assert_eq!(decode(&s), Some(c));
    }

    #[test]
    fn forged_data_is_refused() {
        for bad in [
            "",
            "1|x",
            "a|b|c|d",
            "1|node|5|t1|extra",
            "1|no de|5|t1",
            "1|node|-5|t1",
            "1||5|t1",
        ] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn decoding_anything_never_panics(data in ".{0,80}") {
            let _ = decode(&data);
        }

        #[test]
        fn actions_decode_back_from_their_data(data in ".{0,70}") {
            let a = decode_action(&data);
            if let Some(again) = encode_action(&a) {
                prop_assert_eq!(decode_action(&again), a);
            }
        }

        #[test]
        fn what_decodes_encodes_back(v in 0u32..100, node in "[a-z_]{1,32}", nonce in any::<u32>(), action in "[a-z0-9]{1,4}") {
            let c = Callback { version: v, node, nonce, action };
            let s = encode(&c).unwrap();
            prop_assert_eq!(decode(&s), Some(c));
        }
    }
}
