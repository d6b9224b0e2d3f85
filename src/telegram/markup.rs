//! Our light markup (`*bold*`, `_italic_`, `\_` for a literal underscore)
//! turned into Telegram HTML, with everything else escaped.

/// Telegram's HTML for our markup. Tags always nest: a tag closed while
/// another opened after it is still open closes that one first and opens it
/// again after (`*a _b* c_` is `<b>a <i>b</i></b><i> c</i>`), and whatever
/// is open at the end is closed, so Telegram's parser never refuses it.
pub fn to_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let chars: Vec<char> = text.chars().collect();
    // Open tags, innermost last.
    let mut open: Vec<&str> = Vec::new();
    let toggle = |open: &mut Vec<&'static str>, out: &mut String, tag: &'static str| match open
        .iter()
        .position(|t| *t == tag)
    {
        Some(at) => {
            let above: Vec<&str> = open.drain(at..).collect();
            for t in above.iter().rev() {
                out.push_str(&format!("</{t}>"));
            }
            for t in &above[1..] {
                out.push_str(&format!("<{t}>"));
                open.push(t);
            }
        }
        None => {
            out.push_str(&format!("<{tag}>"));
            open.push(tag);
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = if i == 0 { ' ' } else { chars[i - 1] };
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        let bold = open.contains(&"b");
        let italic = open.contains(&"i");
        match c {
            '\\' if next == '_' || next == '*' || next == '\\' => {
                out.push(next);
                i += 1;
            }
            '*' if bold || (!next.is_whitespace() && chars[i + 1..].contains(&'*')) => {
                toggle(&mut open, &mut out, "b");
            }
            '_' if italic && !next.is_alphanumeric() => toggle(&mut open, &mut out, "i"),
            '_' if !italic
                && !prev.is_alphanumeric()
                && !next.is_whitespace()
                && chars[i + 1..].contains(&'_') =>
            {
                toggle(&mut open, &mut out, "i");
            }
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
        i += 1;
    }
    for t in open.iter().rev() {
        out.push_str(&format!("</{t}>"));
    }
    out
}

pub use crate::texts::escape;

/// Plain text of Telegram HTML (when Telegram refuses the HTML).
pub fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_italic_and_escapes() {
        assert_eq!(to_html("*Hi* there"), "<b>Hi</b> there");
        assert_eq!(to_html("_why we ask_"), "<i>why we ask</i>");
        assert_eq!(to_html("/ex\\_walking"), "/ex_walking");
        assert_eq!(to_html("a < b & c"), "a &lt; b &amp; c");
        assert_eq!(to_html("snake_case word"), "snake_case word");
        assert_eq!(to_html("2 * 3"), "2 * 3");
    }

    #[test]
    fn tags_always_nest() {
        assert_eq!(to_html("*a _b* c_"), "<b>a <i>b</i></b><i> c</i>");
        assert_eq!(
            to_html("St *Mary _Women's* Unit_"),
            "St <b>Mary <i>Women's</i></b><i> Unit</i>"
        );
        for t in [
            "*a _b* c_",
            "_a *b_ c*",
            "*_x*_",
            "_*_*",
            "*a* _b_ *c _d* e_",
        ] {
            assert!(balanced(&to_html(t)), "{t} -> {}", to_html(t));
        }
    }

    #[test]
    fn escaped_values_read_as_written() {
        let name = "St *Mary _Women's* Unit_";
        assert_eq!(to_html(&escape(name)), name);
        let url = "https://clinic.example/_pelvic_/book?who=*me*";
        assert_eq!(
            to_html(&format!("Book: {}", escape(url))),
            format!("Book: {url}")
        );
        assert_eq!(to_html(&escape("a\\b")), "a\\b");
    }

    /// Tags open and close like brackets.
    fn balanced(html: &str) -> bool {
        let mut stack = Vec::new();
        let mut rest = html;
        while let Some(at) = rest.find('<') {
            let end = rest[at..]
                .find('>')
                .map(|e| at + e)
                .unwrap_or(rest.len() - 1);
            let tag = &rest[at + 1..end];
            if let Some(name) = tag.strip_prefix('/') {
                if stack.pop() != Some(name.to_owned()) {
                    return false;
                }
            } else {
                stack.push(tag.to_owned());
            }
            rest = &rest[end + 1..];
        }
        stack.is_empty()
    }

    #[test]
    fn unbalanced_markup_is_closed() {
        assert_eq!(to_html("*open"), "*open");
        assert!(to_html("_a").ends_with('a'));
    }
}
