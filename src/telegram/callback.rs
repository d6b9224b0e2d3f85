//! Callback data: `<flow version>|<node>|<nonce>|<action>`, at most 64 bytes.
//! Anything else (an old format, a forged payload) decodes to `None` and is
//! treated as a button that has moved on.

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
        fn what_decodes_encodes_back(v in 0u32..100, node in "[a-z_]{1,32}", nonce in any::<u32>(), action in "[a-z0-9]{1,4}") {
            let c = Callback { version: v, node, nonce, action };
            let s = encode(&c).unwrap();
            prop_assert_eq!(decode(&s), Some(c));
        }
    }
}
