//! Dates and times in goals: "tomorrow", "next Friday", "in 3 days", "December 3",
//! "2026-12-01", "at 9:30pm". Relative expressions are resolved against the envelope's
//! timestamp, never the wall clock, so the same goal on the same envelope always yields the
//! same date, and a replay plans exactly what the original run planned.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::core::time::Timestamp;

/// A date or time recognised at the start of a token slice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// How many tokens it spans.
    pub tokens: usize,
    /// ISO form: `YYYY-MM-DD` for dates, `HH:MM` for times.
    pub value: String,
}

const WEEKDAYS: [(&str, Weekday); 14] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

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

fn weekday(word: &str) -> Option<Weekday> {
    WEEKDAYS.iter().find(|(name, _)| *name == word).map(|(_, day)| *day)
}

/// Whether `word` names a day of the week, in full or abbreviated.
pub fn is_weekday(word: &str) -> bool {
    weekday(word).is_some()
}

/// The month (1-12) a word names: full names and three-letter abbreviations ("may" only in full).
pub fn month(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    MONTHS.iter().position(|m| *m == word || (word.len() == 3 && m.starts_with(word))).map(|i| i as u32 + 1)
}

/// A day of the month: "3", "3rd", "21st".
fn day_of_month(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    let day: u32 = digits.parse().ok()?;
    ((1..=31).contains(&day) && matches!(suffix, "" | "st" | "nd" | "rd" | "th")).then_some(day)
}

/// Small number words, for "in two days".
pub fn number_word(word: &str) -> Option<u64> {
    const WORDS: [&str; 13] =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    WORDS.iter().position(|w| *w == word).map(|n| n as u64).or_else(|| (word == "a").then_some(1))
}

fn count(word: &str) -> Option<u64> {
    word.parse().ok().or_else(|| number_word(word))
}

fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// The next `day` strictly after `today`; with `skip_week`, the one in the following week
/// ("next Friday" said on a Monday is 11 days away, as most people mean it).
fn next_weekday(today: NaiveDate, day: Weekday, skip_week: bool) -> NaiveDate {
    let ahead = (7 + day.num_days_from_monday() as i64 - today.weekday().num_days_from_monday() as i64) % 7;
    let ahead = if ahead == 0 { 7 } else { ahead };
    let ahead = if skip_week && ahead < 7 && day.num_days_from_monday() > today.weekday().num_days_from_monday() {
        ahead + 7
    } else {
        ahead
    };
    today + Days::new(ahead as u64)
}

/// The first such month/day on or after `today`.
fn upcoming(today: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let this_year = NaiveDate::from_ymd_opt(today.year(), month, day)?;
    if this_year >= today { Some(this_year) } else { NaiveDate::from_ymd_opt(today.year() + 1, month, day) }
}

/// The UTC calendar date of `now`.
pub fn today(now: Timestamp) -> NaiveDate {
    chrono::DateTime::from_timestamp_millis(now.millis()).map_or(NaiveDate::MIN, |t| t.date_naive())
}

/// A date expression at the start of `words` (lower-case tokens), resolved against `today`.
pub fn date(words: &[&str], today: NaiveDate) -> Option<Found> {
    let at = |i: usize| words.get(i).copied().unwrap_or("");
    let found = |tokens: usize, date: NaiveDate| Some(Found { tokens, value: iso(date) });
    match at(0) {
        "today" | "tonight" => return found(1, today),
        "tomorrow" => return found(1, today + Days::new(1)),
        "the" if at(1) == "day" && at(2) == "after" && at(3) == "tomorrow" => return found(4, today + Days::new(2)),
        "next" | "this" | "on" | "coming" => {
            if let Some(day) = weekday(at(1)) {
                return found(2, next_weekday(today, day, at(0) == "next"));
            }
            if at(0) == "next" && at(1) == "week" {
                return found(2, today + Days::new(7));
            }
            if at(0) == "next" && at(1) == "month" {
                return found(2, today.checked_add_months(chrono::Months::new(1))?);
            }
        }
        "in" => {
            if let Some(n) = count(at(1)).filter(|n| *n <= 366) {
                match at(2) {
                    "day" | "days" => return found(3, today + Days::new(n)),
                    "week" | "weeks" => return found(3, today + Days::new(7 * n)),
                    _ => {}
                }
            }
        }
        first => {
            if let Some(day) = weekday(first) {
                return found(1, next_weekday(today, day, false));
            }
            if let Ok(date) = NaiveDate::parse_from_str(first, "%Y-%m-%d") {
                return found(1, date);
            }
            if let (Some(m), Some(d)) = (month(first), day_of_month(at(1))) {
                return found(2, upcoming(today, m, d)?);
            }
            if let (Some(d), Some(m)) = (day_of_month(first), month(at(1))) {
                return found(2, upcoming(today, m, d)?);
            }
        }
    }
    None
}

/// A time of day at the start of `words`: "9am", "9 pm", "21:30", "9:30pm", "noon", "midnight".
pub fn time(words: &[&str]) -> Option<Found> {
    let at = |i: usize| words.get(i).copied().unwrap_or("");
    let found =
        |tokens: usize, h: u32, m: u32| (h < 24 && m < 60).then(|| Found { tokens, value: format!("{h:02}:{m:02}") });
    match at(0) {
        "noon" | "midday" => return found(1, 12, 0),
        "midnight" => return found(1, 0, 0),
        _ => {}
    }
    let word = at(0);
    let (clock, meridiem, tokens) = match word.strip_suffix("am").or_else(|| word.strip_suffix("pm")) {
        Some(clock) => (clock, Some(&word[word.len() - 2..]), 1),
        None if matches!(at(1), "am" | "pm" | "a.m." | "p.m.") => (word, Some(&at(1)[..1]), 2),
        None => (word, None, 1),
    };
    let (h, m) = match clock.split_once(':') {
        Some((h, m)) if m.len() == 2 => (h.parse().ok()?, m.parse().ok()?),
        Some(_) => return None,
        None if meridiem.is_some() => (clock.parse().ok()?, 0),
        None => return None,
    };
    let h: u32 = match meridiem.map(|s| &s[..1]) {
        Some("p") if (1..12).contains(&h) => h + 12,
        Some("a") if h == 12 => 0,
        Some(_) if !(1..=12).contains(&h) => return None,
        _ => h,
    };
    found(tokens, h, m)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wednesday 25 November 2026.
    fn wednesday() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn date_of(text: &str) -> Option<String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        date(&words, wednesday()).map(|f| {
            assert_eq!(f.tokens, words.len(), "{text} should be consumed whole");
            f.value
        })
    }

    #[test]
    fn relative_dates_resolve_against_the_given_day() {
        for (text, expected) in [
            ("today", "2026-11-25"),
            ("tonight", "2026-11-25"),
            ("tomorrow", "2026-11-26"),
            ("the day after tomorrow", "2026-11-27"),
            ("friday", "2026-11-27"),
            ("on friday", "2026-11-27"),
            ("this friday", "2026-11-27"),
            ("next friday", "2026-12-04"),
            ("next monday", "2026-11-30"),
            ("wednesday", "2026-12-02"),
            ("in 3 days", "2026-11-28"),
            ("in two weeks", "2026-12-09"),
            ("next week", "2026-12-02"),
            ("next month", "2026-12-25"),
        ] {
            assert_eq!(date_of(text).as_deref(), Some(expected), "{text}");
        }
    }

    #[test]
    fn absolute_dates_roll_to_the_next_occurrence() {
        for (text, expected) in [
            ("2027-01-15", "2027-01-15"),
            ("december 3", "2026-12-03"),
            ("dec 3rd", "2026-12-03"),
            ("3 december", "2026-12-03"),
            ("march 1st", "2027-03-01"),
            ("november 25", "2026-11-25"),
        ] {
            assert_eq!(date_of(text).as_deref(), Some(expected), "{text}");
        }
        assert_eq!(date_of("february 30"), None);
        assert_eq!(date_of("paris"), None);
    }

    #[test]
    fn times_of_day_are_read_in_24_hour_form() {
        let time_of = |text: &str| time(&text.split_whitespace().collect::<Vec<_>>()).map(|f| f.value);
        for (text, expected) in [
            ("9am", "09:00"),
            ("9 pm", "21:00"),
            ("12am", "00:00"),
            ("12pm", "12:00"),
            ("21:30", "21:30"),
            ("9:30pm", "21:30"),
            ("noon", "12:00"),
            ("midnight", "00:00"),
        ] {
            assert_eq!(time_of(text).as_deref(), Some(expected), "{text}");
        }
        for text in ["13pm", "25:00", "9", "9:5"] {
            assert_eq!(time_of(text), None, "{text}");
        }
    }
}
