//! Reading typed answers: numbers in digits or words, durations in mixed
//! units, birth dates, yes/no words, option numbers and option labels.

/// What a typed number turned out to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Number {
    /// The number in the question's own unit.
    Value(i64),
    /// An all-number date that reads two ways (day/month or month/day): both.
    Ambiguous(jiff::civil::Date, jiff::civil::Date),
    None,
}

/// Days in a month and a year (SCREENING.md 1: 1 month = 30.44 days).
const MONTH_DAYS: f64 = 30.44;
const YEAR_DAYS: f64 = 365.25;

/// Reads a whole number, or "16 weeks", "ten weeks", "6 weeks 3 days",
/// "1 year 2 months", "3 months" and a birth date (weeks since then, given
/// `now` in Unix seconds) when `durations` is allowed (the weeks question).
/// Otherwise a plain number with an optional unit ("170 cm").
pub fn number(input: &str, durations: bool, now: i64) -> Number {
    let t = input.trim().to_lowercase();
    if t.starts_with('-') {
        return Number::None;
    }
    if durations {
        match birth_date(&t, now) {
            Date::Days(days) if days >= 0 => return Number::Value(days / 7),
            Date::Days(_) => return Number::None,
            Date::Ambiguous(a, b) => return Number::Ambiguous(a, b),
            Date::None => {}
        }
        return match duration_days(&t) {
            Some(Duration::Days(d)) => Number::Value((d / 7.0).floor() as i64),
            Some(Duration::Bare(n)) => Number::Value(n),
            None => Number::None,
        };
    }
    let tokens = tokens(&t);
    let (n, rest) = match take_number(&tokens) {
        Some((Num::Whole(n), rest)) => (n, rest),
        _ => return Number::None,
    };
    let unit = rest.join(" ");
    let known = matches!(
        unit.as_str(),
        "" | "cm" | "kg" | "kgs" | "kilos" | "kilo" | "/ 10" | "out of 10" | "of 10"
    );
    if known {
        Number::Value(n)
    } else {
        Number::None
    }
}

enum Duration {
    /// A sum of numbers with units, in days.
    Days(f64),
    /// A single number without a unit: already in weeks.
    Bare(i64),
}

/// "6 weeks 3 days", "1 year and 2 months", "ten weeks", "16w", "12".
fn duration_days(t: &str) -> Option<Duration> {
    let toks = tokens(t);
    let toks: Vec<&str> = toks
        .iter()
        .map(String::as_str)
        .filter(|w| {
            !matches!(
                *w,
                "and" | "about" | "around" | "nearly" | "almost" | "old" | "ago" | "just" | "over"
            )
        })
        .collect();
    let owned: Vec<String> = toks.iter().map(|s| s.to_string()).collect();
    let mut rest: &[String] = &owned;
    let mut days = 0.0;
    let mut parts = 0;
    while !rest.is_empty() {
        let (n, after) = take_number(rest)?;
        let (unit_days, after) = match after.first().map(String::as_str) {
            Some("w" | "wk" | "wks" | "week" | "weeks") => (7.0, &after[1..]),
            Some("d" | "day" | "days") => (1.0, &after[1..]),
            Some("m" | "mo" | "mos" | "mth" | "mths" | "month" | "months") => {
                (MONTH_DAYS, &after[1..])
            }
            Some("y" | "yr" | "yrs" | "year" | "years") => (YEAR_DAYS, &after[1..]),
            None if parts == 0 => {
                return match n {
                    Num::Whole(n) => Some(Duration::Bare(n)),
                    Num::Fraction(_) => None,
                };
            }
            _ => return None,
        };
        let n = match n {
            Num::Whole(n) => n as f64,
            Num::Fraction(f) if unit_days > 7.0 => f,
            Num::Fraction(_) => return None,
        };
        if !(0.0..=1000.0).contains(&n) {
            return None;
        }
        days += n * unit_days;
        parts += 1;
        rest = after;
    }
    // Guard against 12.999999 weeks from floating point: round to a millionth first.
    (parts > 0).then_some(Duration::Days((days * 1e6).round() / 1e6))
}

enum Num {
    Whole(i64),
    Fraction(f64),
}

/// A number at the start of `toks`: digits ("16", "2.5") or words ("twenty one", "a").
fn take_number(toks: &[String]) -> Option<(Num, &[String])> {
    let first = toks.first()?;
    if first.chars().all(|c| c.is_ascii_digit()) {
        return Some((Num::Whole(first.parse().ok()?), &toks[1..]));
    }
    if first.chars().all(|c| c.is_ascii_digit() || c == '.') && first.matches('.').count() == 1 {
        return Some((Num::Fraction(first.parse().ok()?), &toks[1..]));
    }
    let mut value = word_value(first)?;
    let mut used = 1;
    if (20..100).contains(&value)
        && value % 10 == 0
        && let Some(unit) = toks.get(1).and_then(|w| word_value(w))
        && (1..10).contains(&unit)
    {
        value += unit;
        used = 2;
    }
    Some((Num::Whole(value), &toks[used..]))
}

fn word_value(w: &str) -> Option<i64> {
    const SMALL: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if matches!(w, "a" | "an") {
        return Some(1);
    }
    if let Some(i) = SMALL.iter().position(|s| *s == w) {
        return Some(i as i64);
    }
    TENS.iter()
        .position(|s| *s == w)
        .map(|i| (i as i64 + 2) * 10)
}

/// Words and numbers: "6weeks3days" → 6 weeks 3 days; "twenty-one" → twenty one.
fn tokens(t: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut kind = 0u8; // 1 digits, 2 letters
    for c in t.chars() {
        let k = if c.is_ascii_digit() || (c == '.' && kind == 1) {
            1
        } else if c.is_alphabetic() {
            2
        } else if c == '/' {
            3
        } else {
            0
        };
        if k != kind || k == 3 {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            kind = k;
        }
        if k != 0 {
            cur.push(if c == ',' { '.' } else { c });
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

enum Date {
    /// Days from that date to today (negative: in the future).
    Days(i64),
    Ambiguous(jiff::civil::Date, jiff::civil::Date),
    None,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_of(w: &str) -> Option<i8> {
    if w.len() < 3 {
        return None;
    }
    let w = if w == "sept" { "sep" } else { w };
    MONTHS
        .iter()
        .position(|m| m.starts_with(w))
        .map(|i| i as i8 + 1)
}

fn today(now: i64) -> Option<jiff::civil::Date> {
    Some(
        jiff::Timestamp::from_second(now)
            .ok()?
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date(),
    )
}

fn days_since(date: jiff::civil::Date, now: i64) -> Date {
    match today(now).and_then(|t| date.until(t).ok()) {
        Some(span) => Date::Days(span.get_days() as i64),
        None => Date::None,
    }
}

fn full_year(y: i64) -> i16 {
    if y < 100 { (2000 + y) as i16 } else { y as i16 }
}

/// A birth date: ISO `2026-03-04`, "4 March 2026", "March 4th, 2026",
/// "4 Mar" (this year or last), or all numbers `4/3/2026` (asked back when it
/// reads two ways).
fn birth_date(t: &str, now: i64) -> Date {
    if let Ok(d) = t.parse::<jiff::civil::Date>() {
        return days_since(d, now);
    }
    let toks = tokens(t);
    let words: Vec<&str> = toks
        .iter()
        .map(String::as_str)
        .filter(|w| !matches!(*w, "of" | "the" | "st" | "nd" | "rd" | "th" | "on" | "born"))
        .collect();
    let num = |w: &str| -> Option<i64> { w.parse().ok() };
    // With the month in words.
    if let Some(mi) = words.iter().position(|w| month_of(w).is_some()) {
        let month = month_of(words[mi]).unwrap_or(1);
        let others: Vec<i64> = words
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != mi)
            .map(|(_, w)| num(w))
            .collect::<Option<Vec<_>>>()
            .unwrap_or_default();
        if words.len() != others.len() + 1 {
            return Date::None;
        }
        let (day, year) = match others.as_slice() {
            [d] if *d <= 31 => (*d, None),
            [d, y] if *d <= 31 => (*d, Some(*y)),
            [y, d] if *d <= 31 && *y > 31 => (*d, Some(*y)),
            _ => return Date::None,
        };
        let Some(today) = today(now) else {
            return Date::None;
        };
        let year = year.map(full_year).unwrap_or(today.year());
        let Ok(mut date) = jiff::civil::Date::new(year, month, day as i8) else {
            return Date::None;
        };
        if others.len() == 1 && date > today {
            // No year given: the last such day.
            match jiff::civil::Date::new(year - 1, month, day as i8) {
                Ok(d) => date = d,
                Err(_) => return Date::None,
            }
        }
        return days_since(date, now);
    }
    // All numbers, with / . or - between them.
    if !t.contains(['/', '.', '-']) {
        return Date::None;
    }
    let parts: Vec<i64> = t
        .split(['/', '.', '-'])
        .map(|p| p.trim().parse::<i64>())
        .collect::<Result<_, _>>()
        .unwrap_or_default();
    let [a, b, y] = parts.as_slice() else {
        return Date::None;
    };
    let (a, b, y) = (*a, *b, *y);
    let make = |d: i64, m: i64, y: i64| jiff::civil::Date::new(full_year(y), m as i8, d as i8).ok();
    if a > 31 {
        // Year first: y/m/d.
        return make(y, b, a).map_or(Date::None, |d| days_since(d, now));
    }
    let dm = (a <= 31 && b <= 12).then(|| make(a, b, y)).flatten();
    let md = (b <= 31 && a <= 12).then(|| make(b, a, y)).flatten();
    match (dm, md) {
        (Some(x), Some(z)) if x != z => Date::Ambiguous(x, z),
        (Some(x), _) | (None, Some(x)) => days_since(x, now),
        (None, None) => Date::None,
    }
}

pub fn yes_no(input: &str, yes: &str, no: &str) -> Option<bool> {
    let t = input.trim().to_lowercase();
    let t = t.trim_end_matches(['.', '!']);
    if same(t, yes) || matches!(t, "yes" | "y" | "yeah" | "yep" | "1" | "true" | "agree") {
        Some(true)
    } else if same(t, no) || matches!(t, "no" | "n" | "nope" | "2" | "false" | "disagree") {
        Some(false)
    } else {
        None
    }
}

/// Lower case, letters and digits only, single spaces.
fn normal(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The same words, case and punctuation aside.
pub fn same(a: &str, b: &str) -> bool {
    let a = normal(a);
    !a.is_empty() && a == normal(b)
}

/// Words that say nothing about which option she means.
const FILLER: &[&str] = &[
    "a", "an", "the", "i", "im", "i'm", "it", "its", "is", "was", "my", "please", "just", "it's",
    "had", "have", "a", "bit",
];

/// Which of `labels` she typed: the label itself (case and punctuation
/// aside), one of its synonyms, or words of it that no other option has.
pub fn pick(input: &str, labels: &[&str], synonyms: &[&[String]]) -> Option<usize> {
    let t = normal(input);
    if t.is_empty() {
        return None;
    }
    let syn = |i: usize| synonyms.get(i).copied().unwrap_or(&[]);
    if let Some(i) = labels.iter().position(|l| normal(l) == t) {
        return Some(i);
    }
    if let Some(i) = (0..labels.len()).find(|&i| syn(i).iter().any(|s| normal(s) == t)) {
        return Some(i);
    }
    let words_of = |i: usize| -> Vec<String> {
        std::iter::once(labels[i])
            .chain(syn(i).iter().map(String::as_str))
            .flat_map(|l| normal(l).split(' ').map(str::to_owned).collect::<Vec<_>>())
            .collect()
    };
    let sets: Vec<Vec<String>> = (0..labels.len()).map(words_of).collect();
    let typed: Vec<&str> = t.split(' ').filter(|w| !FILLER.contains(w)).collect();
    if typed.is_empty() {
        return None;
    }
    let fits: Vec<usize> = (0..labels.len())
        .filter(|&i| {
            typed.iter().all(|w| sets[i].iter().any(|x| x == w))
                && typed.iter().any(|w| {
                    sets.iter()
                        .enumerate()
                        .all(|(j, set)| j == i || !set.iter().any(|x| x == w))
                })
        })
        .collect();
    match fits.as_slice() {
        [i] => Some(*i),
        _ => None,
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

    fn weeks(t: &str) -> Number {
        number(t, true, NOW)
    }

    #[test]
    fn numbers_with_units() {
        assert_eq!(weeks("16"), Number::Value(16));
        assert_eq!(weeks("16 weeks"), Number::Value(16));
        assert_eq!(weeks("16w"), Number::Value(16));
        assert_eq!(weeks("4 months"), Number::Value(17));
        assert_eq!(number("4 months", false, NOW), Number::None);
        assert_eq!(weeks("1 month"), Number::Value(4));
        assert_eq!(weeks("16.5"), Number::None);
        assert_eq!(weeks("-3"), Number::None);
        assert_eq!(number("170 cm", false, NOW), Number::Value(170));
        assert_eq!(number("62kg", false, NOW), Number::Value(62));
        assert_eq!(number("7 /10", false, NOW), Number::Value(7));
        assert_eq!(number("sixteen", false, NOW), Number::Value(16));
        assert_eq!(number("170 stone", false, NOW), Number::None);
    }

    #[test]
    fn words_and_mixed_units() {
        assert_eq!(weeks("ten weeks"), Number::Value(10));
        assert_eq!(weeks("Twenty-one weeks"), Number::Value(21));
        assert_eq!(weeks("sixteen"), Number::Value(16));
        assert_eq!(weeks("6 weeks 3 days"), Number::Value(6));
        assert_eq!(weeks("6 weeks and 6 days"), Number::Value(6));
        assert_eq!(weeks("1 year"), Number::Value(52));
        assert_eq!(weeks("a year"), Number::Value(52));
        assert_eq!(weeks("1 year 2 months"), Number::Value(60));
        assert_eq!(weeks("3 months"), Number::Value(13));
        assert_eq!(weeks("three months"), Number::Value(13));
        assert_eq!(weeks("2.5 months"), Number::Value(10));
        assert_eq!(weeks("10 days"), Number::Value(1));
        assert_eq!(weeks("about 8 weeks"), Number::Value(8));
        assert_eq!(weeks("weeks"), Number::None);
        assert_eq!(weeks("6 weeks 3 potatoes"), Number::None);
        assert_eq!(weeks("not sure"), Number::None);
    }

    #[test]
    fn birth_dates_become_weeks() {
        assert_eq!(weeks("2026-11-04"), Number::Value(2));
        assert_eq!(weeks("2030-01-01"), Number::None);
        assert_eq!(weeks("4 November 2026"), Number::Value(2));
        assert_eq!(weeks("November 4th, 2026"), Number::Value(2));
        assert_eq!(weeks("4th of Nov 2026"), Number::Value(2));
        // No year: the last 4 November (this year); the last 1 December was in 2025.
        assert_eq!(weeks("4 nov"), Number::Value(2));
        assert_eq!(weeks("1 December"), Number::Value(50));
        assert_eq!(weeks("25/10/2026"), Number::Value(3));
        assert_eq!(weeks("2026/10/25"), Number::Value(3));
        assert_eq!(
            weeks("4/11/2026"),
            Number::Ambiguous(
                jiff::civil::date(2026, 11, 4),
                jiff::civil::date(2026, 4, 11)
            )
        );
        assert_eq!(weeks("4/4/26"), Number::Value(32));
        assert_eq!(weeks("31 February 2026"), Number::None);
    }

    #[test]
    fn yes_and_no_words() {
        assert_eq!(yes_no("Yes", "Agree", "Disagree"), Some(true));
        assert_eq!(yes_no("disagree", "Agree", "Disagree"), Some(false));
        assert_eq!(yes_no("maybe", "Yes", "No"), None);
        assert_eq!(
            yes_no("yes lets start", "Yes, let's start", "Not now"),
            None
        );
        assert_eq!(
            yes_no("not now!", "Yes, let's start", "Not now"),
            Some(false)
        );
    }

    #[test]
    fn options_by_label_word_or_synonym() {
        let baby = [
            "My baby is with me",
            "My baby is in hospital",
            "My baby has died",
        ];
        assert_eq!(pick("with me", &baby, &[]), Some(0));
        assert_eq!(pick("In hospital.", &baby, &[]), Some(1));
        assert_eq!(pick("MY BABY HAS DIED", &baby, &[]), Some(2));
        assert_eq!(pick("not with me", &baby, &[]), None);
        assert_eq!(pick("my baby", &baby, &[]), None);
        let births = ["Vaginal birth", "Forceps or ventouse", "Caesarean"];
        let syn = [
            vec![],
            vec![],
            vec!["c-section".to_owned(), "c section".to_owned()],
        ];
        let syn: Vec<&[String]> = syn.iter().map(Vec::as_slice).collect();
        assert_eq!(pick("c-section", &births, &syn), Some(2));
        assert_eq!(pick("C section", &births, &syn), Some(2));
        assert_eq!(pick("forceps", &births, &syn), Some(1));
        assert_eq!(pick("birth", &births, &syn), Some(0));
        assert_eq!(pick("home birth", &births, &syn), None);
    }

    #[test]
    fn option_numbers() {
        assert_eq!(indices("1, 3", 4), Some(vec![0, 2]));
        assert_eq!(indices("5", 4), None);
        assert_eq!(indices("", 4), None);
    }
}
