//! Reading typed answers: numbers with units, yes/no words, option numbers.

/// Reads a whole number, "16 weeks", "4 months" (when `months` is allowed) or
/// a birth date `YYYY-MM-DD` (weeks since then, given `now` in Unix seconds).
/// Returns the number in the question's own unit.
pub fn number(input: &str, months: bool, now: i64) -> Option<i64> {
    let t = input.trim().to_lowercase();
    if months && let Some(days) = date_days_ago(&t, now) {
        return (days >= 0).then_some(days / 7);
    }
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let num = num.replace(',', ".");
    let unit = unit.trim().trim_end_matches('.');
    if num.is_empty() {
        return None;
    }
    let is_month = matches!(
        unit,
        "m" | "mo" | "mos" | "mth" | "mths" | "month" | "months"
    );
    if is_month {
        if !months {
            return None;
        }
        let m: f64 = num.parse().ok()?;
        if !(0.0..=1000.0).contains(&m) {
            return None;
        }
        // 1 month = 30.44 days; weeks = floor(days / 7).
        return Some(((m * 30.44) / 7.0).floor() as i64);
    }
    let known_unit = unit.is_empty()
        || matches!(
            unit,
            "w" | "wk"
                | "wks"
                | "week"
                | "weeks"
                | "cm"
                | "kg"
                | "kgs"
                | "kilos"
                | "/10"
                | "out of 10"
        );
    if !known_unit || num.contains('.') {
        return None;
    }
    num.parse().ok()
}

fn date_days_ago(t: &str, now: i64) -> Option<i64> {
    let date: jiff::civil::Date = t.parse().ok()?;
    let today = jiff::Timestamp::from_second(now)
        .ok()?
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    Some(date.until(today).ok()?.get_days() as i64)
}

pub fn yes_no(input: &str, yes: &str, no: &str) -> Option<bool> {
    let t = input.trim().to_lowercase();
    let t = t.trim_end_matches(['.', '!']);
    if t == yes.to_lowercase() || matches!(t, "yes" | "y" | "yeah" | "yep" | "1" | "true" | "agree")
    {
        Some(true)
    } else if t == no.to_lowercase()
        || matches!(t, "no" | "n" | "nope" | "2" | "false" | "disagree")
    {
        Some(false)
    } else {
        None
    }
}

/// Option numbers typed as "2" or "1, 3 5".
pub fn indices(input: &str, count: usize) -> Option<Vec<usize>> {
    let parts: Vec<&str> = input
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect();
    if parts.is_empty() {
        return None;
    }
    parts
        .into_iter()
        .map(|p| {
            p.parse::<usize>()
                .ok()
                .filter(|n| (1..=count).contains(n))
                .map(|n| n - 1)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_000_000; // 2026-11-18

    #[test]
    fn numbers_with_units() {
        assert_eq!(number("16", true, NOW), Some(16));
        assert_eq!(number("16 weeks", true, NOW), Some(16));
        assert_eq!(number("16w", true, NOW), Some(16));
        assert_eq!(number("4 months", true, NOW), Some(17));
        assert_eq!(number("4 months", false, NOW), None);
        assert_eq!(number("1 month", true, NOW), Some(4));
        assert_eq!(number("sixteen", true, NOW), None);
        assert_eq!(number("16.5", true, NOW), None);
        assert_eq!(number("-3", true, NOW), None);
        assert_eq!(number("170 cm", false, NOW), Some(170));
    }

    #[test]
    fn birth_dates_become_weeks() {
        assert_eq!(number("2026-11-04", true, NOW), Some(2));
        assert_eq!(number("2030-01-01", true, NOW), None);
    }

    #[test]
    fn yes_and_no_words() {
        assert_eq!(yes_no("Yes", "Agree", "Disagree"), Some(true));
        assert_eq!(yes_no("disagree", "Agree", "Disagree"), Some(false));
        assert_eq!(yes_no("maybe", "Yes", "No"), None);
    }

    #[test]
    fn option_numbers() {
        assert_eq!(indices("1, 3", 4), Some(vec![0, 2]));
        assert_eq!(indices("5", 4), None);
        assert_eq!(indices("", 4), None);
    }
}
