//! score: compares one record with one roster entry, field by field, and weighs the
//! evidence. Each field gets a level a coordinator would name (first name exact /
//! nickname / initial / typo / another romanisation by sound / different / absent on both
//! sides; last name exact / one part of a double surname, printed or on the roster / typo /
//! two typos in a long name / different; email exact / shared / different), each level a
//! weight in bits of evidence, adjusted by how rare and how long
//! the name is in the roster. The sum decides (see
//! `mod.rs`); the levels become the reason in words. Pure: no I/O, no global state.

use strsim::{damerau_levenshtein, jaro_winkler, osa_distance};

use super::nicknames::{share_group, Nicknames};
use super::normalize::{self, ParsedName};

/// Weight of the first-name levels.
const FIRST_EXACT: f64 = 4.5;
const FIRST_NICKNAME: f64 = 3.5;
const FIRST_MIDDLE_NAME: f64 = 2.5;
const FIRST_SHORT_FORM: f64 = 2.5;
const FIRST_TYPO: f64 = 3.0;
const FIRST_INITIAL: f64 = 0.3;
/// The same name in another romanisation (`Kareem` / `Karim`) found by its sound, not the
/// table: too weak to link on a name alone, enough with an exact email.
const FIRST_TRANSLITERATION: f64 = 0.4;
/// Neither side has a given name: the surname is the whole name, and it agrees on that.
const FIRST_ABSENT: f64 = 1.0;
const FIRST_DIFFERENT: f64 = -6.0;
/// Names this long (in letters) make a one-edit typo stronger evidence.
const LONG_NAME_LETTERS: usize = 6;
/// The extra weight of a typo in a long name.
const LONG_NAME_TYPO: f64 = 0.5;
/// Most extra weight a first name unique in the roster adds.
const FIRST_RARITY: f64 = 1.0;

/// Weight of the last-name levels.
const LAST_EXACT: f64 = 4.0;
const LAST_PARTICLE: f64 = 3.5;
const LAST_COMPOUND: f64 = 3.0;
const LAST_TYPO: f64 = 2.5;
const LAST_FAR_TYPO: f64 = 1.5;
const LAST_DIFFERENT: f64 = -6.0;
/// Most extra weight a surname unique in the roster adds.
const LAST_RARITY: f64 = 2.0;

/// Weight of the email levels.
pub(crate) const EMAIL_UNIQUE: f64 = 6.0;
pub(crate) const EMAIL_SHARED: f64 = 2.0;
const EMAIL_DIFFERENT: f64 = -1.0;
/// The local part spells the full first name (or a nickname) and the surname.
const EMAIL_LOCAL_FITS: f64 = 1.0;
/// The local part spells an initial and the surname (`jnunez`): weaker, as a printed
/// `J. Nunez` says as much.
const EMAIL_LOCAL_INITIAL_FITS: f64 = 0.5;

const MIDDLE_AGREES: f64 = 0.5;
const MIDDLE_CONFLICT: f64 = -2.5;
const SUFFIX_AGREES: f64 = 0.5;
const SUFFIX_CONFLICT: f64 = -3.0;
/// The record prints a suffix the entry lacks (the entry is likely the other generation).
const SUFFIX_RECORD_ONLY: f64 = -1.0;
/// The entry has a suffix the record does not print (often omitted).
const SUFFIX_ENTRY_ONLY: f64 = -0.5;
/// Reading a name without comma last-name-first costs a little, so that the printed order
/// wins a tie between two entries.
const SWAPPED: f64 = -0.3;

/// How the record's first name compares with the entry's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FirstLevel {
    Exact,
    Nickname,
    /// The record's first name is the entry's middle name, or the other way round.
    MiddleName,
    /// One is a prefix of the other (`Sam` / `Samuel`) without a table entry.
    ShortForm,
    Typo,
    Initial,
    /// The same name in another romanisation, by sound (see [`same_transliteration`]).
    Transliteration,
    Missing,
    /// Neither the record nor the entry has a given name (`Eglinton` / `Eglinton`).
    Absent,
    Different,
}

/// How middle names compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Middle {
    /// Neither side has one.
    None,
    /// Only one side has one.
    Missing,
    /// Both have one, same initial.
    Agrees,
    /// Both have one, different initials.
    Conflict,
}

/// How the record's last name compares with the entry's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LastLevel {
    Exact,
    /// Equal once particles (`de`, `van der`) are dropped.
    ParticleDropped,
    /// The record prints one part of the entry's double surname (`García` / `García López`):
    /// it cannot tell this entry from one whose surname is that part alone.
    Compound,
    /// The record prints a double surname of which the entry has one part (`García López` /
    /// `García`).
    CompoundExtra,
    Typo,
    /// Two typing mistakes in a long surname (`Toselda` / `Toseland`).
    FarTypo,
    Missing,
    Different,
}

/// How the emails compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EmailLevel {
    /// The record or the entry has none.
    Absent,
    Same,
    Different,
}

/// A roster entry prepared for comparison (folded once).
#[derive(Clone, Debug)]
pub(crate) struct EntryName {
    pub first: Vec<String>,
    pub first_compact: String,
    /// Characters in the first token.
    pub first_len: usize,
    /// Nickname groups of the first token.
    pub first_token_groups: Vec<u32>,
    /// Nickname groups of the whole first name (`María Teresa`).
    pub first_compact_groups: Vec<u32>,
    pub last: Vec<String>,
    pub last_compact: String,
    /// Last-name tokens without particles (all tokens if they are all particles).
    pub last_core: Vec<String>,
    pub last_core_compact: String,
    /// Characters in `last_core_compact`.
    pub last_core_len: usize,
    pub suffix: Option<&'static str>,
    pub email: Option<String>,
    /// How many distinct roster ids share this email (1 when unique).
    pub email_shared: u32,
    /// How many roster ids share the first token / the core surname.
    pub first_count: u32,
    pub last_count: u32,
}

impl EntryName {
    /// Folds a roster entry's fields.
    pub fn new(first: &str, last: &str, email: Option<&str>, nicknames: &Nicknames) -> Self {
        let mut first_tokens: Vec<String> = normalize::tokens(first);
        while first_tokens.len() > 1 && first_tokens.first().is_some_and(|t| normalize::is_title(t))
        {
            first_tokens.remove(0);
        }
        first_tokens.truncate(normalize::MAX_NAME_TOKENS);
        let mut last_tokens = normalize::tokens(last);
        let mut suffix = None;
        while last_tokens.len() > 1 {
            match last_tokens.last().and_then(|t| normalize::suffix(t)) {
                Some(found) => {
                    suffix = suffix.or(Some(found));
                    last_tokens.pop();
                }
                None => break,
            }
        }
        // A suffix typed into the first-name field ("Robert Jr").
        while first_tokens.len() > 1 {
            match first_tokens.last().and_then(|t| normalize::suffix(t)) {
                Some(found) => {
                    suffix = suffix.or(Some(found));
                    first_tokens.pop();
                }
                None => break,
            }
        }
        last_tokens.truncate(normalize::MAX_NAME_TOKENS);
        let last_core = core_tokens(&last_tokens);
        let first_compact = first_tokens.concat();
        let first_token_groups = first_tokens
            .first()
            .map(|t| nicknames.groups_of(t).to_vec())
            .unwrap_or_default();
        let first_compact_groups = nicknames.groups_of(&first_compact).to_vec();
        EntryName {
            last_compact: last_tokens.concat(),
            last_core_compact: last_core.concat(),
            last_core_len: last_core.iter().map(|t| t.chars().count()).sum(),
            first_len: first_tokens.first().map_or(0, |t| t.chars().count()),
            first: first_tokens,
            first_compact,
            first_token_groups,
            first_compact_groups,
            last: last_tokens,
            last_core,
            suffix,
            email: email.and_then(normalize::normalize_email),
            email_shared: 1,
            first_count: 1,
            last_count: 1,
        }
    }
}

/// Tokens without particles; all of them when they are all particles (`De La`).
fn core_tokens(tokens: &[String]) -> Vec<String> {
    let core: Vec<String> = tokens
        .iter()
        .filter(|t| !normalize::is_particle(t))
        .cloned()
        .collect();
    if core.is_empty() {
        tokens.to_vec()
    } else {
        core
    }
}

/// A record prepared for comparison: folded tokens, with the compact form and nickname
/// groups of every run of tokens precomputed.
#[derive(Clone, Debug)]
pub(crate) struct RecordName {
    pub parsed: ParsedName,
    /// `compact[a * stride + b]`: tokens `a..b` concatenated.
    compact: Vec<String>,
    /// Nickname groups of `compact[a * stride + b]`.
    groups: Vec<Vec<u32>>,
    stride: usize,
    /// The ways to read the tokens as (given names, surname).
    readings: Vec<Reading>,
    /// Per reading, the surname tokens without particles, and those joined.
    reading_cores: Vec<(Vec<String>, String)>,
    pub email: Option<String>,
    /// Letters of the email's local part, concatenated (`jose.nunez83` → `josenunez`).
    pub email_local: String,
}

impl RecordName {
    /// Parses and folds a record's name and email.
    pub fn new(name: &str, email: Option<&str>, nicknames: &Nicknames) -> Self {
        let parsed = normalize::parse_full_name(name);
        let count = parsed.tokens.len();
        let stride = count + 1;
        let mut compact = vec![String::new(); stride * stride];
        let mut groups = vec![Vec::new(); stride * stride];
        for start in 0..count {
            for end in start + 1..=count {
                let joined = parsed.tokens.get(start..end).map(<[String]>::concat);
                if let (Some(joined), Some(slot), Some(group_slot)) = (
                    joined,
                    compact.get_mut(start * stride + end),
                    groups.get_mut(start * stride + end),
                ) {
                    *group_slot = nicknames.groups_of(&joined).to_vec();
                    *slot = joined;
                }
            }
        }
        let email = email.and_then(normalize::normalize_email);
        let email_local = email
            .as_deref()
            .map(|e| normalize::email_local_tokens(e).concat())
            .unwrap_or_default();
        let readings = readings(&parsed);
        let reading_cores = readings
            .iter()
            .map(|reading| {
                let tokens = parsed
                    .tokens
                    .get(reading.last.start..reading.last.end)
                    .unwrap_or(&[]);
                let core = core_tokens(tokens);
                let joined = core.concat();
                (core, joined)
            })
            .collect();
        RecordName {
            reading_cores,
            parsed,
            compact,
            groups,
            stride,
            readings,
            email,
            email_local,
        }
    }

    pub fn tokens(&self) -> &[String] {
        &self.parsed.tokens
    }

    fn token(&self, index: usize) -> &str {
        self.parsed.tokens.get(index).map_or("", String::as_str)
    }

    fn compact(&self, range: Span) -> &str {
        self.compact
            .get(range.start * self.stride + range.end)
            .map_or("", String::as_str)
    }

    fn groups(&self, range: Span) -> &[u32] {
        self.groups
            .get(range.start * self.stride + range.end)
            .map_or(&[], Vec::as_slice)
    }

    /// Nickname groups of one token.
    pub fn token_groups(&self, index: usize) -> &[u32] {
        self.groups(Span {
            start: index,
            end: index + 1,
        })
    }
}

/// The ways to read the tokens as (given names, surname).
fn readings(parsed: &ParsedName) -> Vec<Reading> {
    let count = parsed.tokens.len();
    let mut readings = Vec::new();
    if let Some(comma) = parsed.comma {
        readings.push(Reading {
            given: Span {
                start: comma,
                end: count,
            },
            last: Span {
                start: 0,
                end: comma,
            },
            swapped: false,
        });
        return readings;
    }
    match count {
        0 => {}
        1 => {
            readings.push(Reading {
                given: Span { start: 0, end: 0 },
                last: Span { start: 0, end: 1 },
                swapped: false,
            });
            readings.push(Reading {
                given: Span { start: 0, end: 1 },
                last: Span { start: 1, end: 1 },
                swapped: false,
            });
        }
        _ => {
            for split in 1..count {
                readings.push(Reading {
                    given: Span {
                        start: 0,
                        end: split,
                    },
                    last: Span {
                        start: split,
                        end: count,
                    },
                    swapped: false,
                });
                readings.push(Reading {
                    given: Span {
                        start: split,
                        end: count,
                    },
                    last: Span {
                        start: 0,
                        end: split,
                    },
                    swapped: true,
                });
            }
        }
    }
    readings
}

/// A run of record tokens, `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
}

impl Span {
    fn is_empty(self) -> bool {
        self.end <= self.start
    }
}

/// One way to read a printed name: which tokens are given names, which the surname.
#[derive(Clone, Copy, Debug)]
struct Reading {
    given: Span,
    last: Span,
    swapped: bool,
}

/// The comparison of a record with one entry: levels, weight and the words for them.
#[derive(Clone, Debug)]
pub(crate) struct Comparison {
    pub first: FirstLevel,
    pub middle: Middle,
    pub last: LastLevel,
    pub email: EmailLevel,
    pub email_shared: u32,
    /// The email is shared, but every other entry sharing it has another given name.
    pub email_singled_out: bool,
    /// The record's email local part fits the entry's name (`jnunez` ~ José Núñez).
    pub local_fits: bool,
    pub suffix_conflict: Option<(&'static str, &'static str)>,
    pub swapped: bool,
    /// Same email and first name, different surname.
    pub surname_change: bool,
    /// Evidence, in bits.
    pub weight: f64,
    /// The part of `weight` that only says the printed email is not the entry's (zero or
    /// negative). An entry without a roster email escapes it, so it is left out when two
    /// entries are compared with each other.
    pub email_penalty: f64,
    /// The record tokens read as given names and as the surname.
    given: Span,
    last_span: Span,
}

/// Compares a record with an entry under every reading of the record's name; the best
/// reading wins.
pub(crate) fn compare(record: &RecordName, entry: &EntryName, nicknames: &Nicknames) -> Comparison {
    let (email, email_weight, local_fits) = compare_email(record, entry, nicknames);
    let suffix_conflict = match (record.parsed.suffix, entry.suffix) {
        (Some(a), Some(b)) if a != b => Some((a, b)),
        _ => None,
    };
    let suffix_weight = match (record.parsed.suffix, entry.suffix) {
        (Some(a), Some(b)) if a == b => SUFFIX_AGREES,
        (Some(_), Some(_)) => SUFFIX_CONFLICT,
        (Some(_), None) => SUFFIX_RECORD_ONLY,
        (None, Some(_)) => SUFFIX_ENTRY_ONLY,
        (None, None) => 0.0,
    };
    let mut best: Option<Comparison> = None;
    let readings = &record.readings;
    let fallback = [Reading {
        given: Span { start: 0, end: 0 },
        last: Span { start: 0, end: 0 },
        swapped: false,
    }];
    let readings: &[Reading] = if readings.is_empty() {
        &fallback
    } else {
        readings
    };
    for (number, reading) in readings.iter().enumerate() {
        let (first, middle) = compare_first(record, reading.given, entry);
        let last = match record.reading_cores.get(number) {
            Some((core, core_compact)) => {
                compare_last(record, reading.last, core, core_compact, entry)
            }
            None => LastLevel::Missing,
        };
        let surname_change = email == EmailLevel::Same
            && matches!(first, FirstLevel::Exact | FirstLevel::Nickname)
            && last == LastLevel::Different;
        let mut weight = email_weight + suffix_weight;
        weight += first_weight(first, entry);
        weight += match middle {
            Middle::Agrees => MIDDLE_AGREES,
            Middle::Conflict => MIDDLE_CONFLICT,
            Middle::None | Middle::Missing => 0.0,
        };
        weight += if surname_change {
            0.0
        } else {
            last_weight(last, entry)
        };
        if reading.swapped {
            weight += SWAPPED;
        }
        if best.as_ref().is_some_and(|b| b.weight >= weight) {
            continue;
        }
        best = Some(Comparison {
            first,
            middle,
            last,
            email,
            email_shared: entry.email_shared,
            email_singled_out: false,
            local_fits,
            suffix_conflict,
            swapped: reading.swapped,
            surname_change,
            weight,
            email_penalty: email_weight.min(0.0),
            given: reading.given,
            last_span: reading.last,
        });
    }
    best.unwrap_or(Comparison {
        first: FirstLevel::Missing,
        middle: Middle::None,
        last: LastLevel::Missing,
        email,
        email_shared: entry.email_shared,
        email_singled_out: false,
        local_fits,
        suffix_conflict,
        swapped: false,
        surname_change: false,
        weight: email_weight,
        email_penalty: email_weight.min(0.0),
        given: Span { start: 0, end: 0 },
        last_span: Span { start: 0, end: 0 },
    })
}

/// Extra weight for a name that few roster entries share: full for a unique name, half
/// for two, and so on.
fn rarity(count: u32, most: f64) -> f64 {
    most / f64::from(count.max(1))
}

/// Extra weight for agreeing on a long name, exactly or up to one slip: six letters or more
/// carry more information, and leave far less room for another real name one edit away
/// (`Natahn` / `Nathan`, but `Mary` / `Mara`). Given to exact and typo levels alike, so an
/// exact long name still beats a typo of it by the same margin, and scaled like rarity, so
/// a long but common name (`Martinez`) gains little.
fn long_name(letters: usize, count: u32) -> f64 {
    if letters >= LONG_NAME_LETTERS {
        rarity(count, LONG_NAME_TYPO)
    } else {
        0.0
    }
}

fn first_weight(level: FirstLevel, entry: &EntryName) -> f64 {
    match level {
        FirstLevel::Exact => {
            FIRST_EXACT
                + long_name(entry.first_len, entry.first_count)
                + rarity(entry.first_count, FIRST_RARITY)
        }
        FirstLevel::Nickname => FIRST_NICKNAME + rarity(entry.first_count, FIRST_RARITY / 2.0),
        FirstLevel::MiddleName => FIRST_MIDDLE_NAME,
        FirstLevel::ShortForm => FIRST_SHORT_FORM,
        FirstLevel::Typo => {
            FIRST_TYPO
                + long_name(entry.first_len, entry.first_count)
                + rarity(entry.first_count, FIRST_RARITY / 2.0)
        }
        FirstLevel::Initial => FIRST_INITIAL,
        FirstLevel::Transliteration => FIRST_TRANSLITERATION,
        FirstLevel::Missing => 0.0,
        FirstLevel::Absent => FIRST_ABSENT,
        FirstLevel::Different => FIRST_DIFFERENT,
    }
}

fn last_weight(level: LastLevel, entry: &EntryName) -> f64 {
    match level {
        LastLevel::Exact => {
            LAST_EXACT
                + long_name(entry.last_core_len, entry.last_count)
                + rarity(entry.last_count, LAST_RARITY)
        }
        LastLevel::ParticleDropped => {
            LAST_PARTICLE
                + long_name(entry.last_core_len, entry.last_count)
                + rarity(entry.last_count, LAST_RARITY)
        }
        LastLevel::Compound | LastLevel::CompoundExtra => {
            LAST_COMPOUND + rarity(entry.last_count, LAST_RARITY * 0.75)
        }
        LastLevel::Typo => {
            LAST_TYPO
                + long_name(entry.last_core_len, entry.last_count)
                + rarity(entry.last_count, LAST_RARITY / 2.0)
        }
        LastLevel::FarTypo => LAST_FAR_TYPO + rarity(entry.last_count, LAST_RARITY / 2.0),
        LastLevel::Missing => 0.0,
        LastLevel::Different => LAST_DIFFERENT,
    }
}

fn compare_email(
    record: &RecordName,
    entry: &EntryName,
    nicknames: &Nicknames,
) -> (EmailLevel, f64, bool) {
    let Some(record_email) = record.email.as_deref() else {
        return (EmailLevel::Absent, 0.0, false);
    };
    let same = entry.email.as_deref() == Some(record_email);
    let fit = if same {
        LocalFit::None
    } else {
        local_part_fits(&record.email_local, entry, nicknames)
    };
    let local_fits = fit != LocalFit::None;
    let fits_weight = match fit {
        LocalFit::Full => EMAIL_LOCAL_FITS,
        LocalFit::Initial => EMAIL_LOCAL_INITIAL_FITS,
        LocalFit::None => 0.0,
    };
    match entry.email.as_deref() {
        Some(entry_email) if entry_email == record_email => {
            let weight = if entry.email_shared <= 1 {
                EMAIL_UNIQUE
            } else {
                EMAIL_SHARED
            };
            (EmailLevel::Same, weight, local_fits)
        }
        Some(_) => {
            let weight = if local_fits {
                fits_weight
            } else {
                EMAIL_DIFFERENT
            };
            (EmailLevel::Different, weight, local_fits)
        }
        None => (EmailLevel::Absent, fits_weight, local_fits),
    }
}

/// How an email local part spells a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LocalFit {
    None,
    /// Surname and first initial (`jnunez`, `nunezj`).
    Initial,
    /// Surname and first name or nickname (`josenunez`, `pepe.nunez`).
    Full,
}

/// Whether an email local part (letters only) spells the entry's name: surname plus first
/// name, initial or nickname, in either order (`jnunez`, `josenunez`, `nunezj`, `pepenunez`).
fn local_part_fits(local: &str, entry: &EntryName, nicknames: &Nicknames) -> LocalFit {
    let surname = entry.last_core_compact.as_str();
    let Some(first) = entry.first.first() else {
        return LocalFit::None;
    };
    if surname.len() < 3 || local.len() < surname.len() {
        return LocalFit::None;
    }
    let Some(position) = local.find(surname) else {
        return LocalFit::None;
    };
    let rest = format!(
        "{}{}",
        local.get(..position).unwrap_or(""),
        local.get(position + surname.len()..).unwrap_or("")
    );
    if rest.is_empty() {
        return LocalFit::None;
    }
    let first_initial = first.chars().next();
    let rest_len = rest.chars().count();
    if rest_len <= 2 && rest.chars().next() == first_initial {
        return LocalFit::Initial;
    }
    let full = (rest_len >= 3 && first.starts_with(rest.as_str()))
        || (rest.starts_with(first.as_str()) && first.chars().count() >= 2)
        || share_group(nicknames.groups_of(&rest), &entry.first_token_groups);
    if full {
        LocalFit::Full
    } else {
        LocalFit::None
    }
}

fn compare_first(record: &RecordName, given: Span, entry: &EntryName) -> (FirstLevel, Middle) {
    let Some(entry_first) = entry.first.first() else {
        let level = if given.is_empty() {
            FirstLevel::Absent
        } else {
            FirstLevel::Missing
        };
        return (level, Middle::None);
    };
    if given.is_empty() {
        return (FirstLevel::Missing, Middle::None);
    }
    let record_first = record.token(given.start);
    let record_middles = record
        .tokens()
        .get(given.start + 1..given.end)
        .unwrap_or(&[]);
    let entry_middles = entry.first.get(1..).unwrap_or(&[]);
    let middle = compare_middles(record_middles, entry_middles);
    if record.compact(given) == entry.first_compact {
        return (FirstLevel::Exact, Middle::None);
    }
    if record_first == entry_first {
        return (FirstLevel::Exact, middle);
    }
    let token_groups = record.token_groups(given.start);
    if share_group(token_groups, &entry.first_token_groups)
        || share_group(token_groups, &entry.first_compact_groups)
        || share_group(record.groups(given), &entry.first_token_groups)
        || share_group(record.groups(given), &entry.first_compact_groups)
    {
        return (FirstLevel::Nickname, middle);
    }
    let record_len = record_first.chars().count();
    let entry_len = entry.first_len;
    if (record_len == 1 && entry_first.starts_with(record_first))
        || (entry_len == 1 && record_first.starts_with(entry_first.as_str()))
    {
        return (FirstLevel::Initial, middle);
    }
    let goes_by_middle = record_middles
        .iter()
        .any(|t| t == entry_first && t.chars().count() > 1)
        || entry_middles
            .iter()
            .any(|t| t == record_first && record_len > 1);
    if goes_by_middle {
        return (FirstLevel::MiddleName, Middle::Missing);
    }
    // A typo before a short form: `Broc` / `Brock` is one slip, `Sam` / `Samuel` a form.
    let both_known = !token_groups.is_empty() && !entry.first_token_groups.is_empty();
    if !both_known
        && !gendered_pair(record_first, entry_first)
        && is_typo(record_first, entry_first)
    {
        return (FirstLevel::Typo, middle);
    }
    if same_transliteration(record_first, entry_first) {
        return (FirstLevel::Transliteration, middle);
    }
    if record_len >= 3
        && entry_len >= 3
        && (entry_first.starts_with(record_first) || record_first.starts_with(entry_first.as_str()))
        && !gendered_pair(record_first, entry_first)
    {
        return (FirstLevel::ShortForm, middle);
    }
    (FirstLevel::Different, middle)
}

/// Names that differ only by a gendered ending (`Mario`/`Maria`, `Daniel`/`Daniela`,
/// `Louis`/`Louise`): different people, not typos or short forms.
fn gendered_pair(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let vowel_end = |s: &str| s.ends_with(['a', 'o', 'e', 'i']);
    if long.len() == short.len() + 1 && long.starts_with(short) {
        // A doubled last letter (`Joshuaa`) is a slip, not a gendered form.
        return long.ends_with(['a', 'e']) && long.chars().last() != short.chars().last();
    }
    if long.len() == short.len() && vowel_end(long) && vowel_end(short) {
        let stem_long = long.get(..long.len() - 1);
        let stem_short = short.get(..short.len() - 1);
        return stem_long.is_some() && stem_long == stem_short;
    }
    if long.len() == short.len() + 2 && long.starts_with(short) {
        return long.ends_with("ne") || long.ends_with("na") || long.ends_with("ta");
    }
    false
}

/// Whether two folded given names are one name romanised two ways (`Kareem` / `Karim`,
/// `Mohammed` / `Muhammad`, `Hussein` / `Hossein`, `Fatemeh` / `Fatima`): the same
/// consonants in the same order (doubled letters, `ph`/`f`, `c`/`k`/`q`, an `h` after a
/// consonant or at the end ignored) and as many vowel groups. Short skeletons (`Tim` / `Tom`,
/// `Dana` / `Dean`) and gendered pairs (`Daniel` / `Daniela`) are never taken.
pub(crate) fn same_transliteration(a: &str, b: &str) -> bool {
    if a == b || gendered_pair(a, b) {
        return false;
    }
    match (sound_skeleton(a), sound_skeleton(b)) {
        (Some((skeleton_a, vowels_a)), Some((skeleton_b, vowels_b))) => {
            skeleton_a == skeleton_b && vowels_a == vowels_b && skeleton_a.len() >= 3
        }
        _ => false,
    }
}

/// The consonant skeleton of a folded ASCII name and its number of vowel groups; `None`
/// for anything but ASCII letters. A leading vowel is kept as `@` (`Omar` and `Umar`
/// agree, `Omar` and `Mar` do not).
fn sound_skeleton(name: &str) -> Option<(Vec<u8>, usize)> {
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let bytes = name.as_bytes();
    let is_vowel = |index: usize| -> bool {
        bytes.get(index).is_some_and(|b| {
            matches!(b, b'a' | b'e' | b'i' | b'o' | b'u') || (*b == b'y' && index > 0)
        })
    };
    let mut skeleton: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut vowel_groups = 0;
    let mut in_vowels = false;
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if is_vowel(index) {
            if !in_vowels {
                vowel_groups += 1;
                if index == 0 {
                    skeleton.push(b'@');
                }
            }
            in_vowels = true;
            index += 1;
            continue;
        }
        let previous_vowel = in_vowels;
        in_vowels = false;
        let next = bytes.get(index + 1).copied();
        let sound = match (byte, next) {
            (b'p', Some(b'h')) => {
                index += 1;
                b'f'
            }
            (b'c' | b'q', _) => b'k',
            (b'h', _) if index > 0 && (!previous_vowel || next.is_none()) => {
                index += 1;
                continue;
            }
            (other, _) => other,
        };
        // Doubled letters count once; the same letter on both sides of a vowel twice.
        if previous_vowel || skeleton.last() != Some(&sound) {
            skeleton.push(sound);
        }
        index += 1;
    }
    Some((skeleton, vowel_groups))
}

fn compare_middles(record: &[String], entry: &[String]) -> Middle {
    match (record.first(), entry.first()) {
        (None, None) => Middle::None,
        (Some(_), None) | (None, Some(_)) => Middle::Missing,
        (Some(a), Some(b)) => {
            if a.chars().next() == b.chars().next() {
                Middle::Agrees
            } else {
                Middle::Conflict
            }
        }
    }
}

fn compare_last(
    record: &RecordName,
    last: Span,
    core: &[String],
    core_compact: &str,
    entry: &EntryName,
) -> LastLevel {
    if last.is_empty() || entry.last.is_empty() {
        return LastLevel::Missing;
    }
    let compact = record.compact(last);
    if compact == entry.last_compact {
        return LastLevel::Exact;
    }
    if core_compact == entry.last_core_compact {
        return LastLevel::ParticleDropped;
    }
    if is_part_of(core, &entry.last_core) {
        return LastLevel::Compound;
    }
    if is_part_of(&entry.last_core, core) {
        return LastLevel::CompoundExtra;
    }
    let whole = slip(compact, &entry.last_compact);
    if whole == Slip::One
        || (core_compact != compact && slip(core_compact, &entry.last_core_compact) == Slip::One)
    {
        return LastLevel::Typo;
    }
    if whole == Slip::Two {
        return LastLevel::FarTypo;
    }
    LastLevel::Different
}

/// Whether every token of `part` is in `whole`, and `whole` has more (each extra at least
/// two letters, so an initial does not make a double surname).
fn is_part_of(part: &[String], whole: &[String]) -> bool {
    !part.is_empty()
        && whole.len() > part.len()
        && part.iter().all(|t| whole.contains(t))
        && whole
            .iter()
            .filter(|t| !part.contains(t))
            .all(|t| t.chars().count() >= 2)
}

/// How far apart two folded names are, in typing mistakes a reader would forgive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slip {
    /// Not a slip: equal, or different names.
    None,
    /// A typo (see [`is_typo`]).
    One,
    /// Two typos in a long name (see [`is_far_typo`]).
    Two,
}

/// Classifies two folded names, cheapest tests first (this runs for every candidate).
fn slip(a: &str, b: &str) -> Slip {
    if a == b || first_letter_differs(a, b) {
        return Slip::None;
    }
    let (len_a, len_b) = if a.is_ascii() && b.is_ascii() {
        (a.len(), b.len())
    } else {
        (a.chars().count(), b.chars().count())
    };
    let (shortest, longest) = (len_a.min(len_b), len_a.max(len_b));
    if shortest < 3 || longest - shortest > 2 {
        return Slip::None;
    }
    let bag = bag_distance(a, b);
    if bag > 2 {
        return Slip::None;
    }
    let distance = osa_distance(a, b);
    if distance == 1 && (longest >= 4 || bag == 0) {
        return Slip::One;
    }
    // Optimal string alignment overcounts a transposition next to another edit
    // (`Toselda` / `Toseland`): the true Damerau distance settles it.
    let two = distance == 2 || (distance == 3 && damerau_levenshtein(a, b) == 2);
    if !two {
        return Slip::None;
    }
    let similarity = jaro_winkler(a, b);
    if distance == 2 && longest >= 7 && similarity >= 0.9 {
        Slip::One
    } else if shortest >= 6 && similarity >= 0.85 {
        Slip::Two
    } else {
        Slip::None
    }
}

/// Whether two folded names are one typing mistake apart: one edit (insert, delete,
/// substitute, transpose adjacent letters) for names of 4+ letters, a transposition for
/// three, two for 7+ letters that stay close; never a different first letter.
pub(crate) fn is_typo(a: &str, b: &str) -> bool {
    slip(a, b) == Slip::One
}

/// Whether two names start with different letters, other than by swapping the first two
/// (`Wbeb` / `Webb`): a different initial usually makes a different name (`Hernandez` /
/// `Fernandez`, `Mason` / `Jason`), so it is not read as a typo.
fn first_letter_differs(a: &str, b: &str) -> bool {
    let mut a_chars = a.chars();
    let mut b_chars = b.chars();
    let (a0, a1, b0, b1) = (
        a_chars.next(),
        a_chars.next(),
        b_chars.next(),
        b_chars.next(),
    );
    a0 != b0 && !(a0 == b1 && a1 == b0)
}

/// Whether two folded surnames are two typing mistakes apart while keeping most of their
/// letters in place: both at least six letters, so short names that differ by two letters
/// (`Garza` / `Garcia`, `Lee` / `Lin`) stay different. Weaker evidence than [`is_typo`].
#[cfg(test)]
pub(crate) fn is_far_typo(a: &str, b: &str) -> bool {
    slip(a, b) == Slip::Two
}

/// A cheap lower bound of the edit distance: letters one has that the other lacks.
fn bag_distance(a: &str, b: &str) -> usize {
    let mut counts = [0i32; 27];
    if a.is_ascii() && b.is_ascii() {
        // Letters by their low five bits (a-z are 1..=26), anything else in slot 0.
        let slot = |byte: u8| -> usize {
            if byte.is_ascii_lowercase() {
                usize::from(byte & 31)
            } else {
                0
            }
        };
        for byte in a.bytes() {
            if let Some(count) = counts.get_mut(slot(byte)) {
                *count += 1;
            }
        }
        for byte in b.bytes() {
            if let Some(count) = counts.get_mut(slot(byte)) {
                *count -= 1;
            }
        }
        let surplus: i32 = counts.iter().filter(|c| **c > 0).sum();
        let deficit: i32 = -counts.iter().filter(|c| **c < 0).sum::<i32>();
        return usize::try_from(surplus.max(deficit)).unwrap_or(usize::MAX);
    }
    let slot = |c: char| -> usize {
        if c.is_ascii_lowercase() {
            (c as usize) - ('a' as usize)
        } else {
            26
        }
    };
    for c in a.chars() {
        if let Some(count) = counts.get_mut(slot(c)) {
            *count += 1;
        }
    }
    for c in b.chars() {
        if let Some(count) = counts.get_mut(slot(c)) {
            *count -= 1;
        }
    }
    let surplus: i32 = counts.iter().filter(|c| **c > 0).sum();
    let deficit: i32 = -counts.iter().filter(|c| **c < 0).sum::<i32>();
    usize::try_from(surplus.max(deficit)).unwrap_or(usize::MAX)
}

/// Capitalises a folded token for a reason (`bob` → `Bob`).
pub(crate) fn display(token: &str) -> String {
    let mut chars = token.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl Comparison {
    /// Whether both comparisons read the same record tokens as the surname.
    pub fn same_surname_reading(&self, other: &Comparison) -> bool {
        self.last_span == other.last_span
    }

    /// Field-by-field words, e.g. `email exact; first name nickname Bob~Robert; last name
    /// exact`.
    pub fn reason(&self, record: &RecordName, entry: &EntryName) -> String {
        let mut parts: Vec<String> = Vec::new();
        match self.email {
            EmailLevel::Same if self.email_singled_out => parts.push(format!(
                "email exact, shared by {} roster entries but the others have another given name",
                self.email_shared
            )),
            EmailLevel::Same if self.email_shared > 1 => parts.push(format!(
                "email exact but shared by {} roster entries",
                self.email_shared
            )),
            EmailLevel::Same => parts.push("email exact".to_owned()),
            EmailLevel::Different if self.local_fits => {
                parts.push("email differs but its name part fits".to_owned())
            }
            EmailLevel::Different => parts.push("email differs".to_owned()),
            EmailLevel::Absent if self.local_fits => parts.push("email name part fits".to_owned()),
            EmailLevel::Absent => {}
        }
        let record_first = display(record.token(self.given.start));
        let entry_first = display(entry.first.first().map_or("", String::as_str));
        parts.push(match self.first {
            FirstLevel::Exact => "first name exact".to_owned(),
            FirstLevel::Nickname => format!("first name nickname {record_first}~{entry_first}"),
            FirstLevel::MiddleName => "first name is a middle name".to_owned(),
            FirstLevel::ShortForm => {
                format!("first name short form {record_first}~{entry_first}")
            }
            FirstLevel::Typo => format!("first name typo {record_first}~{entry_first}"),
            FirstLevel::Initial => format!("first name initial {record_first}~{entry_first}"),
            FirstLevel::Transliteration => {
                format!("first name spelled another way {record_first}~{entry_first}")
            }
            FirstLevel::Missing => "first name missing".to_owned(),
            FirstLevel::Absent => "no first name on either side".to_owned(),
            FirstLevel::Different => {
                format!("first name different {record_first}~{entry_first}")
            }
        });
        match self.middle {
            Middle::Missing if self.first != FirstLevel::MiddleName => {
                parts.push("middle name on one side only".to_owned())
            }
            Middle::Agrees => parts.push("middle initial agrees".to_owned()),
            Middle::Conflict => parts.push("middle initial differs".to_owned()),
            _ => {}
        }
        let record_last = display(record.compact(self.last_span));
        let entry_last = display(&entry.last_compact);
        parts.push(match self.last {
            LastLevel::Exact => "last name exact".to_owned(),
            LastLevel::ParticleDropped => "last name exact but for a particle".to_owned(),
            LastLevel::Compound | LastLevel::CompoundExtra => {
                format!("last name one part of a double surname {record_last}~{entry_last}")
            }
            LastLevel::Typo => format!("last name typo {record_last}~{entry_last}"),
            LastLevel::FarTypo => format!("last name two typos {record_last}~{entry_last}"),
            LastLevel::Missing => "last name missing".to_owned(),
            LastLevel::Different if self.surname_change => {
                format!("last name different {record_last}~{entry_last} (possible surname change)")
            }
            LastLevel::Different => format!("last name different {record_last}~{entry_last}"),
        });
        if self.swapped {
            parts.push("first and last name swapped".to_owned());
        }
        if let Some((record, entry)) = self.suffix_conflict {
            parts.push(format!(
                "suffix differs {}~{}",
                display(record),
                display(entry)
            ));
        }
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_one_or_two_edits_on_long_enough_names() {
        assert!(is_typo("smith", "smiht"));
        assert!(is_typo("smith", "smyth"));
        assert!(is_typo("johnson", "jonhson"));
        assert!(!is_typo("lee", "lei"));
        assert!(!is_typo("garcia", "garza"));
        assert!(!is_typo("smith", "jones"));
        // Three letters: a swap is a slip, a different letter another name.
        assert!(is_typo("zeo", "zoe"));
        assert!(!is_typo("amy", "any"));
        // A different first letter is another name, a swap of the first two a slip.
        assert!(!is_typo("hernandez", "fernandez"));
        assert!(!is_typo("mason", "jason"));
        assert!(is_typo("msith", "smith"));
    }

    #[test]
    fn two_typos_count_only_in_long_names() {
        assert!(is_far_typo("toselda", "toseland"));
        assert!(is_far_typo("milfra", "millar"));
        assert!(!is_far_typo("garza", "garcia"));
        assert!(!is_far_typo("grbg", "grubb"));
        assert!(!is_far_typo("smith", "smith"));
        assert!(!is_far_typo("fernandes", "hernandez"));
    }

    #[test]
    fn romanisations_of_one_name_agree_by_sound() {
        for (a, b) in [
            ("kareem", "karim"),
            ("mohammed", "muhammad"),
            ("mohamed", "muhammad"),
            ("hussein", "hossein"),
            ("hussein", "husain"),
            ("fatemeh", "fatima"),
            ("youssef", "yusuf"),
            ("ahmed", "ahmad"),
            ("caitlyn", "kaitlin"),
            ("abdelrahman", "abdulrahman"),
        ] {
            assert!(same_transliteration(a, b), "{a} ~ {b}");
        }
        for (a, b) in [
            ("tim", "tom"),
            ("dana", "dean"),
            ("daniel", "danielle"),
            ("daniel", "daniela"),
            ("maria", "mario"),
            ("karim", "karim"),
            ("robert", "albert"),
            ("omar", "mar"),
            ("jose", "josé"),
        ] {
            assert!(!same_transliteration(a, b), "{a} !~ {b}");
        }
    }

    #[test]
    fn gendered_endings_are_different_names() {
        assert!(gendered_pair("maria", "mario"));
        assert!(gendered_pair("daniel", "daniela"));
        assert!(gendered_pair("louis", "louise"));
        assert!(!gendered_pair("smith", "smyth"));
        assert!(!gendered_pair("joshua", "joshuaa"), "a doubled last letter");
    }
}
