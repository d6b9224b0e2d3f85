//! Our light markup (`*bold*`, `_italic_`, `\_` for a literal underscore)
//! turned into Telegram HTML, with everything else escaped.

pub fn to_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let chars: Vec<char> = text.chars().collect();
    let (mut bold, mut italic) = (false, false);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = if i == 0 { ' ' } else { chars[i - 1] };
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        match c {
            '\\' if next == '_' || next == '*' => {
                out.push(next);
                i += 1;
            }
            '*' if bold || (!next.is_whitespace() && chars[i + 1..].contains(&'*')) => {
                out.push_str(if bold { "</b>" } else { "<b>" });
                bold = !bold;
            }
            '_' if italic && !next.is_alphanumeric() => {
                out.push_str("</i>");
                italic = false;
            }
            '_' if !italic
                && !prev.is_alphanumeric()
                && !next.is_whitespace()
                && chars[i + 1..].contains(&'_') =>
            {
                out.push_str("<i>");
                italic = true;
            }
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
        i += 1;
    }
    if italic {
        out.push_str("</i>");
    }
    if bold {
        out.push_str("</b>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::to_html;

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
    fn unbalanced_markup_is_closed() {
        assert_eq!(to_html("*open"), "*open");
        assert!(to_html("_a").ends_with('a'));
    }
}
