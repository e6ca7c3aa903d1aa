//! division: reads an age group out of a division cell or a team name (SPEC §4). Pure.
//!
//! Accepted, in order of trust:
//! 1. `U10`, `U-10`, `U 10`, `Under 10`, `U10 Boys`, `Girls U12`, `U12G-02`, `10U`, `10-U`;
//! 2. a birth year (`2016`, `G2016`, `B2016`, `2016B`, `Boys 2014`): season end year − birth year;
//! 3. a gender letter before the age (`B10`, `G10`, `B10-01`, `Boys 10`);
//! 4. a cell that is only a number (`10`).
//!
//! When a cell names several ages (`U9/U10`), the oldest is taken: the format follows the
//! oldest players. Ages outside U3–U23 (a stray year, a team number) are not ages.

const AGES: std::ops::RangeInclusive<i64> = 3..=23;

/// One piece of a division cell: a run of letters or a run of digits.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Word(&'a str),
    Number(&'a str),
}

/// Reads the age group of a division cell (or team name); `None` when it names none.
/// `season_end_year` is the year the season ends (2026 for 2025-26).
pub fn parse_age_group(raw: &str, season_end_year: i32) -> Option<u8> {
    if raw.len() > 200 {
        return None;
    }
    let upper = raw.to_uppercase();
    let pieces = pieces(&upper);
    let number_at = |index: usize| match pieces.get(index) {
        Some(Piece::Number(n)) if n.len() <= 2 => n.parse::<i64>().ok(),
        _ => None,
    };
    let word_at = |index: usize| match pieces.get(index) {
        Some(Piece::Word(w)) => Some(*w),
        _ => None,
    };
    let best = |ages: Vec<i64>| ages.into_iter().filter(|a| AGES.contains(a)).max();

    // 1. U10, Under 10, 10U.
    let mut ages = Vec::new();
    for index in 0..pieces.len() {
        if let Some(age) = number_at(index) {
            let before = index.checked_sub(1).and_then(word_at);
            let after = word_at(index + 1);
            let u_before = matches!(before, Some(w) if w == "U" || w == "UNDER" || w == "SUB");
            // "10U", and "10U" glued to a gender letter ("10UB").
            let u_after = matches!(after, Some(w) if w == "U" || w == "UB" || w == "UG");
            if u_before || u_after {
                ages.push(age);
            }
        }
    }
    if let Some(age) = best(ages) {
        return u8::try_from(age).ok();
    }

    // 2. Birth years.
    let years: Vec<i64> = pieces
        .iter()
        .filter_map(|piece| match piece {
            Piece::Number(n) if n.len() == 4 => n.parse::<i64>().ok(),
            _ => None,
        })
        .filter(|year| (1990..=2100).contains(year))
        .map(|year| i64::from(season_end_year) - year)
        .collect();
    if let Some(age) = best(years) {
        return u8::try_from(age).ok();
    }

    // 3. B10, G10, Boys 10.
    let mut ages = Vec::new();
    for index in 1..pieces.len() {
        if let (Some(age), Some(word)) = (number_at(index), word_at(index - 1)) {
            if matches!(
                word,
                "B" | "G" | "BOYS" | "GIRLS" | "M" | "F" | "C" | "COED"
            ) {
                ages.push(age);
            }
        }
    }
    if let Some(age) = best(ages) {
        return u8::try_from(age).ok();
    }

    // 4. Just a number.
    if let [Piece::Number(n)] = pieces.as_slice() {
        if n.len() <= 2 {
            return best(n.parse::<i64>().ok().into_iter().collect())
                .and_then(|age| u8::try_from(age).ok());
        }
    }
    None
}

/// Splits into runs of ASCII letters and runs of digits; everything else separates.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut kind: Option<bool> = None; // Some(true) digits, Some(false) letters
    for (index, c) in text.char_indices() {
        let this = if c.is_ascii_digit() {
            Some(true)
        } else if c.is_alphabetic() {
            Some(false)
        } else {
            None
        };
        if this != kind {
            push_piece(&mut out, text, start, index, kind);
            start = index;
            kind = this;
        }
    }
    push_piece(&mut out, text, start, text.len(), kind);
    out
}

fn push_piece<'a>(
    out: &mut Vec<Piece<'a>>,
    text: &'a str,
    start: usize,
    end: usize,
    kind: Option<bool>,
) {
    let Some(piece) = text.get(start..end) else {
        return;
    };
    match kind {
        Some(true) => out.push(Piece::Number(piece)),
        Some(false) => out.push(Piece::Word(piece)),
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_way_of_writing_an_age_group() {
        let cases = [
            ("U10", Some(10)),
            ("u10", Some(10)),
            ("U-10", Some(10)),
            ("U 10", Some(10)),
            ("10U", Some(10)),
            ("10-U", Some(10)),
            ("10UB", Some(10)),
            ("Under 10", Some(10)),
            ("Under-12 Girls", Some(12)),
            ("U10 Boys", Some(10)),
            ("Girls U12", Some(12)),
            ("U12G-02", Some(12)),
            ("U08B-01", Some(8)),
            ("B10", Some(10)),
            ("G10", Some(10)),
            ("B10-01", Some(10)),
            ("G08-03", Some(8)),
            ("Boys 14", Some(14)),
            ("2016", Some(10)),
            ("G2016", Some(10)),
            ("B2016", Some(10)),
            ("2016B", Some(10)),
            ("2014 Boys Blue", Some(12)),
            ("Spring 2026 U10", Some(10)),
            ("U9/U10", Some(10)),
            ("U9-U10", Some(10)),
            ("10", Some(10)),
            ("Sub-12", Some(12)),
            ("", None),
            ("Rec", None),
            ("Sharks", None),
            ("2025-26 Season", None),
            ("Team 7", None),
            ("U99", None),
            ("1980", None),
        ];
        for (raw, expected) in cases {
            assert_eq!(parse_age_group(raw, 2026), expected, "{raw:?}");
        }
    }

    #[test]
    fn birth_years_follow_the_season() {
        assert_eq!(parse_age_group("2016", 2027), Some(11));
        assert_eq!(parse_age_group("B2014", 2025), Some(11));
    }
}
