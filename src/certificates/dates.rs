//! Dates as printed on certificates: `March 3, 2026`, `3 Mar 2026`, `03/03/2026` (US order
//! unless the template says otherwise), `2026-03-03`, `Mar. 3rd, 2026`, `3/3/26`,
//! `March 3rd 2026`, `03-Mar-2026`, `3 March, 2026`, `3.3.2026`, and month/year only
//! (`05/2028`, `May 2028`: the last day of that month, as on an AHA card's "Recommended
//! Renewal Date"). Every date found in a text is returned with its byte span, whether its
//! day/month order was ambiguous and whether only a month was printed.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::{Deserialize, Serialize};

/// How to read an all-numeric date whose day and month could be swapped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Month first (US).
    #[default]
    Mdy,
    /// Day first.
    Dmy,
}

/// A date found in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FoundDate {
    /// The date.
    pub date: NaiveDate,
    /// Byte range in the searched text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// Day and month were both ≤ 12 and different, and the order came from the default.
    pub ambiguous: bool,
    /// Only a month and year were printed; `date` is the last day of that month.
    pub month_only: bool,
}

const MONTH: &str = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

static PATTERNS: LazyLock<Vec<(Kind, Regex)>> = LazyLock::new(|| {
    let day = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?";
    let year = r"(?P<year>\d{4}|'?\d{2})";
    let specs = [
        // 2026-03-03, 2026/3/3
        (
            Kind::Iso,
            r"\b(?P<year>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\b".to_string(),
        ),
        // March 3, 2026 / Mar. 3rd 2026
        (Kind::Named, format!(r"(?i)\b{MONTH}\s*{day},?\s+{year}\b")),
        // 3 March 2026 / 3rd of March, 2026 / 03-Mar-2026
        (
            Kind::Named,
            format!(r"(?i)\b{day}(?:\s+of)?[\s\-/]*{MONTH},?[\s\-/]*{year}\b"),
        ),
        // 03/03/2026, 3/3/26, 3.3.2026, 03-03-2026
        (
            Kind::Numeric,
            r"\b(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P<sep2>[/.\-])(?P<year>\d{4}|\d{2})\b"
                .to_string(),
        ),
        // May 2028, May, 2028 (tried after the full dates, so never part of one)
        (
            Kind::MonthYear,
            format!(r"(?i)\b{MONTH},?\s+(?P<year>\d{{4}})\b"),
        ),
        // 05/2028, 5-2028
        (
            Kind::MonthYear,
            r"\b(?P<m>0?[1-9]|1[0-2]) ?[/\-.] ?(?P<year>\d{4})\b".to_string(),
        ),
    ];
    specs
        .into_iter()
        .filter_map(|(k, p)| Regex::new(&p).ok().map(|r| (k, r)))
        .collect()
});

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Iso,
    Named,
    Numeric,
    MonthYear,
}

fn month_number(name: &str) -> Option<u32> {
    let n = name.to_ascii_lowercase();
    let m = match n.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn full_year(y: &str) -> Option<i32> {
    let y = y.trim_start_matches('\'');
    let v: i32 = y.parse().ok()?;
    Some(if y.len() == 2 { 2000 + v } else { v })
}

/// Every date in `text`, left to right, without overlaps.
pub(crate) fn find_dates(text: &str, order: DateOrder) -> Vec<FoundDate> {
    let mut found: Vec<FoundDate> = Vec::new();
    for (kind, re) in PATTERNS.iter() {
        for caps in re.captures_iter(text) {
            let Some(m) = caps.get(0) else { continue };
            if found.iter().any(|f| m.start() < f.end && f.start < m.end()) {
                continue;
            }
            let num = |name: &str| caps.name(name).and_then(|v| v.as_str().parse::<u32>().ok());
            let year = caps.name("year").and_then(|y| full_year(y.as_str()));
            let (date, ambiguous) = match kind {
                Kind::MonthYear => {
                    let month = caps
                        .name("mon")
                        .and_then(|v| month_number(v.as_str()))
                        .or_else(|| num("m"));
                    (month.and_then(|m| last_day_of_month(year?, m)), false)
                }
                Kind::Iso => (ymd(year, num("m"), num("d")), false),
                Kind::Named => {
                    let mon = caps.name("mon").and_then(|v| month_number(v.as_str()));
                    (ymd(year, mon, num("day")), false)
                }
                Kind::Numeric => {
                    if caps.name("sep").map(|s| s.as_str()) != caps.name("sep2").map(|s| s.as_str())
                    {
                        continue;
                    }
                    let (Some(a), Some(b)) = (num("a"), num("b")) else {
                        continue;
                    };
                    let (month, day) = match (a > 12, b > 12) {
                        (true, false) => (b, a),
                        (false, true) => (a, b),
                        (true, true) => continue,
                        (false, false) => match order {
                            DateOrder::Mdy => (a, b),
                            DateOrder::Dmy => (b, a),
                        },
                    };
                    (
                        ymd(year, Some(month), Some(day)),
                        a != b && a <= 12 && b <= 12,
                    )
                }
            };
            if let Some(date) = date {
                found.push(FoundDate {
                    date,
                    start: m.start(),
                    end: m.end(),
                    ambiguous,
                    month_only: *kind == Kind::MonthYear,
                });
            }
        }
    }
    found.sort_by_key(|f| f.start);
    found
}

/// The last day of a month ("05/2028" → 2028-05-31; February in a leap year → the 29th).
fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    if !(1900..=2200).contains(&year) {
        return None;
    }
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(next_year, next_month, 1)?.pred_opt()
}

fn ymd(year: Option<i32>, month: Option<u32>, day: Option<u32>) -> Option<NaiveDate> {
    let year = year.filter(|y| (1900..=2200).contains(y))?;
    NaiveDate::from_ymd_opt(year, month?, day?)
}

/// The single date in `text`, if it holds exactly one.
#[cfg(test)]
pub(crate) fn parse_date(text: &str, order: DateOrder) -> Option<NaiveDate> {
    match find_dates(text, order).as_slice() {
        [one] => Some(one.date),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn date_table() {
        let cases = [
            ("March 3, 2026", d(2026, 3, 3)),
            ("3 Mar 2026", d(2026, 3, 3)),
            ("03/03/2026", d(2026, 3, 3)),
            ("2026-03-03", d(2026, 3, 3)),
            ("Mar. 3rd, 2026", d(2026, 3, 3)),
            ("3/3/26", d(2026, 3, 3)),
            ("March 3rd 2026", d(2026, 3, 3)),
            ("03-Mar-2026", d(2026, 3, 3)),
            ("3rd of March, 2026", d(2026, 3, 3)),
            ("Completed on September 21, 2025.", d(2025, 9, 21)),
            ("Sept. 1, 2025", d(2025, 9, 1)),
            ("04/11/2026", d(2026, 4, 11)),
            ("25/12/2025", d(2025, 12, 25)),
            ("12/25/2025", d(2025, 12, 25)),
            ("DECEMBER 1, 2025", d(2025, 12, 1)),
            ("Feb 30, 2026", None),
            ("13/13/2026", None),
            ("version 1.2.3", None),
            ("Room 12/5", None),
            ("05/2028", d(2028, 5, 31)),
            ("May 2028", d(2028, 5, 31)),
            ("Recommended Renewal Date: 02/2028", d(2028, 2, 29)),
            ("Renewal: February, 2027", d(2027, 2, 28)),
            ("12 / 2026", d(2026, 12, 31)),
            ("13/2026", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text, DateOrder::Mdy), want, "{text}");
        }
    }

    #[test]
    fn month_only_dates_are_marked_and_never_split_a_full_date() {
        let found = find_dates("Issue Date 3/15/2026  Renewal 03/2028", DateOrder::Mdy);
        assert_eq!(found.len(), 2);
        assert!(!found[0].month_only && found[0].date == d(2026, 3, 15).unwrap());
        assert!(found[1].month_only && found[1].date == d(2028, 3, 31).unwrap());
        assert!(find_dates("March 3, 2026", DateOrder::Mdy)
            .iter()
            .all(|f| !f.month_only));
    }

    #[test]
    fn ambiguity_is_flagged_and_order_respected() {
        let f = find_dates("04/11/2026", DateOrder::Mdy);
        assert!(f[0].ambiguous);
        assert_eq!(f[0].date, d(2026, 4, 11).unwrap());
        let f = find_dates("04/11/2026", DateOrder::Dmy);
        assert_eq!(f[0].date, d(2026, 11, 4).unwrap());
        assert!(!find_dates("03/03/2026", DateOrder::Mdy)[0].ambiguous);
        assert!(!find_dates("25/12/2025", DateOrder::Mdy)[0].ambiguous);
    }

    #[test]
    fn several_dates_in_order() {
        let f = find_dates(
            "Completed: 2025-08-01   Expires: August 1, 2026",
            DateOrder::Mdy,
        );
        let dates: Vec<_> = f.iter().map(|f| f.date).collect();
        assert_eq!(dates, [d(2025, 8, 1).unwrap(), d(2026, 8, 1).unwrap()]);
    }
}
