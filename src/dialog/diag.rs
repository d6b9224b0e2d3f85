//! Diagnostics for dialog files, printed like a compiler's.

use std::fmt;

/// A place in a dialog file (1-based line and column).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub file: String,
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(file: &str, loc: &serde_saphyr::Location) -> Pos {
        Pos {
            file: file.to_owned(),
            line: loc.line() as u32,
            col: loc.column() as u32,
        }
    }

    pub fn file_only(file: &str) -> Pos {
        Pos {
            file: file.to_owned(),
            line: 0,
            col: 0,
        }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file)
        } else {
            write!(f, "{}:{}:{}", self.file, self.line, self.col)
        }
    }
}

/// One problem found in the dialog files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub pos: Pos,
    pub node: Option<String>,
    pub message: String,
    pub hint: Option<String>,
    /// How many characters to underline (at least one).
    pub width: usize,
}

impl Diagnostic {
    pub fn new(pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            pos,
            node: None,
            message: message.into(),
            hint: None,
            width: 1,
        }
    }

    pub fn node(mut self, node: &str) -> Diagnostic {
        self.node = Some(node.to_owned());
        self
    }

    /// Names the node the problem is in.
    pub fn in_node(&mut self, node: &str) -> &mut Diagnostic {
        self.node = Some(node.to_owned());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn width(mut self, width: usize) -> Diagnostic {
        self.width = width.max(1);
        self
    }

    /// Renders the diagnostic with the offending line and a caret under it.
    /// `source` is the text of the file the diagnostic points into.
    pub fn render(&self, source: Option<&str>) -> String {
        let mut out = format!("error: {}\n  --> {}\n", self.message, self.pos);
        if let Some(line) = source
            .filter(|_| self.pos.line > 0)
            .and_then(|s| s.lines().nth(self.pos.line as usize - 1))
        {
            let num = self.pos.line.to_string();
            let pad = " ".repeat(num.len());
            let col = (self.pos.col.max(1) - 1) as usize;
            let before: String = line
                .chars()
                .take(col)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let avail = line.chars().count().saturating_sub(col).max(1);
            out.push_str(&format!(
                "{pad} |\n{num} | {line}\n{pad} | {before}{}\n",
                "^".repeat(self.width.min(avail))
            ));
        }
        if let Some(node) = &self.node {
            out.push_str(&format!("   = in node `{node}`\n"));
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("   = help: {hint}\n"));
        }
        out
    }
}

/// The closest name in `candidates` to `word`, for "did you mean" hints.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1))
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_line_and_caret() {
        let d = Diagnostic::new(
            Pos {
                file: "a.yaml".into(),
                line: 2,
                col: 9,
            },
            "transition to unknown node `ned`",
        )
        .node("start")
        .hint("did you mean `end`?")
        .width(3);
        let text = d.render(Some("nodes:\n  next: ned\n"));
        assert!(text.contains("2 |   next: ned"), "{text}");
        assert!(text.contains("^^^"), "{text}");
    }

    #[test]
    fn suggests_close_names() {
        assert_eq!(closest("nxt", ["next", "when", "text"]), Some("next"));
        assert_eq!(closest("zzzzzz", ["next"]), None);
    }
}
