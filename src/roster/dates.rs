//! dates: reads the dates written in roster and background-check exports (`12/6/24`,
//! `12/06/2024`, `2024-12-06`, `Dec 6, 2024`, `6-Dec-2024`, Excel serial numbers). Pure; never
//! guesses a date it cannot read: anything else is `None` and the caller decides what to say.

use chrono::{Duration, NaiveDate};

/// First and last Excel serial accepted as a date (1954-10-03 ..= 2099-12-31): a number outside
/// this range in a date column is more likely an id than a date.
const EXCEL_SERIAL_RANGE: std::ops::RangeInclusive<i64> = 20_000..=73_050;

/// Reads one date cell. `allow_serial` accepts Excel serial day numbers (e.g. `45632` for
/// 2024-12-06), which only makes sense when the column is known to hold dates.
///
/// Numeric dates are read month first (`12/6/24` is December 6) unless the first number
/// cannot be a month (`25/12/2024` is 25 December). Two-digit years below 70 are 20xx.
/// A time after the date (`12/6/2024 10:30 AM`, `2024-12-06T00:00:00`) is ignored.
pub fn parse_date(raw: &str, allow_serial: bool) -> Option<NaiveDate> {
    let text = raw.trim();
    if text.is_empty() || text.len() > 64 {
        return None;
    }
    if allow_serial {
        if let Some(date) = excel_serial(text) {
            return Some(date);
        }
    }
    let text = strip_time(text);
    let mut numbers: Vec<&str> = Vec::with_capacity(3);
    let mut month_from_name: Option<u32> = None;
    for token in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        if token.bytes().all(|b| b.is_ascii_digit()) {
            numbers.push(token);
        } else if let Some(number) = strip_ordinal(token) {
            numbers.push(number);
        } else if let Some(month) = month_number(token) {
            if month_from_name.replace(month).is_some() {
                return None;
            }
        } else if !is_weekday(token) {
            return None;
        }
        if numbers.len() > 3 {
            return None;
        }
    }
    match (month_from_name, numbers.as_slice()) {
        (None, [single]) if single.len() == 8 => {
            // 20241206
            let year = single.get(0..4)?.parse().ok()?;
            let month = single.get(4..6)?.parse().ok()?;
            let day = single.get(6..8)?.parse().ok()?;
            NaiveDate::from_ymd_opt(year, month, day)
        }
        (None, [a, b, c]) => numeric_date(a, b, c),
        (Some(month), [a, b]) => {
            // "Dec 6, 2024" or "6-Dec-2024" or "2024 Dec 6": the year is the 4-digit (or > 31) one.
            let (day, year) = if is_year_like(a) && !is_year_like(b) {
                (b, a)
            } else {
                (a, b)
            };
            NaiveDate::from_ymd_opt(year_of(year)?, month, day.parse().ok()?)
        }
        _ => None,
    }
}

/// `45632` or `45632.5` → the date Excel shows for that serial.
fn excel_serial(text: &str) -> Option<NaiveDate> {
    let whole = match text.split_once('.') {
        Some((whole, fraction)) if fraction.bytes().all(|b| b.is_ascii_digit()) => whole,
        Some(_) => return None,
        None => text,
    };
    if whole.is_empty() || whole.len() > 6 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let serial: i64 = whole.parse().ok()?;
    if !EXCEL_SERIAL_RANGE.contains(&serial) {
        return None;
    }
    // Excel's day 0 is 1899-12-30 once its 1900 leap-year bug is accounted for.
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(Duration::days(serial))
}

/// Drops a time of day after the date.
fn strip_time(text: &str) -> &str {
    // ISO "2024-12-06T10:00:00".
    if let Some(index) = text.find('T') {
        if index == 10
            && text
                .get(..4)
                .is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()))
        {
            return text.get(..index).unwrap_or(text);
        }
    }
    // "12/6/2024 10:30 AM": cut at the first whitespace-separated chunk holding a colon.
    let mut end = text.len();
    let mut offset = 0;
    for chunk in text.split(' ') {
        if chunk.contains(':') {
            end = offset;
            break;
        }
        offset += chunk.len() + 1;
    }
    text.get(..end).unwrap_or(text).trim()
}

fn numeric_date(a: &str, b: &str, c: &str) -> Option<NaiveDate> {
    if a.len() == 4 {
        // 2024-12-06 or 2024/12/06.
        return NaiveDate::from_ymd_opt(a.parse().ok()?, b.parse().ok()?, c.parse().ok()?);
    }
    let first: u32 = a.parse().ok()?;
    let second: u32 = b.parse().ok()?;
    let year = year_of(c)?;
    let (month, day) = if first > 12 && second <= 12 {
        (second, first)
    } else {
        (first, second)
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

fn year_of(text: &str) -> Option<i32> {
    let value: i32 = text.parse().ok()?;
    match text.len() {
        2 if value < 70 => Some(2000 + value),
        2 => Some(1900 + value),
        4 => Some(value),
        _ => None,
    }
}

fn is_year_like(text: &str) -> bool {
    text.len() == 4 || text.parse::<u32>().is_ok_and(|v| v > 31)
}

/// `6th` → `6`.
fn strip_ordinal(token: &str) -> Option<&str> {
    let lower = token.to_ascii_lowercase();
    for suffix in ["st", "nd", "rd", "th"] {
        if lower.ends_with(suffix) {
            let number = token.get(..token.len() - 2)?;
            if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
                return Some(number);
            }
        }
    }
    None
}

fn month_number(token: &str) -> Option<u32> {
    const FULL_NAMES: [&str; 12] = [
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
    // Spanish abbreviations that are not a prefix of the English name.
    const SPANISH: [(&str, u32); 4] = [("ene", 1), ("abr", 4), ("ago", 8), ("dic", 12)];
    let lower = token.to_lowercase();
    if lower.len() < 3 {
        return None;
    }
    if let Some(index) = FULL_NAMES.iter().position(|name| name.starts_with(&lower)) {
        return u32::try_from(index + 1).ok();
    }
    SPANISH
        .iter()
        .find(|(abbreviation, _)| lower == *abbreviation)
        .map(|(_, month)| *month)
}

fn is_weekday(token: &str) -> bool {
    let lower = token.to_lowercase();
    [
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "am",
        "pm",
    ]
    .contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn reads_the_date_formats_exports_use() {
        let cases = [
            ("12/6/24", date(2024, 12, 6)),
            ("12/06/2024", date(2024, 12, 6)),
            ("2024-12-06", date(2024, 12, 6)),
            ("2024/12/06", date(2024, 12, 6)),
            ("Dec 6, 2024", date(2024, 12, 6)),
            ("December 6th, 2024", date(2024, 12, 6)),
            ("Friday, December 6, 2024", date(2024, 12, 6)),
            ("6-Dec-2024", date(2024, 12, 6)),
            ("6 Dec 2024", date(2024, 12, 6)),
            ("06-Dec-24", date(2024, 12, 6)),
            ("25/12/2024", date(2024, 12, 25)),
            ("12/6/2024 10:30 AM", date(2024, 12, 6)),
            ("2024-12-06T00:00:00", date(2024, 12, 6)),
            ("20241206", date(2024, 12, 6)),
            ("8/31/99", date(1999, 8, 31)),
            ("  3/1/2025  ", date(2025, 3, 1)),
            ("6 dic 2024", date(2024, 12, 6)),
        ];
        for (raw, expected) in cases {
            assert_eq!(parse_date(raw, false), expected, "{raw}");
        }
    }

    #[test]
    fn excel_serials_only_when_the_column_is_a_date() {
        assert_eq!(parse_date("45632", true), date(2024, 12, 6));
        assert_eq!(parse_date("45632.25", true), date(2024, 12, 6));
        assert_eq!(parse_date("45632", false), None);
        assert_eq!(parse_date("123", true), None);
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for raw in [
            "",
            "Yes",
            "13/13/2024",
            "2/30/2024",
            "Green",
            "12/6",
            "1/2/3/4",
            "Dec",
            "N/A",
        ] {
            assert_eq!(parse_date(raw, true), None, "{raw}");
        }
    }
}
