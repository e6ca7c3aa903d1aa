//! names: the identity fields of a row — splitting a full-name cell into given and family
//! names, the comparison key used to merge rows of one person, the ASCII slug used as a coach
//! id, and email cleaning. Pure string work; never decides who is who (that is `merge`).
//!
//! # How a full name is split
//! - `Last, First [Middle]` (a comma) → last name before the comma, given names after it.
//! - Otherwise the first token is the given name and every other token is the family name,
//!   which keeps double Hispanic surnames (`García López`), hyphenated surnames and particles
//!   (`van der Berg`, `de la Cruz`) whole. Two exceptions: a middle initial (`John A. Smith`)
//!   stays with the given name, and when the first two tokens form a well-known compound
//!   given name (`María José`, `Juan Carlos`, `Mary Ann`, `Jean Paul`, …) and a family name
//!   follows, both are the given name. `María José García López` → `María José` /
//!   `García López`; `Ana García López` → `Ana` / `García López`.
//! - Generational suffixes (`Jr.`, `Sr.`, `II`, `III`, `IV`) stay at the end of the family
//!   name as the roster writes them (`Darnell Jefferson Jr.` is shown so in every output), and
//!   they are part of the name key: a father and a son who both coach are two coaches.

/// Compound given names (accent-folded, lower case) that take two tokens of a full name.
const COMPOUND_GIVEN_NAMES: &[&str] = &[
    "ana isabel",
    "ana lucia",
    "ana maria",
    "ann marie",
    "anna maria",
    "anne marie",
    "francisco javier",
    "jean claude",
    "jean luc",
    "jean marc",
    "jean paul",
    "jean pierre",
    "john paul",
    "jose angel",
    "jose antonio",
    "jose carlos",
    "jose luis",
    "jose manuel",
    "jose maria",
    "jose miguel",
    "juan antonio",
    "juan carlos",
    "juan jose",
    "juan manuel",
    "juan pablo",
    "luis miguel",
    "luz maria",
    "maria cristina",
    "maria elena",
    "maria eugenia",
    "maria fernanda",
    "maria guadalupe",
    "maria isabel",
    "maria jesus",
    "maria jose",
    "maria luisa",
    "maria paula",
    "maria teresa",
    "maria victoria",
    "marie claire",
    "marie louise",
    "mary ann",
    "mary anne",
    "mary beth",
    "mary ellen",
    "mary jo",
    "mary kate",
    "mary lou",
    "miguel angel",
    "rosa maria",
    "sarah jane",
];

/// Accent-folds and lower-cases: `Zoë Ñúñez` → `zoe nunez`. Letters without a decomposition
/// that matter in names are spelled out (`ß` → `ss`, `ø` → `o`, `ł` → `l`, `æ` → `ae`).
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    fold_into(&mut out, text);
    out
}

/// [`fold`], appending to `out`.
fn fold_into(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        unicode_normalization::char::decompose_canonical(c, |part| {
            if unicode_normalization::char::is_combining_mark(part) {
                return;
            }
            match part {
                'ß' => out.push_str("ss"),
                'ø' | 'Ø' => out.push('o'),
                'ł' | 'Ł' => out.push('l'),
                'æ' | 'Æ' => out.push_str("ae"),
                'œ' | 'Œ' => out.push_str("oe"),
                'đ' | 'Đ' => out.push('d'),
                'ı' => out.push('i'),
                _ => out.extend(part.to_lowercase()),
            }
        });
    }
}

/// Trims and collapses every run of whitespace to one space.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `Jr.`, `Sr`, `II`, `III`, `IV` (any case, with or without the dot or a trailing comma).
pub fn is_suffix(token: &str) -> bool {
    let bare = token.trim_matches(|c: char| c == '.' || c == ',' || c.is_whitespace());
    matches!(
        bare.to_ascii_lowercase().as_str(),
        "jr" | "sr" | "ii" | "iii" | "iv"
    )
}

/// A middle initial: one letter, optionally with a dot (`A`, `A.`).
fn is_initial(token: &str) -> bool {
    let mut chars = token.trim_end_matches('.').chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
}

/// Cleans a family-name cell: whitespace collapsed, a trailing comma dropped. A generational
/// suffix stays as written (`Jefferson Jr.`).
pub fn clean_last_name(raw: &str) -> String {
    let collapsed = collapse_whitespace(raw);
    collapsed.trim_end_matches(',').trim_end().to_string()
}

/// The canonical generational suffix at the end of a family name (`Jefferson Jr.` → `jr`,
/// `Smith III` → `iii`), if it has one besides the name itself.
pub fn generational_suffix(last: &str) -> Option<String> {
    let mut tokens = last.split_whitespace();
    let final_token = tokens.next_back()?;
    tokens.next_back()?;
    is_suffix(final_token).then(|| {
        final_token
            .trim_matches(|c: char| c == '.' || c == ',')
            .to_ascii_lowercase()
    })
}

/// Cleans a given-name cell: whitespace collapsed.
pub fn clean_first_name(raw: &str) -> String {
    collapse_whitespace(raw)
}

/// Splits a full-name cell into (given names, family name); see the module doc.
pub fn split_full_name(raw: &str) -> (String, String) {
    let collapsed = collapse_whitespace(raw);
    if collapsed.contains(',') {
        let mut suffixes: Vec<&str> = Vec::new();
        let parts: Vec<&str> = collapsed
            .split(',')
            .map(str::trim)
            .filter(|part| {
                let suffix = is_suffix(part);
                if suffix {
                    suffixes.push(part);
                }
                !part.is_empty() && !suffix
            })
            .collect();
        let with_suffixes = |name: String| -> String {
            if suffixes.is_empty() || name.is_empty() {
                name
            } else {
                format!("{name} {}", suffixes.join(" "))
            }
        };
        match parts.as_slice() {
            [] => return (String::new(), String::new()),
            [only] => {
                let (given, family) = split_spaced(only);
                return (given, with_suffixes(family));
            }
            [last, given @ ..] => {
                return (
                    clean_first_name(&given.join(" ")),
                    with_suffixes(clean_last_name(last)),
                );
            }
        }
    }
    split_spaced(&collapsed)
}

/// "First [Middle] Last [Suffix]" form; the suffix stays with the family name.
fn split_spaced(text: &str) -> (String, String) {
    let mut tokens: Vec<&str> = text.split(' ').filter(|t| !t.is_empty()).collect();
    let mut suffixes: Vec<&str> = Vec::new();
    while tokens.len() > 1 && tokens.last().is_some_and(|t| is_suffix(t)) {
        suffixes.extend(tokens.pop());
    }
    suffixes.reverse();
    let (given, family) = split_tokens(&tokens);
    if family.is_empty() || suffixes.is_empty() {
        return (given, family);
    }
    (given, format!("{family} {}", suffixes.join(" ")))
}

/// Splits name tokens (no suffixes) into given and family names; see the module doc.
fn split_tokens(tokens: &[&str]) -> (String, String) {
    match tokens {
        [] => (String::new(), String::new()),
        [only] => ((*only).to_string(), String::new()),
        [first, second, rest @ ..] => {
            let mut given_count = 1;
            if !rest.is_empty() {
                let pair = fold(&format!("{first} {second}"));
                if COMPOUND_GIVEN_NAMES.binary_search(&pair.as_str()).is_ok() {
                    given_count = 2;
                }
            }
            // Middle initials stay with the given name, as long as a family name follows.
            while given_count + 1 < tokens.len()
                && tokens.get(given_count).is_some_and(|t| is_initial(t))
            {
                given_count += 1;
            }
            let given = tokens.get(..given_count).unwrap_or_default().join(" ");
            let family = tokens.get(given_count..).unwrap_or_default().join(" ");
            (given, family)
        }
    }
}

/// The key two rows of one person share: accent-, case-, whitespace- and punctuation-folded,
/// without middle initials, given and family names run together, and a generational suffix
/// kept after a `#` (`Jefferson Jr.` and `Jefferson` are a son and his father)
/// (so `María José García-López`, `maria jose garcia lopez` and `MARIA-JOSE GARCIA LOPEZ`
/// agree, and a different split of the same full name does not matter). Empty when the name
/// has no letters or digits.
pub fn name_key(first: &str, last: &str) -> String {
    let mut folded = String::with_capacity(first.len() + last.len() + 1);
    fold_into(&mut folded, first);
    let boundary = folded.len();
    folded.push(' ');
    fold_into(&mut folded, last);
    let (given, family) = folded.split_at(boundary);
    let mut key = String::with_capacity(folded.len());
    for (index, word) in words(given).enumerate() {
        // Middle initials do not count.
        if index > 0 && word.chars().nth(1).is_none() {
            continue;
        }
        key.push_str(word);
    }
    // A generational suffix at the end of the family name is kept apart, canonical.
    let mut family = family.trim_end_matches(|c: char| !c.is_alphanumeric());
    let mut suffix = None;
    while let Some((rest, word)) = family.rsplit_once(|c: char| !c.is_alphanumeric()) {
        let rest = rest.trim_end_matches(|c: char| !c.is_alphanumeric());
        if rest.is_empty() || !is_suffix(word) {
            break;
        }
        suffix = suffix.or(Some(word));
        family = rest;
    }
    for word in words(family) {
        key.push_str(word);
    }
    if let Some(suffix) = suffix {
        if !key.is_empty() {
            key.push('#');
            key.push_str(suffix);
        }
    }
    key
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// A stable ASCII id for a coach without a member id: `first-last`, lower case
/// (`María José García López` → `maria-jose-garcia-lopez`); `coach` when nothing ASCII is left.
pub fn slug(first: &str, last: &str) -> String {
    let mut folded = String::with_capacity(first.len() + last.len() + 1);
    fold_into(&mut folded, first);
    folded.push(' ');
    fold_into(&mut folded, last);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c == '\'' || c == '’' {
            // O'Brien → obrien
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("coach");
    }
    out
}

/// What an email cell held.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EmailCell {
    /// Nothing.
    Empty,
    /// A usable address, trimmed and lower-cased.
    Valid(String),
    /// Something that is not an email address.
    Malformed,
}

/// Reads an email cell: trimmed and lower-cased, `mailto:` and `<…>` removed. A cell with
/// several addresses (`a@x.org; b@y.org`) gives the first.
pub fn parse_email(raw: &str) -> EmailCell {
    let text = raw.trim();
    if text.is_empty() {
        return EmailCell::Empty;
    }
    let separators = |c: char| c == ';' || c == ',' || c.is_whitespace() || c == '/';
    if !text.contains(separators) && !text.contains(|c: char| c.is_uppercase()) {
        return if is_valid_email(text) {
            EmailCell::Valid(text.to_string())
        } else {
            let bare = text.strip_prefix("mailto:").unwrap_or(text);
            let bare = bare.trim_start_matches('<').trim_end_matches('>');
            if is_valid_email(bare) {
                EmailCell::Valid(bare.to_string())
            } else {
                EmailCell::Malformed
            }
        };
    }
    let candidates: Vec<&str> = text.split(separators).filter(|s| !s.is_empty()).collect();
    // One address per cell, unless every piece is an address (a list of addresses).
    let all_addresses = candidates.len() > 1 && candidates.iter().all(|c| c.contains('@'));
    if candidates.len() != 1 && !all_addresses {
        return EmailCell::Malformed;
    }
    let first = candidates.first().copied().unwrap_or_default();
    let lower = first.to_lowercase();
    let bare = lower.strip_prefix("mailto:").unwrap_or(&lower);
    let bare = bare.trim_start_matches('<').trim_end_matches('>');
    if is_valid_email(bare) {
        EmailCell::Valid(bare.to_string())
    } else {
        EmailCell::Malformed
    }
}

fn is_valid_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    if local.is_empty() || local.len() > 64 || domain.len() > 253 || domain.contains('@') {
        return false;
    }
    let local_ok = local
        .chars()
        .all(|c| c.is_alphanumeric() || "._%+-'!#$&*=?^`{|}~".contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic));
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compound_given_names_table_is_sorted() {
        let mut sorted = COMPOUND_GIVEN_NAMES.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, COMPOUND_GIVEN_NAMES);
    }

    #[test]
    fn splits_full_names_the_way_a_coordinator_reads_them() {
        let cases = [
            ("Smith, John", ("John", "Smith")),
            ("Smith, John A.", ("John A.", "Smith")),
            (
                "  García López ,  María José ",
                ("María José", "García López"),
            ),
            ("Smith Jr., John", ("John", "Smith Jr.")),
            ("John Smith, Jr.", ("John", "Smith Jr.")),
            ("Jefferson, Darnell, Sr.", ("Darnell", "Jefferson Sr.")),
            ("John Smith", ("John", "Smith")),
            ("John A. Smith", ("John A.", "Smith")),
            ("John Smith III", ("John", "Smith III")),
            ("María José García López", ("María José", "García López")),
            ("Ana García López", ("Ana", "García López")),
            ("Ludwig van Beethoven", ("Ludwig", "van Beethoven")),
            ("Juan Carlos de la Cruz", ("Juan Carlos", "de la Cruz")),
            ("Mary Ann O'Brien-Smith", ("Mary Ann", "O'Brien-Smith")),
            ("Mary Ann", ("Mary", "Ann")),
            ("Cher", ("Cher", "")),
            ("", ("", "")),
            (" , ", ("", "")),
        ];
        for (raw, (first, last)) in cases {
            assert_eq!(
                split_full_name(raw),
                (first.to_string(), last.to_string()),
                "{raw}"
            );
        }
    }

    #[test]
    fn name_key_ignores_case_accents_punctuation_initials_and_suffixes() {
        let key = name_key("María José", "García-López");
        assert_eq!(key, "mariajosegarcialopez");
        assert_eq!(name_key("MARIA JOSE", "garcia lopez"), key);
        assert_eq!(name_key("Maria", "Jose Garcia Lopez"), key);
        assert_eq!(
            name_key("John A.", "Smith Jr."),
            name_key("john", "smith jr")
        );
        // A suffix is part of the name: a father and a son are two people.
        assert_ne!(
            name_key("Darnell", "Jefferson Jr."),
            name_key("Darnell", "Jefferson")
        );
        assert_ne!(
            name_key("Darnell", "Jefferson Jr."),
            name_key("Darnell", "Jefferson Sr.")
        );
        assert_eq!(name_key("Zoë", "O'Brien"), "zoeobrien");
        assert_ne!(name_key("John", "Smith"), name_key("Jon", "Smith"));
        assert_eq!(name_key("", "--"), "");
    }

    #[test]
    fn slugs_are_ascii_and_readable() {
        assert_eq!(
            slug("María José", "García López"),
            "maria-jose-garcia-lopez"
        );
        assert_eq!(slug("Zoë", "O'Brien-Smith"), "zoe-obrien-smith");
        assert_eq!(slug("李", "小龙"), "coach");
    }

    #[test]
    fn emails_are_cleaned_or_refused() {
        let valid = |s: &str| EmailCell::Valid(s.to_string());
        let cases = [
            (
                "  Jose.Alvarez@Example.COM ",
                valid("jose.alvarez@example.com"),
            ),
            ("mailto:a@b.org", valid("a@b.org")),
            ("<a@b.org>", valid("a@b.org")),
            ("a@b.org; c@d.org", valid("a@b.org")),
            (
                "o'neil+soccer@mail.example.us",
                valid("o'neil+soccer@mail.example.us"),
            ),
            ("", EmailCell::Empty),
            ("   ", EmailCell::Empty),
            ("bob.smith.example.com", EmailCell::Malformed),
            ("bob smith@example.com", EmailCell::Malformed),
            ("bob@example", EmailCell::Malformed),
            ("bob@@example.com", EmailCell::Malformed),
            ("bob@exa mple.com", EmailCell::Malformed),
            ("@example.com", EmailCell::Malformed),
            ("bob@.com", EmailCell::Malformed),
            ("bob..x@example.com", EmailCell::Malformed),
            ("n/a", EmailCell::Malformed),
        ];
        for (raw, expected) in cases {
            assert_eq!(parse_email(raw), expected, "{raw}");
        }
    }
}
