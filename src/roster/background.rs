//! background: reads a background-check status cell from any vendor's vocabulary into a
//! [`BackgroundStatus`] (SPEC §6, domain.md §4). Pure; expiry dates are judged later by policy.
//!
//! | status | words |
//! | --- | --- |
//! | cleared | Approved, Cleared, Green, Fulfilled, Eligible, Pass(ed), Complete(d), Yes, Y, Valid, Current, Active, OK, Done, True, X, **Orange** |
//! | pending | Pending, Gray/Grey, Review, In Progress, Submitted, Processing, Awaiting, **Blue**, anything unrecognised |
//! | expired | Expired, Renew, Needs Renewal |
//! | denied | Denied, Red, Ineligible, Not Eligible, Yellow, Brown, Rejected, Failed, No Coaching |
//! | missing | blank, Not Created, Required, None, No, N, Not Started, Not Submitted, Not Cleared, False |
//!
//! Decisions beyond SPEC §6:
//! - **Orange** (Sports Connect "No Funds") restricts handling league money, not coaching:
//!   cleared for coaching.
//! - **Blue** (Sports Connect "Youth Volunteer") means no adult check was run: pending, so the
//!   coordinator looks at it rather than the coach being told to start a check.
//! - An unrecognised word is pending (a review for the coordinator, with the word quoted),
//!   never silently cleared or missing.
//! - A date in the status cell (`Live Scan: 3/15/2019`) means the check was done that day:
//!   cleared, with that date.

use chrono::NaiveDate;

use crate::roster::dates::parse_date;
use crate::roster::names::fold;
use crate::roster::BackgroundStatus;

/// Whole-cell phrases (folded, single-spaced).
const PHRASES: &[(&str, BackgroundStatus)] = &[
    ("no coaching", BackgroundStatus::Denied),
    ("no coaching no funds", BackgroundStatus::Denied),
    ("not eligible", BackgroundStatus::Denied),
    ("no funds", BackgroundStatus::Cleared),
    ("in progress", BackgroundStatus::Pending),
    ("under review", BackgroundStatus::Pending),
    ("in review", BackgroundStatus::Pending),
    ("needs review", BackgroundStatus::Pending),
    ("youth volunteer", BackgroundStatus::Pending),
    ("needs renewal", BackgroundStatus::Expired),
    ("renewal required", BackgroundStatus::Expired),
    ("renewal needed", BackgroundStatus::Expired),
    ("not created", BackgroundStatus::Missing),
    ("not started", BackgroundStatus::Missing),
    ("not submitted", BackgroundStatus::Missing),
    ("not completed", BackgroundStatus::Missing),
    ("not complete", BackgroundStatus::Missing),
    ("not cleared", BackgroundStatus::Missing),
    ("not approved", BackgroundStatus::Missing),
    ("not done", BackgroundStatus::Missing),
    ("never checked", BackgroundStatus::Missing),
    ("n a", BackgroundStatus::Missing),
];

/// Single words; the first word of a cell found here decides (`Cleared 2019` → cleared).
const WORDS: &[(&str, BackgroundStatus)] = &[
    ("approved", BackgroundStatus::Cleared),
    ("cleared", BackgroundStatus::Cleared),
    ("clear", BackgroundStatus::Cleared),
    ("green", BackgroundStatus::Cleared),
    ("fulfilled", BackgroundStatus::Cleared),
    ("eligible", BackgroundStatus::Cleared),
    ("pass", BackgroundStatus::Cleared),
    ("passed", BackgroundStatus::Cleared),
    ("complete", BackgroundStatus::Cleared),
    ("completed", BackgroundStatus::Cleared),
    ("yes", BackgroundStatus::Cleared),
    ("y", BackgroundStatus::Cleared),
    ("valid", BackgroundStatus::Cleared),
    ("current", BackgroundStatus::Cleared),
    ("active", BackgroundStatus::Cleared),
    ("ok", BackgroundStatus::Cleared),
    ("done", BackgroundStatus::Cleared),
    ("true", BackgroundStatus::Cleared),
    ("x", BackgroundStatus::Cleared),
    ("orange", BackgroundStatus::Cleared),
    ("pending", BackgroundStatus::Pending),
    ("gray", BackgroundStatus::Pending),
    ("grey", BackgroundStatus::Pending),
    ("review", BackgroundStatus::Pending),
    ("submitted", BackgroundStatus::Pending),
    ("processing", BackgroundStatus::Pending),
    ("awaiting", BackgroundStatus::Pending),
    ("blue", BackgroundStatus::Pending),
    ("expired", BackgroundStatus::Expired),
    ("renew", BackgroundStatus::Expired),
    ("lapsed", BackgroundStatus::Expired),
    ("denied", BackgroundStatus::Denied),
    ("red", BackgroundStatus::Denied),
    ("ineligible", BackgroundStatus::Denied),
    ("yellow", BackgroundStatus::Denied),
    ("brown", BackgroundStatus::Denied),
    ("rejected", BackgroundStatus::Denied),
    ("failed", BackgroundStatus::Denied),
    ("fail", BackgroundStatus::Denied),
    ("disqualified", BackgroundStatus::Denied),
    ("required", BackgroundStatus::Missing),
    ("none", BackgroundStatus::Missing),
    ("no", BackgroundStatus::Missing),
    ("n", BackgroundStatus::Missing),
    ("false", BackgroundStatus::Missing),
    ("missing", BackgroundStatus::Missing),
    ("incomplete", BackgroundStatus::Missing),
];

/// Reads a status cell: the status, and a date when the cell holds one (see module doc).
pub fn parse_status(raw: &str) -> (BackgroundStatus, Option<NaiveDate>) {
    let folded = fold(raw);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return (BackgroundStatus::Missing, None);
    }
    let phrase = words.join(" ");
    if let Some((_, status)) = PHRASES.iter().find(|(p, _)| *p == phrase) {
        return (*status, None);
    }
    if let Some(date) = parse_date(raw, false) {
        return (BackgroundStatus::Cleared, Some(date));
    }
    if let Some((_, status)) = WORDS.iter().find(|(w, _)| Some(w) == words.first()) {
        let date = trailing_date(raw);
        return (*status, date);
    }
    if matches!(words.first(), Some(&"not" | &"non")) {
        return (BackgroundStatus::Missing, None);
    }
    // Last chance: a known word anywhere ("Status: Cleared", "Live Scan Cleared").
    for word in &words {
        if let Some((_, status)) = WORDS.iter().find(|(w, _)| w == word) {
            if *status != BackgroundStatus::Missing && word.len() > 1 {
                return (*status, trailing_date(raw));
            }
        }
    }
    (BackgroundStatus::Pending, None)
}

/// `Cleared 3/15/2019` → the date after the first word.
fn trailing_date(raw: &str) -> Option<NaiveDate> {
    let (_, rest) = raw
        .trim()
        .split_once(|c: char| c.is_whitespace() || c == ':' || c == '-')?;
    parse_date(
        rest.trim_start_matches([':', '-', ' ', '('])
            .trim_end_matches(')'),
        false,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use BackgroundStatus::{Cleared, Denied, Expired, Missing, Pending};

    #[test]
    fn reads_every_vendor_vocabulary() {
        let cases = [
            ("Approved", Cleared),
            ("CLEARED", Cleared),
            ("Green", Cleared),
            ("Fulfilled", Cleared),
            ("Eligible", Cleared),
            ("Pass", Cleared),
            ("Passed", Cleared),
            ("Complete", Cleared),
            ("Completed", Cleared),
            ("Yes", Cleared),
            ("Y", Cleared),
            ("Valid", Cleared),
            ("Current", Cleared),
            ("Active", Cleared),
            ("Orange", Cleared),
            ("Orange (No Funds)", Cleared),
            ("Pending", Pending),
            ("Gray", Pending),
            ("Grey", Pending),
            ("Review", Pending),
            ("In Progress", Pending),
            ("Submitted", Pending),
            ("Processing", Pending),
            ("Awaiting results", Pending),
            ("Blue", Pending),
            ("Something odd", Pending),
            ("Expired", Expired),
            ("Renew", Expired),
            ("Needs Renewal", Expired),
            ("Denied", Denied),
            ("Red", Denied),
            ("Ineligible", Denied),
            ("Not Eligible", Denied),
            ("Yellow", Denied),
            ("Yellow - No Coaching", Denied),
            ("Brown", Denied),
            ("Rejected", Denied),
            ("Failed", Denied),
            ("No Coaching", Denied),
            ("", Missing),
            ("   ", Missing),
            ("Not Created", Missing),
            ("Required", Missing),
            ("None", Missing),
            ("No", Missing),
            ("N/A", Missing),
            ("Not Cleared", Missing),
        ];
        for (raw, expected) in cases {
            assert_eq!(parse_status(raw).0, expected, "{raw:?}");
        }
    }

    #[test]
    fn a_date_in_the_status_cell_is_the_day_it_cleared() {
        let day = NaiveDate::from_ymd_opt(2019, 3, 15);
        assert_eq!(parse_status("3/15/2019"), (Cleared, day));
        assert_eq!(parse_status("Cleared 3/15/2019"), (Cleared, day));
        assert_eq!(parse_status("Cleared"), (Cleared, None));
    }
}
