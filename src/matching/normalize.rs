//! normalize: turns names and emails as people type them into comparable forms. Folds
//! case, accents (with transliteration where stripping a mark is wrong: ß→ss, ł→l, ø→o),
//! apostrophes and punctuation; repairs UTF-8 text that was decoded as Windows-1252
//! ("JosÃ© NÃºÃ±ez" → "José Núñez"); splits a printed full name into tokens, dropping
//! titles and remembering suffixes. Pure string functions: no I/O, no roster knowledge.

use std::borrow::Cow;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Titles dropped from the front of a name (`Dr.`, `Coach`...), folded.
const TITLES: &[&str] = &[
    "dr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "coach",
    "prof",
    "professor",
    "rev",
    "sir",
    "sra",
    "srta",
    "mme",
    "mlle",
];

/// Generational and degree suffixes kept aside (`Jr`, `III`...), folded.
const SUFFIXES: &[&str] = &[
    "jr", "jnr", "junior", "sr", "snr", "senior", "ii", "iii", "iv", "2nd", "3rd", "4th", "phd",
    "md", "esq", "dds", "rn",
];

/// Surname particles (`de la`, `van der`...), folded. A surname never consists of particles
/// alone; they are optional when comparing (`van der Berg` ~ `Berg`).
const PARTICLES: &[&str] = &[
    "de", "del", "della", "dela", "la", "las", "los", "le", "les", "lo", "van", "vander", "von",
    "der", "den", "ter", "ten", "da", "das", "do", "dos", "di", "du", "des", "y", "e", "st", "ste",
    "al", "el", "bin", "ibn",
];

/// Whether a folded token is a surname particle (`de`, `van`, `von`...).
pub fn is_particle(token: &str) -> bool {
    PARTICLES.contains(&token)
}

/// Whether a folded token is a title dropped from the front of a name (`dr`, `coach`).
pub fn is_title(token: &str) -> bool {
    TITLES.contains(&token)
}

/// The canonical spelling of a folded suffix token (`jnr` → `jr`), if it is one.
pub fn suffix(token: &str) -> Option<&'static str> {
    match token {
        "jr" | "jnr" | "junior" => Some("jr"),
        "sr" | "snr" | "senior" => Some("sr"),
        "ii" | "2nd" => Some("ii"),
        "iii" | "3rd" => Some("iii"),
        "iv" | "4th" => Some("iv"),
        other => SUFFIXES.iter().find(|s| **s == other).copied(),
    }
}

/// Repairs text that was UTF-8 but decoded as Windows-1252 (mojibake), e.g.
/// `JosÃ© NÃºÃ±ez` → `José Núñez`. Text that is not mojibake comes back unchanged: the
/// repair is only taken when re-encoding as Windows-1252 is lossless and the bytes are
/// valid UTF-8, which ordinary accented names never are. Applied at most twice (text
/// mis-decoded twice).
pub fn repair_mojibake(text: &str) -> Cow<'_, str> {
    let whole = repair_whole(text);
    if !matches!(whole, Cow::Borrowed(_)) || !text.contains(' ') || !looks_like_mojibake(text) {
        return whole;
    }
    // Mis-decoded words next to sound ones (`JosÃ© Núñez`, a name put together from two
    // sources): each word is repaired on its own.
    let words: Vec<Cow<'_, str>> = text.split(' ').map(repair_whole).collect();
    if words.iter().all(|word| matches!(word, Cow::Borrowed(_))) {
        return whole;
    }
    Cow::Owned(words.join(" "))
}

/// [`repair_mojibake`] of the whole text at once.
fn repair_whole(text: &str) -> Cow<'_, str> {
    let mut current: Cow<'_, str> = Cow::Borrowed(text);
    for _ in 0..2 {
        if current.is_ascii() || !looks_like_mojibake(&current) {
            break;
        }
        let (bytes, _, had_errors) = encoding_rs::WINDOWS_1252.encode(&current);
        if had_errors {
            break;
        }
        match std::str::from_utf8(&bytes) {
            Ok(repaired) if repaired != current.as_ref() => {
                current = Cow::Owned(repaired.to_owned());
            }
            _ => break,
        }
    }
    current
}

/// The lead bytes of UTF-8 multi-byte sequences, as Windows-1252 shows them (Ã, Â, Ä, Å,
/// â, Æ...): mojibake always contains one of these followed by a continuation character.
fn looks_like_mojibake(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(character) = chars.next() {
        let lead = matches!(character as u32, 0xC2..=0xF4);
        if lead {
            if let Some(next) = chars.peek() {
                if is_continuation_in_1252(*next) {
                    return true;
                }
            }
        }
    }
    false
}

/// Whether `character` is what a UTF-8 continuation byte (0x80..=0xBF) looks like when
/// decoded as Windows-1252.
fn is_continuation_in_1252(character: char) -> bool {
    let mut buffer = [0u8; 4];
    let text = character.encode_utf8(&mut buffer);
    let (bytes, _, had_errors) = encoding_rs::WINDOWS_1252.encode(text);
    !had_errors && bytes.len() == 1 && bytes.first().is_some_and(|b| (0x80..=0xBF).contains(b))
}

/// Letters whose decomposition does not give the base letter a reader expects.
fn transliterate(character: char) -> Option<&'static str> {
    Some(match character {
        'ß' | 'ẞ' => "ss",
        'Ł' | 'ł' => "l",
        'Ø' | 'ø' => "o",
        'Æ' | 'æ' => "ae",
        'Œ' | 'œ' => "oe",
        'Đ' | 'đ' | 'Ð' | 'ð' => "d",
        'Þ' | 'þ' => "th",
        'ı' => "i",
        'Ħ' | 'ħ' => "h",
        'ĸ' => "k",
        'ŉ' => "n",
        'Ŋ' | 'ŋ' => "ng",
        'ſ' => "s",
        'Ŧ' | 'ŧ' => "t",
        _ => return None,
    })
}

/// Apostrophe-like characters, removed so that `O'Connor` folds to `oconnor`.
fn is_apostrophe(character: char) -> bool {
    matches!(
        character,
        '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{b4}' | '\u{2bc}' | '\u{2032}' | '\u{2bb}'
    )
}

/// Folds text for comparison: mojibake repaired, lower case, accents removed (with
/// transliteration for ß, ł, ø, æ...), apostrophes removed, every other non-alphanumeric
/// character a single space, trimmed. `"  O'Connor-García, JOSÉ "` → `"oconnor garcia jose"`.
pub fn fold(text: &str) -> String {
    let repaired = repair_mojibake(text);
    let mut mapped = String::with_capacity(repaired.len());
    for character in repaired.chars() {
        if is_apostrophe(character) {
            continue;
        }
        match transliterate(character) {
            Some(replacement) => mapped.push_str(replacement),
            None => mapped.push(character),
        }
    }
    let mut out = String::with_capacity(mapped.len());
    let mut pending_space = false;
    for character in mapped.nfkd() {
        if is_combining_mark(character) {
            continue;
        }
        if character.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            for lower in character.to_lowercase() {
                if let Some(replacement) = transliterate(lower) {
                    out.push_str(replacement);
                } else {
                    out.push(lower);
                }
            }
        } else {
            pending_space = true;
        }
    }
    out
}

/// The folded tokens of `text`.
pub fn tokens(text: &str) -> Vec<String> {
    fold(text)
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The canonical comparison key of a roster name: folded, titles and suffixes dropped,
/// spaces removed within each part, `first last`. Two rows with the same key hold the same
/// name up to case, accents, punctuation and spacing (`José Núñez` = `JOSE NUNEZ`,
/// `O'Connor` = `O Connor`).
pub fn name_key(first: &str, last: &str) -> String {
    let first_tokens: Vec<String> = tokens(first)
        .into_iter()
        .skip_while(|t| is_title(t))
        .collect();
    let mut last_tokens = tokens(last);
    while last_tokens.len() > 1 && last_tokens.last().is_some_and(|t| suffix(t).is_some()) {
        last_tokens.pop();
    }
    format!("{} {}", first_tokens.concat(), last_tokens.concat())
}

/// A full name as printed, split into folded tokens.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedName {
    /// Name tokens, titles and suffixes removed, in printed order.
    pub tokens: Vec<String>,
    /// When the name was written `Last, First`: the index of the first given-name token.
    pub comma: Option<usize>,
    /// A generational suffix (`jr`, `sr`, `ii`...), if printed.
    pub suffix: Option<&'static str>,
}

/// Most tokens kept from one printed name (longer names are cut, bounding the work).
pub const MAX_NAME_TOKENS: usize = 8;

/// Splits a printed full name (`Dr. Robert J. Smith Jr.`, `SMITH, Robert`) into tokens,
/// dropping leading titles and trailing suffixes, and noting a `Last, First` comma.
pub fn parse_full_name(name: &str) -> ParsedName {
    let repaired = repair_mojibake(name);
    let mut parts: Vec<Vec<String>> = repaired
        .split(',')
        .map(tokens)
        .filter(|part| !part.is_empty())
        .collect();
    // A part made only of suffixes (`Smith, Jr.`) is not a `Last, First` comma.
    let mut found_suffix = None;
    parts.retain(|part| {
        let all_suffixes = part.iter().all(|t| suffix(t).is_some());
        if all_suffixes {
            found_suffix = found_suffix.or_else(|| part.first().and_then(|t| suffix(t)));
        }
        !all_suffixes
    });
    let (mut tokens, mut comma) = match parts.len() {
        0 => (Vec::new(), None),
        1 => (parts.remove(0), None),
        _ => {
            let last = parts.remove(0);
            let given: Vec<String> = parts.into_iter().flatten().collect();
            let comma = last.len();
            let mut all = last;
            all.extend(given);
            (all, Some(comma))
        }
    };
    // Trailing suffixes (of the whole name, or of the surname part before a comma).
    let strip_suffix_at = |tokens: &mut Vec<String>, end: usize| -> Option<&'static str> {
        if end >= 2 {
            if let Some(found) = tokens.get(end - 1).and_then(|t| suffix(t)) {
                tokens.remove(end - 1);
                return Some(found);
            }
        }
        None
    };
    if let Some(position) = comma {
        if let Some(found) = strip_suffix_at(&mut tokens, position) {
            found_suffix = found_suffix.or(Some(found));
            comma = Some(position - 1);
        }
    }
    let end = tokens.len();
    if let Some(found) = strip_suffix_at(&mut tokens, end) {
        found_suffix = found_suffix.or(Some(found));
    }
    // Leading titles, and titles right after the comma (`Smith, Dr. John`).
    while tokens.len() > 1 && tokens.first().is_some_and(|t| is_title(t)) {
        tokens.remove(0);
        comma = comma.map(|c| c.saturating_sub(1));
    }
    if let Some(position) = comma {
        while tokens.len() > position + 1 && tokens.get(position).is_some_and(|t| is_title(t)) {
            tokens.remove(position);
        }
    }
    if comma.is_some_and(|c| c == 0 || c >= tokens.len()) {
        comma = None;
    }
    if tokens.len() > MAX_NAME_TOKENS {
        tokens.truncate(MAX_NAME_TOKENS);
        if comma.is_some_and(|c| c >= MAX_NAME_TOKENS) {
            comma = None;
        }
    }
    ParsedName {
        tokens,
        comma,
        suffix: found_suffix,
    }
}

/// Normalises an email for comparison: trimmed, `mailto:` dropped, lower case, a `+tag`
/// dropped from the local part, and for Gmail (`gmail.com`, `googlemail.com`) dots dropped
/// and the domain unified. `None` when it does not look like an address.
pub fn normalize_email(email: &str) -> Option<String> {
    let trimmed = email.trim().trim_matches(|c| c == '<' || c == '>');
    let trimmed = trimmed
        .strip_prefix("mailto:")
        .or_else(|| trimmed.strip_prefix("MAILTO:"))
        .unwrap_or(trimmed);
    let lower = trimmed.to_lowercase();
    let (local, domain) = lower.rsplit_once('@')?;
    let domain = domain.trim_end_matches('.');
    if local.is_empty() || domain.is_empty() || local.contains(char::is_whitespace) {
        return None;
    }
    let local = local.split('+').next().unwrap_or(local);
    let (local, domain) = if domain == "gmail.com" || domain == "googlemail.com" {
        (local.replace('.', ""), "gmail.com")
    } else {
        (local.to_owned(), domain)
    };
    if local.is_empty() {
        return None;
    }
    Some(format!("{local}@{domain}"))
}

/// The letter runs of an email's local part (`jose.nunez83+x@` → `["jose", "nunez"]`).
pub fn email_local_tokens(normalized_email: &str) -> Vec<String> {
    let local = normalized_email
        .rsplit_once('@')
        .map_or(normalized_email, |(local, _)| local);
    fold(local)
        .split(|c: char| !c.is_alphabetic())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_case_accents_and_punctuation() {
        let cases = [
            ("José Núñez", "jose nunez"),
            ("  O'Connor ", "oconnor"),
            ("O’Connor", "oconnor"),
            ("García-López", "garcia lopez"),
            ("Strauß", "strauss"),
            ("Łukasz Wałęsa", "lukasz walesa"),
            ("Søren Ærø", "soren aero"),
            ("Œuvre", "oeuvre"),
            ("Đặng Thị Ngọc", "dang thi ngoc"),
            ("Þórr", "thorr"),
            ("Yıldız", "yildiz"),
            ("Robert J. Smith", "robert j smith"),
            ("ＦＵＬＬＷＩＤＴＨ", "fullwidth"),
        ];
        for (input, expected) in cases {
            assert_eq!(fold(input), expected, "{input}");
        }
    }

    #[test]
    fn mojibake_is_repaired_and_real_accents_are_left_alone() {
        assert_eq!(repair_mojibake("JosÃ© NÃºÃ±ez"), "José Núñez");
        assert_eq!(fold("JosÃ© NÃºÃ±ez"), "jose nunez");
        assert_eq!(repair_mojibake("MÃ¼ller"), "Müller");
        assert_eq!(repair_mojibake("José Núñez"), "José Núñez");
        assert_eq!(repair_mojibake("Ãlvaro"), "Ãlvaro");
        assert_eq!(repair_mojibake("plain"), "plain");
        // A mis-decoded word next to a sound one.
        assert_eq!(repair_mojibake("JosÃ© Núñez"), "José Núñez");
        assert_eq!(repair_mojibake("Núñez, JosÃ©"), "Núñez, José");
    }

    #[test]
    fn name_keys_agree_up_to_trivial_differences() {
        assert_eq!(name_key("José", "Núñez"), name_key("JOSE", "nunez"));
        assert_eq!(name_key("Sean", "O'Connor"), name_key("sean", "O Connor"));
        assert_eq!(
            name_key("Mary Ann", "Smith Jr."),
            name_key("Maryann", "Smith")
        );
        assert_ne!(name_key("Mary", "Smith"), name_key("Maria", "Smith"));
    }

    #[test]
    fn full_names_are_split_with_titles_suffixes_and_commas() {
        let parsed = parse_full_name("Dr. Robert J. Smith Jr.");
        assert_eq!(parsed.tokens, ["robert", "j", "smith"]);
        assert_eq!(parsed.suffix, Some("jr"));
        assert_eq!(parsed.comma, None);

        let parsed = parse_full_name("SMITH, Robert");
        assert_eq!(parsed.tokens, ["smith", "robert"]);
        assert_eq!(parsed.comma, Some(1));

        let parsed = parse_full_name("Smith Jr., Robert");
        assert_eq!(parsed.tokens, ["smith", "robert"]);
        assert_eq!(parsed.comma, Some(1));
        assert_eq!(parsed.suffix, Some("jr"));

        let parsed = parse_full_name("Robert Smith, III");
        assert_eq!(parsed.tokens, ["robert", "smith"]);
        assert_eq!(parsed.comma, None);
        assert_eq!(parsed.suffix, Some("iii"));

        let parsed = parse_full_name("Coach Dan");
        assert_eq!(parsed.tokens, ["dan"]);
        assert!(parse_full_name("").tokens.is_empty());
        assert!(parse_full_name(" , ,").tokens.is_empty());
        assert!(parse_full_name(&"a ".repeat(100)).tokens.len() <= MAX_NAME_TOKENS);
    }

    #[test]
    fn emails_are_normalised() {
        let cases = [
            ("John.Smith+soccer@GMail.com", Some("johnsmith@gmail.com")),
            ("j.o.h.n.smith@googlemail.com", Some("johnsmith@gmail.com")),
            ("mailto:Ana.Lee@Example.org", Some("ana.lee@example.org")),
            (" coach+u10@league.org ", Some("coach@league.org")),
            ("not an email", None),
            ("@example.org", None),
            ("", None),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize_email(input).as_deref(), expected, "{input}");
        }
        assert_eq!(email_local_tokens("jose.nunez83@x.org"), ["jose", "nunez"]);
    }
}
