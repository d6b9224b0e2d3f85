//! Filling `{placeholders}` in texts: the one filler every text goes through.

use super::Env;
use crate::engine::value::Value;
use std::collections::BTreeMap;

/// Fills `{placeholders}`: variables, configured constants and `{text.name}`.
pub fn render(env: &Env, vars: &BTreeMap<String, Value>, text: &str) -> String {
    render_with(env, vars, &[], text)
}

/// Like [`render`], with arguments that come first (`{min}`, `{answer}`, …).
pub fn render_with(
    env: &Env,
    vars: &BTreeMap<String, Value>,
    args: &[(&str, &str)],
    text: &str,
) -> String {
    render_depth(env, vars, args, text, 0)
}

fn render_depth(
    env: &Env,
    vars: &BTreeMap<String, Value>,
    args: &[(&str, &str)],
    text: &str,
    depth: u8,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let name = &after[..close];
        let value = if let Some(t) = name.strip_prefix("text.") {
            (depth < 3).then(|| render_depth(env, vars, args, env.dialogs.text(t), depth + 1))
        } else if let Some((_, v)) = args.iter().find(|(k, _)| *k == name) {
            Some((*v).to_owned())
        } else if let Some(v) = vars.get(name) {
            Some(v.to_string())
        } else {
            env.constants.get(name).cloned()
        };
        match value {
            Some(v) => out.push_str(&v),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_come_before_variables_and_constants() {
        let d = crate::dialog::compile(&crate::dialog::load::Sources::embedded()).unwrap();
        let constants = BTreeMap::from([("emergency_number".to_owned(), "112".to_owned())]);
        let env = Env {
            dialogs: &d,
            constants: &constants,
        };
        let vars = BTreeMap::from([("x".to_owned(), Value::Int(3))]);
        assert_eq!(
            render_with(&env, &vars, &[("x", "7")], "{x} {emergency_number} {nope}"),
            "7 112 {nope}"
        );
        assert_eq!(render(&env, &vars, "{x}"), "3");
    }
}
