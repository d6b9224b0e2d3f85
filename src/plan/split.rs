//! Splitting a plan into messages under Telegram's limit.

/// Joins sections into messages under `max` characters, splitting only
/// between sections (a section longer than `max` is split at line ends).
pub fn split(sections: &[String], max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let push = |cur: &mut String, piece: &str, out: &mut Vec<String>| {
        if !cur.is_empty() && cur.chars().count() + 2 + piece.chars().count() > max {
            out.push(std::mem::take(cur));
        }
        if !cur.is_empty() {
            cur.push_str("\n\n");
        }
        cur.push_str(piece);
    };
    for sec in sections {
        if sec.chars().count() <= max {
            push(&mut cur, sec, &mut out);
            continue;
        }
        for line in sec.lines() {
            let line: String = line.chars().take(max).collect();
            if !cur.is_empty() && cur.chars().count() + 1 + line.chars().count() > max {
                out.push(std::mem::take(&mut cur));
            }
            if !cur.is_empty() {
                cur.push('\n');
            }
            cur.push_str(&line);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn splits_between_sections_under_the_limit() {
        let secs = vec!["a".repeat(3000), "b".repeat(3000), "c".repeat(10)];
        let parts = split(&secs, 4096);
        assert_eq!(parts.len(), 2);
        assert!(parts.iter().all(|p| p.chars().count() <= 4096));
        assert!(parts[1].starts_with('b'));
    }

    #[test]
    fn a_long_section_is_split_at_lines() {
        let long = (0..200)
            .map(|i| format!("line {i} {}", "x".repeat(40)))
            .collect::<Vec<_>>()
            .join("\n");
        let parts = split(&[long], 4096);
        assert!(parts.len() > 1);
        assert!(parts.iter().all(|p| p.chars().count() <= 4096));
    }
}
